//! `Output<T>`: a node's run-time handle on one of its outputs.

use super::cell::TsCell;
use crate::ctx::{Ctx, RunId};
use crate::error::{Error, NodeError};
use std::rc::Rc;

/// A node's handle on one of its outputs. Ticking it delivers the value to every active
/// consumer in this cycle.
///
/// The wiring makes one `Output` per declared output (the cell's only writer), for one
/// run: ticking it in another run is [`Error::ForeignRunHandle`].
pub struct Output<T> {
    pub(crate) cell: Rc<TsCell<T>>,
    pub(crate) run: RunId,
}

impl<T: Clone + 'static> Output<T> {
    /// Emits `value` at the current engine time.
    ///
    /// Takes the context mutably, as every write does: no value read from a series (a
    /// borrow of the context) can be alive across a tick. Emitting twice on one output in
    /// one cycle is [`Error::OutputTwice`], returned boxed, as node bodies return it: a
    /// boxed error is two words, returned in registers, so a node that ticks an output
    /// needs no stack frame for the rare error.
    #[inline(always)]
    pub fn tick(&self, ctx: &mut Ctx, value: T) -> Result<(), NodeError> {
        if !self.may_tick(ctx) {
            return Err(self.refused(ctx));
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
        ctx: &mut Ctx,
        build: impl FnOnce(&mut Option<T>),
    ) -> Result<(), NodeError> {
        if !self.may_tick(ctx) {
            return Err(self.refused(ctx));
        }
        self.cell.tick_with(ctx, build)
    }

    /// The tests on the hot path: not ticked yet in this cycle, and this run's handle.
    /// Two compare-and-branch pairs on loaded values (as `&&`) cost fewer instructions
    /// than combining the flags.
    #[inline(always)]
    fn may_tick(&self, ctx: &Ctx) -> bool {
        !self.cell.ticked_in(ctx.cycle) && self.run == ctx.run
    }

    /// Why a tick was refused. Cold and out of line, so that the tick itself stays a few
    /// instructions wherever it is inlined.
    #[cold]
    #[inline(never)]
    fn refused(&self, ctx: &Ctx) -> NodeError {
        Box::new(if self.run != ctx.run {
            Error::ForeignRunHandle {
                handle: format!("output of {}", std::any::type_name::<T>()),
            }
        } else {
            Error::OutputTwice { time: ctx.now() }
        })
    }
}
