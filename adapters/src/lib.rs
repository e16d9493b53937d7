//! File and feed adapters for tickgraph, each behind a cargo feature, built on the engine's
//! adapter traits as a user's own adapter would be: the table reader and writer over
//! Parquet (`parquet`) and CSV (`csv`) files and record batches in memory, run results as
//! Arrow batches, the TCP line feed (`tcp`), the WebSocket JSON feed (`websocket`) and the
//! Redis Streams feed and sink (`redis`); all on by default but `redis` (the facade's `redis`
//! feature turns it on).
#![deny(missing_docs)]

pub use tickgraph_engine::adapter::{PullAdapter, PushMode};

#[cfg(feature = "arrow")]
pub mod batches;
#[cfg(feature = "arrow")]
pub mod columnar;
#[cfg(feature = "csv")]
pub mod csv;
#[cfg(feature = "arrow")]
mod error;
#[cfg(feature = "arrow")]
pub use error::DataError;
#[cfg(feature = "parquet")]
pub mod parquet;
#[cfg(feature = "arrow")]
pub mod results;
#[cfg(feature = "arrow")]
pub mod table;
// What every live feed shares: policies, backoff, counters, the status series.
#[cfg(any(feature = "tcp", feature = "websocket", feature = "redis"))]
pub mod feed;
#[cfg(feature = "redis")]
pub mod redis;
#[cfg(feature = "tcp")]
pub mod tcp;
#[cfg(feature = "websocket")]
pub mod websocket;
