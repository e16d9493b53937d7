//! Accumulators of sums and moments: count, sum (plain and Kahan), product, mean (plain
//! and weighted, also the log-mean behind gmean), variance / stddev / sem, covariance,
//! correlation, skew and kurtosis. Each update is O(1).
//!
//! The update formulas are csp 0.19.1's (its `statsimpl.h`), so results match csp's to
//! the last bit: Welford's variance with its add-before-remove order and its homogeneous
//! window special case, the incremental mean, the weighted forms with their `1e-9`
//! cut-offs.

use super::node::Accumulator;
use super::window::Sample;

/// csp's cut-off under which a sum of weights (or a variance) counts as zero.
const EPSILON: f64 = 1e-9;

/// `x.powf(y)` (glibc's `pow`, as csp calls it), out of line. In a branch, an inlined
/// `powf` is an LLVM intrinsic that may be computed on both sides ("speculatable"): the
/// EMA's rare `decay^offset` would then cost a `pow` on every tick. A call to an opaque
/// function is never speculated.
#[inline(never)]
pub(crate) fn pow(x: f64, y: f64) -> f64 {
    x.powf(y)
}

/// The number of valid points.
#[derive(Clone, Default)]
pub struct Count(i64);

impl Accumulator for Count {
    type Out = f64;
    #[inline(always)]
    fn add(&mut self, _s: &Sample) {
        self.0 += 1;
    }
    #[inline(always)]
    fn remove(&mut self, _s: &Sample) {
        self.0 -= 1;
    }
    fn clear(&mut self) {
        self.0 = 0;
    }
    #[inline(always)]
    fn compute(&mut self, _k: usize) -> f64 {
        self.0 as f64
    }
    fn invalid() -> f64 {
        f64::NAN
    }
}

/// The sum of `x * w` (`w` is 1 without weights, and `x * 1.0 == x` exactly), plain or
/// compensated (Kahan).
#[derive(Clone, Default)]
pub struct Sum {
    sum: f64,
    /// Kahan's running compensation; stays 0 when not `precise`.
    comp: f64,
    precise: bool,
}

impl Sum {
    pub fn new(precise: bool) -> Self {
        Sum {
            precise,
            ..Default::default()
        }
    }

    #[inline(always)]
    fn kahan(&mut self, v: f64) {
        let y = v - self.comp;
        let t = self.sum + y;
        self.comp = t - self.sum - y;
        self.sum = t;
    }
}

impl Accumulator for Sum {
    type Out = f64;
    #[inline(always)]
    fn add(&mut self, s: &Sample) {
        let v = s.x * s.w;
        if self.precise {
            self.kahan(v);
        } else {
            self.sum += v;
        }
    }
    #[inline(always)]
    fn remove(&mut self, s: &Sample) {
        let v = s.x * s.w;
        if self.precise {
            self.kahan(-v);
        } else {
            self.sum -= v;
        }
    }
    fn clear(&mut self) {
        self.sum = 0.0;
        self.comp = 0.0;
    }
    #[inline(always)]
    fn compute(&mut self, _k: usize) -> f64 {
        self.sum
    }
    fn invalid() -> f64 {
        f64::NAN
    }
}

/// The product, with zeros counted apart so that a zero can leave the window.
#[derive(Clone)]
pub struct Prod {
    prod: f64,
    count: i64,
    zeros: i64,
}

impl Default for Prod {
    fn default() -> Self {
        Prod {
            prod: 1.0,
            count: 0,
            zeros: 0,
        }
    }
}

impl Accumulator for Prod {
    type Out = f64;
    fn add(&mut self, s: &Sample) {
        self.count += 1;
        if s.x == 0.0 {
            self.zeros += 1;
        } else {
            self.prod *= s.x;
        }
    }
    fn remove(&mut self, s: &Sample) {
        self.count -= 1;
        if s.x == 0.0 {
            self.zeros -= 1;
        } else {
            self.prod /= s.x;
        }
    }
    fn clear(&mut self) {
        *self = Prod::default();
    }
    fn compute(&mut self, _k: usize) -> f64 {
        match (self.count, self.zeros) {
            (0, _) => f64::NAN,
            (_, 0) => self.prod,
            _ => 0.0,
        }
    }
    fn invalid() -> f64 {
        f64::NAN
    }
}

