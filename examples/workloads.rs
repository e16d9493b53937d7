//! The peer workloads: the same work the csp comparison runs on csp and on hand-written
//! loops, here on tickgraph, printing the same `RESULT <name> <N> <checksum> <seconds>` line.
//!
//! ```text
//! cargo run --release --example workloads -- W1 10000000      # one workload, N = 1e7
//! cargo run --release --example workloads -- W1 1000000 nodes # W1 as four #[node]s
//! cargo run --release --example workloads -- W5 1000000 timer # W5's csp.timer variant
//! cargo run --release --example workloads -- all 1000         # every implemented workload, checked
//! ```
//!
//! Every workload starts at 2020-01-01T00:00:00, ends at start + N µs (inclusive) and ends in
//! graph outputs that keep only the last tick (csp's `add_graph_output(..., tick_count=1)`):
//! the engine prunes whatever reaches no output, so without them nothing would run.
//! `seconds` covers building the graph and running it, not making the input arrays (as the
//! csp scripts time `csp.run` only). The checksum is verified against its closed form; a
//! mismatch exits with status 1. W4 reads the Parquet file given after N (run_all.sh passes
//! csp's), or writes one with the same formulas to the temp folder.
//!
//! The nodes are `#[node]` functions, as a csp user would port them; the engine-overhead
//! bench (`benches/engine_overhead.rs`) measures hand-written nodes beside them. W1's
//! stateless steps are a pipe (`x.map(..).filter(..)`, one node) by default, and four
//! `#[node]`s, as csp's Python variant has them, with the variant `nodes`.

use std::process::ExitCode;
use std::time::Instant;
use tickgraph::prelude::*;

// The run range, the input ramp and the time constants are the benches' own, so the
// workloads and the benches time exactly the same inputs.
#[allow(dead_code)] // the benches' graphs are not used here
#[path = "../benches/common/mod.rs"]
mod common;

use common::{START_NANOS, US, config, ramp};

#[path = "workloads_w4.rs"]
mod w4;

/// The nodes of the workloads, written with `#[node]` as a user would write them.
mod nodes {
    use tickgraph::prelude::*;

    /// `x * k` on every tick of `x` (csp's W1 `times_k`).
    #[node]
    pub fn times_k(x: Ts<f64>, k: f64) -> Ts<f64> {
        if ticked!(x) {
            return x * k;
        }
    }

    /// `x + k` on every tick of `x` (csp's W1 `plus_k`).
    #[node]
    pub fn plus_k(x: Ts<f64>, k: f64) -> Ts<f64> {
        if ticked!(x) {
            return x + k;
        }
    }

    /// Passes `x` on when `int(x) % 3 != 0` (csp's W1 `filter_mod3`; Python's `int()`
    /// truncates toward zero, as `as i64` does).
    #[node]
    pub fn filter_mod3(x: Ts<f64>) -> Ts<f64> {
        if ticked!(x) && (x as i64) % 3 != 0 {
            return x;
        }
    }

    /// The running sum and count of `x`, two outputs ticking together (csp's W1 `accumulate`).
    #[node]
    pub fn accumulate(x: Ts<f64>) -> outputs!(sum: Ts<f64>, count: Ts<u64>) {
        state! {
            let mut sum = 0.0;
            let mut count = 0u64;
        }
        if ticked!(x) {
            sum += x;
            count += 1;
            output!(sum = sum, count = count);
        }
    }

    /// The sum of the latest values of the valid streams, on every tick (csp's W3, the
    /// literal spec: O(K) per tick).
    #[node]
    pub fn sum_valid(xs: Vec<Ts<f64>>) -> Ts<f64> {
        if ticked!(xs) {
            return xs.valid_values().sum();
        }
    }

    /// The same sum kept as a running total: each tick adds the change of the streams
    /// that ticked (csp's W3 `incremental`, O(1) per tick).
    #[node]
    pub fn sum_valid_incremental(xs: Vec<Ts<f64>>) -> Ts<f64> {
        state! {
            let mut total = 0.0;
            let mut last = vec![0.0; xs.len()];
        }
        if ticked!(xs) {
            for (i, v) in xs.ticked_items() {
                total += v - last[i];
                last[i] = *v;
            }
            return total;
        }
    }

