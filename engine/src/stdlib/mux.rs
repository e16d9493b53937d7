//! Selecting among series by a key: `multiplex` (many in, one out) and `demultiplex` (one
//! in, many out).

use crate::ctx::Ctx;
use crate::error::NodeError;
use crate::graph::{IntoTs, Ts};
use crate::node::Node;
use crate::ts::{DictBasket, Input, Output, OutputBasket, Value};
use std::collections::BTreeMap;
use std::fmt::Debug;

/// Emits the element of `x` that `key` selects, when that element ticks (csp's
/// `multiplex`). Only the selected element is listened to.
///
/// With `tick_on_index`, a change of `key` also emits the newly selected element's current
/// value (if it has one). A key that is not in `x` selects nothing until the next key;
/// with `raise_on_bad_key` it fails the run instead.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// use std::collections::BTreeMap;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let a = curve(&g, (0..4).map(|i| (st + secs(i), i)).collect::<Vec<_>>());
/// let b = curve(&g, (0..4).map(|i| (st + secs(i), 10 * i)).collect::<Vec<_>>());
/// let x = BTreeMap::from([("a", a), ("b", b)]);
/// let key = curve(&g, vec![(st, "a"), (st + secs(2), "b")]);
/// g.output("m", multiplex(&x, &key, false, false));
/// let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
/// assert_eq!(r.values::<i64>("m").unwrap(), vec![0, 1, 20, 30]);
/// ```
pub fn multiplex<K, T>(
    x: &BTreeMap<K, Ts<T>>,
    key: impl IntoTs<Item = K>,
    tick_on_index: bool,
    raise_on_bad_key: bool,
) -> Ts<T>
where
    K: Value + Ord + Debug,
    T: Value,
{
    let key = key.into_ts();
    let mut n = key.graph().add_node("multiplex");
    let xs = n.dict_basket("x", x.iter().map(|(k, v)| (k.clone(), v.clone())));
    let ki = n.input("key", &key);
    let out = n.output::<T>();
    let ts = n.ts(out);
    n.finish(move |w| {
        Ok(Box::new(Multiplex {
            x: w.dict_basket(&xs),
            key: w.input(ki),
            out: w.output(out),
            selected: None,
            tick_on_index,
            raise_on_bad_key,
        }))
    });
    ts
}

struct Multiplex<K, T> {
    x: DictBasket<K, T>,
    key: Input<K>,
    out: Output<T>,
    /// The index of the element the current key selects.
    selected: Option<usize>,
    tick_on_index: bool,
    raise_on_bad_key: bool,
}

impl<K: Value + Ord + Debug, T: Value> Node for Multiplex<K, T> {
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        let key_ticked = self.key.ticked(ctx);
        if key_ticked {
            let key = self.key.current(ctx);
            self.x.make_passive(ctx);
            // The basket's keys come from a BTreeMap, so they are sorted.
            self.selected = self.x.keys().binary_search(key).ok();
            match self.selected {
                Some(i) => self.x.as_list()[i].make_active(ctx),
                None if self.raise_on_bad_key => {
                    return Err(format!("key {key:?} not in input basket").into());
                }
                None => {}
            }
        }
        if let Some(i) = self.selected {
            let elem = &self.x.as_list()[i];
            if elem.ticked(ctx) || (self.tick_on_index && key_ticked && elem.valid()) {
                let v = elem.current(ctx).clone();
                self.out.tick(ctx, v)?;
            }
        }
        Ok(())
    }
}

/// Routes each tick of `x` to the output of the current `key` (csp's `demultiplex`). The
/// outputs are one per element of `keys`; `key` is passive, so `x` ticks drive the node.
///
/// A tick while `key` names no output is dropped; with `raise_on_bad_key` it fails the run.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let x = curve(&g, (0..4).map(|i| (st + secs(i), i)).collect::<Vec<_>>());
/// let key = curve(&g, vec![(st, "even"), (st + secs(1), "odd"), (st + secs(2), "even"), (st + secs(3), "odd")]);
/// let out = demultiplex(&x, &key, ["even", "odd"], false);
/// g.output("even", &out["even"]);
/// g.output("odd", &out["odd"]);
/// let r = g.run(RunConfig::historical_for(st, secs(10))).unwrap();
/// assert_eq!(r.values::<i64>("even").unwrap(), vec![0, 2]);
/// assert_eq!(r.values::<i64>("odd").unwrap(), vec![1, 3]);
/// ```
pub fn demultiplex<K, T>(
    x: impl IntoTs<Item = T>,
    key: impl IntoTs<Item = K>,
    keys: impl IntoIterator<Item = K>,
    raise_on_bad_key: bool,
) -> BTreeMap<K, Ts<T>>
where
    K: Value + Ord + Debug,
    T: Value,
{
    let (x, key) = (x.into_ts(), key.into_ts());
    let mut keys: Vec<K> = keys.into_iter().collect();
    keys.sort();
    keys.dedup();
    let mut n = x.graph().add_node("demultiplex");
    let (xi, ki) = (n.input("x", &x), n.input("key", &key));
    let outs = n.output_basket::<T>(keys.len());
    let series = n.basket_ts(outs);
    let run_keys = keys.clone();
    n.finish(move |w| {
        Ok(Box::new(Demultiplex {
            x: w.input(xi),
            key: w.input(ki),
            outs: w.output_basket(outs),
            keys: run_keys.clone(),
            raise_on_bad_key,
        }))
    });
    keys.into_iter().zip(series).collect()
}

struct Demultiplex<K, T> {
    x: Input<T>,
    key: Input<K>,
    outs: OutputBasket<T>,
    /// Sorted, so a key is found by binary search.
    keys: Vec<K>,
    raise_on_bad_key: bool,
}

impl<K: Value + Ord + Debug, T: Value> Node for Demultiplex<K, T> {
    fn start(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        self.key.make_passive(ctx);
        Ok(())
    }

    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        let Some(key) = self.key.get(ctx) else {
            return Ok(());
        };
        match self.keys.binary_search(key) {
            Ok(i) => {
                let v = self.x.value(ctx)?.clone();
                self.outs.tick(ctx, i, v)?;
            }
            Err(_) if self.raise_on_bad_key => {
                return Err(format!("key {key:?} not in keys").into());
            }
            Err(_) => {}
        }
        Ok(())
    }
}
