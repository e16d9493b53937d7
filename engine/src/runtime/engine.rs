//! The simulation loop: engine cycles over the timer queue and the step table, start and
//! stop order, error and panic handling.

use super::ctx::{Ctx, Edge, NO_BASKET};
use super::result::RunResult;
use crate::error::{Error, NodeError, Result};
use crate::node::{Fire, Node, Source};
use crate::scheduler::step::StepTable;
use crate::time::Time;
use crate::ts::BufferPolicy;
use crate::ts::basket::BasketTicks;
use crate::ts::cell::{AnyCell, CellHeader};
use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

/// One output cell as the scheduler sees it: its tick stamp and its consumers.
pub(crate) struct OutSlot {
    header: *const CellHeader,
    cons_start: u32,
    cons_end: u32,
    _cell: Rc<dyn AnyCell>,
}

impl OutSlot {
    pub(crate) fn new(cell: Rc<dyn AnyCell>, cons_start: u32, cons_end: u32) -> Self {
        // The header stays valid as long as `_cell` keeps the cell alive.
        OutSlot {
            header: cell.header() as *const CellHeader,
            cons_start,
            cons_end,
            _cell: cell,
        }
    }

    #[inline(always)]
    fn last_cycle(&self) -> u64 {
        // SAFETY: `_cell` owns the header for the slot's whole life.
        unsafe { (*self.header).last_cycle.get() }
    }
}

/// A graph output being recorded.
pub(crate) struct RecordedOutput {
    pub(crate) name: String,
    pub(crate) cell: Rc<dyn AnyCell>,
    pub(crate) policy: BufferPolicy,
    pub(crate) extract: crate::graph::Extract,
    pub(crate) type_name: &'static str,
}

/// Everything the compiler hands the engine.
pub(crate) struct Parts {
    pub(crate) start: i64,
    pub(crate) end: i64,
    pub(crate) edges: Vec<Edge>,
    pub(crate) slots: Vec<OutSlot>,
    pub(crate) baskets: Vec<Rc<BasketTicks>>,
    pub(crate) nodes: Vec<Box<dyn Node>>,
    pub(crate) node_names: Vec<String>,
    pub(crate) node_outputs: Vec<(u32, u32)>,
    pub(crate) node_end_cycle: Vec<bool>,
    pub(crate) start_order: Vec<u32>,
    pub(crate) sources: Vec<Box<dyn Source>>,
    pub(crate) source_names: Vec<String>,
    pub(crate) source_outputs: Vec<(u32, u32)>,
    pub(crate) recorded: Vec<RecordedOutput>,
}

/// Who is running, for error messages.
#[derive(Clone, Copy, Debug)]
enum Running {
    Node(u32),
    Source(u32),
    Engine,
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

/// A compiled graph, ready to run once.
pub(crate) struct Engine {
    ctx: Ctx,
    step: StepTable,
    slots: Vec<OutSlot>,
    baskets: Vec<Rc<BasketTicks>>,
    nodes: Vec<Box<dyn Node>>,
    node_names: Vec<String>,
    node_outputs: Vec<(u32, u32)>,
    node_end_cycle: Vec<bool>,
    end_cycle_pending: Vec<u32>,
    start_order: Vec<u32>,
    nodes_started: usize,
    sources: Vec<Box<dyn Source>>,
    source_names: Vec<String>,
    source_outputs: Vec<(u32, u32)>,
    sources_started: usize,
    recorded: Vec<RecordedOutput>,
    running: Running,
    stats: RunStats,
}

impl Engine {
    pub(crate) fn new(p: Parts) -> Self {
        let n = p.nodes.len();
        Engine {
            ctx: Ctx::new(p.start, p.end, p.edges),
            step: StepTable::new(n),
            slots: p.slots,
            baskets: p.baskets,
            nodes: p.nodes,
            node_names: p.node_names,
            node_outputs: p.node_outputs,
            node_end_cycle: p.node_end_cycle,
            end_cycle_pending: Vec::with_capacity(n),
            start_order: p.start_order,
            nodes_started: 0,
            sources: p.sources,
            source_names: p.source_names,
            source_outputs: p.source_outputs,
            sources_started: 0,
            recorded: p.recorded,
            running: Running::Engine,
            stats: RunStats::default(),
        }
    }

