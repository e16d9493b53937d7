//! Property tests for `stats`: on random inputs (NaNs, ties, irregular times, duplicate
//! timestamps, resets, samplers and triggers) every rolling statistic equals a naive
//! recomputation over the window, written here from the definitions, to 1e-9 relative.
//! (spec 3.3: "Windows", "min_window", "sampler", "trigger", "reset", "ignore_na",
//! "min_data_points".)

use proptest::prelude::*;
use tickgraph::prelude::*;

const NAN: f64 = f64::NAN;

fn st() -> Time {
    Time::ymd_hms(2020, 1, 1, 0, 0, 0)
}

fn ms(t: i64) -> Time {
    st().add_nanos(t * 1_000_000)
}

#[derive(Clone, Copy, Debug)]
enum Win {
    Ticks(usize),
    /// Seconds.
    Time(i64),
    Expanding,
}

#[derive(Clone, Debug)]
struct Case {
    /// (time in ms, value); times non-decreasing (equal times are duplicates).
    xs: Vec<(i64, f64)>,
    /// Reset times in ms (between samples: x times are whole seconds, resets half).
    resets: Vec<i64>,
    win: Win,
    ignore_na: bool,
    mdp: u64,
}

fn value() -> impl Strategy<Value = f64> {
    // Multiples of 0.5 in [0, 4] give ties; one in six is NaN.
    prop_oneof![5 => (0..9).prop_map(|v| v as f64 / 2.0), 1 => Just(NAN)]
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec((0..3i64, value()), 1..30),
        prop::collection::vec(0..40i64, 0..3),
        prop_oneof![
            (1..6usize).prop_map(Win::Ticks),
            (1..6i64).prop_map(Win::Time),
            Just(Win::Expanding)
        ],
        any::<bool>(),
        0..3u64,
    )
        .prop_map(|(gaps, resets, win, ignore_na, mdp)| {
            let mut t = 0;
            let xs = gaps
                .into_iter()
                .map(|(gap, v)| {
                    t += gap * 1000;
                    (t, v)
                })
                .collect();
            let resets = resets.into_iter().map(|s| s * 1000 + 500).collect();
            Case {
                xs,
                resets,
                win,
                ignore_na,
                mdp,
            }
        })
}

/// Applies the case's window and options to a builder.
fn configure<X: stats::ToFloat, K: stats::Kind>(
    b: stats::Rolling<X, K>,
    c: &Case,
    reset: &Ts<bool>,
) -> stats::Rolling<X, K> {
    let b = b.ignore_na(c.ignore_na).min_data_points(c.mdp).reset(reset);
    match c.win {
        Win::Ticks(n) => b.ticks(n),
        Win::Time(s) => b.time(secs(s)),
        Win::Expanding => b,
    }
}

/// One output the reference computes: at each sample, from the window's samples
/// (oldest first, NaNs included) and the latest sample.
struct Window<'a> {
    slots: &'a [f64],
    latest: f64,
    ignore_na: bool,
}

impl Window<'_> {
    fn valid(&self) -> Vec<f64> {
        self.slots.iter().copied().filter(|v| !v.is_nan()).collect()
    }
}

/// The naive model: the outputs of a statistic for case `c`, one per sample after the
/// startup gate. `f` gets the window; `poisons` says whether a NaN in the window makes
/// the result NaN with `ignore_na(false)` (false for first/last).
fn reference(c: &Case, poisons: bool, f: &dyn Fn(&Window) -> f64) -> Vec<f64> {
    let mut out = Vec::new();
    let mut since_reset: Vec<(i64, f64)> = Vec::new();
    let mut resets = c.resets.clone();
    resets.sort();
    let mut next_reset = 0;
    for (i, &(t, v)) in c.xs.iter().enumerate() {
        while next_reset < resets.len() && resets[next_reset] < t {
            since_reset.clear();
            next_reset += 1;
        }
        since_reset.push((t, v));
        let slots: Vec<f64> = match c.win {
            Win::Ticks(n) => since_reset
                .iter()
                .rev()
                .take(n)
                .rev()
                .map(|s| s.1)
                .collect(),
            Win::Time(s) => since_reset
                .iter()
                .filter(|(u, _)| *u > t - s * 1000)
                .map(|s| s.1)
                .collect(),
            Win::Expanding => since_reset.iter().map(|s| s.1).collect(),
        };
        let open = match c.win {
            Win::Ticks(n) => i + 1 >= n,
            Win::Time(s) => t >= s * 1000,
            Win::Expanding => true,
        };
        if !open {
            continue;
        }
        let w = Window {
            slots: &slots,
            latest: v,
            ignore_na: c.ignore_na,
        };
        let valid = w.valid();
        let nans = slots.len() - valid.len();
        if (poisons && !c.ignore_na && nans > 0) || (valid.len() as u64) < c.mdp {
            out.push(NAN);
        } else {
            out.push(f(&w));
        }
    }
    out
}

