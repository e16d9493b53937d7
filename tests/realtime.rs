//! Realtime runs (spec 2.1-2.4): push modes and push groups, the sim-then-realtime
//! handoff, timers on exact times, `run_on_thread`, adapter errors, stop and Ctrl-C.
//!
//! Real threads and the real wall clock: every test is bounded (about a second or less of
//! wall time), and asserts orders and counts, never exact wall times. Where several pushes
//! must reach the engine "back to back" (in one cycle), they are pushed while a node of the
//! simulated past part sleeps, so that they all wait for the first realtime cycle.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};
use tickgraph::prelude::*;

const WAIT: Duration = Duration::from_secs(5);

/// A source in the simulated past whose consumer sleeps `ms`: pushes made meanwhile wait
/// for the first realtime cycle. Returns the run's start time.
fn sleep_in_the_past(g: &Graph, ms: u64) -> Time {
    let st = Time::now() - millis(20);
    let slow = curve(g, vec![(st, 0i64)]).apply(move |_| {
        thread::sleep(Duration::from_millis(ms));
        0i64
    });
    g.output("slow", &slow);
    st
}

/// Pushes 1, 2, 3 back to back, then 4 a little later, then stops the engine.
fn push_1234(tx: PushSender<i64>) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        tx.wait_for_start(WAIT).unwrap();
        for v in 1..=3 {
            tx.push(v).unwrap();
        }
        thread::sleep(Duration::from_millis(450));
        tx.push(4).unwrap();
        thread::sleep(Duration::from_millis(100));
        tx.stop_engine();
    })
}

fn push_modes_case<T: Clone + 'static>(
    make: impl FnOnce(&Graph) -> (PushSender<i64>, Ts<T>),
) -> (Vec<(Time, T)>, Time) {
    let g = Graph::new();
    let (tx, x) = make(&g);
    g.output("x", &x);
    let st = sleep_in_the_past(&g, 300);
    let pusher = push_1234(tx);
    let r = g.run(RunConfig::realtime(st, st + secs(3))).unwrap();
    pusher.join().unwrap();
    (r.series::<T>("x").unwrap().to_vec(), st)
}

/// Spec 2.2, realtime push modes: LAST_VALUE -> [3, 4].
#[test]
fn last_value_collapses_back_to_back_pushes() {
    let (ticks, st) = push_modes_case(|g| push_source::<i64>(g, "x", PushMode::LastValue));
    let values: Vec<i64> = ticks.iter().map(|(_, v)| *v).collect();
    assert_eq!(values, vec![3, 4]);
    assert!(ticks[0].0 > st && ticks[0].0 < ticks[1].0);
}

/// Spec 2.2: NON_COLLAPSING -> [1, 2, 3, 4], each on a cycle of its own.
#[test]
fn non_collapsing_ticks_each_push_on_its_own_cycle() {
    let (ticks, _) = push_modes_case(|g| push_source::<i64>(g, "x", PushMode::NonCollapsing));
    let values: Vec<i64> = ticks.iter().map(|(_, v)| *v).collect();
    assert_eq!(values, vec![1, 2, 3, 4]);
    assert!(ticks.windows(2).all(|w| w[0].0 <= w[1].0));
    // 4 came later, after a pause.
    assert!(ticks[3].0 - ticks[2].0 >= millis(50));
}

/// Spec 2.2: BURST -> [[1, 2, 3], [4]].
#[test]
fn burst_ticks_back_to_back_pushes_together() {
    let (ticks, _) = push_modes_case(|g| push_source_burst::<i64>(g, "x"));
    let values: Vec<Vec<i64>> = ticks.iter().map(|(_, v)| v.clone()).collect();
    assert_eq!(values, vec![vec![1, 2, 3], vec![4]]);
}

