//! Every `#[node]` feature, used from outside the workspace through the prelude only.

use std::collections::BTreeMap;
use tickgraph::prelude::*;

/// Alarms, state, start and stop blocks: re-emits each tick of `x` `n` times.
#[node]
fn ticks_n_times(x: Ts<i64>, n: i64) -> Ts<i64> {
    alarms! { let again: Alarm<i64>; }
    state! { let mut scheduled = 0u64; }
    start! { assert_eq!(now!(), Time::ymd_hms(2020, 1, 1, 0, 0, 0)); }
    stop! { assert_eq!(scheduled, 2 * n as u64); }
    if ticked!(x) {
        for i in 0..n {
            schedule_alarm!(again, TimeDelta::zero(), x + i);
            scheduled += 1;
        }
    }
    if ticked!(again) {
        return again;
    }
}

/// Named outputs.
#[node]
fn parity(x: Ts<i64>) -> outputs!(even: Ts<i64>, odd: Ts<i64>) {
    if ticked!(x) {
        if x % 2 == 0 {
            output!(even = x);
        } else {
            output!(odd = x);
        }
    }
}

/// A list basket input.
#[node]
fn total(xs: Vec<Ts<i64>>) -> Ts<i64> {
    if ticked!(xs) {
        return xs.valid_values().copied().sum::<i64>();
    }
}

/// A dict basket input.
#[node]
fn ticked_keys(xs: BTreeMap<String, Ts<i64>>) -> Ts<String> {
    if ticked!(xs) {
        return xs.ticked_keys().cloned().collect::<Vec<_>>().join(",");
    }
}

/// A list basket output.
#[node(shape = 2)]
fn route(x: Ts<i64>) -> Vec<Ts<i64>> {
    if ticked!(x) {
        output!([x.rem_euclid(2)] = x);
    }
}

/// A generic node.
#[node]
fn pass<T: Value>(x: Ts<T>) -> Ts<T> {
    if ticked!(x) {
        return x.clone();
    }
}

/// `?` on a std error aborts the run with the node's name and time.
#[node(name = "parse")]
fn parse_int(text: Ts<String>) -> Ts<i64> {
    if ticked!(text) {
        return text.parse::<i64>()?;
    }
}

/// No time-series parameter: the graph comes first.
#[node]
fn once(value: i64) -> Ts<i64> {
    alarms! { let fire: Alarm<i64>; }
    start! { schedule_alarm!(fire, secs(1), value); }
    if ticked!(fire) {
        return fire;
    }
}

fn main() {
    let st = Time::ymd_hms(2020, 1, 1, 0, 0, 0);
    let g = Graph::new();
    let x = curve(&g, vec![(st, 10i64), (st + secs(2), 11)]);
    let repeated = ticks_n_times(&x, 2);
    let p = parity(pass(&repeated));
    let sum = total(&[p.even.clone(), p.odd.clone()]);
    let keys = ticked_keys(&BTreeMap::from([
        ("even".to_string(), p.even),
        ("odd".to_string(), p.odd),
    ]));
    let routed = route(&x);
    g.output("repeated", &repeated);
    g.output("sum", &sum);
    g.output("keys", &keys);
    g.output("odd_route", &routed[1]);
    g.output("once", once(&g, 7));
    let r = g.run(RunConfig::historical(st, st + secs(5))).unwrap();
    let at = |s| st + secs(s);
    assert_eq!(
        r.series::<i64>("repeated").unwrap(),
        &[(at(0), 10), (at(0), 11), (at(2), 11), (at(2), 12)]
    );
    assert_eq!(
        r.series::<i64>("sum").unwrap(),
        &[(at(0), 10), (at(0), 21), (at(2), 21), (at(2), 23)]
    );
    assert_eq!(
        r.values::<String>("keys").unwrap(),
        ["even", "odd", "odd", "even"]
    );
    assert_eq!(r.series::<i64>("odd_route").unwrap(), &[(at(2), 11)]);
    assert_eq!(r.series::<i64>("once").unwrap(), &[(at(1), 7)]);

    let g = Graph::new();
    let text = curve(
        &g,
        vec![(st, "1".to_string()), (st + secs(1), "x".to_string())],
    );
    g.output("n", parse_int(&text));
    match g.run(RunConfig::historical(st, st + secs(5))) {
        Err(Error::Node { node, time, .. }) => {
            assert_eq!(node, "parse");
            assert_eq!(time, st + secs(1));
        }
        other => panic!("expected a node error, got {other:?}"),
    }
}
