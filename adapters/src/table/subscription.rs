//! Subscriptions: what one output of the reader receives (whole records, or one column),
//! and the values waiting for their cycle.

use crate::columnar::{BindOptions, ColumnError, ColumnValue, Record};
use arrow_array::RecordBatch;
use arrow_schema::DataType;
use std::any::{Any, TypeId};
use std::collections::VecDeque;
use tickgraph_engine::error::NodeError;
use tickgraph_engine::graph::{OutputId, Wiring};
use tickgraph_engine::prelude::{Ctx, Output};
use tickgraph_engine::ts::Value;

/// The subscriptions of one kind at run time: one value type, row reader and set of
/// columns, whatever their symbols. The batch is bound once per kind, not once per
/// subscription, and the per-row path touches one shared object and the member's
/// output: with a hundred symbols, a hundred copies of the bound columns would be read
/// in turn, and bound again for every batch.
pub(crate) trait Kind {
    /// Binds to a new batch.
    fn bind(&mut self, batch: &RecordBatch, options: &BindOptions) -> Result<(), ColumnError>;
    /// Takes `row` of the bound batch for member `m`: ticked now if nothing is queued and
    /// the output has not ticked in this cycle (NON_COLLAPSING), else queued for
    /// [`Kind::emit`]; returns whether it queued.
    fn take(&mut self, m: u32, row: usize, ctx: &mut Ctx) -> Result<bool, TakeError>;
    /// Ticks member `m`'s first queued value, if any; whether more are queued.
    fn emit(&mut self, m: u32, ctx: &mut Ctx) -> Result<bool, NodeError>;
    /// For [`Spec`]'s joining of a member to its kind.
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

/// Where a subscription's rows go: its kind, its member index there, and its own index
/// among the reader's subscriptions.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Target {
    pub(crate) kind: u32,
    pub(crate) member: u32,
    pub(crate) sub: u32,
}

/// Why a row could not be taken. Both cases are boxed, so that `take`'s result is two
/// words, returned in registers rather than through memory on every row.
pub(crate) enum TakeError {
    /// A value of the row cannot be read.
    Column(Box<ColumnError>),
    /// Ticking the output failed.
    Tick(NodeError),
}

/// [`TakeError::Column`], out of the per-row path.
#[cold]
#[inline(never)]
fn column_error(e: ColumnError) -> TakeError {
    TakeError::Column(Box::new(e))
}

/// How a subscription reads a row.
pub(crate) trait RowReader<T>: 'static {
    type Bound;
    fn bind(
        batch: &RecordBatch,
        columns: &[String],
        options: &BindOptions,
    ) -> Result<Self::Bound, ColumnError>;
    /// The row's value; `None` ticks nothing (a null in a one-column subscription).
    fn read(bound: &Self::Bound, row: usize, columns: &[String]) -> Result<Option<T>, ColumnError>;
}

/// Whole records.
pub(crate) struct Records;

impl<R: Record> RowReader<R> for Records {
    type Bound = R::Decoder;
    fn bind(
        batch: &RecordBatch,
        _: &[String],
        options: &BindOptions,
    ) -> Result<Self::Bound, ColumnError> {
        R::bind(batch, options)
    }
    #[inline]
    fn read(bound: &Self::Bound, row: usize, _: &[String]) -> Result<Option<R>, ColumnError> {
        R::decode(bound, row).map(Some)
    }
}

/// One column; a null ticks nothing (csp's primitive subscriptions).
pub(crate) struct OneColumn;

impl<T: ColumnValue> RowReader<T> for OneColumn {
    type Bound = T::Column;
    fn bind(
        batch: &RecordBatch,
        columns: &[String],
        options: &BindOptions,
    ) -> Result<Self::Bound, ColumnError> {
        crate::columnar::bind_column::<T>(batch, &columns[0], options)
    }
    #[inline]
    fn read(bound: &Self::Bound, row: usize, _: &[String]) -> Result<Option<T>, ColumnError> {
        Ok(T::get(bound, row))
    }
}

/// Makes the run-time object of a kind, given its columns (the key's) and whether values
/// of one time collapse (LAST_VALUE).
type MakeKind = Box<dyn Fn(&[String], bool) -> Box<dyn Kind>>;

