//! `stats` (csp.stats) against the verified values of spec section 3.3
//! (`../shared/spec/csp-semantics.md`): daily data from 2020-01-01, keys are day offsets.
//! Also the configuration errors (recorded at build, returned by `run`) and, where the
//! spec is silent, values computed by csp 0.19.1 itself.

mod common;

use tickgraph::prelude::*;

const NAN: f64 = f64::NAN;

fn st() -> Time {
    Time::ymd_hms(2020, 1, 1, 0, 0, 0)
}

fn day(d: f64) -> Time {
    st().add_nanos((d * 86_400e9) as i64)
}

/// A daily series: value `v[i]` on day `i`.
fn daily(g: &Graph, v: &[f64]) -> Ts<f64> {
    curve(
        g,
        v.iter()
            .enumerate()
            .map(|(i, x)| (day(i as f64), *x))
            .collect::<Vec<_>>(),
    )
}

/// Runs `g` through day 10 and returns output `name` as (day offset, value).
fn run_days(g: &Graph, names: &[&str]) -> Vec<Vec<(f64, f64)>> {
    let r = common::run(g, RunConfig::historical(st(), day(10.0))).unwrap();
    names
        .iter()
        .map(|n| {
            r.series::<f64>(n)
                .unwrap()
                .iter()
                .map(|(t, v)| ((*t - st()).num_seconds() as f64 / 86_400.0, *v))
                .collect()
        })
        .collect()
}

/// Asserts `got` equals `want` (day, value) exactly in days, to `tol` relative in values,
/// NaN matching NaN.
fn check(got: &[(f64, f64)], want: &[(f64, f64)], tol: f64) {
    assert_eq!(got.len(), want.len(), "got {got:?}, want {want:?}");
    for ((gd, gv), (wd, wv)) in got.iter().zip(want) {
        assert_eq!(gd, wd, "got {got:?}, want {want:?}");
        if wv.is_nan() {
            assert!(gv.is_nan(), "day {gd}: got {gv}, want NaN");
        } else {
            assert!(
                (gv - wv).abs() <= tol * wv.abs().max(1.0),
                "day {gd}: got {gv}, want {wv} (all: {got:?})"
            );
        }
    }
}

fn one(g: &Graph, name: &str) -> Vec<(f64, f64)> {
    run_days(g, &[name]).pop().unwrap()
}

const X: [f64; 5] = [1.0, 2.0, 3.0, NAN, 5.0];
const RAMP: [f64; 5] = [1.0, 2.0, 3.0, 4.0, 5.0];

/// spec 3.3 verified values: "count(x,3) -> {2:3, 3:2, 4:2}; count(x,3,ignore_na=False)
/// -> {2:3, 3:nan, 4:nan}" (x = [1,2,3,nan,5]).
#[test]
fn count_over_three_ticks() {
    let g = Graph::new();
    let x = daily(&g, &X);
    g.output("a", stats::count(&x).ticks(3));
    g.output("b", stats::count(&x).ticks(3).ignore_na(false));
    let r = run_days(&g, &["a", "b"]);
    check(&r[0], &[(2.0, 3.0), (3.0, 2.0), (4.0, 2.0)], 0.0);
    check(&r[1], &[(2.0, 3.0), (3.0, NAN), (4.0, NAN)], 0.0);
}

/// spec 3.3 verified values: "sum(x,3) -> {2:6, 3:5, 4:8};
/// sum(x,3,min_window=2,ignore_na=False) -> {1:3, 2:6, 3:nan, 4:nan}".
#[test]
fn sum_over_three_ticks() {
    let g = Graph::new();
    let x = daily(&g, &X);
    g.output("a", stats::sum(&x).ticks(3));
    g.output("b", stats::sum(&x).ticks(3).min_window(2).ignore_na(false));
    let r = run_days(&g, &["a", "b"]);
    check(&r[0], &[(2.0, 6.0), (3.0, 5.0), (4.0, 8.0)], 0.0);
    check(
        &r[1],
        &[(1.0, 3.0), (2.0, 6.0), (3.0, NAN), (4.0, NAN)],
        0.0,
    );
}

/// spec 3.3 verified values: "sum(x,3,...)" with `precise=True` (Kahan) gives the same
/// values on this small integer data: {2:6, 3:5, 4:8}.
#[test]
fn precise_sum_over_three_ticks() {
    let g = Graph::new();
    let x = daily(&g, &X);
    g.output("a", stats::sum(&x).ticks(3).precise(true));
    check(&one(&g, "a"), &[(2.0, 6.0), (3.0, 5.0), (4.0, 8.0)], 0.0);
}

