//! The reader's engine source: one event per time slice, every row of that time
//! dispatched to its subscriptions, as csp's `processNextSimTimeSlice` does.

use super::cursor::{Batch, Cursor, Layout};
use super::format::sealed::ReadFormat;
use super::subscription::{Kind, TakeError, Target};
use super::symbols::{NO_GROUP, NULL_SYMBOL, SymbolMap};
use crate::columnar::{BindOptions, ColumnErrorKind};
use crate::error::DataError;
use std::path::PathBuf;
use std::sync::Arc;
use tickgraph_engine::error::NodeError;
use tickgraph_engine::prelude::{Ctx, FireResult, Refire, Source, SourceId, Token};
use tickgraph_engine::time::Time;

pub(crate) struct ReaderSource {
    pub(crate) id: SourceId,
    pub(crate) layout: Option<Layout>,
    pub(crate) format: Option<Box<dyn ReadFormat>>,
    pub(crate) files: Box<dyn Fn(Time, Time) -> Vec<PathBuf>>,
    /// Given to the cursor when the source starts (batches are prepared with it).
    pub(crate) symbols: Option<Arc<SymbolMap>>,
    pub(crate) routes: Routes,
    /// The subscriptions' run-time objects, one per kind.
    pub(crate) kinds: Vec<Box<dyn Kind>>,
    /// Whether [`ReaderSource::take_lone_row`] is tried first (off in tests that compare).
    pub(crate) fast_path: bool,
    pub(crate) bind: BindOptions,
    /// The reader's own time range, within the run's.
    pub(crate) start: Option<Time>,
    pub(crate) end: Option<Time>,
    pub(crate) cursor: Option<Cursor>,
    pub(crate) pending: Pending,
    /// The run's last time this reader delivers.
    pub(crate) last: i64,
}

/// Where rows go: first the subscriptions to every row (what a row of no subscribed symbol
/// goes to), the first `all_targets`; then, for each symbol group, those again and the
/// group's own (one slice per row, not a chain of two: this is the per-row path), at
/// `group_targets[group]`.
pub(crate) struct Routes {
    pub(crate) targets: Vec<Target>,
    pub(crate) all_targets: u32,
    pub(crate) group_targets: Vec<(u32, u32)>,
    /// The one target of a row, where it has exactly one, for [`ReaderSource::fire`]'s
    /// fast path; [`NO_TARGET`] otherwise. Indexed by the row's group plus two (wrapping):
    /// a null symbol's row (`NULL_SYMBOL`) at 0, always `NO_TARGET`; a row of no subscribed
    /// symbol (`NO_GROUP`) at 1; group `g` at `g + 2`.
    pub(crate) lone: Vec<Target>,
}

/// In [`Routes::lone`]: none, or several.
const NO_TARGET: Target = Target {
    kind: u32::MAX,
    member: 0,
    sub: 0,
};

impl Routes {
    /// [`Routes::lone`] for these targets.
    pub(crate) fn lone_targets(
        targets: &[Target],
        all_targets: u32,
        group_targets: &[(u32, u32)],
    ) -> Vec<Target> {
        let only = |(first, end): (u32, u32)| match &targets[first as usize..end as usize] {
            [t] => *t,
            _ => NO_TARGET,
        };
        let mut lone = vec![NO_TARGET, only((0, all_targets))];
        lone.extend(group_targets.iter().map(|&r| only(r)));
        lone
    }

    /// The row's one target, if it has exactly one.
    #[inline(always)]
    fn lone(&self, group: u32) -> Option<Target> {
        // Groups are numbered below the two markers, which wrap to 0 and 1.
        let t = *self.lone.get(group.wrapping_add(2) as usize)?;
        (t.kind != NO_TARGET.kind).then_some(t)
    }
}

/// The subscriptions with values queued for a later cycle at this time.
pub(crate) struct Pending {
    /// Each once, in the order they first queued.
    pub(crate) queued: Vec<Target>,
    /// By subscription index.
    pub(crate) is_queued: Vec<bool>,
}

fn boxed(e: DataError) -> NodeError {
    Box::new(e)
}

impl ReaderSource {
    /// The time of the next row to deliver, if it is within the range.
    fn next_time(&mut self) -> Result<Option<i64>, NodeError> {
        let cursor = self.cursor.as_mut().expect("started");
        Ok(cursor.peek().map_err(boxed)?.filter(|&t| t <= self.last))
    }

