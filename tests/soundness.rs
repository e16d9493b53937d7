//! Safe code cannot reach freed memory or another run's engine through the node API
//! (issue 11's cases). A borrow kept past the cycle is a compile error (`tests/ui/fail/
//! keep_input_borrow.rs`); the rest are typed errors from `run`, never a panic.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use tickgraph::prelude::*;

fn st() -> Time {
    Time::ymd_hms(2022, 1, 1, 0, 0, 0)
}

/// A slot to smuggle a handle out of one graph's wiring and into another graph's node.
type Smuggled<H> = Rc<RefCell<Option<H>>>;

/// A graph whose node's factory hands its alarm and input to `stash` (the node keeps
/// nothing). Running it once mints the handles.
fn graph_leaking_handles(alarm: &Smuggled<Alarm<i64>>, input: &Smuggled<Input<i64>>) -> Graph {
    let g = Graph::new();
    let x = curve(&g, vec![(st(), 1i64)]);
    let mut n = g.add_node("leaker");
    let xi = n.input("x", &x);
    let ai = n.alarm::<i64>("a");
    n.sink();
    let (alarm, input) = (alarm.clone(), input.clone());
    n.finish(move |w| {
        *alarm.borrow_mut() = Some(w.alarm(ai));
        *input.borrow_mut() = Some(w.input(xi));
        Ok(Box::new(Idle))
    });
    g
}

struct Idle;

impl Node for Idle {
    fn execute(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        Ok(())
    }
}

/// Runs `body` inside a node of a fresh graph, on one tick.
fn run_in_thief(
    body: impl Fn(&mut Ctx) -> Result<(), NodeError> + Clone + 'static,
) -> tickgraph::Result<RunResult> {
    struct Thief<F>(F);
    impl<F: FnMut(&mut Ctx) -> Result<(), NodeError> + 'static> Node for Thief<F> {
        fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
            (self.0)(ctx)
        }
    }
    let g = Graph::new();
    let trigger = curve(&g, vec![(st(), ())]);
    let mut n = g.add_node("thief");
    n.input("trigger", &trigger);
    n.sink();
    n.finish(move |_| Ok(Box::new(Thief(body.clone()))));
    g.run(RunConfig::historical(st(), st() + secs(1)))
}

/// Whether a node error's cause is the engine error `pred` expects.
fn cause(source: &NodeError, pred: impl Fn(&Error) -> bool) -> bool {
    source.downcast_ref::<Error>().is_some_and(pred)
}

/// Asserts that `e` is node `node`'s error, caused by what `pred` expects.
fn assert_node_error(e: Error, node: &str, pred: impl Fn(&Error) -> bool) {
    match &e {
        Error::Node {
            node: n, source, ..
        } if n == node && cause(source, pred) => {}
        _ => panic!("expected an error of node {node} with the expected cause, got {e:?}"),
    }
}

/// Issue 11: "an `Alarm` handle taken from one graph's `Wiring` and used while another
/// graph runs carries a foreign source id into `get_unchecked` in the engine loop". Now
/// scheduling it is a typed error naming the node.
#[test]
fn an_alarm_of_another_graph_is_refused_with_a_typed_error() {
    let (alarm, input) = (Rc::default(), Rc::default());
    let leaker = graph_leaking_handles(&alarm, &input);
    leaker
        .run(RunConfig::historical(st(), st() + secs(1)))
        .unwrap();
    let stolen = alarm.clone();
    let e = run_in_thief(move |ctx| {
        let a = stolen.borrow();
        a.as_ref().expect("minted").schedule(ctx, secs(0), 7)?;
        Ok(())
    })
    .unwrap_err();
    assert_node_error(e, "thief", |c| matches!(c, Error::ForeignRunHandle { .. }));
}

/// The same for an input: `value` (and the history and activity calls) refuse another
/// run's input with a typed error. The hot reads `get` and `current` skip the check: they
/// see that run's last value, which no write of this run can touch (outputs refuse a
/// foreign context), so the read is sound.
#[test]
fn an_input_of_another_graph_is_refused_with_a_typed_error() {
    let (alarm, input) = (Rc::default(), Rc::default());
    let leaker = graph_leaking_handles(&alarm, &input);
    leaker
        .run(RunConfig::historical(st(), st() + secs(1)))
        .unwrap();
    let stolen = input.clone();
    let e = run_in_thief(move |ctx| {
        let x = stolen.borrow();
        let x = x.as_ref().expect("minted");
        assert_eq!(x.get(ctx), Some(&1), "the other run's last value");
        x.value(ctx)?;
        Ok(())
    })
    .unwrap_err();
    assert_node_error(e, "thief", |c| matches!(c, Error::ForeignRunHandle { .. }));
}

