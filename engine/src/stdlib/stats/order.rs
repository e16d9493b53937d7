//! Order statistics: min / max (a monotonic deque, amortised O(1)), argmin / argmax (the
//! same deque, with times), quantiles, median and rank (the order-statistic multiset of
//! [`super::ost`], O(log n)), with csp's interpolation and tie rules.

use super::node::Accumulator;
use super::ost::OrderStat;
use super::window::Sample;
use crate::time::Time;
use std::collections::VecDeque;

/// How a quantile between two window values is interpolated (numpy's and csp's
/// `interpolation`).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let day = |i: i64| Time::EPOCH + secs(86_400 * i);
/// let x = curve(&g, [1.0, 2.0, 3.0, 4.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("q", stats::quantile(&x, 0.5).interpolation(stats::Interpolation::Lower));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
/// assert_eq!(r.values::<f64>("q").unwrap(), vec![1.0, 1.0, 2.0, 2.0]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Interpolation {
    /// `lower + (higher - lower) * fraction` (csp's default).
    #[default]
    Linear,
    /// The lower of the two values.
    Lower,
    /// The higher of the two values.
    Higher,
    /// Their average.
    Midpoint,
    /// The nearer one (the higher on an exact tie, as csp).
    Nearest,
}

/// How `rank` ranks a value that ties with others.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let day = |i: i64| Time::EPOCH + secs(86_400 * i);
/// let x = curve(&g, [2.0, 2.0, 2.0].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("r", stats::rank(&x).method(stats::RankMethod::Max));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
/// assert_eq!(r.values::<f64>("r").unwrap(), vec![0.0, 1.0, 2.0]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RankMethod {
    /// The lowest rank of the tied values (csp's default).
    #[default]
    Min,
    /// The highest rank of the tied values.
    Max,
    /// The average of the lowest and highest ranks.
    Avg,
}

/// What `rank` outputs when the latest sample is NaN.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let day = |i: i64| Time::EPOCH + secs(86_400 * i);
/// let x = curve(&g, [1.0, f64::NAN].into_iter().enumerate().map(|(i, v)| (day(i as i64), v)).collect::<Vec<_>>());
/// g.output("r", stats::rank(&x).na_option(stats::NaOption::Keep));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(86_400 * 10))).unwrap();
/// let v = r.values::<f64>("r").unwrap();
/// assert_eq!(v[0], 0.0);
/// assert!(v[1].is_nan());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum NaOption {
    /// NaN (csp's default).
    #[default]
    Keep,
    /// The rank of the last valid value.
    Last,
}

/// The window's extreme: a deque of values in monotonic order, the extreme at the front.
/// Equal values are all kept, so the front run holds every copy of the extreme, oldest
/// first; a leaving value equal to the front is the front (values leave oldest first).
#[derive(Clone)]
pub struct Extreme {
    deque: VecDeque<(f64, i64)>,
    max: bool,
}

impl Extreme {
    /// `capacity`: the tick window's size (the deque never holds more), so a tick window
    /// allocates nothing per tick; 0 for other windows.
    pub fn new(max: bool, capacity: usize) -> Self {
        Extreme {
            deque: VecDeque::with_capacity(capacity),
            max,
        }
    }

    #[inline(always)]
    fn beats(&self, a: f64, b: f64) -> bool {
        if self.max { a > b } else { a < b }
    }

    #[inline(always)]
    fn add(&mut self, x: f64, t: i64) {
        while let Some(&(back, _)) = self.deque.back() {
            if self.beats(x, back) {
                self.deque.pop_back();
            } else {
                break;
            }
        }
        self.deque.push_back((x, t));
    }

    #[inline(always)]
    fn remove(&mut self, x: f64) {
        if self.deque.front().is_some_and(|&(f, _)| f == x) {
            self.deque.pop_front();
        }
    }
}

/// `min` or `max`.
#[derive(Clone)]
pub struct MinMax(pub Extreme);

impl Accumulator for MinMax {
    type Out = f64;
    #[inline(always)]
    fn add(&mut self, s: &Sample) {
        self.0.add(s.x, s.t);
    }
    #[inline(always)]
    fn remove(&mut self, s: &Sample) {
        self.0.remove(s.x);
    }
    fn clear(&mut self) {
        self.0.deque.clear();
    }
    #[inline(always)]
    fn compute(&mut self, _k: usize) -> f64 {
        self.0.deque.front().map_or(f64::NAN, |&(v, _)| v)
    }
    fn invalid() -> f64 {
        f64::NAN
    }
}

