//! The builder every statistic returns: window, startup and NaN options, the optional
//! series (trigger, sampler, reset, weights), then the node, made when the builder is used
//! as a time series.

use super::input::{FloatSignal, Signal, ToFloat};
use super::node::{Accumulator, Gate, Second, StatsNode};
use super::window::{Expanding, Sample, TickWindow, TimeWindow};
use crate::error::Error;
use crate::graph::{Graph, IntoTs, Ts};
use crate::time::saturating_nanos;
use crate::ts::Value;
use chrono::TimeDelta;

/// The window a statistic runs over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WindowSpec {
    /// Everything since the start (or the last reset).
    Expanding,
    /// The last `n` samples.
    Ticks(usize),
    /// The samples of `(now - d, now]`.
    Time(TimeDelta),
}

/// A `min_window`: a number of samples for tick windows, a time since the start for time
/// windows (the same kind as the window, as csp requires).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// use tickgraph_engine::stdlib::stats::MinWindow;
/// assert_eq!(MinWindow::from(3u64), MinWindow::Ticks(3));
/// assert_eq!(MinWindow::from(secs(2)), MinWindow::Time(secs(2)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MinWindow {
    /// No output until the sampler has ticked this many times.
    Ticks(u64),
    /// No output before the run's start plus this.
    Time(TimeDelta),
}

impl From<u64> for MinWindow {
    fn from(n: u64) -> Self {
        MinWindow::Ticks(n)
    }
}

impl From<TimeDelta> for MinWindow {
    fn from(d: TimeDelta) -> Self {
        MinWindow::Time(d)
    }
}

/// The options every statistic has, as the builder collected them.
#[doc(hidden)]
#[derive(Clone)]
pub struct Config {
    pub(crate) window: WindowSpec,
    pub(crate) min_window: Option<MinWindow>,
    pub(crate) min_data_points: u64,
    pub(crate) ignore_na: bool,
    pub(crate) weighted: bool,
}

mod sealed {
    pub trait Sealed {}
}
pub(crate) use sealed::Sealed;

/// A kind of statistic (`Sum`, `Mean`, `Quantile`, ...): its own options and how it makes
/// its accumulator. Implemented by this module's kinds only; a bound for code generic over
/// statistics.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// use tickgraph_engine::stdlib::stats::{Kind, Rolling};
/// fn last_two<K: Kind>(r: Rolling<f64, K>) -> Rolling<f64, K> {
///     r.ticks(2)
/// }
/// let g = Graph::new();
/// let x = curve(&g, (0..3).map(|i| (Time::EPOCH + secs(i), i as f64)).collect::<Vec<_>>());
/// g.output("s", last_two(stats::sum(&x)));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(5))).unwrap();
/// assert_eq!(r.values::<f64>("s").unwrap(), vec![1.0, 3.0]);
/// ```
pub trait Kind: Sealed + Clone + 'static {
    /// The accumulator that computes it.
    #[doc(hidden)]
    type Acc: Accumulator;
    /// The statistic's name (the node is named `stats::<name>`).
    #[doc(hidden)]
    fn name(&self) -> &'static str;
    /// csp's default `ignore_na` for this statistic.
    #[doc(hidden)]
    const IGNORE_NA: bool = true;
    /// Checks the kind's own options against the configuration.
    #[doc(hidden)]
    fn check(&self, _cfg: &Config) -> Result<(), String> {
        Ok(())
    }
    /// The accumulator for one run.
    #[doc(hidden)]
    fn accumulator(&self, cfg: &Config) -> Self::Acc;
    /// The number of outputs (several quantiles).
    #[doc(hidden)]
    fn outputs(&self) -> usize {
        1
    }
    /// The `ignore_na` the NaN bookkeeping uses (EMAs treat NaNs themselves).
    #[doc(hidden)]
    fn validator_ignore_na(&self, cfg: &Config) -> bool {
        cfg.ignore_na
    }
    /// The startup gate (csp's `min_window` filter; EMAs use `min_periods`).
    #[doc(hidden)]
    fn gate(&self, cfg: &Config) -> Gate {
        default_gate(cfg)
    }
}

/// csp's `min_window` filter: defaults to the window; a tick `min_window` of 0 or 1 and
/// a time `min_window` of 0 need no filter.
pub(crate) fn default_gate(cfg: &Config) -> Gate {
    let mw = cfg.min_window.or(match cfg.window {
        WindowSpec::Expanding => None,
        WindowSpec::Ticks(n) => Some(MinWindow::Ticks(n as u64)),
        WindowSpec::Time(d) => Some(MinWindow::Time(d)),
    });
    match mw {
        Some(MinWindow::Ticks(n)) if n > 1 => Gate::Samples(n),
        Some(MinWindow::Time(d)) if d > TimeDelta::zero() => Gate::Elapsed(saturating_nanos(d)),
        _ => Gate::Open,
    }
}

