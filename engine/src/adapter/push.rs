//! Push adapters: values pushed from any thread into a realtime run (csp's
//! `PushInputAdapter`, `GenericPushAdapter`, `PushGroup` and `PushBatch`).
//!
//! A push source is a typed channel: [`push_channel`] gives its two ends, a
//! [`PushSender`] (`Send + Clone`, for adapter threads) and a [`PushReceiver`], which becomes
//! a series of a graph ([`PushReceiver::source`]). [`push_source`] does both at once.
//! Each push sends the value on the source's own channel and one word on the graph's push
//! queue, which the engine thread waits on: no box per event.

use super::PushMode;
use super::pull::reject_burst;
use crate::ctx::Ctx;
use crate::error::NodeError;
use crate::graph::{Graph, Ts};
use crate::node::{FireResult, PushPort, PushPortInfo, Source};
use crate::scheduler::push::{GROUP_END, PushMsg, PushQueue, PushState};
use crate::scheduler::{Refire, Token};
use crate::ts::Value;
use crate::ts::cell::TsCell;
use crossbeam_channel::{Receiver, Sender};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Why a push (or a batch, or a wait) was refused. The pushed value is dropped.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let (tx, rx) = push_channel::<i64>();
/// assert_eq!(tx.push(1), Err(PushError::NotAttached));
/// let g = Graph::new();
/// g.output("x", &rx.source(&g, "x", PushMode::LastValue));
/// assert_eq!(tx.push(1), Err(PushError::NotStarted));
/// assert_eq!(PushError::Stopped.to_string(), "the engine has stopped");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PushError {
    /// The receiver was not made into a graph's source yet.
    #[error("the push receiver is not attached to a graph")]
    NotAttached,
    /// No realtime run of the graph has started yet (csp's `push_tick` returns `False`).
    #[error("the engine has not started")]
    NotStarted,
    /// The realtime run has ended.
    #[error("the engine has stopped")]
    Stopped,
    /// [`PushSender::wait_for_start`] timed out.
    #[error("timed out waiting for the engine to start")]
    Timeout,
    /// One batch was given sources of two graphs.
    #[error("a push batch holds sources of one graph only")]
    OtherGraph,
    /// A historical tick was pushed to a push-pull source after it went live (csp raises
    /// "tried to push a sim tick after live tick").
    #[error("a historical tick was pushed after the source went live")]
    AfterLive,
    /// A historical tick of a push-pull source is earlier than the one before it.
    #[error("a historical tick at {time} is before the previous one, at {previous}")]
    OutOfOrder {
        /// The offending tick's time.
        time: crate::time::Time,
        /// The previous historical tick's time.
        previous: crate::time::Time,
    },
}

/// What a sender learns when its receiver becomes a source.
struct Attach {
    queue: Arc<PushQueue>,
    /// The message of a lone push: the port, flagged as a group's end if it is in a group.
    word: u64,
    name: String,
}

struct Shared<T> {
    tx: Sender<T>,
    rx: Receiver<T>,
    attach: OnceLock<Attach>,
    /// The graph holding the source was dropped: no run will take a push again.
    closed: AtomicBool,
}

/// The graph's hold on a push source: dropped with the graph, it closes the senders.
struct GraphEnd<T>(Arc<Shared<T>>);

impl<T> Drop for GraphEnd<T> {
    fn drop(&mut self) {
        self.0.closed.store(true, Ordering::Release);
    }
}

