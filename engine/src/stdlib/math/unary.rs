//! The unary nodes: `abs`, `neg`, `pos` (which keep the element type) and the float
//! functions (`ln`, `exp`, `sqrt`, `erf`, trigonometric and hyperbolic), which give `f64`
//! for every element type, as csp's give `float` for `int` and `float`.
//!
//! Out-of-domain arguments give IEEE results, as csp's C++ nodes do (verified:
//! `ln(0) = -inf`, `ln(-1) = NaN`, `sqrt(-1) = NaN`, `arccosh(0.5) = NaN`,
//! `arctanh(1) = inf`, `exp(1000) = inf`), never an error.

use super::nodes::unary;
use super::number::{Number, Signed};
use crate::graph::{IntoTs, Ts};

/// `|x|`, of the element type (csp's `abs`; wrapping: `|i64::MIN| = i64::MIN`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x = curve(&g, vec![(Time::EPOCH, -3i64), (Time::EPOCH + secs(1), 2)]);
/// g.output("a", math::abs(&x));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// assert_eq!(r.values::<i64>("a").unwrap(), vec![3, 2]);
/// ```
pub fn abs<T: Number>(x: impl IntoTs<Item = T>) -> Ts<T> {
    unary("abs", x.into_ts(), |a: T| Ok(a.op_abs()))
}

/// `-x`, of the element type (csp's `neg`; also the unary `-` operator). csp 0.19.1 gives
/// a float for an int input; see `docs/differences.md`.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x = const_(&g, 4i64);
/// g.output("n", math::neg(&x));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// assert_eq!(r.values::<i64>("n").unwrap(), vec![-4]);
/// ```
pub fn neg<T: Signed>(x: impl IntoTs<Item = T>) -> Ts<T> {
    unary("neg", x.into_ts(), |a: T| Ok(a.op_neg()))
}

/// `+x`: the values unchanged, of the element type (csp's `pos`; a node of its own, as in
/// csp, so it ticks when `x` does).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x = const_(&g, -4i64);
/// g.output("p", math::pos(&x));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// assert_eq!(r.values::<i64>("p").unwrap(), vec![-4]);
/// ```
pub fn pos<T: Number>(x: impl IntoTs<Item = T>) -> Ts<T> {
    unary("pos", x.into_ts(), |a: T| Ok(a))
}

