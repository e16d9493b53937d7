//! Records: Rust structs read from (and written to) the columns of a record batch, one
//! field per column. `#[derive(Record)]` implements [`Record`] for a struct.

use super::column::ColumnValue;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::DataType;
use std::fmt;

/// A struct whose fields are columns of a record batch (Parquet, CSV, Arrow), read and
/// written. Implemented by `#[derive(Record)]` (in `tickgraph::prelude`), whose generated
/// code uses [`bind_column`], [`required`] and each field's [`ColumnValue`].
///
/// ```
/// use tickgraph_adapters::columnar::{BindOptions, Record};
/// use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch};
/// use std::sync::Arc;
///
/// #[derive(Clone, Debug, PartialEq, tickgraph_macros::Record)]
/// #[record(crate = "tickgraph_adapters")]
/// struct Trade { price: f64, qty: Option<i64> }
///
/// let batch = RecordBatch::try_from_iter([
///     ("price", Arc::new(Float64Array::from(vec![1.5, 2.0])) as ArrayRef),
///     ("qty", Arc::new(Int64Array::from(vec![Some(3), None])) as ArrayRef),
/// ]).unwrap();
/// let d = Trade::bind(&batch, &BindOptions::default()).unwrap();
/// assert_eq!(Trade::decode(&d, 1).unwrap(), Trade { price: 2.0, qty: None });
///
/// // And back: columns built from records.
/// let mut b = Trade::builders(2);
/// Trade::append(&mut b, Some(&Trade { price: 1.5, qty: Some(3) }));
/// Trade::append(&mut b, None);
/// let columns = Trade::finish(&mut b);
/// assert_eq!(columns[1].null_count(), 1);
/// ```
pub trait Record: Sized + Clone + 'static {
    /// The record's columns bound to one batch.
    type Decoder;
    /// The column names the record reads, in field order (for projection).
    fn columns() -> Vec<&'static str>;
    /// Binds the record's columns in `batch`, by name.
    fn bind(batch: &RecordBatch, options: &BindOptions) -> Result<Self::Decoder, ColumnError>;
    /// The record at `row` of the bound batch.
    fn decode(decoder: &Self::Decoder, row: usize) -> Result<Self, ColumnError>;

    /// Column builders, one per field (writers).
    type Builders;
    /// The Arrow type of each column, in [`Record::columns`] order.
    fn data_types() -> Vec<DataType>;
    /// Empty builders with room for `rows`.
    fn builders(rows: usize) -> Self::Builders;
    /// Appends a record, or a row of nulls.
    fn append(builders: &mut Self::Builders, record: Option<&Self>);
    /// The columns built so far, in [`Record::columns`] order; the builders start over.
    fn finish(builders: &mut Self::Builders) -> Vec<ArrayRef>;
}

/// How columns are bound.
#[derive(Clone, Copy, Debug, Default)]
pub struct BindOptions {
    /// A column the data lacks reads as null (for `Option` fields) instead of failing.
    pub allow_missing_columns: bool,
}

/// What is wrong with one column; the reader adds the file and the row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnError {
    /// The column.
    pub column: String,
    /// What is wrong.
    pub kind: ColumnErrorKind,
}

/// The ways a column can be wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnErrorKind {
    /// The data has no column of that name.
    Missing,
    /// The column's type cannot be read as the field's.
    Type {
        /// The field's Rust type.
        expected: &'static str,
        /// The column's Arrow type.
        actual: String,
    },
    /// A null where the field is not an `Option`.
    Null,
    /// A column of an accepted type that still cannot be read (a struct with a null in a
    /// field that is not an `Option`, a cast that failed).
    Invalid {
        /// Why.
        reason: String,
    },
    /// A struct column (a nested record) with a null in a field that is not an `Option`,
    /// in a row where the struct is not null.
    NullField {
        /// The field, as a path within the struct (`bid.px`).
        field: String,
        /// The row in the batch (the reader names the row in the file).
        row: usize,
    },
    /// A text value (CSV) that does not parse as the column's type.
    Parse {
        /// The value, as written.
        value: String,
        /// The type it should be (an Arrow type, or the time format).
        expected: String,
    },
}

impl fmt::Display for ColumnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ColumnErrorKind::Missing => write!(f, "no column '{}'", self.column),
            ColumnErrorKind::Type { expected, actual } => write!(
                f,
                "column '{}' has type {actual}, which cannot be read as {expected}",
                self.column
            ),
            ColumnErrorKind::Null => write!(
                f,
                "column '{}' is null where its field is not an Option",
                self.column
            ),
            ColumnErrorKind::NullField { field, .. } => write!(
                f,
                "column '{}': field '{field}' is null where it is not an Option",
                self.column
            ),
            ColumnErrorKind::Invalid { reason } => {
                write!(f, "column '{}' cannot be read: {reason}", self.column)
            }
            ColumnErrorKind::Parse { value, expected } => write!(
                f,
                "column '{}': {value:?} is not a valid {expected}",
                self.column
            ),
        }
    }
}

impl std::error::Error for ColumnError {}

/// Binds column `name` of `batch` as `T`.
pub fn bind_column<T: ColumnValue>(
    batch: &RecordBatch,
    name: &str,
    options: &BindOptions,
) -> Result<T::Column, ColumnError> {
    let error = |kind| ColumnError {
        column: name.to_string(),
        kind,
    };
    let Some(array) = batch.column_by_name(name) else {
        return match T::missing_column() {
            Some(column) if options.allow_missing_columns => Ok(column),
            _ => Err(error(ColumnErrorKind::Missing)),
        };
    };
    let type_error = || {
        error(ColumnErrorKind::Type {
            expected: T::NAME,
            actual: array.data_type().to_string(),
        })
    };
    if !T::accepts(array.data_type()) {
        return Err(type_error());
    }
    T::bind(array).map_err(error)
}

/// The value at `row` of a bound column; a null is an error unless `T` is an `Option`.
#[inline]
pub fn required<T: ColumnValue>(
    column: &T::Column,
    row: usize,
    name: &str,
) -> Result<T, ColumnError> {
    T::get(column, row).ok_or_else(|| ColumnError {
        column: name.to_string(),
        kind: ColumnErrorKind::Null,
    })
}
