//! `RunResult`: the recorded graph outputs of a finished run.

use super::engine::RunStats;
use crate::error::{Error, Result};
use crate::time::Time;
use std::any::Any;
use std::collections::BTreeMap;

/// One recorded output: its ticks (a `Vec<(Time, T)>`), their times, its type's name.
struct Recorded {
    ticks: Box<dyn Any>,
    times: Vec<Time>,
    type_name: &'static str,
}

/// The graph outputs of a run, by name, each a series of `(time, value)`.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// g.output("c", &const_(&g, 1.5f64));
/// let r = g.run(RunConfig::historical(Time::EPOCH, Time::EPOCH)).unwrap();
/// assert_eq!(r.series::<f64>("c").unwrap(), &[(Time::EPOCH, 1.5)]);
/// assert!(r.series::<i64>("c").is_err()); // wrong type
/// ```
pub struct RunResult {
    series: BTreeMap<String, Recorded>,
    stats: RunStats,
}

impl std::fmt::Debug for RunResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut m = f.debug_map();
        for (name, r) in &self.series {
            m.entry(name, &r.type_name);
        }
        m.finish()
    }
}

impl RunResult {
    pub(crate) fn new(stats: RunStats) -> Self {
        RunResult {
            series: BTreeMap::new(),
            stats,
        }
    }

    pub(crate) fn insert(
        &mut self,
        name: String,
        (ticks, times): (Box<dyn Any>, Vec<Time>),
        type_name: &'static str,
    ) {
        self.series.insert(
            name,
            Recorded {
                ticks,
                times,
                type_name,
            },
        );
    }

    /// The recorded ticks of output `name`, oldest first.
    pub fn series<T: 'static>(&self, name: &str) -> Result<&[(Time, T)]> {
        let r = self.recorded(name)?;
        r.ticks
            .downcast_ref::<Vec<(Time, T)>>()
            .map(Vec::as_slice)
            .ok_or_else(|| Error::OutputType {
                name: name.to_string(),
                actual: r.type_name,
                requested: std::any::type_name::<T>(),
            })
    }

    /// The times of the recorded ticks of output `name`, whatever its type.
    pub fn times(&self, name: &str) -> Result<&[Time]> {
        Ok(&self.recorded(name)?.times)
    }

    fn recorded(&self, name: &str) -> Result<&Recorded> {
        self.series.get(name).ok_or_else(|| Error::UnknownOutput {
            name: name.to_string(),
        })
    }

    /// The values of output `name` without their times.
    pub fn values<T: Clone + 'static>(&self, name: &str) -> Result<Vec<T>> {
        Ok(self
            .series::<T>(name)?
            .iter()
            .map(|(_, v)| v.clone())
            .collect())
    }

    /// The last recorded tick of output `name`, if any.
    pub fn last<T: 'static>(&self, name: &str) -> Result<Option<&(Time, T)>> {
        Ok(self.series::<T>(name)?.last())
    }

    /// The names of the recorded outputs, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.series.keys().map(String::as_str)
    }

    /// Counters of the run: cycles, node executions, events.
    pub fn stats(&self) -> RunStats {
        self.stats
    }
}
