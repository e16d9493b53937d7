//! The kinds of statistic: each one's own options (with their builder methods) and the
//! accumulator it makes. A `Rolling<X, K>` is named by its kind, `Rolling<f64,
//! kind::Quantile>` for example.

use super::builder::{Config, Kind, Rolling, Sealed, Weighted, WindowSpec};
use super::ema::{AlphaEma, AnyEma, Ema as EmaAcc, EmaCov, EmaMoment as Moment, HalflifeEma};
use super::input::ToFloat;
use super::moments::{self, VarOut};
use super::node::Gate;
use super::order::{self, Extreme, Interpolation, NaOption, RankMethod};
use super::ost::OrderStat;
use super::values;
use crate::time::saturating_nanos;
use chrono::TimeDelta;
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
    type Acc = moments::Cov;
    fn name(&self) -> &'static str {
        if self.corr { "corr" } else { "cov" }
    }
    fn accumulator(&self, cfg: &Config) -> moments::Cov {
        moments::Cov::new(self.ddof, cfg.weighted, self.corr)
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
    type Acc = moments::Shape;
    fn name(&self) -> &'static str {
        if self.kurt { "kurt" } else { "skew" }
    }
    fn accumulator(&self, cfg: &Config) -> moments::Shape {
        moments::Shape::new(cfg.weighted, self.bias, self.kurt.then_some(self.excess))
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

/// The decay of an exponential statistic and its EMA options.
#[derive(Clone, Debug)]
pub struct EmaParams {
    pub(crate) alpha: Option<f64>,
    pub(crate) span: Option<f64>,
    pub(crate) com: Option<f64>,
    pub(crate) halflife: Option<TimeDelta>,
    pub(crate) adjust: bool,
    pub(crate) horizon: Option<usize>,
    pub(crate) min_periods: u64,
}

impl Default for EmaParams {
    fn default() -> Self {
        EmaParams {
            alpha: None,
            span: None,
            com: None,
            halflife: None,
            adjust: true,
            horizon: None,
            min_periods: 1,
        }
    }
}

impl EmaParams {
    /// csp's `_validate_ema` (and the window's consistency with the horizon).
    fn check(&self, cfg: &Config) -> Result<(), String> {
        let given = [
            self.alpha.is_some(),
            self.span.is_some(),
            self.com.is_some(),
            self.halflife.is_some(),
        ];
        match given.iter().filter(|g| **g).count() {
            0 => return Err("one of alpha, span, com or halflife must be given".into()),
            1 => {}
            _ => return Err("only one of alpha, span, com or halflife can be given".into()),
        }
        if self.horizon.is_some() && !self.adjust {
            return Err("an EMA with a finite horizon must be adjusted".into());
        }
        if let Some(h) = self.halflife {
            if h <= TimeDelta::zero() {
                return Err("halflife must be positive".into());
            }
            if self.horizon.is_some() {
                return Err("horizon is not supported with halflife".into());
            }
        } else {
            let a = self.alpha_value();
            if !(0.0..=1.0).contains(&a) {
                return Err(format!("alpha must be in [0, 1] (got {a})"));
            }
        }
        if self.horizon == Some(0) {
            return Err("horizon must be positive".into());
        }
        if cfg.window
            != self
                .horizon
                .map_or(WindowSpec::Expanding, WindowSpec::Ticks)
        {
            return Err("an EMA's window is its horizon: use horizon(n)".into());
        }
        if cfg.min_window.is_some() {
            return Err("an EMA has no min_window: use min_periods".into());
        }
        Ok(())
    }

    fn alpha_value(&self) -> f64 {
        if let Some(a) = self.alpha {
            a
        } else if let Some(s) = self.span {
            2.0 / (s + 1.0)
        } else if let Some(c) = self.com {
            1.0 / (1.0 + c)
        } else {
            f64::NAN
        }
    }

    fn ema(&self, ignore_na: bool) -> AnyEma {
        match self.halflife {
            Some(h) => AnyEma::Halflife(HalflifeEma::new(saturating_nanos(h).max(1), self.adjust)),
            None => AnyEma::Alpha(AlphaEma::new(
                self.alpha_value(),
                self.adjust,
                ignore_na,
                self.horizon.unwrap_or(0) as i64,
            )),
        }
    }

    fn gate(&self) -> Gate {
        if self.min_periods > 1 {
            Gate::XTicks(self.min_periods)
        } else {
            Gate::Open
        }
    }
}

/// `ema`.
#[derive(Clone, Debug, Default)]
pub struct Ema {
    pub(crate) p: EmaParams,
}
impl Sealed for Ema {}
impl Kind for Ema {
    type Acc = EmaAcc;
    const IGNORE_NA: bool = false;
    fn name(&self) -> &'static str {
        "ema"
    }
    fn check(&self, cfg: &Config) -> Result<(), String> {
        self.p.check(cfg)
    }
    fn accumulator(&self, cfg: &Config) -> EmaAcc {
        EmaAcc(self.p.ema(cfg.ignore_na))
    }
    fn validator_ignore_na(&self, _cfg: &Config) -> bool {
        true
    }
    fn gate(&self, _cfg: &Config) -> Gate {
        self.p.gate()
    }
}

