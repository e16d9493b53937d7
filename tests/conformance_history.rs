//! Conformance with csp's history buffers and graph-output retention: spec case C16 and
//! the verified examples of section 1.8 (`../shared/spec/csp-semantics.md`).

mod common;

use tickgraph::prelude::*;

fn st() -> Time {
    Time::ymd_hms(2020, 1, 1, 9, 0, 0)
}

fn s(n: i64) -> Time {
    st() + secs(n)
}

fn one_to_five(g: &Graph) -> Ts<i64> {
    curve(g, (1..=5).map(|i| (s(i), i)).collect::<Vec<_>>())
}

/// At the last tick, looks back `i * 0.5 s` for i in 0..5 (test_timedelta_less_than_tick).
#[node]
fn half_second_lookback(x: Ts<i64>) -> Ts<Vec<(Time, i64)>> {
    start! { set_buffering_policy!(x, BufferPolicy::ticks(5).with_window(TimeDelta::days(1))); }
    if ticked!(x) && x == 5 {
        let mut out = Vec::new();
        for i in 0..5 {
            let (t, v) =
                item_at!(x, -millis(500 * i), DuplicatePolicy::LastValue).expect("within policy");
            out.push((t, *v));
        }
        return out;
    }
}

/// C16, `test_timedelta_less_than_tick`: "`value_at(x, -i*0.5s)` for i < 5 at the last tick
/// gives `{0:5, 1:4, 2:4, 3:3, 4:3}`. The timestamps are `{0:09:00:05, 1:04, 2:04, 3:03, 4:03}`."
#[test]
fn c16_time_lookbacks_shorter_than_a_tick_return_the_prevailing_tick() {
    let g = Graph::new();
    g.output("x", half_second_lookback(one_to_five(&g)));
    let r = common::run(&g, RunConfig::historical(st(), s(10))).unwrap();
    let expected = vec![(s(5), 5), (s(4), 4), (s(4), 4), (s(3), 3), (s(3), 3)];
    assert_eq!(
        r.series::<Vec<(Time, i64)>>("x").unwrap(),
        &[(s(5), expected)]
    );
}

/// At t=1 s, looks 1 s back with both duplicate policies (test_duplicate_policy).
#[node]
fn duplicate_lookback(x: Ts<i64>) -> outputs!(first: Ts<i64>, last: Ts<i64>) {
    start! { set_buffering_policy!(x, BufferPolicy::window(secs(10))); }
    if ticked!(x) && now!() == engine_start_time!() + secs(1) {
        let first = *item_at!(x, -secs(1), DuplicatePolicy::FirstValue)
            .expect("in window")
            .1;
        let last = *item_at!(x, -secs(1), DuplicatePolicy::LastValue)
            .expect("in window")
            .1;
        output!(first = first, last = last);
    }
}

/// C16, `test_duplicate_policy`: "k values at t=0 and one at t=1s. `item_at(x, -1s,
/// FIRST_VALUE)` at t=1 gives value 1; `LAST_VALUE` gives value k."
#[test]
fn c16_duplicate_policy_picks_the_first_or_last_of_same_time_ticks() {
    let k = 7;
    let g = Graph::new();
    let mut data: Vec<(Time, i64)> = (1..=k).map(|v| (st(), v)).collect();
    data.push((s(1), k + 1));
    let d = duplicate_lookback(curve(&g, data));
    g.output("first", &d.first);
    g.output("last", &d.last);
    let r = common::run(&g, RunConfig::historical(st(), s(2))).unwrap();
    assert_eq!(r.series::<i64>("first").unwrap(), &[(s(1), 1)]);
    assert_eq!(r.series::<i64>("last").unwrap(), &[(s(1), k)]);
}

/// At 5 s, reads every index back, a time range and the tick count.
#[node]
fn index_lookback(
    x: Ts<i64>,
) -> outputs!(by_index: Ts<Vec<i64>>, range: Ts<Vec<i64>>, ticks: Ts<u64>) {
    start! { set_buffering_policy!(x, BufferPolicy::ticks(5).with_window(TimeDelta::days(1))); }
    if ticked!(x) && x == 5 {
        let mut by_index = Vec::new();
        for i in 0..5 {
            by_index.push(*value_at!(x, -i).expect("buffered"));
        }
        let range = values_at!(
            x,
            -secs(2),
            TimeDelta::zero(),
            Bound::Exclusive,
            Bound::Inclusive
        );
        output!(by_index = by_index, range = range, ticks = num_ticks!(x));
    }
}

/// Spec 1.8 [verified]: "`value_at(x,-i)` at 5s -> `[5, 4, 3, 2, 1]`" and "`values_at(x, -2s,
/// 0s, EXCLUSIVE, INCLUSIVE)` at 5s -> `[4, 5]`".
#[test]
fn c16_index_and_range_lookups_read_the_buffer_newest_first_and_oldest_first() {
    let g = Graph::new();
    let o = index_lookback(one_to_five(&g));
    g.output("by_index", &o.by_index);
    g.output("range", &o.range);
    g.output("ticks", &o.ticks);
    let r = common::run(&g, RunConfig::historical(st(), s(10))).unwrap();
    assert_eq!(
        r.series::<Vec<i64>>("by_index").unwrap(),
        &[(s(5), vec![5, 4, 3, 2, 1])]
    );
    assert_eq!(
        r.series::<Vec<i64>>("range").unwrap(),
        &[(s(5), vec![4, 5])]
    );
    assert_eq!(r.series::<u64>("ticks").unwrap(), &[(s(5), 5)]);
}

