//! Tables as time series, whatever the file format: [`Reader`] replays files of rows in
//! graph time (csp's `ParquetReader` semantics), and [`Writer`] writes series as rows, one
//! per engine cycle. A format ([`ReadFormat`], [`WriteFormat`]) only says how a file
//! becomes record batches and back: Parquet ([`crate::parquet`]), CSV ([`crate::csv`]) and
//! batches in memory ([`crate::batches`]) share everything else.

mod cursor;
pub(crate) mod format;
mod prepare;
mod read_ahead;
mod reader;
mod source;
mod subscription;
mod symbols;
mod writer;

#[cfg(all(test, feature = "parquet"))]
mod tests;

pub use format::{ReadFormat, WriteFormat};
pub use reader::Reader;
pub use writer::Writer;
