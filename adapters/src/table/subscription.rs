//! Subscriptions: what one output of the reader receives (whole records, or one column),
//! and the values waiting for their cycle.

use crate::columnar::{BindOptions, ColumnError, ColumnValue, Record};
use arrow_array::RecordBatch;
use arrow_schema::DataType;
use std::collections::VecDeque;
use tickgraph_engine::error::NodeError;
use tickgraph_engine::graph::{OutputId, Wiring};
use tickgraph_engine::prelude::{Ctx, Output};
use tickgraph_engine::ts::Value;

/// A subscription at run time.
pub(crate) trait Subscription {
    /// Binds to a new batch.
    fn bind(&mut self, batch: &RecordBatch, options: &BindOptions) -> Result<(), ColumnError>;
    /// Takes `row` of the bound batch: ticked now if nothing is queued and the output has
    /// not ticked in this cycle (NON_COLLAPSING), else queued for [`Subscription::emit`];
    /// returns whether it queued.
    fn take(&mut self, row: usize, ctx: &mut Ctx) -> Result<bool, TakeError>;
    /// Ticks the first queued value, if any; whether more are queued.
    fn emit(&mut self, ctx: &mut Ctx) -> Result<bool, NodeError>;
}

/// Why a row could not be taken.
pub(crate) enum TakeError {
    /// A value of the row cannot be read.
    Column(ColumnError),
    /// Ticking the output failed.
    Tick(NodeError),
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

/// Makes a run-time subscription from the wiring (its output's writer) and whether values
/// of one time collapse (LAST_VALUE).
type MakeSubscription = Box<dyn Fn(&mut Wiring<'_>, bool) -> Box<dyn Subscription>>;

/// A subscription's graph-time part: its symbol, columns and output.
pub(crate) struct Spec {
    pub(crate) symbol: Option<String>,
    /// The columns read, with the type each is read as.
    pub(crate) columns: Vec<(String, DataType)>,
    pub(crate) make: MakeSubscription,
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
            make: Box::new(move |w, collapse| {
                Box::new(Sub::<T, Rd> {
                    out: w.output(out),
                    bound: None,
                    columns: cols.clone(),
                    queue: VecDeque::new(),
                    collapse,
                })
            }),
        }
    }
}

struct Sub<T, Rd: RowReader<T>> {
    out: Output<T>,
    bound: Option<Rd::Bound>,
    columns: Vec<String>,
    /// Values of the current time not yet ticked, oldest first (one at most with
    /// LAST_VALUE, where a later row replaces it).
    queue: VecDeque<T>,
    collapse: bool,
}

impl<T: Value, Rd: RowReader<T>> Subscription for Sub<T, Rd> {
    fn bind(&mut self, batch: &RecordBatch, options: &BindOptions) -> Result<(), ColumnError> {
        self.bound = Some(Rd::bind(batch, &self.columns, options)?);
        Ok(())
    }

    #[inline]
    fn take(&mut self, row: usize, ctx: &mut Ctx) -> Result<bool, TakeError> {
        let bound = self
            .bound
            .as_ref()
            .expect("bound before the batch's rows are taken");
        let Some(v) = Rd::read(bound, row, &self.columns).map_err(TakeError::Column)? else {
            return Ok(false);
        };
        if self.collapse {
            // LAST_VALUE: the slice's last row wins, so nothing ticks before it is over.
            self.queue.clear();
        } else if self.queue.is_empty() && !self.out.ticked(ctx) {
            // The common case, one row of this subscription at this time: no queue.
            self.out.tick(ctx, v).map_err(TakeError::Tick)?;
            return Ok(false);
        }
        self.queue.push_back(v);
        Ok(true)
    }

    #[inline]
    fn emit(&mut self, ctx: &mut Ctx) -> Result<bool, NodeError> {
        if self.out.ticked(ctx) {
            // Ticked as its row was taken, in this cycle: the queue waits for the next.
            return Ok(!self.queue.is_empty());
        }
        if let Some(v) = self.queue.pop_front() {
            self.out.tick(ctx, v)?;
        }
        Ok(!self.queue.is_empty())
    }
}
