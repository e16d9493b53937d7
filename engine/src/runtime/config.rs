//! `RunConfig`: the time range and mode of a run.

use crate::error::{Error, Result};
use crate::time::Time;
use chrono::TimeDelta;

/// How to run a graph: a historical (simulated-time) run over `[start, end]`, or a
/// realtime run that follows the wall clock; the end is inclusive either way.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let st = Time::ymd_hms(2020, 1, 1, 0, 0, 0);
/// let cfg = RunConfig::historical(st, st + secs(10));
/// assert_eq!(cfg.end(), Some(st + secs(10)));
/// assert!(!cfg.is_realtime());
///
/// // Live for one second from now; with an open end, until stopped.
/// let live = RunConfig::realtime_from_now(secs(1));
/// assert!(live.is_realtime());
/// let open = RunConfig::realtime_from(Time::now());
/// assert_eq!(open.end(), None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunConfig {
    start: Option<Time>,
    end: Option<Time>,
    duration: Option<TimeDelta>,
    reference_scheduler: bool,
    realtime: bool,
    queue_wait_time: Option<TimeDelta>,
    stop_on_ctrl_c: bool,
}

/// The default [`RunConfig::queue_wait_time`], csp's: 100 ms.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// use tickgraph_engine::runtime::DEFAULT_QUEUE_WAIT_TIME;
/// assert_eq!(DEFAULT_QUEUE_WAIT_TIME, millis(100));
/// ```
pub const DEFAULT_QUEUE_WAIT_TIME: TimeDelta = TimeDelta::milliseconds(100);

impl RunConfig {
    /// A historical run from `start` to `end`, both inclusive.
    pub fn historical(start: impl Into<Time>, end: impl Into<Time>) -> Self {
        RunConfig {
            start: Some(start.into()),
            end: Some(end.into()),
            ..RunConfig::default()
        }
    }

    /// A historical run from `start` for `duration` (end = start + duration, inclusive).
    pub fn historical_for(start: impl Into<Time>, duration: TimeDelta) -> Self {
        RunConfig {
            start: Some(start.into()),
            duration: Some(duration),
            ..RunConfig::default()
        }
    }

    /// A realtime run over `[start, end]` (csp's `realtime=True`): if `start` is in the
    /// past, `[start, now]` is first simulated at full speed (timers, alarms, curves; push
    /// sources do not tick), then engine time follows the wall clock until `end`
    /// (inclusive; [`Time::MAX`] for no end). A start in the future waits for it.
    ///
    /// In the realtime phase the engine waits on its push queue for at most
    /// [`queue_wait_time`](RunConfig::with_queue_wait_time) or until the next timer is
    /// due, never spinning. Timers and alarms keep their exact scheduled times (a cycle for
    /// a due timer runs at the timer's time, before the push events waiting), catching up
    /// if the engine lags; push events tick at the wall-clock time of the cycle that takes
    /// them. The run ends when the wall clock passes `end`, when a node calls
    /// `stop_engine`, when a [`crate::runtime::RunHandle`] or a push sender asks, or on an
    /// adapter's error.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let now = Time::now();
    /// let g = Graph::new();
    /// g.output("t", &timer(&g, millis(20), 1i64));
    /// let r = g.run(RunConfig::realtime(now, now + millis(100))).unwrap();
    /// let times = r.times("t").unwrap();
    /// assert_eq!(times.len(), 5); // at +20, +40, ..., +100 ms, exactly
    /// assert_eq!(times[0], now + millis(20));
    /// ```
    pub fn realtime(start: impl Into<Time>, end: impl Into<Time>) -> Self {
        RunConfig {
            start: Some(start.into()),
            end: Some(end.into()),
            realtime: true,
            ..RunConfig::default()
        }
    }

    /// A realtime run from now for `duration` (csp's `starttime=now, endtime=duration`).
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// g.output("c", &const_(&g, 1i64));
    /// let r = g.run(RunConfig::realtime_from_now(millis(50))).unwrap();
    /// assert_eq!(r.values::<i64>("c").unwrap(), vec![1]);
    /// ```
    pub fn realtime_from_now(duration: TimeDelta) -> Self {
        RunConfig {
            start: Some(Time::now()),
            duration: Some(duration),
            realtime: true,
            ..RunConfig::default()
        }
    }

