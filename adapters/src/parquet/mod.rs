//! Parquet files as time series: [`ParquetReader`] replays them with csp's semantics.

mod cursor;
mod reader;
mod source;
mod subscription;
mod symbols;

pub use reader::ParquetReader;
