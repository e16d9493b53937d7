//! Basic sources: constants, timers, curves from memory, and a series that never ticks.

use super::curve::{Series, curve_source};
use crate::adapter::{PullAdapter, PushMode, pull_source_burst};
use crate::ctx::{Ctx, SourceId};
use crate::error::{Error, NodeError};
use crate::graph::Graph;
use crate::graph::Ts;
use crate::node::{FireResult, Source};
use crate::scheduler::{Refire, Token};
use crate::time::{Time, saturating_nanos};
use crate::ts::Value;
use crate::ts::cell::TsCell;
use chrono::TimeDelta;
use std::rc::Rc;

/// Values in memory for a BURST curve (the other curves use [`curve_source`]).
struct MemoryAdapter<T> {
    data: Series<T>,
    next: usize,
}

impl<T: Value> PullAdapter<T> for MemoryAdapter<T> {
    fn start(&mut self, _start: Time, _end: Time) -> Result<(), NodeError> {
        self.next = 0;
        Ok(())
    }

    #[inline]
    fn next(&mut self) -> Result<Option<(Time, T)>, NodeError> {
        let item = self
            .data
            .get(self.next)
            .map(|(t, v)| (Time::from_nanos(*t), v.clone()));
        self.next += 1;
        Ok(item)
    }
}

fn memory<T: Value>(data: Series<T>) -> impl Fn() -> MemoryAdapter<T> + 'static {
    move || MemoryAdapter {
        data: data.clone(),
        next: 0,
    }
}

/// A series from `(time, value)` pairs in time order, NON_COLLAPSING (csp's `curve`).
///
/// Times may be [`Time`], `DateTime<Utc>` or `NaiveDateTime`. Values before the run's start
/// are skipped; data out of time order fails the run with [`Error::OutOfOrder`].
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::ymd_hms(2020, 1, 1, 0, 0, 0);
/// let x = curve(&g, vec![(st, 1), (st, 2), (st + secs(1), 3)]);
/// g.output("x", &x);
/// let r = g.run(RunConfig::historical(st, st + secs(1))).unwrap();
/// assert_eq!(r.series::<i32>("x").unwrap(), &[(st, 1), (st, 2), (st + secs(1), 3)]);
/// ```
pub fn curve<T: Value, Tm: Into<Time>>(
    g: &Graph,
    data: impl IntoIterator<Item = (Tm, T)>,
) -> Ts<T> {
    curve_with(g, data, PushMode::NonCollapsing)
}

/// [`curve`] with an explicit push mode (`LastValue` or `NonCollapsing`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let x = curve_with(&g, vec![(st, 1), (st, 2), (st + secs(1), 3)], PushMode::LastValue);
/// g.output("x", &x);
/// let r = g.run(RunConfig::historical_for(st, secs(5))).unwrap();
/// assert_eq!(r.series::<i32>("x").unwrap(), &[(st, 2), (st + secs(1), 3)]);
/// ```
pub fn curve_with<T: Value, Tm: Into<Time>>(
    g: &Graph,
    data: impl IntoIterator<Item = (Tm, T)>,
    mode: PushMode,
) -> Ts<T> {
    let data: Series<T> = Rc::new(
        data.into_iter()
            .map(|(t, v)| (t.into().nanos(), v))
            .collect(),
    );
    curve_source(g, "curve", data, false, mode)
}

/// A curve whose times are offsets from the run's start (csp's timedelta curve form).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::ymd_hms(2020, 1, 1, 0, 0, 0);
/// let x = curve_offsets(&g, vec![(secs(1), 'a'), (secs(2), 'b')], PushMode::NonCollapsing);
/// g.output("x", &x);
/// let r = g.run(RunConfig::historical(st, st + secs(5))).unwrap();
/// assert_eq!(r.series::<char>("x").unwrap(), &[(st + secs(1), 'a'), (st + secs(2), 'b')]);
/// ```
pub fn curve_offsets<T: Value>(
    g: &Graph,
    data: impl IntoIterator<Item = (TimeDelta, T)>,
    mode: PushMode,
) -> Ts<T> {
    let data: Series<T> = Rc::new(
        data.into_iter()
            .map(|(d, v)| (saturating_nanos(d), v))
            .collect(),
    );
    curve_source(g, "curve", data, true, mode)
}

/// A BURST curve: all values at one time tick together, as one `Vec`.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let x = curve_burst(&g, vec![(st, 1), (st, 2), (st + secs(1), 3)]);
/// g.output("x", &x);
/// let r = g.run(RunConfig::historical_for(st, secs(5))).unwrap();
/// assert_eq!(r.values::<Vec<i32>>("x").unwrap(), vec![vec![1, 2], vec![3]]);
/// ```
pub fn curve_burst<T: Value, Tm: Into<Time>>(
    g: &Graph,
    data: impl IntoIterator<Item = (Tm, T)>,
) -> Ts<Vec<T>> {
    let data: Series<T> = Rc::new(
        data.into_iter()
            .map(|(t, v)| (t.into().nanos(), v))
            .collect(),
    );
    pull_source_burst(g, "curve", memory(data))
}

/// Ticks `value` once, at the run's start (csp's `const`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::ymd_hms(2020, 1, 1, 0, 0, 0);
/// g.output("c", const_(&g, 1));
/// let r = g.run(RunConfig::historical(st, st + secs(5))).unwrap();
/// assert_eq!(r.series::<i32>("c").unwrap(), &[(st, 1)]);
/// ```
pub fn const_<T: Value>(g: &Graph, value: T) -> Ts<T> {
    const_delayed(g, value, TimeDelta::zero())
}

