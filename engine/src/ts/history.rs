//! History buffers: how many past ticks of a time series are kept, and the lookups on them.

use crate::error::{Error, Result};
use crate::time::{Time, format_nanos, saturating_nanos};
use chrono::TimeDelta;
use std::collections::VecDeque;

/// How much history a time series keeps (csp's `set_buffering_policy`).
///
/// Without a policy only the current value is kept. Several requests on one series merge
/// to the maximum of each. A time window keeps every tick with `now - t <= window`
/// (inclusive, as csp).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let p = BufferPolicy::ticks(5).with_window(secs(10));
/// assert_eq!(p.tick_count(), 5);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BufferPolicy {
    ticks: usize,
    window: Option<i64>,
    unbounded: bool,
}

impl Default for BufferPolicy {
    fn default() -> Self {
        BufferPolicy {
            ticks: 1,
            window: None,
            unbounded: false,
        }
    }
}

impl BufferPolicy {
    /// Keep the last `n` ticks (at least 1).
    pub fn ticks(n: usize) -> Self {
        BufferPolicy {
            ticks: n.max(1),
            ..Default::default()
        }
    }

    /// Keep every tick no older than `window` relative to now (inclusive).
    pub fn window(window: TimeDelta) -> Self {
        BufferPolicy::default().with_window(window)
    }

    /// Keep every tick (what a graph output does by default).
    pub fn all() -> Self {
        BufferPolicy {
            unbounded: true,
            ..Default::default()
        }
    }

    /// This policy, also keeping every tick within `window`.
    pub fn with_window(mut self, window: TimeDelta) -> Self {
        self.window = Some(saturating_nanos(window).max(0));
        self
    }

    /// The number of ticks always kept.
    pub fn tick_count(&self) -> usize {
        self.ticks
    }

    /// The time window, in nanoseconds, if any.
    pub fn window_nanos(&self) -> Option<i64> {
        self.window
    }

    /// Whether every tick is kept.
    pub fn is_unbounded(&self) -> bool {
        self.unbounded
    }

    /// The maximum of both policies (what two consumers of one series get).
    pub fn merge(self, other: BufferPolicy) -> BufferPolicy {
        BufferPolicy {
            ticks: self.ticks.max(other.ticks),
            window: match (self.window, other.window) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            },
            unbounded: self.unbounded || other.unbounded,
        }
    }

    /// Whether only the current value is needed (no history buffer).
    pub(crate) fn is_last_value_only(&self) -> bool {
        self.ticks <= 1 && self.window.is_none() && !self.unbounded
    }

    pub(crate) fn describe(&self) -> String {
        match (self.unbounded, self.window) {
            (true, _) => "all ticks".to_string(),
            (false, Some(w)) if self.ticks > 1 => {
                format!("{} ticks and {}", self.ticks, format_nanos(w))
            }
            (false, Some(w)) => format_nanos(w),
            (false, None) => format!("{} ticks", self.ticks),
        }
    }
}

/// Which of several ticks at one timestamp a time-based lookup returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DuplicatePolicy {
    /// The last tick at that time (csp's default).
    #[default]
    LastValue,
    /// The first tick at that time.
    FirstValue,
}

/// Where to look in a series' history: ticks back from the current one, an offset from
/// now, or an absolute time (csp's `value_at` index, timedelta or datetime argument).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    /// `0` = the current tick, `-1` = the one before, ...
    Index(i64),
    /// The tick current at `now + offset` (`offset <= 0`).
    Offset(TimeDelta),
    /// The tick current at this time.
    Time(Time),
}

impl From<i64> for At {
    fn from(i: i64) -> At {
        At::Index(i)
    }
}

impl From<i32> for At {
    fn from(i: i32) -> At {
        At::Index(i64::from(i))
    }
}

impl From<TimeDelta> for At {
    fn from(d: TimeDelta) -> At {
        At::Offset(d)
    }
}

impl From<Time> for At {
    fn from(t: Time) -> At {
        At::Time(t)
    }
}

