//! `stdlib::random` (spec 3.5: "`poisson_timer(rate: ts[float], seed, value=True)`,
//! `brownian_motion(trigger, drift: ts[1D], covariance: ts[2D], seed,
//! return_increments=False)`, and `brownian_motion_1d`"), and the behaviour of csp
//! 0.19.1's `csp/random.py`: a rate tick cancels the pending event and draws a new one;
//! drift and covariance changes apply from their tick on; the motion starts at zero once
//! both are valid. The random streams differ from numpy's, so the checks are determinism
//! and statistics with generous bounds (at least 5 standard errors).

mod common;

use tickgraph::prelude::*;

fn st() -> Time {
    Time::ymd_hms(2020, 1, 1, 0, 0, 0)
}

fn run_for(g: &Graph, d: TimeDelta) -> RunResult {
    common::run(g, RunConfig::historical_for(st(), d)).unwrap()
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

fn cov(a: &[f64], b: &[f64]) -> f64 {
    let (ma, mb) = (mean(a), mean(b));
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - ma) * (y - mb))
        .sum::<f64>()
        / (a.len() - 1) as f64
}

fn node_error<E: std::error::Error + Clone + 'static>(r: tickgraph::Result<RunResult>) -> E {
    match r {
        Err(Error::Node { source, .. }) => source
            .downcast_ref::<E>()
            .unwrap_or_else(|| panic!("unexpected cause {source}"))
            .clone(),
        other => panic!("expected a node error, got {other:?}"),
    }
}

/// Spec 3.5 `poisson_timer(rate, seed)`: one seed gives one series of events, in every
/// run; another seed another.
#[test]
fn poisson_timer_is_deterministic_for_a_seed() {
    let times = |seed: u64| {
        let g = Graph::new();
        let ticks = random::poisson_timer(const_(&g, 2.0), seed, true);
        g.output("t", &ticks);
        let a = run_for(&g, secs(100)).times("t").unwrap().to_vec();
        let b = run_for(&g, secs(100)).times("t").unwrap().to_vec();
        assert_eq!(a, b, "two runs of one graph");
        a
    };
    assert_eq!(times(11), times(11));
    assert_ne!(times(11), times(12));
}

/// A Poisson process of rate 5/s over 2000 s: 10000 events expected (sd 100); the gaps are
/// exponential with mean 0.2 s and variance 0.04 s².
#[test]
fn poisson_timer_event_count_and_gaps() {
    let g = Graph::new();
    let ticks = random::poisson_timer(const_(&g, 5.0), 2024, 'x');
    g.output("t", &ticks);
    let r = run_for(&g, secs(2000));
    assert!(r.values::<char>("t").unwrap().iter().all(|v| *v == 'x'));
    let times = r.times("t").unwrap();
    assert!((9500..10500).contains(&times.len()), "{}", times.len());
    let gaps: Vec<f64> = times
        .windows(2)
        .map(|w| (w[1] - w[0]).num_nanoseconds().unwrap() as f64 * 1e-9)
        .collect();
    let m = mean(&gaps);
    assert!((m - 0.2).abs() < 0.01, "mean gap {m}");
    let v = cov(&gaps, &gaps);
    assert!((v - 0.04).abs() < 0.005, "gap variance {v}");
}

/// csp's `poisson_timer`: "if csp.ticked(rate): ... cancel_alarm ... if rate > 0:
/// schedule_alarm(exponential(1/rate))". Rate 1/s for 1000 s, then 10/s, then 0 from
/// 2000 s: about 1000 and 10000 events (sd 32 and 100), none after the rate is 0.
#[test]
fn poisson_timer_follows_rate_changes() {
    let g = Graph::new();
    let rate = curve(
        &g,
        vec![
            (st(), 1.0),
            (st() + secs(1000), 10.0),
            (st() + secs(2000), 0.0),
        ],
    );
    let ticks = random::poisson_timer(&rate, 5, ());
    g.output("t", &ticks);
    let r = run_for(&g, secs(4000));
    let times = r.times("t").unwrap();
    let first = times.iter().filter(|t| **t < st() + secs(1000)).count();
    let second = times.len() - first;
    assert!((850..1150).contains(&first), "{first}");
    assert!((9500..10500).contains(&second), "{second}");
    assert!(times.iter().all(|t| *t < st() + secs(2000)));
}

