//! Push-pull sources (spec 2.3, "Push-pull adapter"): history pushed with explicit
//! timestamps replays at those times, in time order with the rest of the graph, then live
//! pushes tick at the wall clock; no value lost, doubled or reordered at the seam.
//!
//! Real threads and the real wall clock; each test is bounded (a second or less of wall
//! time) and asserts orders, counts and the replayed times, never exact wall times.

use std::thread;
use std::time::{Duration, Instant};
use tickgraph::prelude::*;

const WAIT: Duration = Duration::from_secs(5);

#[node]
fn phase(x: Ts<i64>) -> Ts<bool> {
    if ticked!(x) {
        return in_realtime!();
    }
}

/// Spec 2.3: "non-live ticks ... are scheduled at their timestamps", and "the first live
/// tick switches to push mode": a run started in the past replays the history there,
/// interleaved with a timer by time, then takes live pushes at the wall clock.
#[test]
fn history_replays_in_the_simulated_past_then_live_pushes_follow_the_wall_clock() {
    let g = Graph::new();
    let wall_start = Time::now();
    let st = wall_start - millis(500);
    let (tx, x) = push_pull_source::<i64>(&g, "x", PushMode::NonCollapsing);
    let t = timer(&g, millis(100), 0i64);
    // Which of the timer and the history ticked first at each time.
    let both = merge(&x, &t);
    g.output("x", &x);
    g.output("x_live", phase(&x));
    g.output("both", &both);
    stop_engine(count(&x).filter(|n| *n == 6));
    let feed = thread::spawn(move || {
        let run = tx.wait_for_run(WAIT).unwrap();
        assert!(run.realtime);
        for k in 1..=4 {
            tx.push_history(run.start + millis(50 + 100 * k), k)
                .unwrap();
        }
        // The first live push ends the replay.
        tx.push(5).unwrap();
        tx.push(6).unwrap();
    });
    let r = g.run(RunConfig::realtime(st, st + secs(3))).unwrap();
    feed.join().unwrap();

    let ticks = r.series::<i64>("x").unwrap();
    let values: Vec<i64> = ticks.iter().map(|(_, v)| *v).collect();
    assert_eq!(values, vec![1, 2, 3, 4, 5, 6], "no gap, no duplicate");
    let hist: Vec<Time> = ticks[..4].iter().map(|(t, _)| *t).collect();
    let expected: Vec<Time> = (1..=4).map(|k| st + millis(50 + 100 * k)).collect();
    assert_eq!(hist, expected, "history ticks at its own times");
    assert!(ticks[4].0 >= wall_start, "live ticks at the wall clock");
    assert!(ticks[4].0 <= ticks[5].0);
    assert_eq!(
        r.values::<bool>("x_live").unwrap(),
        vec![false, false, false, false, true, true]
    );
    // The timer at 100, 200, ... and the history at 150, 250, ...: in time order.
    let both = r.series::<i64>("both").unwrap();
    let times: Vec<Time> = both.iter().map(|(t, _)| *t).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    let at_150 = both.iter().find(|(t, _)| *t == st + millis(150)).unwrap();
    assert_eq!(at_150.1, 1);
}

/// Spec 2.3: "ticks before starttime are forced to starttime"; several ticks at one time
/// follow the push mode, as a pull adapter's (C5, push modes in sim).
#[test]
fn history_before_the_start_ticks_at_the_start_with_the_push_mode() {
    for mode in [PushMode::NonCollapsing, PushMode::LastValue] {
        let g = Graph::new();
        let (tx, x) = push_pull_source::<i64>(&g, "x", mode);
        g.output("x", &x);
        let st = Time::EPOCH + secs(10);
        let feed = thread::spawn(move || {
            let run = tx.wait_for_run(WAIT).unwrap();
            assert!(!run.realtime);
            let data = [(8, 1), (9, 2), (10, 3), (11, 4), (11, 5), (12, 6)];
            for (s, v) in data {
                tx.push_history(Time::EPOCH + secs(s), v).unwrap();
            }
            tx.replay_complete().unwrap();
        });
        let r = g.run(RunConfig::historical(st, st + secs(5))).unwrap();
        feed.join().unwrap();
        let got: Vec<(i64, i64)> = r
            .series::<i64>("x")
            .unwrap()
            .iter()
            .map(|(t, v)| ((*t - Time::EPOCH).num_seconds(), *v))
            .collect();
        let expected = match mode {
            PushMode::NonCollapsing => vec![(10, 1), (10, 2), (10, 3), (11, 4), (11, 5), (12, 6)],
            _ => vec![(10, 3), (11, 5), (12, 6)],
        };
        assert_eq!(got, expected, "{mode:?}");
    }
}

