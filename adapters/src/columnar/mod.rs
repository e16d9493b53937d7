//! Columnar data as Rust values: a column as a [`ColumnValue`], a row as a [`Record`].
//! The table readers and writers build on these; a record is itself a column (an Arrow
//! struct), so records nest.

mod column;
mod nested;
mod record;
pub(crate) mod zone;

pub use column::ColumnValue;
pub(crate) use column::is_string;
pub use nested::{NestedBuilder, NestedColumn};
pub use record::{BindOptions, ColumnError, ColumnErrorKind, Record, bind_column, required};

/// Arrow types, re-exported for `#[derive(Record)]`'s generated code.
pub use arrow_array::{ArrayRef, RecordBatch};
pub use arrow_schema::DataType;
