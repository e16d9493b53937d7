//! `stats`, one rolling statistic per family, side by side in one run with a hand-written
//! loop doing the same arithmetic (the physical limit: no engine, no window bookkeeping
//! beyond what the statistic needs).
//!
//! ```text
//! cargo bench --bench stats
//! ```
//!
//! Each group times N ticks of W2's input (`((i * 7919) % 10007) / 10007`, one per µs):
//! - `sum_100`: a 100-tick rolling sum;
//! - `var_100`: a 100-tick rolling variance (Welford, csp's updates);
//! - `max_100`: a 100-tick rolling maximum (a monotonic deque);
//! - `quantile_100`: the 100-tick 0.25 quantile (the loop keeps a sorted `Vec`);
//! - `ema`: the adjusted EMA, alpha 0.01.
//!
//! The graph is `curve -> statistic -> output keeping the last tick`, built outside the
//! timed part; the difference from `source` (a curve into a count) is the statistic's
//! node. Every loop returns the last value, so neither side can skip the work.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::collections::VecDeque;
use std::hint::black_box;
use std::time::Duration;
use tickgraph::prelude::*;

#[allow(dead_code)] // the engine benches' graphs are not used here
#[path = "common/mod.rs"]
mod common;

/// Ticks per iteration.
const N: usize = 100_000;
/// The tick windows' size.
const W: usize = 100;

fn data() -> Vec<(Time, f64)> {
    (0..N)
        .map(|i| {
            (
                common::start().add_nanos(i as i64 * common::US),
                ((i * 7919) % 10007) as f64 / 10007.0,
            )
        })
        .collect()
}

/// The hand-written loops.
mod hand {
    use super::{VecDeque, W};

    pub fn sum(xs: &[f64]) -> f64 {
        let (mut s, mut last) = (0.0, 0.0);
        for (i, &x) in xs.iter().enumerate() {
            s += x;
            if i >= W {
                s -= xs[i - W];
            }
            if i + 1 >= W {
                last = s;
            }
        }
        last
    }

    pub fn var(xs: &[f64]) -> f64 {
        let (mut n, mut m, mut s, mut last) = (0.0f64, 0.0f64, 0.0f64, 0.0);
        for (i, &x) in xs.iter().enumerate() {
            n += 1.0;
            let dx = x - m;
            m += dx / n;
            s += (x - m) * dx;
            if i >= W {
                let old = xs[i - W];
                n -= 1.0;
                let dx = old - m;
                m -= dx / n;
                s -= (old - m) * dx;
            }
            if i + 1 >= W {
                last = if s < 0.0 { 0.0 } else { s / (n - 1.0) };
            }
        }
        last
    }

    pub fn max(xs: &[f64]) -> f64 {
        let mut q: VecDeque<(usize, f64)> = VecDeque::with_capacity(W);
        let mut last = 0.0;
        for (i, &x) in xs.iter().enumerate() {
            while q.back().is_some_and(|b| b.1 < x) {
                q.pop_back();
            }
            q.push_back((i, x));
            if q.front().is_some_and(|f| f.0 + W <= i) {
                q.pop_front();
            }
            if i + 1 >= W {
                last = q.front().map_or(f64::NAN, |f| f.1);
            }
        }
        last
    }

    pub fn quantile(xs: &[f64]) -> f64 {
        let mut sorted: Vec<f64> = Vec::with_capacity(W + 1);
        let mut last = 0.0;
        for (i, &x) in xs.iter().enumerate() {
            let at = sorted.partition_point(|&y| y <= x);
            sorted.insert(at, x);
            if i >= W {
                let old = xs[i - W];
                let at = sorted.partition_point(|&y| y < old);
                sorted.remove(at);
            }
            if i + 1 >= W {
                let pos = 0.25 * (sorted.len() - 1) as f64;
                let (lo, hi) = (pos.floor(), pos.ceil());
                let (a, b) = (sorted[lo as usize], sorted[hi as usize]);
                last = if lo == pos {
                    a
                } else {
                    (1.0 - pos + lo) * a + (1.0 - hi + pos) * b
                };
            }
        }
        last
    }

    pub fn ema(xs: &[f64]) -> f64 {
        let (decay, mut e, mut norm, mut last) = (1.0 - 0.01, 0.0, 0.0, 0.0);
        for &x in xs {
            e *= decay;
            norm *= decay;
            e += x;
            norm += 1.0;
            last = e / norm;
        }
        last
    }
}

/// `curve -> stat -> output`, checked against the loop once before timing.
fn graph(data: &[(Time, f64)], stat: impl FnOnce(&Ts<f64>) -> Ts<f64>) -> Graph {
    let g = Graph::new();
    let x = curve(&g, data.to_vec());
    g.output_with("y", stat(&x), BufferPolicy::ticks(1));
    g
}

fn last(g: &Graph) -> f64 {
    let r = g.run(common::config(N)).unwrap();
    r.last::<f64>("y").unwrap().map_or(f64::NAN, |(_, v)| *v)
}

type Family = (&'static str, fn(&Ts<f64>) -> Ts<f64>, fn(&[f64]) -> f64);

fn families(c: &mut Criterion) {
    let data = data();
    let xs: Vec<f64> = data.iter().map(|&(_, v)| v).collect();
    let table: [Family; 5] = [
        ("sum_100", |x| stats::sum(x).ticks(W).into_ts(), hand::sum),
        ("var_100", |x| stats::var(x).ticks(W).into_ts(), hand::var),
        ("max_100", |x| stats::max(x).ticks(W).into_ts(), hand::max),
        (
            "quantile_100",
            |x| stats::quantile(x, 0.25).ticks(W).into_ts(),
            hand::quantile,
        ),
        ("ema", |x| stats::ema(x).alpha(0.01).into_ts(), hand::ema),
    ];
    for (name, stat, hand) in table {
        let g = graph(&data, stat);
        let (a, b) = (last(&g), hand(&xs));
        assert!(
            (a - b).abs() <= 1e-9 * b.abs().max(1.0),
            "{name}: {a} vs {b}"
        );
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Elements(N as u64));
        group.bench_function("tickgraph", |bench| bench.iter(|| last(&g)));
        group.bench_function("hand_loop", |bench| bench.iter(|| hand(black_box(&xs))));
        group.finish();
    }
    let mut group = c.benchmark_group("source");
    group.throughput(Throughput::Elements(N as u64));
    let g = common::chain_graph(data.clone(), 0);
    group.bench_function("tickgraph", |b| {
        b.iter(|| common::last_count(&g.run(common::config(N)).unwrap()))
    });
    group.finish();
}

/// Few samples and short windows: the whole bench takes well under a minute.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
}

criterion_group! {
    name = benches;
    config = config();
    targets = families
}
criterion_main!(benches);
