//! Pipes: chains of stateless per-tick stages (`x.map(f).filter(p)`) compiled into one node.
//!
//! Every node costs a dynamic call, a step-table entry and a cell between it and the next
//! one. A chain of small transformations (scale, shift, keep some values) pays that at every
//! link, though no link needs to be a time series of its own. A [`Pipe`] is the chain with
//! its type known at compile time: its stages are closures composed into one, and the pipe
//! becomes a single node when it is used as a time series (given to a node function, to
//! [`Graph::output`](crate::graph::Graph::output), or through [`Pipe::into_ts`]). The
//! compiler inlines the stages into that node's body.
//!
//! A pipe ticks exactly when the separate nodes would have: when its input ticks and every
//! stage lets the value through, with the value the last stage computed. What it gives up
//! is the intermediate series: they are values passed from stage to stage, not time series
//! another node could read, with no history and no `valid` state of their own.

use crate::ctx::Ctx;
use crate::error::NodeError;
use crate::graph::{IntoTs, Ts};
use crate::node::Node;
use crate::ts::{Input, Output, Value};
use std::marker::PhantomData;

/// A chain of stages over the series `I`, producing `O`, not yet a node.
///
/// Made by [`Ts::map`], [`Ts::filter`], [`Ts::filter_map`] or [`Ts::try_map`], and extended
/// by the same methods on the pipe. Like an iterator adapter it does nothing until used: as
/// a time series it becomes one node, named after its stages (`map.map.filter`).
///
/// Stages are `Clone` closures: each run of the graph starts from a clone of the stages as
/// built, so state a stage captures (a `move` counter, say) starts afresh in every run.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let x = curve(&g, (0..6).map(|i| (st + secs(i), i as f64)).collect::<Vec<_>>());
/// // One node: y = 2x + 1, keeping the y not divisible by 3.
/// let y = x.map(|v| v * 2.0).map(|v| v + 1.0).filter(|y| *y as i64 % 3 != 0);
/// g.output("y", y);
/// let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
/// assert_eq!(r.values::<f64>("y").unwrap(), vec![1.0, 5.0, 7.0, 11.0]);
/// ```
#[must_use = "a pipe is a node only once it is used as a time series"]
pub struct Pipe<I, O, F> {
    input: Ts<I>,
    stages: F,
    name: String,
    _out: PhantomData<fn() -> O>,
}

/// The composed stages: the value that comes out for one input value, or `None` when a
/// stage dropped it.
type Staged<O> = Result<Option<O>, NodeError>;

