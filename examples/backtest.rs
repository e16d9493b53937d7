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
//!
//! That graph is `strategy.rs`, shared with the `live` example, which runs it on a live
//! WebSocket feed.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Exp, Normal};
use std::path::{Path, PathBuf};
use std::time::Instant;
use tickgraph::adapters::parquet::{ParquetReader, ParquetWriter};
use tickgraph::prelude::*;

#[path = "strategy.rs"]
mod strategy;

use strategy::{Halflives, Quote, Trade};

/// The crossover's EMAs on a trading day: one minute and ten.
const HALFLIVES: Halflives = Halflives {
    fast: TimeDelta::seconds(60),
    slow: TimeDelta::seconds(600),
};

const SYMBOLS: [&str; 8] = [
    "AAPL", "AMZN", "GOOG", "META", "MSFT", "NFLX", "NVDA", "TSLA",
];

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
    show_progress(&g); // on a terminal only
    let trades = ParquetReader::new(&g, dir.join("trades.parquet")).symbol_column("symbol");
    let quotes = ParquetReader::new(&g, dir.join("quotes.parquet")).symbol_column("symbol");
    let trades = trades.subscribe_dict::<Trade>(SYMBOLS);
    let quotes = quotes.subscribe_dict::<Quote>(SYMBOLS);
    let mut fills = Vec::new();
    for s in SYMBOLS {
        let book = strategy::symbol_strategy(&g, s, &trades[s], &quotes[s], HALFLIVES);
        fills.push(book.fills);
    }
    let mut out = ParquetWriter::new(&g, dir.join("fills.parquet")).allow_overwrite(true);
    out.publish_record(flatten(&fills));
    out.finish();

    let r = g.run(RunConfig::historical(open, close))?;
    let seconds = t0.elapsed().as_secs_f64();
    let (rows, total_pnl) = strategy::print_table(&r, &SYMBOLS)?;
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
