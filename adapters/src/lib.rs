//! File and feed adapters for tickgraph, each behind a cargo feature: the Parquet reader and
//! writer and run results as Arrow batches (`parquet`, on by default), the TCP line feed
//! (`tcp`, on by default) and the Redis Streams feed and sink (`redis`, on by default),
//! built on the engine's adapter traits as a user's own adapter would be.
#![deny(missing_docs)]

pub use tickgraph_engine::adapter::{PullAdapter, PushMode};

#[cfg(feature = "parquet")]
pub mod columnar;
#[cfg(feature = "parquet")]
mod error;
#[cfg(feature = "parquet")]
pub use error::DataError;
#[cfg(feature = "parquet")]
pub mod parquet;
#[cfg(feature = "parquet")]
pub mod results;
// What every live feed shares: policies, backoff, counters, the status series.
#[cfg(any(feature = "tcp", feature = "redis"))]
pub mod feed;
#[cfg(feature = "redis")]
pub mod redis;
#[cfg(feature = "tcp")]
pub mod tcp;
