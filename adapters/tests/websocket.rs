//! The WebSocket feed against a real WebSocket server (tungstenite's server side) that each
//! test runs in a thread on a free loopback port: JSON messages in order with the
//! subscription sent and pings answered, malformed ones skipped and counted (or stopping the
//! run, naming the feed and the message), reconnection and resubscription after the server
//! drops the connection, a server that never comes, a flood of bad messages that must not
//! hide the run's end, URLs that are not ws://, and the JSON sink read back by the server.
#![cfg(feature = "websocket")]

use serde::{Deserialize, Serialize};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};
use tickgraph_adapters::feed::{BadMessage, FeedStatus, Reconnect};
use tickgraph_adapters::websocket::{WebSocketSource, websocket_json_sink};
use tickgraph_engine::prelude::*;
use tungstenite::protocol::CloseFrame;
use tungstenite::protocol::frame::coding::CloseCode;
use tungstenite::{Message, WebSocket};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Trade {
    symbol: String,
    price: f64,
    qty: i64,
}

fn trade(symbol: &str, price: f64, qty: i64) -> Trade {
    Trade {
        symbol: symbol.into(),
        price,
        qty,
    }
}

const SUBSCRIBE: &str = r#"{"op":"subscribe","channel":"trades"}"#;

/// A listener on a free loopback port and its ws:// URL.
fn listener() -> (TcpListener, String) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("ws://{}/trades", l.local_addr().unwrap());
    (l, url)
}

/// The next client's WebSocket handshake; panics (failing the test, not hanging it) when no
/// client comes within 5 s.
fn accept(l: &TcpListener) -> WebSocket<TcpStream> {
    l.set_nonblocking(true).unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    let stream = loop {
        match l.accept() {
            Ok((s, _)) => break s,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                assert!(Instant::now() < deadline, "no client came");
                thread::sleep(Duration::from_millis(5));
            }
            Err(e) => panic!("accept: {e}"),
        }
    };
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    tungstenite::accept(stream).unwrap()
}

/// The text of the next data message (pings and pongs aside).
fn next_text(ws: &mut WebSocket<TcpStream>) -> String {
    loop {
        match ws.read().unwrap() {
            Message::Text(t) => return t.to_string(),
            Message::Ping(_) | Message::Pong(_) => {}
            m => panic!("unexpected {m:?}"),
        }
    }
}

fn send(ws: &mut WebSocket<TcpStream>, text: &str) {
    ws.send(Message::text(text)).unwrap();
}

/// Reads until the client closes (or 5 s pass): whether a pong with `ping` came, and
/// whether the client closed the connection (as the feed does when a run ends).
fn pong_then_close(ws: &mut WebSocket<TcpStream>, ping: &[u8]) -> (bool, bool) {
    let mut pong = false;
    while let Ok(m) = ws.read() {
        match m {
            Message::Pong(p) if p.as_ref() == ping => pong = true,
            Message::Close(_) => return (pong, true),
            _ => {}
        }
    }
    (pong, false)
}

fn json(t: &Trade) -> String {
    serde_json::to_string(t).unwrap()
}

