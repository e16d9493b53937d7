//! `Output<T>`: a node's run-time handle on one of its outputs.

use super::cell::TsCell;
use crate::error::{Error, NodeError};
use crate::runtime::Ctx;
use std::rc::Rc;

/// A node's handle on one of its outputs. Ticking it delivers the value to every active
/// consumer in this cycle.
pub struct Output<T> {
    pub(crate) cell: Rc<TsCell<T>>,
}

impl<T: Clone + 'static> Output<T> {
    /// Emits `value` at the current engine time.
    ///
    /// Emitting twice on one output in one cycle is [`Error::OutputTwice`], returned boxed,
    /// as node bodies return it: a boxed error is two words, returned in registers, so a
    /// node that ticks an output needs no stack frame for the rare error.
    #[inline(always)]
    pub fn tick(&self, ctx: &Ctx, value: T) -> Result<(), NodeError> {
        if self.cell.ticked_in(ctx.cycle) {
            return Err(output_twice(ctx));
        }
        self.cell.tick(ctx, value)
    }

    /// Whether this output already ticked in the current cycle.
    #[inline]
    pub fn ticked(&self, ctx: &Ctx) -> bool {
        self.cell.ticked_in(ctx.cycle)
    }

    /// Emits a value built in the storage of the previous one (reusing a `Vec`'s capacity,
    /// for example). `build` gets the previous value, or `None` before the first tick, and
    /// must leave `Some`.
    pub fn tick_in_place(
        &self,
        ctx: &Ctx,
        build: impl FnOnce(&mut Option<T>),
    ) -> Result<(), NodeError> {
        if self.cell.ticked_in(ctx.cycle) {
            return Err(output_twice(ctx));
        }
        self.cell.tick_with(ctx, build)
    }
}

/// The error for a second tick on one output in one cycle. Cold and out of line, so that
/// the tick itself stays a few instructions wherever it is inlined.
#[cold]
#[inline(never)]
fn output_twice(ctx: &Ctx) -> NodeError {
    Box::new(Error::OutputTwice { time: ctx.now() })
}
