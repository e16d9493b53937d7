//! Running a graph on a thread of its own ([`run_on_thread`], [`RunHandle`]) and stopping
//! realtime runs on Ctrl-C.

use super::config::RunConfig;
use super::result::RunResult;
use crate::error::{Error, Result, panic_message};
use crate::graph::Graph;
use crate::scheduler::push::{PushQueue, lock};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::thread::JoinHandle;

/// What a handle shares with its engine thread.
#[derive(Default)]
struct Control {
    /// The running graph's push queue, once the graph is built.
    queue: Mutex<Option<Arc<PushQueue>>>,
    stop: AtomicBool,
}

impl Control {
    fn stop(&self) {
        let queue = lock(&self.queue);
        self.stop.store(true, Ordering::Release);
        if let Some(q) = &*queue {
            q.request_stop();
        }
    }

    fn install(&self, queue: Arc<PushQueue>) {
        let mut slot = lock(&self.queue);
        if self.stop.load(Ordering::Acquire) {
            queue.request_stop();
        }
        *slot = Some(queue);
    }
}

/// A graph running on a thread of its own, from [`run_on_thread`] (csp's
/// `run_on_thread` runner).
///
/// [`stop`](RunHandle::stop) ends a realtime run cleanly (after the current cycle; stop
/// blocks run) and [`join`](RunHandle::join) waits for the result. Dropping the handle
/// without joining stops the run and waits for the thread.
///
/// ```
/// use tickgraph_engine::prelude::*;
///
/// let run = run_on_thread(
///     RunConfig::realtime_from(Time::now()), // until stopped
///     || {
///         let g = Graph::new();
///         g.output("t", &timer(&g, millis(10), 1i64));
///         g
///     },
///     |r| Ok(r.times("t")?.len()),
/// );
/// std::thread::sleep(std::time::Duration::from_millis(50));
/// assert!(run.is_running());
/// run.stop();
/// let ticks = run.join().unwrap();
/// assert!(ticks >= 1);
/// ```
pub struct RunHandle<R> {
    control: Arc<Control>,
    thread: Option<std::io::Result<JoinHandle<Result<R>>>>,
}

impl<R> std::fmt::Debug for RunHandle<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunHandle")
            .field("running", &self.is_running())
            .finish()
    }
}

/// Builds a graph and runs it on a new thread (csp's `run_on_thread`); returns a handle
/// to stop it and to wait for its result.
///
/// A [`Graph`] is not `Send` (its nodes need not be), so `build` makes it on the engine
/// thread: move into it what the graph needs, such as the [`PushReceiver`] ends of
/// [`push_channel`]s whose senders stay with you. A [`RunResult`] is not `Send` either (an
/// output may hold any `Clone` type), so `collect` runs on the engine thread after the
/// run and returns what [`RunHandle::join`] hands back: the series you need, the stats,
/// or `()`.
///
/// [`RunHandle::stop`] is honoured once the run is in its realtime phase (as in csp); a
/// historical run runs to its end.
///
/// [`PushReceiver`]: crate::adapter::PushReceiver
/// [`push_channel`]: crate::adapter::push_channel
///
/// ```
/// use tickgraph_engine::prelude::*;
/// use std::time::Duration;
///
/// let (tx, rx) = push_channel::<i64>();
/// let run = run_on_thread(
///     RunConfig::realtime_from(Time::now()), // no end: runs until stopped
///     move || {
///         let g = Graph::new();
///         let x = rx.source(&g, "x", PushMode::NonCollapsing);
///         g.output("sum", &accum(x, 0));
///         g
///     },
///     |r| r.values::<i64>("sum"),
/// );
/// tx.wait_for_start(Duration::from_secs(5)).unwrap();
/// for v in 1..=3 {
///     tx.push(v).unwrap();
/// }
/// // The engine stops once it has taken what was pushed before the stop.
/// run.stop();
/// assert_eq!(run.join().unwrap(), vec![1, 3, 6]);
/// assert_eq!(tx.push(4), Err(PushError::Stopped));
/// ```
pub fn run_on_thread<R, B, C>(config: RunConfig, build: B, collect: C) -> RunHandle<R>
where
    R: Send + 'static,
    B: FnOnce() -> Graph + Send + 'static,
    C: FnOnce(RunResult) -> Result<R> + Send + 'static,
{
    let control = Arc::new(Control::default());
    let inner = control.clone();
    let thread = std::thread::Builder::new()
        .name("tickgraph-engine".into())
        .spawn(move || {
            let g = build();
            inner.install(g.push_queue());
            collect(g.run(config)?)
        });
    RunHandle {
        control,
        thread: Some(thread),
    }
}

impl<R> RunHandle<R> {
    /// Asks the engine to stop: once it has taken every event pushed before the request
    /// (deferred NON_COLLAPSING ones included), the run ends after that cycle, stop blocks
    /// run, and [`join`](RunHandle::join) returns its result. Does not wait: `join` does.
    /// Asked before the realtime phase, it takes effect as the phase begins.
    pub fn stop(&self) {
        self.control.stop();
    }

    /// Whether the engine thread is still running (building, running or collecting).
    pub fn is_running(&self) -> bool {
        matches!(&self.thread, Some(Ok(t)) if !t.is_finished())
    }

    /// Waits for the run to end; returns what `collect` returned, or the run's error
    /// (a node's, an adapter's [`Error::Adapter`], or [`Error::Panic`] if building or
    /// collecting panicked).
    pub fn join(mut self) -> Result<R> {
        self.wait()
    }

    fn wait(&mut self) -> Result<R> {
        match self.thread.take() {
            Some(Ok(t)) => t.join().unwrap_or_else(|panic| {
                Err(Error::Panic {
                    message: panic_message(&*panic),
                })
            }),
            Some(Err(e)) => Err(Error::Config(format!(
                "could not start the engine thread: {e}"
            ))),
            None => Err(Error::Config("the run was already joined".into())),
        }
    }
}

impl<R> Drop for RunHandle<R> {
    fn drop(&mut self) {
        if self.thread.is_some() {
            self.control.stop();
            let _ = self.wait();
        }
    }
}

/// The realtime runs that Ctrl-C stops.
static CTRL_C_RUNS: Mutex<Vec<(u64, Weak<PushQueue>)>> = Mutex::new(Vec::new());

/// A run registered with the Ctrl-C handler, for as long as it lives.
pub(crate) struct CtrlC {
    id: u64,
}

impl CtrlC {
    /// Installs the process's Ctrl-C handler (once) and registers `queue`'s run with it.
    pub(crate) fn register(queue: &Arc<PushQueue>) -> Result<CtrlC> {
        static INSTALLED: std::sync::OnceLock<std::result::Result<(), String>> =
            std::sync::OnceLock::new();
        INSTALLED
            .get_or_init(|| {
                ctrlc::set_handler(|| {
                    for (_, q) in lock(&CTRL_C_RUNS).iter() {
                        if let Some(q) = q.upgrade() {
                            q.request_stop();
                        }
                    }
                })
                .map_err(|e| e.to_string())
            })
            .clone()
            .map_err(|e| Error::Config(format!("cannot install the Ctrl-C handler: {e}")))?;
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        lock(&CTRL_C_RUNS).push((id, Arc::downgrade(queue)));
        Ok(CtrlC { id })
    }
}

impl Drop for CtrlC {
    fn drop(&mut self) {
        lock(&CTRL_C_RUNS).retain(|(id, _)| *id != self.id);
    }
}
