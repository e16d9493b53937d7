//! Parquet files as time series: [`ParquetReader`] replays them with csp's semantics, and
//! [`ParquetWriter`] writes series as they tick. Both are the shared table reader and
//! writer ([`crate::table`]) with the Parquet format plugged in.

use crate::error::DataError;
use crate::table::format::{BatchStream, Opened, Wanted, sealed};
use crate::table::{Reader, Writer};
use arrow_array::RecordBatch;
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use parquet::arrow::ArrowWriter;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ArrowReaderOptions, ParquetRecordBatchReaderBuilder};
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use parquet::file::statistics::Statistics;
use std::fs::File;
use std::path::Path;
use std::sync::Arc;

/// Replays Parquet files as time series (csp's `ParquetReader`); see [`Reader`].
pub type ParquetReader = Reader<Parquet>;

/// Writes time series to a Parquet file as the graph runs (csp's `ParquetWriter`); see
/// [`Writer`].
pub type ParquetWriter = Writer<Parquet>;

/// How the writer compresses pages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Codec {
    /// Snappy (csp's and pyarrow's default).
    #[default]
    Snappy,
    /// No compression.
    Uncompressed,
}

/// The Parquet format, with its writer's settings.
#[derive(Clone, Copy, Debug, Default)]
pub struct Parquet {
    codec: Codec,
}

impl sealed::ReadFormat for Parquet {
    fn source_name(&self) -> &'static str {
        "parquet"
    }

    fn open(&self, path: &Path, wanted: &Wanted<'_>) -> Result<Option<Opened>, DataError> {
        let file_name = || path.display().to_string();
        let file = match File::open(path) {
            Ok(f) => f,
            Err(_) if !path.exists() => return Ok(None),
            Err(e) => {
                return Err(DataError::Open {
                    file: file_name(),
                    message: e.to_string(),
                });
            }
        };
        let corrupt = |e: parquet::errors::ParquetError| DataError::Corrupt {
            file: file_name(),
            message: e.to_string(),
        };
        let mut builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(corrupt)?;
        // A plain string symbol column is read as a dictionary: Parquet stores strings
        // dictionary-encoded, and keeping the dictionary makes the symbol lookup one per
        // distinct symbol of a batch instead of one per row.
        if let Some(hinted) = dictionary_symbols(builder.schema(), wanted.symbol_column) {
            let reopened = File::open(path).map_err(|e| DataError::Open {
                file: file_name(),
                message: e.to_string(),
            })?;
            let options = ArrowReaderOptions::new().with_schema(hinted);
            builder = ParquetRecordBatchReaderBuilder::try_new_with_options(reopened, options)
                .map_err(corrupt)?;
        }
        let schema = builder.schema().clone();
        let wanted_names = std::iter::once(wanted.time_column)
            .chain(wanted.symbol_column)
            .chain(wanted.columns.iter().map(|(c, _)| c.as_str()));
        let roots: Vec<usize> = wanted_names
            .filter_map(|name| schema.index_of(name).ok())
            .collect();
        let mask = ProjectionMask::roots(builder.parquet_schema(), roots);
        let (groups, parts) = row_groups(&builder, wanted);
        let reader = builder
            .with_row_groups(groups)
            .with_projection(mask)
            .with_batch_size(wanted.batch_size)
            .build()
            .map_err(corrupt)?;
        let file = file_name();
        Ok(Some(Opened {
            schema,
            batches: BatchStream::Movable(Box::new(reader.map(move |b| {
                b.map_err(|e| DataError::Corrupt {
                    file: file.clone(),
                    message: e.to_string(),
                })
            }))),
            parts,
        }))
    }
}

