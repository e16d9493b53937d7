//! Parsing and validating a `#[node]` function into a [`NodeFn`].

use syn::parse::Parser;
use syn::spanned::Spanned;
use syn::{
    Attribute, Block, Error, Expr, FnArg, GenericArgument, Generics, Ident, ItemFn, LitStr, Pat,
    Path, PathArguments, ReturnType, Stmt, Token, Type, Visibility, punctuated::Punctuated,
};

/// What a parameter is.
#[allow(clippy::large_enum_variant)] // built once per parameter at compile time
pub enum ParamKind {
    /// `Ts<T>`: a time-series input of `T`.
    Ts(Type),
    /// `Vec<Ts<T>>`: a list basket of `T` (the element type as written, and `T`).
    List(Type, Type),
    /// `BTreeMap<K, Ts<T>>`: a dict basket.
    Dict(Type, Type),
    /// Anything else: configuration, cloned into each run.
    Scalar(Type),
}

/// One parameter.
pub struct Param {
    pub name: Ident,
    pub kind: ParamKind,
    /// The type as written (generated code names it, so the user's imports stay used).
    pub ty: Type,
}

/// What the node outputs.
#[allow(clippy::large_enum_variant)] // built once per node at compile time
pub enum Outputs {
    /// No output: the node is a sink.
    None,
    /// `-> Ts<T>`.
    Single(Type),
    /// `-> outputs!(a: Ts<A>, b: Ts<B>)`: `(name, T, Ts<T> as written)`.
    Named(Vec<(Ident, Type, Type)>),
    /// `-> Vec<Ts<T>>` with `#[node(shape = n)]`.
    List(Type),
    /// `-> BTreeMap<K, Ts<T>>` with `#[node(shape = keys)]`.
    Dict(Type, Type),
}

/// A parsed and validated `#[node]` function.
pub struct NodeFn {
    pub krate: Path,
    pub name_override: Option<LitStr>,
    pub shape: Option<Expr>,
    pub attrs: Vec<Attribute>,
    pub vis: Visibility,
    pub ident: Ident,
    pub generics: Generics,
    pub params: Vec<Param>,
    pub outputs: Outputs,
    /// The return type as written.
    pub written_output: Option<Type>,
    /// `(name, T, Alarm<T> as written)`.
    pub alarms: Vec<(Ident, Type, Type)>,
    pub state: Vec<Stmt>,
    pub start: Vec<Stmt>,
    pub stop: Vec<Stmt>,
    pub body: Vec<Stmt>,
}

/// The special blocks, in the order they must appear.
const BLOCKS: [&str; 4] = ["alarms", "state", "start", "stop"];

