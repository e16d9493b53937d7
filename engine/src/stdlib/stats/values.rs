//! Statistics of the window's values themselves: first, last, the number of distinct
//! values, and the whole window (cross_sectional).

use super::node::Accumulator;
use super::window::Sample;
use crate::ctx::Ctx;
use crate::error::NodeError;
use crate::ts::Output;
use std::collections::{HashMap, VecDeque};

/// The oldest value in the window (a FIFO of the values the statistic sees).
#[derive(Clone, Default)]
pub struct First(pub VecDeque<f64>);

impl Accumulator for First {
    type Out = f64;
    const CONSIDER_NA: bool = true;
    fn add(&mut self, s: &Sample) {
        self.0.push_back(s.x);
    }
    fn remove(&mut self, _s: &Sample) {
        self.0.pop_front();
    }
    fn clear(&mut self) {
        self.0.clear();
    }
    fn compute(&mut self, _k: usize) -> f64 {
        self.0.front().copied().unwrap_or(f64::NAN)
    }
    fn invalid() -> f64 {
        f64::NAN
    }
}

/// The newest value in the window.
#[derive(Clone, Default)]
pub struct Last {
    last: f64,
    count: i64,
}

impl Accumulator for Last {
    type Out = f64;
    const CONSIDER_NA: bool = true;
    fn add(&mut self, s: &Sample) {
        self.last = s.x;
        self.count += 1;
    }
    fn remove(&mut self, _s: &Sample) {
        self.count -= 1;
    }
    fn clear(&mut self) {
        self.count = 0;
    }
    fn compute(&mut self, _k: usize) -> f64 {
        if self.count > 0 { self.last } else { f64::NAN }
    }
    fn invalid() -> f64 {
        f64::NAN
    }
}

/// The number of distinct values, compared after truncation to `precision` decimals
/// (csp's `(int64)(x * 10^precision)`).
#[derive(Clone)]
pub struct Unique {
    counts: HashMap<i64, i64>,
    scale: f64,
}

impl Unique {
    pub fn new(precision: i32) -> Self {
        Unique {
            counts: HashMap::new(),
            scale: 10f64.powf(precision as f64),
        }
    }
}

impl Accumulator for Unique {
    type Out = f64;
    fn add(&mut self, s: &Sample) {
        *self.counts.entry((s.x * self.scale) as i64).or_insert(0) += 1;
    }
    fn remove(&mut self, s: &Sample) {
        let key = (s.x * self.scale) as i64;
        if let Some(c) = self.counts.get_mut(&key) {
            *c -= 1;
            if *c == 0 {
                self.counts.remove(&key);
            }
        }
    }
    fn clear(&mut self) {
        self.counts.clear();
    }
    fn compute(&mut self, _k: usize) -> f64 {
        self.counts.len() as f64
    }
    fn invalid() -> f64 {
        f64::NAN
    }
}

/// Every value in the window, NaNs included, oldest first.
#[derive(Clone, Default)]
pub struct CrossSectional(pub VecDeque<f64>);

impl Accumulator for CrossSectional {
    type Out = Vec<f64>;
    const PROCESS_NA: bool = true;
    fn add(&mut self, s: &Sample) {
        self.0.push_back(s.x);
    }
    fn remove(&mut self, _s: &Sample) {
        self.0.pop_front();
    }
    fn clear(&mut self) {
        self.0.clear();
    }
    fn compute(&mut self, _k: usize) -> Vec<f64> {
        self.0.iter().copied().collect()
    }
    fn invalid() -> Vec<f64> {
        Vec::new()
    }
    /// Refills the previous output's `Vec`, so a warm window allocates nothing.
    fn emit(&mut self, _k: usize, out: &Output<Vec<f64>>, ctx: &mut Ctx) -> Result<(), NodeError> {
        let window = &self.0;
        out.tick_in_place(ctx, |prev| {
            let v = prev.get_or_insert_with(Vec::new);
            v.clear();
            v.extend(window.iter().copied());
        })
    }
}
