//! baselib as methods on [`Ts`], where a chain reads better than nested calls:
//! `x.delay(secs(1)).drop_dups()`. Each is the free function of the same name.

use super::Lag;
use crate::graph::{IntoTs, Ts};
use crate::ts::Value;
use std::ops::Sub;

impl<T: Value> Ts<T> {
    /// [`apply`](super::apply): `f(x)` on every tick, as a node of its own.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let len = const_(&g, "abc".to_string()).apply(|s| s.len());
    /// g.output("len", &len);
    /// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
    /// assert_eq!(r.values::<usize>("len").unwrap(), vec![3]);
    /// ```
    pub fn apply<U: Value>(&self, f: impl Fn(&T) -> U + Clone + 'static) -> Ts<U> {
        super::apply(self, f)
    }

    /// One field of a record series, cloned out on every tick (csp's `x.field`,
    /// `struct_field`).
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// #[derive(Clone)]
    /// struct Trade { price: f64, qty: i64 }
    /// let g = Graph::new();
    /// let trades = const_(&g, Trade { price: 10.5, qty: 3 });
    /// g.output("price", trades.field(|t| &t.price));
    /// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
    /// assert_eq!(r.values::<f64>("price").unwrap(), vec![10.5]);
    /// ```
    pub fn field<U: Value>(&self, get: fn(&T) -> &U) -> Ts<U> {
        super::apply(self, move |t| get(t).clone())
    }

    /// [`count`](super::count): the number of ticks so far, on every tick.
    pub fn count(&self) -> Ts<u64> {
        super::count(self)
    }

    /// [`first_n`](super::first_n): the first `n` ticks.
    pub fn first_n(&self, n: i64) -> Ts<T> {
        super::first_n(self, n)
    }

    /// [`delay`](super::delay): every tick, `by` (a duration or a tick count) later.
    pub fn delay(&self, by: impl Into<Lag>) -> Ts<T> {
        super::delay(self, by)
    }

    /// [`lag`](super::lag): on every tick, the value `by` ago.
    pub fn lag(&self, by: impl Into<Lag>) -> Ts<T> {
        super::lag(self, by)
    }

    /// [`sample`](super::sample): the current value on every tick of `trigger`.
    pub fn sample<U: Value>(&self, trigger: impl IntoTs<Item = U>) -> Ts<T> {
        super::sample(trigger, self)
    }

    /// [`merge`](super::merge): this series' ticks, and `other`'s where this one did not
    /// tick.
    pub fn merge(&self, other: impl IntoTs<Item = T>) -> Ts<T> {
        super::merge(self, other)
    }

    /// [`times`](super::times): the engine time of every tick.
    pub fn times(&self) -> Ts<crate::time::Time> {
        super::times(self)
    }

    /// [`cast`](super::cast): every value converted with `Into`.
    pub fn cast<U: Value>(&self) -> Ts<U>
    where
        T: Into<U>,
    {
        super::cast(self)
    }

    /// [`drop_dups`](super::drop_dups): consecutive duplicates dropped.
    pub fn drop_dups(&self) -> Ts<T>
    where
        T: PartialEq,
    {
        super::drop_dups(self)
    }

    /// [`diff`](super::diff): `x - lag(x, by)`.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let st = Time::EPOCH;
    /// let x = curve(&g, (0..4).map(|i| (st + secs(i), i * i)).collect::<Vec<_>>());
    /// g.output("d", x.delay(secs(1)).diff(1));
    /// let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
    /// assert_eq!(r.series::<i64>("d").unwrap(), &[(st + secs(2), 1), (st + secs(3), 3), (st + secs(4), 5)]);
    /// ```
    pub fn diff(&self, by: impl Into<Lag>) -> Ts<T>
    where
        T: Sub<Output = T>,
    {
        super::diff(self, by)
    }
}
