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

/// A table of the outputs: name, type, ticks, first and last tick time.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// g.output("x", curve(&g, vec![(Time::EPOCH, 1.5f64), (Time::EPOCH + secs(1), 2.5)]));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(5))).unwrap();
/// let table = r.to_string();
/// assert_eq!(table.lines().nth(1).unwrap().split_whitespace().collect::<Vec<_>>(),
///            ["x", "f64", "2", "1970-01-01", "00:00:00", "1970-01-01", "00:00:01"]);
/// ```
impl std::fmt::Display for RunResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rows: Vec<[String; 5]> = self
            .series
            .iter()
            .map(|(name, r)| {
                let at = |t: Option<&Time>| t.map_or_else(|| "-".to_string(), Time::to_string);
                [
                    name.clone(),
                    short_type_name(r.type_name),
                    r.times.len().to_string(),
                    at(r.times.first()),
                    at(r.times.last()),
                ]
            })
            .collect();
        let header = ["output", "type", "ticks", "first", "last"].map(String::from);
        let mut widths = header.clone().map(|h| h.len());
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        for row in std::iter::once(&header).chain(&rows) {
            let [name, ty, ticks, first, last] = row;
            writeln!(
                f,
                "{name:<w0$}  {ty:<w1$}  {ticks:>w2$}  {first:<w3$}  {last}",
                w0 = widths[0],
                w1 = widths[1],
                w2 = widths[2],
                w3 = widths[3],
            )?;
        }
        Ok(())
    }
}

/// A type's name without its module paths: `Vec<String>`, not
/// `alloc::vec::Vec<alloc::string::String>`.
fn short_type_name(full: &str) -> String {
    let mut out = String::with_capacity(full.len());
    let mut word = String::new();
    for c in full.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
        } else {
            out.push_str(word.rsplit("::").next().unwrap_or(""));
            word.clear();
            out.push(c);
        }
    }
    out.push_str(word.rsplit("::").next().unwrap_or(""));
    out
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

#[cfg(test)]
mod tests {
    #[test]
    fn type_names_lose_their_module_paths() {
        assert_eq!(
            super::short_type_name(std::any::type_name::<Vec<(String, Option<i64>)>>()),
            "Vec<(String, Option<i64>)>"
        );
        assert_eq!(super::short_type_name("f64"), "f64");
    }
}