/// Spec 2.2 "Push groups": a NON_COLLAPSING trade is a barrier that collapsing quotes of
/// its group never run past; events of one batch are released together.
#[test]
fn a_push_group_keeps_quotes_behind_trades() {
    for grouped in [true, false] {
        let g = Graph::new();
        let book = PushGroup::new();
        let (bid_tx, bid_rx) = push_channel::<i64>();
        let (ask_tx, ask_rx) = push_channel::<i64>();
        let (trade_tx, trade_rx) = push_channel::<i64>();
        let (bid_rx, ask_rx, trade_rx) = if grouped {
            (
                bid_rx.in_group(&book),
                ask_rx.in_group(&book),
                trade_rx.in_group(&book),
            )
        } else {
            (bid_rx, ask_rx, trade_rx)
        };
        g.output("bid", bid_rx.source(&g, "bid", PushMode::LastValue));
        g.output("ask", ask_rx.source(&g, "ask", PushMode::LastValue));
        g.output(
            "trade",
            trade_rx.source(&g, "trade", PushMode::NonCollapsing),
        );
        let st = sleep_in_the_past(&g, 300);
        let pusher = thread::spawn(move || {
            bid_tx.wait_for_start(WAIT).unwrap();
            let mut batch = PushBatch::new();
            bid_tx.push_in(&mut batch, 1).unwrap();
            trade_tx.push_in(&mut batch, 10).unwrap();
            batch.flush().unwrap();
            bid_tx.push_in(&mut batch, 2).unwrap();
            ask_tx.push_in(&mut batch, 20).unwrap();
            batch.flush().unwrap();
            trade_tx.push_in(&mut batch, 11).unwrap();
            drop(batch); // flushes
            bid_tx.push(3).unwrap();
            thread::sleep(Duration::from_millis(500));
            bid_tx.stop_engine();
        });
        let r = g.run(RunConfig::realtime(st, st + secs(3))).unwrap();
        pusher.join().unwrap();
        let bid = r.series::<i64>("bid").unwrap();
        let ask = r.series::<i64>("ask").unwrap();
        let trade = r.series::<i64>("trade").unwrap();
        let values = |s: &[(Time, i64)]| s.iter().map(|(_, v)| *v).collect::<Vec<_>>();
        assert_eq!(values(trade), vec![10, 11]);
        assert_eq!(values(ask), vec![20]);
        if grouped {
            // Cycle 1: bid 1 and trade 10 (the batch with the trade ends: locked).
            // Cycle 2: bid 2, ask 20 and trade 11. Cycle 3: bid 3.
            assert_eq!(values(bid), vec![1, 2, 3]);
            assert_eq!(bid[0].0, trade[0].0);
            assert_eq!(bid[1].0, ask[0].0);
            assert_eq!(bid[1].0, trade[1].0);
            assert!(bid[2].0 >= trade[1].0);
            assert!(trade[0].0 <= trade[1].0);
        } else {
            // Without the group, the quotes collapse ahead of the second trade.
            assert_eq!(values(bid), vec![3]);
            assert_eq!(bid[0].0, trade[0].0);
            assert_eq!(ask[0].0, trade[0].0);
        }
    }
}

#[node]
fn phase(x: Ts<i64>) -> Ts<bool> {
    if ticked!(x) {
        return in_realtime!();
    }
}

/// csp's `realtime=True` with a start in the past: `[start, now]` at full speed (a timer
/// and a curve there), then the wall clock (push events after); timers keep their exact
/// times across the handoff.
#[test]
fn a_start_in_the_past_is_simulated_then_followed_live() {
    let g = Graph::new();
    let wall_start = Time::now();
    let st = wall_start - millis(500);
    let t = timer(&g, millis(100), 1i64);
    let c = curve(&g, vec![(st + millis(150), 7i64), (st + millis(250), 8)]);
    let (tx, p) = push_source::<i64>(&g, "p", PushMode::NonCollapsing);
    g.output("timer", &t);
    g.output("timer_live", phase(&t));
    g.output("curve", &c);
    g.output("curve_live", phase(&c));
    g.output("push", &p);
    g.output("push_live", phase(&p));
    let pusher = thread::spawn(move || {
        tx.wait_for_start(WAIT).unwrap();
        tx.push(42).unwrap();
    });
    let r = g.run(RunConfig::realtime(st, st + millis(900))).unwrap();
    pusher.join().unwrap();

    let times = r.times("timer").unwrap();
    let expected: Vec<Time> = (1..=9).map(|k| st + millis(100 * k)).collect();
    assert_eq!(times, expected.as_slice(), "timers keep their exact times");
    let live = r.values::<bool>("timer_live").unwrap();
    // Ticks before the wall-clock start ran in the simulated part.
    for (tick, is_live) in times.iter().zip(&live) {
        if *tick < wall_start {
            assert!(!is_live, "{tick} should be simulated");
        }
    }
    assert!(live.last().copied().unwrap(), "the last timer ticks live");
    assert_eq!(
        r.series::<i64>("curve").unwrap(),
        &[(st + millis(150), 7), (st + millis(250), 8)]
    );
    assert_eq!(r.values::<bool>("curve_live").unwrap(), vec![false, false]);
    let push = r.series::<i64>("push").unwrap();
    assert_eq!(push.len(), 1);
    assert!(push[0].0 >= wall_start && push[0].0 > st + millis(250));
    assert_eq!(r.values::<bool>("push_live").unwrap(), vec![true]);
}

