//! Brownian motion with time-varying drift and covariance, sampled on a trigger.

use super::RandomError;
use super::linalg::psd_cholesky;
use crate::ctx::Ctx;
use crate::error::NodeError;
use crate::graph::{IntoTs, Ts};
use crate::node::Node;
use crate::time::Time;
use crate::ts::{Input, Output, Value};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha12Rng;
use rand_distr::StandardNormal;

/// Seconds from `from` to `to`.
#[inline]
fn seconds(from: Time, to: Time) -> f64 {
    (to.nanos() - from.nanos()) as f64 * 1e-9
}

/// Multi-dimensional Brownian motion (or its increments) at the ticks of `trigger`, with
/// time-varying `drift` (per second, length `n`) and `covariance` (per second, `n x n`)
/// (csp's `brownian_motion`).
///
/// The motion starts at zero once both `drift` and `covariance` are valid. Over each
/// interval between changes it moves by `drift * t + L z sqrt(t)`, `z` standard normal and
/// `L Lᵀ = covariance` (a Cholesky factor that accepts semi-definite matrices), with the
/// drift and covariance in force during the interval: a change of either takes effect from
/// its tick on. On a trigger tick the node emits the motion's value, or, with
/// `return_increments`, its change since the previous trigger tick (the first is from the
/// start). A trigger before both are valid emits nothing.
///
/// Typed run-time errors ([`RandomError`]): a covariance that is not `n x n`, not symmetric
/// or not positive semi-definite, a non-finite entry, or a drift or covariance whose size
/// changes. Deterministic for a `seed` (see the [module](super) for the generator).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let drift = const_(&g, vec![1.0, -2.0]);
/// // The second coordinate has no noise: it is its drift exactly.
/// let cov = const_(&g, vec![vec![0.04, 0.0], vec![0.0, 0.0]]);
/// let trigger = timer(&g, secs(1), ());
/// let bm = random::brownian_motion(&trigger, &drift, &cov, 3, false);
/// g.output("bm", &bm);
/// let r = g.run(RunConfig::historical_for(st, secs(4))).unwrap();
/// let values = r.values::<Vec<f64>>("bm").unwrap();
/// assert_eq!(values.len(), 4);
/// assert!((values[3][1] - -8.0).abs() < 1e-12);
/// assert!((values[3][0] - 4.0).abs() < 2.0); // sd 0.4 after 4 s
/// ```
pub fn brownian_motion<U: Value>(
    trigger: impl IntoTs<Item = U>,
    drift: impl IntoTs<Item = Vec<f64>>,
    covariance: impl IntoTs<Item = Vec<Vec<f64>>>,
    seed: u64,
    return_increments: bool,
) -> Ts<Vec<f64>> {
    let (trigger, drift, covariance) = (trigger.into_ts(), drift.into_ts(), covariance.into_ts());
    let mut n = drift.graph().add_node("brownian_motion");
    let ti = n.input("trigger", &trigger);
    let di = n.input("drift", &drift);
    let ci = n.input("covariance", &covariance);
    let out = n.output::<Vec<f64>>();
    let ts = n.ts(out);
    n.finish(move |w| {
        Ok(Box::new(Brownian {
            trigger: w.input(ti),
            drift: w.input(di),
            covariance: w.input(ci),
            out: w.output(out),
            return_increments,
            rng: ChaCha12Rng::seed_from_u64(seed),
            factor: None,
            cov_flat: Vec::new(),
            last_change: None,
            last_drift: Vec::new(),
            last_value: Vec::new(),
            increment: Vec::new(),
            normals: Vec::new(),
        }))
    });
    ts
}

struct Brownian<U> {
    trigger: Input<U>,
    drift: Input<Vec<f64>>,
    covariance: Input<Vec<Vec<f64>>>,
    out: Output<Vec<f64>>,
    return_increments: bool,
    rng: ChaCha12Rng,
    /// `L` (row-major) and its dimension, once the covariance ticked.
    factor: Option<(Vec<f64>, usize)>,
    /// The covariance, flattened (a buffer kept between ticks).
    cov_flat: Vec<f64>,
    /// When the drift or covariance last changed or the trigger last ticked: the start of
    /// the interval not yet added to the motion. `None` until both are valid.
    last_change: Option<Time>,
    last_drift: Vec<f64>,
    /// The motion's value (or, with `return_increments`, its change since the last trigger).
    last_value: Vec<f64>,
    /// Scratch: one increment.
    increment: Vec<f64>,
    /// Scratch: the normals of one increment.
    normals: Vec<f64>,
}

