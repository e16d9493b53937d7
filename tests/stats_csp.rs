//! csp.stats against the real csp: random series (small integers, so ties; NaNs; irregular
//! times with duplicate timestamps; resets and samplers) through every statistic, with the
//! outputs csp 0.19.1 gave for the same inputs (`tests/csp/stats_cases.json`, written by
//! `tests/csp/stats_cases.py`). Times and values must agree: times exactly, values to 1e-9
//! relative (NaN matches NaN).

use serde_json::Value as Json;
use tickgraph::prelude::*;
use tickgraph::stdlib::stats::{EmaKind, Interpolation, Kind, NaOption, RankMethod, Rolling};

const CASES: &str = include_str!("csp/stats_cases.json");

fn st() -> Time {
    Time::ymd_hms(2020, 1, 1, 0, 0, 0)
}

fn at(seconds: f64) -> Time {
    st() + secs_f64(seconds)
}

fn points(j: &Json) -> Vec<(Time, f64)> {
    j.as_array()
        .expect("a list of points")
        .iter()
        .map(|p| {
            (
                at(p[0].as_f64().unwrap()),
                p[1].as_f64().unwrap_or(f64::NAN),
            )
        })
        .collect()
}

fn flags(g: &Graph, j: &Json) -> Ts<bool> {
    let times: Vec<(Time, bool)> = j
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (at(t.as_f64().unwrap()), true))
        .collect();
    curve(g, times)
}

/// The window and the options every statistic takes, from the case's csp arguments.
fn windowed<K: Kind>(mut r: Rolling<f64, K>, case: &Json, g: &Graph) -> Rolling<f64, K> {
    let args = &case["args"];
    match &args["interval"] {
        Json::Null => {}
        v if v.is_u64() => r = r.ticks(v.as_u64().unwrap() as usize),
        v => r = r.time(secs_f64(v.as_f64().unwrap())),
    }
    match &args["min_window"] {
        Json::Null => {}
        v if v.is_u64() => r = r.min_window(v.as_u64().unwrap()),
        v => r = r.min_window(secs_f64(v.as_f64().unwrap())),
    }
    if let Some(ignore) = args["ignore_na"].as_bool() {
        r = r.ignore_na(ignore);
    }
    if let Some(n) = args["min_data_points"].as_u64() {
        r = r.min_data_points(n);
    }
    if !case["reset"].is_null() {
        r = r.reset(flags(g, &case["reset"]));
    }
    if !case["sampler"].is_null() {
        r = r.sampler(flags(g, &case["sampler"]));
    }
    r
}

/// csp's EMA parameters on an EMA builder.
fn ema_params<K: Kind + EmaKind>(mut r: Rolling<f64, K>, args: &Json) -> Rolling<f64, K> {
    if let Some(a) = args["alpha"].as_f64() {
        r = r.alpha(a);
    }
    if let Some(s) = args["span"].as_f64() {
        r = r.span(s);
    }
    if let Some(c) = args["com"].as_f64() {
        r = r.com(c);
    }
    if let Some(h) = args["halflife"].as_f64() {
        r = r.halflife(secs_f64(h));
    }
    if let Some(adjust) = args["adjust"].as_bool() {
        r = r.adjust(adjust);
    }
    if let Some(n) = args["horizon"].as_u64() {
        r = r.horizon(n as usize);
    }
    if let Some(n) = args["min_periods"].as_u64() {
        r = r.min_periods(n);
    }
    r
}

