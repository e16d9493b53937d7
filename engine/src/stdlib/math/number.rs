//! The numeric element types the math nodes work on, and the arithmetic they do: csp's
//! (C++ and Python) results, not Rust's operators where the two differ.

use crate::ts::Value;
use std::fmt::Debug;

/// A run-time error of an arithmetic node (boxed into the run's `Error::Node`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MathError {
    /// Integer `%` or `floordiv` by zero, or float `%` or `floordiv` by zero (csp raises
    /// Python's `ZeroDivisionError` for all four).
    #[error("{op}: division by zero")]
    DivisionByZero {
        /// The node (`mod`, `floordiv`).
        op: &'static str,
    },
    /// An integer result that does not fit (`i64::MIN floordiv -1`; csp raises
    /// `OverflowError`).
    #[error("{op}: integer overflow")]
    Overflow {
        /// The node.
        op: &'static str,
    },
}

/// A primitive number that flows through the math nodes: every integer type, `f32` and
/// `f64`.
///
/// The `op_*` methods are the arithmetic of one node each, with csp's semantics, where
/// they differ from Rust's operators:
///
/// | op | integers | floats |
/// |---|---|---|
/// | `+ - *`, `neg`, `abs` | wrapping, as csp's int64 C++ nodes | IEEE |
/// | `/` | `f64` quotient (`7 / 2 = 3.5`, `1 / 0 = inf`) | IEEE |
/// | `%`, `floordiv` | floored, as Python (`-7 % 3 = 2`); by zero: [`MathError::DivisionByZero`] | Python's `float.__mod__` / `__floordiv__` |
/// | `pow` | `(int)pow(double, double)`: `2 ** -1 = 0`; out of range: `T::MIN` | `powf` |
/// | `min`, `max` | `min = if y < x {y} else {x}` (C++'s `std::min`: a NaN `x` wins) | same |
///
/// They are named `op_*` so they never shadow the primitives' own methods (`i64::pow`,
/// `f64::abs`).
///
/// ```
/// use tickgraph_engine::stdlib::math::Number;
/// assert_eq!((-7i64).op_mod(3), Ok(2));
/// assert_eq!(7i64.op_div(2), 3.5);
/// assert_eq!(2i64.op_pow(-1), 0);
/// assert_eq!(i64::MAX.op_add(1), i64::MIN);
/// ```
pub trait Number: Value + Copy + PartialOrd + Debug + sealed::Sealed {
    /// The type of `x / y`: `f64` for integers (csp's `divide` of ints is a float), the
    /// type itself for floats.
    type Quotient: Value + Copy + PartialOrd + Debug;
    /// `x + y` (wrapping for integers).
    fn op_add(self, y: Self) -> Self;
    /// `x - y` (wrapping for integers).
    fn op_sub(self, y: Self) -> Self;
    /// `x * y` (wrapping for integers).
    fn op_mul(self, y: Self) -> Self;
    /// `x / y` (true division).
    fn op_div(self, y: Self) -> Self::Quotient;
    /// Floored `x % y` (the result has the sign of `y`, as Python's).
    fn op_mod(self, y: Self) -> Result<Self, MathError>;
    /// Floored `x // y` (Python's).
    fn op_floordiv(self, y: Self) -> Result<Self, MathError>;
    /// `x ** y`.
    fn op_pow(self, y: Self) -> Self;
    /// `|x|` (wrapping for signed integers: `|i64::MIN| = i64::MIN`).
    fn op_abs(self) -> Self;
    /// The value as `f64` (the input of the unary float functions).
    fn to_f64(self) -> f64;
    /// `min(x, y)` as C++'s `std::min(x, y)`: `y` if `y < x`, else `x`.
    #[inline(always)]
    fn op_min(self, y: Self) -> Self {
        if y < self { y } else { self }
    }
    /// `max(x, y)` as C++'s `std::max(x, y)`: `y` if `x < y`, else `x`.
    #[inline(always)]
    fn op_max(self, y: Self) -> Self {
        if self < y { y } else { self }
    }
}

/// A number with a negation: signed integers (wrapping) and floats.
///
/// ```
/// use tickgraph_engine::stdlib::math::Signed;
/// assert_eq!(5i32.op_neg(), -5);
/// assert_eq!(i8::MIN.op_neg(), i8::MIN);
/// ```
pub trait Signed: Number {
    /// `-x`.
    fn op_neg(self) -> Self;
}

