//! Basic nodes, written by hand against [`Node`]: count, collect, merge, sample, filter,
//! stop_engine and schedule_on_engine_stop.

use crate::ctx::Ctx;
use crate::error::NodeError;
use crate::graph::{Graph, IntoTs, Ts};
use crate::node::Node;
use crate::ts::{Input, ListBasket, Output, Value};

/// Emits the total number of ticks of `x` on each of its ticks (csp's `count`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let n = count(&timer(&g, secs(1), 'x'));
/// g.output("n", &n);
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(3))).unwrap();
/// assert_eq!(r.values::<u64>("n").unwrap(), vec![1, 2, 3]);
/// ```
pub fn count<T: Value>(x: impl IntoTs<Item = T>) -> Ts<u64> {
    let x = x.into_ts();
    let mut n = x.graph().add_node("count");
    let xi = n.input("x", &x);
    let out = n.output::<u64>();
    let ts = n.ts(out);
    n.finish(move |w| {
        Ok(Box::new(Count {
            x: w.input(xi),
            out: w.output(out),
        }))
    });
    ts
}

struct Count<T> {
    x: Input<T>,
    out: Output<u64>,
}

impl<T: Value> Node for Count<T> {
    #[inline]
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if self.x.ticked(ctx) {
            self.out.tick(ctx, self.x.num_ticks())?;
        }
        Ok(())
    }
}

/// Emits the values of the elements of `xs` that ticked, in tick order (csp's `collect`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let a = curve(&g, vec![(st, 1), (st + secs(1), 2)]);
/// let b = curve(&g, vec![(st, 10)]);
/// g.output("c", collect(&[a, b]));
/// let r = g.run(RunConfig::historical_for(st, secs(5))).unwrap();
/// assert_eq!(r.values::<Vec<i32>>("c").unwrap(), vec![vec![1, 10], vec![2]]);
/// ```
pub fn collect<T: Value>(xs: &[Ts<T>]) -> Ts<Vec<T>> {
    let g = xs.first().map(|x| x.graph().clone()).unwrap_or_default();
    let mut n = g.add_node("collect");
    let b = n.list_basket("x", xs);
    let out = n.output::<Vec<T>>();
    let ts = n.ts(out);
    n.finish(move |w| {
        Ok(Box::new(Collect {
            xs: w.list_basket(b),
            out: w.output(out),
        }))
    });
    ts
}

struct Collect<T> {
    xs: ListBasket<T>,
    out: Output<Vec<T>>,
}

impl<T: Value> Node for Collect<T> {
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if self.xs.ticked(ctx) {
            let values: Vec<T> = self.xs.ticked_values(ctx).cloned().collect();
            self.out.tick(ctx, values)?;
        }
        Ok(())
    }
}

/// Emits `x` when it ticks, else `y` (`x` wins a tie; csp's `merge`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let x = curve(&g, vec![(st, 1), (st + secs(2), 3)]);
/// let y = curve(&g, vec![(st, 10), (st + secs(1), 20)]);
/// g.output("m", merge(&x, &y));
/// let r = g.run(RunConfig::historical_for(st, secs(5))).unwrap();
/// assert_eq!(r.values::<i32>("m").unwrap(), vec![1, 20, 3]);
/// ```
pub fn merge<T: Value>(x: impl IntoTs<Item = T>, y: impl IntoTs<Item = T>) -> Ts<T> {
    let (x, y) = (x.into_ts(), y.into_ts());
    let mut n = x.graph().add_node("merge");
    let (xi, yi) = (n.input("x", &x), n.input("y", &y));
    let out = n.output::<T>();
    let ts = n.ts(out);
    n.finish(move |w| {
        Ok(Box::new(Merge {
            x: w.input(xi),
            y: w.input(yi),
            out: w.output(out),
        }))
    });
    ts
}

struct Merge<T> {
    x: Input<T>,
    y: Input<T>,
    out: Output<T>,
}

impl<T: Value> Node for Merge<T> {
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        let src = if self.x.ticked(ctx) { &self.x } else { &self.y };
        self.out.tick(ctx, src.value(ctx)?.clone())?;
        Ok(())
    }
}

