//! The storage behind one time series: current value, tick stamps and optional history.
//!
//! # Soundness
//! Cells use `UnsafeCell` instead of `RefCell` because a borrow flag per read would cost as
//! much as the rest of a node execution. What makes this sound is enforced by the types of
//! the handles, not by convention:
//! - every public read of a value or its history borrows the [`Ctx`] (`input.get(ctx)`),
//!   and every write takes `&mut Ctx` (`output.tick(ctx, v)`), so no reference handed out
//!   is alive when the cell is written;
//! - a handle only works in the run that made it (`RunId`, checked on every write), so a
//!   writer smuggled into another run cannot write under a reader of this one;
//! - user code that runs inside a write (a value's `Clone` for the history, its `Drop`, a
//!   `tick_in_place` closure) has no usable `Ctx` (the write holds it mutably), so it
//!   cannot reach a cell;
//! - the engine is single-threaded (`Rc`, `Cell`: nothing here is `Send`).
//!
//! The crate's own reads without a `Ctx` (graph outputs read after the run) happen when no
//! node runs.

use super::basket::BasketTicks;
use super::history::{BufferPolicy, History};
use crate::ctx::Ctx;
use crate::error::NodeError;
use crate::node::FireResult;
use crate::scheduler::Refire;
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
    /// Where a tick's mark goes on the fast path: the step-table word of the plain,
    /// active consumers (or, with none, the producer's own word and an empty mask), or
    /// [`GENERAL`]: consumers in several words, basket elements or a history buffer,
    /// which take the general path. Kept up to date by [`TsCell::refresh_notify`].
    notify_word: Cell<u32>,
    /// The mark itself: the consumers' bits in `notify_word`, or 0 for nobody.
    notify_mask: Cell<u64>,
    /// The step-table word of the producer (word 0 for sources): the word being run
    /// whenever the producer ticks, so an empty mark there costs nothing.
    home_word: Cell<u32>,
}

impl CellHeader {
    #[inline(always)]
    pub(crate) fn ticked_in(&self, cycle: u64) -> bool {
        self.last_cycle.get() == cycle
    }

    /// Records a tick at the current cycle (the value is the caller's business).
    #[inline(always)]
    pub(crate) fn stamp(&self, ctx: &Ctx) {
        self.last_cycle.set(ctx.cycle);
        self.last_time.set(ctx.now);
        self.num_ticks.set(self.num_ticks.get() + 1);
    }

    /// The fast path of [`TsCell::notify`]: marks the consumer if its mark falls in the
    /// word being run (an empty mark when there is none); false if the tick needs the
    /// general path.
    #[inline(always)]
    pub(crate) fn mark_in_scan_word(&self, ctx: &Ctx) -> bool {
        let fast = self.notify_word.get() == ctx.step.scan_word();
        if fast {
            ctx.step.mark_scan_bits(self.notify_mask.get());
        }
        fast
    }
}

/// `CellHeader::notify_word`: a tick takes the general path.
const GENERAL: u32 = u32::MAX;

/// The fast path's mark for `subscribers`: the word and the union of the bits of the
/// active ones (mask 0 when none is active), if they are all plain node inputs (no basket
/// element, which records its slot) in one word of the step table (no word when none is
/// active). A source feeding several statistics, say, marks them all with one OR.
fn plain_mark(subscribers: &[Subscriber]) -> Option<(Option<u32>, u64)> {
    let mut word = None;
    let mut mask = 0u64;
    for s in subscribers {
        if s.basket.is_some() {
            return None;
        }
        if !s.active.get() {
            continue;
        }
        let w = s.node >> 6;
        if *word.get_or_insert(w) != w {
            return None;
        }
        mask |= 1u64 << (s.node & 63);
    }
    Some((word, mask))
}

impl Default for CellHeader {
    fn default() -> Self {
        // `u64::MAX` is no cycle: start blocks run with cycle 0 and must not see ticks.
        CellHeader {
            last_cycle: Cell::new(u64::MAX),
            last_time: Cell::new(0),
            num_ticks: Cell::new(0),
            notify_word: Cell::new(0),
            notify_mask: Cell::new(0),
            home_word: Cell::new(0),
        }
    }
}

