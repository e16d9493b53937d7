//! Engine overhead, side by side in one run: tickgraph, a hand-written loop doing the same
//! work (the physical limit: no engine at all), and wingfoil 9's interpreted engine.
//!
//! ```text
//! cargo bench --bench engine_overhead
//! ```
//!
//! - `chain_1`, `chain_10`, `chain_100`: N float ticks from memory through K pass-through
//!   nodes, then a count. Throughput is N·K elements, so criterion's rate is per node
//!   execution; the engine's overhead per node is `(chain_K - source) / K`.
//!   `chain_10` also times `tickgraph_pipe`: ten stages as one pipe (`x.map(..)` ten
//!   times), compiled into one node. Each stage adds 1.0, which the compiler cannot fold
//!   away (a pass-through stage would compile to nothing), so the pipe does more work per
//!   stage than the pass-through nodes it is compared with.
//! - `source`: N float ticks from memory into a count (a source tick plus one node).
//! - `scheduling`: tickgraph's alarm re-arm (one node re-arming its alarm 1 µs ahead) and
//!   `count(timer(1 µs))`, per tick.
//!
//! Every tickgraph graph ends in an output keeping the last tick, and graphs are built
//! outside the timed part (a `Graph` can run many times). A wingfoil `Runner` runs once, so
//! it is built per iteration, outside the timing too.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::rc::Rc;
use std::time::Duration;
use tickgraph::prelude::*;

#[path = "common/mod.rs"]
mod common;

/// Ticks per iteration.
const N: usize = 100_000;

/// The hand-written loops: the same work as the graphs, with no engine.
mod hand {
    use std::hint::black_box;
    use tickgraph::prelude::Time;

    /// `k` stages, each writing the previous stage's value to its own slot (as each node
    /// writes its output cell), then a count. Only the slots are kept opaque (once per
    /// tick), so the compiler may do the stages as fast as it can: the physical limit.
    pub fn chain(data: &[(Time, f64)], k: usize) -> u64 {
        let mut slots = vec![0.0f64; k + 1];
        let mut count = 0u64;
        for &(_, v) in data {
            slots[0] = v;
            for s in 1..=k {
                slots[s] = slots[s - 1];
            }
            black_box(slots.as_mut_slice());
            count += 1;
        }
        count
    }

    /// Walks the ticks in time order, checking the order as a source must, and counts.
    pub fn source(data: &[(Time, f64)]) -> u64 {
        let mut last = i64::MIN;
        let mut count = 0u64;
        for &(t, v) in data {
            let t = t.nanos();
            assert!(t >= last, "ticks out of time order");
            last = t;
            black_box(v);
            count += 1;
        }
        count
    }
}

/// The same graphs on wingfoil 9's interpreted engine (historical mode).
mod wf {
    use std::rc::Rc;
    use wingfoil::prelude::*;
    use wingfoil::{NanoTime, RunFor, RunMode};

    const START: NanoTime = NanoTime::ZERO;
    const US: u64 = 1_000;

    /// A source over `data`: value `i` at START + i µs. A custom node kicked off by a
    /// constant, re-scheduling itself until the data runs out (wingfoil's cheapest source
    /// from memory).
    fn source(g: &GraphBuilder, data: Rc<Vec<f64>>) -> Stream<f64> {
        let kick = g.constant(());
        let mut i = 0usize;
        g.custom_node(&[kick.upstream()], &[], Activation::SCHEDULES, move |ctx| {
            let Some(&v) = data.get(i) else {
                return Ok(Tick::Quiet);
            };
            i += 1;
            if i < data.len() {
                ctx.schedule(START + NanoTime::new(i as u64 * US));
            }
            Ok(Tick::Value(v))
        })
    }

    /// Source -> `k` pass-through maps -> count, built but not run.
    pub fn build(data: &Rc<Vec<f64>>, k: usize) -> (wingfoil::interp::Runner, Stream<u64>) {
        let g = GraphBuilder::new();
        let count = source(&g, data.clone()).map_n(k, |x: &f64| *x).count();
        (g.build(), count)
    }

