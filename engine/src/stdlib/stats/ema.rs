//! Exponential moving averages and (co)variances, with csp's formulas: the adjusted EMA
//! (`ema·decay + x` over `norm·decay + 1`, two roundings, no FMA), the unadjusted
//! recursion, the finite-horizon removal weights, the halflife forms (decay by elapsed
//! time) and the debiasing factor of `ema_var`/`ema_cov`.
//!
//! NaN handling is the EMA's own (`ignore_na`): with `ignore_na = false` a NaN shifts the
//! next point's weight as if the NaN had been an observation (csp's "relative position").

use super::moments::pow;
use super::node::Accumulator;
use super::window::Sample;

const EPSILON: f64 = 1e-9;

/// The alpha-based EMAs, in csp's three forms.
#[derive(Clone)]
pub enum AlphaEma {
    /// `adjust = false`: `ema += alpha (x - ema)`.
    Plain {
        alpha: f64,
        ignore_na: bool,
        ema: f64,
        offset: i64,
        first: bool,
    },
    /// `adjust = true`: weighted sum over normaliser, with an optional horizon.
    Adjusted {
        decay: f64,
        ignore_na: bool,
        horizon: i64,
        ema: f64,
        norm: f64,
        offset: i64,
        nans: f64,
    },
}

impl AlphaEma {
    pub fn new(alpha: f64, adjust: bool, ignore_na: bool, horizon: i64) -> Self {
        if adjust {
            AlphaEma::Adjusted {
                decay: 1.0 - alpha,
                ignore_na,
                horizon,
                ema: 0.0,
                norm: 0.0,
                offset: 1,
                nans: 0.0,
            }
        } else {
            AlphaEma::Plain {
                alpha,
                ignore_na,
                ema: 0.0,
                offset: 1,
                first: true,
            }
        }
    }

    #[inline(always)]
    pub fn add(&mut self, x: f64) {
        match self {
            AlphaEma::Plain {
                alpha,
                ignore_na,
                ema,
                offset,
                first,
            } => {
                if *first && !x.is_nan() {
                    *ema = x;
                    *first = false;
                } else if x.is_nan() {
                    if !*ignore_na && !*first {
                        *offset += 1;
                    }
                } else if *offset == 1 {
                    *ema += *alpha * (x - *ema);
                } else {
                    let d = pow(1.0 - *alpha, *offset as f64);
                    *ema = (*ema * d + *alpha * x) / (d + *alpha);
                    *offset = 1;
                }
            }
            AlphaEma::Adjusted {
                decay,
                ignore_na,
                ema,
                norm,
                offset,
                nans,
                ..
            } => {
                if !x.is_nan() {
                    // csp's pow(decay, offset), which is decay itself for offset 1.
                    let f = if *ignore_na || *offset == 1 {
                        *decay
                    } else {
                        pow(*decay, *offset as f64)
                    };
                    *ema *= f;
                    *norm *= f;
                    *offset = 1;
                    *ema += x;
                    *norm += 1.0;
                } else {
                    *offset += 1;
                    *nans += 1.0;
                }
            }
        }
    }

    #[inline(always)]
    pub fn remove(&mut self, x: f64) {
        if let AlphaEma::Adjusted {
            decay,
            ignore_na,
            horizon,
            ema,
            norm,
            offset,
            nans,
        } = self
        {
            if !x.is_nan() {
                let lookback = if *ignore_na {
                    *horizon as f64 - *nans
                } else {
                    (*horizon - *offset + 1) as f64
                };
                let f = pow(*decay, lookback);
                *norm -= f;
                *ema -= x * f;
                if ema.abs() < EPSILON {
                    *ema = 0.0;
                }
            } else {
                *nans -= 1.0;
            }
        }
    }

    pub fn clear(&mut self) {
        match self {
            AlphaEma::Plain {
                ema, offset, first, ..
            } => {
                *ema = 0.0;
                *offset = 1;
                *first = true;
            }
            AlphaEma::Adjusted {
                ema,
                norm,
                offset,
                nans,
                ..
            } => {
                *ema = 0.0;
                *norm = 0.0;
                *offset = 1;
                *nans = 0.0;
            }
        }
    }

