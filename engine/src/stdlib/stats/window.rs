//! Window buffering: which samples are in the window.
//!
//! A sample enters when the sampler ticks. A tick window of `n` holds the last `n` samples
//! in a ring allocated once; a time window of `d` holds the samples of `(now - d, now]`
//! in a deque that stops growing once it has held its largest window; an expanding window
//! keeps nothing (nothing ever leaves it). The node adds each sample to the statistic as it
//! enters and removes it as it leaves, adding before removing as csp does (its updates
//! node sends the additions and removals of a cycle together, and the compute node applies
//! the additions first), so the floating-point results are csp's.

use std::collections::VecDeque;

/// One sampled point: the value, the second series' value (bivariate statistics), the
/// weight and the time. Unused fields are `0.0` (`y`) and `1.0` (`w`), so that "any NaN"
/// is the same test for every statistic.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub t: i64,
}

impl Sample {
    /// Whether the sample is missing data (csp's `any_nan` over the sample's fields).
    #[inline(always)]
    pub fn is_nan(&self) -> bool {
        self.x.is_nan() || self.y.is_nan() || self.w.is_nan()
    }
}

/// What keeps a window's samples.
pub trait Window: 'static {
    /// Takes a new sample; returns the one that leaves a full tick window.
    fn push(&mut self, s: Sample) -> Option<Sample>;
    /// The oldest sample if it is no longer in `(now - d, now]` (time windows only).
    fn pop_expired(&mut self, now: i64) -> Option<Sample>;
    /// Forgets every sample (reset).
    fn clear(&mut self);
}

/// What a tick window's slot keeps of a sample: everything, or only the value when the
/// statistic reads nothing else (no `y`, weights or times: a quarter of the memory, and
/// the constant fields fold away in the statistic's updates).
pub trait Slot: Copy + 'static {
    fn pack(s: &Sample) -> Self;
    fn unpack(self) -> Sample;
}

impl Slot for Sample {
    #[inline(always)]
    fn pack(s: &Sample) -> Self {
        *s
    }
    #[inline(always)]
    fn unpack(self) -> Sample {
        self
    }
}

impl Slot for f64 {
    #[inline(always)]
    fn pack(s: &Sample) -> Self {
        s.x
    }
    #[inline(always)]
    fn unpack(self) -> Sample {
        Sample {
            x: self,
            y: 0.0,
            w: 1.0,
            t: 0,
        }
    }
}

/// The last `n` samples, in a ring of `n` slots allocated when the run's node is made.
pub struct TickWindow<S> {
    buf: Vec<S>,
    /// The slot of the oldest sample.
    head: usize,
    len: usize,
}

impl<S: Slot> TickWindow<S> {
    pub fn new(n: usize) -> Self {
        let empty = S::pack(&Sample {
            x: 0.0,
            y: 0.0,
            w: 1.0,
            t: 0,
        });
        TickWindow {
            buf: vec![empty; n],
            head: 0,
            len: 0,
        }
    }
}

impl<S: Slot> Window for TickWindow<S> {
    #[inline(always)]
    fn push(&mut self, s: Sample) -> Option<Sample> {
        let cap = self.buf.len();
        let s = S::pack(&s);
        if self.len == cap {
            // Full: the new sample takes the oldest one's slot.
            let old = std::mem::replace(&mut self.buf[self.head], s);
            self.head += 1;
            if self.head == cap {
                self.head = 0;
            }
            Some(old.unpack())
        } else {
            let mut slot = self.head + self.len;
            if slot >= cap {
                slot -= cap;
            }
            self.buf[slot] = s;
            self.len += 1;
            None
        }
    }

    #[inline(always)]
    fn pop_expired(&mut self, _now: i64) -> Option<Sample> {
        None
    }

    fn clear(&mut self) {
        self.head = 0;
        self.len = 0;
    }
}

/// The samples of `(now - d, now]`.
pub struct TimeWindow {
    buf: VecDeque<Sample>,
    d: i64,
}

impl TimeWindow {
    pub fn new(d: i64) -> Self {
        TimeWindow {
            buf: VecDeque::new(),
            d,
        }
    }
}

impl Window for TimeWindow {
    #[inline(always)]
    fn push(&mut self, s: Sample) -> Option<Sample> {
        self.buf.push_back(s);
        None
    }

    #[inline(always)]
    fn pop_expired(&mut self, now: i64) -> Option<Sample> {
        // Left-exclusive: a sample exactly `d` old has left.
        let threshold = now.saturating_sub(self.d);
        match self.buf.front() {
            Some(s) if s.t <= threshold => self.buf.pop_front(),
            _ => None,
        }
    }

    fn clear(&mut self) {
        self.buf.clear();
    }
}

/// An expanding window: nothing leaves, so nothing is kept.
pub struct Expanding;

impl Window for Expanding {
    #[inline(always)]
    fn push(&mut self, _s: Sample) -> Option<Sample> {
        None
    }
    #[inline(always)]
    fn pop_expired(&mut self, _now: i64) -> Option<Sample> {
        None
    }
    fn clear(&mut self) {}
}
