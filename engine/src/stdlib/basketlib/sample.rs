//! `sample_basket`: every valid element of a basket on each trigger tick.

use super::shape::IntoBasket;
use crate::ctx::Ctx;
use crate::error::NodeError;
use crate::graph::IntoTs;
use crate::node::Node;
use crate::ts::{Input, ListBasket, OutputBasket, Value};

/// On each tick of `trigger`, emits the current value of every element of `x` that is
/// valid (csp's `sample_basket`, `sample_list`, `sample_dict`). The elements are passive:
/// they do not wake the node, but a tick in the trigger's cycle is seen. Elements that
/// never ticked do not tick on the output.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// use std::collections::BTreeMap;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let a = curve(&g, vec![(st + secs(1), 1), (st + secs(2), 2)]);
/// let b = curve(&g, vec![(st + secs(3), 10)]);
/// let trigger = timer(&g, secs(2), ());
/// let s = basketlib::sample_basket(&trigger, BTreeMap::from([("a", a), ("b", b)]));
/// g.output("a", &s["a"]);
/// g.output("b", &s["b"]);
/// let r = g.run(RunConfig::historical_for(st, secs(4))).unwrap();
/// assert_eq!(r.series::<i32>("a").unwrap(), &[(st + secs(2), 2), (st + secs(4), 2)]);
/// assert_eq!(r.series::<i32>("b").unwrap(), &[(st + secs(4), 10)]);
/// ```
pub fn sample_basket<T: Value, U: Value, B: IntoBasket<T>>(
    trigger: impl IntoTs<Item = U>,
    x: B,
) -> B::Output {
    let trigger = trigger.into_ts();
    let (series, keys) = x.into_parts();
    if series.is_empty() {
        return B::rebuild(keys, Vec::new());
    }
    let mut n = trigger.graph().add_node("sample_basket");
    let ti = n.input("trigger", &trigger);
    let xb = n.list_basket("x", &series);
    let outs = n.output_basket::<T>(series.len());
    let out_ts = n.basket_ts(outs);
    n.finish(move |w| {
        Ok(Box::new(SampleBasket {
            trigger: w.input(ti),
            x: w.list_basket(xb),
            out: w.output_basket(outs),
        }))
    });
    B::rebuild(keys, out_ts)
}

struct SampleBasket<T, U> {
    trigger: Input<U>,
    x: ListBasket<T>,
    out: OutputBasket<T>,
}

impl<T: Value, U: Value> Node for SampleBasket<T, U> {
    fn start(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        self.x.make_passive(ctx);
        Ok(())
    }

    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if self.trigger.ticked(ctx) {
            for i in 0..self.x.len() {
                // Cloned before the tick: a read borrows the context the tick needs.
                if let Some(v) = self.x[i].get(ctx).cloned() {
                    self.out.tick(ctx, i, v)?;
                }
            }
        }
        Ok(())
    }
}
