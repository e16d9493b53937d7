//! A WebSocket client feed (feature `websocket`, on by default; `ws://` only, no TLS): a
//! source that reads JSON messages from a WebSocket server into a realtime run, and a sink
//! that sends a series to a WebSocket server, one JSON message per tick.
//!
//! The source is built on the engine's push adapter API exactly as a user's own adapter
//! would be: a thread that owns a [`PushSender`] and pushes what it reads ([`crate::feed`]),
//! with the same policies as every live feed: malformed messages skipped or stopping the
//! run ([`BadMessage`]), reconnection with backoff ([`Reconnect`]), a status series.
//! Subscription messages are sent again on every reconnection, since a new connection
//! starts with no subscriptions. Pings are answered (by tungstenite, as it reads).

use crate::feed::{self, BadMessage, Ended, LiveFeed, Reconnect, Status, Verdict};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::ErrorKind;
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};
use tickgraph_engine::Error;
use tickgraph_engine::adapter::{PushMode, PushSender, push_channel};
use tickgraph_engine::prelude::{Ctx, Graph, Input, Node, NodeError, Ts, Value};
use tungstenite::client::IntoClientRequest;
use tungstenite::handshake::HandshakeError;
use tungstenite::{Message, WebSocket};

/// How long a TCP connection and the WebSocket handshake may take before the attempt
/// counts as failed (and is retried with backoff).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// How often a quiet connection wakes up to see whether the run is still on.
const POLL: Duration = Duration::from_millis(50);
/// How long the sink waits for the server to answer its close at the end of a run.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(1);

/// How a [`WebSocketSource`] connects, subscribes, reads and recovers.
///
/// ```
/// use tickgraph_adapters::feed::{BadMessage, Reconnect};
/// use tickgraph_adapters::websocket::WebSocketSource;
/// use std::time::Duration;
/// let feed = WebSocketSource::new("ws://127.0.0.1:9000/trades")
///     .subscribe(r#"{"op":"subscribe","channel":"trades"}"#)
///     .bad_messages(BadMessage::Stop)
///     .reconnect(Reconnect::new(Duration::from_millis(50), Duration::from_secs(2)).give_up_after(10));
/// # drop(feed);
/// ```
#[derive(Clone, Debug)]
pub struct WebSocketSource {
    url: String,
    subscribe: Vec<String>,
    bad_messages: BadMessage,
    reconnect: Reconnect,
}

impl WebSocketSource {
    /// A feed from the server at `url` (`ws://host[:port][/path]`): no subscription
    /// messages, malformed messages skipped, and reconnection forever with the default
    /// backoff ([`Reconnect::default`]).
    pub fn new(url: impl Into<String>) -> Self {
        WebSocketSource {
            url: url.into(),
            subscribe: Vec::new(),
            bad_messages: BadMessage::Skip,
            reconnect: Reconnect::default(),
        }
    }

    /// Adds a text message sent to the server right after every connection, before
    /// anything is read (all of them, in the order added). A connection that cannot send
    /// them counts as a failed attempt.
    pub fn subscribe(mut self, message: impl Into<String>) -> Self {
        self.subscribe.push(message.into());
        self
    }

    /// What to do with a malformed message.
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
    /// `<name>.status`): each message is a JSON document deserialized into a `T` by serde
    /// and pushed with `mode`; one that does not deserialize is malformed.
    ///
    /// Fails with [`Error::InvalidArgument`] naming the feed if the URL is not a `ws://`
    /// URL. Otherwise as [`source`](Self::source).
    ///
    /// ```no_run
    /// use tickgraph_engine::prelude::*;
    /// use tickgraph_adapters::websocket::WebSocketSource;
    ///
    /// #[derive(Clone, Debug, serde::Deserialize)]
    /// struct Trade {
    ///     symbol: String,
    ///     price: f64,
    ///     qty: i64,
    /// }
    ///
    /// let g = Graph::new();
    /// let feed = WebSocketSource::new("ws://127.0.0.1:9000/trades")
    ///     .subscribe(r#"{"subscribe":"trades"}"#)
    ///     .json_source::<Trade>(&g, "trades", PushMode::NonCollapsing)
    ///     .unwrap();
    /// print_debug("trade", &feed.data);
    /// print("status", &feed.status);
    /// g.run(RunConfig::realtime_from_now(secs(10))).unwrap();
    /// println!("{} messages, {} malformed", feed.stats.messages(), feed.stats.malformed());
    /// ```
    pub fn json_source<T>(self, g: &Graph, name: &str, mode: PushMode) -> Result<LiveFeed<T>, Error>
    where
        T: Value + Send + DeserializeOwned,
    {
        self.source(g, name, mode, |text: &str| serde_json::from_str::<T>(text))
    }

