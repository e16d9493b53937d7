//! Subscriptions: what one output of the reader receives (whole records, or one column),
//! and the values waiting for their cycle.

use crate::columnar::{BindOptions, ColumnError, ColumnValue, Record};
use arrow_array::RecordBatch;
use std::collections::VecDeque;
use tickgraph_engine::error::NodeError;
use tickgraph_engine::graph::{OutputId, Wiring};
use tickgraph_engine::prelude::{Ctx, Output};
use tickgraph_engine::ts::Value;

/// A subscription at run time.
pub(crate) trait Subscription {
    /// Binds to a new batch.
    fn bind(&mut self, batch: &RecordBatch, options: &BindOptions) -> Result<(), ColumnError>;
    /// Takes `row` of the bound batch: queued to tick in this cycle or, when something is
    /// already queued (several rows of one time, NON_COLLAPSING), in a later one.
    fn take(&mut self, row: usize) -> Result<(), ColumnError>;
    /// Ticks the first queued value, if any; whether more are queued.
    fn emit(&mut self, ctx: &mut Ctx) -> Result<bool, NodeError>;
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
    pub(crate) columns: Vec<String>,
    pub(crate) make: MakeSubscription,
}

impl Spec {
    pub(crate) fn new<T: Value, Rd: RowReader<T>>(
        symbol: Option<String>,
        columns: Vec<String>,
        out: OutputId<T>,
    ) -> Spec {
        let cols = columns.clone();
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
    fn take(&mut self, row: usize) -> Result<(), ColumnError> {
        let bound = self
            .bound
            .as_ref()
            .expect("bound before the batch's rows are taken");
        if let Some(v) = Rd::read(bound, row, &self.columns)? {
            if self.collapse {
                self.queue.clear();
            }
            self.queue.push_back(v);
        }
        Ok(())
    }

    #[inline]
    fn emit(&mut self, ctx: &mut Ctx) -> Result<bool, NodeError> {
        if let Some(v) = self.queue.pop_front() {
            self.out.tick(ctx, v)?;
        }
        Ok(!self.queue.is_empty())
    }
}
