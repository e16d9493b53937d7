//! Alarms: inputs a node schedules for itself (csp's `csp.alarm`).
//!
//! An alarm's pending values sit in a slot table shared by the node (which schedules) and
//! the alarm's source (which fires). Slot 0 is special: an alarm with at most one value
//! pending at a time (the common case, an alarm re-armed as it fires) only ever uses it,
//! and the engine fires slot 0 itself, with no call to the source (see `SlotZero`).

use crate::ctx::{Ctx, SourceId};
use crate::error::{Error, NodeError, Result};
use crate::node::{FireResult, Source};
use crate::scheduler::queue::{EventTarget, NEVER};
use crate::scheduler::{Refire, Token};
use crate::time::{Time, saturating_nanos};
use crate::ts::cell::{CellHeader, TsCell};
use crate::ts::{Input, Value};
use chrono::TimeDelta;
use std::cell::{Cell, UnsafeCell};
use std::fmt;
use std::ptr::NonNull;
use std::rc::Rc;

/// A scheduled alarm; cancel or reschedule it with the alarm it came from.
///
/// A handle is a slot and a generation: once the alarm fires or is cancelled its slot is
/// empty, and when the slot is used again its generation moves on, so a stale handle is
/// detected, never confused with a newer alarm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AlarmHandle {
    slot: u32,
    generation: u32,
}

impl AlarmHandle {
    /// The queue token of this handle's event.
    #[inline(always)]
    fn token(self) -> Token {
        Token {
            slot: self.slot,
            generation: self.generation,
        }
    }
}

/// The states of slot 0 ([`SlotZero::state`]).
const EMPTY: u8 = 0;
const PENDING: u8 = 1;
/// Fired by the engine: the alarm's cell is stamped, but the value is still in the slot.
/// It moves into the cell when the node next reads the alarm's value or fills the slot
/// again ([`AlarmSlots::settle`]).
const FIRED: u8 = 2;

/// Slot 0 of an alarm without its value: what the engine needs to fire it itself.
///
/// Firing an alarm through its source costs a call and the move of the value into the
/// alarm's cell; for an alarm re-armed on every tick that was a fifth of the engine's
/// work. The engine instead checks the event's generation, stamps the cell and marks the
/// node, and leaves the value in the slot ([`FIRED`]) until the node asks for it. Only
/// the node reads the alarm's cell, always through [`Alarm`], which moves the value first.
/// What the engine cannot do alone (the alarm already ticked in this cycle, or its tick
/// needs the general notify path: a history buffer or a consumer in another step-table
/// word) goes through the source, as do the listed slots.
pub(crate) struct SlotZero {
    state: Cell<u8>,
    /// Counts the values slot 0 has held, as [`Slot::generation`] does for listed slots.
    generation: Cell<u32>,
}

impl SlotZero {
    fn is_live(&self, generation: u32) -> bool {
        self.state.get() == PENDING && self.generation.get() == generation
    }
}

/// Slot 0 of an alarm as the engine holds it: direct pointers to the slot and to the
/// header of the alarm's cell, and what keeps both alive.
pub(crate) struct SlotZeroRef {
    zero: NonNull<SlotZero>,
    header: NonNull<CellHeader>,
    _slots: Rc<dyn std::any::Any>,
}

impl SlotZeroRef {
    fn new<T: Value>(slots: &Rc<AlarmSlots<T>>) -> Self {
        SlotZeroRef {
            zero: NonNull::from(&slots.zero),
            header: NonNull::from(&slots.cell.header),
            _slots: slots.clone(),
        }
    }

    /// Fires slot 0's event of generation `generation`, or drops it if it is stale (a
    /// cancelled or rescheduled alarm). False if the alarm's source must fire it.
    #[inline(always)]
    pub(crate) fn fire(&self, ctx: &Ctx, generation: u32) -> bool {
        // SAFETY: `_slots` keeps the slot and the alarm's cell alive. Both are `Cell`s,
        // so these shared references may coexist with the node's.
        let (zero, header) = unsafe { (self.zero.as_ref(), self.header.as_ref()) };
        if !zero.is_live(generation) {
            return true;
        }
        if header.ticked_in(ctx.cycle) || !header.mark_in_scan_word(ctx) {
            return false;
        }
        header.stamp(ctx);
        zero.state.set(FIRED);
        true
    }
}

