//! The error of a file adapter: what is wrong, in which file, column and row.

use crate::columnar::ColumnError;
use tickgraph_engine::time::Time;

/// Bad input in a file: every variant names the file, and the column and row where there
/// is one. Returned from `Graph::run` as the source of `Error::Node` (which adds the
/// reader's name and the engine time).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {
    /// The file cannot be opened.
    #[error("{file}: cannot open: {message}")]
    Open {
        /// The file.
        file: String,
        /// Why.
        message: String,
    },
    /// The file cannot be written.
    #[error("{file}: cannot write: {message}")]
    Write {
        /// The file.
        file: String,
        /// Why.
        message: String,
    },
    /// The file is not valid Parquet, or is truncated or corrupt.
    #[error("{file}: cannot read: {message}")]
    Corrupt {
        /// The file.
        file: String,
        /// The decoder's message.
        message: String,
    },
    /// A column is missing or has a type its subscription cannot read.
    #[error("{file}: {error}")]
    Column {
        /// The file.
        file: String,
        /// The column and what is wrong with it.
        error: ColumnError,
    },
    /// A value in a row cannot be read (a null in a field that is not an `Option`).
    #[error("{file}, row {row}: {error}")]
    Row {
        /// The file.
        file: String,
        /// The 0-based row in the file.
        row: u64,
        /// The column and what is wrong with it.
        error: ColumnError,
    },
    /// The time column is not a timestamp.
    #[error("{file}: time column '{column}' must be a timestamp, not {actual}")]
    TimeType {
        /// The file.
        file: String,
        /// The time column.
        column: String,
        /// Its Arrow type.
        actual: String,
    },
    /// The symbol column is not a string, dictionary of strings or integer.
    #[error("{file}: symbol column '{column}' must hold strings or integers, not {actual}")]
    SymbolType {
        /// The file.
        file: String,
        /// The symbol column.
        column: String,
        /// Its Arrow type.
        actual: String,
    },
    /// A row has no time.
    #[error("{file}, row {row}: null in time column '{column}'")]
    NullTime {
        /// The file.
        file: String,
        /// The 0-based row in the file.
        row: u64,
        /// The time column.
        column: String,
    },
    /// A row has no symbol.
    #[error("{file}, row {row}: row with no value for symbol column '{column}'")]
    NullSymbol {
        /// The file.
        file: String,
        /// The 0-based row in the file.
        row: u64,
        /// The symbol column.
        column: String,
    },
    /// Times go backwards within one file.
    #[error("{file}, row {row}: time {time} is before the previous row's {previous}")]
    OutOfOrder {
        /// The file.
        file: String,
        /// The 0-based row in the file.
        row: u64,
        /// The row's time.
        time: Time,
        /// The time before it.
        previous: Time,
    },
    /// A file starts before the previous file ended (allow it with
    /// `allow_overlapping_periods`).
    #[error(
        "{file}, row {row}: time {time} overlaps the previous file, which reached {previous} \
         (cannot schedule event in the past; see allow_overlapping_periods)"
    )]
    Overlap {
        /// The file.
        file: String,
        /// The 0-based row in the file.
        row: u64,
        /// The row's time.
        time: Time,
        /// The last time of the files before.
        previous: Time,
    },
}
