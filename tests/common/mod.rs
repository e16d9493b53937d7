//! Runs integration graphs through both schedulers (STYLE.md: the naive one is an oracle).

use tickgraph::prelude::*;

/// Runs `g` with the step-table scheduler and again with the reference scheduler, checks
/// that they agree (the same error, or the same cycles, node executions, events and output
/// tick times), and returns the step-table run's result.
pub fn run(g: &Graph, config: RunConfig) -> tickgraph::Result<RunResult> {
    let fast = g.run(config.clone());
    let reference = g.run(config.with_reference_scheduler());
    match (&fast, &reference) {
        (Ok(a), Ok(b)) => {
            assert_eq!(
                a.stats(),
                b.stats(),
                "the schedulers ran different cycles or nodes"
            );
            for name in a.names() {
                assert_eq!(
                    a.times(name).unwrap(),
                    b.times(name).unwrap(),
                    "output {name} ticked at different times"
                );
            }
        }
        (Err(a), Err(b)) => assert_eq!(
            a.to_string(),
            b.to_string(),
            "the schedulers failed differently"
        ),
        _ => panic!(
            "only one scheduler failed: step table {:?}, reference {:?}",
            fast.as_ref().err(),
            reference.as_ref().err()
        ),
    }
    fast
}
