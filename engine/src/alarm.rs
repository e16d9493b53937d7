//! Alarms: inputs a node schedules for itself (csp's `csp.alarm`).

use crate::error::{Error, NodeError};
use crate::graph::{OutputId, Wiring};
use crate::node::{FireResult, Source};
use crate::runtime::{Ctx, SourceId};
use crate::scheduler::queue::NEVER;
use crate::scheduler::{Refire, Token};
use crate::time::{Time, saturating_nanos};
use crate::ts::cell::TsCell;
use crate::ts::{Input, Value};
use chrono::TimeDelta;
use std::cell::UnsafeCell;
use std::fmt;
use std::ops::Deref;
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

/// The pending values of one alarm, shared by the node (which schedules) and the alarm's
/// source (which fires).
pub(crate) struct AlarmSlots<T> {
    inner: UnsafeCell<SlotTable<T>>,
}

impl<T> AlarmSlots<T> {
    /// Runs `f` on the slot table.
    ///
    /// An `UnsafeCell` rather than a `RefCell`: the table is touched on every alarm firing
    /// and scheduling, and the only callers are this module's short, non-reentrant
    /// closures (they call no user code and never reach `with` again), so the borrow flag
    /// would guard nothing.
    #[inline(always)]
    fn with<R>(&self, f: impl FnOnce(&mut SlotTable<T>) -> R) -> R {
        // SAFETY: single-threaded, and no caller's closure re-enters `with` (see above), so
        // this is the only live reference to the table.
        f(unsafe { &mut *self.inner.get() })
    }
}

/// The pending values of one alarm, by slot.
///
/// Slot 0 is kept apart, at a fixed place, and is not on the free list: an alarm with at
/// most one value pending at a time (the common case, an alarm re-armed as it fires) only
/// ever uses it, so scheduling and firing it touch no list and compute no address. Slots
/// 1.. live in `more` (slot `k` at `more[k - 1]`), with a free list threaded through them.
struct SlotTable<T> {
    first: Slot<T>,
    more: Vec<Slot<T>>,
    /// The first free slot of `more` (a slot number, so never 0), or [`NO_SLOT`].
    free: u32,
}

impl<T> SlotTable<T> {
    fn new() -> Self {
        SlotTable {
            first: Slot {
                generation: 0,
                next_free: NO_SLOT,
                value: None,
            },
            more: Vec::new(),
            free: NO_SLOT,
        }
    }

    /// Inserts into slot 0 if it is free, or gives the value back.
    #[inline(always)]
    fn insert_first(&mut self, value: T) -> Result<AlarmHandle, T> {
        if self.first.value.is_some() {
            return Err(value);
        }
        self.first.value = Some(value);
        self.first.generation = self.first.generation.wrapping_add(1);
        Ok(AlarmHandle {
            slot: 0,
            generation: self.first.generation,
        })
    }

    /// Inserts into slot 0, a free slot or a new one. The table grows only until it holds
    /// the most alarms ever pending at once.
    fn insert(&mut self, value: T) -> AlarmHandle {
        let value = match self.insert_first(value) {
            Ok(h) => return h,
            Err(value) => value,
        };
        let slot = self.free;
        // With no free slot, `free` is `NO_SLOT`, far beyond the table.
        if let Some(s) = self.more.get_mut((slot as usize).wrapping_sub(1)) {
            self.free = s.next_free;
            s.value = Some(value);
            s.generation = s.generation.wrapping_add(1);
            return AlarmHandle {
                slot,
                generation: s.generation,
            };
        }
        self.more.push(Slot {
            generation: 0,
            next_free: NO_SLOT,
            value: Some(value),
        });
        AlarmHandle {
            slot: self.more.len() as u32,
            generation: 0,
        }
    }

    #[inline(always)]
    fn slot_mut(&mut self, slot: u32) -> Option<&mut Slot<T>> {
        if slot == 0 {
            Some(&mut self.first)
        } else {
            self.more.get_mut(slot as usize - 1)
        }
    }

    /// [`SlotTable::take`] for slot 0.
    #[inline(always)]
    fn take_first(&mut self, generation: u32) -> Option<T> {
        if self.first.generation != generation {
            return None;
        }
        self.first.value.take()
    }

