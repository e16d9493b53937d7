//! Live: the backtest's strategy (`strategy.rs`, the same graph code `backtest` replays from
//! Parquet) on a live WebSocket feed, in realtime, printing each symbol's VWAP, signal and
//! fills as they update and the backtest's table at the end.
//!
//! ```text
//! cargo run --example live                  # until Ctrl-C
//! cargo run --example live -- --seconds 10  # or for ten seconds
//! ```
//!
//! The feed comes from a small simulated exchange that the example starts itself, a
//! WebSocket server on a free loopback port: after a client's subscription message
//! (`{"op":"subscribe","symbols":[...]}`) it sends JSON quotes and trades for those symbols,
//! `{"type":"quote","symbol":"AAPL","bid":..,"ask":..}` and
//! `{"type":"trade","symbol":"AAPL","price":..,"qty":..}`, with Poisson arrivals (three
//! updates a second per symbol), prices from a geometric Brownian motion and a trade on
//! about every other update, at the bid or the ask. The graph connects tickgraph's
//! WebSocket feed to it (`WebSocketSource`, which sends the subscription on every
//! connection), splits the messages by symbol and runs the strategy on each. The
//! crossover's halflives are seconds here, not the backtest's minutes, so that a short run
//! shows signals.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Exp, Normal};
use serde::{Deserialize, Serialize};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;
use tickgraph::adapters::websocket::WebSocketSource;
use tickgraph::prelude::*;
use tungstenite::Message;

#[path = "strategy.rs"]
mod strategy;

use strategy::{Fill, Halflives, Quote, Trade};

const SYMBOLS: [&str; 4] = ["AAPL", "MSFT", "NVDA", "TSLA"];

/// The crossover's EMAs in a run of seconds.
const HALFLIVES: Halflives = Halflives {
    fast: TimeDelta::seconds(1),
    slow: TimeDelta::seconds(10),
};

/// One message of the exchange's feed.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Event {
    Trade(Trade),
    Quote(Quote),
}

/// A client's subscription.
#[derive(Serialize, Deserialize)]
struct Subscribe {
    op: String,
    symbols: Vec<String>,
}

/// The simulated market of one connection: each symbol's price, moved by a GBM at each of
/// the symbol's updates.
struct Market {
    symbols: Vec<String>,
    prices: Vec<f64>,
    rng: StdRng,
    gap: Exp<f64>,
    z: Normal<f64>,
}

/// Updates a second, per symbol.
const RATE: f64 = 3.0;
/// The GBM's volatility, per square root of a second: high, so that seconds show moves.
const SIGMA: f64 = 5e-4;

impl Market {
    fn new(symbols: Vec<String>, seed: u64) -> Market {
        let prices = (0..symbols.len()).map(|k| 50.0 + 40.0 * k as f64).collect();
        // Arrivals of all symbols together: a Poisson process of the summed rate, each
        // update for a symbol drawn uniformly.
        let rate = RATE * symbols.len().max(1) as f64;
        Market {
            symbols,
            prices,
            rng: StdRng::seed_from_u64(seed),
            gap: Exp::new(rate).expect("a positive rate"),
            z: Normal::new(0.0, 1.0).expect("a positive deviation"),
        }
    }

    /// The wait before the next update, and its messages: a quote, and maybe a trade.
    fn next(&mut self) -> (Duration, Vec<Event>) {
        let dt = self.gap.sample(&mut self.rng);
        let k = self.rng.random_range(0..self.symbols.len());
        // The symbol's own time since its last update is about `symbols.len()` gaps.
        let step = dt * self.symbols.len() as f64;
        let price = &mut self.prices[k];
        *price *=
            (SIGMA * step.sqrt() * self.z.sample(&mut self.rng) - 0.5 * SIGMA * SIGMA * step).exp();
        let half = *price * 1e-4 * (1.0 + self.rng.random::<f64>()) / 2.0;
        let (bid, ask) = (*price - half, *price + half);
        let symbol = self.symbols[k].clone();
        let mut events = vec![Event::Quote(Quote {
            symbol: symbol.clone(),
            bid,
            ask,
        })];
        if self.rng.random_bool(0.5) {
            let price = if self.rng.random_bool(0.5) { bid } else { ask };
            let qty = 100 * self.rng.random_range(1..=20);
            events.push(Event::Trade(Trade { symbol, price, qty }));
        }
        (Duration::from_secs_f64(dt), events)
    }
}

