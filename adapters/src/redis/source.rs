//! The Redis Streams source: a push-pull feed that replays a stream from an ID or a time
//! (XRANGE, page by page, up to the present), then follows it live (XREAD BLOCK from the
//! last ID seen), so that nothing is lost or doubled at the seam or across a reconnection.

use super::entry::{self, Entry, EntryId};
use crate::feed::{self, BadMessage, Ended, LiveFeed, Reconnect, Status, Verdict};
use redis::{Client, Connection, RedisError, Value};
use std::time::Duration;
use tickgraph_engine::adapter::{
    PushError, PushMode, PushPullSender, ReplayRun, push_pull_channel,
};
use tickgraph_engine::prelude::{Graph, Time, Value as TsValue};

/// Where a [`RedisStreamSource`] starts reading, in each run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StartAt {
    /// At the run's start time (the default): the entries since then replay as history.
    #[default]
    RunStart,
    /// At the first entry at or after this time (entries before the run's start tick at
    /// the start, as every push-pull source's history).
    Time(Time),
    /// At this entry ID, inclusive.
    Id(EntryId),
    /// After this entry ID: where a consumer that saw it resumes.
    After(EntryId),
    /// At the stream's first entry.
    Beginning,
}

impl StartAt {
    fn first_id(self, run: &ReplayRun) -> EntryId {
        match self {
            StartAt::RunStart => EntryId::at(run.start),
            StartAt::Time(t) => EntryId::at(t),
            StartAt::Id(id) => id,
            StartAt::After(id) => id.next(),
            StartAt::Beginning => EntryId::new(0, 0),
        }
    }
}

/// A Redis Streams feed: how it connects, where it starts, and how it recovers.
///
/// ```
/// use tickgraph_adapters::feed::{BadMessage, Reconnect};
/// use tickgraph_adapters::redis::{RedisStreamSource, StartAt};
/// use tickgraph_engine::prelude::*;
/// use std::time::Duration;
/// let feed = RedisStreamSource::new("redis://127.0.0.1:6379", "trades")
///     .start_at(StartAt::Time(Time::EPOCH + secs(1_700_000_000)))
///     .bad_messages(BadMessage::Stop)
///     .reconnect(Reconnect::default().give_up_after(20))
///     .batch_size(500);
/// # drop(feed);
/// ```
#[derive(Clone, Debug)]
pub struct RedisStreamSource {
    url: String,
    stream: String,
    start: StartAt,
    bad_messages: BadMessage,
    reconnect: Reconnect,
    batch: usize,
    block: Duration,
}

impl RedisStreamSource {
    /// A feed of the stream `stream` on the server at `url` (`redis://host:port[/db]`):
    /// from the run's start, malformed entries skipped, reconnection with the default
    /// backoff (forever in a realtime run; in a historical run, which would hang waiting
    /// for the history, [`Reconnect::HISTORICAL_ATTEMPTS`] failed attempts in a row fail
    /// the run), pages of 1000 entries.
    pub fn new(url: impl Into<String>, stream: impl Into<String>) -> Self {
        RedisStreamSource {
            url: url.into(),
            stream: stream.into(),
            start: StartAt::RunStart,
            bad_messages: BadMessage::Skip,
            reconnect: Reconnect::default(),
            batch: 1000,
            block: Duration::from_millis(50),
        }
    }

    /// Where each run starts reading.
    pub fn start_at(mut self, start: StartAt) -> Self {
        self.start = start;
        self
    }

    /// What to do with an entry the parse function rejects.
    pub fn bad_messages(mut self, policy: BadMessage) -> Self {
        self.bad_messages = policy;
        self
    }

    /// How to reconnect, and when to give up (in a historical run, a `Reconnect` without
    /// [`give_up_after`](Reconnect::give_up_after) gives up after
    /// [`Reconnect::HISTORICAL_ATTEMPTS`]).
    pub fn reconnect(mut self, reconnect: Reconnect) -> Self {
        self.reconnect = reconnect;
        self
    }

    /// Entries asked for per XRANGE or XREAD (at least 1).
    pub fn batch_size(mut self, n: usize) -> Self {
        self.batch = n.max(1);
        self
    }