    /// Counts its alarm's firings, outputs the count and re-arms 1 µs ahead until it has
    /// fired `n` times (csp's W5 `alarm_counter`).
    #[node]
    pub fn alarm_counter(n: u64) -> Ts<u64> {
        alarms! { let alarm: Alarm<bool>; }
        state! { let mut count = 0u64; }
        start! {
            if n > 0 {
                schedule_alarm!(alarm, micros(1), true);
            }
        }
        if ticked!(alarm) {
            count += 1;
            if count < n {
                schedule_alarm!(alarm, micros(1), true);
            }
            return count;
        }
    }
}

/// One measured run: what the `RESULT` line reports.
struct Outcome {
    name: &'static str,
    checksum: String,
    expected: String,
    seconds: f64,
}

/// The last value of a `u64` graph output (0 if it never ticked).
fn last_u64(r: &RunResult, name: &str) -> tickgraph::Result<u64> {
    Ok(r.last::<u64>(name)?.map_or(0, |(_, v)| *v))
}

/// Times building and running a graph whose output `count` must end at `n` (W0 and W5):
/// `build` wires the graph (its input arrays are made before the clock starts).
fn counting(
    name: &'static str,
    n: usize,
    build: impl FnOnce(&Graph) -> Ts<u64>,
) -> tickgraph::Result<Outcome> {
    let t0 = Instant::now();
    let g = Graph::new();
    g.output_with("count", build(&g), BufferPolicy::ticks(1));
    let r = g.run(config(n))?;
    let seconds = t0.elapsed().as_secs_f64();
    Ok(Outcome {
        name,
        checksum: last_u64(&r, "count")?.to_string(),
        expected: n.to_string(),
        seconds,
    })
}

/// W0: N float ticks from memory -> count -> output.
fn w0(n: usize) -> tickgraph::Result<Outcome> {
    let data = ramp(n);
    counting("W0_source_tickgraph", n, |g| count(curve(g, data)))
}

/// The W1 checksum's closed form: `<sum>:<count>` of y = 2i + 1 over i < n, dropping the
/// y divisible by 3 (those with i ≡ 1 mod 3).
fn w1_expected(n: usize) -> String {
    let n = n as u128;
    let m = (n + 1) / 3; // the number of i < n with i % 3 == 1
    // Σ (2i + 1) over i = 3t + 1, t < m, is Σ (6t + 3) = 3m(m - 1) + 3m = 3m².
    format!("{}:{}", n * n - 3 * m * m, n - m)
}

/// W1 as a tickgraph user writes it: the stateless steps as a pipe (one node, its stages
/// compiled together), then the `accumulate` node.
fn w1(n: usize) -> tickgraph::Result<Outcome> {
    w1_with(n, "W1_chain_tickgraph", |x| {
        nodes::accumulate(
            x.map(|v| v * 2.0)
                .map(|v| v + 1.0)
                .filter(|y| (*y as i64) % 3 != 0),
        )
    })
}

/// W1 as csp's Python variant wires it: four `#[node]`s, times_k(2) -> plus_k(1) ->
/// filter_mod3 -> accumulate (sum, count).
fn w1_nodes(n: usize) -> tickgraph::Result<Outcome> {
    use nodes::*;
    w1_with(n, "W1_chain_nodes_tickgraph", |x| {
        accumulate(filter_mod3(plus_k(times_k(x, 2.0), 1.0)))
    })
}

/// Times building and running W1 with `chain` from the ramp to the running sum and count.
fn w1_with(
    n: usize,
    name: &'static str,
    chain: impl FnOnce(&Ts<f64>) -> nodes::AccumulateOutputs,
) -> tickgraph::Result<Outcome> {
    let data = ramp(n);
    let t0 = Instant::now();
    let g = Graph::new();
    let acc = chain(&curve(&g, data));
    g.output_with("sum", &acc.sum, BufferPolicy::ticks(1));
    g.output_with("count", &acc.count, BufferPolicy::ticks(1));
    let r = g.run(config(n))?;
    let seconds = t0.elapsed().as_secs_f64();
    let sum = r.last::<f64>("sum")?.map_or(0.0, |(_, v)| *v);
    let checksum = format!("{}:{}", sum as i64, last_u64(&r, "count")?);
    Ok(Outcome {
        name,
        checksum,
        expected: w1_expected(n),
        seconds,
    })
}