    /// Adds the feed to `g` as a source named `name` (and its status series,
    /// `<name>.status`): each text message (or binary one holding UTF-8) is parsed by
    /// `parse` and pushed with `mode`.
    ///
    /// A thread made here connects once a realtime run of `g` starts, sends the
    /// subscription messages, reads, and reconnects (and subscribes again) when the
    /// connection drops; it ends when `g` is dropped. In a historical run the source never
    /// ticks (as every push source). Fails with [`Error::InvalidArgument`] naming the feed
    /// if the URL is not a `ws://` URL.
    ///
    /// ```no_run
    /// use tickgraph_engine::prelude::*;
    /// use tickgraph_adapters::websocket::WebSocketSource;
    ///
    /// let g = Graph::new();
    /// let feed = WebSocketSource::new("ws://127.0.0.1:9000/prices")
    ///     .source(&g, "prices", PushMode::LastValue, |text: &str| text.trim().parse::<f64>())
    ///     .unwrap();
    /// print("price", &feed.data);
    /// g.run(RunConfig::realtime_from_now(secs(10))).unwrap();
    /// ```
    pub fn source<T, E, P>(
        self,
        g: &Graph,
        name: &str,
        mode: PushMode,
        parse: P,
    ) -> Result<LiveFeed<T>, Error>
    where
        T: Value + Send,
        E: std::fmt::Display,
        P: Fn(&str) -> Result<T, E> + Send + 'static,
    {
        let endpoint = Endpoint::parse(&self.url).map_err(|e| invalid_url(name, &self.url, &e))?;
        let (tx, rx) = push_channel::<T>();
        let data = rx.source(g, name, mode);
        let (status, status_ts, stats) = Status::new(g, name, self.bad_messages);
        let reader = Reader { tx, status, parse };
        // A failure to start a thread (out of memory) leaves a source that never ticks.
        let _ = std::thread::Builder::new()
            .name(format!("websocket feed {name}"))
            .spawn(move || {
                feed::serve(
                    &reader.tx,
                    &reader.status,
                    self.reconnect,
                    &self.url,
                    || {
                        let mut ws = endpoint.connect()?;
                        for m in &self.subscribe {
                            ws.send(Message::text(m.as_str()))
                                .map_err(|e| format!("cannot subscribe: {e}"))?;
                        }
                        Ok(ws)
                    },
                    |ws| reader.read(ws),
                );
            });
        Ok(LiveFeed {
            data,
            status: status_ts,
            stats,
        })
    }
}

fn invalid_url(name: &str, url: &str, why: &str) -> Error {
    Error::InvalidArgument {
        node: name.to_string(),
        message: format!("invalid WebSocket URL {url:?}: {why}"),
    }
}

/// A `ws://` URL, checked once when the graph is built.
#[derive(Clone, Debug)]
struct Endpoint {
    url: String,
    host: String,
    port: u16,
}

impl Endpoint {
    fn parse(url: &str) -> Result<Endpoint, String> {
        let request = url.into_client_request().map_err(|e| e.to_string())?;
        let uri = request.uri();
        match uri.scheme_str() {
            Some("ws") => {}
            Some("wss") => {
                return Err("wss:// needs TLS, which this build leaves out: use ws://".into());
            }
            Some(other) => return Err(format!("the scheme is {other}://, not ws://")),
            None => return Err("no scheme: use ws://host:port/path".into()),
        }
        let host = uri.host().ok_or("no host")?;
        Ok(Endpoint {
            url: url.to_string(),
            // An IPv6 literal comes bracketed, as written in the URL.
            host: host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_string(),
            port: uri.port_u16().unwrap_or(80),
        })
    }

    /// A TCP connection and the client handshake, each within [`CONNECT_TIMEOUT`] so that
    /// a server that accepts but never answers counts as a failed attempt.
    fn connect(&self) -> Result<WebSocket<TcpStream>, String> {
        let addrs = (self.host.as_str(), self.port)
            .to_socket_addrs()
            .map_err(|e| format!("cannot resolve {}: {e}", self.host))?;
        let mut failure = format!("{} resolves to no address", self.host);
        let mut stream = None;
        for addr in addrs {
            match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) {
                Ok(s) => {
                    stream = Some(s);
                    break;
                }
                Err(e) => failure = e.to_string(),
            }
        }
        let stream = stream.ok_or(failure)?;
        let _ = stream.set_nodelay(true);
        stream
            .set_read_timeout(Some(CONNECT_TIMEOUT))
            .map_err(|e| e.to_string())?;
        match tungstenite::client(self.url.as_str(), stream) {
            Ok((ws, _response)) => Ok(ws),
            Err(HandshakeError::Interrupted(_)) => Err("the WebSocket handshake timed out".into()),
            Err(HandshakeError::Failure(e)) => Err(format!("WebSocket handshake failed: {e}")),
        }
    }
}

/// The reading side of a WebSocket feed's thread.
struct Reader<T, P> {
    tx: PushSender<T>,
    status: Status,
    parse: P,
}

