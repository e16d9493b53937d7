//! Conformance with csp's engine cycle: push modes, timers and end-time inclusivity,
//! active/passive inputs, feedback and stopping. Spec cases C5, C6, C11, C12 and C15
//! (`../shared/spec/csp-semantics.md` section 5.2).

mod common;

use tickgraph::prelude::*;

fn st() -> Time {
    Time::ymd_hms(2020, 1, 1, 0, 0, 0)
}

fn s(n: i64) -> Time {
    st() + secs(n)
}

fn c5_data() -> Vec<(Time, i64)> {
    [
        (0, 1),
        (1, 2),
        (1, 3),
        (2, 4),
        (2, 5),
        (2, 6),
        (3, 7),
        (4, 8),
    ]
    .into_iter()
    .map(|(t, v)| (s(t), v))
    .collect()
}

/// C5: "`LAST_VALUE` gives `[(0,1),(1,3),(2,6),(3,7),(4,8)]`."
#[test]
fn c5_last_value_collapses_same_time_values_to_the_last() {
    let g = Graph::new();
    let x = curve_with(&g, c5_data(), PushMode::LastValue);
    g.output("x", &x);
    g.output("n", count(&x));
    let r = common::run(&g, RunConfig::historical(st(), s(10))).unwrap();
    assert_eq!(
        r.series::<i64>("x").unwrap(),
        &[(s(0), 1), (s(1), 3), (s(2), 6), (s(3), 7), (s(4), 8)]
    );
    assert_eq!(r.values::<u64>("n").unwrap(), vec![1, 2, 3, 4, 5]);
}

/// C5: "`NON_COLLAPSING` gives all 8 ticks, in order, on separate cycles."
#[test]
fn c5_non_collapsing_ticks_every_value_on_its_own_cycle() {
    let g = Graph::new();
    let x = curve_with(&g, c5_data(), PushMode::NonCollapsing);
    g.output("x", &x);
    let r = common::run(&g, RunConfig::historical(st(), s(10))).unwrap();
    assert_eq!(r.series::<i64>("x").unwrap(), c5_data().as_slice());
    assert_eq!(r.stats().cycles, 8);
}

/// C5: "`BURST` gives `[(0,[1]),(1,[2,3]),(2,[4,5,6]),(3,[7]),(4,[8])]`."
#[test]
fn c5_burst_ticks_all_same_time_values_as_one_list() {
    let g = Graph::new();
    g.output("x", curve_burst(&g, c5_data()));
    let r = common::run(&g, RunConfig::historical(st(), s(10))).unwrap();
    assert_eq!(
        r.series::<Vec<i64>>("x").unwrap(),
        &[
            (s(0), vec![1]),
            (s(1), vec![2, 3]),
            (s(2), vec![4, 5, 6]),
            (s(3), vec![7]),
            (s(4), vec![8])
        ]
    );
}

/// C5, `test_curve_multiple_values_same_time`: "values `0..8` at seconds
/// `[0,0,1,2,3,3,4,5,5]`. The default and NON_COLLAPSING give all 9 ticks; LAST_VALUE gives
/// `(1, 2, 3, 5, 6, 8)` at seconds `[0,1,2,3,4,5]`."
#[test]
fn c5_curve_with_repeated_times_follows_its_push_mode() {
    let data: Vec<(Time, i64)> = [0, 0, 1, 2, 3, 3, 4, 5, 5]
        .into_iter()
        .zip(0..)
        .map(|(t, v)| (s(t), v))
        .collect();
    let g = Graph::new();
    g.output("default", curve(&g, data.clone()));
    g.output("last", curve_with(&g, data.clone(), PushMode::LastValue));
    let r = common::run(&g, RunConfig::historical(st(), s(10))).unwrap();
    assert_eq!(r.series::<i64>("default").unwrap(), data.as_slice());
    let expected: Vec<(Time, i64)> = [(0, 1), (1, 2), (2, 3), (3, 5), (4, 6), (5, 8)]
        .into_iter()
        .map(|(t, v)| (s(t), v))
        .collect();
    assert_eq!(r.series::<i64>("last").unwrap(), expected.as_slice());
}

/// Deferred NON_COLLAPSING values of different sources pair up: the i-th values tick together.
#[test]
fn c5_deferred_values_of_two_sources_tick_together_in_order() {
    let g = Graph::new();
    let a = curve(&g, vec![(s(1), 1), (s(1), 2)]);
    let b = curve(&g, vec![(s(1), 10), (s(1), 20)]);
    g.output("c", collect(&[a, b]));
    let r = common::run(&g, RunConfig::historical(st(), s(2))).unwrap();
    assert_eq!(
        r.series::<Vec<i32>>("c").unwrap(),
        &[(s(1), vec![1, 10]), (s(1), vec![2, 20])]
    );
}

