//! The standard library.
//!
//! * **Sources**: `const_`, `const_delayed`, `timer` (and `timer_allow_deviation`), `curve`
//!   (and its variants), `null_ts`.
//! * **baselib** (csp's `csp.*` nodes), flat here and in the prelude: `apply`, `filter`,
//!   `sample`, `first_n`, `count`, `delay`, `lag`, `diff`, `merge`, `split`, `drop_dups`,
//!   `drop_nans`, `unroll`, `collect`, `flatten`, `gate`, `default`, `multiplex`,
//!   `demultiplex`, `accum`, `times`, `times_ns`, `cast`, `try_cast`, `print`, `log`,
//!   `stop_engine`, `schedule_on_engine_stop`; many are also methods on [`Ts`](crate::graph::Ts)
//!   (`x.delay(secs(1))`, `x.field(|t| &t.price)`).
//! * **Pipes**: `x.map(f).filter(p)`, stateless stages compiled into one node.
//! * **Modules**: [`math`] (operators on `Ts`, comparisons, unary functions), [`basketlib`]
//!   (`sync`, `sample_basket`), [`random`] (`poisson_timer`, `brownian_motion`), [`stats`]
//!   (rolling statistics over tick, time and expanding windows).

mod basic;
pub mod basketlib;
mod curve;
pub mod math;
mod methods;
mod mux;
mod pipe;
mod printing;
mod progress;
pub mod random;
mod select;
mod shift;
mod sources;
pub mod stats;
mod transform;
mod unroll;

pub use basic::{collect, count, filter, merge, sample, schedule_on_engine_stop, stop_engine};
pub use mux::{demultiplex, multiplex};
pub use pipe::Pipe;
pub use printing::{log, log_debug, print, print_debug};
pub use progress::show_progress;
pub use select::{DROP_DUPS_EPS, drop_dups, drop_dups_eps, drop_nans, first_n, gate, split};
pub use shift::{Lag, delay, diff, lag};
pub use sources::{
    const_, const_delayed, curve, curve_burst, curve_offsets, curve_with, null_ts, timer,
    timer_allow_deviation,
};
pub use transform::{accum, apply, cast, default, times, times_ns, try_cast};
pub use unroll::{flatten, unroll};