/// The statistic of one case, as a series of `f64` (argmin/argmax: seconds after the start).
fn statistic(case: &Json, g: &Graph) -> Ts<f64> {
    let x = curve(g, points(&case["x"]));
    let args = &case["args"];
    let b = |key: &str| args[key].as_bool();
    // A macro, not a closure: each statistic's builder is its own type.
    macro_rules! w {
        ($r:expr) => {
            windowed($r, case, g)
        };
    }
    match case["fn"].as_str().unwrap() {
        "count" => w!(stats::count(&x)).into_ts(),
        "sum" => w!(stats::sum(&x).precise(b("precise").unwrap_or(false))).into_ts(),
        "prod" => w!(stats::prod(&x)).into_ts(),
        "first" => w!(stats::first(&x)).into_ts(),
        "last" => w!(stats::last(&x)).into_ts(),
        "mean" => w!(stats::mean(&x)).into_ts(),
        "gmean" => w!(stats::gmean(&x)).into_ts(),
        "min" => w!(stats::min(&x)).into_ts(),
        "max" => w!(stats::max(&x)).into_ts(),
        "median" => w!(stats::median(&x)).into_ts(),
        "unique" => w!(stats::unique(&x)).into_ts(),
        "quantile" => {
            let interpolation = match args["interpolate"].as_str().unwrap() {
                "linear" => Interpolation::Linear,
                "lower" => Interpolation::Lower,
                "higher" => Interpolation::Higher,
                "midpoint" => Interpolation::Midpoint,
                _ => Interpolation::Nearest,
            };
            let q = args["quant"].as_f64().unwrap();
            w!(stats::quantile(&x, q).interpolation(interpolation)).into_ts()
        }
        "rank" => {
            let method = match args["method"].as_str().unwrap() {
                "min" => RankMethod::Min,
                "max" => RankMethod::Max,
                _ => RankMethod::Avg,
            };
            let na = match args["na_option"].as_str().unwrap() {
                "keep" => NaOption::Keep,
                _ => NaOption::Last,
            };
            w!(stats::rank(&x).method(method).na_option(na)).into_ts()
        }
        f @ ("argmin" | "argmax") => {
            let recent = b("return_most_recent").unwrap_or(true);
            let t = if f == "argmin" {
                w!(stats::argmin(&x).return_most_recent(recent)).into_ts()
            } else {
                w!(stats::argmax(&x).return_most_recent(recent)).into_ts()
            };
            let start = st();
            apply(&t, move |t: &Time| (t.nanos() - start.nanos()) as f64 / 1e9)
        }
        f @ ("var" | "stddev" | "sem") => {
            let ddof = args["ddof"].as_i64().unwrap_or(1);
            let r = match f {
                "var" => stats::var(&x),
                "stddev" => stats::stddev(&x),
                _ => stats::sem(&x),
            };
            w!(r.ddof(ddof)).into_ts()
        }
        f @ ("skew" | "kurt") => {
            let bias = b("bias").unwrap_or(false);
            if f == "skew" {
                w!(stats::skew(&x).bias(bias)).into_ts()
            } else {
                let excess = b("excess").unwrap_or(true);
                w!(stats::kurt(&x).bias(bias).excess(excess)).into_ts()
            }
        }
        f @ ("ema" | "ema_var" | "ema_std") => match f {
            "ema" => w!(ema_params(stats::ema(&x), args)).into_ts(),
            "ema_var" => w!(ema_params(stats::ema_var(&x), args)).into_ts(),
            _ => w!(ema_params(stats::ema_std(&x), args)).into_ts(),
        },
        f @ ("cov" | "corr" | "ema_cov") => {
            let y = curve(g, points(&case["y"]));
            match f {
                "cov" => w!(stats::cov(&x, &y)).into_ts(),
                "corr" => w!(stats::corr(&x, &y)).into_ts(),
                _ => w!(ema_params(stats::ema_cov(&x, &y), args)).into_ts(),
            }
        }
        other => panic!("no statistic {other}"),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-3)
}

#[test]
fn every_statistic_agrees_with_csp_on_random_series() {
    let all: Json = serde_json::from_str(CASES).expect("the fixture parses");
    let cases = all["cases"].as_array().unwrap();
    let mut checked = 0;
    let mut compared = 0;
    let mut failures = Vec::new();
    for case in cases {
        if !case["error"].is_null() {
            continue; // an option csp refuses for this statistic (unique's ignore_na)
        }
        let g = Graph::new();
        let out = statistic(case, &g);
        g.output("out", &out);
        let last = points(&case["x"]).last().unwrap().0;
        let r = g
            .run(RunConfig::historical(st(), last + secs(1)))
            .unwrap_or_else(|e| panic!("{}: {e}", case["name"]));
        let got = r.series::<f64>("out").unwrap();
        let expected = points(&case["expected"]);
        let same = got.len() == expected.len()
            && got
                .iter()
                .zip(&expected)
                .all(|((ta, a), (tb, b))| ta == tb && close(*a, *b));
        if !same {
            failures.push(format!(
                "{}: got {:?}\n  csp {:?}",
                case["name"], got, expected
            ));
        }
        checked += 1;
        compared += expected.len();
    }
    assert!(
        checked > 450 && compared > 10_000,
        "only {checked} cases, {compared} values"
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} cases differ from csp:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
