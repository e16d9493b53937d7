//! Writing the graph-time function and the node for a parsed [`NodeFn`].

use crate::model::{NodeFn, Outputs, ParamKind};
use crate::rewrite::{Block, Names, Rewriter};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Error, ItemFn, ReturnType, Type};

/// The whole expansion, or the errors plus a stub that keeps the signature usable.
pub fn node(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item_fn: ItemFn = match syn::parse2(item.clone()) {
        Ok(f) => f,
        Err(e) => {
            let e = Error::new(e.span(), "`#[node]` goes on a function").to_compile_error();
            return quote!(#e #item);
        }
    };
    let stub = stub(&item_fn);
    let errors = match NodeFn::parse(attr, item_fn) {
        Ok(node) => match generate(node) {
            Ok(tokens) => return tokens,
            Err(errors) => errors,
        },
        Err(e) => vec![e],
    };
    let errors = errors.iter().map(Error::to_compile_error);
    quote!(#(#errors)* #stub)
}

/// The user's function with an empty body, so callers still resolve after an error.
fn stub(item: &ItemFn) -> TokenStream {
    let mut sig = item.sig.clone();
    if let ReturnType::Type(_, ty) = &sig.output
        && matches!(&**ty, Type::Macro(_))
    {
        sig.output = ReturnType::Default;
    }
    let attrs = &item.attrs;
    let vis = &item.vis;
    quote!(#(#attrs)* #[allow(unused_variables, clippy::all)] #vis #sig { ::core::unimplemented!() })
}

fn camel(name: &str) -> String {
    name.split('_')
        .filter(|s| !s.is_empty())
        .map(|s| s[..1].to_uppercase() + &s[1..])
        .collect()
}

fn generate(mut node: NodeFn) -> Result<TokenStream, Vec<Error>> {
    // Rewrite the three blocks first; collect every error.
    let mut errors = Vec::new();
    let (mut start, mut body, mut stop) = (
        std::mem::take(&mut node.start),
        std::mem::take(&mut node.body),
        std::mem::take(&mut node.stop),
    );
    {
        let names = Names::new(&node);
        for (stmts, which) in [
            (&mut start, Block::Start),
            (&mut body, Block::Body),
            (&mut stop, Block::Stop),
        ] {
            let mut r = Rewriter::new(&names, which);
            r.rewrite(stmts);
            errors.extend(r.errors);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let krate = &node.krate;
    let prelude = quote!(#krate::prelude);
    let ident = &node.ident;
    let vis = &node.vis;
    let attrs = &node.attrs;
    let name_str = node.node_name();
    let (_, ty_generics, where_clause) = node.generics.split_for_impl();
    let generics_params = &node.generics.params;
    let type_params: Vec<_> = node.generics.type_params().map(|t| &t.ident).collect();

    let mut sig = Vec::new();
    let mut into_ts = Vec::new();
    let mut declare = Vec::new();
    let mut wire = Vec::new();
    let mut scalars = Vec::new();
    let mut graph_from = None;
    let mut basket_graph = None;
    for p in &node.params {
        let (name, lit) = (&p.name, p.name.to_string());
        let id = format_ident!("__tg_in_{}", name);
        match &p.kind {
            ParamKind::Ts(t) => {
                sig.push(quote!(#name: impl #prelude::IntoTs<Item = #t>));
                into_ts
                    .push(quote!(let #name: #prelude::Ts<#t> = #prelude::IntoTs::into_ts(#name);));
                graph_from.get_or_insert_with(|| quote!(#prelude::Ts::graph(&#name).clone()));
                declare.push(quote!(let #id = __tg_node.input(#lit, &#name);));
                wire.push(quote!(#[allow(unused_variables)] let #name = __tg_w.input(#id);));
            }
            ParamKind::List(elem, _) => {
                sig.push(quote!(#name: &[#elem]));
                graph_from.get_or_insert_with(
                    || quote!(#krate::__private::graph_of_basket(#name, #name_str)),
                );
                declare.push(quote!(let #id = __tg_node.list_basket(#lit, #name);));
                wire.push(quote!(#[allow(unused_variables)] let #name = __tg_w.list_basket(#id);));
            }
            ParamKind::Dict(..) => {
                let ty = &p.ty;
                sig.push(quote!(#name: &#ty));
                basket_graph.get_or_insert_with(|| {
                    quote!(#krate::__private::graph_of_basket(&#name.values().cloned().collect::<::std::vec::Vec<_>>(), #name_str))
                });
                declare.push(quote!(let #id = __tg_node.dict_basket(#lit, #name.iter().map(|(k, v)| (::core::clone::Clone::clone(k), ::core::clone::Clone::clone(v))));));
                wire.push(quote!(#[allow(unused_variables)] let #name = __tg_w.dict_basket(&#id);));
            }
            ParamKind::Scalar(ty) => {
                sig.push(quote!(#name: #ty));
                scalars.push(quote!(#[allow(unused_variables)] let #name = ::core::clone::Clone::clone(&#name);));
            }
        }
    }
    let graph_from = match graph_from.or(basket_graph) {
        Some(g) => g,
        None => {
            sig.insert(0, quote!(graph: &#prelude::Graph));
            quote!(::core::clone::Clone::clone(graph))
        }
    };
    for (a, t, written) in &node.alarms {
        let id = format_ident!("__tg_alarm_{}", a);
        let lit = a.to_string();
        declare.push(quote!(let #id = __tg_node.alarm::<#t>(#lit);));
        wire.push(quote!(let #a: #written = __tg_w.alarm(#id);));
    }

    // Outputs: declaration, the returned handle(s), and the live handle(s) in the node.
    let mut extra_items = TokenStream::new();
    let written = &node.written_output;
    let (ret_ty, ret_expr) = match &node.outputs {
        Outputs::None => (quote!(()), quote!(())),
        Outputs::Single(t) => {
            declare.push(quote!(let __tg_out_id = __tg_node.output::<#t>();));
            wire.push(quote!(let __tg_out = __tg_w.output(__tg_out_id);));
            (quote!(#written), quote!(__tg_node.ts(__tg_out_id)))
        }
        Outputs::Named(outs) => {
            let struct_name = format_ident!("{}Outputs", camel(&ident.to_string()));
            let mut fields = Vec::new();
            let mut values = Vec::new();
            for (n, t, written_ts) in outs {
                let id = format_ident!("__tg_out_id_{}", n);
                let live = format_ident!("__tg_out_{}", n);
                declare.push(quote!(let #id = __tg_node.output::<#t>();));
                wire.push(quote!(let #live = __tg_w.output(#id);));
                let doc = format!("The `{n}` output.");
                fields.push(quote!(#[doc = #doc] pub #n: #written_ts));
                values.push(quote!(#n: __tg_node.ts(#id)));
            }
            if !type_params.is_empty() {
                fields.push(quote!(#[doc(hidden)] pub __tg_phantom: ::core::marker::PhantomData<fn() -> (#(#type_params,)*)>));
                values.push(quote!(__tg_phantom: ::core::marker::PhantomData));
            }
            let doc = format!("The named outputs of [`{ident}`].");
            extra_items = quote! {
                #[doc = #doc]
                #vis struct #struct_name <#generics_params> #where_clause { #(#fields,)* }
            };
            (
                quote!(#struct_name #ty_generics),
                quote!(#struct_name { #(#values,)* }),
            )
        }
        Outputs::List(t) => {
            let shape = node.shape.as_ref().expect("invariant: validated in model");
            declare
                .push(quote!(let __tg_out_id = __tg_node.output_basket::<#t>((#shape) as usize);));
            wire.push(quote!(let __tg_out = __tg_w.output_basket(__tg_out_id);));
            (
                quote!(::std::vec::Vec<#prelude::Ts<#t>>),
                quote!(__tg_node.basket_ts(__tg_out_id)),
            )
        }
        Outputs::Dict(k, t) => {
            let shape = node.shape.as_ref().expect("invariant: validated in model");
            declare.push(quote! {
                let __tg_keys: ::std::rc::Rc<[#k]> = ::core::iter::IntoIterator::into_iter(::core::clone::Clone::clone(&(#shape))).collect();
                let __tg_out_id = __tg_node.output_basket::<#t>(__tg_keys.len());
            });
            wire.push(quote! {
                let __tg_out = __tg_w.output_basket(__tg_out_id);
                let __tg_keys = ::std::rc::Rc::clone(&__tg_keys);
            });
            (
                quote!(#written),
                quote!(
                    __tg_keys
                        .iter()
                        .cloned()
                        .zip(__tg_node.basket_ts(__tg_out_id))
                        .collect()
                ),
            )
        }
    };
    let state = &node.state;
    let ret_arrow = match node.outputs {
        Outputs::None => quote!(),
        _ => quote!(-> #ret_ty),
    };

    Ok(quote! {
        #extra_items

        #(#attrs)*
        #[allow(clippy::too_many_arguments)]
        #vis fn #ident <#generics_params> (#(#sig),*) #ret_arrow #where_clause {
            #(#into_ts)*
            let __tg_graph = #graph_from;
            let mut __tg_node = __tg_graph.add_node(#name_str);
            #(#declare)*
            let __tg_ret = #ret_expr;
            __tg_node.finish(move |__tg_w| {
                #(#wire)*
                #(#scalars)*
                #(#state)*
                ::core::result::Result::Ok(#krate::__private::FnNode::new(
                    move |__tg_ctx: &mut #prelude::Ctx, __tg_phase: #krate::__private::Phase|
                          -> ::core::result::Result<(), #prelude::NodeError> {
                        match __tg_phase {
                            #krate::__private::Phase::Start => {
                                #(#start)*
                                ::core::result::Result::Ok(())
                            }
                            #krate::__private::Phase::Execute => {
                                #[allow(unreachable_code)]
                                let __tg_done = { #(#body)* ; ::core::result::Result::Ok(()) };
                                __tg_done
                            }
                            #krate::__private::Phase::Stop => {
                                #(#stop)*
                                ::core::result::Result::Ok(())
                            }
                        }
                    },
                ))
            });
            __tg_ret
        }
    })
}
