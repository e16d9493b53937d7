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
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every univariate statistic against its naive recomputation over the window.
    #[test]
    fn univariate_statistics_match_a_naive_recomputation(c in case()) {
        run_case(&c)?;
    }
}

/// A case with a separate sampler and trigger: x ticks at whole seconds, the sampler at
/// whole seconds (with or without x), the trigger at quarter seconds.
#[derive(Clone, Debug)]
struct SampledCase {
    xs: Vec<(i64, f64)>,
    sampler: Vec<i64>,
    trigger: Vec<i64>,
    win: Win,
}

fn distinct_times(max: i64, step: i64) -> impl Strategy<Value = Vec<i64>> {
    prop::collection::btree_set(0..max, 1..25)
        .prop_map(move |s| s.into_iter().map(|t| t * step).collect())
}

fn sampled_case() -> impl Strategy<Value = SampledCase> {
    (
        distinct_times(30, 1000),
        prop::collection::vec(value(), 25),
        distinct_times(30, 1000),
        distinct_times(120, 250),
        prop_oneof![
            (1..5usize).prop_map(Win::Ticks),
            (1..5i64).prop_map(Win::Time),
            Just(Win::Expanding)
        ],
    )
        .prop_map(|(xt, v, sampler, trigger, win)| SampledCase {
            xs: xt.into_iter().zip(v).collect(),
            sampler,
            trigger,
            win,
        })
}

/// The naive model with a sampler and a trigger: the outputs at the trigger's ticks.
fn sampled_reference(c: &SampledCase, f: fn(&[f64]) -> f64) -> Vec<f64> {
    let mut samples: Vec<(i64, f64)> = Vec::new();
    let mut out = Vec::new();
    let mut times: Vec<i64> = c.sampler.iter().chain(&c.trigger).copied().collect();
    times.sort();
    times.dedup();
    for t in times {
        if c.sampler.contains(&t) {
            let v = c.xs.iter().find(|(u, _)| *u == t).map_or(NAN, |p| p.1);
            samples.push((t, v));
        }
        if !c.trigger.contains(&t) {
            continue;
        }
        let (open, slots): (bool, Vec<f64>) = match c.win {
            // csp filters on min_window only when it is above 1.
            Win::Ticks(n) => (
                n <= 1 || samples.len() >= n,
                samples.iter().rev().take(n).rev().map(|s| s.1).collect(),
            ),
            Win::Time(s) => (
                t >= s * 1000,
                samples
                    .iter()
                    .filter(|(u, _)| *u > t - s * 1000)
                    .map(|s| s.1)
                    .collect(),
            ),
            Win::Expanding => (true, samples.iter().map(|s| s.1).collect()),
        };
        if open {
            let valid: Vec<f64> = slots.into_iter().filter(|v| !v.is_nan()).collect();
            out.push(f(&valid));
        }
    }
    out
}

/// A statistic of the window's valid values.
type ValuesFn = fn(&[f64]) -> f64;