#[test]
fn messages_tick_in_order_after_the_subscription_and_pings_are_answered() {
    let (l, url) = listener();
    let sent = [
        trade("A", 1.5, 100),
        trade("B", 2.25, 200),
        trade("A", 1.75, 300),
    ];
    let to_send = sent.clone();
    let server = thread::spawn(move || {
        let mut ws = accept(&l);
        let subscription = next_text(&mut ws);
        ws.send(Message::Ping(b"are you there".to_vec().into()))
            .unwrap();
        send(&mut ws, &json(&to_send[0]));
        // JSON in a binary message is taken as well.
        ws.send(Message::binary(json(&to_send[1]).into_bytes()))
            .unwrap();
        send(&mut ws, &json(&to_send[2]));
        (subscription, pong_then_close(&mut ws, b"are you there"))
    });
    let g = Graph::new();
    let feed = WebSocketSource::new(url)
        .subscribe(SUBSCRIBE)
        .json_source::<Trade>(&g, "trades", PushMode::NonCollapsing)
        .unwrap();
    g.output("x", &feed.data);
    g.output("status", &feed.status);
    stop_engine(count(&feed.data).filter(|n| *n == 3));
    let r = g.run(RunConfig::realtime_from_now(secs(5))).unwrap();
    assert_eq!(r.values::<Trade>("x").unwrap(), sent.to_vec());
    assert_eq!(
        r.values::<FeedStatus>("status").unwrap(),
        vec![FeedStatus::Connected]
    );
    assert_eq!((feed.stats.messages(), feed.stats.malformed()), (3, 0));
    let (subscription, (pong, closed)) = server.join().unwrap();
    assert_eq!(subscription, SUBSCRIBE);
    assert!(pong, "the feed did not answer the ping");
    // The feed's read loop saw the run end (a quiet connection: by its read timeout).
    assert!(
        closed,
        "the feed did not close the connection when the run ended"
    );
}

