//! Conformance with csp's alarm semantics: spec cases C1 and C10
//! (`../shared/spec/csp-semantics.md` section 5.2).

mod common;

use tickgraph::prelude::*;

fn st() -> Time {
    Time::ymd_hms(2020, 1, 1, 0, 0, 0)
}

/// csp's `ticks_n_times` from `Execution-Modes.md`.
#[node]
fn ticks_n_times(x: Ts<i64>, n: i64) -> Ts<i64> {
    alarms! { let alarm: Alarm<i64>; }
    if ticked!(x) {
        for i in 0..n {
            schedule_alarm!(alarm, TimeDelta::zero(), x + i);
        }
    }
    if ticked!(alarm) {
        return alarm;
    }
}

/// C1: "Alarms at the same time run on successive cycles ... `csp.collect` of the three
/// outputs gives `[(0,[1,1,1]), (0,[2,2]), (0,[3])]`."
#[test]
fn c1_alarms_at_the_same_time_tick_on_successive_cycles() {
    let g = Graph::new();
    let v = const_(&g, 1i64);
    let once = ticks_n_times(&v, 1);
    let twice = ticks_n_times(&v, 2);
    let thrice = ticks_n_times(&v, 3);
    g.output(
        "collected",
        collect(&[once.clone(), twice.clone(), thrice.clone()]),
    );
    g.output("once", &once);
    g.output("twice", &twice);
    g.output("thrice", &thrice);
    let r = common::run(&g, RunConfig::historical(st(), st() + secs(1))).unwrap();
    assert_eq!(
        r.series::<Vec<i64>>("collected").unwrap(),
        &[(st(), vec![1, 1, 1]), (st(), vec![2, 2]), (st(), vec![3])]
    );
    assert_eq!(r.series::<i64>("once").unwrap(), &[(st(), 1)]);
    assert_eq!(r.series::<i64>("twice").unwrap(), &[(st(), 1), (st(), 2)]);
    assert_eq!(
        r.series::<i64>("thrice").unwrap(),
        &[(st(), 1), (st(), 2), (st(), 3)]
    );
    // Four cycles at t=0: the const, then one per pending alarm generation.
    assert_eq!(r.stats().cycles, 4);
}

/// csp's `alarm_node` from `test_engine.test_alarm`.
#[node]
fn alarm_node(repetition: i64, cancel: bool) -> Ts<i64> {
    alarms! { let alarm: Alarm<i64>; }
    start! {
        for x in 0..repetition {
            let handle = schedule_alarm!(alarm, secs(1), x);
            if cancel {
                assert!(cancel_alarm!(alarm, handle));
            }
        }
    }
    if ticked!(alarm) {
        schedule_alarm!(alarm, secs(1), alarm + repetition);
        return alarm;
    }
}

/// C10: "`alarm_node(2)` ... Over 3 s it gives `[(1,0),(1,1),(2,2),(2,3),(3,4),(3,5)]`.
/// Over 10 s the values are `list(range(20))`."
#[test]
fn c10_repeating_alarms_keep_their_order_and_period() {
    let g = Graph::new();
    g.output("a", alarm_node(&g, 2, false));
    let r = common::run(&g, RunConfig::historical(st(), st() + secs(3))).unwrap();
    let s = |n| st() + secs(n);
    assert_eq!(
        r.series::<i64>("a").unwrap(),
        &[
            (s(1), 0),
            (s(1), 1),
            (s(2), 2),
            (s(2), 3),
            (s(3), 4),
            (s(3), 5)
        ]
    );

    let r = common::run(&g, RunConfig::historical(st(), st() + secs(10))).unwrap();
    assert_eq!(r.values::<i64>("a").unwrap(), (0..20).collect::<Vec<_>>());
}

/// C10: "With `cancel=True` the output is `[]`."
#[test]
fn c10_cancelled_alarms_never_tick() {
    let g = Graph::new();
    g.output("a", alarm_node(&g, 2, true));
    let r = common::run(&g, RunConfig::historical(st(), st() + secs(10))).unwrap();
    assert_eq!(r.series::<i64>("a").unwrap(), &[]);
}

/// csp's `reschedule_node`: +10 s, rescheduled to +3 s, then to +5 s.
#[node]
fn reschedule_node() -> Ts<i64> {
    alarms! { let alarm: Alarm<i64>; }
    start! {
        let h = schedule_alarm!(alarm, secs(10), 123);
        let h = reschedule_alarm!(alarm, h, secs(3));
        reschedule_alarm!(alarm, h, secs(5));
    }
    if ticked!(alarm) {
        return alarm;
    }
}

/// C10: "`reschedule_node` gives exactly one tick of `123` at `st+5s`."
#[test]
fn c10_a_rescheduled_alarm_ticks_once_at_its_last_time() {
    let g = Graph::new();
    g.output("a", reschedule_node(&g));
    let r = common::run(&g, RunConfig::historical(st(), st() + secs(20))).unwrap();
    assert_eq!(r.series::<i64>("a").unwrap(), &[(st() + secs(5), 123)]);
}

/// Reschedules its handle after it fired.
#[node]
fn reschedule_expired(x: Ts<bool>) -> Ts<i64> {
    alarms! { let alarm: Alarm<i64>; }
    state! { let mut handle = None; }
    start! { handle = Some(schedule_alarm!(alarm, secs(1), 1)); }
    if ticked!(alarm) {
        return alarm;
    }
    if ticked!(x) {
        let h = handle.expect("scheduled in start");
        reschedule_alarm!(alarm, h, secs(1));
    }
}

