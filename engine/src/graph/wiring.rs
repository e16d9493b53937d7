//! `Wiring`: what a node factory gets at run start to turn declared ids into live handles.

use super::builder::{AlarmId, BasketId, DictBasketId, InputId, OutputBasketId, OutputId, Owner};
use crate::alarm::{Alarm, AlarmSlots, SlotZeroRef};
use crate::ctx::{RunId, SourceId};
use crate::error::Error;
use crate::node::PushPortInfo;
use crate::ts::basket::BasketTicks;
use crate::ts::cell::{AnyCell, TsCell, downcast};
use crate::ts::{DictBasket, Input, ListBasket, Output, OutputBasket, Value};
use std::any::Any;
use std::marker::PhantomData;
use std::rc::Rc;

/// One resolved input of the node being instantiated.
pub(crate) struct WiredInput {
    pub(crate) cell: Rc<dyn AnyCell>,
    /// The input's place among the cell's subscribers (which also hold its name).
    pub(crate) sub: u32,
}

/// Turns a node's declared ids into the handles it keeps for the run.
///
/// Given to the factory passed to [`super::NodeBuilder::finish`]. Each handle works in this
/// run only. An id declared by another node, or a second `output` for one output id (a
/// cell has one writer), fails the run before it starts with [`Error::Wiring`].
pub struct Wiring<'a> {
    /// The declaration being instantiated.
    pub(crate) owner: Owner,
    pub(crate) run: RunId,
    pub(crate) inputs: &'a [WiredInput],
    pub(crate) outputs: &'a [Rc<dyn AnyCell>],
    /// Which of `outputs` already has its writer.
    pub(crate) minted: Vec<bool>,
    pub(crate) baskets: &'a [Rc<BasketTicks>],
    /// Objects shared between a source and the nodes that drive it, by declaration.
    pub(crate) shared: &'a mut [Option<Rc<dyn Any>>],
    /// Source index by declaration (`u32::MAX` for nodes).
    pub(crate) source_ids: &'a [u32],
    /// Set by an alarm's source: its slot 0, which the engine fires itself.
    pub(crate) slot_zero: Option<SlotZeroRef>,
    /// Set by a push source: its engine side, which a realtime run feeds.
    pub(crate) push_port: Option<PushPortInfo>,
    /// The first misuse, reported when the factory returns.
    pub(crate) error: Option<Error>,
}

impl Wiring<'_> {
    /// Records a misuse (the first one wins).
    fn refuse(&mut self, message: String) {
        self.error.get_or_insert(Error::Wiring { message });
    }

    /// Whether an id of `owner` is this declaration's; records the misuse if not.
    fn own(&mut self, owner: Owner, what: &str) -> bool {
        if owner == self.owner {
            return true;
        }
        self.refuse(format!(
            "{what} declared by another node was passed to this node's wiring"
        ));
        false
    }

    /// The live handle of a declared input.
    pub fn input<T: Value>(&mut self, id: InputId<T>) -> Input<T> {
        let run = self.run;
        let wired = self.inputs.get(id.index as usize);
        match wired {
            Some(w) if self.own(id.owner, "an input id") => Input {
                cell: downcast::<T>(&w.cell),
                sub: w.sub,
                run,
            },
            // Refused (recorded above): a detached input, never run.
            _ => Input {
                cell: Rc::new(TsCell::new()),
                sub: 0,
                run,
            },
        }
    }

    /// The live handle of a declared output: its only writer.
    pub fn output<T: Value>(&mut self, id: OutputId<T>) -> Output<T> {
        let i = id.index as usize;
        let run = self.run;
        if self.own(id.owner, "an output id") && i < self.outputs.len() {
            if !std::mem::replace(&mut self.minted[i], true) {
                return Output {
                    cell: downcast::<T>(&self.outputs[i]),
                    run,
                };
            }
            self.refuse(format!(
                "output {i} was asked for twice: a series has one writer"
            ));
        }
        // Refused (recorded above): a detached output, never run.
        Output {
            cell: Rc::new(TsCell::new()),
            run,
        }
    }

    /// The live handle of a declared list basket.
    pub fn list_basket<T: Value>(&mut self, id: BasketId<T>) -> ListBasket<T> {
        let inputs = (id.first..id.first + id.len)
            .map(|index| {
                self.input(InputId::<T> {
                    owner: id.owner,
                    index,
                    _type: PhantomData,
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
    pub fn dict_basket<K, T: Value>(&mut self, id: &DictBasketId<K, T>) -> DictBasket<K, T> {
        DictBasket {
            keys: id.keys.clone(),
            basket: self.list_basket(id.list),
        }
    }

    /// The live handle of a declared output basket.
    pub fn output_basket<T: Value>(&mut self, id: OutputBasketId<T>) -> OutputBasket<T> {
        OutputBasket {
            outputs: (id.first..id.first + id.len)
                .map(|index| {
                    self.output(OutputId::<T> {
                        owner: id.owner,
                        index,
                        _type: PhantomData,
                    })
                })
                .collect(),
        }
    }

    /// The live handle of a declared alarm.
    pub fn alarm<T: Value>(&mut self, id: AlarmId<T>) -> Alarm<T> {
        let input = self.input(InputId::<T> {
            owner: id.owner,
            index: id.input,
            _type: PhantomData,
        });
        let slots = match self.shared_of::<AlarmSlots<T>>(id.source) {
            Some(slots) => slots,
            None => {
                self.refuse("an alarm id of another graph was passed to this wiring".into());
                Rc::new(AlarmSlots::new(Rc::new(TsCell::new())))
            }
        };
        Alarm {
            input,
            slots,
            source: self.source_id_of(id.source),
        }
    }

    /// The id of the source being instantiated (sources only), for scheduling its events.
    pub fn source_id(&self) -> SourceId {
        self.source_id_of(self.owner.decl)
    }

    /// The id of another declaration's source (for nodes that drive a source, like feedback).
    pub(crate) fn source_id_of(&self, decl: u32) -> SourceId {
        SourceId {
            index: self
                .source_ids
                .get(decl as usize)
                .copied()
                .unwrap_or(u32::MAX),
            run: self.run,
        }
    }

    /// Makes `value` available to nodes wired after this source (see `shared_of`).
    pub(crate) fn share(&mut self, value: Rc<dyn Any>) {
        self.shared[self.owner.decl as usize] = Some(value);
    }

    /// What source `decl` shared, if it is a `X`.
    pub(crate) fn shared_of<X: 'static>(&self, decl: u32) -> Option<Rc<X>> {
        self.shared
            .get(decl as usize)?
            .clone()?
            .downcast::<X>()
            .ok()
    }
}
