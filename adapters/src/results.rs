//! Run results as Arrow record batches (and so Parquet, Polars, pandas): one batch per
//! graph output, a `timestamp` column and the values' columns.

use crate::columnar::{ColumnValue, Record};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::ArrowError;
use std::collections::BTreeMap;
use std::rc::Rc;
use tickgraph_engine::graph::{Graph, IntoTs};
use tickgraph_engine::runtime::RunResult;
use tickgraph_engine::time::Time;
use tickgraph_engine::ts::{BufferPolicy, Value};

/// Why an output could not be converted.
#[derive(Debug, thiserror::Error)]
pub enum ResultError {
    /// The run has no such output, or not of this type.
    #[error(transparent)]
    Output(#[from] tickgraph_engine::Error),
    /// Arrow refused the columns.
    #[error("output \"{name}\": {source}")]
    Arrow {
        /// The output.
        name: String,
        /// Arrow's error.
        source: ArrowError,
    },
}

fn batch(name: &str, columns: Vec<(String, ArrayRef)>) -> Result<RecordBatch, ResultError> {
    RecordBatch::try_from_iter_with_nullable(columns.into_iter().map(|(n, c)| (n, c, true)))
        .map_err(|source| ResultError::Arrow {
            name: name.into(),
            source,
        })
}

fn times(series: impl Iterator<Item = Time>) -> ArrayRef {
    let mut b = <Time as ColumnValue>::builder(0);
    for t in series {
        <Time as ColumnValue>::append(&mut b, Some(&t));
    }
    <Time as ColumnValue>::finish(&mut b)
}

/// The output `name` of values `T` as a batch: `timestamp`, `value`.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// g.output("x", curve(&g, vec![(Time::EPOCH, 1.5), (Time::EPOCH + secs(1), 2.5)]));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(5))).unwrap();
/// let b = tickgraph_adapters::results::series_batch::<f64>(&r, "x").unwrap();
/// assert_eq!((b.num_rows(), b.num_columns()), (2, 2));
/// ```
pub fn series_batch<T: ColumnValue + Value>(
    r: &RunResult,
    name: &str,
) -> Result<RecordBatch, ResultError> {
    let s = r.series::<T>(name)?;
    let mut values = T::builder(s.len());
    for (_, v) in s {
        T::append(&mut values, Some(v));
    }
    batch(
        name,
        vec![
            ("timestamp".into(), times(s.iter().map(|(t, _)| *t))),
            ("value".into(), T::finish(&mut values)),
        ],
    )
}

/// The output `name` of records `R` as a batch: `timestamp`, then one column per field.
pub fn records_batch<R: Record>(r: &RunResult, name: &str) -> Result<RecordBatch, ResultError> {
    let s = r.series::<R>(name)?;
    let mut b = R::builders(s.len());
    for (_, v) in s {
        R::append(&mut b, Some(v));
    }
    let mut columns = vec![("timestamp".to_string(), times(s.iter().map(|(t, _)| *t)))];
    columns.extend(
        R::columns()
            .into_iter()
            .map(String::from)
            .zip(R::finish(&mut b)),
    );
    batch(name, columns)
}

type Convert = Rc<dyn Fn(&RunResult) -> Result<RecordBatch, ResultError>>;

/// Graph outputs that all convert to Arrow after the run, at once (csp's dict of series):
/// add outputs through it instead of `Graph::output`.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// use tickgraph_adapters::results::ArrowOutputs;
/// let g = Graph::new();
/// let mut outs = ArrowOutputs::default();
/// let x = curve(&g, vec![(Time::EPOCH, 1i64), (Time::EPOCH + secs(1), 2)]);
/// outs.series(&g, "x", &x);
/// outs.series(&g, "n", count(&x));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(5))).unwrap();
/// let batches = outs.batches(&r).unwrap();
/// assert_eq!(batches["n"].num_rows(), 2);
/// assert_eq!(batches.keys().collect::<Vec<_>>(), ["n", "x"]);
/// ```
#[derive(Default, Clone)]
pub struct ArrowOutputs {
    converters: BTreeMap<String, Convert>,
}

impl ArrowOutputs {
    /// Adds `x` as the graph output `name` (every tick kept), convertible to a batch.
    pub fn series<T: ColumnValue + Value>(
        &mut self,
        g: &Graph,
        name: &str,
        x: impl IntoTs<Item = T>,
    ) {
        self.series_with(g, name, x, BufferPolicy::all());
    }

