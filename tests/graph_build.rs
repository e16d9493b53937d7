//! Graph building and scheduling: pruning, ranks, one execution per node per cycle,
//! generic nodes, hand-written nodes beside `#[node]` ones, and graph reuse.

mod common;

use tickgraph::prelude::*;

fn st() -> Time {
    Time::ymd_hms(2020, 1, 1, 0, 0, 0)
}

fn s(n: i64) -> Time {
    st() + secs(n)
}

/// Passes any value through (a generic node).
#[node]
fn pass<T: Value>(x: Ts<T>) -> Ts<T> {
    if ticked!(x) {
        return x.clone();
    }
}

/// Adds its inputs once both are valid (csp's binary-op validity rule).
#[node]
fn add(x: Ts<i64>, y: Ts<i64>) -> Ts<i64> {
    if valid!(x, y) {
        return x + y;
    }
}

/// Spec 3.2 / C14 [verified]: "x = 1, 2, 3, 4 at 1–4 s and y = 1, 2 at 2, 4 s: `x+y ->
/// [(2,3),(3,4),(4,6)]`".
#[test]
fn a_node_with_two_inputs_runs_once_when_both_tick() {
    let g = Graph::new();
    let x = curve(&g, (1..=4).map(|i| (s(i), i)).collect::<Vec<_>>());
    let y = curve(&g, vec![(s(2), 1i64), (s(4), 2)]);
    g.output("sum", add(&x, &y));
    let r = common::run(&g, RunConfig::historical(st(), s(5))).unwrap();
    assert_eq!(
        r.series::<i64>("sum").unwrap(),
        &[(s(2), 3), (s(3), 4), (s(4), 6)]
    );
    assert_eq!(
        r.stats().node_executions,
        4,
        "the node ran once per cycle, also when both inputs ticked"
    );
}

/// A diamond `x -> (a, b) -> c`: c sees both branches in the same cycle and runs once.
#[test]
fn a_diamond_runs_its_join_once_per_cycle_after_both_branches() {
    let g = Graph::new();
    let x = curve(&g, (1..=3).map(|i| (s(i), i)).collect::<Vec<_>>());
    let a = pass(&x);
    let b = pass(pass(&x));
    g.output("c", add(&a, &b));
    let r = common::run(&g, RunConfig::historical(st(), s(5))).unwrap();
    assert_eq!(
        r.series::<i64>("c").unwrap(),
        &[(s(1), 2), (s(2), 4), (s(3), 6)]
    );
    assert_eq!(r.stats().node_executions, 3 * 4);
}

/// Spec 1.1: "Only nodes reachable backwards from a sink survive."
#[test]
fn nodes_that_reach_no_output_are_pruned_and_never_run() {
    let g = Graph::new();
    let x = curve(&g, (1..=3).map(|i| (s(i), i)).collect::<Vec<_>>());
    let _unused = pass(pass(&x));
    g.output("x", count(&x));
    let r = common::run(&g, RunConfig::historical(st(), s(5))).unwrap();
    assert_eq!(r.stats().node_executions, 3, "only count ran");

    let g = Graph::new();
    let _unused = count(timer(&g, secs(1), ()));
    let r = common::run(&g, RunConfig::historical(st(), s(1_000_000))).unwrap();
    assert_eq!(r.stats().cycles, 0, "a graph without outputs does no work");
}

#[test]
fn generic_nodes_work_for_any_value_type() {
    let g = Graph::new();
    g.output("s", pass(const_(&g, "text".to_string())));
    g.output("v", pass(const_(&g, vec![1u8, 2])));
    let r = common::run(&g, RunConfig::historical(st(), st())).unwrap();
    assert_eq!(
        r.series::<String>("s").unwrap(),
        &[(st(), "text".to_string())]
    );
    assert_eq!(r.series::<Vec<u8>>("v").unwrap(), &[(st(), vec![1, 2])]);
}

/// The same doubling node, written by hand.
struct Double {
    x: Input<i64>,
    out: Output<i64>,
}

impl Node for Double {
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if self.x.ticked(ctx) {
            self.out.tick(ctx, *self.x.current(ctx) * 2)?;
        }
        Ok(())
    }
}

fn double(x: &Ts<i64>) -> Ts<i64> {
    let mut n = x.graph().add_node("double");
    let xi = n.input("x", x);
    let out = n.output::<i64>();
    let ts = n.ts(out);
    n.finish(move |w| {
        Ok(Box::new(Double {
            x: w.input(xi),
            out: w.output(out),
        }))
    });
    ts
}

/// The same doubling node, written with the macro.
#[node]
fn double_macro(x: Ts<i64>) -> Ts<i64> {
    if ticked!(x) {
        return x * 2;
    }
}

#[test]
fn hand_written_and_macro_nodes_mix_and_agree() {
    let g = Graph::new();
    let x = curve(&g, (1..=3).map(|i| (s(i), i)).collect::<Vec<_>>());
    g.output("hand", double_macro(double(&x)));
    g.output("macro", double(&double_macro(&x)));
    let r = common::run(&g, RunConfig::historical(st(), s(5))).unwrap();
    assert_eq!(
        r.series::<i64>("hand").unwrap(),
        r.series::<i64>("macro").unwrap()
    );
    assert_eq!(r.values::<i64>("hand").unwrap(), vec![4, 8, 12]);
}

/// Counts its own invocations in state.
#[node]
fn invocations(x: Ts<()>) -> Ts<u64> {
    state! { let mut n = 0; }
    if ticked!(x) {
        n += 1;
        return n;
    }
}

#[test]
fn a_graph_runs_again_with_fresh_state_and_another_range() {
    let g = Graph::new();
    g.output("n", invocations(timer(&g, secs(1), ())));
    let first = common::run(&g, RunConfig::historical(st(), s(3))).unwrap();
    let second = common::run(&g, RunConfig::historical(st(), s(5))).unwrap();
    assert_eq!(first.values::<u64>("n").unwrap(), vec![1, 2, 3]);
    assert_eq!(second.values::<u64>("n").unwrap(), vec![1, 2, 3, 4, 5]);
}

/// A node may emit an output and read it back through a consumer in the same cycle.
#[test]
fn consumers_of_a_long_chain_see_each_tick_in_the_same_cycle() {
    let g = Graph::new();
    let mut x = curve(&g, (1..=3).map(|i| (s(i), i)).collect::<Vec<_>>());
    for _ in 0..200 {
        x = pass(&x);
    }
    g.output("x", &x);
    let r = common::run(&g, RunConfig::historical(st(), s(5))).unwrap();
    assert_eq!(
        r.series::<i64>("x").unwrap(),
        &[(s(1), 1), (s(2), 2), (s(3), 3)]
    );
    assert_eq!(r.stats().cycles, 3);
    assert_eq!(r.stats().node_executions, 600);
}

/// Reports in its start block whether its input claims to have ticked.
#[node]
fn ticked_at_start(x: Ts<i64>) -> Ts<bool> {
    state! { let mut at_start = None; }
    start! { at_start = Some(ticked!(x) || valid!(x)); }
    if ticked!(x) {
        return at_start.expect("start ran");
    }
}

#[test]
fn inputs_have_not_ticked_in_start_blocks() {
    let g = Graph::new();
    g.output("x", ticked_at_start(const_(&g, 1)));
    let r = common::run(&g, RunConfig::historical(st(), s(1))).unwrap();
    assert_eq!(r.series::<bool>("x").unwrap(), &[(st(), false)]);
}