/// `argmin` or `argmax`: the time of the extreme, the most recent or the oldest of tied
/// extremes.
#[derive(Clone)]
pub struct ArgExtreme {
    pub extreme: Extreme,
    pub most_recent: bool,
}

impl Accumulator for ArgExtreme {
    type Out = Time;
    const NEEDS_TIME: bool = true;
    #[inline(always)]
    fn add(&mut self, s: &Sample) {
        self.extreme.add(s.x, s.t);
    }
    #[inline(always)]
    fn remove(&mut self, s: &Sample) {
        self.extreme.remove(s.x);
    }
    fn clear(&mut self) {
        self.extreme.deque.clear();
    }
    fn compute(&mut self, _k: usize) -> Time {
        let d = &self.extreme.deque;
        let Some(&(best, oldest)) = d.front() else {
            return Self::invalid();
        };
        if !self.most_recent {
            return Time::from_nanos(oldest);
        }
        // The deque is monotonic, so the copies of the extreme are its front run.
        let run = d.partition_point(|&(v, _)| v == best);
        Time::from_nanos(d[run - 1].1)
    }
    /// csp returns the epoch (`DateTime::fromNanoseconds(0)`) when there is no result.
    fn invalid() -> Time {
        Time::EPOCH
    }
}

/// One or more quantiles.
#[derive(Clone)]
pub struct Quantile {
    pub tree: OrderStat,
    pub quants: Vec<f64>,
    pub interpolation: Interpolation,
}

impl Accumulator for Quantile {
    type Out = f64;
    const SEVERAL_OUTPUTS: bool = true;
    fn add(&mut self, s: &Sample) {
        self.tree.insert(s.x);
    }
    fn remove(&mut self, s: &Sample) {
        self.tree.remove(s.x);
    }
    fn clear(&mut self) {
        self.tree.clear();
    }
    fn compute(&mut self, k: usize) -> f64 {
        let n = self.tree.len();
        if n == 0 {
            return f64::NAN;
        }
        let target = self.quants[k] * (n - 1) as f64;
        let (lo, hi) = (target.floor(), target.ceil());
        let lower = self.tree.nth(lo as usize).unwrap_or(f64::NAN);
        let higher = if lo == hi {
            lower
        } else {
            self.tree.nth(hi as usize).unwrap_or(f64::NAN)
        };
        match self.interpolation {
            Interpolation::Linear if lo == target => lower,
            Interpolation::Linear => (1.0 - target + lo) * lower + (1.0 - hi + target) * higher,
            Interpolation::Lower => lower,
            Interpolation::Higher => higher,
            Interpolation::Midpoint if lo == target => lower,
            Interpolation::Midpoint => (higher + lower) / 2.0,
            Interpolation::Nearest => {
                if target - lo < hi - target {
                    lower
                } else {
                    higher
                }
            }
        }
    }
    fn invalid() -> f64 {
        f64::NAN
    }
}

/// The rank of the latest value among the window's (0 = the smallest).
#[derive(Clone)]
pub struct Rank {
    pub tree: OrderStat,
    pub method: RankMethod,
    pub na: NaOption,
    pub last: f64,
}

impl Accumulator for Rank {
    type Out = f64;
    const PROCESS_NA: bool = true;
    fn add(&mut self, s: &Sample) {
        if s.x.is_nan() {
            if self.na == NaOption::Keep {
                self.last = f64::NAN;
            }
        } else {
            self.last = s.x;
            self.tree.insert(s.x);
        }
    }
    fn remove(&mut self, s: &Sample) {
        if !s.x.is_nan() {
            self.tree.remove(s.x);
        }
    }
    fn clear(&mut self) {
        // csp keeps the last value across a reset.
        self.tree.clear();
    }
    fn compute(&mut self, _k: usize) -> f64 {
        let n = self.tree.len();
        if self.last.is_nan() || n == 0 {
            return f64::NAN;
        }
        if n == 1 {
            return 0.0;
        }
        let below = self.tree.count_below(self.last, false);
        let through = self.tree.count_below(self.last, true);
        if below == through {
            // The last value has left the window (a time window with `NaOption::Last`):
            // csp's tree lookups then give the size (min, avg) and -1 (max).
            return match self.method {
                RankMethod::Max => -1.0,
                _ => n as f64,
            };
        }
        match self.method {
            RankMethod::Min => below as f64,
            RankMethod::Max => (through - 1) as f64,
            RankMethod::Avg => (below + through - 1) as f64 / 2.0,
        }
    }
    fn invalid() -> f64 {
        f64::NAN
    }
}
