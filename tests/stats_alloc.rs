//! `stats` does not allocate per tick (the task's "no allocation per tick for tick windows,
//! and for time windows once warm"): a counting global allocator shows that a statistic run
//! over 1,000 or 100,000 ticks makes exactly the same number of allocations. The counting
//! allocator is `tests/counting`'s, shared with `tests/no_alloc.rs`.

use tickgraph::prelude::*;

#[allow(dead_code)] // the engine benches' graphs are not used here
#[path = "../benches/common/mod.rs"]
mod common;

#[path = "counting/mod.rs"]
mod counting;
use counting::assert_allocations_do_not_grow_with_ticks;

/// W2's input (NaN every 97th tick, to exercise the NaN paths), one tick per µs.
fn input(n: usize) -> Vec<(Time, f64)> {
    (0..n)
        .map(|i| {
            let v = if i % 97 == 5 {
                f64::NAN
            } else {
                ((i * 7919) % 10007) as f64 / 10007.0
            };
            (common::start().add_nanos(i as i64 * common::US), v)
        })
        .collect()
}

/// `curve -> statistic -> count -> output`.
fn graph<T: Value>(n: usize, stat: impl FnOnce(&Ts<f64>) -> Ts<T>) -> Graph {
    let g = Graph::new();
    let x = curve(&g, input(n));
    g.output_with(common::OUT, count(stat(&x)), BufferPolicy::ticks(1));
    g
}

/// One test per statistic, so a failure names it.
macro_rules! no_alloc {
    ($($name:ident: $stat:expr;)*) => {$(
        #[test]
        fn $name() {
            assert_allocations_do_not_grow_with_ticks(|n| graph(n, $stat));
        }
    )*};
}

// Tick windows; past 512 values (rank over 700) the order statistics are in the treap, whose
// arena stops growing too. Time windows of 100 µs are warm after the first 100 ticks, well
// within the small run; expanding means and EMAs keep nothing.
no_alloc! {
    mean_ticks: |x| stats::mean(x).ticks(100).min_window(0).into_ts();
    kahan_sum_ticks: |x| stats::sum(x).ticks(100).precise(true).min_window(0).into_ts();
    stddev_ticks: |x| stats::stddev(x).ticks(100).min_window(0).into_ts();
    kurt_ticks: |x| stats::kurt(x).ticks(100).min_window(0).into_ts();
    max_ticks: |x| stats::max(x).ticks(100).min_window(0).into_ts();
    argmin_ticks: |x| stats::argmin(x).ticks(100).min_window(0).into_ts();
    quantile_ticks: |x| stats::quantile(x, 0.3).ticks(100).min_window(0).into_ts();
    rank_treap_ticks: |x| stats::rank(x).ticks(700).min_window(0).into_ts();
    first_ticks: |x| stats::first(x).ticks(100).min_window(0).into_ts();
    unique_ticks: |x| stats::unique(x).ticks(100).min_window(0).into_ts();
    ema_horizon: |x| stats::ema(x).alpha(0.1).horizon(50).into_ts();
    cross_sectional_ticks: |x| stats::cross_sectional(x).ticks(100).min_window(0).into_ts();
    sum_time: |x| stats::sum(x).time(micros(100)).min_window(micros(0)).into_ts();
    var_time: |x| stats::var(x).time(micros(100)).min_window(micros(0)).into_ts();
    median_time: |x| stats::median(x).time(micros(100)).min_window(micros(0)).into_ts();
    mean_expanding: |x| stats::mean(x).into_ts();
    ema_expanding: |x| stats::ema(x).alpha(0.01).into_ts();
    ema_std_halflife: |x| stats::ema_std(x).halflife(micros(10)).into_ts();
}
