//! The binary arithmetic nodes (csp's `add`, `sub`, `multiply`, `divide`, `pow`, `min`,
//! `max`, `floordiv`, `mod`) as functions, and as methods where no operator exists.
//!
//! Each runs when either input ticks and emits once both are valid; a scalar operand is a
//! constant (see [`Operand`]). Results follow csp, see the [`Number`] table: wrapping
//! integer arithmetic, an `f64` quotient for integers, floored `%` and `floordiv`.

use super::nodes::{Operand, binary};
use super::number::Number;
use crate::graph::{IntoTs, Ts};

/// `x + y` (csp's `add`; also the `+` operator).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x = curve(&g, vec![(Time::EPOCH, 1), (Time::EPOCH + secs(1), i64::MAX)]);
/// g.output("y", math::add(&x, 1));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// assert_eq!(r.values::<i64>("y").unwrap(), vec![2, i64::MIN]); // wraps, as csp's int64
/// ```
pub fn add<T: Number>(x: impl IntoTs<Item = T>, y: impl Operand<T>) -> Ts<T> {
    binary("add", x.into_ts(), y.into_operand(), |a: T, b| {
        Ok(a.op_add(b))
    })
}

/// `x - y` (csp's `sub`; also the `-` operator).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x = const_(&g, 5.0);
/// g.output("y", math::sub(&x, 1.5));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// assert_eq!(r.values::<f64>("y").unwrap(), vec![3.5]);
/// ```
pub fn sub<T: Number>(x: impl IntoTs<Item = T>, y: impl Operand<T>) -> Ts<T> {
    binary("sub", x.into_ts(), y.into_operand(), |a: T, b| {
        Ok(a.op_sub(b))
    })
}

/// `x * y` (csp's `multiply`; also the `*` operator).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x = const_(&g, 6);
/// g.output("y", math::multiply(&x, &x));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// assert_eq!(r.values::<i32>("y").unwrap(), vec![36]);
/// ```
pub fn multiply<T: Number>(x: impl IntoTs<Item = T>, y: impl Operand<T>) -> Ts<T> {
    binary("multiply", x.into_ts(), y.into_operand(), |a: T, b| {
        Ok(a.op_mul(b))
    })
}

/// `x / y`, a float even for integers: `7 / 2 = 3.5`, `1 / 0 = inf` (csp's `divide`; also
/// the `/` operator).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x = curve(&g, vec![(Time::EPOCH, 7i64), (Time::EPOCH + secs(1), 1)]);
/// let y = curve(&g, vec![(Time::EPOCH, 2i64), (Time::EPOCH + secs(1), 0)]);
/// g.output("q", math::divide(&x, &y));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// assert_eq!(r.values::<f64>("q").unwrap(), vec![3.5, f64::INFINITY]);
/// ```
pub fn divide<T: Number>(x: impl IntoTs<Item = T>, y: impl Operand<T>) -> Ts<T::Quotient> {
    binary("divide", x.into_ts(), y.into_operand(), |a: T, b| {
        Ok(a.op_div(b))
    })
}

/// `x ** y` (csp's `pow`). For integers, csp's `(int64)pow(double, double)`: `2 ** -1 = 0`,
/// and a result out of range is `T::MIN`.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x = const_(&g, 2i64);
/// g.output("p", math::pow(&x, 10));
/// g.output("q", math::pow(&x, -1));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// assert_eq!(r.values::<i64>("p").unwrap(), vec![1024]);
/// assert_eq!(r.values::<i64>("q").unwrap(), vec![0]);
/// ```
pub fn pow<T: Number>(x: impl IntoTs<Item = T>, y: impl Operand<T>) -> Ts<T> {
    binary("pow", x.into_ts(), y.into_operand(), |a: T, b| {
        Ok(a.op_pow(b))
    })
}

