//! Engine time: nanoseconds since the Unix epoch, with `chrono` conversions at the edges.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use std::fmt;
use std::ops::{Add, Sub};

/// An engine timestamp: nanoseconds since 1970-01-01T00:00:00 UTC, as csp keeps it.
///
/// ```
/// use tickgraph_engine::time::{Time, secs};
/// let st = Time::ymd_hms(2020, 1, 1, 0, 0, 0);
/// assert_eq!((st + secs(2)) - st, secs(2));
/// assert_eq!(st.to_string(), "2020-01-01 00:00:00");
/// ```
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Time(i64);

impl Time {
    /// The earliest representable time.
    pub const MIN: Time = Time(i64::MIN);
    /// The latest representable time.
    pub const MAX: Time = Time(i64::MAX);
    /// The Unix epoch.
    pub const EPOCH: Time = Time(0);

    /// The wall-clock time now (the system clock, UTC): what engine time follows in a
    /// realtime run.
    ///
    /// ```
    /// use tickgraph_engine::time::Time;
    /// let t = Time::now();
    /// assert!(t > Time::ymd_hms(2020, 1, 1, 0, 0, 0));
    /// assert!(Time::now() >= t);
    /// ```
    pub fn now() -> Time {
        match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => Time(i64::try_from(d.as_nanos()).unwrap_or(i64::MAX)),
            Err(e) => Time(-i64::try_from(e.duration().as_nanos()).unwrap_or(i64::MAX)),
        }
    }

    /// A time from nanoseconds since the epoch.
    pub const fn from_nanos(ns: i64) -> Time {
        Time(ns)
    }

    /// Nanoseconds since the epoch.
    pub const fn nanos(self) -> i64 {
        self.0
    }

    /// A UTC calendar time; panics on an invalid date (use `from_datetime` for checked input).
    pub fn ymd_hms(year: i32, month: u32, day: u32, hour: u32, min: u32, sec: u32) -> Time {
        let dt = NaiveDate::from_ymd_opt(year, month, day)
            .and_then(|d| d.and_hms_opt(hour, min, sec))
            .expect("invariant: ymd_hms called with a valid calendar date");
        Time::from_naive(dt)
    }

    /// Converts a UTC `DateTime`, saturating outside ±292 years of the epoch.
    pub fn from_datetime(dt: DateTime<Utc>) -> Time {
        Time(dt.timestamp_nanos_opt().unwrap_or(if dt.timestamp() < 0 {
            i64::MIN
        } else {
            i64::MAX
        }))
    }

    /// Converts a naive datetime, taken as UTC (csp's convention).
    pub fn from_naive(dt: NaiveDateTime) -> Time {
        Time::from_datetime(dt.and_utc())
    }

    /// This time as a UTC `DateTime`.
    pub fn to_datetime(self) -> DateTime<Utc> {
        DateTime::from_timestamp_nanos(self.0)
    }

    /// This time as a naive UTC datetime.
    pub fn to_naive(self) -> NaiveDateTime {
        self.to_datetime().naive_utc()
    }

    /// `self + delta`, or `None` on overflow.
    pub fn checked_add(self, delta: TimeDelta) -> Option<Time> {
        delta_nanos(delta)
            .and_then(|d| self.0.checked_add(d))
            .map(Time)
    }

    /// `self + ns` nanoseconds, saturating.
    pub const fn add_nanos(self, ns: i64) -> Time {
        Time(self.0.saturating_add(ns))
    }
}

impl From<DateTime<Utc>> for Time {
    fn from(dt: DateTime<Utc>) -> Time {
        Time::from_datetime(dt)
    }
}

impl From<NaiveDateTime> for Time {
    fn from(dt: NaiveDateTime) -> Time {
        Time::from_naive(dt)
    }
}

impl Add<TimeDelta> for Time {
    type Output = Time;
    /// Adds a duration, saturating at `Time::MIN` / `Time::MAX`.
    fn add(self, delta: TimeDelta) -> Time {
        self.add_nanos(saturating_nanos(delta))
    }
}