/// The thread side of a push source: pushes values into a realtime run, from any thread.
///
/// `Send` and `Clone` (clones push into the same source). A push before the run starts, or
/// after it stopped, returns a [`PushError`], never panics; [`PushSender::wait_for_start`]
/// blocks until the run accepts pushes. Push sources never tick in a historical run (as in
/// csp): there, every push returns [`PushError::NotStarted`].
///
/// ```
/// use tickgraph_engine::prelude::*;
/// use std::time::Duration;
///
/// let g = Graph::new();
/// let (tx, prices) = push_source::<f64>(&g, "prices", PushMode::NonCollapsing);
/// g.output("prices", &prices);
/// assert_eq!(tx.push(1.0), Err(PushError::NotStarted));
///
/// let feed = std::thread::spawn(move || {
///     tx.wait_for_start(Duration::from_secs(5)).unwrap();
///     for p in [100.0, 100.5, 101.0] {
///         tx.push(p).unwrap();
///     }
///     tx.stop_engine(); // or let the run reach its end time
/// });
/// let r = g.run(RunConfig::realtime_from_now(secs(5))).unwrap();
/// feed.join().unwrap();
/// assert_eq!(r.values::<f64>("prices").unwrap(), vec![100.0, 100.5, 101.0]);
/// ```
pub struct PushSender<T> {
    shared: Arc<Shared<T>>,
}

impl<T> Clone for PushSender<T> {
    fn clone(&self) -> Self {
        PushSender {
            shared: self.shared.clone(),
        }
    }
}

impl<T> std::fmt::Debug for PushSender<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushSender")
            .field("source", &self.shared.attach.get().map(|a| a.name.as_str()))
            .finish()
    }
}

/// The graph side of a push source, before it is one: give it to [`PushReceiver::source`]
/// (or [`PushReceiver::source_burst`]), on the thread that builds the graph.
///
/// `Send`, so a graph can be built on another thread from a receiver made here (see
/// [`crate::runtime::run_on_thread`]).
///
/// ```
/// use tickgraph_engine::prelude::*;
///
/// let (tx, rx) = push_channel::<i64>();
/// let g = Graph::new();
/// let x = rx.source(&g, "x", PushMode::LastValue);
/// g.output("x", &x);
/// assert!(!tx.is_running());
/// ```
pub struct PushReceiver<T> {
    shared: Arc<Shared<T>>,
    group: Option<PushGroup>,
}

impl<T> std::fmt::Debug for PushReceiver<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushReceiver")
            .field("group", &self.group)
            .finish()
    }
}

/// A push source's two ends: the sender for adapter threads, and the receiver that
/// becomes a series of a graph.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let (tx, rx) = push_channel::<String>();
/// let tx2 = tx.clone(); // another thread's sender of the same source
/// # drop((tx2, rx));
/// ```
pub fn push_channel<T: Value + Send>() -> (PushSender<T>, PushReceiver<T>) {
    let (tx, rx) = crossbeam_channel::unbounded();
    let shared = Arc::new(Shared {
        tx,
        rx,
        attach: OnceLock::new(),
        closed: AtomicBool::new(false),
    });
    (
        PushSender {
            shared: shared.clone(),
        },
        PushReceiver {
            shared,
            group: None,
        },
    )
}

/// Adds a push source to `g`: its sender, and its series. `mode` is `LastValue` or
/// `NonCollapsing` (for `Burst` use [`push_source_burst`]).
///
/// In a realtime run, values pushed between two engine cycles tick in the next cycle, at
/// the wall-clock time of that cycle, with csp's push-mode rules: `LastValue` ticks the
/// last of them; `NonCollapsing` ticks each on a cycle of its own (later ones at the time
/// of the cycle they tick in). In a historical run a push source never ticks.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let (tx, quotes) = push_source::<(f64, f64)>(&g, "quotes", PushMode::LastValue);
/// g.output("quotes", &quotes);
/// # drop(tx);
/// ```
pub fn push_source<T: Value + Send>(
    g: &Graph,
    name: &str,
    mode: PushMode,
) -> (PushSender<T>, Ts<T>) {
    let (tx, rx) = push_channel();
    (tx, rx.source(g, name, mode))
}

/// Adds a BURST push source to `g`: every value pushed between two cycles ticks together,
/// as one `Vec`, in the next cycle.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let (tx, trades) = push_source_burst::<i64>(&g, "trades");
/// g.output("trades", &trades);
/// # drop(tx);
/// ```
pub fn push_source_burst<T: Value + Send>(g: &Graph, name: &str) -> (PushSender<T>, Ts<Vec<T>>) {
    let (tx, rx) = push_channel();
    (tx, rx.source_burst(g, name))
}

