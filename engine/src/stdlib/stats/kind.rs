//! The kinds of statistic: each one's own options (with their builder methods) and the
//! accumulator it makes. A `Rolling<X, K>` is named by its kind, `Rolling<f64,
//! kind::Quantile>` for example; the functions of [`stats`](super) make them.
//!
//! ```
//! use tickgraph_engine::prelude::*;
//! use tickgraph_engine::stdlib::stats::{Rolling, kind};
//! let g = Graph::new();
//! let x = curve(&g, [(Time::EPOCH, 3.0), (Time::EPOCH + secs(1), 1.0)]);
//! let q: Rolling<f64, kind::Quantile> = stats::median(&x);
//! let lo: Rolling<f64, kind::MinMax> = stats::min(&x);
//! g.output("q", q);
//! g.output("lo", lo);
//! let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(5))).unwrap();
//! assert_eq!(r.values::<f64>("q").unwrap(), vec![3.0, 2.0]);
//! assert_eq!(r.values::<f64>("lo").unwrap(), vec![3.0, 1.0]);
//! ```

use super::builder::{Config, Kind, Rolling, Sealed, Weighted, WindowSpec};
use super::comoments;
use super::input::ToFloat;
use super::moments::{self, VarOut};
use super::order::{self, Extreme, Interpolation, NaOption, RankMethod};
use super::ost::OrderStat;
use super::values;
use std::collections::VecDeque;

/// The most values an accumulator's own buffer holds: a tick window's size (reserved up
/// front, so a tick window allocates nothing per tick), else 0 (grown as needed).
fn capacity(cfg: &Config) -> usize {
    match cfg.window {
        WindowSpec::Ticks(n) => n,
        _ => 0,
    }
}

macro_rules! simple_kind {
    ($(#[$doc:meta])* $name:ident, $label:literal, $acc:ty, $make:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default)]
        pub struct $name;
        impl Sealed for $name {}
        impl Kind for $name {
            type Acc = $acc;
            fn name(&self) -> &'static str {
                $label
            }
            fn accumulator(&self, cfg: &Config) -> $acc {
                let f: fn(&Config) -> $acc = $make;
                f(cfg)
            }
        }
    };
}

simple_kind!(
    /// `count`: the number of valid points.
    Count, "count", moments::Count, |_| moments::Count::default()
);
simple_kind!(
    /// `prod`: the product.
    Prod, "prod", moments::Prod, |_| moments::Prod::default()
);
simple_kind!(
    /// `gmean`: `exp(mean(ln x))`.
    GMean, "gmean", moments::Mean<true>, |_| moments::Mean::new(false)
);
simple_kind!(
    /// `first`: the oldest value.
    First, "first", values::First, |cfg| values::First(VecDeque::with_capacity(capacity(cfg)))
);
simple_kind!(
    /// `last`: the newest value.
    Last, "last", values::Last, |_| values::Last::default()
);
/// `cross_sectional`: the window's values.
#[derive(Clone, Debug, Default)]
pub struct CrossSectional;
impl Sealed for CrossSectional {}
impl Kind for CrossSectional {
    type Acc = values::CrossSectional;
    fn name(&self) -> &'static str {
        "cross_sectional"
    }
    fn accumulator(&self, cfg: &Config) -> values::CrossSectional {
        values::CrossSectional(VecDeque::with_capacity(capacity(cfg)))
    }
    /// The window as it is, NaNs included: csp's cross_sectional has no `ignore_na`.
    fn validator_ignore_na(&self, _cfg: &Config) -> bool {
        true
    }
}

/// `mean` (weights allowed).
#[derive(Clone, Debug, Default)]
pub struct Mean;
impl Sealed for Mean {}
impl Weighted for Mean {}
impl Kind for Mean {
    type Acc = moments::Mean<false>;
    fn name(&self) -> &'static str {
        "mean"
    }
    fn accumulator(&self, cfg: &Config) -> moments::Mean<false> {
        moments::Mean::new(cfg.weighted)
    }
}

/// `sum` (weights allowed; `precise` for Kahan summation).
#[derive(Clone, Debug, Default)]
pub struct Sum {
    pub(crate) precise: bool,
}
impl Sealed for Sum {}
impl Weighted for Sum {}
impl Kind for Sum {
    type Acc = moments::Sum;
    fn name(&self) -> &'static str {
        "sum"
    }
    fn accumulator(&self, _cfg: &Config) -> moments::Sum {
        moments::Sum::new(self.precise)
    }
}

impl<X: ToFloat> Rolling<X, Sum> {
    /// Kahan (compensated) summation, csp's `precise=True`.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::sum(&x).ticks(2).precise(true));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap(), vec![3.0, 5.0, 3.0, 5.0]);
    /// ```
    pub fn precise(self, precise: bool) -> Self {
        self.with_kind(|k, _| k.precise = precise)
    }
}

