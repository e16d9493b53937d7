//! The timer queue: every future event (source ticks, alarms, timers, feedback), by time and
//! FIFO within a time.

use std::collections::VecDeque;

/// One scheduled event: "fire source `source` at `time`", with a token the source interprets
/// (an alarm slot and its generation, for instance).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Event {
    pub(crate) time: i64,
    /// Insertion sequence: FIFO order within a time, and the "scheduled during this cycle" test.
    pub(crate) seq: u64,
    pub(crate) source: u32,
    pub(crate) token: Token,
}

/// Data a source attaches to its own events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Token {
    /// A slot in the source's own table (alarms) or 0.
    pub slot: u32,
    /// The slot's generation when scheduled, to detect cancelled events.
    pub generation: u32,
}

/// When a source's event fires again, with the same token: what
/// [`crate::node::Source::fire`] returns.
///
/// The engine moves the event it just fired to the new time in place (usually two stores),
/// rather than the source popping it and pushing a new one. A source with several pending
/// events (alarms) schedules them through [`crate::runtime::Ctx::schedule`] and returns
/// [`Refire::NEVER`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refire(pub(crate) i64);

impl Refire {
    /// Not again.
    pub const NEVER: Refire = Refire(NEVER);

    /// At `time`, which must not be before now ([`crate::Error::ScheduleInPast`]
    /// otherwise). A time after the run's end never fires.
    #[inline(always)]
    pub fn at(time: crate::time::Time) -> Refire {
        Refire(time.nanos())
    }

    /// The time, in nanoseconds; [`Refire::NEVER`]'s is `i64::MAX`.
    pub fn nanos(self) -> i64 {
        self.0
    }
}

/// Whom an event is for, as the queue stores it (one `u32`): a source, or slot 0 of an
/// alarm's source, which the engine fires itself (see `alarm::SlotZero`).
///
/// The one place that knows the encoding: source indices are below `2^31`, and the high
/// bit marks slot 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EventTarget {
    /// Fire the source with this index.
    Source(u32),
    /// Fire slot 0 of the alarm whose source has this index.
    AlarmSlotZero(u32),
}

const SLOT_ZERO_BIT: u32 = 1 << 31;

impl EventTarget {
    /// The event of source `index`.
    #[inline(always)]
    pub(crate) fn source(index: u32) -> u32 {
        EventTarget::Source(index).encode()
    }

    /// As the queue stores it.
    #[inline(always)]
    pub(crate) fn encode(self) -> u32 {
        match self {
            EventTarget::Source(i) => i,
            EventTarget::AlarmSlotZero(i) => i | SLOT_ZERO_BIT,
        }
    }

    /// From what the queue stores.
    #[inline(always)]
    pub(crate) fn decode(raw: u32) -> EventTarget {
        if raw & SLOT_ZERO_BIT != 0 {
            EventTarget::AlarmSlotZero(raw ^ SLOT_ZERO_BIT)
        } else {
            EventTarget::Source(raw)
        }
    }

    /// The index of the source the event belongs to.
    pub(crate) fn source_index(self) -> u32 {
        match self {
            EventTarget::Source(i) | EventTarget::AlarmSlotZero(i) => i,
        }
    }
}

/// The time of an empty queue's front: later than any run can end (a run's last cycle is at
/// most `NEVER - 1`, so an event at `NEVER` would never fire either).
pub(crate) const NEVER: i64 = i64::MAX;

