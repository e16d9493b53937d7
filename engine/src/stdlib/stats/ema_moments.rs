//! The exponentially weighted second moments: `ema_cov`, `ema_var` and `ema_std`, as csp
//! composes them (`ema(xy) - ema(x) ema(y)`, times the debiasing factor of its
//! `AlphaDebiasEMA` / `HalflifeDebiasEMA` unless `bias`), in one accumulator.

use super::ema::{AlphaEma, AnyEma};
use super::moments::{pow, pow_half};
use super::node::Accumulator;
use super::window::Sample;

const EPSILON: f64 = 1e-9;

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
                pow_half(var, self.half)
            }
        }
    }
    fn invalid() -> f64 {
        f64::NAN
    }
}
