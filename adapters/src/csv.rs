//! CSV files as time series: [`CsvReader`] replays them with the same semantics and
//! subscriptions as the Parquet reader, and [`CsvWriter`] writes series as they tick, one
//! row per engine cycle. Both are the shared table reader and writer ([`crate::table`])
//! with the CSV format plugged in.
//!
//! A CSV file has no schema: its first line names the columns, and each column a
//! subscription reads is parsed as the type that subscription reads it as (only those
//! columns are parsed). An empty field is a null, except in a string column, where it is
//! the empty string (as pyarrow reads CSV; so a null string written reads back as `""`);
//! the time and symbol columns have no empty values. The time column is parsed by the
//! reader's [`TimeFormat`]; times without a zone are read in the reader's
//! [`zone`](Reader::zone) (UTC by default).

use crate::columnar::zone::{formattable, is_utc, with_zone};
use crate::columnar::{ColumnError, ColumnErrorKind};
use crate::error::DataError;
use crate::table::format::{BatchStream, Opened, Wanted, sealed};
use crate::table::{Reader, Writer};
use arrow_array::builder::{StringBuilder, TimestampNanosecondBuilder};
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_cast::display::{ArrayFormatter, FormatOptions};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};
use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::Path;
use std::sync::Arc;

/// Replays CSV files as time series (see [`Reader`] for the semantics).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// use tickgraph_adapters::csv::{CsvReader, TimeFormat, TimeUnit};
/// # let path = std::env::temp_dir().join(format!("tg-csv-doc-{}.csv", std::process::id()));
/// std::fs::write(&path, "time,sym,px\n1000,A,1.5\n1000,B,7\n2000,A,2.5\n").unwrap();
/// let g = Graph::new();
/// let reader = CsvReader::new(&g, &path)
///     .time_column("time")
///     .time_format(TimeFormat::Epoch(TimeUnit::Millisecond))
///     .symbol_column("sym");
/// g.output("a", reader.subscribe_column::<f64>("A", "px"));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(5))).unwrap();
/// assert_eq!(r.series::<f64>("a").unwrap(), &[(Time::EPOCH + secs(1), 1.5), (Time::EPOCH + secs(2), 2.5)]);
/// # std::fs::remove_file(&path).unwrap();
/// ```
pub type CsvReader = Reader<Csv>;

/// Writes time series to a CSV file as the graph runs (see [`Writer`]): a header line,
/// then one line per cycle, the timestamp in RFC 3339 with nanoseconds (UTC), nulls as
/// empty fields.
pub type CsvWriter = Writer<Csv>;

/// The unit of [`TimeFormat::Epoch`] (Arrow's).
pub use arrow_schema::TimeUnit;

/// How the time column's text is read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum TimeFormat {
    /// ISO 8601 / RFC 3339 (`2020-01-01T09:30:00.5Z`, `2020-01-01 09:30:00+01:00`, or
    /// without a zone), the format the writer writes.
    #[default]
    Iso8601,
    /// An integer count of units since the Unix epoch (a decimal fraction is allowed).
    Epoch(TimeUnit),
    /// A chrono `strftime` pattern (`%d/%m/%Y %H:%M:%S%.f`); with `%z` it carries its zone.
    Pattern(String),
}

/// The CSV format and its settings.
#[derive(Clone, Debug)]
pub struct Csv {
    delimiter: u8,
    time: TimeFormat,
}

impl Default for Csv {
    fn default() -> Self {
        Csv {
            delimiter: b',',
            time: TimeFormat::Iso8601,
        }
    }
}

impl CsvReader {
    /// The field delimiter (default `,`).
    pub fn delimiter(self, delimiter: u8) -> Self {
        self.map_format(|f| f.delimiter = delimiter)
    }

    /// How the time column is parsed (default ISO 8601).
    pub fn time_format(self, format: TimeFormat) -> Self {
        self.map_format(|f| f.time = format)
    }
}

impl CsvWriter {
    /// The field delimiter (default `,`).
    pub fn delimiter(self, delimiter: u8) -> Self {
        self.map_format(|f| f.delimiter = delimiter)
    }
}

