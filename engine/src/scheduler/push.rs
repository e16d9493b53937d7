//! The push event queue of a realtime run: what adapter threads send to the engine thread.
//!
//! Each push source has a typed channel of its own for its values (no box per event), and
//! every push also sends one word here, naming the source: this channel gives the order in
//! which events of different sources were pushed (csp's single push queue), and is what the
//! engine thread blocks on between cycles. A batch is one message, so that it reaches the
//! engine in one piece.

use crate::error::NodeError;
use crossbeam_channel::{Receiver, Sender};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// The low 32 bits of a message word: the push port; this bit: the event ends its group's
/// batch (csp's `flagGroupEnd`).
pub(crate) const GROUP_END: u64 = 1 << 32;

/// One message on the push queue.
#[derive(Debug)]
pub(crate) enum PushMsg {
    /// One event: a port index, with [`GROUP_END`] possibly set.
    Event(u64),
    /// A batch: events released together, the last flagged [`GROUP_END`].
    Batch(Vec<u64>),
    /// A stop request: the engine stops after the cycle that takes this message, so the
    /// events pushed before it still tick.
    Stop,
}

/// Where a run is, as adapter threads see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PushState {
    /// No realtime run has started yet: pushes are refused.
    Idle = 0,
    /// A realtime run is running: pushes are queued.
    Running = 1,
    /// The run ended: pushes are refused.
    Stopped = 2,
}

/// Pops one value of a push port's channel and drops it: for ports whose source was
/// pruned from the run (nothing consumes it).
pub(crate) type Drainer = Arc<dyn Fn() + Send + Sync>;

/// The push queue of one graph, shared by its push sources' senders and the engine.
pub(crate) struct PushQueue {
    tx: Sender<PushMsg>,
    rx: Receiver<PushMsg>,
    state: AtomicU8,
    /// Guards state changes, for `wait_for_start`.
    changed: Mutex<()>,
    cond: Condvar,
    /// Set by a stop request (a run handle, Ctrl-C, an adapter's error); cleared when a
    /// run ends.
    stop: AtomicBool,
    /// The first adapter error: the adapter's name and the error.
    error: Mutex<Option<(String, NodeError)>>,
    /// One drainer per port, by port index.
    ports: Mutex<Vec<Drainer>>,
}

impl std::fmt::Debug for PushQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushQueue")
            .field("state", &self.state())
            .finish_non_exhaustive()
    }
}

impl PushQueue {
    pub(crate) fn new() -> Arc<PushQueue> {
        let (tx, rx) = crossbeam_channel::unbounded();
        Arc::new(PushQueue {
            tx,
            rx,
            state: AtomicU8::new(PushState::Idle as u8),
            changed: Mutex::new(()),
            cond: Condvar::new(),
            stop: AtomicBool::new(false),
            error: Mutex::new(None),
            ports: Mutex::new(Vec::new()),
        })
    }

    /// Registers a port; returns its index (the low word of its messages).
    pub(crate) fn add_port(&self, drainer: Drainer) -> u32 {
        let mut ports = lock(&self.ports);
        ports.push(drainer);
        (ports.len() - 1) as u32
    }

    /// The drainers of every port, by index.
    pub(crate) fn drainers(&self) -> Vec<Drainer> {
        lock(&self.ports).clone()
    }

    #[inline]
    pub(crate) fn state(&self) -> PushState {
        match self.state.load(Ordering::Acquire) {
            0 => PushState::Idle,
            1 => PushState::Running,
            _ => PushState::Stopped,
        }
    }

    fn set_state(&self, s: PushState) {
        let _guard = lock(&self.changed);
        self.state.store(s as u8, Ordering::Release);
        self.cond.notify_all();
    }

    /// Sends a message (the channel is unbounded and its receiver lives here: it never
    /// fails).
    #[inline]
    pub(crate) fn send(&self, msg: PushMsg) {
        let _ = self.tx.send(msg);
    }

    /// A run starts: drops what an earlier run left, then accepts pushes. A stop asked
    /// before the start keeps its message, so the run stops once it has taken what is
    /// pushed before it reaches that message.
    pub(crate) fn start(&self) {
        while self.rx.try_recv().is_ok() {}
        if self.stop_requested() {
            self.send(PushMsg::Stop);
        }
        self.set_state(PushState::Running);
    }

    /// The run ended: refuses pushes from now on, clears the stop request, and returns the
    /// first adapter error.
    pub(crate) fn finish(&self) -> Option<(String, NodeError)> {
        self.set_state(PushState::Stopped);
        self.stop.store(false, Ordering::Release);
        lock(&self.error).take()
    }

    /// A historical run ended: returns the first adapter error (a push-pull source's
    /// adapter can fail one), and leaves no stop request or message for the next run.
    /// Pushes stay refused as before.
    pub(crate) fn end_historical(&self) -> Option<(String, NodeError)> {
        while self.rx.try_recv().is_ok() {}
        self.stop.store(false, Ordering::Release);
        lock(&self.error).take()
    }

    /// Whether an adapter failed the run.
    pub(crate) fn failed(&self) -> bool {
        lock(&self.error).is_some()
    }

    /// Blocks until a run is running, the run has stopped, or `timeout` passed; returns the
    /// state then.
    pub(crate) fn wait_for_start(&self, timeout: Duration) -> PushState {
        let guard = lock(&self.changed);
        let (_guard, _) = self
            .cond
            .wait_timeout_while(guard, timeout, |_| self.state() == PushState::Idle)
            .unwrap_or_else(|e| e.into_inner());
        self.state()
    }

    /// Asks the engine to stop once it has taken the events pushed so far, and wakes it.
    pub(crate) fn request_stop(&self) {
        self.stop.store(true, Ordering::Release);
        self.send(PushMsg::Stop);
    }

    /// Whether a stop was requested.
    #[inline]
    pub(crate) fn stop_requested(&self) -> bool {
        self.stop.load(Ordering::Acquire)
    }

    /// Stops the engine with an error from adapter `name` (the first error wins).
    pub(crate) fn fail(&self, name: String, error: NodeError) {
        lock(&self.error).get_or_insert((name, error));
        self.request_stop();
    }

    /// Waits up to `timeout` for a message.
    pub(crate) fn recv_timeout(&self, timeout: Duration) -> Option<PushMsg> {
        self.rx.recv_timeout(timeout).ok()
    }

    /// A message if one is queued.
    #[inline]
    pub(crate) fn try_recv(&self) -> Option<PushMsg> {
        self.rx.try_recv().ok()
    }

    /// How many messages are queued now.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.rx.len()
    }
}

/// Locks a mutex whose data stays consistent even if a holder panicked.
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