impl<T: Value> Ts<T> {
    /// A pipe whose first stage maps each value with `f` (see [`Pipe`]).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let st = Time::EPOCH;
    /// # let x = curve(&g, (0..6).map(|i| (st + secs(i), i as f64)).collect::<Vec<_>>());
    /// g.output("sq", x.map(|v| v * v));
    /// # let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
    /// assert_eq!(r.values::<f64>("sq").unwrap(), vec![0.0, 1.0, 4.0, 9.0, 16.0, 25.0]);
    /// ```
    pub fn map<U: Value>(
        &self,
        mut f: impl FnMut(&T) -> U + Clone + 'static,
    ) -> Pipe<T, U, impl FnMut(&T) -> Staged<U> + Clone + 'static> {
        self.pipe("map", move |x: &T| Ok(Some(f(x))))
    }

    /// A pipe whose first stage keeps the values for which `keep` is true (see [`Pipe`]).
    ///
    /// Not to be confused with the node [`filter`](crate::stdlib::filter), csp's filter by
    /// a boolean series.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let st = Time::EPOCH;
    /// # let x = curve(&g, (0..6).map(|i| (st + secs(i), i as f64)).collect::<Vec<_>>());
    /// g.output("even", x.filter(|v| *v as i64 % 2 == 0));
    /// # let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
    /// assert_eq!(r.values::<f64>("even").unwrap(), vec![0.0, 2.0, 4.0]);
    /// ```
    pub fn filter(
        &self,
        mut keep: impl FnMut(&T) -> bool + Clone + 'static,
    ) -> Pipe<T, T, impl FnMut(&T) -> Staged<T> + Clone + 'static> {
        self.pipe("filter", move |x: &T| Ok(keep(x).then(|| x.clone())))
    }

    /// A pipe whose first stage maps each value with `f` and keeps the `Some`s (see
    /// [`Pipe`]).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let st = Time::EPOCH;
    /// # let x = curve(&g, (0..6).map(|i| (st + secs(i), i as f64)).collect::<Vec<_>>());
    /// g.output("inv", x.filter_map(|v| (*v != 0.0).then(|| 1.0 / v)));
    /// # let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
    /// assert_eq!(r.values::<f64>("inv").unwrap(), vec![1.0, 0.5, 1.0 / 3.0, 0.25, 0.2]);
    /// ```
    pub fn filter_map<U: Value>(
        &self,
        mut f: impl FnMut(&T) -> Option<U> + Clone + 'static,
    ) -> Pipe<T, U, impl FnMut(&T) -> Staged<U> + Clone + 'static> {
        self.pipe("filter_map", move |x: &T| Ok(f(x)))
    }

    /// A pipe whose first stage maps each value with the fallible `f`: an error stops the
    /// run, naming the pipe's node and the engine time (see [`Pipe`]).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let st = Time::EPOCH;
    /// # let x = curve(&g, (0..6).map(|i| (st + secs(i), i as f64)).collect::<Vec<_>>());
    /// g.output("small", x.try_map(|v| if *v < 3.0 { Ok(*v) } else { Err("too big".into()) }));
    /// let e = g.run(RunConfig::historical_for(st, secs(10))).unwrap_err();
    /// assert!(e.to_string().contains("try_map"), "{e}");
    /// assert!(format!("{e:?}").contains("too big"), "{e:?}");
    /// ```
    pub fn try_map<U: Value>(
        &self,
        mut f: impl FnMut(&T) -> Result<U, NodeError> + Clone + 'static,
    ) -> Pipe<T, U, impl FnMut(&T) -> Staged<U> + Clone + 'static> {
        self.pipe("try_map", move |x: &T| f(x).map(Some))
    }

    fn pipe<U, F>(&self, name: &str, stages: F) -> Pipe<T, U, F> {
        Pipe {
            input: self.clone(),
            stages,
            name: name.to_string(),
            _out: PhantomData,
        }
    }
}