/// `ema_cov`, `ema_var` or `ema_std`.
#[derive(Clone, Debug)]
pub struct EmaMoment {
    pub(crate) p: EmaParams,
    pub(crate) bias: bool,
    pub(crate) out: Moment,
    /// `ema_var`/`ema_std`: `y` is `x`.
    pub(crate) univariate: bool,
}
impl Sealed for EmaMoment {}
impl Kind for EmaMoment {
    type Acc = EmaCov;
    const IGNORE_NA: bool = false;
    fn name(&self) -> &'static str {
        match self.out {
            Moment::Cov => "ema_cov",
            Moment::Var => "ema_var",
            Moment::Std => "ema_std",
        }
    }
    fn check(&self, cfg: &Config) -> Result<(), String> {
        self.p.check(cfg)
    }
    fn accumulator(&self, cfg: &Config) -> EmaCov {
        EmaCov::new(
            self.p.ema(cfg.ignore_na),
            self.bias,
            self.out,
            self.univariate,
        )
    }
    fn validator_ignore_na(&self, _cfg: &Config) -> bool {
        true
    }
    fn gate(&self, _cfg: &Config) -> Gate {
        self.p.gate()
    }
}

/// The kinds with EMA options.
pub trait EmaKind: Kind {
    #[doc(hidden)]
    fn params(&mut self) -> &mut EmaParams;
}
impl EmaKind for Ema {
    fn params(&mut self) -> &mut EmaParams {
        &mut self.p
    }
}
impl EmaKind for EmaMoment {
    fn params(&mut self) -> &mut EmaParams {
        &mut self.p
    }
}

impl<X: ToFloat, K: EmaKind> Rolling<X, K> {
    /// The decay per tick: weights `(1 - alpha)^age`.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::ema(&x).alpha(0.5).adjust(false));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap(), vec![1.0, 1.5, 2.25, 3.125, 4.0625]);
    /// ```
    pub fn alpha(self, alpha: f64) -> Self {
        self.with_kind(|k, _| k.params().alpha = Some(alpha))
    }

    /// The decay as a span: `alpha = 2 / (span + 1)`.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::ema(&x).span(3.0).adjust(false));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap(), vec![1.0, 1.5, 2.25, 3.125, 4.0625]);
    /// ```
    pub fn span(self, span: f64) -> Self {
        self.with_kind(|k, _| k.params().span = Some(span))
    }

    /// The decay as a center of mass: `alpha = 1 / (1 + com)`.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::ema(&x).com(1.0).adjust(false));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap(), vec![1.0, 1.5, 2.25, 3.125, 4.0625]);
    /// ```
    pub fn com(self, com: f64) -> Self {
        self.with_kind(|k, _| k.params().com = Some(com))
    }

    /// The decay by elapsed time: a weight halves every `h`.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::ema(&x).halflife(secs(86_400)));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// let v = r.values::<f64>("s").unwrap();
    /// assert!((v[1] - 5.0 / 3.0).abs() < 1e-12);
    /// ```
    pub fn halflife(self, h: TimeDelta) -> Self {
        self.with_kind(|k, _| k.params().halflife = Some(h))
    }

    /// The adjusted (normalised) form (default true) or the recursive one.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::ema(&x).alpha(0.5));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// let v = r.values::<f64>("s").unwrap();
    /// assert!((v[1] - 2.5 / 1.5).abs() < 1e-12);
    /// ```
    pub fn adjust(self, adjust: bool) -> Self {
        self.with_kind(|k, _| k.params().adjust = adjust)
    }

    /// Only the last `n` samples count (a finite window; requires `adjust`).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::ema(&x).alpha(0.5).horizon(1));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// let v = r.values::<f64>("s").unwrap();
    /// assert!(v.iter().zip([1.0, 2.0, 3.0, 4.0, 5.0]).all(|(a, b)| (a - b).abs() < 1e-12));
    /// ```
    pub fn horizon(mut self, n: usize) -> Self {
        self.cfg.window = WindowSpec::Ticks(n);
        self.with_kind(|k, _| k.params().horizon = Some(n))
    }

    /// No output until `x` has ticked `n` times (default 1).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::ema(&x).alpha(0.5).min_periods(3));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap().len(), 3);
    /// ```
    pub fn min_periods(self, n: u64) -> Self {
        self.with_kind(|k, _| k.params().min_periods = n)
    }
}

impl<X: ToFloat> Rolling<X, EmaMoment> {
    /// The biased estimator, without the debiasing factor (default false).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::ema_var(&x).alpha(0.5).bias(true));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// let v = r.values::<f64>("s").unwrap();
    /// assert_eq!(v[0], 0.0);
    /// ```
    pub fn bias(self, bias: bool) -> Self {
        self.with_kind(|k, _| k.bias = bias)
    }

    /// Discards the ticks of one series without the other instead of failing the run
    /// (`ema_cov`).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// let y = curve(&g, [(day(0), 2.0), (day(1), 4.0)]);
    /// g.output("s", stats::ema_cov(&x, &y).alpha(0.5).bias(true).allow_non_overlapping(true));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap().len(), 2);
    /// ```
    pub fn allow_non_overlapping(mut self, allow: bool) -> Self {
        self.allow_non_overlapping = allow;
        self
    }
}
