//! What every live feed shares (TCP, WebSocket, Redis Streams): the policy for malformed
//! messages, reconnection with backoff, counters, and a status series that tells the graph
//! when a feed connects, drops, retries or skips a message.
//!
//! A feed is a thread that owns a [`PushSender`], built on the engine's push adapter API
//! exactly as a user's own adapter would be; one loop (`feed::serve`, internal) is that thread for every feed.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tickgraph_engine::adapter::{PushError, PushMode, PushPullSender, PushSender, push_channel};
use tickgraph_engine::prelude::{Graph, Ts, Value};

/// The end of a source a feed thread pushes into: a push source's sender, or a push-pull
/// source's (which also serves historical runs, for its replay).
pub(crate) trait Outlet {
    /// Blocks until a run takes this outlet's values, at most `timeout`; says which.
    fn wait_for_start(&self, timeout: Duration) -> Result<Serving, PushError>;
    /// Whether the current run takes its values.
    fn is_running(&self) -> bool;
    /// Whether the graph holding the source was dropped.
    fn is_closed(&self) -> bool;
    /// Fails the run, naming the source.
    fn shutdown_with_error(&self, error: String);
}

/// The run a feed thread serves, as its outlet tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Serving {
    /// The run's number, where the outlet has one (a push-pull source's): a thread done
    /// with a run (it read it to its end, or failed it) waits for another number rather
    /// than connecting again. A push source has none, and needs none: its values are
    /// refused (the thread is done) only once the run stops.
    number: Option<u64>,
    /// A realtime run (a push source serves realtime runs only).
    realtime: bool,
}

impl<T: Value + Send> Outlet for PushSender<T> {
    fn wait_for_start(&self, timeout: Duration) -> Result<Serving, PushError> {
        PushSender::wait_for_start(self, timeout).map(|()| Serving {
            number: None,
            realtime: true,
        })
    }
    fn is_running(&self) -> bool {
        PushSender::is_running(self)
    }
    fn is_closed(&self) -> bool {
        PushSender::is_closed(self)
    }
    fn shutdown_with_error(&self, error: String) {
        PushSender::shutdown_with_error(self, error);
    }
}

impl<T: Value + Send> Outlet for PushPullSender<T> {
    fn wait_for_start(&self, timeout: Duration) -> Result<Serving, PushError> {
        self.wait_for_run(timeout).map(|run| Serving {
            number: Some(run.number),
            realtime: run.realtime,
        })
    }
    fn is_running(&self) -> bool {
        PushPullSender::is_running(self)
    }
    fn is_closed(&self) -> bool {
        PushPullSender::is_closed(self)
    }
    fn shutdown_with_error(&self, error: String) {
        PushPullSender::shutdown_with_error(self, error);
    }
}

/// What a feed does with a message its parser rejects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BadMessage {
    /// Count it ([`FeedStats::malformed`]), report it on the status series and go on.
    #[default]
    Skip,
    /// Stop the run with an error naming the feed and the message
    /// ([`tickgraph_engine::Error::Adapter`]).
    Stop,
}

/// How a feed reconnects: a backoff from `first` doubling up to `max`, and how many failed
/// attempts in a row fail the run (`None`: retry forever).
///
/// "Forever" holds in realtime runs only. A historical run (a push-pull feed's replay,
/// the Redis Streams source's) waits for the feed's history, so a feed that retries
/// forever would hang it silently when the server is down: there a `Reconnect` without
/// [`give_up_after`](Reconnect::give_up_after) gives up after
/// [`Reconnect::HISTORICAL_ATTEMPTS`] failed attempts in a row, failing the run.
///
/// ```
/// use tickgraph_adapters::feed::Reconnect;
/// use std::time::Duration;
/// let r = Reconnect::new(Duration::from_millis(50), Duration::from_secs(2)).give_up_after(10);
/// assert_eq!(r.attempts(), Some(10));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reconnect {
    first: Duration,
    max: Duration,
    attempts: Option<u32>,
}

impl Default for Reconnect {
    /// From 10 ms doubling to 1 s, forever.
    fn default() -> Self {
        Reconnect::new(Duration::from_millis(10), Duration::from_secs(1))
    }
}

impl Reconnect {
    /// The failed attempts in a row after which a historical run fails, when no
    /// [`give_up_after`](Reconnect::give_up_after) was given: with the default backoff,
    /// about 3 seconds of trying.
    pub const HISTORICAL_ATTEMPTS: u32 = 10;

