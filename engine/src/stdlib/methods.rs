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
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let st = Time::EPOCH;
    /// let x = curve(&g, (1..=4).map(|i| (st + secs(i), i)).collect::<Vec<_>>());
    /// g.output("n", x.count());
    /// let r = g.run(RunConfig::historical_for(st, secs(9))).unwrap();
    /// assert_eq!(r.values::<u64>("n").unwrap(), vec![1, 2, 3, 4]);
    /// ```
    pub fn count(&self) -> Ts<u64> {
        super::count(self)
    }

    /// [`first_n`](super::first_n): the first `n` ticks.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let st = Time::EPOCH;
    /// let x = curve(&g, (1..=4).map(|i| (st + secs(i), i)).collect::<Vec<_>>());
    /// g.output("f", x.first_n(2));
    /// let r = g.run(RunConfig::historical_for(st, secs(9))).unwrap();
    /// assert_eq!(r.values::<i64>("f").unwrap(), vec![1, 2]);
    /// ```
    pub fn first_n(&self, n: i64) -> Ts<T> {
        super::first_n(self, n)
    }

    /// [`delay`](super::delay): every tick, `by` (a duration or a tick count) later.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let st = Time::EPOCH;
    /// let x = curve(&g, (1..=4).map(|i| (st + secs(i), i)).collect::<Vec<_>>());
    /// g.output("d", x.delay(secs(1)));
    /// let r = g.run(RunConfig::historical_for(st, secs(9))).unwrap();
    /// assert_eq!(r.series::<i64>("d").unwrap()[0], (st + secs(2), 1));
    /// ```
    pub fn delay(&self, by: impl Into<Lag>) -> Ts<T> {
        super::delay(self, by)
    }

    /// [`lag`](super::lag): on every tick, the value `by` ago.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let st = Time::EPOCH;
    /// let x = curve(&g, (1..=4).map(|i| (st + secs(i), i)).collect::<Vec<_>>());
    /// g.output("l", x.lag(1));
    /// let r = g.run(RunConfig::historical_for(st, secs(9))).unwrap();
    /// assert_eq!(r.values::<i64>("l").unwrap(), vec![1, 2, 3]);
    /// ```
    pub fn lag(&self, by: impl Into<Lag>) -> Ts<T> {
        super::lag(self, by)
    }

    /// [`sample`](super::sample): the current value on every tick of `trigger`.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let st = Time::EPOCH;
    /// let x = curve(&g, (1..=4).map(|i| (st + secs(i), i)).collect::<Vec<_>>());
    /// g.output("s", x.sample(timer(&g, secs(2), ())));
    /// let r = g.run(RunConfig::historical_for(st, secs(4))).unwrap();
    /// assert_eq!(r.values::<i64>("s").unwrap(), vec![2, 4]);
    /// ```
    pub fn sample<U: Value>(&self, trigger: impl IntoTs<Item = U>) -> Ts<T> {
        super::sample(trigger, self)
    }

    /// [`merge`](super::merge): this series' ticks, and `other`'s where this one did not
    /// tick.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let st = Time::EPOCH;
    /// let x = curve(&g, (1..=4).map(|i| (st + secs(i), i)).collect::<Vec<_>>());
    /// g.output("m", x.merge(const_(&g, 0)));
    /// let r = g.run(RunConfig::historical_for(st, secs(9))).unwrap();
    /// assert_eq!(r.values::<i64>("m").unwrap(), vec![0, 1, 2, 3, 4]);
    /// ```
    pub fn merge(&self, other: impl IntoTs<Item = T>) -> Ts<T> {
        super::merge(self, other)
    }

    /// [`times`](super::times): the engine time of every tick.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let st = Time::EPOCH;
    /// let x = curve(&g, (1..=4).map(|i| (st + secs(i), i)).collect::<Vec<_>>());
    /// g.output("t", x.times());
    /// let r = g.run(RunConfig::historical_for(st, secs(9))).unwrap();
    /// assert_eq!(r.values::<Time>("t").unwrap()[0], st + secs(1));
    /// ```
    pub fn times(&self) -> Ts<crate::time::Time> {
        super::times(self)
    }

    /// [`cast`](super::cast): every value converted with `Into`.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let st = Time::EPOCH;
    /// let x = const_(&g, 7u8);
    /// g.output("c", x.cast::<i64>());
    /// let r = g.run(RunConfig::historical_for(st, secs(1))).unwrap();
    /// assert_eq!(r.values::<i64>("c").unwrap(), vec![7]);
    /// ```
    pub fn cast<U: Value>(&self) -> Ts<U>
    where
        T: Into<U>,
    {
        super::cast(self)
    }

    /// [`drop_dups`](super::drop_dups): consecutive duplicates dropped.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let st = Time::EPOCH;
    /// let x = curve(&g, vec![(st, 1), (st + secs(1), 1), (st + secs(2), 2)]);
    /// g.output("d", x.drop_dups());
    /// let r = g.run(RunConfig::historical_for(st, secs(9))).unwrap();
    /// assert_eq!(r.values::<i32>("d").unwrap(), vec![1, 2]);
    /// ```
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