/// A node that lags does not move the timers: they catch up, each at its scheduled time.
#[test]
fn timers_keep_exact_times_and_catch_up_after_a_lag() {
    let g = Graph::new();
    let st = Time::now() + millis(20);
    let t = timer(&g, millis(40), 1i64);
    let lagging = t.apply(|_| {
        static FIRST: AtomicBool = AtomicBool::new(true);
        if FIRST.swap(false, Ordering::Relaxed) {
            thread::sleep(Duration::from_millis(150));
        }
        1i64
    });
    g.output("t", &lagging);
    let r = g.run(RunConfig::realtime(st, st + millis(400))).unwrap();
    let expected: Vec<Time> = (1..=10).map(|k| st + millis(40 * k)).collect();
    assert_eq!(r.times("t").unwrap(), expected.as_slice());
}

/// An idle realtime run waits on its queue: it runs no empty cycles.
#[test]
fn an_idle_realtime_run_does_not_spin() {
    let g = Graph::new();
    let (tx, x) = push_source::<i64>(&g, "x", PushMode::LastValue);
    g.output("x", &x);
    let cfg = RunConfig::realtime_from_now(millis(300)).with_queue_wait_time(millis(20));
    let r = g.run(cfg).unwrap();
    assert_eq!(r.stats().cycles, 0);
    drop(tx);
}

#[test]
fn run_on_thread_runs_until_stopped_and_joins_with_the_result() {
    let stopped = Arc::new(AtomicBool::new(false));
    let seen = stopped.clone();
    let (tx, rx) = push_channel::<i64>();
    let run = run_on_thread(
        RunConfig::realtime_from(Time::now()),
        move || {
            let g = Graph::new();
            let x = rx.source(&g, "x", PushMode::NonCollapsing);
            g.output("sum", accum(x.clone(), 0));
            schedule_on_engine_stop(&g, move || seen.store(true, Ordering::SeqCst));
            g
        },
        |r| r.values::<i64>("sum"),
    );
    tx.wait_for_start(WAIT).unwrap();
    assert!(run.is_running());
    for v in 1..=4 {
        tx.push(v).unwrap();
    }
    thread::sleep(Duration::from_millis(200));
    assert!(run.is_running(), "an open-ended run keeps running");
    run.stop();
    assert_eq!(run.join().unwrap(), vec![1, 3, 6, 10]);
    assert!(stopped.load(Ordering::SeqCst), "stop callbacks ran");
    assert_eq!(tx.push(5), Err(PushError::Stopped));
}

#[test]
fn stop_before_the_realtime_phase_is_honoured_when_it_begins() {
    let run = run_on_thread(
        RunConfig::realtime_from(Time::now()),
        || {
            let g = Graph::new();
            g.output("c", const_(&g, 1i64));
            g
        },
        |r| Ok(r.values::<i64>("c")?.len()),
    );
    run.stop();
    let t0 = Instant::now();
    assert_eq!(run.join().unwrap(), 1);
    assert!(t0.elapsed() < Duration::from_secs(2));
}

