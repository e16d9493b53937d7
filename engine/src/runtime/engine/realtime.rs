//! The realtime loop (csp's `RootEngine::runRealtime`): the past part of the run simulated
//! at full speed by the simulation loop, then cycles that follow the wall clock, taking
//! push events from adapter threads with csp's push-mode and push-group rules.
//!
//! Kept apart from the simulation loop, which it calls unchanged for the past part.

use super::{Engine, Running};
use crate::error::{Error, NodeError, Result};
use crate::node::PushPortInfo;
use crate::scheduler::push::{Drainer, GROUP_END, PushMsg, PushQueue};
use crate::scheduler::queue::NEVER;
use crate::time::Time;
use std::collections::VecDeque;
use std::time::Duration;

/// A push group's state in the cycle being built (csp's `PushGroup::State`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GroupState {
    None,
    /// A NON_COLLAPSING event of the group ticked; the rest of its batch may still tick.
    Locking,
    /// The batch with the NON_COLLAPSING event ended: the group's later events wait.
    Locked,
}

/// A port of the push queue, as this run sees it.
enum Entry {
    Live {
        port: Box<dyn crate::node::PushPort>,
        non_collapsing: bool,
        group: Option<usize>,
    },
    /// A push source pruned from this run: its values are dropped as they come.
    Pruned(Drainer),
}

/// The push side of one realtime run: ports by index, group states and deferred events
/// (csp's `PendingPushEvents`). A deferred event leaves its value in the port's channel:
/// a port's events are consumed in the order they were pushed, so the value the event
/// takes later is still the right one.
struct Ports {
    entries: Vec<Entry>,
    groups: Vec<GroupState>,
    /// Deferred events of each group, in order.
    group_pending: Vec<VecDeque<u64>>,
    /// Deferred events of each ungrouped (NON_COLLAPSING) port: how many.
    pending_count: Vec<u32>,
    /// Ports with deferred events, in the order they were first deferred.
    pending_ports: Vec<u32>,
    /// Groups that locked in this cycle.
    dirty: Vec<usize>,
    /// Scratch for events deferred again while a group's pending events run.
    deferred: Vec<u64>,
}

impl Ports {
    fn new(infos: Vec<PushPortInfo>, drainers: Vec<Drainer>) -> Ports {
        let mut group_ids: Vec<u64> = Vec::new();
        let mut live: Vec<Option<PushPortInfo>> = (0..drainers.len()).map(|_| None).collect();
        for info in infos {
            let i = info.index as usize;
            if i < live.len() {
                live[i] = Some(info);
            }
        }
        let entries = live
            .into_iter()
            .zip(drainers)
            .map(|(info, drainer)| match info {
                Some(info) => Entry::Live {
                    group: info.group.map(|id| {
                        group_ids.iter().position(|&g| g == id).unwrap_or_else(|| {
                            group_ids.push(id);
                            group_ids.len() - 1
                        })
                    }),
                    non_collapsing: info.non_collapsing,
                    port: info.port,
                },
                None => Entry::Pruned(drainer),
            })
            .collect::<Vec<_>>();
        let n = entries.len();
        Ports {
            entries,
            groups: vec![GroupState::None; group_ids.len()],
            group_pending: (0..group_ids.len()).map(|_| VecDeque::new()).collect(),
            pending_count: vec![0; n],
            pending_ports: Vec::new(),
            dirty: Vec::new(),
            deferred: Vec::new(),
        }
    }

    fn has_pending(&self) -> bool {
        !self.pending_ports.is_empty() || self.group_pending.iter().any(|q| !q.is_empty())
    }

    /// csp's `PushInputAdapter::consumeEvent`: the event back if it must wait.
    #[inline]
    fn consume_event(
        &mut self,
        ctx: &mut crate::ctx::Ctx,
        word: u64,
    ) -> Result<Option<u64>, NodeError> {
        let Some(entry) = self.entries.get_mut(word as u32 as usize) else {
            return Ok(None);
        };
        let (port, non_collapsing, group) = match entry {
            Entry::Live {
                port,
                non_collapsing,
                group,
            } => (port, *non_collapsing, *group),
            Entry::Pruned(drain) => {
                drain();
                return Ok(None);
            }
        };
        if group.is_some_and(|g| self.groups[g] == GroupState::Locked) {
            return Ok(Some(word));
        }
        let consumed = port.consume(ctx)?;
        if let Some(g) = group {
            if non_collapsing {
                self.groups[g] = GroupState::Locking;
            }
            if self.groups[g] == GroupState::Locking && word & GROUP_END != 0 {
                self.groups[g] = GroupState::Locked;
                self.dirty.push(g);
            }
        }
        Ok(if consumed { None } else { Some(word) })
    }

