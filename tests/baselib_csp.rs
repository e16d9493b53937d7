//! baselib against the real csp: one graph of every baselib node, its outputs pasted from
//! csp 0.19.1 running the same graph (`tests/csp/baselib_cases.py`, run with
//! `python tests/csp/baselib_cases.py` in a venv with `pip install csp==0.19.1`). Times are
//! seconds after 2020-01-01. Spec C2 (unroll + sample) and C8 (default) are among them.

mod common;

use std::collections::BTreeMap;
use tickgraph::prelude::*;

fn st() -> Time {
    Time::ymd_hms(2020, 1, 1, 0, 0, 0)
}

fn at(seconds: f64) -> Time {
    st() + secs_f64(seconds)
}

fn series<T: Clone>(points: &[(f64, T)]) -> Vec<(Time, T)> {
    points.iter().map(|(t, v)| (at(*t), v.clone())).collect()
}

/// The graph of `tests/csp/baselib_cases.py`, output for output.
fn baselib_graph() -> Graph {
    let g = Graph::new();
    let o = |name: &str, x: Ts<i64>| g.output(name, &x);

    let lists = curve(
        &g,
        series(&[
            (0.0, vec![1, 2, 3]),
            (0.0, vec![4, 5]),
            (1.0, vec![6]),
            (1.0, vec![]),
        ]),
    );
    o("unroll", unroll(&lists));
    let u = unroll(const_(&g, vec![1i64, 2, 3]));
    o("c2_u", u.clone());
    o("c2_s", sample(const_(&g, true), &u));
    g.output("c2_count", count(&u));

    let x = curve(
        &g,
        (0..6).map(|i| (at(i as f64), i * i)).collect::<Vec<_>>(),
    );
    o("diff_t", diff(&x, secs(2)));
    o("diff_n", diff(&x, 2));
    o("delay_n", delay(&x, 1));
    o("delay_t", delay(&x, secs_f64(1.5)));
    let release = curve(
        &g,
        series(&[(1.0, false), (2.0, true), (4.0, false), (4.5, true)]),
    );
    g.output("gate", gate(&x, &release, false));
    g.output("gate_on_tick", gate(&x, &release, true));
    o("first_n", first_n(&x, 2));
    o("accum", accum(&x, 0));

    let d = curve(
        &g,
        series(&[
            (0.0, 1.0),
            (1.0, 1.0 + 1e-13),
            (2.0, f64::NAN),
            (3.0, f64::NAN),
            (4.0, 2.0),
        ]),
    );
    g.output("drop_dups", drop_dups(&d));
    let e = curve(&g, series(&[(0.0, 1.0), (1.0, 1.05), (2.0, 1.2)]));
    g.output("drop_dups_eps", drop_dups_eps(&e, 0.1));

    let flag = curve(&g, series(&[(1.0, true), (3.0, false)]));
    let parts = split(&flag, &x);
    o("split_t", parts.true_);
    o("split_f", parts.false_);

    let a = curve(&g, (0..6).map(|i| (at(i as f64), i)).collect::<Vec<_>>());
    let b = curve(
        &g,
        (0..6)
            .map(|i| (at(i as f64 + 0.5), 100 + i))
            .collect::<Vec<_>>(),
    );
    let key = curve(
        &g,
        series(&[(0.0, "a"), (2.2, "b"), (3.0, "z"), (4.0, "a")]),
    );
    let basket = BTreeMap::from([("a", a.clone()), ("b", b)]);
    o("mux", multiplex(&basket, &key, false, false));
    o("mux_idx", multiplex(&basket, &key, true, false));
    let out = demultiplex(&x, &key, ["a", "b"], false);
    o("demux_a", out["a"].clone());
    o("demux_b", out["b"].clone());
    let c = curve(&g, series(&[(0.0, 50), (2.0, 52)]));
    o("flatten", flatten(&[a, c]));

    o("default0", default(const_(&g, 123), 456, TimeDelta::zero()));
    let late = const_delayed(&g, 123, secs(1));
    o("default1", default(&late, 456, TimeDelta::zero()));
    o("default05", default(&late, 456, secs_f64(0.5)));
    o("default2", default(&late, 456, secs(2)));
    g
}

fn check(r: &RunResult, name: &str, expected: &[(f64, i64)]) {
    assert_eq!(r.series::<i64>(name).unwrap(), series(expected), "{name}");
}