fn run_sampled(c: &SampledCase) -> Result<(), TestCaseError> {
    let g = Graph::new();
    let x = curve(
        &g,
        c.xs.iter().map(|(t, v)| (ms(*t), *v)).collect::<Vec<_>>(),
    );
    let sampler = curve(
        &g,
        c.sampler.iter().map(|t| (ms(*t), 1u8)).collect::<Vec<_>>(),
    );
    let trigger = curve(
        &g,
        c.trigger.iter().map(|t| (ms(*t), ())).collect::<Vec<_>>(),
    );
    fn win<K: stats::Kind>(b: stats::Rolling<f64, K>, w: Win) -> stats::Rolling<f64, K> {
        match w {
            Win::Ticks(n) => b.ticks(n),
            Win::Time(s) => b.time(secs(s)),
            Win::Expanding => b,
        }
    }
    let table: Vec<(&str, Ts<f64>, ValuesFn)> = vec![
        (
            "sum",
            win(stats::sum(&x), c.win)
                .sampler(&sampler)
                .trigger(&trigger)
                .into_ts(),
            |v| v.iter().sum(),
        ),
        (
            "count",
            win(stats::count(&x), c.win)
                .sampler(&sampler)
                .trigger(&trigger)
                .into_ts(),
            |v| v.len() as f64,
        ),
        (
            "mean",
            win(stats::mean(&x), c.win)
                .sampler(&sampler)
                .trigger(&trigger)
                .into_ts(),
            mean,
        ),
        (
            "var",
            win(stats::var(&x), c.win)
                .sampler(&sampler)
                .trigger(&trigger)
                .into_ts(),
            |v| var(v, 1.0),
        ),
        (
            "max",
            win(stats::max(&x), c.win)
                .sampler(&sampler)
                .trigger(&trigger)
                .into_ts(),
            |v| v.iter().copied().reduce(f64::max).unwrap_or(NAN),
        ),
        (
            "median",
            win(stats::median(&x), c.win)
                .sampler(&sampler)
                .trigger(&trigger)
                .into_ts(),
            |v| quantile(v, 0.5, stats::Interpolation::Linear),
        ),
    ];
    for (name, ts, _) in &table {
        g.output(name, ts);
    }
    let r = g
        .run(RunConfig::historical(st(), ms(200_000)))
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    for (name, _, f) in &table {
        let got = r.values::<f64>(name).unwrap();
        let want = sampled_reference(c, *f);
        prop_assert_eq!(
            got.len(),
            want.len(),
            "{}: got {:?}, want {:?}",
            name,
            got,
            want
        );
        for (a, b) in got.iter().zip(&want) {
            prop_assert!(close(*a, *b), "{}: got {:?}, want {:?}", name, got, want);
        }
    }
    Ok(())
}

/// EMA options: (adjust, ignore_na, horizon, alpha, min_periods).
fn ema_reference(
    c: &Case,
    adjust: bool,
    ignore_na: bool,
    horizon: Option<usize>,
    a: f64,
    min_periods: usize,
) -> Vec<f64> {
    let d = 1.0 - a;
    let mut resets = c.resets.clone();
    resets.sort();
    let mut next_reset = 0;
    let mut since: Vec<f64> = Vec::new();
    let mut out = Vec::new();
    for (i, &(t, v)) in c.xs.iter().enumerate() {
        while next_reset < resets.len() && resets[next_reset] < t {
            since.clear();
            next_reset += 1;
        }
        since.push(v);
        let slots = match horizon {
            Some(h) => &since[since.len().saturating_sub(h)..],
            None => &since[..],
        };
        if i + 1 < min_periods {
            continue;
        }
        let value = if adjust {
            // Weights d^age, the age counted back from the newest valid point, in slots
            // (NaNs count) or, with ignore_na, in valid points.
            let valid: Vec<(usize, f64)> = slots
                .iter()
                .copied()
                .enumerate()
                .filter(|(_, x)| !x.is_nan())
                .collect();
            match valid.last() {
                None => NAN,
                Some(&(last, _)) => {
                    let (mut num, mut den) = (0.0, 0.0);
                    for (k, &(p, x)) in valid.iter().enumerate() {
                        let age = if ignore_na {
                            valid.len() - 1 - k
                        } else {
                            last - p
                        };
                        let w = d.powi(age as i32);
                        num += w * x;
                        den += w;
                    }
                    num / den
                }
            }
        } else {
            // The recursion, a NaN gap of k slots weighting the old value by d^(k+1).
            let mut ema = NAN;
            let mut gap = 1;
            for &x in slots {
                if x.is_nan() {
                    if !ema.is_nan() && !ignore_na {
                        gap += 1;
                    }
                } else if ema.is_nan() {
                    ema = x;
                } else {
                    let w = d.powi(gap);
                    ema = (w * ema + a * x) / (w + a);
                    gap = 1;
                }
            }
            ema
        };
        out.push(value);
    }
    out
}

