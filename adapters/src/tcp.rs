//! A TCP line feed (feature `tcp`, on by default; the standard library only): a source that
//! reads newline-delimited records from a TCP server into a realtime run, and a sink that
//! writes a series to a TCP server, one line per tick.
//!
//! The source is built on the engine's push adapter API exactly as a user's own adapter
//! would be: a thread that owns a [`PushSender`] and pushes what it reads.

use std::io::{BufRead, BufReader, ErrorKind, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tickgraph_engine::adapter::{PushError, PushMode, PushSender, push_channel};
use tickgraph_engine::prelude::{Ctx, Graph, Input, Node, NodeError, Ts, Value};

/// What the source does with a line its parser rejects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BadLine {
    /// Count it ([`TcpFeedStats::malformed`]) and go on.
    #[default]
    Skip,
    /// Stop the run with an error naming the feed and the line
    /// ([`tickgraph_engine::Error::Adapter`]).
    Stop,
}

/// How a [`TcpLineSource`] connects, reads and recovers.
///
/// ```
/// use tickgraph_adapters::tcp::{BadLine, TcpLineSource};
/// use std::time::Duration;
/// let feed = TcpLineSource::new("127.0.0.1:9000")
///     .bad_lines(BadLine::Stop)
///     .reconnect(Duration::from_millis(50), Duration::from_secs(2))
///     .give_up_after(10);
/// # drop(feed);
/// ```
#[derive(Clone, Debug)]
pub struct TcpLineSource {
    addr: String,
    bad_lines: BadLine,
    first_backoff: Duration,
    max_backoff: Duration,
    /// Connection attempts in a row before the run fails; `None`: retry forever.
    attempts: Option<u32>,
}

/// Counters of a running feed, shared with its thread.
///
/// ```
/// use tickgraph_adapters::tcp::TcpFeedStats;
/// let s = TcpFeedStats::default();
/// assert_eq!(s.lines(), 0);
/// ```
#[derive(Debug, Default)]
pub struct TcpFeedStats {
    lines: AtomicU64,
    malformed: AtomicU64,
    connects: AtomicU64,
}

impl TcpFeedStats {
    /// Lines read.
    pub fn lines(&self) -> u64 {
        self.lines.load(Ordering::Relaxed)
    }

    /// Lines the parser rejected.
    pub fn malformed(&self) -> u64 {
        self.malformed.load(Ordering::Relaxed)
    }

    /// Successful connections (the first one and every reconnection).
    pub fn connects(&self) -> u64 {
        self.connects.load(Ordering::Relaxed)
    }
}

impl TcpLineSource {
    /// A feed from the server at `addr` (`host:port`): malformed lines skipped, and
    /// reconnection forever with a backoff from 10 ms doubling to 1 s.
    pub fn new(addr: impl Into<String>) -> Self {
        TcpLineSource {
            addr: addr.into(),
            bad_lines: BadLine::Skip,
            first_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_secs(1),
            attempts: None,
        }
    }

    /// What to do with a malformed line.
    pub fn bad_lines(mut self, policy: BadLine) -> Self {
        self.bad_lines = policy;
        self
    }

    /// The backoff between connection attempts: `first`, doubling up to `max`.
    pub fn reconnect(mut self, first: Duration, max: Duration) -> Self {
        self.first_backoff = first;
        self.max_backoff = max.max(first);
        self
    }

    /// Fails the run after `n` failed connection attempts in a row (a server absent at
    /// start, or gone for good).
    pub fn give_up_after(mut self, n: u32) -> Self {
        self.attempts = Some(n.max(1));
        self
    }

    /// Adds the feed to `g` as a source named `name`: each line is parsed by `parse` and
    /// pushed with `mode`. Returns the series and the feed's counters.
    ///
    /// A thread made here connects once a realtime run of `g` starts, reads lines, and
    /// reconnects when the connection drops; it ends when `g` is dropped. In a historical
    /// run the source never ticks (as every push source).
    ///
    /// ```no_run
    /// use tickgraph_engine::prelude::*;
    /// use tickgraph_adapters::tcp::TcpLineSource;
    ///
    /// let g = Graph::new();
    /// let (prices, stats) = TcpLineSource::new("127.0.0.1:9000").source(
    ///     &g,
    ///     "prices",
    ///     PushMode::NonCollapsing,
    ///     |line: &str| line.trim().parse::<f64>(),
    /// );
    /// print("price", &prices);
    /// g.run(RunConfig::realtime_from_now(secs(10))).unwrap();
    /// println!("{} lines, {} malformed", stats.lines(), stats.malformed());
    /// ```
    pub fn source<T, E, P>(
        self,
        g: &Graph,
        name: &str,
        mode: PushMode,
        parse: P,
    ) -> (Ts<T>, Arc<TcpFeedStats>)
    where
        T: Value + Send,
        E: std::fmt::Display,
        P: Fn(&str) -> Result<T, E> + Send + 'static,
    {
        let (tx, rx) = push_channel::<T>();
        let ts = rx.source(g, name, mode);
        let stats = Arc::new(TcpFeedStats::default());
        let feed = Feed {
            config: self,
            name: name.to_string(),
            tx,
            parse,
            stats: stats.clone(),
        };
        // A failure to start a thread leaves a source that never ticks; it is reported
        // as the feed's error once a run starts.
        let _ = std::thread::Builder::new()
            .name(format!("tcp feed {name}"))
            .spawn(move || feed.serve());
        (ts, stats)
    }
}