fn close(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b || (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        NAN
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

fn var(v: &[f64], ddof: f64) -> f64 {
    let n = v.len() as f64;
    if n <= ddof {
        return NAN;
    }
    let m = mean(v);
    v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - ddof)
}

fn sorted(v: &[f64]) -> Vec<f64> {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    s
}

fn quantile(v: &[f64], q: f64, interp: stats::Interpolation) -> f64 {
    use stats::Interpolation::*;
    if v.is_empty() {
        return NAN;
    }
    let s = sorted(v);
    let pos = q * (s.len() - 1) as f64;
    let (lo, hi) = (s[pos.floor() as usize], s[pos.ceil() as usize]);
    let frac = pos - pos.floor();
    match interp {
        Linear => lo + (hi - lo) * frac,
        Lower => lo,
        Higher => hi,
        Midpoint => {
            if frac == 0.0 {
                lo
            } else {
                (lo + hi) / 2.0
            }
        }
        Nearest => {
            if frac < 0.5 {
                lo
            } else {
                hi
            }
        }
    }
}

/// Central moments m2, m3, m4 (biased).
fn central(v: &[f64]) -> (f64, f64, f64) {
    let m = mean(v);
    let n = v.len() as f64;
    let p = |k: i32| v.iter().map(|x| (x - m).powi(k)).sum::<f64>() / n;
    (p(2), p(3), p(4))
}

fn skew(v: &[f64]) -> f64 {
    let n = v.len() as f64;
    let (m2, m3, _) = central(v);
    if n <= 2.0 || m2 < 1e-9 {
        return NAN;
    }
    (n * (n - 1.0)).sqrt() / (n - 2.0) * m3 / m2.powf(1.5)
}

fn kurt(v: &[f64]) -> f64 {
    let n = v.len() as f64;
    let (m2, _, m4) = central(v);
    if n <= 3.0 || m2 < 1e-9 {
        return NAN;
    }
    let k = (n + 1.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0));
    k * m4 / (m2 * m2) - 3.0 * (n - 1.0) / (n + 1.0) * k
}

type Stat = (
    &'static str,
    fn(&Ts<f64>, &Case, &Ts<bool>) -> Ts<f64>,
    bool,
    fn(&Window) -> f64,
);

