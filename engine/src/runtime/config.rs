//! `RunConfig`: the time range of a run.

use crate::error::{Error, Result};
use crate::time::Time;
use chrono::TimeDelta;

/// How to run a graph: a historical (simulated-time) run over `[start, end]`, end inclusive.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let st = Time::ymd_hms(2020, 1, 1, 0, 0, 0);
/// let cfg = RunConfig::historical(st, st + secs(10));
/// assert_eq!(cfg.end(), Some(st + secs(10)));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunConfig {
    start: Option<Time>,
    end: Option<Time>,
    duration: Option<TimeDelta>,
    reference_scheduler: bool,
}

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
        let start = self
            .start
            .ok_or_else(|| Error::Config("a start time is required for a historical run".into()))?;
        let end = self.end().unwrap_or(Time::MAX);
        if end < start {
            return Err(Error::Config(format!(
                "end time {end} is before start time {start}"
            )));
        }
        Ok((start.nanos(), end.nanos()))
    }
}
