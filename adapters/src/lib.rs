//! File and feed adapters for tickgraph (Parquet, CSV, live feeds) land here, each behind a feature.
#![deny(missing_docs)]

pub use tickgraph_engine::adapter::{PullAdapter, PushMode};

#[cfg(feature = "tcp")]
pub mod tcp;
