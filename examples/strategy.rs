//! The strategy that `backtest` replays from Parquet and `live` runs on a WebSocket feed:
//! the same graph code for both (each example includes this file with `#[path]`). Per
//! symbol:
//!
//! ```text
//! quotes -> mid -> ema(fast halflife), ema(slow halflife) -> crossover = signal
//! signal, quotes -> follow_signal -> fills, pnl, drawdown
//! trades -> vwap, count
//! ```
//!
//! The records derive serde's traits as well as `Record`: the backtest reads and writes them
//! as Parquet rows, the live example as JSON messages.

use serde::{Deserialize, Serialize};
use tickgraph::prelude::*;

/// A trade (one row of trades.parquet, or one message of the live feed).
#[derive(Clone, Debug, Record, Serialize, Deserialize)]
pub struct Trade {
    pub symbol: String,
    pub price: f64,
    pub qty: i64,
}

/// A quote (one row of quotes.parquet, or one message of the live feed).
#[derive(Clone, Debug, Record, Serialize, Deserialize)]
pub struct Quote {
    pub symbol: String,
    pub bid: f64,
    pub ask: f64,
}

/// A fill of the strategy.
#[derive(Clone, Debug, Record)]
pub struct Fill {
    pub symbol: String,
    /// Units bought (positive) or sold (negative).
    pub qty: i64,
    pub price: f64,
    pub position: i64,
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

/// The EMA halflives of the crossover: the backtest's day uses minutes, the live demo,
/// which runs for seconds, uses seconds.
#[derive(Clone, Copy, Debug)]
pub struct Halflives {
    pub fast: TimeDelta,
    pub slow: TimeDelta,
}

/// One symbol's strategy series (besides its graph outputs).
#[allow(dead_code)] // each example reads the ones it shows
pub struct Book {
    pub vwap: Ts<f64>,
    pub signal: Ts<i64>,
    pub fills: Ts<Fill>,
}

/// Builds one symbol's strategy on its trades and quotes, and adds its graph outputs (the
/// last tick of each: `<symbol> trades`, `quotes`, `vwap`, `fills`, `pnl`, `drawdown`)
/// that [`print_table`] reads.
pub fn symbol_strategy(
    g: &Graph,
    symbol: &str,
    trades: &Ts<Trade>,
    quotes: &Ts<Quote>,
    halflives: Halflives,
) -> Book {
    let last = BufferPolicy::ticks(1);
    let mid = quotes.map(|q| (q.bid + q.ask) / 2.0).into_ts();
    let fast = stats::ema(&mid).halflife(halflives.fast);
    let slow = stats::ema(&mid).halflife(halflives.slow);
    let signal = crossover(fast, slow);
    let book = follow_signal(&signal, quotes, symbol.to_string());
    let vwap = vwap(trades);
    let s = symbol;
    g.output_with(&format!("{s} trades"), count(trades), last);
    g.output_with(&format!("{s} quotes"), count(quotes), last);
    g.output_with(&format!("{s} vwap"), &vwap, last);
    g.output_with(&format!("{s} fills"), count(&book.fills), last);
    g.output_with(&format!("{s} pnl"), &book.pnl, last);
    g.output_with(&format!("{s} drawdown"), stats::max(&book.drawdown), last);
    Book {
        vwap,
        signal,
        fills: book.fills,
    }
}

/// Prints the per-symbol table of a run of [`symbol_strategy`]; returns the rows (trades
/// and quotes) and the total PnL.
pub fn print_table(r: &RunResult, symbols: &[&str]) -> tickgraph::Result<(u64, f64)> {
    let n = |name: &str| r.last::<u64>(name).map(|t| t.map_or(0, |(_, n)| *n));
    let f = |name: &str| r.last::<f64>(name).map(|t| t.map_or(f64::NAN, |(_, v)| *v));
    println!(
        "\n{:<6} {:>8} {:>9} {:>10} {:>6} {:>10} {:>10}",
        "symbol", "trades", "quotes", "vwap", "fills", "pnl", "max dd"
    );
    let (mut rows, mut total_pnl) = (0, 0.0);
    for s in symbols {
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
    Ok((rows, total_pnl))
}