/// Adds a subscription's output (from the wiring) to its kind's object; returns its
/// member index.
type Join = Box<dyn Fn(&mut Wiring<'_>, &mut dyn Kind) -> u32>;

/// A subscription's graph-time part: its symbol, columns and output.
pub(crate) struct Spec {
    pub(crate) symbol: Option<String>,
    /// The columns read, with the type each is read as.
    pub(crate) columns: Vec<(String, DataType)>,
    /// Subscriptions with equal keys share a kind: the value type and row reader, and the
    /// columns.
    pub(crate) kind: (TypeId, Vec<String>),
    pub(crate) make_kind: MakeKind,
    pub(crate) join: Join,
}

impl Spec {
    pub(crate) fn new<T: Value, Rd: RowReader<T>>(
        symbol: Option<String>,
        columns: Vec<(String, DataType)>,
        out: OutputId<T>,
    ) -> Spec {
        let cols: Vec<String> = columns.iter().map(|(c, _)| c.clone()).collect();
        Spec {
            symbol,
            columns,
            kind: (TypeId::of::<Members<T, Rd>>(), cols),
            make_kind: Box::new(|columns, collapse| {
                Box::new(Members::<T, Rd> {
                    bound: None,
                    columns: columns.to_vec(),
                    collapse,
                    outs: Vec::new(),
                    queues: Vec::new(),
                    queued: 0,
                })
            }),
            join: Box::new(move |w, kind| {
                let members = kind
                    .as_any_mut()
                    .downcast_mut::<Members<T, Rd>>()
                    .expect("invariant: a spec joins the kind its key names");
                members.outs.push(w.output(out));
                members.queues.push(VecDeque::new());
                (members.outs.len() - 1) as u32
            }),
        }
    }
}

/// The subscriptions of one kind.
struct Members<T, Rd: RowReader<T>> {
    bound: Option<Rd::Bound>,
    columns: Vec<String>,
    collapse: bool,
    /// Each member's output (apart from its queue: the per-row path reads only this).
    outs: Vec<Output<T>>,
    /// Each member's values of the current time not yet ticked, oldest first (one at
    /// most with LAST_VALUE, where a later row replaces it).
    queues: Vec<VecDeque<T>>,
    /// How many members have queued values (none, nearly always).
    queued: usize,
}

impl<T: Value, Rd: RowReader<T>> Kind for Members<T, Rd> {
    fn bind(&mut self, batch: &RecordBatch, options: &BindOptions) -> Result<(), ColumnError> {
        self.bound = Some(Rd::bind(batch, &self.columns, options)?);
        Ok(())
    }

    #[inline]
    fn take(&mut self, m: u32, row: usize, ctx: &mut Ctx) -> Result<bool, TakeError> {
        let bound = self
            .bound
            .as_ref()
            .expect("bound before the batch's rows are taken");
        let Some(v) = Rd::read(bound, row, &self.columns).map_err(column_error)? else {
            return Ok(false);
        };
        let m = m as usize;
        let nothing_queued = self.queued == 0 || self.queues[m].is_empty();
        if !self.collapse && nothing_queued && !self.outs[m].ticked(ctx) {
            // The common case, one row of this subscription at this time: no queue (and
            // no member's queue to look at).
            self.outs[m].tick(ctx, v).map_err(TakeError::Tick)?;
            return Ok(false);
        }
        self.queue(m, v);
        Ok(true)
    }

    fn emit(&mut self, m: u32, ctx: &mut Ctx) -> Result<bool, NodeError> {
        let m = m as usize;
        if self.outs[m].ticked(ctx) {
            // Ticked as its row was taken, in this cycle: the queue waits for the next.
            return Ok(!self.queues[m].is_empty());
        }
        if let Some(v) = self.queues[m].pop_front() {
            if self.queues[m].is_empty() {
                self.queued -= 1;
            }
            self.outs[m].tick(ctx, v)?;
        }
        Ok(!self.queues[m].is_empty())
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

impl<T: Value, Rd: RowReader<T>> Members<T, Rd> {
    /// Queues `v` for member `m` (behind its queue, or in place of it with LAST_VALUE:
    /// the slice's last row wins, so nothing ticks before it is over).
    #[cold]
    fn queue(&mut self, m: usize, v: T) {
        let q = &mut self.queues[m];
        if self.collapse {
            q.clear();
        }
        if q.is_empty() {
            self.queued += 1;
        }
        q.push_back(v);
    }
}
