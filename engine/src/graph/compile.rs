//! Compiling a graph for one run: resolve delayed edges, prune what reaches no sink,
//! detect cycles, rank, lay nodes out in rank order, build the consumer lists, instantiate.
//! The result is a [`Compiled`] graph, which the runtime turns into an engine.

use super::builder::Owner;
use super::wiring::WiredInput;
use super::{DeclKind, Extract, Graph, GraphInner, OutRef, Wiring};
use crate::alarm::SlotZeroRef;
use crate::ctx::RunId;
use crate::error::{Error, Result};
use crate::node::{Node, PushPortInfo, Source};
use crate::ts::BufferPolicy;
use crate::ts::basket::BasketTicks;
use crate::ts::cell::{AnyCell, Subscriber};
use petgraph::algo::toposort;
use petgraph::graph::{DiGraph, NodeIndex};
use std::any::Any;
use std::cell::Cell;
use std::collections::VecDeque;
use std::rc::Rc;

/// Follows delayed edges to the real producer of `out`.
fn resolve(graph: &super::GraphInner, mut out: OutRef) -> Result<OutRef> {
    let mut path = Vec::new();
    loop {
        let decl = &graph.decls[out.decl as usize];
        match &decl.kind {
            DeclKind::Alias { target, fallback } => {
                if path.contains(&out.decl) {
                    let names: Vec<&str> = path
                        .iter()
                        .map(|d| graph.decls[*d as usize].name.as_str())
                        .collect();
                    return Err(Error::Cycle {
                        path: format!("{} -> {}", names.join(" -> "), decl.name),
                    });
                }
                path.push(out.decl);
                out = match (target, fallback) {
                    (Some(t), _) | (None, Some(t)) => *t,
                    (None, None) => {
                        return Err(Error::UnboundDelayedEdge {
                            name: decl.name.clone(),
                        });
                    }
                };
            }
            _ => return Ok(out),
        }
    }
}

/// Finds a cycle through `start` and names it `a -> b -> ... -> a`.
fn cycle_path(g: &DiGraph<u32, ()>, start: NodeIndex, name: impl Fn(u32) -> String) -> String {
    // Depth-first search for a path from start back to itself.
    let mut stack = vec![(start, g.neighbors(start).collect::<Vec<_>>())];
    let mut on_path = vec![start];
    let mut seen = std::collections::HashSet::new();
    while let Some((_, next)) = stack.last_mut() {
        match next.pop() {
            Some(n) if n == start => {
                let mut names: Vec<String> = on_path.iter().map(|i| name(g[*i])).collect();
                names.push(name(g[start]));
                return names.join(" -> ");
            }
            Some(n) if seen.insert(n) => {
                on_path.push(n);
                stack.push((n, g.neighbors(n).collect()));
            }
            Some(_) => {}
            None => {
                stack.pop();
                on_path.pop();
            }
        }
    }
    name(g[start])
}

/// A graph output being recorded.
pub(crate) struct RecordedOutput {
    pub(crate) name: String,
    pub(crate) cell: Rc<dyn AnyCell>,
    pub(crate) policy: BufferPolicy,
    pub(crate) extract: Extract,
    pub(crate) type_name: &'static str,
}

/// A graph compiled for one run: live nodes in rank order, sources, cells with their
/// consumer lists, and what to record.
pub(crate) struct Compiled {
    pub(crate) run: RunId,
    pub(crate) start: i64,
    pub(crate) end: i64,
    /// Every cell, with its subscribers set (the reference scheduler reads them).
    pub(crate) cells: Vec<Rc<dyn AnyCell>>,
    /// Each node's first consumer (`u32::MAX` if none): the step loop's guess at who
    /// runs next.
    pub(crate) successors: Vec<u32>,
    pub(crate) nodes: Vec<Box<dyn Node>>,
    pub(crate) node_names: Vec<String>,
    pub(crate) node_end_cycle: Vec<bool>,
    pub(crate) start_order: Vec<u32>,
    pub(crate) sources: Vec<Box<dyn Source>>,
    /// For each source, its slot 0 if it is an alarm's.
    pub(crate) slot_zeros: Vec<Option<SlotZeroRef>>,
    /// The push sources' engine sides.
    pub(crate) push_ports: Vec<PushPortInfo>,
    pub(crate) source_names: Vec<String>,
    pub(crate) recorded: Vec<RecordedOutput>,
}

