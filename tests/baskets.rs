//! Basket inputs and outputs with csp's iteration order (spec section 1.7): ticked elements
//! in tick order, valid elements in key order.

use std::collections::BTreeMap;
mod common;

use tickgraph::prelude::*;

fn st() -> Time {
    Time::ymd_hms(2020, 1, 1, 0, 0, 0)
}

fn s(n: i64) -> Time {
    st() + secs(n)
}

/// Reports the ticked and valid keys of a dict basket.
#[node]
fn keys_seen(
    x: BTreeMap<String, Ts<i64>>,
) -> outputs!(ticked: Ts<Vec<String>>, valid: Ts<Vec<String>>) {
    if ticked!(x) {
        output!(
            ticked = x.ticked_keys().cloned().collect(),
            valid = x.valid_keys().cloned().collect()
        );
    }
}

/// Spec 1.7 [verified]: "Dict basket `{'a','b','c'}`, where a ticks at 1 and 3, b at 2 and 3,
/// c at 3: at t=3 `tickedkeys == ['c','a','b']` and `validkeys == ['a','b','c']`."
#[test]
fn dict_basket_ticked_keys_follow_tick_order_and_valid_keys_key_order() {
    let g = Graph::new();
    let mut x = BTreeMap::new();
    x.insert("a".to_string(), curve(&g, vec![(s(1), 1i64), (s(3), 3)]));
    x.insert("b".to_string(), curve(&g, vec![(s(2), 2i64), (s(3), 3)]));
    x.insert("c".to_string(), curve(&g, vec![(s(3), 3i64)]));
    let k = keys_seen(&x);
    g.output("ticked", &k.ticked);
    g.output("valid", &k.valid);
    let r = common::run(&g, RunConfig::historical(st(), s(5))).unwrap();
    let v = |keys: &[&str]| keys.iter().map(|k| k.to_string()).collect::<Vec<_>>();
    assert_eq!(
        r.series::<Vec<String>>("ticked").unwrap(),
        &[
            (s(1), v(&["a"])),
            (s(2), v(&["b"])),
            (s(3), v(&["c", "a", "b"]))
        ]
    );
    assert_eq!(
        r.series::<Vec<String>>("valid").unwrap(),
        &[
            (s(1), v(&["a"])),
            (s(2), v(&["a", "b"])),
            (s(3), v(&["a", "b", "c"]))
        ]
    );
}

