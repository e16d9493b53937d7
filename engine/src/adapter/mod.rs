//! Adapter traits: how data enters the engine. Historical (pull) adapters yield
//! `(time, value)` in time order on the engine thread; push adapters take values from any
//! thread into a realtime run; push-pull adapters replay history at its timestamps, then go
//! live; push modes say what happens to several values at one time.

mod pull;
mod push;
mod push_pull;

pub(crate) use pull::reject_burst;
pub use pull::{PullAdapter, pull_source, pull_source_burst, try_pull_source};
pub use push::{
    PushBatch, PushError, PushGroup, PushReceiver, PushSender, push_channel, push_source,
    push_source_burst,
};
pub use push_pull::{
    PushPullReceiver, PushPullSender, ReplayRun, push_pull_channel, push_pull_source,
};

/// What a source does with several values at the same engine time (csp's `PushMode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum PushMode {
    /// Only the last value of a time ticks.
    LastValue,
    /// Every value ticks, one per engine cycle, all at the same time (the default for
    /// historical sources).
    #[default]
    NonCollapsing,
    /// All values of a time tick once, together, as a `Vec` (use the `_burst` sources).
    Burst,
}
