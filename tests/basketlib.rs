//! `stdlib::basketlib` against csp 0.19.1. The spec (3.4) describes `sync` and
//! `sample_basket` in words only; the expected series here were printed by csp 0.19.1 in
//! the venv (`csp.basketlib.sync` / `sample_basket` on the same curves, `csp.run` from
//! 2020-01-01 for 30 s), and are pasted as (seconds, value) pairs.

mod common;

use std::collections::BTreeMap;
use tickgraph::prelude::*;

fn st() -> Time {
    Time::ymd_hms(2020, 1, 1, 0, 0, 0)
}

fn s(t: f64) -> Time {
    st() + secs_f64(t)
}

fn c<T: Clone + 'static>(g: &Graph, pts: &[(f64, T)]) -> Ts<T> {
    curve(
        g,
        pts.iter()
            .map(|(t, v)| (s(*t), v.clone()))
            .collect::<Vec<_>>(),
    )
}

fn run(g: &Graph) -> RunResult {
    common::run(g, RunConfig::historical_for(st(), secs(30))).unwrap()
}

fn expect<T: Clone + PartialEq + std::fmt::Debug + 'static>(
    r: &RunResult,
    name: &str,
    want: &[(f64, T)],
) {
    let want: Vec<(Time, T)> = want.iter().map(|(t, v)| (s(*t), v.clone())).collect();
    assert_eq!(r.series::<T>(name).unwrap(), want.as_slice(), "{name}");
}

/// The list inputs of the first csp runs: `a` at 1, 2, 5, 9, 10, 20 s and `b` at 1.5, 3,
/// 5, 12 s.
fn ab(g: &Graph) -> [Ts<i64>; 2] {
    [
        c(
            g,
            &[(1.0, 1), (2.0, 2), (5.0, 3), (9.0, 4), (10.0, 5), (20.0, 6)],
        ),
        c(g, &[(1.5, 10), (3.0, 20), (5.0, 30), (12.0, 40)]),
    ]
}

/// csp 0.19.1 `sync([a, b], 2s, output_incomplete=True)`: `o0: [(1.5,1),(3,2),(5,3),(11,5),
/// (22,6)]`, `o1: [(1.5,10),(3,20),(5,30),(14,40)]`: complete windows emit at the
/// completing tick, timed-out ones (opened at 9, 12 and 20 s) only what ticked, latest
/// value first (`a = 5`, not 4, at 11 s).
#[test]
fn sync_list_emits_complete_and_incomplete_windows() {
    let g = Graph::new();
    let out = basketlib::sync(&ab(&g), secs(2), true);
    assert_eq!(out.len(), 2);
    g.output("o0", &out[0]);
    g.output("o1", &out[1]);
    let r = run(&g);
    expect(
        &r,
        "o0",
        &[(1.5, 1i64), (3.0, 2), (5.0, 3), (11.0, 5), (22.0, 6)],
    );
    expect(&r, "o1", &[(1.5, 10i64), (3.0, 20), (5.0, 30), (14.0, 40)]);
}

/// csp 0.19.1 `sync([a, b], 2s, output_incomplete=False)`: `o0: [(1.5,1),(3,2),(5,3)]`,
/// `o1: [(1.5,10),(3,20),(5,30)]`.
#[test]
fn sync_list_drops_incomplete_windows() {
    let g = Graph::new();
    let out = basketlib::sync(ab(&g).to_vec(), secs(2), false);
    g.output("o0", &out[0]);
    g.output("o1", &out[1]);
    let r = run(&g);
    expect(&r, "o0", &[(1.5, 1i64), (3.0, 2), (5.0, 3)]);
    expect(&r, "o1", &[(1.5, 10i64), (3.0, 20), (5.0, 30)]);
}