/// Compiles `graph` for one run over `[start, end]`.
pub(crate) fn compile(graph: &Graph, start: i64, end: i64) -> Result<Compiled> {
    let inner = graph.inner.borrow();
    check_declarations(&inner)?;
    let (resolved, outputs) = resolve_inputs(&inner)?;
    let kept = prune(&inner, &resolved, &outputs)?;
    let layout = Layout::rank(&inner, &kept, &resolved)?;
    let wires = Wires::build(&inner, &layout, &resolved);
    let run = RunId::next();
    let live = instantiate(&inner, &layout, &wires, &resolved, run, start)?;
    let recorded = record_outputs(&inner, &wires, &outputs);

    let name_of = |d: &u32| inner.decls[*d as usize].name.clone();
    let mut start_order: Vec<u32> = (0..layout.nodes.len() as u32).collect();
    start_order.sort_by_key(|&i| layout.nodes[i as usize]);
    Ok(Compiled {
        run,
        start,
        end,
        cells: wires.cells,
        successors: wires.successors,
        nodes: live.nodes,
        node_names: layout.nodes.iter().map(name_of).collect(),
        node_end_cycle: layout
            .nodes
            .iter()
            .map(|d| inner.decls[*d as usize].end_of_cycle)
            .collect(),
        start_order,
        sources: live.sources,
        slot_zeros: live.slot_zeros,
        push_ports: live.push_ports,
        source_names: layout.sources.iter().map(name_of).collect(),
        recorded,
    })
}

/// The first build error, or an unfinished declaration.
fn check_declarations(inner: &GraphInner) -> Result<()> {
    if let Some(e) = inner.errors.first() {
        return Err(super::copy_build_error(e));
    }
    match inner
        .decls
        .iter()
        .find(|d| matches!(d.kind, DeclKind::Pending))
    {
        Some(d) => Err(Error::UnfinishedNode {
            name: d.name.clone(),
        }),
        None => Ok(()),
    }
}

/// Every declaration's inputs, and every graph output (by position), resolved through
/// delayed edges to their real producers.
#[allow(clippy::type_complexity)]
fn resolve_inputs(inner: &GraphInner) -> Result<(Vec<Vec<OutRef>>, Vec<(usize, OutRef)>)> {
    let mut resolved: Vec<Vec<OutRef>> = Vec::with_capacity(inner.decls.len());
    for decl in &inner.decls {
        let mut ins = Vec::with_capacity(decl.inputs.len());
        if !matches!(decl.kind, DeclKind::Alias { .. }) {
            for input in &decl.inputs {
                ins.push(resolve(inner, input.from)?);
            }
        }
        resolved.push(ins);
    }
    let outputs = inner
        .outputs
        .iter()
        .enumerate()
        .map(|(i, o)| resolve(inner, o.from).map(|r| (i, r)))
        .collect::<Result<_>>()?;
    Ok((resolved, outputs))
}

/// Which declarations reach a sink or a graph output; a kept feedback must be bound.
fn prune(
    inner: &GraphInner,
    resolved: &[Vec<OutRef>],
    outputs: &[(usize, OutRef)],
) -> Result<Vec<bool>> {
    let mut kept = vec![false; inner.decls.len()];
    let mut queue: VecDeque<u32> = VecDeque::new();
    for (i, d) in inner.decls.iter().enumerate() {
        if d.sink && matches!(d.kind, DeclKind::Node(_) | DeclKind::Source(_)) {
            queue.push_back(i as u32);
        }
    }
    queue.extend(outputs.iter().map(|(_, r)| r.decl));
    while let Some(d) = queue.pop_front() {
        if std::mem::replace(&mut kept[d as usize], true) {
            continue;
        }
        queue.extend(resolved[d as usize].iter().map(|r| r.decl));
    }
    for (i, d) in inner.decls.iter().enumerate() {
        if kept[i] && d.feedback_bound == Some(false) {
            return Err(Error::UnboundFeedback {
                name: d.name.clone(),
            });
        }
    }
    Ok(kept)
}