/// C10: "A further reschedule of the expired handle raises `ValueError("attempting to
/// reschedule expired handle")`."
#[test]
fn c10_rescheduling_an_expired_handle_is_an_error_naming_node_and_time() {
    let g = Graph::new();
    let x = const_delayed(&g, true, secs(2));
    g.output("a", reschedule_expired(&x));
    let err = g
        .run(RunConfig::historical(st(), st() + secs(5)))
        .unwrap_err();
    let Error::Node { node, time, source } = &err else {
        panic!("unexpected error {err}")
    };
    assert_eq!(node, "reschedule_expired");
    assert_eq!(*time, st() + secs(2));
    assert!(matches!(
        source.downcast_ref::<Error>(),
        Some(Error::ExpiredHandle)
    ));
    assert!(
        err.to_string()
            .contains("attempting to reschedule expired handle"),
        "{err}"
    );
}

/// Cancels one deferred same-time alarm from the cycle before it would tick.
#[node]
fn cancel_deferred(x: Ts<bool>) -> Ts<i64> {
    alarms! { let alarm: Alarm<i64>; }
    state! { let mut second = None; }
    if ticked!(x) {
        schedule_alarm!(alarm, TimeDelta::zero(), 1);
        second = Some(schedule_alarm!(alarm, TimeDelta::zero(), 2));
        schedule_alarm!(alarm, TimeDelta::zero(), 3);
    }
    if ticked!(alarm) {
        if alarm == 1 {
            cancel_alarm!(alarm, second.expect("scheduled"));
        }
        return alarm;
    }
}

/// Spec 1.5: "A deferred alarm can still be cancelled (the 'Cant cancel/reschedule
/// non-collapsed alarms' regression)."
#[test]
fn a_deferred_same_time_alarm_can_still_be_cancelled() {
    let g = Graph::new();
    g.output("a", cancel_deferred(const_(&g, true)));
    let r = common::run(&g, RunConfig::historical(st(), st() + secs(1))).unwrap();
    assert_eq!(r.series::<i64>("a").unwrap(), &[(st(), 1), (st(), 3)]);
}

/// Schedules two alarms at the end of time: one at start (its time overflows, with the
/// first `x` event queued), one exactly at the last representable time from the first
/// firing of `near` (into an empty queue). Then re-arms `near` a second ahead on every
/// firing, reporting whether both far alarms are still pending.
#[node]
fn far_and_near(x: Ts<bool>) -> Ts<bool> {
    alarms! { let far: Alarm<i64>; let near: Alarm<i64>; }
    state! { let mut far_handles = Vec::new(); }
    start! {
        far_handles.push(schedule_alarm!(far, TimeDelta::MAX, -1));
    }
    if ticked!(x) {
        schedule_alarm!(near, secs(1), 1);
    }
    if ticked!(far) {
        return false; // never: an alarm at the end of time does not fire
    }
    if ticked!(near) {
        if far_handles.len() == 1 {
            let to_the_end = nanos(i64::MAX - now!().nanos());
            far_handles.push(schedule_alarm!(far, to_the_end, -2));
        }
        schedule_alarm!(near, secs(1), 1);
        return far_handles
            .iter()
            .all(|h| handle!(far).is_pending(ctx!(), *h));
    }
}

/// An alarm at the end of time is queued and pending, never fires, and leaves the queue
/// usable for the alarms scheduled after it.
#[test]
fn an_alarm_at_the_end_of_time_never_fires() {
    let g = Graph::new();
    g.output("pending", far_and_near(const_(&g, true)));
    let r = common::run(&g, RunConfig::historical(st(), st() + secs(3))).unwrap();
    let at = |n| st() + secs(n);
    assert_eq!(
        r.series::<bool>("pending").unwrap(),
        &[(at(1), true), (at(2), true), (at(3), true)]
    );
}

/// Re-arms its alarm with a new value on every firing, then returns the alarm's value.
#[node]
fn rearm_then_read(n: i64) -> Ts<i64> {
    alarms! { let alarm: Alarm<i64>; }
    state! { let mut fired = 0i64; }
    start! { schedule_alarm!(alarm, secs(1), 10); }
    if ticked!(alarm) {
        fired += 1;
        if fired < n {
            schedule_alarm!(alarm, secs(1), 10 * (fired + 1));
        }
        return alarm;
    }
}

/// The engine fires a re-armed alarm itself and the value moves into the alarm when the
/// node next touches it: read after the node re-armed it, the value is still the one that
/// fired, not the one just scheduled.
#[test]
fn an_alarm_read_after_it_was_re_armed_has_the_value_that_fired() {
    let g = Graph::new();
    g.output("v", rearm_then_read(&g, 3));
    let r = common::run(&g, RunConfig::historical(st(), st() + secs(10))).unwrap();
    assert_eq!(
        r.series::<i64>("v").unwrap(),
        &[
            (st() + secs(1), 10),
            (st() + secs(2), 20),
            (st() + secs(3), 30)
        ]
    );
}

/// Two values pending at once (slot 0, fired by the engine, and a listed slot, fired by
/// the alarm's source); reads the alarm only at the second firing.
#[node]
fn read_second_firing() -> Ts<i64> {
    alarms! { let alarm: Alarm<i64>; }
    state! { let mut fired = 0; }
    start! {
        schedule_alarm!(alarm, secs(1), 1);
        schedule_alarm!(alarm, secs(2), 2);
    }
    if ticked!(alarm) {
        fired += 1;
        if fired == 2 {
            return alarm;
        }
    }
}

/// A value the engine fired but nobody read is superseded by the next firing through the
/// alarm's source, never moved in over it later.
#[test]
fn an_unread_fired_value_is_superseded_by_the_next_firing() {
    let g = Graph::new();
    g.output("v", read_second_firing(&g));
    let r = common::run(&g, RunConfig::historical(st(), st() + secs(10))).unwrap();
    assert_eq!(r.series::<i64>("v").unwrap(), &[(st() + secs(2), 2)]);
}
