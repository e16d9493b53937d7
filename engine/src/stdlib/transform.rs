//! Per-tick transformations that are nodes of their own: `apply`, `field`, `accum`, `cast`,
//! `try_cast`, `times`, `times_ns` and `default`.

use crate::graph::{IntoTs, Ts};
use crate::time::Time;
use crate::ts::Value;
use chrono::TimeDelta;
use std::ops::AddAssign;
use tickgraph_macros::node;

/// `f(x)` on every tick of `x` (csp's `apply`).
///
/// A node of its own, whose output is a time series other nodes can read; for a chain of
/// stateless steps fused into one node, use [`Ts::map`] (a pipe) instead.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let x = curve(&g, vec![(st, "a b".to_string()), (st + secs(1), "c".to_string())]);
/// g.output("n", apply(&x, |s: &String| s.split(' ').count()));
/// let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
/// assert_eq!(r.values::<usize>("n").unwrap(), vec![2, 1]);
/// ```
pub fn apply<T: Value, U: Value>(
    x: impl IntoTs<Item = T>,
    f: impl Fn(&T) -> U + Clone + 'static,
) -> Ts<U> {
    apply_node(x, f)
}

#[node(crate = "crate", name = "apply")]
fn apply_node<T: Value, U: Value, F: Fn(&T) -> U + Clone + 'static>(x: Ts<T>, f: F) -> Ts<U> {
    if ticked!(x) {
        return f(&x);
    }
}

/// The running total of `x`, starting from `start` (csp's `accum`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let x = curve(&g, (1..=4).map(|i| (st + secs(i), i)).collect::<Vec<_>>());
/// g.output("sum", accum(&x, 100));
/// let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
/// assert_eq!(r.values::<i64>("sum").unwrap(), vec![101, 103, 106, 110]);
/// ```
#[node(crate = "crate")]
pub fn accum<T: Value + AddAssign>(x: Ts<T>, start: T) -> Ts<T> {
    state! { let mut total = start.clone(); }
    if ticked!(x) {
        total += x.clone();
        return total.clone();
    }
}

/// `x` converted to `U` on every tick, where the conversion cannot fail (csp's
/// `cast_int_to_float` and `static_cast`: `cast::<f64, _>(&ints)`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x = const_(&g, 3i32);
/// g.output("x", cast::<f64, _>(&x));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// assert_eq!(r.values::<f64>("x").unwrap(), vec![3.0]);
/// ```
pub fn cast<U: Value, T: Value + Into<U>>(x: impl IntoTs<Item = T>) -> Ts<U> {
    cast_node(x)
}

#[node(crate = "crate", name = "cast")]
fn cast_node<T: Value + Into<U>, U: Value>(x: Ts<T>) -> Ts<U> {
    if ticked!(x) {
        return x.clone().into();
    }
}

/// `x` converted to `U` on every tick with `TryFrom`; a value that does not convert fails
/// the run, naming the value (csp's `dynamic_cast`: `try_cast::<u8, _>(&ints)`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x = curve(&g, vec![(Time::EPOCH, 200i64), (Time::EPOCH + secs(1), 300)]);
/// g.output("x", try_cast::<u8, _>(&x));
/// let err = g.run(RunConfig::historical_for(Time::EPOCH, secs(5))).unwrap_err();
/// assert!(err.to_string().contains("cannot convert 300"), "{err}");
/// ```
pub fn try_cast<U: Value, T>(x: impl IntoTs<Item = T>) -> Ts<U>
where
    T: Value + TryInto<U> + std::fmt::Debug,
    <T as TryInto<U>>::Error: std::fmt::Display,
{
    try_cast_node(x)
}

#[node(crate = "crate", name = "try_cast")]
fn try_cast_node<T, U: Value>(x: Ts<T>) -> Ts<U>
where
    T: Value + TryInto<U> + std::fmt::Debug,
    <T as TryInto<U>>::Error: std::fmt::Display,
{
    if ticked!(x) {
        let v: &T = &x;
        let converted: U = v.clone().try_into().map_err(|e| {
            format!(
                "cannot convert {v:?} to {}: {e}",
                std::any::type_name::<U>()
            )
        })?;
        return converted;
    }
}

/// The engine time of every tick of `x` (csp's `times`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let t = times(timer(&g, secs(1), ()));
/// g.output("t", &t);
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(2))).unwrap();
/// assert_eq!(r.values::<Time>("t").unwrap(), vec![Time::EPOCH + secs(1), Time::EPOCH + secs(2)]);
/// ```
#[node(crate = "crate")]
pub fn times<T: Value>(x: Ts<T>) -> Ts<Time> {
    if ticked!(x) {
        return now!();
    }
}

/// The engine time of every tick of `x`, as nanoseconds since the Unix epoch (csp's
/// `times_ns`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let t = times_ns(timer(&g, millis(1), ()));
/// g.output("t", &t);
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, millis(1))).unwrap();
/// assert_eq!(r.values::<i64>("t").unwrap(), vec![1_000_000]);
/// ```
#[node(crate = "crate")]
pub fn times_ns<T: Value>(x: Ts<T>) -> Ts<i64> {
    if ticked!(x) {
        return now!().nanos();
    }
}

/// `x`, with `value` ticking at `start + delay` unless `x` ticked first (csp's `default`).
///
/// With no delay the default ticks at the start and `x` wins a tie at the start. With a
/// delay, the default is dropped if `x` ticked before it.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x = const_delayed(&g, 123, secs(1));
/// g.output("x", default(&x, 456, TimeDelta::zero()));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(5))).unwrap();
/// assert_eq!(r.values::<i32>("x").unwrap(), vec![456, 123]);
/// ```
pub fn default<T: Value>(x: impl IntoTs<Item = T>, value: T, delay: TimeDelta) -> Ts<T> {
    let x = x.into_ts();
    let mut fallback = super::const_delayed(x.graph(), value, delay);
    if delay != TimeDelta::zero() {
        fallback = super::first_n(super::merge(&x, &fallback), 1);
    }
    super::merge(&x, &fallback)
}