struct Slot<T> {
    /// Counts the values the slot has held. It moves on when a value goes in rather than
    /// when one is taken: firing then only compares it, and the next scheduling (which
    /// writes the slot anyway) counts, so the count is not handed from firing to
    /// scheduling to firing through memory on every tick.
    generation: u32,
    /// The next free slot while this one is free (a list threaded through the table, so
    /// that freeing a slot never allocates).
    next_free: u32,
    value: Option<T>,
}

/// The end of the free list.
const NO_SLOT: u32 = u32::MAX;

/// The values of slot 0 and the listed slots (slot `k` at `more[k - 1]`, with a free list
/// threaded through them).
struct SlotTable<T> {
    /// Slot 0's value while it is [`PENDING`] or [`FIRED`].
    zero: Option<T>,
    more: Vec<Slot<T>>,
    /// The first free listed slot (a slot number, so never 0), or [`NO_SLOT`].
    free: u32,
}

/// The pending values of one alarm, shared by the node (which schedules) and the alarm's
/// source (which fires). The table grows only until it holds the most values ever
/// pending at once.
pub(crate) struct AlarmSlots<T> {
    zero: SlotZero,
    /// The alarm's cell, where a fired value of slot 0 settles.
    cell: Rc<TsCell<T>>,
    table: UnsafeCell<SlotTable<T>>,
}

impl<T: Value> AlarmSlots<T> {
    pub(crate) fn new(cell: Rc<TsCell<T>>) -> Self {
        AlarmSlots {
            zero: SlotZero {
                state: Cell::new(EMPTY),
                generation: Cell::new(0),
            },
            cell,
            table: UnsafeCell::new(SlotTable {
                zero: None,
                more: Vec::new(),
                free: NO_SLOT,
            }),
        }
    }

    /// Runs `f` on the slot table.
    ///
    /// An `UnsafeCell` rather than a `RefCell`: the table is touched on every alarm firing
    /// and scheduling, and the only callers are this module's closures below, which run
    /// no user code: they move values in and out but never drop one (a value that a
    /// closure replaces is returned and dropped after `with`, see `clear`), and they never
    /// reach `with` again. So the borrow flag would guard nothing.
    #[inline(always)]
    fn with<R>(&self, f: impl FnOnce(&mut SlotTable<T>) -> R) -> R {
        // SAFETY: single-threaded (`Rc`), and no closure passed here re-enters `with` or
        // runs user code (see above), so this is the only live reference to the table.
        f(unsafe { &mut *self.table.get() })
    }

    /// Moves a value the engine fired from slot 0 into the alarm's cell (see [`FIRED`]).
    ///
    /// Called before anything reads the cell's value or fills slot 0 again. It writes the
    /// cell only while slot 0 is [`FIRED`], and the first call empties the slot, so no
    /// reference handed out since the firing (they all come after a call) is written under.
    #[inline(always)]
    fn settle(&self) {
        if self.zero.state.get() == FIRED {
            self.zero.state.set(EMPTY);
            let value = self.with(|t| t.zero.take());
            self.cell.settle(value);
        }
    }

    /// Fills slot 0 if it is not pending, or gives the value back.
    #[inline(always)]
    fn insert_zero(&self, value: T) -> Result<AlarmHandle, T> {
        if self.zero.state.get() == PENDING {
            return Err(value);
        }
        self.settle();
        self.with(|t| t.zero = Some(value));
        let z = &self.zero;
        z.state.set(PENDING);
        z.generation.set(z.generation.get().wrapping_add(1));
        Ok(AlarmHandle {
            slot: 0,
            generation: z.generation.get(),
        })
    }

    /// Fills slot 0 if it is not pending, else a free listed slot or a new one.
    fn insert(&self, value: T) -> AlarmHandle {
        let value = match self.insert_zero(value) {
            Ok(h) => return h,
            Err(value) => value,
        };
        self.with(|t| {
            let slot = t.free;
            // With no free slot, `free` is `NO_SLOT`, far beyond the table.
            if let Some(s) = t.more.get_mut((slot as usize).wrapping_sub(1)) {
                t.free = s.next_free;
                s.value = Some(value);
                s.generation = s.generation.wrapping_add(1);
                return AlarmHandle {
                    slot,
                    generation: s.generation,
                };
            }
            t.more.push(Slot {
                generation: 0,
                next_free: NO_SLOT,
                value: Some(value),
            });
            AlarmHandle {
                slot: t.more.len() as u32,
                generation: 0,
            }
        })
    }

