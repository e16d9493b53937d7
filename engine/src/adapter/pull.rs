//! Pull adapters and the source that drives them with csp's push-mode rules.

use super::PushMode;
use crate::ctx::{Ctx, SourceId};
use crate::error::{Error, NodeError};
use crate::graph::Graph;
use crate::graph::Ts;
use crate::node::{FireResult, Source};
use crate::scheduler::{Refire, Token};
use crate::time::Time;
use crate::ts::Value;
use crate::ts::cell::TsCell;
use std::rc::Rc;

/// A historical data source: yields `(time, value)` in non-decreasing time order.
///
/// The engine pulls on its own thread, one value ahead; no channel, no thread, memory
/// bounded by what the adapter itself holds.
pub trait PullAdapter<T>: 'static {
    /// Called at engine start with the run's time range (the adapter may seek).
    fn start(&mut self, _start: Time, _end: Time) -> Result<(), NodeError> {
        Ok(())
    }

    /// The next value, or `None` when the data is exhausted.
    fn next(&mut self) -> Result<Option<(Time, T)>, NodeError>;

    /// Called once at engine stop.
    fn stop(&mut self) -> Result<(), NodeError> {
        Ok(())
    }
}

/// Adds a source that pulls from the adapter `make()` creates at each run.
///
/// Values before the run's start are skipped; values after its end are never delivered.
/// Several values at one time follow `mode` (`LastValue` or `NonCollapsing`; for `Burst`
/// use [`pull_source_burst`], whose series holds `Vec<T>`). For an adapter whose
/// construction can fail (opening a file, say), use [`try_pull_source`].
pub fn pull_source<T: Value, A: PullAdapter<T>>(
    g: &Graph,
    name: &str,
    mode: PushMode,
    make: impl Fn() -> A + 'static,
) -> Ts<T> {
    try_pull_source(g, name, mode, move || Ok(make()))
}

/// [`pull_source`] with an adapter whose construction can fail: the error fails the run,
/// as `Error::Node` naming the source, before any cycle.
///
/// A user's own adapter: the lines of a text file as `(time, value)`, one `secs value`
/// pair a line, with a typed error for a bad line.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// use std::io::BufRead;
///
/// struct Lines {
///     lines: std::io::Lines<std::io::BufReader<std::fs::File>>,
///     row: u64,
/// }
///
/// impl PullAdapter<f64> for Lines {
///     fn next(&mut self) -> Result<Option<(Time, f64)>, NodeError> {
///         let Some(line) = self.lines.next() else { return Ok(None) };
///         self.row += 1;
///         let line = line?;
///         let (t, v) = line
///             .split_once(' ')
///             .ok_or_else(|| format!("row {}: expected `secs value`, got {line:?}", self.row))?;
///         Ok(Some((Time::EPOCH + secs(t.parse()?), v.parse()?)))
///     }
/// }
///
/// let path = std::env::temp_dir().join(format!("tg-lines-{}.txt", std::process::id()));
/// std::fs::write(&path, "1 1.5\n2 2.5\n").unwrap();
/// let g = Graph::new();
/// let file = path.clone();
/// let x = try_pull_source(&g, "lines", PushMode::NonCollapsing, move || {
///     let f = std::fs::File::open(&file)?;
///     Ok(Lines { lines: std::io::BufReader::new(f).lines(), row: 0 })
/// });
/// g.output("x", &x);
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(5))).unwrap();
/// assert_eq!(r.values::<f64>("x").unwrap(), vec![1.5, 2.5]);
/// # std::fs::remove_file(&path).unwrap();
///
/// // A file that is not there fails the run, naming the source.
/// let g = Graph::new();
/// let x = try_pull_source(&g, "lines", PushMode::NonCollapsing, || {
///     let f = std::fs::File::open("/no/such/file")?;
///     Ok(Lines { lines: std::io::BufReader::new(f).lines(), row: 0 })
/// });
/// g.output("x", &x);
/// let e = g.run(RunConfig::historical_for(Time::EPOCH, secs(5))).unwrap_err();
/// assert!(matches!(&e, Error::Node { node, .. } if node == "lines"), "{e}");
/// ```
pub fn try_pull_source<T: Value, A: PullAdapter<T>>(
    g: &Graph,
    name: &str,
    mode: PushMode,
    make: impl Fn() -> Result<A, NodeError> + 'static,
) -> Ts<T> {
    reject_burst(g, name, mode);
    let mut s = g.add_source(name);
    let out = s.output::<T>();
    let ts = s.ts(out);
    let name = name.to_string();
    s.finish_source(move |w| {
        Ok(Box::new(PullSource {
            reader: Reader::new(make()?, name.clone()),
            id: w.source_id(),
            cell: w.output(out).cell,
            mode,
        }))
    });
    ts
}

/// Records an error for a BURST push mode on a source whose series is `Ts<T>`, not
/// `Ts<Vec<T>>` (BURST sources have `_burst` functions of their own).
pub(crate) fn reject_burst(g: &Graph, name: &str, mode: PushMode) {
    if mode == PushMode::Burst {
        g.record_error(Error::InvalidArgument {
            node: name.to_string(),
            message: "BURST gives a series of Vec<T>: use the _burst variant of this source".into(),
        });
    }
}

