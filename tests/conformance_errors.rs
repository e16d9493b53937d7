//! Conformance with csp's error surface: spec case C20 (`../shared/spec/csp-semantics.md`
//! section 5.2) and section 2.4 "Exceptions": every error names the node and the engine
//! time, aborts the run, and stop blocks of started nodes still run.

use std::cell::RefCell;
mod common;

use tickgraph::prelude::*;

fn st() -> Time {
    Time::ymd_hms(2020, 1, 1, 0, 0, 0)
}

fn s(n: i64) -> Time {
    st() + secs(n)
}

/// Splits a node error into (node, time, inner engine error if any).
fn node_error(err: &Error) -> (&str, Time, Option<&Error>) {
    match err {
        Error::Node { node, time, source } => {
            (node.as_str(), *time, source.downcast_ref::<Error>())
        }
        other => panic!("expected a node error, got {other}"),
    }
}

/// Emits twice on its output in one cycle.
#[node]
fn emit_twice(x: Ts<i64>) -> Ts<i64> {
    if ticked!(x) {
        output!(x);
        output!(x + 1);
    }
}

/// C20: "Output twice in one cycle" (`RuntimeException: Attempted to output twice on the
/// same engine cycle at time …`).
#[test]
fn c20_emitting_twice_in_one_cycle_is_an_error() {
    let g = Graph::new();
    g.output("x", emit_twice(curve(&g, vec![(s(2), 1i64)])));
    let err = common::run(&g, RunConfig::historical(st(), s(5))).unwrap_err();
    let (node, time, inner) = node_error(&err);
    assert_eq!((node, time), ("emit_twice", s(2)));
    assert!(matches!(inner, Some(Error::OutputTwice { .. })));
    assert!(
        err.to_string()
            .contains("attempted to output twice on the same engine cycle"),
        "{err}"
    );
}

/// Schedules an alarm one second in the past.
#[node]
fn schedule_in_past(x: Ts<bool>) -> Ts<bool> {
    alarms! { let a: Alarm<bool>; }
    if ticked!(x) {
        schedule_alarm!(a, -secs(1), true);
    }
    if ticked!(a) {
        return true;
    }
}

/// C20: "Alarm scheduled in the past" (`ValueError: Cannot schedule event in the past. new
/// time: … now: …`).
#[test]
fn c20_scheduling_an_alarm_in_the_past_is_an_error() {
    let g = Graph::new();
    g.output("x", schedule_in_past(const_delayed(&g, true, secs(3))));
    let err = common::run(&g, RunConfig::historical(st(), s(5))).unwrap_err();
    let (node, time, inner) = node_error(&err);
    assert_eq!((node, time), ("schedule_in_past", s(3)));
    assert!(
        matches!(inner, Some(Error::ScheduleInPast { requested, now }) if *requested == s(2) && *now == s(3))
    );
    assert!(
        err.to_string()
            .contains("cannot schedule event in the past"),
        "{err}"
    );
}

/// Passes its input through.
#[node]
fn ident(x: Ts<i64>) -> Ts<i64> {
    if ticked!(x) {
        return x;
    }
}

/// C20 / spec 1.13: "A cycle through DelayedEdges (`Illegal cycle found in graph, path: **
/// ident -> ident -> ident ** -> GraphOutputAdapter`)".
#[test]
fn c20_a_cycle_through_delayed_edges_is_an_error_with_its_path() {
    let g = Graph::new();
    let d = g.delayed_edge::<i64>("delayed");
    let a = ident(d.ts());
    let b = ident(&a);
    let c = ident(&b);
    d.bind(&c);
    g.output("c", &c);
    let err = common::run(&g, RunConfig::historical(st(), s(1))).unwrap_err();
    let Error::Cycle { path } = &err else {
        panic!("expected a cycle, got {err}")
    };
    assert_eq!(path, "ident -> ident -> ident -> ident");
    assert!(
        err.to_string()
            .starts_with("illegal cycle found in graph, path: "),
        "{err}"
    );
}

/// Spec 1.13: "An unbound edge fails at build with `Encountered unbound DelayedEdge`.
/// Binding twice raises `Attempted to bind DelayedEdge multiple times…`."
#[test]
fn c20_delayed_edges_must_be_bound_exactly_once() {
    let g = Graph::new();
    let d = DelayedEdge::<i64>::new(&g, "pending");
    g.output("x", ident(d.ts()));
    let err = common::run(&g, RunConfig::historical(st(), s(1))).unwrap_err();
    assert!(
        matches!(&err, Error::UnboundDelayedEdge { name } if name == "pending"),
        "{err}"
    );

    let g = Graph::new();
    let d = DelayedEdge::<i64>::new(&g, "twice");
    d.bind(&const_(&g, 1));
    d.bind(&const_(&g, 2));
    g.output("x", ident(d.ts()));
    let err = common::run(&g, RunConfig::historical(st(), s(1))).unwrap_err();
    assert!(
        matches!(&err, Error::DelayedEdgeAlreadyBound { name } if name == "twice"),
        "{err}"
    );
}