/// An integer, for `bitwise_not`.
///
/// ```
/// use tickgraph_engine::stdlib::math::Integer;
/// assert_eq!(5i64.op_bitnot(), -6);
/// ```
pub trait Integer: Number {
    /// `!x` (two's complement `~x`).
    fn op_bitnot(self) -> Self;
}

mod sealed {
    pub trait Sealed {}
}

/// csp's int64 `pow`: `(int64_t)std::pow((double)x, (double)y)`. Out of range (and NaN)
/// converts to `T::MIN`, the x86 result of that C++ conversion (csp gives
/// `-9223372036854775808` for `3 ** 40` and `0 ** -1`).
macro_rules! int_pow {
    ($t:ty, $x:expr, $y:expr) => {{
        let p = ($x as f64).powf($y as f64);
        // `MIN as f64` is exact, and `MAX as f64 + 1.0` is the first value past the range
        // (a power of two); NaN fails both tests.
        if p >= <$t>::MIN as f64 && p < <$t>::MAX as f64 + 1.0 {
            p as $t
        } else {
            <$t>::MIN
        }
    }};
}

macro_rules! signed_int {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl Number for $t {
            type Quotient = f64;
            #[inline(always)]
            fn op_add(self, y: Self) -> Self { self.wrapping_add(y) }
            #[inline(always)]
            fn op_sub(self, y: Self) -> Self { self.wrapping_sub(y) }
            #[inline(always)]
            fn op_mul(self, y: Self) -> Self { self.wrapping_mul(y) }
            #[inline(always)]
            fn op_div(self, y: Self) -> f64 { self as f64 / y as f64 }
            #[inline]
            fn op_mod(self, y: Self) -> Result<Self, MathError> {
                if y == 0 {
                    return Err(MathError::DivisionByZero { op: "mod" });
                }
                // Truncated remainder, moved to the divisor's sign (floored, as Python).
                let r = self.wrapping_rem(y);
                Ok(if r != 0 && ((r < 0) != (y < 0)) { r + y } else { r })
            }
            #[inline]
            fn op_floordiv(self, y: Self) -> Result<Self, MathError> {
                if y == 0 {
                    return Err(MathError::DivisionByZero { op: "floordiv" });
                }
                let q = self.checked_div(y).ok_or(MathError::Overflow { op: "floordiv" })?;
                let r = self - q * y;
                Ok(if r != 0 && ((r < 0) != (y < 0)) { q - 1 } else { q })
            }
            #[inline]
            fn op_pow(self, y: Self) -> Self { int_pow!($t, self, y) }
            #[inline(always)]
            fn op_abs(self) -> Self { self.wrapping_abs() }
            #[inline(always)]
            fn to_f64(self) -> f64 { self as f64 }
        }
        impl Signed for $t {
            #[inline(always)]
            fn op_neg(self) -> Self { self.wrapping_neg() }
        }
        impl Integer for $t {
            #[inline(always)]
            fn op_bitnot(self) -> Self { !self }
        }
    )*};
}

macro_rules! unsigned_int {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl Number for $t {
            type Quotient = f64;
            #[inline(always)]
            fn op_add(self, y: Self) -> Self { self.wrapping_add(y) }
            #[inline(always)]
            fn op_sub(self, y: Self) -> Self { self.wrapping_sub(y) }
            #[inline(always)]
            fn op_mul(self, y: Self) -> Self { self.wrapping_mul(y) }
            #[inline(always)]
            fn op_div(self, y: Self) -> f64 { self as f64 / y as f64 }
            #[inline]
            fn op_mod(self, y: Self) -> Result<Self, MathError> {
                self.checked_rem(y).ok_or(MathError::DivisionByZero { op: "mod" })
            }
            #[inline]
            fn op_floordiv(self, y: Self) -> Result<Self, MathError> {
                self.checked_div(y).ok_or(MathError::DivisionByZero { op: "floordiv" })
            }
            #[inline]
            fn op_pow(self, y: Self) -> Self { int_pow!($t, self, y) }
            #[inline(always)]
            fn op_abs(self) -> Self { self }
            #[inline(always)]
            fn to_f64(self) -> f64 { self as f64 }
        }
        impl Integer for $t {
            #[inline(always)]
            fn op_bitnot(self) -> Self { !self }
        }
    )*};
}

