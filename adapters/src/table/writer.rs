//! The table writer: time series written to a file of any [`WriteFormat`] as they tick,
//! one row per engine cycle (csp's `ParquetWriter`).

use super::format::{WriteFormat, sealed};
use crate::columnar::{ColumnValue, Record};
use crate::error::DataError;
use arrow_array::builder::PrimitiveBuilder;
use arrow_array::types::TimestampNanosecondType;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tickgraph_engine::error::NodeError;
use tickgraph_engine::graph::{Graph, InputId, IntoTs, NodeBuilder, Wiring};
use tickgraph_engine::prelude::{Ctx, Input, Node};
use tickgraph_engine::ts::Value;

/// Makes a published series' run-time sink from the wiring (its input).
type MakeSink = Box<dyn Fn(&mut Wiring<'_>) -> Box<dyn ColumnSink>>;

/// Writes time series to a file as the graph runs (csp's `ParquetWriter`), in the format
/// `F`: [`ParquetWriter`](crate::parquet::ParquetWriter) or
/// [`CsvWriter`](crate::csv::CsvWriter).
///
/// * **Rows.** One row per engine cycle in which any published series ticked: the
///   timestamp column (default `"timestamp"`, `timestamp[ns, UTC]`) holds the engine time,
///   and a column whose series did not tick in that cycle is null.
/// * **Columns.** [`publish`](Writer::publish) writes one series as one column;
///   [`publish_record`](Writer::publish_record) writes a record series as one column
///   per field. Column names must be distinct.
/// * **Atomic.** The file is written under a temporary name and renamed when the run ends
///   (after an error too, with the rows so far), after an fsync: a run that is killed
///   leaves no file that looks complete. An existing file is an error unless
///   [`allow_overwrite`](Writer::allow_overwrite).
/// * **Rotation.** With [`rotate`](Writer::rotate), each tick of a file name series
///   finishes the file being written and starts the next one, at that cycle (its row
///   goes to the new file).
///
/// Nothing is added to the graph until [`finish`](Writer::finish).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// use tickgraph_adapters::parquet::{ParquetReader, ParquetWriter};
/// let path = std::env::temp_dir().join(format!("tg-writer-doc-{}.parquet", std::process::id()));
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let px = curve(&g, vec![(st + secs(1), 1.0), (st + secs(2), 1.5)]);
/// let extra = curve(&g, vec![(st + secs(2), 99i64)]);
/// let mut w = ParquetWriter::new(&g, &path).allow_overwrite(true);
/// w.publish("px", &px);
/// w.publish("extra", &extra);
/// w.finish();
/// g.run(RunConfig::historical_for(st, secs(5))).unwrap();
///
/// // Read back: the row at 1 s has no `extra`.
/// let g = Graph::new();
/// let r = ParquetReader::new(&g, &path);
/// g.output("extra", r.subscribe_all_column::<Option<i64>>("extra"));
/// let out = g.run(RunConfig::historical_for(st, secs(5))).unwrap();
/// assert_eq!(out.values::<Option<i64>>("extra").unwrap(), vec![None, Some(99)]);
/// # std::fs::remove_file(&path).unwrap();
/// ```
#[must_use = "a writer writes nothing until finish() adds it to the graph"]
pub struct Writer<F> {
    node: NodeBuilder,
    format: F,
    path: PathBuf,
    rotate: Option<InputId<String>>,
    timestamp_column: String,
    batch_size: usize,
    allow_overwrite: bool,
    columns: Vec<String>,
    sinks: Vec<MakeSink>,
}

impl<F: WriteFormat + Default> Writer<F> {
    /// A writer of `path`.
    pub fn new(g: &Graph, path: impl Into<PathBuf>) -> Self {
        Writer::with_format(g, F::default(), path)
    }
}

impl<F: WriteFormat> Writer<F> {
    /// A writer of `path` in `format`.
    pub(crate) fn with_format(g: &Graph, format: F, path: impl Into<PathBuf>) -> Self {
        Writer {
            node: g.add_node(sealed::WriteFormat::node_name(&format)),
            format,
            path: path.into(),
            rotate: None,
            timestamp_column: "timestamp".into(),
            batch_size: 32_768,
            allow_overwrite: false,
            columns: Vec::new(),
            sinks: Vec::new(),
        }
    }

    /// Changes the format's settings.
    pub(crate) fn map_format(mut self, f: impl FnOnce(&mut F)) -> Self {
        f(&mut self.format);
        self
    }

    /// Writes to a new file each time `paths` ticks (csp's `filename_provider`): the file
    /// being written is finished (renamed into place) and the row of that cycle is the new
    /// file's first. Rows before the first tick go to the writer's own path.
    pub fn rotate(mut self, paths: impl IntoTs<Item = String>) -> Self {
        self.rotate = Some(self.node.input("path", &paths.into_ts()));
        self
    }

    /// The timestamp column's name (default `"timestamp"`).
    pub fn timestamp_column(mut self, name: &str) -> Self {
        if self.columns.iter().any(|c| c == name) {
            self.node.graph().invalid_argument(
                sealed::WriteFormat::node_name(&self.format),
                format!("the timestamp column \"{name}\" is also a published column"),
            );
        }
        self.timestamp_column = name.into();
        self
    }

    /// Rows per record batch written (default 32,768): the writer's memory is bounded by it.
    pub fn batch_size(mut self, rows: usize) -> Self {
        self.batch_size = rows.max(1);
        self
    }

    /// Replaces an existing file instead of failing.
    pub fn allow_overwrite(mut self, allow: bool) -> Self {
        self.allow_overwrite = allow;
        self
    }

    fn claim(&mut self, column: &str) {
        if self.columns.iter().any(|c| c == column) || column == self.timestamp_column {
            self.node.graph().invalid_argument(
                sealed::WriteFormat::node_name(&self.format),
                format!("column \"{column}\" is published twice"),
            );
        }
        self.columns.push(column.to_string());
    }

    /// Writes `x` as the column `column`.
    pub fn publish<T: ColumnValue + Value>(&mut self, column: &str, x: impl IntoTs<Item = T>) {
        self.claim(column);
        let id: InputId<T> = self.node.input(column, &x.into_ts());
        let name = column.to_string();
        self.sinks.push(Box::new(move |w| {
            Box::new(OneColumn::<T> {
                x: w.input(id),
                name: name.clone(),
                builder: T::builder(0),
            })
        }));
    }

    /// Writes `x` as one column per field of the record.
    pub fn publish_record<R: Record>(&mut self, x: impl IntoTs<Item = R>) {
        for c in R::columns() {
            self.claim(c);
        }
        let id: InputId<R> = self.node.input("record", &x.into_ts());
        self.sinks.push(Box::new(move |w| {
            Box::new(Columns::<R> {
                x: w.input(id),
                builders: R::builders(0),
            })
        }));
    }

    /// Adds the writer to the graph.
    pub fn finish(self) {
        let Writer {
            mut node,
            format,
            path,
            rotate,
            timestamp_column,
            batch_size,
            allow_overwrite,
            sinks,
            ..
        } = self;
        node.end_of_cycle();
        node.finish(move |w| {
            let sinks: Vec<Box<dyn ColumnSink>> = sinks.iter().map(|make| make(w)).collect();
            let mut fields = vec![Field::new(
                &timestamp_column,
                DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into())),
                false,
            )];
            for s in &sinks {
                fields.extend(s.fields());
            }
            Ok(Box::new(WriterNode {
                format: Box::new(format.clone()),
                path: path.clone(),
                rotate: rotate.map(|id| w.input(id)),
                schema: Arc::new(Schema::new(fields)),
                sinks,
                times: PrimitiveBuilder::new().with_timezone("UTC"),
                rows: 0,
                batch_size,
                allow_overwrite,
                writer: None,
            }))
        });
    }
}

