//! The Redis Streams feed and sink against a real `redis-server` that each test starts on
//! a free loopback port (no persistence) and kills when it ends: history then live with
//! nothing lost or doubled at the seam, a reconnection after the server drops the feed's
//! connection, malformed entries (skipped, or stopping the replay at once), a key that is
//! not a stream, a server that never comes (in a historical run too), the sink read back, and the
//! acceptance test of issue 14: the same trades through Redis (replayed as history) and
//! through Parquet (a historical run) give identical VWAPs.
#![cfg(all(feature = "redis", feature = "parquet"))]

use redis::Commands;
use std::cell::RefCell;
use std::collections::HashMap;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::rc::Rc;
use std::thread;
use std::time::{Duration, Instant};
use tickgraph_adapters::feed::{BadMessage, FeedStatus, Reconnect};
use tickgraph_adapters::parquet::{ParquetReader, ParquetWriter};
use tickgraph_adapters::redis::{
    Entry, EntryId, FieldError, RedisStreamSink, RedisStreamSource, StartAt,
};
use tickgraph_engine::prelude::*;
use tickgraph_macros::{Record, node};

/// A `redis-server` on a free loopback port, killed on drop.
struct Server {
    port: u16,
    _child: Reaped,
}

/// A child process, killed and waited for when dropped (a failed start included).
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Server {
    fn start() -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        Server {
            port,
            _child: Server::spawn(port),
        }
    }

    fn spawn(port: u16) -> Reaped {
        let child = Reaped(
            Command::new("redis-server")
                .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
                .args(["--save", "", "--appendonly", "no"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("redis-server must be installed (.ci/run installs it)"),
        );
        let client = redis::Client::open(format!("redis://127.0.0.1:{port}")).unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let ping = client
                .get_connection_with_timeout(Duration::from_millis(200))
                .and_then(|mut c| redis::cmd("PING").query::<String>(&mut c));
            if ping.is_ok() {
                return child;
            }
            assert!(
                Instant::now() < deadline,
                "redis-server did not answer on port {port}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    fn con(&self) -> redis::Connection {
        redis::Client::open(self.url())
            .unwrap()
            .get_connection()
            .unwrap()
    }
}

fn xadd(con: &mut redis::Connection, stream: &str, id: &str, fields: &[(&str, String)]) -> String {
    con.xadd(stream, id, fields).unwrap()
}

fn n_field(e: &Entry) -> Result<i64, FieldError> {
    e.parse("n")
}

#[node(crate = "tickgraph_engine")]
fn phase(x: Ts<i64>) -> Ts<bool> {
    if ticked!(x) {
        return in_realtime!();
    }
}

/// Spec 2.3 (push-pull, csp's Kafka replay): entries added before the run replay at their
/// IDs' times in the simulated past, the rest tick live; a writer that keeps adding through
/// the handoff loses nothing and doubles nothing.
#[test]
fn history_then_live_with_no_gap_or_duplicate_at_the_seam() {
    let server = Server::start();
    let mut con = server.con();
    let n = 300i64;
    for k in 1..=20 {
        xadd(&mut con, "s", "*", &[("n", k.to_string())]);
    }
    let writer = thread::spawn(move || {
        // One entry a millisecond, before, during and after the feed's replay.
        for k in 21..=n {
            xadd(&mut con, "s", "*", &[("n", k.to_string())]);
            thread::sleep(Duration::from_millis(1));
        }
    });
    let g = Graph::new();
    let feed = RedisStreamSource::new(server.url(), "s")
        .batch_size(7)
        .source(&g, "feed", PushMode::NonCollapsing, n_field);
    g.output("x", &feed.data);
    g.output("live", phase(feed.data.clone()));
    stop_engine(count(&feed.data).filter(move |c| *c == n as u64));
    let start = Time::now() - secs(5);
    let r = g
        .run(RunConfig::realtime(start, Time::now() + secs(30)))
        .unwrap();
    writer.join().unwrap();
    assert_eq!(
        r.values::<i64>("x").unwrap(),
        (1..=n).collect::<Vec<_>>(),
        "every entry once, in order"
    );
    let live = r.values::<bool>("live").unwrap();
    assert!(!live[0], "the first entries replay as history");
    assert!(live[n as usize - 1], "the last ones tick live");
    let times = r.times("x").unwrap();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(feed.stats.messages(), n as u64);
}

/// The server drops the feed's connection (`CLIENT KILL`, the data kept) and entries are
/// added in the same transaction, so that they are in the stream only once the feed is
/// away: it reconnects and reads on from the last ID it saw, each entry exactly once, in
/// order (resuming at the stream's end would lose them; starting over would double the
/// ones seen before).
#[test]
fn a_dropped_connection_resumes_by_id_with_no_gap_or_duplicate() {
    let server = Server::start();
    let g = Graph::new();
    let feed = RedisStreamSource::new(server.url(), "s")
        .start_at(StartAt::Beginning)
        .reconnect(Reconnect::new(
            Duration::from_millis(20),
            Duration::from_millis(200),
        ))
        .source(&g, "feed", PushMode::NonCollapsing, n_field);
    g.output("x", &feed.data);
    g.output("status", &feed.status);
    stop_engine(count(&feed.data).filter(|c| *c == 6));
    let stats = feed.stats.clone();
    let mut con = server.con();
    xadd(&mut con, "s", "*", &[("n", "1".into())]);
    let chaos = thread::spawn(move || {
        let wait_for = |what: &dyn Fn() -> bool| {
            let deadline = Instant::now() + Duration::from_secs(20);
            while !what() {
                assert!(Instant::now() < deadline);
                thread::sleep(Duration::from_millis(5));
            }
        };
        wait_for(&|| stats.connects() == 1 && stats.messages() == 1);
        xadd(&mut con, "s", "*", &[("n", "2".into())]);
        wait_for(&|| stats.messages() == 2);
        // The feed is live, in XREAD BLOCK: kill it (not this connection), then add.
        let (killed, _, _): (i64, String, String) = redis::pipe()
            .atomic()
            .cmd("CLIENT")
            .arg("KILL")
            .arg("TYPE")
            .arg("normal")
            .cmd("XADD")
            .arg("s")
            .arg("*")
            .arg("n")
            .arg("3")
            .cmd("XADD")
            .arg("s")
            .arg("*")
            .arg("n")
            .arg("4")
            .query(&mut con)
            .unwrap();
        assert!(killed >= 1, "the feed's connection was killed");
        wait_for(&|| stats.connects() == 2);
        xadd(&mut con, "s", "*", &[("n", "5".into())]);
        xadd(&mut con, "s", "*", &[("n", "6".into())]);
    });
    let start = Time::now() - secs(1);
    let r = g
        .run(RunConfig::realtime(start, Time::now() + secs(30)))
        .unwrap();
    chaos.join().unwrap();
    assert_eq!(r.values::<i64>("x").unwrap(), vec![1, 2, 3, 4, 5, 6]);
    assert_eq!(feed.stats.disconnects(), 1);
    assert_eq!(feed.stats.connects(), 2);
    assert_eq!(feed.stats.messages(), 6);
    let status = r.values::<FeedStatus>("status").unwrap();
    let lost = status
        .iter()
        .position(|s| matches!(s, FeedStatus::Disconnected { .. }))
        .expect("the loss is reported");
    assert!(status[..lost].contains(&FeedStatus::Connected));
    assert!(
        status[lost..].contains(&FeedStatus::Connected),
        "{status:?}"
    );
}

/// Runs `f` on a thread of its own and waits at most 30 s for it: a run that hangs fails
/// the test instead of hanging it.
fn bounded<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
    let (done, result) = std::sync::mpsc::channel();
    thread::spawn(move || {
        let _ = done.send(f());
    });
    result
        .recv_timeout(Duration::from_secs(30))
        .expect("the run hangs")
}

/// `BadMessage::Stop` during a historical replay: the run fails, no entry after the bad
/// one ticks, and the feed does not connect again to replay the rest.
#[test]
fn a_bad_entry_stops_the_replay_at_once() {
    let server = Server::start();
    let mut con = server.con();
    xadd(&mut con, "s", "1000-1", &[("n", "1".into())]);
    xadd(&mut con, "s", "2000-1", &[("n", "oops".into())]);
    for k in 3..=300i64 {
        xadd(
            &mut con,
            "s",
            &format!("{}-1", 2000 + k),
            &[("n", k.to_string())],
        );
    }
    let g = Graph::new();
    let feed = RedisStreamSource::new(server.url(), "s")
        .start_at(StartAt::Beginning)
        .bad_messages(BadMessage::Stop)
        .source(&g, "quotes", PushMode::NonCollapsing, n_field);
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    g.output(
        "x",
        feed.data.apply(move |v| {
            log.lock().unwrap().push(*v);
            *v
        }),
    );
    let e = g
        .run(RunConfig::historical(Time::EPOCH, Time::EPOCH + secs(10)))
        .unwrap_err();
    assert!(
        matches!(&e, Error::Adapter { adapter, .. } if adapter == "quotes"),
        "{e}"
    );
    assert!(e.to_string().contains("2000-1 n=oops"), "{e}");
    let seen = seen.lock().unwrap().clone();
    assert!(
        seen.iter().all(|v| *v == 1),
        "ticks after the stop: {seen:?}"
    );
    // The feed thread waits for the next run instead of replaying on.
    thread::sleep(Duration::from_millis(300));
    assert_eq!(feed.stats.connects(), 1);
    assert!(feed.stats.messages() <= 2, "{}", feed.stats.messages());
}

/// A key that is not a stream fails the run naming the feed and the stream, once: the
/// feed does not loop connecting and failing again (historical and realtime runs).
#[test]
fn a_key_that_is_not_a_stream_fails_the_run_once() {
    let server = Server::start();
    let mut con = server.con();
    let _: () = con.set("s", "not a stream").unwrap();
    for config in [
        RunConfig::historical(Time::EPOCH, Time::EPOCH + secs(10)),
        RunConfig::realtime_from_now(secs(30)),
    ] {
        let g = Graph::new();
        let feed = RedisStreamSource::new(server.url(), "s").source(
            &g,
            "feed",
            PushMode::NonCollapsing,
            n_field,
        );
        g.output("x", &feed.data);
        let e = g.run(config).unwrap_err();
        assert!(
            matches!(&e, Error::Adapter { adapter, .. } if adapter == "feed"),
            "{e}"
        );
        assert!(e.to_string().contains("stream 's'"), "{e}");
        thread::sleep(Duration::from_millis(300));
        assert_eq!(feed.stats.connects(), 1, "connected again after failing");
    }
}

/// A historical run against no server, with the default `Reconnect` (forever in realtime):
/// it fails after `Reconnect::HISTORICAL_ATTEMPTS` attempts instead of hanging.
#[test]
fn a_historical_run_with_no_server_fails_instead_of_hanging() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("redis://127.0.0.1:{port}");
    let text = bounded(move || {
        let g = Graph::new();
        let feed =
            RedisStreamSource::new(url, "s").source(&g, "feed", PushMode::NonCollapsing, n_field);
        g.output("x", &feed.data);
        match g.run(RunConfig::historical(Time::EPOCH, Time::EPOCH + secs(10))) {
            Err(e @ Error::Adapter { .. }) => Ok(e.to_string()),
            other => Err(format!("{:?}", other.map(|_| ()))),
        }
    })
    .unwrap();
    let attempts = format!("{} attempts", Reconnect::HISTORICAL_ATTEMPTS);
    assert!(
        text.contains("cannot connect to") && text.contains(&attempts),
        "{text}"
    );
}

