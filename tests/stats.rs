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