/// One published series at run time: appends a value or a null per row.
trait ColumnSink {
    fn fields(&self) -> Vec<Field>;
    fn ticked(&self, ctx: &Ctx) -> bool;
    fn append(&mut self, ctx: &Ctx);
    fn finish(&mut self, out: &mut Vec<ArrayRef>);
}

/// The value of `x` if it ticked in this cycle (a row's cell), else `None` (a null).
fn ticked_value<'a, T: Value>(x: &'a Input<T>, ctx: &'a Ctx) -> Option<&'a T> {
    if x.ticked(ctx) { x.get(ctx) } else { None }
}

struct OneColumn<T: ColumnValue> {
    x: Input<T>,
    name: String,
    builder: T::Builder,
}

impl<T: ColumnValue + Value> ColumnSink for OneColumn<T> {
    fn fields(&self) -> Vec<Field> {
        vec![Field::new(&self.name, T::data_type(), true)]
    }
    fn ticked(&self, ctx: &Ctx) -> bool {
        self.x.ticked(ctx)
    }
    fn append(&mut self, ctx: &Ctx) {
        T::append(&mut self.builder, ticked_value(&self.x, ctx));
    }
    fn finish(&mut self, out: &mut Vec<ArrayRef>) {
        out.push(T::finish(&mut self.builder));
    }
}

