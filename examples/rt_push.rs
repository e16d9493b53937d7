//! Realtime push throughput and latency: two producer threads push 1M events per second in
//! total (paced) into a realtime run, whose one sink node counts them and records each
//! event's push-to-node latency.
//!
//! ```text
//! $ cargo run --release --example rt_push -- --seconds 10 --rate 1000000
//! pushed=10000000 received=10000000 loss=0 wall=10.00s rate=1.000M/s p50=...us p99=...us p99.9=...us peak_rss=...MB
//! ```
//!
//! The line has the format of `shared/peers/csp_workloads/rt_push.py` (csp's
//! `GenericPushAdapter` on the same load: `python rt_push.py TOTAL RATE`), plus the peak
//! resident memory, so the two compare side by side. The source is NON_COLLAPSING, as
//! csp's push adapters are by default: every event ticks, on a cycle of its own. Latency
//! is taken on one monotonic clock: the producer stamps the event as it pushes it, the sink
//! reads the clock when it runs. Not a timed test: a benchmark to read.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tickgraph::prelude::*;
use tickgraph::runtime::DEFAULT_QUEUE_WAIT_TIME;

const PRODUCERS: u64 = 2;

/// Counts the events and keeps each one's latency in nanoseconds.
struct Sink {
    x: Input<u64>,
    base: Instant,
    latencies: Vec<u64>,
    received: Arc<AtomicU64>,
    out: Arc<Mutex<Vec<u64>>>,
}

impl Node for Sink {
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if self.x.ticked(ctx) {
            let now = self.base.elapsed().as_nanos() as u64;
            let pushed = *self.x.current(ctx);
            if self.latencies.len() < self.latencies.capacity() {
                self.latencies.push(now.saturating_sub(pushed));
            }
            self.received.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    fn stop(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        *self.out.lock().unwrap() = std::mem::take(&mut self.latencies);
        Ok(())
    }
}

fn sink(
    x: &Ts<u64>,
    base: Instant,
    total: usize,
    received: Arc<AtomicU64>,
    out: Arc<Mutex<Vec<u64>>>,
) {
    let mut n = x.graph().add_node("sink");
    let input = n.input("x", x);
    n.finish(move |w| {
        Ok(Box::new(Sink {
            x: w.input(input),
            base,
            latencies: Vec::with_capacity(total),
            received: received.clone(),
            out: out.clone(),
        }))
    });
}

/// `--seconds N` (default 10), `--rate R` events per second in total (default 1M) and
/// `--queue-wait-ms W` (the engine's longest wait on its queue; default csp's 100, 0 spins);
/// plain numbers are taken as N then R.
fn args() -> (f64, f64, TimeDelta) {
    let (mut seconds, mut rate, mut wait) = (10.0, 1e6, DEFAULT_QUEUE_WAIT_TIME);
    let mut plain = 0;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let value = |v: Option<String>| -> f64 {
            v.and_then(|s| s.parse().ok())
                .unwrap_or_else(|| panic!("{a} takes a number"))
        };
        match a.as_str() {
            "--seconds" => seconds = value(it.next()),
            "--rate" => rate = value(it.next()),
            "--queue-wait-ms" => wait = TimeDelta::microseconds((value(it.next()) * 1e3) as i64),
            _ => {
                let v: f64 = a.parse().unwrap_or_else(|_| panic!("unknown argument {a}"));
                if plain == 0 {
                    seconds = v
                } else {
                    rate = v
                }
                plain += 1;
            }
        }
    }
    (seconds, rate, wait)
}

/// The process's peak resident set, in MB (Linux; 0 elsewhere).
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// numpy's default percentile (linear between the closest ranks), of sorted values.
fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = p / 100.0 * (sorted.len() - 1) as f64;
    let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
    let frac = rank - lo as f64;
    sorted[lo] as f64 * (1.0 - frac) + sorted[hi] as f64 * frac
}

fn main() -> tickgraph::Result<()> {
    let (seconds, rate, wait) = args();
    let per_producer = (seconds * rate / PRODUCERS as f64) as u64;
    let pushed = per_producer * PRODUCERS;
    let base = Instant::now();
    let received = Arc::new(AtomicU64::new(0));
    let latencies = Arc::new(Mutex::new(Vec::new()));

    let (tx, rx) = push_channel::<u64>();
    let (counted, out) = (received.clone(), latencies.clone());
    let cfg = RunConfig::realtime_from(Time::now()).with_queue_wait_time(wait);
    let run = run_on_thread(
        cfg,
        move || {
            let g = Graph::new();
            let x = rx.source(&g, "events", PushMode::NonCollapsing);
            sink(&x, base, pushed as usize, counted, out);
            g
        },
        |_| Ok(()),
    );

    let producers: Vec<_> = (0..PRODUCERS)
        .map(|_| {
            let tx = tx.clone();
            std::thread::spawn(move || {
                tx.wait_for_start(Duration::from_secs(10))
                    .expect("the engine starts");
                let period = PRODUCERS as f64 / rate;
                let t0 = Instant::now();
                for j in 0..per_producer {
                    // Paced in batches of 50, sleeping, as the csp script does.
                    if j % 50 == 0 {
                        let due = t0 + Duration::from_secs_f64(j as f64 * period);
                        let now = Instant::now();
                        if due > now {
                            std::thread::sleep(due - now);
                        }
                    }
                    tx.push(base.elapsed().as_nanos() as u64)
                        .expect("the engine runs");
                }
            })
        })
        .collect();
    tx.wait_for_start(Duration::from_secs(10))
        .expect("the engine starts");
    let w0 = Instant::now();
    for p in producers {
        p.join().expect("a producer panicked");
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while received.load(Ordering::Relaxed) < pushed && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
    let wall = w0.elapsed().as_secs_f64();
    run.stop();
    run.join()?;

    let got = received.load(Ordering::Relaxed);
    let mut l = std::mem::take(&mut *latencies.lock().unwrap());
    l.sort_unstable();
    let us = |p: f64| percentile(&l, p) / 1e3;
    println!(
        "pushed={pushed} received={got} loss={} wall={wall:.2}s rate={:.3}M/s p50={:.1}us \
         p99={:.1}us p99.9={:.1}us peak_rss={:.1}MB",
        pushed as i64 - got as i64,
        got as f64 / wall / 1e6,
        us(50.0),
        us(99.0),
        us(99.9),
        peak_rss_mb()
    );
    Ok(())
}
