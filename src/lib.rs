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
//!
//! # Writing nodes with `#[node]`
//!
//! A node function reads like the csp node it ports.
//!
//! * **Parameters.** `Ts<T>` is a time-series input; `Vec<Ts<T>>` a list basket and
//!   `BTreeMap<K, Ts<T>>` a dict basket; anything else is configuration (a scalar, cloned
//!   into each run). The generated graph-time function takes `impl IntoTs<Item = T>` for
//!   each input (pass `ts` or `&ts`), `&[Ts<T>]` for a list basket and `&BTreeMap` for a
//!   dict basket. A node with no time-series or basket parameter takes a leading
//!   `graph: &Graph` argument.
//! * **Outputs.** `-> Ts<T>` (emit with `return v` or `output!(v)`; falling through emits
//!   nothing), `-> outputs!(a: Ts<A>, b: Ts<B>)` (emit with `output!(a = .., b = ..)`; the
//!   function returns a generated `<Name>Outputs` struct), `-> Vec<Ts<T>>` or
//!   `-> BTreeMap<K, Ts<T>>` with `#[node(shape = ...)]` (emit with `output!([key] = v)`),
//!   or nothing (a sink).
//! * **Blocks**, first in the body and in this order: `alarms! { let a: Alarm<T>; }`,
//!   `state! { let mut n = 0; }` (plain variables that persist; types are inferred),
//!   `start! { .. }` (at engine start) and `stop! { .. }` (at stop, also after an error).
//! * **In the body** an input's name reads its current value (reading one that never ticked
//!   aborts the run with [`Error::NotValid`]). The value is borrowed for the cycle: keep a
//!   clone in state, not a reference, and copy what you need before emitting while you
//!   iterate over a basket (emitting takes the context). `ticked!(a, b)`,
//!   `valid!(a, b)`, `now!()`, `num_ticks!(x)`, `make_passive!(x)`, `make_active!(x)`,
//!   `set_buffering_policy!(x, policy)`, `value_at!(x, at)`, `time_at!(x, at)`,
//!   `item_at!(x, at, duplicate_policy)`, `values_at!(x, start, end[, start_bound, end_bound])`,
//!   `schedule_alarm!(a, delay, v)`, `reschedule_alarm!(a, handle, delay)`,
//!   `cancel_alarm!(a, handle)`, `stop_engine!()`, `in_realtime!()`, `engine_start_time!()`,
//!   `engine_end_time!()`, `handle!(x)` (the [`Input`](prelude::Input) itself) and `ctx!()`
//!   (the [`Ctx`](prelude::Ctx)). Bodies may use `?` on any error.
//! * **Generic nodes** take type parameters bounded by [`Value`](prelude::Value).
//! * **Options:** `#[node(name = "shown name", shape = expr, crate = "path")]`.
//!
//! ```
//! use tickgraph::prelude::*;
//!
//! /// csp's `poisson_counter`-style alarm loop: re-arms itself and counts.
//! #[node]
//! fn every(period: TimeDelta, limit: u64) -> outputs!(count: Ts<u64>, done: Ts<bool>) {
//!     alarms! { let tick: Alarm<()>; }
//!     state! { let mut count = 0u64; }
//!     start! { schedule_alarm!(tick, period, ()); }
//!     if ticked!(tick) {
//!         count += 1;
//!         if count < limit {
//!             schedule_alarm!(tick, period, ());
//!             output!(count = count);
//!         } else {
//!             output!(count = count, done = true);
//!         }
//!     }
//! }
//!
//! let g = Graph::new();
//! let e = every(&g, secs(2), 3);
//! g.output("count", &e.count);
//! g.output("done", &e.done);
//! let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(60))).unwrap();
//! assert_eq!(r.values::<u64>("count").unwrap(), vec![1, 2, 3]);
//! assert_eq!(r.series::<bool>("done").unwrap(), &[(Time::EPOCH + secs(6), true)]);
//! ```
#![deny(missing_docs)]

pub use tickgraph_adapters as adapters;
pub use tickgraph_engine::*;

mod body_macros;

/// Everything a graph author needs: the engine's prelude, the `#[node]` macro and the
/// macros of a node body.
pub mod prelude {
    pub use crate::{
        alarms, cancel_alarm, ctx, engine_end_time, engine_start_time, handle, in_realtime,
        item_at, items_at, make_active, make_passive, now, num_ticks, output, outputs,
        reschedule_alarm, schedule_alarm, set_buffering_policy, start, state, stop, stop_engine,
        ticked, time_at, valid, value_at, values_at,
    };
    pub use tickgraph_engine::prelude::*;
    pub use tickgraph_macros::{Record, node};
}

/// The README's code blocks, compiled and run as doc tests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
