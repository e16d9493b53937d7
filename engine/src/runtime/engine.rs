//! The simulation loop: engine cycles over the timer queue and the step table, start and
//! stop order, error and panic handling.

use super::ctx::{Ctx, Edge, NO_BASKET};
use super::result::RunResult;
use crate::error::{Error, NodeError, Result};
use crate::node::{Fire, Node, Source};
use crate::scheduler::queue::NEVER;
use crate::scheduler::step::StepTable;
use crate::time::Time;
use crate::ts::BufferPolicy;
use crate::ts::basket::BasketTicks;
use crate::ts::cell::{AnyCell, CellHeader};
use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

mod reference;

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

/// Who is running, for error messages: a node, a source or the engine itself.
///
/// Packed in one word (kind in the high half, index in the low half) so that noting it
/// before every node execution is a single store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Running(u64);

impl Running {
    const ENGINE: Running = Running(u64::MAX);
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

/// One consumer of one output, flattened per producer (node or source).
///
/// The step loop's critical path is "which node runs next", a chain of dependent loads.
/// With the consumers of a producer in one flat run, and the first of them copied into the
/// producer's [`ProducerMeta`], the common case (one consumer) takes one load.
#[derive(Clone, Copy, Debug)]
struct Consumer {
    /// The producing output's tick stamp (kept valid by `Engine::_slots`).
    header: *const CellHeader,
    /// The consuming node's step-table word, or `BASKET_WORD` for a basket element.
    word: u32,
    /// The consuming node's bit within its word.
    bit: u64,
    /// The consuming node's index.
    node: u32,
    /// The edge in `ctx.edges`, whose `active` flag nodes may change while running (and
    /// which holds the basket and element of a basket input).
    edge: u32,
}

/// The `word` of a basket consumer: never the word being scanned, so basket elements always
/// take the general path (which records them).
const BASKET_WORD: u32 = u32::MAX;

/// What the scheduler needs of a producer: its consumers `cons_start..cons_end` in
/// `Engine::consumers` (the first also copied into `first`), and whether it wants
/// `end_cycle` (nodes only).
///
/// Aligned to 64 bytes: one cache line per producer, and its address is an index times a
/// power of two (a shift, not a multiply, on the step loop's critical path).
#[derive(Clone, Copy, Debug)]
#[repr(align(64))]
struct ProducerMeta {
    /// A copy of `consumers[cons_start]`, meaningful only if the range is not empty.
    first: Consumer,
    cons_start: u32,
    cons_end: u32,
    end_cycle: bool,
    /// The common case, which the step loop handles inline: exactly one consumer, not a
    /// basket element, and no `end_cycle`.
    single: bool,
}

/// A compiled graph, ready to run once.
pub(crate) struct Engine {
    ctx: Ctx,
    step: StepTable,
    /// Keeps the cells, and so the headers `consumers` point to, alive.
    _slots: Vec<OutSlot>,
    consumers: Vec<Consumer>,
    baskets: Vec<Rc<BasketTicks>>,
    nodes: Vec<Box<dyn Node>>,
    node_names: Vec<String>,
    node_meta: Vec<ProducerMeta>,
    end_cycle_pending: Vec<u32>,
    start_order: Vec<u32>,
    nodes_started: usize,
    sources: Vec<Box<dyn Source>>,
    source_names: Vec<String>,
    source_meta: Vec<ProducerMeta>,
    sources_started: usize,
    recorded: Vec<RecordedOutput>,
    running: Running,
    stats: RunStats,
    /// The reference scheduler, when a test asked for it.
    reference: Option<reference::Sweep>,
}

impl Engine {
    pub(crate) fn new(p: Parts) -> Self {
        let n = p.nodes.len();
        let mut consumers = Vec::with_capacity(p.edges.len());
        let mut flatten = |(a, b): (u32, u32), end_cycle: bool| {
            let cons_start = consumers.len() as u32;
            for slot in &p.slots[a as usize..b as usize] {
                for e in slot.cons_start..slot.cons_end {
                    let edge = p.edges[e as usize];
                    assert!(
                        (edge.node as usize) < p.nodes.len() && (e as usize) < p.edges.len(),
                        "invariant: consumer edges name existing nodes and edges"
                    );
                    consumers.push(Consumer {
                        header: slot.header,
                        word: if edge.basket == NO_BASKET {
                            edge.node >> 6
                        } else {
                            BASKET_WORD
                        },
                        bit: 1u64 << (edge.node & 63),
                        node: edge.node,
                        edge: e,
                    });
                }
            }
            ProducerMeta {
                first: consumers
                    .get(cons_start as usize)
                    .copied()
                    .unwrap_or(Consumer {
                        header: std::ptr::null(),
                        word: BASKET_WORD,
                        bit: 0,
                        node: 0,
                        edge: 0,
                    }),
                cons_start,
                cons_end: consumers.len() as u32,
                end_cycle,
                single: consumers.len() as u32 == cons_start + 1
                    && consumers[cons_start as usize].word != BASKET_WORD
                    && !end_cycle,
            }
        };
        let node_meta: Vec<ProducerMeta> = p
            .node_outputs
            .iter()
            .zip(&p.node_end_cycle)
            .map(|(&range, &end_cycle)| flatten(range, end_cycle))
            .collect();
        let source_meta: Vec<ProducerMeta> = p
            .source_outputs
            .iter()
            .map(|&range| flatten(range, false))
            .collect();
        Engine {
            ctx: Ctx::new(p.start, p.end, p.edges, p.sources.len() as u32),
            step: StepTable::new(n),
            _slots: p.slots,
            consumers,
            baskets: p.baskets,
            nodes: p.nodes,
            node_names: p.node_names,
            node_meta,
            end_cycle_pending: Vec::with_capacity(n),
            start_order: p.start_order,
            nodes_started: 0,
            sources: p.sources,
            source_names: p.source_names,
            source_meta,
            sources_started: 0,
            recorded: p.recorded,
            running: Running::ENGINE,
            stats: RunStats::default(),
            reference: None,
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
            Running::ENGINE => "engine".to_string(),
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
            self.running = Running::source(i as u32);
            self.sources[i]
                .start(&mut self.ctx)
                .map_err(|e| self.error_here(e))?;
            self.sources_started += 1;
        }
        for k in 0..self.start_order.len() {
            let i = self.start_order[k];
            self.running = Running::node(i);
            self.nodes[i as usize]
                .start(&mut self.ctx)
                .map_err(|e| self.error_here(e))?;
            self.nodes_started += 1;
        }
        self.running = Running::ENGINE;
        Ok(())
    }

