//! csp's `csp.random`: a Poisson timer with a time-varying rate, and Brownian motion (one-
//! and multi-dimensional) with time-varying drift and covariance, sampled on a trigger.
//!
//! Every node takes a `u64` seed and draws from its own [`ChaCha12Rng`](rand_chacha::ChaCha12Rng)
//! (rand_chacha's ChaCha with 12 rounds, seeded with `seed_from_u64`): a run's output is a
//! function of the graph and the seeds, the same on every platform and in every run of
//! one graph (each run starts the generator afresh). The streams differ from csp's (numpy's
//! PCG64); the distributions are the same. Exponential and normal variates come from
//! `rand_distr` (`Exp1`, `StandardNormal`).
//!
//! ```
//! use tickgraph_engine::prelude::*;
//! let g = Graph::new();
//! let ticks = random::poisson_timer(const_(&g, 10.0), 7, ());
//! g.output("n", count(&ticks));
//! let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(100))).unwrap();
//! let n = *r.values::<u64>("n").unwrap().last().unwrap();
//! assert!((800..1200).contains(&n), "{n} events at 10/s over 100 s");
//! ```

mod brownian;
mod linalg;
mod poisson;

pub use brownian::{brownian_motion, brownian_motion_1d};
pub use poisson::poisson_timer;

/// A run-time error of a random node (boxed into the run's `Error::Node`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RandomError {
    /// `poisson_timer` got a negative rate.
    #[error("rate must be non-negative, got {rate}")]
    NegativeRate {
        /// The rate.
        rate: f64,
    },
    /// The covariance matrix is not `n x n` for the drift's length `n`.
    #[error("drift has length {drift} but covariance is {rows} rows of lengths {row_lengths:?}")]
    DimensionMismatch {
        /// The drift's length.
        drift: usize,
        /// The covariance's number of rows.
        rows: usize,
        /// The lengths of its rows.
        row_lengths: Vec<usize>,
    },
    /// The covariance matrix is not square.
    #[error("covariance must be square, got {rows} rows of lengths {row_lengths:?}")]
    NotSquare {
        /// The number of rows.
        rows: usize,
        /// The lengths of its rows.
        row_lengths: Vec<usize>,
    },
    /// The drift's length or the covariance's size changed during the run (csp: "shape of
    /// drift is not allowed to change").
    #[error("shape of {what} is not allowed to change: {before} then {after}")]
    ShapeChanged {
        /// `drift` or `covariance`.
        what: &'static str,
        /// The dimension before.
        before: usize,
        /// The dimension after.
        after: usize,
    },
    /// The covariance matrix is not symmetric (to numpy's `allclose` tolerance).
    #[error("covariance not symmetric: entry ({i}, {j})")]
    NotSymmetric {
        /// The row.
        i: usize,
        /// The column.
        j: usize,
    },
    /// The covariance matrix is not positive semi-definite (or a variance is negative).
    #[error("covariance not positive semidefinite")]
    NotPositiveSemidefinite,
    /// The covariance matrix has a NaN or infinite entry.
    #[error("covariance has a non-finite entry")]
    NonFinite,
}