#[test]
fn an_adapter_error_stops_the_run_and_names_the_adapter() {
    let g = Graph::new();
    let (tx, x) = push_source::<i64>(&g, "feed", PushMode::NonCollapsing);
    g.output("x", &x);
    let t = thread::spawn(move || {
        tx.wait_for_start(WAIT).unwrap();
        tx.push(1).unwrap();
        thread::sleep(Duration::from_millis(50));
        tx.shutdown_with_error("connection reset by peer");
        // The first error wins.
        tx.shutdown_with_error("second");
        tx
    });
    let t0 = Instant::now();
    let err = g.run(RunConfig::realtime_from_now(secs(10))).unwrap_err();
    assert!(t0.elapsed() < Duration::from_secs(5));
    let tx = t.join().unwrap();
    match &err {
        Error::Adapter {
            adapter, source, ..
        } => {
            assert_eq!(adapter, "feed");
            assert_eq!(source.to_string(), "connection reset by peer");
        }
        other => panic!("expected an adapter error, got {other:?}"),
    }
    assert_eq!(tx.push(2), Err(PushError::Stopped));

    // The same through run_on_thread's join.
    let (tx, rx) = push_channel::<i64>();
    let run = run_on_thread(
        RunConfig::realtime_from(Time::now()),
        move || {
            let g = Graph::new();
            g.output("x", rx.source(&g, "socket", PushMode::LastValue));
            g
        },
        |_| Ok(()),
    );
    tx.wait_for_start(WAIT).unwrap();
    tx.shutdown_with_error(std::io::Error::other("gone"));
    let err = run.join().unwrap_err();
    assert!(matches!(&err, Error::Adapter { adapter, .. } if adapter == "socket"));
    assert!(err.to_string().contains("gone"), "{err}");
}

#[test]
fn a_sender_is_refused_before_the_start_and_after_the_stop() {
    let (tx, rx) = push_channel::<i64>();
    assert_eq!(tx.push(1), Err(PushError::NotAttached));
    let g = Graph::new();
    g.output("x", rx.source(&g, "x", PushMode::NonCollapsing));
    assert_eq!(tx.push(1), Err(PushError::NotStarted));
    assert_eq!(
        tx.wait_for_start(Duration::from_millis(10)),
        Err(PushError::Timeout)
    );
    let r = g.run(RunConfig::realtime_from_now(millis(50))).unwrap();
    assert!(r.series::<i64>("x").unwrap().is_empty());
    assert_eq!(tx.push(1), Err(PushError::Stopped));
    let mut batch = PushBatch::new();
    assert_eq!(tx.push_in(&mut batch, 1), Err(PushError::Stopped));
    assert_eq!(tx.wait_for_start(WAIT), Err(PushError::Stopped));
}

/// As in csp, push sources never tick in a historical run.
#[test]
fn push_sources_never_tick_in_a_historical_run() {
    let g = Graph::new();
    let (tx, x) = push_source::<i64>(&g, "x", PushMode::LastValue);
    g.output("x", &x);
    let st = Time::ymd_hms(2020, 1, 1, 0, 0, 0);
    let r = g.run(RunConfig::historical(st, st + secs(10))).unwrap();
    assert!(r.series::<i64>("x").unwrap().is_empty());
    assert_eq!(tx.push(1), Err(PushError::NotStarted));
}

/// The seed talk's hello world, live: start now, end after one second.
#[test]
fn hello_world_in_realtime() {
    let g = Graph::new();
    let s = const_(&g, "hElLo wOrLd".to_string());
    let msg = apply(&s, |x: &String| x.to_uppercase());
    print("Message", &msg);
    g.output("msg", &msg);
    let t0 = Instant::now();
    let start = Time::now();
    let r = g.run(RunConfig::realtime(start, start + secs(1))).unwrap();
    assert!(t0.elapsed() >= Duration::from_millis(900), "it ran live");
    assert!(t0.elapsed() < Duration::from_secs(3));
    assert_eq!(
        r.series::<String>("msg").unwrap(),
        &[(start, "HELLO WORLD".to_string())]
    );
}

#[test]
fn stop_engine_in_a_node_ends_a_realtime_run() {
    let g = Graph::new();
    let (tx, x) = push_source::<i64>(&g, "x", PushMode::NonCollapsing);
    stop_engine(x.filter(|v| *v == 2));
    g.output("x", &x);
    let t = thread::spawn(move || {
        tx.wait_for_start(WAIT).unwrap();
        for v in 1..=3 {
            tx.push(v).unwrap();
        }
    });
    let t0 = Instant::now();
    let r = g.run(RunConfig::realtime_from_now(secs(10))).unwrap();
    t.join().unwrap();
    assert!(t0.elapsed() < Duration::from_secs(5));
    assert_eq!(r.values::<i64>("x").unwrap(), vec![1, 2]);
}