/// W2's source: x_i = ((i*7919) % 10007) / 10007 at start + i µs.
fn w2_data(n: usize) -> Vec<(Time, f64)> {
    (0..n)
        .map(|i| {
            let t = Time::from_nanos(START_NANOS + i as i64 * US);
            (t, ((i * 7919) % 10007) as f64 / 10007.0)
        })
        .collect()
}

/// W2's checksum from its partial sums: `<(S_mean + S_std) + S_ema %.6f>:<counts>`.
fn w2_checksum(s: [f64; 3], c: [u64; 3]) -> String {
    format!("{:.6}:{}:{}:{}", (s[0] + s[1]) + s[2], c[0], c[1], c[2])
}

/// W2 as a hand-written loop, no engine: csp's update formulas (add before remove,
/// Welford, `pow(var, 0.5)`, the adjusted EMA), the reference for the checksum and the
/// loop W2 is measured against. Returns the partial sums and the counts.
fn w2_loop(xs: &[f64]) -> ([f64; 3], [u64; 3]) {
    let w = 100;
    let half = std::hint::black_box(0.5);
    let (mut mn, mut mm) = (0i64, 0.0f64);
    let (mut vn, mut vm, mut vs) = (0.0f64, 0.0f64, 0.0f64);
    let (mut same, mut last) = (0i64, 0.0f64);
    let (decay, mut ema, mut norm) = (1.0 - 0.01, 0.0f64, 0.0f64);
    let (mut s, mut c) = ([0.0f64; 3], [0u64; 3]);
    for (i, &x) in xs.iter().enumerate() {
        mn += 1;
        mm += (x - mm) / mn as f64;
        same = if same != 0 && x == last { same + 1 } else { 1 };
        last = x;
        vn += 1.0;
        let dx = x - vm;
        vm += dx / vn;
        vs += (x - vm) * dx;
        if i >= w {
            let old = xs[i - w];
            mn -= 1;
            mm += (mm - old) / mn as f64;
            vn -= 1.0;
            let dx = old - vm;
            vm -= dx / vn;
            vs -= (old - vm) * dx;
        }
        if i + 1 >= w {
            // Homogeneous window: exactly 0; else S / (n - 1), clamped at 0.
            let var = if same as f64 >= vn || vs < 0.0 {
                0.0
            } else {
                vs / (vn - 1.0)
            };
            s[0] += mm;
            s[1] += var.powf(half);
            c[0] += 1;
            c[1] += 1;
        }
        ema *= decay;
        norm *= decay;
        ema += x;
        norm += 1.0;
        s[2] += ema / norm;
        c[2] += 1;
    }
    (s, c)
}

