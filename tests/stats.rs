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

/// (day offset, value) pairs.
type Days = Vec<(f64, f64)>;

/// (milliseconds from the start, value) pairs.
type Millis = Vec<(i64, f64)>;

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

/// Differential: values computed by csp 0.19.1 itself (the spec gives no values for
/// these), on x = [1, 4, 2, nan, 5, 2, 7, 3], y = [2, 3, 1, 4, 6, 2, 5, 1] and weights
/// [1, 2, 0.5, 1, 3, 1, 2, 1], daily from 2020-01-01 (csp's outputs pasted, repr'd to
/// the last digit; script: `csp.stats.<f>(x, ...)` with the same arguments).
#[test]
fn csp_differential_values() {
    let g = Graph::new();
    let x = daily(&g, &[1.0, 4.0, 2.0, NAN, 5.0, 2.0, 7.0, 3.0]);
    let y = daily(&g, &[2.0, 3.0, 1.0, 4.0, 6.0, 2.0, 5.0, 1.0]);
    let w = daily(&g, &[1.0, 2.0, 0.5, 1.0, 3.0, 1.0, 2.0, 1.0]);
    let cases: Vec<(&str, Ts<f64>, Days)> = vec![
        (
            "q_linear",
            stats::quantile(&x, 0.3).ticks(4).into_ts(),
            vec![(3.0, 1.6), (4.0, 3.2), (5.0, 2.0), (6.0, 3.8), (7.0, 2.9)],
        ),
        (
            "q_lower",
            stats::quantile(&x, 0.3)
                .ticks(4)
                .interpolation(stats::Interpolation::Lower)
                .into_ts(),
            vec![(3.0, 1.0), (4.0, 2.0), (5.0, 2.0), (6.0, 2.0), (7.0, 2.0)],
        ),
        (
            "q_higher",
            stats::quantile(&x, 0.3)
                .ticks(4)
                .interpolation(stats::Interpolation::Higher)
                .into_ts(),
            vec![(3.0, 2.0), (4.0, 4.0), (5.0, 2.0), (6.0, 5.0), (7.0, 3.0)],
        ),
        (
            "q_midpoint",
            stats::quantile(&x, 0.3)
                .ticks(4)
                .interpolation(stats::Interpolation::Midpoint)
                .into_ts(),
            vec![(3.0, 1.5), (4.0, 3.0), (5.0, 2.0), (6.0, 3.5), (7.0, 2.5)],
        ),
        (
            "q_nearest",
            stats::quantile(&x, 0.5)
                .ticks(4)
                .interpolation(stats::Interpolation::Nearest)
                .into_ts(),
            vec![(3.0, 2.0), (4.0, 4.0), (5.0, 2.0), (6.0, 5.0), (7.0, 5.0)],
        ),
        (
            "rank_min",
            stats::rank(&x).ticks(4).into_ts(),
            vec![(3.0, NAN), (4.0, 2.0), (5.0, 0.0), (6.0, 2.0), (7.0, 1.0)],
        ),
        (
            "rank_max",
            stats::rank(&x)
                .ticks(4)
                .method(stats::RankMethod::Max)
                .into_ts(),
            vec![(3.0, NAN), (4.0, 2.0), (5.0, 1.0), (6.0, 2.0), (7.0, 1.0)],
        ),
        (
            "rank_avg",
            stats::rank(&x)
                .ticks(4)
                .method(stats::RankMethod::Avg)
                .into_ts(),
            vec![(3.0, NAN), (4.0, 2.0), (5.0, 0.5), (6.0, 2.0), (7.0, 1.0)],
        ),
        (
            "rank_last",
            stats::rank(&x)
                .ticks(4)
                .na_option(stats::NaOption::Last)
                .into_ts(),
            vec![(3.0, 1.0), (4.0, 2.0), (5.0, 0.0), (6.0, 2.0), (7.0, 1.0)],
        ),
        (
            "skew",
            stats::skew(&x).ticks(5).into_ts(),
            vec![
                (4.0, 0.0),
                (5.0, 0.3703703703703703),
                (6.0, 0.5443310539518174),
                (7.0, 0.48156304844927),
            ],
        ),
        (
            "skew_bias",
            stats::skew(&x).ticks(5).bias(true).into_ts(),
            vec![
                (4.0, 0.0),
                (5.0, 0.2138334330331947),
                (6.0, 0.3142696805273545),
                (7.0, 0.27803055565396284),
            ],
        ),
        (
            "kurt",
            stats::kurt(&x).ticks(5).into_ts(),
            vec![
                (4.0, -3.299999999999999),
                (5.0, -3.9012345679012377),
                (6.0, -2.9444444444444446),
                (7.0, -1.699511634587763),
            ],
        ),
        (
            "kurt_bias_raw",
            stats::kurt(&x).ticks(5).bias(true).excess(false).into_ts(),
            vec![
                (4.0, 1.36),
                (5.0, 1.2798353909465017),
                (6.0, 1.4074074074074074),
                (7.0, 1.5733984487216317),
            ],
        ),
        (
            "wmean",
            stats::mean(&x).ticks(3).weights(&w).into_ts(),
            vec![
                (2.0, 2.857142857142857),
                (3.0, 3.6),
                (4.0, 4.571428571428571),
                (5.0, 4.25),
                (6.0, 5.166666666666667),
                (7.0, 4.750000000000001),
            ],
        ),
        (
            "wvar",
            stats::var(&x).ticks(3).weights(&w).into_ts(),
            vec![
                (2.0, 2.5714285714285716),
                (3.0, 1.0666666666666664),
                (4.0, 1.5428571428571434),
                (5.0, 2.25),
                (6.0, 3.3666666666666663),
                (7.0, 6.916666666666667),
            ],
        ),
        (
            "wstd",
            stats::stddev(&x).ticks(3).weights(&w).into_ts(),
            vec![
                (2.0, 1.6035674514745464),
                (3.0, 1.0327955589886444),
                (4.0, 1.2421180068162379),
                (5.0, 1.5),
                (6.0, 1.834847859269718),
                (7.0, 2.6299556396765835),
            ],
        ),
        (
            "wsem",
            stats::sem(&x).ticks(3).weights(&w).into_ts(),
            vec![
                (2.0, 0.8571428571428572),
                (3.0, 0.6531972647421808),
                (4.0, 0.6639400022069858),
                (5.0, 0.75),
                (6.0, 0.749073501808141),
                (7.0, 1.3149778198382918),
            ],
        ),
        (
            "wskew",
            stats::skew(&x).ticks(5).weights(&w).into_ts(),
            vec![
                (4.0, -1.850085083128557),
                (5.0, -1.4719601443879615),
                (6.0, -0.8680563098844613),
                (7.0, -0.4830548494997475),
            ],
        ),
        (
            "wkurt",
            stats::kurt(&x).ticks(6).weights(&w).into_ts(),
            vec![
                (5.0, -0.8673469387756851),
                (6.0, 0.9442942130882592),
                (7.0, -0.9547114682250939),
            ],
        ),
        (
            "wsum",
            stats::sum(&x).ticks(3).weights(&w).into_ts(),
            vec![
                (2.0, 10.0),
                (3.0, 9.0),
                (4.0, 16.0),
                (5.0, 17.0),
                (6.0, 31.0),
                (7.0, 19.0),
            ],
        ),
        (
            "cov",
            stats::cov(&x, &y).ticks(4).into_ts(),
            vec![
                (3.0, 1.0),
                (4.0, 3.6666666666666665),
                (5.0, 4.5),
                (6.0, 4.166666666666667),
                (7.0, 4.166666666666667),
            ],
        ),
        (
            "corr",
            stats::corr(&x, &y).ticks(4).into_ts(),
            vec![
                (3.0, 0.6546536707079771),
                (4.0, 0.9538209664765319),
                (5.0, 0.9819805060619657),
                (6.0, 0.7953559537197222),
                (7.0, 0.7893862224383407),
            ],
        ),
        (
            "wcov",
            stats::cov(&x, &y).ticks(4).weights(&w).into_ts(),
            vec![
                (3.0, 1.085714285714286),
                (4.0, 1.797979797979799),
                (5.0, 3.7142857142857157),
                (6.0, 1.8000000000000012),
                (7.0, 2.7380952380952386),
            ],
        ),
        (
            "wcorr",
            stats::corr(&x, &y).ticks(4).weights(&w).into_ts(),
            vec![
                (3.0, 0.7855533190649872),
                (4.0, 0.9393434124767366),
                (5.0, 0.9912407071619305),
                (6.0, 0.6332377902572627),
                (7.0, 0.7093901597727049),
            ],
        ),
        (
            "sem",
            stats::sem(&x).ticks(3).into_ts(),
            vec![
                (2.0, 0.8819171036881969),
                (3.0, 1.0),
                (4.0, 1.5),
                (5.0, 1.5),
                (6.0, 1.4529663145135578),
                (7.0, 1.5275252316519468),
            ],
        ),
        (
            "prod",
            stats::prod(&x).ticks(3).into_ts(),
            vec![
                (2.0, 8.0),
                (3.0, 8.0),
                (4.0, 10.0),
                (5.0, 10.0),
                (6.0, 70.0),
                (7.0, 42.0),
            ],
        ),
        (
            "gmean",
            stats::gmean(&x).ticks(3).into_ts(),
            vec![
                (2.0, 2.0),
                (3.0, 2.82842712474619),
                (4.0, 3.1622776601683795),
                (5.0, 3.1622776601683795),
                (6.0, 4.121285299808557),
                (7.0, 3.4760266448864496),
            ],
        ),
        (
            "unique",
            stats::unique(&x).ticks(4).into_ts(),
            vec![(3.0, 3.0), (4.0, 3.0), (5.0, 2.0), (6.0, 3.0), (7.0, 4.0)],
        ),
        (
            "first_na",
            stats::first(&x).ticks(3).ignore_na(false).into_ts(),
            vec![
                (2.0, 1.0),
                (3.0, 4.0),
                (4.0, 2.0),
                (5.0, NAN),
                (6.0, 5.0),
                (7.0, 2.0),
            ],
        ),
        (
            "last_na",
            stats::last(&x).ticks(3).ignore_na(false).into_ts(),
            vec![
                (2.0, 2.0),
                (3.0, NAN),
                (4.0, 5.0),
                (5.0, 2.0),
                (6.0, 7.0),
                (7.0, 3.0),
            ],
        ),
        (
            "min_time",
            stats::min(&x).time(secs(3 * 86_400)).into_ts(),
            vec![(3.0, 2.0), (4.0, 2.0), (5.0, 2.0), (6.0, 2.0), (7.0, 2.0)],
        ),
        (
            "ema_var",
            stats::ema_var(&x).alpha(0.3).into_ts(),
            vec![
                (0.0, NAN),
                (1.0, 4.499999999999997),
                (2.0, 2.0799086757990857),
                (3.0, 2.0799086757990857),
                (4.0, 3.5130118286260217),
                (5.0, 2.8716019342492576),
                (6.0, 6.722454287203776),
                (7.0, 4.899856409715623),
            ],
        ),
        (
            "ema_std_bias",
            stats::ema_std(&x).alpha(0.3).bias(true).into_ts(),
            vec![
                (0.0, 0.0),
                (1.0, 1.4764588703542505),
                (2.0, 1.1530923573283693),
                (3.0, 1.1530923573283693),
                (4.0, 1.5349444257468985),
                (5.0, 1.4360298805603395),
                (6.0, 2.248260438752702),
                (7.0, 1.9482453943474118),
            ],
        ),
        (
            "ema_cov",
            stats::ema_cov(&x, &y).alpha(0.3).into_ts(),
            vec![
                (0.0, NAN),
                (1.0, 1.4999999999999984),
                (2.0, 1.0890410958904098),
                (3.0, 1.0890410958904098),
                (4.0, 4.517948639487008),
                (5.0, 3.5370153123734402),
                (6.0, 4.494552792675746),
                (7.0, 4.053059992467028),
            ],
        ),
        (
            "ema_var_unadj",
            stats::ema_var(&x).alpha(0.3).adjust(false).into_ts(),
            vec![
                (0.0, NAN),
                (1.0, 4.5),
                (2.0, 2.11744966442953),
                (3.0, 2.11744966442953),
                (4.0, 4.273240154327724),
                (5.0, 3.0976351163594162),
                (6.0, 6.815174723925887),
                (7.0, 4.968746216172198),
            ],
        ),
        (
            "ema_var_hl",
            stats::ema_var(&x).halflife(secs(2 * 86_400)).into_ts(),
            vec![
                (0.0, NAN),
                (1.0, 4.499999999999996),
                (2.0, 2.085786437626903),
                (3.0, NAN),
                (4.0, NAN),
                (5.0, NAN),
                (6.0, NAN),
                (7.0, NAN),
            ],
        ),
        (
            "ema_hl_unadj",
            stats::ema(&x)
                .halflife(secs(2 * 86_400))
                .adjust(false)
                .into_ts(),
            vec![
                (0.0, 1.0),
                (1.0, 1.8786796564403572),
                (2.0, 1.914213562373095),
                (3.0, NAN),
                (4.0, NAN),
                (5.0, NAN),
                (6.0, NAN),
                (7.0, NAN),
            ],
        ),
        (
            "ema_ignore",
            stats::ema(&x).alpha(0.3).ignore_na(true).into_ts(),
            vec![
                (0.0, 1.0),
                (1.0, 2.7647058823529416),
                (2.0, 2.415525114155251),
                (3.0, 2.415525114155251),
                (4.0, 3.4358468219502565),
                (5.0, 2.9180700299304023),
                (6.0, 4.3059292730444),
                (7.0, 3.8789902246586014),
            ],
        ),
        (
            "ema_keep",
            stats::ema(&x).alpha(0.3).into_ts(),
            vec![
                (0.0, 1.0),
                (1.0, 2.7647058823529416),
                (2.0, 2.415525114155251),
                (3.0, 2.415525114155251),
                (4.0, 3.662196710240702),
                (5.0, 2.984072912119518),
                (6.0, 4.462789677809897),
                (7.0, 3.9585660589823766),
            ],
        ),
        (
            "ema_horizon_ignore",
            stats::ema(&x)
                .alpha(0.3)
                .horizon(3)
                .ignore_na(true)
                .into_ts(),
            vec![
                (0.0, 1.0),
                (1.0, 2.7647058823529416),
                (2.0, 2.415525114155251),
                (3.0, 2.823529411764706),
                (4.0, 3.764705882352941),
                (5.0, 3.235294117647059),
                (6.0, 4.954337899543379),
                (7.0, 4.0547945205479445),
            ],
        ),
        (
            "ema_horizon",
            stats::ema(&x).alpha(0.3).horizon(3).into_ts(),
            vec![
                (0.0, 1.0),
                (1.0, 2.7647058823529416),
                (2.0, 2.415525114155251),
                (3.0, 2.823529411764706),
                (4.0, 4.0134228187919465),
                (5.0, 3.235294117647059),
                (6.0, 4.95433789954338),
                (7.0, 4.054794520547945),
            ],
        ),
        (
            "ema_var_horizon",
            stats::ema_var(&x).alpha(0.3).horizon(3).into_ts(),
            vec![
                (0.0, NAN),
                (1.0, 4.499999999999997),
                (2.0, 2.0799086757990857),
                (3.0, 1.9999999999999973),
                (4.0, 4.5000000000000036),
                (5.0, 4.500000000000002),
                (6.0, 7.353881278538805),
                (7.0, 6.609589041095899),
            ],
        ),
        (
            "ema_minp",
            stats::ema(&x).alpha(0.3).min_periods(3).into_ts(),
            vec![
                (2.0, 2.415525114155251),
                (3.0, 2.415525114155251),
                (4.0, 3.662196710240702),
                (5.0, 2.984072912119518),
                (6.0, 4.462789677809897),
                (7.0, 3.9585660589823766),
            ],
        ),
    ];
    for (name, ts, _) in &cases {
        g.output(name, ts);
    }
    let names: Vec<&str> = cases.iter().map(|c| c.0).collect();
    let got = run_days(&g, &names);
    let mut failed = Vec::new();
    for ((name, _, want), got) in cases.iter().zip(&got) {
        let ok = got.len() == want.len()
            && got.iter().zip(want).all(|((gd, gv), (wd, wv))| {
                gd == wd
                    && ((gv.is_nan() && wv.is_nan()) || (gv - wv).abs() <= 1e-9 * wv.abs().max(1.0))
            });
        if !ok {
            failed.push(format!("{name}: got {got:?}, csp {want:?}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// Differential, csp 0.19.1's outputs: `argmax(x, 4)` on x = [1, 4, 2, nan, 5, 2, 7, 3]
/// -> days {3: day 1, 4: day 4, 5: day 4, 6: day 6, 7: day 6};
/// `argmin([2, 1, 3, 1, 4], 3, return_most_recent=False)` -> {2: day 1, 3: day 1,
/// 4: day 3}; `cross_sectional(x, 3)` -> the last three values, NaN included.
#[test]
fn csp_differential_argmax_and_cross_sectional() {
    let g = Graph::new();
    let x = daily(&g, &[1.0, 4.0, 2.0, NAN, 5.0, 2.0, 7.0, 3.0]);
    let z = daily(&g, &[2.0, 1.0, 3.0, 1.0, 4.0]);
    g.output("amax", stats::argmax(&x).ticks(4));
    g.output("amin", stats::argmin(&z).ticks(3).return_most_recent(false));
    g.output("xs", stats::cross_sectional(&x).ticks(3));
    let r = common::run(&g, RunConfig::historical(st(), day(10.0))).unwrap();
    let days = |name: &str| -> Vec<(Time, Time)> { r.series::<Time>(name).unwrap().to_vec() };
    let d = |i: f64| day(i);
    assert_eq!(
        days("amax"),
        vec![
            (d(3.0), d(1.0)),
            (d(4.0), d(4.0)),
            (d(5.0), d(4.0)),
            (d(6.0), d(6.0)),
            (d(7.0), d(6.0))
        ]
    );
    assert_eq!(
        days("amin"),
        vec![(d(2.0), d(1.0)), (d(3.0), d(1.0)), (d(4.0), d(3.0))]
    );
    let xs = r.values::<Vec<f64>>("xs").unwrap();
    let want: [[f64; 3]; 6] = [
        [1.0, 4.0, 2.0],
        [4.0, 2.0, NAN],
        [2.0, NAN, 5.0],
        [NAN, 5.0, 2.0],
        [5.0, 2.0, 7.0],
        [2.0, 7.0, 3.0],
    ];
    assert_eq!(xs.len(), want.len());
    for (g, w) in xs.iter().zip(&want) {
        assert_eq!(g.len(), 3);
        assert!(
            g.iter()
                .zip(w)
                .all(|(a, b)| a == b || (a.is_nan() && b.is_nan())),
            "{g:?} vs {w:?}"
        );
    }
}

/// spec 3.3: "Several quantiles -> a list basket": `quantile(x, 4, [0.3, 0.5])` gives
/// csp's 0.3 quantiles {3: 1.6, 4: 3.2, 5: 2.0, 6: 3.8, 7: 2.9} and the medians.
#[test]
fn several_quantiles_are_several_outputs() {
    let g = Graph::new();
    let x = daily(&g, &[1.0, 4.0, 2.0, NAN, 5.0, 2.0, 7.0, 3.0]);
    let qs = stats::quantiles(&x, &[0.3, 0.5]).ticks(4).into_list();
    assert_eq!(qs.len(), 2);
    g.output("q3", &qs[0]);
    g.output("q5", &qs[1]);
    g.output("med", stats::median(&x).ticks(4));
    let r = run_days(&g, &["q3", "q5", "med"]);
    check(
        &r[0],
        &[(3.0, 1.6), (4.0, 3.2), (5.0, 2.0), (6.0, 3.8), (7.0, 2.9)],
        1e-12,
    );
    check(&r[1], &r[2], 0.0);
    assert_eq!(r[1].len(), 5);
}

/// spec 3.3: "Order within a cycle: reset -> sample -> trigger". A reset ticking with `x`
/// (day 2) clears the window before day 2's sample enters it; csp 0.19.1 gives, on
/// x = [1, 2, 3, 4, 5]: `sum(x, 2, reset)` -> {1: 3, 2: 3, 3: 7, 4: 9};
/// `sum(x, 3, reset, trigger=days 2, 4)` -> {2: 3, 4: 12};
/// `mean(x, timedelta(days=2), reset)` -> {2: 3, 3: 3.5, 4: 4.5};
/// `count(x, 3, reset, min_window=1)` -> {0: 1, 1: 2, 2: 1, 3: 2, 4: 3}.
#[test]
fn reset_comes_before_the_sample_and_the_trigger() {
    let g = Graph::new();
    let x = daily(&g, &RAMP);
    let reset = curve(&g, [(day(2.0), true)]);
    let trigger = curve(&g, [(day(2.0), true), (day(4.0), true)]);
    g.output("a", stats::sum(&x).ticks(2).reset(&reset));
    g.output("b", stats::sum(&x).ticks(3).reset(&reset).trigger(&trigger));
    g.output("c", stats::mean(&x).time(secs(2 * 86_400)).reset(&reset));
    g.output("d", stats::count(&x).ticks(3).reset(&reset).min_window(1));
    let r = run_days(&g, &["a", "b", "c", "d"]);
    check(
        &r[0],
        &[(1.0, 3.0), (2.0, 3.0), (3.0, 7.0), (4.0, 9.0)],
        0.0,
    );
    check(&r[1], &[(2.0, 3.0), (4.0, 12.0)], 0.0);
    check(&r[2], &[(2.0, 3.0), (3.0, 3.5), (4.0, 4.5)], 0.0);
    check(
        &r[3],
        &[(0.0, 1.0), (1.0, 2.0), (2.0, 1.0), (3.0, 2.0), (4.0, 3.0)],
        0.0,
    );
}

/// Differential on an irregular case, values computed by csp 0.19.1 (random times with
/// duplicates, NaNs, two resets, a sampler and a trigger of their own; `csp.stats.<f>` with
/// the arguments the builders spell): time and tick windows, `min_data_points`,
/// `ignore_na=False`, samplers, triggers, rank's `na_option='last'`.
#[test]
fn csp_differential_irregular_case() {
    let at = |ms: i64| st().add_nanos(ms * 1_000_000);
    let g = Graph::new();
    let xs: Vec<(i64, f64)> = vec![
        (1, 1.0),
        (3, 0.0),
        (3, 0.5),
        (4, 0.0),
        (7, 1.5),
        (7, 0.5),
        (9, 3.0),
        (9, 1.5),
        (9, 3.0),
        (9, 0.5),
        (10, 0.0),
        (13, 3.0),
        (13, 1.5),
        (13, 1.0),
        (14, 3.0),
        (15, 0.5),
        (18, 2.0),
        (21, 1.0),
        (21, 1.5),
        (22, 0.5),
        (25, 0.5),
        (28, 0.0),
        (31, 1.5),
        (33, 3.0),
        (34, NAN),
        (37, NAN),
        (38, 2.0),
        (39, 1.0),
        (40, 0.5),
        (43, 2.0),
        (46, NAN),
        (47, NAN),
        (48, 0.5),
        (48, 3.0),
        (49, 2.5),
        (50, NAN),
        (52, 0.0),
        (52, 2.5),
        (53, 2.5),
        (56, NAN),
    ];
    let x = curve(
        &g,
        xs.iter()
            .map(|(t, v)| (at(t * 1000), *v))
            .collect::<Vec<_>>(),
    );
    let r = curve(&g, [(at(7500), true), (at(23500), true)]);
    let sm = curve(
        &g,
        [
            1, 3, 4, 5, 7, 10, 13, 17, 18, 19, 22, 24, 28, 29, 30, 31, 36, 37, 39, 40, 41, 42, 44,
            46, 48, 51, 53, 56, 57, 58,
        ]
        .map(|u: i64| (at(u * 1000), true)),
    );
    let tr = curve(
        &g,
        [
            5000, 8250, 8750, 10500, 15750, 17750, 18250, 22750, 24250, 25000, 25250, 25500, 26500,
            27500, 28500, 31750, 35000, 43500, 45000, 47250, 52250, 55250, 55750, 56500, 56750,
        ]
        .map(|u: i64| (at(u), true)),
    );
    let cases: Vec<(&str, Ts<f64>, Millis)> = vec![
        (
            "sum_t",
            stats::sum(&x).time(secs(5)).reset(&r).into_ts(),
            vec![
                (7000, 2.0),
                (7000, 2.5),
                (9000, 3.0),
                (9000, 4.5),
                (9000, 7.5),
                (9000, 8.0),
                (10000, 8.0),
                (13000, 11.0),
                (13000, 12.5),
                (13000, 13.5),
                (14000, 8.5),
                (15000, 9.0),
                (18000, 5.5),
                (21000, 3.0),
                (21000, 4.5),
                (22000, 5.0),
                (25000, 0.5),
                (28000, 0.5),
                (31000, 1.5),
                (33000, 4.5),
                (34000, 4.5),
                (37000, 3.0),
                (38000, 2.0),
                (39000, 3.0),
                (40000, 3.5),
                (43000, 3.5),
                (46000, 2.0),
                (47000, 2.0),
                (48000, 0.5),
                (48000, 3.5),
                (49000, 6.0),
                (50000, 6.0),
                (52000, 6.0),
                (52000, 8.5),
                (53000, 7.5),
                (56000, 5.0),
            ],
        ),
        (
            "var_t",
            stats::var(&x)
                .time(secs(4))
                .reset(&r)
                .min_data_points(2)
                .into_ts(),
            vec![
                (4000, 0.22916666666666666),
                (7000, 1.125),
                (7000, 0.5833333333333334),
                (9000, NAN),
                (9000, 1.125),
                (9000, 0.75),
                (9000, 1.5),
                (10000, 1.925),
                (13000, 4.500000000000001),
                (13000, 2.2500000000000004),
                (13000, 1.5625000000000002),
                (14000, 1.0625000000000002),
                (15000, 1.3250000000000002),
                (18000, 1.1250000000000009),
                (21000, 0.5000000000000009),
                (21000, 0.25000000000000044),
                (22000, 0.25000000000000044),
                (25000, NAN),
                (28000, 0.125),
                (31000, 1.1249999999999998),
                (33000, 1.125),
                (34000, 1.125),
                (37000, NAN),
                (38000, NAN),
                (39000, 0.5),
                (40000, 0.5833333333333334),
                (43000, 1.125),
                (46000, NAN),
                (47000, NAN),
                (48000, NAN),
                (48000, 3.125),
                (49000, 1.75),
                (50000, 1.75),
                (52000, 3.125),
                (52000, 2.083333333333333),
                (53000, 2.083333333333333),
                (56000, NAN),
            ],
        ),
        (
            "med_k",
            stats::median(&x).ticks(4).reset(&r).into_ts(),
            vec![
                (4000, 0.25),
                (7000, 0.25),
                (7000, 0.5),
                (9000, 3.0),
                (9000, 2.25),
                (9000, 3.0),
                (9000, 2.25),
                (10000, 1.0),
                (13000, 1.75),
                (13000, 1.0),
                (13000, 1.25),
                (14000, 2.25),
                (15000, 1.25),
                (18000, 1.5),
                (21000, 1.5),
                (21000, 1.25),
                (22000, 1.25),
                (25000, 0.5),
                (28000, 0.25),
                (31000, 0.5),
                (33000, 1.0),
                (34000, 1.5),
                (37000, 2.25),
                (38000, 2.5),
                (39000, 1.5),
                (40000, 1.0),
                (43000, 1.5),
                (46000, 1.0),
                (47000, 1.25),
                (48000, 1.25),
                (48000, 1.75),
                (49000, 2.5),
                (50000, 2.5),
                (52000, 2.5),
                (52000, 2.5),
                (53000, 2.5),
                (56000, 2.5),
            ],
        ),
        (
            "max_k_na",
            stats::max(&x).ticks(3).reset(&r).ignore_na(false).into_ts(),
            vec![
                (3000, 1.0),
                (4000, 0.5),
                (7000, 1.5),
                (7000, 1.5),
                (9000, 3.0),
                (9000, 3.0),
                (9000, 3.0),
                (9000, 3.0),
                (10000, 3.0),
                (13000, 3.0),
                (13000, 3.0),
                (13000, 3.0),
                (14000, 3.0),
                (15000, 3.0),
                (18000, 3.0),
                (21000, 2.0),
                (21000, 2.0),
                (22000, 1.5),
                (25000, 0.5),
                (28000, 0.5),
                (31000, 1.5),
                (33000, 3.0),
                (34000, NAN),
                (37000, NAN),
                (38000, NAN),
                (39000, NAN),
                (40000, 2.0),
                (43000, 2.0),
                (46000, NAN),
                (47000, NAN),
                (48000, NAN),
                (48000, NAN),
                (49000, 3.0),
                (50000, NAN),
                (52000, NAN),
                (52000, NAN),
                (53000, 2.5),
                (56000, NAN),
            ],
        ),
        (
            "mean_samp",
            stats::mean(&x).ticks(3).sampler(&sm).trigger(&tr).into_ts(),
            vec![
                (5000, 5.551115123125783e-17),
                (8250, 0.75),
                (8750, 0.75),
                (10500, 0.75),
                (15750, 1.5),
                (17750, 1.5),
                (18250, 2.5),
                (22750, 1.2500000000000002),
                (24250, 0.5000000000000004),
                (25000, 0.5000000000000004),
                (25250, 0.5000000000000004),
                (25500, 0.5000000000000004),
                (26500, 0.5000000000000004),
                (27500, 0.5000000000000004),
                (28500, 0.2500000000000002),
                (31750, 1.5000000000000002),
                (35000, 1.5000000000000002),
                (43500, 0.5),
                (45000, NAN),
                (47250, NAN),
                (52250, 0.5),
                (55250, 1.5),
                (55750, 1.5),
                (56500, 2.5),
                (56750, 2.5),
            ],
        ),
        (
            "count_samp_t",
            stats::count(&x)
                .time(secs(6))
                .sampler(&sm)
                .trigger(&tr)
                .reset(&r)
                .into_ts(),
            vec![
                (8250, 0.0),
                (8750, 0.0),
                (10500, 1.0),
                (15750, 2.0),
                (17750, 1.0),
                (18250, 2.0),
                (22750, 2.0),
                (24250, 0.0),
                (25000, 0.0),
                (25250, 0.0),
                (25500, 0.0),
                (26500, 0.0),
                (27500, 0.0),
                (28500, 1.0),
                (31750, 2.0),
                (35000, 1.0),
                (43500, 2.0),
                (45000, 1.0),
                (47250, 0.0),
                (52250, 1.0),
                (55250, 1.0),
                (55750, 1.0),
                (56500, 1.0),
                (56750, 1.0),
            ],
        ),
        (
            "ema_samp",
            stats::ema(&x).alpha(0.3).sampler(&sm).reset(&r).into_ts(),
            vec![
                (1000, 1.0),
                (3000, 0.4117647058823529),
                (4000, 0.2237442922374429),
                (5000, 0.2237442922374429),
                (7000, 0.839370990304375),
                (10000, 0.0),
                (13000, 1.7647058823529411),
                (17000, 1.7647058823529411),
                (18000, 1.8930714675395528),
                (19000, 1.8930714675395528),
                (22000, 1.1591690944435955),
                (24000, NAN),
                (28000, 0.0),
                (29000, 0.0),
                (30000, 0.0),
                (31000, 1.1169024571854058),
                (36000, 1.1169024571854058),
                (37000, 1.1169024571854058),
                (39000, 1.0368678580548785),
                (40000, 0.7714142168750118),
                (41000, 0.7714142168750118),
                (42000, 0.7714142168750118),
                (44000, 0.7714142168750118),
                (46000, 0.7714142168750118),
                (48000, 0.5688532776611842),
                (51000, 0.5688532776611842),
                (53000, 1.7346120050825788),
                (56000, 1.7346120050825788),
                (57000, 1.7346120050825788),
                (58000, 1.7346120050825788),
            ],
        ),
        (
            "rank_t",
            stats::rank(&x)
                .time(secs(5))
                .method(stats::RankMethod::Avg)
                .na_option(stats::NaOption::Last)
                .into_ts(),
            vec![
                (7000, 3.0),
                (7000, 2.5),
                (9000, 2.0),
                (9000, 1.5),
                (9000, 3.5),
                (9000, 0.5),
                (10000, 0.0),
                (13000, 4.0),
                (13000, 2.5),
                (13000, 2.0),
                (14000, 3.5),
                (15000, 0.0),
                (18000, 1.0),
                (21000, 0.0),
                (21000, 1.0),
                (22000, 0.0),
                (25000, 0.5),
                (28000, 0.0),
                (31000, 1.0),
                (33000, 1.0),
                (34000, 1.0),
                (37000, 0.0),
                (38000, 0.0),
                (39000, 0.0),
                (40000, 0.0),
                (43000, 2.0),
                (46000, 0.0),
                (47000, 0.0),
                (48000, 0.0),
                (48000, 1.0),
                (49000, 1.0),
                (50000, 1.0),
                (52000, 0.0),
                (52000, 2.5),
                (53000, 2.0),
                (56000, 1.5),
            ],
        ),
        (
            "first_t",
            stats::first(&x).time(secs(3)).reset(&r).into_ts(),
            vec![
                (3000, 1.0),
                (3000, 1.0),
                (4000, 0.0),
                (7000, 1.5),
                (7000, 1.5),
                (9000, 3.0),
                (9000, 3.0),
                (9000, 3.0),
                (9000, 3.0),
                (10000, 3.0),
                (13000, 3.0),
                (13000, 3.0),
                (13000, 3.0),
                (14000, 3.0),
                (15000, 3.0),
                (18000, 2.0),
                (21000, 1.0),
                (21000, 1.0),
                (22000, 1.0),
                (25000, 0.5),
                (28000, 0.0),
                (31000, 1.5),
                (33000, 1.5),
                (34000, 3.0),
                (37000, NAN),
                (38000, 2.0),
                (39000, 2.0),
                (40000, 2.0),
                (43000, 2.0),
                (46000, NAN),
                (47000, NAN),
                (48000, 0.5),
                (48000, 0.5),
                (49000, 0.5),
                (50000, 0.5),
                (52000, 0.0),
                (52000, 0.0),
                (53000, 0.0),
                (56000, NAN),
            ],
        ),
        (
            "q_t",
            stats::quantile(&x, 0.6)
                .time(secs(6))
                .interpolation(stats::Interpolation::Nearest)
                .trigger(&tr)
                .into_ts(),
            vec![
                (8250, 0.5),
                (8750, 0.5),
                (10500, 1.5),
                (15750, 1.5),
                (17750, 1.5),
                (18250, 2.0),
                (22750, 1.5),
                (24250, 1.0),
                (25000, 1.0),
                (25250, 1.0),
                (25500, 1.0),
                (26500, 1.0),
                (27500, 0.5),
                (28500, 0.5),
                (31750, 1.5),
                (35000, 3.0),
                (43500, 2.0),
                (45000, 2.0),
                (47250, 2.0),
                (52250, 2.5),
                (55250, 2.5),
                (55750, 2.5),
                (56500, 2.5),
                (56750, 2.5),
            ],
        ),
    ];
    for (name, ts, _) in &cases {
        g.output(name, ts);
    }
    let res = common::run(&g, RunConfig::historical(st(), at(100_000))).unwrap();
    let mut failed = Vec::new();
    for (name, _, want) in &cases {
        let got: Vec<(i64, f64)> = res
            .series::<f64>(name)
            .unwrap()
            .iter()
            .map(|(t, v)| ((*t - st()).num_milliseconds(), *v))
            .collect();
        let ok = got.len() == want.len()
            && got.iter().zip(want).all(|((gt, gv), (wt, wv))| {
                gt == wt
                    && ((gv.is_nan() && wv.is_nan()) || (gv - wv).abs() <= 1e-9 * wv.abs().max(1.0))
            });
        if !ok {
            failed.push(format!("{name}: got {got:?}, csp {want:?}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// Differential on a second irregular case, values computed by csp 0.19.1: EMAs with a
/// horizon, `ignore_na` and NaNs, the unadjusted EMA, `ema_var`/`ema_cov` (adjusted and not),
/// cov/corr with weights and a reset, weighted mean/kurt/sem, gmean, unique, last over time,
/// and `min_periods` with `min_data_points` (x, y with NaNs, one tick per second).
#[test]
fn csp_differential_ema_and_weights() {
    let at = |ms: i64| st().add_nanos(ms * 1_000_000);
    let g = Graph::new();
    let series = |v: &[f64]| {
        curve(
            &g,
            v.iter()
                .enumerate()
                .map(|(i, x)| (at(i as i64 * 1000), *x))
                .collect::<Vec<_>>(),
        )
    };
    let x = series(&[
        2.0, 3.5, 2.0, 2.0, 3.5, 3.5, 0.5, 0.5, 3.5, 2.0, NAN, 3.5, 0.5, 0.0, 2.0, 1.0, 0.5, 0.0,
        3.5, NAN, NAN, 0.0, 3.5, 2.0, 2.0, NAN, NAN, 3.5, NAN, 0.5, 3.5, 0.0, 3.5, 0.0, 0.0, 0.0,
        0.5, 0.5, 3.5, 0.0,
    ]);
    let y = series(&[
        2.0, 1.0, 2.0, 3.5, 0.5, 3.5, 0.5, NAN, 1.0, 2.0, 0.0, NAN, 0.0, 2.0, NAN, 1.0, 2.0, 3.5,
        0.0, NAN, 1.0, 1.0, 0.5, 3.5, 1.0, 0.0, 0.0, 3.5, 0.0, 2.0, 0.0, 1.0, 2.0, 0.0, 0.0, NAN,
        0.0, 0.5, 0.5, 0.0,
    ]);
    let w = series(&[
        1.0, 1.0, 2.0, 1.0, 1.0, 0.5, 2.0, 2.0, 0.5, 2.0, 1.0, 1.0, 0.5, 1.0, 1.0, 0.5, 1.0, 0.5,
        0.5, 0.5, 2.0, 0.5, 0.5, 0.5, 1.0, 1.0, 0.5, 2.0, 2.0, 0.5, 1.0, 2.0, 0.5, 2.0, 0.5, 1.0,
        2.0, 1.0, 0.5, 1.0,
    ]);
    let r = curve(&g, [(at(15_500), true)]);
    let cases: Vec<(&str, Ts<f64>, Millis)> = vec![
        (
            "eh",
            stats::ema(&x).alpha(0.2).horizon(4).into_ts(),
            vec![
                (0, 2.0),
                (1000, 2.833333333333333),
                (2000, 2.4918032786885242),
                (3000, 2.3252032520325203),
                (4000, 2.768292682926829),
                (5000, 2.9146341463414633),
                (6000, 2.2235772357723578),
                (7000, 1.670731707317073),
                (8000, 2.0365853658536586),
                (9000, 1.8211382113821137),
                (10000, 2.0983606557377046),
                (11000, 3.0539033457249074),
                (12000, 1.870242214532872),
                (13000, 1.0819672131147542),
                (14000, 1.3929539295392952),
                (15000, 0.9674796747967478),
                (16000, 0.8739837398373983),
                (17000, 0.6991869918699186),
                (18000, 1.4674796747967478),
                (19000, 1.565573770491803),
                (20000, 1.9444444444444442),
                (21000, 1.1851851851851856),
                (22000, 1.9444444444444446),
                (23000, 1.9672131147540988),
                (24000, 1.9783197831978323),
                (25000, 2.39344262295082),
                (26000, 2.0000000000000004),
                (27000, 2.992063492063492),
                (28000, 3.5000000000000004),
                (29000, 1.670731707317073),
                (30000, 2.4619377162629754),
                (31000, 1.2786885245901638),
                (32000, 2.0311653116531163),
                (33000, 1.5555555555555556),
                (34000, 0.7588075880758808),
                (35000, 0.6070460704607046),
                (36000, 0.16937669376693765),
                (37000, 0.3048780487804878),
                (38000, 1.4295392953929535),
                (39000, 1.143631436314363),
            ],
        ),
        (
            "ehi",
            stats::ema(&x)
                .alpha(0.2)
                .horizon(4)
                .ignore_na(true)
                .into_ts(),
            vec![
                (0, 2.0),
                (1000, 2.833333333333333),
                (2000, 2.4918032786885242),
                (3000, 2.3252032520325203),
                (4000, 2.768292682926829),
                (5000, 2.9146341463414633),
                (6000, 2.2235772357723578),
                (7000, 1.670731707317073),
                (8000, 2.0365853658536586),
                (9000, 1.8211382113821137),
                (10000, 2.0983606557377046),
                (11000, 3.008196721311475),
                (12000, 1.8770491803278682),
                (13000, 1.0819672131147537),
                (14000, 1.3929539295392952),
                (15000, 0.9674796747967478),
                (16000, 0.8739837398373983),
                (17000, 0.6991869918699186),
                (18000, 1.4674796747967478),
                (19000, 1.565573770491803),
                (20000, 1.9444444444444442),
                (21000, 1.5555555555555556),
                (22000, 1.9444444444444442),
                (23000, 1.9672131147540983),
                (24000, 1.9783197831978319),
                (25000, 2.3934426229508197),
                (26000, 2.0),
                (27000, 2.833333333333333),
                (28000, 3.4999999999999996),
                (29000, 1.8333333333333335),
                (30000, 2.5163934426229506),
                (31000, 1.2786885245901638),
                (32000, 2.0311653116531163),
                (33000, 1.5555555555555556),
                (34000, 0.7588075880758808),
                (35000, 0.6070460704607046),
                (36000, 0.16937669376693765),
                (37000, 0.3048780487804878),
                (38000, 1.4295392953929535),
                (39000, 1.143631436314363),
            ],
        ),
        (
            "eu",
            stats::ema(&x).alpha(0.2).adjust(false).into_ts(),
            vec![
                (0, 2.0),
                (1000, 2.3),
                (2000, 2.2399999999999998),
                (3000, 2.1919999999999997),
                (4000, 2.4536),
                (5000, 2.66288),
                (6000, 2.230304),
                (7000, 1.8842431999999998),
                (8000, 2.20739456),
                (9000, 2.165915648),
                (10000, 2.165915648),
                (11000, 2.4835547794285717),
                (12000, 2.0868438235428575),
                (13000, 1.669475058834286),
                (14000, 1.7355800470674287),
                (15000, 1.588464037653943),
                (16000, 1.3707712301231543),
                (17000, 1.0966169840985234),
                (18000, 1.5772935872788187),
                (19000, 1.5772935872788187),
                (20000, 1.5772935872788187),
                (21000, 1.1342335908521843),
                (22000, 1.6073868726817475),
                (23000, 1.685909498145398),
                (24000, 1.7487275985163184),
                (25000, 1.7487275985163184),
                (26000, 1.7487275985163184),
                (27000, 2.2406580483712846),
                (28000, 2.2406580483712846),
                (29000, 1.8262156559019314),
                (30000, 2.160972524721545),
                (31000, 1.728778019777236),
                (32000, 2.0830224158217887),
                (33000, 1.6664179326574309),
                (34000, 1.3331343461259446),
                (35000, 1.0665074769007556),
                (36000, 0.9532059815206045),
                (37000, 0.8625647852164836),
                (38000, 1.3900518281731868),
                (39000, 1.1120414625385495),
            ],
        ),
        (
            "eui",
            stats::ema(&x)
                .alpha(0.2)
                .adjust(false)
                .ignore_na(true)
                .into_ts(),
            vec![
                (0, 2.0),
                (1000, 2.3),
                (2000, 2.2399999999999998),
                (3000, 2.1919999999999997),
                (4000, 2.4536),
                (5000, 2.66288),
                (6000, 2.230304),
                (7000, 1.8842431999999998),
                (8000, 2.20739456),
                (9000, 2.165915648),
                (10000, 2.165915648),
                (11000, 2.4327325184),
                (12000, 2.04618601472),
                (13000, 1.636948811776),
                (14000, 1.7095590494208),
                (15000, 1.5676472395366399),
                (16000, 1.354117791629312),
                (17000, 1.0832942333034494),
                (18000, 1.5666353866427596),
                (19000, 1.5666353866427596),
                (20000, 1.5666353866427596),
                (21000, 1.2533083093142077),
                (22000, 1.7026466474513662),
                (23000, 1.762117317961093),
                (24000, 1.8096938543688743),
                (25000, 1.8096938543688743),
                (26000, 1.8096938543688743),
                (27000, 2.1477550834950994),
                (28000, 2.1477550834950994),
                (29000, 1.8182040667960795),
                (30000, 2.1545632534368635),
                (31000, 1.723650602749491),
                (32000, 2.078920482199593),
                (33000, 1.6631363857596742),
                (34000, 1.3305091086077394),
                (35000, 1.0644072868861916),
                (36000, 0.9515258295089533),
                (37000, 0.8612206636071627),
                (38000, 1.38897653088573),
                (39000, 1.111181224708584),
            ],
        ),
        (
            "evh",
            stats::ema_var(&x).alpha(0.2).horizon(5).into_ts(),
            vec![
                (0, NAN),
                (1000, 1.1249999999999996),
                (2000, 0.7561475409836067),
                (3000, 0.51999200319872),
                (4000, 0.7133493342310846),
                (5000, 0.6492901173657164),
                (6000, 2.0428425488443382),
                (7000, 2.4241418140026236),
                (8000, 2.8233071359747406),
                (9000, 2.0241537130982934),
                (10000, 1.9814574170331876),
                (11000, 1.7662958626073362),
                (12000, 2.5166535561481935),
                (13000, 2.6450797987683226),
                (14000, 2.1689324270291888),
                (15000, 1.4755401028546224),
                (16000, 0.5356058671248305),
                (17000, 0.6176515828699458),
                (18000, 2.540731184917752),
                (19000, 3.026839264294283),
                (20000, 4.01844262295082),
                (21000, 3.9074040550325835),
                (22000, 4.4930266444629465),
                (23000, 2.7233606557377077),
                (24000, 1.6075569772091194),
                (25000, 1.6075569772091194),
                (26000, 0.6639344262295144),
                (27000, 0.9164554670528681),
                (28000, 1.1250000000000113),
                (29000, 4.500000000000004),
                (30000, 3.161710037174725),
                (31000, 3.7176793303842497),
                (32000, 3.7065673730507815),
                (33000, 3.5555092812946216),
                (34000, 3.370061875297477),
                (35000, 2.0261896193450277),
                (36000, 1.5836085603835575),
                (37000, 0.07966589661137016),
                (38000, 2.786739183431816),
                (39000, 2.552415516420752),
            ],
        ),
        (
            "evi",
            stats::ema_var(&x)
                .alpha(0.2)
                .ignore_na(true)
                .reset(&r)
                .into_ts(),
            vec![
                (0, NAN),
                (1000, 1.1249999999999996),
                (2000, 0.7561475409836067),
                (3000, 0.51999200319872),
                (4000, 0.7133493342310846),
                (5000, 0.6673118744614756),
                (6000, 1.796602142507605),
                (7000, 2.0360341754223317),
                (8000, 2.105298169242744),
                (9000, 1.6305351011192364),
                (10000, 1.6305351011192364),
                (11000, 1.605258362622184),
                (12000, 2.006735274558511),
                (13000, 2.3759112507546987),
                (14000, 1.90087376293957),
                (15000, 1.5936355537840807),
                (16000, NAN),
                (17000, 0.125),
                (18000, 4.018442622950819),
                (19000, 4.018442622950819),
                (20000, 4.018442622950819),
                (21000, 3.1188024790083966),
                (22000, 3.6887791527843876),
                (23000, 2.6045309545545567),
                (24000, 1.9050474583956454),
                (25000, 1.9050474583956454),
                (26000, 1.9050474583956454),
                (27000, 1.9948193701441026),
                (28000, 1.9948193701441026),
                (29000, 2.162876794522916),
                (30000, 2.2075606042836813),
                (31000, 2.6879337958740184),
                (32000, 2.6996903894639526),
                (33000, 2.973258846308332),
                (34000, 2.868287303613094),
                (35000, 2.5931117750564083),
                (36000, 2.1108028336935165),
                (37000, 1.7110495393903058),
                (38000, 2.6531088377911236),
                (39000, 2.4634357854548896),
            ],
        ),
        (
            "ecov",
            stats::ema_cov(&x, &y).alpha(0.25).into_ts(),
            vec![
                (0, NAN),
                (1000, -0.7499999999999999),
                (2000, -0.5067567567567562),
                (3000, -0.5716216216216221),
                (4000, -0.9923047375160051),
                (5000, -0.2916798656235272),
                (6000, 0.8912270930126821),
                (7000, 0.8912270930126821),
                (8000, 0.3277987846695411),
                (9000, 0.13653187015945506),
                (10000, 0.13653187015945506),
                (11000, 0.13653187015945506),
                (12000, 1.1326756529864814),
                (13000, 0.200751852951752),
                (14000, 0.200751852951752),
                (15000, 0.12759392149767534),
                (16000, -0.038779310532262815),
                (17000, -0.48713213382037496),
                (18000, -1.9149875967476144),
                (19000, -1.9149875967476144),
                (20000, -1.9149875967476144),
                (21000, -0.9734245933203178),
                (22000, -1.2345453573785727),
                (23000, -0.6749042510090453),
                (24000, -0.4941189955413883),
                (25000, -0.4941189955413883),
                (26000, -0.4941189955413883),
                (27000, 0.6797216425786851),
                (28000, 0.6797216425786851),
                (29000, 0.6533988526225918),
                (30000, -0.8073413603240384),
                (31000, -0.2593030662802901),
                (32000, 0.1863979765972352),
                (33000, 0.9402523527460025),
                (34000, 1.0687339962817124),
                (35000, 1.0687339962817124),
                (36000, 0.8570478778606498),
                (37000, 0.5948046174903262),
                (38000, 0.4113074016900062),
                (39000, 0.48741922097443274),
            ],
        ),
        (
            "ecovu",
            stats::ema_cov(&x, &y)
                .alpha(0.25)
                .adjust(false)
                .ignore_na(true)
                .into_ts(),
            vec![
                (0, NAN),
                (1000, -0.75),
                (2000, -0.39),
                (3000, -0.3695426195426195),
                (4000, -0.796646884272997),
                (5000, -0.18894709290398343),
                (6000, 0.7486976613919618),
                (7000, 0.7486976613919618),
                (8000, 0.32474803755596665),
                (9000, 0.1943211278705506),
                (10000, 0.1943211278705506),
                (11000, 0.1943211278705506),
                (12000, 0.8532644777583405),
                (13000, 0.3313974982677249),
                (14000, 0.3313974982677249),
                (15000, 0.29223589102684583),
                (16000, 0.09896410650726342),
                (17000, -0.4163406041665275),
                (18000, -1.4775181319293007),
                (19000, -1.4775181319293007),
                (20000, -1.4775181319293007),
                (21000, -0.9420764111834458),
                (22000, -1.161344626811438),
                (23000, -0.7289214195723843),
                (24000, -0.580499371769856),
                (25000, -0.580499371769856),
                (26000, -0.580499371769856),
                (27000, 0.2682463147585184),
                (28000, 0.2682463147585184),
                (29000, 0.21780782613480912),
                (30000, -0.5842201691067795),
                (31000, -0.18137522721996516),
                (32000, 0.10564683971140305),
                (33000, 0.8005549765482178),
                (34000, 1.006158237931831),
                (35000, 1.006158237931831),
                (36000, 0.887799157904441),
                (37000, 0.6832933295033745),
                (38000, 0.4475846804986176),
                (39000, 0.533596550633793),
            ],
        ),
        (
            "cov",
            stats::cov(&x, &y).ticks(5).reset(&r).into_ts(),
            vec![
                (4000, -0.7875000000000001),
                (5000, -0.48750000000000016),
                (6000, 0.5624999999999999),
                (7000, 0.7499999999999999),
                (8000, 0.875),
                (9000, 1.125),
                (10000, 0.375),
                (11000, -0.7499999999999996),
                (12000, 0.75),
                (13000, 0.3333333333333328),
                (14000, -0.5000000000000013),
                (15000, -0.25000000000000056),
                (16000, NAN),
                (17000, -0.375),
                (18000, -3.166666666666667),
                (19000, -3.166666666666667),
                (20000, -3.166666666666667),
                (21000, -2.6250000000000004),
                (22000, -0.8750000000000004),
                (23000, -0.20833333333333393),
                (24000, -0.16666666666666707),
                (25000, -0.16666666666666707),
                (26000, -0.8750000000000007),
                (27000, 0.6249999999999993),
                (28000, 1.8749999999999987),
                (29000, 2.2499999999999982),
                (30000, -0.2500000000000009),
                (31000, 0.3541666666666661),
                (32000, -0.45833333333333387),
                (33000, 0.12499999999999967),
                (34000, 0.6999999999999997),
                (35000, 1.458333333333333),
                (36000, 1.6666666666666667),
                (37000, 0.04166666666666696),
                (38000, 0.2916666666666668),
                (39000, 0.2916666666666668),
            ],
        ),
        (
            "corrw",
            stats::corr(&x, &y).ticks(6).weights(&w).into_ts(),
            vec![
                (5000, -0.518411033833193),
                (6000, 0.2226286217864279),
                (7000, 0.3651483716701107),
                (8000, 0.2898606637499727),
                (9000, 0.37778095055460614),
                (10000, 0.751305484016714),
                (11000, 0.6246950475544243),
                (12000, 0.3779644730092275),
                (13000, -3.481045681351082e-17),
                (14000, 0.31686212526223867),
                (15000, -0.6363636363636419),
                (16000, -0.47633051162247086),
                (17000, -0.6008656413045659),
                (18000, -0.8439768589580717),
                (19000, -0.8775541136061669),
                (20000, -0.8775541136061669),
                (21000, -0.734571991582936),
                (22000, -0.7427813527082076),
                (23000, -0.3232540919176178),
                (24000, -0.09251867765971723),
                (25000, -0.09251867765971723),
                (26000, -0.09251867765971723),
                (27000, 0.39752319599996244),
                (28000, 0.7302967433402208),
                (29000, 0.7533029414277377),
                (30000, 0.07613869876268826),
                (31000, 0.4263395318436444),
                (32000, 0.4217758927456089),
                (33000, 0.0497672601793438),
                (34000, 0.08791739645277147),
                (35000, 0.1490711984999859),
                (36000, 0.5983988580549497),
                (37000, 0.9485759505765584),
                (38000, 0.5992754167482693),
                (39000, 0.5701617002697126),
            ],
        ),
        (
            "wmean",
            stats::mean(&x).time(secs(4)).weights(&w).into_ts(),
            vec![
                (4000, 2.6),
                (5000, 2.5000000000000004),
                (6000, 1.833333333333334),
                (7000, 1.3181818181818186),
                (8000, 1.1000000000000005),
                (9000, 1.192307692307693),
                (10000, 1.5000000000000009),
                (11000, 2.642857142857144),
                (12000, 2.2142857142857153),
                (13000, 1.5000000000000013),
                (14000, 1.642857142857144),
                (15000, 0.9166666666666679),
                (16000, 0.8571428571428582),
                (17000, 1.000000000000001),
                (18000, 1.1000000000000014),
                (19000, 1.1250000000000018),
                (20000, 1.7500000000000036),
                (21000, 1.7500000000000038),
                (22000, 1.7500000000000036),
                (23000, 1.8333333333333357),
                (24000, 1.9000000000000015),
                (25000, 2.3750000000000018),
                (26000, 2.000000000000002),
                (27000, 3.000000000000001),
                (28000, 3.5000000000000013),
                (29000, 2.9000000000000012),
                (30000, 3.0714285714285725),
                (31000, 1.0714285714285725),
                (32000, 1.3750000000000009),
                (33000, 0.9545454545454551),
                (34000, 0.35000000000000064),
                (35000, 0.4375000000000008),
                (36000, 0.18181818181818243),
                (37000, 0.3333333333333341),
                (38000, 0.722222222222223),
                (39000, 0.722222222222223),
            ],
        ),
        (
            "wkurt",
            stats::kurt(&x).ticks(8).weights(&w).bias(true).into_ts(),
            vec![
                (7000, -1.292355371900828),
                (8000, -1.5261499684940256),
                (9000, -1.0265348595213502),
                (10000, -1.2696000000000163),
                (11000, -1.6592091571279983),
                (12000, -1.2756143273636125),
                (13000, -0.7258012149387709),
                (14000, -1.1513783605194239),
                (15000, -0.9451748582230834),
                (16000, -0.8919713280893644),
                (17000, -0.8284276471871173),
                (18000, -1.3050400077389845),
                (19000, 0.07291666666664742),
                (20000, -0.3008355607466351),
                (21000, -0.5258543105368907),
                (22000, -1.1737329673561487),
                (23000, -1.4886652841926729),
                (24000, -1.241454776303926),
                (25000, -0.5495999999999928),
                (26000, -0.45239334027055733),
                (27000, 0.18519084636211147),
                (28000, 0.18519084636211147),
                (29000, -0.5027700831025168),
                (30000, -0.22222222222217658),
                (31000, -1.742503581267218),
                (32000, -1.8542701736804872),
                (33000, -1.9280639573334046),
                (34000, -1.8659125653575839),
                (35000, 0.20656496209306274),
                (36000, 1.2841234234440515),
                (37000, 1.5550453928832395),
                (38000, 3.9472899327475766),
                (39000, 3.0840643274853985),
            ],
        ),
        (
            "wsem",
            stats::sem(&x).ticks(5).weights(&w).ddof(0).into_ts(),
            vec![
                (4000, 0.28867513459481287),
                (5000, 0.31847684079335026),
                (6000, 0.42935100434726003),
                (7000, 0.49162304464353473),
                (8000, 0.5773502691896258),
                (9000, 0.4129817621397564),
                (10000, 0.3732034800289108),
                (11000, 0.5069020239734101),
                (12000, 0.49607837082461087),
                (13000, 0.5891101377995137),
                (14000, 0.7520622764362564),
                (15000, 0.6665852814906733),
                (16000, 0.3736956482219189),
                (17000, 0.3952847075210476),
                (18000, 0.6012620352104587),
                (19000, 0.7848566748139437),
                (20000, 0.980274196334883),
                (21000, 1.3471506281091274),
                (22000, 1.3471506281091274),
                (23000, 1.1706281947614163),
                (24000, 0.7042726744663609),
                (25000, 0.7042726744663609),
                (26000, 0.45927932677184713),
                (27000, 0.3967800427596654),
                (28000, 0.40824829046386363),
                (29000, 0.7589466384404115),
                (30000, 0.5611317177496951),
                (31000, 0.724166922076189),
                (32000, 0.8267972847076845),
                (33000, 0.6114266861959761),
                (34000, 0.6187184335382291),
                (35000, 0.3949185335586924),
                (36000, 0.3860261697135359),
                (37000, 0.09776752450803693),
                (38000, 0.43646305685590386),
                (39000, 0.4047056048494311),
            ],
        ),
        (
            "gm",
            stats::gmean(&x).ticks(3).into_ts(),
            vec![
                (2000, 2.41014226417523),
                (3000, 2.41014226417523),
                (4000, 2.41014226417523),
                (5000, 2.904392866781852),
                (6000, 1.829652855011486),
                (7000, 0.9564655913861946),
                (8000, 0.9564655913861946),
                (9000, 1.5182944859378313),
                (10000, 2.6457513110645907),
                (11000, 2.6457513110645907),
                (12000, 1.3228756555322954),
                (13000, 0.0),
                (14000, NAN),
                (15000, NAN),
                (16000, NAN),
                (17000, NAN),
                (18000, NAN),
                (19000, NAN),
                (20000, NAN),
                (21000, NAN),
                (22000, NAN),
                (23000, NAN),
                (24000, NAN),
                (25000, NAN),
                (26000, NAN),
                (27000, NAN),
                (28000, NAN),
                (29000, NAN),
                (30000, NAN),
                (31000, NAN),
                (32000, NAN),
                (33000, NAN),
                (34000, NAN),
                (35000, NAN),
                (36000, NAN),
                (37000, NAN),
                (38000, NAN),
                (39000, NAN),
            ],
        ),
        (
            "un",
            stats::unique(&x).ticks(6).precision(0).into_ts(),
            vec![
                (5000, 2.0),
                (6000, 3.0),
                (7000, 3.0),
                (8000, 3.0),
                (9000, 3.0),
                (10000, 3.0),
                (11000, 3.0),
                (12000, 3.0),
                (13000, 3.0),
                (14000, 3.0),
                (15000, 4.0),
                (16000, 4.0),
                (17000, 3.0),
                (18000, 4.0),
                (19000, 4.0),
                (20000, 3.0),
                (21000, 2.0),
                (22000, 2.0),
                (23000, 3.0),
                (24000, 3.0),
                (25000, 3.0),
                (26000, 3.0),
                (27000, 2.0),
                (28000, 2.0),
                (29000, 3.0),
                (30000, 2.0),
                (31000, 2.0),
                (32000, 2.0),
                (33000, 2.0),
                (34000, 2.0),
                (35000, 2.0),
                (36000, 2.0),
                (37000, 2.0),
                (38000, 2.0),
                (39000, 2.0),
            ],
        ),
        (
            "last",
            stats::last(&x).time(secs(3)).into_ts(),
            vec![
                (3000, 2.0),
                (4000, 3.5),
                (5000, 3.5),
                (6000, 0.5),
                (7000, 0.5),
                (8000, 3.5),
                (9000, 2.0),
                (10000, 2.0),
                (11000, 3.5),
                (12000, 0.5),
                (13000, 0.0),
                (14000, 2.0),
                (15000, 1.0),
                (16000, 0.5),
                (17000, 0.0),
                (18000, 3.5),
                (19000, 3.5),
                (20000, 3.5),
                (21000, 0.0),
                (22000, 3.5),
                (23000, 2.0),
                (24000, 2.0),
                (25000, 2.0),
                (26000, 2.0),
                (27000, 3.5),
                (28000, 3.5),
                (29000, 0.5),
                (30000, 3.5),
                (31000, 0.0),
                (32000, 3.5),
                (33000, 0.0),
                (34000, 0.0),
                (35000, 0.0),
                (36000, 0.5),
                (37000, 0.5),
                (38000, 3.5),
                (39000, 0.0),
            ],
        ),
        (
            "emp",
            stats::ema(&x)
                .alpha(0.2)
                .min_periods(5)
                .min_data_points(3)
                .horizon(6)
                .into_ts(),
            vec![
                (4000, 2.6746787244169443),
                (5000, 2.8983866770752016),
                (6000, 2.312125943273484),
                (7000, 1.7365339578454335),
                (8000, 2.195810564663024),
                (9000, 2.156648451730419),
                (10000, 2.025702046644455),
                (11000, 2.4022040093033556),
                (12000, 1.9419141567845526),
                (13000, 1.4496928190150067),
                (14000, 1.4536052297785151),
                (15000, 1.276059019514517),
                (16000, 1.065703877179287),
                (17000, 0.6038685055078497),
                (18000, 1.396261601179634),
                (19000, 1.5323655402189433),
                (20000, 1.467479674796748),
                (21000, 0.869540475174278),
                (22000, 1.9444444444444446),
                (23000, 2.1486877095617993),
                (24000, 1.9783197831978319),
                (25000, 1.9783197831978319),
                (26000, 1.9783197831978319),
                (27000, 2.885403329065301),
                (28000, 2.7805995004163195),
                (29000, 1.7255651325418766),
                (30000, 2.4619377162629754),
                (31000, 1.597978663672094),
                (32000, 2.1779197970533706),
                (33000, 1.426939552594003),
                (34000, 1.0401595975366469),
                (35000, 0.7965998785670918),
                (36000, 0.5241131060803192),
                (37000, 0.5548182843264812),
                (38000, 1.143854627461185),
                (39000, 0.9150837019689481),
            ],
        ),
    ];
    for (name, ts, _) in &cases {
        g.output(name, ts);
    }
    let res = common::run(&g, RunConfig::historical(st(), at(100_000))).unwrap();
    let mut failed = Vec::new();
    for (name, _, want) in &cases {
        let got: Vec<(i64, f64)> = res
            .series::<f64>(name)
            .unwrap()
            .iter()
            .map(|(t, v)| ((*t - st()).num_milliseconds(), *v))
            .collect();
        let ok = got.len() == want.len()
            && got.iter().zip(want).all(|((gt, gv), (wt, wv))| {
                gt == wt
                    && ((gv.is_nan() && wv.is_nan()) || (gv - wv).abs() <= 1e-9 * wv.abs().max(1.0))
            });
        if !ok {
            failed.push(format!("{name}: got {got:?}, csp {want:?}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