/// The float functions: a free function (csp's name) and a `Ts` method (Rust's name).
macro_rules! float_fns {
    ($( $(#[$doc:meta])* $name:ident / $method:ident = $f:expr, example: $input:expr => $output:expr; )*) => {
        $(
            $(#[$doc])*
            #[doc = ""]
            #[doc = "```"]
            #[doc = "use tickgraph_engine::prelude::*;"]
            #[doc = "let g = Graph::new();"]
            #[doc = concat!("let x = const_(&g, ", stringify!($input), ");")]
            #[doc = concat!("g.output(\"y\", math::", stringify!($name), "(&x));")]
            #[doc = concat!("g.output(\"m\", x.", stringify!($method), "());")]
            #[doc = "let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();"]
            #[doc = "let (y, m) = (r.values::<f64>(\"y\").unwrap()[0], r.values::<f64>(\"m\").unwrap()[0]);"]
            #[doc = concat!("assert!((y - ", stringify!($output), ").abs() <= 1e-12, \"{y}\");")]
            #[doc = "assert_eq!(y.to_bits(), m.to_bits());"]
            #[doc = "```"]
            pub fn $name<T: Number>(x: impl IntoTs<Item = T>) -> Ts<f64> {
                unary(stringify!($name), x.into_ts(), |a: T| Ok(($f)(a.to_f64())))
            }
        )*

        impl<T: Number> Ts<T> {
            $(
                #[doc = concat!("[`math::", stringify!($name), "`](", stringify!($name), ") of `self`.")]
                #[doc = ""]
                #[doc = "```"]
                #[doc = "use tickgraph_engine::prelude::*;"]
                #[doc = "let g = Graph::new();"]
                #[doc = concat!("let x = const_(&g, ", stringify!($input), ");")]
                #[doc = concat!("g.output(\"y\", x.", stringify!($method), "());")]
                #[doc = "let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();"]
                #[doc = concat!("assert!((r.values::<f64>(\"y\").unwrap()[0] - ", stringify!($output), ").abs() <= 1e-12);")]
                #[doc = "```"]
                pub fn $method(&self) -> Ts<f64> {
                    $name(self)
                }
            )*
        }
    };
}

float_fns! {
    /// The natural logarithm (csp's `ln`).
    ln / ln = f64::ln, example: 1.0 => 0.0;
    /// The base-2 logarithm (csp's `log2`).
    log2 / log2 = f64::log2, example: 8 => 3.0;
    /// The base-10 logarithm (csp's `log10`).
    log10 / log10 = f64::log10, example: 1000 => 3.0;
    /// `e ** x` (csp's `exp`).
    exp / exp = f64::exp, example: 0.0 => 1.0;
    /// `2 ** x` (csp's `exp2`).
    exp2 / exp2 = f64::exp2, example: -1 => 0.5;
    /// The square root (csp's `sqrt`; NaN below zero).
    sqrt / sqrt = f64::sqrt, example: 2.25 => 1.5;
    /// The error function (csp's `erf`), from the `libm` crate (a port of musl's `erf`,
    /// accurate to about one ulp).
    erf / erf = libm::erf, example: 0.5 => 0.5204998778130465;
    /// The sine (csp's `sin`).
    sin / sin = f64::sin, example: 0.0 => 0.0;
    /// The cosine (csp's `cos`).
    cos / cos = f64::cos, example: 0.0 => 1.0;
    /// The tangent (csp's `tan`).
    tan / tan = f64::tan, example: 0.0 => 0.0;
    /// The arcsine (csp's `arcsin`; also [`asin`]).
    arcsin / asin = f64::asin, example: 1.0 => std::f64::consts::FRAC_PI_2;
    /// The arccosine (csp's `arccos`; also [`acos`]).
    arccos / acos = f64::acos, example: 1.0 => 0.0;
    /// The arctangent (csp's `arctan`; also [`atan`]).
    arctan / atan = f64::atan, example: 1.0 => std::f64::consts::FRAC_PI_4;
    /// The hyperbolic sine (csp's `sinh`).
    sinh / sinh = f64::sinh, example: 0.0 => 0.0;
    /// The hyperbolic cosine (csp's `cosh`).
    cosh / cosh = f64::cosh, example: 0.0 => 1.0;
    /// The hyperbolic tangent (csp's `tanh`).
    tanh / tanh = f64::tanh, example: 0.0 => 0.0;
    /// The inverse hyperbolic sine (csp's `arcsinh`; also [`asinh`]).
    arcsinh / asinh = f64::asinh, example: 0.0 => 0.0;
    /// The inverse hyperbolic cosine (csp's `arccosh`; also [`acosh`]; NaN below 1).
    arccosh / acosh = f64::acosh, example: 1.0 => 0.0;
    /// The inverse hyperbolic tangent (csp's `arctanh`; also [`atanh`]).
    arctanh / atanh = f64::atanh, example: 0.0 => 0.0;
}

/// The Rust names of csp's `arc*` functions.
macro_rules! aliases {
    ($($alias:ident = $name:ident, example: $input:expr => $output:expr;)*) => {$(
        #[doc = concat!("[`", stringify!($name), "`] under Rust's name.")]
        #[doc = ""]
        #[doc = "```"]
        #[doc = "use tickgraph_engine::prelude::*;"]
        #[doc = "let g = Graph::new();"]
        #[doc = concat!("let x = const_(&g, ", stringify!($input), ");")]
        #[doc = concat!("g.output(\"y\", math::", stringify!($alias), "(&x));")]
        #[doc = "let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();"]
        #[doc = concat!("assert!((r.values::<f64>(\"y\").unwrap()[0] - ", stringify!($output), ").abs() <= 1e-12);")]
        #[doc = "```"]
        pub fn $alias<T: Number>(x: impl IntoTs<Item = T>) -> Ts<f64> {
            $name(x)
        }
    )*};
}

aliases! {
    asin = arcsin, example: 1.0 => std::f64::consts::FRAC_PI_2;
    acos = arccos, example: 0.0 => std::f64::consts::FRAC_PI_2;
    atan = arctan, example: 1.0 => std::f64::consts::FRAC_PI_4;
    asinh = arcsinh, example: 0.0 => 0.0;
    acosh = arccosh, example: 1.0 => 0.0;
    atanh = arctanh, example: 0.0 => 0.0;
}

impl<T: Number> Ts<T> {
    /// `|self|`, of the element type; see [`math::abs`](abs).
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let x = const_(&g, -2.5);
    /// g.output("a", x.abs());
    /// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
    /// assert_eq!(r.values::<f64>("a").unwrap(), vec![2.5]);
    /// ```
    pub fn abs(&self) -> Ts<T> {
        abs(self)
    }
}