/// Whether a range bound includes a tick exactly at the bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Bound {
    /// Ticks at the bound are included (csp's default).
    #[default]
    Inclusive,
    /// Ticks at the bound are excluded.
    Exclusive,
}

impl Bound {
    /// Whether `t` is on the inside of a range's start bound at `start`.
    pub(crate) fn after(self, t: i64, start: i64) -> bool {
        match self {
            Bound::Inclusive => t >= start,
            Bound::Exclusive => t > start,
        }
    }

    /// Whether `t` is on the inside of a range's end bound at `end`.
    pub(crate) fn before(self, t: i64, end: i64) -> bool {
        match self {
            Bound::Inclusive => t <= end,
            Bound::Exclusive => t < end,
        }
    }
}

/// A ring of `(time, value)` pairs, oldest first, trimmed to a policy on every push.
#[derive(Debug)]
pub(crate) struct History<T> {
    buf: VecDeque<(i64, T)>,
    policy: BufferPolicy,
}

impl<T: Clone> History<T> {
    pub(crate) fn new(policy: BufferPolicy) -> Self {
        History {
            buf: VecDeque::with_capacity(policy.ticks.min(1 << 16)),
            policy,
        }
    }

    pub(crate) fn policy(&self) -> BufferPolicy {
        self.policy
    }

    pub(crate) fn set_policy(&mut self, policy: BufferPolicy) {
        self.policy = policy;
    }

    pub(crate) fn push(&mut self, time: i64, value: T) {
        self.buf.push_back((time, value));
        self.trim(time);
    }

    /// Replaces the newest entry (a collapsed same-cycle tick).
    pub(crate) fn replace_last(&mut self, value: T) {
        if let Some(last) = self.buf.back_mut() {
            last.1 = value;
        }
    }

    fn trim(&mut self, now: i64) {
        if self.policy.unbounded {
            return;
        }
        while self.buf.len() > self.policy.ticks {
            let keep_for_window = match self.policy.window {
                Some(w) => now.saturating_sub(self.buf[0].0) <= w,
                None => false,
            };
            if keep_for_window {
                break;
            }
            self.buf.pop_front();
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.buf.len()
    }

    /// The entry `back` ticks before the newest (0 = newest).
    pub(crate) fn nth_back(&self, back: usize) -> Option<(i64, &T)> {
        let n = self.buf.len();
        if back < n {
            self.buf.get(n - 1 - back).map(|(t, v)| (*t, v))
        } else {
            None
        }
    }

    /// Position of the tick current at time `t` under `dup`, if any tick is at or before `t`.
    pub(crate) fn position_at(&self, t: i64, dup: DuplicatePolicy) -> Option<usize> {
        let after = self.buf.partition_point(|(ts, _)| *ts <= t);
        if after == 0 {
            return None;
        }
        match dup {
            DuplicatePolicy::LastValue => Some(after - 1),
            DuplicatePolicy::FirstValue => {
                let at = self.buf[after - 1].0;
                Some(self.buf.partition_point(|(ts, _)| *ts < at))
            }
        }
    }

    pub(crate) fn get(&self, pos: usize) -> Option<(i64, &T)> {
        self.buf.get(pos).map(|(t, v)| (*t, v))
    }

    /// The ticks with `start (<|<=) t (<|<=) end`, oldest first.
    pub(crate) fn range(
        &self,
        start: i64,
        start_bound: Bound,
        end: i64,
        end_bound: Bound,
    ) -> impl Iterator<Item = (Time, &T)> + '_ {
        let lo = self
            .buf
            .partition_point(|(t, _)| !start_bound.after(*t, start));
        let hi = self.buf.partition_point(|(t, _)| end_bound.before(*t, end));
        self.buf
            .range(lo..hi.max(lo))
            .map(|(t, v)| (Time::from_nanos(*t), v))
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (Time, &T)> + '_ {
        self.buf.iter().map(|(t, v)| (Time::from_nanos(*t), v))
    }
}

/// The error for a request beyond the buffering policy.
pub(crate) fn beyond_policy(input: &str, requested: String, policy: BufferPolicy) -> Error {
    Error::BeyondPolicy {
        input: input.to_string(),
        requested,
        policy: policy.describe(),
    }
}