/// `drift * t + L z sqrt(t)` into `out` (for `n = 1`: `drift * t + sqrt(var) z sqrt(t)`,
/// the same operations as [`brownian_motion_1d`]'s).
fn increment(
    rng: &mut ChaCha12Rng,
    factor: &[f64],
    drift: &[f64],
    t: f64,
    normals: &mut [f64],
    out: &mut [f64],
) {
    let n = drift.len();
    let sd = t.sqrt();
    for z in normals.iter_mut() {
        *z = rng.sample::<f64, _>(StandardNormal) * sd;
    }
    for i in 0..n {
        let row = &factor[i * n..i * n + i + 1];
        let noise: f64 = row.iter().zip(normals.iter()).map(|(l, z)| l * z).sum();
        out[i] = drift[i] * t + noise;
    }
}

impl<U: Value> Brownian<U> {
    /// Factors a new covariance.
    fn set_covariance(&mut self, ctx: &Ctx) -> Result<(), RandomError> {
        let cov = self.covariance.current(ctx);
        let n = cov.len();
        if cov.iter().any(|row| row.len() != n) {
            return Err(RandomError::NotSquare {
                rows: n,
                row_lengths: cov.iter().map(Vec::len).collect(),
            });
        }
        self.cov_flat.clear();
        self.cov_flat.extend(cov.iter().flatten());
        let (l, dim) = self.factor.get_or_insert_with(|| (vec![0.0; n * n], n));
        if *dim != n {
            return Err(RandomError::ShapeChanged {
                what: "covariance",
                before: *dim,
                after: n,
            });
        }
        psd_cholesky(&self.cov_flat, n, l)
    }

    /// The drift or the covariance ticked and both are valid: close the interval so far.
    fn on_change(&mut self, ctx: &Ctx) -> Result<(), RandomError> {
        let drift = self.drift.current(ctx);
        let n = drift.len();
        match self.last_change {
            None => {
                let cov = self.covariance.current(ctx);
                if cov.iter().any(|row| row.len() != cov.len()) {
                    return Err(RandomError::NotSquare {
                        rows: cov.len(),
                        row_lengths: cov.iter().map(Vec::len).collect(),
                    });
                }
                if cov.len() != n {
                    return Err(RandomError::DimensionMismatch {
                        drift: n,
                        rows: cov.len(),
                        row_lengths: cov.iter().map(Vec::len).collect(),
                    });
                }
                self.last_value = vec![0.0; n];
                self.increment = vec![0.0; n];
                self.normals = vec![0.0; n];
            }
            Some(last) => {
                if n != self.last_drift.len() {
                    return Err(RandomError::ShapeChanged {
                        what: "drift",
                        before: self.last_drift.len(),
                        after: n,
                    });
                }
                let (l, _) = self.factor.as_ref().expect("factored when valid");
                let t = seconds(last, ctx.now());
                increment(
                    &mut self.rng,
                    l,
                    &self.last_drift,
                    t,
                    &mut self.normals,
                    &mut self.increment,
                );
                for (v, d) in self.last_value.iter_mut().zip(&self.increment) {
                    *v += d;
                }
            }
        }
        self.last_change = Some(ctx.now());
        self.last_drift.clone_from(drift);
        Ok(())
    }
}

impl<U: Value> Node for Brownian<U> {
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        let both_valid = self.drift.valid() && self.covariance.valid();
        let cov_ticked = self.covariance.ticked(ctx);
        if both_valid && (cov_ticked || self.drift.ticked(ctx)) {
            // Before the new covariance is factored: the interval ending now had the old
            // one (csp's order).
            self.on_change(ctx).map_err(boxed)?;
        }
        if cov_ticked {
            self.set_covariance(ctx).map_err(boxed)?;
        }
        if self.trigger.ticked(ctx)
            && both_valid
            && let Some(last) = self.last_change
        {
            let (l, _) = self.factor.as_ref().expect("factored when valid");
            let t = seconds(last, ctx.now());
            increment(
                &mut self.rng,
                l,
                &self.last_drift,
                t,
                &mut self.normals,
                &mut self.increment,
            );
            self.last_change = Some(ctx.now());
            let (value, inc) = (&mut self.last_value, &self.increment);
            for (v, d) in value.iter_mut().zip(inc) {
                *v += d;
            }
            let return_increments = self.return_increments;
            // Built in the previous output's storage: no allocation per tick.
            self.out.tick_in_place(ctx, |slot| {
                let out = slot.get_or_insert_with(Vec::new);
                out.clear();
                out.extend_from_slice(value);
            })?;
            if return_increments {
                self.last_value.fill(0.0);
            }
        }
        Ok(())
    }
}