/// csp's incremental mean: `m += (x - m) / n` in, `m += (m - x) / n` out.
#[derive(Clone, Copy, Default)]
pub struct MeanCore {
    pub mean: f64,
    pub n: i64,
}

impl MeanCore {
    #[inline(always)]
    pub fn add(&mut self, x: f64) {
        self.n += 1;
        self.mean += (x - self.mean) / self.n as f64;
    }
    #[inline(always)]
    pub fn remove(&mut self, x: f64) {
        self.n -= 1;
        if self.n > 0 {
            self.mean += (self.mean - x) / self.n as f64;
        } else {
            self.mean = 0.0;
        }
    }
    #[inline(always)]
    pub fn value(&self) -> f64 {
        if self.n > 0 { self.mean } else { f64::NAN }
    }
}

/// csp's weighted mean (`WeightedMean`).
#[derive(Clone, Copy, Default)]
pub struct WeightedMeanCore {
    pub mean: f64,
    pub wsum: f64,
}

impl WeightedMeanCore {
    #[inline(always)]
    pub fn add(&mut self, x: f64, w: f64) {
        self.wsum += w;
        if self.wsum > EPSILON {
            self.mean += (x * w - w * self.mean) / self.wsum;
        }
    }
    #[inline(always)]
    pub fn remove(&mut self, x: f64, w: f64) {
        self.wsum -= w;
        if self.wsum > EPSILON {
            self.mean -= (x * w - w * self.mean) / self.wsum;
        } else {
            self.mean = 0.0;
            self.wsum = 0.0;
        }
    }
    #[inline(always)]
    pub fn value(&self) -> f64 {
        if self.wsum > EPSILON {
            self.mean
        } else {
            f64::NAN
        }
    }
}

/// The mean, unweighted or weighted; with `LOG` it is the mean of `ln x` and the result
/// its `exp` (gmean, as csp's `exp(mean(ln x))`). `LOG` is a type parameter, not a flag:
/// LLVM may compute `ln` on both sides of a branch (the intrinsic is speculatable), which
/// would cost the plain mean a logarithm per tick.
#[derive(Clone, Default)]
pub struct Mean<const LOG: bool> {
    plain: MeanCore,
    weighted: Option<WeightedMeanCore>,
}

impl<const LOG: bool> Mean<LOG> {
    pub fn new(weighted: bool) -> Self {
        Mean {
            plain: MeanCore::default(),
            weighted: weighted.then(WeightedMeanCore::default),
        }
    }

    #[inline(always)]
    fn value_of(x: f64) -> f64 {
        if LOG { x.ln() } else { x }
    }
}

impl<const LOG: bool> Accumulator for Mean<LOG> {
    type Out = f64;
    #[inline(always)]
    fn add(&mut self, s: &Sample) {
        let x = Self::value_of(s.x);
        match &mut self.weighted {
            None => self.plain.add(x),
            Some(w) => w.add(x, s.w),
        }
    }
    #[inline(always)]
    fn remove(&mut self, s: &Sample) {
        let x = Self::value_of(s.x);
        match &mut self.weighted {
            None => self.plain.remove(x),
            Some(w) => w.remove(x, s.w),
        }
    }
    fn clear(&mut self) {
        self.plain = MeanCore::default();
        if let Some(w) = &mut self.weighted {
            *w = WeightedMeanCore::default();
        }
    }
    #[inline(always)]
    fn compute(&mut self, _k: usize) -> f64 {
        let m = match &self.weighted {
            None => self.plain.value(),
            Some(w) => w.value(),
        };
        if LOG { m.exp() } else { m }
    }
    fn invalid() -> f64 {
        f64::NAN
    }
}

/// Welford's variance as csp runs it (`Variance`, `WeightedVariance`): `n` is a count
/// (unweighted) or a sum of weights, and the last `same` values added were all equal to
/// `last` (a window of one repeated value has variance exactly 0).
#[derive(Clone, Copy, Default)]
pub struct VarCore {
    pub mean: f64,
    pub s: f64,
    pub n: f64,
    /// Points in the window (weighted form only; the unweighted uses `n`).
    pub count: i64,
    pub last: f64,
    pub same: i64,
}