    /// Runs a built graph to the end of its data; the final count.
    pub fn run((mut runner, count): (wingfoil::interp::Runner, Stream<u64>)) -> u64 {
        runner
            .run(RunMode::HistoricalFrom(START), RunFor::Forever)
            .expect("wingfoil run");
        runner.value(&count)
    }
}

/// Ten stages as one pipe, then a count: `chain_graph(data, 10)` with the nodes' dynamic
/// calls and cells compiled away. Each stage adds 1.0: floating-point additions in a chain
/// stay ten additions.
fn pipe_10_graph(data: Vec<(Time, f64)>) -> Graph {
    let g = Graph::new();
    let add_one = |v: &f64| v + 1.0;
    let y = curve(&g, data)
        .map(add_one)
        .map(add_one)
        .map(add_one)
        .map(add_one)
        .map(add_one)
        .map(add_one)
        .map(add_one)
        .map(add_one)
        .map(add_one)
        .map(add_one);
    assert_eq!(y.name(), "map.map.map.map.map.map.map.map.map.map");
    g.output_with(common::OUT, count(y), BufferPolicy::ticks(1));
    g
}

fn chains(c: &mut Criterion) {
    let data = common::ramp(N);
    let values: Rc<Vec<f64>> = Rc::new(data.iter().map(|&(_, v)| v).collect());
    for k in [1usize, 10, 100] {
        let mut group = c.benchmark_group(format!("chain_{k}"));
        group.throughput(Throughput::Elements((N * k) as u64));
        let g = common::chain_graph(data.clone(), k);
        assert_eq!(
            common::last_count(&g.run(common::config(N)).unwrap()),
            N as u64
        );
        group.bench_function("tickgraph", |b| {
            b.iter(|| common::last_count(&g.run(common::config(N)).unwrap()))
        });
        if k == 10 {
            let piped = pipe_10_graph(data.clone());
            group.bench_function("tickgraph_pipe", |b| {
                b.iter(|| common::last_count(&piped.run(common::config(N)).unwrap()))
            });
        }
        group.bench_function("hand_loop", |b| b.iter(|| hand::chain(black_box(&data), k)));
        assert_eq!(wf::run(wf::build(&values, k)), N as u64);
        group.bench_function("wingfoil", |b| {
            b.iter_batched(|| wf::build(&values, k), wf::run, BatchSize::PerIteration)
        });
        group.finish();
    }
}

fn source(c: &mut Criterion) {
    let data = common::ramp(N);
    let values: Rc<Vec<f64>> = Rc::new(data.iter().map(|&(_, v)| v).collect());
    let mut group = c.benchmark_group("source");
    group.throughput(Throughput::Elements(N as u64));
    let g = common::chain_graph(data.clone(), 0);
    group.bench_function("tickgraph", |b| {
        b.iter(|| common::last_count(&g.run(common::config(N)).unwrap()))
    });
    group.bench_function("hand_loop", |b| b.iter(|| hand::source(black_box(&data))));
    group.bench_function("wingfoil", |b| {
        b.iter_batched(|| wf::build(&values, 0), wf::run, BatchSize::PerIteration)
    });
    group.finish();
}

fn scheduling(c: &mut Criterion) {
    let mut group = c.benchmark_group("scheduling");
    group.throughput(Throughput::Elements(N as u64));
    let alarm = common::alarm_graph(N);
    assert_eq!(
        common::last_count(&alarm.run(common::config(N)).unwrap()),
        N as u64
    );
    group.bench_function("tickgraph_alarm_rearm", |b| {
        b.iter(|| common::last_count(&alarm.run(common::config(N)).unwrap()))
    });
    let timer = common::timer_graph();
    assert_eq!(
        common::last_count(&timer.run(common::config(N)).unwrap()),
        N as u64
    );
    group.bench_function("tickgraph_timer", |b| {
        b.iter(|| common::last_count(&timer.run(common::config(N)).unwrap()))
    });
    group.finish();
}

/// Few samples and short windows: the whole bench takes about a minute.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = chains, source, scheduling
}
criterion_main!(benches);
