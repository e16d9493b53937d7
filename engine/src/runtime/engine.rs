//! The simulation loop: engine cycles over the timer queue and the step table, start and
//! stop order, error and panic handling.

use super::result::RunResult;
use crate::alarm::SlotZeroRef;
use crate::ctx::Ctx;
use crate::error::{Error, NodeError, Result, panic_message};
use crate::graph::compile::{Compiled, RecordedOutput};
use crate::node::{Node, PushPortInfo, Source};
use crate::scheduler::Refire;
use crate::scheduler::push::PushQueue;
use crate::scheduler::queue::EventTarget;
use crate::scheduler::step::StepTable;
use crate::time::Time;
use crate::ts::cell::AnyCell;
use std::any::Any;
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;
use std::sync::Arc;

mod realtime;
mod reference;

/// Who is running, for error messages: a node, a source or the engine itself.
///
/// Packed in one word (kind in the high half, index in the low half). The cycle loop
/// notes it as rarely as it can: the due source is read off the queue's front, and a node
/// the step table runs is noted only when it fails (see [`NoteOnUnwind`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Running(u64);

impl Running {
    const ENGINE: Running = Running(u64::MAX);
    /// A cycle's sources are firing: the one running is the event at the queue's front
    /// (a fired event stays there until its source returns). Also what `running` says
    /// between cycles, so that cycles need not note it.
    const DUE_SOURCE: Running = Running(u64::MAX - 1);
    const SOURCE: u64 = 1 << 32;

    #[inline(always)]
    fn node(i: u32) -> Running {
        Running(i as u64)
    }

    #[inline(always)]
    fn source(i: u32) -> Running {
        Running(Self::SOURCE | i as u64)
    }
}

/// Counters a test or profiler can read after a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunStats {
    /// Engine cycles run.
    pub cycles: u64,
    /// Node executions (not counting sources).
    pub node_executions: u64,
    /// Source events fired (including stale and deferred ones).
    pub events: u64,
}

/// A node that asked for `end_cycle`: notes itself after each execution. A wrapper, so
/// that the step loop spends nothing on the question for every other node.
struct EndOfCycle {
    node: Box<dyn Node>,
    index: u32,
}

impl Node for EndOfCycle {
    fn start(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        self.node.start(ctx)
    }

    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        self.node.execute(ctx)?;
        ctx.end_cycle_pending.push(self.index);
        Ok(())
    }

    fn end_cycle(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        self.node.end_cycle(ctx)
    }

    fn stop(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        self.node.stop(ctx)
    }
}

/// Notes a node as running if its execution unwinds (a panic), for the error message.
/// The normal path forgets the guard, so a node that returns costs no store.
struct NoteOnUnwind<'a> {
    running: &'a Cell<Running>,
    node: u32,
}

impl Drop for NoteOnUnwind<'_> {
    fn drop(&mut self) {
        self.running.set(Running::node(self.node));
    }
}

/// Fills the node table up to the step table's capacity, so that every index the step
/// table hands out names a node. Never scheduled: nothing subscribes to it.
struct Idle;

impl Node for Idle {
    fn execute(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        Ok(())
    }
}

/// A compiled graph, ready to run once.
pub(crate) struct Engine {
    ctx: Ctx,
    /// The step table, also reachable through `ctx.step` (producers mark it as they tick).
    step: Rc<StepTable>,
    cells: Vec<Rc<dyn AnyCell>>,
    /// The graph's nodes in rank order, then `Idle` up to the step table's capacity.
    nodes: Vec<Box<dyn Node>>,
    /// The number of real nodes (before the `Idle` padding).
    node_count: usize,
    node_names: Vec<String>,
    start_order: Vec<u32>,
    nodes_started: usize,
    sources: Vec<Box<dyn Source>>,
    /// For each source, its slot 0 if it is an alarm's: events for
    /// [`EventTarget::AlarmSlotZero`] fire there first.
    slot_zeros: Vec<Option<SlotZeroRef>>,
    source_names: Vec<String>,
    sources_started: usize,
    recorded: Vec<RecordedOutput>,
    running: Cell<Running>,
    stats: RunStats,
    /// The reference scheduler, when a test asked for it.
    reference: Option<reference::Sweep>,
    /// The push sources' engine sides, fed by a realtime run.
    push_ports: Vec<PushPortInfo>,
}