/// One consumer of a cell: a node input, scheduled when the cell ticks while it is active.
#[derive(Debug)]
pub(crate) struct Subscriber {
    /// The consuming node's index (its rank order).
    pub(crate) node: u32,
    /// The input's name, for errors (kept here rather than in the node's `Input`, whose
    /// every byte is on the node's hot cache line).
    pub(crate) name: Rc<str>,
    /// Whether a tick schedules the node (`make_passive` clears it).
    pub(crate) active: Cell<bool>,
    /// For a basket element: the basket's tick order, and the element's index in it.
    pub(crate) basket: Option<(Rc<BasketTicks>, u32)>,
}

/// A typed time-series cell.
///
/// `repr(C)` keeps the fields every tick touches (the header, then the value, then the
/// history's discriminant) together at the front, and the subscriber list (read only on
/// the general path) behind them. Aligned to a cache line, so that for a value of up to
/// 24 bytes the header and the value are one line, and the `Rc`'s counts (touched only
/// when a handle is made or dropped) are on another. With `FnNode`'s alignment and
/// `Input`'s name moved out, W2 is 4% faster; W4, which touches a hundred symbols' cells
/// in turn, has 3.3 L1 read misses a row instead of 5.5 by callgrind's cache model, but
/// no time to show for it (decision 0003).
///
/// A tick schedules the cell's consumers itself (see [`TsCell::tick`]): the engine does
/// not look at a producer's outputs after it runs.
#[repr(C, align(64))]
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

    #[inline(always)]
    pub(crate) fn ticked_in(&self, cycle: u64) -> bool {
        self.header.ticked_in(cycle)
    }

    /// Records a new tick at the current cycle and schedules the active consumers. The
    /// caller has checked that the cell did not tick in this cycle.
    ///
    /// Never fails; it returns a `Result` so that a node body ending in a tick returns
    /// the general path's result as is, with nothing live across that call: such a node
    /// saves no registers (see [`TsCell::notify`]).
    #[inline(always)]
    pub(crate) fn tick(&self, ctx: &mut Ctx, value: T) -> Result<(), NodeError> {
        self.store(ctx, value);
        self.notify(ctx)
    }

    /// A source's tick, made last in its `fire`: records the tick, schedules the
    /// consumers and returns `refire`. The source has already worked out when it fires
    /// again, so nothing is live across the general path's call and `fire` needs no
    /// registers saved.
    #[inline(always)]
    pub(crate) fn tick_then(&self, ctx: &mut Ctx, value: T, refire: Refire) -> FireResult {
        self.store(ctx, value);
        if self.header.mark_in_scan_word(ctx) {
            Ok(refire)
        } else {
            self.notify_general_then(ctx, refire)
        }
    }

    /// Records a new tick built in place from the previous value's storage (BURST lists).
    #[inline]
    pub(crate) fn tick_with(
        &self,
        ctx: &mut Ctx,
        build: impl FnOnce(&mut Option<T>),
    ) -> Result<(), NodeError> {
        self.header.stamp(ctx);
        // SAFETY: as in `store`. `build` may be user code; it cannot reach this cell while
        // it runs: reading needs the `Ctx`, which this call borrows mutably.
        build(unsafe { &mut *self.value.get() });
        self.notify(ctx)
    }

    /// Records a tick of `value` at the current cycle, without scheduling anyone.
    #[inline(always)]
    fn store(&self, ctx: &mut Ctx, value: T) {
        self.header.stamp(ctx);
        // SAFETY: writes take `&mut Ctx`, so no reader borrow is alive (module docs). The
        // old value's `Drop` (user code) runs in place: it has no `Ctx`, so it cannot
        // reach this cell. (Moving it out first, `Option::replace`, costs two loads per
        // tick for nothing.)
        unsafe { *self.value.get() = Some(value) };
    }

    /// Sets the value of a tick already stamped (an alarm the engine fired, see
    /// `alarm::SlotZero`), without scheduling anyone.
    #[inline(always)]
    pub(crate) fn settle(&self, value: Option<T>) {
        // SAFETY: as in `store`. The alarm settles a fired value only before the first read
        // after the firing, and firings happen between node calls, so no reference from
        // a read is alive.
        unsafe { *self.value.get() = value };
    }

    /// Schedules the consumers of the tick just stored. The common case (one plain
    /// consumer in the word being run, or none, and no history) is a compare and an OR,
    /// with no call; everything else goes through one out-of-line function, called last
    /// so that nothing is live across it.
    #[inline(always)]
    fn notify(&self, ctx: &Ctx) -> Result<(), NodeError> {
        if self.header.mark_in_scan_word(ctx) {
            Ok(())
        } else {
            self.notify_general(ctx)
        }
    }

    /// [`TsCell::notify_general`] for [`TsCell::tick_then`].
    #[inline(never)]
    fn notify_general_then(&self, ctx: &Ctx, refire: Refire) -> FireResult {
        self.notify_general(ctx)?;
        Ok(refire)
    }

    /// The general path of [`TsCell::notify`]: records the tick in the history buffer,
    /// then marks the consumers (walking the subscriber list, recording basket elements
    /// in tick order) or the one consumer in another word of the step table.
    #[inline(never)]
    fn notify_general(&self, ctx: &Ctx) -> Result<(), NodeError> {
        if self.history().is_some() {
            // The clone (user code) runs before the history is borrowed mutably.
            if let Some(v) = self.value().cloned() {
                // SAFETY: as in `store`; no other borrow of the history is alive.
                let h = unsafe { &mut *self.history.get() };
                if let Some(h) = h {
                    h.push(ctx.now, v);
                }
            }
        }
        let word = self.header.notify_word.get();
        if word != GENERAL {
            ctx.step.mark_word(word, self.header.notify_mask.get());
            return Ok(());
        }
        let mark = |s: &Subscriber| {
            if s.active.get() {
                if let Some((basket, slot)) = &s.basket {
                    basket.record(ctx.cycle, *slot);
                }
                ctx.step.mark(s.node);
            }
        };
        match self.subscribers() {
            // One consumer, a basket element (a source feeding a basket node, say):
            // without the loop's setup.
            [s] => mark(s),
            subscribers => subscribers.iter().for_each(mark),
        }
        Ok(())
    }

    /// Sets the fast-path mark from the subscriber list and the history buffer: after
    /// compiling, after `make_passive`/`make_active`, and when a history buffer appears.
    fn refresh_notify(&self) {
        let h = &self.header;
        let (word, mask) = match (self.history(), plain_mark(self.subscribers())) {
            (None, Some((Some(word), mask))) => (word, mask),
            // No active consumer: an empty mark in the producer's own word.
            (None, Some((None, _))) => (h.home_word.get(), 0),
            _ => (GENERAL, 0),
        };
        h.notify_word.set(word);
        h.notify_mask.set(mask);
    }

    /// The consumers of this cell (empty until the graph is compiled).
    pub(crate) fn subscribers(&self) -> &[Subscriber] {
        self.subscribers.get().map_or(&[], |s| s)
    }

    /// Makes subscriber `sub` (an input of a consuming node) active or passive.
    pub(crate) fn set_active(&self, sub: u32, active: bool) {
        if let Some(s) = self.subscribers().get(sub as usize) {
            s.active.set(active);
            self.refresh_notify();
        }
    }

    /// Changes the value of this cycle's tick in place (a collapsed same-cycle value, or a
    /// BURST list growing). Does not count as a new tick.
    #[inline]
    pub(crate) fn update_current(&self, _ctx: &mut Ctx, update: impl FnOnce(&mut T)) {
        // SAFETY: as in `store`; `update` is the engine's own (an assignment or a push).
        if let Some(v) = unsafe { &mut *self.value.get() } {
            update(v);
        }
        if self.history().is_some()
            && let Some(v) = self.value().cloned()
        {
            // SAFETY: as in `notify_general`.
            if let Some(h) = unsafe { &mut *self.history.get() } {
                h.replace_last(v);
            }
        }
    }

    /// The current value. Handles reach it only through a `&Ctx` borrow (module docs).
    #[inline]
    pub(crate) fn value(&self) -> Option<&T> {
        // SAFETY: every write takes `&mut Ctx` and callers hold a `&Ctx` borrow (or run
        // when no node runs), so no write overlaps this borrow (module docs).
        unsafe { (*self.value.get()).as_ref() }
    }

    /// The history buffer, if any; borrowed as [`TsCell::value`].
    pub(crate) fn history(&self) -> Option<&History<T>> {
        // SAFETY: as in `value`; the buffer changes only in writes and in
        // `request_policy`, which take `&mut Ctx` through their handles.
        unsafe { (*self.history.get()).as_ref() }
    }

    pub(crate) fn policy(&self) -> BufferPolicy {
        self.history().map(|h| h.policy()).unwrap_or_default()
    }
}

