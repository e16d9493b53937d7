//! `std::ops` on `Ts`: `+ - * / %` and unary `-` build csp's math nodes.
//!
//! Every combination of owned and borrowed series works (`x + y`, `&x + &y`, `x + &y`,
//! `&x + y`), as do a scalar on the right (`x + 1`, `&x * 2.5`) and, for every primitive
//! number type, on the left (`1 - x`, `2.0 / &x`). Both operands have one element type:
//! `Ts<i64> + Ts<f64>` does not compile (csp would lift the int to float); convert one
//! first (`x.map(|v| *v as f64)`). `!` is [`not_`](super::not_) on `Ts<bool>` and
//! [`bitwise_not`](super::bitwise_not) on integers.

use super::logic::{bitwise_not, not_};
use super::nodes::{OperandKind, binary, binary_left};
use super::number::{Integer, Number, Signed};
use super::unary::neg;
use crate::graph::Ts;
use std::ops::{Add, Div, Mul, Neg, Not, Rem, Sub};

/// The impls of one binary operator: series op series (owned and borrowed), series op
/// scalar, and scalar op series for each primitive number type.
macro_rules! binary_op {
    ($trait:ident, $method:ident, $name:literal, $out:ty, $lout:tt, |$a:ident, $b:ident| $body:expr) => {
        impl<T: Number> $trait<Ts<T>> for Ts<T> {
            type Output = Ts<$out>;
            fn $method(self, y: Ts<T>) -> Ts<$out> {
                binary($name, self, OperandKind::Series(y), |$a: T, $b| $body)
            }
        }
        impl<T: Number> $trait<&Ts<T>> for Ts<T> {
            type Output = Ts<$out>;
            fn $method(self, y: &Ts<T>) -> Ts<$out> {
                binary($name, self, OperandKind::Series(y.clone()), |$a: T, $b| $body)
            }
        }
        impl<T: Number> $trait<Ts<T>> for &Ts<T> {
            type Output = Ts<$out>;
            fn $method(self, y: Ts<T>) -> Ts<$out> {
                binary($name, self.clone(), OperandKind::Series(y), |$a: T, $b| $body)
            }
        }
        impl<T: Number> $trait<&Ts<T>> for &Ts<T> {
            type Output = Ts<$out>;
            fn $method(self, y: &Ts<T>) -> Ts<$out> {
                binary($name, self.clone(), OperandKind::Series(y.clone()), |$a: T, $b| $body)
            }
        }
        impl<T: Number> $trait<T> for Ts<T> {
            type Output = Ts<$out>;
            fn $method(self, c: T) -> Ts<$out> {
                binary($name, self, OperandKind::Scalar(c), |$a: T, $b| $body)
            }
        }
        impl<T: Number> $trait<T> for &Ts<T> {
            type Output = Ts<$out>;
            fn $method(self, c: T) -> Ts<$out> {
                binary($name, self.clone(), OperandKind::Scalar(c), |$a: T, $b| $body)
            }
        }
        binary_op!(@left $trait, $method, $name, $lout, |$a, $b| $body;
            i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64);
    };
    (@left $trait:ident, $method:ident, $name:literal, $lout:tt, |$a:ident, $b:ident| $body:expr;
        $($t:ty),*) => {$(
        impl $trait<Ts<$t>> for $t {
            type Output = Ts<binary_op!(@subst $lout, $t)>;
            fn $method(self, y: Ts<$t>) -> Self::Output {
                binary_left($name, self, y, |$a: $t, $b| $body)
            }
        }
        impl $trait<&Ts<$t>> for $t {
            type Output = Ts<binary_op!(@subst $lout, $t)>;
            fn $method(self, y: &Ts<$t>) -> Self::Output {
                binary_left($name, self, y.clone(), |$a: $t, $b| $body)
            }
        }
    )*};
    // The output type of a left-scalar impl: the scalar's type, or its quotient type.
    (@subst same, $t:ty) => { $t };
    (@subst quotient, $t:ty) => { <$t as Number>::Quotient };
}

binary_op!(Add, add, "add", T, same, |a, b| Ok(a.op_add(b)));
binary_op!(Sub, sub, "sub", T, same, |a, b| Ok(a.op_sub(b)));
binary_op!(Mul, mul, "multiply", T, same, |a, b| Ok(a.op_mul(b)));
binary_op!(Div, div, "divide", T::Quotient, quotient, |a, b| Ok(
    a.op_div(b)
));
binary_op!(Rem, rem, "mod", T, same, |a, b| a.op_mod(b));

impl<T: Signed> Neg for Ts<T> {
    type Output = Ts<T>;
    fn neg(self) -> Ts<T> {
        neg(self)
    }
}

impl<T: Signed> Neg for &Ts<T> {
    type Output = Ts<T>;
    fn neg(self) -> Ts<T> {
        neg(self)
    }
}

impl Not for Ts<bool> {
    type Output = Ts<bool>;
    fn not(self) -> Ts<bool> {
        not_(self)
    }
}

impl Not for &Ts<bool> {
    type Output = Ts<bool>;
    fn not(self) -> Ts<bool> {
        not_(self)
    }
}

impl<T: Integer> Not for Ts<T> {
    type Output = Ts<T>;
    fn not(self) -> Ts<T> {
        bitwise_not(self)
    }
}

impl<T: Integer> Not for &Ts<T> {
    type Output = Ts<T>;
    fn not(self) -> Ts<T> {
        bitwise_not(self)
    }
}
