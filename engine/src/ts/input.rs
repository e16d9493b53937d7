//! `Input<T>`: a node's run-time handle on one of its input time series.

use super::cell::TsCell;
use super::history::{At, Bound, BufferPolicy, DuplicatePolicy, beyond_policy, check_time_request};
use crate::ctx::{Ctx, RunId};
use crate::error::{Error, Result};
use crate::time::Time;
use crate::ts::cell::AnyCell;
use std::fmt;
use std::rc::Rc;

/// A node's handle on one input: its current value, whether it ticked, its history.
///
/// Reads borrow the engine context: [`Input::current`] (what a `#[node]` body's `x` means)
/// reads the current value and aborts the run with [`Error::NotValid`] (naming the input,
/// the node and the time) if the input never ticked; [`Input::get`] and [`Input::value`]
/// test instead. A reference read this way cannot be kept past the node's call: the
/// producer's next tick would replace the value.
///
/// An input belongs to the run whose wiring made it: in another run, [`Input::value`], the
/// history and the activity calls abort that run with [`Error::ForeignRunHandle`] (the
/// hot reads, `get` and `current`, skip the check; see [`Input::get`]).
///
/// Three words, on the hot line of the node that holds it: the input's name, which only
/// errors read, is kept with the producer's subscribers ([`Input::name`]).
pub struct Input<T> {
    pub(crate) cell: Rc<TsCell<T>>,
    /// This input's place among the producer cell's subscribers.
    pub(crate) sub: u32,
    pub(crate) run: RunId,
}

