//! Exponential moving averages with csp's formulas: the adjusted EMA (`ema·decay + x`
//! over `norm·decay + 1`, two roundings, no FMA), the unadjusted recursion, the
//! finite-horizon removal weights and the halflife forms (decay by elapsed time).
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

    /// Out of line on purpose: inlined into the node, this made the adjusted EMA cost ~80 ns
    /// per tick instead of ~5 (measured; the profile puts it all on the division, which
    /// LLVM then computes for both variants before selecting one, most likely dividing the
    /// other variant's fields as a subnormal, a microcode assist).
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
    pub(super) rate: f64,
    pub(super) adjust: bool,
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
    pub(super) fn add(&mut self, x: f64, t: i64) {
        match self {
            AnyEma::Alpha(e) => e.add(x),
            // The halflife forms take NaNs as values, as csp 0.19.1 does (checked against
            // it): a NaN makes the EMA NaN until a reset.
            AnyEma::Halflife(e) => e.add(x, t),
        }
    }
    #[inline(always)]
    pub(super) fn remove(&mut self, x: f64) {
        if let AnyEma::Alpha(e) = self {
            e.remove(x)
        }
    }
    pub(super) fn clear(&mut self) {
        match self {
            AnyEma::Alpha(e) => e.clear(),
            AnyEma::Halflife(e) => e.clear(),
        }
    }
    #[inline(always)]
    pub(super) fn value(&self) -> f64 {
        match self {
            AnyEma::Alpha(e) => e.value(),
            AnyEma::Halflife(e) => e.value(),
        }
    }
    pub(super) fn start(&mut self, start: i64) {
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