struct Columns<R: Record> {
    x: Input<R>,
    builders: R::Builders,
}

impl<R: Record> ColumnSink for Columns<R> {
    fn fields(&self) -> Vec<Field> {
        R::columns()
            .into_iter()
            .zip(R::data_types())
            .map(|(c, dt)| Field::new(c, dt, true))
            .collect()
    }
    fn ticked(&self, ctx: &Ctx) -> bool {
        self.x.ticked(ctx)
    }
    fn append(&mut self, ctx: &Ctx) {
        R::append(&mut self.builders, ticked_value(&self.x, ctx));
    }
    fn finish(&mut self, out: &mut Vec<ArrayRef>) {
        out.extend(R::finish(&mut self.builders));
    }
}

struct WriterNode {
    format: Box<dyn sealed::WriteFormat>,
    /// The file being written.
    path: PathBuf,
    rotate: Option<Input<String>>,
    schema: SchemaRef,
    sinks: Vec<Box<dyn ColumnSink>>,
    times: PrimitiveBuilder<TimestampNanosecondType>,
    rows: usize,
    batch_size: usize,
    allow_overwrite: bool,
    writer: Option<Box<dyn sealed::BatchFile>>,
}

/// The name the file is written under until it is finished.
fn temporary(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

impl WriterNode {
    fn error(&self, message: impl ToString) -> NodeError {
        Box::new(DataError::Write {
            file: self.path.display().to_string(),
            message: message.to_string(),
        })
    }

    /// Starts writing `self.path` (under its temporary name).
    fn open(&mut self) -> Result<(), NodeError> {
        if self.path.exists() && !self.allow_overwrite {
            return Err(self.error("the file exists (see allow_overwrite)"));
        }
        let file = File::create(temporary(&self.path)).map_err(|e| self.error(e))?;
        let w = self
            .format
            .create(file, self.schema.clone())
            .map_err(|e| self.error(e))?;
        self.writer = Some(w);
        Ok(())
    }

    /// Writes the rows buffered so far as one record batch.
    fn flush(&mut self) -> Result<(), NodeError> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut columns: Vec<ArrayRef> = vec![Arc::new(self.times.finish().with_timezone("UTC"))];
        for s in &mut self.sinks {
            s.finish(&mut columns);
        }
        self.rows = 0;
        let batch =
            RecordBatch::try_new(self.schema.clone(), columns).map_err(|e| self.error(e))?;
        let Some(w) = self.writer.as_mut() else {
            return Err(self.error("the writer is not open"));
        };
        w.write(&batch).map_err(|e| {
            Box::new(DataError::Write {
                file: self.path.display().to_string(),
                message: e,
            }) as NodeError
        })
    }

    /// Writes the rest, fsyncs and renames the file into place.
    fn close(&mut self) -> Result<(), NodeError> {
        if self.writer.is_none() {
            return Ok(());
        }
        self.flush()?;
        let w = self.writer.take().expect("checked above");
        let file = w.close().map_err(|e| self.error(e))?;
        file.sync_all().map_err(|e| self.error(e))?;
        std::fs::rename(temporary(&self.path), &self.path).map_err(|e| self.error(e))
    }
}

impl Node for WriterNode {
    fn start(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        self.open()
    }

    fn execute(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        // The row is written at the end of the cycle, when every published series that
        // ticks in it has ticked.
        Ok(())
    }

    fn end_cycle(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if let Some(next) = self
            .rotate
            .as_ref()
            .and_then(|r| r.get(ctx).filter(|_| r.ticked(ctx)))
        {
            let next = PathBuf::from(next);
            self.close()?;
            self.path = next;
            self.open()?;
        }
        let wrote = self.sinks.iter().any(|s| s.ticked(ctx));
        if !wrote {
            // The cycle ticked only the file name.
            return Ok(());
        }
        self.times.append_value(ctx.now().nanos());
        for s in &mut self.sinks {
            s.append(ctx);
        }
        self.rows += 1;
        if self.rows >= self.batch_size {
            self.flush()?;
        }
        Ok(())
    }

    fn stop(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        self.close()
    }
}