/// A rolling statistic of `x`, being configured; a node once used as a time series
/// (`IntoTs`, [`Rolling::into_ts`], or [`Rolling::into_list`] for several outputs).
///
/// The window is expanding unless [`Rolling::ticks`] or [`Rolling::time`] says otherwise.
/// A configuration mistake (a window of 0, a `min_window` of the other kind, ...) is
/// recorded in the graph and returned by `Graph::run` as [`Error::InvalidArgument`].
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let x = curve(&g, (0..5).map(|i| (st + secs(i), i as f64)).collect::<Vec<_>>());
/// g.output("m", stats::mean(&x).ticks(2));
/// let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
/// assert_eq!(r.values::<f64>("m").unwrap(), vec![0.5, 1.5, 2.5, 3.5]);
/// ```
#[must_use = "a statistic is a node only once it is used as a time series"]
pub struct Rolling<X, K> {
    pub(crate) x: Ts<X>,
    pub(crate) y: Option<FloatSignal>,
    pub(crate) allow_non_overlapping: bool,
    pub(crate) kind: K,
    pub(crate) cfg: Config,
    pub(crate) trigger: Option<Signal>,
    pub(crate) sampler: Option<Signal>,
    pub(crate) reset: Option<Signal>,
    pub(crate) weights: Option<FloatSignal>,
    pub(crate) errors: Vec<String>,
}

impl<X: ToFloat, K: Kind> Rolling<X, K> {
    pub(crate) fn new(x: impl IntoTs<Item = X>, kind: K) -> Self {
        Rolling {
            x: x.into_ts(),
            y: None,
            allow_non_overlapping: false,
            kind,
            cfg: Config {
                window: WindowSpec::Expanding,
                min_window: None,
                min_data_points: 0,
                ignore_na: K::IGNORE_NA,
                weighted: false,
            },
            trigger: None,
            sampler: None,
            reset: None,
            weights: None,
            errors: Vec::new(),
        }
    }

    /// Over the last `n` samples (csp's `interval=n`); `n` must be positive.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::sum(&x).ticks(2));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap(), vec![3.0, 5.0, 3.0, 5.0]);
    /// ```
    pub fn ticks(mut self, n: usize) -> Self {
        if n == 0 {
            self.errors.push("a tick window must be positive".into());
        }
        self.cfg.window = WindowSpec::Ticks(n);
        self
    }

    /// Over the samples of `(now - d, now]` (csp's `interval=timedelta`); `d` must be
    /// positive (an expanding window is the default).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::sum(&x).time(secs(2 * 86_400)));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap(), vec![5.0, 3.0, 5.0]);
    /// ```
    pub fn time(mut self, d: TimeDelta) -> Self {
        if d <= TimeDelta::zero() {
            self.errors
                .push("a time window must be positive (the default window is expanding)".into());
        }
        self.cfg.window = WindowSpec::Time(d);
        self
    }

