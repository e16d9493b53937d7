//! Running a graph: the run configuration, the simulation loop and results.

pub(crate) mod config;
pub(crate) mod engine;
pub(crate) mod result;

pub use crate::ctx::{Ctx, SourceId};
pub use config::RunConfig;
pub use engine::RunStats;
pub use result::RunResult;

use crate::error::Result;
use crate::graph::Graph;

impl Graph {
    /// Compiles and runs the graph; returns the recorded graph outputs.
    pub fn run(&self, config: RunConfig) -> Result<RunResult> {
        let (start, end) = config.resolve()?;
        let compiled = crate::graph::compile::compile(self, start, end)?;
        let mut engine = engine::Engine::new(compiled);
        if config.uses_reference_scheduler() {
            engine.use_reference_scheduler();
        }
        engine.run()
    }
}
