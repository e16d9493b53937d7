//! Rewriting a node body: node macros become engine calls, `return v` emits, and reading
//! an input or alarm by name reads its current value.

use crate::model::{NodeFn, Outputs, ParamKind};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Error, Expr, Ident, Macro, Stmt, Token, Type};

/// Which block is being rewritten.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Block {
    Start,
    Body,
    Stop,
}

/// Basket methods that need the engine context, and get it added by the rewrite.
const TICKED_METHODS: [&str; 7] = [
    "ticked_values",
    "ticked_items",
    "ticked_keys",
    "ticked_indices",
    "ticked",
    "valid_values",
    "valid_items",
];

/// What names mean in a node body.
pub struct Names<'a> {
    node: &'a NodeFn,
    inputs: Vec<Ident>,
    baskets: Vec<Ident>,
    alarms: Vec<Ident>,
}

impl<'a> Names<'a> {
    pub fn new(node: &'a NodeFn) -> Self {
        let pick = |f: fn(&ParamKind) -> bool| {
            node.params
                .iter()
                .filter(|p| f(&p.kind))
                .map(|p| p.name.clone())
                .collect()
        };
        Names {
            node,
            inputs: pick(|k| matches!(k, ParamKind::Ts(_))),
            baskets: pick(|k| matches!(k, ParamKind::List(..) | ParamKind::Dict(..))),
            alarms: node.alarms.iter().map(|a| a.0.clone()).collect(),
        }
    }

    fn list(names: &[&Ident]) -> String {
        if names.is_empty() {
            "(none)".to_string()
        } else {
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    }
}

/// Rewrites one block's statements, collecting errors instead of stopping at the first.
pub struct Rewriter<'a> {
    names: &'a Names<'a>,
    block: Block,
    closures: usize,
    pub errors: Vec<Error>,
}

fn single_ident(e: &Expr) -> Option<&Ident> {
    match e {
        Expr::Path(p) if p.qself.is_none() && p.attrs.is_empty() => p.path.get_ident(),
        _ => None,
    }
}

impl<'a> Rewriter<'a> {
    pub fn new(names: &'a Names<'a>, block: Block) -> Self {
        Rewriter {
            names,
            block,
            closures: 0,
            errors: Vec::new(),
        }
    }

    pub fn rewrite(&mut self, stmts: &mut [Stmt]) {
        for s in stmts {
            self.visit_stmt_mut(s);
        }
    }

    fn err(&mut self, span: Span, msg: impl std::fmt::Display) -> Expr {
        self.errors.push(Error::new(span, msg));
        syn::parse_quote!(())
    }

    fn args(&mut self, mac: &Macro) -> Option<Vec<Expr>> {
        match mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
            Ok(p) => Some(p.into_iter().collect()),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    /// Checks that `e` names one of `allowed` and returns it.
    fn name_in(&mut self, e: &Expr, allowed: &[&Ident], what: &str) -> Option<Ident> {
        match single_ident(e) {
            Some(id) if allowed.contains(&id) => Some(id.clone()),
            _ => {
                let node = &self.names.node.ident;
                let msg = match single_ident(e) {
                    Some(id) => format!(
                        "`{id}` is not {what} of node `{node}`; they are: {}",
                        Names::list(allowed)
                    ),
                    None => format!(
                        "expected the name of {what} of node `{node}`: {}",
                        Names::list(allowed)
                    ),
                };
                self.errors.push(Error::new(e.span(), msg));
                None
            }
        }
    }

    fn series(&self) -> Vec<&'a Ident> {
        self.names
            .inputs
            .iter()
            .chain(&self.names.alarms)
            .chain(&self.names.baskets)
            .collect()
    }

    fn expect_args(&mut self, mac: &Macro, n: usize, usage: &str) -> Option<Vec<Expr>> {
        let args = self.args(mac)?;
        if args.len() != n {
            self.errors
                .push(Error::new(mac.span(), format!("expected `{usage}`")));
            return None;
        }
        Some(args)
    }