impl sealed::ReadFormat for Csv {
    fn source_name(&self) -> &'static str {
        "csv"
    }

    fn open(&self, path: &Path, wanted: &Wanted<'_>) -> Result<Option<Opened>, DataError> {
        let name = path.display().to_string();
        let file = match File::open(path) {
            Ok(f) => f,
            Err(_) if !path.exists() => return Ok(None),
            Err(e) => {
                return Err(DataError::Open {
                    file: name,
                    message: e.to_string(),
                });
            }
        };
        let mut csv = csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .from_reader(BufReader::new(file));
        let header = csv.headers().map_err(|e| corrupt(&name, &e))?.clone();
        let index = |column: &str| header.iter().position(|h| h == column);
        // The columns read, in schema order: time, symbol, then the subscriptions'.
        let mut columns: Vec<(usize, Field)> = Vec::new();
        let mut add = |column: &str, dt: DataType| {
            if let Some(i) = index(column)
                && !columns.iter().any(|(_, f)| f.name() == column)
            {
                columns.push((i, Field::new(column, dt, true)));
            }
        };
        add(
            wanted.time_column,
            DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into())),
        );
        if let Some(s) = wanted.symbol_column {
            add(s, DataType::Utf8);
        }
        for (c, dt) in wanted.columns {
            add(c, dt.clone());
        }
        let schema = Arc::new(Schema::new(
            columns.iter().map(|(_, f)| f.clone()).collect::<Vec<_>>(),
        ));
        let batches = CsvBatches {
            csv,
            file: name,
            schema: schema.clone(),
            indices: columns.iter().map(|(i, _)| *i).collect(),
            // Past the time and symbol columns, a string column's empty field is "".
            empty_is_text: columns
                .iter()
                .enumerate()
                .map(|(k, (_, f))| {
                    let keyed = k == 0 || (k == 1 && wanted.symbol_column.is_some());
                    !keyed && f.data_type() == &DataType::Utf8
                })
                .collect(),
            time: self.time.clone(),
            zone: wanted.zone,
            batch_size: wanted.batch_size,
            rows: 0,
            record: csv::StringRecord::new(),
            done: false,
        };
        Ok(Some(Opened {
            schema,
            batches: BatchStream::Movable(Box::new(batches)),
            parts: Vec::new(),
        }))
    }
}

fn corrupt(file: &str, e: &csv::Error) -> DataError {
    DataError::Corrupt {
        file: file.to_string(),
        message: e.to_string(),
    }
}

/// A CSV file read as record batches of the wanted columns.
struct CsvBatches {
    csv: csv::Reader<BufReader<File>>,
    file: String,
    schema: SchemaRef,
    /// Each schema column's field index in the file.
    indices: Vec<usize>,
    /// Whether the column's empty field is the empty string (else a null).
    empty_is_text: Vec<bool>,
    time: TimeFormat,
    zone: FixedOffset,
    batch_size: usize,
    /// Data rows read so far (the next batch's first row).
    rows: u64,
    record: csv::StringRecord,
    done: bool,
}

impl Iterator for CsvBatches {
    type Item = Result<RecordBatch, DataError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let result = self.read_batch();
        if !matches!(result, Ok(Some(_))) {
            self.done = true;
        }
        result.transpose()
    }
}

