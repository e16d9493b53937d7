//! Columnar data as Rust values: a column as a [`ColumnValue`], a row as a [`Record`].
//! The Parquet reader (and, later, CSV and Arrow sources and the writers) build on these.

mod column;
mod record;

pub use column::ColumnValue;
pub(crate) use column::is_string;
pub use record::{BindOptions, ColumnError, ColumnErrorKind, Record, bind_column, required};

/// Arrow's record batch, re-exported for `#[derive(Record)]`'s generated code.
pub use arrow_array::RecordBatch;
