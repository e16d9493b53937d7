//! Differential test of the two schedulers: random graphs (fan-in and fan-out, list
//! baskets, passive inputs, alarms on slot 0 and listed slots, feedback, same-time events)
//! run under the step table and under the reference scheduler, which takes none of the
//! fast loop's shortcuts. Every output must tick at the same times with the same values.

use proptest::prelude::*;
use tickgraph::prelude::*;

fn st() -> Time {
    Time::ymd_hms(2021, 6, 1, 0, 0, 0)
}

/// One random input series: values at offsets (in ms) from the start, duplicates allowed.
#[derive(Clone, Debug)]
struct SourceSpec {
    ticks: Vec<(i64, i64)>,
}

/// One random node: which earlier series it reads, which of those are passive, and what
/// it does with them.
#[derive(Clone, Debug)]
struct NodeSpec {
    inputs: Vec<usize>,
    passive: Vec<bool>,
    kind: Kind,
    salt: i64,
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    /// Mixes the basket's valid values and the ticked indices; skips some cycles.
    Mix,
    /// Schedules alarms from its first input's value; emits what the alarms carry.
    Alarm,
}

#[derive(Clone, Debug)]
struct GraphSpec {
    sources: Vec<SourceSpec>,
    nodes: Vec<NodeSpec>,
    /// Which node's output is fed back, and the inputs of the node that reads the feedback.
    feedback: Option<(usize, Vec<usize>)>,
}

fn source_spec() -> impl Strategy<Value = SourceSpec> {
    proptest::collection::vec((0i64..40, -50i64..50), 1..12).prop_map(|mut ticks| {
        ticks.sort_by_key(|t| t.0);
        SourceSpec { ticks }
    })
}

fn graph_spec() -> impl Strategy<Value = GraphSpec> {
    (
        proptest::collection::vec(source_spec(), 1..4),
        proptest::collection::vec(
            (
                proptest::collection::vec((any::<prop::sample::Index>(), any::<bool>()), 1..4),
                any::<bool>(),
                -7i64..7,
            ),
            1..10,
        ),
        proptest::option::of((
            any::<prop::sample::Index>(),
            proptest::collection::vec(any::<prop::sample::Index>(), 0..3),
        )),
    )
        .prop_map(|(sources, raw, fb)| {
            let mut nodes = Vec::new();
            for (j, (picks, alarm, salt)) in raw.into_iter().enumerate() {
                let available = sources.len() + j;
                let inputs: Vec<usize> = picks.iter().map(|(i, _)| i.index(available)).collect();
                let mut passive: Vec<bool> = picks.iter().map(|(_, p)| *p).collect();
                passive[0] = false; // at least one active input
                let kind = if alarm { Kind::Alarm } else { Kind::Mix };
                nodes.push(NodeSpec {
                    inputs,
                    passive,
                    kind,
                    salt,
                });
            }
            let all = sources.len() + nodes.len();
            let feedback = fb.map(|(from, reads)| {
                (
                    from.index(nodes.len()),
                    reads.iter().map(|i| i.index(all)).collect(),
                )
            });
            GraphSpec {
                sources,
                nodes,
                feedback,
            }
        })
}

struct Mix {
    xs: ListBasket<i64>,
    passive: Vec<bool>,
    salt: i64,
    out: Output<i64>,
}

impl Node for Mix {
    fn start(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        for (x, &p) in self.xs.inputs().iter().zip(&self.passive) {
            if p {
                x.make_passive(ctx);
            }
        }
        Ok(())
    }

    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        let mut h = self.salt;
        for (i, v) in self.xs.valid_items(ctx) {
            h = h.wrapping_mul(31).wrapping_add(*v ^ i as i64);
        }
        for i in self.xs.ticked_indices(ctx) {
            h = h.wrapping_mul(17).wrapping_add(i as i64 + 1);
        }
        if h.rem_euclid(5) != 0 {
            self.out.tick(ctx, h % 1000)?;
        }
        Ok(())
    }
}

/// Schedules one or two alarms per tick of `x` (a zero delay fires in the next cycle at
/// the same time; a second pending alarm takes a listed slot), cancels one now and then,
/// and emits the value of each alarm that fires.
#[node]
fn alarmed(x: Ts<i64>, salt: i64) -> Ts<i64> {
    alarms! {
        let a: Alarm<i64>;
    }
    state! {
        let mut last: Option<AlarmHandle> = None;
    }
    if ticked!(x) {
        let v = x;
        let h = schedule_alarm!(a, millis(v.rem_euclid(3)), v + salt);
        if v.rem_euclid(4) == 0 {
            schedule_alarm!(a, millis(v.rem_euclid(5)), v - salt);
        }
        if v.rem_euclid(7) == 0
            && let Some(old) = last
        {
            cancel_alarm!(a, old);
        }
        last = Some(h);
    }
    if ticked!(a) {
        return a * 2 + 1;
    }
}

fn mix(g: &Graph, inputs: &[Ts<i64>], passive: Vec<bool>, salt: i64) -> Ts<i64> {
    let mut n = g.add_node("mix");
    let b = n.list_basket("xs", inputs);
    let out = n.output::<i64>();
    let ts = n.ts(out);
    n.finish(move |w| {
        Ok(Box::new(Mix {
            xs: w.list_basket(b),
            passive: passive.clone(),
            salt,
            out: w.output(out),
        }))
    });
    ts
}

fn build(spec: &GraphSpec) -> (Graph, usize) {
    let g = Graph::new();
    let mut series: Vec<Ts<i64>> = spec
        .sources
        .iter()
        .map(|s| {
            curve(
                &g,
                s.ticks
                    .iter()
                    .map(|&(t, v)| (st() + millis(t), v))
                    .collect::<Vec<(Time, i64)>>(),
            )
        })
        .collect();
    for n in &spec.nodes {
        let inputs: Vec<Ts<i64>> = n.inputs.iter().map(|&i| series[i].clone()).collect();
        let out = match n.kind {
            Kind::Mix => mix(&g, &inputs, n.passive.clone(), n.salt),
            Kind::Alarm => alarmed(&inputs[0], n.salt),
        };
        series.push(out);
    }
    if let Some((from, reads)) = &spec.feedback {
        let fb = Feedback::<i64>::new(&g, "fb");
        fb.bind(&series[spec.sources.len() + from]);
        let mut inputs = vec![fb.out()];
        inputs.extend(reads.iter().map(|&i| series[i].clone()));
        let passive = vec![false; inputs.len()];
        series.push(mix(&g, &inputs, passive, 3));
    }
    for (i, s) in series.iter().enumerate() {
        g.output(&format!("s{i}"), s);
    }
    (g, series.len())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every output of a random graph has the same (time, value) ticks, and the run the
    /// same cycles, node executions and events, under both schedulers.
    #[test]
    fn both_schedulers_give_identical_values_and_times_on_random_graphs(spec in graph_spec()) {
        let (g, outputs) = build(&spec);
        let config = RunConfig::historical(st(), st() + secs(1));
        let fast = g.run(config.clone()).expect("step-table run");
        let reference = g.run(config.with_reference_scheduler()).expect("reference run");
        prop_assert_eq!(fast.stats(), reference.stats());
        for i in 0..outputs {
            let name = format!("s{i}");
            prop_assert_eq!(
                fast.series::<i64>(&name).unwrap(),
                reference.series::<i64>(&name).unwrap(),
                "output {} differs", name
            );
        }
    }
}