/// C6: "`timer(1s, 1)` over `[st, st+10s]` ticks at 1..10 s. `timer(2s, "hello world!")`
/// ticks at 2, 4, 6, 8, 10 s."
#[test]
fn c6_timers_tick_after_one_interval_and_at_the_inclusive_end() {
    let g = Graph::new();
    g.output("t1", timer(&g, secs(1), 1));
    g.output("t2", timer(&g, secs(2), "hello world!"));
    let r = common::run(&g, RunConfig::historical(st(), s(10))).unwrap();
    let t1: Vec<(Time, i32)> = (1..=10).map(|i| (s(i), 1)).collect();
    assert_eq!(r.series::<i32>("t1").unwrap(), t1.as_slice());
    let t2: Vec<(Time, &str)> = [2, 4, 6, 8, 10]
        .into_iter()
        .map(|i| (s(i), "hello world!"))
        .collect();
    assert_eq!(r.series::<&str>("t2").unwrap(), t2.as_slice());
}

/// C6: "`const(1)` ticks at `st`. `const(2, delay=1s)` ticks at `st+1s`."
#[test]
fn c6_const_ticks_at_start_or_after_its_delay() {
    let g = Graph::new();
    g.output("c1", const_(&g, 1));
    g.output("c2", const_delayed(&g, 2, secs(1)));
    let r = common::run(&g, RunConfig::historical(st(), s(10))).unwrap();
    assert_eq!(r.series::<i32>("c1").unwrap(), &[(st(), 1)]);
    assert_eq!(r.series::<i32>("c2").unwrap(), &[(s(1), 2)]);
}

/// csp's `active_passive` node from `test_engine.test_active_passive`.
#[node]
fn active_passive(x: Ts<u64>, y: Ts<u64>) -> Ts<u64> {
    if ticked!(y) {
        if y % 2 == 1 {
            make_passive!(x);
        } else {
            make_active!(x);
        }
    }
    if ticked!(x) {
        return x;
    }
}

/// C11: "`x = count(timer(1s))`, `y = count(timer(1.01s))`. The node makes `x` passive on
/// odd `num_ticks(y)` and active on even ones. Over 10 s it gives
/// `[(1,1),(3,3),(5,5),(7,7),(9,9)]`."
#[test]
fn c11_a_passive_input_does_not_trigger_its_node() {
    let g = Graph::new();
    let x = count(timer(&g, secs(1), true));
    let y = count(timer(&g, millis(1010), true));
    g.output("out", active_passive(&x, &y));
    let r = common::run(&g, RunConfig::historical(st(), s(10))).unwrap();
    assert_eq!(
        r.series::<u64>("out").unwrap(),
        &[(s(1), 1), (s(3), 3), (s(5), 5), (s(7), 7), (s(9), 9)]
    );
}

/// Reports whether its passive input ticked when the active one triggers it.
#[node]
fn saw_passive_tick(x: Ts<i32>, y: Ts<i32>) -> Ts<bool> {
    start! { make_passive!(x); }
    if ticked!(y) {
        return ticked!(x);
    }
}

/// Spec 1.3 [verified]: "at t=2, x passive and y active both tick and the node sees
/// `x_ticked=True`."
#[test]
fn c11_a_passive_input_still_reports_ticked() {
    let g = Graph::new();
    let x = curve(&g, vec![(s(1), 1), (s(2), 2)]);
    let y = curve(&g, vec![(s(2), 1), (s(3), 2)]);
    g.output("seen", saw_passive_tick(&x, &y));
    let r = common::run(&g, RunConfig::historical(st(), s(5))).unwrap();
    assert_eq!(
        r.series::<bool>("seen").unwrap(),
        &[(s(2), true), (s(3), false)]
    );
}

/// Replies to each command one second later (test_engine.test_feedback).
#[node]
fn responder(cmd: Ts<String>) -> Ts<String> {
    alarms! { let reply: Alarm<String>; }
    if ticked!(cmd) {
        schedule_alarm!(reply, secs(1), format!("ack{cmd}"));
    }
    if ticked!(reply) {
        return reply.clone();
    }
}

/// C12: "Commands `"0".."9"` at 0..9 s; replies are `"ack"+cmd` via a 1 s alarm and fed
/// back. The responses are `[(st+(x+1)s, Reply("ack%d"%x)) for x in range(10)]`. The same
/// list appears in `add_graph_output` of `fb.out()` and of `reply`."
#[test]
fn c12_feedback_delivers_every_reply_at_its_time() {
    let g = Graph::new();
    let cmds = curve(
        &g,
        (0..10).map(|i| (s(i), i.to_string())).collect::<Vec<_>>(),
    );
    let fb = Feedback::<String>::new(&g, "reply");
    let reply = responder(&cmds);
    fb.bind(&reply);
    g.output("fb", fb.out());
    g.output("reply", &reply);
    let r = common::run(&g, RunConfig::historical(st(), s(20))).unwrap();
    let expected: Vec<(Time, String)> = (0..10).map(|i| (s(i + 1), format!("ack{i}"))).collect();
    assert_eq!(r.series::<String>("fb").unwrap(), expected.as_slice());
    assert_eq!(r.series::<String>("reply").unwrap(), expected.as_slice());
}

/// Counts up through a feedback loop while below 3.
#[node]
fn counter(init: Ts<i64>, fb: Ts<i64>) -> Ts<i64> {
    if ticked!(init) {
        return init;
    }
    if ticked!(fb) && fb < 3 {
        return fb + 1;
    }
}

