//! One column of a record batch read as Rust values: [`ColumnValue`] for numbers, bools,
//! strings, times and `Option`s of them.

use super::ColumnErrorKind;
use arrow_array::builder::{BooleanBuilder, PrimitiveBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, TimestampNanosecondType,
    UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, BooleanArray, PrimitiveArray, StringArray};
use arrow_schema::{DataType, TimeUnit};
use std::sync::Arc;
use tickgraph_engine::time::Time;

/// A Rust type one Arrow column can be read as (and, for writers, written from).
///
/// A column of another type is converted with Arrow's cast kernel once per batch when the
/// conversion cannot lose information (an `Int32` column read as `i64`, a dictionary of
/// strings as `String`, microseconds as [`Time`]); other types are refused when the column
/// is bound, with an error naming it.
pub trait ColumnValue: Sized + Clone + 'static {
    /// The column bound to one batch, typed.
    type Column;
    /// The type's name in error messages.
    const NAME: &'static str;
    /// Whether a null reads as a value (`None`): true for `Option`s only.
    const NULLABLE: bool = false;
    /// Whether a column of type `dt` can be read as this type.
    fn accepts(dt: &DataType) -> bool;
    /// Converts `array` (of an accepted type) for reading.
    fn bind(array: &ArrayRef) -> Result<Self::Column, ColumnErrorKind>;
    /// The value at `row`, or `None` where the column is null.
    fn get(column: &Self::Column, row: usize) -> Option<Self>;
    /// The bound column standing in for a column the data lacks, where the reader allows
    /// missing columns: only `Option`s have one (all null).
    fn missing_column() -> Option<Self::Column> {
        None
    }

    /// Builds a column of these values (writers).
    type Builder;
    /// The Arrow type written.
    fn data_type() -> DataType;
    /// An empty builder with room for `rows`.
    fn builder(rows: usize) -> Self::Builder;
    /// Appends a value, or a null.
    fn append(builder: &mut Self::Builder, value: Option<&Self>);
    /// The column built so far; the builder starts over.
    fn finish(builder: &mut Self::Builder) -> ArrayRef;
}

/// Converts `array` to `to` unless it already has that type.
fn cast_to(array: &ArrayRef, to: &DataType) -> Result<ArrayRef, ColumnErrorKind> {
    if array.data_type() == to {
        Ok(array.clone())
    } else {
        arrow_cast::cast(array, to).map_err(|e| ColumnErrorKind::Invalid {
            reason: e.to_string(),
        })
    }
}

macro_rules! primitive_column {
    ($($t:ty => $arrow:ty, $dt:expr, $name:literal, [$($ok:pat),*];)*) => {$(
        impl ColumnValue for $t {
            type Column = PrimitiveArray<$arrow>;
            const NAME: &'static str = $name;
            fn accepts(dt: &DataType) -> bool {
                matches!(dt, $($ok)|*)
            }
            fn bind(array: &ArrayRef) -> Result<Self::Column, ColumnErrorKind> {
                Ok(cast_to(array, &$dt)?.as_primitive::<$arrow>().clone())
            }
            #[inline]
            fn get(column: &Self::Column, row: usize) -> Option<Self> {
                column.is_valid(row).then(|| column.value(row))
            }
            type Builder = PrimitiveBuilder<$arrow>;
            fn data_type() -> DataType {
                $dt
            }
            fn builder(rows: usize) -> Self::Builder {
                PrimitiveBuilder::with_capacity(rows)
            }
            #[inline]
            fn append(builder: &mut Self::Builder, value: Option<&Self>) {
                builder.append_option(value.copied());
            }
            fn finish(builder: &mut Self::Builder) -> ArrayRef {
                Arc::new(builder.finish())
            }
        }
    )*};
}

use DataType::*;
primitive_column! {
    f64 => Float64Type, Float64, "f64", [Float16, Float32, Float64, Int8, Int16, Int32, UInt8, UInt16, UInt32];
    f32 => Float32Type, Float32, "f32", [Float16, Float32, Int8, Int16, UInt8, UInt16];
    i64 => Int64Type, Int64, "i64", [Int8, Int16, Int32, Int64, UInt8, UInt16, UInt32];
    i32 => Int32Type, Int32, "i32", [Int8, Int16, Int32, UInt8, UInt16];
    i16 => Int16Type, Int16, "i16", [Int8, Int16, UInt8];
    i8 => Int8Type, Int8, "i8", [Int8];
    u64 => UInt64Type, UInt64, "u64", [UInt8, UInt16, UInt32, UInt64];
    u32 => UInt32Type, UInt32, "u32", [UInt8, UInt16, UInt32];
    u16 => UInt16Type, UInt16, "u16", [UInt8, UInt16];
    u8 => UInt8Type, UInt8, "u8", [UInt8];
}