    /// Adds the feed to `g` as a push-pull source named `name` (and its status series,
    /// `<name>.status`): each entry is parsed by `parse` and ticks with `mode`.
    ///
    /// A thread made here serves each run of `g`: it connects, replays the stream from
    /// [`StartAt`] up to the present as history (each entry at its ID's time), then, in a
    /// realtime run, follows it live (each entry at the wall clock); in a historical run
    /// it replays the entries up to the run's end and nothing more. After a lost
    /// connection it reconnects and goes on after the last entry it saw. It ends when `g`
    /// is dropped. An invalid `url` fails the run before it starts, naming the feed.
    ///
    /// ```no_run
    /// use tickgraph_engine::prelude::*;
    /// use tickgraph_adapters::redis::{Entry, FieldError, RedisStreamSource};
    ///
    /// let g = Graph::new();
    /// let feed = RedisStreamSource::new("redis://127.0.0.1:6379", "prices").source(
    ///     &g,
    ///     "prices",
    ///     PushMode::NonCollapsing,
    ///     |e: &Entry| e.parse::<f64>("px"),
    /// );
    /// print("price", &feed.data);
    /// // Replays the last hour, then goes on live for a minute.
    /// let start = Time::now() - secs(3600);
    /// g.run(RunConfig::realtime(start, Time::now() + secs(60))).unwrap();
    /// ```
    pub fn source<T, E, P>(self, g: &Graph, name: &str, mode: PushMode, parse: P) -> LiveFeed<T>
    where
        T: TsValue + Send,
        E: std::fmt::Display,
        P: Fn(&Entry) -> Result<T, E> + Send + 'static,
    {
        let (tx, rx) = push_pull_channel::<T>();
        let data = rx.source(g, name, mode);
        let (status, status_ts, stats) = Status::new(g, name, self.bad_messages);
        let client = match Client::open(self.url.as_str()) {
            Ok(c) => c,
            Err(e) => {
                g.invalid_argument(name, format!("bad Redis URL {:?}: {e}", self.url));
                return LiveFeed {
                    data,
                    status: status_ts,
                    stats,
                };
            }
        };
        let mut reader = Reader {
            tx,
            status,
            parse,
            config: self,
            run: 0,
            next: EntryId::default(),
            live: false,
        };
        let _ = std::thread::Builder::new()
            .name(format!("redis feed {name}"))
            .spawn(move || {
                let reconnect = reader.config.reconnect;
                let url = reader.config.url.clone();
                let timeout = reader.config.block + Duration::from_secs(2);
                let tx = reader.tx.clone();
                let status = reader.status.clone();
                feed::serve(
                    &tx,
                    &status,
                    reconnect,
                    &url,
                    || {
                        let con = client
                            .get_connection_with_timeout(Duration::from_secs(1))
                            .map_err(|e| e.to_string())?;
                        con.set_read_timeout(Some(timeout))
                            .map_err(|e| e.to_string())?;
                        Ok(con)
                    },
                    |con| reader.read(con),
                );
            });
        LiveFeed {
            data,
            status: status_ts,
            stats,
        }
    }
}

/// The reading side of a Redis feed's thread, and where it is in the stream.
struct Reader<T, P> {
    tx: PushPullSender<T>,
    status: Status,
    parse: P,
    config: RedisStreamSource,
    /// The run being served ([`ReplayRun::number`]).
    run: u64,
    /// The first ID not seen yet.
    next: EntryId,
    /// The replay of this run is over (a realtime run's is live).
    live: bool,
}