    /// Stops nodes (in start order), then sources; only what started. The first error wins.
    fn stop_all(&mut self) -> Result<()> {
        let mut first = None;
        for k in 0..self.nodes_started {
            let i = self.start_order[k];
            self.running = Running::node(i);
            let r = catch_unwind(AssertUnwindSafe(|| {
                self.nodes[i as usize].stop(&mut self.ctx)
            }));
            if let Some(e) = flatten(r) {
                first.get_or_insert_with(|| self.error_here(e));
            }
        }
        for i in 0..self.sources_started {
            self.running = Running::source(i as u32);
            let r = catch_unwind(AssertUnwindSafe(|| self.sources[i].stop(&mut self.ctx)));
            if let Some(e) = flatten(r) {
                first.get_or_insert_with(|| self.error_here(e));
            }
        }
        self.nodes_started = 0;
        self.sources_started = 0;
        self.running = Running::ENGINE;
        first.map_or(Ok(()), Err)
    }

    fn run_cycles(&mut self) -> Result<()> {
        let reference = self.reference.is_some();
        // The last time a cycle may run at: the end, but before an empty queue's `NEVER`.
        let last = self.ctx.end.min(NEVER - 1);
        loop {
            let now = self.ctx.queue.next_time();
            if now > last {
                break;
            }
            self.ctx.now = now;
            self.ctx.cycle += 1;
            self.fire_due_events(now)?;
            let executed = if reference {
                self.execute_sweep()
            } else {
                self.execute_step_table()
            };
            if let Err(e) = executed {
                // `running` still names the node that failed.
                return Err(self.error_here(e));
            }
            if !self.end_cycle_pending.is_empty() {
                self.run_end_cycle()?;
            }
            if self.ctx.stop_requested {
                break;
            }
        }
        self.stats.cycles = self.ctx.cycle;
        Ok(())
    }

