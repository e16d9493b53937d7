//! Columnar data as Rust values: a column as a [`ColumnValue`], a row as a [`Record`].
//! The Parquet reader (and, later, CSV and Arrow sources and the writers) build on these.

mod column;
mod record;
pub(crate) mod zone;

pub use column::ColumnValue;
pub(crate) use column::is_string;
pub use record::{BindOptions, ColumnError, ColumnErrorKind, Record, bind_column, required};

/// Arrow types, re-exported for `#[derive(Record)]`'s generated code.
pub use arrow_array::{ArrayRef, RecordBatch};
pub use arrow_schema::DataType;