    /// Runs start, the cycles and stop; returns the graph outputs or the first error.
    pub(crate) fn run(&mut self) -> Result<RunResult> {
        quiet_engine_signals();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            self.start_all().and_then(|()| self.run_cycles())
        }));
        let mut first_error = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e),
            Err(panic) => Some(self.error_here(panic_to_error(panic))),
        };
        // What stop blocks see: the last cycle's time, capped at the end time.
        self.ctx.now = self.ctx.now.min(self.ctx.end);
        self.ctx.queue.clear();
        self.step.clear();
        if let Err(e) = self.stop_all() {
            first_error.get_or_insert(e);
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(self.results()),
        }
    }

    fn error_here(&self, source: NodeError) -> Error {
        let node = match self.running {
            Running::Node(i) => self.node_names[i as usize].clone(),
            Running::Source(i) => self.source_names[i as usize].clone(),
            Running::Engine => "engine".to_string(),
        };
        Error::Node {
            node,
            time: Time::from_nanos(self.ctx.now),
            source,
        }
    }

    fn start_all(&mut self) -> Result<()> {
        for i in 0..self.sources.len() {
            self.running = Running::Source(i as u32);
            self.sources[i]
                .start(&mut self.ctx)
                .map_err(|e| self.error_here(e))?;
            self.sources_started += 1;
        }
        for k in 0..self.start_order.len() {
            let i = self.start_order[k];
            self.running = Running::Node(i);
            self.nodes[i as usize]
                .start(&mut self.ctx)
                .map_err(|e| self.error_here(e))?;
            self.nodes_started += 1;
        }
        self.running = Running::Engine;
        Ok(())
    }

    /// Stops nodes (in start order), then sources; only what started. The first error wins.
    fn stop_all(&mut self) -> Result<()> {
        let mut first = None;
        for k in 0..self.nodes_started {
            let i = self.start_order[k];
            self.running = Running::Node(i);
            let r = catch_unwind(AssertUnwindSafe(|| {
                self.nodes[i as usize].stop(&mut self.ctx)
            }));
            if let Some(e) = flatten(r) {
                first.get_or_insert_with(|| self.error_here(e));
            }
        }
        for i in 0..self.sources_started {
            self.running = Running::Source(i as u32);
            let r = catch_unwind(AssertUnwindSafe(|| self.sources[i].stop(&mut self.ctx)));
            if let Some(e) = flatten(r) {
                first.get_or_insert_with(|| self.error_here(e));
            }
        }
        self.nodes_started = 0;
        self.sources_started = 0;
        self.running = Running::Engine;
        first.map_or(Ok(()), Err)
    }

    fn run_cycles(&mut self) -> Result<()> {
        while let Some(now) = self.ctx.queue.next_time() {
            if now > self.ctx.end {
                break;
            }
            self.ctx.now = now;
            self.ctx.cycle += 1;
            self.stats.cycles += 1;
            self.fire_due_events(now)?;
            self.execute_step_table()?;
            if !self.end_cycle_pending.is_empty() {
                self.run_end_cycle()?;
            }
            if self.ctx.stop_requested {
                break;
            }
        }
        Ok(())
    }

    /// Phase one of a cycle: fire every event due now that was scheduled before the cycle.
    #[inline]
    fn fire_due_events(&mut self, now: i64) -> Result<()> {
        let tail = self.ctx.queue.tail();
        while let Some(ev) = self.ctx.queue.pop_due(now, tail) {
            self.stats.events += 1;
            let s = ev.source as usize;
            self.running = Running::Source(ev.source);
            match self.sources[s].fire(&mut self.ctx, ev.token) {
                Ok(Fire::Ticked) => {
                    let (a, b) = self.source_outputs[s];
                    self.propagate(a, b);
                }
                Ok(Fire::Defer) => self.ctx.queue.push(now, ev.source, ev.token),
                Ok(Fire::Ignored) => {}
                Err(e) => return Err(self.error_here(e)),
            }
        }
        Ok(())
    }

    /// Phase two: run scheduled nodes in rank order, each once.
    #[inline]
    fn execute_step_table(&mut self) -> Result<()> {
        while let Some((w, mut bits)) = self.step.next_word() {
            while bits != 0 {
                let i = (w as u32) * 64 + bits.trailing_zeros();
                bits &= bits - 1;
                self.running = Running::Node(i);
                self.stats.node_executions += 1;
                if let Err(e) = self.nodes[i as usize].execute(&mut self.ctx) {
                    return Err(self.error_here(e));
                }
                let (a, b) = self.node_outputs[i as usize];
                self.propagate(a, b);
                if self.node_end_cycle[i as usize] {
                    self.end_cycle_pending.push(i);
                }
                bits |= self.step.take_word(w);
            }
        }
        self.running = Running::Engine;
        Ok(())
    }

    fn run_end_cycle(&mut self) -> Result<()> {
        for k in 0..self.end_cycle_pending.len() {
            let i = self.end_cycle_pending[k];
            self.running = Running::Node(i);
            self.nodes[i as usize]
                .end_cycle(&mut self.ctx)
                .map_err(|e| self.error_here(e))?;
        }
        self.end_cycle_pending.clear();
        self.running = Running::Engine;
        Ok(())
    }

    /// Schedules the active consumers of every output in `a..b` that ticked this cycle.
    #[inline(always)]
    fn propagate(&mut self, a: u32, b: u32) {
        let cycle = self.ctx.cycle;
        for o in a..b {
            let slot = &self.slots[o as usize];
            if slot.last_cycle() != cycle {
                continue;
            }
            for e in slot.cons_start..slot.cons_end {
                let edge = self.ctx.edges[e as usize];
                if edge.active {
                    self.step.mark(edge.node);
                    if edge.basket != NO_BASKET {
                        self.baskets[edge.basket as usize].record(cycle, edge.slot);
                    }
                }
            }
        }
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
    let message = if let Some(s) = panic.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-text panic payload".to_string()
    };
    Box::new(Error::Panic { message })
}
