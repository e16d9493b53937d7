//! `Input<T>`: a node's run-time handle on one of its input time series.

use super::cell::TsCell;
use super::history::{Bound, BufferPolicy, DuplicatePolicy, beyond_policy, check_time_request};
use crate::error::{Error, Result};
use crate::runtime::Ctx;
use crate::time::{Time, saturating_nanos};
use crate::ts::cell::AnyCell;
use chrono::TimeDelta;
use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

/// A node's handle on one input: its current value, whether it ticked, its history.
///
/// `*input` (or auto-deref, `input.field`) reads the current value; reading an input that has
/// never ticked aborts the run with [`Error::NotValid`] naming the input, the node and the
/// time. Use [`Input::get`] or [`Input::value`] to test instead.
pub struct Input<T> {
    pub(crate) cell: Rc<TsCell<T>>,
    pub(crate) edge: u32,
    pub(crate) name: Rc<str>,
}

impl<T: Clone + 'static> Input<T> {
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
    #[inline(always)]
    pub fn get(&self) -> Option<&T> {
        self.cell.value()
    }

    /// The current value, or [`Error::NotValid`] before the first tick.
    #[inline]
    pub fn value(&self) -> Result<&T> {
        self.cell.value().ok_or_else(|| Error::NotValid { input: self.name.to_string() })
    }

    /// The total number of ticks since the start (not the buffer length).
    #[inline]
    pub fn num_ticks(&self) -> u64 {
        self.cell.header.num_ticks.get()
    }

    /// The time of the last tick, or `None` before the first.
    pub fn last_time(&self) -> Option<Time> {
        self.valid().then(|| Time::from_nanos(self.cell.header.last_time.get()))
    }

    /// The input's name (the parameter name for `#[node]` functions).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Stops this input from triggering the node; `ticked` still reports its ticks.
    pub fn make_passive(&self, ctx: &mut Ctx) {
        ctx.set_edge_active(self.edge, false);
    }

    /// Makes this input trigger the node again.
    pub fn make_active(&self, ctx: &mut Ctx) {
        ctx.set_edge_active(self.edge, true);
    }

    /// Asks the producer to keep at least `policy` of history (merged with other requests).
    pub fn set_buffering_policy(&self, policy: BufferPolicy) {
        self.cell.request_policy(policy);
    }

    fn policy(&self) -> BufferPolicy {
        self.cell.policy()
    }

    /// The value `index` ticks back (`0` = current, `-1` = the previous tick, ...).
    ///
    /// `Ok(None)` if that tick is within the buffering policy but does not exist yet;
    /// [`Error::BeyondPolicy`] if it is beyond the policy.
    pub fn value_at(&self, index: i64) -> Result<Option<&T>> {
        Ok(self.item_at(index)?.map(|(_, v)| v))
    }

    /// The time of the tick `index` ticks back (see [`Input::value_at`]).
    pub fn time_at(&self, index: i64) -> Result<Option<Time>> {
        Ok(self.item_at(index)?.map(|(t, _)| t))
    }

    /// The `(time, value)` of the tick `index` ticks back (see [`Input::value_at`]).
    pub fn item_at(&self, index: i64) -> Result<Option<(Time, &T)>> {
        let back = index.unsigned_abs() as usize;
        if index > 0 {
            return Err(beyond_policy(&self.name, format!("index {index}"), self.policy()));
        }
        match self.cell.history() {
            None if back == 0 => Ok(self.get().map(|v| (Time::from_nanos(self.cell.header.last_time.get()), v))),
            None => Err(beyond_policy(&self.name, format!("index {back}"), self.policy())),
            Some(h) => {
                let p = h.policy();
                if back >= p.tick_count() && p.window_nanos().is_none() && !p.is_unbounded() {
                    return Err(beyond_policy(&self.name, format!("index {back}"), p));
                }
                Ok(h.from_back(back).map(|(t, v)| (Time::from_nanos(t), v)))
            }
        }
    }

    /// The value current at `now + offset` (`offset <= 0`): the last tick at or before it.
    ///
    /// `dup` picks among several ticks at that exact time.
    pub fn value_at_offset(&self, ctx: &Ctx, offset: TimeDelta, dup: DuplicatePolicy) -> Result<Option<&T>> {
        Ok(self.item_at_time(ctx, ctx.now() + offset.min(TimeDelta::zero()), dup)?.map(|(_, v)| v))
    }

    /// The `(time, value)` current at absolute time `t` (at or before now).
    pub fn item_at_time(&self, ctx: &Ctx, t: Time, dup: DuplicatePolicy) -> Result<Option<(Time, &T)>> {
        let t = t.nanos().min(ctx.now);
        let policy = self.policy();
        check_time_request(&self.name, policy, ctx.now, t)?;
        match self.cell.history() {
            None => {
                let last = self.cell.header.last_time.get();
                match self.get() {
                    Some(v) if last <= t => Ok(Some((Time::from_nanos(last), v))),
                    Some(_) if self.num_ticks() > 1 || policy.window_nanos().is_none() => Err(beyond_policy(
                        &self.name,
                        format!("time {}", Time::from_nanos(t)),
                        policy,
                    )),
                    _ => Ok(None),
                }
            }
            Some(h) => match h.position_at(t, dup) {
                Some(pos) => Ok(h.get(pos).map(|(ts, v)| (Time::from_nanos(ts), v))),
                None => {
                    let dropped = self.num_ticks() as usize > h.len();
                    if dropped && policy.window_nanos().is_none() {
                        Err(beyond_policy(&self.name, format!("time {}", Time::from_nanos(t)), policy))
                    } else {
                        Ok(None)
                    }
                }
            },
        }
    }

    /// The buffered ticks between `start` and `end` (absolute times), oldest first.
    pub fn items_between(
        &self,
        ctx: &Ctx,
        start: Time,
        start_bound: Bound,
        end: Time,
        end_bound: Bound,
    ) -> Result<Vec<(Time, T)>> {
        check_time_request(&self.name, self.policy(), ctx.now, start.nanos())?;
        match self.cell.history() {
            Some(h) => Ok(h
                .range(start.nanos(), start_bound, end.nanos(), end_bound)
                .map(|(t, v)| (t, v.clone()))
                .collect()),
            None => {
                let item = self.item_at(0)?;
                Ok(item
                    .filter(|(t, _)| {
                        let after = match start_bound {
                            Bound::Inclusive => *t >= start,
                            Bound::Exclusive => *t > start,
                        };
                        let before = match end_bound {
                            Bound::Inclusive => *t <= end,
                            Bound::Exclusive => *t < end,
                        };
                        after && before
                    })
                    .map(|(t, v)| (t, v.clone()))
                    .into_iter()
                    .collect())
            }
        }
    }

    /// The buffered values with `now + start < t <= now + end` style bounds, as csp's
    /// `values_at(x, start, end, start_policy, end_policy)` with timedelta offsets.
    pub fn values_between_offsets(
        &self,
        ctx: &Ctx,
        start: TimeDelta,
        start_bound: Bound,
        end: TimeDelta,
        end_bound: Bound,
    ) -> Result<Vec<T>> {
        let now = ctx.now();
        Ok(self
            .items_between(ctx, now + start, start_bound, now + end, end_bound)?
            .into_iter()
            .map(|(_, v)| v)
            .collect())
    }

    /// The number of ticks within `window` of now that are still buffered.
    pub fn buffered_within(&self, ctx: &Ctx, window: TimeDelta) -> usize {
        let from = ctx.now.saturating_sub(saturating_nanos(window));
        self.cell
            .history()
            .map(|h| h.range(from, Bound::Inclusive, ctx.now, Bound::Inclusive).count())
            .unwrap_or(usize::from(self.valid()))
    }

    /// The oldest buffered tick's time, if any.
    pub fn oldest_buffered_time(&self) -> Option<Time> {
        match self.cell.history() {
            Some(h) => h.oldest_time().map(Time::from_nanos),
            None => self.last_time(),
        }
    }
}

impl<T: Clone + 'static> Deref for Input<T> {
    type Target = T;

    /// The current value; aborts the run with [`Error::NotValid`] before the first tick.
    #[inline(always)]
    fn deref(&self) -> &T {
        match self.cell.value() {
            Some(v) => v,
            None => not_valid(&self.name),
        }
    }
}

#[cold]
#[inline(never)]
fn not_valid(name: &str) -> ! {
    // The engine catches this payload and reports it as the node's error.
    std::panic::panic_any(Error::NotValid { input: name.to_string() })
}

impl<T: Clone + fmt::Display + 'static> fmt::Display for Input<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

impl<T: Clone + fmt::Debug + 'static> fmt::Debug for Input<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.get() {
            Some(v) => fmt::Debug::fmt(v, f),
            None => write!(f, "<{} not valid>", self.name),
        }
    }
}