impl<T> TsCell<T> {
    /// The name of the input that is subscriber `sub` ("" for a detached input, which
    /// never runs).
    pub(crate) fn input_name(&self, sub: u32) -> &str {
        self.subscribers
            .get()
            .and_then(|s| s.get(sub as usize))
            .map_or("", |s| &s.name)
    }
}

/// A cell with its type erased, as the graph compiler and the scheduler see it.
pub(crate) trait AnyCell: 'static {
    fn header(&self) -> &CellHeader;
    /// The consumers of this cell (empty until the graph is compiled).
    fn subscribers(&self) -> &[Subscriber];
    /// Sets the consumers, once, when the graph is compiled; `home_word` is the producer's
    /// step-table word (0 for a source).
    fn subscribe(&self, subscribers: Vec<Subscriber>, home_word: u32);
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
    fn subscribe(&self, subscribers: Vec<Subscriber>, home_word: u32) {
        if self.subscribers.set(subscribers.into()).is_err() {
            panic!("invariant: a cell's subscribers are set once, when the graph is compiled");
        }
        self.header.home_word.set(home_word);
        self.refresh_notify();
    }
    fn into_any(self: Rc<Self>) -> Rc<dyn Any> {
        self
    }
    fn request_policy(&self, policy: BufferPolicy) {
        let merged = self.policy().merge(policy);
        if merged.is_last_value_only() {
            return;
        }
        let mut fresh = None;
        if self.history().is_none() {
            // The clone (user code) runs before the history is borrowed mutably.
            let mut h = History::new(merged);
            if let Some(v) = self.value().cloned() {
                h.push(self.header.last_time.get(), v);
            }
            fresh = Some(h);
        }
        // SAFETY: called while the graph compiles or through `Input::set_buffering_policy`,
        // which takes `&mut Ctx`: no borrow of the history is alive (module docs).
        let history = unsafe { &mut *self.history.get() };
        match (history.as_mut(), fresh) {
            (Some(h), _) => h.set_policy(merged),
            (None, fresh) => {
                *history = fresh;
                self.refresh_notify();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(node: u32, active: bool) -> Subscriber {
        Subscriber {
            node,
            name: "x".into(),
            active: Cell::new(active),
            basket: None,
        }
    }

    #[test]
    fn plain_consumers_in_one_word_share_one_mark() {
        let subs = [
            plain(3, true),
            plain(5, true),
            plain(9, false),
            plain(60, true),
        ];
        let mask = (1u64 << 3) | (1 << 5) | (1 << 60);
        assert_eq!(plain_mark(&subs), Some((Some(0), mask)));
        // In word 1: the word is the node's index over 64.
        assert_eq!(
            plain_mark(&[plain(64, true), plain(70, true)]),
            Some((Some(1), 0x41))
        );
    }

    #[test]
    fn consumers_in_two_words_or_passive_take_their_own_paths() {
        // Across words: the general path walks the list.
        assert_eq!(plain_mark(&[plain(3, true), plain(64, true)]), None);
        // A passive consumer in another word does not count.
        assert_eq!(
            plain_mark(&[plain(3, true), plain(64, false)]),
            Some((Some(0), 8))
        );
        // None active: no word (the producer's own, with an empty mark).
        assert_eq!(plain_mark(&[plain(3, false)]), Some((None, 0)));
        assert_eq!(plain_mark(&[]), Some((None, 0)));
    }
}