    /// Takes the value of a pending alarm, freeing its slot; `None` if the handle is stale.
    fn take(&self, h: AlarmHandle) -> Option<T> {
        if h.slot == 0 {
            if !self.zero.is_live(h.generation) {
                return None;
            }
            self.zero.state.set(EMPTY);
            return self.with(|t| t.zero.take());
        }
        self.with(|t| {
            let s = t.more.get_mut(h.slot as usize - 1)?;
            if s.generation != h.generation {
                return None;
            }
            let value = s.value.take()?;
            s.next_free = t.free;
            t.free = h.slot;
            Some(value)
        })
    }

    fn is_live(&self, h: AlarmHandle) -> bool {
        if h.slot == 0 {
            return self.zero.is_live(h.generation);
        }
        self.with(|t| {
            t.more
                .get(h.slot as usize - 1)
                .is_some_and(|s| s.generation == h.generation && s.value.is_some())
        })
    }

    /// Drops every pending value (the run is over). The values are moved out of the table
    /// first and dropped after: a value's `Drop` is user code, and must not run while the
    /// table is borrowed.
    fn clear(&self) {
        self.zero.state.set(EMPTY);
        let pending = self.with(|t| {
            t.free = NO_SLOT;
            (t.zero.take(), std::mem::take(&mut t.more))
        });
        drop(pending);
    }
}

/// The error for an alarm scheduled before now (cold: scheduling is on every alarm node's
/// hot path).
#[cold]
#[inline(never)]
fn in_past(ctx: &Ctx, at: Time) -> NodeError {
    Box::new(Error::ScheduleInPast {
        requested: at,
        now: ctx.now(),
    })
}

/// The error for an alarm of another run (cold).
#[cold]
#[inline(never)]
fn foreign_alarm(name: &str) -> NodeError {
    Box::new(Error::ForeignRunHandle {
        handle: format!("alarm {name}"),
    })
}

/// A node's alarm: schedule values for itself at future (or the current) engine times.
///
/// Reads like an input: `ticked`, `valid`, and [`Alarm::current`] for the value that fired
/// (a `#[node]` body's plain `alarm`). Several alarms due at one time tick on consecutive
/// cycles, in scheduling order (NON_COLLAPSING). An alarm works only in the run whose
/// wiring made it ([`Error::ForeignRunHandle`] in any other).
pub struct Alarm<T> {
    pub(crate) input: Input<T>,
    pub(crate) slots: Rc<AlarmSlots<T>>,
    pub(crate) source: SourceId,
}

impl<T: Value> Alarm<T> {
    /// Whether this alarm belongs to `ctx`'s run: its source id is then one of the
    /// engine's (the engine loop indexes its sources with it unchecked).
    #[inline(always)]
    fn in_run(&self, ctx: &Ctx) -> bool {
        self.source.run == ctx.run
    }

    /// Schedules `value` at `now + delay`; a zero delay fires in the next cycle at the same
    /// time.
    ///
    /// Takes the context shared, unlike series writes: scheduling writes no series, so
    /// values read from inputs may stay borrowed (csp's loop over an input's words, each
    /// scheduled as an alarm). A negative delay is [`Error::ScheduleInPast`] (boxed, as node bodies return
    /// errors: the error path then needs no stack space on the hot path).
    #[inline]
    pub fn schedule(
        &self,
        ctx: &Ctx,
        delay: TimeDelta,
        value: T,
    ) -> Result<AlarmHandle, NodeError> {
        if !self.in_run(ctx) {
            return Err(foreign_alarm(self.input.name()));
        }
        // Tested on the delay, not the sum: for a constant delay the test folds away.
        let delay = saturating_nanos(delay);
        if delay < 0 {
            let at = ctx.now.saturating_add(delay);
            return Err(in_past(ctx, Time::from_nanos(at)));
        }
        match ctx.now.checked_add(delay) {
            Some(at) => self.schedule_from_now(ctx, at, delay > 0, value),
            // Beyond the end of time: queued at `NEVER`, where it never fires.
            None => self.schedule_general(ctx, NEVER, value),
        }
    }

    /// Schedules `value` at absolute time `at` (not before now).
    ///
    /// The common case, an alarm re-armed as it fires (slot 0 free, nothing else queued),
    /// is inline and calls nothing, so the node body scheduling it needs no registers
    /// saved for it; the rest goes through one out-of-line function.
    #[inline]
    pub fn schedule_at(&self, ctx: &Ctx, at: Time, value: T) -> Result<AlarmHandle, NodeError> {
        if !self.in_run(ctx) {
            return Err(foreign_alarm(self.input.name()));
        }
        if at.nanos() < ctx.now {
            return Err(in_past(ctx, at));
        }
        self.schedule_from_now(ctx, at.nanos(), at.nanos() > ctx.now, value)
    }

