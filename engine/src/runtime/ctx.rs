//! `Ctx`: what a running node or source sees of the engine (time, cycle, scheduling, stop).

use crate::error::{Error, Result};
use crate::scheduler::Token;
use crate::scheduler::queue::{EventQueue, NEVER};
use crate::scheduler::step::StepTable;
use crate::time::Time;
use std::rc::Rc;

/// The identity of a source (input adapter) in a running engine, for scheduling its events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceId(pub(crate) u32);

/// The engine as a running node or source sees it.
///
/// Passed to every `start`, `execute` and `stop` call. `#[node]` bodies reach it through
/// `now!()`, `ticked!(x)` and friends.
#[derive(Debug)]
pub struct Ctx {
    pub(crate) now: i64,
    pub(crate) cycle: u64,
    pub(crate) start: i64,
    pub(crate) end: i64,
    pub(crate) queue: EventQueue,
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
}

impl Ctx {
    pub(crate) fn new(start: i64, end: i64, step: Rc<StepTable>, sources: u32) -> Self {
        Ctx {
            now: start,
            cycle: 0,
            start,
            end,
            queue: EventQueue::default(),
            step,
            end_cycle_pending: Vec::new(),
            last: end.min(NEVER - 1),
            sources,
        }
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

    /// Stops the engine gracefully after the current cycle (csp's `stop_engine`); called
    /// in a start block, before any cycle runs.
    pub fn stop_engine(&mut self) {
        self.last = i64::MIN;
    }

    /// Schedules an event for `source` at `time` (at or after now); the source's
    /// `fire` receives `token`. Events for `now` run in the next cycle at the same time.
    pub fn schedule(&mut self, source: SourceId, time: Time, token: Token) -> Result<()> {
        if source.0 >= self.sources {
            return Err(Error::InvalidArgument {
                node: "engine".into(),
                message: format!(
                    "scheduled an event for source {}, which is not in this graph",
                    source.0
                ),
            });
        }
        if time.nanos() < self.now {
            return Err(Error::ScheduleInPast {
                requested: time,
                now: self.now(),
            });
        }
        self.queue.push(time.nanos(), source.0, token);
        Ok(())
    }
}
