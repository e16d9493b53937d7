//! The timer queue: every future event (source ticks, alarms, timers, feedback), by time and
//! FIFO within a time.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

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

impl Ord for Event {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest (time, seq) first.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.time, other.seq).cmp(&(self.time, self.seq))
    }
}

impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Future events ordered by `(time, insertion sequence)`.
///
/// An engine cycle at time `t` takes a snapshot of the sequence counter first and runs only
/// events inserted before it: an event scheduled for `t` while the cycle runs waits for the
/// next cycle at the same time (csp's bucket-tail rule).
#[derive(Debug, Default)]
pub(crate) struct EventQueue {
    heap: BinaryHeap<Event>,
    next_seq: u64,
}

impl EventQueue {
    pub(crate) fn push(&mut self, time: i64, source: u32, token: Token) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Event {
            time,
            seq,
            source,
            token,
        });
    }

    /// The time of the earliest event.
    #[inline]
    pub(crate) fn next_time(&self) -> Option<i64> {
        self.heap.peek().map(|e| e.time)
    }

    /// The sequence number the next inserted event will get (the cycle's tail snapshot).
    #[inline]
    pub(crate) fn tail(&self) -> u64 {
        self.next_seq
    }

    /// Pops the earliest event if it is due at `now` and was inserted before `tail`.
    #[inline]
    pub(crate) fn pop_due(&mut self, now: i64, tail: u64) -> Option<Event> {
        match self.heap.peek() {
            Some(e) if e.time <= now && e.seq < tail => self.heap.pop(),
            _ => None,
        }
    }

    pub(crate) fn clear(&mut self) {
        self.heap.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_at_one_time_pop_in_insertion_order() {
        let mut q = EventQueue::default();
        q.push(5, 1, Token::default());
        q.push(3, 2, Token::default());
        q.push(5, 3, Token::default());
        let tail = q.tail();
        let order: Vec<u32> = std::iter::from_fn(|| {
            let t = q.next_time()?;
            q.pop_due(t, tail)
        })
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
            while let Some(t) = q.next_time() {
                let e = q.pop_due(t, tail).expect("due");
                got.push((e.time, e.source));
            }
            prop_assert_eq!(got, expected);
        }
    }
}
