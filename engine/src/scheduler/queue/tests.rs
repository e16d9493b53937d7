//! The queue's tests: unit cases against hand-worked orders, and proptests against a
//! sorted list.

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