/// The kept declarations in run order: nodes by rank (sources have rank 0), sources, and
/// each declaration's runtime index.
struct Layout {
    /// Declarations of the nodes, in rank order.
    nodes: Vec<u32>,
    /// Declarations of the sources.
    sources: Vec<u32>,
    /// Runtime node index by declaration (`u32::MAX` if not a kept node).
    node_index: Vec<u32>,
    /// Runtime source index by declaration (`u32::MAX` if not a kept source).
    source_ids: Vec<u32>,
}

impl Layout {
    fn rank(inner: &GraphInner, kept: &[bool], resolved: &[Vec<OutRef>]) -> Result<Layout> {
        let n = inner.decls.len();
        let is_source = |d: usize| matches!(inner.decls[d].kind, DeclKind::Source(_));
        let mut topo: DiGraph<u32, ()> = DiGraph::new();
        let mut gidx = vec![NodeIndex::end(); n];
        for d in (0..n).filter(|&d| kept[d] && !is_source(d)) {
            gidx[d] = topo.add_node(d as u32);
        }
        for d in (0..n).filter(|&d| kept[d] && !is_source(d)) {
            for r in &resolved[d] {
                if !is_source(r.decl as usize) {
                    topo.add_edge(gidx[r.decl as usize], gidx[d], ());
                }
            }
        }
        let order = toposort(&topo, None).map_err(|c| Error::Cycle {
            path: cycle_path(&topo, c.node_id(), |d| inner.decls[d as usize].name.clone()),
        })?;
        let mut rank = vec![0u32; n];
        for ix in &order {
            let d = topo[*ix] as usize;
            rank[d] = 1 + resolved[d]
                .iter()
                .map(|r| rank[r.decl as usize])
                .max()
                .unwrap_or(0);
        }
        let mut nodes: Vec<u32> = order.iter().map(|ix| topo[*ix]).collect();
        nodes.sort_by_key(|&d| (rank[d as usize], d));
        let sources: Vec<u32> = (0..n as u32)
            .filter(|&d| kept[d as usize] && is_source(d as usize))
            .collect();
        let mut node_index = vec![u32::MAX; n];
        for (i, d) in nodes.iter().enumerate() {
            node_index[*d as usize] = i as u32;
        }
        let mut source_ids = vec![u32::MAX; n];
        for (i, d) in sources.iter().enumerate() {
            source_ids[*d as usize] = i as u32;
        }
        Ok(Layout {
            nodes,
            sources,
            node_index,
            source_ids,
        })
    }

    fn is_source(&self, d: u32) -> bool {
        self.source_ids[d as usize] != u32::MAX
    }
}

/// The cells (one per output of every kept declaration) and who consumes them.
struct Wires {
    cells: Vec<Rc<dyn AnyCell>>,
    /// Each declaration's first cell.
    out_base: Vec<u32>,
    baskets: Vec<Rc<BasketTicks>>,
    /// Each node declaration's first basket.
    basket_base: Vec<u32>,
    /// Each input's place among its producer's subscribers, by declaration.
    sub_of: Vec<Vec<u32>>,
    /// Each node's likely successor in a cycle.
    successors: Vec<u32>,
}

