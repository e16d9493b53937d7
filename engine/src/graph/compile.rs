//! Compiling a graph for one run: resolve delayed edges, prune what reaches no sink,
//! detect cycles, rank, lay nodes out in rank order, build the consumer lists, instantiate.

use super::wiring::WiredInput;
use super::{DeclKind, Graph, OutRef, Wiring};
use crate::error::{Error, Result};
use crate::runtime::engine::{Engine, RecordedOutput};
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

/// Builds the runtime engine for one run of `graph` over `[start, end]`.
pub(crate) fn compile(graph: &Graph, start: i64, end: i64) -> Result<Engine> {
    let inner = graph.inner.borrow();
    if let Some(e) = inner.errors.first() {
        return Err(super::copy_build_error(e));
    }
    let n = inner.decls.len();
    if let Some(d) = inner
        .decls
        .iter()
        .find(|d| matches!(d.kind, DeclKind::Pending))
    {
        return Err(Error::UnfinishedNode {
            name: d.name.clone(),
        });
    }

    // Resolve every input through delayed edges.
    let mut resolved: Vec<Vec<OutRef>> = Vec::with_capacity(n);
    for decl in &inner.decls {
        let mut ins = Vec::with_capacity(decl.inputs.len());
        if !matches!(decl.kind, DeclKind::Alias { .. }) {
            for input in &decl.inputs {
                ins.push(resolve(&inner, input.from)?);
            }
        }
        resolved.push(ins);
    }
    let outputs: Vec<(usize, OutRef)> = inner
        .outputs
        .iter()
        .enumerate()
        .map(|(i, o)| resolve(&inner, o.from).map(|r| (i, r)))
        .collect::<Result<_>>()?;

    // Keep what reaches a sink or a graph output.
    let mut kept = vec![false; n];
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

    // Rank the kept nodes; sources have rank 0.
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

    // Runtime index of each declaration: sources and nodes are numbered separately.
    let mut node_index = vec![u32::MAX; n];
    for (i, d) in nodes.iter().enumerate() {
        node_index[*d as usize] = i as u32;
    }
    let mut source_ids = vec![u32::MAX; n];
    for (i, d) in sources.iter().enumerate() {
        source_ids[*d as usize] = i as u32;
    }

    // Cells: one per output of every kept declaration; global output numbers.
    let mut out_base = vec![0u32; n];
    let mut cells: Vec<Rc<dyn AnyCell>> = Vec::new();
    // Each cell's producer's step-table word (sources tick while word 0 is current).
    let mut home_words: Vec<u32> = Vec::new();
    for &d in sources.iter().chain(nodes.iter()) {
        out_base[d as usize] = cells.len() as u32;
        let outputs = &inner.decls[d as usize].outputs;
        cells.extend(outputs.iter().map(|make| make()));
        let home = if is_source(d as usize) {
            0
        } else {
            node_index[d as usize] >> 6
        };
        home_words.extend(outputs.iter().map(|_| home));
    }
    let global = |r: &OutRef| (out_base[r.decl as usize] + r.index) as usize;

    // Subscriber lists: each cell's consumers, in rank order, then input order; each input
    // remembers its place in its producer's list.
    let mut basket_base = vec![0u32; n];
    let mut baskets: Vec<Rc<BasketTicks>> = Vec::new();
    for &d in &nodes {
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
    for &d in &nodes {
        for (i, r) in resolved[d as usize].iter().enumerate() {
            let input = &inner.decls[d as usize].inputs[i];
            let list = &mut subscribers[global(r)];
            sub_of[d as usize][i] = list.len() as u32;
            list.push(Subscriber {
                node: node_index[d as usize],
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
    // Each node's likely successor in a cycle: its first consumer.
    let successors = nodes
        .iter()
        .map(|&d| {
            let base = out_base[d as usize] as usize;
            let outputs = inner.decls[d as usize].outputs.len();
            subscribers[base..base + outputs]
                .iter()
                .flatten()
                .map(|s| s.node)
                .min()
                .unwrap_or(u32::MAX)
        })
        .collect();
    for ((cell, list), home) in cells.iter().zip(subscribers).zip(home_words) {
        cell.subscribe(list, home);
    }

    // Instantiate: sources first (they share what their nodes need), then nodes.
    let mut shared: Vec<Option<Rc<dyn Any>>> = vec![None; n];
    let wired_inputs = |d: u32| -> Vec<WiredInput> {
        let decl = &inner.decls[d as usize];
        resolved[d as usize]
            .iter()
            .zip(&decl.inputs)
            .enumerate()
            .map(|(i, (r, input))| WiredInput {
                cell: cells[global(r)].clone(),
                sub: sub_of[d as usize][i],
                name: input.name.clone(),
            })
            .collect()
    };
    let instantiate_error = |d: u32, source| Error::Node {
        node: inner.decls[d as usize].name.clone(),
        time: crate::time::Time::from_nanos(start),
        source,
    };
    let mut live_sources = Vec::with_capacity(sources.len());
    let mut slot_zeros = Vec::with_capacity(sources.len());
    for &d in &sources {
        let decl = &inner.decls[d as usize];
        let base = out_base[d as usize] as usize;
        let mut w = Wiring {
            decl: d,
            inputs: &[],
            outputs: &cells[base..base + decl.outputs.len()],
            baskets: &[],
            shared: &mut shared,
            source_ids: &source_ids,
            slot_zero: None,
        };
        let DeclKind::Source(factory) = &decl.kind else {
            unreachable!("invariant: sources are Source decls")
        };
        live_sources.push(factory(&mut w).map_err(|e| instantiate_error(d, e))?);
        slot_zeros.push(w.slot_zero);
    }
    let mut live_nodes = Vec::with_capacity(nodes.len());
    for &d in &nodes {
        let decl = &inner.decls[d as usize];
        let base = out_base[d as usize] as usize;
        let inputs = wired_inputs(d);
        let bb = basket_base[d as usize] as usize;
        let mut w = Wiring {
            decl: d,
            inputs: &inputs,
            outputs: &cells[base..base + decl.outputs.len()],
            baskets: &baskets[bb..bb + decl.baskets as usize],
            shared: &mut shared,
            source_ids: &source_ids,
            slot_zero: None,
        };
        let DeclKind::Node(factory) = &decl.kind else {
            unreachable!("invariant: nodes are Node decls")
        };
        live_nodes.push(factory(&mut w).map_err(|e| instantiate_error(d, e))?);
    }

    // Graph outputs keep their history in the producer's cell.
    let recorded = outputs
        .iter()
        .map(|&(i, r)| {
            let o = &inner.outputs[i];
            let cell = cells[global(&r)].clone();
            cell.request_policy(o.policy);
            RecordedOutput {
                name: o.name.clone(),
                cell,
                policy: o.policy,
                extract: o.extract,
                type_name: o.type_name,
            }
        })
        .collect();

    let name_of = |d: &u32| inner.decls[*d as usize].name.clone();
    let mut start_order: Vec<u32> = (0..nodes.len() as u32).collect();
    start_order.sort_by_key(|&i| nodes[i as usize]);
    Ok(Engine::new(crate::runtime::engine::Parts {
        start,
        end,
        cells,
        successors,
        nodes: live_nodes,
        node_names: nodes.iter().map(name_of).collect(),
        node_end_cycle: nodes
            .iter()
            .map(|d| inner.decls[*d as usize].end_of_cycle)
            .collect(),
        start_order,
        sources: live_sources,
        slot_zeros,
        source_names: sources.iter().map(name_of).collect(),
        recorded,
    }))
}