impl<T, E, P> Reader<T, P>
where
    T: Value + Send,
    E: std::fmt::Display,
    P: Fn(&str) -> Result<T, E>,
{
    fn read(&self, mut ws: WebSocket<TcpStream>) -> Ended {
        // Wakes up now and then to see whether the run is still on. A read that times out
        // keeps what it had of a frame: the next one goes on from there.
        if let Err(e) = ws.get_ref().set_read_timeout(Some(POLL)) {
            return Ended::Lost(e.to_string());
        }
        let end = loop {
            match ws.read() {
                Ok(Message::Text(text)) => {
                    if let Some(end) = self.message(text.as_str()) {
                        break end;
                    }
                }
                Ok(Message::Binary(bytes)) => {
                    let end = match std::str::from_utf8(&bytes) {
                        Ok(text) => self.message(text),
                        Err(e) => {
                            self.status.received();
                            self.malformed(
                                &String::from_utf8_lossy(&bytes),
                                format!("a binary message that is not UTF-8: {e}"),
                            )
                        }
                    };
                    if let Some(end) = end {
                        break end;
                    }
                }
                Ok(Message::Close(frame)) => {
                    break Ended::Lost(match frame {
                        Some(f) if !f.reason.is_empty() => {
                            format!(
                                "the server closed the connection ({}: {})",
                                f.code, f.reason
                            )
                        }
                        _ => "the server closed the connection".into(),
                    });
                }
                // A ping's pong is queued by tungstenite and sent by the next read.
                Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_)) => {
                    if !self.tx.is_running() {
                        break Ended::RunOver;
                    }
                }
                Err(tungstenite::Error::Io(e))
                    if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
                {
                    if !self.tx.is_running() {
                        break Ended::RunOver;
                    }
                }
                Err(tungstenite::Error::Io(e)) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => break Ended::Lost(e.to_string()),
            }
        };
        // Says goodbye (or answers the server's close, which tungstenite queued); the
        // server may be gone already, and nothing more is read here either way.
        if matches!(end, Ended::RunOver) {
            let _ = ws.close(None);
        }
        let _ = ws.flush();
        end
    }

    /// Parses and pushes one message; `Some` when the connection's loop must end.
    fn message(&self, text: &str) -> Option<Ended> {
        self.status.received();
        match (self.parse)(text) {
            Ok(v) => feed::push(&self.tx, v).err(),
            Err(e) => self.malformed(text, e),
        }
    }

    fn malformed(&self, text: &str, error: impl std::fmt::Display) -> Option<Ended> {
        let stop = self.status.malformed(&self.tx, text, error) == Verdict::Stop;
        // A server that sends nothing but bad messages never lets a read time out, and
        // nothing is pushed that could fail: the run's end is seen here instead.
        (stop || !self.tx.is_running()).then_some(Ended::RunOver)
    }
}

/// Sends every tick of `x` to the WebSocket server at `url` as one JSON text message
/// (serde); a node named `name` that connects when the run starts (a failure fails the
/// run, naming it) and closes the connection when the run ends.
///
/// Fails with [`Error::InvalidArgument`] naming the sink if the URL is not a `ws://` URL.
///
/// ```no_run
/// use tickgraph_engine::prelude::*;
/// use tickgraph_adapters::websocket::websocket_json_sink;
/// let g = Graph::new();
/// websocket_json_sink(&timer(&g, millis(100), 1i64), "orders", "ws://127.0.0.1:9001").unwrap();
/// g.run(RunConfig::realtime_from_now(secs(1))).unwrap();
/// ```
pub fn websocket_json_sink<T: Value + Serialize>(
    x: &Ts<T>,
    name: &str,
    url: &str,
) -> Result<(), Error> {
    let endpoint = Endpoint::parse(url).map_err(|e| invalid_url(name, url, &e))?;
    let mut n = x.graph().add_node(name);
    let input = n.input("x", x);
    n.finish(move |w| {
        Ok(Box::new(JsonSink {
            x: w.input(input),
            endpoint: endpoint.clone(),
            ws: None,
        }))
    });
    Ok(())
}

struct JsonSink<T> {
    x: Input<T>,
    endpoint: Endpoint,
    ws: Option<WebSocket<TcpStream>>,
}

impl<T: Value + Serialize> Node for JsonSink<T> {
    fn start(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        let ws = self
            .endpoint
            .connect()
            .map_err(|e| format!("cannot connect to {}: {e}", self.endpoint.url))?;
        // Sends block; reads happen only for the close at the end.
        ws.get_ref().set_read_timeout(Some(CLOSE_TIMEOUT))?;
        self.ws = Some(ws);
        Ok(())
    }

    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if let (true, Some(ws)) = (self.x.ticked(ctx), self.ws.as_mut()) {
            let text = serde_json::to_string(self.x.current(ctx))
                .map_err(|e| format!("cannot serialize a tick as JSON: {e}"))?;
            ws.send(Message::text(text))
                .map_err(|e| format!("cannot send to {}: {e}", self.endpoint.url))?;
        }
        Ok(())
    }

    fn stop(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        let Some(mut ws) = self.ws.take() else {
            return Ok(());
        };
        ws.close(None)
            .map_err(|e| format!("cannot close the connection to {}: {e}", self.endpoint.url))?;
        // Waits (a bounded time) for the server's close: closing the socket with the
        // server's reply unread would reset the connection, and a reset can discard
        // messages the server has received but not read yet.
        let deadline = Instant::now() + CLOSE_TIMEOUT;
        while Instant::now() < deadline {
            match ws.read() {
                Ok(_) => {}
                Err(tungstenite::Error::Io(e)) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        Ok(())
    }
}