/// A handle kept from an earlier run of the same graph belongs to that run only.
#[test]
fn a_handle_kept_from_an_earlier_run_of_the_same_graph_is_refused() {
    let kept: Smuggled<Output<i64>> = Rc::default();
    let g = Graph::new();
    let x = curve(&g, vec![(st(), 1i64)]);
    let mut n = g.add_node("writer");
    n.input("x", &x);
    let out = n.output::<i64>();
    let ts = n.ts(out);
    let slot = kept.clone();
    struct Writer {
        kept: Smuggled<Output<i64>>,
        mine: Option<Output<i64>>,
    }
    impl Node for Writer {
        fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
            match self.mine.take() {
                // First run: hand the writer out and keep nothing.
                Some(o) => *self.kept.borrow_mut() = Some(o),
                // Second run: tick the first run's writer.
                None => self.kept.borrow().as_ref().expect("kept").tick(ctx, 5)?,
            }
            Ok(())
        }
    }
    let runs = Rc::new(Cell::new(0));
    n.finish(move |w| {
        runs.set(runs.get() + 1);
        let o = w.output(out);
        Ok(Box::new(Writer {
            kept: slot.clone(),
            mine: (runs.get() == 1).then_some(o),
        }))
    });
    g.output("y", &ts);
    let config = RunConfig::historical(st(), st() + secs(1));
    assert!(
        g.run(config.clone())
            .unwrap()
            .series::<i64>("y")
            .unwrap()
            .is_empty()
    );
    assert_node_error(g.run(config).unwrap_err(), "writer", |c| {
        matches!(c, Error::ForeignRunHandle { .. })
    });
}

/// Issue 11: "`Wiring::output` can mint two writers of one cell". Now the second is
/// refused and the run fails before it starts, naming the node.
#[test]
fn a_second_writer_of_one_output_fails_the_run_before_it_starts() {
    let g = Graph::new();
    let x = curve(&g, vec![(st(), 1i64)]);
    let mut n = g.add_node("two_writers");
    n.input("x", &x);
    let out = n.output::<i64>();
    let ts = n.ts(out);
    n.finish(move |w| {
        let _first = w.output(out);
        let _second = w.output(out);
        Ok(Box::new(Idle))
    });
    g.output("y", &ts);
    let e = g
        .run(RunConfig::historical(st(), st() + secs(1)))
        .unwrap_err();
    assert_node_error(e, "two_writers", |c| matches!(c, Error::Wiring { .. }));
}

/// An id declared by one node and resolved in another node's wiring is refused.
#[test]
fn an_id_of_another_node_is_refused_by_the_wiring() {
    let g = Graph::new();
    let x = curve(&g, vec![(st(), 1i64)]);
    let mut a = g.add_node("a");
    let a_out = a.output::<i64>();
    let a_ts = a.ts(a_out);
    a.finish(move |_| Ok(Box::new(Idle)));
    let mut b = g.add_node("b");
    b.input("x", &x);
    b.input("a", &a_ts);
    b.sink();
    b.finish(move |w| {
        let _stolen = w.output(a_out);
        Ok(Box::new(Idle))
    });
    let e = g
        .run(RunConfig::historical(st(), st() + secs(1)))
        .unwrap_err();
    assert_node_error(e, "b", |c| matches!(c, Error::Wiring { .. }));
}

thread_local! {
    static DROPS: Cell<u32> = const { Cell::new(0) };
}

/// An alarm value whose `Drop` is user code: counts, and panics for one value.
#[derive(Clone)]
struct Loud(i64);

impl Drop for Loud {
    fn drop(&mut self) {
        DROPS.with(|d| d.set(d.get() + 1));
        if self.0 == 13 && !std::thread::panicking() {
            panic!("value 13 refuses to be dropped");
        }
    }
}

/// Issue 11: "dropping alarm values in `clear()` runs user `Drop` code inside a closure
/// that assumes no user code runs". Pending values are now moved out of the slot table
/// and dropped after it is released: every pending value is dropped once, and a `Drop`
/// that panics ends the run with a typed error naming the alarm's source.
#[test]
fn pending_alarm_values_are_dropped_outside_the_slot_table_and_a_panicking_drop_is_an_error() {
    #[node]
    fn arm_far(x: Ts<i64>) {
        alarms! {
            let a: Alarm<Loud>;
        }
        if ticked!(x) {
            schedule_alarm!(a, secs(100), Loud(x));
            schedule_alarm!(a, secs(200), Loud(x + 1));
        }
    }
    let run = |values: Vec<i64>| {
        DROPS.with(|d| d.set(0));
        let g = Graph::new();
        let ticks: Vec<(Time, i64)> = values
            .iter()
            .enumerate()
            .map(|(i, v)| (st() + millis(i as i64), *v))
            .collect();
        arm_far(curve(&g, ticks));
        let r = g.run(RunConfig::historical(st(), st() + secs(1)));
        (r, DROPS.with(|d| d.get()))
    };
    let (r, drops) = run(vec![1, 3, 5]);
    r.unwrap();
    assert_eq!(drops, 6, "each of the six pending values is dropped once");
    let (r, _) = run(vec![1, 12]);
    assert_node_error(r.unwrap_err(), "arm_far.a", |c| {
        matches!(c, Error::Panic { .. })
    });
}