    /// [`Alarm::schedule_at`] for a time `at` known not to be before now; `later` says
    /// whether it is after now (a test that folds away for a constant delay).
    #[inline(always)]
    fn schedule_from_now(
        &self,
        ctx: &Ctx,
        at: i64,
        later: bool,
        mut value: T,
    ) -> Result<AlarmHandle, NodeError> {
        // An alarm at `NEVER` (the end of time) may take the front of an empty queue: the
        // queue then still reads as empty, and the alarm never fires, as in the heap.
        if ctx.with_queue(|q| q.is_empty()) {
            // Outside `with_queue`: filling the slot may drop the last value (user code).
            match self.slots.insert_zero(value) {
                Ok(h) => {
                    let source = EventTarget::AlarmSlotZero(self.source.index).encode();
                    ctx.with_queue(|q| {
                        if later {
                            q.push_later_into_empty(at, source, h.token());
                        } else {
                            q.push_into_empty(at, source, h.token());
                        }
                    });
                    return Ok(h);
                }
                Err(v) => value = v,
            }
        }
        self.schedule_general(ctx, at, value)
    }

    /// [`Alarm::schedule_at`] into another slot or a queue holding other events.
    #[inline(never)]
    fn schedule_general(&self, ctx: &Ctx, at: i64, value: T) -> Result<AlarmHandle, NodeError> {
        let h = self.slots.insert(value);
        let source = if h.slot == 0 {
            EventTarget::AlarmSlotZero(self.source.index)
        } else {
            EventTarget::Source(self.source.index)
        };
        let source = source.encode();
        ctx.with_queue(|q| q.push(at, source, h.token()));
        Ok(h)
    }

    /// Cancels a pending alarm (also one deferred to a later cycle at the same time).
    /// Returns false if it already fired or was cancelled.
    ///
    /// The cancelled value is dropped after the slot table is released.
    pub fn cancel(&self, ctx: &Ctx, handle: AlarmHandle) -> Result<bool, NodeError> {
        if !self.in_run(ctx) {
            return Err(foreign_alarm(self.input.name()));
        }
        Ok(self.slots.take(handle).is_some())
    }

    /// Moves a pending alarm to `now + delay`, keeping its value; returns the new handle.
    /// An expired handle is [`Error::ExpiredHandle`].
    pub fn reschedule(
        &self,
        ctx: &Ctx,
        handle: AlarmHandle,
        delay: TimeDelta,
    ) -> Result<AlarmHandle, NodeError> {
        let at = Time::from_nanos(ctx.now.saturating_add(saturating_nanos(delay)));
        self.reschedule_at(ctx, handle, at)
    }

    /// Moves a pending alarm to absolute time `at`.
    pub fn reschedule_at(
        &self,
        ctx: &Ctx,
        handle: AlarmHandle,
        at: Time,
    ) -> Result<AlarmHandle, NodeError> {
        if at.nanos() < ctx.now {
            return Err(in_past(ctx, at));
        }
        if !self.in_run(ctx) {
            return Err(foreign_alarm(self.input.name()));
        }
        let value = self
            .slots
            .take(handle)
            .ok_or_else(|| Box::new(Error::ExpiredHandle) as NodeError)?;
        self.schedule_at(ctx, at, value)
    }

    /// Whether `handle` is still pending.
    pub fn is_pending(&self, ctx: &Ctx, handle: AlarmHandle) -> bool {
        self.in_run(ctx) && self.slots.is_live(handle)
    }

    /// Whether the alarm fired in this cycle.
    #[inline(always)]
    pub fn ticked(&self, ctx: &Ctx) -> bool {
        self.input.ticked(ctx)
    }

    /// Whether the alarm ever fired.
    pub fn valid(&self) -> bool {
        self.input.valid()
    }

    /// The alarm as an input handle (history, `num_ticks`, ...).
    ///
    /// Borrows the context, as every read does: a value the engine fired is moved into
    /// the alarm's cell first (see `FIRED`), which must not happen under a reference read
    /// since the firing; none can be alive, as firings happen between node calls.
    pub fn input<'a>(&'a self, ctx: &'a Ctx) -> &'a Input<T> {
        if !self.in_run(ctx) {
            crate::ts::input::foreign_run(self.input.name());
        }
        self.slots.settle();
        &self.input
    }

