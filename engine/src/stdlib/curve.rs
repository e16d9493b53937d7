//! The in-memory curve source: values at given times (or offsets from the start), with
//! csp's LAST_VALUE / NON_COLLAPSING rules for values at the same time.
//!
//! A source of its own rather than a `PullAdapter` behind the generic pull source: replaying
//! an array is the most common source in backtests and benchmarks, and indexing the array
//! directly (no look-ahead slot, no `Option` per value) halves its cost per tick.

use crate::adapter::PushMode;
use crate::ctx::{Ctx, SourceId};
use crate::error::{Error, NodeError};
use crate::graph::Graph;
use crate::graph::Ts;
use crate::node::{FireResult, Source};
use crate::scheduler::{Refire, Token};
use crate::time::Time;
use crate::ts::Value;
use crate::ts::cell::TsCell;
use std::rc::Rc;

/// The values of a memory source, shared by every run of the graph.
///
/// An `Rc<Vec<_>>` rather than an `Rc<[_]>`: collecting a caller's `Vec<(Time, T)>` into a
/// `Vec<(i64, T)>` reuses its allocation (same layout), so a curve of millions of ticks is
/// not copied when the graph is built.
pub(crate) type Series<T> = Rc<Vec<(i64, T)>>;

/// Adds a curve source over `data` (times in nanoseconds; offsets from the run's start if
/// `relative`).
pub(crate) fn curve_source<T: Value>(
    g: &Graph,
    name: &str,
    data: Series<T>,
    relative: bool,
    mode: PushMode,
) -> Ts<T> {
    crate::adapter::reject_burst(g, name, mode);
    let mut s = g.add_source(name);
    let out = s.output::<T>();
    let ts = s.ts(out);
    let name = name.to_string();
    s.finish_source(move |w| {
        Ok(Box::new(CurveSource {
            data: data.clone(),
            next: 0,
            relative,
            base: 0,
            collapse: mode == PushMode::LastValue,
            name: name.clone(),
            id: w.source_id(),
            cell: w.output(out).cell,
        }))
    });
    ts
}

struct CurveSource<T> {
    data: Series<T>,
    /// The index of the next value to tick.
    next: usize,
    /// Whether times are offsets from the run's start.
    relative: bool,
    /// Added to every time: the run's start for offset curves, else 0.
    base: i64,
    /// LAST_VALUE: values at the same time collapse to the last one.
    collapse: bool,
    name: String,
    id: SourceId,
    cell: Rc<TsCell<T>>,
}

impl<T: Value> CurveSource<T> {
    #[inline(always)]
    fn time(&self, i: usize) -> Option<i64> {
        // A branch, not an unconditional saturating add: absolute times are the common case.
        self.data.get(i).map(|&(t, _)| {
            if self.relative {
                self.base.saturating_add(t)
            } else {
                t
            }
        })
    }

    #[cold]
    #[inline(never)]
    fn out_of_order(&self, row: usize, time: i64, previous: i64) -> NodeError {
        Box::new(Error::OutOfOrder {
            source_name: self.name.clone(),
            row: row as u64,
            time: Time::from_nanos(time),
            previous: Time::from_nanos(previous),
        })
    }
}

impl<T: Value> Source for CurveSource<T> {
    fn start(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        self.base = if self.relative { ctx.start } else { 0 };
        // Skip what is before the start, checking the order of what is skipped.
        let mut previous = i64::MIN;
        self.next = 0;
        while let Some(t) = self.time(self.next) {
            if t < previous {
                return Err(self.out_of_order(self.next, t, previous));
            }
            if t >= ctx.start {
                if t <= ctx.end {
                    ctx.queue_mut().push(
                        t,
                        crate::scheduler::queue::EventTarget::source(self.id.index),
                        Token::default(),
                    );
                }
                break;
            }
            previous = t;
            self.next += 1;
        }
        Ok(())
    }

    #[inline]
    fn fire(&mut self, ctx: &mut Ctx, _token: Token) -> FireResult {
        if self.cell.ticked_in(ctx.cycle) {
            return Ok(Refire::next_cycle(ctx));
        }
        let i = self.next;
        let Some((_, v)) = self.data.get(i) else {
            return Ok(Refire::NEVER);
        };
        // When the next value fires is known before the tick, which can then come last.
        let refire = match self.time(i + 1) {
            // The common case: the next value is later (a time past the run's end never fires).
            Some(t) if t > ctx.now => Refire(t),
            None => Refire::NEVER,
            Some(t) => return self.tick_same_time(ctx, t),
        };
        self.next = i + 1;
        prefetch(self.data.as_ptr().wrapping_add(i + 16));
        self.cell.tick_then(ctx, v.clone(), refire)
    }
}

impl<T: Value> CurveSource<T> {
    /// The tick when the next value (at `t`) is not later: values at the same time
    /// (collapsed, or deferred to the next cycle), or out of order.
    #[cold]
    #[inline(never)]
    fn tick_same_time(&mut self, ctx: &mut Ctx, mut t: i64) -> FireResult {
        self.cell.tick(ctx, self.data[self.next].1.clone())?;
        self.next += 1;
        loop {
            if t < ctx.now {
                return Err(Box::new(self.out_of_order(self.next, t, ctx.now)));
            }
            if t == ctx.now && self.collapse {
                let v = self.data[self.next].1.clone();
                self.cell.update_current(ctx, |x| *x = v);
                self.next += 1;
                match self.time(self.next) {
                    Some(next) => t = next,
                    None => return Ok(Refire::NEVER),
                }
                continue;
            }
            // NON_COLLAPSING: a value at this same time waits for the next cycle.
            return Ok(Refire(t));
        }
    }
}

/// Asks the CPU to start loading a later element of the curve: a graph with many curves
/// reads as many arrays in interleaved order, more streams than the hardware prefetcher
/// follows. A hint only: it never faults, whatever the address.
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `prefetch` does not access memory; any address is allowed.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}
