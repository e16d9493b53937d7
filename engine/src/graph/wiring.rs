//! `Wiring`: what a node factory gets at run start to turn declared ids into live handles.

use super::builder::{AlarmId, BasketId, DictBasketId, InputId, OutputBasketId, OutputId};
use crate::alarm::{Alarm, AlarmSlots, SlotZeroRef};
use crate::runtime::SourceId;
use crate::ts::basket::BasketTicks;
use crate::ts::cell::{AnyCell, downcast};
use crate::ts::{DictBasket, Input, ListBasket, Output, OutputBasket, Value};
use std::any::Any;
use std::rc::Rc;

/// One resolved input of the node being instantiated.
pub(crate) struct WiredInput {
    pub(crate) cell: Rc<dyn AnyCell>,
    /// The input's place among the cell's subscribers.
    pub(crate) sub: u32,
    pub(crate) name: Rc<str>,
}

/// Turns a node's declared ids into the handles it keeps for the run.
///
/// Given to the factory passed to [`super::NodeBuilder::finish`].
pub struct Wiring<'a> {
    pub(crate) decl: u32,
    pub(crate) inputs: &'a [WiredInput],
    pub(crate) outputs: &'a [Rc<dyn AnyCell>],
    pub(crate) baskets: &'a [Rc<BasketTicks>],
    /// Objects shared between a source and the nodes that drive it, by declaration.
    pub(crate) shared: &'a mut [Option<Rc<dyn Any>>],
    /// Source index by declaration (`u32::MAX` for nodes).
    pub(crate) source_ids: &'a [u32],
    /// Set by an alarm's source: its slot 0, which the engine fires itself.
    pub(crate) slot_zero: Option<SlotZeroRef>,
}

impl Wiring<'_> {
    /// The live handle of a declared input.
    pub fn input<T: Value>(&self, id: InputId<T>) -> Input<T> {
        let w = &self.inputs[id.index as usize];
        Input {
            cell: downcast::<T>(&w.cell),
            sub: w.sub,
            name: w.name.clone(),
        }
    }

    /// The live handle of a declared output.
    pub fn output<T: Value>(&self, id: OutputId<T>) -> Output<T> {
        Output {
            cell: downcast::<T>(&self.outputs[id.index as usize]),
        }
    }

    /// The live handle of a declared list basket.
    pub fn list_basket<T: Value>(&self, id: BasketId<T>) -> ListBasket<T> {
        let inputs = (id.first..id.first + id.len)
            .map(|index| {
                self.input(InputId::<T> {
                    index,
                    _type: std::marker::PhantomData,
                })
            })
            .collect();
        let ticks = self
            .baskets
            .get(id.basket as usize)
            .cloned()
            .unwrap_or_default();
        ListBasket { inputs, ticks }
    }

    /// The live handle of a declared dict basket.
    pub fn dict_basket<K, T: Value>(&self, id: &DictBasketId<K, T>) -> DictBasket<K, T> {
        DictBasket {
            keys: id.keys.clone(),
            basket: self.list_basket(id.list),
        }
    }

    /// The live handle of a declared output basket.
    pub fn output_basket<T: Value>(&self, id: OutputBasketId<T>) -> OutputBasket<T> {
        OutputBasket {
            outputs: (id.first..id.first + id.len)
                .map(|index| {
                    self.output(OutputId::<T> {
                        index,
                        _type: std::marker::PhantomData,
                    })
                })
                .collect(),
        }
    }

    /// The live handle of a declared alarm.
    pub fn alarm<T: Value>(&self, id: AlarmId<T>) -> Alarm<T> {
        let slots = self
            .shared_of::<AlarmSlots<T>>(id.source)
            .expect("invariant: alarm sources start before their nodes");
        Alarm {
            input: self.input(InputId::<T> {
                index: id.input,
                _type: std::marker::PhantomData,
            }),
            slots,
            source: SourceId(self.source_ids[id.source as usize]),
        }
    }

    /// The id of the source being instantiated (sources only), for scheduling its events.
    pub fn source_id(&self) -> SourceId {
        SourceId(self.source_ids[self.decl as usize])
    }

    /// The id of another declaration's source (for nodes that drive a source, like feedback).
    pub(crate) fn source_id_of(&self, decl: u32) -> SourceId {
        SourceId(self.source_ids[decl as usize])
    }

    /// Makes `value` available to nodes wired after this source (see `shared_of`).
    pub(crate) fn share(&mut self, value: Rc<dyn Any>) {
        self.shared[self.decl as usize] = Some(value);
    }

    /// What source `decl` shared, if it is a `X`.
    pub(crate) fn shared_of<X: 'static>(&self, decl: u32) -> Option<Rc<X>> {
        self.shared[decl as usize].clone()?.downcast::<X>().ok()
    }
}