    /// Takes the value of a pending alarm, freeing its slot; `None` if the handle is stale.
    #[inline(always)]
    fn take(&mut self, h: AlarmHandle) -> Option<T> {
        if h.slot == 0 {
            return self.take_first(h.generation);
        }
        let s = self.more.get_mut(h.slot as usize - 1)?;
        if s.generation != h.generation {
            return None;
        }
        let value = s.value.take()?;
        s.next_free = self.free;
        self.free = h.slot;
        Some(value)
    }

    fn is_live(&mut self, h: AlarmHandle) -> bool {
        self.slot_mut(h.slot)
            .is_some_and(|s| s.generation == h.generation && s.value.is_some())
    }

    /// Drops every pending value (the run is over).
    fn clear(&mut self) {
        self.first.value = None;
        self.more.clear();
        self.free = NO_SLOT;
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

/// A node's alarm: schedule values for itself at future (or the current) engine times.
///
/// Reads like an input: `ticked`, `valid`, and `*alarm` for the value that fired. Several
/// alarms due at one time tick on consecutive cycles, in scheduling order (NON_COLLAPSING).
pub struct Alarm<T> {
    pub(crate) input: Input<T>,
    pub(crate) slots: Rc<AlarmSlots<T>>,
    pub(crate) source: SourceId,
}

impl<T: Value> Alarm<T> {
    /// Schedules `value` at `now + delay`; a zero delay fires in the next cycle at the same
    /// time. A negative delay is [`Error::ScheduleInPast`] (boxed, as node bodies return
    /// errors: the error path then needs no stack space on the hot path).
    #[inline]
    pub fn schedule(
        &self,
        ctx: &mut Ctx,
        delay: TimeDelta,
        value: T,
    ) -> Result<AlarmHandle, NodeError> {
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
    pub fn schedule_at(&self, ctx: &mut Ctx, at: Time, value: T) -> Result<AlarmHandle, NodeError> {
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
        ctx: &mut Ctx,
        at: i64,
        later: bool,
        mut value: T,
    ) -> Result<AlarmHandle, NodeError> {
        // An alarm at `NEVER` (the end of time) may take the front of an empty queue: the
        // queue then still reads as empty, and the alarm never fires, as in the heap.
        if ctx.queue.is_empty() {
            match self.slots.with(|t| t.insert_first(value)) {
                Ok(h) => {
                    let token = Token {
                        slot: h.slot,
                        generation: h.generation,
                    };
                    if later {
                        ctx.queue.push_later_into_empty(at, self.source.0, token);
                    } else {
                        ctx.queue.push_into_empty(at, self.source.0, token);
                    }
                    return Ok(h);
                }
                Err(v) => value = v,
            }
        }
        self.schedule_general(ctx, at, value)
    }

    /// [`Alarm::schedule_at`] into another slot or a queue holding other events.
    #[inline(never)]
    fn schedule_general(&self, ctx: &mut Ctx, at: i64, value: T) -> Result<AlarmHandle, NodeError> {
        let h = self.slots.with(|t| t.insert(value));
        ctx.queue.push(
            at,
            self.source.0,
            Token {
                slot: h.slot,
                generation: h.generation,
            },
        );
        Ok(h)
    }

    /// Cancels a pending alarm (also one deferred to a later cycle at the same time).
    /// Returns false if it already fired or was cancelled.
    pub fn cancel(&self, handle: AlarmHandle) -> bool {
        self.slots.with(|t| t.take(handle).is_some())
    }

    /// Moves a pending alarm to `now + delay`, keeping its value; returns the new handle.
    /// An expired handle is [`Error::ExpiredHandle`].
    pub fn reschedule(
        &self,
        ctx: &mut Ctx,
        handle: AlarmHandle,
        delay: TimeDelta,
    ) -> Result<AlarmHandle, NodeError> {
        let at = Time::from_nanos(ctx.now.saturating_add(saturating_nanos(delay)));
        self.reschedule_at(ctx, handle, at)
    }

    /// Moves a pending alarm to absolute time `at`.
    pub fn reschedule_at(
        &self,
        ctx: &mut Ctx,
        handle: AlarmHandle,
        at: Time,
    ) -> Result<AlarmHandle, NodeError> {
        if at.nanos() < ctx.now {
            return Err(in_past(ctx, at));
        }
        let value = self
            .slots
            .with(|t| t.take(handle))
            .ok_or_else(|| Box::new(Error::ExpiredHandle) as NodeError)?;
        self.schedule_at(ctx, at, value)
    }

    /// Whether `handle` is still pending.
    pub fn is_pending(&self, handle: AlarmHandle) -> bool {
        self.slots.with(|t| t.is_live(handle))
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
    pub fn input(&self) -> &Input<T> {
        &self.input
    }
}

impl<T: Value> Deref for Alarm<T> {
    type Target = T;
    /// The value of the last firing.
    fn deref(&self) -> &T {
        &self.input
    }
}

impl<T: Value + fmt::Debug> fmt::Debug for Alarm<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.input, f)
    }
}

/// The source side of an alarm: fires the alarm's values into its cell.
struct AlarmSource<T> {
    slots: Rc<AlarmSlots<T>>,
    cell: Rc<TsCell<T>>,
}

impl<T: Value> Source for AlarmSource<T> {
    fn start(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        Ok(())
    }