fn run_ema(
    c: &Case,
    a: f64,
    min_periods: usize,
    nan_free_horizon: bool,
) -> Result<(), TestCaseError> {
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
    let mut variants: Vec<(String, bool, bool, Option<usize>)> = Vec::new();
    for adjust in [true, false] {
        for ignore_na in [true, false] {
            variants.push((format!("e{adjust}{ignore_na}"), adjust, ignore_na, None));
        }
    }
    if nan_free_horizon {
        variants.push(("h3".into(), true, false, Some(3)));
        variants.push(("h1".into(), true, true, Some(1)));
    }
    for (name, adjust, ignore_na, horizon) in &variants {
        let mut b = stats::ema(&x)
            .alpha(a)
            .adjust(*adjust)
            .ignore_na(*ignore_na)
            .min_periods(min_periods as u64)
            .reset(&reset);
        if let Some(h) = horizon {
            b = b.horizon(*h);
        }
        g.output(name, b);
    }
    let r = g
        .run(RunConfig::historical(st(), ms(200_000)))
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    for (name, adjust, ignore_na, horizon) in &variants {
        let got = r.values::<f64>(name).unwrap();
        let want = ema_reference(c, *adjust, *ignore_na, *horizon, a, min_periods);
        prop_assert_eq!(
            got.len(),
            want.len(),
            "{}: got {:?}, want {:?}",
            name,
            got,
            want
        );
        for (a, b) in got.iter().zip(&want) {
            prop_assert!(close(*a, *b), "{}: got {:?}, want {:?}", name, got, want);
        }
    }
    Ok(())
}

/// argmin/argmax against the naive scan: the time of the extreme (the latest or the
/// oldest of tied extremes), the epoch when the window has no valid point.
fn run_arg(c: &Case) -> Result<(), TestCaseError> {
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
    let c2 = Case {
        ignore_na: true,
        mdp: 0,
        ..c.clone()
    };
    let variants = [(true, true), (true, false), (false, true), (false, false)];
    for (max, recent) in variants {
        let b = if max {
            stats::argmax(&x)
        } else {
            stats::argmin(&x)
        };
        let b = configure(b.return_most_recent(recent), &c2, &reset);
        g.output(&format!("a{max}{recent}"), b);
    }
    let r = g
        .run(RunConfig::historical(st(), ms(200_000)))
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    for (max, recent) in variants {
        let got = r.values::<Time>(&format!("a{max}{recent}")).unwrap();
        // The reference over (time, value) samples: reuse the window model with values
        // encoded as indices into the case's samples.
        let mut want = Vec::new();
        let mut since: Vec<(i64, f64)> = Vec::new();
        let mut next_reset = 0;
        for (i, &(t, v)) in c2.xs.iter().enumerate() {
            while next_reset < resets.len() && resets[next_reset] < t {
                since.clear();
                next_reset += 1;
            }
            since.push((t, v));
            let (open, slots): (bool, Vec<(i64, f64)>) = match c2.win {
                Win::Ticks(n) => (
                    i + 1 >= n,
                    since.iter().rev().take(n).rev().copied().collect(),
                ),
                Win::Time(s) => (
                    t >= s * 1000,
                    since
                        .iter()
                        .filter(|(u, _)| *u > t - s * 1000)
                        .copied()
                        .collect(),
                ),
                Win::Expanding => (true, since.clone()),
            };
            if !open {
                continue;
            }
            let valid: Vec<(i64, f64)> = slots.into_iter().filter(|(_, v)| !v.is_nan()).collect();
            let best = valid
                .iter()
                .map(|p| p.1)
                .reduce(if max { f64::max } else { f64::min });
            want.push(match best {
                None => Time::EPOCH,
                Some(b) => {
                    let times: Vec<i64> = valid.iter().filter(|p| p.1 == b).map(|p| p.0).collect();
                    ms(if recent {
                        *times.last().unwrap()
                    } else {
                        times[0]
                    })
                }
            });
        }
        prop_assert_eq!(&got, &want, "argmax={} recent={}", max, recent);
    }
    Ok(())
}