/// The last path segment's name and its generic type arguments, if `ty` is a plain path.
fn path_parts(ty: &Type) -> Option<(String, Vec<&Type>)> {
    let Type::Path(p) = ty else { return None };
    if p.qself.is_some() {
        return None;
    }
    let seg = p.path.segments.last()?;
    let args = match &seg.arguments {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|g| match g {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        PathArguments::None => Vec::new(),
        PathArguments::Parenthesized(_) => return None,
    };
    Some((seg.ident.to_string(), args))
}

/// `T` if `ty` is `Ts<T>`.
pub fn ts_inner(ty: &Type) -> Option<Type> {
    match path_parts(ty)? {
        (name, args) if name == "Ts" && args.len() == 1 => Some(args[0].clone()),
        _ => None,
    }
}

fn classify(ty: &Type) -> ParamKind {
    if let Some(t) = ts_inner(ty) {
        return ParamKind::Ts(t);
    }
    if let Some((name, args)) = path_parts(ty) {
        if name == "Vec" && args.len() == 1 {
            if let Some(t) = ts_inner(args[0]) {
                return ParamKind::List(args[0].clone(), t);
            }
        }
        if name == "BTreeMap" && args.len() == 2 {
            if let Some(t) = ts_inner(args[1]) {
                return ParamKind::Dict(args[0].clone(), t);
            }
        }
    }
    ParamKind::Scalar(ty.clone())
}

fn parse_outputs(ret: &ReturnType) -> syn::Result<Outputs> {
    let ty = match ret {
        ReturnType::Default => return Ok(Outputs::None),
        ReturnType::Type(_, ty) => ty,
    };
    if let Type::Tuple(t) = &**ty
        && t.elems.is_empty()
    {
        return Ok(Outputs::None);
    }
    if let Some(t) = ts_inner(ty) {
        return Ok(Outputs::Single(t));
    }
    if let Type::Macro(m) = &**ty
        && m.mac.path.is_ident("outputs")
    {
        let fields = m.mac.parse_body_with(|input: syn::parse::ParseStream| {
            Punctuated::<syn::Field, Token![,]>::parse_terminated_with(
                input,
                syn::Field::parse_named,
            )
        })?;
        let mut named = Vec::new();
        for f in fields {
            let name = f
                .ident
                .clone()
                .expect("invariant: parse_named gives named fields");
            let t = ts_inner(&f.ty)
                .ok_or_else(|| Error::new_spanned(&f.ty, "each named output must be a `Ts<T>`"))?;
            if named
                .iter()
                .any(|(n, _, _): &(Ident, Type, Type)| *n == name)
            {
                return Err(Error::new(
                    name.span(),
                    format!("output `{name}` is declared twice"),
                ));
            }
            named.push((name, t, f.ty.clone()));
        }
        if named.is_empty() {
            return Err(Error::new(
                m.span(),
                "`outputs!()` needs at least one `name: Ts<T>`",
            ));
        }
        return Ok(Outputs::Named(named));
    }
    match classify(ty) {
        ParamKind::List(_, t) => Ok(Outputs::List(t)),
        ParamKind::Dict(k, t) => Ok(Outputs::Dict(k, t)),
        _ => Err(Error::new(
            ty.span(),
            "a node returns `Ts<T>`, `outputs!(name: Ts<T>, ...)`, `Vec<Ts<T>>`, `BTreeMap<K, Ts<T>>`, or nothing",
        )),
    }
}

/// Splits the leading `alarms!`/`state!`/`start!`/`stop!` blocks from the body.
fn split_blocks(block: Block, node: &mut NodeFn) -> syn::Result<()> {
    let mut last: Option<(usize, Ident)> = None;
    let mut in_body = false;
    for stmt in block.stmts {
        let mac = match &stmt {
            Stmt::Macro(m) => Some(&m.mac),
            Stmt::Expr(Expr::Macro(m), _) => Some(&m.mac),
            _ => None,
        };
        let which = mac
            .and_then(|m| m.path.get_ident())
            .and_then(|id| BLOCKS.iter().position(|b| id == b).map(|i| (i, id.clone())));
        let Some((i, id)) = which else {
            in_body = true;
            node.body.push(stmt);
            continue;
        };
        if in_body {
            return Err(Error::new(
                id.span(),
                format!("`{id}!` must come before the node body's statements"),
            ));
        }
        if let Some((j, prev)) = &last {
            if *j == i {
                return Err(Error::new(id.span(), format!("`{id}!` is declared twice")));
            }
            if *j > i {
                return Err(Error::new(
                    id.span(),
                    format!("`{id}!` must be declared before `{prev}!`"),
                ));
            }
        }
        last = Some((i, id.clone()));
        let stmts = mac
            .expect("invariant: matched a macro")
            .parse_body_with(Block::parse_within)?;
        match i {
            0 => node.alarms = parse_alarms(stmts)?,
            1 => node.state = stmts,
            2 => node.start = stmts,
            _ => node.stop = stmts,
        }
    }
    Ok(())
}

fn parse_alarms(stmts: Vec<Stmt>) -> syn::Result<Vec<(Ident, Type, Type)>> {
    let mut alarms = Vec::new();
    for stmt in stmts {
        let bad = || Error::new_spanned(&stmt, "declare an alarm as `let name: Alarm<T>;`");
        let Stmt::Local(local) = &stmt else {
            return Err(bad());
        };
        if local.init.is_some() {
            return Err(bad());
        }
        let Pat::Type(pt) = &local.pat else {
            return Err(bad());
        };
        let Pat::Ident(pi) = &*pt.pat else {
            return Err(bad());
        };
        let t = match path_parts(&pt.ty) {
            Some((name, args)) if name == "Alarm" && args.len() == 1 => args[0].clone(),
            _ => return Err(Error::new_spanned(&pt.ty, "an alarm's type is `Alarm<T>`")),
        };
        alarms.push((pi.ident.clone(), t, (*pt.ty).clone()));
    }
    Ok(alarms)
}

fn parse_attr(attr: proc_macro2::TokenStream, node: &mut NodeFn) -> syn::Result<()> {
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("crate") {
            let s: LitStr = meta.value()?.parse()?;
            node.krate = s.parse()?;
            Ok(())
        } else if meta.path.is_ident("name") {
            node.name_override = Some(meta.value()?.parse()?);
            Ok(())
        } else if meta.path.is_ident("shape") {
            node.shape = Some(meta.value()?.parse()?);
            Ok(())
        } else {
            Err(meta.error("unknown `#[node]` option; the options are `crate = \"path\"`, `name = \"...\"` and `shape = expr`"))
        }
    });
    parser.parse2(attr)
}

