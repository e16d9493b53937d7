//! `sync`: emits the latest values of a basket's elements once all ticked within a window.

use super::shape::IntoBasket;
use crate::alarm::{Alarm, AlarmHandle};
use crate::ctx::Ctx;
use crate::error::{Error, NodeError};
use crate::graph::{IntoTs, Ts};
use crate::node::Node;
use crate::time::saturating_nanos;
use crate::ts::{Input, ListBasket, OutputBasket, Value};
use chrono::TimeDelta;

/// Aligns the ticks of the elements of `x` (csp's `sync`, `sync_list`, `sync_dict`).
///
/// A window opens on the first tick of any element and lasts `threshold`. When every
/// element has ticked within it, the node emits each element's latest value in the window
/// and the window closes; the next tick opens a new one. When the window times out first,
/// the node emits the elements that did tick (only those: the others' outputs do not tick)
/// if `output_incomplete`, else nothing. Ticks at the very time of the timeout belong to
/// the closing window, and a tick that completes or closes a window does not open the
/// next one. A zero `threshold` times out in the next engine cycle at the same time.
///
/// A negative `threshold` is an [`Error::InvalidArgument`], returned by `Graph::run`.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let a = curve(&g, vec![(st + secs(1), 1), (st + secs(9), 2)]);
/// let b = curve(&g, vec![(st + secs(2), 10)]);
/// let s = basketlib::sync(&[a, b], secs(2), true);
/// g.output("a", &s[0]);
/// g.output("b", &s[1]);
/// let r = g.run(RunConfig::historical_for(st, secs(20))).unwrap();
/// // [1 s, 3 s] completes at 2 s; [9 s, 11 s] times out with `a` alone.
/// assert_eq!(r.series::<i32>("a").unwrap(), &[(st + secs(2), 1), (st + secs(11), 2)]);
/// assert_eq!(r.series::<i32>("b").unwrap(), &[(st + secs(2), 10)]);
/// ```
pub fn sync<T: Value, B: IntoBasket<T>>(
    x: B,
    threshold: TimeDelta,
    output_incomplete: bool,
) -> B::Output {
    sync_impl::<T, (), B>(x, threshold, output_incomplete, None)
}

/// [`sync`] whose windows open only on a tick of `trigger` (csp's `sync(.., trigger=)`):
/// element ticks outside a window are ignored, and a trigger tick during a window changes
/// nothing. An element tick in the cycle of the opening trigger tick counts.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let a = curve(&g, vec![(st + secs(1), 1), (st + secs(4), 2)]);
/// let b = curve(&g, vec![(st + secs(5), 10)]);
/// let trigger = curve(&g, vec![(st + secs(3), ())]);
/// let s = basketlib::sync_triggered(vec![a, b], &trigger, secs(3), true);
/// g.output("a", &s[0]);
/// g.output("b", &s[1]);
/// let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
/// // The window [3 s, 6 s]: a at 1 s is before it.
/// assert_eq!(r.series::<i32>("a").unwrap(), &[(st + secs(5), 2)]);
/// assert_eq!(r.series::<i32>("b").unwrap(), &[(st + secs(5), 10)]);
/// ```
pub fn sync_triggered<T: Value, U: Value, B: IntoBasket<T>>(
    x: B,
    trigger: impl IntoTs<Item = U>,
    threshold: TimeDelta,
    output_incomplete: bool,
) -> B::Output {
    sync_impl(x, threshold, output_incomplete, Some(trigger.into_ts()))
}

fn sync_impl<T: Value, U: Value, B: IntoBasket<T>>(
    x: B,
    threshold: TimeDelta,
    output_incomplete: bool,
    trigger: Option<Ts<U>>,
) -> B::Output {
    let (series, keys) = x.into_parts();
    let Some(first) = series.first() else {
        // No elements: nothing can tick, and there is no graph to add a node to.
        return B::rebuild(keys, Vec::new());
    };
    let g = first.graph().clone();
    if threshold < TimeDelta::zero() {
        g.record_error(Error::InvalidArgument {
            node: "sync".into(),
            message: format!("threshold must not be negative, got {threshold}"),
        });
    }
    let threshold = TimeDelta::nanoseconds(saturating_nanos(threshold).max(0));
    let mut n = g.add_node("sync");
    let xb = n.list_basket("x", &series);
    let ti = trigger.as_ref().map(|t| n.input("trigger", t));
    let alarm = n.alarm::<()>("end");
    let outs = n.output_basket::<T>(series.len());
    let out_ts = n.basket_ts(outs);
    let len = series.len();
    n.finish(move |w| {
        Ok(Box::new(SyncNode {
            x: w.list_basket(xb),
            trigger: ti.map(|t| w.input(t)),
            end: w.alarm(alarm),
            out: w.output_basket(outs),
            threshold,
            output_incomplete,
            window: None,
            current: (0..len).map(|_| None).collect(),
            filled: 0,
        }))
    });
    B::rebuild(keys, out_ts)
}

struct SyncNode<T, U> {
    x: ListBasket<T>,
    trigger: Option<Input<U>>,
    end: Alarm<()>,
    out: OutputBasket<T>,
    threshold: TimeDelta,
    output_incomplete: bool,
    /// The timeout of the open window, if one is open.
    window: Option<AlarmHandle>,
    /// The latest value of each element in the window.
    current: Vec<Option<T>>,
    /// How many of `current` are `Some`.
    filled: usize,
}

impl<T: Value, U: Value> Node for SyncNode<T, U> {
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if self.window.is_none() && self.trigger.as_ref().is_none_or(|t| t.ticked(ctx)) {
            self.window = Some(self.end.schedule(ctx, self.threshold, ())?);
        }
        if self.window.is_some() {
            for (i, v) in self.x.ticked_items(ctx) {
                let slot = &mut self.current[i];
                if slot.is_none() {
                    self.filled += 1;
                }
                *slot = Some(v.clone());
            }
        }
        let complete = self.filled == self.current.len();
        if complete || self.end.ticked(ctx) {
            let emit = complete || self.output_incomplete;
            // In index order; all in this cycle, so the order is not observable.
            for (i, slot) in self.current.iter_mut().enumerate() {
                if let Some(v) = slot.take()
                    && emit
                {
                    self.out.tick(ctx, i, v)?;
                }
            }
            self.filled = 0;
            if let Some(h) = self.window.take() {
                // False (not an error) when the window timed out: the alarm fired.
                self.end.cancel(ctx, h)?;
            }
        }
        Ok(())
    }
}