impl Wires {
    fn build(inner: &GraphInner, layout: &Layout, resolved: &[Vec<OutRef>]) -> Wires {
        let n = inner.decls.len();
        let mut out_base = vec![0u32; n];
        let mut cells: Vec<Rc<dyn AnyCell>> = Vec::new();
        // Each cell's producer's step-table word (sources tick while word 0 is current).
        let mut home_words: Vec<u32> = Vec::new();
        for &d in layout.sources.iter().chain(layout.nodes.iter()) {
            out_base[d as usize] = cells.len() as u32;
            let outputs = &inner.decls[d as usize].outputs;
            cells.extend(outputs.iter().map(|make| make()));
            let home = if layout.is_source(d) {
                0
            } else {
                layout.node_index[d as usize] >> 6
            };
            home_words.extend(outputs.iter().map(|_| home));
        }
        let global = |r: &OutRef| (out_base[r.decl as usize] + r.index) as usize;

        // Subscriber lists: each cell's consumers, in rank order, then input order; each
        // input remembers its place in its producer's list.
        let mut basket_base = vec![0u32; n];
        let mut baskets: Vec<Rc<BasketTicks>> = Vec::new();
        for &d in &layout.nodes {
            let decl = &inner.decls[d as usize];
            basket_base[d as usize] = baskets.len() as u32;
            for b in 0..decl.baskets {
                let len = decl
                    .inputs
                    .iter()
                    .filter(|i| i.basket.map(|x| x.0) == Some(b))
                    .count();
                baskets.push(Rc::new(BasketTicks::with_capacity(len)));
            }
        }
        let mut subscribers: Vec<Vec<Subscriber>> = cells.iter().map(|_| Vec::new()).collect();
        let mut sub_of: Vec<Vec<u32>> = inner
            .decls
            .iter()
            .map(|d| vec![0; d.inputs.len()])
            .collect();
        for &d in &layout.nodes {
            for (i, r) in resolved[d as usize].iter().enumerate() {
                let input = &inner.decls[d as usize].inputs[i];
                let list = &mut subscribers[global(r)];
                sub_of[d as usize][i] = list.len() as u32;
                list.push(Subscriber {
                    node: layout.node_index[d as usize],
                    name: input.name.clone(),
                    active: Cell::new(true),
                    basket: input.basket.map(|(b, slot)| {
                        (
                            baskets[(basket_base[d as usize] + b) as usize].clone(),
                            slot,
                        )
                    }),
                });
            }
        }
        // Each node's likely successor in a cycle (the step table's guess, decision 0003):
        // the next node in rank order if the two read one cell (statistics of one series)
        // or the node has no consumer (a sink: the node after it is the only candidate);
        // else its first consumer.
        // A cell's subscribers are in rank order (above), so a node and the next one both
        // read the cell exactly when they stand side by side in its list: one pass, not a
        // search per subscriber (a source may feed thousands of nodes).
        let mut reads_with_next = vec![false; layout.nodes.len()];
        for list in &subscribers {
            for pair in list.windows(2) {
                if pair[1].node == pair[0].node + 1 {
                    reads_with_next[pair[0].node as usize] = true;
                }
            }
        }
        let successors = layout
            .nodes
            .iter()
            .enumerate()
            .map(|(i, &d)| {
                let base = out_base[d as usize] as usize;
                let outputs = inner.decls[d as usize].outputs.len();
                let first_consumer = subscribers[base..base + outputs]
                    .iter()
                    .flatten()
                    .map(|s| s.node)
                    .min();
                match first_consumer {
                    Some(c) if !reads_with_next[i] => c,
                    _ => i as u32 + 1,
                }
            })
            .collect();
        for ((cell, list), home) in cells.iter().zip(subscribers).zip(home_words) {
            cell.subscribe(list, home);
        }
        Wires {
            cells,
            out_base,
            baskets,
            basket_base,
            sub_of,
            successors,
        }
    }

    fn global(&self, r: &OutRef) -> usize {
        (self.out_base[r.decl as usize] + r.index) as usize
    }

    /// The cells of declaration `d`'s outputs.
    fn outputs_of(&self, inner: &GraphInner, d: u32) -> &[Rc<dyn AnyCell>] {
        let base = self.out_base[d as usize] as usize;
        &self.cells[base..base + inner.decls[d as usize].outputs.len()]
    }
}

/// A wiring for declaration `d`, with no inputs or baskets yet.
fn wiring<'a>(
    inner: &GraphInner,
    wires: &'a Wires,
    layout: &'a Layout,
    shared: &'a mut [Option<Rc<dyn Any>>],
    run: RunId,
    d: u32,
) -> Wiring<'a> {
    let outputs = wires.outputs_of(inner, d);
    Wiring {
        owner: Owner {
            graph: inner.id,
            decl: d,
        },
        run,
        inputs: &[],
        minted: vec![false; outputs.len()],
        outputs,
        baskets: &[],
        shared,
        source_ids: &layout.source_ids,
        slot_zero: None,
        push_port: None,
        error: None,
    }
}