impl NodeFn {
    /// Parses and validates; the error carries the span of the offending tokens.
    pub fn parse(attr: proc_macro2::TokenStream, item: ItemFn) -> syn::Result<NodeFn> {
        let sig = item.sig;
        let mut node = NodeFn {
            krate: syn::parse_quote!(::tickgraph),
            name_override: None,
            shape: None,
            attrs: item.attrs,
            vis: item.vis,
            ident: sig.ident.clone(),
            generics: sig.generics.clone(),
            params: Vec::new(),
            outputs: Outputs::None,
            written_output: match &sig.output {
                ReturnType::Type(_, t) => Some((**t).clone()),
                ReturnType::Default => None,
            },
            alarms: Vec::new(),
            state: Vec::new(),
            start: Vec::new(),
            stop: Vec::new(),
            body: Vec::new(),
        };
        parse_attr(attr, &mut node)?;
        if let Some(a) = &sig.asyncness {
            return Err(Error::new(a.span(), "a node cannot be `async`"));
        }
        if let Some(c) = &sig.constness {
            return Err(Error::new(c.span(), "a node cannot be `const`"));
        }
        if let Some(l) = sig.generics.lifetimes().next() {
            return Err(Error::new(
                l.span(),
                "a node cannot have lifetime parameters: its values are `'static`",
            ));
        }
        for arg in &sig.inputs {
            let FnArg::Typed(pt) = arg else {
                return Err(Error::new(
                    arg.span(),
                    "a node is a free function: it cannot take `self`",
                ));
            };
            let Pat::Ident(pi) = &*pt.pat else {
                return Err(Error::new(
                    pt.pat.span(),
                    "node parameters must be plain names",
                ));
            };
            node.params.push(Param {
                name: pi.ident.clone(),
                kind: classify(&pt.ty),
                ty: (*pt.ty).clone(),
            });
        }
        node.outputs = parse_outputs(&sig.output)?;
        match (&node.outputs, &node.shape) {
            (Outputs::List(_) | Outputs::Dict(..), None) => {
                return Err(Error::new_spanned(
                    &sig.output,
                    "a basket output needs its shape: `#[node(shape = n)]` (list) or `#[node(shape = keys)]` (dict)",
                ));
            }
            (Outputs::None | Outputs::Single(_) | Outputs::Named(_), Some(s)) => {
                return Err(Error::new_spanned(s, "`shape` is only for basket outputs"));
            }
            _ => {}
        }
        split_blocks(*item.block, &mut node)?;
        let mut seen: Vec<&Ident> = Vec::new();
        for id in node
            .params
            .iter()
            .map(|p| &p.name)
            .chain(node.alarms.iter().map(|a| &a.0))
        {
            if seen.contains(&id) {
                let what = if node.params.iter().any(|p| p.name == *id)
                    && node.alarms.iter().any(|a| a.0 == *id)
                {
                    "as a parameter and as an alarm"
                } else {
                    "twice"
                };
                return Err(Error::new(id.span(), format!("`{id}` is declared {what}")));
            }
            seen.push(id);
        }
        Ok(node)
    }

    /// The node's name as the engine reports it.
    pub fn node_name(&self) -> String {
        self.name_override
            .as_ref()
            .map(LitStr::value)
            .unwrap_or_else(|| self.ident.to_string())
    }
}