/// spec 3.3 verified values: "mean(x,3) -> {2:2.0, 3:2.5, 4:4.0};
/// median(x,3,min_window=2) -> {1:1.5, 2:2.0, 3:2.5, 4:4.0}".
#[test]
fn mean_and_median_over_three_ticks() {
    let g = Graph::new();
    let x = daily(&g, &X);
    g.output("m", stats::mean(&x).ticks(3));
    g.output("med", stats::median(&x).ticks(3).min_window(2));
    let r = run_days(&g, &["m", "med"]);
    check(&r[0], &[(2.0, 2.0), (3.0, 2.5), (4.0, 4.0)], 0.0);
    check(
        &r[1],
        &[(1.0, 1.5), (2.0, 2.0), (3.0, 2.5), (4.0, 4.0)],
        0.0,
    );
}

/// spec 3.3 verified values: "sum(x) (expanding) -> {0:1, 1:3, 2:6, 3:6, 4:11}".
#[test]
fn expanding_sum() {
    let g = Graph::new();
    let x = daily(&g, &X);
    g.output("s", stats::sum(&x));
    check(
        &one(&g, "s"),
        &[(0.0, 1.0), (1.0, 3.0), (2.0, 6.0), (3.0, 6.0), (4.0, 11.0)],
        0.0,
    );
}

/// spec 3.3 verified values: "sum(x, interval=timedelta(days=2),
/// min_window=timedelta(days=1)) -> {1:3, 2:5, 3:3, 4:5}" (left-exclusive,
/// right-inclusive window).
#[test]
fn time_window_sum() {
    let g = Graph::new();
    let x = daily(&g, &X);
    g.output(
        "s",
        stats::sum(&x)
            .time(secs(2 * 86_400))
            .min_window(secs(86_400)),
    );
    check(
        &one(&g, "s"),
        &[(1.0, 3.0), (2.0, 5.0), (3.0, 3.0), (4.0, 5.0)],
        0.0,
    );
}

/// spec 3.3 verified values: "var(x,3) -> {2:1.0, 3:0.5, 4:2.0}".
#[test]
fn var_over_three_ticks() {
    let g = Graph::new();
    let x = daily(&g, &X);
    g.output("v", stats::var(&x).ticks(3));
    check(&one(&g, "v"), &[(2.0, 1.0), (3.0, 0.5), (4.0, 2.0)], 1e-12);
}

fn ema_days(f: impl FnOnce(&Ts<f64>) -> Ts<f64>) -> Vec<(f64, f64)> {
    let g = Graph::new();
    let x = daily(&g, &RAMP);
    g.output("e", f(&x));
    one(&g, "e")
}

fn days(v: &[f64]) -> Vec<(f64, f64)> {
    v.iter().enumerate().map(|(i, x)| (i as f64, *x)).collect()
}

/// spec 3.3 verified values: "ema(alpha=.1, adjust=False) -> 1.0, 1.1, 1.29, 1.561,
/// 1.9049" (x = [1,2,3,4,5]).
#[test]
fn ema_unadjusted() {
    let got = ema_days(|x| stats::ema(x).alpha(0.1).adjust(false).into_ts());
    check(&got, &days(&[1.0, 1.1, 1.29, 1.561, 1.9049]), 1e-12);
}

/// spec 3.3 verified values: "ema(alpha=.1, adjust=True) -> 1.0, 1.5263, 2.0701, 2.6313,
/// 3.2097" (given to 4 decimals).
#[test]
fn ema_adjusted() {
    let got = ema_days(|x| stats::ema(x).alpha(0.1).into_ts());
    check(&got, &days(&[1.0, 1.5263, 2.0701, 2.6313, 3.2097]), 5e-5);
}

/// spec 3.3 verified values: "ema(alpha=.1, horizon=2) -> 1.0, 1.5263, 2.5263, 3.5263,
/// 4.5263".
#[test]
fn ema_with_horizon() {
    let got = ema_days(|x| stats::ema(x).alpha(0.1).horizon(2).into_ts());
    check(&got, &days(&[1.0, 1.5263, 2.5263, 3.5263, 4.5263]), 5e-5);
}

/// spec 3.3 verified values: "ema(halflife=1 day) -> 1.0, 1.6667, 2.4286, 3.2667,
/// 4.1613".
#[test]
fn ema_with_halflife() {
    let got = ema_days(|x| stats::ema(x).halflife(secs(86_400)).into_ts());
    check(&got, &days(&[1.0, 1.6667, 2.4286, 3.2667, 4.1613]), 5e-5);
}

/// spec 3.3 verified values: "ema(span=3, adjust=False) -> 1.0, 1.5, 2.25, 3.125,
/// 4.0625".
#[test]
fn ema_with_span() {
    let got = ema_days(|x| stats::ema(x).span(3.0).adjust(false).into_ts());
    check(&got, &days(&[1.0, 1.5, 2.25, 3.125, 4.0625]), 1e-12);
}

/// spec 3.3 verified values: "reset at day1.5: sum(x=[1,2,3], 2, reset) -> {1:3, 2:3}".
#[test]
fn reset_clears_the_window() {
    let g = Graph::new();
    let x = daily(&g, &[1.0, 2.0, 3.0]);
    let reset = curve(&g, [(day(1.5), true)]);
    g.output("s", stats::sum(&x).ticks(2).reset(&reset));
    check(&one(&g, "s"), &[(1.0, 3.0), (2.0, 3.0)], 0.0);
}

