//! The TCP line feed against a real server on a loopback port that the test opens: lines
//! in order, a malformed line skipped and counted (or stopping the run, naming the feed and
//! the line), a reconnection after the server drops the connection, a server that never
//! comes, and the line sink.
#![cfg(feature = "tcp")]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::thread;
use std::time::Duration;
use tickgraph_adapters::feed::{BadMessage, FeedStatus, Reconnect};
use tickgraph_adapters::tcp::{TcpLineSource, tcp_line_sink};
use tickgraph_engine::prelude::*;

fn listener() -> (TcpListener, String) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap().to_string();
    (l, addr)
}

/// An integer, with an optional trailing "é" (a two-byte character) to test that split
/// characters survive.
fn parse(line: &str) -> Result<i64, std::num::ParseIntError> {
    line.trim().trim_end_matches('\u{e9}').trim().parse()
}

#[test]
fn lines_tick_in_order_bad_ones_are_skipped_and_a_dropped_connection_is_resumed() {
    let (l, addr) = listener();
    let server = thread::spawn(move || {
        // First connection: two values and a bad line, then the server hangs up.
        let (mut c, _) = l.accept().unwrap();
        c.write_all(b"1\n2\nnot a number\n").unwrap();
        drop(c);
        // (Then, on the second: a line that is not UTF-8, skipped, and a line whose
        // multi-byte character arrives in two writes, after the feed's read timed out.)
        // The feed comes back: the rest, the last line in two pieces.
        let (mut c, _) = l.accept().unwrap();
        c.write_all(b"3\r\n\xff\xfe\n").unwrap();
        c.write_all("4 \u{e9}".as_bytes().split_last().unwrap().1)
            .unwrap();
        c.flush().unwrap();
        thread::sleep(Duration::from_millis(120));
        c.write_all(&[*"\u{e9}".as_bytes().last().unwrap(), b'\n'])
            .unwrap();
        thread::sleep(Duration::from_millis(500));
    });
    let g = Graph::new();
    let feed = TcpLineSource::new(addr).source(&g, "feed", PushMode::NonCollapsing, parse);
    g.output("x", &feed.data);
    g.output("status", &feed.status);
    stop_engine(count(&feed.data).filter(|n| *n == 4));
    let r = g.run(RunConfig::realtime_from_now(secs(5))).unwrap();
    assert_eq!(r.values::<i64>("x").unwrap(), vec![1, 2, 3, 4]);
    assert_eq!(feed.stats.messages(), 6);
    assert_eq!(feed.stats.malformed(), 2);
    assert_eq!(feed.stats.connects(), 2);
    assert_eq!(feed.stats.disconnects(), 1);
    // The status series tells the story: connected, a line skipped, lost, connected again.
    let status = r.values::<FeedStatus>("status").unwrap();
    assert!(
        matches!(
            status.as_slice(),
            [
                FeedStatus::Connected,
                FeedStatus::Malformed { message, .. },
                FeedStatus::Disconnected { .. },
                FeedStatus::Connected,
                FeedStatus::Malformed { .. },
            ] if message == "not a number"
        ),
        "{status:?}"
    );
    server.join().unwrap();
}

#[test]
fn a_malformed_line_can_stop_the_run_naming_the_feed_and_the_line() {
    let (l, addr) = listener();
    let server = thread::spawn(move || {
        let (mut c, _) = l.accept().unwrap();
        c.write_all(b"1\nx7\n2\n").unwrap();
        thread::sleep(Duration::from_millis(500));
    });
    let g = Graph::new();
    let feed = TcpLineSource::new(addr)
        .bad_messages(BadMessage::Stop)
        .source(&g, "quotes", PushMode::NonCollapsing, parse);
    g.output("x", &feed.data);
    let err = g.run(RunConfig::realtime_from_now(secs(5))).unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(&err, Error::Adapter { adapter, .. } if adapter == "quotes"),
        "{text}"
    );
    assert!(text.contains("\"x7\""), "{text}");
    server.join().unwrap();
}

#[test]
fn a_server_that_never_comes_fails_the_run_when_asked_to() {
    let (l, addr) = listener();
    drop(l); // nobody listens there now
    let g = Graph::new();
    let feed = TcpLineSource::new(addr)
        .reconnect(
            Reconnect::new(Duration::from_millis(5), Duration::from_millis(20)).give_up_after(3),
        )
        .source(&g, "feed", PushMode::LastValue, parse);
    g.output("x", &feed.data);
    g.output("status", &feed.status);
    let err = g.run(RunConfig::realtime_from_now(secs(5))).unwrap_err();
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
}

#[test]
fn the_line_sink_writes_one_line_per_tick() {
    let (l, addr) = listener();
    let server = thread::spawn(move || {
        let (c, _) = l.accept().unwrap();
        BufReader::new(c)
            .lines()
            .map(|l| l.unwrap())
            .collect::<Vec<_>>()
    });
    let g = Graph::new();
    let st = Time::ymd_hms(2020, 1, 1, 0, 0, 0);
    let x = curve(&g, vec![(st, 1.5f64), (st + secs(1), 2.5)]);
    tcp_line_sink(&x, addr);
    g.run(RunConfig::historical(st, st + secs(5))).unwrap();
    drop(g);
    drop(x);
    assert_eq!(server.join().unwrap(), vec!["1.5", "2.5"]);
}