/// A malformed entry is counted, reported on the status series and skipped; with
/// `BadMessage::Stop` it fails the run, naming the feed and the entry.
#[test]
fn malformed_entries_are_skipped_or_stop_the_run() {
    let server = Server::start();
    let mut con = server.con();
    for (id, v) in [("1000-1", "1"), ("2000-1", "oops"), ("3000-1", "3")] {
        xadd(&mut con, "s", id, &[("n", v.to_string())]);
    }
    let st = Time::EPOCH;
    let g = Graph::new();
    let feed = RedisStreamSource::new(server.url(), "s").source(
        &g,
        "quotes",
        PushMode::NonCollapsing,
        n_field,
    );
    g.output("x", &feed.data);
    g.output("status", &feed.status);
    // Until a little after the replay: the status series ticks in the realtime part.
    let r = g
        .run(RunConfig::realtime(st, Time::now() + millis(300)))
        .unwrap();
    assert_eq!(
        r.series::<i64>("x").unwrap(),
        &[(st + secs(1), 1), (st + secs(3), 3)]
    );
    assert_eq!(feed.stats.malformed(), 1);
    let status = r.values::<FeedStatus>("status").unwrap();
    assert!(
        status.iter().any(|s| matches!(s,
            FeedStatus::Malformed { message, error }
                if message == "2000-1 n=oops" && error.contains("oops"))),
        "{status:?}"
    );

    let g = Graph::new();
    let feed = RedisStreamSource::new(server.url(), "s")
        .bad_messages(BadMessage::Stop)
        .source(&g, "quotes", PushMode::NonCollapsing, n_field);
    g.output("x", &feed.data);
    let e = g.run(RunConfig::realtime_from(st)).unwrap_err();
    assert!(
        matches!(&e, Error::Adapter { adapter, .. } if adapter == "quotes"),
        "{e}"
    );
    let text = e.to_string();
    assert!(
        text.contains("feed 'quotes'") && text.contains("2000-1 n=oops"),
        "{text}"
    );
}

