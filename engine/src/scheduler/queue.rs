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
mod tests {
    use super::*;

    /// The bottom-up sift-down leaves the heap exactly as the textbook one does, for
    /// random heaps, times (negative ones too) and refired events.
    #[test]
    fn the_bottom_up_sift_down_matches_the_textbook_one() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut rand = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..2000 {
            let mut q = EventQueue::default();
            let len = (rand() % 40) as usize;
            for _ in 0..len {
                let t = (rand() % 50) as i64 - 25;
                q.push(t, (rand() % 7) as u32, Token::default());
            }
            if q.heap.is_empty() {
                continue;
            }
            let ev = Event {
                time: (rand() % 60) as i64 - 25,
                seq: q.next_seq,
                source: 9,
                token: Token::default(),
            };
            let mut reference = EventQueue {
                front: q.front,
                run: VecDeque::new(),
                heap: q.heap.clone(),
                next_seq: q.next_seq,
            };
            q.sift_down_from_root(ev);
            reference.sift_down_reference(ev);
            assert_eq!(q.heap, reference.heap);
        }
    }

    #[test]
    fn the_order_key_orders_by_time_then_sequence() {
        let e = |time, seq| Event {
            time,
            seq,
            source: 0,
            token: Token::default(),
        };
        assert!(before(&e(-5, 9), &e(3, 1)));
        assert!(before(&e(i64::MIN, 0), &e(i64::MAX, 0)));
        assert!(before(&e(4, 1), &e(4, 2)));
        assert!(!before(&e(4, 2), &e(4, 2)));
    }

    #[test]
    fn events_at_one_time_pop_in_insertion_order() {
        let mut q = EventQueue::default();
        q.push(5, 1, Token::default());
        q.push(3, 2, Token::default());
        q.push(5, 3, Token::default());
        let tail = q.tail();
        let order: Vec<u32> = std::iter::from_fn(|| q.pop_due(q.next_time(), tail))
            .map(|e| e.source)
            .collect();
        assert_eq!(order, vec![2, 1, 3]);
    }

    #[test]
    fn an_event_inserted_after_the_tail_snapshot_waits() {
        let mut q = EventQueue::default();
        q.push(5, 1, Token::default());
        let tail = q.tail();
        assert!(q.pop_due(5, tail).is_some());
        q.push(5, 2, Token::default());
        assert!(q.pop_due(5, tail).is_none());
        assert_eq!(q.pop_due(5, q.tail()).map(|e| e.source), Some(2));
    }

    #[test]
    fn a_refired_event_goes_behind_the_events_already_at_its_time() {
        let mut q = EventQueue::default();
        q.push(5, 1, Token::default());
        q.push(7, 2, Token::default());
        q.push(9, 3, Token::default());
        assert_eq!(q.peek_due(5, q.tail()).map(|e| e.0), Some(1));
        q.refire_front(9);
        let mut order = vec![];
        while q.next_time() != NEVER {
            let (source, _) = q.peek_due(q.next_time(), q.tail()).expect("due");
            order.push((q.next_time(), source));
            q.refire_front(NEVER);
        }
        assert_eq!(order, vec![(7, 2), (9, 3), (9, 1)]);
    }

    #[test]
    fn a_refire_for_now_waits_for_the_next_cycle() {
        let mut q = EventQueue::default();
        q.push(5, 1, Token::default());
        let tail = q.tail();
        assert!(q.peek_due(5, tail).is_some());
        q.refire_front(5);
        assert_eq!(q.peek_due(5, tail), None);
        assert_eq!(q.peek_due(5, q.tail()).map(|e| e.0), Some(1));
    }

    #[test]
    fn sources_refiring_in_turn_rotate_through_the_run_in_order() {
        // Five sources ticking in turn, each refiring after all the others (W3's pattern,
        // the run's rotation), then each ending (a refire at `NEVER` with others queued).
        let mut q = EventQueue::default();
        for s in 0..5 {
            q.push(i64::from(s), s, Token::default());
        }
        let mut order = vec![];
        while q.next_time() != NEVER {
            let now = q.next_time();
            let (source, _) = q.peek_due(now, q.tail()).expect("due");
            order.push((now, source));
            q.refire_later(if now < 20 { now + 5 } else { NEVER });
        }
        let expected: Vec<(i64, u32)> = (0..25).map(|t| (t, (t % 5) as u32)).collect();
        assert_eq!(order, expected);
        assert!(q.run.is_empty() && q.heap.is_empty());
    }

    #[test]
    fn random_pushes_and_pops_come_out_in_time_then_insertion_order() {
        // A small LCG, so the test needs no dependency and is the same every run.
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        let mut rand = move |m: u64| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (x >> 33) % m
        };
        let mut q = EventQueue::default();
        let mut reference: Vec<(i64, u64, u32)> = Vec::new();
        let mut pushed = 0u32;
        for _ in 0..5_000 {
            if rand(3) < 2 {
                let t = rand(50) as i64;
                reference.push((t, q.tail(), pushed));
                q.push(t, pushed, Token::default());
                pushed += 1;
            } else if q.next_time() != NEVER {
                let t = q.next_time();
                let e = q
                    .pop_due(t, q.tail())
                    .expect("the earliest event is due at its time");
                reference.sort();
                let (rt, rseq, rsource) = reference.remove(0);
                assert_eq!((e.time, e.seq, e.source), (rt, rseq, rsource));
            }
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the insertion order, events come out sorted by time and, within a
        /// time, in insertion order (a stable sort is the reference).
        #[test]
        fn events_pop_in_time_then_insertion_order(times in proptest::collection::vec(0i64..10, 0..100)) {
            let mut q = EventQueue::default();
            for (i, t) in times.iter().enumerate() {
                q.push(*t, i as u32, Token::default());
            }
            let mut expected: Vec<(i64, u32)> = times.iter().enumerate().map(|(i, t)| (*t, i as u32)).collect();
            expected.sort_by_key(|(t, _)| *t);
            let tail = q.tail();
            let mut got = Vec::new();
            while q.next_time() != NEVER {
                let e = q.pop_due(q.next_time(), tail).expect("due");
                got.push((e.time, e.source));
            }
            prop_assert_eq!(got, expected);
        }

        /// Firing the front and refiring it later (or never), mixed with pushes, keeps
        /// the order a sorted list of `(time, insertion sequence)` gives, where a refired
        /// event counts as inserted when it was refired.
        #[test]
        fn refired_events_keep_time_then_insertion_order(
            ops in proptest::collection::vec((0u8..3, 0i64..6), 0..200),
        ) {
            let mut q = EventQueue::default();
            let mut model: Vec<(i64, u64, u32)> = Vec::new();
            let mut next_source = 0u32;
            // The time of the last event fired: the engine's now.
            let mut last = -1;
            for (op, dt) in ops {
                let now = q.next_time();
                if op == 0 || now == NEVER {
                    let t = if now == NEVER { last + 1 + dt } else { now + dt };
                    model.push((t, q.tail(), next_source));
                    // Into an empty queue, after now, as a re-armed alarm does: the event
                    // keeps the empty front's sequence number, which must order like a
                    // new one (the model).
                    if now == NEVER && op != 0 {
                        q.push_later_into_empty(t, next_source, Token::default());
                    } else {
                        q.push(t, next_source, Token::default());
                    }
                    next_source += 1;
                    continue;
                }
                model.sort();
                let (t, _, source) = model.remove(0);
                prop_assert_eq!(now, t);
                last = now;
                let fired = q.peek_due(now, q.tail()).map(|e| e.0);
                prop_assert_eq!(fired, Some(source));
                // As the engine does: a later time keeps the sequence number where it
                // can, which must give the order of refiring with a new one (the model).
                if op == 1 {
                    model.push((now + dt, q.tail(), source));
                    if dt > 0 {
                        q.refire_later(now + dt);
                    } else {
                        q.refire_front(now);
                    }
                } else if dt % 2 == 0 {
                    q.refire_front(NEVER);
                } else {
                    q.refire_later(NEVER);
                }
            }
            model.sort();
            let mut got = Vec::new();
            while q.next_time() != NEVER {
                let t = q.next_time();
                got.push((t, q.peek_due(t, q.tail()).expect("due").0));
                q.refire_front(NEVER);
            }
            let expected: Vec<(i64, u32)> = model.iter().map(|&(t, _, s)| (t, s)).collect();
            prop_assert_eq!(got, expected);
        }
    }
}
