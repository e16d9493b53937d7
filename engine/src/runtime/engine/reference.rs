//! The reference scheduler: every node checked in every cycle, in rank order.
//!
//! Deliberately naive (STYLE.md: "a slow full sweep kept as an oracle for the fast one"):
//! a node runs if one of its active inputs ticked in this cycle. Tests run graphs through
//! both schedulers and compare what they produce.

use super::{Engine, Running};
use crate::error::NodeError;
use crate::ts::cell::CellHeader;

/// A step-table word no consumer is in: `propagate` then marks every consumer (the marks are
/// cleared after the sweep) instead of handing bits back to a scan.
const NOT_SCANNING: u32 = u32::MAX - 1;

/// Each node's inputs: the producer's tick stamp and the edge (for its active flag).
pub(super) struct Sweep {
    inputs: Vec<Vec<(*const CellHeader, u32)>>,
}

impl Engine {
    /// Switches this engine to the reference scheduler.
    pub(crate) fn use_reference_scheduler(&mut self) {
        let mut inputs = vec![Vec::new(); self.nodes.len()];
        for c in &self.consumers {
            inputs[c.node as usize].push((c.header, c.edge));
        }
        self.reference = Some(Sweep { inputs });
    }

    /// Phase two of a cycle under the reference scheduler.
    pub(super) fn execute_sweep(&mut self) -> Result<(), NodeError> {
        let cycle = self.ctx.cycle;
        for i in 0..self.nodes.len() {
            let sweep = self
                .reference
                .as_ref()
                .expect("invariant: called in reference mode");
            let triggered = sweep.inputs[i].iter().any(|&(header, edge)| {
                // SAFETY: `_slots` keeps every cell, and so its header, alive.
                let ticked = unsafe { (*header).last_cycle.get() } == cycle;
                ticked && self.ctx.edges[edge as usize].active
            });
            if !triggered {
                continue;
            }
            self.running = Running::node(i as u32);
            self.stats.node_executions += 1;
            self.nodes[i].execute(&mut self.ctx)?;
            // Records basket elements in tick order; its step-table marks are not used.
            let meta = self.node_meta[i];
            self.propagate(meta, NOT_SCANNING);
            if meta.end_cycle {
                self.end_cycle_pending.push(i as u32);
            }
        }
        self.step.clear();
        self.running = Running::ENGINE;
        Ok(())
    }
}