/// Every output of the csp graph, as csp 0.19.1 printed it.
#[test]
fn every_baselib_node_ticks_as_in_csp() {
    let r = common::run(&baselib_graph(), RunConfig::historical(st(), at(10.0))).unwrap();
    check(
        &r,
        "unroll",
        &[(0.0, 1), (0.0, 2), (0.0, 3), (0.0, 4), (0.0, 5), (1.0, 6)],
    );
    // C2: "u: 1, 2, 3 and s: 1, all at 00:00:00. csp.count(u) gives 1, 2, 3."
    check(&r, "c2_u", &[(0.0, 1), (0.0, 2), (0.0, 3)]);
    check(&r, "c2_s", &[(0.0, 1)]);
    assert_eq!(r.values::<u64>("c2_count").unwrap(), vec![1, 2, 3]);
    check(&r, "diff_t", &[(2.0, 4), (3.0, 8), (4.0, 12), (5.0, 16)]);
    check(&r, "diff_n", &[(2.0, 4), (3.0, 8), (4.0, 12), (5.0, 16)]);
    check(
        &r,
        "delay_n",
        &[(1.0, 0), (2.0, 1), (3.0, 4), (4.0, 9), (5.0, 16)],
    );
    check(
        &r,
        "delay_t",
        &[(1.5, 0), (2.5, 1), (3.5, 4), (4.5, 9), (5.5, 16), (6.5, 25)],
    );
    assert_eq!(
        r.series::<Vec<i64>>("gate").unwrap(),
        series(&[
            (2.0, vec![0, 1, 4]),
            (3.0, vec![9]),
            (4.5, vec![16]),
            (5.0, vec![25])
        ])
    );
    assert_eq!(
        r.series::<Vec<i64>>("gate_on_tick").unwrap(),
        series(&[(2.0, vec![0, 1, 4]), (4.5, vec![9, 16])])
    );
    check(&r, "first_n", &[(0.0, 0), (1.0, 1)]);
    check(
        &r,
        "accum",
        &[
            (0.0, 0),
            (1.0, 1),
            (2.0, 5),
            (3.0, 14),
            (4.0, 30),
            (5.0, 55),
        ],
    );
    let dups = r.series::<f64>("drop_dups").unwrap();
    let times: Vec<Time> = dups.iter().map(|(t, _)| *t).collect();
    assert_eq!(times, vec![at(0.0), at(2.0), at(4.0)]);
    assert!(dups[0].1 == 1.0 && dups[1].1.is_nan() && dups[2].1 == 2.0);
    assert_eq!(
        r.series::<f64>("drop_dups_eps").unwrap(),
        series(&[(0.0, 1.0), (2.0, 1.2)])
    );
    check(&r, "split_t", &[(1.0, 1), (2.0, 4)]);
    check(&r, "split_f", &[(3.0, 9), (4.0, 16), (5.0, 25)]);
    check(
        &r,
        "mux",
        &[(0.0, 0), (1.0, 1), (2.0, 2), (2.5, 102), (4.0, 4), (5.0, 5)],
    );
    check(
        &r,
        "mux_idx",
        &[
            (0.0, 0),
            (1.0, 1),
            (2.0, 2),
            (2.2, 101),
            (2.5, 102),
            (4.0, 4),
            (5.0, 5),
        ],
    );
    check(
        &r,
        "demux_a",
        &[(0.0, 0), (1.0, 1), (2.0, 4), (4.0, 16), (5.0, 25)],
    );
    check(&r, "demux_b", &[]);
    check(
        &r,
        "flatten",
        &[
            (0.0, 0),
            (0.0, 50),
            (1.0, 1),
            (2.0, 52),
            (2.0, 2),
            (3.0, 3),
            (4.0, 4),
            (5.0, 5),
        ],
    );
    // C8: "default(const(123), 456) gives [123]; default(const(123, delay=1s), 456) gives
    // [456, 123]; with delay=0.5s it gives [456, 123] at 0.5 s and 1 s; with delay=2s it
    // gives [123]."
    check(&r, "default0", &[(0.0, 123)]);
    check(&r, "default1", &[(0.0, 456), (1.0, 123)]);
    check(&r, "default05", &[(0.5, 456), (1.0, 123)]);
    check(&r, "default2", &[(1.0, 123)]);
}
