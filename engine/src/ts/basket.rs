//! Baskets: several time series passed to a node as one argument (csp's list and dict
//! baskets), and output baskets.

use super::history::BufferPolicy;
use super::input::Input;
use super::output::Output;
use crate::ctx::Ctx;
use crate::error::Result;
use std::cell::{Cell, UnsafeCell};
use std::rc::Rc;

/// The elements of one basket input that delivered a tick in the current cycle, in tick order.
///
/// Written while producers tick (a write, with `&mut Ctx`), read by the consuming node
/// through a `&Ctx` borrow; never both at once (see the soundness note in `ts::cell`).
#[derive(Debug, Default)]
pub(crate) struct BasketTicks {
    cycle: Cell<u64>,
    order: UnsafeCell<Vec<u32>>,
}

impl BasketTicks {
    pub(crate) fn with_capacity(n: usize) -> Self {
        BasketTicks {
            cycle: Cell::new(0),
            order: UnsafeCell::new(Vec::with_capacity(n)),
        }
    }

    #[inline]
    pub(crate) fn record(&self, cycle: u64, slot: u32) {
        // SAFETY: called from a cell's write, which holds `&mut Ctx`; readers hold a `&Ctx`
        // borrow, so none is alive.
        let order = unsafe { &mut *self.order.get() };
        if self.cycle.get() != cycle {
            self.cycle.set(cycle);
            order.clear();
        }
        order.push(slot);
    }

    /// The elements that ticked in `cycle`; callers hold the `&Ctx` of that cycle.
    #[inline]
    pub(crate) fn ticked(&self, cycle: u64) -> &[u32] {
        if self.cycle.get() == cycle {
            // SAFETY: as in `record`: no write while the caller's `&Ctx` borrow lives.
            unsafe { &*self.order.get() }
        } else {
            &[]
        }
    }
}

/// A list basket input: `n` time series of one type, indexed `0..n`.
///
/// `ticked_*` iterate the elements that ticked this cycle **in tick order** (csp's rule);
/// `valid_*` iterate the elements that ever ticked **in index order**.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// struct Peek { b: ListBasket<i32>, out: Output<String> }
/// impl Node for Peek {
///     fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
///         let b = &self.b;
///         let line = format!(
///             "ticked {:?} {:?} {:?} valid {:?} {:?} {:?}",
///             b.ticked_indices(ctx).collect::<Vec<_>>(),
///             b.ticked_values(ctx).collect::<Vec<_>>(),
///             b.ticked_items(ctx).collect::<Vec<_>>(),
///             b.valid_indices().collect::<Vec<_>>(),
///             b.valid_values(ctx).collect::<Vec<_>>(),
///             b.valid_items(ctx).collect::<Vec<_>>(),
///         );
///         self.out.tick(ctx, line)
///     }
/// }
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let xs = [curve(&g, vec![(st, 1)]), curve(&g, vec![(st + secs(1), 2)]), null_ts(&g)];
/// let mut n = g.add_node("peek");
/// let b = n.list_basket("b", &xs);
/// let out = n.output::<String>();
/// g.output("peek", n.ts(out));
/// n.finish(move |w| Ok(Box::new(Peek { b: w.list_basket(b), out: w.output(out) })));
/// let r = g.run(RunConfig::historical_for(st, secs(1))).unwrap();
/// assert_eq!(r.values::<String>("peek").unwrap()[1],
///     "ticked [1] [2] [(1, 2)] valid [0, 1] [1, 2] [(0, 1), (1, 2)]");
/// ```
pub struct ListBasket<T> {
    pub(crate) inputs: Vec<Input<T>>,
    pub(crate) ticks: Rc<BasketTicks>,
}