impl<T, E, P> Reader<T, P>
where
    T: TsValue + Send,
    E: std::fmt::Display,
    P: Fn(&Entry) -> Result<T, E>,
{
    fn read(&mut self, mut con: Connection) -> Ended {
        let run = match self.tx.run() {
            Some(run) if run.number == self.run => run,
            // A new run: this sender serves it from now on (its pushes go to it only, so a
            // page of the last run can never reach it), and its replay starts over.
            _ => match self.tx.wait_for_run(Duration::ZERO) {
                Ok(run) => {
                    self.run = run.number;
                    self.next = self.config.start.first_id(&run);
                    self.live = false;
                    run
                }
                Err(_) => return Ended::RunOver,
            },
        };
        if self.live && !run.realtime {
            // A historical run's replay is done: nothing more to read in it.
            return Ended::RunOver;
        }
        if !self.live {
            if let Err(end) = self.replay(&mut con, &run) {
                return end;
            }
            if let Err(e) = self.tx.replay_complete() {
                return self.refused(e);
            }
            self.live = true;
            if !run.realtime {
                return Ended::RunOver;
            }
        }
        loop {
            if !self.tx.is_running() {
                return Ended::RunOver;
            }
            let reply = redis::cmd("XREAD")
                .arg("COUNT")
                .arg(self.config.batch)
                .arg("BLOCK")
                .arg(self.config.block.as_millis().max(1) as u64)
                .arg("STREAMS")
                .arg(&self.config.stream)
                .arg(self.next.prev().to_string())
                .query::<Value>(&mut con);
            let entries = match reply.map(entry::read_entries) {
                Ok(Ok(entries)) => entries,
                Ok(Err(e)) => return self.fatal(&e),
                Err(e) => return self.redis_error(e),
            };
            for e in entries {
                if let Err(end) = self.take(&e, |tx, v| tx.push(v)) {
                    return end;
                }
            }
        }
    }

    /// The history: XRANGE pages from `next` up to the present (a realtime run) or the
    /// run's end (a historical one), until a page comes back short.
    fn replay(&mut self, con: &mut Connection, run: &ReplayRun) -> Result<(), Ended> {
        let end = if run.realtime || run.end.nanos() == i64::MAX {
            "+".to_string()
        } else {
            // The milliseconds of the end: every sequence number in them.
            (run.end.nanos().max(0) / 1_000_000).to_string()
        };
        loop {
            let reply = redis::cmd("XRANGE")
                .arg(&self.config.stream)
                .arg(self.next.to_string())
                .arg(&end)
                .arg("COUNT")
                .arg(self.config.batch)
                .query::<Value>(con);
            let entries = match reply.map(entry::entries) {
                Ok(Ok(entries)) => entries,
                Ok(Err(e)) => return Err(self.fatal(&e)),
                Err(e) => return Err(self.redis_error(e)),
            };
            let short = entries.len() < self.config.batch;
            for e in &entries {
                self.take(e, |tx, v| tx.push_history(e.time(), v))?;
            }
            if short {
                return Ok(());
            }
        }
    }

    /// Parses one entry and pushes it; the position moves past it either way.
    fn take(
        &mut self,
        e: &Entry,
        push: impl FnOnce(&PushPullSender<T>, T) -> Result<(), PushError>,
    ) -> Result<(), Ended> {
        self.next = e.id().next();
        self.status.received();
        match (self.parse)(e) {
            Ok(v) => push(&self.tx, v).map_err(|err| self.refused(err)),
            Err(err) => match self.status.malformed(&self.tx, &e.to_string(), err) {
                Verdict::GoOn => Ok(()),
                Verdict::Stop => Err(Ended::RunOver),
            },
        }
    }

    /// A push refused: the run is over, or (never from a stream's ordered IDs) the
    /// adapter broke a push-pull rule, which fails the run.
    fn refused(&self, e: PushError) -> Ended {
        match e {
            PushError::Stopped | PushError::NotStarted | PushError::Timeout => Ended::RunOver,
            e => self.fatal(&e.to_string()),
        }
    }

    /// A transport failure is a lost connection; any other error (a key that is not a
    /// stream, say) fails the run, naming the feed.
    fn redis_error(&self, e: RedisError) -> Ended {
        if e.is_io_error() || e.is_connection_dropped() || e.is_timeout() {
            Ended::Lost(e.to_string())
        } else {
            self.fatal(&e.to_string())
        }
    }

    fn fatal(&self, error: &str) -> Ended {
        self.tx.shutdown_with_error(format!(
            "feed '{}': stream '{}' at {}: {error}",
            self.status.name(),
            self.config.stream,
            self.config.url
        ));
        Ended::RunOver
    }
}