/// Ticks `value` once, at the run's start plus `delay`.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::ymd_hms(2020, 1, 1, 0, 0, 0);
/// g.output("c", const_delayed(&g, 2, secs(1)));
/// let r = g.run(RunConfig::historical(st, st + secs(5))).unwrap();
/// assert_eq!(r.series::<i32>("c").unwrap(), &[(st + secs(1), 2)]);
/// ```
pub fn const_delayed<T: Value>(g: &Graph, value: T, delay: TimeDelta) -> Ts<T> {
    let data: Series<T> = Rc::new(vec![(saturating_nanos(delay), value)]);
    curve_source(g, "const", data, true, PushMode::LastValue)
}

/// Ticks `value` at `start + k * interval` for k = 1, 2, ... (no tick at the start).
///
/// A non-positive interval is an error, reported when the graph runs.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// g.output("t", timer(&g, secs(2), "hello world!"));
/// g.output("bad", timer(&g, secs(0), 1));
/// let err = g.run(RunConfig::historical_for(st, secs(10))).unwrap_err();
/// assert!(err.to_string().contains("interval must be positive"));
/// ```
pub fn timer<T: Value>(g: &Graph, interval: TimeDelta, value: T) -> Ts<T> {
    let interval = saturating_nanos(interval);
    if interval <= 0 {
        g.record_error(Error::InvalidArgument {
            node: "timer".into(),
            message: "interval must be positive".into(),
        });
    }
    let mut s = g.add_source("timer");
    let out = s.output::<T>();
    let ts = s.ts(out);
    s.finish_source(move |w| {
        Ok(Box::new(Timer {
            interval,
            value: value.clone(),
            id: w.source_id(),
            cell: w.output(out).cell,
        }))
    });
    ts
}

struct Timer<T> {
    interval: i64,
    value: T,
    id: SourceId,
    cell: Rc<TsCell<T>>,
}

impl<T: Value> Source for Timer<T> {
    fn start(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        let first = ctx.start.saturating_add(self.interval);
        ctx.queue_mut().push(
            first,
            crate::scheduler::queue::EventTarget::source(self.id.index),
            Token::default(),
        );
        Ok(())
    }

    #[inline]
    fn fire(&mut self, ctx: &mut Ctx, _token: Token) -> FireResult {
        if self.cell.ticked_in(ctx.cycle) {
            return Ok(Refire::next_cycle(ctx));
        }
        // At `i64::MAX` the timer stops (saturated); a non-positive interval is
        // rejected when the graph is built.
        let next = ctx.now.saturating_add(self.interval);
        let refire = if next > ctx.now {
            Refire(next)
        } else {
            Refire::NEVER
        };
        self.cell.tick_then(ctx, self.value.clone(), refire)
    }
}

/// [`timer`] with csp's `allow_deviation=True`: in the realtime phase of a realtime run,
/// each tick schedules the next one `interval` after the wall-clock time it ran at, so a
/// lagging engine spaces its ticks out instead of catching up. In a historical run, and in
/// the simulated past part of a realtime run, it ticks as [`timer`] does.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// g.output("t", timer_allow_deviation(&g, secs(2), 1));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(6))).unwrap();
/// assert_eq!(r.times("t").unwrap(), &[Time::EPOCH + secs(2), Time::EPOCH + secs(4), Time::EPOCH + secs(6)]);
/// ```
pub fn timer_allow_deviation<T: Value>(g: &Graph, interval: TimeDelta, value: T) -> Ts<T> {
    let interval = saturating_nanos(interval);
    if interval <= 0 {
        g.record_error(Error::InvalidArgument {
            node: "timer".into(),
            message: "interval must be positive".into(),
        });
    }
    let mut s = g.add_source("timer");
    let out = s.output::<T>();
    let ts = s.ts(out);
    s.finish_source(move |w| {
        Ok(Box::new(DeviatingTimer {
            timer: Timer {
                interval,
                value: value.clone(),
                id: w.source_id(),
                cell: w.output(out).cell,
            },
        }))
    });
    ts
}

/// A timer whose realtime ticks follow the wall clock (csp's `allow_deviation`).
struct DeviatingTimer<T> {
    timer: Timer<T>,
}

impl<T: Value> Source for DeviatingTimer<T> {
    fn start(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        self.timer.start(ctx)
    }

    fn fire(&mut self, ctx: &mut Ctx, token: Token) -> FireResult {
        if !ctx.in_realtime() {
            return self.timer.fire(ctx, token);
        }
        let t = &self.timer;
        if t.cell.ticked_in(ctx.cycle) {
            return Ok(Refire::next_cycle(ctx));
        }
        let from = crate::time::Time::now().nanos().max(ctx.now);
        let next = from.saturating_add(t.interval);
        let refire = if next > ctx.now {
            Refire(next)
        } else {
            Refire::NEVER
        };
        t.cell.tick_then(ctx, t.value.clone(), refire)
    }
}

/// A series that never ticks (csp's `null_ts`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// g.output("n", merge(null_ts::<i32>(&g), const_(&g, 5)));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// assert_eq!(r.values::<i32>("n").unwrap(), vec![5]);
/// ```
pub fn null_ts<T: Value>(g: &Graph) -> Ts<T> {
    crate::graph::never_ticking(g)
}
