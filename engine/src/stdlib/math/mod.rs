//! csp's `csp.math`: arithmetic, comparison, unary float functions and boolean logic on
//! time series, as nodes.
//!
//! ```
//! use tickgraph_engine::prelude::*;
//! let g = Graph::new();
//! let st = Time::EPOCH;
//! let x = curve(&g, (1..=4).map(|i| (st + secs(i), i)).collect::<Vec<_>>());
//! let y = curve(&g, vec![(st + secs(2), 1), (st + secs(4), 2)]);
//! g.output("sum", &x + &y); // emits once both are valid
//! g.output("ratio", &x / &y); // ints divide to f64
//! g.output("big", (&x * 10).gt(25)); // a scalar operand is a constant
//! let r = g.run(RunConfig::historical_for(st, secs(4))).unwrap();
//! assert_eq!(r.values::<i64>("sum").unwrap(), vec![3, 4, 6]);
//! assert_eq!(r.values::<f64>("ratio").unwrap(), vec![2.0, 3.0, 2.0]);
//! assert_eq!(r.values::<bool>("big").unwrap(), vec![false, false, true, true]);
//! ```
//!
//! **Binary ops** (`+ - * / %` through `std::ops`; [`add`], [`sub`], [`multiply`],
//! [`divide`], [`pow`], [`min`], [`max`], [`floordiv`], [`mod_`]; comparisons [`eq`],
//! [`ne`], [`lt`], [`gt`], [`le`], [`ge`]) run when either input ticks and emit only when
//! both are valid (csp's `if csp.valid(x, y)`). The second operand may be a scalar
//! ([`Operand`]). Both operands have one element type, a [`Number`]; the result types are
//! csp's: `divide` of integers is `f64`, comparisons `bool`, the others the element type.
//! The arithmetic is csp's, not Rust's, where they differ (the [`Number`] table): integers
//! wrap, `%` and `floordiv` are floored as in Python, division by zero in them is a
//! [`MathError`].
//!
//! **Unary ops**: [`abs`], [`neg`] (`-x`) and [`pos`] keep the element type; [`ln`],
//! [`log2`], [`log10`], [`exp`], [`exp2`], [`sqrt`], [`erf`], the trigonometric and
//! hyperbolic functions (csp's names [`arcsin`] .., with Rust's [`asin`] .. as aliases) give
//! `f64`. Each is also a method (`x.sqrt()`, `x.asin()`).
//!
//! **Logic**: [`not_`] (`!x` on `Ts<bool>`), [`bitwise_not`] (`!x` on integers), and the
//! basket nodes [`and_`] and [`or_`].
//!
//! Every op is one small node, generic over its element type and op, so each is
//! monomorphised; none allocates per tick.

mod binary;
mod compare;
mod logic;
mod nodes;
mod number;
mod ops;
mod unary;

pub use binary::{add, divide, floordiv, max, min, mod_, multiply, pow, sub};
pub use compare::{eq, ge, gt, le, lt, ne};
pub use logic::{and_, bitwise_not, not_, or_};
pub use nodes::{Operand, OperandKind};
pub use number::{Integer, MathError, Number, Signed};
pub use unary::{
    abs, acos, acosh, arccos, arccosh, arcsin, arcsinh, arctan, arctanh, asin, asinh, atan, atanh,
    cos, cosh, erf, exp, exp2, ln, log2, log10, neg, pos, sin, sinh, sqrt, tan, tanh,
};
