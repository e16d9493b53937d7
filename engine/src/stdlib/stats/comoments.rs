//! Accumulators of joint and higher moments: covariance and correlation of two series,
//! skewness and kurtosis, plain or weighted, with csp's update formulas and cut-offs.

use super::moments::{MeanCore, VarCore, WeightedMeanCore};
use super::node::Accumulator;
use super::window::Sample;

/// csp's cut-off under which a sum of weights (or a variance) counts as zero.
const EPSILON: f64 = 1e-9;

/// csp's covariance (`Covariance`, `WeightedCovariance`).
#[derive(Clone, Copy, Default)]
pub struct CovCore {
    mx: f64,
    my: f64,
    c: f64,
    n: f64,
}

impl CovCore {
    #[inline(always)]
    fn add(&mut self, x: f64, y: f64) {
        self.n += 1.0;
        let dx = x - self.mx;
        self.mx += dx / self.n;
        self.my += (y - self.my) / self.n;
        self.c += dx * (y - self.my);
    }
    #[inline(always)]
    fn remove(&mut self, x: f64, y: f64) {
        self.n -= 1.0;
        if self.n == 0.0 {
            *self = CovCore::default();
            return;
        }
        let dx = x - self.mx;
        self.mx -= dx / self.n;
        self.my -= (y - self.my) / self.n;
        self.c -= dx * (y - self.my);
    }
    #[inline(always)]
    fn add_weighted(&mut self, x: f64, y: f64, w: f64) {
        if w <= 0.0 {
            return;
        }
        self.n += w;
        let dx = x - self.mx;
        self.mx += (w / self.n) * dx;
        self.my += (w / self.n) * (y - self.my);
        self.c += w * dx * (y - self.my);
    }
    #[inline(always)]
    fn remove_weighted(&mut self, x: f64, y: f64, w: f64) {
        // csp's WeightedCovariance::remove has no `w <= 0` test (its add has one).
        self.n -= w;
        if self.n < EPSILON {
            *self = CovCore::default();
            return;
        }
        let dx = x - self.mx;
        self.mx -= (w / self.n) * dx;
        self.my -= (w / self.n) * (y - self.my);
        self.c -= w * dx * (y - self.my);
    }
    #[inline(always)]
    fn value(&self, ddof: f64) -> f64 {
        if self.n > ddof {
            self.c / (self.n - ddof)
        } else {
            f64::NAN
        }
    }
}

/// Covariance, or correlation (`cov / sqrt(var_x var_y)`, NaN when a variance is below
/// 1e-9), of `x` and `y`.
#[derive(Clone)]
pub struct Cov {
    cov: CovCore,
    vx: VarCore,
    vy: VarCore,
    ddof: f64,
    weighted: bool,
    corr: bool,
}

impl Cov {
    pub fn new(ddof: i64, weighted: bool, corr: bool) -> Self {
        Cov {
            cov: CovCore::default(),
            vx: VarCore::default(),
            vy: VarCore::default(),
            // csp's correlation uses ddof 1 throughout (it cancels).
            ddof: if corr { 1.0 } else { ddof as f64 },
            weighted,
            corr,
        }
    }
}

impl Accumulator for Cov {
    type Out = f64;
    fn add(&mut self, s: &Sample) {
        if self.weighted {
            self.cov.add_weighted(s.x, s.y, s.w);
            if self.corr {
                self.vx.add_weighted(s.x, s.w);
                self.vy.add_weighted(s.y, s.w);
            }
        } else {
            self.cov.add(s.x, s.y);
            if self.corr {
                self.vx.add(s.x);
                self.vy.add(s.y);
            }
        }
    }
    fn remove(&mut self, s: &Sample) {
        if self.weighted {
            self.cov.remove_weighted(s.x, s.y, s.w);
            if self.corr {
                self.vx.remove_weighted(s.x, s.w);
                self.vy.remove_weighted(s.y, s.w);
            }
        } else {
            self.cov.remove(s.x, s.y);
            if self.corr {
                self.vx.remove(s.x);
                self.vy.remove(s.y);
            }
        }
    }
    fn clear(&mut self) {
        self.cov = CovCore::default();
        self.vx = VarCore::default();
        self.vy = VarCore::default();
    }
    fn compute(&mut self, _k: usize) -> f64 {
        let c = self.cov.value(self.ddof);
        if !self.corr {
            return c;
        }
        let (vx, vy) = if self.weighted {
            (self.vx.value_weighted(1.0), self.vy.value_weighted(1.0))
        } else {
            (self.vx.value(1.0), self.vy.value(1.0))
        };
        if vx < EPSILON || vy < EPSILON {
            f64::NAN
        } else {
            c / (vx * vy).sqrt()
        }
    }
    fn invalid() -> f64 {
        f64::NAN
    }
}