    /// The value of the last firing, or `None` if the alarm never fired.
    #[inline]
    pub fn get<'a>(&'a self, ctx: &'a Ctx) -> Option<&'a T> {
        self.input(ctx).get(ctx)
    }

    /// The value of the last firing, or [`Error::NotValid`] if the alarm never fired.
    pub fn value<'a>(&'a self, ctx: &'a Ctx) -> Result<&'a T> {
        self.input(ctx).value(ctx)
    }

    /// The value of the last firing; aborts the run with [`Error::NotValid`] if the alarm
    /// never fired (what a `#[node]` body's plain `alarm` reads).
    #[inline]
    pub fn current<'a>(&'a self, ctx: &'a Ctx) -> &'a T {
        self.input(ctx).current(ctx)
    }
}

/// Names the alarm; its value needs the context (`alarm.get(ctx)`).
impl<T> fmt::Debug for Alarm<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Alarm<{}>({})",
            std::any::type_name::<T>(),
            self.input.cell.input_name(self.input.sub)
        )
    }
}

/// The source side of an alarm: fires the alarm's values into its cell when the engine
/// does not fire them itself (see [`SlotZero`]).
struct AlarmSource<T> {
    slots: Rc<AlarmSlots<T>>,
}

impl<T: Value> Source for AlarmSource<T> {
    fn start(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        Ok(())
    }

    fn fire(&mut self, ctx: &mut Ctx, token: Token) -> FireResult {
        let h = AlarmHandle {
            slot: token.slot,
            generation: token.generation,
        };
        let cell = &self.slots.cell;
        if cell.ticked_in(ctx.cycle) {
            // Alarms are NON_COLLAPSING: a live one waits for the next cycle at this time.
            if self.slots.is_live(h) {
                return Ok(Refire::next_cycle(ctx));
            }
            return Ok(Refire::NEVER);
        }
        // A value the engine fired earlier is superseded by this one.
        self.slots.settle();
        match self.slots.take(h) {
            Some(value) => cell.tick_then(ctx, value, Refire::NEVER),
            // A cancelled or rescheduled alarm's event is stale: nothing to take.
            None => Ok(Refire::NEVER),
        }
    }

    fn stop(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        self.slots.clear();
        Ok(())
    }
}

/// The parts of one alarm for one run, given its cell: the slot table (shared with the
/// node's [`Alarm`]), slot 0 for the engine, and the source.
pub(crate) fn alarm_parts<T: Value>(
    cell: Rc<TsCell<T>>,
) -> (Rc<AlarmSlots<T>>, SlotZeroRef, Box<dyn Source>) {
    let slots = Rc::new(AlarmSlots::new(cell));
    let zero = SlotZeroRef::new(&slots);
    let source = Box::new(AlarmSource {
        slots: slots.clone(),
    });
    (slots, zero, source)
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    proptest! {
        /// Inserts, takes (firing or cancelling) and liveness checks on the slot table
        /// agree with a map from handle to value: a taken handle is stale for good, even
        /// once its slot (slot 0 or a listed one) holds a newer value.
        #[test]
        fn the_slot_table_behaves_as_a_map_of_handles(
            ops in proptest::collection::vec((0u8..3, 0usize..8), 0..300),
        ) {
            let slots = AlarmSlots::new(Rc::new(TsCell::<u32>::new()));
            let mut model: HashMap<AlarmHandle, u32> = HashMap::new();
            let mut issued: Vec<AlarmHandle> = Vec::new();
            let mut most_pending = 0;
            for (k, (op, pick)) in ops.into_iter().enumerate() {
                match op {
                    0 => {
                        let h = slots.insert(k as u32);
                        prop_assert!(model.insert(h, k as u32).is_none(), "handle reused: {:?}", h);
                        issued.push(h);
                        most_pending = most_pending.max(model.len());
                    }
                    _ if issued.is_empty() => {}
                    1 => {
                        let h = issued[pick % issued.len()];
                        prop_assert_eq!(slots.take(h), model.remove(&h));
                    }
                    _ => {
                        let h = issued[pick % issued.len()];
                        prop_assert_eq!(slots.is_live(h), model.contains_key(&h));
                    }
                }
            }
            // Slot 0 and the listed slots: never more than were ever pending at once.
            prop_assert!(slots.with(|t| t.more.len()) < most_pending.max(1));
            for h in issued {
                prop_assert_eq!(slots.take(h), model.remove(&h));
            }
        }
    }
}