/// Future events ordered by `(time, insertion sequence)`.
///
/// An engine cycle at time `t` takes a snapshot of the sequence counter first and runs only
/// events inserted before it: an event scheduled for `t` while the cycle runs waits for the
/// next cycle at the same time (csp's bucket-tail rule).
///
/// The earliest event is kept apart from the heap, in `front`, and the front is always the
/// earliest event (or, for an empty queue, a marker at [`NEVER`]). A graph driven by one
/// source (or one alarm) pops its event and pushes the next one every cycle; with the front
/// slot that is a move out and a move in, without touching the heap, and the next cycle's
/// time is one load.
///
/// Behind the front, events that arrive in time order (each at or after the last one
/// queued) go to a sorted run, a deque, and the rest to a heap. Many sources that each
/// refire at their next time, later than everything queued (a hundred curves interleaved
/// in time, say), then cost O(1) per event instead of a sift through the heap.
///
/// The heap is a binary min-heap written out here rather than `std`'s `BinaryHeap`: on the
/// small heaps a graph has (about one event per source) the out-of-line calls of
/// `BinaryHeap` cost more than the sifting. The `Vec` keeps its capacity, so a run in steady
/// state does not allocate.
#[derive(Debug)]
pub(crate) struct EventQueue {
    /// The earliest event, or, in an empty queue, a marker at [`NEVER`] (`EMPTY`, or the
    /// last event fired, its time set to `NEVER`). Invariants: before every event in
    /// `heap`, and its sequence number is below `next_seq`.
    front: Event,
    /// Queued events that arrived in order: each at or after the one before it, so the
    /// deque is sorted and inserting and taking the earliest are O(1).
    run: VecDeque<Event>,
    /// The other queued events.
    heap: Vec<Event>,
    next_seq: u64,
}

/// The front of an empty queue: after every real event (by its time alone).
const EMPTY: Event = Event {
    time: NEVER,
    seq: 0,
    source: u32::MAX,
    token: Token {
        slot: 0,
        generation: 0,
    },
};

impl EventQueue {
    /// An empty queue with room for `n` queued events in each of the run and the heap
    /// (one per source, plus slack for alarms) before either grows: growing is a one-off
    /// allocation, but where it happens depends on how events interleave, and a run in a
    /// steady state should not allocate at all.
    pub(crate) fn with_capacity(n: usize) -> Self {
        let n = n + 16;
        EventQueue {
            run: VecDeque::with_capacity(n),
            heap: Vec::with_capacity(n),
            ..EventQueue::default()
        }
    }
}

impl Default for EventQueue {
    fn default() -> Self {
        EventQueue {
            front: EMPTY,
            run: VecDeque::new(),
            heap: Vec::new(),
            // Above `EMPTY`'s sequence number.
            next_seq: 1,
        }
    }
}

/// Whether `a` is due before `b`: earlier time, or the same time and inserted earlier.
///
/// One 128-bit comparison of `(time, seq)` packed into a key (the time's sign bit flipped
/// so that unsigned order is time order): the compiler makes it a compare and a
/// subtract-with-borrow, no branch, which the heap's child choice relies on.
#[inline(always)]
fn before(a: &Event, b: &Event) -> bool {
    order_key(a) < order_key(b)
}

#[inline(always)]
fn order_key(e: &Event) -> u128 {
    let time = (e.time as u64) ^ (1 << 63);
    (u128::from(time) << 64) | u128::from(e.seq)
}

impl EventQueue {
    /// Inserts an event for `source` at `time`, after every event already at that time.
    ///
    /// The front is written field by field, never as a whole struct: copies of the struct
    /// through the stack mix store and load widths, which defeats store-to-load forwarding
    /// (the next cycle reads these fields right away).
    #[inline(always)]
    pub(crate) fn push(&mut self, time: i64, source: u32, token: Token) {
        let seq = self.next_seq;
        self.next_seq += 1;
        // `seq` is the newest, so the event goes first exactly if it is strictly earlier.
        if time < self.front.time {
            if self.front.time != NEVER {
                self.insert(self.front);
            }
            self.set_front(time, seq, source, token);
        } else {
            self.insert(Event {
                time,
                seq,
                source,
                token,
            });
        }
    }

    /// Inserts the only event of an empty queue (the common case for an alarm re-armed as
    /// it fires). Never calls out, so an inlined fast path stays call-free. An event at
    /// [`NEVER`] leaves the queue empty, as `push` drops it.
    #[inline(always)]
    pub(crate) fn push_into_empty(&mut self, time: i64, source: u32, token: Token) {
        debug_assert!(self.is_empty());
        let seq = self.next_seq;
        self.next_seq += 1;
        self.set_front(time, seq, source, token);
    }

    /// [`EventQueue::push_into_empty`] for a time after now. The event takes the sequence
    /// number the empty front still holds: it is below the tail of every cycle to come and
    /// below the number of every event queued later, which is all FIFO order needs, and
    /// no queued event has it (there is none). It saves counting one up on every re-armed
    /// alarm.
    #[inline(always)]
    pub(crate) fn push_later_into_empty(&mut self, time: i64, source: u32, token: Token) {
        debug_assert!(self.is_empty());
        debug_assert!(self.front.seq < self.next_seq);
        self.front.time = time;
        self.front.source = source;
        self.front.token = token;
    }

