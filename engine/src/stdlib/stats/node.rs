//! The statistics node: csp's sampler / trigger / reset logic, its NaN bookkeeping
//! (`DataValidator`) and the startup gate (`min_window`, `min_periods`), around an
//! [`Accumulator`] and a [`Window`].
//!
//! csp wires a window node, a compute node and a filter per statistic, exchanging vectors
//! of additions and removals. Here they are one node: a sample is added to the
//! accumulator as it enters and removed as it leaves, so no vector is built per tick.

use super::input::{Floats, Ticks};
use super::window::{Sample, Window};
use crate::ctx::Ctx;
use crate::error::{Error, NodeError};
use crate::node::Node;
use crate::ts::{Input, Output, Value};

use super::ToFloat;

/// An incremental statistic: samples are added and removed one at a time, and the
/// result is computed when the trigger ticks.
pub trait Accumulator: Clone + 'static {
    /// The result type (`f64`, a time for argmin/argmax, a `Vec` for cross_sectional).
    type Out: Value;
    /// NaN samples are given to `add`/`remove` (EMA, rank, cross_sectional): the statistic
    /// handles them itself.
    const PROCESS_NA: bool = false;
    /// NaN samples are given to `add`/`remove` when `ignore_na` is false, and do not make
    /// the result NaN (first, last).
    const CONSIDER_NA: bool = false;
    /// The statistic reads the samples' times (argmin/argmax, the halflife EMAs).
    const NEEDS_TIME: bool = false;
    /// The statistic may have several outputs (quantiles): without, the node's loop over
    /// the outputs after the first is compiled out.
    const SEVERAL_OUTPUTS: bool = false;
    /// Called at the run's start with its start time (nanoseconds).
    fn start(&mut self, _start: i64) {}
    /// A sample entered the window.
    fn add(&mut self, s: &Sample);
    /// The oldest sample left the window.
    fn remove(&mut self, s: &Sample);
    /// `add(new)` then `remove(old)`: a full tick window's step, both samples valid.
    /// Overridden where the two updates, as separate calls, would store the state and
    /// load it back on the statistic's longest dependency chain (the variance).
    #[inline(always)]
    fn replace(&mut self, new: &Sample, old: &Sample) {
        self.add(new);
        self.remove(old);
    }
    /// The window was reset.
    fn clear(&mut self);
    /// The result for output `k` (quantiles have several outputs).
    fn compute(&mut self, k: usize) -> Self::Out;
    /// The result when there is too little valid data (NaN, or the epoch for times).
    fn invalid() -> Self::Out;
    /// Ticks `out` with the result for output `k` (overridden to build a `Vec` in place).
    #[inline(always)]
    fn emit(&mut self, k: usize, out: &Output<Self::Out>, ctx: &mut Ctx) -> Result<(), NodeError> {
        let v = self.compute(k);
        out.tick(ctx, v)
    }
}

/// When the node may first output: csp's `min_window` / `min_periods` filter. Once open it
/// stays open (a startup condition only, not re-applied after a reset).
#[derive(Clone, Copy, Debug)]
pub enum Gate {
    Open,
    /// The sampler has ticked this many times.
    Samples(u64),
    /// The time is at least start + this many nanoseconds.
    Elapsed(i64),
    /// `x` has ticked this many times (EMA's `min_periods`).
    XTicks(u64),
}

/// The second series of a bivariate statistic and what to do when it ticks without `x`.
pub struct Second {
    pub y: Box<dyn Floats>,
    pub allow_non_overlapping: bool,
}

/// The node. `OPT` says whether any optional series (sampler, trigger, reset, weights, `y`)
/// is wired: without them the tests for them are compiled out of the hot path.
pub struct StatsNode<X, A: Accumulator, W, const OPT: bool> {
    pub name: String,
    pub x: Input<X>,
    pub y: Option<Second>,
    pub weights: Option<Box<dyn Floats>>,
    pub sampler: Option<Box<dyn Ticks>>,
    pub trigger: Option<Box<dyn Ticks>>,
    pub reset: Option<Box<dyn Ticks>>,
    pub window: W,
    pub acc: A,
    pub out: Output<A::Out>,
    /// The outputs after the first (several quantiles).
    pub extra: Vec<Output<A::Out>>,
    pub gate: Gate,
    /// Whether the gate has opened (it then stays open): tested before `gate`, whose
    /// `match` would be a jump through a table on every tick.
    pub open: bool,
    /// The start time + `Gate::Elapsed`'s delay, set at start.
    pub open_at: i64,
    pub min_data_points: u64,
    pub ignore_na: bool,
    /// Sampler ticks since the start (not reset: `min_window` is a startup condition).
    pub samples: u64,
    /// NaN and valid samples in the window (csp's `DataValidator`).
    pub nans: u64,
    pub points: u64,
}

impl<X: ToFloat, A: Accumulator, W: Window, const OPT: bool> StatsNode<X, A, W, OPT> {
    #[inline(always)]
    fn pass_na(&self) -> bool {
        A::PROCESS_NA || (A::CONSIDER_NA && !self.ignore_na)
    }

