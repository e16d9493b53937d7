//! Accumulators of sums and moments: count, sum (plain and Kahan), product, mean (plain
//! and weighted, also the log-mean behind gmean), variance / stddev / sem. Each update is
//! O(1). (Covariance, correlation, skew and kurtosis: `comoments`.)
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

/// `pow(v, 0.5)` as glibc computes it, bit for bit, calling `pow` only for about one value
/// in ten.
///
/// csp's stddev is glibc's `pow(var, 0.5)`, which differs from the correctly rounded
/// `sqrt(var)` in the last bit now and then, and costs about 18 ns a call. glibc's `pow` is
/// accurate to 0.54 ULP (its source: "Worst-case error: 0.54 ULP"), so when the exact
/// square root lies within 0.45 ULP of `s = sqrt(v)`, every other double is more than
/// 0.55 ULP away and `pow` must return `s` too. The distance is `|v - s²| / (sqrt(v) + s)`,
/// with `v - s²` exact by a fused multiply-add. Near a rounding midpoint, and for zero,
/// subnormal, negative or non-finite `v`, `pow` itself decides. The unit test
/// `pow_half_is_glibc_pow` compares the two on a million values.
#[inline]
pub(crate) fn pow_half(v: f64, half: f64) -> f64 {
    if v.is_normal() && v > 0.0 {
        let s = v.sqrt();
        let r = s.mul_add(-s, v);
        let ulp = f64::from_bits(s.to_bits() + 1) - s;
        if r.abs() < 0.9 * s * ulp {
            return s;
        }
    }
    pow(v, half)
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

    /// `add` or `add_weighted`, as the statistic is weighted or not.
    #[inline(always)]
    fn add_sample(&mut self, s: &Sample, weighted: bool) {
        if weighted {
            self.add_weighted(s.x, s.w);
        } else {
            self.add(s.x);
        }
    }

    /// `remove` or `remove_weighted`, as the statistic is weighted or not.
    #[inline(always)]
    fn remove_sample(&mut self, s: &Sample, weighted: bool) {
        if weighted {
            self.remove_weighted(s.x, s.w);
        } else {
            self.remove(s.x);
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
        self.core.add_sample(s, self.weighted);
    }
    #[inline(always)]
    fn remove(&mut self, s: &Sample) {
        self.core.remove_sample(s, self.weighted);
    }
    #[inline(always)]
    fn replace(&mut self, new: &Sample, old: &Sample) {
        let mut c = self.core;
        c.add_sample(new, self.weighted);
        c.remove_sample(old, self.weighted);
        self.core = c;
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
            VarOut::Std => pow_half(var, self.half),
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

#[cfg(test)]
mod pow_tests {
    use super::{pow, pow_half};

    /// The shortcut returns exactly what glibc's `pow(v, 0.5)` returns, over a million
    /// values spread across magnitudes (variances of every size), and at the edges.
    #[test]
    fn pow_half_is_glibc_pow() {
        let half = std::hint::black_box(0.5);
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut differ_from_sqrt = 0;
        for i in 0..1_000_000u64 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mantissa = (state >> 12) as f64 / (1u64 << 52) as f64;
            let v = (1.0 + mantissa) * 2f64.powi((i % 200) as i32 - 100);
            let want = pow(v, half);
            assert_eq!(pow_half(v, half).to_bits(), want.to_bits(), "v = {v:e}");
            differ_from_sqrt += usize::from(want != v.sqrt());
        }
        for v in [
            0.0,
            -0.0,
            1e-310,
            f64::MIN_POSITIVE,
            -1.0,
            f64::INFINITY,
            f64::NAN,
            f64::MAX,
        ] {
            let (a, b) = (pow_half(v, half), pow(v, half));
            assert!(
                a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
                "v = {v:e}"
            );
        }
        // The test would not see a shortcut that returned sqrt always: pow differs.
        assert!(differ_from_sqrt > 0);
    }
}