    /// Hands every row at `now` to its subscriptions; returns the time of the row after
    /// them (what [`ReaderSource::next_time`] would read again).
    fn take_rows(&mut self, ctx: &mut Ctx) -> Result<Option<i64>, NodeError> {
        let now = ctx.now().nanos();
        let ReaderSource {
            cursor,
            kinds,
            bind,
            routes,
            pending,
            ..
        } = self;
        let cursor = cursor.as_mut().expect("started");
        loop {
            let next = cursor.peek().map_err(boxed)?;
            if next != Some(now) {
                return Ok(next);
            }
            if cursor.fresh {
                bind_all(kinds, cursor, bind)?;
            }
            // The peeked row, then the rows after it at this time among those checked in
            // order when the batch was decoded, in one pass (the per-row path: no `peek`
            // per row, and the next row's time is read once).
            let batch = cursor.batch.as_ref().expect("a row was peeked");
            let checked = batch.in_order.max(cursor.row + 1);
            let mut row = cursor.row;
            loop {
                take_row(routes, kinds, pending, cursor, batch, row, ctx)?;
                row += 1;
                if row >= checked || batch.times[row] != now {
                    break;
                }
            }
            // The next row's time, if it is checked too.
            let next = (row < checked).then(|| batch.times[row]);
            cursor.pass_to(row, now);
            if next.is_some() {
                return Ok(next);
            }
        }
    }

    /// When to fire again for the row at `next`: never past the reader's last time.
    #[inline(always)]
    fn refire_at(&self, next: Option<i64>) -> Refire {
        match next.filter(|&t| t <= self.last) {
            Some(t) => Refire::at(Time::from_nanos(t)),
            None => Refire::NEVER,
        }
    }

    /// Ticks the queued values, each subscription's oldest, in the order they were queued
    /// (a basket of subscriptions sees its elements tick in file order); again in the
    /// next cycle while any are left. `after` is the time of the row after this time's,
    /// if this cycle took them.
    #[inline(never)]
    fn emit_queued(&mut self, ctx: &mut Ctx, after: Option<Option<i64>>) -> FireResult {
        let mut kept = 0;
        for i in 0..self.pending.queued.len() {
            let t = self.pending.queued[i];
            if self.kinds[t.kind as usize].emit(t.member, ctx)? {
                self.pending.queued[kept] = t;
                kept += 1;
            } else {
                self.pending.is_queued[t.sub as usize] = false;
            }
        }
        self.pending.queued.truncate(kept);
        if !self.pending.queued.is_empty() {
            return Ok(Refire::next_cycle(ctx));
        }
        let next = match after {
            Some(next) => next,
            None => self.next_time()?,
        };
        Ok(self.refire_at(next))
    }
}

/// Hands row `row` of the cursor's batch to its subscriptions: each ticks or queues it.
#[inline(always)]
fn take_row(
    routes: &Routes,
    kinds: &mut [Box<dyn Kind>],
    pending: &mut Pending,
    cursor: &Cursor,
    batch: &Batch,
    row: usize,
    ctx: &mut Ctx,
) -> Result<(), NodeError> {
    let group = batch.groups[row];
    // Groups are numbered below the two markers.
    let (first, end) = if group < NULL_SYMBOL {
        routes.group_targets[group as usize]
    } else if group == NO_GROUP {
        (0, routes.all_targets)
    } else {
        return Err(null_symbol(cursor, row));
    };
    for &t in &routes.targets[first as usize..end as usize] {
        // The per-row path: errors are built out of line.
        let queued = match kinds[t.kind as usize].take(t.member, row, ctx) {
            Ok(queued) => queued,
            Err(e) => return Err(take_error(cursor, row, e)),
        };
        if queued && !pending.is_queued[t.sub as usize] {
            pending.is_queued[t.sub as usize] = true;
            pending.queued.push(t);
        }
    }
    Ok(())
}

/// Binds every kind of subscription to the cursor's new batch.
#[inline(never)]
fn bind_all(
    subs: &mut [Box<dyn Kind>],
    cursor: &mut Cursor,
    options: &BindOptions,
) -> Result<(), NodeError> {
    let batch = cursor.batch.as_ref().expect("a row was peeked");
    for s in subs {
        s.bind(&batch.data, options).map_err(|error| {
            let file = cursor.file().to_string();
            boxed(match error.kind {
                // A nested record's null found when binding: its row is known.
                ColumnErrorKind::NullField { row, .. } => DataError::Row {
                    row: cursor.file_row(batch.first_row + row as u64),
                    file,
                    error,
                },
                _ => DataError::Column { file, error },
            })
        })?;
    }
    cursor.fresh = false;
    Ok(())
}

