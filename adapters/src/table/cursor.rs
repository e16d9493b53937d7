//! The rows of a sequence of files (of any [`ReadFormat`](super::ReadFormat)), one record
//! batch at a time, with each row's time and symbol group decoded: what the reader's
//! source walks through.

use super::format::{Wanted, sealed::ReadFormat};
use super::prepare::{Prepare, Prepared};
use super::read_ahead::PreparedBatches;
use super::symbols::SymbolMap;
use crate::error::DataError;
use arrow_array::RecordBatch;
use arrow_schema::DataType;
use std::path::PathBuf;
use std::sync::Arc;
use tickgraph_engine::time::Time;

/// What the cursor needs to know about the data.
pub(crate) struct Layout {
    pub(crate) time_column: String,
    pub(crate) symbol_column: Option<String>,
    /// Every column a subscription reads, with its type (projection: no other column is
    /// decoded).
    pub(crate) columns: Vec<(String, DataType)>,
    pub(crate) time_shift: i64,
    /// The zone of naive times.
    pub(crate) zone: chrono::FixedOffset,
    pub(crate) batch_size: usize,
    /// Whether a format that can decodes on a thread of its own, ahead of the engine.
    pub(crate) read_ahead: bool,
    pub(crate) allow_missing_files: bool,
    pub(crate) allow_overlapping_periods: bool,
}

/// One decoded batch.
pub(crate) struct Batch {
    pub(crate) data: RecordBatch,
    /// Each row's time, shifted, in nanoseconds.
    pub(crate) times: Vec<i64>,
    /// Each row's symbol group ([`NO_GROUP`] for a symbol nobody subscribed to).
    pub(crate) groups: Vec<u32>,
    /// The batch's first row, counted over the rows read from the file (see
    /// [`Cursor::file_row`] for its row in the file).
    pub(crate) first_row: u64,
    /// The first row without a time, if any.
    null_time: Option<usize>,
    /// The rows before this one are known to be in order (checked when the batch was
    /// decoded), so that [`Cursor::peek`] checks nothing for them, and the reader passes
    /// them without it.
    pub(crate) in_order: usize,
}

/// A position in the rows of the files, in file order.
pub(crate) struct Cursor {
    layout: Layout,
    format: Box<dyn ReadFormat>,
    symbols: Arc<SymbolMap>,
    files: std::vec::IntoIter<PathBuf>,
    file: String,
    reader: Option<PreparedBatches>,
    rows_read: u64,
    pub(crate) batch: Option<Batch>,
    /// The row in `batch` that is next.
    pub(crate) row: usize,
    /// The time of the last row passed (within a file: rows must not go back).
    last: i64,
    /// The last time of the previous files (rows before it overlap).
    previous_files_end: i64,
    /// Set when the batch changed: subscriptions bind to the new one.
    pub(crate) fresh: bool,
    /// The run's time range: row groups wholly outside it are not read.
    range: (i64, i64),
    /// The parts of the current file read: (first row in the file, rows); empty when
    /// every row is read.
    groups_read: Vec<(u64, u64)>,
}

impl Cursor {
    pub(crate) fn new(
        layout: Layout,
        format: Box<dyn ReadFormat>,
        symbols: Arc<SymbolMap>,
        files: Vec<PathBuf>,
    ) -> Self {
        Cursor {
            layout,
            format,
            symbols,
            files: files.into_iter(),
            file: String::new(),
            reader: None,
            rows_read: 0,
            batch: None,
            row: 0,
            last: i64::MIN,
            previous_files_end: i64::MIN,
            fresh: false,
            range: (i64::MIN, i64::MAX),
            groups_read: Vec::new(),
        }
    }

    /// Parts of a file whose times are all outside `[start, end]` may be skipped (Parquet
    /// row groups, by the file's statistics): a day out of a year-long file reads that day.
    pub(crate) fn set_range(&mut self, start: i64, end: i64) {
        self.range = (start, end);
    }

    /// The row in the file of the `n`-th row read from it (they differ when row groups
    /// were skipped).
    pub(crate) fn file_row(&self, mut n: u64) -> u64 {
        for &(first, rows) in &self.groups_read {
            if n < rows {
                return first + n;
            }
            n -= rows;
        }
        n
    }

    /// The symbol column, if the reader has one.
    pub(crate) fn symbol_column(&self) -> Option<&str> {
        self.layout.symbol_column.as_deref()
    }

    /// The file being read.
    pub(crate) fn file(&self) -> &str {
        &self.file
    }

    /// The time of the next row, reading on as needed; `None` at the end of the data.
    /// Rows of a later file that overlap the files before are skipped with
    /// `allow_overlapping_periods`, and an error otherwise.
    #[inline]
    pub(crate) fn peek(&mut self) -> Result<Option<i64>, DataError> {
        // The hot path, once per row and once more per time slice: a row checked in order
        // when its batch was decoded.
        if let Some(b) = &self.batch
            && self.row < b.in_order
        {
            return Ok(Some(b.times[self.row]));
        }
        self.peek_checked()
    }