/// `value_at(x, -1, default=-1)` with a two-tick policy.
#[node]
fn previous_or_default(x: Ts<i64>) -> outputs!(previous: Ts<i64>, ticks: Ts<u64>) {
    start! { set_buffering_policy!(x, BufferPolicy::ticks(2)); }
    if ticked!(x) {
        output!(
            previous = value_at!(x, -1).copied().unwrap_or(-1),
            ticks = num_ticks!(x)
        );
    }
}

/// Spec 1.8 [verified]: "`value_at(x, -1, default=-1)` with `tick_count=2` -> 1s:-1, 2s:1,
/// 3s:2"; `num_ticks` is "the total number of ticks since the start, not the buffer length".
#[test]
fn c16_a_lookback_within_policy_but_absent_gives_the_default() {
    let g = Graph::new();
    let o = previous_or_default(one_to_five(&g));
    g.output("previous", &o.previous);
    g.output("ticks", &o.ticks);
    let r = common::run(&g, RunConfig::historical(st(), s(3))).unwrap();
    assert_eq!(
        r.series::<i64>("previous").unwrap(),
        &[(s(1), -1), (s(2), 1), (s(3), 2)]
    );
    assert_eq!(r.values::<u64>("ticks").unwrap(), vec![1, 2, 3]);
}

/// Reads `value_at(x, index)` with a ten-tick policy.
#[node]
fn read_index(x: Ts<i64>, index: i64) -> Ts<i64> {
    start! { set_buffering_policy!(x, BufferPolicy::ticks(10)); }
    if ticked!(x) {
        return value_at!(x, index).copied().unwrap_or(-1);
    }
}

/// C16/C20: "A request **beyond the buffering policy raises even when `default` is given**.
/// Example: `requesting data at index 20 with buffer policy set to 10 ticks`".
#[test]
fn c16_a_lookback_beyond_the_tick_policy_is_an_error_naming_node_and_time() {
    let g = Graph::new();
    g.output("x", read_index(one_to_five(&g), -20));
    let err = common::run(&g, RunConfig::historical(st(), s(10))).unwrap_err();
    let Error::Node { node, time, source } = &err else {
        panic!("unexpected {err}")
    };
    assert_eq!((node.as_str(), *time), ("read_index", s(1)));
    assert!(matches!(
        source.downcast_ref::<Error>(),
        Some(Error::BeyondPolicy { .. })
    ));
    assert!(
        err.to_string()
            .contains("requesting data at index 20 with buffer policy set to 10 ticks"),
        "{err}"
    );
}

/// Looks 20 s back with a 10 s window.
#[node]
fn read_offset(x: Ts<i64>) -> Ts<i64> {
    start! { set_buffering_policy!(x, BufferPolicy::window(secs(10))); }
    if ticked!(x) {
        return value_at!(x, -secs(20)).copied().unwrap_or(-1);
    }
}

/// C16/C20: "`requesting data at timedelta -1 day, 23:59:40 with buffer policy set to
/// 0:00:10`" — a time lookback beyond the window is an error.
#[test]
fn c16_a_lookback_beyond_the_time_window_is_an_error() {
    let g = Graph::new();
    g.output("x", read_offset(one_to_five(&g)));
    let err = common::run(&g, RunConfig::historical(st(), s(10))).unwrap_err();
    assert!(
        err.to_string().contains("with buffer policy set to 10s"),
        "{err}"
    );
}

/// Reads the previous tick without asking for any history.
#[node]
fn read_previous_without_policy(x: Ts<i64>) -> Ts<i64> {
    if ticked!(x) {
        return value_at!(x, -1).copied().unwrap_or(-1);
    }
}

/// Spec 1.8 [verified]: "`csp.value_at(x, -1)` without a policy raises `IndexError: …
/// requesting data at index 1 with buffer policy set to 1 ticks`".
#[test]
fn c16_without_a_policy_only_the_current_value_is_kept() {
    let g = Graph::new();
    g.output("x", read_previous_without_policy(one_to_five(&g)));
    let err = common::run(&g, RunConfig::historical(st(), s(10))).unwrap_err();
    assert!(
        err.to_string()
            .contains("requesting data at index 1 with buffer policy set to 1 ticks"),
        "{err}"
    );
}

/// C16 and spec 2.5 [verified]: "On 1..5 at 1..5 s: `1sec -> [(4,4),(5,5)]`,
/// `1tick -> [(5,5)]`, `default -> all 5`."
#[test]
fn c16_graph_outputs_keep_what_their_retention_says() {
    let g = Graph::new();
    let x = one_to_five(&g);
    g.output_with("1sec", &x, BufferPolicy::window(secs(1)));
    g.output_with("1tick", &x, BufferPolicy::ticks(1));
    g.output("default", &x);
    let r = common::run(&g, RunConfig::historical(st(), s(5))).unwrap();
    assert_eq!(r.series::<i64>("1sec").unwrap(), &[(s(4), 4), (s(5), 5)]);
    assert_eq!(r.series::<i64>("1tick").unwrap(), &[(s(5), 5)]);
    let all: Vec<(Time, i64)> = (1..=5).map(|i| (s(i), i)).collect();
    assert_eq!(r.series::<i64>("default").unwrap(), all.as_slice());
}