impl ColumnValue for bool {
    type Column = BooleanArray;
    const NAME: &'static str = "bool";
    type Builder = BooleanBuilder;
    fn data_type() -> DataType {
        Boolean
    }
    fn builder(rows: usize) -> Self::Builder {
        BooleanBuilder::with_capacity(rows)
    }
    fn append(builder: &mut Self::Builder, value: Option<&Self>) {
        builder.append_option(value.copied());
    }
    fn finish(builder: &mut Self::Builder) -> ArrayRef {
        Arc::new(builder.finish())
    }
    fn accepts(dt: &DataType) -> bool {
        matches!(dt, Boolean)
    }
    fn bind(array: &ArrayRef) -> Result<Self::Column, ColumnErrorKind> {
        Ok(array.as_boolean().clone())
    }
    #[inline]
    fn get(column: &Self::Column, row: usize) -> Option<Self> {
        column.is_valid(row).then(|| column.value(row))
    }
}

/// Whether `dt` holds strings: plain, large, or dictionary-encoded.
pub(crate) fn is_string(dt: &DataType) -> bool {
    match dt {
        Utf8 | LargeUtf8 | Utf8View => true,
        Dictionary(_, values) => matches!(**values, Utf8 | LargeUtf8),
        _ => false,
    }
}

impl ColumnValue for String {
    type Column = StringArray;
    const NAME: &'static str = "String";
    type Builder = StringBuilder;
    fn data_type() -> DataType {
        Utf8
    }
    fn builder(rows: usize) -> Self::Builder {
        StringBuilder::with_capacity(rows, rows * 8)
    }
    fn append(builder: &mut Self::Builder, value: Option<&Self>) {
        builder.append_option(value);
    }
    fn finish(builder: &mut Self::Builder) -> ArrayRef {
        Arc::new(builder.finish())
    }
    fn accepts(dt: &DataType) -> bool {
        is_string(dt)
    }
    fn bind(array: &ArrayRef) -> Result<Self::Column, ColumnErrorKind> {
        Ok(cast_to(array, &Utf8)?.as_string::<i32>().clone())
    }
    #[inline]
    fn get(column: &Self::Column, row: usize) -> Option<Self> {
        column.is_valid(row).then(|| column.value(row).to_string())
    }
}

impl ColumnValue for Time {
    type Column = PrimitiveArray<TimestampNanosecondType>;
    const NAME: &'static str = "Time";
    type Builder = PrimitiveBuilder<TimestampNanosecondType>;
    /// `timestamp[ns, UTC]`, as csp writes times.
    fn data_type() -> DataType {
        Timestamp(TimeUnit::Nanosecond, Some("UTC".into()))
    }
    fn builder(rows: usize) -> Self::Builder {
        PrimitiveBuilder::with_capacity(rows).with_timezone("UTC")
    }
    fn append(builder: &mut Self::Builder, value: Option<&Self>) {
        builder.append_option(value.map(|t| t.nanos()));
    }
    fn finish(builder: &mut Self::Builder) -> ArrayRef {
        Arc::new(builder.finish().with_timezone("UTC"))
    }
    fn accepts(dt: &DataType) -> bool {
        matches!(dt, Timestamp(..))
    }
    fn bind(array: &ArrayRef) -> Result<Self::Column, ColumnErrorKind> {
        // The same zone, in nanoseconds: the stored numbers stay UTC-based (a cast to a
        // naive type would move them to local time).
        let Timestamp(_, tz) = array.data_type() else {
            return Err(ColumnErrorKind::Invalid {
                reason: format!("{} is not a timestamp", array.data_type()),
            });
        };
        let to = Timestamp(TimeUnit::Nanosecond, tz.clone());
        Ok(cast_to(array, &to)?
            .as_primitive::<TimestampNanosecondType>()
            .clone())
    }
    #[inline]
    fn get(column: &Self::Column, row: usize) -> Option<Self> {
        column
            .is_valid(row)
            .then(|| Time::from_nanos(column.value(row)))
    }
}

/// A nullable column: `None` where it is null, and (with missing columns allowed) for a
/// column the data does not have.
impl<T: ColumnValue> ColumnValue for Option<T> {
    type Column = Option<T::Column>;
    const NAME: &'static str = T::NAME;
    const NULLABLE: bool = true;
    fn accepts(dt: &DataType) -> bool {
        T::accepts(dt)
    }
    fn bind(array: &ArrayRef) -> Result<Self::Column, ColumnErrorKind> {
        T::bind(array).map(Some)
    }
    fn missing_column() -> Option<Self::Column> {
        Some(None)
    }
    type Builder = T::Builder;
    fn data_type() -> DataType {
        T::data_type()
    }
    fn builder(rows: usize) -> Self::Builder {
        T::builder(rows)
    }
    fn append(builder: &mut Self::Builder, value: Option<&Self>) {
        T::append(builder, value.and_then(Option::as_ref));
    }
    fn finish(builder: &mut Self::Builder) -> ArrayRef {
        T::finish(builder)
    }
    #[inline]
    fn get(column: &Self::Column, row: usize) -> Option<Self> {
        Some(column.as_ref().and_then(|c| T::get(c, row)))
    }
}