    /// Phase one of a cycle: fire every event due now that was scheduled before the cycle.
    #[inline(always)]
    fn fire_due_events(&mut self, now: i64) -> Result<()> {
        let tail = self.ctx.queue.tail();
        while let Some(ev) = self.ctx.queue.pop_due(now, tail) {
            self.stats.events += 1;
            self.running = Running::source(ev.source);
            // SAFETY: events carry the ids of this engine's sources: the wiring hands them
            // out, and `Ctx::schedule` (the public way in) checks them.
            let source = unsafe { self.sources.get_unchecked_mut(ev.source as usize) };
            match source.fire(&mut self.ctx, ev.token) {
                Ok(Fire::Ticked) => {
                    // SAFETY: `source_meta` has one entry per source.
                    let meta = *unsafe { self.source_meta.get_unchecked(ev.source as usize) };
                    if meta.cons_start != meta.cons_end {
                        // The first consumer inline, the others (rare) out of line: a loop
                        // here made the compiler hoist a dozen fields for one consumer.
                        let cycle = self.ctx.cycle;
                        self.schedule_ticked(&meta.first, cycle);
                        if meta.cons_end - meta.cons_start > 1 {
                            self.schedule_rest(meta.cons_start + 1, meta.cons_end, cycle);
                        }
                    }
                }
                Ok(Fire::Defer) => self.ctx.queue.push(now, ev.source, ev.token),
                Ok(Fire::Ignored) => {}
                Err(e) => return Err(self.error_here(e)),
            }
        }
        Ok(())
    }

    /// Phase two: run scheduled nodes in rank order, each once.
    ///
    /// This is the engine's hottest loop, and its cost is its instruction count (see
    /// `docs/decisions/0003-performance-status.md`). So: the step-table word being scanned
    /// stays in `bits` (consumers come after their producer in rank order, so a consumer in
    /// the same word is ORed into it, with no memory round trip); a producer with one plain
    /// consumer is handled inline and everything else in an out-of-line call, which keeps
    /// the loop's registers few; indexing is unchecked on indices `Engine::new` validated.
    /// Inlined into the cycle loop: as a function of its own, its prologue and epilogue
    /// cost 12 instructions per cycle, more than the spills inlining brings.
    #[inline(always)]
    fn execute_step_table(&mut self) -> Result<(), NodeError> {
        let mut w = self.step.first_word();
        while w <= self.step.last_word() {
            let mut bits = self.step.take_word(w);
            let base = (w as u32) << 6;
            while bits != 0 {
                let i = base | bits.trailing_zeros();
                bits &= bits - 1;
                self.running = Running::node(i);
                // In memory rather than a register: registers are scarce across the call.
                self.stats.node_executions += 1;
                // SAFETY: step-table bits are only ever set for validated consumer indices
                // (`Engine::new`), all below `nodes.len()`.
                let node = unsafe { self.nodes.get_unchecked_mut(i as usize) };
                node.execute(&mut self.ctx)?;
                // SAFETY: `node_meta` has one entry per node.
                let meta = unsafe { self.node_meta.get_unchecked(i as usize) };
                if meta.single {
                    let first = meta.first;
                    bits |= self.consider(&first, meta.cons_start, w as u32);
                } else if meta.cons_start != meta.cons_end || meta.end_cycle {
                    bits |= self.after_node(i, w as u32);
                }
            }
            w += 1;
        }
        self.step.finish();
        self.running = Running::ENGINE;
        Ok(())
    }

    /// What follows a node's execution outside the common case (see `ProducerMeta::single`):
    /// several consumers or basket elements, or an `end_cycle` to run. Returns the bits of
    /// consumers in word `word`, the one being scanned.
    #[inline(never)]
    fn after_node(&mut self, i: u32, word: u32) -> u64 {
        let meta = self.node_meta[i as usize];
        if meta.end_cycle {
            self.end_cycle_pending.push(i);
        }
        self.propagate(meta, word)
    }

    fn run_end_cycle(&mut self) -> Result<()> {
        for k in 0..self.end_cycle_pending.len() {
            let i = self.end_cycle_pending[k];
            self.running = Running::node(i);
            self.nodes[i as usize]
                .end_cycle(&mut self.ctx)
                .map_err(|e| self.error_here(e))?;
        }
        self.end_cycle_pending.clear();
        self.running = Running::ENGINE;
        Ok(())
    }