/// Spec 2.3: "pushing a sim tick after a live tick raises", and history must come in time
/// order: both are typed refusals, and the run goes on with what was accepted.
#[test]
fn history_after_going_live_or_out_of_order_is_refused() {
    let g = Graph::new();
    let (tx, x) = push_pull_source::<i64>(&g, "x", PushMode::NonCollapsing);
    g.output("x", &x);
    let feed = thread::spawn(move || {
        let run = tx.wait_for_run(WAIT).unwrap();
        tx.push_history(run.start + secs(2), 1).unwrap();
        assert_eq!(
            tx.push_history(run.start + secs(1), 2),
            Err(PushError::OutOfOrder {
                time: run.start + secs(1),
                previous: run.start + secs(2),
            })
        );
        tx.push_history(run.start + secs(2), 3).unwrap(); // equal times are in order
        tx.push(4).unwrap();
        assert_eq!(
            tx.push_history(run.start + secs(3), 5),
            Err(PushError::AfterLive)
        );
        tx.stop_engine();
    });
    let st = Time::now() - secs(5);
    let r = g.run(RunConfig::realtime_from(st)).unwrap();
    feed.join().unwrap();
    assert_eq!(r.values::<i64>("x").unwrap(), vec![1, 3, 4]);
}

/// The seam: a historical tick still ahead of the engine when the adapter goes live (here
/// 300 ms in the future) ticks before any live value, at its own time.
#[test]
fn going_live_waits_until_the_engine_has_taken_the_history() {
    let g = Graph::new();
    let (tx, x) = push_pull_source::<i64>(&g, "x", PushMode::NonCollapsing);
    g.output("x", &x);
    stop_engine(count(&x).filter(|n| *n == 3));
    let feed = thread::spawn(move || {
        tx.wait_for_run(WAIT).unwrap();
        let ahead = Time::now() + millis(300);
        tx.push_history(Time::now() - millis(10), 1).unwrap();
        tx.push_history(ahead, 2).unwrap();
        let asked = Instant::now();
        tx.replay_complete().unwrap();
        let waited = asked.elapsed();
        tx.push(3).unwrap();
        (ahead, waited)
    });
    let r = g
        .run(RunConfig::realtime_from(Time::now() - secs(1)))
        .unwrap();
    let (ahead, waited) = feed.join().unwrap();
    let ticks = r.series::<i64>("x").unwrap();
    assert_eq!(
        ticks.iter().map(|(_, v)| *v).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_eq!(ticks[1].0, ahead);
    assert!(ticks[2].0 >= ticks[1].0);
    assert!(waited >= Duration::from_millis(200), "{waited:?}");
}

/// csp replays a push-pull adapter's history in a historical run (its Kafka adapter does):
/// the history ticks, history past the end is dropped, and live pushes are refused.
#[test]
fn a_historical_run_replays_the_history_and_has_no_live_part() {
    let g = Graph::new();
    let (tx, x) = push_pull_source::<i64>(&g, "x", PushMode::NonCollapsing);
    g.output("x", &x);
    let feed = thread::spawn(move || {
        let run = tx.wait_for_run(WAIT).unwrap();
        for k in 1..=3 {
            tx.push_history(run.start + secs(k), k).unwrap();
        }
        // Past the end: dropped, and the source stops taking history.
        tx.push_history(run.end + secs(1), 9).unwrap();
        let mut refused = None;
        for _ in 0..100 {
            if let Err(e) = tx.push_history(run.end + secs(2), 10) {
                refused = Some(e);
                break;
            }
            thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(refused, Some(PushError::Stopped));
    });
    let st = Time::EPOCH;
    let r = g.run(RunConfig::historical(st, st + secs(5))).unwrap();
    feed.join().unwrap();
    assert_eq!(r.values::<i64>("x").unwrap(), vec![1, 2, 3]);

    // After its replay, a historical run refuses live pushes.
    let g = Graph::new();
    let (tx, x) = push_pull_source::<i64>(&g, "x", PushMode::NonCollapsing);
    g.output("x", &x);
    let feed = thread::spawn(move || {
        let run = tx.wait_for_run(WAIT).unwrap();
        tx.push_history(run.start, 1).unwrap();
        tx.push(2)
    });
    let r = g.run(RunConfig::historical(st, st + secs(5))).unwrap();
    assert_eq!(feed.join().unwrap(), Err(PushError::NotStarted));
    assert_eq!(r.values::<i64>("x").unwrap(), vec![1]);
}

/// Spec 2.3 (`shutdown_engine(exc)` on push-pull adapters): an adapter's error fails the
/// run naming the source, in a historical run too, where the engine waits for history.
#[test]
fn an_adapter_error_fails_a_historical_run_naming_the_source() {
    let g = Graph::new();
    let (tx, x) = push_pull_source::<i64>(&g, "replay", PushMode::NonCollapsing);
    g.output("x", &x);
    let feed = thread::spawn(move || {
        let run = tx.wait_for_run(WAIT).unwrap();
        tx.push_history(run.start + secs(1), 1).unwrap();
        tx.shutdown_with_error("the store went away");
    });
    let e = g
        .run(RunConfig::historical(Time::EPOCH, Time::EPOCH + secs(5)))
        .unwrap_err();
    feed.join().unwrap();
    assert!(
        matches!(&e, Error::Adapter { adapter, .. } if adapter == "replay"),
        "{e}"
    );
    assert!(e.to_string().contains("the store went away"), "{e}");
}

/// One graph, two runs: the adapter thread serves each (the source resets between runs).
#[test]
fn the_adapter_serves_one_run_after_another() {
    let g = Graph::new();
    let (tx, x) = push_pull_source::<i64>(&g, "x", PushMode::NonCollapsing);
    g.output("x", &x);
    let feed = thread::spawn(move || {
        let mut served = 0;
        for run_no in 0..2i64 {
            // The number tells a new run from the one just served.
            let run = loop {
                let run = tx.wait_for_run(WAIT).unwrap();
                if run.number != served {
                    break run;
                }
                thread::sleep(Duration::from_millis(1));
            };
            served = run.number;
            tx.push_history(run.start, 10 * run_no).unwrap();
            tx.push_history(run.start + secs(1), 10 * run_no + 1)
                .unwrap();
            tx.replay_complete().unwrap();
        }
    });
    let config = RunConfig::historical(Time::EPOCH, Time::EPOCH + secs(5));
    let first = g.run(config.clone()).unwrap();
    let second = g.run(config).unwrap();
    feed.join().unwrap();
    assert_eq!(first.values::<i64>("x").unwrap(), vec![0, 1]);
    assert_eq!(second.values::<i64>("x").unwrap(), vec![10, 11]);
}

/// Runs a historical run of the graph `build` makes on a thread of its own and waits at
/// most 20 s for it: a run that hangs fails the test instead of hanging it.
fn run_bounded<R: Send + 'static>(build: impl FnOnce() -> R + Send + 'static) -> R {
    let (done, result) = std::sync::mpsc::channel();
    thread::spawn(move || {
        let _ = done.send(build());
    });
    result
        .recv_timeout(Duration::from_secs(20))
        .expect("the run hangs")
}

/// Every sender dropped (the adapter thread ended) without `replay_complete`: the history
/// ends there, as the end of the data would, and the run goes on to its end.
#[test]
fn a_dropped_adapter_ends_the_history() {
    let got = run_bounded(|| {
        let g = Graph::new();
        let (tx, x) = push_pull_source::<i64>(&g, "x", PushMode::NonCollapsing);
        g.output("x", &x);
        let t = timer(&g, secs(1), 0i64);
        g.output("t", &t);
        let feed = thread::spawn(move || {
            let run = tx.wait_for_run(WAIT).unwrap();
            tx.push_history(run.start + secs(1), 1).unwrap();
            tx.push_history(run.start + secs(2), 2).unwrap();
            // Returns without replay_complete: `tx` is dropped.
        });
        let r = g
            .run(RunConfig::historical(Time::EPOCH, Time::EPOCH + secs(5)))
            .map(|r| {
                (
                    r.values::<i64>("x").unwrap(),
                    r.values::<i64>("t").unwrap().len(),
                )
            });
        feed.join().unwrap();
        r.map_err(|e| e.to_string())
    });
    assert_eq!(
        got,
        Ok((vec![1, 2], 5)),
        "the history ends, the run goes on"
    );
}

/// An adapter thread that panics while it replays fails the run, naming the source,
/// rather than leaving the engine waiting for history that never comes.
#[test]
fn an_adapter_that_panics_while_replaying_fails_the_run() {
    let got = run_bounded(|| {
        let g = Graph::new();
        let (tx, x) = push_pull_source::<i64>(&g, "replay", PushMode::NonCollapsing);
        g.output("x", &x);
        let feed = thread::spawn(move || {
            let run = tx.wait_for_run(WAIT).unwrap();
            tx.push_history(run.start + secs(1), 1).unwrap();
            panic!("the adapter broke");
        });
        let r = g.run(RunConfig::historical(Time::EPOCH, Time::EPOCH + secs(5)));
        assert!(feed.join().is_err());
        r.map(|_| ()).map_err(|e| match &e {
            Error::Adapter { adapter, .. } => (adapter.clone(), e.to_string()),
            _ => (String::new(), e.to_string()),
        })
    });
    let (adapter, text) = got.unwrap_err();
    assert_eq!(adapter, "replay", "{text}");
    assert!(text.contains("panicked"), "{text}");
}

/// A sender that served run 1 and is still pushing when run 2 starts (a reader mid-page)
/// is refused: run 2 gets only what was pushed for it.
#[test]
fn a_sender_of_the_last_run_cannot_push_into_the_next() {
    let g = Graph::new();
    let (tx, x) = push_pull_source::<i64>(&g, "x", PushMode::NonCollapsing);
    g.output("x", &x);
    let (ran, next) = std::sync::mpsc::channel::<()>();
    let feed = thread::spawn(move || {
        let first = tx.wait_for_run(WAIT).unwrap();
        tx.push_history(first.start, 1).unwrap();
        tx.replay_complete().unwrap();
        // Another thread's sender serves run 2; this one is still run 1's.
        let other = tx.clone();
        next.recv().unwrap();
        let second = loop {
            let run = other.wait_for_run(WAIT).unwrap();
            if run.number != first.number {
                break run;
            }
            thread::sleep(Duration::from_millis(1));
        };
        let stale = tx.push_history(second.start, 99);
        let stale_end = tx.replay_complete();
        other.push_history(second.start, 10).unwrap();
        other.push_history(second.start + secs(1), 11).unwrap();
        other.replay_complete().unwrap();
        (stale, stale_end)
    });
    let config = RunConfig::historical(Time::EPOCH, Time::EPOCH + secs(5));
    let first = g.run(config.clone()).unwrap();
    ran.send(()).unwrap();
    let second = g.run(config).unwrap();
    let (stale, stale_end) = feed.join().unwrap();
    assert_eq!(first.values::<i64>("x").unwrap(), vec![1]);
    assert_eq!(second.values::<i64>("x").unwrap(), vec![10, 11]);
    assert_eq!(stale, Err(PushError::Stopped));
    assert_eq!(stale_end, Err(PushError::Stopped));
}

/// An adapter error stops the replay at once: no historical tick is taken after it, even
/// if the adapter goes on pushing.
#[test]
fn an_adapter_error_stops_the_history_at_once() {
    let g = Graph::new();
    let (tx, x) = push_pull_source::<i64>(&g, "replay", PushMode::NonCollapsing);
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    g.output(
        "x",
        x.apply(move |v| {
            log.lock().unwrap().push(*v);
            *v
        }),
    );
    let feed = thread::spawn(move || {
        let run = tx.wait_for_run(WAIT).unwrap();
        tx.push_history(run.start + millis(1), 1).unwrap();
        tx.shutdown_with_error("bad entry");
        // An adapter that pushes on regardless: none of it may tick.
        for k in 2..=1000 {
            let _ = tx.push_history(run.start + millis(k), k);
        }
        let _ = tx.replay_complete();
    });
    let e = g
        .run(RunConfig::historical(Time::EPOCH, Time::EPOCH + secs(5)))
        .unwrap_err();
    feed.join().unwrap();
    assert!(
        matches!(&e, Error::Adapter { adapter, .. } if adapter == "replay"),
        "{e}"
    );
    let seen = seen.lock().unwrap().clone();
    assert!(
        seen.iter().all(|v| *v == 1),
        "ticks after the error: {seen:?}"
    );
}

/// One adapter thread serving two push-pull sources, which waits for both runs before it
/// pushes either history: each source's start must not wait for its first tick (the
/// second source would never start, and its `wait_for_run` never return).
#[test]
fn one_thread_can_wait_for_two_sources_runs_before_pushing() {
    let got = run_bounded(|| {
        let g = Graph::new();
        let (a_tx, a) = push_pull_source::<i64>(&g, "a", PushMode::NonCollapsing);
        let (b_tx, b) = push_pull_source::<i64>(&g, "b", PushMode::NonCollapsing);
        g.output("both", merge(&a, &b));
        let feed = thread::spawn(move || {
            let run = a_tx.wait_for_run(WAIT).unwrap();
            b_tx.wait_for_run(WAIT).unwrap();
            for k in 1..=3 {
                a_tx.push_history(run.start + secs(2 * k), 2 * k).unwrap();
                b_tx.push_history(run.start + secs(2 * k + 1), 2 * k + 1)
                    .unwrap();
            }
            // Both histories pushed: completing either replay cannot wait on the other.
            a_tx.replay_complete().unwrap();
            b_tx.replay_complete().unwrap();
        });
        let r = g
            .run(RunConfig::historical(Time::EPOCH, Time::EPOCH + secs(10)))
            .map(|r| r.values::<i64>("both").unwrap())
            .map_err(|e| e.to_string());
        let _ = feed.join();
        r
    });
    assert_eq!(got, Ok(vec![2, 3, 4, 5, 6, 7]));
}
