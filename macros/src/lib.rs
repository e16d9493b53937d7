//! Procedural macros for tickgraph: `#[node]` turns a csp-style function into a node, and
//! `#[derive(Record)]` maps a struct to columns.
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
mod record;
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

/// Derives `Record` (tickgraph-adapters): a struct read from (and written to) columns, one
/// named field per column.
///
/// * A field's column has the field's name; `#[record(rename = "qty")]` names another.
/// * Field types are those with a `ColumnValue`: integers of every width, `f32`, `f64`,
///   `bool`, `String`, `Time` (from timestamps of any unit), and `Option`s of them for
///   nullable columns. A null in a field that is not an `Option` is an error naming the
///   file, column and row.
/// * `#[record(crate = "path")]` on the struct names the adapters crate if it is not
///   `::tickgraph::adapters`.
///
/// ```ignore
/// #[derive(Clone, Debug, Record)]
/// struct Trade {
///     symbol: String,
///     price: f64,
///     #[record(rename = "qty")]
///     quantity: i64,
///     venue: Option<String>,
/// }
/// ```
#[proc_macro_derive(Record, attributes(record))]
pub fn derive_record(item: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(item as syn::DeriveInput);
    record::derive(input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
