//! The statistics, one function each: every one returns a [`Rolling`] builder.

use super::builder::{Kind, Rolling};
use super::ema_moments::EmaMoment as Moment;
use super::input::{self, ToFloat};
use super::kind::{self, EmaParams};
use super::moments::VarOut;
use super::order::{Interpolation, NaOption, RankMethod};
use crate::graph::IntoTs;

/// The number of valid (non-NaN) points in the window (csp's `count`; NaN with
/// `ignore_na(false)` while a NaN is in the window).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("n", stats::count(&x).ticks(3));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// assert_eq!(r.values::<f64>("n").unwrap(), vec![3.0, 2.0, 2.0]);
/// ```
pub fn count<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::Count> {
    Rolling::new(x, kind::Count)
}

/// The sum of the window (csp's `sum`; `precise` for Kahan summation, `weights` for
/// `sum(x * w)`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("s", stats::sum(&x).ticks(3));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// assert_eq!(r.values::<f64>("s").unwrap(), vec![6.0, 5.0, 8.0]);
/// ```
pub fn sum<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::Sum> {
    Rolling::new(x, kind::Sum::default())
}

/// The product of the window (csp's `prod`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("p", stats::prod(&x).ticks(2));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// assert_eq!(r.values::<f64>("p").unwrap(), vec![2.0, 6.0, 3.0, 5.0]);
/// ```
pub fn prod<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::Prod> {
    Rolling::new(x, kind::Prod)
}

/// The oldest value in the window (csp's `first`; the oldest non-NaN unless
/// `ignore_na(false)`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("f", stats::first(&x).ticks(2));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// assert_eq!(r.values::<f64>("f").unwrap(), vec![1.0, 2.0, 3.0, 5.0]);
/// ```
pub fn first<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::First> {
    Rolling::new(x, kind::First)
}

/// The newest value in the window (csp's `last`; the newest non-NaN unless
/// `ignore_na(false)`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("l", stats::last(&x).ticks(2));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// assert_eq!(r.values::<f64>("l").unwrap(), vec![2.0, 3.0, 3.0, 5.0]);
/// ```
pub fn last<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::Last> {
    Rolling::new(x, kind::Last)
}

/// The arithmetic mean of the window (csp's `mean`; `weights` allowed).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("m", stats::mean(&x).ticks(3));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// assert_eq!(r.values::<f64>("m").unwrap(), vec![2.0, 2.5, 4.0]);
/// ```
pub fn mean<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::Mean> {
    Rolling::new(x, kind::Mean)
}

/// The geometric mean, `exp(mean(ln x))` (csp's `gmean`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("gm", stats::gmean(&x).ticks(2));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// let v = r.values::<f64>("gm").unwrap();
/// assert!((v[0] - 2f64.sqrt()).abs() < 1e-12 && (v[1] - 6f64.sqrt()).abs() < 1e-12);
/// ```
pub fn gmean<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::GMean> {
    Rolling::new(x, kind::GMean)
}

/// The smallest value in the window (csp's `min`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("lo", stats::min(&x).ticks(2));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// assert_eq!(r.values::<f64>("lo").unwrap(), vec![1.0, 2.0, 3.0, 5.0]);
/// ```
pub fn min<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::MinMax> {
    Rolling::new(x, kind::MinMax { max: false })
}

/// The largest value in the window (csp's `max`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("hi", stats::max(&x).ticks(2));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// assert_eq!(r.values::<f64>("hi").unwrap(), vec![2.0, 3.0, 3.0, 5.0]);
/// ```
pub fn max<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::MinMax> {
    Rolling::new(x, kind::MinMax { max: true })
}

/// The median of the window (csp's `median`: the 0.5 quantile, linear).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("med", stats::median(&x).ticks(3).min_window(2));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// assert_eq!(r.values::<f64>("med").unwrap(), vec![1.5, 2.0, 2.5, 4.0]);
/// ```
pub fn median<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::Quantile> {
    Rolling::new(
        x,
        kind::Quantile {
            quants: vec![0.5],
            interpolation: Interpolation::Linear,
            median: true,
        },
    )
}

/// The time of the window's smallest value (csp's `argmin`; the most recent of tied
/// minima unless `return_most_recent(false)`; the epoch when there is none).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("at", stats::argmin(&x).ticks(2));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// assert_eq!(r.values::<Time>("at").unwrap(), vec![day(0), day(1), day(2), day(4)]);
/// ```
pub fn argmin<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::ArgMinMax> {
    Rolling::new(
        x,
        kind::ArgMinMax {
            max: false,
            most_recent: true,
        },
    )
}

/// The time of the window's largest value (csp's `argmax`; the most recent of tied
/// maxima unless `return_most_recent(false)`; the epoch when there is none).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("at", stats::argmax(&x).ticks(2));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// assert_eq!(r.values::<Time>("at").unwrap(), vec![day(1), day(2), day(2), day(4)]);
/// ```
pub fn argmax<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::ArgMinMax> {
    Rolling::new(
        x,
        kind::ArgMinMax {
            max: true,
            most_recent: true,
        },
    )
}

