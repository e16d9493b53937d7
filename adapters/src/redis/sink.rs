//! The Redis Streams sink: one XADD per tick, its fields from the value.

use redis::{Client, Connection};
use std::fmt::Write as _;
use tickgraph_engine::prelude::{Ctx, Input, Node, NodeError, Ts, Value};

/// The fields of one entry, filled by a sink's function for each tick. Its strings are
/// kept from tick to tick, so filling it allocates only when a value outgrows them.
///
/// ```
/// use tickgraph_adapters::redis::Fields;
/// let mut f = Fields::default();
/// f.add("sym", "A").add("px", 1.5);
/// assert_eq!(f.iter().collect::<Vec<_>>(), vec![("sym", "A"), ("px", "1.5")]);
/// ```
#[derive(Debug, Default)]
pub struct Fields {
    items: Vec<(String, String)>,
    len: usize,
}

impl Fields {
    /// Adds field `name` with `value` (its `Display` text).
    pub fn add(&mut self, name: &str, value: impl std::fmt::Display) -> &mut Self {
        if self.len == self.items.len() {
            self.items.push((String::new(), String::new()));
        }
        let (k, v) = &mut self.items[self.len];
        k.clear();
        k.push_str(name);
        v.clear();
        let _ = write!(v, "{value}");
        self.len += 1;
        self
    }

    /// The fields added since the last tick, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.items[..self.len]
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    fn clear(&mut self) {
        self.len = 0;
    }
}

/// Writes a series to a Redis stream: one XADD per tick (csp's output adapter).
///
/// ```no_run
/// use tickgraph_engine::prelude::*;
/// use tickgraph_adapters::redis::RedisStreamSink;
/// let g = Graph::new();
/// let px = timer(&g, millis(100), 1.5f64);
/// RedisStreamSink::new("redis://127.0.0.1:6379", "prices")
///     .max_len(10_000)
///     .sink(&px, |v, f| {
///         f.add("px", v);
///     });
/// g.run(RunConfig::realtime_from_now(secs(1))).unwrap();
/// ```
#[derive(Clone, Debug)]
pub struct RedisStreamSink {
    url: String,
    stream: String,
    max_len: Option<usize>,
    engine_time_ids: bool,
}

impl RedisStreamSink {
    /// A sink to the stream `stream` on the server at `url`; the server picks each
    /// entry's ID (`*`: its clock).
    pub fn new(url: impl Into<String>, stream: impl Into<String>) -> Self {
        RedisStreamSink {
            url: url.into(),
            stream: stream.into(),
            max_len: None,
            engine_time_ids: false,
        }
    }

    /// Keeps the stream to at most `n` entries (XADD's `MAXLEN n`, exact).
    pub fn max_len(mut self, n: usize) -> Self {
        self.max_len = Some(n);
        self
    }

    /// Gives each entry the engine time of its tick as its ID (`<ms>-*`, Redis 7 and
    /// later): a historical run then writes a stream that replays at the same times. The
    /// server refuses an ID not after the stream's last one, which fails the run.
    pub fn ids_from_engine_time(mut self) -> Self {
        self.engine_time_ids = true;
        self
    }

    /// Adds the sink on `x` to its graph: `fields` fills an entry's fields from each tick.
    /// It connects when the run starts; a failure to connect or to write fails the run,
    /// naming the sink (`redis_stream_sink`) and the stream.
    pub fn sink<T: Value, F: Fn(&T, &mut Fields) + 'static>(self, x: &Ts<T>, fields: F) {
        let mut n = x.graph().add_node("redis_stream_sink");
        let input = n.input("x", x);
        let fields = std::rc::Rc::new(fields);
        n.finish(move |w| {
            Ok(Box::new(Sink {
                x: w.input(input),
                config: self.clone(),
                con: None,
                fields: Fields::default(),
                fill: fields.clone(),
            }))
        });
    }

    fn what(&self) -> String {
        format!("stream '{}' at {}", self.stream, self.url)
    }
}

struct Sink<T, F> {
    x: Input<T>,
    config: RedisStreamSink,
    con: Option<Connection>,
    fields: Fields,
    /// Shared by the runs of the graph (each compiles a sink of its own).
    fill: std::rc::Rc<F>,
}

impl<T: Value, F: Fn(&T, &mut Fields) + 'static> Node for Sink<T, F> {
    fn start(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        let what = self.config.what();
        let con = Client::open(self.config.url.as_str())
            .and_then(|c| c.get_connection_with_timeout(std::time::Duration::from_secs(2)))
            .map_err(|e| format!("cannot connect to {what}: {e}"))?;
        self.con = Some(con);
        Ok(())
    }

    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        let (true, Some(con)) = (self.x.ticked(ctx), self.con.as_mut()) else {
            return Ok(());
        };
        self.fields.clear();
        (self.fill)(self.x.current(ctx), &mut self.fields);
        let mut cmd = redis::cmd("XADD");
        cmd.arg(&self.config.stream);
        if let Some(n) = self.config.max_len {
            cmd.arg("MAXLEN").arg("=").arg(n);
        }
        if self.config.engine_time_ids {
            let ms = ctx.now().nanos().max(0) / 1_000_000;
            cmd.arg(format!("{ms}-*"));
        } else {
            cmd.arg("*");
        }
        for (k, v) in self.fields.iter() {
            cmd.arg(k).arg(v);
        }
        cmd.query::<redis::Value>(con)
            .map_err(|e| format!("XADD to {}: {e}", self.config.what()))?;
        Ok(())
    }

    fn stop(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        self.con = None;
        Ok(())
    }
}