    #[inline(never)]
    pub fn value(&self) -> f64 {
        match self {
            AlphaEma::Plain { ema, first, .. } => {
                if *first {
                    f64::NAN
                } else {
                    *ema
                }
            }
            AlphaEma::Adjusted { ema, norm, .. } => {
                if *norm > 0.0 {
                    *ema / *norm
                } else {
                    f64::NAN
                }
            }
        }
    }
}

/// The halflife EMAs: the decay is `exp(ln(0.5) · elapsed / halflife)`.
#[derive(Clone)]
pub struct HalflifeEma {
    /// ln(0.5) / halflife in nanoseconds.
    rate: f64,
    adjust: bool,
    ema: f64,
    norm: f64,
    /// The last tick's time (the run's start for the adjusted form, as in csp; `None`
    /// before the first tick for the unadjusted form).
    last: Option<i64>,
}

impl HalflifeEma {
    pub fn new(halflife_nanos: i64, adjust: bool) -> Self {
        HalflifeEma {
            rate: 0.5f64.ln() / halflife_nanos as f64,
            adjust,
            ema: if adjust { 0.0 } else { f64::NAN },
            norm: 0.0,
            last: None,
        }
    }

    pub fn start(&mut self, start: i64) {
        if self.adjust {
            self.last = Some(start);
        }
    }

    // Out of line, so that its `exp` is never computed speculatively on the alpha path.
    #[inline(never)]
    pub fn add(&mut self, x: f64, t: i64) {
        if self.adjust {
            // csp's adjusted form starts its clock at the run's start, and a reset keeps
            // the clock.
            let dt = t - self.last.unwrap_or(t);
            let decay = (self.rate * dt as f64).exp();
            self.ema = decay * self.ema + x;
            self.norm = decay * self.norm + 1.0;
        } else {
            match self.last {
                None => self.ema = x,
                Some(last) => {
                    let decay = 1.0 - (self.rate * (t - last) as f64).exp();
                    self.ema += decay * (x - self.ema);
                }
            }
        }
        self.last = Some(t);
    }

    pub fn clear(&mut self) {
        if self.adjust {
            self.ema = 0.0;
            self.norm = 0.0;
        } else {
            self.ema = f64::NAN;
            self.last = None;
        }
    }

    pub fn value(&self) -> f64 {
        if self.adjust {
            if self.norm > 0.0 {
                self.ema / self.norm
            } else {
                f64::NAN
            }
        } else {
            self.ema
        }
    }
}

/// Either EMA form.
#[derive(Clone)]
pub enum AnyEma {
    Alpha(AlphaEma),
    Halflife(HalflifeEma),
}

impl AnyEma {
    #[inline(always)]
    fn add(&mut self, x: f64, t: i64) {
        match self {
            AnyEma::Alpha(e) => e.add(x),
            // The halflife forms take NaNs as values, as csp 0.19.1 does (checked against
            // it): a NaN makes the EMA NaN until a reset.
            AnyEma::Halflife(e) => e.add(x, t),
        }
    }
    #[inline(always)]
    fn remove(&mut self, x: f64) {
        if let AnyEma::Alpha(e) = self {
            e.remove(x)
        }
    }
    fn clear(&mut self) {
        match self {
            AnyEma::Alpha(e) => e.clear(),
            AnyEma::Halflife(e) => e.clear(),
        }
    }
    #[inline(always)]
    fn value(&self) -> f64 {
        match self {
            AnyEma::Alpha(e) => e.value(),
            AnyEma::Halflife(e) => e.value(),
        }
    }
    fn start(&mut self, start: i64) {
        if let AnyEma::Halflife(e) = self {
            e.start(start)
        }
    }
}

/// The EMA of `x`.
#[derive(Clone)]
pub struct Ema(pub AnyEma);

impl Accumulator for Ema {
    type Out = f64;
    const PROCESS_NA: bool = true;
    const NEEDS_TIME: bool = true;
    fn start(&mut self, start: i64) {
        self.0.start(start);
    }
    #[inline(always)]
    fn add(&mut self, s: &Sample) {
        self.0.add(s.x, s.t);
    }
    #[inline(always)]
    fn remove(&mut self, s: &Sample) {
        self.0.remove(s.x);
    }
    fn clear(&mut self) {
        self.0.clear();
    }
    #[inline(always)]
    fn compute(&mut self, _k: usize) -> f64 {
        self.0.value()
    }
    fn invalid() -> f64 {
        f64::NAN
    }
}

