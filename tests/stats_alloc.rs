//! `stats` does not allocate per tick (the task's "no allocation per tick for tick windows,
//! and for time windows once warm"): a counting global allocator shows that a statistic run
//! over 1,000 or 100,000 ticks makes exactly the same number of allocations. The counting
//! allocator is `tests/no_alloc.rs`'s; its graphs are the statistics'.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use tickgraph::prelude::*;

#[allow(dead_code)] // the engine benches' graphs are not used here
#[path = "../benches/common/mod.rs"]
mod common;

/// Counts the allocations (and reallocations) made by the thread that asked to be counted.
/// Per thread, because the test harness runs tests on several threads at once.
struct CountingAllocator;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

fn note_allocation() {
    // `try_with`: the thread-locals may already be gone while a thread shuts down.
    let _ = COUNTING.try_with(|counting| {
        if counting.get() {
            let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        }
    });
}

// SAFETY: every call is forwarded to the system allocator unchanged; counting touches only
// const-initialised thread-locals, which never allocate.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: the caller upholds `alloc`'s contract, which we pass on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: as in `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note_allocation();
        // SAFETY: as in `alloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as in `alloc`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Runs `graph` over `n` ticks; returns the final count and the allocations `run` made.
fn allocations_of_run(graph: &Graph, n: usize) -> (u64, u64) {
    let config = common::config(n);
    ALLOCATIONS.with(|a| a.set(0));
    COUNTING.with(|c| c.set(true));
    let result = graph.run(config);
    COUNTING.with(|c| c.set(false));
    let allocations = ALLOCATIONS.with(Cell::get);
    (
        common::last_count(&result.expect("the graph runs")),
        allocations,
    )
}

/// Asserts that `make(n)` run over `n` ticks allocates the same for a small and a large `n`.
fn assert_allocations_do_not_grow_with_ticks(make: impl Fn(usize) -> Graph) {
    let (small, large) = (1_000, 100_000);
    // One uncounted run first: the first run in a process makes one-time allocations
    // (installing the engine's panic hook), which are not the graph's.
    make(small)
        .run(common::config(small))
        .expect("the graph runs");
    let (count_small, allocs_small) = allocations_of_run(&make(small), small);
    let (count_large, allocs_large) = allocations_of_run(&make(large), large);
    assert_eq!((count_small, count_large), (small as u64, large as u64));
    assert!(allocs_small > 0, "the counting allocator saw the run");
    assert_eq!(
        allocs_small, allocs_large,
        "allocations during run: {allocs_small} for {small} ticks, {allocs_large} for {large}"
    );
}

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