/// The rank of the latest value among the window's, 0 for the smallest (csp's `rank`;
/// `method` for ties, `na_option` for a NaN latest value).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("rk", stats::rank(&x).ticks(3));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// let v = r.values::<f64>("rk").unwrap();
/// assert_eq!(v[0], 2.0);
/// assert!(v[1].is_nan());
/// assert_eq!(v[2], 1.0);
/// ```
pub fn rank<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::Rank> {
    Rolling::new(
        x,
        kind::Rank {
            method: RankMethod::Min,
            na: NaOption::Keep,
        },
    )
}

/// The variance of the window (csp's `var`: Welford's updates; `ddof`, default 1;
/// `weights` allowed).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("v", stats::var(&x).ticks(3));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// let v = r.values::<f64>("v").unwrap();
/// // Welford's running updates, as csp's: equal to [1, 0.5, 2] up to rounding.
/// assert!(v.iter().zip([1.0, 0.5, 2.0]).all(|(a, b)| (a - b).abs() < 1e-12));
/// ```
pub fn var<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::Var> {
    Rolling::new(
        x,
        kind::Var {
            ddof: 1,
            out: VarOut::Var,
        },
    )
}

/// The standard deviation, `var ** 0.5` computed with `pow` as csp does (csp's
/// `stddev`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("sd", stats::stddev(&x).ticks(3));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// let v = r.values::<f64>("sd").unwrap();
/// assert!(v.iter().zip([1.0, 0.5f64.sqrt(), 2f64.sqrt()]).all(|(a, b)| (a - b).abs() < 1e-12));
/// ```
pub fn stddev<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::Var> {
    Rolling::new(
        x,
        kind::Var {
            ddof: 1,
            out: VarOut::Std,
        },
    )
}

/// The standard error of the mean, `sqrt(var / n)` (csp's `sem`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("se", stats::sem(&x).ticks(3));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// assert_eq!(r.values::<f64>("se").unwrap()[0], (1.0f64 / 3.0).sqrt());
/// ```
pub fn sem<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::Var> {
    Rolling::new(
        x,
        kind::Var {
            ddof: 1,
            out: VarOut::Sem,
        },
    )
}

/// The skewness of the window (csp's `skew`; unbiased unless `bias(true)`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("sk", stats::skew(&x));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// let v = r.values::<f64>("sk").unwrap();
/// assert!(v[0].is_nan() && v[1].is_nan());
/// assert!(v[2].abs() < 1e-12);
/// ```
pub fn skew<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::Shape> {
    Rolling::new(
        x,
        kind::Shape {
            bias: false,
            excess: true,
            kurt: false,
        },
    )
}

/// The kurtosis of the window (csp's `kurt`; excess, unbiased unless told).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("k", stats::kurt(&x));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// let v = r.values::<f64>("k").unwrap();
/// assert!(v[2].is_nan());
/// assert!((v[3] - -1.2).abs() < 1e-9);
/// ```
pub fn kurt<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::Shape> {
    Rolling::new(
        x,
        kind::Shape {
            bias: false,
            excess: true,
            kurt: true,
        },
    )
}

/// The number of distinct valid values, compared to `precision` decimals (csp's
/// `unique`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, (0..5).map(|i| (day(i), 7)).collect::<Vec<_>>());
/// g.output("u", stats::unique(&x).ticks(3));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// assert_eq!(r.values::<f64>("u").unwrap(), vec![1.0, 1.0, 1.0]);
/// ```
pub fn unique<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::Unique> {
    Rolling::new(x, kind::Unique { precision: 10 })
}

/// The exponential moving average (csp's `ema`): exactly one of `alpha`, `span`, `com`
/// or `halflife`; adjusted unless `adjust(false)`; `horizon`, `min_periods`, and
/// `ignore_na` (default false: a NaN shifts the next point's weight).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("e", stats::ema(&x).alpha(0.1).adjust(false));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// let v = r.values::<f64>("e").unwrap();
/// assert!((v[4] - 1.9049).abs() < 1e-12);
/// ```
pub fn ema<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::Ema> {
    Rolling::new(x, kind::Ema::default())
}

/// The exponentially weighted variance (csp's `ema_var`: `max(ema_cov(x, x), 0)`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("ev", stats::ema_var(&x).alpha(0.5));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// let v = r.values::<f64>("ev").unwrap();
/// assert!(v[0].is_nan());
/// assert!((v[1] - 0.5).abs() < 1e-12);
/// ```
pub fn ema_var<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::EmaMoment> {
    Rolling::new(
        x,
        kind::EmaMoment {
            p: EmaParams::default(),
            bias: false,
            out: Moment::Var,
            univariate: true,
        },
    )
}

/// The exponentially weighted standard deviation (csp's `ema_std`: `ema_var ** 0.5`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("es", stats::ema_std(&x).alpha(0.5));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// let v = r.values::<f64>("es").unwrap();
/// assert!((v[1] - 0.5f64.sqrt()).abs() < 1e-12);
/// ```
pub fn ema_std<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::EmaMoment> {
    Rolling::new(
        x,
        kind::EmaMoment {
            p: EmaParams::default(),
            bias: false,
            out: Moment::Std,
            univariate: true,
        },
    )
}