impl<T: Clone + 'static> ListBasket<T> {
    /// The number of elements.
    pub fn len(&self) -> usize {
        self.inputs.len()
    }

    /// Whether the basket has no elements.
    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty()
    }

    /// Element `i`, as an input handle.
    pub fn get(&self, i: usize) -> Option<&Input<T>> {
        self.inputs.get(i)
    }

    /// All elements, in index order.
    pub fn inputs(&self) -> &[Input<T>] {
        &self.inputs
    }

    /// Whether any active element ticked this cycle.
    #[inline]
    pub fn ticked(&self, ctx: &Ctx) -> bool {
        !self.ticks.ticked(ctx.cycle).is_empty()
    }

    /// Whether every element has ticked at least once.
    pub fn valid(&self) -> bool {
        self.inputs.iter().all(Input::valid)
    }

    /// Indices of the elements that ticked this cycle, in tick order.
    #[inline]
    pub fn ticked_indices<'a>(&'a self, ctx: &'a Ctx) -> impl Iterator<Item = usize> + 'a {
        self.ticks.ticked(ctx.cycle).iter().map(|&i| i as usize)
    }

    /// Values of the elements that ticked this cycle, in tick order.
    pub fn ticked_values<'a>(&'a self, ctx: &'a Ctx) -> impl Iterator<Item = &'a T> + 'a {
        self.ticked_items(ctx).map(|(_, v)| v)
    }

    /// `(index, value)` of the elements that ticked this cycle, in tick order.
    pub fn ticked_items<'a>(&'a self, ctx: &'a Ctx) -> impl Iterator<Item = (usize, &'a T)> + 'a {
        self.ticks
            .ticked(ctx.cycle)
            .iter()
            .filter_map(move |&i| self.inputs[i as usize].get(ctx).map(|v| (i as usize, v)))
    }

    /// Indices of the elements that ever ticked, in index order.
    pub fn valid_indices(&self) -> impl Iterator<Item = usize> + '_ {
        self.inputs
            .iter()
            .enumerate()
            .filter(|(_, x)| x.valid())
            .map(|(i, _)| i)
    }

    /// Values of the elements that ever ticked, in index order.
    pub fn valid_values<'a>(&'a self, ctx: &'a Ctx) -> impl Iterator<Item = &'a T> + 'a {
        self.inputs.iter().filter_map(move |x| x.get(ctx))
    }

    /// `(index, value)` of the elements that ever ticked, in index order.
    pub fn valid_items<'a>(&'a self, ctx: &'a Ctx) -> impl Iterator<Item = (usize, &'a T)> + 'a {
        self.inputs
            .iter()
            .enumerate()
            .filter_map(move |(i, x)| x.get(ctx).map(|v| (i, v)))
    }

    /// Makes every element passive (no element triggers the node, none is recorded as ticked).
    pub fn make_passive(&self, ctx: &Ctx) {
        self.inputs.iter().for_each(|x| x.make_passive(ctx));
    }

    /// Makes every element active.
    pub fn make_active(&self, ctx: &Ctx) {
        self.inputs.iter().for_each(|x| x.make_active(ctx));
    }

    /// Sets a buffering policy on every element.
    pub fn set_buffering_policy(&self, ctx: &mut Ctx, policy: BufferPolicy) {
        for x in &self.inputs {
            x.set_buffering_policy(ctx, policy);
        }
    }
}

impl<T> std::ops::Index<usize> for ListBasket<T> {
    type Output = Input<T>;
    fn index(&self, i: usize) -> &Input<T> {
        &self.inputs[i]
    }
}

