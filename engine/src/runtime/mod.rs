//! Running a graph: the run configuration, the simulation and realtime loops, running on
//! another thread, and results.

pub(crate) mod config;
pub(crate) mod engine;
pub(crate) mod realtime;
pub(crate) mod result;

pub use crate::ctx::{Ctx, SourceId};
pub use config::{DEFAULT_QUEUE_WAIT_TIME, RunConfig};
pub use engine::RunStats;
pub use realtime::{RunHandle, run_on_thread};
pub use result::RunResult;

use crate::error::Result;
use crate::graph::Graph;

impl Graph {
    /// Compiles and runs the graph; returns the recorded graph outputs.
    ///
    /// A historical run ([`RunConfig::historical`]) replays simulated time; a realtime run
    /// ([`RunConfig::realtime`]) follows the wall clock, on this thread, until its end or a
    /// stop request. To run a graph on a thread of its own, see [`run_on_thread`].
    pub fn run(&self, config: RunConfig) -> Result<RunResult> {
        let (start, end) = config.resolve()?;
        // A realtime run always has a push queue: it is what the loop waits on.
        let queue = config.is_realtime().then(|| self.push_queue());
        let compiled = crate::graph::compile::compile(self, start, end)?;
        let mut engine = engine::Engine::new(compiled);
        if config.uses_reference_scheduler() {
            engine.use_reference_scheduler();
        }
        match queue {
            None => engine.run(self.existing_push_queue().as_deref()),
            Some(queue) => {
                let _ctrl_c = if config.stops_on_ctrl_c() {
                    Some(realtime::CtrlC::register(&queue)?)
                } else {
                    None
                };
                let wait = config.queue_wait_time().to_std().unwrap_or_default();
                engine.run_realtime(queue, wait)
            }
        }
    }
}
