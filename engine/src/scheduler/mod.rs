//! Scheduling: the timer queue (when is the next cycle) and the step table (who runs in it).

pub(crate) mod push;
pub(crate) mod queue;
pub(crate) mod step;

pub use queue::{Refire, Token};
