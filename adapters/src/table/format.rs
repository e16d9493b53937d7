//! What a file format plugs into the table reader and writer: how to open a file as a
//! stream of record batches, and how to write record batches to a file. Everything else
//! (time order, symbols, subscriptions, one row per cycle, the atomic finish) is shared.

pub use super::read_ahead::BatchStream;
use crate::error::DataError;
use arrow_array::RecordBatch;
use arrow_schema::{DataType, SchemaRef};
use std::fs::File;
use std::path::Path;

/// What the reader wants from a file (the fields are the crate's: formats are sealed).
pub struct Wanted<'a> {
    pub(crate) time_column: &'a str,
    pub(crate) symbol_column: Option<&'a str>,
    /// Every column a subscription reads, with the type it reads it as (formats without
    /// a schema of their own, such as CSV, parse to these).
    pub(crate) columns: &'a [(String, DataType)],
    pub(crate) batch_size: usize,
    /// The zone of naive times.
    pub(crate) zone: chrono::FixedOffset,
    /// The run's time range in nanoseconds, shifted back by the reader's time shift: a
    /// format may skip the parts of a file wholly outside it.
    pub(crate) range: (i64, i64),
}

/// An opened file (the fields are the crate's: formats are sealed): its batches (with the time column a timestamp, if it exists) and
/// where the rows read sit in the file.
pub struct Opened {
    pub(crate) schema: SchemaRef,
    pub(crate) batches: BatchStream,
    /// The parts of the file read, in order, as (first row in the file, rows); empty when
    /// every row is read.
    pub(crate) parts: Vec<(u64, u64)>,
}

pub(crate) mod sealed {
    use super::{DataError, File, Opened, Path, RecordBatch, SchemaRef, Wanted};

    /// A format the table reader can read.
    pub trait ReadFormat {
        /// The reader's source name in the graph (and in errors).
        fn source_name(&self) -> &'static str;
        /// Opens `path`; `Ok(None)` if there is no such file.
        fn open(&self, path: &Path, wanted: &Wanted<'_>) -> Result<Option<Opened>, DataError>;
    }

    /// A format the table writer can write.
    pub trait WriteFormat {
        /// The writer's node name in the graph (and in errors).
        fn node_name(&self) -> &'static str;
        /// Starts writing batches of `schema` to `file`.
        fn create(&self, file: File, schema: SchemaRef) -> Result<Box<dyn BatchFile>, String>;
    }

    /// A file being written.
    pub trait BatchFile {
        fn write(&mut self, batch: &RecordBatch) -> Result<(), String>;
        /// Writes what is buffered and the file's footer, and hands the file back.
        fn close(self: Box<Self>) -> Result<File, String>;
    }
}

/// A file format the table reader reads ([`crate::table::Reader`]): Parquet, CSV, or
/// record batches in memory.
pub trait ReadFormat: sealed::ReadFormat + Clone + 'static {}
impl<F: sealed::ReadFormat + Clone + 'static> ReadFormat for F {}

/// A file format the table writer writes ([`crate::table::Writer`]): Parquet or CSV.
pub trait WriteFormat: sealed::WriteFormat + Clone + 'static {}
impl<F: sealed::WriteFormat + Clone + 'static> WriteFormat for F {}
