//! Symbols to subscription groups: each row's symbol looked up once per row (or once per
//! dictionary entry, for dictionary-encoded columns, as pyarrow writes strings).

use crate::columnar::is_string;
use arrow_array::cast::AsArray;
use arrow_array::types::{Int32Type, Int64Type};
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;
use std::collections::HashMap;

/// The group of a row whose symbol nobody subscribed to.
pub(crate) const NO_GROUP: u32 = u32::MAX;
/// The group of a row without a symbol: an error when the row is reached (not before: a
/// reader's end time may stop before it).
pub(crate) const NULL_SYMBOL: u32 = u32::MAX - 1;

/// The subscribed symbols, each with its group (the subscriptions of that symbol).
#[derive(Default)]
pub(crate) struct SymbolMap {
    by_name: HashMap<String, u32>,
    /// The same symbols parsed as integers, for integer symbol columns.
    by_int: HashMap<i64, u32>,
}

impl SymbolMap {
    pub(crate) fn new(symbols: impl IntoIterator<Item = (String, u32)>) -> Self {
        let by_name: HashMap<String, u32> = symbols.into_iter().collect();
        let by_int = by_name
            .iter()
            .filter_map(|(s, g)| s.parse::<i64>().ok().map(|i| (i, *g)))
            .collect();
        SymbolMap { by_name, by_int }
    }

    /// Whether a symbol column may have type `dt`.
    pub(crate) fn accepts(dt: &DataType) -> bool {
        is_string(dt)
            || matches!(
                dt,
                DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64
            )
    }

    /// Each row's group ([`NULL_SYMBOL`] for a row without a symbol), into `groups`.
    pub(crate) fn groups(&self, array: &ArrayRef, groups: &mut Vec<u32>) {
        self.lookup(array, groups);
        if array.null_count() > 0 {
            for (i, g) in groups.iter_mut().enumerate() {
                if array.is_null(i) {
                    *g = NULL_SYMBOL;
                }
            }
        }
    }

    fn lookup(&self, array: &ArrayRef, groups: &mut Vec<u32>) {
        let name = |s: &str| self.by_name.get(s).copied().unwrap_or(NO_GROUP);
        if let Some(dict) = array.as_any_dictionary_opt() {
            // One lookup per distinct symbol of the batch, then one index per row.
            let values = arrow_cast::cast(dict.values(), &DataType::Utf8)
                .expect("a dictionary of strings casts to strings");
            let values = values.as_string::<i32>();
            let of_value: Vec<u32> = (0..values.len()).map(|i| name(values.value(i))).collect();
            let group = |k: usize| of_value.get(k).copied().unwrap_or(NO_GROUP);
            // pyarrow's keys are i32: read them in place rather than through a vector of
            // normalized keys made per batch.
            match array.as_dictionary_opt::<Int32Type>() {
                Some(d) => groups.extend(d.keys().values().iter().map(|&k| group(k as usize))),
                None => groups.extend(dict.normalized_keys().into_iter().map(group)),
            }
            return;
        }
        if is_string(array.data_type()) {
            let strings =
                arrow_cast::cast(array, &DataType::Utf8).expect("strings cast to strings");
            let strings = strings.as_string::<i32>();
            groups.extend((0..strings.len()).map(|i| name(strings.value(i))));
            return;
        }
        let ints = arrow_cast::cast(array, &DataType::Int64).expect("integers widen to i64");
        let ints = ints.as_primitive::<Int64Type>();
        groups.extend(
            ints.values()
                .iter()
                .map(|i| self.by_int.get(i).copied().unwrap_or(NO_GROUP)),
        );
    }
}
