//! Record batches in memory as time series: [`BatchReader`] replays Arrow `RecordBatch`es
//! (from pyarrow through FFI, a Flight stream, or built in Rust) with the same semantics
//! and subscriptions as the Parquet and CSV readers.

use crate::error::DataError;
use crate::table::Reader;
use crate::table::format::{BatchStream, Opened, Wanted, sealed};
use arrow_array::RecordBatch;
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use tickgraph_engine::graph::Graph;

/// What errors name as the "file" of batches in memory.
const NAME: &str = "record batches";

/// Replays record batches in memory (see [`Reader`] for the semantics): the batches are
/// one "file", read in order, and rows are counted across them in errors.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// use tickgraph_adapters::batches::BatchReader;
/// use arrow_array::{ArrayRef, Float64Array, RecordBatch, TimestampNanosecondArray};
/// use std::sync::Arc;
/// let batch = RecordBatch::try_from_iter([
///     ("timestamp", Arc::new(TimestampNanosecondArray::from(vec![0, 1_000_000_000])) as ArrayRef),
///     ("px", Arc::new(Float64Array::from(vec![1.0, 1.5])) as ArrayRef),
/// ]).unwrap();
/// let g = Graph::new();
/// let px = BatchReader::from_batches(&g, [batch]).subscribe_all_column::<f64>("px");
/// g.output("px", &px);
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(5))).unwrap();
/// assert_eq!(r.series::<f64>("px").unwrap(), &[(Time::EPOCH, 1.0), (Time::EPOCH + secs(1), 1.5)]);
/// ```
pub type BatchReader = Reader<Batches>;

/// Record batches in memory, as a format of the table reader.
#[derive(Clone, Debug)]
pub struct Batches {
    batches: Rc<Vec<RecordBatch>>,
}

impl BatchReader {
    /// A reader of `batches`, in order.
    pub fn from_batches(g: &Graph, batches: impl IntoIterator<Item = RecordBatch>) -> Self {
        let format = Batches {
            batches: Rc::new(batches.into_iter().collect()),
        };
        Reader::with_format(g, format, |_, _| vec![PathBuf::from(NAME)])
    }
}

impl sealed::ReadFormat for Batches {
    fn source_name(&self) -> &'static str {
        "record_batches"
    }

    fn open(&self, _: &Path, wanted: &Wanted<'_>) -> Result<Option<Opened>, DataError> {
        let schema = match self.batches.first() {
            Some(b) => b.schema(),
            // No rows: a schema with the columns the reader needs, so that it ends quietly.
            None => Arc::new(Schema::new(
                std::iter::once(Field::new(
                    wanted.time_column,
                    DataType::Timestamp(TimeUnit::Nanosecond, None),
                    false,
                ))
                .chain(
                    wanted
                        .symbol_column
                        .map(|s| Field::new(s, DataType::Utf8, true)),
                )
                .collect::<Vec<_>>(),
            )),
        };
        let batches = self.batches.clone();
        let expected = schema.clone();
        let mut i = 0;
        Ok(Some(Opened {
            schema,
            // Batches are shared, not copied (a RecordBatch clone is a few Arc clones).
            batches: BatchStream::Here(Box::new(std::iter::from_fn(move || {
                let b = batches.get(i)?;
                i += 1;
                if b.schema().fields() != expected.fields() {
                    return Some(Err(DataError::Corrupt {
                        file: NAME.into(),
                        message: format!(
                            "batch {} has another schema than the first: {} against {}",
                            i - 1,
                            b.schema(),
                            expected
                        ),
                    }));
                }
                Some(Ok(b.clone()))
            }))),
            parts: Vec::new(),
        }))
    }
}