/// In a historical run the feed replays the entries of the run's range and nothing more,
/// each at its ID's time (entries before the start at the start, with
/// `StartAt::Beginning`), run after run of one graph.
#[test]
fn a_historical_run_replays_the_range_of_the_stream() {
    let server = Server::start();
    let mut con = server.con();
    for (id, n) in [
        ("1000-1", 1),
        ("2000-1", 2),
        ("3000-1", 3),
        ("3000-2", 4),
        ("4000-1", 5),
    ] {
        xadd(&mut con, "s", id, &[("n", n.to_string())]);
    }
    let at = |ms: i64| Time::EPOCH + millis(ms);
    let config = RunConfig::historical(at(1500), at(3000));
    let g = Graph::new();
    let feed = RedisStreamSource::new(server.url(), "s").source(
        &g,
        "feed",
        PushMode::NonCollapsing,
        n_field,
    );
    g.output("x", &feed.data);
    let expected = vec![(at(2000), 2), (at(3000), 3), (at(3000), 4)];
    for _ in 0..2 {
        let r = g.run(config.clone()).unwrap();
        assert_eq!(r.series::<i64>("x").unwrap(), expected.as_slice());
    }

    let g = Graph::new();
    let feed = RedisStreamSource::new(server.url(), "s")
        .start_at(StartAt::Beginning)
        .source(&g, "feed", PushMode::LastValue, n_field);
    g.output("x", &feed.data);
    let r = g.run(config).unwrap();
    assert_eq!(
        r.series::<i64>("x").unwrap(),
        &[(at(1500), 1), (at(2000), 2), (at(3000), 4)]
    );
}

