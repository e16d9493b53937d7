//! Push-pull adapters: history replayed at its own timestamps, then live values at the wall
//! clock (csp's `PushPullInputAdapter`, the mechanism of its Kafka replay).
//!
//! An adapter thread owns a [`PushPullSender`]. When a run starts it learns the run's range
//! ([`PushPullSender::wait_for_run`]), pushes its history with explicit times
//! ([`PushPullSender::push_history`]), then says the replay is complete
//! ([`PushPullSender::replay_complete`], or its first live [`PushPullSender::push`]); from
//! then on values tick at the wall-clock time of the cycle that takes them, as a push
//! source's do.
//!
//! The history goes through a channel of its own that the source reads on the engine
//! thread, one tick ahead, as a pull adapter is read: the simulated past of a realtime run
//! (and a historical run) waits for the adapter's next historical tick before it goes on, so
//! each tick runs at its own time, in time order with every other source. Going live waits
//! until the engine has taken the last historical tick, so no live value overtakes one.

use super::PushMode;
use super::pull::reject_burst;
use super::push::{LiveSide, PushError, PushReceiver, PushSender, push_channel};
use crate::ctx::{Ctx, SourceId};
use crate::error::NodeError;
use crate::graph::{Graph, Ts};
use crate::node::{FireResult, Source};
use crate::scheduler::push::{PushQueue, lock};
use crate::scheduler::{Refire, Token};
use crate::time::Time;
use crate::ts::Value;
use crate::ts::cell::TsCell;
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// The run a push-pull source's adapter thread serves, from
/// [`PushPullSender::wait_for_run`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplayRun {
    /// The run's start: history before it ticks at the start (csp forces it there).
    pub start: Time,
    /// The run's (inclusive) end: history after it is dropped.
    pub end: Time,
    /// Whether the run is a realtime run. A historical run has no live part: after the
    /// replay, live pushes are refused ([`PushError::NotStarted`]).
    pub realtime: bool,
    /// Which run of the source this is, from 1: tells an adapter thread that a new run
    /// began (and its replay starts over).
    pub number: u64,
}

/// Where a run is, for a push-pull source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// No run of the source's graph has started yet.
    Idle,
    /// A run started: historical ticks are taken.
    Replaying,
    /// The adapter said the replay is complete: live pushes only.
    Live,
    /// The run ended.
    Over,
}

/// One message on the history channel.
enum History<T> {
    Tick(i64, T),
    /// The replay is complete.
    End,
}

struct State {
    phase: Phase,
    run: Option<ReplayRun>,
    /// The last historical tick's time, for the order check.
    last: i64,
    /// The engine took the end of the history (or stopped reading it).
    replayed: bool,
    /// Runs started so far.
    runs: u64,
}

/// What the senders and the source share. The history channel's sending end is not
/// here but in each sender: once every sender is dropped (the adapter thread ended), the
/// source sees the channel disconnected and its history ends.
struct Shared<T> {
    state: Mutex<State>,
    changed: Condvar,
    rx: Receiver<History<T>>,
}

impl<T> Shared<T> {
    fn set(&self, f: impl FnOnce(&mut State)) {
        f(&mut lock(&self.state));
        self.changed.notify_all();
    }
}

/// The thread side of a push-pull source: historical ticks with their times, then live
/// values. `Send` and `Clone`; every refusal is a [`PushError`], never a panic.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// use std::time::Duration;
///
/// let g = Graph::new();
/// let (tx, x) = push_pull_source::<i64>(&g, "x", PushMode::NonCollapsing);
/// g.output("x", &x);
/// let feed = std::thread::spawn(move || {
///     let run = tx.wait_for_run(Duration::from_secs(5)).unwrap();
///     // Two stored values, then the live one.
///     tx.push_history(run.start + secs(1), 1).unwrap();
///     tx.push_history(run.start + secs(2), 2).unwrap();
///     tx.replay_complete().unwrap();
///     tx.push(3).unwrap();
///     tx.stop_engine();
/// });
/// // Started ten seconds ago: the history replays in the simulated past.
/// let start = Time::now() - secs(10);
/// let r = g.run(RunConfig::realtime_from(start)).unwrap();
/// feed.join().unwrap();
/// assert_eq!(r.values::<i64>("x").unwrap(), vec![1, 2, 3]);
/// let times = r.times("x").unwrap();
/// assert_eq!(&times[..2], &[start + secs(1), start + secs(2)]);
/// assert!(times[2] > start + secs(9)); // live: the wall clock
/// ```
pub struct PushPullSender<T> {
    shared: Arc<Shared<T>>,
    live: PushSender<T>,
    history: Sender<History<T>>,
    /// The run [`PushPullSender::wait_for_run`] last returned to this sender (0: none):
    /// its pushes go to that run only, so a thread still pushing an older run's history
    /// when a new run starts is refused instead of feeding the new one. Each clone has its
    /// own (a clone starts with its original's).
    serving: AtomicU64,
}

