//! The graph builder: typed handles in, a node declaration per call, topology kept for the
//! compile step (ranks, pruning, validation).

mod builder;
pub(crate) mod compile;
mod delayed;
mod feedback;
mod handle;
mod wiring;

pub use builder::{
    AlarmId, BasketId, DictBasketId, InputId, NodeBuilder, OpenSource, OutputBasketId, OutputId,
};
pub use delayed::DelayedEdge;
pub(crate) use delayed::never_ticking;
pub use feedback::Feedback;
pub use handle::{IntoTs, Ts};
pub use wiring::Wiring;

use crate::error::{Error, NodeError, Result};
use crate::node::{Node, Source};
use crate::time::Time;
use crate::ts::cell::{AnyCell, TsCell, downcast};
use crate::ts::{BufferPolicy, Value};
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

/// A graph under construction: node functions called with its handles add nodes to it.
///
/// A `Graph` is a cheap, clonable handle. It can be run any number of times; each run
/// instantiates fresh nodes.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::ymd_hms(2020, 1, 1, 0, 0, 0);
/// let n = count(&timer(&g, secs(1), true));
/// g.output("n", &n);
/// let r = g.run(RunConfig::historical(st, st + secs(3))).unwrap();
/// assert_eq!(r.series::<u64>("n").unwrap().last(), Some(&(st + secs(3), 3)));
/// ```
#[derive(Clone, Default)]
pub struct Graph {
    pub(crate) inner: Rc<RefCell<GraphInner>>,
}

/// One output of one declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct OutRef {
    pub(crate) decl: u32,
    pub(crate) index: u32,
}

pub(crate) type NodeFactory = Rc<dyn Fn(&mut Wiring<'_>) -> Result<Box<dyn Node>, NodeError>>;
pub(crate) type SourceFactory = Rc<dyn Fn(&mut Wiring<'_>) -> Result<Box<dyn Source>, NodeError>>;

pub(crate) enum DeclKind {
    /// Declared, `finish` not called yet.
    Pending,
    Node(NodeFactory),
    Source(SourceFactory),
    /// A delayed edge: stands for `target` once bound.
    Alias {
        target: Option<OutRef>,
        fallback: Option<OutRef>,
    },
}

pub(crate) struct InputDecl {
    pub(crate) from: OutRef,
    pub(crate) name: Rc<str>,
    /// `(basket number within the node, element index)` for basket inputs.
    pub(crate) basket: Option<(u32, u32)>,
}

pub(crate) struct Decl {
    pub(crate) name: String,
    pub(crate) kind: DeclKind,
    pub(crate) inputs: Vec<InputDecl>,
    pub(crate) outputs: Vec<fn() -> Rc<dyn AnyCell>>,
    pub(crate) baskets: u32,
    /// Kept even when nothing consumes it (nodes without outputs, feedback bindings).
    pub(crate) sink: bool,
    pub(crate) end_of_cycle: bool,
    /// For feedback sources: whether `bind` was called.
    pub(crate) feedback_bound: Option<bool>,
}

impl Decl {
    /// A declaration with no inputs or outputs yet.
    pub(crate) fn new(name: &str, kind: DeclKind) -> Self {
        Decl {
            name: name.to_string(),
            kind,
            inputs: Vec::new(),
            outputs: Vec::new(),
            baskets: 0,
            sink: false,
            end_of_cycle: false,
            feedback_bound: None,
        }
    }
}

pub(crate) type Extract = fn(&Rc<dyn AnyCell>, BufferPolicy, i64) -> (Box<dyn Any>, Vec<Time>);

pub(crate) struct GraphOutput {
    pub(crate) name: String,
    pub(crate) from: OutRef,
    pub(crate) policy: BufferPolicy,
    pub(crate) extract: Extract,
    pub(crate) type_name: &'static str,
}

pub(crate) struct GraphInner {
    /// Distinguishes this graph's ids from every other graph's (see `builder::Owner`).
    pub(crate) id: u64,
    pub(crate) decls: Vec<Decl>,
    pub(crate) outputs: Vec<GraphOutput>,
    /// Problems found while building, reported by `run` (the first one wins).
    pub(crate) errors: Vec<Error>,
    /// The push queue of the graph's push sources (made with the first one, or by a
    /// realtime run).
    pub(crate) push_queue: Option<std::sync::Arc<crate::scheduler::push::PushQueue>>,
}

impl Default for GraphInner {
    fn default() -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        GraphInner {
            id: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            decls: Vec::new(),
            outputs: Vec::new(),
            errors: Vec::new(),
            push_queue: None,
        }
    }
}

impl Graph {
    /// An empty graph.
    pub fn new() -> Self {
        Graph::default()
    }

    /// This graph's identity (see `builder::Owner`).
    pub(crate) fn id(&self) -> u64 {
        self.inner.borrow().id
    }

    /// Declares a node; add its inputs and outputs, then call [`NodeBuilder::finish`].
    pub fn add_node(&self, name: &str) -> NodeBuilder {
        NodeBuilder::new(self.clone(), name, false)
    }

    /// Declares a source (an input adapter); add its outputs, then call
    /// [`NodeBuilder::finish_source`].
    pub fn add_source(&self, name: &str) -> NodeBuilder {
        NodeBuilder::new(self.clone(), name, true)
    }

    /// A new feedback edge (csp's `csp.feedback(T)`); see [`Feedback`].
    pub fn feedback<T: Value>(&self, name: &str) -> Feedback<T> {
        Feedback::new(self, name)
    }

    /// A new delayed edge (csp's `csp.DelayedEdge(T)`); see [`DelayedEdge`].
    pub fn delayed_edge<T: Value>(&self, name: &str) -> DelayedEdge<T> {
        DelayedEdge::new(self, name)
    }

    /// Records every tick of `ts` as the graph output `name` (csp's `add_graph_output`).
    pub fn output<T: Value>(&self, name: &str, ts: impl IntoTs<Item = T>) {
        self.output_with(name, ts, BufferPolicy::all());
    }

    /// Records `ts` as the graph output `name`, keeping what `retention` says
    /// (`BufferPolicy::ticks(1)` keeps only the last tick).
    pub fn output_with<T: Value>(
        &self,
        name: &str,
        ts: impl IntoTs<Item = T>,
        retention: BufferPolicy,
    ) {
        let ts = ts.into_ts();
        let mut inner = self.inner.borrow_mut();
        if !Rc::ptr_eq(&ts.graph.inner, &self.inner) {
            let e = foreign_handle_error(&ts.graph, format!("graph output {name}"));
            inner.errors.push(e);
            return;
        }
        if inner.outputs.iter().any(|o| o.name == name) {
            inner.errors.push(Error::DuplicateOutput {
                name: name.to_string(),
            });
            return;
        }
        inner.outputs.push(GraphOutput {
            name: name.to_string(),
            from: ts.out,
            policy: retention,
            extract: extract_series::<T>,
            type_name: std::any::type_name::<T>(),
        });
    }

    /// The number of declared nodes and sources (before pruning).
    pub fn len(&self) -> usize {
        self.inner.borrow().decls.len()
    }

    /// Whether nothing was declared yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(crate) fn decl_name(&self, decl: u32) -> String {
        self.inner.borrow().decls[decl as usize].name.clone()
    }

    pub(crate) fn push_decl(&self, decl: Decl) -> u32 {
        let mut inner = self.inner.borrow_mut();
        inner.decls.push(decl);
        (inner.decls.len() - 1) as u32
    }

    /// The graph's push queue, made on first use.
    pub(crate) fn push_queue(&self) -> std::sync::Arc<crate::scheduler::push::PushQueue> {
        self.inner
            .borrow_mut()
            .push_queue
            .get_or_insert_with(crate::scheduler::push::PushQueue::new)
            .clone()
    }

    /// The graph's push queue, if a push source made one.
    pub(crate) fn existing_push_queue(
        &self,
    ) -> Option<std::sync::Arc<crate::scheduler::push::PushQueue>> {
        self.inner.borrow().push_queue.clone()
    }

    /// Records a build error, returned by [`Graph::run`]: how a library or adapter function
    /// reports a bad argument without a `Result` at graph-building time.
    pub fn invalid_argument(&self, node: &str, message: impl Into<String>) {
        self.record_error(Error::InvalidArgument {
            node: node.into(),
            message: message.into(),
        });
    }

    pub(crate) fn record_error(&self, e: Error) {
        self.inner.borrow_mut().errors.push(e);
    }
}

