//! Pipes (`x.map(f).filter(p)`): one node that ticks exactly as the chain of separate nodes
//! would, with errors naming the pipe's node and the engine time.

mod common;

use proptest::prelude::*;
use tickgraph::prelude::*;

fn st() -> Time {
    Time::ymd_hms(2020, 1, 1, 0, 0, 0)
}

fn s(n: i64) -> Time {
    st() + secs(n)
}

#[node]
fn times_k(x: Ts<i64>, k: i64) -> Ts<i64> {
    if ticked!(x) {
        return x * k;
    }
}

#[node]
fn keep_odd(x: Ts<i64>) -> Ts<i64> {
    if ticked!(x) && x % 2 != 0 {
        return x;
    }
}

/// `x + 1`, dropping the multiples of 5 first.
#[node]
fn successor_unless_multiple_of_5(x: Ts<i64>) -> Ts<i64> {
    if ticked!(x) && x % 5 != 0 {
        return x + 1;
    }
}

/// The running sum of `x`: a node taking a pipe as its input.
#[node]
fn running_sum(x: Ts<i64>) -> Ts<i64> {
    state! { let mut sum = 0; }
    if ticked!(x) {
        sum += x;
        return sum;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// On any input, `map → filter → filter_map` as one pipe and as three nodes tick at
    /// the same times with the same values, also as a node's input.
    #[test]
    fn a_pipe_ticks_as_the_separate_nodes_would(
        ticks in proptest::collection::vec((0i64..4, -50i64..50), 0..40),
    ) {
        // Strictly increasing times, some a second apart, some further.
        let mut t = 0;
        let data: Vec<(Time, i64)> = ticks
            .iter()
            .map(|(gap, v)| {
                t += 1 + gap;
                (s(t), *v)
            })
            .collect();
        let g = Graph::new();
        let x = curve(&g, data);
        let piped = x
            .map(|v| v * 3)
            .filter(|v| v % 2 != 0)
            .filter_map(|v| (v % 5 != 0).then_some(v + 1));
        let nodes = successor_unless_multiple_of_5(keep_odd(times_k(&x, 3)));
        g.output("piped", piped);
        g.output("nodes", nodes);
        g.output("summed", running_sum(x.map(|v| v * 3).filter(|v| v % 2 != 0)));
        g.output("summed_nodes", running_sum(keep_odd(times_k(&x, 3))));
        let r = common::run(&g, RunConfig::historical(st(), s(1000))).unwrap();
        prop_assert_eq!(r.series::<i64>("piped").unwrap(), r.series::<i64>("nodes").unwrap());
        prop_assert_eq!(
            r.series::<i64>("summed").unwrap(),
            r.series::<i64>("summed_nodes").unwrap()
        );
    }
}

#[test]
fn stages_run_in_order_and_a_dropped_value_ticks_nothing() {
    let g = Graph::new();
    let x = curve(&g, (1..=6).map(|v| (s(v), v)).collect::<Vec<_>>());
    let y = x
        .filter(|v| v % 2 == 0) // 2, 4, 6
        .map(|v| v * 10) // 20, 40, 60
        .filter_map(|v| (*v != 40).then(|| format!("<{v}>")));
    assert_eq!(y.name(), "filter.map.filter_map");
    g.output("y", y);
    let r = common::run(&g, RunConfig::historical(st(), s(10))).unwrap();
    assert_eq!(
        r.series::<String>("y").unwrap(),
        &[(s(2), "<20>".to_string()), (s(6), "<60>".to_string())]
    );
}

#[test]
fn a_failing_stage_stops_the_run_naming_the_pipe_and_the_time() {
    let g = Graph::new();
    let x = curve(&g, (1..=5).map(|v| (s(v), v)).collect::<Vec<_>>());
    let y = x.map(|v| v - 3).try_map(|v| {
        if *v == 0 {
            Err("division by zero".into())
        } else {
            Ok(12 / v)
        }
    });
    g.output("y", y);
    let err = common::run(&g, RunConfig::historical(st(), s(10))).unwrap_err();
    match &err {
        Error::Node { node, time, source } => {
            assert_eq!((node.as_str(), *time), ("map.try_map", s(3)));
            assert_eq!(source.to_string(), "division by zero");
        }
        other => panic!("expected a node error, got {other}"),
    }
}

#[test]
fn a_stage_s_captured_state_starts_afresh_in_each_run() {
    let g = Graph::new();
    let x = curve(&g, (1..=3).map(|v| (s(v), v)).collect::<Vec<_>>());
    let mut seen = 0;
    let numbered = x.map(move |v| {
        seen += 1;
        (seen, *v)
    });
    g.output("n", numbered);
    let expected = vec![(1, 1), (2, 2), (3, 3)];
    for _ in 0..2 {
        let r = g.run(RunConfig::historical(st(), s(10))).unwrap();
        assert_eq!(r.values::<(i32, i64)>("n").unwrap(), expected);
    }
}
