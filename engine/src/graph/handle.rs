//! `Ts<T>`: the typed graph-time handle of one time series.

use crate::graph::{Graph, OutRef};
use std::fmt;
use std::marker::PhantomData;

/// A time series of `T` values at graph-building time: an edge from a node's output.
///
/// Handles are cheap to clone and are passed to node functions to wire the graph.
/// They carry their graph, so a node function needs no graph argument.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x: Ts<i64> = const_(&g, 5);
/// g.output("x", &x);
/// let r = g.run(RunConfig::historical(Time::EPOCH, Time::EPOCH)).unwrap();
/// assert_eq!(r.series::<i64>("x").unwrap(), &[(Time::EPOCH, 5)]);
/// ```
pub struct Ts<T> {
    pub(crate) graph: Graph,
    pub(crate) out: OutRef,
    _type: PhantomData<fn() -> T>,
}

impl<T> Ts<T> {
    pub(crate) fn new(graph: Graph, out: OutRef) -> Self {
        Ts {
            graph,
            out,
            _type: PhantomData,
        }
    }

    /// The graph this edge belongs to.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// The name of the node (or source) producing this edge.
    pub fn producer_name(&self) -> String {
        self.graph.decl_name(self.out.decl)
    }
}

impl<T> Clone for Ts<T> {
    fn clone(&self) -> Self {
        Ts::new(self.graph.clone(), self.out)
    }
}

impl<T> fmt::Debug for Ts<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Ts<{}>({}#{})",
            std::any::type_name::<T>(),
            self.producer_name(),
            self.out.index
        )
    }
}

/// Anything a node function accepts where a time series goes: `Ts<T>` or `&Ts<T>`.
pub trait IntoTs {
    /// The value type of the series.
    type Item;
    /// The handle.
    fn into_ts(self) -> Ts<Self::Item>;
}

impl<T> IntoTs for Ts<T> {
    type Item = T;
    fn into_ts(self) -> Ts<T> {
        self
    }
}

impl<T> IntoTs for &Ts<T> {
    type Item = T;
    fn into_ts(self) -> Ts<T> {
        self.clone()
    }
}
