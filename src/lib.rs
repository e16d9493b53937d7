//! tickgraph: a discrete-event time-series engine in the style of Point72's csp.
//!
//! Write nodes with `#[node]` (or by implementing [`Node`](prelude::Node) by hand), wire them
//! into a [`Graph`](prelude::Graph) with typed `Ts<T>` handles, and run the graph on engine
//! time: the same graph replays history for a backtest or runs live.
//!
//! ```
//! use tickgraph::prelude::*;
//!
//! /// Running sum of its input.
//! #[node]
//! fn running_sum(x: Ts<f64>) -> Ts<f64> {
//!     state! { let mut total = 0.0; }
//!     if ticked!(x) {
//!         total += x;
//!         return total;
//!     }
//! }
//!
//! let g = Graph::new();
//! let st = Time::ymd_hms(2020, 1, 1, 0, 0, 0);
//! let s = running_sum(curve(&g, vec![(st, 1.0), (st + secs(1), 2.5)]));
//! g.output("sum", &s);
//! let r = g.run(RunConfig::historical(st, st + secs(10))).unwrap();
//! assert_eq!(r.series::<f64>("sum").unwrap(), &[(st, 1.0), (st + secs(1), 3.5)]);
//! ```
#![deny(missing_docs)]

pub use tickgraph_adapters as adapters;
pub use tickgraph_engine::*;

/// Everything a graph author needs: the engine's prelude and the `#[node]` macro.
pub mod prelude {
    pub use tickgraph_engine::prelude::*;
    pub use tickgraph_macros::node;
}