/// Adds a BURST source: all values at one time tick together as one `Vec`.
pub fn pull_source_burst<T: Value, A: PullAdapter<T>>(
    g: &Graph,
    name: &str,
    make: impl Fn() -> A + 'static,
) -> Ts<Vec<T>> {
    let mut s = g.add_source(name);
    let out = s.output::<Vec<T>>();
    let ts = s.ts(out);
    let name = name.to_string();
    s.finish_source(move |w| {
        Ok(Box::new(BurstSource {
            reader: Reader::new(make(), name.clone()),
            id: w.source_id(),
            cell: w.output(out).cell,
        }))
    });
    ts
}

/// An adapter one value ahead, checking time order and the run's range.
struct Reader<T, A> {
    adapter: A,
    name: String,
    ahead: Option<(i64, T)>,
    rows: u64,
    last: i64,
    end: i64,
}

impl<T: Value, A: PullAdapter<T>> Reader<T, A> {
    fn new(adapter: A, name: String) -> Self {
        Reader {
            adapter,
            name,
            ahead: None,
            rows: 0,
            last: i64::MIN,
            end: i64::MAX,
        }
    }

    /// Starts the adapter and reads up to the first value at or after the start.
    fn start(&mut self, ctx: &Ctx) -> Result<Option<i64>, NodeError> {
        self.adapter.start(ctx.start_time(), ctx.end_time())?;
        self.end = ctx.end;
        while let Some((t, v)) = self.fetch()? {
            if t >= ctx.start {
                return Ok(self.keep(t, v));
            }
        }
        Ok(None)
    }

    /// The adapter's next value, checked for time order. Inlined into `fire`: it runs on
    /// every tick of every historical source.
    #[inline]
    fn fetch(&mut self) -> Result<Option<(i64, T)>, NodeError> {
        let Some((t, v)) = self.adapter.next()? else {
            return Ok(None);
        };
        let t = t.nanos();
        if t < self.last {
            return Err(self.out_of_order(t));
        }
        self.rows += 1;
        self.last = t;
        Ok(Some((t, v)))
    }

    /// The error for a value at `t`, before the previous one. Out of line: it never runs
    /// in a healthy replay.
    #[cold]
    #[inline(never)]
    fn out_of_order(&self, t: i64) -> NodeError {
        Box::new(Error::OutOfOrder {
            source_name: self.name.clone(),
            row: self.rows,
            time: Time::from_nanos(t),
            previous: Time::from_nanos(self.last),
        })
    }

    /// Holds `(t, v)` as the next value unless it is past the end; returns its time.
    #[inline]
    fn keep(&mut self, t: i64, v: T) -> Option<i64> {
        (t <= self.end).then(|| {
            self.ahead = Some((t, v));
            t
        })
    }
}

struct PullSource<T, A> {
    reader: Reader<T, A>,
    id: SourceId,
    cell: Rc<TsCell<T>>,
    mode: PushMode,
}

impl<T: Value, A: PullAdapter<T>> Source for PullSource<T, A> {
    fn start(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if let Some(t) = self.reader.start(ctx)? {
            ctx.schedule(self.id, Time::from_nanos(t), Token::default())?;
        }
        Ok(())
    }

    #[inline]
    fn fire(&mut self, ctx: &mut Ctx, _token: Token) -> FireResult {
        if self.cell.ticked_in(ctx.cycle) {
            return Ok(Refire::next_cycle(ctx));
        }
        let Some((_, v)) = self.reader.ahead.take() else {
            return Ok(Refire::NEVER);
        };
        self.cell.tick(ctx, v)?;
        while let Some((t, v)) = self.reader.fetch()? {
            if t == ctx.now && self.mode == PushMode::LastValue {
                self.cell.update_current(ctx, |x| *x = v);
                continue;
            }
            // NON_COLLAPSING: a same-time value waits for the next cycle at this time.
            return Ok(self.reader.keep(t, v).map_or(Refire::NEVER, Refire));
        }
        Ok(Refire::NEVER)
    }

    fn stop(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        self.reader.adapter.stop()
    }
}

struct BurstSource<T, A> {
    reader: Reader<T, A>,
    id: SourceId,
    cell: Rc<TsCell<Vec<T>>>,
}

impl<T: Value, A: PullAdapter<T>> Source for BurstSource<T, A> {
    fn start(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if let Some(t) = self.reader.start(ctx)? {
            ctx.schedule(self.id, Time::from_nanos(t), Token::default())?;
        }
        Ok(())
    }

    fn fire(&mut self, ctx: &mut Ctx, _token: Token) -> FireResult {
        let Some((_, first)) = self.reader.ahead.take() else {
            return Ok(Refire::NEVER);
        };
        // Reuse the previous tick's Vec: no allocation once it is large enough.
        self.cell.tick_with(ctx, |slot| {
            let list = slot.get_or_insert_with(Vec::new);
            list.clear();
            list.push(first);
        })?;
        while let Some((t, v)) = self.reader.fetch()? {
            if t == ctx.now {
                self.cell.update_current(ctx, |list| list.push(v));
                continue;
            }
            return Ok(self.reader.keep(t, v).map_or(Refire::NEVER, Refire));
        }
        Ok(Refire::NEVER)
    }

    fn stop(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        self.reader.adapter.stop()
    }
}
