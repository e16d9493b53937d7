//! The EMA kinds (`ema`, `ema_var`, `ema_std`, `ema_cov`): their decay parameters, checked
//! as csp's `_validate_ema` checks them, and their builder methods. Re-exported by `kind`.

use super::builder::{Config, Kind, Rolling, Sealed, WindowSpec};
use super::ema::{AlphaEma, AnyEma, Ema as EmaAcc, HalflifeEma};
use super::ema_moments::{EmaCov, EmaMoment as Moment};
use super::input::ToFloat;
use super::node::Gate;
use crate::time::saturating_nanos;
use chrono::TimeDelta;

/// The decay of an exponential statistic and its EMA options, set through the
/// [`EmaKind`] builder methods (`alpha`, `span`, `com`, `halflife`, `adjust`, `horizon`,
/// `min_periods`).
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

/// The kinds with EMA options (`ema`, `ema_var`, `ema_std`, `ema_cov`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// use tickgraph_engine::stdlib::stats::{EmaKind, Rolling};
/// fn fast<K: EmaKind>(r: Rolling<f64, K>) -> Rolling<f64, K> {
///     r.alpha(0.5).adjust(false)
/// }
/// let g = Graph::new();
/// let x = curve(&g, [(Time::EPOCH, 1.0), (Time::EPOCH + secs(1), 3.0)]);
/// g.output("e", fast(stats::ema(&x)));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(5))).unwrap();
/// assert_eq!(r.values::<f64>("e").unwrap(), vec![1.0, 2.0]);
/// ```
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