/// C20: "`starttime` missing" (`RuntimeError: starttime argument is required`).
#[test]
fn c20_a_historical_run_without_a_start_time_is_an_error() {
    let g = Graph::new();
    g.output("x", const_(&g, 1));
    let err = common::run(&g, RunConfig::default().with_end(s(1))).unwrap_err();
    assert!(matches!(err, Error::Config(_)));
    assert!(
        err.to_string().contains("a start time is required"),
        "{err}"
    );
}

/// C20: "Duplicate graph output key" (`ValueError: graph output key "0" is already bound`).
#[test]
fn c20_a_duplicate_graph_output_name_is_an_error() {
    let g = Graph::new();
    g.output("0", const_(&g, 1));
    g.output("0", const_(&g, 2));
    let err = common::run(&g, RunConfig::historical(st(), s(1))).unwrap_err();
    assert_eq!(err.to_string(), "graph output key \"0\" is already bound");
}

/// C20: "Wrong output type". Returning a value of the wrong type from a node is a compile
/// error (pinned by the trybuild fixtures in tests/ui); reading a graph output as the wrong
/// type is a typed error.
#[test]
fn c20_reading_a_graph_output_as_the_wrong_type_is_an_error() {
    let g = Graph::new();
    g.output("x", const_(&g, 1i64));
    let r = common::run(&g, RunConfig::historical(st(), s(1))).unwrap();
    let err = r.series::<String>("x").unwrap_err();
    assert!(
        matches!(&err, Error::OutputType { actual: "i64", .. }),
        "{err}"
    );
    assert!(matches!(
        r.series::<i64>("y"),
        Err(Error::UnknownOutput { .. })
    ));
}