    /// Writes the front field by field (see [`EventQueue::push`] for why).
    #[inline(always)]
    fn set_front(&mut self, time: i64, seq: u64, source: u32, token: Token) {
        self.front.time = time;
        self.front.seq = seq;
        self.front.source = source;
        self.front.token = token;
    }

    /// Queues `ev` behind the front: at the end of the sorted run if it is not before the
    /// run's last event, else into the heap. Out of line: the common push (to an empty
    /// front) must stay small where it is inlined, in start blocks and node bodies.
    #[inline(never)]
    fn insert(&mut self, ev: Event) {
        if ev.time == NEVER {
            return; // never due
        }
        // By the whole key: a front pushed back by an earlier event is older than the run.
        if self.run.back().is_none_or(|last| before(last, &ev)) {
            self.run.push_back(ev);
        } else {
            self.heap_push(ev);
        }
    }

    /// Sifts `ev` into the heap.
    fn heap_push(&mut self, ev: Event) {
        // Sift up: move the hole from the end towards the root.
        let mut hole = self.heap.len();
        self.heap.push(ev);
        while hole > 0 {
            let parent = (hole - 1) / 2;
            if !before(&ev, &self.heap[parent]) {
                break;
            }
            self.heap[hole] = self.heap[parent];
            hole = parent;
        }
        self.heap[hole] = ev;
    }

    /// Whether an event is queued behind the front at or before `t`.
    #[inline(always)]
    fn queued_before(&self, t: i64) -> bool {
        let q = self.queued_time();
        q <= t && q != NEVER
    }

    /// The time of the earliest event behind the front; [`NEVER`] if there is none.
    #[inline(always)]
    fn queued_time(&self) -> i64 {
        let run = self.run.front().map_or(NEVER, |e| e.time);
        let heap = self.heap.first().map_or(NEVER, |e| e.time);
        run.min(heap)
    }

    /// Takes the earliest event behind the front, from the run or the heap.
    fn take_queued(&mut self) -> Option<Event> {
        let from_heap = match (self.heap.first(), self.run.front()) {
            (Some(h), Some(r)) => before(h, r),
            (Some(_), None) => true,
            (None, _) => false,
        };
        if !from_heap {
            return self.run.pop_front();
        }
        let top = self.heap[0];
        let last = self.heap.pop()?;
        if !self.heap.is_empty() {
            self.sift_down_from_root(last);
        }
        Some(top)
    }

    /// Whether no event is queued.
    #[inline(always)]
    pub(crate) fn is_empty(&self) -> bool {
        self.front.time == NEVER
    }

    /// The time of the earliest event; [`NEVER`] if there is none.
    #[inline(always)]
    pub(crate) fn next_time(&self) -> i64 {
        self.front.time
    }

    /// The source of the earliest event (while it fires, the one firing).
    pub(crate) fn front_source(&self) -> u32 {
        self.front.source
    }

    /// The sequence number the next inserted event will get (the cycle's tail snapshot).
    #[inline(always)]
    pub(crate) fn tail(&self) -> u64 {
        self.next_seq
    }

    /// The source and token of the earliest event, if it is due at `now` and was inserted
    /// before `tail`. The event stays in place: [`EventQueue::refire_front`] then moves
    /// it to its next time (or removes it).
    #[inline(always)]
    pub(crate) fn peek_due(&self, now: i64, tail: u64) -> Option<(u32, Token)> {
        if self.front.time > now || self.front.seq >= tail {
            return None;
        }
        Some((self.front.source, self.front.token))
    }

    /// Moves the front event (the one just fired) to time `t`, after every event already
    /// at `t`; at [`NEVER`] it is removed. `t` is not before the front's time.
    ///
    /// The common case, nothing else queued before `t`, rewrites the front's time and
    /// sequence: the source and token stay.
    #[inline(always)]
    pub(crate) fn refire_front(&mut self, t: i64) {
        let seq = self.next_seq;
        self.next_seq += 1;
        if self.queued_before(t) {
            self.refire_behind(t, seq);
        } else {
            self.front.time = t;
            self.front.seq = seq;
        }
    }