/// The smaller of `x` and `y`: `y` if `y < x`, else `x` (csp's `min`, whose C++ is
/// `std::min`: a NaN `x` is returned, a NaN `y` is not).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x = curve(&g, vec![(Time::EPOCH, 1.0), (Time::EPOCH + secs(1), f64::NAN)]);
/// g.output("m", math::min(&x, 0.5));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// let m = r.values::<f64>("m").unwrap();
/// assert_eq!(m[0], 0.5);
/// assert!(m[1].is_nan());
/// ```
pub fn min<T: Number>(x: impl IntoTs<Item = T>, y: impl Operand<T>) -> Ts<T> {
    binary("min", x.into_ts(), y.into_operand(), |a: T, b| {
        Ok(a.op_min(b))
    })
}

/// The larger of `x` and `y`: `y` if `x < y`, else `x` (csp's `max`, `std::max`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x = curve(&g, vec![(Time::EPOCH, 1), (Time::EPOCH + secs(1), 5)]);
/// g.output("m", math::max(&x, 3));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// assert_eq!(r.values::<i32>("m").unwrap(), vec![3, 5]);
/// ```
pub fn max<T: Number>(x: impl IntoTs<Item = T>, y: impl Operand<T>) -> Ts<T> {
    binary("max", x.into_ts(), y.into_operand(), |a: T, b| {
        Ok(a.op_max(b))
    })
}

/// Floored division `x // y`, as Python: `-7 // 2 = -4` (csp's `floordiv`). By zero, the
/// run fails with [`MathError::DivisionByZero`](super::MathError::DivisionByZero).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x = curve(&g, vec![(Time::EPOCH, 7i64), (Time::EPOCH + secs(1), -7)]);
/// g.output("q", math::floordiv(&x, 2));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// assert_eq!(r.values::<i64>("q").unwrap(), vec![3, -4]);
/// ```
pub fn floordiv<T: Number>(x: impl IntoTs<Item = T>, y: impl Operand<T>) -> Ts<T> {
    binary("floordiv", x.into_ts(), y.into_operand(), |a: T, b| {
        a.op_floordiv(b)
    })
}

/// Floored remainder `x % y`, with the sign of `y`, as Python: `-7 % 3 = 2` (csp's `mod`;
/// also the `%` operator, which therefore differs from Rust's `%` on primitives). By
/// zero, the run fails with [`MathError::DivisionByZero`](super::MathError::DivisionByZero).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x = curve(&g, vec![(Time::EPOCH, 7i64), (Time::EPOCH + secs(1), -7)]);
/// g.output("r", math::mod_(&x, 3));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// assert_eq!(r.values::<i64>("r").unwrap(), vec![1, 2]);
/// ```
pub fn mod_<T: Number>(x: impl IntoTs<Item = T>, y: impl Operand<T>) -> Ts<T> {
    binary("mod", x.into_ts(), y.into_operand(), |a: T, b| a.op_mod(b))
}

impl<T: Number> Ts<T> {
    /// `self ** y`, see [`math::pow`](pow).
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let x = const_(&g, 9.0);
    /// g.output("p", x.pow(0.5));
    /// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
    /// assert_eq!(r.values::<f64>("p").unwrap(), vec![3.0]);
    /// ```
    pub fn pow(&self, y: impl Operand<T>) -> Ts<T> {
        pow(self, y)
    }

    /// The smaller of `self` and `y`, see [`math::min`](min).
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let x = const_(&g, 9);
    /// g.output("m", x.min(4));
    /// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
    /// assert_eq!(r.values::<i32>("m").unwrap(), vec![4]);
    /// ```
    pub fn min(&self, y: impl Operand<T>) -> Ts<T> {
        min(self, y)
    }

    /// The larger of `self` and `y`, see [`math::max`](max).
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let x = const_(&g, 9);
    /// g.output("m", x.max(&x.min(4)));
    /// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
    /// assert_eq!(r.values::<i32>("m").unwrap(), vec![9]);
    /// ```
    pub fn max(&self, y: impl Operand<T>) -> Ts<T> {
        max(self, y)
    }

    /// Floored `self // y`, see [`math::floordiv`](floordiv).
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let x = const_(&g, -7.5);
    /// g.output("q", x.floordiv(2.0));
    /// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
    /// assert_eq!(r.values::<f64>("q").unwrap(), vec![-4.0]);
    /// ```
    pub fn floordiv(&self, y: impl Operand<T>) -> Ts<T> {
        floordiv(self, y)
    }
}