impl<I, O, F> Pipe<I, O, F>
where
    I: Value,
    O: Value,
    F: FnMut(&I) -> Staged<O> + Clone + 'static,
{
    /// Adds a stage mapping each value with `f`.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let st = Time::EPOCH;
    /// # let x = curve(&g, (0..6).map(|i| (st + secs(i), i as f64)).collect::<Vec<_>>());
    /// g.output("y", x.map(|v| v * 2.0).map(|v| v + 1.0));
    /// # let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
    /// assert_eq!(r.values::<f64>("y").unwrap(), vec![1.0, 3.0, 5.0, 7.0, 9.0, 11.0]);
    /// ```
    pub fn map<U: Value>(
        self,
        mut f: impl FnMut(&O) -> U + Clone + 'static,
    ) -> Pipe<I, U, impl FnMut(&I) -> Staged<U> + Clone + 'static> {
        self.then("map", move |y: O| Ok(Some(f(&y))))
    }

    /// Adds a stage keeping the values for which `keep` is true.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let st = Time::EPOCH;
    /// # let x = curve(&g, (0..6).map(|i| (st + secs(i), i as f64)).collect::<Vec<_>>());
    /// g.output("y", x.map(|v| v * 3.0).filter(|y| *y > 6.0));
    /// # let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
    /// assert_eq!(r.values::<f64>("y").unwrap(), vec![9.0, 12.0, 15.0]);
    /// ```
    pub fn filter(
        self,
        mut keep: impl FnMut(&O) -> bool + Clone + 'static,
    ) -> Pipe<I, O, impl FnMut(&I) -> Staged<O> + Clone + 'static> {
        self.then("filter", move |y: O| Ok(keep(&y).then_some(y)))
    }

    /// Adds a stage mapping each value with `f` and keeping the `Some`s.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let st = Time::EPOCH;
    /// # let x = curve(&g, (0..6).map(|i| (st + secs(i), i as f64)).collect::<Vec<_>>());
    /// g.output("n", x.map(|v| *v as i64 - 2).filter_map(|n| u8::try_from(*n).ok()));
    /// # let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
    /// assert_eq!(r.values::<u8>("n").unwrap(), vec![0, 1, 2, 3]);
    /// ```
    pub fn filter_map<U: Value>(
        self,
        mut f: impl FnMut(&O) -> Option<U> + Clone + 'static,
    ) -> Pipe<I, U, impl FnMut(&I) -> Staged<U> + Clone + 'static> {
        self.then("filter_map", move |y: O| Ok(f(&y)))
    }

    /// Adds a stage mapping each value with the fallible `f`.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let st = Time::EPOCH;
    /// # let x = curve(&g, (0..6).map(|i| (st + secs(i), i as f64)).collect::<Vec<_>>());
    /// g.output("n", x.map(|v| *v as i64).try_map(|n| Ok(u8::try_from(*n)?)));
    /// # let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
    /// assert_eq!(r.values::<u8>("n").unwrap(), vec![0, 1, 2, 3, 4, 5]);
    /// ```
    pub fn try_map<U: Value>(
        self,
        mut f: impl FnMut(&O) -> Result<U, NodeError> + Clone + 'static,
    ) -> Pipe<I, U, impl FnMut(&I) -> Staged<U> + Clone + 'static> {
        self.then("try_map", move |y: O| f(&y).map(Some))
    }

    /// The pipe with `stage` after its last stage.
    fn then<U>(
        self,
        stage_name: &str,
        mut stage: impl FnMut(O) -> Staged<U> + Clone + 'static,
    ) -> Pipe<I, U, impl FnMut(&I) -> Staged<U> + Clone + 'static> {
        let mut stages = self.stages;
        Pipe {
            input: self.input,
            stages: move |x: &I| match stages(x)? {
                Some(y) => stage(y),
                None => Ok(None),
            },
            name: format!("{}.{stage_name}", self.name),
            _out: PhantomData,
        }
    }

    /// The node's name: its stages, in order (`map.filter`).
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let x = curve(&g, [(Time::EPOCH, 1.0)]);
    /// assert_eq!(x.map(|v| v + 1.0).filter(|v| *v > 0.0).name(), "map.filter");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Adds the pipe to the graph as one node and returns its output.
    ///
    /// ```
    /// # use tickgraph_engine::prelude::*;
    /// # let g = Graph::new();
    /// # let st = Time::EPOCH;
    /// # let x = curve(&g, (0..6).map(|i| (st + secs(i), i as f64)).collect::<Vec<_>>());
    /// let y: Ts<f64> = x.map(|v| v + 1.0).into_ts();
    /// g.output("y", &y);
    /// # let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
    /// assert_eq!(r.values::<f64>("y").unwrap(), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    /// ```
    pub fn into_ts(self) -> Ts<O> {
        let mut n = self.input.graph().add_node(&self.name);
        let x = n.input("x", &self.input);
        let out = n.output::<O>();
        let ts = n.ts(out);
        let stages = self.stages;
        // Each run starts from the stages as built (a stage's captured state included).
        n.finish(move |w| {
            Ok(Box::new(PipeNode {
                x: w.input(x),
                out: w.output(out),
                stages: stages.clone(),
            }))
        });
        ts
    }
}

impl<I, O, F> IntoTs for Pipe<I, O, F>
where
    I: Value,
    O: Value,
    F: FnMut(&I) -> Staged<O> + Clone + 'static,
{
    type Item = O;
    fn into_ts(self) -> Ts<O> {
        Pipe::into_ts(self)
    }
}

/// A pipe at run time: the composed stages between one input and one output.
struct PipeNode<I, O, F> {
    x: Input<I>,
    out: Output<O>,
    stages: F,
}

impl<I, O, F> Node for PipeNode<I, O, F>
where
    I: Value,
    O: Value,
    F: FnMut(&I) -> Staged<O> + Clone + 'static,
{
    #[inline]
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if self.x.ticked(ctx)
            && let Some(y) = (self.stages)(self.x.current(ctx))?
        {
            self.out.tick(ctx, y)?;
        }
        Ok(())
    }
}
