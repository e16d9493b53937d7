//! The boolean and bitwise nodes: csp's `not_`, `bitwise_not`, and the basket nodes
//! `and_` and `or_`.

use super::nodes::unary;
use super::number::Integer;
use crate::ctx::Ctx;
use crate::error::NodeError;
use crate::graph::{IntoTs, Ts};
use crate::node::Node;
use crate::ts::{ListBasket, Output};

/// `!x` on booleans (csp's `not_`; also the `!` operator on `Ts<bool>`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x = curve(&g, vec![(Time::EPOCH, true), (Time::EPOCH + secs(1), false)]);
/// g.output("n", math::not_(&x));
/// g.output("o", !&x);
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// assert_eq!(r.values::<bool>("n").unwrap(), vec![false, true]);
/// assert_eq!(r.values::<bool>("o").unwrap(), vec![false, true]);
/// ```
pub fn not_(x: impl IntoTs<Item = bool>) -> Ts<bool> {
    unary("not_", x.into_ts(), |a: bool| Ok(!a))
}

/// `~x`, the two's complement bitwise not of an integer (csp's `bitwise_not`; also the `!`
/// operator on integer series).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x = curve(&g, vec![(Time::EPOCH, 0i64), (Time::EPOCH + secs(1), 5)]);
/// g.output("b", math::bitwise_not(&x));
/// g.output("o", !x);
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// assert_eq!(r.values::<i64>("b").unwrap(), vec![-1, -6]);
/// assert_eq!(r.values::<i64>("o").unwrap(), vec![-1, -6]);
/// ```
pub fn bitwise_not<T: Integer>(x: impl IntoTs<Item = T>) -> Ts<T> {
    unary("bitwise_not", x.into_ts(), |a: T| Ok(a.op_bitnot()))
}

/// Whether all of `xs` are true, on every tick of any of them once **all** are valid
/// (csp's `and_`, `all(x.validvalues())` once `csp.valid(x)`).
///
/// An empty `xs` gives a series of an empty graph, which never ticks.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let a = curve(&g, vec![(st + secs(1), true), (st + secs(2), false), (st + secs(3), true)]);
/// let b = curve(&g, vec![(st + secs(2), true), (st + secs(4), true)]);
/// g.output("and", math::and_(&[a, b]));
/// let r = g.run(RunConfig::historical_for(st, secs(4))).unwrap();
/// // a alone at 1 s: not all valid yet.
/// assert_eq!(r.values::<bool>("and").unwrap(), vec![false, true, true]);
/// ```
pub fn and_(xs: &[Ts<bool>]) -> Ts<bool> {
    all_or_any("and_", xs, true)
}

/// Whether any of `xs` is true, on every tick of any of them once **all** are valid (csp's
/// `or_`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let a = curve(&g, vec![(st + secs(1), true), (st + secs(2), false), (st + secs(3), false)]);
/// let b = curve(&g, vec![(st + secs(2), false)]);
/// g.output("or", math::or_(&[a, b]));
/// let r = g.run(RunConfig::historical_for(st, secs(3))).unwrap();
/// assert_eq!(r.values::<bool>("or").unwrap(), vec![false, false]);
/// ```
pub fn or_(xs: &[Ts<bool>]) -> Ts<bool> {
    all_or_any("or_", xs, false)
}

fn all_or_any(name: &str, xs: &[Ts<bool>], all: bool) -> Ts<bool> {
    let g = xs.first().map(|x| x.graph().clone()).unwrap_or_default();
    let mut n = g.add_node(name);
    let b = n.list_basket("x", xs);
    let out = n.output::<bool>();
    let ts = n.ts(out);
    n.finish(move |w| {
        Ok(Box::new(AllOrAny {
            xs: w.list_basket(b),
            out: w.output(out),
            all,
        }))
    });
    ts
}

struct AllOrAny {
    xs: ListBasket<bool>,
    out: Output<bool>,
    /// `and_` (all) or `or_` (any).
    all: bool,
}

impl Node for AllOrAny {
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if self.xs.valid() {
            let v = {
                let mut values = self.xs.valid_values(ctx);
                if self.all {
                    values.all(|&v| v)
                } else {
                    values.any(|&v| v)
                }
            };
            self.out.tick(ctx, v)?;
        }
        Ok(())
    }
}