/// C12 [verified]: "`c = counter(const(0), fb.out())` ... with `fb.bind(c)`. It gives
/// `[(0,0),(0,1),(0,2),(0,3)]`: four cycles at t=0."
#[test]
fn c12_a_feedback_tick_lands_in_the_next_cycle_at_the_same_time() {
    let g = Graph::new();
    let fb = g.feedback::<i64>("loop");
    let c = counter(const_(&g, 0), fb.out());
    fb.bind(&c);
    g.output("c", &c);
    let r = common::run(&g, RunConfig::historical(st(), s(1))).unwrap();
    assert_eq!(
        r.series::<i64>("c").unwrap(),
        &[(st(), 0), (st(), 1), (st(), 2), (st(), 3)]
    );
    assert_eq!(
        r.stats().cycles,
        5,
        "four emitting cycles plus the one where fb=3 is absorbed"
    );
}

/// C12: "`fb.bind` twice raises `"csp.feedback is already bound"`".
#[test]
fn c12_binding_a_feedback_twice_is_an_error() {
    let g = Graph::new();
    let fb = Feedback::<i64>::new(&g, "loop");
    let x = const_(&g, 1i64);
    fb.bind(&x);
    fb.bind(&x);
    g.output("fb", fb.out());
    let err = common::run(&g, RunConfig::historical(st(), s(1))).unwrap_err();
    assert!(
        matches!(&err, Error::FeedbackAlreadyBound { name } if name.contains("loop")),
        "{err}"
    );
}

/// C12: "an unbound feedback raises `"unbound csp.feedback used in graph"`."
#[test]
fn c12_an_unbound_feedback_in_use_is_an_error() {
    let g = Graph::new();
    let fb = Feedback::<i64>::new(&g, "loop");
    g.output("n", count(fb.out()));
    let err = common::run(&g, RunConfig::historical(st(), s(1))).unwrap_err();
    assert!(
        matches!(&err, Error::UnboundFeedback { name } if name.contains("loop")),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "unbound feedback 'feedback(loop)' used in graph"
    );
}

/// Stops the engine on the n-th tick of `x`.
#[node]
fn stop_after(x: Ts<u64>, n: u64) -> Ts<u64> {
    if ticked!(x) {
        if x == n {
            stop_engine!();
        }
        return x;
    }
}

/// C15: "`stop_engine()` at the 5th tick of `timer(1s)` gives 5 ticks."
#[test]
fn c15_stop_engine_in_a_node_ends_the_run_after_the_cycle() {
    let g = Graph::new();
    g.output("n", stop_after(count(timer(&g, secs(1), ())), 5));
    let r = common::run(&g, RunConfig::historical(st(), s(100))).unwrap();
    assert_eq!(r.values::<u64>("n").unwrap(), vec![1, 2, 3, 4, 5]);
}

/// C15: "`csp.stop_engine(const(True, delay=5s))` alongside `timer(1s)` gives 5 ticks."
#[test]
fn c15_stop_engine_on_a_tick_ends_the_run() {
    let g = Graph::new();
    g.output("t", timer(&g, secs(1), 1));
    stop_engine(const_delayed(&g, true, secs(5)));
    let r = common::run(&g, RunConfig::historical(st(), s(100))).unwrap();
    assert_eq!(r.series::<i32>("t").unwrap().len(), 5);
}

/// Records `now!()` in its stop block, and its start time.
#[node]
fn stop_time_probe(x: Ts<u64>, stop_limit: u64) -> outputs!(started: Ts<Time>, stopped: Ts<Time>) {
    state! { let mut seen_start = None; }
    start! { seen_start = Some(now!()); }
    stop! {
        STOP_SEEN.with(|c| c.set(Some((seen_start, now!()))));
    }
    if ticked!(x) && x == stop_limit {
        stop_engine!();
    }
}

thread_local! {
    static STOP_SEEN: std::cell::Cell<Option<(Option<Time>, Time)>> = const { std::cell::Cell::new(None) };
}

fn stop_times(stop_limit: u64, end: Time) -> (Option<Time>, Time) {
    STOP_SEEN.with(|c| c.set(None));
    let g = Graph::new();
    let p = stop_time_probe(count(timer(&g, secs(1), ())), stop_limit);
    g.output("started", &p.started);
    common::run(&g, RunConfig::historical(st(), end)).unwrap();
    STOP_SEEN.with(|c| c.get()).expect("stop block ran")
}

/// C15: "In the stop block, `csp.now()` equals `endtime`, or equals the time of the
/// `stop_engine` call if that came earlier." Spec 1.2: "Inside `start`, `csp.now()` equals
/// the engine start time."
#[test]
fn c15_stop_blocks_see_the_final_engine_time() {
    assert_eq!(stop_times(5, s(10)), (Some(st()), s(5)));
    assert_eq!(stop_times(100, s(10)), (Some(st()), s(10)));
    // The end time is inclusive even when no event falls on it.
    assert_eq!(stop_times(100, s(10) + millis(500)), (Some(st()), s(10)));
}