/// Bivariate and weighted statistics against their definitions.
fn run_weighted(c: &Case, ys: &[f64], ws: &[f64]) -> Result<(), TestCaseError> {
    let g = Graph::new();
    let x = curve(
        &g,
        c.xs.iter().map(|(t, v)| (ms(*t), *v)).collect::<Vec<_>>(),
    );
    let y = curve(
        &g,
        c.xs.iter()
            .zip(ys)
            .map(|((t, _), v)| (ms(*t), *v))
            .collect::<Vec<_>>(),
    );
    let w = curve(
        &g,
        c.xs.iter()
            .zip(ws)
            .map(|((t, _), v)| (ms(*t), *v))
            .collect::<Vec<_>>(),
    );
    let mut resets = c.resets.clone();
    resets.sort();
    let reset = curve(
        &g,
        resets.iter().map(|t| (ms(*t), true)).collect::<Vec<_>>(),
    );
    g.output("cov", configure(stats::cov(&x, &y), c, &reset));
    g.output("corr", configure(stats::corr(&x, &y), c, &reset));
    g.output("wmean", configure(stats::mean(&x).weights(&w), c, &reset));
    g.output("wsum", configure(stats::sum(&x).weights(&w), c, &reset));
    g.output("wvar", configure(stats::var(&x).weights(&w), c, &reset));
    let r = g
        .run(RunConfig::historical(st(), ms(200_000)))
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    // Encode each sample as its index, so one window model serves (x, y, w).
    let idx = Case {
        xs: c
            .xs
            .iter()
            .enumerate()
            .map(|(i, (t, v))| (*t, if v.is_nan() { NAN } else { i as f64 }))
            .collect(),
        ..c.clone()
    };
    let xs: Vec<f64> = c.xs.iter().map(|p| p.1).collect();
    let pick = |w: &Window| -> Vec<usize> { w.valid().iter().map(|i| *i as usize).collect() };
    let check = |name: &str, f: &dyn Fn(&[usize]) -> f64| -> Result<(), TestCaseError> {
        let got = r.values::<f64>(name).unwrap();
        let want = reference(&idx, true, &|w| f(&pick(w)));
        prop_assert_eq!(
            got.len(),
            want.len(),
            "{}: got {:?}, want {:?}",
            name,
            got,
            want
        );
        for (a, b) in got.iter().zip(&want) {
            prop_assert!(close(*a, *b), "{}: got {:?}, want {:?}", name, got, want);
        }
        Ok(())
    };
    let cov = |ix: &[usize]| {
        let n = ix.len() as f64;
        if n <= 1.0 {
            return NAN;
        }
        let mx = ix.iter().map(|i| xs[*i]).sum::<f64>() / n;
        let my = ix.iter().map(|i| ys[*i]).sum::<f64>() / n;
        ix.iter()
            .map(|i| (xs[*i] - mx) * (ys[*i] - my))
            .sum::<f64>()
            / (n - 1.0)
    };
    check("cov", &cov)?;
    check("corr", &|ix| {
        let vx = var(&ix.iter().map(|i| xs[*i]).collect::<Vec<_>>(), 1.0);
        let vy = var(&ix.iter().map(|i| ys[*i]).collect::<Vec<_>>(), 1.0);
        if !(vx >= 1e-9 && vy >= 1e-9) {
            NAN
        } else {
            cov(ix) / (vx * vy).sqrt()
        }
    })?;
    let wsum = |ix: &[usize]| ix.iter().map(|i| ws[*i]).sum::<f64>();
    let wmean = |ix: &[usize]| ix.iter().map(|i| ws[*i] * xs[*i]).sum::<f64>() / wsum(ix);
    check("wmean", &|ix| if wsum(ix) > 1e-9 { wmean(ix) } else { NAN })?;
    check("wsum", &|ix| ix.iter().map(|i| ws[*i] * xs[*i]).sum())?;
    check("wvar", &|ix| {
        let sw = wsum(ix);
        if sw <= 1.0 {
            return NAN;
        }
        let m = wmean(ix);
        ix.iter()
            .map(|i| ws[*i] * (xs[*i] - m).powi(2))
            .sum::<f64>()
            / (sw - 1.0)
    })?;
    Ok(())
}