/// A dict basket input: time series keyed by `K`, in the order of the keys given at graph time.
///
/// `ticked_*` iterate in tick order, `valid_*` in key order.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// struct Peek { b: DictBasket<&'static str, i32>, out: Output<String> }
/// impl Node for Peek {
///     fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
///         let b = &self.b;
///         let line = format!(
///             "{} ticked {:?} {:?} {:?} valid {:?} {:?} {:?}",
///             b.len(),
///             b.ticked_keys(ctx).collect::<Vec<_>>(),
///             b.ticked_values(ctx).collect::<Vec<_>>(),
///             b.ticked_items(ctx).collect::<Vec<_>>(),
///             b.valid_keys().collect::<Vec<_>>(),
///             b.valid_values(ctx).collect::<Vec<_>>(),
///             b.valid_items(ctx).collect::<Vec<_>>(),
///         );
///         self.out.tick(ctx, line)
///     }
/// }
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let xs = [
///     ("a", curve(&g, vec![(st, 1)])),
///     ("b", curve(&g, vec![(st + secs(1), 2)])),
///     ("c", null_ts(&g)),
/// ];
/// let mut n = g.add_node("peek");
/// let b = n.dict_basket("b", xs);
/// let out = n.output::<String>();
/// g.output("peek", n.ts(out));
/// n.finish(move |w| Ok(Box::new(Peek { b: w.dict_basket(&b), out: w.output(out) })));
/// let r = g.run(RunConfig::historical_for(st, secs(1))).unwrap();
/// assert_eq!(r.values::<String>("peek").unwrap()[1],
///     r#"3 ticked ["b"] [2] [("b", 2)] valid ["a", "b"] [1, 2] [("a", 1), ("b", 2)]"#);
/// ```
pub struct DictBasket<K, T> {
    pub(crate) keys: Rc<[K]>,
    pub(crate) basket: ListBasket<T>,
}

impl<K: PartialEq, T: Clone + 'static> DictBasket<K, T> {
    /// The keys, in basket order.
    pub fn keys(&self) -> &[K] {
        &self.keys
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the basket has no elements.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The element for `key`.
    pub fn get(&self, key: &K) -> Option<&Input<T>> {
        self.keys
            .iter()
            .position(|k| k == key)
            .map(|i| &self.basket.inputs[i])
    }

    /// The elements as a list basket (position `i` is `keys()[i]`).
    pub fn as_list(&self) -> &ListBasket<T> {
        &self.basket
    }

    /// Whether any active element ticked this cycle.
    pub fn ticked(&self, ctx: &Ctx) -> bool {
        self.basket.ticked(ctx)
    }

    /// Whether every element has ticked at least once.
    pub fn valid(&self) -> bool {
        self.basket.valid()
    }

    /// Keys of the elements that ticked this cycle, in tick order.
    pub fn ticked_keys<'a>(&'a self, ctx: &'a Ctx) -> impl Iterator<Item = &'a K> + 'a {
        self.basket.ticked_indices(ctx).map(|i| &self.keys[i])
    }

    /// `(key, value)` of the elements that ticked this cycle, in tick order.
    pub fn ticked_items<'a>(&'a self, ctx: &'a Ctx) -> impl Iterator<Item = (&'a K, &'a T)> + 'a {
        self.basket
            .ticked_items(ctx)
            .map(|(i, v)| (&self.keys[i], v))
    }

    /// Values of the elements that ticked this cycle, in tick order.
    pub fn ticked_values<'a>(&'a self, ctx: &'a Ctx) -> impl Iterator<Item = &'a T> + 'a {
        self.basket.ticked_values(ctx)
    }

    /// Keys of the elements that ever ticked, in key order.
    pub fn valid_keys(&self) -> impl Iterator<Item = &K> + '_ {
        self.basket.valid_indices().map(|i| &self.keys[i])
    }

    /// Values of the elements that ever ticked, in key order.
    pub fn valid_values<'a>(&'a self, ctx: &'a Ctx) -> impl Iterator<Item = &'a T> + 'a {
        self.basket.valid_values(ctx)
    }

    /// `(key, value)` of the elements that ever ticked, in key order.
    pub fn valid_items<'a>(&'a self, ctx: &'a Ctx) -> impl Iterator<Item = (&'a K, &'a T)> + 'a {
        self.basket
            .valid_items(ctx)
            .map(|(i, v)| (&self.keys[i], v))
    }

    /// Makes every element passive.
    pub fn make_passive(&self, ctx: &Ctx) {
        self.basket.make_passive(ctx);
    }

    /// Makes every element active.
    pub fn make_active(&self, ctx: &Ctx) {
        self.basket.make_active(ctx);
    }

    /// Sets a buffering policy on every element.
    pub fn set_buffering_policy(&self, ctx: &mut Ctx, policy: BufferPolicy) {
        self.basket.set_buffering_policy(ctx, policy);
    }
}

/// An output basket: `n` outputs of one type, indexed `0..n` (keys map to indices for
/// dict-shaped output baskets).
pub struct OutputBasket<T> {
    pub(crate) outputs: Vec<Output<T>>,
}

impl<T: Clone + 'static> OutputBasket<T> {
    /// The number of outputs.
    pub fn len(&self) -> usize {
        self.outputs.len()
    }

    /// Whether the basket has no outputs.
    pub fn is_empty(&self) -> bool {
        self.outputs.is_empty()
    }

    /// Emits `value` on output `i` (an out-of-range index is an error, as is emitting twice).
    pub fn tick(&self, ctx: &mut Ctx, i: usize, value: T) -> Result<(), crate::error::NodeError> {
        match self.outputs.get(i) {
            Some(o) => o.tick(ctx, value),
            None => Err(Box::new(crate::error::Error::InvalidArgument {
                node: "output basket".into(),
                message: format!(
                    "index {i} out of range for a basket of {}",
                    self.outputs.len()
                ),
            })),
        }
    }

    /// Output `i`.
    pub fn output(&self, i: usize) -> Option<&Output<T>> {
        self.outputs.get(i)
    }
}