impl<T> Clone for PushPullSender<T> {
    fn clone(&self) -> Self {
        PushPullSender {
            shared: self.shared.clone(),
            live: self.live.clone(),
            history: self.history.clone(),
            serving: AtomicU64::new(self.serving.load(Ordering::Relaxed)),
        }
    }
}

impl<T> Drop for PushPullSender<T> {
    /// A sender dropped by a panicking adapter thread in the middle of the run's replay
    /// fails the run, naming the source: the history it was pushing is cut short, which
    /// is not the end of the data. (Senders dropped otherwise just end the history, once
    /// the last is gone: see [`push_pull_source`].)
    fn drop(&mut self) {
        if !std::thread::panicking() {
            return;
        }
        let replaying = {
            let state = lock(&self.shared.state);
            state.phase == Phase::Replaying && state.runs == self.serving.load(Ordering::Relaxed)
        };
        if replaying {
            self.live.fail(NodeError::from(
                "the adapter thread panicked while it replayed the history",
            ));
        }
    }
}

impl<T> std::fmt::Debug for PushPullSender<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushPullSender")
            .field("live", &self.live)
            .finish_non_exhaustive()
    }
}

/// The graph side of a push-pull source, before it is one: give it to
/// [`PushPullReceiver::source`] on the thread that builds the graph. `Send`.
pub struct PushPullReceiver<T> {
    shared: Arc<Shared<T>>,
    live: PushReceiver<T>,
}

impl<T> std::fmt::Debug for PushPullReceiver<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushPullReceiver").finish_non_exhaustive()
    }
}

/// A push-pull source's two ends (see [`push_pull_source`]).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let (tx, rx) = push_pull_channel::<f64>();
/// let g = Graph::new();
/// g.output("x", &rx.source(&g, "x", PushMode::LastValue));
/// assert_eq!(tx.push_history(Time::EPOCH, 1.0), Err(PushError::NotStarted));
/// ```
pub fn push_pull_channel<T: Value + Send>() -> (PushPullSender<T>, PushPullReceiver<T>) {
    let (tx, rx) = crossbeam_channel::unbounded();
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            phase: Phase::Idle,
            run: None,
            last: i64::MIN,
            replayed: false,
            runs: 0,
        }),
        changed: Condvar::new(),
        rx,
    });
    let (live_tx, live_rx) = push_channel();
    (
        PushPullSender {
            shared: shared.clone(),
            live: live_tx,
            history: tx,
            serving: AtomicU64::new(0),
        },
        PushPullReceiver {
            shared,
            live: live_rx,
        },
    )
}

/// Adds a push-pull source to `g` (`mode`: `LastValue` or `NonCollapsing`; BURST is not
/// offered): its sender, for an adapter thread, and its series.
///
/// In every run, realtime or historical, the source replays the history its adapter
/// pushes: each tick at its own time (one before the start at the start, as in csp; one
/// after the end dropped), several at one time with `mode`, as a pull source's. The run
/// waits for the adapter's history as it goes. In a realtime run the source then ticks
/// the adapter's live pushes at the wall clock, as a push source. See [`PushPullSender`]
/// for an example.
///
/// Once every [`PushPullSender`] of the source is dropped (its adapter thread ended), the
/// history ends there, as a file's end would, and the run goes on; a sender dropped by a
/// thread that panicked while its run replayed fails the run instead
/// ([`crate::Error::Adapter`], naming the source).
pub fn push_pull_source<T: Value + Send>(
    g: &Graph,
    name: &str,
    mode: PushMode,
) -> (PushPullSender<T>, Ts<T>) {
    let (tx, rx) = push_pull_channel();
    (tx, rx.source(g, name, mode))
}