impl<T: Clone + 'static> Input<T> {
    /// The cell, once this input is known to belong to `ctx`'s run; the borrow is tied
    /// to `ctx`. For the calls off the hot path ([`Input::value`], history, activity).
    #[inline(always)]
    fn cell_in<'a>(&'a self, ctx: &'a Ctx) -> &'a TsCell<T> {
        if self.run != ctx.run {
            foreign_run(self.name());
        }
        &self.cell
    }

    /// Whether this input ticked in the current cycle (true for passive inputs too).
    #[inline(always)]
    pub fn ticked(&self, ctx: &Ctx) -> bool {
        self.cell.ticked_in(ctx.cycle)
    }

    /// Whether this input has ticked at least once.
    #[inline(always)]
    pub fn valid(&self) -> bool {
        self.cell.header.num_ticks.get() > 0
    }

    /// The current value, or `None` before the first tick.
    ///
    /// One of the two hot reads (with [`Input::current`]): they borrow `ctx` but do not
    /// check that this input belongs to its run. That is sound: another run's cells are
    /// written only by that run's outputs, which refuse every other run's context, so no
    /// write can happen under this borrow. [`Input::value`] checks.
    #[inline(always)]
    pub fn get<'a>(&'a self, _ctx: &'a Ctx) -> Option<&'a T> {
        self.cell.value()
    }

    /// The current value, or [`Error::NotValid`] before the first tick.
    #[inline]
    pub fn value<'a>(&'a self, ctx: &'a Ctx) -> Result<&'a T> {
        self.cell_in(ctx).value().ok_or_else(|| Error::NotValid {
            input: self.name().to_string(),
        })
    }

    /// The current value; aborts the run with [`Error::NotValid`] before the first tick
    /// (what a `#[node]` body's plain `x` reads).
    #[inline(always)]
    pub fn current<'a>(&'a self, _ctx: &'a Ctx) -> &'a T {
        match self.cell.value() {
            Some(v) => v,
            None => not_valid(self.name()),
        }
    }

    /// The total number of ticks since the start (not the buffer length).
    #[inline]
    pub fn num_ticks(&self) -> u64 {
        self.cell.header.num_ticks.get()
    }

    /// The time of the last tick, or `None` before the first.
    pub fn last_time(&self) -> Option<Time> {
        self.valid()
            .then(|| Time::from_nanos(self.cell.header.last_time.get()))
    }

    /// The input's name (the parameter name for `#[node]` functions).
    pub fn name(&self) -> &str {
        self.cell.input_name(self.sub)
    }

    /// Stops this input from triggering the node; `ticked` still reports its ticks.
    ///
    /// Takes the context, like every scheduling call, so that it is made while the node
    /// runs (start block or body).
    pub fn make_passive(&self, ctx: &Ctx) {
        self.cell_in(ctx).set_active(self.sub, false);
    }

    /// Makes this input trigger the node again.
    pub fn make_active(&self, ctx: &Ctx) {
        self.cell_in(ctx).set_active(self.sub, true);
    }

    /// Asks the producer to keep at least `policy` of history (merged with other requests).
    ///
    /// Takes the context mutably: a larger buffer may move the buffered values, so no
    /// reference read from the history may be alive.
    pub fn set_buffering_policy(&self, ctx: &mut Ctx, policy: BufferPolicy) {
        self.cell_in(ctx).request_policy(policy);
    }

    fn policy(&self) -> BufferPolicy {
        self.cell.policy()
    }

    /// The value current at `at`: an index (`0` = current, `-1` = the previous tick, ...),
    /// an offset from now (`-secs(2)`) or an absolute time. Among several ticks at the same
    /// time the last is returned (see [`Input::item_at`]).
    ///
    /// `Ok(None)` if that tick is within the buffering policy but does not exist;
    /// [`Error::BeyondPolicy`] if it is beyond the policy.
    pub fn value_at<'a>(&'a self, ctx: &'a Ctx, at: impl Into<At>) -> Result<Option<&'a T>> {
        Ok(self
            .item_at(ctx, at, DuplicatePolicy::LastValue)?
            .map(|(_, v)| v))
    }

    /// The time of the tick current at `at` (see [`Input::value_at`]).
    pub fn time_at(&self, ctx: &Ctx, at: impl Into<At>) -> Result<Option<Time>> {
        Ok(self
            .item_at(ctx, at, DuplicatePolicy::LastValue)?
            .map(|(t, _)| t))
    }

    /// The `(time, value)` of the tick current at `at`; `dup` picks among several ticks at
    /// exactly that time (time-based lookups only).
    pub fn item_at<'a>(
        &'a self,
        ctx: &'a Ctx,
        at: impl Into<At>,
        dup: DuplicatePolicy,
    ) -> Result<Option<(Time, &'a T)>> {
        let cell = self.cell_in(ctx);
        match at.into() {
            At::Index(i) => self.item_at_index(cell, i),
            At::Offset(d) => self.item_at_time(cell, ctx, (ctx.now() + d).nanos(), dup),
            At::Time(t) => self.item_at_time(cell, ctx, t.nanos(), dup),
        }
    }

    fn item_at_index<'a>(&self, cell: &'a TsCell<T>, index: i64) -> Result<Option<(Time, &'a T)>> {
        let policy = self.policy();
        if index > 0 {
            return Err(beyond_policy(self.name(), format!("index {index}"), policy));
        }
        let back = index.unsigned_abs() as usize;
        match cell.history() {
            None if back == 0 => Ok(cell
                .value()
                .map(|v| (Time::from_nanos(cell.header.last_time.get()), v))),
            None => Err(beyond_policy(self.name(), format!("index {back}"), policy)),
            Some(h) => {
                if back >= policy.tick_count()
                    && policy.window_nanos().is_none()
                    && !policy.is_unbounded()
                {
                    return Err(beyond_policy(self.name(), format!("index {back}"), policy));
                }
                Ok(h.nth_back(back).map(|(t, v)| (Time::from_nanos(t), v)))
            }
        }
    }

    fn item_at_time<'a>(
        &self,
        cell: &'a TsCell<T>,
        ctx: &Ctx,
        t: i64,
        dup: DuplicatePolicy,
    ) -> Result<Option<(Time, &'a T)>> {
        let t = t.min(ctx.now);
        let policy = self.policy();
        check_time_request(self.name(), policy, ctx.now, t)?;
        let beyond = || beyond_policy(self.name(), format!("time {}", Time::from_nanos(t)), policy);
        match cell.history() {
            None => {
                let last = cell.header.last_time.get();
                match cell.value() {
                    Some(v) if last <= t => Ok(Some((Time::from_nanos(last), v))),
                    Some(_) => Err(beyond()),
                    None => Ok(None),
                }
            }
            Some(h) => match h.position_at(t, dup) {
                Some(pos) => Ok(h.get(pos).map(|(ts, v)| (Time::from_nanos(ts), v))),
                // Ticks were dropped by a tick-count policy: the answer is not known.
                None if self.num_ticks() as usize > h.len() && policy.window_nanos().is_none() => {
                    Err(beyond())
                }
                None => Ok(None),
            },
        }
    }

    /// The buffered ticks between `start` and `end` (each an index, an offset from now or a
    /// time), oldest first, as csp's `items_at(x, start, end, start_policy, end_policy)`.
    pub fn items_between(
        &self,
        ctx: &Ctx,
        start: impl Into<At>,
        start_bound: Bound,
        end: impl Into<At>,
        end_bound: Bound,
    ) -> Result<Vec<(Time, T)>> {
        let cell = self.cell_in(ctx);
        let to_time = |at: At| -> Result<i64> {
            Ok(match at {
                At::Index(i) => self
                    .item_at_index(cell, i)?
                    .map_or(i64::MIN, |(t, _)| t.nanos()),
                At::Offset(d) => (ctx.now() + d).nanos(),
                At::Time(t) => t.nanos(),
            })
        };
        let (start, end) = (to_time(start.into())?, to_time(end.into())?);
        if start != i64::MIN {
            check_time_request(self.name(), self.policy(), ctx.now, start)?;
        }
        let within = |t: i64| start_bound.after(t, start) && end_bound.before(t, end);
        Ok(match cell.history() {
            Some(h) => h
                .range(start, start_bound, end, end_bound)
                .map(|(t, v)| (t, v.clone()))
                .collect(),
            None => cell
                .value()
                .map(|v| (Time::from_nanos(cell.header.last_time.get()), v.clone()))
                .filter(|(t, _)| within(t.nanos()))
                .into_iter()
                .collect(),
        })
    }

    /// The values of [`Input::items_between`].
    pub fn values_between(
        &self,
        ctx: &Ctx,
        start: impl Into<At>,
        start_bound: Bound,
        end: impl Into<At>,
        end_bound: Bound,
    ) -> Result<Vec<T>> {
        Ok(self
            .items_between(ctx, start, start_bound, end, end_bound)?
            .into_iter()
            .map(|(_, v)| v)
            .collect())
    }
}

#[cold]
#[inline(never)]
fn not_valid(name: &str) -> ! {
    // The engine catches this payload and reports it as the node's error.
    std::panic::panic_any(Error::NotValid {
        input: name.to_string(),
    })
}

/// The error for a handle of another run; raised like [`not_valid`], so that every read
/// can stay a plain reference.
#[cold]
#[inline(never)]
pub(crate) fn foreign_run(name: &str) -> ! {
    std::panic::panic_any(Error::ForeignRunHandle {
        handle: format!("input {name}"),
    })
}

/// Names the input; its value needs the context (`input.get(ctx)`).
impl<T> fmt::Debug for Input<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Input<{}>({})",
            std::any::type_name::<T>(),
            self.cell.input_name(self.sub)
        )
    }
}