impl CsvBatches {
    fn read_batch(&mut self) -> Result<Option<RecordBatch>, DataError> {
        let mut text: Vec<StringBuilder> = self
            .indices
            .iter()
            .map(|_| StringBuilder::with_capacity(self.batch_size, self.batch_size * 8))
            .collect();
        let mut n = 0;
        while n < self.batch_size {
            if !self
                .csv
                .read_record(&mut self.record)
                .map_err(|e| corrupt(&self.file, &e))?
            {
                break;
            }
            for ((b, &i), &text) in text.iter_mut().zip(&self.indices).zip(&self.empty_is_text) {
                match self.record.get(i) {
                    Some("") if text => b.append_value(""),
                    Some("") | None => b.append_null(),
                    Some(v) => b.append_value(v),
                }
            }
            n += 1;
        }
        if n == 0 {
            return Ok(None);
        }
        let first = self.rows;
        self.rows += n as u64;
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(text.len());
        for (mut b, field) in text.into_iter().zip(self.schema.fields()) {
            let strings = b.finish();
            let array = if arrays.is_empty() && matches!(field.data_type(), DataType::Timestamp(..))
            {
                self.times(&strings, field.name(), first)?
            } else {
                parse(&strings, field, &self.file, first)?
            };
            arrays.push(array);
        }
        RecordBatch::try_new(self.schema.clone(), arrays)
            .map(Some)
            .map_err(|e| DataError::Corrupt {
                file: self.file.clone(),
                message: e.to_string(),
            })
    }

    /// The time column, in nanoseconds (UTC).
    fn times(&self, text: &StringArray, column: &str, first: u64) -> Result<ArrayRef, DataError> {
        let mut out = TimestampNanosecondBuilder::with_capacity(text.len());
        for (i, v) in text.iter().enumerate() {
            match v {
                None => out.append_null(),
                Some(v) => match parse_time(v.trim(), &self.time, &self.zone) {
                    Some(t) => out.append_value(t),
                    None => {
                        return Err(DataError::Row {
                            file: self.file.clone(),
                            row: first + i as u64,
                            error: ColumnError {
                                column: column.to_string(),
                                kind: ColumnErrorKind::Parse {
                                    value: v.to_string(),
                                    expected: format!("time ({:?})", self.time),
                                },
                            },
                        });
                    }
                },
            }
        }
        Ok(Arc::new(out.finish().with_timezone("UTC")))
    }
}

/// Parses a column's text as its field's type; a value that does not parse is an error
/// naming its row.
fn parse(text: &StringArray, field: &Field, file: &str, first: u64) -> Result<ArrayRef, DataError> {
    if field.data_type() == &DataType::Utf8 {
        return Ok(Arc::new(text.clone()));
    }
    // Named zones need chrono-tz (not built): a UTC timestamp is parsed as "+00:00", the
    // same instant, and labelled back.
    let (to, zone) = match field.data_type() {
        DataType::Timestamp(unit, Some(tz)) if is_utc(tz) => {
            (DataType::Timestamp(*unit, Some("+00:00".into())), Some(tz))
        }
        other => (other.clone(), None),
    };
    // `safe` casting turns what does not parse into nulls: a null that was not null in the
    // text is the row to report.
    let mut parsed = arrow_cast::cast(text, &to).map_err(|e| DataError::Corrupt {
        file: file.to_string(),
        message: format!("column '{}': {e}", field.name()),
    })?;
    if let Some(tz) = zone {
        parsed = with_zone(&parsed, tz);
    }
    if parsed.null_count() != text.null_count()
        && let Some(i) = (0..text.len()).find(|&i| parsed.is_null(i) && !text.is_null(i))
    {
        return Err(DataError::Row {
            file: file.to_string(),
            row: first + i as u64,
            error: ColumnError {
                column: field.name().clone(),
                kind: ColumnErrorKind::Parse {
                    value: text.value(i).to_string(),
                    expected: field.data_type().to_string(),
                },
            },
        });
    }
    Ok(parsed)
}

/// `text`, a count of units of `per_unit` nanoseconds with an optional decimal fraction,
/// in nanoseconds: exactly (digits, not a float), the fraction cut at the nanosecond.
fn epoch_nanos(text: &str, per_unit: i64) -> Option<i64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let negative = whole.starts_with('-');
    let units: i64 = whole.parse().ok()?;
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // The fraction's digits, as nanoseconds of one unit.
    let mut part = 0i64;
    let mut scale = per_unit;
    for d in fraction.bytes() {
        scale /= 10;
        if scale == 0 {
            break;
        }
        part += i64::from(d - b'0') * scale;
    }
    let ns = units.checked_mul(per_unit)?;
    if negative {
        ns.checked_sub(part)
    } else {
        ns.checked_add(part)
    }
}