#[cold]
fn null_symbol(cursor: &Cursor, row: usize) -> NodeError {
    let batch = cursor.batch.as_ref().expect("a row was peeked");
    boxed(DataError::NullSymbol {
        file: cursor.file().to_string(),
        row: cursor.file_row(batch.first_row + row as u64),
        column: cursor.symbol_column().unwrap_or_default().to_string(),
    })
}

#[cold]
fn take_error(cursor: &Cursor, row: usize, e: TakeError) -> NodeError {
    let batch = cursor.batch.as_ref().expect("a row was peeked");
    match e {
        TakeError::Column(error) => boxed(DataError::Row {
            file: cursor.file().to_string(),
            row: cursor.file_row(batch.first_row + row as u64),
            error: *error,
        }),
        TakeError::Tick(e) => e,
    }
}

impl Source for ReaderSource {
    fn start(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        let files = (self.files)(ctx.start_time(), ctx.end_time());
        let layout = self.layout.take().expect("a source starts once per run");
        let format = self.format.take().expect("a source starts once per run");
        let symbols = self.symbols.take().expect("a source starts once per run");
        self.cursor = Some(Cursor::new(layout, format, symbols, files));
        let first = self
            .start
            .map_or(ctx.start_time(), |s| s.max(ctx.start_time()));
        self.last = self
            .end
            .map_or(ctx.end_time(), |e| e.min(ctx.end_time()))
            .nanos();
        let cursor = self.cursor.as_mut().expect("just set");
        cursor.set_range(first.nanos(), self.last);
        // Rows before the start are passed over (their order is still checked).
        while let Some(t) = cursor.peek().map_err(boxed)? {
            if t >= first.nanos() {
                break;
            }
            cursor.advance();
        }
        if let Some(t) = self.next_time()? {
            ctx.schedule(self.id, Time::from_nanos(t), Token::default())?;
        }
        Ok(())
    }

    fn fire(&mut self, ctx: &mut Ctx, _token: Token) -> FireResult {
        if self.fast_path
            && let Some(fired) = self.take_lone_row(ctx)
        {
            return fired;
        }
        self.fire_general(ctx)
    }
}

impl ReaderSource {
    /// The fast path of [`Source::fire`], taken for nearly every row of a replay: the row
    /// at `now` is the only one at its time, its batch is bound and checked in order past
    /// it, it has one target, and nothing is queued. Then the row is taken and the next
    /// one's time returned, in a few loads; `None` leaves the cycle to
    /// [`ReaderSource::fire_general`], which does what this does for any row.
    ///
    /// Why a path of its own: the general one (a time slice of any number of rows, each
    /// with any number of targets, and the queues) keeps so much in registers that the
    /// one-row case spent most of its time spilling and reloading them (W4: 150
    /// instructions a row, against 40 here).
    #[inline(always)]
    fn take_lone_row(&mut self, ctx: &mut Ctx) -> Option<FireResult> {
        let now = ctx.now().nanos();
        let cursor = self.cursor.as_mut()?;
        let batch = cursor.batch.as_ref()?;
        let row = cursor.row;
        let next_row = row + 1;
        if !self.pending.queued.is_empty()
            || cursor.fresh
            || next_row >= batch.in_order
            || batch.times[row] != now
        {
            return None;
        }
        let next = batch.times[next_row];
        if next == now {
            return None;
        }
        let t = self.routes.lone(batch.groups[row])?;
        let queued = match self.kinds[t.kind as usize].take(t.member, row, ctx) {
            Ok(queued) => queued,
            Err(e) => return Some(Err(take_error(cursor, row, e).into())),
        };
        cursor.pass_to(next_row, now);
        if queued {
            // LAST_VALUE: the value waits for the end of the slice, which is this row.
            self.pending.is_queued[t.sub as usize] = true;
            self.pending.queued.push(t);
            return Some(self.emit_queued(ctx, Some(Some(next))));
        }
        Some(Ok(self.refire_at(Some(next))))
    }

    /// [`Source::fire`] for any row: a time slice of any number of rows, queued values.
    #[inline(never)]
    fn fire_general(&mut self, ctx: &mut Ctx) -> FireResult {
        // Values queued in an earlier cycle at this time go first; the rows of this time
        // were all taken then.
        if !self.pending.queued.is_empty() {
            return self.emit_queued(ctx, None);
        }
        let next = self.take_rows(ctx)?;
        if !self.pending.queued.is_empty() {
            return self.emit_queued(ctx, Some(next));
        }
        // The common case, every row ticked as it was taken: nothing is queued, and the
        // queue's loop (a call per value) stays out of this path, which then saves fewer
        // registers.
        Ok(self.refire_at(next))
    }
}