/// A push source that reaches no output is pruned; its pushes are dropped.
#[test]
fn pushes_to_a_pruned_source_are_dropped() {
    let g = Graph::new();
    let (unused_tx, _unused) = push_source::<String>(&g, "unused", PushMode::LastValue);
    let (tx, x) = push_source::<i64>(&g, "x", PushMode::NonCollapsing);
    g.output("x", &x);
    let t = thread::spawn(move || {
        tx.wait_for_start(WAIT).unwrap();
        for k in 0..3 {
            unused_tx.push(format!("{k}")).unwrap();
            tx.push(k).unwrap();
        }
        thread::sleep(Duration::from_millis(100));
        tx.stop_engine();
    });
    let r = g.run(RunConfig::realtime_from_now(secs(5))).unwrap();
    t.join().unwrap();
    assert_eq!(r.values::<i64>("x").unwrap(), vec![0, 1, 2]);
}

/// Many values from two threads: none lost, each thread's in order; under both schedulers.
#[test]
fn two_threads_lose_nothing_and_keep_their_order() {
    for reference in [false, true] {
        let g = Graph::new();
        let (tx, x) = push_source::<(u8, u32)>(&g, "x", PushMode::NonCollapsing);
        g.output("x", &x);
        let producers: Vec<_> = (0..2u8)
            .map(|k| {
                let tx = tx.clone();
                thread::spawn(move || {
                    tx.wait_for_start(WAIT).unwrap();
                    for i in 0..2000u32 {
                        tx.push((k, i)).unwrap();
                    }
                })
            })
            .collect();
        // Stops once both producers are done: the run then takes what they pushed.
        let stopper = thread::spawn(move || {
            for p in producers {
                p.join().unwrap();
            }
            tx.stop_engine();
        });
        let mut cfg = RunConfig::realtime_from_now(secs(5));
        if reference {
            cfg = cfg.with_reference_scheduler();
        }
        let r = g.run(cfg).unwrap();
        stopper.join().unwrap();
        let got = r.values::<(u8, u32)>("x").unwrap();
        assert_eq!(got.len(), 4000);
        for k in 0..2u8 {
            let mine: Vec<u32> = got.iter().filter(|v| v.0 == k).map(|v| v.1).collect();
            assert_eq!(mine, (0..2000).collect::<Vec<_>>());
        }
    }
}