/// A rate tick cancels the pending event: at 0.001/s the first event is about 1000 s
/// away; the rate becomes 1000/s at 10 s, so events start within milliseconds of 10 s.
/// Before any rate tick, and with rate 0, there are no events.
#[test]
fn poisson_timer_rate_tick_replaces_the_pending_event() {
    let g = Graph::new();
    let rate = curve(&g, vec![(st(), 0.001), (st() + secs(10), 1000.0)]);
    g.output("t", random::poisson_timer(&rate, 9, ()));
    let late = curve(&g, vec![(st() + secs(5), 0.0)]);
    g.output("zero", random::poisson_timer(&late, 9, ()));
    g.output("never", random::poisson_timer(null_ts(&g), 9, ()));
    let r = run_for(&g, secs(11));
    let times = r.times("t").unwrap();
    let after: Vec<_> = times.iter().filter(|t| **t >= st() + secs(10)).collect();
    assert!(*after[0] < st() + secs(10) + millis(20), "{:?}", after[0]);
    assert!((800..1200).contains(&after.len()), "{}", after.len());
    assert!(r.times("zero").unwrap().is_empty());
    assert!(r.times("never").unwrap().is_empty());
}

/// csp: "rate must be non-negative" (`ValueError`); here `RandomError::NegativeRate`.
#[test]
fn poisson_timer_rejects_a_negative_rate() {
    let g = Graph::new();
    let rate = curve(&g, vec![(st(), 1.0), (st() + secs(3), -1.0)]);
    g.output("t", random::poisson_timer(&rate, 1, ()));
    let e: random::RandomError = node_error(g.run(RunConfig::historical_for(st(), secs(10))));
    assert_eq!(e, random::RandomError::NegativeRate { rate: -1.0 });
}

/// `brownian_motion_1d(drift=0.5, variance=2)` increments at 1 s: 20000 samples with mean
/// 0.5 (se 0.01) and variance 2 (se 0.02).
#[test]
fn brownian_1d_increments_have_the_drift_and_variance() {
    let g = Graph::new();
    let trigger = timer(&g, secs(1), ());
    let d = random::brownian_motion_1d(&trigger, const_(&g, 0.5), const_(&g, 2.0), 77, true);
    g.output("d", &d);
    let r = run_for(&g, secs(20_000));
    let d = r.values::<f64>("d").unwrap();
    assert_eq!(d.len(), 20_000);
    assert!((mean(&d) - 0.5).abs() < 0.05, "{}", mean(&d));
    assert!((cov(&d, &d) - 2.0).abs() < 0.1, "{}", cov(&d, &d));
    // Consecutive increments are independent.
    assert!(cov(&d[1..], &d[..d.len() - 1]).abs() < 0.1);
}

/// `brownian_motion` with drift `[1, -1]` and covariance `[[1, 0.6], [0.6, 2]]`, increments
/// over 0.5 s: mean `drift * 0.5`, covariance `cov * 0.5`, 20000 samples.
#[test]
fn brownian_increments_have_the_drift_and_covariance() {
    let g = Graph::new();
    let trigger = timer(&g, millis(500), ());
    let drift = const_(&g, vec![1.0, -1.0]);
    let c = const_(&g, vec![vec![1.0, 0.6], vec![0.6, 2.0]]);
    g.output(
        "d",
        random::brownian_motion(&trigger, &drift, &c, 123, true),
    );
    let r = run_for(&g, secs(10_000));
    let d = r.values::<Vec<f64>>("d").unwrap();
    assert_eq!(d.len(), 20_000);
    let (x, y): (Vec<f64>, Vec<f64>) = d.iter().map(|v| (v[0], v[1])).unzip();
    assert!((mean(&x) - 0.5).abs() < 0.04, "{}", mean(&x));
    assert!((mean(&y) + 0.5).abs() < 0.05, "{}", mean(&y));
    assert!((cov(&x, &x) - 0.5).abs() < 0.03, "{}", cov(&x, &x));
    assert!((cov(&y, &y) - 1.0).abs() < 0.06, "{}", cov(&y, &y));
    assert!((cov(&x, &y) - 0.3).abs() < 0.03, "{}", cov(&x, &y));
}

