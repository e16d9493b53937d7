//! Graphs shared by the engine benches (`benches/engine_overhead.rs`) and the
//! no-allocation tests (`tests/no_alloc.rs`), so both measure exactly the same graphs.
//!
//! Every graph ends in a graph output that keeps only the last tick (csp's
//! `add_graph_output(..., tick_count=1)`): the engine prunes what reaches no output, so a
//! graph without one would measure nothing.

use tickgraph::prelude::*;

/// 2020-01-01T00:00:00 UTC in nanoseconds: the start of every run.
pub const START_NANOS: i64 = 1_577_836_800_000_000_000;
/// One microsecond in nanoseconds: the spacing of the ticks.
pub const US: i64 = 1_000;
/// The name of every graph's output.
pub const OUT: &str = "count";

/// The runs' start time.
pub fn start() -> Time {
    Time::from_nanos(START_NANOS)
}

/// `[start, start + n µs]`, the range of a run over `n` ticks.
pub fn config(n: usize) -> RunConfig {
    RunConfig::historical(start(), start().add_nanos(n as i64 * US))
}

/// `n` float ticks: value `i` at start + i µs.
pub fn ramp(n: usize) -> Vec<(Time, f64)> {
    (0..n)
        .map(|i| (start().add_nanos(i as i64 * US), i as f64))
        .collect()
}

/// The last count a run recorded (0 if it never ticked).
pub fn last_count(r: &RunResult) -> u64 {
    r.last::<u64>(OUT)
        .expect("every graph records a u64 count")
        .map_or(0, |(_, c)| *c)
}

/// Passes its input on, unchanged: the cheapest node that still ticks its output.
struct Pass {
    x: Input<f64>,
    out: Output<f64>,
}

impl Node for Pass {
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if self.x.ticked(ctx) {
            self.out.tick(ctx, *self.x.current(ctx))?;
        }
        Ok(())
    }
}

/// Wires a [`Pass`] node after `x`.
pub fn pass(x: &Ts<f64>) -> Ts<f64> {
    let mut n = x.graph().add_node("pass");
    let xi = n.input("x", x);
    let out = n.output::<f64>();
    let ts = n.ts(out);
    n.finish(move |w| {
        Ok(Box::new(Pass {
            x: w.input(xi),
            out: w.output(out),
        }))
    });
    ts
}

/// `curve(data)` -> `k` pass-through nodes -> `count` -> output. With `k = 0` this is the
/// source-only graph (a source tick from memory).
pub fn chain_graph(data: Vec<(Time, f64)>, k: usize) -> Graph {
    let g = Graph::new();
    let mut x = curve(&g, data);
    for _ in 0..k {
        x = pass(&x);
    }
    g.output_with(OUT, count(&x), BufferPolicy::ticks(1));
    g
}

/// One node with an alarm: counts its firings, outputs the count and re-arms 1 µs ahead
/// until it has fired `n` times (the peers' W5).
struct AlarmCounter {
    alarm: Alarm<bool>,
    n: u64,
    count: u64,
    out: Output<u64>,
}

impl Node for AlarmCounter {
    fn start(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if self.n > 0 {
            self.alarm.schedule(ctx, micros(1), true)?;
        }
        Ok(())
    }

    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if self.alarm.ticked(ctx) {
            self.count += 1;
            if self.count < self.n {
                self.alarm.schedule(ctx, micros(1), true)?;
            }
            self.out.tick(ctx, self.count)?;
        }
        Ok(())
    }
}

/// The alarm re-arm graph: an [`AlarmCounter`] firing `n` times -> output.
pub fn alarm_graph(n: usize) -> Graph {
    let g = Graph::new();
    let mut b = g.add_node("alarm_counter");
    let alarm = b.alarm::<bool>("alarm");
    let out = b.output::<u64>();
    let ts = b.ts(out);
    let n = n as u64;
    b.finish(move |w| {
        Ok(Box::new(AlarmCounter {
            alarm: w.alarm(alarm),
            n,
            count: 0,
            out: w.output(out),
        }))
    });
    g.output_with(OUT, &ts, BufferPolicy::ticks(1));
    g
}

/// `count(timer(1 µs))` -> output: over [`config`]`(n)` it ticks `n` times.
pub fn timer_graph() -> Graph {
    let g = Graph::new();
    g.output_with(
        OUT,
        count(timer(&g, micros(1), true)),
        BufferPolicy::ticks(1),
    );
    g
}
