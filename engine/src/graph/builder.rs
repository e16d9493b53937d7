//! `NodeBuilder`: declares one node's inputs, outputs and alarms, then its factory.

use super::{Decl, DeclKind, Graph, InputDecl, OutRef, Wiring};
use crate::alarm::alarm_parts;
use crate::error::{Error, NodeError};
use crate::graph::Ts;
use crate::node::{Node, Source};
use crate::ts::Value;
use crate::ts::cell::new_cell;
use std::marker::PhantomData;
use std::rc::Rc;

macro_rules! typed_id {
    ($(#[$m:meta])* $name:ident { $($field:ident: $ty:ty),* }) => {
        $(#[$m])*
        pub struct $name<T> {
            $(pub(crate) $field: $ty,)*
            pub(crate) _type: PhantomData<fn() -> T>,
        }
        impl<T> Clone for $name<T> {
            fn clone(&self) -> Self { *self }
        }
        impl<T> Copy for $name<T> {}
    };
}

/// The declaration an id belongs to: its graph and its place there. The wiring of any
/// other declaration refuses the id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Owner {
    pub(crate) graph: u64,
    pub(crate) decl: u32,
}

// Every id names the declaration it belongs to.
typed_id!(
    /// A declared input of a node under construction; resolve it with [`Wiring::input`].
    InputId { owner: Owner, index: u32 }
);
typed_id!(
    /// A declared output of a node under construction; resolve it with [`Wiring::output`].
    OutputId { owner: Owner, index: u32 }
);
typed_id!(
    /// A declared alarm of a node under construction; resolve it with [`Wiring::alarm`].
    AlarmId { owner: Owner, input: u32, source: u32 }
);
typed_id!(
    /// A declared list basket input; resolve it with [`Wiring::list_basket`].
    BasketId { owner: Owner, basket: u32, first: u32, len: u32 }
);
typed_id!(
    /// A declared output basket; resolve it with [`Wiring::output_basket`].
    OutputBasketId { owner: Owner, first: u32, len: u32 }
);

/// A declared dict basket input; resolve it with [`Wiring::dict_basket`].
pub struct DictBasketId<K, T> {
    pub(crate) list: BasketId<T>,
    pub(crate) keys: Rc<[K]>,
}

impl<K, T> Clone for DictBasketId<K, T> {
    fn clone(&self) -> Self {
        DictBasketId {
            list: self.list,
            keys: self.keys.clone(),
        }
    }
}

/// Declares one node (or source): its inputs, outputs and alarms, then the factory that
/// makes the node at each run.
///
/// See [`crate::node::Node`] for a complete hand-written node.
pub struct NodeBuilder {
    graph: Graph,
    decl: u32,
    is_source: bool,
    /// The declaration's identity in the ids it hands out.
    owner: Owner,
}

impl NodeBuilder {
    pub(crate) fn new(graph: Graph, name: &str, is_source: bool) -> Self {
        let decl = graph.push_decl(Decl::new(name, DeclKind::Pending));
        let owner = Owner {
            graph: graph.id(),
            decl,
        };
        NodeBuilder {
            graph,
            decl,
            is_source,
            owner,
        }
    }

    /// The graph this node is added to.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// The node's name.
    pub fn name(&self) -> String {
        self.graph.decl_name(self.decl)
    }

    fn push_input(&mut self, name: &str, from: OutRef, basket: Option<(u32, u32)>) -> u32 {
        let mut inner = self.graph.inner.borrow_mut();
        let decl = &mut inner.decls[self.decl as usize];
        decl.inputs.push(InputDecl {
            from,
            name: name.into(),
            basket,
        });
        (decl.inputs.len() - 1) as u32
    }

    fn check_same_graph<T>(&self, ts: &Ts<T>) {
        if !Rc::ptr_eq(&ts.graph.inner, &self.graph.inner) {
            let e = super::foreign_handle_error(&ts.graph, self.name());
            self.graph.record_error(e);
        }
        if self.is_source {
            self.graph.record_error(Error::InvalidArgument {
                node: self.name(),
                message: "a source cannot have time-series inputs".into(),
            });
        }
    }

    /// Declares a time-series input named `name` (used in error messages).
    pub fn input<T: Value>(&mut self, name: &str, ts: &Ts<T>) -> InputId<T> {
        self.check_same_graph(ts);
        let index = self.push_input(name, ts.out, None);
        InputId {
            owner: self.owner,
            index,
            _type: PhantomData,
        }
    }

    /// Declares a list basket input: the elements, in index order.
    pub fn list_basket<T: Value>(&mut self, name: &str, items: &[Ts<T>]) -> BasketId<T> {
        let basket = {
            let mut inner = self.graph.inner.borrow_mut();
            let decl = &mut inner.decls[self.decl as usize];
            decl.baskets += 1;
            decl.baskets - 1
        };
        let mut first = None;
        for (i, ts) in items.iter().enumerate() {
            self.check_same_graph(ts);
            let idx = self.push_input(&format!("{name}[{i}]"), ts.out, Some((basket, i as u32)));
            first.get_or_insert(idx);
        }
        let first = first.unwrap_or_else(|| {
            self.graph.inner.borrow().decls[self.decl as usize]
                .inputs
                .len() as u32
        });
        BasketId {
            owner: self.owner,
            basket,
            first,
            len: items.len() as u32,
            _type: PhantomData,
        }
    }

    /// Declares a dict basket input: `(key, series)` pairs, in the order given (which is the
    /// basket's key order).
    pub fn dict_basket<K, T: Value>(
        &mut self,
        name: &str,
        items: impl IntoIterator<Item = (K, Ts<T>)>,
    ) -> DictBasketId<K, T> {
        let (keys, series): (Vec<K>, Vec<Ts<T>>) = items.into_iter().unzip();
        let list = self.list_basket(name, &series);
        DictBasketId {
            list,
            keys: keys.into(),
        }
    }

    /// Declares an output of type `T`.
    pub fn output<T: Value>(&mut self) -> OutputId<T> {
        let mut inner = self.graph.inner.borrow_mut();
        let decl = &mut inner.decls[self.decl as usize];
        decl.outputs.push(new_cell::<T>);
        OutputId {
            owner: self.owner,
            index: (decl.outputs.len() - 1) as u32,
            _type: PhantomData,
        }
    }

    /// Declares an output basket of `len` outputs of type `T`.
    pub fn output_basket<T: Value>(&mut self, len: usize) -> OutputBasketId<T> {
        let first = self.graph.inner.borrow().decls[self.decl as usize]
            .outputs
            .len() as u32;
        for _ in 0..len {
            self.output::<T>();
        }
        OutputBasketId {
            owner: self.owner,
            first,
            len: len as u32,
            _type: PhantomData,
        }
    }

    /// The graph-time handle of a declared output.
    pub fn ts<T>(&self, id: OutputId<T>) -> Ts<T> {
        Ts::new(
            self.graph.clone(),
            OutRef {
                decl: self.decl,
                index: id.index,
            },
        )
    }

    /// The graph-time handles of a declared output basket.
    pub fn basket_ts<T>(&self, id: OutputBasketId<T>) -> Vec<Ts<T>> {
        (id.first..id.first + id.len)
            .map(|index| {
                Ts::new(
                    self.graph.clone(),
                    OutRef {
                        decl: self.decl,
                        index,
                    },
                )
            })
            .collect()
    }

    /// Declares an alarm: an input of this node that the node itself schedules.
    pub fn alarm<T: Value>(&mut self, name: &str) -> AlarmId<T> {
        let node_name = self.name();
        let mut src = NodeBuilder::new(self.graph.clone(), &format!("{node_name}.{name}"), true);
        let out = src.output::<T>();
        let ts = src.ts(out);
        let source = src.decl;
        // The alarm's source shares its slot table with the node, and slot 0 with the
        // engine.
        src.finish_source(move |w| {
            let (slots, zero, source) = alarm_parts(w.output(out).cell);
            w.share(slots);
            w.slot_zero = Some(zero);
            Ok(source)
        });
        let input = self.push_input(name, ts.out, None);
        AlarmId {
            owner: self.owner,
            input,
            source,
            _type: PhantomData,
        }
    }

    /// Keeps this node even if nothing consumes its outputs (nodes without outputs always are).
    pub fn sink(&mut self) {
        self.graph.inner.borrow_mut().decls[self.decl as usize].sink = true;
    }

    /// Asks for [`Node::end_cycle`] after every cycle in which this node executed.
    pub fn end_of_cycle(&mut self) {
        self.graph.inner.borrow_mut().decls[self.decl as usize].end_of_cycle = true;
    }

    pub(crate) fn decl(&self) -> u32 {
        self.decl
    }

    pub(crate) fn mark_feedback(&mut self) {
        self.graph.inner.borrow_mut().decls[self.decl as usize].feedback_bound = Some(false);
    }

    /// Finishes a node declaration with the factory that makes the node for each run.
    pub fn finish(
        self,
        factory: impl Fn(&mut Wiring<'_>) -> Result<Box<dyn Node>, NodeError> + 'static,
    ) {
        let mut inner = self.graph.inner.borrow_mut();
        let decl = &mut inner.decls[self.decl as usize];
        if decl.outputs.is_empty() {
            decl.sink = true;
        }
        decl.kind = DeclKind::Node(Rc::new(factory));
    }

    /// Finishes a source declaration with its factory, keeping it open for outputs
    /// declared later: an adapter manager (csp's), one reader whose subscriptions are made
    /// after it, each adding an output. The factory runs when the graph runs, after every
    /// subscription, so it sees them all (keep them in state the factory shares).
    ///
    /// ```
    /// use tickgraph_engine::prelude::*;
    /// use std::{cell::RefCell, rc::Rc};
    /// # use tickgraph_engine::graph::OutputId;
    /// /// Ticks each subscribed value once at the start.
    /// struct Constants { outs: Vec<Output<i64>>, values: Vec<i64>, id: SourceId }
    /// impl Source for Constants {
    ///     fn start(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
    ///         ctx.schedule(self.id, ctx.start_time(), Token::default())?;
    ///         Ok(())
    ///     }
    ///     fn fire(&mut self, ctx: &mut Ctx, _: Token) -> FireResult {
    ///         for (out, v) in self.outs.iter().zip(&self.values) {
    ///             out.tick(ctx, *v)?;
    ///         }
    ///         Ok(Refire::NEVER)
    ///     }
    /// }
    /// let g = Graph::new();
    /// let subs: Rc<RefCell<Vec<(OutputId<i64>, i64)>>> = Rc::default();
    /// let shared = subs.clone();
    /// let manager = g.add_source("constants").finish_open_source(move |w| {
    ///     let subs = shared.borrow();
    ///     Ok(Box::new(Constants {
    ///         outs: subs.iter().map(|(id, _)| w.output(*id)).collect(),
    ///         values: subs.iter().map(|(_, v)| *v).collect(),
    ///         id: w.source_id(),
    ///     }))
    /// });
    /// for v in [1, 2] {
    ///     let (id, ts) = manager.output::<i64>();
    ///     subs.borrow_mut().push((id, v));
    ///     g.output(&format!("c{v}"), &ts);
    /// }
    /// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
    /// assert_eq!(r.values::<i64>("c2").unwrap(), vec![2]);
    /// ```
    pub fn finish_open_source(
        self,
        factory: impl Fn(&mut Wiring<'_>) -> Result<Box<dyn Source>, NodeError> + 'static,
    ) -> OpenSource {
        let open = OpenSource {
            graph: self.graph.clone(),
            decl: self.decl,
            owner: self.owner,
        };
        self.finish_source(factory);
        open
    }

    /// Finishes a source declaration with the factory that makes the source for each run.
    pub fn finish_source(
        self,
        factory: impl Fn(&mut Wiring<'_>) -> Result<Box<dyn Source>, NodeError> + 'static,
    ) {
        self.graph.inner.borrow_mut().decls[self.decl as usize].kind =
            DeclKind::Source(Rc::new(factory));
    }
}

/// A source that takes outputs after its factory is set (see
/// [`NodeBuilder::finish_open_source`]): an adapter manager's handle at graph time.
#[derive(Clone)]
pub struct OpenSource {
    graph: Graph,
    decl: u32,
    owner: Owner,
}

impl OpenSource {
    /// Declares one more output of the source, and its series.
    pub fn output<T: Value>(&self) -> (OutputId<T>, Ts<T>) {
        let index = {
            let mut inner = self.graph.inner.borrow_mut();
            let decl = &mut inner.decls[self.decl as usize];
            decl.outputs.push(new_cell::<T>);
            (decl.outputs.len() - 1) as u32
        };
        let id = OutputId {
            owner: self.owner,
            index,
            _type: PhantomData,
        };
        let ts = Ts::new(
            self.graph.clone(),
            OutRef {
                decl: self.decl,
                index,
            },
        );
        (id, ts)
    }

    /// The graph the source belongs to.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// The source's name.
    pub fn name(&self) -> String {
        self.graph.decl_name(self.decl)
    }
}