/// The debiasing factor `wsum² / (wsum² - sqsum)` of an exponentially weighted variance
/// (csp's `AlphaDebiasEMA`, `HalflifeDebiasEMA`).
#[derive(Clone)]
pub enum Debias {
    Alpha {
        decay: f64,
        ignore_na: bool,
        adjust: bool,
        horizon: i64,
        wsum: f64,
        sqsum: f64,
        offset: i64,
        nans: f64,
        first: bool,
    },
    Halflife {
        rate: f64,
        adjust: bool,
        wsum: f64,
        sqsum: f64,
        last: i64,
    },
}

impl Debias {
    fn add(&mut self, x: f64, t: i64) {
        match self {
            Debias::Alpha {
                decay,
                ignore_na,
                adjust,
                wsum,
                sqsum,
                offset,
                nans,
                first,
                ..
            } => {
                if !x.is_nan() {
                    if *first {
                        *wsum = 1.0;
                        *sqsum = 1.0;
                        *first = false;
                    } else {
                        let f = if *ignore_na {
                            *decay
                        } else {
                            pow(*decay, *offset as f64)
                        };
                        *wsum *= f;
                        *sqsum *= f * f;
                        *offset = 1;
                        let w0 = if *adjust { 1.0 } else { 1.0 - *decay };
                        *sqsum += w0 * w0;
                        *wsum += w0;
                        if !*adjust {
                            let c = f + w0;
                            *wsum /= c;
                            *sqsum /= c * c;
                        }
                    }
                } else {
                    if !*first {
                        *offset += 1;
                    }
                    *nans += 1.0;
                }
            }
            Debias::Halflife {
                rate,
                adjust,
                wsum,
                sqsum,
                last,
            } => {
                // The weights depend on the times only (csp's HalflifeDebiasEMA).
                let f = (*rate * (t - *last) as f64).exp();
                *sqsum *= f * f;
                *wsum *= f;
                // csp's `1 - m_decay` here uses the rate, not a decay (kept as csp has it).
                let w0 = if *adjust { 1.0 } else { 1.0 - *rate };
                *sqsum += w0 * w0;
                *wsum += w0;
                *last = t;
            }
        }
    }

    fn remove(&mut self, x: f64) {
        if let Debias::Alpha {
            decay,
            ignore_na,
            adjust,
            horizon,
            wsum,
            sqsum,
            offset,
            nans,
            ..
        } = self
        {
            if !x.is_nan() {
                let lookback = if *ignore_na {
                    *horizon as f64 - *nans
                } else {
                    (*horizon - *offset + 1) as f64
                };
                let mut wh = pow(*decay, lookback);
                if !*adjust {
                    wh *= 1.0 - *decay;
                }
                *sqsum -= wh * wh;
                *wsum -= wh;
                if *wsum < EPSILON || *sqsum < EPSILON {
                    *wsum = 0.0;
                    *sqsum = 0.0;
                }
            } else {
                *nans -= 1.0;
            }
        }
    }

    fn clear(&mut self) {
        match self {
            Debias::Alpha {
                wsum,
                sqsum,
                offset,
                nans,
                first,
                ..
            } => {
                *wsum = 0.0;
                *sqsum = 0.0;
                *offset = 1;
                *nans = 0.0;
                *first = true;
            }
            Debias::Halflife { wsum, sqsum, .. } => {
                *wsum = 0.0;
                *sqsum = 0.0;
            }
        }
    }

    fn value(&self) -> f64 {
        let (wsum, sqsum, alpha) = match self {
            Debias::Alpha { wsum, sqsum, .. } => (*wsum, *sqsum, true),
            Debias::Halflife { wsum, sqsum, .. } => (*wsum, *sqsum, false),
        };
        let w2 = wsum * wsum;
        let distinct = if alpha {
            (w2 - sqsum).abs() > EPSILON
        } else {
            w2 != sqsum
        };
        if distinct {
            w2 / (w2 - sqsum)
        } else {
            f64::NAN
        }
    }
}