/// W2: mean and stddev over 100 ticks and an EMA (alpha 0.01) of one source, each
/// summed in tick order and counted (csp.stats; checked bit for bit against the loop).
fn w2(n: usize) -> tickgraph::Result<Outcome> {
    let data = w2_data(n);
    let xs: Vec<f64> = data.iter().map(|(_, v)| *v).collect();
    let t_loop = Instant::now();
    let (ls, lc) = w2_loop(std::hint::black_box(&xs));
    let loop_seconds = t_loop.elapsed().as_secs_f64();
    let t0 = Instant::now();
    let g = Graph::new();
    let x = curve(&g, data);
    let streams = [
        nodes::accumulate(stats::mean(&x).ticks(100)),
        nodes::accumulate(stats::stddev(&x).ticks(100)),
        nodes::accumulate(stats::ema(&x).alpha(0.01)),
    ];
    for (k, acc) in streams.iter().enumerate() {
        g.output_with(&format!("sum{k}"), &acc.sum, BufferPolicy::ticks(1));
        g.output_with(&format!("count{k}"), &acc.count, BufferPolicy::ticks(1));
    }
    let r = g.run(config(n))?;
    let seconds = t0.elapsed().as_secs_f64();
    let (mut s, mut c) = ([0.0f64; 3], [0u64; 3]);
    for k in 0..3 {
        s[k] = r.last::<f64>(&format!("sum{k}"))?.map_or(0.0, |(_, v)| *v);
        c[k] = last_u64(&r, &format!("count{k}"))?;
    }
    eprintln!(
        "  W2 partials: s_mean={:?} s_std={:?} s_ema={:?}",
        s[0], s[1], s[2]
    );
    let ns = |secs: f64| secs * 1e9 / n.max(1) as f64;
    eprintln!(
        "  W2 hand loop: {:.2} ns/tick; tickgraph / loop = {:.2}x; csp (429 ns/tick) / tickgraph = {:.2}x",
        ns(loop_seconds),
        seconds / loop_seconds,
        429.0 / ns(seconds)
    );
    // The loop's partial sums must equal the graph's bit for bit, else the checksum
    // (the loop's, or the csp table's for the N it lists) cannot match.
    let table = match n {
        1_000 => Some("1211.182905:901:901:1000"),
        1_000_000 => Some("1289897.941756:999901:999901:1000000"),
        10_000_000 => Some("12899682.608155:9999901:9999901:10000000"),
        _ => None,
    };
    let expected = if s == ls && c == lc {
        table.map_or_else(|| w2_checksum(ls, lc), str::to_string)
    } else {
        eprintln!("  W2 partials differ from the loop's: {ls:?} {lc:?}");
        format!("loop {}", w2_checksum(ls, lc))
    };
    Ok(Outcome {
        name: "W2_rolling_stats_tickgraph",
        checksum: w2_checksum(s, c),
        expected,
        seconds,
    })
}

/// W3's streams: stream k ticks float((k*31 + j*17) % 1000) at start + (k + 100 j) µs.
fn fan_in_streams(n: usize) -> Vec<Vec<(Time, f64)>> {
    (0..100)
        .map(|k| {
            (0..n / 100)
                .map(|j| {
                    let t = START_NANOS + (k + 100 * j) as i64 * US;
                    (Time::from_nanos(t), ((k * 31 + j * 17) % 1000) as f64)
                })
                .collect()
        })
        .collect()
}

/// W3's checksum computed directly: the running sum of the latest values, summed over
/// every tick, in tick order.
fn w3_expected(streams: &[Vec<(Time, f64)>]) -> String {
    let mut latest = vec![0.0; streams.len()];
    let (mut total, mut count) = (0.0, 0u64);
    for j in 0..streams.first().map_or(0, Vec::len) {
        for (k, s) in streams.iter().enumerate() {
            latest[k] = s[j].1;
            total += latest.iter().sum::<f64>();
            count += 1;
        }
    }
    format!("{}:{}", total as i64, count)
}

/// W3: 100 streams, one tick per cycle, into one node summing the valid inputs, then the
/// sum and count of its outputs.
fn w3(n: usize, incremental: bool) -> tickgraph::Result<Outcome> {
    let streams = fan_in_streams(n);
    let expected = w3_expected(&streams);
    let t0 = Instant::now();
    let g = Graph::new();
    let xs: Vec<Ts<f64>> = streams.into_iter().map(|s| curve(&g, s)).collect();
    let total = if incremental {
        nodes::sum_valid_incremental(&xs)
    } else {
        nodes::sum_valid(&xs)
    };
    let acc = nodes::accumulate(total);
    g.output_with("sum", &acc.sum, BufferPolicy::ticks(1));
    g.output_with("count", &acc.count, BufferPolicy::ticks(1));
    let r = g.run(config(n))?;
    let seconds = t0.elapsed().as_secs_f64();
    let sum = r.last::<f64>("sum")?.map_or(0.0, |(_, v)| *v);
    Ok(Outcome {
        name: if incremental {
            "W3_fanin_incremental_tickgraph"
        } else {
            "W3_fanin_tickgraph"
        },
        checksum: format!("{}:{}", sum as i64, last_u64(&r, "count")?),
        expected,
        seconds,
    })
}

fn w3_naive(n: usize) -> tickgraph::Result<Outcome> {
    w3(n, false)
}

fn w3_incremental(n: usize) -> tickgraph::Result<Outcome> {
    w3(n, true)
}