/// A push group (csp's `PushGroup`): its sources stay in step. Once a NON_COLLAPSING event
/// of the group ticks, later events of the group (LAST_VALUE ones too) wait for the next
/// cycle from the end of that event's batch on, so collapsing quotes never run ahead of a
/// trade. Push a group's related events in one [`PushBatch`].
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let book = PushGroup::new();
/// let (bid_tx, bid_rx) = push_channel::<f64>();
/// let (trade_tx, trade_rx) = push_channel::<f64>();
/// let bid = bid_rx.in_group(&book).source(&g, "bid", PushMode::LastValue);
/// let trade = trade_rx.in_group(&book).source(&g, "trade", PushMode::NonCollapsing);
/// g.output("bid", &bid);
/// g.output("trade", &trade);
/// # drop((bid_tx, trade_tx));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushGroup {
    id: u64,
}

impl PushGroup {
    /// A new group, different from every other.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// assert_ne!(PushGroup::new(), PushGroup::new());
    /// ```
    pub fn new() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        PushGroup {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
        }
    }
}

impl Default for PushGroup {
    fn default() -> Self {
        PushGroup::new()
    }
}

/// Events released to the engine together (csp's `PushBatch`): pushed with
/// [`PushSender::push_in`], sent with [`PushBatch::flush`] or when the batch is dropped.
/// The last event of a batch ends its group's batch (see [`PushGroup`]).
///
/// A batch sends its events as one message: one allocation per flushed batch, none per
/// event. Its values go to their sources' channels as they are pushed, and the batch's
/// events take them in order: a source that one thread pushes in a batch while another
/// thread pushes it outright may see a value move between the batch and the lone push.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let (tx, x) = push_source::<i64>(&g, "x", PushMode::NonCollapsing);
/// g.output("x", &x);
/// let mut batch = PushBatch::new();
/// assert_eq!(tx.push_in(&mut batch, 1), Err(PushError::NotStarted));
/// assert!(batch.is_empty());
/// ```
#[derive(Debug, Default)]
pub struct PushBatch {
    queue: Option<Arc<PushQueue>>,
    events: Vec<u64>,
}

impl PushBatch {
    /// An empty batch.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// assert!(PushBatch::new().is_empty());
    /// ```
    pub fn new() -> Self {
        PushBatch::default()
    }

    /// The number of events pushed since the last flush.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// assert_eq!(PushBatch::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether no event was pushed since the last flush.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let mut batch = PushBatch::new();
    /// assert!(batch.is_empty());
    /// batch.flush().unwrap(); // an empty batch flushes to nothing
    /// ```
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Releases the batch's events to the engine, at once (also done when the batch is
    /// dropped). Refused, like a push, if the run stopped meanwhile.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// use std::time::Duration;
    ///
    /// let g = Graph::new();
    /// let (tx, x) = push_source_burst::<i64>(&g, "x");
    /// g.output("x", &x);
    /// std::thread::spawn(move || {
    ///     tx.wait_for_start(Duration::from_secs(5)).unwrap();
    ///     let mut batch = PushBatch::new();
    ///     for v in [1, 2, 3] {
    ///         tx.push_in(&mut batch, v).unwrap();
    ///     }
    ///     assert_eq!(batch.len(), 3);
    ///     batch.flush().unwrap(); // the three reach the engine together
    ///     tx.stop_engine();
    /// });
    /// let r = g.run(RunConfig::realtime_from_now(secs(5))).unwrap();
    /// assert_eq!(r.values::<Vec<i64>>("x").unwrap(), vec![vec![1, 2, 3]]);
    /// ```
    pub fn flush(&mut self) -> Result<(), PushError> {
        let Some(queue) = self.queue.take() else {
            return Ok(());
        };
        let mut events = std::mem::take(&mut self.events);
        if let Some(last) = events.last_mut() {
            *last |= GROUP_END;
        }
        match queue.state() {
            PushState::Running => {
                queue.send(PushMsg::Batch(events));
                Ok(())
            }
            // The values are in their channels without events: the next run drops them.
            PushState::Idle => Err(PushError::NotStarted),
            PushState::Stopped => Err(PushError::Stopped),
        }
    }
}