/// Checks that `t` is within a time-window policy at `now`.
pub(crate) fn check_time_request(
    input: &str,
    policy: BufferPolicy,
    now: i64,
    t: i64,
) -> Result<()> {
    if let Some(w) = policy.window
        && now.saturating_sub(t) > w
        && !policy.unbounded
    {
        return Err(beyond_policy(
            input,
            format!("time {}", Time::from_nanos(t)),
            policy,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_window_keeps_ticks_exactly_window_old() {
        let mut h = History::new(BufferPolicy::window(TimeDelta::nanoseconds(10)));
        for t in [0, 5, 10, 15, 20] {
            h.push(t, t);
        }
        let kept: Vec<i64> = h.iter().map(|(t, _)| t.nanos()).collect();
        assert_eq!(kept, vec![10, 15, 20]);
    }

    #[test]
    fn a_tick_policy_keeps_the_last_n() {
        let mut h = History::new(BufferPolicy::ticks(2));
        for t in 0..5 {
            h.push(t, t * 10);
        }
        assert_eq!(h.nth_back(0), Some((4, &40)));
        assert_eq!(h.nth_back(1), Some((3, &30)));
        assert_eq!(h.nth_back(2), None);
    }

    #[test]
    fn duplicate_policy_picks_first_or_last_of_equal_times() {
        let mut h = History::new(BufferPolicy::all());
        for (t, v) in [(0, 1), (0, 2), (0, 3), (1, 4)] {
            h.push(t, v);
        }
        assert_eq!(h.position_at(0, DuplicatePolicy::FirstValue), Some(0));
        assert_eq!(h.position_at(0, DuplicatePolicy::LastValue), Some(2));
        assert_eq!(h.position_at(-1, DuplicatePolicy::LastValue), None);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// The reference: keep everything, then answer by scanning.
    fn expected_kept(times: &[i64], policy: BufferPolicy) -> Vec<i64> {
        let now = *times.last().unwrap();
        let n = times.len();
        times
            .iter()
            .enumerate()
            .filter(|(i, t)| {
                policy.is_unbounded()
                    || n - i <= policy.tick_count()
                    || policy.window_nanos().is_some_and(|w| now - *t <= w)
            })
            .map(|(_, t)| *t)
            .collect()
    }

    proptest! {
        #[test]
        fn the_buffer_keeps_exactly_what_the_policy_asks(
            steps in proptest::collection::vec(0i64..5, 1..60),
            ticks in 1usize..6,
            window in proptest::option::of(0i64..12),
        ) {
            let mut policy = BufferPolicy::ticks(ticks);
            if let Some(w) = window {
                policy = policy.with_window(TimeDelta::nanoseconds(w));
            }
            let mut h = History::new(policy);
            let mut times = Vec::new();
            let mut t = 0;
            for (i, step) in steps.iter().enumerate() {
                t += step; // same-time ticks included
                times.push(t);
                h.push(t, i);
                let kept: Vec<i64> = h.iter().map(|(t, _)| t.nanos()).collect();
                prop_assert_eq!(kept, expected_kept(&times, policy));
            }
        }

        #[test]
        fn a_time_lookup_finds_the_last_or_first_tick_at_or_before_the_time(
            steps in proptest::collection::vec(0i64..3, 1..40),
            probe in 0i64..80,
        ) {
            let mut h = History::new(BufferPolicy::all());
            let mut t = 0;
            let mut all = Vec::new();
            for (i, step) in steps.iter().enumerate() {
                t += step;
                h.push(t, i);
                all.push((t, i));
            }
            let last = all.iter().rposition(|(ts, _)| *ts <= probe);
            prop_assert_eq!(h.position_at(probe, DuplicatePolicy::LastValue), last);
            let first = last.map(|p| all.iter().position(|(ts, _)| *ts == all[p].0).unwrap());
            prop_assert_eq!(h.position_at(probe, DuplicatePolicy::FirstValue), first);
        }
    }
}
