//! The engine's one error type and the boxed error a node body returns.

use crate::time::Time;

/// The error a node body, start or stop block returns: any error type, boxed.
///
/// Node bodies use `?` on their own errors (anything that implements `std::error::Error`,
/// and also `String` and `&str`); the engine wraps it in [`Error::Node`] with the node's name
/// and the engine time.
pub type NodeError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The text of a panic's payload (what `panic!` was given), for an error that reports the
/// panic: the engine's [`Error::Panic`], or an adapter's error for a thread that panicked.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-text panic payload".to_string()
    }
}

/// `Result` with [`Error`] as the error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while building or running a graph.
///
/// `Debug` prints the readable message and its causes, which is what `fn main() ->
/// tickgraph::Result<()>` shows when it returns an error.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The graph has a cycle that no feedback breaks (typically through delayed edges).
    #[error("illegal cycle found in graph, path: {path}")]
    Cycle {
        /// The node names along the cycle, `a -> b -> a`.
        path: String,
    },
    /// A feedback edge feeds a node that is part of the graph, but nothing was bound to it.
    #[error("unbound feedback '{name}' used in graph")]
    UnboundFeedback {
        /// The feedback's name.
        name: String,
    },
    /// `Feedback::bind` was called a second time.
    #[error("feedback '{name}' is already bound")]
    FeedbackAlreadyBound {
        /// The feedback's name.
        name: String,
    },
    /// A delayed edge is consumed by the graph but was never bound.
    #[error("encountered unbound delayed edge '{name}'")]
    UnboundDelayedEdge {
        /// The delayed edge's name.
        name: String,
    },
    /// `DelayedEdge::bind` was called a second time.
    #[error("attempted to bind delayed edge '{name}' multiple times")]
    DelayedEdgeAlreadyBound {
        /// The delayed edge's name.
        name: String,
    },
    /// Two graph outputs were given the same name.
    #[error("graph output key \"{name}\" is already bound")]
    DuplicateOutput {
        /// The duplicated name.
        name: String,
    },
    /// A node was declared with `Graph::add_node` but never finished.
    #[error("node '{name}' was declared but never finished (NodeBuilder::finish was not called)")]
    UnfinishedNode {
        /// The node's name.
        name: String,
    },
    /// A handle from one graph was used in another.
    #[error("a time series of another graph was passed to node '{node}'")]
    ForeignHandle {
        /// The node being built.
        node: String,
    },
    /// The run configuration is invalid (for example, end before start).
    #[error("invalid run configuration: {0}")]
    Config(String),
    /// `RunResult::series` was asked for an output that does not exist.
    #[error("no graph output named \"{name}\"")]
    UnknownOutput {
        /// The requested name.
        name: String,
    },
    /// `RunResult::series` was asked for the wrong value type.
    #[error("graph output \"{name}\" holds {actual}, not {requested}")]
    OutputType {
        /// The output's name.
        name: String,
        /// The type it holds.
        actual: &'static str,
        /// The type asked for.
        requested: &'static str,
    },
    /// A node, source or adapter failed during the run; `source` says how.
    #[error("node '{node}' failed at {time}: {source}")]
    Node {
        /// The node's name.
        node: String,
        /// The engine time of the failure.
        time: Time,
        /// What went wrong.
        source: NodeError,
    },
    /// A push adapter's thread stopped a realtime run with an error
    /// ([`PushSender::shutdown_with_error`](crate::adapter::PushSender::shutdown_with_error),
    /// csp's `shutdown_engine(exc)`).
    #[error("adapter '{adapter}' stopped the engine at {time}: {source}")]
    Adapter {
        /// The push source's name.
        adapter: String,
        /// The engine time when the engine stopped.
        time: Time,
        /// The adapter's error.
        source: NodeError,
    },
    /// A node emitted twice on one output in one engine cycle.
    #[error("attempted to output twice on the same engine cycle at time {time}")]
    OutputTwice {
        /// The engine time.
        time: Time,
    },
    /// An alarm or event was scheduled before the current engine time.
    #[error("cannot schedule event in the past. new time: {requested} now: {now}")]
    ScheduleInPast {
        /// The time asked for.
        requested: Time,
        /// The current engine time.
        now: Time,
    },
    /// `reschedule` was called with a handle whose alarm already fired or was cancelled.
    #[error("attempting to reschedule expired handle")]
    ExpiredHandle,
    /// A run-time handle (input, output, alarm, source id) was used in a run other than
    /// the one whose wiring made it: kept from an earlier run, or taken from another
    /// graph's wiring.
    #[error(
        "{handle} belongs to another run (kept from an earlier run, or taken from another graph's wiring)"
    )]
    ForeignRunHandle {
        /// Which handle.
        handle: String,
    },
    /// A node's factory asked the wiring for a handle it cannot have: an id declared by
    /// another node, or a second writer of one output.
    #[error("wiring: {message}")]
    Wiring {
        /// What was wrong.
        message: String,
    },
    /// An input was read before it ever ticked.
    #[error("input '{input}' was read before it ticked")]
    NotValid {
        /// The input's name.
        input: String,
    },
    /// A history request reached beyond the input's buffering policy.
    #[error("requesting data at {requested} with buffer policy set to {policy} in input '{input}'")]
    BeyondPolicy {
        /// The input's name.
        input: String,
        /// The request, as the user wrote it (an index or a time).
        requested: String,
        /// The policy in force.
        policy: String,
    },
    /// Input data is not in time order.
    #[error("{source_name}: data out of time order at row {row}: {time} is before {previous}")]
    OutOfOrder {
        /// The source or file.
        source_name: String,
        /// The 0-based row (or element index).
        row: u64,
        /// The offending time.
        time: Time,
        /// The time before it.
        previous: Time,
    },
    /// A node panicked; the panic message.
    #[error("panicked: {message}")]
    Panic {
        /// The panic payload, as text.
        message: String,
    },
    /// Invalid arguments to a library node or source, found at build time.
    #[error("invalid argument for '{node}': {message}")]
    InvalidArgument {
        /// The node or source.
        node: String,
        /// What is wrong.
        message: String,
    },
}

impl std::fmt::Debug for Error {
    /// The message, then every cause not already part of it, one per line: what `main`
    /// shows for a returned error. Match on the variant to inspect its fields.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let message = self.to_string();
        f.write_str(&message)?;
        let mut cause = std::error::Error::source(self);
        let mut first = true;
        while let Some(c) = cause {
            let text = c.to_string();
            // A cause shown inside the message (Node's `{source}`) is not repeated.
            if !message.contains(&text) {
                if first {
                    f.write_str("\n\nCaused by:")?;
                    first = false;
                }
                write!(f, "\n    {text}")?;
            }
            cause = c.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("bad row")]
    struct Inner(#[source] std::io::Error);

    /// What a csp user meets first: `main` returning this error prints the message and the
    /// cause below it, not the enum's fields.
    #[test]
    fn debug_is_the_message_with_its_causes() {
        let e = Error::Node {
            node: "spread".into(),
            time: Time::EPOCH,
            source: Box::new(Inner(std::io::Error::other("disk gone"))),
        };
        assert_eq!(
            format!("{e:?}"),
            "node 'spread' failed at 1970-01-01 00:00:00: bad row\n\nCaused by:\n    disk gone"
        );
        let plain = Error::NotValid { input: "x".into() };
        assert_eq!(format!("{plain:?}"), "input 'x' was read before it ticked");
    }
}
