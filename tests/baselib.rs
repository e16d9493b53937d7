//! The basic library nodes against csp's verified outputs: spec cases C4 (merge) and C7
//! (sample), plus filter (`../shared/spec/csp-semantics.md` section 5.2).

mod common;

use tickgraph::prelude::*;

fn st() -> Time {
    Time::ymd_hms(2020, 1, 1, 0, 0, 0)
}

fn s(n: i64) -> Time {
    st() + secs(n)
}

fn pairs(v: &[(i64, i64)]) -> Vec<(Time, i64)> {
    v.iter().map(|(t, x)| (s(*t), *x)).collect()
}

/// C4: "`x = curve(int, [(2v s, 100v) for v in 1..5])`, `y = curve(int, [(v s, v) for v in
/// 1..5])`. `merge(x, y)` gives `[(1,1),(2,100),(3,3),(4,200),(5,5),(6,300),(8,400),(10,500)]`.
/// `merge(y, x)` gives `[(1,1),(2,2),(3,3),(4,4),(5,5),(6,300),(8,400),(10,500)]`."
#[test]
fn c4_merge_prefers_its_first_input_on_a_tie() {
    let g = Graph::new();
    let x = curve(&g, (1..=5).map(|v| (s(2 * v), 100 * v)).collect::<Vec<_>>());
    let y = curve(&g, (1..=5).map(|v| (s(v), v)).collect::<Vec<_>>());
    g.output("xy", merge(&x, &y));
    g.output("yx", merge(&y, &x));
    let r = common::run(&g, RunConfig::historical(st(), s(20))).unwrap();
    let xy = pairs(&[
        (1, 1),
        (2, 100),
        (3, 3),
        (4, 200),
        (5, 5),
        (6, 300),
        (8, 400),
        (10, 500),
    ]);
    let yx = pairs(&[
        (1, 1),
        (2, 2),
        (3, 3),
        (4, 4),
        (5, 5),
        (6, 300),
        (8, 400),
        (10, 500),
    ]);
    assert_eq!(r.series::<i64>("xy").unwrap(), xy.as_slice());
    assert_eq!(r.series::<i64>("yx").unwrap(), yx.as_slice());
}

/// C7: "`x = count(timer(1s))`, `trigger = timer(0.6s)`, endtime `st+3s` gives
/// `[(1.2,1),(1.8,1),(2.4,2),(3.0,3)]`. Note the same-cycle x tick at 3.0 s is seen."
#[test]
fn c7_sample_emits_the_current_value_on_each_trigger() {
    let g = Graph::new();
    let x = count(timer(&g, secs(1), ()));
    let trigger = timer(&g, millis(600), ());
    g.output("s", sample(&trigger, &x));
    let r = common::run(&g, RunConfig::historical(st(), s(3))).unwrap();
    let ms = |m| st() + millis(m);
    assert_eq!(
        r.series::<u64>("s").unwrap(),
        &[(ms(1200), 1), (ms(1800), 1), (ms(2400), 2), (ms(3000), 3)]
    );
}

/// Spec 3.1: "`filter(flag, x)`: `flag` passive; emit `x` if the flag is valid and True".
#[test]
fn filter_passes_values_while_the_flag_is_true() {
    let g = Graph::new();
    let flag = curve(&g, vec![(s(2), true), (s(4), false)]);
    let x = curve(&g, (1..=5).map(|v| (s(v), v)).collect::<Vec<_>>());
    g.output("f", filter(&flag, &x));
    let r = common::run(&g, RunConfig::historical(st(), s(10))).unwrap();
    assert_eq!(
        r.series::<i64>("f").unwrap(),
        pairs(&[(2, 2), (3, 3)]).as_slice()
    );
    assert_eq!(
        r.stats().node_executions,
        5,
        "the passive flag never triggers filter"
    );
}
