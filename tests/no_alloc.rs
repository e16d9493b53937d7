//! The hot path does not allocate per tick, in the engine and in the standard library's nodes: a counting global allocator shows that running
//! the same graph over 1,000 or 100,000 ticks makes exactly the same number of allocations
//! (compiling the graph, starting it and collecting its outputs allocate; the ticks don't).

use tickgraph::prelude::*;

#[path = "../benches/common/mod.rs"]
mod common;

#[path = "counting/mod.rs"]
mod counting;
use counting::{assert_allocations_do_not_grow_with_ticks, assert_flat};

#[test]
fn a_chain_of_pass_through_nodes_does_not_allocate_per_tick() {
    assert_allocations_do_not_grow_with_ticks(|n| common::chain_graph(common::ramp(n), 10));
}

#[test]
fn a_curve_source_into_count_does_not_allocate_per_tick() {
    assert_allocations_do_not_grow_with_ticks(|n| common::chain_graph(common::ramp(n), 0));
}

#[test]
fn an_alarm_re_armed_on_every_firing_does_not_allocate_per_tick() {
    assert_allocations_do_not_grow_with_ticks(common::alarm_graph);
}

#[test]
fn a_timer_into_count_does_not_allocate_per_tick() {
    assert_allocations_do_not_grow_with_ticks(|_| common::timer_graph());
}

#[test]
fn a_pipe_does_not_allocate_per_tick() {
    assert_allocations_do_not_grow_with_ticks(|n| {
        let g = Graph::new();
        let kept = curve(&g, common::ramp(n))
            .map(|v| v * 2.0 + 1.0)
            .filter(|y| y.is_finite()); // keeps every tick: the helper checks the count
        g.output_with(common::OUT, count(kept), BufferPolicy::ticks(1));
        g
    });
}

// The standard library's nodes (math, basketlib, random, baselib).

#[test]
fn math_ops_do_not_allocate_per_tick() {
    let counts = assert_flat(|n| {
        let g = Graph::new();
        let x = curve(&g, common::ramp(n));
        let y = common::pass(&x);
        let z = ((&x + &y) * 2.0 - 1.0) / &y % 7.0;
        let w = math::max(z.sqrt().erf(), &x).pow(2.0).floordiv(3.0);
        let b = math::and_(&[w.gt(-1.0), !x.lt(&y)]);
        g.output_with(common::OUT, count(&b), BufferPolicy::ticks(1));
        g
    });
    assert_eq!(counts, (1_000, 100_000));
}

#[test]
fn basketlib_nodes_do_not_allocate_per_tick() {
    let counts = assert_flat(|n| {
        let g = Graph::new();
        let x = curve(&g, common::ramp(n));
        let y = common::pass(&x);
        let synced = basketlib::sync(&[x.clone(), y], millis(1), false);
        let sampled = basketlib::sample_basket(&synced[1], &[x]);
        g.output_with(common::OUT, count(&sampled[0]), BufferPolicy::ticks(1));
        g
    });
    assert_eq!(counts, (1_000, 100_000));
}

#[test]
fn brownian_motion_does_not_allocate_per_tick() {
    let counts = assert_flat(|n| {
        let g = Graph::new();
        let trigger = curve(&g, common::ramp(n));
        let drift = const_(&g, vec![0.1, 0.2, 0.3]);
        let cov = const_(
            &g,
            vec![
                vec![1.0, 0.1, 0.0],
                vec![0.1, 1.0, 0.2],
                vec![0.0, 0.2, 1.0],
            ],
        );
        let bm = random::brownian_motion(&trigger, &drift, &cov, 1, false);
        let one = random::brownian_motion_1d(&trigger, const_(&g, 0.0), const_(&g, 1.0), 2, true);
        let both = sample(&bm, &one);
        g.output_with(common::OUT, count(&both), BufferPolicy::ticks(1));
        g
    });
    assert_eq!(counts, (1_000, 100_000));
}

#[test]
fn poisson_timer_does_not_allocate_per_event() {
    // One event per µs on average: about as many events as the run has µs.
    let (small, large) = assert_flat(|_| {
        let g = Graph::new();
        let events = random::poisson_timer(const_(&g, 1e6), 3, ());
        g.output_with(common::OUT, count(&events), BufferPolicy::ticks(1));
        g
    });
    assert!((800..1200).contains(&small), "{small}");
    assert!((98_000..102_000).contains(&large), "{large}");
}

#[test]
fn baselib_nodes_do_not_allocate_per_tick() {
    let counts = assert_flat(|n| {
        let g = Graph::new();
        let x = curve(&g, common::ramp(n));
        // Shifted by ticks (a preallocated ring) and by time (alarms), then differenced.
        let shifted = diff(delay(&x, 3).delay(micros(2)), 1);
        let kept = split(x.gt(-1.0), x.drop_dups()).true_;
        let total = accum(apply(first_n(&kept, i64::MAX), |v| v * 0.5), 0.0);
        let keys = curve(&g, vec![(common::start(), "a")]);
        let routed = demultiplex(&total, &keys, ["a", "b"], false);
        let picked = drop_nans(cast::<f64, _>(multiplex(&routed, &keys, false, false)));
        // `picked` ticks with every tick of `x`, and `shifted` once more, at the end time
        // (the run's end is inclusive).
        let t = times_ns(merge(&shifted, &picked));
        g.output_with(common::OUT, count(&t), BufferPolicy::ticks(1));
        g
    });
    assert_eq!(counts, (1_001, 100_001));
}