/// csp 0.19.1 `sync([a, b], 2s, True, trigger=[2.5, 4, 11 s])`: `o0: []`, `o1: [(4.5,20),
/// (13,40)]`: windows open only on the trigger (2.5 s and 11 s; the 4 s trigger falls in an
/// open window), element ticks outside a window are ignored.
#[test]
fn sync_with_trigger_opens_windows_on_the_trigger_only() {
    let g = Graph::new();
    let trigger = c(&g, &[(2.5, true), (4.0, true), (11.0, true)]);
    let out = basketlib::sync_triggered(&ab(&g), &trigger, secs(2), true);
    g.output("o0", &out[0]);
    g.output("o1", &out[1]);
    let r = run(&g);
    expect::<i64>(&r, "o0", &[]);
    expect(&r, "o1", &[(4.5, 20i64), (13.0, 40)]);
}

/// csp 0.19.1 `sync({'a','b','c'}, 2s)`, a at 1, 3, 4 s, b at 3, 6 s, c at 3 s: `a: [(3,2),
/// (6,3)]`, `b: [(3,10),(6,20)]`, `c: [(3,100)]`: ticks at the very time of the timeout
/// (3 s, 6 s) belong to the closing window, which at 3 s is complete.
#[test]
fn sync_dict_counts_ticks_at_the_timeout() {
    let g = Graph::new();
    let x = BTreeMap::from([
        ("a", c(&g, &[(1.0, 1i64), (3.0, 2), (4.0, 3)])),
        ("b", c(&g, &[(3.0, 10i64), (6.0, 20)])),
        ("c", c(&g, &[(3.0, 100i64)])),
    ]);
    let out = basketlib::sync(&x, secs(2), true);
    assert_eq!(out.keys().copied().collect::<Vec<_>>(), vec!["a", "b", "c"]);
    for (k, v) in &out {
        g.output(k, v);
    }
    let r = run(&g);
    expect(&r, "a", &[(3.0, 2i64), (6.0, 3)]);
    expect(&r, "b", &[(3.0, 10i64), (6.0, 20)]);
    expect(&r, "c", &[(3.0, 100i64)]);
}

/// csp 0.19.1 `sync([a, b], 2s)`, a at 1, 3 s, b at 3 s: `o0: [(3,2)]`, `o1: [(3,10)]`
/// (completed at the timeout's time).
#[test]
fn sync_completes_at_the_timeout_time() {
    let g = Graph::new();
    let a = c(&g, &[(1.0, 1i64), (3.0, 2)]);
    let b = c(&g, &[(3.0, 10i64)]);
    let out = basketlib::sync([a, b], secs(2), true);
    g.output("o0", &out[0]);
    g.output("o1", &out[1]);
    let r = run(&g);
    expect(&r, "o0", &[(3.0, 2i64)]);
    expect(&r, "o1", &[(3.0, 10i64)]);
}

/// csp 0.19.1 `sync([a, b], 0s)`, a at 1, 1.5 s, b at 1 s: `o0: [(1,1),(1.5,2)]`, `o1:
/// [(1,10)]`: a zero threshold times out in the next cycle at the same time.
#[test]
fn sync_with_zero_threshold() {
    let g = Graph::new();
    let a = c(&g, &[(1.0, 1i64), (1.5, 2)]);
    let b = c(&g, &[(1.0, 10i64)]);
    let out = basketlib::sync(&[a, b], TimeDelta::zero(), true);
    g.output("o0", &out[0]);
    g.output("o1", &out[1]);
    let r = run(&g);
    expect(&r, "o0", &[(1.0, 1i64), (1.5, 2)]);
    expect(&r, "o1", &[(1.0, 10i64)]);
}

/// A negative threshold is a configuration error, returned by `run` (csp would fail when
/// scheduling the alarm).
#[test]
fn sync_rejects_a_negative_threshold() {
    let g = Graph::new();
    let a = c(&g, &[(1.0, 1i64)]);
    let out = basketlib::sync(&[a], secs(-1), true);
    g.output("o0", &out[0]);
    let err = g
        .run(RunConfig::historical_for(st(), secs(30)))
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidArgument { node, .. } if node == "sync"),
        "{err}"
    );
}