/// Reads a graph output's series out of its cell, applying the output's own retention.
fn extract_series<T: Value>(
    cell: &Rc<dyn AnyCell>,
    policy: BufferPolicy,
    final_time: i64,
) -> (Box<dyn Any>, Vec<Time>) {
    let cell: Rc<TsCell<T>> = downcast(cell);
    let all: Vec<(Time, T)> = match cell.history() {
        Some(h) => h.iter().map(|(t, v)| (t, v.clone())).collect(),
        None => cell
            .value()
            .map(|v| (Time::from_nanos(cell.header.last_time.get()), v.clone()))
            .into_iter()
            .collect(),
    };
    let n = all.len();
    let kept: Vec<(Time, T)> = all
        .into_iter()
        .enumerate()
        .filter(|(i, (t, _))| {
            policy.is_unbounded()
                || n - i <= policy.tick_count()
                || policy
                    .window_nanos()
                    .is_some_and(|w| final_time.saturating_sub(t.nanos()) <= w)
        })
        .map(|(_, x)| x)
        .collect();
    let times = kept.iter().map(|(t, _)| *t).collect();
    (Box::new(kept), times)
}

/// Build errors are kept in the graph (so it can be fixed and re-run); `run` returns a copy.
pub(crate) fn copy_build_error(e: &Error) -> Error {
    match e {
        Error::Cycle { path } => Error::Cycle { path: path.clone() },
        Error::UnboundFeedback { name } => Error::UnboundFeedback { name: name.clone() },
        Error::FeedbackAlreadyBound { name } => Error::FeedbackAlreadyBound { name: name.clone() },
        Error::UnboundDelayedEdge { name } => Error::UnboundDelayedEdge { name: name.clone() },
        Error::DelayedEdgeAlreadyBound { name } => {
            Error::DelayedEdgeAlreadyBound { name: name.clone() }
        }
        Error::DuplicateOutput { name } => Error::DuplicateOutput { name: name.clone() },
        Error::ForeignHandle { node } => Error::ForeignHandle { node: node.clone() },
        Error::InvalidArgument { node, message } => Error::InvalidArgument {
            node: node.clone(),
            message: message.clone(),
        },
        other => Error::Config(other.to_string()),
    }
}

/// The error for a handle of `foreign` used in another graph: the foreign graph's own first
/// build error if it has one (a handle made in error, such as a node on an empty basket),
/// else [`Error::ForeignHandle`].
pub(crate) fn foreign_handle_error(foreign: &Graph, node: String) -> Error {
    match foreign.inner.borrow().errors.first() {
        Some(e) => copy_build_error(e),
        None => Error::ForeignHandle { node },
    }
}