/// The file's schema with a string symbol column read as a dictionary, if it has one.
fn dictionary_symbols(schema: &SchemaRef, symbol: Option<&str>) -> Option<SchemaRef> {
    let field = schema.field_with_name(symbol?).ok()?;
    if !matches!(field.data_type(), DataType::Utf8 | DataType::LargeUtf8) {
        return None;
    }
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|f| {
            if Some(f.name().as_str()) == symbol {
                let dict = DataType::Dictionary(
                    Box::new(DataType::Int32),
                    Box::new(f.data_type().clone()),
                );
                f.as_ref().clone().with_data_type(dict)
            } else {
                f.as_ref().clone()
            }
        })
        .collect();
    Some(Arc::new(Schema::new_with_metadata(
        fields,
        schema.metadata().clone(),
    )))
}

/// The row groups that may hold rows in the wanted range (by the time column's
/// statistics), and the parts of the file they are: (first row, rows).
fn row_groups(
    builder: &ParquetRecordBatchReaderBuilder<File>,
    wanted: &Wanted<'_>,
) -> (Vec<usize>, Vec<(u64, u64)>) {
    let meta = builder.metadata();
    let schema = builder.parquet_schema();
    let leaf =
        (0..schema.num_columns()).find(|&i| schema.column(i).path().string() == wanted.time_column);
    let time_type = builder
        .schema()
        .field_with_name(wanted.time_column)
        .map(|f| f.data_type().clone());
    let per_unit = match &time_type {
        Ok(DataType::Timestamp(TimeUnit::Second, _)) => 1_000_000_000,
        Ok(DataType::Timestamp(TimeUnit::Millisecond, _)) => 1_000_000,
        Ok(DataType::Timestamp(TimeUnit::Microsecond, _)) => 1_000,
        _ => 1,
    };
    // Naive times are local to the reader's zone: the range, in local time.
    let local = match &time_type {
        Ok(DataType::Timestamp(_, None)) => {
            i64::from(wanted.zone.local_minus_utc()) * 1_000_000_000
        }
        _ => 0,
    };
    let (start, end) = (
        wanted.range.0.saturating_add(local),
        wanted.range.1.saturating_add(local),
    );
    let mut first = 0u64;
    let (mut selected, mut parts) = (Vec::new(), Vec::new());
    for (i, rg) in meta.row_groups().iter().enumerate() {
        let rows = rg.num_rows() as u64;
        let bounds = leaf.and_then(|l| match rg.column(l).statistics() {
            Some(Statistics::Int64(v)) => Some((*v.min_opt()?, *v.max_opt()?)),
            _ => None,
        });
        let outside = bounds.is_some_and(|(lo, hi)| {
            hi.saturating_mul(per_unit) < start || lo.saturating_mul(per_unit) > end
        });
        if !outside {
            selected.push(i);
            parts.push((first, rows));
        }
        first += rows;
    }
    (selected, parts)
}

impl sealed::WriteFormat for Parquet {
    fn node_name(&self) -> &'static str {
        "parquet_writer"
    }

    fn create(&self, file: File, schema: SchemaRef) -> Result<Box<dyn sealed::BatchFile>, String> {
        let compression = match self.codec {
            Codec::Snappy => Compression::SNAPPY,
            Codec::Uncompressed => Compression::UNCOMPRESSED,
        };
        let props = WriterProperties::builder()
            .set_compression(compression)
            .build();
        let w = ArrowWriter::try_new(file, schema, Some(props)).map_err(|e| e.to_string())?;
        Ok(Box::new(ParquetFile(w)))
    }
}

struct ParquetFile(ArrowWriter<File>);

impl sealed::BatchFile for ParquetFile {
    fn write(&mut self, batch: &RecordBatch) -> Result<(), String> {
        self.0.write(batch).map_err(|e| e.to_string())
    }

    fn close(self: Box<Self>) -> Result<File, String> {
        self.0.into_inner().map_err(|e| e.to_string())
    }
}

impl ParquetWriter {
    /// The page compression (default snappy).
    pub fn codec(self, codec: Codec) -> Self {
        self.map_format(|f| f.codec = codec)
    }
}