    /// Retries forever, waiting `first`, then twice as long each time up to `max`.
    pub fn new(first: Duration, max: Duration) -> Self {
        Reconnect {
            first,
            max: max.max(first),
            attempts: None,
        }
    }

    /// Fails the run after `n` failed connection attempts in a row (a server absent at
    /// start, or gone for good).
    pub fn give_up_after(mut self, n: u32) -> Self {
        self.attempts = Some(n.max(1));
        self
    }

    /// The failed attempts in a row that fail the run, if any.
    pub fn attempts(&self) -> Option<u32> {
        self.attempts
    }
}

/// A change in a feed's state, ticked on its status series.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FeedStatus {
    /// Connected (the first time, or again after a loss).
    Connected,
    /// The connection was lost; the feed reconnects.
    Disconnected {
        /// Why, as the transport said it.
        reason: String,
    },
    /// A connection attempt failed; the feed waits and tries again.
    Retrying {
        /// Failed attempts in a row so far.
        attempt: u32,
        /// The transport's error.
        error: String,
    },
    /// A message was rejected by the parser and skipped ([`BadMessage::Skip`]).
    Malformed {
        /// The message, as received (cut to 200 characters).
        message: String,
        /// The parser's error.
        error: String,
    },
}

impl std::fmt::Display for FeedStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FeedStatus::Connected => write!(f, "connected"),
            FeedStatus::Disconnected { reason } => write!(f, "disconnected: {reason}"),
            FeedStatus::Retrying { attempt, error } => {
                write!(f, "connection attempt {attempt} failed: {error}")
            }
            FeedStatus::Malformed { message, error } => {
                write!(f, "skipped malformed message {message:?}: {error}")
            }
        }
    }
}

/// Counters of a running feed, shared with its thread.
///
/// ```
/// use tickgraph_adapters::feed::FeedStats;
/// let s = FeedStats::default();
/// assert_eq!((s.messages(), s.malformed(), s.connects()), (0, 0, 0));
/// ```
#[derive(Debug, Default)]
pub struct FeedStats {
    messages: AtomicU64,
    malformed: AtomicU64,
    connects: AtomicU64,
    disconnects: AtomicU64,
}

impl FeedStats {
    /// Messages received, malformed ones included.
    pub fn messages(&self) -> u64 {
        self.messages.load(Ordering::Relaxed)
    }

    /// Messages the parser rejected.
    pub fn malformed(&self) -> u64 {
        self.malformed.load(Ordering::Relaxed)
    }

    /// Successful connections (the first one and every reconnection).
    pub fn connects(&self) -> u64 {
        self.connects.load(Ordering::Relaxed)
    }

    /// Connections lost.
    pub fn disconnects(&self) -> u64 {
        self.disconnects.load(Ordering::Relaxed)
    }
}

/// A live feed in a graph: its data, its status series and its counters.
pub struct LiveFeed<T> {
    /// The parsed messages.
    pub data: Ts<T>,
    /// One tick per [`FeedStatus`] change (non-collapsing).
    pub status: Ts<FeedStatus>,
    /// The feed's counters.
    pub stats: Arc<FeedStats>,
}

/// The feed thread's side of the status series and counters.
#[derive(Clone)]
pub(crate) struct Status {
    name: String,
    tx: PushSender<FeedStatus>,
    stats: Arc<FeedStats>,
    policy: BadMessage,
}

/// What the thread does after a malformed message.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    GoOn,
    Stop,
}

impl Status {
    /// Adds the status source `<name>.status` to `g`.
    pub(crate) fn new(
        g: &Graph,
        name: &str,
        policy: BadMessage,
    ) -> (Status, Ts<FeedStatus>, Arc<FeedStats>) {
        let (tx, rx) = push_channel::<FeedStatus>();
        let ts = rx.source(g, &format!("{name}.status"), PushMode::NonCollapsing);
        let stats = Arc::new(FeedStats::default());
        let status = Status {
            name: name.to_string(),
            tx,
            stats: stats.clone(),
            policy,
        };
        (status, ts, stats)
    }

    /// The feed's name, for error messages.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    // A status push fails only once the run is over, when nobody reads it any more.
    fn report(&self, s: FeedStatus) {
        let _ = self.tx.push(s);
    }

