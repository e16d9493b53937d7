//! `Ctx`: what a running node or source sees of the engine (time, cycle, scheduling, stop),
//! and the identity of the run that every run-time handle carries.

use crate::error::{Error, Result};
use crate::scheduler::queue::{EventQueue, EventTarget, NEVER};
use crate::scheduler::step::StepTable;
use crate::scheduler::{Refire, Token};
use crate::time::Time;
use std::cell::UnsafeCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The identity of one run of one graph: every run-time handle (input, output, alarm,
/// source id) carries the id of the run whose wiring made it, and is refused by any other
/// run's engine.
///
/// A process-wide counter, so ids are never reused: a handle kept from a finished run, or
/// taken from another graph's wiring, never matches the run in progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RunId(u64);

impl RunId {
    /// A fresh id, different from every other run's in this process.
    pub(crate) fn next() -> RunId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        RunId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// The identity of a source (input adapter) in a running engine, for scheduling its events.
///
/// Made by [`crate::graph::Wiring::source_id`] for one run; [`Ctx::schedule`] refuses an id
/// of another run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceId {
    pub(crate) index: u32,
    pub(crate) run: RunId,
}

/// The engine as a running node or source sees it.
///
/// Passed to every `start`, `execute` and `stop` call. `#[node]` bodies reach it through
/// `now!()`, `ticked!(x)` and friends.
///
/// Reading a series borrows the context (`input.get(ctx)`), and everything that writes a
/// series or the schedule takes it mutably (`output.tick(ctx, v)`), so no reference to a
/// value outlives the node's call or survives its producer's next tick.
#[derive(Debug)]
pub struct Ctx {
    pub(crate) now: i64,
    pub(crate) cycle: u64,
    pub(crate) start: i64,
    pub(crate) end: i64,
    /// The timer queue. In an `UnsafeCell` so that alarms can be scheduled through `&Ctx`,
    /// while the node holds references read from its inputs (csp's `for w in
    /// text.split(): schedule_alarm(...)`): the queue holds no series values, and no
    /// reference into it ever leaves this module (see [`Ctx::with_queue`]).
    queue: UnsafeCell<EventQueue>,
    /// The nodes to run in this cycle; producers mark their consumers as they tick. Shared
    /// with the engine, which runs the marked nodes while they hold `&mut Ctx`.
    pub(crate) step: Rc<StepTable>,
    /// Nodes that executed in this cycle and asked for `end_cycle`.
    pub(crate) end_cycle_pending: Vec<u32>,
    /// The last time a cycle may run at: the end (before an empty queue's marker time),
    /// or `i64::MIN` after [`Ctx::stop_engine`].
    pub(crate) last: i64,
    /// The number of sources: the ids `schedule` accepts.
    pub(crate) sources: u32,
    /// The run this context drives; handles of other runs are refused.
    pub(crate) run: RunId,
    /// Whether the engine is in the realtime phase of a realtime run.
    pub(crate) realtime: bool,
    /// Whether the run is a realtime run (set before sources start).
    pub(crate) configured_realtime: bool,
}

impl Ctx {
    pub(crate) fn new(start: i64, end: i64, step: Rc<StepTable>, sources: u32, run: RunId) -> Self {
        Ctx {
            now: start,
            cycle: 0,
            start,
            end,
            queue: UnsafeCell::new(EventQueue::with_capacity(sources as usize)),
            step,
            end_cycle_pending: Vec::new(),
            last: end.min(NEVER - 1),
            sources,
            run,
            realtime: false,
            configured_realtime: false,
        }
    }

    /// The timer queue, through the exclusive borrow (the engine loop, `schedule`).
    #[inline(always)]
    pub(crate) fn queue_mut(&mut self) -> &mut EventQueue {
        self.queue.get_mut()
    }

    /// Runs `f` on the timer queue through a shared borrow (alarm scheduling).
    ///
    /// `f` is the crate's own code, runs no user code and does not reach the queue
    /// again, and the reference does not escape it: while it runs, no other reference to
    /// the queue is alive (the engine's `queue_mut` needs `&mut Ctx`, excluded by this
    /// `&Ctx`), and the engine is single-threaded (`Ctx` is not `Sync`).
    #[inline(always)]
    pub(crate) fn with_queue<R>(&self, f: impl FnOnce(&mut EventQueue) -> R) -> R {
        // SAFETY: see above; the only live reference to the queue.
        f(unsafe { &mut *self.queue.get() })
    }

    /// The engine time of the current cycle (the start time in start blocks, the final
    /// engine time in stop blocks).
    #[inline(always)]
    pub fn now(&self) -> Time {
        Time::from_nanos(self.now)
    }

    /// The engine cycle counter: 1 for the first cycle, +1 per cycle.
    #[inline(always)]
    pub fn cycle(&self) -> u64 {
        self.cycle
    }

    /// The run's start time.
    pub fn start_time(&self) -> Time {
        Time::from_nanos(self.start)
    }

    /// The run's (inclusive) end time.
    pub fn end_time(&self) -> Time {
        Time::from_nanos(self.end)
    }

    /// Whether the engine is in the realtime phase of a realtime run (csp's
    /// `csp.in_realtime()`): `false` in a historical run, and in a realtime run while the
    /// past part of `[start, now]` is simulated at full speed; `true` once engine time
    /// follows the wall clock. In a `#[node]` body: `in_realtime!()`.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    ///
    /// /// Ticks `true` once its input ticks in the realtime phase.
    /// struct Phase { x: Input<i64>, out: Output<bool> }
    /// impl Node for Phase {
    ///     fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
    ///         let live = ctx.in_realtime();
    ///         self.out.tick(ctx, live)?;
    ///         Ok(())
    ///     }
    /// }
    ///
    /// let g = Graph::new();
    /// let x = const_(&g, 1i64);
    /// let mut n = g.add_node("phase");
    /// let input = n.input("x", &x);
    /// let out = n.output::<bool>();
    /// let ts = n.ts(out);
    /// n.finish(move |w| Ok(Box::new(Phase { x: w.input(input), out: w.output(out) })));
    /// g.output("live", &ts);
    /// let r = g.run(RunConfig::historical(Time::EPOCH, Time::EPOCH)).unwrap();
    /// assert_eq!(r.values::<bool>("live").unwrap(), vec![false]);
    /// ```
    #[inline]
    pub fn in_realtime(&self) -> bool {
        self.realtime
    }

    /// Whether this run is a realtime run (csp's `csp.is_configured_realtime()`): `true`
    /// from the start of a realtime run, its simulated past included; what a push-pull
    /// source tells its adapter thread, which goes live only then.
    pub fn is_configured_realtime(&self) -> bool {
        self.configured_realtime
    }

    /// Stops the engine gracefully after the current cycle (csp's `stop_engine`); called
    /// in a start block, before any cycle runs.
    pub fn stop_engine(&mut self) {
        self.last = i64::MIN;
    }

    /// Schedules an event for `source` at `time` (at or after now); the source's
    /// `fire` receives `token`. Events for `now` run in the next cycle at the same time.
    ///
    /// An id from another run is [`Error::ForeignHandle`].
    pub fn schedule(&mut self, source: SourceId, time: Time, token: Token) -> Result<()> {
        if source.run != self.run || source.index >= self.sources {
            return Err(Error::ForeignHandle {
                node: format!("source {}", source.index),
            });
        }
        if time.nanos() < self.now {
            return Err(Error::ScheduleInPast {
                requested: time,
                now: self.now(),
            });
        }
        self.queue_mut()
            .push(time.nanos(), EventTarget::source(source.index), token);
        Ok(())
    }
}

impl Refire {
    /// In the next cycle at the same time (a NON_COLLAPSING source that already ticked
    /// in this cycle).
    #[inline(always)]
    pub fn next_cycle(ctx: &Ctx) -> Refire {
        Refire::at(ctx.now())
    }
}
