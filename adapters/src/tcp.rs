//! A TCP line feed (feature `tcp`, on by default; the standard library only): a source that
//! reads newline-delimited records from a TCP server into a realtime run, and a sink that
//! writes a series to a TCP server, one line per tick.
//!
//! The source is built on the engine's push adapter API exactly as a user's own adapter
//! would be: a thread that owns a [`PushSender`] and pushes what it reads ([`crate::feed`]).

use crate::feed::{self, BadMessage, Ended, LiveFeed, Reconnect, Status, Verdict};
use std::io::{BufRead, BufReader, ErrorKind, Write};
use std::net::TcpStream;
use std::time::Duration;
use tickgraph_engine::adapter::{PushMode, PushSender, push_channel};
use tickgraph_engine::prelude::{Ctx, Graph, Input, Node, NodeError, Ts, Value};

/// How a [`TcpLineSource`] connects, reads and recovers.
///
/// ```
/// use tickgraph_adapters::feed::{BadMessage, Reconnect};
/// use tickgraph_adapters::tcp::TcpLineSource;
/// use std::time::Duration;
/// let feed = TcpLineSource::new("127.0.0.1:9000")
///     .bad_messages(BadMessage::Stop)
///     .reconnect(Reconnect::new(Duration::from_millis(50), Duration::from_secs(2)).give_up_after(10));
/// # drop(feed);
/// ```
#[derive(Clone, Debug)]
pub struct TcpLineSource {
    addr: String,
    bad_messages: BadMessage,
    reconnect: Reconnect,
}

impl TcpLineSource {
    /// A feed from the server at `addr` (`host:port`): malformed lines skipped, and
    /// reconnection forever with the default backoff ([`Reconnect::default`]).
    pub fn new(addr: impl Into<String>) -> Self {
        TcpLineSource {
            addr: addr.into(),
            bad_messages: BadMessage::Skip,
            reconnect: Reconnect::default(),
        }
    }

    /// What to do with a malformed line.
    pub fn bad_messages(mut self, policy: BadMessage) -> Self {
        self.bad_messages = policy;
        self
    }

    /// How to reconnect, and when to give up.
    pub fn reconnect(mut self, reconnect: Reconnect) -> Self {
        self.reconnect = reconnect;
        self
    }

    /// Adds the feed to `g` as a source named `name` (and its status series,
    /// `<name>.status`): each line is parsed by `parse` and pushed with `mode`.
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
    /// let feed = TcpLineSource::new("127.0.0.1:9000").source(
    ///     &g,
    ///     "prices",
    ///     PushMode::NonCollapsing,
    ///     |line: &str| line.trim().parse::<f64>(),
    /// );
    /// print("price", &feed.data);
    /// print("status", &feed.status);
    /// g.run(RunConfig::realtime_from_now(secs(10))).unwrap();
    /// println!("{} lines, {} malformed", feed.stats.messages(), feed.stats.malformed());
    /// ```
    pub fn source<T, E, P>(self, g: &Graph, name: &str, mode: PushMode, parse: P) -> LiveFeed<T>
    where
        T: Value + Send,
        E: std::fmt::Display,
        P: Fn(&str) -> Result<T, E> + Send + 'static,
    {
        let (tx, rx) = push_channel::<T>();
        let data = rx.source(g, name, mode);
        let (status, status_ts, stats) = Status::new(g, name, self.bad_messages);
        let lines = Lines { tx, status, parse };
        // A failure to start a thread (out of memory) leaves a source that never ticks.
        let _ = std::thread::Builder::new()
            .name(format!("tcp feed {name}"))
            .spawn(move || {
                feed::serve(
                    &lines.tx,
                    &lines.status,
                    self.reconnect,
                    &self.addr,
                    || TcpStream::connect(&self.addr).map_err(|e| e.to_string()),
                    |stream| lines.read(stream),
                );
            });
        LiveFeed {
            data,
            status: status_ts,
            stats,
        }
    }
}

/// The reading side of a TCP feed's thread.
struct Lines<T, P> {
    tx: PushSender<T>,
    status: Status,
    parse: P,
}

impl<T, E, P> Lines<T, P>
where
    T: Value + Send,
    E: std::fmt::Display,
    P: Fn(&str) -> Result<T, E>,
{
    fn read(&self, stream: TcpStream) -> Ended {
        // Wakes up now and then to see whether the run is still on.
        let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
        let mut reader = BufReader::new(stream);
        // Bytes, not a String: a read that times out inside a multi-byte character keeps
        // what it read (`read_line` would drop it), and a line that is not UTF-8 is a
        // malformed message, not a lost connection.
        let mut line = Vec::new();
        loop {
            match reader.read_until(b'\n', &mut line) {
                Ok(0) => return Ended::Lost("the server closed the connection".into()),
                Ok(_) if line.last() != Some(&b'\n') => continue, // the rest comes later
                Ok(_) => {
                    self.status.received();
                    let verdict = match std::str::from_utf8(&line) {
                        Ok(text) => {
                            let text = text.trim_end_matches(['\n', '\r']);
                            match (self.parse)(text) {
                                Ok(v) => match feed::push(&self.tx, v) {
                                    Ok(()) => Verdict::GoOn,
                                    Err(end) => return end,
                                },
                                Err(e) => self.status.malformed(&self.tx, text, e),
                            }
                        }
                        Err(e) => {
                            let text = String::from_utf8_lossy(&line);
                            self.status.malformed(&self.tx, text.trim_end(), e)
                        }
                    };
                    // A flood of bad lines must still see the run end.
                    if verdict == Verdict::Stop || !self.tx.is_running() {
                        return Ended::RunOver;
                    }
                    line.clear();
                }
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    if !self.tx.is_running() {
                        return Ended::RunOver;
                    }
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Ended::Lost(e.to_string()),
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
