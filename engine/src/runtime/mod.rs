//! Running a graph: the run configuration, the simulation loop, the node context and results.

pub(crate) mod config;
pub(crate) mod ctx;
pub(crate) mod engine;
pub(crate) mod result;

pub use config::RunConfig;
pub use ctx::{Ctx, SourceId};
pub use engine::RunStats;
pub use result::RunResult;
