//! The node contract: what the scheduler calls on a node and on a source.

use crate::ctx::Ctx;
use crate::error::NodeError;
use crate::scheduler::{Refire, Token};

/// A computation node: runs when an active input ticks, at most once per engine cycle.
///
/// Write one by hand (declare inputs and outputs with [`crate::graph::NodeBuilder`]) or with
/// `#[node]`, which generates exactly this. Reading an input borrows the context
/// (`self.x.current(ctx)`) and ticking an output takes it mutably, so a value read from an
/// input can be used to compute what the node emits, but not kept past the call (the
/// producer's next tick replaces it): keep a clone instead. The engine calls `start` once at engine start
/// (in node creation order), `execute` in every cycle in which an active input ticked
/// (after all its producers), and `stop` once at the end, only if `start` succeeded.
///
/// ```
/// use tickgraph_engine::prelude::*;
///
/// /// Doubles its input.
/// struct Double { x: Input<f64>, out: Output<f64> }
///
/// impl Node for Double {
///     fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
///         if self.x.ticked(ctx) {
///             self.out.tick(ctx, *self.x.current(ctx) * 2.0)?;
///         }
///         Ok(())
///     }
/// }
///
/// fn double(x: &Ts<f64>) -> Ts<f64> {
///     let mut n = x.graph().add_node("double");
///     let x = n.input("x", x);
///     let out = n.output::<f64>();
///     let ts = n.ts(out);
///     n.finish(move |w| Ok(Box::new(Double { x: w.input(x), out: w.output(out) })));
///     ts
/// }
///
/// let g = Graph::new();
/// let st = Time::ymd_hms(2020, 1, 1, 0, 0, 0);
/// let y = double(&curve(&g, vec![(st, 1.5), (st + secs(1), 2.0)]));
/// g.output("y", &y);
/// let r = g.run(RunConfig::historical(st, st + secs(5))).unwrap();
/// assert_eq!(r.series::<f64>("y").unwrap(), &[(st, 3.0), (st + secs(1), 4.0)]);
/// ```
pub trait Node: 'static {
    /// Called once at engine start; `ctx.now()` is the start time.
    fn start(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        Ok(())
    }

    /// Called in each cycle in which an active input ticked.
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError>;

    /// Called after the cycle's nodes ran, for nodes declared with
    /// [`crate::graph::NodeBuilder::end_of_cycle`] that executed in this cycle (writers).
    fn end_cycle(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        Ok(())
    }

    /// Called once when the engine stops (also after an error); `ctx.now()` is the final
    /// engine time.
    fn stop(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        Ok(())
    }
}

/// What [`Source::fire`] returns: when the event fires again, or the error that stops the
/// run.
///
/// The error is a [`NodeError`] boxed once more, a thin pointer, so that the whole result
/// comes back in two registers (with the two-word `NodeError` it would go through memory,
/// on every event). `?` on a `Result<_, NodeError>` converts.
pub type FireResult = Result<Refire, Box<NodeError>>;

/// An input adapter driven by the scheduler: it schedules events for itself and, when one
/// is due, ticks its output(s). Sources have rank 0.
pub trait Source: 'static {
    /// Called at engine start, before any node starts; typically schedules the first event.
    fn start(&mut self, ctx: &mut Ctx) -> Result<(), NodeError>;

    /// Called when one of this source's events is due. Ticking an output schedules its
    /// consumers in this cycle. Returns when the event fires again, with the same token:
    /// a memory or file source returns its next value's time, a source that cannot tick
    /// again in this cycle (NON_COLLAPSING values at one time) returns
    /// [`Refire::next_cycle`], and a source with nothing more (or whose events are
    /// scheduled through [`Ctx::schedule`], like alarms) returns [`Refire::NEVER`]. A stale
    /// event (a cancelled alarm) does nothing.
    fn fire(&mut self, ctx: &mut Ctx, token: Token) -> FireResult;

    /// Called once when the engine stops, if `start` succeeded.
    fn stop(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        Ok(())
    }
}

/// The engine side of a push source in a realtime run: consumes the values adapter threads
/// pushed, one event at a time, with its push mode's rules (csp's `consumeTick`).
pub(crate) trait PushPort: 'static {
    /// Consumes the port's oldest pushed value: ticks it, or merges it into this cycle's
    /// tick. Returns `false`, leaving the value queued, if the port cannot take it in this
    /// cycle (a NON_COLLAPSING port that already ticked).
    fn consume(&mut self, ctx: &mut Ctx) -> Result<bool, NodeError>;
}

/// A push port as a run's wiring hands it to the engine.
pub(crate) struct PushPortInfo {
    /// The port's index on its graph's push queue.
    pub(crate) index: u32,
    /// NON_COLLAPSING: a barrier in its group, and deferred when it already ticked.
    pub(crate) non_collapsing: bool,
    /// The push group's id, if the port is in one.
    pub(crate) group: Option<u64>,
    pub(crate) port: Box<dyn PushPort>,
}