macro_rules! float {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl Number for $t {
            type Quotient = $t;
            #[inline(always)]
            fn op_add(self, y: Self) -> Self { self + y }
            #[inline(always)]
            fn op_sub(self, y: Self) -> Self { self - y }
            #[inline(always)]
            fn op_mul(self, y: Self) -> Self { self * y }
            #[inline(always)]
            fn op_div(self, y: Self) -> Self { self / y }
            #[inline]
            fn op_mod(self, y: Self) -> Result<Self, MathError> {
                if y == 0.0 {
                    return Err(MathError::DivisionByZero { op: "mod" });
                }
                Ok(py_divmod(self as f64, y as f64).1 as $t)
            }
            #[inline]
            fn op_floordiv(self, y: Self) -> Result<Self, MathError> {
                if y == 0.0 {
                    return Err(MathError::DivisionByZero { op: "floordiv" });
                }
                Ok(py_divmod(self as f64, y as f64).0 as $t)
            }
            #[inline(always)]
            fn op_pow(self, y: Self) -> Self { self.powf(y) }
            #[inline(always)]
            fn op_abs(self) -> Self { self.abs() }
            #[inline(always)]
            fn to_f64(self) -> f64 { self as f64 }
        }
        impl Signed for $t {
            #[inline(always)]
            fn op_neg(self) -> Self { -self }
        }
    )*};
}

signed_int!(i8, i16, i32, i64, i128, isize);
unsigned_int!(u8, u16, u32, u64, u128, usize);
float!(f32, f64);

/// Python's `float_divmod` (CPython `Objects/floatobject.c`), `w != 0`: the floored
/// quotient and the remainder with the sign of `w`, with its rules for signed zeros and
/// for rounding the quotient to the nearest integer.
fn py_divmod(v: f64, w: f64) -> (f64, f64) {
    let mut m = v % w; // C's fmod
    let mut div = (v - m) / w;
    if m != 0.0 {
        if (w < 0.0) != (m < 0.0) {
            m += w;
            div -= 1.0;
        }
    } else {
        m = 0f64.copysign(w);
    }
    let floordiv = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 { f + 1.0 } else { f }
    } else {
        0f64.copysign(v / w)
    };
    (floordiv, m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_divmod_follows_python() {
        // Values printed by Python 3.11 (csp 0.19.1's venv).
        assert_eq!((-7.5f64).op_mod(2.0), Ok(0.5));
        assert_eq!(7.5f64.op_mod(-2.0), Ok(-0.5));
        assert_eq!((-7.0f64).op_mod(f64::INFINITY), Ok(f64::INFINITY));
        assert_eq!(7.0f64.op_mod(f64::INFINITY), Ok(7.0));
        assert!(4.0f64.op_mod(-2.0).unwrap().is_sign_negative());
        assert_eq!((-0.5f64).op_floordiv(f64::INFINITY), Ok(-1.0));
        assert_eq!(7.5f64.op_floordiv(-2.0), Ok(-4.0));
    }

    #[test]
    fn int_pow_converts_as_csp() {
        assert_eq!(3i64.op_pow(39), 4052555153018976256);
        assert_eq!(3i64.op_pow(40), i64::MIN);
        assert_eq!(2i64.op_pow(63), i64::MIN);
        assert_eq!(0i64.op_pow(-1), i64::MIN);
        assert_eq!((-1i64).op_pow(-1), -1);
        assert_eq!((-2i64).op_pow(-2), 0);
        assert_eq!(2u8.op_pow(7), 128);
        assert_eq!(2u8.op_pow(8), 0);
    }

    #[test]
    fn int_floordiv_and_mod_are_floored() {
        assert_eq!((-7i64).op_floordiv(2), Ok(-4));
        assert_eq!(7i64.op_floordiv(-2), Ok(-4));
        assert_eq!((-7i64).op_floordiv(-2), Ok(3));
        assert_eq!(
            i64::MIN.op_floordiv(-1),
            Err(MathError::Overflow { op: "floordiv" })
        );
        assert_eq!(i64::MIN.op_mod(-1), Ok(0));
        assert_eq!(7i64.op_mod(-3), Ok(-2));
    }
}