/// spec 3.3 verified values: "sampler ticks days 0 and 2: sum(x,2,sampler) -> {2:4}".
#[test]
fn sampler_picks_the_samples() {
    let g = Graph::new();
    let x = daily(&g, &[1.0, 2.0, 3.0]);
    let sampler = curve(&g, [(day(0.0), true), (day(2.0), true)]);
    g.output("s", stats::sum(&x).ticks(2).sampler(&sampler));
    check(&one(&g, "s"), &[(2.0, 4.0)], 0.0);
}

/// spec 3.3: "sampler ticks, x does not -> counts as a NaN sample" (count of [1, NaN] is
/// 1, and with ignore_na=False the NaN poisons).
#[test]
fn sampler_without_x_is_a_nan_sample() {
    let g = Graph::new();
    let x = daily(&g, &[1.0]);
    let sampler = curve(&g, [(day(0.0), true), (day(1.0), true)]);
    g.output("n", stats::count(&x).ticks(2).sampler(&sampler));
    g.output(
        "p",
        stats::count(&x).ticks(2).sampler(&sampler).ignore_na(false),
    );
    let r = run_days(&g, &["n", "p"]);
    check(&r[0], &[(1.0, 1.0)], 0.0);
    check(&r[1], &[(1.0, NAN)], 0.0);
}

/// spec 3.3: "trigger. When to compute" -- a trigger between samples outputs the
/// window as it is; with a tick window the samples since the last trigger all count.
#[test]
fn trigger_says_when_to_output() {
    let g = Graph::new();
    let x = daily(&g, &RAMP);
    let trigger = curve(&g, [(day(2.5), true), (day(4.0), true)]);
    g.output("s", stats::sum(&x).ticks(2).trigger(&trigger));
    check(&one(&g, "s"), &[(2.5, 5.0), (4.0, 9.0)], 0.0);
}

/// spec 3.3: "Ints ... are cast to float": sum of an int series.
#[test]
fn int_series_are_cast_to_float() {
    let g = Graph::new();
    let x = curve(
        &g,
        (0..3)
            .map(|i| (day(i as f64), i as i64 + 1))
            .collect::<Vec<_>>(),
    );
    g.output("s", stats::sum(&x));
    check(&one(&g, "s"), &[(0.0, 1.0), (1.0, 3.0), (2.0, 6.0)], 0.0);
}

fn build_error(f: impl FnOnce(&Ts<f64>)) -> String {
    let g = Graph::new();
    let x = daily(&g, &RAMP);
    f(&x);
    match g.run(RunConfig::historical(st(), day(10.0))) {
        Err(e @ Error::InvalidArgument { .. }) => e.to_string(),
        other => panic!("expected InvalidArgument, got {:?}", other.map(|_| ())),
    }
}

/// spec 3.3: "`timedelta(0)` raises; use `None`" -- and a tick window of 0, and
/// `min_window` of the other kind ("It must have the same type as `interval`").
#[test]
fn invalid_windows_are_build_errors() {
    let g = |e: String| assert!(e.contains("stats::"), "{e}");
    g(build_error(|x| {
        stats::sum(x).ticks(0).into_ts();
    }));
    g(build_error(|x| {
        stats::mean(x).time(TimeDelta::zero()).into_ts();
    }));
    g(build_error(|x| {
        stats::mean(x).ticks(3).min_window(secs(1)).into_ts();
    }));
}

/// spec 3.3: ema takes "exactly one of alpha/span/com/halflife"; "horizon (finite window,
/// requires adjust)".
#[test]
fn invalid_ema_parameters_are_build_errors() {
    for e in [
        build_error(|x| {
            stats::ema(x).into_ts();
        }),
        build_error(|x| {
            stats::ema(x).alpha(0.1).span(3.0).into_ts();
        }),
        build_error(|x| {
            stats::ema(x).alpha(0.1).horizon(3).adjust(false).into_ts();
        }),
        build_error(|x| {
            stats::ema(x).alpha(1.5).into_ts();
        }),
    ] {
        assert!(e.contains("stats::ema"), "{e}");
    }
}

/// spec 3.3: cov/corr: "`x` and `y` must tick together (`allow_non_overlapping=False`
/// (otherwise raise)".
#[test]
fn bivariate_series_must_tick_together() {
    let g = Graph::new();
    let x = daily(&g, &RAMP);
    let y = daily(&g, &RAMP[..3]);
    g.output("c", stats::cov(&x, &y).ticks(2));
    let e = g.run(RunConfig::historical(st(), day(10.0))).unwrap_err();
    assert!(e.to_string().contains("tick together"), "{e}");

    let g = Graph::new();
    let x = daily(&g, &RAMP);
    let y = daily(&g, &RAMP[..3]);
    g.output("c", stats::cov(&x, &y).ticks(2).allow_non_overlapping(true));
    check(&one(&g, "c"), &[(1.0, 0.5), (2.0, 0.5)], 1e-12);
}
