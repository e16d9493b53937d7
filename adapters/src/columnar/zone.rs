//! Timestamp zones without chrono-tz (not built, for build time): arrow-rs parses and
//! formats only offset zones then, so a UTC column is handled as "+00:00", the same
//! instants, and labelled back.

use arrow_array::ArrayRef;
use arrow_schema::{DataType, TimeUnit};
use std::sync::Arc;

/// Whether `tz` names UTC.
pub(crate) fn is_utc(tz: &str) -> bool {
    matches!(tz, "UTC" | "utc" | "Z" | "+00:00" | "Etc/UTC")
}

/// `array` (a timestamp) labelled with the zone `tz`: the instants are unchanged.
pub(crate) fn with_zone(array: &ArrayRef, tz: &str) -> ArrayRef {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{
        TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
        TimestampSecondType,
    };
    match array.data_type() {
        DataType::Timestamp(TimeUnit::Second, _) => Arc::new(
            array
                .as_primitive::<TimestampSecondType>()
                .clone()
                .with_timezone(tz),
        ),
        DataType::Timestamp(TimeUnit::Millisecond, _) => Arc::new(
            array
                .as_primitive::<TimestampMillisecondType>()
                .clone()
                .with_timezone(tz),
        ),
        DataType::Timestamp(TimeUnit::Microsecond, _) => Arc::new(
            array
                .as_primitive::<TimestampMicrosecondType>()
                .clone()
                .with_timezone(tz),
        ),
        DataType::Timestamp(TimeUnit::Nanosecond, _) => Arc::new(
            array
                .as_primitive::<TimestampNanosecondType>()
                .clone()
                .with_timezone(tz),
        ),
        _ => array.clone(),
    }
}

/// `array` with a UTC zone relabelled "+00:00", so that arrow-rs can format it.
pub(crate) fn formattable(array: &ArrayRef) -> ArrayRef {
    match array.data_type() {
        DataType::Timestamp(_, Some(tz)) if is_utc(tz) => with_zone(array, "+00:00"),
        _ => array.clone(),
    }
}