thread_local! {
    static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn log(entry: String) {
    LOG.with(|l| l.borrow_mut().push(entry));
}

fn take_log() -> Vec<String> {
    LOG.with(|l| std::mem::take(&mut *l.borrow_mut()))
}

/// Logs its start and stop; panics, or fails with `?`, on tick `fail_at`.
#[node]
fn fragile(x: Ts<u64>, tag: &'static str, fail_at: u64, panic: bool) -> Ts<u64> {
    start! { log(format!("start {tag}")); }
    stop! { log(format!("stop {tag} at {}", now!())); }
    if ticked!(x) {
        if x == fail_at {
            if panic {
                panic!("boom");
            }
            let n: i32 = "not a number".parse()?;
            return n as u64;
        }
        return x;
    }
}

/// Spec 2.4: "An exception raised in a node ... aborts the run. `stop()` is called on
/// everything that started, then the exception is re-raised ... e.g. `ValueError: boom at
/// 2020-01-01 00:00:02`."
#[test]
fn a_panicking_node_aborts_the_run_and_started_nodes_still_stop() {
    take_log();
    let g = Graph::new();
    let n = count(timer(&g, secs(1), ()));
    g.output("a", fragile(&n, "a", 2, true));
    g.output("b", fragile(&n, "b", 100, false));
    let err = g.run(RunConfig::historical(st(), s(10))).unwrap_err();
    let (node, time, inner) = node_error(&err);
    assert_eq!((node, time), ("fragile", s(2)));
    assert!(matches!(inner, Some(Error::Panic { message }) if message == "boom"));
    assert_eq!(
        take_log(),
        vec![
            "start a",
            "start b",
            "stop a at 2020-01-01 00:00:02",
            "stop b at 2020-01-01 00:00:02"
        ]
    );
}

/// Spec 2.4: a node body that returns an error (here through `?`) aborts the run the same way.
#[test]
fn a_node_error_from_question_mark_names_node_and_time() {
    take_log();
    let g = Graph::new();
    g.output("a", fragile(count(timer(&g, secs(1), ())), "a", 3, false));
    let err = g.run(RunConfig::historical(st(), s(10))).unwrap_err();
    let Error::Node { node, time, source } = &err else {
        panic!("{err}")
    };
    assert_eq!((node.as_str(), *time), ("fragile", s(3)));
    assert!(source.downcast_ref::<std::num::ParseIntError>().is_some());
    assert_eq!(
        err.to_string(),
        "node 'fragile' failed at 2020-01-01 00:00:03: invalid digit found in string"
    );
    assert_eq!(take_log(), vec!["start a", "stop a at 2020-01-01 00:00:03"]);
}

/// Fails in its start block.
#[node]
fn fails_to_start(x: Ts<u64>) -> Ts<u64> {
    start! {
        log("start failing".to_string());
        Err("no connection")?;
    }
    if ticked!(x) {
        return x;
    }
}

/// Spec 1.2: "The stop block ... only runs for nodes whose start succeeded
/// (`test_stop_cannot_be_called_without_start`)."
#[test]
fn only_nodes_that_started_are_stopped() {
    take_log();
    let g = Graph::new();
    let n = count(timer(&g, secs(1), ()));
    g.output("a", fragile(&n, "a", 100, false));
    g.output("f", fails_to_start(&n));
    g.output("b", fragile(&n, "b", 100, false));
    let err = g.run(RunConfig::historical(st(), s(10))).unwrap_err();
    let (node, time, _) = node_error(&err);
    assert_eq!((node, time), ("fails_to_start", st()));
    assert_eq!(
        take_log(),
        vec!["start a", "start failing", "stop a at 2020-01-01 00:00:00"]
    );
}

/// Reads `y` whenever `x` ticks, valid or not.
#[node]
fn read_unchecked(x: Ts<i64>, y: Ts<i64>) -> Ts<i64> {
    if ticked!(x) {
        return x + y;
    }
}

/// Spec 1.2: "Reading an input that has never ticked raises `UnboundLocalError`" — here a
/// typed error naming the input, node and time, never garbage.
#[test]
fn reading_an_input_before_it_ticked_is_an_error() {
    let g = Graph::new();
    let x = curve(&g, vec![(s(1), 1i64)]);
    let y = curve(&g, vec![(s(2), 2i64)]);
    g.output("z", read_unchecked(&x, &y));
    let err = common::run(&g, RunConfig::historical(st(), s(5))).unwrap_err();
    let (node, time, inner) = node_error(&err);
    assert_eq!((node, time), ("read_unchecked", s(1)));
    assert!(matches!(inner, Some(Error::NotValid { input }) if input == "y"));
}

/// Bad data: a curve out of time order fails the run naming the source, row and times.
#[test]
fn data_out_of_time_order_is_an_error_naming_the_row() {
    let g = Graph::new();
    g.output("x", curve(&g, vec![(s(1), 1), (s(3), 2), (s(2), 3)]));
    let err = common::run(&g, RunConfig::historical(st(), s(5))).unwrap_err();
    let (node, time, inner) = node_error(&err);
    assert_eq!(
        (node, time),
        ("curve", s(3)),
        "found when reading ahead after the 3 s tick"
    );
    assert!(
        matches!(inner, Some(Error::OutOfOrder { row: 2, .. })),
        "{err}"
    );
}

/// A non-positive timer interval is an argument error reported by `run`.
#[test]
fn a_timer_with_a_zero_interval_is_an_error() {
    let g = Graph::new();
    g.output("t", timer(&g, secs(0), 1));
    let err = common::run(&g, RunConfig::historical(st(), s(5))).unwrap_err();
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err}");
}

/// Yields 1 at 1 s, then panics when asked for the value after it.
struct PanicsOnSecondRead {
    reads: u32,
}

impl PullAdapter<i64> for PanicsOnSecondRead {
    fn next(&mut self) -> Result<Option<(Time, i64)>, NodeError> {
        self.reads += 1;
        if self.reads > 1 {
            panic!("feed broke");
        }
        Ok(Some((s(1), 1)))
    }
}

/// A source that panics while firing, among other sources due in the same cycle, fails
/// the run naming that source and the engine time.
#[test]
fn a_panicking_source_is_named_in_the_error() {
    let g = Graph::new();
    let a = curve(&g, vec![(s(1), 10i64), (s(2), 20)]);
    let b = pull_source(&g, "broken_feed", PushMode::LastValue, || {
        PanicsOnSecondRead { reads: 0 }
    });
    let c = curve(&g, vec![(s(1), 30i64)]);
    g.output("a", &a);
    g.output("b", &b);
    g.output("c", &c);
    let err = common::run(&g, RunConfig::historical(st(), s(5))).unwrap_err();
    let (node, time, inner) = node_error(&err);
    assert_eq!((node, time), ("broken_feed", s(1)));
    assert!(
        matches!(inner, Some(Error::Panic { message }) if message == "feed broke"),
        "{err}"
    );
}
