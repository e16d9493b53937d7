//! csp's `csp.basketlib`: [`sync`] (and [`sync_triggered`]), which aligns the ticks of a
//! basket's elements within a time window, and [`sample_basket`], which samples every
//! element on one trigger.
//!
//! Each takes a list basket (`&[Ts<T>]`, `Vec<Ts<T>>`, an array) or a dict basket
//! (`BTreeMap<K, Ts<T>>`), see [`IntoBasket`], and returns an output basket of the same
//! shape: a `Vec<Ts<T>>` of the same length, or a `BTreeMap<K, Ts<T>>` with the same keys.
//! An element of the output ticks only when the node emits a value for it.
//!
//! ```
//! use tickgraph_engine::prelude::*;
//! use std::collections::BTreeMap;
//! let g = Graph::new();
//! let st = Time::EPOCH;
//! let bid = curve(&g, vec![(st + secs(1), 99.0), (st + secs(4), 98.0)]);
//! let ask = curve(&g, vec![(st + secs(2), 101.0)]);
//! let quotes = BTreeMap::from([("ask", ask), ("bid", bid)]);
//! // Both sides within 2 s of the first; incomplete windows are dropped.
//! let synced = basketlib::sync(&quotes, secs(2), false);
//! g.output("bid", &synced["bid"]);
//! g.output("ask", &synced["ask"]);
//! let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
//! assert_eq!(r.series::<f64>("bid").unwrap(), &[(st + secs(2), 99.0)]);
//! assert_eq!(r.series::<f64>("ask").unwrap(), &[(st + secs(2), 101.0)]);
//! ```

mod sample;
mod shape;
mod sync;

pub use sample::sample_basket;
pub use shape::IntoBasket;
pub use sync::{sync, sync_triggered};