    #[inline(always)]
    fn add(&mut self, s: &Sample) {
        if s.is_nan() {
            self.nans += 1;
            if self.pass_na() {
                self.acc.add(s);
            }
        } else {
            self.points += 1;
            self.acc.add(s);
        }
    }

    #[inline(always)]
    fn remove(&mut self, s: &Sample) {
        if s.is_nan() {
            self.nans -= 1;
            if self.pass_na() {
                self.acc.remove(s);
            }
        } else {
            self.points -= 1;
            self.acc.remove(s);
        }
    }

    /// Whether the result is a value rather than NaN (csp's `DataValidator::compute`).
    #[inline(always)]
    fn valid(&self) -> bool {
        let poisoned = !self.ignore_na && self.nans > 0 && !A::CONSIDER_NA;
        !poisoned && self.points >= self.min_data_points
    }

    #[inline(always)]
    fn gate_open(&mut self, ctx: &Ctx) -> bool {
        self.open || self.try_open(ctx)
    }

    /// The gate's test until it opens.
    #[inline(never)]
    fn try_open(&mut self, ctx: &Ctx) -> bool {
        let open = match self.gate {
            Gate::Open => true,
            Gate::Samples(n) => self.samples >= n,
            Gate::Elapsed(_) => ctx.now >= self.open_at,
            Gate::XTicks(n) => self.x.num_ticks() >= n,
        };
        self.open = open;
        open
    }

    #[cold]
    #[inline(never)]
    fn out_of_sync(&self) -> NodeError {
        Box::new(Error::InvalidArgument {
            node: self.name.clone(),
            message: "x and y must tick together (use allow_non_overlapping to discard \
                      the ticks of one without the other)"
                .into(),
        })
    }

    #[inline(always)]
    fn emit_all(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if !A::SEVERAL_OUTPUTS {
            return if self.valid() {
                self.acc.emit(0, &self.out, ctx)
            } else {
                self.out.tick(ctx, A::invalid())
            };
        }
        if self.valid() {
            self.acc.emit(0, &self.out, ctx)?;
            for k in 0..self.extra.len() {
                self.acc.emit(k + 1, &self.extra[k], ctx)?;
            }
        } else {
            self.out.tick(ctx, A::invalid())?;
            for o in &self.extra {
                o.tick(ctx, A::invalid())?;
            }
        }
        Ok(())
    }
}

impl<X: ToFloat, A: Accumulator, W: Window, const OPT: bool> Node for StatsNode<X, A, W, OPT> {
    fn start(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if let Gate::Elapsed(d) = self.gate {
            self.open_at = ctx.start.saturating_add(d);
        }
        self.acc.start(ctx.start);
        // With a sampler, x (and y, the weights) are read when the sampler ticks.
        if self.sampler.is_some() {
            self.x.make_passive(ctx);
            if let Some(y) = &self.y {
                y.y.make_passive(ctx);
            }
        }
        if let Some(w) = &self.weights {
            w.make_passive(ctx);
        }
        Ok(())
    }

    #[inline]
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        // csp's order within a cycle: reset, then sample, then trigger.
        if OPT
            && let Some(r) = &self.reset
            && r.ticked(ctx)
        {
            self.window.clear();
            self.acc.clear();
            self.nans = 0;
            self.points = 0;
        }
        let mut x_ticked = self.x.ticked(ctx);
        let mut y_value = 0.0;
        if OPT && let Some(second) = &self.y {
            let y_ticked = second.y.ticked(ctx);
            if x_ticked != y_ticked {
                if !second.allow_non_overlapping {
                    return Err(self.out_of_sync());
                }
                x_ticked = false;
            } else if y_ticked {
                y_value = second.y.value(ctx);
            }
        }
        let sampled = match &self.sampler {
            Some(s) if OPT => s.ticked(ctx),
            _ => x_ticked,
        };
        let now = ctx.now;
        if sampled {
            self.samples += 1;
            let (x, y) = if x_ticked {
                (self.x.current(ctx).to_f64(), y_value)
            } else {
                // The sampler ticked without x: a NaN sample.
                (
                    f64::NAN,
                    if OPT && self.y.is_some() {
                        f64::NAN
                    } else {
                        0.0
                    },
                )
            };
            let w = match &self.weights {
                Some(w) if OPT => w.value(ctx),
                _ => 1.0,
            };
            let s = Sample { x, y, w, t: now };
            let left = self.window.push(s);
            match left {
                // A full tick window's step with two valid samples (the count of valid
                // points is unchanged): one call, so the statistic can keep its state in
                // registers between the two updates (`Accumulator::replace`).
                Some(old) if !s.is_nan() && !old.is_nan() => self.acc.replace(&s, &old),
                _ => {
                    self.add(&s);
                    if let Some(old) = left {
                        self.remove(&old);
                    }
                }
            }
            while let Some(old) = self.window.pop_expired(now) {
                self.remove(&old);
            }
        }
        let triggered = match &self.trigger {
            Some(t) if OPT => t.ticked(ctx),
            _ => sampled,
        };
        if triggered {
            if !sampled {
                while let Some(old) = self.window.pop_expired(now) {
                    self.remove(&old);
                }
            }
            if self.gate_open(ctx) {
                self.emit_all(ctx)?;
            }
        }
        Ok(())
    }
}