    /// csp's `PendingPushEvents::addPendingEvent`.
    fn defer(&mut self, word: u64) {
        let i = word as u32 as usize;
        match &self.entries[i] {
            Entry::Live { group: Some(g), .. } => self.group_pending[*g].push_back(word),
            _ => {
                if self.pending_count[i] == 0 {
                    self.pending_ports.push(i as u32);
                }
                self.pending_count[i] += 1;
            }
        }
    }

    /// A new event from the queue.
    #[inline]
    fn take(&mut self, ctx: &mut crate::ctx::Ctx, word: u64) -> Result<(), NodeError> {
        if let Some(w) = self.consume_event(ctx, word)? {
            self.defer(w);
        }
        Ok(())
    }

    /// csp's `PendingPushEvents::processPendingEvents`: one event of each ungrouped port,
    /// then each group's events until the group locks.
    fn run_pending(&mut self, ctx: &mut crate::ctx::Ctx) -> Result<(), NodeError> {
        let mut k = 0;
        while k < self.pending_ports.len() {
            let p = self.pending_ports[k];
            // A new cycle: an ungrouped port's first deferred event always ticks.
            let again = self.consume_event(ctx, u64::from(p))?;
            debug_assert!(again.is_none());
            self.pending_count[p as usize] -= 1;
            if self.pending_count[p as usize] == 0 {
                self.pending_ports.remove(k);
            } else {
                k += 1;
            }
        }
        for g in 0..self.group_pending.len() {
            if self.group_pending[g].is_empty() {
                continue;
            }
            debug_assert_eq!(self.groups[g], GroupState::None);
            let mut deferred = std::mem::take(&mut self.deferred);
            while self.groups[g] != GroupState::Locked {
                let Some(e) = self.group_pending[g].pop_front() else {
                    break;
                };
                if let Some(d) = self.consume_event(ctx, e)? {
                    deferred.push(d);
                }
            }
            if let Some(last) = deferred.last_mut() {
                // The deferred events end this batch, and run first next cycle.
                *last |= GROUP_END;
                for &d in deferred.iter().rev() {
                    self.group_pending[g].push_front(d);
                }
            }
            deferred.clear();
            self.deferred = deferred;
        }
        Ok(())
    }

    /// The cycle is built: every group is open again.
    fn reset_groups(&mut self) {
        for &g in &self.dirty {
            self.groups[g] = GroupState::None;
        }
        self.dirty.clear();
    }
}

/// Nanoseconds as a wait, at least zero.
fn wait_of(ns: i64) -> Duration {
    Duration::from_nanos(ns.max(0) as u64)
}

impl Engine {
    /// Takes the push ports for a realtime run.
    fn take_ports(&mut self, queue: &PushQueue) -> Ports {
        Ports::new(std::mem::take(&mut self.push_ports), queue.drainers())
    }

    /// The cycles of a realtime run: `[start, now]` simulated, then the wall clock.
    pub(super) fn run_realtime_cycles(&mut self, queue: &PushQueue, wait: Duration) -> Result<()> {
        if self.reference.is_some() {
            self.run_realtime_with::<true>(queue, wait)
        } else {
            self.run_realtime_with::<false>(queue, wait)
        }
    }