/// The motion is the running sum of its increments (same seed, same draws), and
/// `brownian_motion_1d` is `brownian_motion` with `[drift]` and `[[variance]]`.
#[test]
fn motion_increments_and_1d_agree() {
    let g = Graph::new();
    let trigger = timer(&g, secs(1), ());
    let drift = curve(&g, vec![(st(), 0.1), (st() + secs(30), -0.2)]);
    let var = curve(&g, vec![(st(), 1.0), (st() + secs(50), 0.25)]);
    let drift_v = drift.map(|d| vec![*d]).into_ts();
    let cov_m = var.map(|v| vec![vec![*v]]).into_ts();
    g.output(
        "bm",
        random::brownian_motion_1d(&trigger, &drift, &var, 8, false),
    );
    g.output(
        "inc",
        random::brownian_motion_1d(&trigger, &drift, &var, 8, true),
    );
    g.output(
        "nd",
        random::brownian_motion(&trigger, &drift_v, &cov_m, 8, false),
    );
    let r = run_for(&g, secs(100));
    let bm = r.values::<f64>("bm").unwrap();
    let inc = r.values::<f64>("inc").unwrap();
    let nd = r.values::<Vec<f64>>("nd").unwrap();
    assert_eq!(bm.len(), 100);
    let mut sum = 0.0;
    for i in 0..bm.len() {
        sum += inc[i];
        assert!((sum - bm[i]).abs() < 1e-9, "{i}: {sum} vs {}", bm[i]);
        assert_eq!(nd[i], vec![bm[i]], "{i}");
    }
}

/// csp's `brownian_motion`: a drift change closes the interval with the old drift
/// ("values = _make_brownian_increment(t, s_rng, s_last_drift, ...)"). With no noise the
/// motion is exact: drift 1 until 2.5 s, then 3: `[1, 2, 4, 7]` at 1..4 s (csp 0.19.1's
/// `brownian_motion_1d` with variance 0 prints `[(1,1.0),(2,2.0),(3,4.0),(4,7.0),..]`).
#[test]
fn drift_changes_apply_from_their_tick() {
    let g = Graph::new();
    let trigger = timer(&g, secs(1), ());
    let drift = curve(
        &g,
        vec![(st(), vec![1.0]), (st() + millis(2500), vec![3.0])],
    );
    let c = const_(&g, vec![vec![0.0]]);
    g.output(
        "bm",
        random::brownian_motion(&trigger, &drift, &c, 0, false),
    );
    let r = run_for(&g, secs(4));
    let bm: Vec<f64> = r
        .values::<Vec<f64>>("bm")
        .unwrap()
        .iter()
        .map(|v| v[0])
        .collect();
    let want = [1.0, 2.0, 4.0, 7.0];
    assert_eq!(bm.len(), 4);
    for (got, want) in bm.iter().zip(want) {
        assert!((got - want).abs() < 1e-12, "{bm:?}");
    }
}

/// A covariance change takes effect from its tick: variance 0 until 5 s, then 1. The
/// increments up to 5 s are exactly 0 (the interval ending at the change had variance 0),
/// later ones are not. A trigger before drift and covariance are valid emits nothing.
/// csp 0.19.1 (`brownian_motion_1d`, drift 0 from 1.5 s, variance 0 then 1 at 5 s,
/// `return_increments=True`): `[(2,0.0),(3,0.0),(4,0.0),(5,0.0),(6,0.446375),..]`, 9 ticks.
#[test]
fn covariance_changes_apply_from_their_tick() {
    let g = Graph::new();
    let trigger = timer(&g, secs(1), ());
    let drift = curve(&g, vec![(st() + millis(1500), vec![0.0])]);
    let c = curve(
        &g,
        vec![(st(), vec![vec![0.0]]), (st() + secs(5), vec![vec![1.0]])],
    );
    g.output("d", random::brownian_motion(&trigger, &drift, &c, 4, true));
    let r = run_for(&g, secs(10));
    let d = r.series::<Vec<f64>>("d").unwrap();
    assert_eq!(d.first().unwrap().0, st() + secs(2));
    assert_eq!(d.len(), 9);
    for (t, v) in d {
        if *t <= st() + secs(5) {
            assert_eq!(v[0], 0.0, "{t}");
        } else {
            assert_ne!(v[0], 0.0, "{t}");
        }
    }
}

