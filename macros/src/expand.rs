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

/// What the graph-time function and the node's factory are assembled from.
#[derive(Default)]
struct Pieces {
    /// The function's parameters.
    sig: Vec<TokenStream>,
    /// `impl IntoTs` arguments turned into `Ts` handles.
    into_ts: Vec<TokenStream>,
    /// Declarations on the node builder (graph time).
    declare: Vec<TokenStream>,
    /// Live handles taken from the wiring (each run's start).
    wire: Vec<TokenStream>,
    /// Configuration scalars cloned into each run's node.
    scalars: Vec<TokenStream>,
}

/// What the graph-time function returns, and any item it needs (a named-outputs struct).
struct Returned {
    ty: TokenStream,
    expr: TokenStream,
    extra_items: TokenStream,
}

/// Parse and validation are done (`model`); this rewrites the blocks, declares the
/// parameters, alarms and outputs, and assembles the function.
fn generate(mut node: NodeFn) -> Result<TokenStream, Vec<Error>> {
    let blocks = rewrite_blocks(&mut node)?;
    let mut pieces = Pieces::default();
    let graph_from = declare_params(&node, &mut pieces);
    declare_alarms(&node, &mut pieces);
    let returned = declare_outputs(&node, &mut pieces);
    Ok(assemble(&node, pieces, graph_from, returned, blocks))
}

/// Rewrites the start block, the body and the stop block; collects every error.
fn rewrite_blocks(node: &mut NodeFn) -> Result<[Vec<syn::Stmt>; 3], Vec<Error>> {
    let mut blocks = [
        std::mem::take(&mut node.start),
        std::mem::take(&mut node.body),
        std::mem::take(&mut node.stop),
    ];
    let mut errors = Vec::new();
    let names = Names::new(node);
    for (stmts, which) in blocks
        .iter_mut()
        .zip([Block::Start, Block::Body, Block::Stop])
    {
        let mut r = Rewriter::new(&names, which);
        r.rewrite(stmts);
        errors.extend(r.errors);
    }
    if errors.is_empty() {
        Ok(blocks)
    } else {
        Err(errors)
    }
}

/// Declares the inputs, baskets and scalars; returns how the function finds its graph.
fn declare_params(node: &NodeFn, p: &mut Pieces) -> TokenStream {
    let krate = &node.krate;
    let prelude = quote!(#krate::prelude);
    let name_str = node.node_name();
    let (sig, into_ts, declare, wire, scalars) = (
        &mut p.sig,
        &mut p.into_ts,
        &mut p.declare,
        &mut p.wire,
        &mut p.scalars,
    );
    let mut graph_from = None;
    let mut basket_graph = None;
    for param in &node.params {
        let (name, lit) = (&param.name, param.name.to_string());
        let id = format_ident!("__tg_in_{}", name);
        match &param.kind {
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
                let ty = &param.ty;
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
    match graph_from.or(basket_graph) {
        Some(g) => g,
        None => {
            sig.insert(0, quote!(graph: &#prelude::Graph));
            quote!(::core::clone::Clone::clone(graph))
        }
    }
}

/// Declares the alarms: each a source of its own and an input of the node.
fn declare_alarms(node: &NodeFn, p: &mut Pieces) {
    for (a, t, written) in &node.alarms {
        let id = format_ident!("__tg_alarm_{}", a);
        let lit = a.to_string();
        p.declare
            .push(quote!(let #id = __tg_node.alarm::<#t>(#lit);));
        p.wire.push(quote!(let #a: #written = __tg_w.alarm(#id);));
    }
}

/// Declares the outputs: on the builder, as the returned handle(s), and as the live
/// handle(s) in the node.
fn declare_outputs(node: &NodeFn, p: &mut Pieces) -> Returned {
    let krate = &node.krate;
    let prelude = quote!(#krate::prelude);
    let ident = &node.ident;
    let vis = &node.vis;
    let (_, ty_generics, where_clause) = node.generics.split_for_impl();
    let generics_params = &node.generics.params;
    let type_params: Vec<_> = node.generics.type_params().map(|t| &t.ident).collect();
    let (declare, wire) = (&mut p.declare, &mut p.wire);
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
    Returned {
        ty: ret_ty,
        expr: ret_expr,
        extra_items,
    }
}

/// The graph-time function: it declares the node and returns its output handle(s); the
/// factory makes each run's node, one closure over the state for start, body and stop.
fn assemble(
    node: &NodeFn,
    p: Pieces,
    graph_from: TokenStream,
    returned: Returned,
    [start, body, stop]: [Vec<syn::Stmt>; 3],
) -> TokenStream {
    let krate = &node.krate;
    let prelude = quote!(#krate::prelude);
    let (ident, vis, attrs) = (&node.ident, &node.vis, &node.attrs);
    let name_str = node.node_name();
    let (_, _, where_clause) = node.generics.split_for_impl();
    let generics_params = &node.generics.params;
    let Pieces {
        sig,
        into_ts,
        declare,
        wire,
        scalars,
    } = p;
    let Returned {
        ty: ret_ty,
        expr: ret_expr,
        extra_items,
    } = returned;
    let state = &node.state;
    let ret_arrow = match node.outputs {
        Outputs::None => quote!(),
        _ => quote!(-> #ret_ty),
    };

    quote! {
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
    }
}
