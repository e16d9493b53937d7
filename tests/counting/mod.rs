//! The counting global allocator of the no-allocation tests (`no_alloc.rs`,
//! `stats_alloc.rs`), and their check: a graph run over 1,000 or 100,000 ticks makes
//! exactly the same number of allocations.

use crate::common;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use tickgraph::prelude::*;

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

/// Asserts that `make(n)` allocates as much over 1,000 ticks as over 100,000, and returns
/// the two final counts.
pub fn assert_flat(make: impl Fn(usize) -> Graph) -> (u64, u64) {
    let (small, large) = (1_000, 100_000);
    // One uncounted run first: the first run in a process makes one-time allocations
    // (installing the engine's panic hook), which are not the graph's.
    make(small)
        .run(common::config(small))
        .expect("the graph runs");
    let (count_small, allocs_small) = allocations_of_run(&make(small), small);
    let (count_large, allocs_large) = allocations_of_run(&make(large), large);
    assert!(allocs_small > 0, "the counting allocator saw the run");
    assert_eq!(
        allocs_small, allocs_large,
        "allocations during run: {allocs_small} for {small} ticks, {allocs_large} for {large}"
    );
    (count_small, count_large)
}

/// [`assert_flat`] for a graph whose count is its number of ticks.
pub fn assert_allocations_do_not_grow_with_ticks(make: impl Fn(usize) -> Graph) {
    assert_eq!(assert_flat(make), (1_000, 100_000));
}