/// Runs a factory on a wiring; a misuse of the wiring is the factory's error.
fn call_factory<X>(
    w: &mut Wiring<'_>,
    factory: impl FnOnce(&mut Wiring<'_>) -> std::result::Result<X, crate::error::NodeError>,
) -> std::result::Result<X, crate::error::NodeError> {
    let made = factory(w);
    match w.error.take() {
        Some(e) => Err(Box::new(e)),
        None => made,
    }
}

/// The live sources and nodes of one run.
struct Live {
    sources: Vec<Box<dyn Source>>,
    slot_zeros: Vec<Option<SlotZeroRef>>,
    push_ports: Vec<PushPortInfo>,
    nodes: Vec<Box<dyn Node>>,
}

/// Calls every factory: sources first (they share what their nodes need), then nodes.
fn instantiate(
    inner: &GraphInner,
    layout: &Layout,
    wires: &Wires,
    resolved: &[Vec<OutRef>],
    run: RunId,
    start: i64,
) -> Result<Live> {
    let failed = |d: u32, source| Error::Node {
        node: inner.decls[d as usize].name.clone(),
        time: crate::time::Time::from_nanos(start),
        source,
    };
    let mut shared: Vec<Option<Rc<dyn Any>>> = vec![None; inner.decls.len()];
    let mut live = Live {
        sources: Vec::with_capacity(layout.sources.len()),
        slot_zeros: Vec::with_capacity(layout.sources.len()),
        push_ports: Vec::new(),
        nodes: Vec::with_capacity(layout.nodes.len()),
    };
    for &d in &layout.sources {
        let DeclKind::Source(factory) = &inner.decls[d as usize].kind else {
            unreachable!("invariant: sources are Source decls")
        };
        let mut w = wiring(inner, wires, layout, &mut shared, run, d);
        live.sources
            .push(call_factory(&mut w, |w| factory(w)).map_err(|e| failed(d, e))?);
        live.slot_zeros.push(w.slot_zero.take());
        live.push_ports.extend(w.push_port.take());
    }
    for &d in &layout.nodes {
        let decl = &inner.decls[d as usize];
        let inputs: Vec<WiredInput> = resolved[d as usize]
            .iter()
            .enumerate()
            .map(|(i, r)| WiredInput {
                cell: wires.cells[wires.global(r)].clone(),
                sub: wires.sub_of[d as usize][i],
            })
            .collect();
        let bb = wires.basket_base[d as usize] as usize;
        let DeclKind::Node(factory) = &decl.kind else {
            unreachable!("invariant: nodes are Node decls")
        };
        let mut w = wiring(inner, wires, layout, &mut shared, run, d);
        w.inputs = &inputs;
        w.baskets = &wires.baskets[bb..bb + decl.baskets as usize];
        live.nodes
            .push(call_factory(&mut w, |w| factory(w)).map_err(|e| failed(d, e))?);
    }
    Ok(live)
}

/// The graph outputs; each keeps its history in the producer's cell.
fn record_outputs(
    inner: &GraphInner,
    wires: &Wires,
    outputs: &[(usize, OutRef)],
) -> Vec<RecordedOutput> {
    outputs
        .iter()
        .map(|&(i, r)| {
            let o = &inner.outputs[i];
            let cell = wires.cells[wires.global(&r)].clone();
            // An output that keeps only its last tick needs no history: the cell's own
            // value and time are that tick (csp's `tick_count=1` output costs nothing per
            // tick either). A history buffer would send every tick down the cell's general
            // notify path.
            let last_only = !o.policy.is_unbounded()
                && o.policy.tick_count() == 1
                && o.policy.window_nanos().is_none();
            if !last_only {
                cell.request_policy(o.policy);
            }
            RecordedOutput {
                name: o.name.clone(),
                cell,
                policy: o.policy,
                extract: o.extract,
                type_name: o.type_name,
            }
        })
        .collect()
}