/// The window's values, NaNs included, oldest first (csp's `cross_sectional`, as a
/// `Vec` for a custom computation).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("w", stats::cross_sectional(&x).ticks(2));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// assert_eq!(r.values::<Vec<f64>>("w").unwrap()[1], vec![2.0, 3.0]);
/// ```
pub fn cross_sectional<X: ToFloat>(x: impl IntoTs<Item = X>) -> Rolling<X, kind::CrossSectional> {
    Rolling::new(x, kind::CrossSectional)
}

/// The `q` quantile of the window (csp's `quantile`; `interpolation`, default linear).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("q", stats::quantile(&x, 0.25).ticks(3).interpolation(stats::Interpolation::Midpoint));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// assert_eq!(r.values::<f64>("q").unwrap(), vec![1.5, 2.5, 4.0]);
/// ```
pub fn quantile<X: ToFloat>(x: impl IntoTs<Item = X>, q: f64) -> Rolling<X, kind::Quantile> {
    quantiles(x, &[q])
}

/// Several quantiles of one window, one output each: use [`Rolling::into_list`]
/// (csp's `quantile` with a list).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// let qs = stats::quantiles(&x, &[0.0, 1.0]).ticks(3).into_list();
/// g.output("lo", &qs[0]);
/// g.output("hi", &qs[1]);
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// assert_eq!(r.values::<f64>("lo").unwrap(), vec![1.0, 2.0, 3.0]);
/// assert_eq!(r.values::<f64>("hi").unwrap(), vec![3.0, 3.0, 5.0]);
/// ```
pub fn quantiles<X: ToFloat>(x: impl IntoTs<Item = X>, qs: &[f64]) -> Rolling<X, kind::Quantile> {
    Rolling::new(
        x,
        kind::Quantile {
            quants: qs.to_vec(),
            interpolation: Interpolation::Linear,
            median: false,
        },
    )
}

/// The covariance of `x` and `y`, which must tick together (csp's `cov`; `ddof`,
/// `weights`, `allow_non_overlapping`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// let y = curve(&g, [2.0, 4.0, 6.0, 8.0, 11.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("c", stats::cov(&x, &y).ticks(2));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// let v = r.values::<f64>("c").unwrap();
/// assert!(v.iter().zip([1.0, 1.0, 1.0, 1.5]).all(|(a, b)| (a - b).abs() < 1e-12));
/// ```
pub fn cov<X: ToFloat, Y: ToFloat>(
    x: impl IntoTs<Item = X>,
    y: impl IntoTs<Item = Y>,
) -> Rolling<X, kind::Cov> {
    bivariate(
        x,
        y,
        kind::Cov {
            ddof: 1,
            corr: false,
        },
    )
}

/// The correlation of `x` and `y`, which must tick together (csp's `corr`; NaN when a
/// variance is below 1e-9).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// let y = curve(&g, [2.0, 4.0, 6.0, 8.0, 11.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("c", stats::corr(&x, &y).ticks(3));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// let v = r.values::<f64>("c").unwrap();
/// assert!((v[0] - 1.0).abs() < 1e-12);
/// ```
pub fn corr<X: ToFloat, Y: ToFloat>(
    x: impl IntoTs<Item = X>,
    y: impl IntoTs<Item = Y>,
) -> Rolling<X, kind::Cov> {
    bivariate(
        x,
        y,
        kind::Cov {
            ddof: 1,
            corr: true,
        },
    )
}

/// The exponentially weighted covariance of `x` and `y` (csp's `ema_cov`: `ema(xy) -
/// ema(x) ema(y)`, debiased unless `bias(true)`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let day = |i: i64| st + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, 4.0, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// let y = curve(&g, [2.0, 4.0, 6.0, 8.0, 11.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("c", stats::ema_cov(&x, &y).alpha(0.5).bias(true));
/// let r = g.run(RunConfig::historical_for(st, secs(86_400 * 10))).unwrap();
/// let v = r.values::<f64>("c").unwrap();
/// assert_eq!(v[0], 0.0);
/// assert!((v[1] - (9.0 / 1.5 - (2.5 / 1.5) * (5.0 / 1.5))).abs() < 1e-12);
/// ```
pub fn ema_cov<X: ToFloat, Y: ToFloat>(
    x: impl IntoTs<Item = X>,
    y: impl IntoTs<Item = Y>,
) -> Rolling<X, kind::EmaMoment> {
    bivariate(
        x,
        y,
        kind::EmaMoment {
            p: EmaParams::default(),
            bias: false,
            out: Moment::Cov,
            univariate: false,
        },
    )
}

/// A statistic of `x` and `y` (cov, corr, ema_cov): `x`'s builder with `y` as its second
/// series.
fn bivariate<X: ToFloat, Y: ToFloat, K: Kind>(
    x: impl IntoTs<Item = X>,
    y: impl IntoTs<Item = Y>,
    kind: K,
) -> Rolling<X, K> {
    let mut r = Rolling::new(x, kind);
    r.y = Some(input::FloatSignal::new(y.into_ts()));
    r
}
