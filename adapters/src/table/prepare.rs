//! A record batch made ready for the cursor: each row's time (shifted, in nanoseconds)
//! and symbol group, and how far the rows are in order. It depends on nothing but the
//! batch and the reader's settings, so it is done where the batch is decoded: on the
//! read-ahead thread, when there is one.

use super::symbols::{NO_GROUP, SymbolMap};
use crate::error::DataError;
use arrow_array::cast::AsArray;
use arrow_array::types::TimestampNanosecondType;
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use std::sync::Arc;

/// What preparing a batch needs to know (the reader's settings, for one file).
#[derive(Clone)]
pub(crate) struct Prepare {
    pub(crate) time_column: String,
    pub(crate) symbol_column: Option<String>,
    pub(crate) time_shift: i64,
    /// The zone of naive times.
    pub(crate) zone: chrono::FixedOffset,
    pub(crate) symbols: Arc<SymbolMap>,
    /// The file, for errors.
    pub(crate) file: String,
}

/// A batch with its rows' times and groups.
pub(crate) struct Prepared {
    pub(crate) data: RecordBatch,
    /// Each row's time, shifted, in nanoseconds.
    pub(crate) times: Vec<i64>,
    /// Each row's symbol group ([`NO_GROUP`] for a symbol nobody subscribed to).
    pub(crate) groups: Vec<u32>,
    /// The first row without a time, if any.
    pub(crate) null_time: Option<usize>,
    /// How many leading rows (before the first null time) are each at or after the one
    /// before: the cursor passes them without a check once the first is known to be in
    /// order with the rows before the batch.
    pub(crate) sorted: usize,
}

impl Prepare {
    pub(crate) fn prepare(&self, data: RecordBatch) -> Result<Prepared, DataError> {
        let name = &self.time_column;
        let column = data
            .column_by_name(name)
            .expect("the time column is projected");
        let DataType::Timestamp(_, tz) = column.data_type() else {
            unreachable!("checked when the file was opened");
        };
        let to = DataType::Timestamp(TimeUnit::Nanosecond, tz.clone());
        let nanos = arrow_cast::cast(column, &to).map_err(|e| DataError::Corrupt {
            file: self.file.clone(),
            message: format!("time column '{name}': {e}"),
        })?;
        let nanos = nanos.as_primitive::<TimestampNanosecondType>();
        // A null time is reported when its row is reached (a reader's end time may stop
        // before it).
        let null_time = if nanos.null_count() == 0 {
            None
        } else {
            (0..nanos.len()).find(|&i| nanos.is_null(i))
        };
        // A naive time is local to the reader's zone: UTC is that minus the offset.
        let local = if tz.is_none() {
            i64::from(self.zone.local_minus_utc()) * 1_000_000_000
        } else {
            0
        };
        let shift = self.time_shift.saturating_sub(local);
        let times: Vec<i64> = nanos
            .values()
            .iter()
            .map(|t| t.saturating_add(shift))
            .collect();
        let mut groups = Vec::with_capacity(times.len());
        match &self.symbol_column {
            None => groups.resize(data.num_rows(), NO_GROUP),
            Some(column) => self.symbols.groups(
                data.column_by_name(column)
                    .expect("the symbol column is projected"),
                &mut groups,
            ),
        }
        let sorted = sorted_prefix(&times[..null_time.unwrap_or(times.len())]);
        Ok(Prepared {
            data,
            times,
            groups,
            null_time,
            sorted,
        })
    }
}

/// How many leading `times` are each at or after the one before.
fn sorted_prefix(times: &[i64]) -> usize {
    times
        .windows(2)
        .position(|w| w[1] < w[0])
        .map_or(times.len(), |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::sorted_prefix;

    #[test]
    fn the_sorted_prefix_stops_before_the_first_time_going_back() {
        assert_eq!(sorted_prefix(&[1, 2, 2, 3]), 4);
        assert_eq!(sorted_prefix(&[1, 2, 1, 3]), 2);
        assert_eq!(sorted_prefix(&[5]), 1);
        assert_eq!(sorted_prefix(&[]), 0);
    }
}