/// Ctrl-C (SIGINT) stops a run that asked for it, cleanly.
#[test]
fn ctrl_c_stops_a_run_that_asked_for_it() {
    let g = Graph::new();
    let (tx, x) = push_source::<i64>(&g, "x", PushMode::NonCollapsing);
    g.output("x", &x);
    let t = thread::spawn(move || {
        tx.wait_for_start(WAIT).unwrap();
        tx.push(1).unwrap();
        thread::sleep(Duration::from_millis(100));
        let status = std::process::Command::new("kill")
            .args(["-INT", &std::process::id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    });
    let t0 = Instant::now();
    let r = g
        .run(RunConfig::realtime_from(Time::now()).stop_on_ctrl_c())
        .unwrap();
    t.join().unwrap();
    assert!(t0.elapsed() < Duration::from_secs(5));
    assert_eq!(r.values::<i64>("x").unwrap(), vec![1]);
}

/// A stop waits for the events pushed before it, deferred NON_COLLAPSING ones included.
#[test]
fn a_stop_waits_for_the_events_pushed_before_it() {
    let g = Graph::new();
    let (tx, x) = push_source::<i64>(&g, "x", PushMode::NonCollapsing);
    g.output("x", &x);
    let st = sleep_in_the_past(&g, 200);
    let t = thread::spawn(move || {
        tx.wait_for_start(WAIT).unwrap();
        for v in 1..=5 {
            tx.push(v).unwrap();
        }
        tx.stop_engine();
        tx
    });
    let r = g.run(RunConfig::realtime(st, st + secs(5))).unwrap();
    let tx = t.join().unwrap();
    assert_eq!(r.values::<i64>("x").unwrap(), vec![1, 2, 3, 4, 5]);
    assert_eq!(tx.push(6), Err(PushError::Stopped));
}

/// csp's `test_reconsume_push_group`: a NON_COLLAPSING and a LAST_VALUE source of one
/// group, pushed in batches from one thread: every NON_COLLAPSING value ticks, and the
/// LAST_VALUE one ends on the last value pushed.
#[test]
fn batches_of_a_group_from_one_thread() {
    const N: i64 = 3;
    let g = Graph::new();
    let group = PushGroup::new();
    let (nc_tx, nc_rx) = push_channel::<i64>();
    let (lv_tx, lv_rx) = push_channel::<i64>();
    let nc = nc_rx
        .in_group(&group)
        .source(&g, "nc", PushMode::NonCollapsing);
    let lv = lv_rx.in_group(&group).source(&g, "lv", PushMode::LastValue);
    g.output("nc", &nc);
    g.output("lv", &lv);
    let total = count(&nc) + count(&lv);
    stop_engine(total.filter(|n| *n == 2 * N as u64));
    let t = thread::spawn(move || {
        nc_tx.wait_for_start(WAIT).unwrap();
        for i in 0..N {
            let mut batch = PushBatch::new();
            nc_tx.push_in(&mut batch, i).unwrap();
            lv_tx.push_in(&mut batch, i).unwrap();
            batch.flush().unwrap();
            thread::sleep(Duration::from_millis(10));
        }
    });
    let r = g.run(RunConfig::realtime_from_now(secs(5))).unwrap();
    t.join().unwrap();
    assert_eq!(r.values::<i64>("nc").unwrap(), vec![0, 1, 2]);
    let lv = r.values::<i64>("lv").unwrap();
    assert!(!lv.is_empty());
    assert_eq!(*lv.last().unwrap(), N - 1);
    // In each batch both values tick in one cycle: the group locks at the batch's end.
    assert_eq!(r.times("nc").unwrap(), r.times("lv").unwrap());
}

/// A realtime run whose end is already past runs as a historical one would.
#[test]
fn a_realtime_run_entirely_in_the_past_is_simulated() {
    let g = Graph::new();
    let st = Time::ymd_hms(2020, 1, 1, 0, 0, 0);
    g.output("t", timer(&g, secs(1), 1i64));
    g.output("live", phase(timer(&g, secs(1), 1i64)));
    let t0 = Instant::now();
    let r = g.run(RunConfig::realtime(st, st + secs(100))).unwrap();
    assert!(t0.elapsed() < Duration::from_secs(3), "no waiting");
    assert_eq!(r.times("t").unwrap().len(), 100);
    assert!(r.values::<bool>("live").unwrap().iter().all(|l| !l));
}

/// A stop asked before the run starts ends it, even with a producer pushing all the time.
#[test]
fn a_stop_asked_before_the_start_ends_the_run_despite_a_busy_producer() {
    let (tx, rx) = push_channel::<i64>();
    let producer = thread::spawn(move || {
        let mut pushed = 0u64;
        loop {
            match tx.push(1) {
                Ok(()) => pushed += 1,
                Err(PushError::Stopped) => return pushed,
                Err(_) => {}
            }
            thread::yield_now();
        }
    });
    let run = run_on_thread(
        RunConfig::realtime_from(Time::now()),
        move || {
            let g = Graph::new();
            g.output("n", count(rx.source(&g, "x", PushMode::LastValue)));
            g
        },
        |r| Ok(r.values::<u64>("n")?.len()),
    );
    run.stop();
    let t0 = Instant::now();
    run.join().unwrap();
    assert!(t0.elapsed() < Duration::from_secs(3));
    producer.join().unwrap();
}

/// csp's `allow_deviation=True`: after a lag, the timer restarts from the wall clock
/// instead of catching up on its grid.
#[test]
fn a_timer_allowed_to_deviate_restarts_from_the_wall_clock_after_a_lag() {
    let g = Graph::new();
    let st = Time::now() + millis(20);
    let t = timer_allow_deviation(&g, millis(40), 1i64);
    let lagging = t.apply(|_| {
        static FIRST: AtomicBool = AtomicBool::new(true);
        if FIRST.swap(false, Ordering::Relaxed) {
            thread::sleep(Duration::from_millis(150));
        }
        1i64
    });
    g.output("t", &lagging);
    let r = g.run(RunConfig::realtime(st, st + millis(400))).unwrap();
    let times = r.times("t").unwrap();
    assert_eq!(times[0], st + millis(40), "the first tick is on time");
    // Each tick schedules the next from the wall clock as it fires (as csp's `next`, before
    // the lagging node runs): the tick due during the lag comes late, and the ones after it
    // keep their spacing from it instead of catching up.
    assert!(
        times.windows(2).all(|w| w[1] - w[0] >= millis(40)),
        "{times:?}"
    );
    assert!(
        times.windows(2).any(|w| w[1] - w[0] >= millis(100)),
        "{times:?}"
    );
    assert!(times.len() < 10, "an exact timer would tick 10 times");
}