    /// Moves the front event (the one just fired, at the current time) to a later time
    /// `t`; at [`NEVER`] it is removed.
    ///
    /// The common case, nothing else queued at or before `t`, rewrites the front's time
    /// alone: the event keeps its sequence number, which is still FIFO-correct, as no
    /// queued event is at `t` and every event queued later gets a larger number.
    #[inline(always)]
    pub(crate) fn refire_later(&mut self, t: i64) {
        if self.queued_before(t) {
            let seq = self.next_seq;
            self.next_seq += 1;
            self.refire_behind(t, seq);
        } else {
            self.front.time = t;
        }
    }

    /// [`EventQueue::refire_front`] when a queued event comes first: it becomes the front,
    /// and the refired event is queued.
    #[inline(never)]
    fn refire_behind(&mut self, t: i64, seq: u64) {
        let refired = Event {
            time: t,
            seq,
            ..self.front
        };
        // Sources that each refire later than everything queued (a hundred curves in turn)
        // rotate the run: its first event becomes the front and the refired one joins its
        // end. What `take_queued` and `insert` would do, without their tests and call.
        if t != NEVER
            && self.heap.is_empty()
            && self.run.back().is_some_and(|last| before(last, &refired))
            && let Some(next) = self.run.pop_front()
        {
            self.front = next;
            self.run.push_back(refired);
            return;
        }
        self.refire_behind_general(refired);
    }

    /// The rest of [`EventQueue::refire_behind`]. Out of line, so that the rotation above
    /// does not save the registers the heap's sift needs.
    #[inline(never)]
    fn refire_behind_general(&mut self, refired: Event) {
        // Called only when an event is queued (`queued_before(t)`).
        if let Some(next) = self.take_queued() {
            self.front = next;
        }
        self.insert(refired);
    }

    /// Pops the earliest event if it is due at `now` and was inserted before `tail`: the
    /// reference scheduler's plain pop, where the fast loop fires in place and refires.
    pub(crate) fn pop_due(&mut self, now: i64, tail: u64) -> Option<Event> {
        self.peek_due(now, tail)?;
        let ev = self.front;
        self.refire_front(NEVER);
        Some(ev)
    }

    /// Puts `ev` at the root's place and sifts it down (the root was just taken).
    ///
    /// Floyd's bottom-up variant: the hole first goes down to a leaf along the earlier
    /// child, one comparison per level and chosen without a branch, then `ev` sifts up
    /// from there. An event is usually later than most of those queued, so it belongs
    /// near the bottom and the sift up stops at once; the textbook sift-down also compares
    /// with `ev` at every level and mispredicts the child about half the time.
    /// [`EventQueue::sift_down_reference`] is the textbook version the tests compare with.
    #[inline]
    fn sift_down_from_root(&mut self, ev: Event) {
        let heap = &mut self.heap[..];
        let n = heap.len();
        let mut hole = 0;
        loop {
            let left = 2 * hole + 1;
            if left + 1 < n {
                let child = left + usize::from(before(&heap[left + 1], &heap[left]));
                heap[hole] = heap[child];
                hole = child;
            } else {
                if left < n {
                    heap[hole] = heap[left];
                    hole = left;
                }
                break;
            }
        }
        while hole > 0 {
            let parent = (hole - 1) / 2;
            if !before(&ev, &heap[parent]) {
                break;
            }
            heap[hole] = heap[parent];
            hole = parent;
        }
        heap[hole] = ev;
    }

    /// The textbook sift-down, the oracle for [`EventQueue::sift_down_from_root`].
    #[cfg(test)]
    fn sift_down_reference(&mut self, ev: Event) {
        let n = self.heap.len();
        let mut hole = 0;
        loop {
            let left = 2 * hole + 1;
            if left >= n {
                break;
            }
            let right = left + 1;
            let child = if right < n && before(&self.heap[right], &self.heap[left]) {
                right
            } else {
                left
            };
            if !before(&self.heap[child], &ev) {
                break;
            }
            self.heap[hole] = self.heap[child];
            hole = child;
        }
        self.heap[hole] = ev;
    }

    pub(crate) fn clear(&mut self) {
        self.front = EMPTY;
        self.run.clear();
        self.heap.clear();
    }
}

#[cfg(test)]
mod tests;