/// When `trigger` ticks and `x` is valid, emits the current `x` (csp's `sample`; `x` is
/// passive, and an `x` tick in the same cycle is seen).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let x = curve(&g, (0..10).map(|i| (st + millis(300 * i), i)).collect::<Vec<_>>());
/// g.output("s", sample(timer(&g, secs(1), ()), &x));
/// let r = g.run(RunConfig::historical_for(st, secs(2))).unwrap();
/// assert_eq!(r.values::<i64>("s").unwrap(), vec![3, 6]);
/// ```
pub fn sample<U: Value, T: Value>(
    trigger: impl IntoTs<Item = U>,
    x: impl IntoTs<Item = T>,
) -> Ts<T> {
    let (trigger, x) = (trigger.into_ts(), x.into_ts());
    let mut n = x.graph().add_node("sample");
    let (ti, xi) = (n.input("trigger", &trigger), n.input("x", &x));
    let out = n.output::<T>();
    let ts = n.ts(out);
    n.finish(move |w| {
        Ok(Box::new(Sample {
            trigger: w.input(ti),
            x: w.input(xi),
            out: w.output(out),
        }))
    });
    ts
}

struct Sample<U, T> {
    trigger: Input<U>,
    x: Input<T>,
    out: Output<T>,
}

impl<U: Value, T: Value> Node for Sample<U, T> {
    fn start(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        self.x.make_passive(ctx);
        Ok(())
    }

    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if self.trigger.ticked(ctx)
            && let Some(v) = self.x.get(ctx)
        {
            self.out.tick(ctx, v.clone())?;
        }
        Ok(())
    }
}

/// Emits `x` when it ticks while `flag` is valid and true (csp's `filter`; `flag` passive).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let x = curve(&g, (0..4).map(|i| (st + secs(i), i)).collect::<Vec<_>>());
/// let on = curve(&g, vec![(st + secs(1), true), (st + secs(3), false)]);
/// g.output("f", filter(&on, &x));
/// let r = g.run(RunConfig::historical_for(st, secs(5))).unwrap();
/// assert_eq!(r.values::<i64>("f").unwrap(), vec![1, 2]);
/// ```
pub fn filter<T: Value>(flag: impl IntoTs<Item = bool>, x: impl IntoTs<Item = T>) -> Ts<T> {
    let (flag, x) = (flag.into_ts(), x.into_ts());
    let mut n = x.graph().add_node("filter");
    let (fi, xi) = (n.input("flag", &flag), n.input("x", &x));
    let out = n.output::<T>();
    let ts = n.ts(out);
    n.finish(move |w| {
        Ok(Box::new(Filter {
            flag: w.input(fi),
            x: w.input(xi),
            out: w.output(out),
        }))
    });
    ts
}

struct Filter<T> {
    flag: Input<bool>,
    x: Input<T>,
    out: Output<T>,
}

impl<T: Value> Node for Filter<T> {
    fn start(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        self.flag.make_passive(ctx);
        Ok(())
    }

    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if self.x.ticked(ctx) && self.flag.get(ctx) == Some(&true) {
            self.out.tick(ctx, self.x.value(ctx)?.clone())?;
        }
        Ok(())
    }
}

/// Stops the engine after the cycle in which `x` ticks (csp's `stop_engine(x)`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let t = count(timer(&g, secs(1), ()));
/// stop_engine(first_n(&t, 5).delay(4));
/// g.output("t", &t);
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(60))).unwrap();
/// assert_eq!(r.values::<u64>("t").unwrap(), vec![1, 2, 3, 4, 5]);
/// ```
pub fn stop_engine<T: Value>(x: impl IntoTs<Item = T>) {
    let x = x.into_ts();
    let mut n = x.graph().add_node("stop_engine");
    let xi = n.input("x", &x);
    n.finish(move |w| Ok(Box::new(StopEngine { x: w.input(xi) })));
}

struct StopEngine<T> {
    x: Input<T>,
}

impl<T: Value> Node for StopEngine<T> {
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if self.x.ticked(ctx) {
            ctx.stop_engine();
        }
        Ok(())
    }
}

/// Calls `f` once when the engine stops, after the last cycle (csp's
/// `schedule_on_engine_stop`). It also runs when the run ends with an error.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// use std::{cell::Cell, rc::Rc};
/// let g = Graph::new();
/// let stopped = Rc::new(Cell::new(false));
/// let flag = stopped.clone();
/// schedule_on_engine_stop(&g, move || flag.set(true));
/// g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// assert!(stopped.get());
/// ```
pub fn schedule_on_engine_stop(g: &Graph, f: impl Fn() + 'static) {
    let f = std::rc::Rc::new(f);
    let n = g.add_node("schedule_on_engine_stop");
    n.finish(move |_| Ok(Box::new(OnStop { f: f.clone() })));
}

struct OnStop<F> {
    f: std::rc::Rc<F>,
}

impl<F: Fn() + 'static> Node for OnStop<F> {
    fn execute(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        Ok(())
    }

    fn stop(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        (self.f)();
        Ok(())
    }
}