struct Feed<T, P> {
    config: TcpLineSource,
    name: String,
    tx: PushSender<T>,
    parse: P,
    stats: Arc<TcpFeedStats>,
}

/// How a connection ended.
enum Ended {
    /// The run stopped (or the graph is gone): wait for the next run.
    RunOver,
    /// The connection was lost: reconnect.
    Lost,
}

impl<T, E, P> Feed<T, P>
where
    T: Value + Send,
    E: std::fmt::Display,
    P: Fn(&str) -> Result<T, E>,
{
    /// One realtime run after another, until the graph is dropped.
    fn serve(self) {
        loop {
            match self.tx.wait_for_start(Duration::from_millis(100)) {
                Ok(()) => self.run(),
                Err(_) if self.tx.is_closed() => return,
                // Between runs (the last one's end is still what the sender sees).
                Err(PushError::Stopped) => std::thread::sleep(Duration::from_millis(100)),
                // Not started yet: wait on.
                Err(_) => {}
            }
        }
    }

    /// Serves one run: connects, reads, reconnects, until the run stops.
    fn run(&self) {
        let mut failures = 0u32;
        let mut backoff = self.config.first_backoff;
        while self.tx.is_running() {
            match TcpStream::connect(&self.config.addr) {
                Ok(stream) => {
                    failures = 0;
                    backoff = self.config.first_backoff;
                    self.stats.connects.fetch_add(1, Ordering::Relaxed);
                    match self.read(stream) {
                        Ended::RunOver => return,
                        Ended::Lost => continue,
                    }
                }
                Err(e) => {
                    failures += 1;
                    if self.config.attempts.is_some_and(|n| failures >= n) {
                        self.tx.shutdown_with_error(format!(
                            "cannot connect to {} after {failures} attempts: {e}",
                            self.config.addr
                        ));
                        return;
                    }
                    std::thread::sleep(backoff);
                    backoff = (backoff * 2).min(self.config.max_backoff);
                }
            }
        }
    }

    fn read(&self, stream: TcpStream) -> Ended {
        // Wakes up now and then to see whether the run is still on.
        let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        loop {
            match reader.read_line(&mut line) {
                Ok(0) => return Ended::Lost,
                Ok(_) if !line.ends_with('\n') => continue, // the rest comes later
                Ok(_) => {
                    self.stats.lines.fetch_add(1, Ordering::Relaxed);
                    let text = line.trim_end_matches(['\n', '\r']);
                    match (self.parse)(text) {
                        Ok(v) => match self.tx.push(v) {
                            Ok(()) => {}
                            Err(PushError::Stopped | PushError::NotStarted) => {
                                return Ended::RunOver;
                            }
                            Err(_) => return Ended::RunOver,
                        },
                        Err(e) => {
                            self.stats.malformed.fetch_add(1, Ordering::Relaxed);
                            if self.config.bad_lines == BadLine::Stop {
                                self.tx.shutdown_with_error(format!(
                                    "feed '{}': malformed message {text:?}: {e}",
                                    self.name
                                ));
                                return Ended::RunOver;
                            }
                        }
                    }
                    line.clear();
                }
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    if !self.tx.is_running() {
                        return Ended::RunOver;
                    }
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => return Ended::Lost,
            }
        }
    }
}

/// Writes every tick of `x` to the TCP server at `addr` as one line (`Display`, then
/// `\n`); connects when the run starts (a failure fails the run, naming the sink).
///
/// ```no_run
/// use tickgraph_engine::prelude::*;
/// use tickgraph_adapters::tcp::tcp_line_sink;
/// let g = Graph::new();
/// tcp_line_sink(&timer(&g, millis(100), 1i64), "127.0.0.1:9001");
/// g.run(RunConfig::realtime_from_now(secs(1))).unwrap();
/// ```
pub fn tcp_line_sink<T: Value + std::fmt::Display>(x: &Ts<T>, addr: impl Into<String>) {
    let addr = addr.into();
    let mut n = x.graph().add_node("tcp_line_sink");
    let input = n.input("x", x);
    n.finish(move |w| {
        Ok(Box::new(LineSink {
            x: w.input(input),
            addr: addr.clone(),
            stream: None,
            line: String::new(),
        }))
    });
}

struct LineSink<T> {
    x: Input<T>,
    addr: String,
    stream: Option<std::io::BufWriter<TcpStream>>,
    line: String,
}

impl<T: Value + std::fmt::Display> Node for LineSink<T> {
    fn start(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        let stream = TcpStream::connect(&self.addr)
            .map_err(|e| format!("cannot connect to {}: {e}", self.addr))?;
        let _ = stream.set_nodelay(true);
        self.stream = Some(std::io::BufWriter::new(stream));
        Ok(())
    }

    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        use std::fmt::Write as _;
        if let (true, Some(out)) = (self.x.ticked(ctx), self.stream.as_mut()) {
            self.line.clear();
            let _ = writeln!(self.line, "{}", self.x.current(ctx));
            out.write_all(self.line.as_bytes())?;
            out.flush()?;
        }
        Ok(())
    }

    fn stop(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        if let Some(mut out) = self.stream.take() {
            out.flush()?;
        }
        Ok(())
    }
}