fn stats_table() -> Vec<Stat> {
    use stats::Interpolation::*;
    vec![
        (
            "count",
            |x, c, r| configure(stats::count(x), c, r).into_ts(),
            true,
            |w| w.valid().len() as f64,
        ),
        (
            "sum",
            |x, c, r| configure(stats::sum(x), c, r).into_ts(),
            true,
            |w| w.valid().iter().sum(),
        ),
        (
            "ksum",
            |x, c, r| configure(stats::sum(x).precise(true), c, r).into_ts(),
            true,
            |w| w.valid().iter().sum(),
        ),
        (
            "prod",
            |x, c, r| configure(stats::prod(x), c, r).into_ts(),
            true,
            |w| {
                let v = w.valid();
                if v.is_empty() {
                    NAN
                } else {
                    v.iter().product()
                }
            },
        ),
        (
            "mean",
            |x, c, r| configure(stats::mean(x), c, r).into_ts(),
            true,
            |w| mean(&w.valid()),
        ),
        (
            "var",
            |x, c, r| configure(stats::var(x), c, r).into_ts(),
            true,
            |w| var(&w.valid(), 1.0),
        ),
        (
            "var0",
            |x, c, r| configure(stats::var(x).ddof(0), c, r).into_ts(),
            true,
            |w| var(&w.valid(), 0.0),
        ),
        (
            "stddev",
            |x, c, r| configure(stats::stddev(x), c, r).into_ts(),
            true,
            |w| var(&w.valid(), 1.0).sqrt(),
        ),
        (
            "sem",
            |x, c, r| configure(stats::sem(x), c, r).into_ts(),
            true,
            |w| {
                let v = w.valid();
                (var(&v, 1.0) / v.len() as f64).sqrt()
            },
        ),
        (
            "min",
            |x, c, r| configure(stats::min(x), c, r).into_ts(),
            true,
            |w| w.valid().into_iter().reduce(f64::min).unwrap_or(NAN),
        ),
        (
            "max",
            |x, c, r| configure(stats::max(x), c, r).into_ts(),
            true,
            |w| w.valid().into_iter().reduce(f64::max).unwrap_or(NAN),
        ),
        (
            "median",
            |x, c, r| configure(stats::median(x), c, r).into_ts(),
            true,
            |w| quantile(&w.valid(), 0.5, Linear),
        ),
        (
            "q_linear",
            |x, c, r| configure(stats::quantile(x, 0.3), c, r).into_ts(),
            true,
            |w| quantile(&w.valid(), 0.3, Linear),
        ),
        (
            "q_lower",
            |x, c, r| configure(stats::quantile(x, 0.3).interpolation(Lower), c, r).into_ts(),
            true,
            |w| quantile(&w.valid(), 0.3, Lower),
        ),
        (
            "q_higher",
            |x, c, r| configure(stats::quantile(x, 0.3).interpolation(Higher), c, r).into_ts(),
            true,
            |w| quantile(&w.valid(), 0.3, Higher),
        ),
        (
            "q_mid",
            |x, c, r| configure(stats::quantile(x, 0.3).interpolation(Midpoint), c, r).into_ts(),
            true,
            |w| quantile(&w.valid(), 0.3, Midpoint),
        ),
        (
            "q_near",
            |x, c, r| configure(stats::quantile(x, 0.75).interpolation(Nearest), c, r).into_ts(),
            true,
            |w| quantile(&w.valid(), 0.75, Nearest),
        ),
        (
            "first",
            |x, c, r| configure(stats::first(x), c, r).into_ts(),
            false,
            |w| {
                // ignore_na(false) keeps NaNs in the window: the oldest slot, NaN or not.
                let v = if w.ignore_na {
                    w.valid()
                } else {
                    w.slots.to_vec()
                };
                v.first().copied().unwrap_or(NAN)
            },
        ),
        (
            "last",
            |x, c, r| configure(stats::last(x), c, r).into_ts(),
            false,
            |w| {
                let v = if w.ignore_na {
                    w.valid()
                } else {
                    w.slots.to_vec()
                };
                v.last().copied().unwrap_or(NAN)
            },
        ),
        (
            "unique",
            |x, c, r| configure(stats::unique(x), c, r).into_ts(),
            true,
            |w| {
                let mut v: Vec<i64> = w.valid().iter().map(|x| (x * 1e10) as i64).collect();
                v.sort();
                v.dedup();
                v.len() as f64
            },
        ),
        (
            "rank_min",
            |x, c, r| configure(stats::rank(x), c, r).into_ts(),
            true,
            |w| rank(w, 0),
        ),
        (
            "rank_max",
            |x, c, r| configure(stats::rank(x).method(stats::RankMethod::Max), c, r).into_ts(),
            true,
            |w| rank(w, 1),
        ),
        (
            "rank_avg",
            |x, c, r| configure(stats::rank(x).method(stats::RankMethod::Avg), c, r).into_ts(),
            true,
            |w| rank(w, 2),
        ),
        (
            "skew",
            |x, c, r| configure(stats::skew(x), c, r).into_ts(),
            true,
            |w| skew(&w.valid()),
        ),
        (
            "kurt",
            |x, c, r| configure(stats::kurt(x), c, r).into_ts(),
            true,
            |w| kurt(&w.valid()),
        ),
        (
            // csp's gmean is for strictly positive series (ln 0 = -inf, and the running
            // mean of two infinities is NaN): shifted by 0.5.
            "gmean",
            |x, c, r| configure(stats::gmean(x.map(|v| v + 0.5)), c, r).into_ts(),
            true,
            |w| {
                let v = w.valid();
                if v.is_empty() {
                    NAN
                } else {
                    (v.iter().map(|x| (x + 0.5).ln()).sum::<f64>() / v.len() as f64).exp()
                }
            },
        ),
    ]
}

/// The rank of the latest value among the window's valid values (0 min, 1 max, 2 avg).
fn rank(w: &Window, method: u8) -> f64 {
    let v = w.valid();
    if w.latest.is_nan() || v.is_empty() {
        return NAN;
    }
    let below = v.iter().filter(|x| **x < w.latest).count() as f64;
    let through = v.iter().filter(|x| **x <= w.latest).count() as f64 - 1.0;
    match method {
        0 => below,
        1 => through,
        _ => (below + through) / 2.0,
    }
}

fn run_case(c: &Case) -> Result<(), TestCaseError> {
    let g = Graph::new();
    let x = curve(
        &g,
        c.xs.iter().map(|(t, v)| (ms(*t), *v)).collect::<Vec<_>>(),
    );
    let mut resets = c.resets.clone();
    resets.sort();
    let reset = curve(
        &g,
        resets.iter().map(|t| (ms(*t), true)).collect::<Vec<_>>(),
    );
    let table = stats_table();
    for (name, build, _, _) in &table {
        g.output(name, build(&x, c, &reset));
    }
    let r = g
        .run(RunConfig::historical(st(), ms(200_000)))
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    for (name, _, poisons, f) in &table {
        let got = r.values::<f64>(name).unwrap();
        let want = reference(c, *poisons, f);
        prop_assert_eq!(
            got.len(),
            want.len(),
            "{}: got {:?}, want {:?}",
            name,
            got,
            want
        );
        for (k, (a, b)) in got.iter().zip(&want).enumerate() {
            prop_assert!(
                close(*a, *b),
                "{} output {}: got {} want {} (all {:?} vs {:?})",
                name,
                k,
                a,
                b,
                got,
                want
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Every univariate statistic against its naive recomputation over the window.
    #[test]
    fn univariate_statistics_match_a_naive_recomputation(c in case()) {
        run_case(&c)?;
    }
}