    /// [`ArrowOutputs::series`] with a retention policy.
    pub fn series_with<T: ColumnValue + Value>(
        &mut self,
        g: &Graph,
        name: &str,
        x: impl IntoTs<Item = T>,
        policy: BufferPolicy,
    ) {
        g.output_with(name, x, policy);
        let n = name.to_string();
        self.converters
            .insert(n.clone(), Rc::new(move |r| series_batch::<T>(r, &n)));
    }

    /// Adds a record series as the graph output `name`, one column per field.
    pub fn records<R: Record>(&mut self, g: &Graph, name: &str, x: impl IntoTs<Item = R>) {
        g.output(name, x);
        let n = name.to_string();
        self.converters
            .insert(n.clone(), Rc::new(move |r| records_batch::<R>(r, &n)));
    }

    /// Every output added through this, as a batch, by name.
    pub fn batches(&self, r: &RunResult) -> Result<BTreeMap<String, RecordBatch>, ResultError> {
        self.converters
            .iter()
            .map(|(name, convert)| Ok((name.clone(), convert(r)?)))
            .collect()
    }
}

/// A record batch printed as an aligned text table (as pandas prints a frame): the first
/// and last rows of a long batch, then its shape.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// use tickgraph_adapters::results::{Table, series_batch};
/// let g = Graph::new();
/// g.output("x", curve(&g, vec![(Time::EPOCH, 1.5), (Time::EPOCH + secs(1), 2.5)]));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(5))).unwrap();
/// let text = Table::new(&series_batch::<f64>(&r, "x").unwrap()).to_string();
/// assert_eq!(text.lines().nth(2).unwrap().trim_end(), "1970-01-01T00:00:01Z  2.5");
/// assert_eq!(text.lines().last().unwrap(), "[2 rows x 2 columns]");
/// ```
pub struct Table<'a> {
    batch: &'a RecordBatch,
    edge_rows: usize,
}

impl<'a> Table<'a> {
    /// `batch`, with up to 10 rows shown at each end.
    pub fn new(batch: &'a RecordBatch) -> Self {
        Table {
            batch,
            edge_rows: 10,
        }
    }

    /// Shows up to `n` rows at each end.
    pub fn edge_rows(mut self, n: usize) -> Self {
        self.edge_rows = n;
        self
    }
}

impl std::fmt::Display for Table<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use arrow_cast::display::{ArrayFormatter, FormatOptions};
        let b = self.batch;
        let n = b.num_rows();
        let shown: Vec<Option<usize>> = if n <= 2 * self.edge_rows {
            (0..n).map(Some).collect()
        } else {
            (0..self.edge_rows)
                .map(Some)
                .chain(std::iter::once(None))
                .chain((n - self.edge_rows..n).map(Some))
                .collect()
        };
        let options = FormatOptions::default().with_null("null");
        let mut cells: Vec<Vec<String>> = vec![
            b.schema()
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect(),
        ];
        let columns: Vec<ArrayRef> = b
            .columns()
            .iter()
            .map(crate::columnar::zone::formattable)
            .collect();
        let formatters: Vec<_> = columns
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
            .collect::<Result<_, _>>()
            .map_err(|_| std::fmt::Error)?;
        for row in &shown {
            cells.push(
                formatters
                    .iter()
                    .map(|fm| row.map_or_else(|| "...".into(), |r| fm.value(r).to_string()))
                    .collect(),
            );
        }
        let widths: Vec<usize> = (0..b.num_columns())
            .map(|c| {
                cells
                    .iter()
                    .map(|r| r[c].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for row in &cells {
            let line: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, w)| format!("{cell:<w$}"))
                .collect();
            writeln!(f, "{}", line.join("  ").trim_end())?;
        }
        write!(f, "[{n} rows x {} columns]", b.num_columns())
    }
}