    /// The common case, slot 0 firing in a cycle where the alarm has not ticked yet, is
    /// straight-line code; every other case is one out-of-line function, called last.
    fn fire(&mut self, ctx: &mut Ctx, token: Token) -> FireResult {
        if token.slot != 0 || self.cell.ticked_in(ctx.cycle) {
            return self.fire_general(ctx, token);
        }
        // A cancelled or rescheduled alarm's event is stale: nothing to take.
        match self.slots.with(|t| t.take_first(token.generation)) {
            Some(value) => self.cell.tick_then(ctx, value, Refire::NEVER),
            None => Ok(Refire::NEVER),
        }
    }

    fn stop(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        self.slots.with(SlotTable::clear);
        Ok(())
    }
}

impl<T: Value> AlarmSource<T> {
    /// [`Source::fire`] for a listed slot, or an alarm that already ticked in this cycle.
    #[inline(never)]
    fn fire_general(&mut self, ctx: &mut Ctx, token: Token) -> FireResult {
        let h = AlarmHandle {
            slot: token.slot,
            generation: token.generation,
        };
        if self.cell.ticked_in(ctx.cycle) {
            // Alarms are NON_COLLAPSING: a live one waits for the next cycle at this time.
            if self.slots.with(|t| t.is_live(h)) {
                return Ok(Refire::next_cycle(ctx));
            }
            return Ok(Refire::NEVER);
        }
        match self.slots.with(|t| t.take(h)) {
            Some(value) => self.cell.tick_then(ctx, value, Refire::NEVER),
            None => Ok(Refire::NEVER),
        }
    }
}

/// The factory of an alarm's source; it shares the slot table with the node.
pub(crate) fn alarm_source_factory<T: Value>(
    out: OutputId<T>,
) -> impl Fn(&mut Wiring<'_>) -> Result<Box<dyn Source>, NodeError> + 'static {
    move |w| {
        let slots = Rc::new(AlarmSlots {
            inner: UnsafeCell::new(SlotTable::new()),
        });
        w.share(slots.clone());
        Ok(Box::new(AlarmSource {
            slots,
            cell: w.output(out).cell,
        }))
    }
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
            let mut table = SlotTable::new();
            let mut model: HashMap<AlarmHandle, u32> = HashMap::new();
            let mut issued: Vec<AlarmHandle> = Vec::new();
            let mut most_pending = 0;
            for (k, (op, pick)) in ops.into_iter().enumerate() {
                match op {
                    0 => {
                        let h = table.insert(k as u32);
                        prop_assert!(model.insert(h, k as u32).is_none(), "handle reused: {:?}", h);
                        issued.push(h);
                        most_pending = most_pending.max(model.len());
                    }
                    _ if issued.is_empty() => {}
                    1 => {
                        let h = issued[pick % issued.len()];
                        prop_assert_eq!(table.take(h), model.remove(&h));
                    }
                    _ => {
                        let h = issued[pick % issued.len()];
                        prop_assert_eq!(table.is_live(h), model.contains_key(&h));
                    }
                }
            }
            // Slot 0 and the listed slots: never more than were ever pending at once.
            prop_assert!(table.more.len() < most_pending.max(1));
            for h in issued {
                prop_assert_eq!(table.take(h), model.remove(&h));
            }
        }
    }
}