    /// Over everything since the start or the last reset (the default).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::sum(&x).ticks(2).expanding());
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap(), vec![1.0, 3.0, 6.0, 6.0, 11.0]);
    /// ```
    pub fn expanding(mut self) -> Self {
        self.cfg.window = WindowSpec::Expanding;
        self
    }

    /// No output until the sampler has ticked `n` times (tick windows), or before the
    /// start plus `d` (time windows). Defaults to the window's size. A startup condition
    /// only: a reset does not apply it again.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::sum(&x).ticks(2).min_window(1));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap(), vec![1.0, 3.0, 5.0, 3.0, 5.0]);
    /// ```
    pub fn min_window(mut self, w: impl Into<MinWindow>) -> Self {
        self.cfg.min_window = Some(w.into());
        self
    }

    /// NaN while fewer than `n` valid points are in the window.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::mean(&x).ticks(2).min_data_points(2));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// let v = r.values::<f64>("s").unwrap();
    /// assert_eq!(&v[..2], &[1.5, 2.5]);
    /// assert!(v[2].is_nan() && v[3].is_nan());
    /// ```
    pub fn min_data_points(mut self, n: u64) -> Self {
        self.cfg.min_data_points = n;
        self
    }

    /// True (the default): NaNs take slots but are left out. False: a NaN in the window
    /// makes the result NaN.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// g.output("s", stats::sum(&x).ticks(2).ignore_na(false));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// let v = r.values::<f64>("s").unwrap();
    /// assert_eq!(&v[..2], &[3.0, 5.0]);
    /// assert!(v[2].is_nan() && v[3].is_nan());
    /// ```
    pub fn ignore_na(mut self, ignore: bool) -> Self {
        self.cfg.ignore_na = ignore;
        self
    }

    /// Computes when `t` ticks (default: when the sampler ticks).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// let t = curve(&g, [(day(4), ())]);
    /// g.output("s", stats::sum(&x).ticks(2).trigger(&t));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap(), vec![5.0]);
    /// ```
    pub fn trigger<U: Value>(mut self, t: impl IntoTs<Item = U>) -> Self {
        self.trigger = Some(Signal::new(t.into_ts()));
        self
    }

    /// Samples `x` when `s` ticks (default: when `x` ticks). A sampler tick without `x`
    /// is a NaN sample; an `x` tick without the sampler is ignored.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// let s = curve(&g, [(day(0), ()), (day(2), ())]);
    /// g.output("s", stats::sum(&x).ticks(2).sampler(&s));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap(), vec![4.0]);
    /// ```
    pub fn sampler<U: Value>(mut self, s: impl IntoTs<Item = U>) -> Self {
        self.sampler = Some(Signal::new(s.into_ts()));
        self
    }

    /// Empties the window when `r` ticks (before the cycle's sample and trigger).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// let reset = curve(&g, [(Time::EPOCH + secs(3 * 43_200), true)]);
    /// g.output("s", stats::sum(&x).ticks(2).reset(&reset));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap(), vec![3.0, 3.0, 3.0, 5.0]);
    /// ```
    pub fn reset<U: Value>(mut self, r: impl IntoTs<Item = U>) -> Self {
        self.reset = Some(Signal::new(r.into_ts()));
        self
    }

    /// The kind's options (for the kind-specific builder methods).
    pub(crate) fn with_kind(mut self, f: impl FnOnce(&mut K, &mut Vec<String>)) -> Self {
        f(&mut self.kind, &mut self.errors);
        self
    }

    /// Adds the statistic to the graph and returns its outputs (one per quantile).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// let qs = stats::quantiles(&x, &[0.0, 1.0]).ticks(2).into_list();
    /// g.output("lo", &qs[0]);
    /// g.output("hi", &qs[1]);
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("lo").unwrap(), vec![1.0, 2.0, 3.0, 5.0]);
    /// assert_eq!(r.values::<f64>("hi").unwrap(), vec![2.0, 3.0, 3.0, 5.0]);
    /// ```
    pub fn into_list(self) -> Vec<Ts<<K::Acc as Accumulator>::Out>> {
        let g = self.x.graph().clone();
        let name = self.kind.name();
        let record = |message: String| {
            g.record_error(Error::InvalidArgument {
                node: format!("stats::{name}"),
                message,
            })
        };
        for e in &self.errors {
            record(e.clone());
        }
        if let Some(mw) = self.cfg.min_window {
            match (self.cfg.window, mw) {
                (WindowSpec::Ticks(_), MinWindow::Time(_))
                | (WindowSpec::Time(_), MinWindow::Ticks(_)) => record(
                    "min_window must be of the same kind as the window (ticks or time)".into(),
                ),
                _ => {}
            }
        }
        if let Err(e) = self.kind.check(&self.cfg) {
            record(e);
        }
        match self.cfg.window {
            WindowSpec::Expanding => self.wire(&g, || Expanding),
            WindowSpec::Ticks(n) => {
                let n = n.max(1);
                let full = self.y.is_some()
                    || self.weights.is_some()
                    || <K::Acc as Accumulator>::NEEDS_TIME;
                if full {
                    self.wire(&g, move || TickWindow::<Sample>::new(n))
                } else {
                    self.wire(&g, move || TickWindow::<f64>::new(n))
                }
            }
            WindowSpec::Time(d) => {
                let d = saturating_nanos(d).max(1);
                self.wire(&g, move || TimeWindow::new(d))
            }
        }
    }

    /// Adds the statistic to the graph and returns its output.
    ///
    /// A statistic with several outputs (several quantiles) needs [`Rolling::into_list`];
    /// here it records an error and returns the first.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// let m: Ts<f64> = stats::mean(&x).ticks(2).into_ts();
    /// g.output("s", &m);
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap(), vec![1.5, 2.5, 3.0, 5.0]);
    /// ```
    pub fn into_ts(self) -> Ts<<K::Acc as Accumulator>::Out> {
        if self.kind.outputs() != 1 {
            self.x.graph().record_error(Error::InvalidArgument {
                node: format!("stats::{}", self.kind.name()),
                message: "several outputs: use into_list".into(),
            });
        }
        self.into_list().swap_remove(0)
    }

    fn wire<W: super::window::Window>(
        self,
        g: &Graph,
        window: impl Fn() -> W + 'static,
    ) -> Vec<Ts<<K::Acc as Accumulator>::Out>> {
        let name = format!("stats::{}", self.kind.name());
        let mut n = g.add_node(&name);
        let xi = n.input("x", &self.x);
        let y = self.y.as_ref().map(|y| y.declare(&mut n, "y"));
        let weights = self.weights.as_ref().map(|w| w.declare(&mut n, "weights"));
        let sampler = self.sampler.as_ref().map(|s| s.declare(&mut n, "sampler"));
        let trigger = self.trigger.as_ref().map(|s| s.declare(&mut n, "trigger"));
        let reset = self.reset.as_ref().map(|s| s.declare(&mut n, "reset"));
        // A node of a one-output statistic ticks only its first output (`emit_all`).
        debug_assert!(<K::Acc as Accumulator>::SEVERAL_OUTPUTS || self.kind.outputs() == 1);
        let outs: Vec<_> = (0..self.kind.outputs().max(1))
            .map(|_| n.output::<<K::Acc as Accumulator>::Out>())
            .collect();
        let ts = outs.iter().map(|o| n.ts(*o)).collect();
        let mut cfg = self.cfg.clone();
        cfg.weighted = self.weights.is_some();
        let kind = self.kind.clone();
        let gate = kind.gate(&cfg);
        let ignore_na = kind.validator_ignore_na(&cfg);
        let allow = self.allow_non_overlapping;
        // Which node type: the lean one when no optional series is wired.
        let opt = y.is_some()
            || weights.is_some()
            || sampler.is_some()
            || trigger.is_some()
            || reset.is_some();
        n.finish(move |w| {
            let mut outputs = outs.iter().map(|o| w.output(*o));
            let out = outputs.next().expect("a statistic has an output");
            let extra = outputs.collect();
            macro_rules! node {
                ($opt:literal) => {
                    Box::new(StatsNode::<_, _, _, $opt> {
                        name: name.clone(),
                        x: w.input(xi),
                        y: y.as_ref().map(|y| Second {
                            y: y(w),
                            allow_non_overlapping: allow,
                        }),
                        weights: weights.as_ref().map(|r| r(w)),
                        sampler: sampler.as_ref().map(|r| r(w)),
                        trigger: trigger.as_ref().map(|r| r(w)),
                        reset: reset.as_ref().map(|r| r(w)),
                        window: window(),
                        acc: kind.accumulator(&cfg),
                        out,
                        extra,
                        gate,
                        open: matches!(gate, Gate::Open),
                        open_at: 0,
                        min_data_points: cfg.min_data_points,
                        ignore_na,
                        samples: 0,
                        nans: 0,
                        points: 0,
                    })
                };
            }
            Ok(if opt { node!(true) } else { node!(false) })
        });
        ts
    }
}