/// `var`, `stddev` or `sem` (weights allowed; `ddof`, default 1).
#[derive(Clone, Debug)]
pub struct Var {
    pub(crate) ddof: i64,
    pub(crate) out: VarOut,
}
impl Sealed for Var {}
impl Weighted for Var {}
impl Kind for Var {
    type Acc = moments::Var;
    fn name(&self) -> &'static str {
        match self.out {
            VarOut::Var => "var",
            VarOut::Std => "stddev",
            VarOut::Sem => "sem",
        }
    }
    fn accumulator(&self, cfg: &Config) -> moments::Var {
        moments::Var::new(self.ddof, cfg.weighted, self.out)
    }
}

impl<X: ToFloat> Rolling<X, Var> {
    /// Delta degrees of freedom: the divisor is `n - ddof` (default 1).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::var(&x).ticks(2).ddof(0));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap(), vec![0.25, 0.25, 0.0, 0.0]);
    /// ```
    pub fn ddof(self, ddof: i64) -> Self {
        self.with_kind(|k, _| k.ddof = ddof)
    }
}

/// `cov` or `corr` of two series ticking together (weights allowed).
#[derive(Clone, Debug)]
pub struct Cov {
    pub(crate) ddof: i64,
    pub(crate) corr: bool,
}
impl Sealed for Cov {}
impl Weighted for Cov {}
impl Kind for Cov {
    type Acc = comoments::Cov;
    fn name(&self) -> &'static str {
        if self.corr { "corr" } else { "cov" }
    }
    fn accumulator(&self, cfg: &Config) -> comoments::Cov {
        comoments::Cov::new(self.ddof, cfg.weighted, self.corr)
    }
}

impl<X: ToFloat> Rolling<X, Cov> {
    /// Delta degrees of freedom of the covariance (default 1; no effect on `corr`).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// let y = x.map(|v| 2.0 * v).into_ts();
    /// g.output("s", stats::cov(&x, &y).ticks(2).ddof(0));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// let v = r.values::<f64>("s").unwrap();
    /// assert!((v[0] - 0.5).abs() < 1e-12);
    /// ```
    pub fn ddof(self, ddof: i64) -> Self {
        self.with_kind(|k, _| k.ddof = ddof)
    }

    /// Discards the ticks of one series without the other instead of failing the run.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// let y = curve(&g, [(day(0), 2.0), (day(1), 4.0)]);
    /// g.output("s", stats::cov(&x, &y).ticks(2).allow_non_overlapping(true));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap(), vec![1.0]);
    /// ```
    pub fn allow_non_overlapping(mut self, allow: bool) -> Self {
        self.allow_non_overlapping = allow;
        self
    }
}

/// `skew` or `kurt` (weights allowed; `bias`, and `excess` for kurtosis).
#[derive(Clone, Debug)]
pub struct Shape {
    pub(crate) bias: bool,
    pub(crate) excess: bool,
    pub(crate) kurt: bool,
}
impl Sealed for Shape {}
impl Weighted for Shape {}
impl Kind for Shape {
    type Acc = comoments::Shape;
    fn name(&self) -> &'static str {
        if self.kurt { "kurt" } else { "skew" }
    }
    fn accumulator(&self, cfg: &Config) -> comoments::Shape {
        comoments::Shape::new(cfg.weighted, self.bias, self.kurt.then_some(self.excess))
    }
}

impl<X: ToFloat> Rolling<X, Shape> {
    /// The biased (population) estimator instead of the unbiased one (default false).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::skew(&x).bias(true));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// let v = r.values::<f64>("s").unwrap();
    /// assert!(v[2].abs() < 1e-12);
    /// ```
    pub fn bias(self, bias: bool) -> Self {
        self.with_kind(|k, _| k.bias = bias)
    }

    /// Kurtosis minus 3 (default true; kurtosis only).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::kurt(&x).bias(true).excess(false));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// let v = r.values::<f64>("s").unwrap();
    /// assert!((v[4] - 1.7).abs() < 1e-12);
    /// ```
    pub fn excess(self, excess: bool) -> Self {
        self.with_kind(|k, _| k.excess = excess)
    }
}

/// `min` or `max`.
#[derive(Clone, Debug)]
pub struct MinMax {
    pub(crate) max: bool,
}
impl Sealed for MinMax {}
impl Kind for MinMax {
    type Acc = order::MinMax;
    fn name(&self) -> &'static str {
        if self.max { "max" } else { "min" }
    }
    fn accumulator(&self, cfg: &Config) -> order::MinMax {
        order::MinMax(Extreme::new(self.max, capacity(cfg)))
    }
}