impl Engine {
    pub(crate) fn new(p: Compiled) -> Self {
        let n = p.nodes.len();
        let step = Rc::new(StepTable::new(p.successors));
        let mut nodes: Vec<Box<dyn Node>> = p
            .nodes
            .into_iter()
            .zip(&p.node_end_cycle)
            .enumerate()
            .map(|(i, (node, &end_cycle))| {
                if end_cycle {
                    Box::new(EndOfCycle {
                        node,
                        index: i as u32,
                    })
                } else {
                    node
                }
            })
            .collect();
        nodes.resize_with(step.capacity(), || Box::new(Idle));
        let mut ctx = Ctx::new(p.start, p.end, step.clone(), p.sources.len() as u32, p.run);
        ctx.end_cycle_pending.reserve(n);
        Engine {
            ctx,
            step,
            cells: p.cells,
            nodes,
            node_count: n,
            node_names: p.node_names,
            start_order: p.start_order,
            nodes_started: 0,
            sources: p.sources,
            slot_zeros: p.slot_zeros,
            source_names: p.source_names,
            sources_started: 0,
            recorded: p.recorded,
            running: Cell::new(Running::ENGINE),
            stats: RunStats::default(),
            reference: None,
            push_ports: p.push_ports,
        }
    }

    /// Runs start, the cycles and stop; returns the graph outputs or the first error. The
    /// graph's push queue, if it has one, carries the error a push-pull source's adapter
    /// thread may fail the run with (its history is replayed in historical runs too).
    pub(crate) fn run(&mut self, queue: Option<&PushQueue>) -> Result<RunResult> {
        quiet_engine_signals();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            self.start_all().and_then(|()| self.run_cycles())
        }));
        let adapter = queue.and_then(PushQueue::end_historical);
        let outcome = match (outcome, adapter) {
            (Ok(Ok(())), Some((adapter, source))) => Ok(Err(Error::Adapter {
                adapter,
                time: Time::from_nanos(self.ctx.now.min(self.ctx.end)),
                source,
            })),
            (outcome, _) => outcome,
        };
        self.finish(outcome, None)
    }

    /// Runs a realtime run: start, `[start, now]` simulated, cycles on the wall clock
    /// until the end or a stop request, then stop. `wait` is the longest wait on the push
    /// queue.
    pub(crate) fn run_realtime(
        &mut self,
        queue: Arc<PushQueue>,
        wait: std::time::Duration,
    ) -> Result<RunResult> {
        quiet_engine_signals();
        self.ctx.configured_realtime = true;
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            // Before the sources start: a push-pull source's adapter may push on other
            // sources while it replays (a feed's status); those pushes wait for the first
            // realtime cycle.
            queue.start();
            self.start_all()?;
            self.run_realtime_cycles(&queue, wait)
        }));
        self.finish(outcome, Some(&queue))
    }

    /// After the cycles: stop blocks, then the results or the first error (a node's, then
    /// an adapter's).
    fn finish(
        &mut self,
        outcome: std::thread::Result<Result<()>>,
        queue: Option<&PushQueue>,
    ) -> Result<RunResult> {
        let mut first_error = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e),
            Err(panic) => Some(self.error_here(panic_to_error(panic))),
        };
        // Pushes are refused from here on.
        if let Some(e) = queue.and_then(|q| self.adapter_error(q)) {
            first_error.get_or_insert(e);
        }
        // What stop blocks see: the last cycle's time, capped at the end time.
        self.ctx.now = self.ctx.now.min(self.ctx.end);
        self.ctx.queue_mut().clear();
        self.step.clear();
        self.ctx.end_cycle_pending.clear();
        if let Err(e) = self.stop_all() {
            first_error.get_or_insert(e);
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(self.results()),
        }
    }

    fn error_here(&self, source: NodeError) -> Error {
        let node = match self.running.get() {
            Running::ENGINE => "engine".to_string(),
            Running::DUE_SOURCE => self
                .source_names
                .get(
                    EventTarget::decode(self.ctx.with_queue(|q| q.front_source())).source_index()
                        as usize,
                )
                .map_or_else(|| "engine".to_string(), Clone::clone),
            Running(r) if r & Running::SOURCE != 0 => self.source_names[r as u32 as usize].clone(),
            Running(r) => self.node_names[r as u32 as usize].clone(),
        };
        Error::Node {
            node,
            time: Time::from_nanos(self.ctx.now),
            source,
        }
    }

    fn start_all(&mut self) -> Result<()> {
        for i in 0..self.sources.len() {
            self.running.set(Running::source(i as u32));
            self.sources[i]
                .start(&mut self.ctx)
                .map_err(|e| self.error_here(e))?;
            self.sources_started += 1;
        }
        for k in 0..self.start_order.len() {
            let i = self.start_order[k];
            self.running.set(Running::node(i));
            self.nodes[i as usize]
                .start(&mut self.ctx)
                .map_err(|e| self.error_here(e))?;
            self.nodes_started += 1;
        }
        // What start blocks ticked schedules nobody: the first cycle runs what its events
        // schedule.
        self.step.clear();
        self.running.set(Running::ENGINE);
        Ok(())
    }

    /// Stops nodes (in start order), then sources; only what started. The first error wins.
    fn stop_all(&mut self) -> Result<()> {
        let mut first = None;
        for k in 0..self.nodes_started {
            let i = self.start_order[k];
            self.running.set(Running::node(i));
            let r = catch_unwind(AssertUnwindSafe(|| {
                self.nodes[i as usize].stop(&mut self.ctx)
            }));
            if let Some(e) = flatten(r) {
                first.get_or_insert_with(|| self.error_here(e));
            }
        }
        for i in 0..self.sources_started {
            self.running.set(Running::source(i as u32));
            let r = catch_unwind(AssertUnwindSafe(|| self.sources[i].stop(&mut self.ctx)));
            if let Some(e) = flatten(r) {
                first.get_or_insert_with(|| self.error_here(e));
            }
        }
        self.nodes_started = 0;
        self.sources_started = 0;
        self.running.set(Running::ENGINE);
        first.map_or(Ok(()), Err)
    }

    fn run_cycles(&mut self) -> Result<()> {
        if self.reference.is_some() {
            self.run_cycles_with::<true>()
        } else {
            self.run_cycles_with::<false>()
        }
    }

    /// The cycle loop, compiled once per scheduler so that the choice costs nothing per
    /// cycle.
    fn run_cycles_with<const REFERENCE: bool>(&mut self) -> Result<()> {
        let step = self.step.clone();
        // Between cycles `running` says "the due source" (see `Running::DUE_SOURCE`):
        // a phase that notes another (end-of-cycle listeners, the reference sweep) puts
        // it back as it ends.
        self.running.set(Running::DUE_SOURCE);
        // Added up per cycle from what the step table returns, rather than stored in
        // `stats` per node execution.
        let mut node_executions = 0u64;
        // `ctx.last` is the last time a cycle may run at: the end, before an empty
        // queue's `NEVER`, or `i64::MIN` once a node called `stop_engine`.
        loop {
            let now = self.ctx.queue_mut().next_time();
            if now > self.ctx.last {
                break;
            }
            self.ctx.now = now;
            self.ctx.cycle += 1;
            if REFERENCE {
                self.fire_due_events_plainly(now)?;
            } else {
                self.fire_due_events(now)?;
            }
            self.run_nodes::<REFERENCE>(&step, &mut node_executions)?;
        }
        self.stats.cycles = self.ctx.cycle;
        // Added: a realtime run's cycles after this loop add theirs.
        self.stats.node_executions += node_executions;
        self.running.set(Running::ENGINE);
        Ok(())
    }

    /// Phase two of a cycle (simulated and realtime alike): run the nodes its events
    /// scheduled, in rank order, then the end-of-cycle hooks; counts the nodes run.
    #[inline(always)]
    fn run_nodes<const REFERENCE: bool>(
        &mut self,
        step: &StepTable,
        executions: &mut u64,
    ) -> Result<()> {
        let executed = if REFERENCE {
            self.execute_sweep()
        } else {
            self.execute_step_table(step)
        };
        match executed {
            Ok(n) => *executions += u64::from(n),
            // `running` names the node that failed.
            Err(e) => return Err(self.error_here(e)),
        }
        if !self.ctx.end_cycle_pending.is_empty() {
            self.run_end_cycle()?;
        }
        Ok(())
    }

    /// Phase one of a cycle: fire every event due now that was scheduled before the cycle,
    /// moving each to the time its source returns. A source's ticks schedule its
    /// consumers (see `TsCell::tick`).
    #[inline(always)]
    fn fire_due_events(&mut self, now: i64) -> Result<()> {
        let tail = self.ctx.queue_mut().tail();
        debug_assert_eq!(self.running.get(), Running::DUE_SOURCE);
        while let Some((raw, token)) = self.ctx.queue_mut().peek_due(now, tail) {
            self.stats.events += 1;
            let id = match EventTarget::decode(raw) {
                EventTarget::Source(id) => id,
                EventTarget::AlarmSlotZero(id) => {
                    // SAFETY: `id` is one of this engine's source indices, as below.
                    let zero = unsafe { self.slot_zeros.get_unchecked(id as usize) };
                    if zero
                        .as_ref()
                        .is_some_and(|z| z.fire(&self.ctx, token.generation))
                    {
                        self.ctx
                            .queue_mut()
                            .refire_later(crate::scheduler::queue::NEVER);
                        continue;
                    }
                    id
                }
            };
            // SAFETY: every event in the queue names one of this engine's sources, below
            // `sources.len()` (= `slot_zeros.len()`): the two ways in check it.
            // `Ctx::schedule` checks the id's run and index; an alarm checks its run
            // (`Alarm::in_run`), and its index was made by this run's wiring, which only
            // hands out indices of compiled sources (a wiring that refused an id fails the
            // run before it starts).
            let source = unsafe { self.sources.get_unchecked_mut(id as usize) };
            match source.fire(&mut self.ctx, token) {
                Ok(Refire(t)) if t > now => self.ctx.queue_mut().refire_later(t),
                // Again in this cycle's time: behind the tail, so in the next cycle.
                Ok(Refire(t)) if t == now => self.ctx.queue_mut().refire_front(t),
                Ok(Refire(t)) => return Err(self.refired_in_past(t)),
                Err(e) => return Err(self.error_here(*e)),
            }
        }
        Ok(())
    }

    /// The error for a source that asked to fire again before now.
    #[cold]
    #[inline(never)]
    fn refired_in_past(&self, t: i64) -> Error {
        self.error_here(Box::new(Error::ScheduleInPast {
            requested: Time::from_nanos(t),
            now: Time::from_nanos(self.ctx.now),
        }))
    }

    /// Phase two: run the scheduled nodes in rank order, each once; returns how many ran.
    ///
    /// The engine's hottest loop (see `docs/decisions/0003-performance-status.md`): a
    /// node that ticks has already marked its consumers in the step table, so all that
    /// is left here is to take the next marked node and call it. Inlined into the cycle
    /// loop: as a function of its own, its prologue and epilogue would cost more than the
    /// spills inlining brings. Nothing is stored per node: which node is running is noted
    /// only if it fails (see [`NoteOnUnwind`]).
    #[inline(always)]
    fn execute_step_table(&mut self, step: &StepTable) -> Result<u32, NodeError> {
        let (nodes, ctx, running) = (&mut self.nodes, &mut self.ctx, &self.running);
        step.drain(|i| {
            // SAFETY: the step table only runs indices below its capacity, and `nodes` is
            // padded to it (`Engine::new`).
            let node = unsafe { nodes.get_unchecked_mut(i as usize) };
            let guard = NoteOnUnwind { running, node: i };
            let executed = node.execute(ctx);
            std::mem::forget(guard);
            if executed.is_err() {
                running.set(Running::node(i));
            }
            executed
        })
    }

    fn run_end_cycle(&mut self) -> Result<()> {
        for k in 0..self.ctx.end_cycle_pending.len() {
            let i = self.ctx.end_cycle_pending[k];
            self.running.set(Running::node(i));
            self.nodes[i as usize]
                .end_cycle(&mut self.ctx)
                .map_err(|e| self.error_here(e))?;
        }
        self.ctx.end_cycle_pending.clear();
        // What end-of-cycle listeners ticked schedules nobody in the next cycle.
        self.step.clear();
        self.running.set(Running::DUE_SOURCE);
        Ok(())
    }

    fn results(&self) -> RunResult {
        let final_time = self.ctx.now;
        let mut r = RunResult::new(self.stats);
        for o in &self.recorded {
            r.insert(
                o.name.clone(),
                (o.extract)(&o.cell, o.policy, final_time),
                o.type_name,
            );
        }
        r
    }
}

/// Keeps the default panic hook from printing the engine's own signals (an [`Error`] raised
/// as a panic payload, such as reading an input that never ticked): they are returned from
/// `run` as typed errors. Every other panic still reaches the previous hook.
fn quiet_engine_signals() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.payload().is::<Error>() {
                previous(info);
            }
        }));
    });
}

fn flatten(r: std::thread::Result<Result<(), NodeError>>) -> Option<NodeError> {
    match r {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(e),
        Err(panic) => Some(panic_to_error(panic)),
    }
}

/// A panic payload as a node error: engine errors raised by panics (reading an input that
/// never ticked) keep their type; anything else becomes [`Error::Panic`].
fn panic_to_error(panic: Box<dyn Any + Send>) -> NodeError {
    let panic = match panic.downcast::<Error>() {
        Ok(e) => return e,
        Err(p) => p,
    };
    Box::new(Error::Panic {
        message: panic_message(&*panic),
    })
}
