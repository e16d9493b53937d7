//! Rolling statistics (csp's `csp.stats`): incremental statistics over tick, time or
//! expanding windows.
//!
//! Every function returns a [`Rolling`] builder; configure it, then use it as a time
//! series (it implements [`IntoTs`](crate::graph::IntoTs), or call [`Rolling::into_ts`]):
//!
//! ```
//! use tickgraph_engine::prelude::*;
//! let g = Graph::new();
//! let st = Time::EPOCH;
//! let x = curve(&g, (0..6).map(|i| (st + secs(i), i as f64)).collect::<Vec<_>>());
//! g.output("mean", stats::mean(&x).ticks(3));
//! g.output("ema", stats::ema(&x).alpha(0.5).adjust(false));
//! let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
//! assert_eq!(r.values::<f64>("mean").unwrap(), vec![1.0, 2.0, 3.0, 4.0]);
//! assert_eq!(r.values::<f64>("ema").unwrap(), vec![0.0, 0.5, 1.25, 2.125, 3.0625, 4.03125]);
//! ```
//!
//! Semantics are csp 0.19.1's (spec section 3.3):
//! - **Windows.** `.ticks(n)`: the last `n` samples. `.time(d)`: the samples of
//!   `(now - d, now]`. Default: expanding.
//! - **`min_window`.** No output until the sampler ticked `min_window` times (tick
//!   windows) or before start + `min_window` (time windows); defaults to the window.
//!   A startup condition only.
//! - **`sampler`.** A sampler tick without `x` is a NaN sample; an `x` tick without the
//!   sampler is ignored. **`trigger`** (default: the sampler) says when to output.
//!   **`reset`** empties the window. Within a cycle: reset, then sample, then trigger.
//! - **`ignore_na`.** True: NaNs take slots but are left out. False: a NaN in the
//!   window makes the result NaN. **`min_data_points`**: fewer valid points give NaN.
//! - **`weights`** (sum, mean, var, stddev, sem, cov, corr, skew, kurt): frequency
//!   weights, the latest value of the weights series at each sample.
//!
//! Updates are incremental, with csp's own formulas, so results match csp's bit for bit:
//! O(1) per tick for sums, means, moments and EMAs, amortised O(1) for min/max, O(log n)
//! for quantiles, median and rank. Tick windows allocate their ring once; time windows
//! stop allocating once they have held their largest window.

mod api;
mod builder;
mod comoments;
mod ema;
mod ema_kind;
mod ema_moments;
mod input;
pub mod kind;
mod moments;
mod node;
mod order;
mod ost;
mod values;
mod window;

pub use builder::{Config, Kind, MinWindow, Rolling, Weighted};
pub use input::ToFloat;
pub use kind::{EmaKind, EmaParams};
pub use order::{Interpolation, NaOption, RankMethod};

pub use api::*;
