//! Procedural macros for tickgraph: `#[node]` turns a csp-style function into a node.
//!
//! The work is split as tokio-macros and salsa-macros split it: `model` parses and
//! validates the function (keeping spans), `rewrite` rewrites the body's node macros,
//! `return`s and input reads, and `expand` writes the graph-time function and the node.
//! Errors are `compile_error!`s on the user's tokens; on error a stub of the function is
//! still emitted so the rest of the crate keeps type-checking.
#![deny(missing_docs)]

use proc_macro::TokenStream;

mod expand;
mod model;
mod rewrite;

/// Turns a function into a tickgraph node.
///
/// See the `tickgraph` crate documentation ([Writing nodes with
/// `#[node]`](../tickgraph/index.html#writing-nodes-with-node)) for the full
/// syntax: parameters `Ts<T>` (inputs), `Vec<Ts<T>>` / `BTreeMap<K, Ts<T>>` (baskets) and
/// anything else (configuration scalars); `alarms!`, `state!`, `start!`, `stop!` blocks;
/// `ticked!`, `valid!`, `now!`, `schedule_alarm!`, `output!` and friends in the body.
#[proc_macro_attribute]
pub fn node(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand::node(attr.into(), item.into()).into()
}