impl<T: Value + Send> PushPullReceiver<T> {
    /// Makes this receiver a source of `g`, named `name`; see [`push_pull_source`].
    pub fn source(self, g: &Graph, name: &str, mode: PushMode) -> Ts<T> {
        reject_burst(g, name, mode);
        let queue = g.push_queue();
        let live: LiveSide<T> = self.live.into_live(g, name);
        let shared = self.shared;
        let mut s = g.add_source(name);
        let out = s.output::<T>();
        let ts = s.ts(out);
        s.finish_source(move |w| {
            let cell = w.output(out).cell;
            w.push_port = Some(live.port(cell.clone(), mode));
            Ok(Box::new(HistorySource {
                shared: shared.clone(),
                queue: queue.clone(),
                id: w.source_id(),
                cell,
                mode,
                ahead: None,
                start: i64::MIN,
                end: i64::MAX,
                realtime: false,
                done: false,
            }))
        });
        ts
    }
}

impl<T: Value + Send> PushPullSender<T> {
    /// Blocks until a run of the source's graph starts (or is under way), at most
    /// `timeout`, and returns its range: [`PushError::Timeout`] then.
    ///
    /// This sender serves the run returned: its history, `replay_complete` and live pushes
    /// go to that run only, and are refused with [`PushError::Stopped`] once it is over,
    /// even if another run has started (call `wait_for_run` again to serve that one). A
    /// sender that never waited for a run is refused with [`PushError::NotStarted`].
    pub fn wait_for_run(&self, timeout: Duration) -> Result<ReplayRun, PushError> {
        let deadline = Instant::now() + timeout;
        let mut state = lock(&self.shared.state);
        loop {
            if let (Phase::Replaying, Some(run)) = (state.phase, state.run) {
                self.serving.store(run.number, Ordering::Relaxed);
                return Ok(run);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(PushError::Timeout);
            }
            state = self
                .shared
                .changed
                .wait_timeout(state, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// The source's current run, while it replays or is live (whether or not this sender
    /// serves it: see [`wait_for_run`](Self::wait_for_run)).
    pub fn run(&self) -> Option<ReplayRun> {
        let state = lock(&self.shared.state);
        matches!(state.phase, Phase::Replaying | Phase::Live)
            .then_some(state.run)
            .flatten()
    }

    /// Pushes a historical tick at `time` (csp's `push_tick(live=False, ...)`): it ticks at
    /// that time (at the run's start if before it). Refused with
    /// [`PushError::OutOfOrder`] if `time` is before the previous historical tick, with
    /// [`PushError::AfterLive`] once the source went live, and before or after the run.
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// use std::time::Duration;
    ///
    /// let g = Graph::new();
    /// let (tx, x) = push_pull_source::<i64>(&g, "x", PushMode::NonCollapsing);
    /// g.output("x", &x);
    /// let feed = std::thread::spawn(move || {
    ///     let run = tx.wait_for_run(Duration::from_secs(5)).unwrap();
    ///     tx.push_history(run.start + secs(2), 1).unwrap();
    ///     let late = tx.push_history(run.start + secs(1), 2);
    ///     assert!(matches!(late, Err(PushError::OutOfOrder { .. })));
    ///     tx.replay_complete().unwrap();
    ///     assert_eq!(tx.push_history(run.start + secs(3), 3), Err(PushError::AfterLive));
    /// });
    /// // A historical run replays the history, and has no live part.
    /// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(10))).unwrap();
    /// feed.join().unwrap();
    /// assert_eq!(r.values::<i64>("x").unwrap(), vec![1]);
    /// ```
    pub fn push_history(&self, time: Time, value: T) -> Result<(), PushError> {
        let mut state = lock(&self.shared.state);
        self.check_run(&state)?;
        match state.phase {
            Phase::Idle => return Err(PushError::NotStarted),
            Phase::Over => return Err(PushError::Stopped),
            Phase::Live => return Err(PushError::AfterLive),
            // The engine read its last historical tick (past the run's end, say).
            Phase::Replaying if state.replayed => return Err(PushError::Stopped),
            Phase::Replaying => {}
        }
        let t = time.nanos();
        if t < state.last {
            return Err(PushError::OutOfOrder {
                time,
                previous: Time::from_nanos(state.last),
            });
        }
        state.last = t;
        // Sent under the lock: a new run's start drains what an older run left.
        let _ = self.history.send(History::Tick(t, value));
        Ok(())
    }

    /// Refuses a sender that does not serve the current run: it never waited for one
    /// (`NotStarted`), or its run is over and a new one started (`Stopped`).
    fn check_run(&self, state: &State) -> Result<(), PushError> {
        match self.serving.load(Ordering::Relaxed) {
            0 => Err(PushError::NotStarted),
            n if n != state.runs => Err(PushError::Stopped),
            _ => Ok(()),
        }
    }

    /// Ends the replay (csp's `flag_replay_complete`): from now on only live pushes are
    /// taken. In a realtime run it returns once the engine has taken the last historical
    /// tick and accepts live pushes, so that no live value overtakes the history; in a
    /// historical run at once. Calling it again does nothing. Refused, as
    /// [`push_history`](Self::push_history), unless this sender serves the current run.
    ///
    /// Call it from the adapter's thread: on the engine thread (in a node) it would wait
    /// for itself.
    ///
    /// **One thread, several sources.** The engine goes through the histories of all the
    /// sources in time order, waiting for each source's next tick. So in a realtime run a
    /// thread that feeds sources A and B must push both histories (up to A's last tick at
    /// least) before it completes A's replay: completing A waits for the engine to take
    /// A's last tick, which waits for B's next tick, which the blocked thread never pushes
    /// (a deadlock). Push every history first, then complete each replay; or use a thread
    /// per source. (Waiting for every source's run before pushing is fine: no source's
    /// start waits for its history.)
    pub fn replay_complete(&self) -> Result<(), PushError> {
        let realtime = {
            let mut state = lock(&self.shared.state);
            self.check_run(&state)?;
            match state.phase {
                Phase::Idle => return Err(PushError::NotStarted),
                Phase::Over => return Err(PushError::Stopped),
                Phase::Replaying => {
                    state.phase = Phase::Live;
                    let _ = self.history.send(History::End);
                }
                Phase::Live => {}
            }
            state.run.is_some_and(|r| r.realtime)
        };
        self.shared.changed.notify_all();
        if !realtime {
            return Ok(());
        }
        let mut state = lock(&self.shared.state);
        while !state.replayed && state.phase == Phase::Live {
            state = self
                .shared
                .changed
                .wait(state)
                .unwrap_or_else(|e| e.into_inner());
        }
        // The run ended (or ended and the next one began) while this waited.
        if state.phase == Phase::Over || self.check_run(&state).is_err() {
            return Err(PushError::Stopped);
        }
        drop(state);
        // The engine may still be starting its push queue.
        loop {
            match self.live.wait_for_start(Duration::from_millis(100)) {
                Ok(()) => return Ok(()),
                Err(PushError::Timeout) if lock(&self.shared.state).phase == Phase::Live => {}
                Err(PushError::Timeout) => return Err(PushError::Stopped),
                Err(e) => return Err(e),
            }
        }
    }

    /// Pushes a live value (csp's `push_tick(live=True, ...)`): it ticks at the wall-clock
    /// time of the cycle that takes it. The first live push completes the replay
    /// ([`replay_complete`](Self::replay_complete)). Refused in a historical run
    /// ([`PushError::NotStarted`]), and before or after a run.
    pub fn push(&self, value: T) -> Result<(), PushError> {
        let live = {
            let state = lock(&self.shared.state);
            self.check_run(&state)?;
            state.phase == Phase::Live
        };
        if !live {
            self.replay_complete()?;
        }
        self.live.push(value)
    }

    /// Whether the current run takes this sender's values: historical ones while it
    /// replays, live ones after.
    pub fn is_running(&self) -> bool {
        match lock(&self.shared.state).phase {
            Phase::Replaying => true,
            Phase::Live => self.live.is_running(),
            Phase::Idle | Phase::Over => false,
        }
    }

    /// Whether the graph holding the source was dropped (see [`PushSender::is_closed`]).
    pub fn is_closed(&self) -> bool {
        self.live.is_closed()
    }

    /// Stops the engine once it has taken what was pushed before (see
    /// [`PushSender::stop_engine`]).
    pub fn stop_engine(&self) {
        self.live.stop_engine();
    }

    /// Fails the run with `error`, naming this source (see
    /// [`PushSender::shutdown_with_error`]); in a historical run too, once the history
    /// the engine waits for stops coming.
    pub fn shutdown_with_error(&self, error: impl Into<NodeError>) {
        self.live.shutdown_with_error(error);
    }
}

/// The engine side: the history, read one tick ahead with a pull source's push-mode rules.
struct HistorySource<T> {
    shared: Arc<Shared<T>>,
    queue: Arc<PushQueue>,
    id: SourceId,
    cell: Rc<TsCell<T>>,
    mode: PushMode,
    ahead: Option<(i64, T)>,
    start: i64,
    end: i64,
    realtime: bool,
    /// The history ended (the adapter's end, the run's end, or a failure).
    done: bool,
}

impl<T: Value + Send> HistorySource<T> {
    /// The next historical tick, waiting for the adapter; `None` once the history ended.
    ///
    /// An adapter error (any push source's or push-pull source's of the graph) ends the
    /// history at once and stops the run after the current cycle: the failed flag is
    /// checked before each receive and after it (a tick received once the flag is set was
    /// pushed after the error, or raced with it), so no historical tick runs after the
    /// error, however far ahead the adapter pushed. The run then fails with that error.
    fn fetch(&mut self, ctx: &mut Ctx) -> Option<(i64, T)> {
        while !self.done {
            if self.queue.failed() {
                self.finish();
                ctx.stop_engine();
                break;
            }
            match self.shared.rx.recv_timeout(Duration::from_millis(20)) {
                // Checked again at the top of the loop.
                _ if self.queue.failed() => {}
                Ok(History::Tick(t, v)) if t <= self.end => return Some((t.max(self.start), v)),
                // Past the end, nothing more will tick. Every sender dropped (the adapter
                // thread ended, or panicked: its drop failed the run) is the end of the
                // data, as a file's end is.
                Ok(History::Tick(..) | History::End) | Err(RecvTimeoutError::Disconnected) => {
                    self.finish();
                }
                // A realtime run's stop is honoured as its live part begins.
                Err(RecvTimeoutError::Timeout) => {
                    if self.realtime && self.queue.stop_requested() {
                        self.finish();
                    }
                }
            }
        }
        None
    }

    fn finish(&mut self) {
        self.done = true;
        self.shared.set(|s| s.replayed = true);
    }

    fn keep(&mut self, next: Option<(i64, T)>) -> Refire {
        match next {
            Some((t, v)) => {
                self.ahead = Some((t, v));
                Refire(t)
            }
            None => Refire::NEVER,
        }
    }
}

impl<T: Value + Send> Source for HistorySource<T> {
    fn start(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        self.start = ctx.start;
        self.end = ctx.end;
        self.realtime = ctx.is_configured_realtime();
        self.done = false;
        self.ahead = None;
        {
            let mut state = lock(&self.shared.state);
            // What an earlier run's adapter left.
            while self.shared.rx.try_recv().is_ok() {}
            let runs = state.runs + 1;
            *state = State {
                phase: Phase::Replaying,
                run: Some(ReplayRun {
                    start: ctx.start_time(),
                    end: ctx.end_time(),
                    realtime: self.realtime,
                    number: runs,
                }),
                last: i64::MIN,
                replayed: false,
                runs,
            };
        }
        self.shared.changed.notify_all();
        // The first historical tick is fetched in the first cycle (at the start), not
        // here: a start that waited for it would keep the sources started after this one
        // from starting, and so their adapters from learning of the run, which deadlocks
        // one thread that serves several push-pull sources and waits for each one's run
        // before it pushes. The cost: a cycle at the start even if no tick is there.
        ctx.schedule(self.id, ctx.start_time(), Token::default())?;
        Ok(())
    }

    fn fire(&mut self, ctx: &mut Ctx, _token: Token) -> FireResult {
        if self.cell.ticked_in(ctx.cycle) {
            return Ok(Refire::next_cycle(ctx));
        }
        let v = match self.ahead.take() {
            Some((_, v)) => v,
            None if self.done => return Ok(Refire::NEVER),
            // The first cycle: the first historical tick (see `start`).
            None => match self.fetch(ctx) {
                Some((t, v)) if t == ctx.now => v,
                next => return Ok(self.keep(next)),
            },
        };
        self.cell.tick(ctx, v)?;
        loop {
            match self.fetch(ctx) {
                Some((t, v)) if t == ctx.now && self.mode == PushMode::LastValue => {
                    self.cell.update_current(ctx, |x| *x = v);
                }
                // NON_COLLAPSING: a same-time tick waits for the next cycle at this time.
                next => return Ok(self.keep(next)),
            }
        }
    }

    fn stop(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        self.ahead = None;
        self.shared.set(|s| s.phase = Phase::Over);
        while self.shared.rx.try_recv().is_ok() {}
        Ok(())
    }
}