    /// A realtime run from `start` with no end: it runs until stopped (a
    /// [`crate::runtime::RunHandle::stop`], a sender's `stop_engine`, `stop_engine` in a
    /// node, Ctrl-C with [`RunConfig::stop_on_ctrl_c`]). `Time::now()` starts it now.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let (tx, x) = push_source::<i64>(&g, "x", PushMode::NonCollapsing);
    /// g.output("x", &x);
    /// std::thread::spawn(move || {
    ///     tx.wait_for_start(std::time::Duration::from_secs(5)).unwrap();
    ///     tx.push(7).unwrap();
    ///     tx.stop_engine(); // the open-ended run ends here
    /// });
    /// let r = g.run(RunConfig::realtime_from(Time::now())).unwrap();
    /// assert_eq!(r.values::<i64>("x").unwrap(), vec![7]);
    /// ```
    pub fn realtime_from(start: impl Into<Time>) -> Self {
        RunConfig {
            start: Some(start.into()),
            realtime: true,
            ..RunConfig::default()
        }
    }

    /// How long the realtime loop blocks on its push queue at most before it looks at
    /// timers, stop requests and the end time again; 100 ms by default, as in csp. Zero
    /// polls without blocking.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let cfg = RunConfig::realtime_from_now(secs(1)).with_queue_wait_time(millis(10));
    /// assert_eq!(cfg.queue_wait_time(), millis(10));
    /// assert_eq!(RunConfig::default().queue_wait_time(), millis(100));
    /// ```
    pub fn with_queue_wait_time(mut self, wait: TimeDelta) -> Self {
        self.queue_wait_time = Some(wait.max(TimeDelta::zero()));
        self
    }

    /// The realtime loop's longest wait on its push queue.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// assert_eq!(RunConfig::realtime_from_now(secs(1)).queue_wait_time(), millis(100));
    /// ```
    pub fn queue_wait_time(&self) -> TimeDelta {
        self.queue_wait_time.unwrap_or(DEFAULT_QUEUE_WAIT_TIME)
    }

    /// Ctrl-C (SIGINT) stops this run cleanly, once it is in its realtime phase: the
    /// current cycle ends, stop blocks run, and `run` returns the results so far. Installs
    /// the process's Ctrl-C handler on first use (through the `ctrlc` crate); if another
    /// handler was installed already, the run fails with [`Error::Config`].
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let cfg = RunConfig::realtime_from(Time::now()).stop_on_ctrl_c();
    /// assert!(cfg.stops_on_ctrl_c());
    /// ```
    pub fn stop_on_ctrl_c(mut self) -> Self {
        self.stop_on_ctrl_c = true;
        self
    }

    /// Whether Ctrl-C stops this run.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// assert!(!RunConfig::realtime_from_now(secs(1)).stops_on_ctrl_c());
    /// ```
    pub fn stops_on_ctrl_c(&self) -> bool {
        self.stop_on_ctrl_c
    }

    /// Whether this is a realtime run.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// assert!(RunConfig::realtime_from_now(secs(1)).is_realtime());
    /// assert!(!RunConfig::historical(Time::EPOCH, Time::EPOCH).is_realtime());
    /// ```
    pub fn is_realtime(&self) -> bool {
        self.realtime
    }

    /// Sets the start time.
    pub fn with_start(mut self, start: impl Into<Time>) -> Self {
        self.start = Some(start.into());
        self
    }

    /// Sets the (inclusive) end time.
    pub fn with_end(mut self, end: impl Into<Time>) -> Self {
        self.end = Some(end.into());
        self.duration = None;
        self
    }

    /// Runs with the reference scheduler: every node is checked in every cycle (does an
    /// active input of it tick?) instead of being scheduled through the step table. Much
    /// slower; it exists so tests can check the fast scheduler against an obvious one.
    pub fn with_reference_scheduler(mut self) -> Self {
        self.reference_scheduler = true;
        self
    }

    /// Whether the reference scheduler is selected.
    pub fn uses_reference_scheduler(&self) -> bool {
        self.reference_scheduler
    }

    /// The start time, if set.
    pub fn start(&self) -> Option<Time> {
        self.start
    }

    /// The end time, if known.
    pub fn end(&self) -> Option<Time> {
        match (self.end, self.start, self.duration) {
            (Some(e), _, _) => Some(e),
            (None, Some(s), Some(d)) => Some(s + d),
            _ => None,
        }
    }

    /// Checks the configuration: `(start, end)` in nanoseconds.
    pub(crate) fn resolve(&self) -> Result<(i64, i64)> {
        let start = match (self.start, self.realtime) {
            (Some(s), _) => s,
            // csp: in realtime the start defaults to now.
            (None, true) => Time::now(),
            (None, false) => {
                return Err(Error::Config(
                    "a start time is required for a historical run".into(),
                ));
            }
        };
        let end = self.end().unwrap_or(Time::MAX);
        if end < start {
            return Err(Error::Config(format!(
                "end time {end} is before start time {start}"
            )));
        }
        Ok((start.nanos(), end.nanos()))
    }
}