impl Drop for PushBatch {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

impl<T: Value + Send> PushSender<T> {
    #[inline]
    fn running(&self) -> Result<&Attach, PushError> {
        let a = self.shared.attach.get().ok_or(PushError::NotAttached)?;
        match a.queue.state() {
            PushState::Running => Ok(a),
            PushState::Idle => Err(PushError::NotStarted),
            PushState::Stopped => Err(PushError::Stopped),
        }
    }

    /// Pushes one value (csp's `push_tick`): it ticks in the engine's next cycle, with the
    /// source's push mode. Refused before the run starts and after it stopped.
    #[inline]
    pub fn push(&self, value: T) -> Result<(), PushError> {
        let a = self.running()?;
        let _ = self.shared.tx.send(value);
        a.queue.send(PushMsg::Event(a.word));
        Ok(())
    }

    /// Pushes one value into `batch`: it reaches the engine when the batch is flushed
    /// (see [`PushBatch::flush`] for an example). A batch holds sources of one graph.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let (tx, x) = push_source::<i64>(&g, "x", PushMode::LastValue);
    /// g.output("x", &x);
    /// let mut batch = PushBatch::new();
    /// assert_eq!(tx.push_in(&mut batch, 1), Err(PushError::NotStarted)); // no run yet
    /// ```
    pub fn push_in(&self, batch: &mut PushBatch, value: T) -> Result<(), PushError> {
        let a = self.running()?;
        match &batch.queue {
            Some(q) if !Arc::ptr_eq(q, &a.queue) => return Err(PushError::OtherGraph),
            Some(_) => {}
            None => batch.queue = Some(a.queue.clone()),
        }
        let _ = self.shared.tx.send(value);
        batch.events.push(a.word & !GROUP_END);
        Ok(())
    }

    /// Blocks until a realtime run of the source's graph accepts pushes (csp's
    /// `wait_for_start`), at most `timeout`: [`PushError::Timeout`] then, and
    /// [`PushError::Stopped`] if the run already ended.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// use std::time::Duration;
    /// let g = Graph::new();
    /// let (tx, x) = push_source::<i64>(&g, "x", PushMode::LastValue);
    /// g.output("x", &x);
    /// assert_eq!(tx.wait_for_start(Duration::from_millis(1)), Err(PushError::Timeout));
    /// ```
    pub fn wait_for_start(&self, timeout: Duration) -> Result<(), PushError> {
        let deadline = std::time::Instant::now() + timeout;
        // Not attached yet: the graph may still be being built on another thread.
        let a = loop {
            if let Some(a) = self.shared.attach.get() {
                break a;
            }
            if std::time::Instant::now() >= deadline {
                return Err(PushError::NotAttached);
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match a.queue.wait_for_start(left) {
            PushState::Running => Ok(()),
            PushState::Idle => Err(PushError::Timeout),
            PushState::Stopped => Err(PushError::Stopped),
        }
    }

    /// Whether a realtime run accepts this source's pushes now.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let (tx, x) = push_source::<i64>(&g, "x", PushMode::LastValue);
    /// g.output("x", &x);
    /// assert!(!tx.is_running());
    /// ```
    pub fn is_running(&self) -> bool {
        self.running().is_ok()
    }

    /// Whether the graph holding this source was dropped, so that no run will ever take
    /// this sender's pushes again: an adapter thread's cue to end.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let g = Graph::new();
    /// let (tx, x) = push_source::<i64>(&g, "x", PushMode::LastValue);
    /// g.output("x", &x);
    /// assert!(!tx.is_closed());
    /// drop((x, g));
    /// assert!(tx.is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        self.shared.closed.load(Ordering::Acquire)
    }

    /// Stops the engine once it has taken the events pushed before this call (from any
    /// thread); stop blocks run and the run ends normally. Honoured once the run is in its
    /// realtime phase. See [`PushSender`] for an example.
    pub fn stop_engine(&self) {
        if let Some(a) = self.shared.attach.get() {
            a.queue.request_stop();
        }
    }

    /// Stops the engine with an error (csp's `shutdown_engine(exc)`): the run ends after
    /// its current cycle, stop blocks run, and `run` (or the run handle's `join`) returns
    /// [`crate::Error::Adapter`] naming this source. The first error wins.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// use std::time::Duration;
    ///
    /// let g = Graph::new();
    /// let (tx, x) = push_source::<i64>(&g, "feed", PushMode::NonCollapsing);
    /// g.output("x", &x);
    /// let t = std::thread::spawn(move || {
    ///     tx.wait_for_start(Duration::from_secs(5)).unwrap();
    ///     tx.shutdown_with_error("connection lost");
    /// });
    /// let err = g.run(RunConfig::realtime_from_now(secs(5))).unwrap_err();
    /// t.join().unwrap();
    /// assert!(matches!(&err, Error::Adapter { adapter, .. } if adapter == "feed"));
    /// assert!(err.to_string().contains("connection lost"));
    /// ```
    pub fn shutdown_with_error(&self, error: impl Into<NodeError>) {
        self.fail(error.into());
    }
}

impl<T> PushSender<T> {
    /// [`PushSender::shutdown_with_error`] without its bounds, for a `Drop`.
    pub(crate) fn fail(&self, error: NodeError) {
        if let Some(a) = self.shared.attach.get() {
            a.queue.fail(a.name.clone(), error);
        }
    }
}

impl<T: Value + Send> PushReceiver<T> {
    /// Puts the source in a push group (see [`PushGroup`] for an example).
    pub fn in_group(mut self, group: &PushGroup) -> Self {
        self.group = Some(group.clone());
        self
    }