impl<X: ToFloat, K: Kind> IntoTs for Rolling<X, K> {
    type Item = <K::Acc as Accumulator>::Out;
    fn into_ts(self) -> Ts<Self::Item> {
        Rolling::into_ts(self)
    }
}

/// Statistics that take frequency weights (csp's `weights`: sum, mean, var, stddev, sem,
/// cov, corr, skew, kurt).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// use tickgraph_engine::stdlib::stats::{Rolling, Weighted};
/// fn by_volume<K: Weighted>(r: Rolling<f64, K>, v: &Ts<f64>) -> Rolling<f64, K> {
///     r.weights(v)
/// }
/// let g = Graph::new();
/// let px = curve(&g, [(Time::EPOCH, 10.0), (Time::EPOCH + secs(1), 20.0)]);
/// let vol = curve(&g, [(Time::EPOCH, 3.0), (Time::EPOCH + secs(1), 1.0)]);
/// g.output("vwap", by_volume(stats::mean(&px), &vol));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(5))).unwrap();
/// assert_eq!(r.values::<f64>("vwap").unwrap(), vec![10.0, 12.5]);
/// ```
pub trait Weighted: Kind {}

impl<X: ToFloat, K: Weighted> Rolling<X, K> {
    /// Weights each sample by the latest value of `w` when it is sampled (csp's
    /// frequency weights; NaN before `w` first ticks).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let day = |i: i64| Time::EPOCH + secs(86_400 * i);
    /// # let x = curve(&g, [1.0, 2.0, 3.0, f64::NAN, 5.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
    /// let w = curve(&g, (0..5).map(|i| (day(i), 2)).collect::<Vec<_>>());
    /// g.output("s", stats::sum(&x).ticks(2).weights(&w));
    /// # let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
    /// assert_eq!(r.values::<f64>("s").unwrap(), vec![6.0, 10.0, 6.0, 10.0]);
    /// ```
    pub fn weights<W: ToFloat>(mut self, w: impl IntoTs<Item = W>) -> Self {
        self.weights = Some(FloatSignal::new(w.into_ts()));
        self
    }
}