/// Means of x, x², x³, x⁴ (plain or weighted) and the biased variance: what skew and
/// kurtosis are computed from, as csp does.
#[derive(Clone)]
pub struct Shape {
    m: [MeanCore; 4],
    wm: [WeightedMeanCore; 4],
    v: VarCore,
    count: f64,
    weighted: bool,
    bias: bool,
    /// `Some(excess)` for kurtosis, `None` for skew.
    kurt: Option<bool>,
}

impl Shape {
    pub fn new(weighted: bool, bias: bool, kurt: Option<bool>) -> Self {
        Shape {
            m: [MeanCore::default(); 4],
            wm: [WeightedMeanCore::default(); 4],
            v: VarCore::default(),
            count: 0.0,
            weighted,
            bias,
            kurt,
        }
    }

    /// The moments this statistic needs: skew uses x and x³, kurtosis all four.
    #[inline(always)]
    fn used(&self, p: usize) -> bool {
        self.kurt.is_some() || p != 1 && p != 3
    }

    fn moment(&self, p: usize) -> f64 {
        if self.weighted {
            self.wm[p].value()
        } else {
            self.m[p].value()
        }
    }
}

impl Accumulator for Shape {
    type Out = f64;
    fn add(&mut self, s: &Sample) {
        self.count += 1.0;
        // x, x*x, x*x*x, x*x*x*x as csp multiplies them.
        let mut val = s.x;
        for p in 0..4 {
            if self.used(p) {
                if self.weighted {
                    self.wm[p].add(val, s.w);
                } else {
                    self.m[p].add(val);
                }
            }
            val *= s.x;
        }
        if self.weighted {
            self.v.add_weighted(s.x, s.w);
        } else {
            self.v.add(s.x);
        }
    }
    fn remove(&mut self, s: &Sample) {
        self.count -= 1.0;
        let mut val = s.x;
        for p in 0..4 {
            if self.used(p) {
                if self.weighted {
                    self.wm[p].remove(val, s.w);
                } else {
                    self.m[p].remove(val);
                }
            }
            val *= s.x;
        }
        if self.weighted {
            self.v.remove_weighted(s.x, s.w);
        } else {
            self.v.remove(s.x);
        }
    }
    fn clear(&mut self) {
        *self = Shape::new(self.weighted, self.bias, self.kurt);
    }
    fn compute(&mut self, _k: usize) -> f64 {
        let vx = if self.weighted {
            self.v.value_weighted(0.0)
        } else {
            self.v.value(0.0)
        };
        let n = self.count;
        let mx = self.moment(0);
        match self.kurt {
            None => {
                if n <= 2.0 || vx < EPSILON || vx.is_nan() {
                    return f64::NAN;
                }
                let mx3 = self.moment(2);
                let biased = (mx3 - 3.0 * mx * vx - mx * mx * mx) / (vx * vx.sqrt());
                if self.bias {
                    biased
                } else {
                    (n * (n - 1.0)).sqrt() / (n - 2.0) * biased
                }
            }
            Some(excess) => {
                if n <= 3.0 || vx < EPSILON || vx.is_nan() {
                    return f64::NAN;
                }
                let (mx2, mx3, mx4) = (self.moment(1), self.moment(2), self.moment(3));
                let biased = (mx4 - 4.0 * mx * mx3 + 6.0 * mx2 * mx * mx - 3.0 * mx * mx * mx * mx)
                    / (vx * vx);
                if self.bias {
                    return if excess { biased - 3.0 } else { biased };
                }
                let k = (n + 1.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0));
                let g = (n - 1.0) / (n + 1.0) * k;
                let mut unbiased = k * biased - 3.0 * g;
                if !excess {
                    unbiased += 3.0;
                }
                unbiased
            }
        }
    }
    fn invalid() -> f64 {
        f64::NAN
    }
}