    /// Makes this receiver a source of `g`, named `name`; see [`push_source`] (and
    /// [`PushReceiver`] for an example).
    pub fn source(self, g: &Graph, name: &str, mode: PushMode) -> Ts<T> {
        reject_burst(g, name, mode);
        let (shared, group) = self.attach(g, name);
        let mut s = g.add_source(name);
        let out = s.output::<T>();
        let ts = s.ts(out);
        s.finish_source(move |w| {
            let shared = &shared.0;
            drain(&shared.rx);
            let index = port_index(shared);
            w.push_port = Some(PushPortInfo {
                index,
                non_collapsing: mode == PushMode::NonCollapsing,
                group,
                port: Box::new(Port {
                    rx: shared.rx.clone(),
                    cell: w.output(out).cell,
                    collapse: mode == PushMode::LastValue,
                }),
            });
            Ok(Box::new(PushStub))
        });
        ts
    }

    /// Makes this receiver a BURST source of `g`; see [`push_source_burst`].
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// let (tx, rx) = push_channel::<u8>();
    /// let g = Graph::new();
    /// let bytes: Ts<Vec<u8>> = rx.source_burst(&g, "bytes");
    /// g.output("bytes", &bytes);
    /// # drop(tx);
    /// ```
    pub fn source_burst(self, g: &Graph, name: &str) -> Ts<Vec<T>> {
        let (shared, group) = self.attach(g, name);
        let mut s = g.add_source(name);
        let out = s.output::<Vec<T>>();
        let ts = s.ts(out);
        s.finish_source(move |w| {
            let shared = &shared.0;
            drain(&shared.rx);
            let index = port_index(shared);
            w.push_port = Some(PushPortInfo {
                index,
                non_collapsing: false,
                group,
                port: Box::new(BurstPort {
                    rx: shared.rx.clone(),
                    cell: w.output(out).cell,
                }),
            });
            Ok(Box::new(PushStub))
        });
        ts
    }

    /// Attaches the receiver to `g` as the live side of a push-pull source named `name`.
    pub(super) fn into_live(self, g: &Graph, name: &str) -> LiveSide<T> {
        LiveSide(self.attach(g, name).0)
    }

