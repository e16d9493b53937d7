//! A small backtest: a synthetic trade stream, a running VWAP, and a moving-average
//! crossover signal traded one unit at a time, all in one historical run.
//!
//! ```text
//! cargo run --release --example backtest
//! ```
//!
//! The trades are generated in memory from a seeded generator (one trading day, about
//! 20,000 trades on a random-walk price), so every run prints the same summary. The graph:
//!
//! ```text
//! trades         -> vwap, count
//! trades         -> .map(price) -> sampled every minute = bars
//! bars           -> moving_average(5), moving_average(20) -> crossover = signal
//! signal, bars   -> follow_signal -> position, pnl
//! ```

use std::collections::VecDeque;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Exp, Normal};
use tickgraph::prelude::*;

/// One trade: a price and a quantity.
#[derive(Clone, Debug)]
struct Trade {
    price: f64,
    qty: i64,
}

/// Running volume-weighted average price of all trades so far.
#[node]
fn vwap(trades: Ts<Trade>) -> Ts<f64> {
    state! {
        let mut notional = 0.0;
        let mut volume = 0.0;
    }
    if ticked!(trades) {
        notional += trades.price * trades.qty as f64;
        volume += trades.qty as f64;
        return notional / volume;
    }
}

/// Mean of the last `window` ticks of `x`; silent until `window` ticks have arrived.
#[node]
fn moving_average(x: Ts<f64>, window: usize) -> Ts<f64> {
    state! {
        let mut last = VecDeque::with_capacity(window + 1);
        let mut sum = 0.0;
    }
    if ticked!(x) {
        last.push_back(x);
        sum += x;
        if last.len() > window {
            sum -= last.pop_front().unwrap_or_default();
        }
        if last.len() == window {
            return sum / window as f64;
        }
    }
}

/// Ticks `1` when `fast` crosses above `slow` and `-1` when it crosses below.
#[node]
fn crossover(fast: Ts<f64>, slow: Ts<f64>) -> Ts<i64> {
    state! { let mut above: Option<bool> = None; }
    if valid!(fast, slow) {
        let now_above = fast > slow;
        let crossed = above.is_some_and(|was_above| was_above != now_above);
        above = Some(now_above);
        if crossed {
            return if now_above { 1 } else { -1 };
        }
    }
}

/// Holds `signal` units (long one on `1`, short one on `-1`), trading at `price`; ticks the
/// position when it changes and the marked-to-market profit and loss on every price.
#[node]
fn follow_signal(signal: Ts<i64>, price: Ts<f64>) -> outputs!(position: Ts<i64>, pnl: Ts<f64>) {
    state! {
        let mut held = 0i64;
        let mut cash = 0.0;
    }
    if ticked!(signal) && valid!(price) {
        cash -= (signal - held) as f64 * price;
        held = signal;
        output!(position = held);
    }
    if ticked!(price) {
        output!(pnl = cash + held as f64 * price);
    }
}

/// Seeded trades from `open` to `close`: exponential gaps (about one trade a second), a
/// random-walk price and random sizes.
fn synthetic_trades(open: Time, close: Time, seed: u64) -> Vec<(Time, Trade)> {
    let mut rng = StdRng::seed_from_u64(seed);
    let gap_secs = Exp::new(1.0 / 1.2).expect("a positive rate");
    let step = Normal::new(0.0, 0.02).expect("a positive deviation");
    let (mut time, mut price) = (open, 100.0);
    let mut trades = Vec::new();
    loop {
        time = time + secs_f64(gap_secs.sample(&mut rng));
        if time > close {
            return trades;
        }
        price += step.sample(&mut rng);
        let qty = rng.random_range(1..=500);
        trades.push((time, Trade { price, qty }));
    }
}

fn main() -> tickgraph::Result<()> {
    let open = Time::ymd_hms(2024, 3, 1, 9, 30, 0);
    let close = Time::ymd_hms(2024, 3, 1, 16, 0, 0);
    let data = synthetic_trades(open, close, 7);

    let g = Graph::new();
    let trades = curve(&g, data);
    // A stateless step is a pipe: one node, no cell or dynamic call of its own.
    let prices = trades.map(|t| t.price).into_ts();
    let bars = sample(timer(&g, secs(60), ()), &prices);
    let signal = crossover(moving_average(&bars, 5), moving_average(&bars, 20));
    let book = follow_signal(&signal, &bars);

    // Keep only what the summary needs: the last tick of most outputs.
    let last = BufferPolicy::ticks(1);
    g.output_with("trades", count(&trades), last);
    g.output_with("bars", count(&bars), last);
    g.output_with("vwap", vwap(&trades), last);
    g.output("signal", &signal);
    g.output_with("pnl", &book.pnl, last);

    let r = g.run(RunConfig::historical(open, close))?;
    let last_of = |name: &str| r.last::<u64>(name).map(|t| t.map_or(0, |(_, n)| *n));
    let signals = r.series::<i64>("signal")?;
    let buys = signals.iter().filter(|(_, s)| *s > 0).count();
    let (vwap_time, vwap) = r.last::<f64>("vwap")?.copied().unwrap_or((open, f64::NAN));
    let pnl = r.last::<f64>("pnl")?.map_or(0.0, |(_, p)| *p);

    println!("trades:      {}", last_of("trades")?);
    println!("minute bars: {}", last_of("bars")?);
    println!("vwap:        {vwap:.4} (at {vwap_time})");
    println!(
        "signals:     {} ({buys} buy, {} sell)",
        signals.len(),
        signals.len() - buys
    );
    println!("pnl:         {pnl:.4} (one unit, marked at the last bar)");
    Ok(())
}