    /// The replacement for a node macro, or `None` if `mac` is not one.
    fn node_macro(&mut self, mac: &Macro) -> Option<Expr> {
        let name = mac.path.get_ident()?.to_string();
        let span = mac.path.span();
        let ctx = quote_spanned!(span=> __tg_ctx);
        let unit: Expr = syn::parse_quote!(());
        let out = match name.as_str() {
            "ticked" | "valid" => {
                let all = self.series();
                let args = self.args(mac)?;
                if args.is_empty() {
                    return Some(
                        self.err(mac.span(), format!("`{name}!` needs at least one input")),
                    );
                }
                let ids: Vec<Ident> = args
                    .iter()
                    .filter_map(|a| self.name_in(a, &all, "an input"))
                    .collect();
                if ids.len() != args.len() {
                    return Some(unit);
                }
                match (name.as_str(), ids.as_slice()) {
                    ("ticked", [one]) => quote_spanned!(span=> #one.ticked(#ctx)),
                    ("ticked", _) => {
                        let krate = &self.names.node.krate;
                        quote_spanned!(span=> #krate::__private::any([#(#ids.ticked(#ctx)),*]))
                    }
                    (_, [one]) => quote_spanned!(span=> #one.valid()),
                    _ => {
                        let krate = &self.names.node.krate;
                        quote_spanned!(span=> #krate::__private::all([#(#ids.valid()),*]))
                    }
                }
            }
            "now" => quote_spanned!(span=> #ctx.now()),
            "engine_start_time" => quote_spanned!(span=> #ctx.start_time()),
            "engine_end_time" => quote_spanned!(span=> #ctx.end_time()),
            "in_realtime" => quote_spanned!(span=> #ctx.in_realtime()),
            "stop_engine" => quote_spanned!(span=> #ctx.stop_engine()),
            "ctx" => quote_spanned!(span=> (&mut *#ctx)),
            "handle" | "num_ticks" | "make_passive" | "make_active" => {
                let all = self.series();
                let args = self.expect_args(mac, 1, &format!("{name}!(input)"))?;
                let id = self.name_in(&args[0], &all, "an input")?;
                match name.as_str() {
                    "handle" => quote_spanned!(span=> (&#id)),
                    "num_ticks" => quote_spanned!(span=> #id.num_ticks()),
                    other => {
                        let m = Ident::new(other, span);
                        quote_spanned!(span=> #id.#m(#ctx))
                    }
                }
            }
            "set_buffering_policy" => {
                let allowed: Vec<&Ident> = self
                    .names
                    .inputs
                    .iter()
                    .chain(&self.names.baskets)
                    .collect();
                let mut args = self.expect_args(mac, 2, "set_buffering_policy!(input, policy)")?;
                let id = self.name_in(&args[0], &allowed, "an input")?;
                self.visit_expr_mut(&mut args[1]);
                let policy = &args[1];
                quote_spanned!(span=> #id.set_buffering_policy(#ctx, #policy))
            }
            "value_at" | "time_at" | "item_at" | "values_at" | "items_at" => {
                let allowed: Vec<&Ident> = self.names.inputs.iter().collect();
                let mut args = self.args(mac)?;
                let counts: &[usize] = match name.as_str() {
                    "value_at" | "time_at" => &[2],
                    "item_at" => &[3],
                    _ => &[3, 5],
                };
                if !counts.contains(&args.len()) {
                    let usage = match name.as_str() {
                        "item_at" => "item_at!(input, at, duplicate_policy)",
                        "values_at" | "items_at" => {
                            "values_at!(input, start, end[, start_bound, end_bound])"
                        }
                        _ => "value_at!(input, at)",
                    };
                    return Some(self.err(mac.span(), format!("expected `{usage}`")));
                }
                let id = self.name_in(&args[0], &allowed, "an input")?;
                for a in &mut args[1..] {
                    self.visit_expr_mut(a);
                }
                let rest = &args[1..];
                let krate = &self.names.node.krate;
                let m = Ident::new(
                    match name.as_str() {
                        "values_at" => "values_between",
                        "items_at" => "items_between",
                        other => other,
                    },
                    span,
                );
                let rest = match rest {
                    [a, b] if name == "values_at" || name == "items_at" => {
                        quote!(#a, #krate::prelude::Bound::Inclusive, #b, #krate::prelude::Bound::Inclusive)
                    }
                    [a, b, c, d] => quote!(#a, #c, #b, #d),
                    _ => quote!(#(#rest),*),
                };
                quote_spanned!(span=> #id.#m(#ctx, #rest)?)
            }
            "schedule_alarm" | "reschedule_alarm" | "cancel_alarm" => {
                let alarms: Vec<&Ident> = self.names.alarms.iter().collect();
                let (n, usage) = match name.as_str() {
                    "schedule_alarm" => (3, "schedule_alarm!(alarm, delay, value)"),
                    "reschedule_alarm" => (3, "reschedule_alarm!(alarm, handle, delay)"),
                    _ => (2, "cancel_alarm!(alarm, handle)"),
                };
                let mut args = self.expect_args(mac, n, usage)?;
                let id = self.name_in(&args[0], &alarms, "an alarm")?;
                for a in &mut args[1..] {
                    self.visit_expr_mut(a);
                }
                let rest = &args[1..];
                match name.as_str() {
                    "schedule_alarm" => quote_spanned!(span=> #id.schedule(#ctx, #(#rest),*)?),
                    "reschedule_alarm" => quote_spanned!(span=> #id.reschedule(#ctx, #(#rest),*)?),
                    _ => quote_spanned!(span=> #id.cancel(#ctx, #(#rest),*)?),
                }
            }
            "output" => {
                if self.block != Block::Body {
                    return Some(self.err(
                        span,
                        "`output!` can only be used in the node body, not in `start!` or `stop!`",
                    ));
                }
                self.output(mac)?
            }
            "alarms" | "state" | "start" | "stop" => {
                return Some(self.err(
                    span,
                    format!("`{name}!` must come first in the node body, before any statement"),
                ));
            }
            _ => return None,
        };
        Some(syn::parse2(out).expect("invariant: generated expressions parse"))
    }

    fn typed_emit(
        &self,
        ty: &Type,
        output: TokenStream,
        index: Option<TokenStream>,
        value: &Expr,
    ) -> TokenStream {
        let span = value.span();
        let index = index.map(|i| quote!(#i,));
        quote_spanned! {span=> {
            let __tg_value: #ty = #value;
            #output.tick(__tg_ctx, #index __tg_value)?;
        }}
    }

    /// `output!(v)`, `output!(name = v, ...)`, `output!([index] = v)`, `output!(name[index] = v)`.
    fn output(&mut self, mac: &Macro) -> Option<TokenStream> {
        let mut args = self.args(mac)?;
        let mut emits = Vec::new();
        for arg in &mut args {
            self.visit_expr_mut(arg);
        }
        let node = self.names.node;
        for arg in args {
            let emit = match (&node.outputs, arg) {
                (Outputs::Single(t), Expr::Assign(a)) if single_ident(&a.left).is_none() => {
                    self.errors.push(Error::new(
                        a.left.span(),
                        "this node has one unnamed output: use `output!(value)`",
                    ));
                    let _ = t;
                    continue;
                }
                (Outputs::Single(t), value) => self.typed_emit(t, quote!(__tg_out), None, &value),
                (Outputs::Named(outs), Expr::Assign(a)) => {
                    let Some(id) = single_ident(&a.left) else {
                        self.errors.push(Error::new(
                            a.left.span(),
                            "expected `output!(name = value)`",
                        ));
                        continue;
                    };
                    match outs.iter().find(|(n, _, _)| n == id) {
                        Some((n, t, _)) => {
                            let o = Ident::new(&format!("__tg_out_{n}"), n.span());
                            self.typed_emit(t, quote!(#o), None, &a.right)
                        }
                        None => {
                            let names: Vec<&Ident> = outs.iter().map(|o| &o.0).collect();
                            let msg = format!(
                                "no output named `{id}`; the outputs are: {}",
                                Names::list(&names)
                            );
                            self.errors.push(Error::new(id.span(), msg));
                            continue;
                        }
                    }
                }
                (Outputs::List(t), Expr::Assign(a)) if matches!(&*a.left, Expr::Array(arr) if arr.elems.len() == 1) =>
                {
                    let Expr::Array(arr) = &*a.left else {
                        unreachable!()
                    };
                    let i = &arr.elems[0];
                    self.typed_emit(t, quote!(__tg_out), Some(quote!((#i) as usize)), &a.right)
                }
                (Outputs::Dict(k, t), Expr::Assign(a)) if matches!(&*a.left, Expr::Array(arr) if arr.elems.len() == 1) =>
                {
                    let Expr::Array(arr) = &*a.left else {
                        unreachable!()
                    };
                    let key = &arr.elems[0];
                    let krate = &node.krate;
                    let value = &a.right;
                    let span = value.span();
                    quote_spanned! {span=> {
                        let __tg_value: #t = #value;
                        #krate::__private::tick_key::<#k, #t>(&__tg_out, __tg_ctx, &__tg_keys, &(#key), __tg_value)?;
                    }}
                }
                (Outputs::List(_) | Outputs::Dict(..), other) => {
                    self.errors.push(Error::new(
                        other.span(),
                        "this node outputs a basket: use `output!([key] = value)`",
                    ));
                    continue;
                }
                (Outputs::Named(_), other) => {
                    self.errors.push(Error::new(
                        other.span(),
                        "this node has named outputs: use `output!(name = value)`",
                    ));
                    continue;
                }
                (Outputs::None, other) => {
                    self.errors
                        .push(Error::new(other.span(), "this node has no outputs"));
                    continue;
                }
            };
            emits.push(emit);
        }
        Some(quote!({ #(#emits)* }))
    }

    fn rewrite_return(&mut self, r: &mut syn::ExprReturn) -> Expr {
        let span = r.return_token.span;
        let Some(value) = r.expr.as_mut() else {
            return syn::parse_quote_spanned!(span=> return ::core::result::Result::Ok(()));
        };
        if self.block != Block::Body {
            return self.err(
                value.span(),
                "`start!` and `stop!` blocks cannot return a value",
            );
        }
        if let Expr::Macro(m) = &**value
            && m.mac.path.is_ident("output")
        {
            let emit = self.output(&m.mac.clone()).unwrap_or_default();
            return syn::parse_quote_spanned!(span=> { #emit; return ::core::result::Result::Ok(()) });
        }
        self.visit_expr_mut(value);
        let node = self.names.node;
        match &node.outputs {
            Outputs::Single(t) => {
                let emit = self.typed_emit(t, quote!(__tg_out), None, value);
                syn::parse_quote_spanned!(span=> { #emit; return ::core::result::Result::Ok(()) })
            }
            Outputs::None => self.err(value.span(), "this node has no outputs: `return` takes no value here"),
            Outputs::Named(_) => self.err(value.span(), "this node has named outputs: return `output!(name = value, ...)` or emit with `output!`"),
            Outputs::List(_) | Outputs::Dict(..) => self.err(value.span(), "this node outputs a basket: emit with `output!([key] = value)`"),
        }
    }

    /// Rewrites the arguments of a macro that is not a node macro (`println!`, `assert!`,
    /// ...), when they parse as expressions; others are left as they are.
    fn rewrite_foreign_macro(&mut self, mac: &mut Macro) {
        if let Ok(args) = Punctuated::<Expr, Token![,]>::parse_terminated.parse2(mac.tokens.clone())
        {
            let mut args: Vec<Expr> = args.into_iter().collect();
            let before = self.errors.len();
            for a in &mut args {
                self.visit_expr_mut(a);
            }
            let captured = self.captured_in_format_string(&args);
            args.extend(captured);
            if self.errors.len() == before {
                mac.tokens = quote!(#(#args),*);
            }
        }
    }

    /// Inputs and alarms a format string names inline (`"{x}"`, `"{x:.2}"`), as named
    /// arguments reading their values (`x = (*x.current(ctx))`): a handle has no
    /// `Display` of its own, since reading it needs the context.
    fn captured_in_format_string(&self, args: &[Expr]) -> Vec<Expr> {
        let Some(fmt) = args.iter().find_map(|a| match a {
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s),
            _ => None,
        }) else {
            return Vec::new();
        };
        let text = fmt.value();
        let mut found: Vec<Ident> = Vec::new();
        let mut rest = text.as_str();
        while let Some(open) = rest.find('{') {
            rest = &rest[open + 1..];
            if rest.starts_with('{') {
                rest = &rest[1..]; // `{{` is a literal brace
                continue;
            }
            let end = rest.find(['}', ':']).unwrap_or(rest.len());
            let name = rest[..end].trim();
            if let Some(id) = self
                .names
                .inputs
                .iter()
                .chain(&self.names.alarms)
                .find(|id| *id == name)
                && !found.contains(id)
            {
                found.push(id.clone());
            }
        }
        found
            .into_iter()
            .map(|id| {
                let id = Ident::new(&id.to_string(), fmt.span());
                syn::parse_quote_spanned!(fmt.span()=> #id = (*#id.current(__tg_ctx)))
            })
            .collect()
    }
}

impl VisitMut for Rewriter<'_> {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        match e {
            Expr::Macro(m) => match self.node_macro(&m.mac) {
                Some(new) => *e = new,
                None => self.rewrite_foreign_macro(&mut m.mac),
            },
            Expr::Path(_) => {
                if let Some(id) = single_ident(e)
                    && (self.names.inputs.contains(id) || self.names.alarms.contains(id))
                {
                    let id = id.clone();
                    // Reading borrows the context: the value cannot outlive this call.
                    *e = syn::parse_quote_spanned!(id.span()=> (*#id.current(__tg_ctx)));
                }
            }
            Expr::Return(r) if self.closures == 0 => *e = self.rewrite_return(r),
            Expr::Closure(_) | Expr::Async(_) => {
                self.closures += 1;
                visit_mut::visit_expr_mut(self, e);
                self.closures -= 1;
            }
            Expr::MethodCall(mc) => {
                if let Some(id) = single_ident(&mc.receiver)
                    && self.names.baskets.contains(id)
                    && mc.args.is_empty()
                    && TICKED_METHODS.contains(&mc.method.to_string().as_str())
                {
                    mc.args.push(syn::parse_quote!(__tg_ctx));
                }
                visit_mut::visit_expr_mut(self, e);
            }
            _ => visit_mut::visit_expr_mut(self, e),
        }
    }

    fn visit_stmt_mut(&mut self, s: &mut Stmt) {
        if let Stmt::Macro(m) = s {
            match self.node_macro(&m.mac) {
                Some(new) => {
                    let semi = m.semi_token.unwrap_or_default();
                    *s = Stmt::Expr(new, Some(semi));
                }
                None => self.rewrite_foreign_macro(&mut m.mac),
            }
            return;
        }
        visit_mut::visit_stmt_mut(self, s);
    }

    /// Items nested in a body (helper functions) are left alone.
    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}