impl Sub<TimeDelta> for Time {
    type Output = Time;
    fn sub(self, delta: TimeDelta) -> Time {
        self.add_nanos(saturating_nanos(delta).saturating_neg())
    }
}

impl Sub<Time> for Time {
    type Output = TimeDelta;
    fn sub(self, other: Time) -> TimeDelta {
        TimeDelta::nanoseconds(self.0.saturating_sub(other.0))
    }
}

impl fmt::Display for Time {
    /// `YYYY-MM-DD HH:MM:SS[.ffffff]`, in UTC, as csp prints `csp.now()` (nine digits when
    /// the time has nanoseconds).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Time::MIN => f.write_str("-inf"),
            Time::MAX => f.write_str("+inf"),
            t => {
                let dt = t.to_naive();
                // Python's `str(datetime)`: no fraction on whole seconds, else six digits;
                // nine when the time has nanoseconds.
                let fraction = if t.0.rem_euclid(1_000_000_000) == 0 {
                    ""
                } else if t.0.rem_euclid(1_000) == 0 {
                    "%.6f"
                } else {
                    "%.9f"
                };
                write!(
                    f,
                    "{}{}",
                    dt.format("%Y-%m-%d %H:%M:%S"),
                    dt.format(fraction)
                )
            }
        }
    }
}

impl fmt::Debug for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A duration in nanoseconds, or `None` if it does not fit in an `i64`.
pub fn delta_nanos(delta: TimeDelta) -> Option<i64> {
    delta.num_nanoseconds()
}

/// A duration in nanoseconds, saturating at the `i64` range.
#[inline]
pub fn saturating_nanos(delta: TimeDelta) -> i64 {
    delta
        .num_nanoseconds()
        .unwrap_or(if delta < TimeDelta::zero() {
            i64::MIN
        } else {
            i64::MAX
        })
}

/// A duration in nanoseconds as short text: `10s`, `1.5s`, `250ms`, `3us`, `7ns`.
pub fn format_nanos(ns: i64) -> String {
    let units = [(1_000_000_000, "s"), (1_000_000, "ms"), (1_000, "us")];
    for (unit, name) in units {
        if ns.unsigned_abs() >= unit as u64 {
            return if ns % unit == 0 {
                format!("{}{name}", ns / unit)
            } else {
                format!("{}{name}", ns as f64 / unit as f64)
            };
        }
    }
    format!("{ns}ns")
}

/// `n` seconds.
#[inline]
pub fn secs(n: i64) -> TimeDelta {
    TimeDelta::seconds(n)
}

/// `n` milliseconds.
#[inline]
pub fn millis(n: i64) -> TimeDelta {
    TimeDelta::milliseconds(n)
}

/// `n` microseconds.
#[inline]
pub fn micros(n: i64) -> TimeDelta {
    TimeDelta::microseconds(n)
}

/// `n` nanoseconds.
#[inline]
pub fn nanos(n: i64) -> TimeDelta {
    TimeDelta::nanoseconds(n)
}

/// A fractional number of seconds, rounded to the nanosecond.
///
/// ```
/// assert_eq!(tickgraph_engine::time::secs_f64(1.5), tickgraph_engine::time::millis(1500));
/// ```
#[inline]
pub fn secs_f64(s: f64) -> TimeDelta {
    TimeDelta::nanoseconds((s * 1e9).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_round_trips_through_chrono() {
        let t = Time::ymd_hms(2020, 1, 1, 9, 30, 0) + micros(7);
        assert_eq!(Time::from_datetime(t.to_datetime()), t);
        assert_eq!(t.to_string(), "2020-01-01 09:30:00.000007");
    }

    #[test]
    fn adding_a_huge_delta_saturates() {
        assert_eq!(Time::from_nanos(5) + TimeDelta::MAX, Time::MAX);
        assert_eq!(Time::EPOCH.checked_add(TimeDelta::MAX), None);
    }
}