#[test]
fn malformed_messages_are_counted_reported_and_skipped() {
    let (l, url) = listener();
    let server = thread::spawn(move || {
        let mut ws = accept(&l);
        send(&mut ws, &json(&trade("A", 1.0, 1)));
        send(&mut ws, r#"{"symbol": "A", "price": "#); // not JSON
        send(&mut ws, &json(&trade("A", 2.0, 2)));
        send(&mut ws, r#"{"symbol": "A", "qty": 5}"#); // JSON, not a trade
        ws.send(Message::binary(vec![0xff, 0xfe])).unwrap(); // not UTF-8
        pong_then_close(&mut ws, b"").1
    });
    let g = Graph::new();
    let feed = WebSocketSource::new(url)
        .json_source::<Trade>(&g, "trades", PushMode::NonCollapsing)
        .unwrap();
    g.output("x", &feed.data);
    g.output("status", &feed.status);
    // The last message is malformed: once it is on the status series (after Connected and
    // two others), everything has been taken. A status tick can wait a cycle behind data
    // (the series is non-collapsing), so stopping on the data would cut it short.
    stop_engine(count(&feed.status).filter(|n| *n == 4));
    let r = g.run(RunConfig::realtime_from_now(secs(5))).unwrap();
    assert_eq!(
        r.values::<Trade>("x").unwrap(),
        vec![trade("A", 1.0, 1), trade("A", 2.0, 2)]
    );
    assert_eq!((feed.stats.messages(), feed.stats.malformed()), (5, 3));
    let status = r.values::<FeedStatus>("status").unwrap();
    let malformed: Vec<(&str, &str)> = status
        .iter()
        .filter_map(|s| match s {
            FeedStatus::Malformed { message, error } => Some((message.as_str(), error.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(status[0], FeedStatus::Connected, "{status:?}");
    assert_eq!(malformed.len(), 3, "{status:?}");
    assert_eq!(malformed[0].0, r#"{"symbol": "A", "price": "#);
    assert!(
        malformed[1].1.contains("missing field `price`"),
        "{status:?}"
    );
    assert!(malformed[2].1.contains("not UTF-8"), "{status:?}");
    assert!(
        server.join().unwrap(),
        "the feed did not close the connection"
    );
}

#[test]
fn a_malformed_message_can_stop_the_run_naming_the_feed_and_the_message() {
    let (l, url) = listener();
    let server = thread::spawn(move || {
        let mut ws = accept(&l);
        send(&mut ws, &json(&trade("A", 1.0, 1)));
        send(&mut ws, "[1, 2"); // cut short
        send(&mut ws, &json(&trade("A", 2.0, 2)));
        pong_then_close(&mut ws, b"").1
    });
    let g = Graph::new();
    let feed = WebSocketSource::new(url)
        .bad_messages(BadMessage::Stop)
        .json_source::<Trade>(&g, "quotes", PushMode::NonCollapsing)
        .unwrap();
    g.output("x", &feed.data);
    let err = g.run(RunConfig::realtime_from_now(secs(5))).unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(&err, Error::Adapter { adapter, .. } if adapter == "quotes"),
        "{text}"
    );
    assert!(text.contains("feed 'quotes'"), "{text}");
    assert!(text.contains(r#""[1, 2""#), "{text}");
    assert!(
        server.join().unwrap(),
        "the feed did not close the connection"
    );
}

#[test]
fn a_dropped_connection_is_resumed_and_the_subscription_sent_again() {
    let (l, url) = listener();
    let server = thread::spawn(move || {
        let mut subscriptions = Vec::new();
        // First connection: one trade, then the server closes it, saying why.
        let mut ws = accept(&l);
        subscriptions.push((next_text(&mut ws), next_text(&mut ws)));
        send(&mut ws, &json(&trade("A", 1.0, 1)));
        ws.close(Some(CloseFrame {
            code: CloseCode::Away,
            reason: "maintenance".into(),
        }))
        .unwrap();
        while ws.read().is_ok() {} // the client's answer to the close
        // Second: one trade, then the socket goes away without a close.
        let mut ws = accept(&l);
        subscriptions.push((next_text(&mut ws), next_text(&mut ws)));
        send(&mut ws, &json(&trade("A", 2.0, 2)));
        drop(ws);
        // Third: the rest.
        let mut ws = accept(&l);
        subscriptions.push((next_text(&mut ws), next_text(&mut ws)));
        send(&mut ws, &json(&trade("A", 3.0, 3)));
        let _ = pong_then_close(&mut ws, b"");
        subscriptions
    });
    let g = Graph::new();
    let feed = WebSocketSource::new(url)
        .subscribe(SUBSCRIBE)
        .subscribe("second")
        .json_source::<Trade>(&g, "trades", PushMode::NonCollapsing)
        .unwrap();
    g.output("x", &feed.data);
    g.output("status", &feed.status);
    stop_engine(count(&feed.data).filter(|n| *n == 3));
    let r = g.run(RunConfig::realtime_from_now(secs(10))).unwrap();
    let prices: Vec<f64> = r
        .values::<Trade>("x")
        .unwrap()
        .iter()
        .map(|t| t.price)
        .collect();
    assert_eq!(prices, vec![1.0, 2.0, 3.0]);
    assert_eq!((feed.stats.connects(), feed.stats.disconnects()), (3, 2));
    let status = r.values::<FeedStatus>("status").unwrap();
    assert!(
        matches!(
            status.as_slice(),
            [
                FeedStatus::Connected,
                FeedStatus::Disconnected { reason: first },
                FeedStatus::Connected,
                FeedStatus::Disconnected { .. },
                FeedStatus::Connected,
            ] if first.contains("maintenance")
        ),
        "{status:?}"
    );
    // Each connection got both subscription messages, in order.
    assert_eq!(
        server.join().unwrap(),
        vec![(SUBSCRIBE.to_string(), "second".to_string()); 3]
    );
}

#[test]
fn a_server_that_never_comes_fails_the_run_when_asked_to() {
    let (l, url) = listener();
    drop(l); // nobody listens there now
    let g = Graph::new();
    let feed = WebSocketSource::new(url.clone())
        .reconnect(
            Reconnect::new(Duration::from_millis(5), Duration::from_millis(20)).give_up_after(3),
        )
        .json_source::<Trade>(&g, "trades", PushMode::LastValue)
        .unwrap();
    g.output("x", &feed.data);
    g.output("status", &feed.status);
    let err = g.run(RunConfig::realtime_from_now(secs(5))).unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(&err, Error::Adapter { adapter, .. } if adapter == "trades"),
        "{text}"
    );
    assert!(
        text.contains(&format!("cannot connect to {url} after 3 attempts")),
        "{text}"
    );
}

#[test]
fn a_url_that_is_not_ws_is_refused_when_the_graph_is_built() {
    let g = Graph::new();
    for url in ["wss://127.0.0.1:1/x", "http://127.0.0.1:1/x", "not a url"] {
        let err = WebSocketSource::new(url)
            .json_source::<Trade>(&g, "trades", PushMode::LastValue)
            .err()
            .unwrap();
        assert!(
            matches!(&err, Error::InvalidArgument { node, .. } if node == "trades"),
            "{err}"
        );
        assert!(err.to_string().contains(url), "{err}");
    }
    let x = const_(&g, 1i64);
    let err = websocket_json_sink(&x, "orders", "wss://127.0.0.1:1/x").unwrap_err();
    assert!(err.to_string().contains("needs TLS"), "{err}");
}

#[test]
fn the_json_sink_sends_one_message_per_tick() {
    let (l, url) = listener();
    let server = thread::spawn(move || {
        let mut ws = accept(&l);
        let mut got = Vec::new();
        loop {
            match ws.read() {
                Ok(Message::Text(t)) => got.push(serde_json::from_str::<Trade>(&t).unwrap()),
                Ok(Message::Close(_)) => break,
                Ok(_) => {}
                Err(e) => panic!("the sink did not close the connection: {e}"),
            }
        }
        while ws.read().is_ok() {}
        got
    });
    let g = Graph::new();
    let st = Time::ymd_hms(2020, 1, 1, 0, 0, 0);
    let ticks = vec![
        (st, trade("A", 1.5, 10)),
        (st + secs(1), trade("B", 2.5, 20)),
        (st + secs(2), trade("A", 3.5, 30)),
    ];
    let x = curve(&g, ticks.clone());
    websocket_json_sink(&x, "orders", &url).unwrap();
    g.run(RunConfig::historical(st, st + secs(5))).unwrap();
    let sent: Vec<Trade> = ticks.into_iter().map(|(_, t)| t).collect();
    assert_eq!(server.join().unwrap(), sent);
}

#[test]
fn a_sink_whose_server_is_absent_fails_the_run_naming_it() {
    let (l, url) = listener();
    drop(l);
    let g = Graph::new();
    websocket_json_sink(&const_(&g, 1i64), "orders", &url).unwrap();
    let err = g
        .run(RunConfig::historical_for(Time::EPOCH, secs(1)))
        .unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(&err, Error::Node { node, .. } if node == "orders"),
        "{text}"
    );
    assert!(text.contains(&format!("cannot connect to {url}")), "{text}");
}

#[test]
fn a_feed_flooded_with_bad_messages_still_sees_the_run_end() {
    let (l, url) = listener();
    let server = thread::spawn(move || {
        let mut ws = accept(&l);
        ws.get_mut().set_nonblocking(true).unwrap();
        // A message every millisecond (the feed's reads never time out), until the feed
        // closes the connection; at most 10 s.
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            match ws.send(Message::text("garbage")) {
                Ok(()) => {}
                Err(tungstenite::Error::Io(e)) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(_) => return true, // closed
            }
            match ws.read() {
                Ok(Message::Close(_)) => return true,
                Ok(_) => {}
                Err(tungstenite::Error::Io(e)) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(_) => return true,
            }
            thread::sleep(Duration::from_millis(1));
        }
        false
    });
    let g = Graph::new();
    let feed = WebSocketSource::new(url)
        .json_source::<Trade>(&g, "trades", PushMode::NonCollapsing)
        .unwrap();
    g.output("x", &feed.data);
    g.run(RunConfig::realtime_from_now(millis(300))).unwrap();
    assert!(server.join().unwrap(), "the feed read on after the run");
    assert!(feed.stats.malformed() > 0);
}