    /// Registers the port on `g`'s push queue and tells the senders.
    fn attach(self, g: &Graph, name: &str) -> (GraphEnd<T>, Option<u64>) {
        let queue = g.push_queue();
        let rx = self.shared.rx.clone();
        let index = queue.add_port(Arc::new(move || {
            let _ = rx.try_recv();
        }));
        let group = self.group.map(|p| p.id);
        let word = u64::from(index) | if group.is_some() { GROUP_END } else { 0 };
        // A receiver is consumed here, so its senders are attached once.
        let _ = self.shared.attach.set(Attach {
            queue,
            word,
            name: name.to_string(),
        });
        (GraphEnd(self.shared), group)
    }
}

/// The live side of a push-pull source: its port on the push queue, which ticks the cell
/// the source's history ticks. Held by the source's factory, so dropping the graph closes
/// the senders.
pub(super) struct LiveSide<T>(GraphEnd<T>);

impl<T: Value + Send> LiveSide<T> {
    /// The port for one run, writing `cell` with `mode` (`LastValue` or `NonCollapsing`).
    pub(super) fn port(&self, cell: Rc<TsCell<T>>, mode: PushMode) -> PushPortInfo {
        let shared = &self.0.0;
        drain(&shared.rx);
        PushPortInfo {
            index: port_index(shared),
            non_collapsing: mode == PushMode::NonCollapsing,
            group: None,
            port: Box::new(Port {
                rx: shared.rx.clone(),
                cell,
                collapse: mode == PushMode::LastValue,
            }),
        }
    }
}

fn port_index<T>(shared: &Shared<T>) -> u32 {
    shared
        .attach
        .get()
        .map_or(u32::MAX, |a| (a.word & !GROUP_END) as u32)
}

/// Drops values an earlier run left in the channel (no run accepts pushes while a graph
/// is being compiled).
fn drain<T>(rx: &Receiver<T>) {
    while rx.try_recv().is_ok() {}
}

/// The scheduler's view of a push source: it has no events of its own; the realtime loop
/// feeds its port.
struct PushStub;

impl Source for PushStub {
    fn start(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        Ok(())
    }

    fn fire(&mut self, _ctx: &mut Ctx, _token: Token) -> FireResult {
        Ok(Refire::NEVER)
    }
}

/// A LAST_VALUE or NON_COLLAPSING port.
struct Port<T> {
    rx: Receiver<T>,
    cell: Rc<TsCell<T>>,
    /// LAST_VALUE: a second value in a cycle replaces the first.
    collapse: bool,
}

impl<T: Value> PushPort for Port<T> {
    #[inline]
    fn consume(&mut self, ctx: &mut Ctx) -> Result<bool, NodeError> {
        let ticked = self.cell.ticked_in(ctx.cycle);
        if ticked && !self.collapse {
            return Ok(false);
        }
        let Ok(v) = self.rx.try_recv() else {
            return Ok(true);
        };
        if ticked {
            self.cell.update_current(ctx, |x| *x = v);
        } else {
            self.cell.tick(ctx, v)?;
        }
        Ok(true)
    }
}

/// A BURST port: a cycle's values tick as one `Vec`.
struct BurstPort<T> {
    rx: Receiver<T>,
    cell: Rc<TsCell<Vec<T>>>,
}

impl<T: Value> PushPort for BurstPort<T> {
    fn consume(&mut self, ctx: &mut Ctx) -> Result<bool, NodeError> {
        let Ok(v) = self.rx.try_recv() else {
            return Ok(true);
        };
        if self.cell.ticked_in(ctx.cycle) {
            self.cell.update_current(ctx, |list| list.push(v));
        } else {
            // Reuses the previous tick's Vec: no allocation once it is large enough.
            self.cell.tick_with(ctx, |slot| {
                let list = slot.get_or_insert_with(Vec::new);
                list.clear();
                list.push(v);
            })?;
        }
        Ok(true)
    }
}
