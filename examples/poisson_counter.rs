//! csp's `poisson_counter`: a source node built from an alarm, state and a start block.
//!
//! ```text
//! cargo run --example poisson_counter
//! ```
//!
//! The node draws exponential inter-arrival times (a Poisson process of `rate` events per
//! second) from a seeded generator, so every run prints the same events. It has no `Ts`
//! input, so its graph-time function takes the graph first: `poisson_counter(&g, rate, seed)`.

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Exp};
use tickgraph::prelude::*;

/// Ticks the running count of events of a Poisson process with `rate` events per second.
#[node]
fn poisson_counter(rate: f64, seed: u64) -> Ts<u64> {
    alarms! { let event: Alarm<()>; }
    state! {
        let mut count = 0u64;
        let mut rng = StdRng::seed_from_u64(seed);
        let gaps = Exp::new(rate)?;
    }
    start! {
        schedule_alarm!(event, secs_f64(gaps.sample(&mut rng)), ());
    }
    if ticked!(event) {
        count += 1;
        schedule_alarm!(event, secs_f64(gaps.sample(&mut rng)), ());
        return count;
    }
}

fn main() -> tickgraph::Result<()> {
    let g = Graph::new();
    // On average one event every five seconds.
    let counts = poisson_counter(&g, 0.2, 42);
    print("count", &counts);
    g.output("count", &counts);

    let start = Time::ymd_hms(2020, 1, 1, 9, 30, 0);
    let result = g.run(RunConfig::historical(start, start + secs(60)))?;
    let last = result.last::<u64>("count")?;
    match last {
        Some((time, n)) => println!("{n} events in the first minute, the last at {time}"),
        None => println!("no events in the first minute"),
    }
    Ok(())
}
