//! Delayed edges: a handle used as an input before its producer exists (csp's
//! `csp.DelayedEdge`). Unlike feedback it adds no delay, so it must not close a cycle.

use super::{Decl, DeclKind, Graph, OutRef};
use crate::ctx::Ctx;
use crate::error::{Error, NodeError};
use crate::graph::Ts;
use crate::node::{FireResult, Source};
use crate::scheduler::{Refire, Token};
use crate::ts::Value;

/// An edge to be bound later in graph construction.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let later = DelayedEdge::<i64>::new(&g, "later");
/// let n = count(&later.ts());
/// later.bind(&const_(&g, 7));
/// g.output("n", &n);
/// let r = g.run(RunConfig::historical(Time::EPOCH, Time::EPOCH)).unwrap();
/// assert_eq!(r.values::<u64>("n").unwrap(), vec![1]);
/// ```
pub struct DelayedEdge<T> {
    ts: Ts<T>,
}

impl<T: Value> DelayedEdge<T> {
    /// A new unbound delayed edge; consuming it unbound is an error at run.
    pub fn new(g: &Graph, name: &str) -> Self {
        Self::make(g, name, None)
    }

    /// A delayed edge that acts as a never-ticking series if it is never bound.
    pub fn default_to_null(g: &Graph, name: &str) -> Self {
        let null = never_ticking::<T>(g);
        Self::make(g, name, Some(null.out))
    }

    fn make(g: &Graph, name: &str, fallback: Option<OutRef>) -> Self {
        let kind = DeclKind::Alias {
            target: None,
            fallback,
        };
        let decl = g.push_decl(Decl::new(name, kind));
        DelayedEdge {
            ts: Ts::new(g.clone(), OutRef { decl, index: 0 }),
        }
    }

    /// The handle to wire as an input.
    pub fn ts(&self) -> Ts<T> {
        self.ts.clone()
    }

    /// Whether `bind` was called.
    pub fn is_bound(&self) -> bool {
        let inner = self.ts.graph.inner.borrow();
        matches!(
            inner.decls[self.ts.out.decl as usize].kind,
            DeclKind::Alias {
                target: Some(_),
                ..
            }
        )
    }

    /// Binds the edge to `ts`; binding twice is an error (reported when the graph runs).
    pub fn bind(&self, ts: &Ts<T>) {
        let mut inner = self.ts.graph.inner.borrow_mut();
        let decl = &mut inner.decls[self.ts.out.decl as usize];
        let name = decl.name.clone();
        match &mut decl.kind {
            DeclKind::Alias {
                target: t @ None, ..
            } => *t = Some(ts.out),
            _ => inner.errors.push(Error::DelayedEdgeAlreadyBound { name }),
        }
    }
}

/// A source that never ticks (`stdlib::null_ts`, and an unbound delayed edge's fallback).
pub(crate) fn never_ticking<T: Value>(g: &Graph) -> Ts<T> {
    let mut s = g.add_source("null_ts");
    let out = s.output::<T>();
    let ts = s.ts(out);
    s.finish_source(|_| Ok(Box::new(Never)));
    ts
}

struct Never;

impl Source for Never {
    fn start(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        Ok(())
    }
    fn fire(&mut self, _ctx: &mut Ctx, _token: Token) -> FireResult {
        Ok(Refire::NEVER)
    }
}
