//! The reference scheduler: every node checked in every cycle, in rank order.
//!
//! Deliberately naive (STYLE.md: "a slow full sweep kept as an oracle for the fast one"):
//! a node runs if one of its active inputs ticked in this cycle. Tests run graphs through
//! both schedulers and compare what they produce.

use super::{Engine, Running};
use crate::error::NodeError;
use crate::ts::cell::AnyCell;
use std::rc::Rc;

/// Each node's inputs: the producer's cell and the input's place among its subscribers
/// (for its active flag).
pub(super) struct Sweep {
    inputs: Vec<Vec<(Rc<dyn AnyCell>, usize)>>,
}

impl Engine {
    /// Switches this engine to the reference scheduler.
    pub(crate) fn use_reference_scheduler(&mut self) {
        let mut inputs = vec![Vec::new(); self.node_count];
        for cell in &self.cells {
            for (k, s) in cell.subscribers().iter().enumerate() {
                inputs[s.node as usize].push((cell.clone(), k));
            }
        }
        self.reference = Some(Sweep { inputs });
    }

    /// Phase two of a cycle under the reference scheduler. Producers still mark the step
    /// table as they tick; the sweep ignores the marks and clears them.
    pub(super) fn execute_sweep(&mut self) -> Result<u32, NodeError> {
        let cycle = self.ctx.cycle;
        let mut executed = 0;
        for i in 0..self.node_count {
            let sweep = self
                .reference
                .as_ref()
                .expect("invariant: called in reference mode");
            let triggered = sweep.inputs[i].iter().any(|(cell, k)| {
                cell.header().last_cycle.get() == cycle && cell.subscribers()[*k].active.get()
            });
            if !triggered {
                continue;
            }
            self.running.set(Running::node(i as u32));
            executed += 1;
            self.nodes[i].execute(&mut self.ctx)?;
        }
        self.step.clear();
        self.running.set(Running::DUE_SOURCE);
        Ok(executed)
    }
}
