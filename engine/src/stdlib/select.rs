//! Nodes that pass some ticks of a series on and drop others: `first_n`, `split`,
//! `drop_dups`, `drop_nans` and `gate`.

use crate::graph::{IntoTs, Ts};
use crate::ts::Value;
use std::any::Any;
use tickgraph_macros::node;

/// Emits the first `n` ticks of `x`, then stops listening to it (csp's `firstN`; `n <= 0`
/// never emits).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x = first_n(timer(&g, secs(1), 7), 2);
/// g.output("x", &x);
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(5))).unwrap();
/// assert_eq!(r.series::<i32>("x").unwrap(), &[(Time::EPOCH + secs(1), 7), (Time::EPOCH + secs(2), 7)]);
/// ```
#[node(crate = "crate")]
pub fn first_n<T: Value>(x: Ts<T>, n: i64) -> Ts<T> {
    state! { let mut seen = 0i64; }
    start! {
        if n <= 0 {
            make_passive!(x);
        }
    }
    if ticked!(x) {
        seen += 1;
        if seen == n {
            // csp makes `x` passive on the n-th tick and still emits it.
            make_passive!(x);
        }
        return x.clone();
    }
}

/// Routes each tick of `x` by the current `flag`: to `.true_` when it is true, to `.false_`
/// when it is false, nowhere while `flag` has never ticked (csp's `split`; `flag` is passive).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let flag = curve(&g, vec![(st + secs(1), true), (st + secs(3), false)]);
/// let x = curve(&g, (0..5).map(|i| (st + secs(i), i)).collect::<Vec<_>>());
/// let s = split(&flag, &x);
/// g.output("t", &s.true_);
/// g.output("f", &s.false_);
/// let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
/// assert_eq!(r.values::<i64>("t").unwrap(), vec![1, 2]);
/// assert_eq!(r.values::<i64>("f").unwrap(), vec![3, 4]);
/// ```
#[node(crate = "crate")]
pub fn split<T: Value>(flag: Ts<bool>, x: Ts<T>) -> outputs!(false_: Ts<T>, true_: Ts<T>) {
    start! { make_passive!(flag); }
    if ticked!(x) && valid!(flag) {
        if flag {
            output!(true_ = x.clone());
        } else {
            output!(false_ = x.clone());
        }
    }
}

/// csp's default tolerance for `drop_dups` on floats.
pub const DROP_DUPS_EPS: f64 = 1e-12;

/// Drops consecutive duplicates of `x` (csp's `drop_dups`).
///
/// Values are compared with `==`, except `f64` and `f32`: two floats are duplicates when
/// they differ by less than [`DROP_DUPS_EPS`], and NaN duplicates NaN, as in csp. Use
/// [`drop_dups_eps`] for another tolerance.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let v = [1.0, 1.0, f64::NAN, f64::NAN, 2.0, 2.0 + 1e-13, 3.0];
/// let x = curve(&g, v.iter().enumerate().map(|(i, v)| (st + secs(i as i64), *v)).collect::<Vec<_>>());
/// g.output("x", drop_dups(&x));
/// let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
/// let got = r.values::<f64>("x").unwrap();
/// assert_eq!(got.len(), 4);
/// assert!(got[0] == 1.0 && got[1].is_nan() && got[2] == 2.0 && got[3] == 3.0);
/// ```
pub fn drop_dups<T: Value + PartialEq>(x: impl IntoTs<Item = T>) -> Ts<T> {
    drop_dups_with(x.into_ts(), same_value::<T>)
}

/// [`drop_dups`] on floats with tolerance `eps`: a value within `eps` of the last emitted
/// one is dropped, and NaN after NaN is dropped (csp's `drop_dups(x, eps)`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let x = curve(&g, vec![(st, 1.0), (st + secs(1), 1.05), (st + secs(2), 1.2)]);
/// g.output("x", drop_dups_eps(&x, 0.1));
/// let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
/// assert_eq!(r.values::<f64>("x").unwrap(), vec![1.0, 1.2]);
/// ```
pub fn drop_dups_eps(x: impl IntoTs<Item = f64>, eps: f64) -> Ts<f64> {
    drop_dups_node(x.into_ts(), move |a: &f64, b: &f64| float_dup(*a, *b, eps))
}

fn drop_dups_with<T: Value>(x: Ts<T>, same: fn(&T, &T) -> bool) -> Ts<T> {
    drop_dups_node(x, same)
}

/// `==`, except for floats, which use csp's tolerance and NaN rule. The type test is on
/// `TypeId`s, resolved once per monomorphisation, so it costs nothing per tick.
fn same_value<T: PartialEq + 'static>(a: &T, b: &T) -> bool {
    let (a_any, b_any) = (a as &dyn Any, b as &dyn Any);
    if let (Some(a), Some(b)) = (a_any.downcast_ref::<f64>(), b_any.downcast_ref::<f64>()) {
        return float_dup(*a, *b, DROP_DUPS_EPS);
    }
    if let (Some(a), Some(b)) = (a_any.downcast_ref::<f32>(), b_any.downcast_ref::<f32>()) {
        return float_dup(f64::from(*a), f64::from(*b), DROP_DUPS_EPS);
    }
    a == b
}

/// csp's `_drop_dups_float`: a duplicate is NaN after NaN, or within `eps`.
fn float_dup(x: f64, prev: f64, eps: f64) -> bool {
    if x.is_nan() || prev.is_nan() {
        return x.is_nan() && prev.is_nan();
    }
    (x - prev).abs() < eps
}

#[node(crate = "crate", name = "drop_dups")]
fn drop_dups_node<T: Value, F: Fn(&T, &T) -> bool + Clone + 'static>(x: Ts<T>, same: F) -> Ts<T> {
    state! { let mut last: Option<T> = None; }
    if ticked!(x) {
        let dup = match &last {
            Some(prev) => same(&x, prev),
            None => false,
        };
        if !dup {
            last = Some(x.clone());
            return x.clone();
        }
    }
}

/// Drops the NaN ticks of `x` (csp's `drop_nans`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let x = curve(&g, vec![(st, 1.0), (st + secs(1), f64::NAN), (st + secs(2), 3.0)]);
/// g.output("x", drop_nans(&x));
/// let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
/// assert_eq!(r.values::<f64>("x").unwrap(), vec![1.0, 3.0]);
/// ```
#[node(crate = "crate")]
pub fn drop_nans(x: Ts<f64>) -> Ts<f64> {
    if ticked!(x) && !x.is_nan() {
        return x;
    }
}

/// Holds the ticks of `x` while `release` is false or has never ticked, and emits them as
/// one list when `release` is true (csp's `gate`). While the gate is open every tick of `x`
/// comes out as a list of one. With `release_on_tick`, the held values come out only on a
/// tick of `release`.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let x = curve(&g, (1..=4).map(|i| (st + secs(i), i)).collect::<Vec<_>>());
/// let release = curve(&g, vec![(st + secs(2), true)]);
/// g.output("x", gate(&x, &release, false));
/// let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
/// assert_eq!(r.values::<Vec<i64>>("x").unwrap(), vec![vec![1, 2], vec![3], vec![4]]);
/// ```
#[node(crate = "crate")]
pub fn gate<T: Value>(x: Ts<T>, release: Ts<bool>, release_on_tick: bool) -> Ts<Vec<T>> {
    state! { let mut pending: Vec<T> = Vec::new(); }
    if ticked!(x) {
        pending.push(x.clone());
    }
    if valid!(release) && release && (!release_on_tick || ticked!(release)) && !pending.is_empty() {
        return std::mem::take(&mut pending);
    }
}
