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

use super::history::{BufferPolicy, History};
use std::any::Any;
use std::cell::{Cell, UnsafeCell};
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
}

impl Default for CellHeader {
    fn default() -> Self {
        // `u64::MAX` is no cycle: start blocks run with cycle 0 and must not see ticks.
        CellHeader {
            last_cycle: Cell::new(u64::MAX),
            last_time: Cell::new(0),
            num_ticks: Cell::new(0),
        }
    }
}

/// A typed time-series cell.
///
/// `repr(C)` keeps the fields every tick touches (the header, then the value, then the
/// history's discriminant) together at the front, in as few cache lines as possible.
#[repr(C)]
pub(crate) struct TsCell<T> {
    pub(crate) header: CellHeader,
    value: UnsafeCell<Option<T>>,
    history: UnsafeCell<Option<History<T>>>,
}

impl<T: Clone + 'static> TsCell<T> {
    pub(crate) fn new() -> Self {
        TsCell {
            header: CellHeader::default(),
            value: UnsafeCell::new(None),
            history: UnsafeCell::new(None),
        }
    }

    #[inline]
    pub(crate) fn ticked_in(&self, cycle: u64) -> bool {
        self.header.last_cycle.get() == cycle
    }

    /// Records a new tick. The caller has checked that the cell did not tick in `cycle`.
    #[inline]
    pub(crate) fn tick(&self, cycle: u64, now: i64, value: T) {
        self.header.last_cycle.set(cycle);
        self.header.last_time.set(now);
        self.header.num_ticks.set(self.header.num_ticks.get() + 1);
        // SAFETY: only the producer writes, and no reader borrow is alive (module docs).
        unsafe {
            if let Some(h) = &mut *self.history.get() {
                record(h, now, value.clone());
            }
            *self.value.get() = Some(value);
        }
    }

    /// Records a new tick built in place from the previous value's storage (BURST lists).
    #[inline]
    pub(crate) fn tick_with(&self, cycle: u64, now: i64, build: impl FnOnce(&mut Option<T>)) {
        self.header.last_cycle.set(cycle);
        self.header.last_time.set(now);
        self.header.num_ticks.set(self.header.num_ticks.get() + 1);
        // SAFETY: as in `tick`.
        unsafe {
            let slot = &mut *self.value.get();
            build(slot);
            if let (Some(h), Some(v)) = (&mut *self.history.get(), slot.as_ref()) {
                h.push(now, v.clone());
            }
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
    fn into_any(self: Rc<Self>) -> Rc<dyn Any>;
    /// Merges `policy` into the current one, creating the history buffer if needed.
    fn request_policy(&self, policy: BufferPolicy);
}

impl<T: Clone + 'static> AnyCell for TsCell<T> {
    fn header(&self) -> &CellHeader {
        &self.header
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
