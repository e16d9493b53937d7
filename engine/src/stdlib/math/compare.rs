//! The comparison nodes (csp's `eq`, `ne`, `lt`, `gt`, `le`, `ge`): `Ts<bool>` outputs,
//! as functions and as methods (`x.gt(&y)`, `x.eq(0)`).
//!
//! Like the arithmetic nodes, each runs when either input ticks and emits once both are
//! valid. Floats compare as IEEE (every comparison with NaN is false but `ne`). The
//! methods return series, not `bool`s, so they are not `PartialEq`/`PartialOrd`, which
//! `Ts` does not implement: `x.eq(&y)` is always this node.

use super::nodes::{Operand, binary};
use crate::graph::{IntoTs, Ts};
use crate::ts::Value;

macro_rules! comparisons {
    ($($(#[$doc:meta])* $name:ident, $bound:ident, $op:tt, example: $x:expr, $y:expr => $out:expr;)*) => {
        $(
            $(#[$doc])*
            #[doc = ""]
            #[doc = "```"]
            #[doc = "use tickgraph_engine::prelude::*;"]
            #[doc = "let g = Graph::new();"]
            #[doc = concat!("let x = curve(&g, vec![(Time::EPOCH, 1), (Time::EPOCH + secs(1), 2), (Time::EPOCH + secs(2), 3)]);")]
            #[doc = concat!("g.output(\"f\", math::", stringify!($name), "(&x, 2));")]
            #[doc = concat!("g.output(\"m\", x.", stringify!($name), "(2));")]
            #[doc = "let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(2))).unwrap();"]
            #[doc = concat!("assert_eq!(r.values::<bool>(\"f\").unwrap(), vec!", stringify!($out), ");")]
            #[doc = concat!("assert_eq!(r.values::<bool>(\"m\").unwrap(), vec!", stringify!($out), ");")]
            #[doc = "```"]
            pub fn $name<T: Value + Copy + $bound>(x: impl IntoTs<Item = T>, y: impl Operand<T>) -> Ts<bool> {
                binary(stringify!($name), x.into_ts(), y.into_operand(), |a: T, b: T| Ok(a $op b))
            }
        )*

        impl<T: Value + Copy + PartialOrd> Ts<T> {
            $(
                #[doc = concat!("`self ", stringify!($op), " y` as a series; see [`math::", stringify!($name), "`](", stringify!($name), ").")]
                #[doc = ""]
                #[doc = "```"]
                #[doc = "use tickgraph_engine::prelude::*;"]
                #[doc = "let g = Graph::new();"]
                #[doc = concat!("let x = curve(&g, vec![(Time::EPOCH, ", stringify!($x), "), (Time::EPOCH + secs(1), 2.0)]);")]
                #[doc = concat!("let y = const_(&g, ", stringify!($y), ");")]
                #[doc = concat!("g.output(\"c\", x.", stringify!($name), "(&y));")]
                #[doc = "let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();"]
                #[doc = concat!("assert_eq!(r.values::<bool>(\"c\").unwrap()[0], ", stringify!($x), " ", stringify!($op), " ", stringify!($y), ");")]
                #[doc = "```"]
                pub fn $name(&self, y: impl Operand<T>) -> Ts<bool> {
                    $name(self, y)
                }
            )*
        }
    };
}

comparisons! {
    /// `x == y` (csp's `eq`).
    eq, PartialEq, ==, example: 1.0, 1.0 => [false, true, false];
    /// `x != y` (csp's `ne`).
    ne, PartialEq, !=, example: 1.0, 1.0 => [true, false, true];
    /// `x < y` (csp's `lt`).
    lt, PartialOrd, <, example: 1.0, 1.5 => [true, false, false];
    /// `x > y` (csp's `gt`).
    gt, PartialOrd, >, example: 1.0, 1.5 => [false, false, true];
    /// `x <= y` (csp's `le`).
    le, PartialOrd, <=, example: 1.5, 1.5 => [true, true, false];
    /// `x >= y` (csp's `ge`).
    ge, PartialOrd, >=, example: 1.0, 1.5 => [false, true, true];
}
