//! Series shifted in time or in ticks: `delay`, `lag` and `diff`.

use crate::alarm::Alarm;
use crate::error::Error;
use crate::graph::{IntoTs, Ts};
use crate::ts::Value;
use chrono::TimeDelta;
use std::collections::VecDeque;
use std::ops::Sub;
use tickgraph_macros::node;

/// How far [`delay`], [`lag`] and [`diff`] reach back: a duration or a number of ticks.
///
/// Made from a [`TimeDelta`] (`secs(1)`) or an integer (`3`), as csp takes a `timedelta`
/// or an `int`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lag {
    /// By engine time.
    Time(TimeDelta),
    /// By ticks of the series itself.
    Ticks(i64),
}

impl From<TimeDelta> for Lag {
    fn from(d: TimeDelta) -> Lag {
        Lag::Time(d)
    }
}

macro_rules! lag_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Lag {
            fn from(n: $t) -> Lag {
                Lag::Ticks(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
lag_from_int!(i32, i64, u32, u64, usize);

/// Re-emits every tick of `x`, `by` later (csp's `delay`).
///
/// * By time (`secs(2)`): each tick comes out `by` after it went in, every tick kept, on an
///   alarm. A delay of zero emits in the next cycle at the same time; a negative one is an
///   [`Error::InvalidArgument`].
/// * By ticks (`3`): once `x` has ticked more than `n` times, each tick emits the value from
///   `n` ticks back. `n` must be positive.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let x = curve(&g, (1..=4).map(|i| (st + secs(i), i)).collect::<Vec<_>>());
/// g.output("by_time", delay(&x, secs(10)));
/// g.output("by_ticks", delay(&x, 2));
/// let r = g.run(RunConfig::historical_for(st, secs(20))).unwrap();
/// assert_eq!(r.series::<i64>("by_time").unwrap()[0], (st + secs(11), 1));
/// assert_eq!(r.series::<i64>("by_ticks").unwrap(), &[(st + secs(3), 1), (st + secs(4), 2)]);
/// ```
pub fn delay<T: Value>(x: impl IntoTs<Item = T>, by: impl Into<Lag>) -> Ts<T> {
    let x = x.into_ts();
    match by.into() {
        Lag::Time(d) => {
            if d < TimeDelta::zero() {
                invalid(
                    &x,
                    "delay",
                    format!("a delay must not be negative, got {d}"),
                );
            }
            delay_by_time(&x, d)
        }
        Lag::Ticks(n) => {
            if n <= 0 {
                invalid(&x, "delay", format!("delay/lag must be > 0 ticks, got {n}"));
            }
            delay_by_ticks(&x, n.max(1) as usize)
        }
    }
}

/// Ticks when `x` ticks, with the value `x` had `by` ago (csp's `_lag`, the lag inside
/// `diff`).
///
/// By ticks this is [`delay`] by ticks. By time it is `sample(x, delay(x, by))`: the value
/// current at `now - by`, emitted once there is one.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let x = curve(&g, (0..4).map(|i| (st + secs(i), i * 10)).collect::<Vec<_>>());
/// g.output("lag", lag(&x, secs(2)));
/// let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
/// assert_eq!(r.series::<i64>("lag").unwrap(), &[(st + secs(2), 0), (st + secs(3), 10)]);
/// ```
pub fn lag<T: Value>(x: impl IntoTs<Item = T>, by: impl Into<Lag>) -> Ts<T> {
    let x = x.into_ts();
    match by.into() {
        by @ Lag::Ticks(_) => delay(&x, by),
        by @ Lag::Time(_) => super::sample(&x, delay(&x, by)),
    }
}

/// `x - lag(x, by)` on every tick of `x` once the lagged value exists (csp's `diff`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let x = curve(&g, vec![(st, 1.0), (st + secs(1), 4.0), (st + secs(2), 9.0)]);
/// g.output("d", diff(&x, 1));
/// let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
/// assert_eq!(r.values::<f64>("d").unwrap(), vec![3.0, 5.0]);
/// ```
pub fn diff<T>(x: impl IntoTs<Item = T>, by: impl Into<Lag>) -> Ts<T>
where
    T: Value + Sub<Output = T>,
{
    let x = x.into_ts();
    difference(&x, lag(&x, by))
}

fn invalid<T>(x: &Ts<T>, node: &str, message: String) {
    x.graph().record_error(Error::InvalidArgument {
        node: node.into(),
        message,
    });
}

#[node(crate = "crate", name = "delay")]
fn delay_by_time<T: Value>(x: Ts<T>, by: TimeDelta) -> Ts<T> {
    alarms! { let later: Alarm<T>; }
    if ticked!(x) {
        schedule_alarm!(later, by, x.clone());
    }
    if ticked!(later) {
        return later.clone();
    }
}

#[node(crate = "crate", name = "delay")]
fn delay_by_ticks<T: Value>(x: Ts<T>, n: usize) -> Ts<T> {
    // The last n values, oldest first: a ring preallocated once, so a tick moves a value in
    // and the oldest one out, with no allocation and no clone of the emitted value.
    state! { let mut window: VecDeque<T> = VecDeque::with_capacity(n + 1); }
    if ticked!(x) {
        window.push_back(x.clone());
        if window.len() > n
            && let Some(oldest) = window.pop_front()
        {
            return oldest;
        }
    }
}

/// `x - y` when either ticks and both are valid (the rule of csp's binary operators).
#[node(crate = "crate", name = "diff")]
fn difference<T: Value + Sub<Output = T>>(x: Ts<T>, y: Ts<T>) -> Ts<T> {
    if valid!(x, y) {
        return x.clone() - y.clone();
    }
}