/// The halflife EMAs against their definitions, on samples since the last reset (a NaN
/// makes them NaN until a reset, as csp 0.19.1's): adjusted, the average weighted by
/// `0.5^(age / halflife)` with ages from the newest sample; unadjusted, the recursion
/// `ema += (1 - 0.5^(dt / halflife)) (x - ema)`.
fn run_halflife(c: &Case, h_ms: i64) -> Result<(), TestCaseError> {
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
    let h = TimeDelta::milliseconds(h_ms);
    g.output("adj", stats::ema(&x).halflife(h).reset(&reset));
    g.output(
        "raw",
        stats::ema(&x).halflife(h).adjust(false).reset(&reset),
    );
    let r = g
        .run(RunConfig::historical(st(), ms(200_000)))
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let (mut adj, mut raw) = (Vec::new(), Vec::new());
    let mut since: Vec<(i64, f64)> = Vec::new();
    let mut next_reset = 0;
    for &(t, v) in &c.xs {
        while next_reset < resets.len() && resets[next_reset] < t {
            since.clear();
            next_reset += 1;
        }
        since.push((t, v));
        let w = |age: i64| 0.5f64.powf(age as f64 / h_ms as f64);
        let (num, den) = since.iter().fold((0.0, 0.0), |(n, d), &(u, x)| {
            (n + w(t - u) * x, d + w(t - u))
        });
        adj.push(num / den);
        let mut e = since[0].1;
        for k in 1..since.len() {
            let (u0, u1) = (since[k - 1].0, since[k].0);
            e += (1.0 - w(u1 - u0)) * (since[k].1 - e);
        }
        raw.push(e);
    }
    for (name, want) in [("adj", adj), ("raw", raw)] {
        let got = r.values::<f64>(name).unwrap();
        prop_assert_eq!(got.len(), want.len());
        for (a, b) in got.iter().zip(&want) {
            prop_assert!(close(*a, *b), "{}: got {:?}, want {:?}", name, got, want);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The halflife EMAs (adjusted and not, with NaNs, duplicate times and resets) match
    /// their definitions.
    #[test]
    fn halflife_ema_matches_its_definition(c in case(), h_ms in prop_oneof![Just(500i64), Just(2000), Just(7000)]) {
        run_halflife(&c, h_ms)?;
    }

    /// With a sampler (a tick without x is a NaN sample, x without it is ignored) and a
    /// trigger (the output times), sums, means, variances, maxima and medians match the
    /// naive model.
    #[test]
    fn sampler_and_trigger_match_a_naive_model(c in sampled_case()) {
        run_sampled(&c)?;
    }

    /// Every EMA form (adjusted or not, ignore_na or not, finite horizon, min_periods,
    /// resets) matches its definition as a weighted average.
    #[test]
    fn ema_matches_its_weighted_average(
        c in case(),
        a in prop_oneof![Just(0.1), Just(0.5), Just(0.9)],
        min_periods in 1..4usize,
    ) {
        let nan_free = c.xs.iter().all(|p| !p.1.is_nan());
        run_ema(&c, a, min_periods, nan_free)?;
    }

    /// argmin/argmax give the time of the extreme, the latest or oldest among ties.
    #[test]
    fn argmin_argmax_match_a_naive_scan(c in case()) {
        run_arg(&c)?;
    }

    /// cov, corr and the weighted sum, mean and variance match their definitions.
    #[test]
    fn bivariate_and_weighted_statistics_match_their_definitions(
        c in case(),
        ys in prop::collection::vec((0..9).prop_map(|v| v as f64 / 2.0), 30),
        ws in prop::collection::vec(prop_oneof![Just(0.5), Just(1.0), Just(2.0), Just(3.0)], 30),
    ) {
        run_weighted(&c, &ys, &ws)?;
    }
}
