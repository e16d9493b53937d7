//! The storage behind one time series: current value, tick stamps and optional history.
//!
//! # Soundness
//! Cells use `UnsafeCell` instead of `RefCell` because a borrow flag per read would cost as
//! much as the rest of a node execution. The engine keeps one invariant that makes this sound:
//! a cell is written only by its producer (a source while the scheduler fires it, or a node
//! while it executes), and a reader's borrow never outlives the reading node's own execution
//! (every accessor ties the borrow to `&self` of the handle the node owns, and the engine is
//! single-threaded). Producers and consumers never run at the same time, and the graph is
//! acyclic, so no node reads a cell while that cell is being written.

use super::basket::BasketTicks;
use super::history::{BufferPolicy, History};
use crate::runtime::Ctx;
use std::any::Any;
use std::cell::{Cell, OnceCell, UnsafeCell};
use std::rc::Rc;

/// The type-independent part of a cell: when it last ticked and how often.
#[derive(Debug)]
pub(crate) struct CellHeader {
    /// The engine cycle of the last tick (`u64::MAX` = never).
    pub(crate) last_cycle: Cell<u64>,
    /// The engine time of the last tick.
    pub(crate) last_time: Cell<i64>,
    /// Every tick since the start.
    pub(crate) num_ticks: Cell<u64>,
    /// Whom a tick schedules: the index of the one plain, active consumer node, or
    /// [`NOBODY`], or [`EVERY_SUBSCRIBER`] (several consumers, or basket elements, which go
    /// through the general path). Kept up to date from the subscriber list.
    notify: Cell<u32>,
}

/// `CellHeader::notify`: a tick schedules no node.
const NOBODY: u32 = u32::MAX;
/// `CellHeader::notify`: a tick walks the subscriber list.
const EVERY_SUBSCRIBER: u32 = u32::MAX - 1;

impl Default for CellHeader {
    fn default() -> Self {
        // `u64::MAX` is no cycle: start blocks run with cycle 0 and must not see ticks.
        CellHeader {
            last_cycle: Cell::new(u64::MAX),
            last_time: Cell::new(0),
            num_ticks: Cell::new(0),
            notify: Cell::new(NOBODY),
        }
    }
}

/// One consumer of a cell: a node input, scheduled when the cell ticks while it is active.
#[derive(Debug)]
pub(crate) struct Subscriber {
    /// The consuming node's index (its rank order).
    pub(crate) node: u32,
    /// Whether a tick schedules the node (`make_passive` clears it).
    pub(crate) active: Cell<bool>,
    /// For a basket element: the basket's tick order, and the element's index in it.
    pub(crate) basket: Option<(Rc<BasketTicks>, u32)>,
}

/// A typed time-series cell.
///
/// `repr(C)` keeps the fields every tick touches (the header, then the value, then the
/// history's discriminant) together at the front, in as few cache lines as possible, and
/// the subscriber list (read only on the general path) behind them.
///
/// A tick schedules the cell's consumers itself (see [`TsCell::tick`]): the engine does
/// not look at a producer's outputs after it runs.
#[repr(C)]
pub(crate) struct TsCell<T> {
    pub(crate) header: CellHeader,
    value: UnsafeCell<Option<T>>,
    history: UnsafeCell<Option<History<T>>>,
    /// The consumers, in edge order; set once when the graph is compiled.
    subscribers: OnceCell<Box<[Subscriber]>>,
}