    pub(crate) fn received(&self) {
        self.stats.messages.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn connected(&self) {
        self.stats.connects.fetch_add(1, Ordering::Relaxed);
        self.report(FeedStatus::Connected);
    }

    pub(crate) fn disconnected(&self, reason: impl Into<String>) {
        self.stats.disconnects.fetch_add(1, Ordering::Relaxed);
        self.report(FeedStatus::Disconnected {
            reason: reason.into(),
        });
    }

    /// Counts a rejected message, and reports it or stops the run, per the policy.
    pub(crate) fn malformed(
        &self,
        data: &impl Outlet,
        message: &str,
        error: impl std::fmt::Display,
    ) -> Verdict {
        self.stats.malformed.fetch_add(1, Ordering::Relaxed);
        let message: String = message.chars().take(200).collect();
        match self.policy {
            BadMessage::Skip => {
                self.report(FeedStatus::Malformed {
                    message,
                    error: error.to_string(),
                });
                Verdict::GoOn
            }
            BadMessage::Stop => {
                data.shutdown_with_error(format!(
                    "feed '{}': malformed message {message:?}: {error}",
                    self.name
                ));
                Verdict::Stop
            }
        }
    }
}

/// How a connection's read loop ended.
pub(crate) enum Ended {
    /// The run stopped (or the graph is gone): wait for the next run.
    RunOver,
    /// The connection was lost (the reason): reconnect.
    Lost(String),
}

/// Pushes `value`; `Err(Ended::RunOver)` once the run no longer takes values.
pub(crate) fn push<T: Value + Send>(tx: &PushSender<T>, value: T) -> Result<(), Ended> {
    tx.push(value).map_err(|_| Ended::RunOver)
}

/// A feed thread: one realtime run after another until the graph is dropped; in each run,
/// `connect` with backoff (to `what`, for messages) and `read` the connection until it is
/// lost or the run ends. In a historical run nothing connects (push sources never tick),
/// except for a push-pull source, whose history replays there (with a bounded number of
/// attempts: [`Reconnect::HISTORICAL_ATTEMPTS`]).
///
/// Once `read` says the run is over for the feed ([`Ended::RunOver`]: the run stopped,
/// the feed read all it serves, or it failed the run), the thread waits for the next run:
/// a push-pull source's run goes on (replaying) after its feed failed it, and connecting
/// again would replay from after the failure.
pub(crate) fn serve<C>(
    tx: &impl Outlet,
    status: &Status,
    reconnect: Reconnect,
    what: &str,
    mut connect: impl FnMut() -> Result<C, String>,
    mut read: impl FnMut(C) -> Ended,
) {
    // The run this thread is done with.
    let mut done: Option<u64> = None;
    loop {
        let serving = match tx.wait_for_start(Duration::from_millis(100)) {
            Ok(serving) => serving,
            Err(_) if tx.is_closed() => return,
            // Between runs (the last one's end is still what the sender sees).
            Err(PushError::Stopped) => {
                std::thread::sleep(Duration::from_millis(100));
                continue;
            }
            // Not started yet: wait on.
            Err(_) => continue,
        };
        if serving.number.is_some() && serving.number == done {
            // Until the run ends: polled, as between runs above.
            std::thread::sleep(Duration::from_millis(20));
            continue;
        }
        let attempts = reconnect
            .attempts
            .or((!serving.realtime).then_some(Reconnect::HISTORICAL_ATTEMPTS));
        let mut failures = 0u32;
        let mut backoff = reconnect.first;
        while tx.is_running() {
            match connect() {
                Ok(connection) => {
                    failures = 0;
                    backoff = reconnect.first;
                    status.connected();
                    match read(connection) {
                        Ended::RunOver => {
                            done = serving.number;
                            break;
                        }
                        Ended::Lost(reason) => status.disconnected(reason),
                    }
                }
                Err(e) => {
                    failures += 1;
                    if attempts.is_some_and(|n| failures >= n) {
                        tx.shutdown_with_error(format!(
                            "feed '{}': cannot connect to {what} after {failures} attempts: {e}",
                            status.name()
                        ));
                        done = serving.number;
                        break;
                    }
                    status.report(FeedStatus::Retrying {
                        attempt: failures,
                        error: e,
                    });
                    std::thread::sleep(backoff);
                    backoff = (backoff * 2).min(reconnect.max);
                }
            }
        }
    }
}
