//! Time series at run time: cells, the input and output handles nodes own, baskets, and
//! history buffers (the graph-time handle `Ts<T>` is in `graph`).

pub(crate) mod basket;
pub(crate) mod cell;
pub(crate) mod history;
pub(crate) mod input;
pub(crate) mod output;

pub use basket::{DictBasket, ListBasket, OutputBasket};
pub use history::{At, Bound, BufferPolicy, DuplicatePolicy};
pub use input::Input;
pub use output::Output;

/// A type that can flow on an edge: any `Clone + 'static` type.
///
/// Values are cloned only where a copy must be kept (history buffers, graph outputs,
/// feedback); a node's output is stored once and read by reference.
pub trait Value: Clone + 'static {}
impl<T: Clone + 'static> Value for T {}
