//! `poisson_timer`: events of a Poisson process whose rate is a time series.

use super::RandomError;
use crate::alarm::{Alarm, AlarmHandle};
use crate::ctx::Ctx;
use crate::error::NodeError;
use crate::graph::{IntoTs, Ts};
use crate::node::Node;
use crate::time::secs_f64;
use crate::ts::{Input, Output, Value};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha12Rng;
use rand_distr::Exp1;

/// Ticks `value` at the events of a Poisson process with the time-varying `rate` (events
/// per second; csp's `poisson_timer`).
///
/// Nothing happens before `rate` first ticks. Each tick of `rate` cancels the pending
/// event and, if the new rate is positive, draws the next one afresh at an exponential
/// delay of mean `1 / rate` (the process is memoryless, so this is exact); a zero rate
/// stops the events until the rate changes. Each event draws the next at the current rate.
/// A negative rate fails the run with [`RandomError::NegativeRate`]. Deterministic for a
/// `seed` (see the [module](super) for the generator).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// // 50 events per second for 10 s, then none.
/// let rate = curve(&g, vec![(st, 50.0), (st + secs(10), 0.0)]);
/// let ticks = random::poisson_timer(&rate, 42, 1u32);
/// g.output("t", &ticks);
/// let r = g.run(RunConfig::historical_for(st, secs(100))).unwrap();
/// let times = r.times("t").unwrap();
/// assert!((400..600).contains(&times.len()));
/// assert!(times.iter().all(|t| *t < st + secs(10)));
/// // The same seed gives the same events.
/// assert_eq!(g.run(RunConfig::historical_for(st, secs(100))).unwrap().times("t").unwrap(), times);
/// ```
pub fn poisson_timer<V: Value>(rate: impl IntoTs<Item = f64>, seed: u64, value: V) -> Ts<V> {
    let rate = rate.into_ts();
    let mut n = rate.graph().add_node("poisson_timer");
    let ri = n.input("rate", &rate);
    let event = n.alarm::<()>("event");
    let out = n.output::<V>();
    let ts = n.ts(out);
    n.finish(move |w| {
        Ok(Box::new(PoissonTimer {
            rate: w.input(ri),
            event: w.alarm(event),
            out: w.output(out),
            value: value.clone(),
            pending: None,
            // Each run starts from the seed.
            rng: ChaCha12Rng::seed_from_u64(seed),
        }))
    });
    ts
}

struct PoissonTimer<V> {
    rate: Input<f64>,
    event: Alarm<()>,
    out: Output<V>,
    value: V,
    pending: Option<AlarmHandle>,
    rng: ChaCha12Rng,
}

impl<V: Value> PoissonTimer<V> {
    /// Schedules the next event at rate `rate`, if it is positive (NaN is not: csp's
    /// `rate > 0` test).
    fn schedule(&mut self, ctx: &Ctx, rate: f64) -> Result<(), NodeError> {
        self.pending = None;
        if rate > 0.0 {
            let wait: f64 = self.rng.sample::<f64, _>(Exp1) / rate;
            self.pending = Some(self.event.schedule(ctx, secs_f64(wait), ())?);
        }
        Ok(())
    }
}

impl<V: Value> Node for PoissonTimer<V> {
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        let fired = self.event.ticked(ctx);
        if self.rate.ticked(ctx) {
            let rate = *self.rate.current(ctx);
            if rate < 0.0 {
                return Err(Box::new(RandomError::NegativeRate { rate }));
            }
            if let Some(h) = self.pending.take() {
                // False if this is the event that fired now.
                self.event.cancel(ctx, h)?;
            }
            self.schedule(ctx, rate)?;
        } else if fired {
            // The rate is valid and positive: an event was scheduled with it.
            let rate = *self.rate.current(ctx);
            self.schedule(ctx, rate)?;
        }
        if fired {
            self.out.tick(ctx, self.value.clone())?;
        }
        Ok(())
    }
}
