//! A backtest from Parquet: a day of trades and quotes for eight symbols, replayed through
//! one graph: per-symbol VWAP, an EMA-crossover signal on the mid price, traded one unit at
//! a time at the quotes, with its PnL and drawdown; the fills written back to Parquet.
//!
//! ```text
//! cargo run --release --example backtest            # data in the temp folder, made once
//! cargo run --release --example backtest -- DIR     # data and results in DIR
//! ```
//!
//! The data is generated the first time, seeded, so every run prints the same summary:
//! Poisson arrivals (about ten quote updates a second per symbol), prices from a geometric
//! Brownian motion, a spread of one to two basis points, and a trade on about every other
//! update, at the bid or the ask: about 2.8 million rows, written with tickgraph's own
//! `ParquetWriter`. The backtest graph, per symbol:
//!
//! ```text
//! quotes -> mid -> ema(halflife 1 min), ema(halflife 10 min) -> crossover = signal
//! signal, quotes -> follow_signal -> fills (to fills.parquet), pnl, drawdown
//! trades -> vwap, count
//! ```

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Exp, Normal};
use std::path::{Path, PathBuf};
use std::time::Instant;
use tickgraph::adapters::parquet::{ParquetReader, ParquetWriter};
use tickgraph::prelude::*;

const SYMBOLS: [&str; 8] = [
    "AAPL", "AMZN", "GOOG", "META", "MSFT", "NFLX", "NVDA", "TSLA",
];

/// A trade, as stored (one row of trades.parquet).
#[derive(Clone, Debug, Record)]
struct Trade {
    symbol: String,
    price: f64,
    qty: i64,
}

/// A quote, as stored (one row of quotes.parquet).
#[derive(Clone, Debug, Record)]
struct Quote {
    symbol: String,
    bid: f64,
    ask: f64,
}

