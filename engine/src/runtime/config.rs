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
}

impl RunConfig {
    /// A historical run from `start` to `end`, both inclusive.
    pub fn historical(start: impl Into<Time>, end: impl Into<Time>) -> Self {
        RunConfig {
            start: Some(start.into()),
            end: Some(end.into()),
            duration: None,
        }
    }

    /// A historical run from `start` for `duration` (end = start + duration, inclusive).
    pub fn historical_for(start: impl Into<Time>, duration: TimeDelta) -> Self {
        RunConfig {
            start: Some(start.into()),
            end: None,
            duration: Some(duration),
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