/// csp's errors: "drift and covariance must have same length", "covariance not
/// symmetric", "covariance not positive semidefinite", "shape of drift is not allowed to
/// change"; here typed `RandomError`s, and a negative 1-d variance.
#[test]
fn brownian_motion_errors_are_typed() {
    fn fails(drift: Vec<Vec<f64>>, c: Vec<Vec<Vec<f64>>>) -> random::RandomError {
        let g = Graph::new();
        let at = |i: usize| st() + secs(i as i64);
        let drift = curve(
            &g,
            drift
                .into_iter()
                .enumerate()
                .map(|(i, v)| (at(i), v))
                .collect::<Vec<_>>(),
        );
        let c = curve(
            &g,
            c.into_iter()
                .enumerate()
                .map(|(i, v)| (at(i), v))
                .collect::<Vec<_>>(),
        );
        let trigger = timer(&g, millis(500), ());
        g.output(
            "bm",
            random::brownian_motion(&trigger, &drift, &c, 0, false),
        );
        node_error(g.run(RunConfig::historical_for(st(), secs(10))))
    }
    use random::RandomError as E;
    assert!(matches!(
        fails(vec![vec![0.0]], vec![vec![vec![1.0, 0.0], vec![0.0, 1.0]]]),
        E::DimensionMismatch {
            drift: 1,
            rows: 2,
            ..
        }
    ));
    assert!(matches!(
        fails(vec![vec![0.0, 0.0]], vec![vec![vec![1.0, 0.0], vec![0.0]]]),
        E::NotSquare { rows: 2, .. }
    ));
    assert_eq!(
        fails(
            vec![vec![0.0, 0.0]],
            vec![vec![vec![1.0, 0.5], vec![0.4, 1.0]]]
        ),
        E::NotSymmetric { i: 1, j: 0 }
    );
    assert_eq!(
        fails(
            vec![vec![0.0, 0.0]],
            vec![vec![vec![1.0, 2.0], vec![2.0, 1.0]]]
        ),
        E::NotPositiveSemidefinite
    );
    assert_eq!(
        fails(vec![vec![0.0], vec![0.0, 0.0]], vec![vec![vec![1.0]]]),
        E::ShapeChanged {
            what: "drift",
            before: 1,
            after: 2
        }
    );
    assert_eq!(
        fails(
            vec![vec![0.0]],
            vec![vec![vec![1.0]], vec![vec![1.0, 0.0], vec![0.0, 1.0]]]
        ),
        E::ShapeChanged {
            what: "covariance",
            before: 1,
            after: 2
        }
    );

    let g = Graph::new();
    let trigger = timer(&g, secs(1), ());
    g.output(
        "bm",
        random::brownian_motion_1d(&trigger, const_(&g, 0.0), const_(&g, -1.0), 0, false),
    );
    let e: E = node_error(g.run(RunConfig::historical_for(st(), secs(3))));
    assert_eq!(e, E::NotPositiveSemidefinite);
}

/// A singular (semi-definite) covariance is accepted, as csp's SVD accepts it:
/// `[[1, 1], [1, 1]]` moves both coordinates together.
#[test]
fn semidefinite_covariance_is_accepted() {
    let g = Graph::new();
    let trigger = timer(&g, secs(1), ());
    let drift = const_(&g, vec![0.0, 0.0]);
    let c = const_(&g, vec![vec![1.0, 1.0], vec![1.0, 1.0]]);
    g.output(
        "bm",
        random::brownian_motion(&trigger, &drift, &c, 6, false),
    );
    let r = run_for(&g, secs(50));
    let bm = r.values::<Vec<f64>>("bm").unwrap();
    assert_eq!(bm.len(), 50);
    assert!(bm.iter().all(|v| (v[0] - v[1]).abs() < 1e-12));
    assert!(bm.iter().any(|v| v[0] != 0.0));
}

/// A rate tick in the very cycle of an event: the event is emitted and one next event is
/// drawn (csp's code would schedule two and keep both, doubling the rate; see
/// `docs/differences.md`). The rate ticks (unchanged, 10/s) at the time of the first event
/// of the same seed's run; over 1000 s there are then about 10000 events (sd 100), not
/// 20000.
#[test]
fn poisson_timer_rate_tick_at_an_event_keeps_one_chain() {
    let first_event = {
        let g = Graph::new();
        g.output("t", random::poisson_timer(const_(&g, 10.0), 21, ()));
        run_for(&g, secs(10)).times("t").unwrap()[0]
    };
    let g = Graph::new();
    let rate = curve(&g, vec![(st(), 10.0), (first_event, 10.0)]);
    g.output("t", random::poisson_timer(&rate, 21, ()));
    let r = run_for(&g, secs(1000));
    let times = r.times("t").unwrap();
    assert_eq!(times[0], first_event);
    assert!((9500..10500).contains(&times.len()), "{}", times.len());
}
