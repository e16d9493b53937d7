//! Lists into ticks: `unroll` and `flatten`.

use crate::alarm::Alarm;
use crate::graph::Ts;
use crate::ts::Value;
use chrono::TimeDelta;
use tickgraph_macros::node;

/// Emits the elements of each list on `x` one per engine cycle, all at the list's time: the
/// first in the cycle the list ticks, the rest in the cycles after it (csp's `unroll`).
/// Lists that tick while earlier elements are still pending queue behind them, so the order
/// is kept; an empty list emits nothing.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let u = unroll(const_(&g, vec![1, 2, 3]));
/// g.output("u", &u);
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// assert_eq!(r.series::<i32>("u").unwrap(), &[(Time::EPOCH, 1), (Time::EPOCH, 2), (Time::EPOCH, 3)]);
/// ```
#[node(crate = "crate")]
pub fn unroll<T: Value>(x: Ts<Vec<T>>) -> Ts<T> {
    // csp's design: the elements after the first are alarms scheduled for now, which run
    // one per cycle in the order scheduled; `pending` counts them, so a list arriving
    // while some are pending schedules all its elements behind them.
    alarms! { let rest: Alarm<T>; }
    state! { let mut pending = 0usize; }
    if ticked!(x) {
        let mut first = None;
        for v in x.iter() {
            if first.is_none() && pending == 0 {
                first = Some(v.clone());
            } else {
                pending += 1;
                schedule_alarm!(rest, TimeDelta::zero(), v.clone());
            }
        }
        if let Some(v) = first {
            output!(v);
        }
    }
    if ticked!(rest) {
        pending -= 1;
        return rest.clone();
    }
}

/// Every tick of every element of `xs`, as one series, nothing lost: ticks in one cycle come
/// out on successive cycles at that time, in basket order (csp's `flatten`, which is
/// `unroll(collect(xs))`; a single element is passed through as it is).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let a = curve(&g, vec![(st, "a0"), (st + secs(1), "a1")]);
/// let b = curve(&g, vec![(st, "b0")]);
/// g.output("f", flatten(&[a, b]));
/// let r = g.run(RunConfig::historical_for(st, secs(5))).unwrap();
/// assert_eq!(r.series::<&str>("f").unwrap(), &[(st, "a0"), (st, "b0"), (st + secs(1), "a1")]);
/// ```
pub fn flatten<T: Value>(xs: &[Ts<T>]) -> Ts<T> {
    match xs {
        [single] => single.clone(),
        _ => unroll(super::collect(xs)),
    }
}
