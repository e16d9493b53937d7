//! tickgraph's engine: engine time, typed graph building, the simulation scheduler with
//! csp's cycle semantics, the node runtime and the standard library.
//!
//! Most users depend on the `tickgraph` facade crate and `use tickgraph::prelude::*`.
//!
//! Nodes are written either by implementing [`Node`](node::Node) by hand or with the
//! `#[node]` attribute, whose guide (parameters, outputs, the `state!`/`alarms!`/`start!`/
//! `stop!` blocks and the body macros such as `ticked!` and `schedule_alarm!`, each with a
//! page of its own) is in the facade crate's documentation:
//! [Writing nodes with `#[node]`](../tickgraph/index.html#writing-nodes-with-node).
//! The standard library is [`stdlib`]: csp's baselib, and the `stats`, `math`, `basketlib`
//! and `random` modules.
#![deny(missing_docs)]

pub mod adapter;
pub mod alarm;
pub(crate) mod ctx;
pub mod error;
pub mod graph;
pub mod node;
#[doc(hidden)]
pub mod __private {
    pub use crate::private::*;
}
mod private;
pub mod runtime;
pub mod scheduler;
pub mod stdlib;
pub mod time;
pub mod ts;

pub use error::{Error, NodeError, Result};

/// Everything a graph author needs, in one import.
pub mod prelude {
    pub use crate::adapter::{
        PullAdapter, PushBatch, PushError, PushGroup, PushMode, PushPullReceiver, PushPullSender,
        PushReceiver, PushSender, ReplayRun, pull_source, pull_source_burst, push_channel,
        push_pull_channel, push_pull_source, push_source, push_source_burst, try_pull_source,
    };
    pub use crate::alarm::{Alarm, AlarmHandle};
    pub use crate::error::{Error, NodeError};
    pub use crate::graph::{DelayedEdge, Feedback, Graph, NodeBuilder, Wiring};
    pub use crate::graph::{IntoTs, Ts};
    pub use crate::node::{FireResult, Node, Source};
    pub use crate::runtime::{
        Ctx, RunConfig, RunHandle, RunResult, RunStats, SourceId, run_on_thread,
    };
    pub use crate::scheduler::{Refire, Token};
    pub use crate::stdlib::*;
    pub use crate::time::{Time, micros, millis, nanos, secs, secs_f64};
    pub use crate::ts::{
        Bound, BufferPolicy, DictBasket, DuplicatePolicy, Input, ListBasket, Output, OutputBasket,
        Value,
    };
    pub use chrono::TimeDelta;
}