    fn run_realtime_with<const REFERENCE: bool>(
        &mut self,
        queue: &PushQueue,
        max_wait: Duration,
    ) -> Result<()> {
        let end = self.ctx.end;
        let wall = Time::now().nanos();
        if wall >= self.ctx.start {
            // The past part, at full speed, by the simulation loop (csp's `runSim(now)`).
            let last = self.ctx.last;
            self.ctx.last = last.min(wall);
            self.run_cycles_with::<REFERENCE>()?;
            if self.ctx.last == i64::MIN || end <= wall {
                return Ok(());
            }
            self.ctx.last = last;
        } else {
            // A start in the future: wait for it.
            loop {
                let left = self.ctx.start - Time::now().nanos();
                if left <= 0 || queue.stop_requested() {
                    break;
                }
                std::thread::sleep(wait_of(left).min(max_wait.max(Duration::from_millis(1))));
            }
        }
        self.ctx.realtime = true;
        let mut ports = self.take_ports(queue);
        let step = self.step.clone();
        let max_wait_ns = i64::try_from(max_wait.as_nanos()).unwrap_or(i64::MAX);
        let mut stash: Option<PushMsg> = None;
        // A stop message was taken: the run ends once no deferred event is left.
        let mut stop_taken = false;
        let mut node_executions = 0u64;
        self.running.set(Running::DUE_SOURCE);
        loop {
            if self.ctx.last == i64::MIN || (stop_taken && !ports.has_pending()) {
                break;
            }
            // A stop request ends the run once the cycle that takes its message and the
            // events deferred then have run (the events pushed before it tick first).
            let stopping = queue.stop_requested();
            if stopping && stash.is_none() && queue.len() == 0 && !ports.has_pending() {
                break;
            }
            if !stopping && stash.is_none() && !ports.has_pending() {
                let now = Time::now().nanos();
                let mut wait = max_wait_ns.min(end.saturating_sub(now));
                let next = self.ctx.queue_mut().next_time();
                if next != NEVER {
                    wait = wait.min(next.saturating_sub(now));
                }
                stash = if wait > 0 {
                    queue.recv_timeout(wait_of(wait))
                } else {
                    queue.try_recv()
                };
            }
            // Engine time never goes back, even if the system clock does.
            let now = Time::now().nanos().max(self.ctx.now);
            let next = self.ctx.queue_mut().next_time();
            // Past the end, timers due at or before it still run (the end is inclusive);
            // push events wait no more.
            if now > end && next > end {
                break;
            }
            if next < now {
                // Timers keep their exact times: a due timer's cycle runs at its time, on
                // its own, before the push events waiting.
                self.ctx.now = next;
                self.ctx.cycle += 1;
                if REFERENCE {
                    self.fire_due_events_plainly(next)?;
                } else {
                    self.fire_due_events(next)?;
                }
            } else {
                if stash.is_none() && !ports.has_pending() && queue.len() == 0 {
                    // A timeout or a wake-up: no cycle.
                    continue;
                }
                self.ctx.now = now;
                self.ctx.cycle += 1;
                self.running.set(Running::ENGINE);
                stop_taken |= self.take_push_events(&mut ports, queue, stash.take())?;
                self.running.set(Running::DUE_SOURCE);
            }
            self.run_nodes::<REFERENCE>(&step, &mut node_executions)?;
        }
        self.stats.cycles = self.ctx.cycle;
        self.stats.node_executions += node_executions;
        self.running.set(Running::ENGINE);
        Ok(())
    }

    /// A push cycle's events: the deferred ones first, then what is queued now (csp's
    /// `popAll`: what arrives while they are taken waits for the next cycle). Returns
    /// whether a stop message was among them.
    fn take_push_events(
        &mut self,
        ports: &mut Ports,
        queue: &PushQueue,
        first: Option<PushMsg>,
    ) -> Result<bool> {
        let queued = queue.len();
        let mut stop = false;
        let taken = || -> Result<(), NodeError> {
            ports.run_pending(&mut self.ctx)?;
            let mut msg = first;
            for k in 0..=queued {
                if k > 0 {
                    msg = queue.try_recv();
                }
                match msg.take() {
                    Some(PushMsg::Event(word)) => ports.take(&mut self.ctx, word)?,
                    Some(PushMsg::Batch(words)) => {
                        for word in words {
                            ports.take(&mut self.ctx, word)?;
                        }
                    }
                    Some(PushMsg::Stop) => stop = true,
                    None if k > 0 => break,
                    None => {}
                }
            }
            Ok(())
        };
        let r = taken();
        ports.reset_groups();
        r.map_err(|e| self.error_here(e))?;
        Ok(stop)
    }

    /// The error an adapter stopped the run with, if any.
    pub(super) fn adapter_error(&self, queue: &PushQueue) -> Option<Error> {
        queue.finish().map(|(adapter, source)| Error::Adapter {
            adapter,
            time: Time::from_nanos(self.ctx.now.min(self.ctx.end)),
            source,
        })
    }
}