impl VarCore {
    #[inline(always)]
    pub fn add(&mut self, x: f64) {
        self.same = if self.same != 0 && x == self.last {
            self.same + 1
        } else {
            1
        };
        self.last = x;
        self.n += 1.0;
        let dx = x - self.mean;
        self.mean += dx / self.n;
        self.s += (x - self.mean) * dx;
    }

    #[inline(always)]
    pub fn remove(&mut self, x: f64) {
        self.n -= 1.0;
        if self.n == 0.0 {
            self.mean = 0.0;
            self.s = 0.0;
            return;
        }
        let dx = x - self.mean;
        self.mean -= dx / self.n;
        self.s -= (x - self.mean) * dx;
    }

    #[inline(always)]
    pub fn value(&self, ddof: f64) -> f64 {
        if self.n > ddof {
            if self.same as f64 >= self.n {
                return 0.0;
            }
            if self.s < 0.0 {
                0.0
            } else {
                self.s / (self.n - ddof)
            }
        } else {
            f64::NAN
        }
    }

    #[inline(always)]
    pub fn add_weighted(&mut self, x: f64, w: f64) {
        if w <= 0.0 {
            return;
        }
        self.same = if self.same != 0 && x == self.last {
            self.same + 1
        } else {
            1
        };
        self.last = x;
        self.count += 1;
        self.n += w;
        let dx = x - self.mean;
        self.mean += (w / self.n) * dx;
        self.s += w * (x - self.mean) * dx;
    }

    #[inline(always)]
    pub fn remove_weighted(&mut self, x: f64, w: f64) {
        if w <= 0.0 {
            return;
        }
        self.count -= 1;
        self.n -= w;
        if self.n < EPSILON {
            self.n = 0.0;
            self.mean = 0.0;
            self.s = 0.0;
            return;
        }
        let dx = x - self.mean;
        self.mean -= (w / self.n) * dx;
        self.s -= w * (x - self.mean) * dx;
    }

    #[inline(always)]
    pub fn value_weighted(&self, ddof: f64) -> f64 {
        if self.n > ddof {
            if self.same >= self.count {
                return 0.0;
            }
            if self.s < 0.0 {
                0.0
            } else {
                self.s / (self.n - ddof)
            }
        } else {
            f64::NAN
        }
    }
}

/// What a variance accumulator outputs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum VarOut {
    Var,
    /// `var ** 0.5`, as csp's `pow` node computes it.
    Std,
    /// `sqrt(var / n)`.
    Sem,
}

/// Variance, standard deviation or standard error of the mean.
#[derive(Clone)]
pub struct Var {
    core: VarCore,
    ddof: f64,
    weighted: bool,
    out: VarOut,
    /// 0.5, opaque to the optimizer: csp's stddev is glibc `pow(var, 0.5)`, and LLVM
    /// rewrites `powf` with a literal 0.5 into `sqrt`, which differs in the last bit for
    /// some values.
    half: f64,
}

impl Var {
    pub fn new(ddof: i64, weighted: bool, out: VarOut) -> Self {
        Var {
            core: VarCore::default(),
            ddof: ddof as f64,
            weighted,
            out,
            half: std::hint::black_box(0.5),
        }
    }
}

impl Accumulator for Var {
    type Out = f64;
    #[inline(always)]
    fn add(&mut self, s: &Sample) {
        if self.weighted {
            self.core.add_weighted(s.x, s.w);
        } else {
            self.core.add(s.x);
        }
    }
    #[inline(always)]
    fn remove(&mut self, s: &Sample) {
        if self.weighted {
            self.core.remove_weighted(s.x, s.w);
        } else {
            self.core.remove(s.x);
        }
    }
    fn clear(&mut self) {
        self.core = VarCore::default();
    }
    #[inline(always)]
    fn compute(&mut self, _k: usize) -> f64 {
        let var = if self.weighted {
            self.core.value_weighted(self.ddof)
        } else {
            self.core.value(self.ddof)
        };
        match self.out {
            VarOut::Var => var,
            VarOut::Std => pow(var, self.half),
            VarOut::Sem => {
                // csp's StandardError: NaN unless n > ddof (and, weighted, n > 1e-9).
                let n = self.core.n;
                if n > self.ddof && (!self.weighted || n > EPSILON) {
                    (var / n).sqrt()
                } else {
                    f64::NAN
                }
            }
        }
    }
    fn invalid() -> f64 {
        f64::NAN
    }
}

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
