//! Parquet files as time series: [`ParquetReader`] replays them with csp's semantics, and
//! [`ParquetWriter`] writes series as they tick.

mod cursor;
mod reader;
mod source;
mod subscription;
mod symbols;
mod writer;

pub use reader::ParquetReader;
pub use writer::{Codec, ParquetWriter};