/// Serves one client until it goes away: its subscription, then the market's messages.
fn serve_client(stream: TcpStream, seed: u64) -> Result<(), Box<dyn std::error::Error>> {
    let mut ws = tungstenite::accept(stream)?;
    let Message::Text(text) = ws.read()? else {
        return Err("the first message must be a subscription".into());
    };
    let subscribe: Subscribe = serde_json::from_str(&text)?;
    let mut market = Market::new(subscribe.symbols, seed);
    loop {
        let (wait, events) = market.next();
        std::thread::sleep(wait);
        for e in &events {
            ws.send(Message::text(serde_json::to_string(e)?))?;
        }
    }
}

/// Starts the exchange on a free loopback port; returns its URL.
fn start_exchange() -> tickgraph::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .map_err(|e| Error::Config(format!("cannot start the exchange: {e}")))?;
    let url = format!(
        "ws://{}/market",
        listener
            .local_addr()
            .map_err(|e| Error::Config(e.to_string()))?
    );
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(stream) = stream else { continue };
            // A client that leaves ends its thread with a send error: nothing to report.
            std::thread::spawn(move || {
                let _ = serve_client(stream, 7 + n as u64);
            });
        }
    });
    Ok(url)
}

/// `--seconds N`, or none: until Ctrl-C.
fn seconds_arg() -> tickgraph::Result<Option<i64>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => Ok(None),
        [flag, n] if flag == "--seconds" => n
            .parse()
            .map(Some)
            .map_err(|e| Error::Config(format!("--seconds {n}: {e}"))),
        _ => Err(Error::Config("usage: live [--seconds N]".into())),
    }
}

fn describe(f: &Fill) -> String {
    let side = if f.qty > 0 { "bought" } else { "sold" };
    format!(
        "{side} {} at {:.4}, position {}",
        f.qty.abs(),
        f.price,
        f.position
    )
}

fn main() -> tickgraph::Result<()> {
    let seconds = seconds_arg()?;
    let url = start_exchange()?;
    println!("exchange at {url}");

    let g = Graph::new();
    let subscribe = Subscribe {
        op: "subscribe".into(),
        symbols: SYMBOLS.map(String::from).to_vec(),
    };
    let subscribe = serde_json::to_string(&subscribe).map_err(|e| Error::Config(e.to_string()))?;
    let feed = WebSocketSource::new(url)
        .subscribe(subscribe)
        .json_source::<Event>(&g, "exchange", PushMode::NonCollapsing)?;
    print("exchange.status", &feed.status);
    let trades = feed
        .data
        .filter_map(|e| match e {
            Event::Trade(t) => Some(t.clone()),
            Event::Quote(_) => None,
        })
        .into_ts();
    let quotes = feed
        .data
        .filter_map(|e| match e {
            Event::Quote(q) => Some(q.clone()),
            Event::Trade(_) => None,
        })
        .into_ts();
    let symbols = SYMBOLS.map(String::from);
    let trades = demultiplex(
        &trades,
        trades.map(|t| t.symbol.clone()),
        symbols.clone(),
        false,
    );
    let quotes = demultiplex(&quotes, quotes.map(|q| q.symbol.clone()), symbols, false);
    for s in SYMBOLS {
        let book = strategy::symbol_strategy(&g, s, &trades[s], &quotes[s], HALFLIVES);
        print(&format!("{s} vwap"), book.vwap.map(|v| format!("{v:.4}")));
        print(&format!("{s} signal"), &book.signal);
        print(&format!("{s} fill"), book.fills.map(describe));
    }

    let config = match seconds {
        Some(n) => RunConfig::realtime_from_now(secs(n)),
        None => RunConfig::realtime_from(Time::now()),
    };
    let r = g.run(config.stop_on_ctrl_c())?;
    let (rows, total_pnl) = strategy::print_table(&r, &SYMBOLS)?;
    println!("\ntotal pnl {total_pnl:.4} (one unit per symbol, marked at the mid)");
    println!(
        "{rows} trades and quotes from {} messages ({} malformed), {} connection(s)",
        feed.stats.messages(),
        feed.stats.malformed(),
        feed.stats.connects()
    );
    Ok(())
}