/// An empty basket gives an empty output basket and no node.
#[test]
fn empty_baskets_give_empty_outputs() {
    let empty: Vec<Ts<i64>> = Vec::new();
    assert!(basketlib::sync(&empty, secs(1), true).is_empty());
    let g = Graph::new();
    let t = timer(&g, secs(1), ());
    let before = g.len();
    assert!(basketlib::sample_basket(&t, BTreeMap::<&str, Ts<i64>>::new()).is_empty());
    assert_eq!(g.len(), before);
}

/// csp 0.19.1 `sample_basket(trigger at 1, 2, 6 s, [a, b])` and the dict form, a at 1, 2,
/// 4 s, b at 1.5, 3 s: `o0: [(1,1),(2,2),(6,3)]`, `o1: [(2,10),(6,20)]` (b is not valid at
/// 1 s; a's tick in the trigger's cycle is seen), the same for `{'x': a, 'y': b}`.
#[test]
fn sample_basket_samples_the_valid_elements() {
    let g = Graph::new();
    let a = c(&g, &[(1.0, 1i64), (2.0, 2), (4.0, 3)]);
    let b = c(&g, &[(1.5, 10i64), (3.0, 20)]);
    let trigger = c(&g, &[(1.0, true), (2.0, true), (6.0, true)]);
    let list = basketlib::sample_basket(&trigger, vec![a.clone(), b.clone()]);
    let dict = basketlib::sample_basket(&trigger, BTreeMap::from([("x", a), ("y", b)]));
    g.output("o0", &list[0]);
    g.output("o1", &list[1]);
    g.output("x", &dict["x"]);
    g.output("y", &dict["y"]);
    let r = run(&g);
    for (name, want) in [
        ("o0", &[(1.0, 1i64), (2.0, 2), (6.0, 3)][..]),
        ("o1", &[(2.0, 10), (6.0, 20)][..]),
        ("x", &[(1.0, 1), (2.0, 2), (6.0, 3)][..]),
        ("y", &[(2.0, 10), (6.0, 20)][..]),
    ] {
        expect(&r, name, want);
    }
}

/// `sample_basket`'s elements are passive: their ticks alone run nothing downstream.
#[test]
fn sample_basket_does_not_tick_on_element_ticks() {
    let g = Graph::new();
    let a = c(&g, &[(1.0, 1i64), (2.0, 2), (3.0, 3)]);
    let trigger = c(&g, &[(2.5, ())]);
    let out = basketlib::sample_basket(&trigger, &[a]);
    g.output("o0", &out[0]);
    let r = run(&g);
    expect(&r, "o0", &[(2.5, 2i64)]);
}

/// csp 0.19.1 `sync({'a','b'}, 3s, output_incomplete=False, trigger at 5, 6 s)`, a at 1, 5,
/// 6 s, b at 5, 8 s: `a: [(5,3),(8,4)]`, `b: [(5,30),(8,40)]`: element ticks in the
/// opening trigger's cycle count; the window opened at 6 s completes at 8 s. (csp needs the
/// trigger to have the key type here, `ts[str]`: its `sync_dict` reuses the type variable
/// `K` for both.)
#[test]
fn sync_dict_with_trigger_counts_ticks_in_the_trigger_cycle() {
    let g = Graph::new();
    let x = BTreeMap::from([
        ("a", c(&g, &[(1.0, 1i64), (5.0, 3), (6.0, 4)])),
        ("b", c(&g, &[(5.0, 30i64), (8.0, 40)])),
    ]);
    let trigger = c(&g, &[(5.0, "t"), (6.0, "t")]);
    let out = basketlib::sync_triggered(x, &trigger, secs(3), false);
    g.output("a", &out["a"]);
    g.output("b", &out["b"]);
    let r = run(&g);
    expect(&r, "a", &[(5.0, 3i64), (8.0, 4)]);
    expect(&r, "b", &[(5.0, 30i64), (8.0, 40)]);
}
