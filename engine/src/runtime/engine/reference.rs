//! The reference scheduler: every node checked in every cycle, in rank order, and every
//! event popped and fired through its source.
//!
//! Deliberately naive (STYLE.md: "a slow full sweep kept as an oracle for the fast one"):
//! a node runs if one of its active inputs ticked in this cycle, and none of the fast
//! loop's shortcuts is taken: no slot 0 fired by the engine, no event refired in place
//! (a refire is a fresh push), no guess at the first node. Tests run graphs through both
//! schedulers and compare every output's times and values.

use super::{Engine, Running};
use crate::error::{Error, NodeError, Result};
use crate::scheduler::Refire;
use crate::scheduler::queue::EventTarget;
use crate::time::Time;
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

    /// Phase one of a cycle under the reference scheduler: pop each due event, fire it
    /// through its source (alarms too), and push its refire as a new event.
    pub(super) fn fire_due_events_plainly(&mut self, now: i64) -> Result<()> {
        let tail = self.ctx.queue_mut().tail();
        while let Some(ev) = self.ctx.queue_mut().pop_due(now, tail) {
            self.stats.events += 1;
            let id = EventTarget::decode(ev.source).source_index();
            self.running.set(Running::source(id));
            let fired = self.sources[id as usize].fire(&mut self.ctx, ev.token);
            match fired {
                Ok(Refire(t)) if t >= now => {
                    // Pushed with the source's plain index: its own `fire` handles every
                    // slot of an alarm, slot 0 included.
                    self.ctx
                        .queue_mut()
                        .push(t, EventTarget::source(id), ev.token);
                }
                Ok(Refire(t)) => {
                    return Err(self.error_here(Box::new(Error::ScheduleInPast {
                        requested: Time::from_nanos(t),
                        now: Time::from_nanos(now),
                    })));
                }
                Err(e) => return Err(self.error_here(*e)),
            }
        }
        self.running.set(Running::DUE_SOURCE);
        Ok(())
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