/// W5 (node variant): one node re-arming its alarm 1 µs ahead until it fired N times.
fn w5_alarm(n: usize) -> tickgraph::Result<Outcome> {
    counting("W5_alarm_tickgraph", n, |g| {
        nodes::alarm_counter(g, n as u64)
    })
}

/// W5 (timer variant): count(timer(1 µs)), ticking at start + 1 µs ... start + N µs.
fn w5_timer(n: usize) -> tickgraph::Result<Outcome> {
    counting("W5_alarm_timer_tickgraph", n, |g| {
        count(timer(g, micros(1), true))
    })
}

/// W0's Parquet variant (`W0 N parquet [file]`), on the file after the variant or a
/// generated one.
fn w0_parquet(n: usize) -> tickgraph::Result<Outcome> {
    let path = std::env::args().nth(4);
    w4::w0(n, path.as_deref())
}

/// W4 on the file named by the third argument (run_all.sh passes csp's file), or on one
/// generated with the same formulas.
fn w4_parquet(n: usize) -> tickgraph::Result<Outcome> {
    let path = std::env::args().nth(3);
    w4::w4(n, path.as_deref())
}

type Workload = fn(usize) -> tickgraph::Result<Outcome>;

/// The workloads `name` (and the optional variant argument) select.
fn select(name: &str, variant: Option<&str>) -> Result<Vec<Workload>, String> {
    let all: Vec<Workload> = vec![
        w0,
        w0_parquet,
        w4_parquet,
        w1,
        w1_nodes,
        w2,
        w3_naive,
        w3_incremental,
        w5_alarm,
        w5_timer,
    ];
    match (name.to_ascii_uppercase().as_str(), variant) {
        ("ALL", _) => Ok(all),
        ("W0", Some("parquet")) => Ok(vec![w0_parquet]),
        ("W0", _) => Ok(vec![w0]),
        ("W1", None | Some("pipe")) => Ok(vec![w1]),
        ("W1", Some("nodes")) => Ok(vec![w1_nodes]),
        ("W1", Some(v)) => Err(format!("unknown W1 variant {v:?} (expected pipe or nodes)")),
        ("W5", None | Some("node" | "alarm" | "py")) => Ok(vec![w5_alarm]),
        ("W5", Some("timer")) => Ok(vec![w5_timer]),
        ("W5", Some(v)) => Err(format!("unknown W5 variant {v:?} (expected node or timer)")),
        ("W3", None | Some("naive")) => Ok(vec![w3_naive]),
        ("W3", Some("incremental")) => Ok(vec![w3_incremental]),
        ("W3", Some(v)) => Err(format!(
            "unknown W3 variant {v:?} (expected naive or incremental)"
        )),
        ("W2", _) => Ok(vec![w2]),
        ("W4", _) => Ok(vec![w4_parquet]),
        _ => Err(format!(
            "unknown workload {name:?} (expected W0, W1, W2, W3, W4, W5 or all)"
        )),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: workloads <W0|W1|W2|W3|W4|W5|all> <N> [variant: pipe|nodes for W1, naive|incremental for W3, node|timer for W5, parquet [file] for W0; W4: [file]]";
    let Some(name) = args.first() else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    // N as the csp scripts parse it: int(float(arg)), so 1e7 works.
    let n = match args.get(1).map(|s| s.parse::<f64>()) {
        None => 1_000_000,
        Some(Ok(x)) if x >= 0.0 && x.fract() == 0.0 => x as usize,
        Some(_) => {
            eprintln!("N must be a non-negative integer\n{usage}");
            return ExitCode::from(2);
        }
    };
    let workloads = match select(name, args.get(2).map(String::as_str)) {
        Ok(w) => w,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let mut ok = true;
    for run in workloads {
        match run(n) {
            Ok(o) => {
                println!("RESULT {} {} {} {:.6}", o.name, n, o.checksum, o.seconds);
                eprintln!(
                    "  {}: {:.2} ns/tick",
                    o.name,
                    o.seconds * 1e9 / n.max(1) as f64
                );
                if o.checksum != o.expected {
                    eprintln!(
                        "CHECKSUM MISMATCH for {}: got {}, expected {}",
                        o.name, o.checksum, o.expected
                    );
                    ok = false;
                }
            }
            Err(e) => {
                eprintln!("run failed: {e}");
                ok = false;
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