/// Spec 1.7 / `test_baselib.test_collect`: "`csp.collect([timer(1s,0), timer(1.5s,1),
/// timer(2s,2)])` gives `[2, 0]` at t=2s and `[2, 1, 0]` at t=6s."
#[test]
fn collect_of_timers_lists_values_in_the_order_they_were_scheduled() {
    let g = Graph::new();
    let c = collect(&[
        timer(&g, secs(1), 0),
        timer(&g, millis(1500), 1),
        timer(&g, secs(2), 2),
    ]);
    g.output("c", &c);
    let r = common::run(&g, RunConfig::historical(st(), s(6))).unwrap();
    let at = |t: Time| {
        r.series::<Vec<i32>>("c")
            .unwrap()
            .iter()
            .find(|(x, _)| *x == t)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(at(s(2)), Some(vec![2, 0]));
    assert_eq!(at(s(6)), Some(vec![2, 1, 0]));
}

/// Sums the valid values of a list basket on every tick (workload W3's node).
#[node]
fn sum_valid(xs: Vec<Ts<f64>>) -> Ts<f64> {
    if ticked!(xs) {
        return xs.valid_values().sum();
    }
}

/// Reports which elements ticked, and whether all are valid.
#[node]
fn ticked_indices(xs: Vec<Ts<f64>>) -> outputs!(indices: Ts<Vec<usize>>, all_valid: Ts<bool>) {
    if ticked!(xs) {
        output!(
            indices = xs.ticked_indices().collect(),
            all_valid = valid!(xs)
        );
    }
}

#[test]
fn a_list_basket_sums_only_valid_elements_and_reports_ticked_indices() {
    let g = Graph::new();
    let xs = vec![
        curve(&g, vec![(s(2), 1.0), (s(3), 10.0)]),
        curve(&g, vec![(s(1), 2.0), (s(3), 20.0)]),
    ];
    g.output("sum", sum_valid(&xs));
    let t = ticked_indices(&xs);
    g.output("indices", &t.indices);
    g.output("all_valid", &t.all_valid);
    let r = common::run(&g, RunConfig::historical(st(), s(5))).unwrap();
    assert_eq!(
        r.series::<f64>("sum").unwrap(),
        &[(s(1), 2.0), (s(2), 3.0), (s(3), 30.0)]
    );
    // At 3 s element 1 ticks first: its event was scheduled at 1 s, element 0's at 2 s.
    assert_eq!(
        r.series::<Vec<usize>>("indices").unwrap(),
        &[(s(1), vec![1]), (s(2), vec![0]), (s(3), vec![1, 0])]
    );
    assert_eq!(
        r.values::<bool>("all_valid").unwrap(),
        vec![false, true, true]
    );
}

/// Routes `x` to output `[key]` (csp's `demultiplex` shape).
#[node(shape = keys)]
fn route(x: Ts<(String, i64)>, keys: Vec<String>) -> BTreeMap<String, Ts<i64>> {
    if ticked!(x) {
        output!([x.0.clone()] = x.1);
    }
}

/// Splits `x` into `n` round-robin outputs.
#[node(shape = n)]
fn round_robin(x: Ts<i64>, n: usize) -> Vec<Ts<i64>> {
    state! { let mut next = 0usize; }
    if ticked!(x) {
        output!([next] = x);
        next = (next + 1) % n;
    }
}

#[test]
fn basket_outputs_deliver_each_value_to_its_element() {
    let g = Graph::new();
    let x = curve(
        &g,
        vec![
            (s(1), ("b".to_string(), 1i64)),
            (s(2), ("a".to_string(), 2)),
            (s(3), ("b".to_string(), 3)),
        ],
    );
    let routed = route(&x, vec!["a".to_string(), "b".to_string()]);
    g.output("a", &routed["a"]);
    g.output("b", &routed["b"]);
    let rr = round_robin(curve(&g, (1..=5).map(|i| (s(i), i)).collect::<Vec<_>>()), 2);
    g.output("rr0", &rr[0]);
    g.output("rr1", &rr[1]);
    let r = common::run(&g, RunConfig::historical(st(), s(5))).unwrap();
    assert_eq!(r.series::<i64>("a").unwrap(), &[(s(2), 2)]);
    assert_eq!(r.series::<i64>("b").unwrap(), &[(s(1), 1), (s(3), 3)]);
    assert_eq!(
        r.series::<i64>("rr0").unwrap(),
        &[(s(1), 1), (s(3), 3), (s(5), 5)]
    );
    assert_eq!(r.series::<i64>("rr1").unwrap(), &[(s(2), 2), (s(4), 4)]);
}

#[test]
fn emitting_to_an_unknown_dict_key_is_an_error() {
    let g = Graph::new();
    let x = curve(&g, vec![(s(1), ("zzz".to_string(), 1i64))]);
    let routed = route(&x, vec!["a".to_string()]);
    g.output("a", &routed["a"]);
    let err = common::run(&g, RunConfig::historical(st(), s(5))).unwrap_err();
    assert!(
        matches!(&err, Error::Node { node, .. } if node == "route"),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("emitted to a key outside the basket's shape of 1 keys"),
        "{err}"
    );
}

#[test]
fn a_basket_only_node_on_an_empty_basket_is_an_argument_error() {
    let g = Graph::new();
    let total = sum_valid(&[]);
    g.output("total", &total);
    let err = common::run(&g, RunConfig::historical(st(), s(5))).unwrap_err();
    assert!(
        matches!(&err, Error::InvalidArgument { node, .. } if node == "sum_valid"),
        "{err}"
    );
}

/// Makes the whole basket passive, then reads it on a trigger.
#[node]
fn passive_basket(trigger: Ts<bool>, xs: Vec<Ts<i64>>) -> Ts<(bool, i64)> {
    start! { make_passive!(xs); }
    if ticked!(trigger) {
        return (ticked!(xs), xs.valid_values().sum());
    }
}

/// Spec 1.3: "a passive basket reports no ticked elements. `csp.valid` on a passive basket
/// still works."
#[test]
fn a_passive_basket_does_not_trigger_and_reports_no_ticked_elements() {
    let g = Graph::new();
    let xs = vec![
        curve(&g, vec![(s(1), 1i64), (s(2), 2)]),
        curve(&g, vec![(s(2), 5i64)]),
    ];
    let trigger = curve(&g, vec![(s(2), true), (s(3), true)]);
    g.output("out", passive_basket(&trigger, &xs));
    let r = common::run(&g, RunConfig::historical(st(), s(5))).unwrap();
    assert_eq!(
        r.series::<(bool, i64)>("out").unwrap(),
        &[(s(2), (false, 7)), (s(3), (false, 7))]
    );
}