/// No server at all: after `give_up_after(3)` failed attempts the run fails, naming the
/// feed and the address.
#[test]
fn an_absent_server_fails_the_run_clearly() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("redis://127.0.0.1:{port}");
    let g = Graph::new();
    let feed = RedisStreamSource::new(url.clone(), "s")
        .reconnect(
            Reconnect::new(Duration::from_millis(10), Duration::from_millis(20)).give_up_after(3),
        )
        .source(&g, "feed", PushMode::NonCollapsing, n_field);
    g.output("x", &feed.data);
    let e = g.run(RunConfig::realtime_from_now(secs(30))).unwrap_err();
    assert!(
        matches!(&e, Error::Adapter { adapter, .. } if adapter == "feed"),
        "{e}"
    );
    let text = e.to_string();
    assert!(
        text.contains("cannot connect to") && text.contains(&url) && text.contains("3 attempts"),
        "{text}"
    );
}

/// The sink: one XADD per tick with the value's fields, the engine times as IDs, and
/// MAXLEN keeping the last entries.
#[test]
fn the_sink_writes_entries_that_read_back() {
    let server = Server::start();
    let g = Graph::new();
    let st = Time::EPOCH + secs(1_000);
    let x = curve(
        &g,
        (1..=5)
            .map(|k| (st + millis(10 * k), k))
            .collect::<Vec<(Time, i64)>>(),
    );
    RedisStreamSink::new(server.url(), "out")
        .ids_from_engine_time()
        .max_len(3)
        .sink(&x, |v: &i64, f| {
            f.add("n", v).add("square", v * v);
        });
    g.run(RunConfig::historical(st, st + secs(1))).unwrap();
    let mut con = server.con();
    let got: redis::streams::StreamRangeReply = con.xrange_all("out").unwrap();
    let got: Vec<(String, String, String)> = got
        .ids
        .iter()
        .map(|e| {
            (
                e.id.clone(),
                e.get::<String>("n").unwrap(),
                e.get::<String>("square").unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String)> = (3..=5)
        .map(|k| {
            let id = EntryId::at(st + millis(10 * k)).to_string();
            (id, k.to_string(), (k * k).to_string())
        })
        .collect();
    assert_eq!(got, expected);

    // A sink whose server is not there fails the run, naming the sink.
    drop(server);
    let g = Graph::new();
    let x = curve(&g, vec![(st, 1i64)]);
    RedisStreamSink::new("redis://127.0.0.1:1", "out").sink(&x, |v: &i64, f| {
        f.add("n", v);
    });
    let e = g.run(RunConfig::historical(st, st + secs(1))).unwrap_err();
    assert!(
        matches!(&e, Error::Node { node, .. } if node == "redis_stream_sink"),
        "{e}"
    );
}

#[derive(Clone, Debug, PartialEq, Record)]
#[record(crate = "tickgraph_adapters")]
struct Trade {
    sym: String,
    px: f64,
    qty: i64,
}

fn trade(e: &Entry) -> Result<Trade, FieldError> {
    Ok(Trade {
        sym: e.str("sym")?.to_string(),
        px: e.parse("px")?,
        qty: e.parse("qty")?,
    })
}

/// The graph under test: a running VWAP per symbol, ticking `(symbol, vwap)`.
fn vwap(trades: &Ts<Trade>) -> Ts<(String, f64)> {
    let books: Rc<RefCell<HashMap<String, (f64, f64)>>> = Rc::default();
    trades.apply(move |t| {
        let mut books = books.borrow_mut();
        let (notional, volume) = books.entry(t.sym.clone()).or_default();
        *notional += t.px * t.qty as f64;
        *volume += t.qty as f64;
        (t.sym.clone(), *notional / *volume)
    })
}

/// A file in the temporary folder, removed on drop.
struct TempFile(std::path::PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Issue 14's acceptance: the same trades with the same timestamps, once through a Redis
/// stream (added with their times as IDs, replayed as history by a realtime run started in
/// the past) and once from Parquet in a historical run, through the same graph: the two
/// outputs are identical, times and values.
#[test]
fn redis_replay_and_parquet_give_identical_vwaps() {
    let base = Time::now() - secs(60);
    let base_ms = base.nanos() / 1_000_000;
    let base = Time::from_nanos(base_ms * 1_000_000);
    // Deterministic trades over three symbols, several in one millisecond now and then.
    let mut trades = Vec::new();
    let mut ms = 0i64;
    for k in 0..400i64 {
        if k % 5 != 0 {
            ms += 1 + (k * 7) % 13;
        }
        let sym = ["A", "B", "C"][(k % 3) as usize];
        let t = Trade {
            sym: sym.into(),
            px: 100.0 + ((k * 37) % 101) as f64 / 8.0,
            qty: 1 + (k * 11) % 50,
        };
        trades.push((base + millis(ms), t));
    }
    let end = trades.last().unwrap().0 + secs(1);

    // The Parquet file, written by a historical run.
    let path = TempFile(std::env::temp_dir().join(format!(
        "tickgraph-redis-parity-{}.parquet",
        std::process::id()
    )));
    let g = Graph::new();
    let x = curve(&g, trades.clone());
    let mut w = ParquetWriter::new(&g, path.0.clone()).timestamp_column("ts");
    w.publish_record(&x);
    w.finish();
    g.run(RunConfig::historical(base, end)).unwrap();

    // The stream: each trade with its time as its ID.
    let server = Server::start();
    let mut con = server.con();
    let mut last = EntryId::default();
    for (t, tr) in &trades {
        let mut id = EntryId::at(*t);
        if id <= last {
            id = last.next();
        }
        last = id;
        let fields = [
            ("sym", tr.sym.clone()),
            ("px", tr.px.to_string()),
            ("qty", tr.qty.to_string()),
        ];
        xadd(&mut con, "trades", &id.to_string(), &fields);
    }

    let g = Graph::new();
    let feed = RedisStreamSource::new(server.url(), "trades").source(
        &g,
        "trades",
        PushMode::NonCollapsing,
        trade,
    );
    g.output("vwap", vwap(&feed.data));
    let from_redis = g
        .run(RunConfig::realtime(base, Time::now() + millis(300)))
        .unwrap();

    let g = Graph::new();
    let from_file = ParquetReader::new(&g, path.0.clone())
        .time_column("ts")
        .subscribe_all::<Trade>();
    g.output("vwap", vwap(&from_file));
    let from_parquet = g.run(RunConfig::historical(base, end)).unwrap();

    let a = from_redis.series::<(String, f64)>("vwap").unwrap();
    let b = from_parquet.series::<(String, f64)>("vwap").unwrap();
    assert_eq!(a.len(), trades.len());
    assert_eq!(a, b);
    assert_eq!(feed.stats.messages(), trades.len() as u64);
}