    /// Schedules the active consumers of the producer's outputs that ticked this cycle.
    ///
    /// Consumers in step-table word `word` (the one being scanned) are returned as bits
    /// instead of being written to the table.
    #[inline(always)]
    fn propagate(&mut self, meta: ProducerMeta, word: u32) -> u64 {
        if meta.cons_start == meta.cons_end {
            return 0;
        }
        let mut local = self.consider(&meta.first, meta.cons_start, word);
        if meta.cons_end - meta.cons_start > 1 {
            local |= self.propagate_rest(meta.cons_start + 1, meta.cons_end, word);
        }
        local
    }

    /// The consumers after the first: out of line, so the step loop keeps few registers.
    #[inline(never)]
    fn propagate_rest(&mut self, from: u32, to: u32, word: u32) -> u64 {
        let mut local = 0;
        for k in from..to {
            // SAFETY: producer ranges lie within `consumers` (built in `Engine::new`).
            let c = *unsafe { self.consumers.get_unchecked(k as usize) };
            local |= self.consider(&c, k, word);
        }
        local
    }

    /// One consumer `c` (number `k`) of a producer that just ran: its bit if it is in the
    /// word being scanned, else it is scheduled by [`Engine::schedule_consumer`].
    #[inline(always)]
    fn consider(&mut self, c: &Consumer, k: u32, word: u32) -> u64 {
        let cycle = self.ctx.cycle;
        // SAFETY: `_slots` keeps every cell, and so its header, alive while the engine is.
        if unsafe { (*c.header).last_cycle.get() } != cycle {
            return 0;
        }
        if c.word != word {
            return self.schedule_consumer(k, word, cycle);
        }
        // SAFETY: edge numbers were validated in `Engine::new`.
        if !unsafe { self.ctx.edges.get_unchecked(c.edge as usize) }.active {
            // A branch, not a conditional move: a cmov would put this load on the
            // critical path of every node.
            return passive();
        }
        c.bit
    }

    /// The general case of [`Engine::propagate`]: a consumer in another step-table word, or
    /// a basket element. Out of line, so the step loop keeps few live registers. Returns
    /// the consumer's bit if it is in word `word` (the one being scanned, which must not
    /// be written behind the scanner's back), else marks it in the table.
    #[inline(never)]
    fn schedule_consumer(&mut self, k: u32, word: u32, cycle: u64) -> u64 {
        let c = self.consumers[k as usize];
        let edge = self.ctx.edges[c.edge as usize];
        if !edge.active {
            return 0;
        }
        if edge.basket != NO_BASKET {
            self.baskets[edge.basket as usize].record(cycle, edge.slot);
        }
        if c.node >> 6 == word {
            return c.bit;
        }
        // SAFETY: consumer node indices were validated in `Engine::new`.
        unsafe { self.step.mark(c.node) };
        0
    }

    /// Schedules consumer `c` of a source if its output ticked and the edge is active.
    #[inline(always)]
    fn schedule_ticked(&mut self, c: &Consumer, cycle: u64) {
        // SAFETY: `_slots` keeps every cell, and so its header, alive while the engine is.
        let ticked = unsafe { (*c.header).last_cycle.get() } == cycle;
        // SAFETY: edge numbers were validated in `Engine::new`.
        let edge = *unsafe { self.ctx.edges.get_unchecked(c.edge as usize) };
        if ticked && edge.active {
            // SAFETY: consumer node indices were validated in `Engine::new`.
            unsafe { self.step.mark(c.node) };
            if edge.basket != NO_BASKET {
                self.baskets[edge.basket as usize].record(cycle, edge.slot);
            }
        }
    }

    /// [`Engine::schedule_ticked`] for a source's consumers `from..to`.
    #[inline(never)]
    fn schedule_rest(&mut self, from: u32, to: u32, cycle: u64) {
        for k in from..to {
            let c = self.consumers[k as usize];
            self.schedule_ticked(&c, cycle);
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

/// The bits a passive consumer contributes: none. Cold, so that the test before it compiles
/// to a predicted branch.
#[cold]
#[inline(never)]
fn passive() -> u64 {
    0
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