/// One-dimensional Brownian motion at the ticks of `trigger`, with time-varying `drift`
/// and `variance` (per second) (csp's `brownian_motion_1d`): [`brownian_motion`] with
/// `[drift]` and `[[variance]]`, and the same values for the same seed, as one node
/// without vectors. A negative variance fails the run with
/// [`RandomError::NotPositiveSemidefinite`].
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let trigger = timer(&g, secs(1), ());
/// let steps = random::brownian_motion_1d(&trigger, const_(&g, 0.5), const_(&g, 0.0), 1, true);
/// g.output("d", &steps);
/// let r = g.run(RunConfig::historical_for(st, secs(3))).unwrap();
/// assert_eq!(r.values::<f64>("d").unwrap(), vec![0.5, 0.5, 0.5]); // no noise: the drift
/// ```
pub fn brownian_motion_1d<U: Value>(
    trigger: impl IntoTs<Item = U>,
    drift: impl IntoTs<Item = f64>,
    variance: impl IntoTs<Item = f64>,
    seed: u64,
    return_increments: bool,
) -> Ts<f64> {
    let (trigger, drift, variance) = (trigger.into_ts(), drift.into_ts(), variance.into_ts());
    let mut n = drift.graph().add_node("brownian_motion_1d");
    let ti = n.input("trigger", &trigger);
    let di = n.input("drift", &drift);
    let vi = n.input("variance", &variance);
    let out = n.output::<f64>();
    let ts = n.ts(out);
    n.finish(move |w| {
        Ok(Box::new(Brownian1d {
            trigger: w.input(ti),
            drift: w.input(di),
            variance: w.input(vi),
            out: w.output(out),
            return_increments,
            rng: ChaCha12Rng::seed_from_u64(seed),
            sd: 0.0,
            last_change: None,
            last_drift: 0.0,
            last_value: 0.0,
        }))
    });
    ts
}

struct Brownian1d<U> {
    trigger: Input<U>,
    drift: Input<f64>,
    variance: Input<f64>,
    out: Output<f64>,
    return_increments: bool,
    rng: ChaCha12Rng,
    /// `sqrt(variance)`, once the variance ticked.
    sd: f64,
    last_change: Option<Time>,
    last_drift: f64,
    last_value: f64,
}

impl<U: Value> Brownian1d<U> {
    fn increment(&mut self, now: Time, last: Time) -> f64 {
        let t = seconds(last, now);
        let z = self.rng.sample::<f64, _>(StandardNormal) * t.sqrt();
        self.last_drift * t + self.sd * z
    }
}

impl<U: Value> Node for Brownian1d<U> {
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        let both_valid = self.drift.valid() && self.variance.valid();
        let var_ticked = self.variance.ticked(ctx);
        let now = ctx.now();
        if both_valid && (var_ticked || self.drift.ticked(ctx)) {
            if let Some(last) = self.last_change {
                self.last_value += self.increment(now, last);
            }
            self.last_change = Some(now);
            self.last_drift = *self.drift.current(ctx);
        }
        if var_ticked {
            let var = *self.variance.current(ctx);
            if !var.is_finite() {
                return Err(boxed(RandomError::NonFinite));
            }
            if var < 0.0 {
                return Err(boxed(RandomError::NotPositiveSemidefinite));
            }
            self.sd = var.sqrt();
        }
        if self.trigger.ticked(ctx)
            && both_valid
            && let Some(last) = self.last_change
        {
            let d = self.increment(now, last);
            self.last_change = Some(now);
            self.last_value += d;
            let v = self.last_value;
            if self.return_increments {
                self.last_value = 0.0;
            }
            self.out.tick(ctx, v)?;
        }
        Ok(())
    }
}

#[cold]
#[inline(never)]
fn boxed(e: RandomError) -> NodeError {
    Box::new(e)
}