/// A time's nanoseconds since the epoch, or `None` if `text` is not in `format`.
fn parse_time(text: &str, format: &TimeFormat, zone: &FixedOffset) -> Option<i64> {
    let local = |naive: NaiveDateTime| zone.from_local_datetime(&naive).single();
    let utc = match format {
        TimeFormat::Iso8601 => arrow_cast::parse::string_to_datetime(zone, text).ok()?,
        TimeFormat::Pattern(p) if p.contains("%z") || p.contains("%:z") => {
            DateTime::parse_from_str(text, p).ok()?
        }
        TimeFormat::Pattern(p) => local(NaiveDateTime::parse_from_str(text, p).ok()?)?,
        TimeFormat::Epoch(unit) => {
            let per_unit: i64 = match unit {
                TimeUnit::Second => 1_000_000_000,
                TimeUnit::Millisecond => 1_000_000,
                TimeUnit::Microsecond => 1_000,
                TimeUnit::Nanosecond => 1,
            };
            return epoch_nanos(text, per_unit);
        }
    };
    utc.timestamp_nanos_opt()
}

impl sealed::WriteFormat for Csv {
    fn node_name(&self) -> &'static str {
        "csv_writer"
    }

    fn create(&self, file: File, schema: SchemaRef) -> Result<Box<dyn sealed::BatchFile>, String> {
        // CSV is flat: a nested record would be written as text the reader cannot read back.
        if let Some(f) = schema
            .fields()
            .iter()
            .find(|f| matches!(f.data_type(), DataType::Struct(_)))
        {
            return Err(format!(
                "column '{}' is a nested record (a struct): CSV has no nested columns",
                f.name()
            ));
        }
        let mut w = csv::WriterBuilder::new()
            .delimiter(self.delimiter)
            .from_writer(BufWriter::new(file));
        w.write_record(schema.fields().iter().map(|f| f.name().as_str()))
            .map_err(|e| e.to_string())?;
        Ok(Box::new(CsvFile {
            w,
            field: String::new(),
        }))
    }
}

struct CsvFile {
    w: csv::Writer<BufWriter<File>>,
    /// One field's text, reused.
    field: String,
}

impl sealed::BatchFile for CsvFile {
    fn write(&mut self, batch: &RecordBatch) -> Result<(), String> {
        use std::fmt::Write as _;
        // RFC 3339 with nanoseconds, what the reader reads back exactly.
        let options = FormatOptions::default()
            .with_null("")
            .with_timestamp_tz_format(Some("%Y-%m-%dT%H:%M:%S%.9f%:z"));
        let columns: Vec<ArrayRef> = batch.columns().iter().map(formattable).collect();
        let formatters = columns
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        for row in 0..batch.num_rows() {
            for f in &formatters {
                self.field.clear();
                write!(self.field, "{}", f.value(row)).map_err(|e| e.to_string())?;
                self.w.write_field(&self.field).map_err(|e| e.to_string())?;
            }
            self.w
                .write_record(None::<&[u8]>)
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    fn close(self: Box<Self>) -> Result<File, String> {
        let buffered = self.w.into_inner().map_err(|e| e.to_string())?;
        buffered.into_inner().map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::epoch_nanos;

    #[test]
    fn epoch_fractions_are_exact_to_the_nanosecond() {
        let s = 1_000_000_000;
        assert_eq!(
            epoch_nanos("1577836801.123456789", s),
            Some(1_577_836_801_123_456_789)
        );
        assert_eq!(
            epoch_nanos("1577836801.1234567891", s),
            Some(1_577_836_801_123_456_789)
        );
        assert_eq!(epoch_nanos("-1.5", s), Some(-1_500_000_000));
        assert_eq!(epoch_nanos("-0.5", s), Some(-500_000_000));
        assert_eq!(epoch_nanos("1500.25", 1_000_000), Some(1_500_250_000));
        assert_eq!(epoch_nanos("7", 1), Some(7));
        assert_eq!(epoch_nanos("1.x", s), None);
        assert_eq!(epoch_nanos("9223372037", s), None);
    }
}
