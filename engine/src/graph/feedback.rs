//! Feedback edges: a value produced downstream arrives at an upstream input in the next
//! cycle at the same engine time (csp's `csp.feedback`).

use super::Graph;
use crate::ctx::{Ctx, SourceId};
use crate::error::{Error, NodeError};
use crate::graph::Ts;
use crate::node::{FireResult, Node, Source};
use crate::scheduler::{Refire, Token};
use crate::ts::cell::TsCell;
use crate::ts::{Input, Value};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

/// A feedback edge: use [`Feedback::out`] as an input anywhere, then [`Feedback::bind`] it
/// once to the series whose ticks it carries.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let fb = Feedback::<u64>::new(&g, "loop");
/// let seen = count(&fb.out());
/// fb.bind(&count(&timer(&g, secs(1), ())));
/// g.output("seen", &seen);
/// let st = Time::EPOCH;
/// let r = g.run(RunConfig::historical(st, st + secs(2))).unwrap();
/// assert_eq!(r.series::<u64>("seen").unwrap(), &[(st + secs(1), 1), (st + secs(2), 2)]);
/// ```
pub struct Feedback<T> {
    source: Ts<T>,
    decl: u32,
}

type Pending<T> = RefCell<VecDeque<T>>;

impl<T: Value> Feedback<T> {
    /// A new, unbound feedback edge in `g`.
    pub fn new(g: &Graph, name: &str) -> Self {
        let mut src = g.add_source(&format!("feedback({name})"));
        src.mark_feedback();
        let out = src.output::<T>();
        let source = src.ts(out);
        let decl = src.decl();
        src.finish_source(move |w| {
            let pending: Rc<Pending<T>> = Rc::new(RefCell::new(VecDeque::new()));
            w.share(pending.clone());
            Ok(Box::new(FeedbackSource {
                pending,
                cell: w.output(out).cell,
            }))
        });
        Feedback { source, decl }
    }

    /// The fed-back series, usable as an input before it is bound.
    pub fn out(&self) -> Ts<T> {
        self.source.clone()
    }

    /// Feeds every tick of `ts` back to [`Feedback::out`]. Binding twice is an error
    /// (reported when the graph runs).
    pub fn bind(&self, ts: &Ts<T>) {
        let g = self.source.graph();
        let name = g.decl_name(self.decl);
        {
            let mut inner = g.inner.borrow_mut();
            let bound = &mut inner.decls[self.decl as usize].feedback_bound;
            if *bound == Some(true) {
                inner.errors.push(Error::FeedbackAlreadyBound { name });
                return;
            }
            *bound = Some(true);
        }
        let mut n = g.add_node(&format!("{name}.bind"));
        let x = n.input("x", ts);
        let decl = self.decl;
        n.finish(move |w| {
            let pending = w
                .shared_of::<Pending<T>>(decl)
                .expect("invariant: feedback source wired before its binding");
            Ok(Box::new(FeedbackBind {
                x: w.input(x),
                pending,
                source: w.source_id_of(decl),
            }))
        });
    }
}

struct FeedbackSource<T> {
    pending: Rc<Pending<T>>,
    cell: Rc<TsCell<T>>,
}

impl<T: Value> Source for FeedbackSource<T> {
    fn start(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        Ok(())
    }

    fn fire(&mut self, ctx: &mut Ctx, _token: Token) -> FireResult {
        if self.cell.ticked_in(ctx.cycle) {
            return Ok(Refire::next_cycle(ctx));
        }
        if let Some(v) = self.pending.borrow_mut().pop_front() {
            self.cell.tick(ctx, v)?;
        }
        Ok(Refire::NEVER)
    }
}

struct FeedbackBind<T> {
    x: Input<T>,
    pending: Rc<Pending<T>>,
    source: SourceId,
}

impl<T: Value> Node for FeedbackBind<T> {
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if self.x.ticked(ctx) {
            self.pending
                .borrow_mut()
                .push_back(self.x.value(ctx)?.clone());
            ctx.schedule(self.source, ctx.now(), Token::default())?;
        }
        Ok(())
    }
}