/// A fill of the strategy, as written to fills.parquet.
#[derive(Clone, Debug, Record)]
struct Fill {
    symbol: String,
    /// Units bought (positive) or sold (negative).
    qty: i64,
    price: f64,
    position: i64,
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

/// Holds `signal` units of `symbol`, buying at the ask and selling at the bid; ticks each
/// fill, and the marked-to-market PnL and its drawdown from the best PnL so far.
#[node]
fn follow_signal(
    signal: Ts<i64>,
    quotes: Ts<Quote>,
    symbol: String,
) -> outputs!(fills: Ts<Fill>, pnl: Ts<f64>, drawdown: Ts<f64>) {
    state! {
        let mut held = 0i64;
        let mut cash = 0.0;
        let mut best = 0.0f64;
    }
    if ticked!(signal) && valid!(quotes) && signal != held {
        let qty = signal - held;
        let price = if qty > 0 { quotes.ask } else { quotes.bid };
        cash -= qty as f64 * price;
        held = signal;
        output!(
            fills = Fill {
                symbol: symbol.clone(),
                qty,
                price,
                position: held
            }
        );
    }
    if ticked!(quotes) {
        let mark = (quotes.bid + quotes.ask) / 2.0;
        let pnl = cash + held as f64 * mark;
        best = best.max(pnl);
        output!(pnl = pnl, drawdown = best - pnl);
    }
}

/// Writes the seeded day of quotes and trades, each through a graph into its file.
fn generate(dir: &Path, open: Time, close: Time) -> tickgraph::Result<u64> {
    let mut quotes = Vec::new();
    let mut trades = Vec::new();
    for (k, symbol) in SYMBOLS.iter().enumerate() {
        let mut rng = StdRng::seed_from_u64(1000 + k as u64);
        let gap = Exp::new(10.0).expect("a positive rate");
        let z = Normal::new(0.0, 1.0).expect("a positive deviation");
        // GBM: 30% annualised volatility on a 23,400-second day, no drift.
        let sigma = 0.30 / (252.0f64 * 23_400.0).sqrt();
        let (mut t, mut price) = (open, 50.0 + 40.0 * k as f64);
        loop {
            let dt = gap.sample(&mut rng);
            t = t + secs_f64(dt);
            if t > close {
                break;
            }
            price *= (sigma * dt.sqrt() * z.sample(&mut rng) - 0.5 * sigma * sigma * dt).exp();
            let half = price * 1e-4 * (1.0 + rng.random::<f64>()) / 2.0;
            let (bid, ask) = (price - half, price + half);
            let symbol = symbol.to_string();
            if rng.random_bool(0.5) {
                let at = if rng.random_bool(0.5) { bid } else { ask };
                let qty = 100 * rng.random_range(1..=20);
                trades.push((
                    t,
                    Trade {
                        symbol: symbol.clone(),
                        price: at,
                        qty,
                    },
                ));
            }
            quotes.push((t, Quote { symbol, bid, ask }));
        }
    }
    quotes.sort_by_key(|(t, _)| *t);
    trades.sort_by_key(|(t, _)| *t);
    let rows = (quotes.len() + trades.len()) as u64;
    let g = Graph::new();
    let mut q = ParquetWriter::new(&g, dir.join("quotes.parquet"));
    q.publish_record(curve(&g, quotes));
    q.finish();
    let mut w = ParquetWriter::new(&g, dir.join("trades.parquet"));
    w.publish_record(curve(&g, trades));
    w.finish();
    g.run(RunConfig::historical(open, close))?;
    Ok(rows)
}

fn main() -> tickgraph::Result<()> {
    let dir = std::env::args().nth(1).map_or_else(
        || std::env::temp_dir().join("tickgraph-backtest"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&dir).map_err(|e| Error::Config(format!("{}: {e}", dir.display())))?;
    let open = Time::ymd_hms(2024, 3, 1, 9, 30, 0);
    let close = Time::ymd_hms(2024, 3, 1, 16, 0, 0);
    if !dir.join("trades.parquet").exists() || !dir.join("quotes.parquet").exists() {
        let t0 = Instant::now();
        let rows = generate(&dir, open, close)?;
        println!(
            "generated {rows} rows in {} ({:.2} s)",
            dir.display(),
            t0.elapsed().as_secs_f64()
        );
    }

    let t0 = Instant::now();
    let g = Graph::new();
    let trades = ParquetReader::new(&g, dir.join("trades.parquet")).symbol_column("symbol");
    let quotes = ParquetReader::new(&g, dir.join("quotes.parquet")).symbol_column("symbol");
    let trades = trades.subscribe_dict::<Trade>(SYMBOLS);
    let quotes = quotes.subscribe_dict::<Quote>(SYMBOLS);
    let mut fills = Vec::new();
    let last = BufferPolicy::ticks(1);
    for s in SYMBOLS {
        let (t, q) = (&trades[s], &quotes[s]);
        let mid = q.map(|q| (q.bid + q.ask) / 2.0).into_ts();
        let fast = stats::ema(&mid).halflife(secs(60));
        let slow = stats::ema(&mid).halflife(secs(600));
        let signal = crossover(fast, slow);
        let book = follow_signal(&signal, q, s.to_string());
        g.output_with(&format!("{s} trades"), count(t), last);
        g.output_with(&format!("{s} quotes"), count(q), last);
        g.output_with(&format!("{s} vwap"), vwap(t), last);
        g.output_with(&format!("{s} fills"), count(&book.fills), last);
        g.output_with(&format!("{s} pnl"), &book.pnl, last);
        g.output_with(&format!("{s} drawdown"), stats::max(&book.drawdown), last);
        fills.push(book.fills);
    }
    let mut out = ParquetWriter::new(&g, dir.join("fills.parquet")).allow_overwrite(true);
    out.publish_record(flatten(&fills));
    out.finish();

    let r = g.run(RunConfig::historical(open, close))?;
    let seconds = t0.elapsed().as_secs_f64();
    let n = |name: &str| r.last::<u64>(name).map(|t| t.map_or(0, |(_, n)| *n));
    let f = |name: &str| r.last::<f64>(name).map(|t| t.map_or(f64::NAN, |(_, v)| *v));

    println!(
        "\n{:<6} {:>8} {:>9} {:>10} {:>6} {:>10} {:>10}",
        "symbol", "trades", "quotes", "vwap", "fills", "pnl", "max dd"
    );
    let (mut rows, mut total_pnl) = (0, 0.0);
    for s in SYMBOLS {
        let (trades, quotes) = (n(&format!("{s} trades"))?, n(&format!("{s} quotes"))?);
        rows += trades + quotes;
        let pnl = f(&format!("{s} pnl"))?;
        total_pnl += pnl;
        println!(
            "{s:<6} {trades:>8} {quotes:>9} {:>10.4} {:>6} {pnl:>10.4} {:>10.4}",
            f(&format!("{s} vwap"))?,
            n(&format!("{s} fills"))?,
            f(&format!("{s} drawdown"))?,
        );
    }
    let stats = r.stats();
    println!("\ntotal pnl {total_pnl:.4} (one unit per symbol, marked at the mid)");
    println!(
        "replayed {rows} rows in {seconds:.2} s ({:.1} M rows/s), {} cycles, {} node executions",
        rows as f64 / seconds / 1e6,
        stats.cycles,
        stats.node_executions
    );
    println!("fills written to {}", dir.join("fills.parquet").display());
    Ok(())
}