/// `argmin` or `argmax`: the time of the extreme.
#[derive(Clone, Debug)]
pub struct ArgMinMax {
    pub(crate) max: bool,
    pub(crate) most_recent: bool,
}
impl Sealed for ArgMinMax {}
impl Kind for ArgMinMax {
    type Acc = order::ArgExtreme;
    fn name(&self) -> &'static str {
        if self.max { "argmax" } else { "argmin" }
    }
    fn accumulator(&self, cfg: &Config) -> order::ArgExtreme {
        order::ArgExtreme {
            extreme: Extreme::new(self.max, capacity(cfg)),
            most_recent: self.most_recent,
        }
    }
}

impl<X: ToFloat> Rolling<X, ArgMinMax> {
    /// Among tied extremes, the most recent (default true) or the oldest.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 2.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("at", stats::argmax(&x).return_most_recent(false));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<Time>("at").unwrap(), vec![day(0), day(1), day(1)]);
    /// ```
    pub fn return_most_recent(self, recent: bool) -> Self {
        self.with_kind(|k, _| k.most_recent = recent)
    }
}

/// `quantile` (one or several) or `median`.
#[derive(Clone, Debug)]
pub struct Quantile {
    pub(crate) quants: Vec<f64>,
    pub(crate) interpolation: Interpolation,
    pub(crate) median: bool,
}
impl Sealed for Quantile {}
impl Kind for Quantile {
    type Acc = order::Quantile;
    fn name(&self) -> &'static str {
        if self.median { "median" } else { "quantile" }
    }
    fn check(&self, _cfg: &Config) -> Result<(), String> {
        if self.quants.is_empty() {
            return Err("at least one quantile must be given".into());
        }
        match self.quants.iter().find(|q| !(0.0..=1.0).contains(*q)) {
            Some(q) => Err(format!("quantile {q} is not in [0, 1]")),
            None => Ok(()),
        }
    }
    fn outputs(&self) -> usize {
        self.quants.len().max(1)
    }
    fn accumulator(&self, cfg: &Config) -> order::Quantile {
        order::Quantile {
            tree: OrderStat::with_capacity(capacity(cfg)),
            // Out-of-range quantiles are reported at build; clamp so a run cannot index
            // past the window.
            quants: self.quants.iter().map(|q| q.clamp(0.0, 1.0)).collect(),
            interpolation: self.interpolation,
        }
    }
}

impl<X: ToFloat> Rolling<X, Quantile> {
    /// How a quantile between two values is interpolated (default linear).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::quantile(&x, 0.5).ticks(2).interpolation(stats::Interpolation::Higher));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap(), vec![2.0, 3.0, 3.0, 5.0]);
    /// ```
    pub fn interpolation(self, i: Interpolation) -> Self {
        self.with_kind(|k, _| k.interpolation = i)
    }
}

/// `rank` of the latest value.
#[derive(Clone, Debug)]
pub struct Rank {
    pub(crate) method: RankMethod,
    pub(crate) na: NaOption,
}
impl Sealed for Rank {}
impl Kind for Rank {
    type Acc = order::Rank;
    fn name(&self) -> &'static str {
        "rank"
    }
    fn accumulator(&self, cfg: &Config) -> order::Rank {
        order::Rank {
            tree: OrderStat::with_capacity(capacity(cfg)),
            method: self.method,
            na: self.na,
            last: f64::NAN,
        }
    }
}

impl<X: ToFloat> Rolling<X, Rank> {
    /// How ties are ranked (default min).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 2.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::rank(&x).method(stats::RankMethod::Avg));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap(), vec![0.0, 1.0, 1.5]);
    /// ```
    pub fn method(self, m: RankMethod) -> Self {
        self.with_kind(|k, _| k.method = m)
    }

    /// What a NaN latest sample gives (default keep: NaN).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::rank(&x).ticks(3).na_option(stats::NaOption::Last));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap(), vec![2.0, 1.0, 1.0]);
    /// ```
    pub fn na_option(self, na: NaOption) -> Self {
        self.with_kind(|k, _| k.na = na)
    }
}

/// `unique`: distinct values to `precision` decimals (default 10).
#[derive(Clone, Debug)]
pub struct Unique {
    pub(crate) precision: i32,
}
impl Sealed for Unique {}
impl Kind for Unique {
    type Acc = values::Unique;
    fn name(&self) -> &'static str {
        "unique"
    }
    fn accumulator(&self, _cfg: &Config) -> values::Unique {
        values::Unique::new(self.precision)
    }
}

impl<X: ToFloat> Rolling<X, Unique> {
    /// Values equal to this many decimals count once (default 10).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.2, 1.4, 2.1].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::unique(&x).precision(0));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap(), vec![1.0, 1.0, 2.0]);
    /// ```
    pub fn precision(self, p: i32) -> Self {
        self.with_kind(|k, _| k.precision = p)
    }
}

pub use super::ema_kind::{Ema, EmaKind, EmaMoment, EmaParams};