impl<T: Clone + 'static> TsCell<T> {
    pub(crate) fn new() -> Self {
        TsCell {
            header: CellHeader::default(),
            value: UnsafeCell::new(None),
            history: UnsafeCell::new(None),
            subscribers: OnceCell::new(),
        }
    }

    #[inline]
    pub(crate) fn ticked_in(&self, cycle: u64) -> bool {
        self.header.last_cycle.get() == cycle
    }

    /// Records a new tick at the current cycle and schedules the active consumers. The
    /// caller has checked that the cell did not tick in this cycle.
    #[inline]
    pub(crate) fn tick(&self, ctx: &Ctx, value: T) {
        self.stamp(ctx);
        // SAFETY: only the producer writes, and no reader borrow is alive (module docs).
        unsafe {
            if let Some(h) = &mut *self.history.get() {
                record(h, ctx.now, value.clone());
            }
            *self.value.get() = Some(value);
        }
        self.notify(ctx);
    }

    /// Records a new tick built in place from the previous value's storage (BURST lists).
    #[inline]
    pub(crate) fn tick_with(&self, ctx: &Ctx, build: impl FnOnce(&mut Option<T>)) {
        self.stamp(ctx);
        // SAFETY: as in `tick`.
        unsafe {
            let slot = &mut *self.value.get();
            build(slot);
            if let (Some(h), Some(v)) = (&mut *self.history.get(), slot.as_ref()) {
                h.push(ctx.now, v.clone());
            }
        }
        self.notify(ctx);
    }

    #[inline(always)]
    fn stamp(&self, ctx: &Ctx) {
        self.header.last_cycle.set(ctx.cycle);
        self.header.last_time.set(ctx.now);
        self.header.num_ticks.set(self.header.num_ticks.get() + 1);
    }

    /// Schedules the consumers of a tick: the common case (one plain consumer) inline, a
    /// few instructions; the rest out of line.
    #[inline(always)]
    fn notify(&self, ctx: &Ctx) {
        let n = self.header.notify.get();
        if n < EVERY_SUBSCRIBER {
            ctx.step.mark(n);
        } else if n == EVERY_SUBSCRIBER {
            self.notify_all(ctx);
        }
    }

    /// Schedules every active subscriber, recording basket elements in tick order.
    #[inline(never)]
    fn notify_all(&self, ctx: &Ctx) {
        for s in self.subscribers() {
            if s.active.get() {
                if let Some((basket, slot)) = &s.basket {
                    basket.record(ctx.cycle, *slot);
                }
                ctx.step.mark(s.node);
            }
        }
    }

    /// The consumers of this cell (empty until the graph is compiled).
    pub(crate) fn subscribers(&self) -> &[Subscriber] {
        self.subscribers.get().map_or(&[], |s| s)
    }

    /// Makes subscriber `sub` (an input of a consuming node) active or passive.
    pub(crate) fn set_active(&self, sub: u32, active: bool) {
        if let Some(s) = self.subscribers().get(sub as usize) {
            s.active.set(active);
            self.header.notify.set(notify_for(self.subscribers()));
        }
    }

    /// Changes the value of this cycle's tick in place (a collapsed same-cycle value, or a
    /// BURST list growing). Does not count as a new tick.
    #[inline]
    pub(crate) fn update_current(&self, update: impl FnOnce(&mut T)) {
        // SAFETY: as in `tick`.
        unsafe {
            if let Some(v) = &mut *self.value.get() {
                update(v);
                if let Some(h) = &mut *self.history.get() {
                    h.replace_last(v.clone());
                }
            }
        }
    }

    #[inline]
    pub(crate) fn value(&self) -> Option<&T> {
        // SAFETY: reads never overlap a write (module docs).
        unsafe { (*self.value.get()).as_ref() }
    }

    pub(crate) fn history(&self) -> Option<&History<T>> {
        // SAFETY: as in `value`.
        unsafe { (*self.history.get()).as_ref() }
    }

    pub(crate) fn policy(&self) -> BufferPolicy {
        self.history().map(|h| h.policy()).unwrap_or_default()
    }
}

/// What `CellHeader::notify` holds for these subscribers.
fn notify_for(subscribers: &[Subscriber]) -> u32 {
    match subscribers {
        [] => NOBODY,
        [s] if s.basket.is_none() => {
            if s.active.get() {
                s.node
            } else {
                NOBODY
            }
        }
        _ => EVERY_SUBSCRIBER,
    }
}

/// Appends a tick to a history buffer. Out of line: inlined, the buffer's growth path made
/// every node that ticks an output save registers and set up a stack frame, even when the
/// series keeps no history (most do not).
#[inline(never)]
fn record<T: Clone>(h: &mut History<T>, now: i64, value: T) {
    h.push(now, value);
}

/// A cell with its type erased, as the graph compiler and the scheduler see it.
pub(crate) trait AnyCell: 'static {
    fn header(&self) -> &CellHeader;
    /// The consumers of this cell (empty until the graph is compiled).
    fn subscribers(&self) -> &[Subscriber];
    /// Sets the consumers, once, when the graph is compiled.
    fn subscribe(&self, subscribers: Vec<Subscriber>);
    fn into_any(self: Rc<Self>) -> Rc<dyn Any>;
    /// Merges `policy` into the current one, creating the history buffer if needed.
    fn request_policy(&self, policy: BufferPolicy);
}

impl<T: Clone + 'static> AnyCell for TsCell<T> {
    fn header(&self) -> &CellHeader {
        &self.header
    }
    fn subscribers(&self) -> &[Subscriber] {
        TsCell::subscribers(self)
    }
    fn subscribe(&self, subscribers: Vec<Subscriber>) {
        self.header.notify.set(notify_for(&subscribers));
        if self.subscribers.set(subscribers.into()).is_err() {
            panic!("invariant: a cell's subscribers are set once, when the graph is compiled");
        }
    }
    fn into_any(self: Rc<Self>) -> Rc<dyn Any> {
        self
    }
    fn request_policy(&self, policy: BufferPolicy) {
        let merged = self.policy().merge(policy);
        if merged.is_last_value_only() {
            return;
        }
        // SAFETY: policies change in start blocks or node bodies, never during a write,
        // and no borrow of the history is alive across this call (module docs).
        let history = unsafe { &mut *self.history.get() };
        match history {
            Some(h) => h.set_policy(merged),
            None => {
                let mut h = History::new(merged);
                if let Some(v) = self.value() {
                    h.push(self.header.last_time.get(), v.clone());
                }
                *history = Some(h);
            }
        }
    }
}

/// Makes a fresh, empty cell of type `T` (stored as a function pointer by the builder).
pub(crate) fn new_cell<T: Clone + 'static>() -> Rc<dyn AnyCell> {
    Rc::new(TsCell::<T>::new())
}

/// Recovers the typed cell; the builder's typed handles make a mismatch impossible.
pub(crate) fn downcast<T: Clone + 'static>(cell: &Rc<dyn AnyCell>) -> Rc<TsCell<T>> {
    cell.clone()
        .into_any()
        .downcast::<TsCell<T>>()
        .unwrap_or_else(|_| {
            panic!(
                "invariant: cell type matches its typed handle ({})",
                std::any::type_name::<T>()
            )
        })
}