    /// [`Cursor::peek`] with every check: the reference behaviour, and the path for the
    /// rows after a batch's first disorder, null time or overlap.
    #[inline(never)]
    pub(crate) fn peek_checked(&mut self) -> Result<Option<i64>, DataError> {
        loop {
            if let Some(b) = &self.batch
                && self.row < b.times.len()
            {
                if b.null_time == Some(self.row) {
                    return Err(DataError::NullTime {
                        file: self.file.clone(),
                        row: self.file_row(b.first_row + self.row as u64),
                        column: self.layout.time_column.clone(),
                    });
                }
                let t = b.times[self.row];
                if t < self.last {
                    let row = self.file_row(b.first_row + self.row as u64);
                    return Err(DataError::OutOfOrder {
                        file: self.file.clone(),
                        row,
                        time: Time::from_nanos(t),
                        previous: Time::from_nanos(self.last),
                    });
                }
                if t < self.previous_files_end {
                    if self.layout.allow_overlapping_periods {
                        self.row += 1;
                        continue;
                    }
                    return Err(DataError::Overlap {
                        file: self.file.clone(),
                        row: self.file_row(b.first_row + self.row as u64),
                        time: Time::from_nanos(t),
                        previous: Time::from_nanos(self.previous_files_end),
                    });
                }
                return Ok(Some(t));
            }
            if !self.next_batch()? {
                return Ok(None);
            }
        }
    }

    /// Passes the rows before `row` of the batch, the last of them at `time`: the next row
    /// and those after it that are checked in order (`Batch::in_order`), whose times the
    /// caller read.
    #[inline(always)]
    pub(crate) fn pass_to(&mut self, row: usize, time: i64) {
        self.row = row;
        self.last = time;
    }

    /// Passes the next row (after [`Cursor::peek`] returned its time).
    pub(crate) fn advance(&mut self) {
        if let Some(b) = &self.batch {
            self.last = b.times[self.row];
        }
        self.row += 1;
    }

    /// Reads the next batch, opening the next file when one ends; false at the end.
    fn next_batch(&mut self) -> Result<bool, DataError> {
        loop {
            if let Some(reader) = &mut self.reader {
                match reader.next() {
                    Some(Ok(prepared)) => {
                        if prepared.times.is_empty() {
                            continue;
                        }
                        let first_row = self.rows_read;
                        self.rows_read += prepared.times.len() as u64;
                        self.batch = Some(self.batch_of(prepared, first_row));
                        self.row = 0;
                        self.fresh = true;
                        return Ok(true);
                    }
                    Some(Err(e)) => return Err(e),
                    None => {
                        self.reader = None;
                        self.previous_files_end = self.previous_files_end.max(self.last);
                        self.last = i64::MIN;
                    }
                }
            }
            let Some(path) = self.files.next() else {
                self.batch = None;
                return Ok(false);
            };
            self.open(path)?;
        }
    }

    fn open(&mut self, path: PathBuf) -> Result<(), DataError> {
        self.file = path.display().to_string();
        self.rows_read = 0;
        let shift = self.layout.time_shift;
        let wanted = Wanted {
            time_column: &self.layout.time_column,
            symbol_column: self.layout.symbol_column.as_deref(),
            columns: &self.layout.columns,
            batch_size: self.layout.batch_size,
            zone: self.layout.zone,
            range: (
                self.range.0.saturating_sub(shift),
                self.range.1.saturating_sub(shift),
            ),
        };
        let Some(opened) = self.format.open(&path, &wanted)? else {
            if self.layout.allow_missing_files {
                return Ok(());
            }
            return Err(DataError::Open {
                file: self.file.clone(),
                message: "no such file".into(),
            });
        };
        // Missing columns are reported when the subscriptions bind (with the column's
        // name); the time and symbol columns are checked here.
        let schema = &opened.schema;
        for (name, is_time) in std::iter::once((&self.layout.time_column, true))
            .chain(self.layout.symbol_column.iter().map(|s| (s, false)))
        {
            let Ok(field) = schema.field_with_name(name) else {
                return Err(DataError::Column {
                    file: self.file.clone(),
                    error: crate::columnar::ColumnError {
                        column: name.clone(),
                        kind: crate::columnar::ColumnErrorKind::Missing,
                    },
                });
            };
            let dt = field.data_type();
            if is_time && !matches!(dt, DataType::Timestamp(..)) {
                return Err(DataError::TimeType {
                    file: self.file.clone(),
                    column: name.clone(),
                    actual: dt.to_string(),
                });
            }
            if !is_time && !SymbolMap::accepts(dt) {
                return Err(DataError::SymbolType {
                    file: self.file.clone(),
                    column: name.clone(),
                    actual: dt.to_string(),
                });
            }
        }
        self.groups_read = opened.parts;
        let prepare = Prepare {
            time_column: self.layout.time_column.clone(),
            symbol_column: self.layout.symbol_column.clone(),
            time_shift: self.layout.time_shift,
            zone: self.layout.zone,
            symbols: self.symbols.clone(),
            file: self.file.clone(),
        };
        self.reader = Some(opened.batches.start(self.layout.read_ahead, prepare));
        Ok(())
    }

    /// The cursor's batch of a prepared one: its rows in order are those sorted when it
    /// was prepared, if the first is not before the rows read before it.
    fn batch_of(&self, p: Prepared, first_row: u64) -> Batch {
        let floor = self.last.max(self.previous_files_end);
        let in_order = match p.times.first() {
            Some(&t) if p.sorted > 0 && t >= floor => p.sorted,
            _ => 0,
        };
        Batch {
            data: p.data,
            times: p.times,
            groups: p.groups,
            first_row,
            null_time: p.null_time,
            in_order,
        }
    }
}