/// What an exponential second moment outputs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum EmaMoment {
    Cov,
    /// `max(cov(x, x), 0)`.
    Var,
    /// `var ** 0.5` (csp's pow).
    Std,
}

/// `ema(xy) - ema(x)·ema(y)`, times the debiasing factor unless `bias`: csp's `ema_cov`
/// (and `ema_var`, `ema_std` over it), its three EMAs and factor in one accumulator.
#[derive(Clone)]
pub struct EmaCov {
    xy: AnyEma,
    x: AnyEma,
    y: AnyEma,
    debias: Option<Debias>,
    out: EmaMoment,
    /// `ema_var`/`ema_std`: `y` is `x`.
    univariate: bool,
    half: f64,
}

impl EmaCov {
    pub fn new(ema: AnyEma, bias: bool, out: EmaMoment, univariate: bool) -> Self {
        let debias = (!bias).then_some(match &ema {
            AnyEma::Alpha(AlphaEma::Adjusted {
                decay,
                ignore_na,
                horizon,
                ..
            }) => Debias::Alpha {
                decay: *decay,
                ignore_na: *ignore_na,
                adjust: true,
                horizon: *horizon,
                wsum: 0.0,
                sqsum: 0.0,
                offset: 1,
                nans: 0.0,
                first: true,
            },
            AnyEma::Alpha(AlphaEma::Plain {
                alpha, ignore_na, ..
            }) => Debias::Alpha {
                decay: 1.0 - *alpha,
                ignore_na: *ignore_na,
                adjust: false,
                horizon: 0,
                wsum: 0.0,
                sqsum: 0.0,
                offset: 1,
                nans: 0.0,
                first: true,
            },
            AnyEma::Halflife(h) => Debias::Halflife {
                rate: h.rate,
                adjust: h.adjust,
                wsum: 0.0,
                sqsum: 0.0,
                last: 0,
            },
        });
        EmaCov {
            xy: ema.clone(),
            x: ema.clone(),
            y: ema,
            debias,
            out,
            univariate,
            half: std::hint::black_box(0.5),
        }
    }

    /// The sample's `(x, y)`, both NaN if either is (csp synchronises NaNs).
    #[inline(always)]
    fn pair(&self, s: &Sample) -> (f64, f64) {
        let y = if self.univariate { s.x } else { s.y };
        if s.x.is_nan() || y.is_nan() {
            (f64::NAN, f64::NAN)
        } else {
            (s.x, y)
        }
    }
}

impl Accumulator for EmaCov {
    type Out = f64;
    const PROCESS_NA: bool = true;
    const NEEDS_TIME: bool = true;
    fn start(&mut self, start: i64) {
        self.xy.start(start);
        self.x.start(start);
        self.y.start(start);
        if let Some(Debias::Halflife { last, .. }) = &mut self.debias {
            *last = start;
        }
    }
    fn add(&mut self, s: &Sample) {
        let (x, y) = self.pair(s);
        self.xy.add(x * y, s.t);
        self.x.add(x, s.t);
        self.y.add(y, s.t);
        if let Some(d) = &mut self.debias {
            d.add(x, s.t);
        }
    }
    fn remove(&mut self, s: &Sample) {
        let (x, y) = self.pair(s);
        self.xy.remove(x * y);
        self.x.remove(x);
        self.y.remove(y);
        if let Some(d) = &mut self.debias {
            d.remove(x);
        }
    }
    fn clear(&mut self) {
        self.xy.clear();
        self.x.clear();
        self.y.clear();
        if let Some(d) = &mut self.debias {
            d.clear();
        }
    }
    fn compute(&mut self, _k: usize) -> f64 {
        let biased = self.xy.value() - self.x.value() * self.y.value();
        let cov = match &self.debias {
            None => biased,
            Some(d) => d.value() * biased,
        };
        match self.out {
            EmaMoment::Cov => cov,
            EmaMoment::Var => {
                if cov < 0.0 {
                    0.0
                } else {
                    cov
                }
            }
            EmaMoment::Std => {
                let var = if cov < 0.0 { 0.0 } else { cov };
                pow(var, self.half)
            }
        }
    }
    fn invalid() -> f64 {
        f64::NAN
    }
}
