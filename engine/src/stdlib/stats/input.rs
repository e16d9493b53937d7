//! What a statistic reads: the numeric input types (cast to `f64`, as csp casts ints) and
//! the optional series (trigger, sampler, reset, weights, `y`) with their types erased, so
//! one node type serves every combination of them.

use crate::ctx::Ctx;
use crate::graph::{NodeBuilder, Ts, Wiring};
use crate::ts::{Input, Value};
use std::rc::Rc;

/// A value type a statistic accepts: floats and integers, read as `f64` (csp casts int
/// series to float).
///
/// ```
/// use tickgraph_engine::stdlib::stats::ToFloat;
/// assert_eq!(3i32.to_f64(), 3.0);
/// assert_eq!(2.5f64.to_f64(), 2.5);
/// ```
pub trait ToFloat: Value + Copy {
    /// The value as an `f64` (`as` conversion: large 64-bit integers round).
    fn to_f64(self) -> f64;
}

macro_rules! to_float {
    ($($t:ty),*) => {$(
        impl ToFloat for $t {
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }
        }
    )*};
}
to_float!(f64, f32, i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

/// A series read only for whether it ticked (trigger, sampler, reset).
pub(crate) trait Ticks {
    fn ticked(&self, ctx: &Ctx) -> bool;
    fn make_passive(&self, ctx: &Ctx);
}

impl<T: Value> Ticks for Input<T> {
    #[inline]
    fn ticked(&self, ctx: &Ctx) -> bool {
        Input::ticked(self, ctx)
    }
    fn make_passive(&self, ctx: &Ctx) {
        Input::make_passive(self, ctx)
    }
}

/// A numeric series read as `f64` (weights, the second series of a bivariate statistic).
pub(crate) trait Floats: Ticks {
    fn value(&self, ctx: &Ctx) -> f64;
}

impl<T: ToFloat> Floats for Input<T> {
    #[inline]
    fn value(&self, ctx: &Ctx) -> f64 {
        self.get(ctx).map_or(f64::NAN, |v| v.to_f64())
    }
}

/// Makes a run's reader of a declared input.
pub(crate) type Reader<D> = Rc<dyn Fn(&mut Wiring<'_>) -> Box<D>>;

/// Declares an input on a node being built and returns its reader maker.
type Declare<D> = Rc<dyn Fn(&mut NodeBuilder, &str) -> Reader<D>>;

/// A series of any type, kept until the node that reads it is declared.
#[derive(Clone)]
pub(crate) struct Signal {
    declare: Declare<dyn Ticks>,
}

impl Signal {
    pub(crate) fn new<T: Value>(ts: Ts<T>) -> Self {
        Signal {
            declare: Rc::new(move |n, name| {
                let id = n.input(name, &ts);
                Rc::new(move |w| Box::new(w.input(id)) as Box<dyn Ticks>)
            }),
        }
    }

    pub(crate) fn declare(&self, n: &mut NodeBuilder, name: &str) -> Reader<dyn Ticks> {
        (self.declare)(n, name)
    }
}

/// A numeric series of any [`ToFloat`] type, kept until its node is declared.
#[derive(Clone)]
pub(crate) struct FloatSignal {
    declare: Declare<dyn Floats>,
}

impl FloatSignal {
    pub(crate) fn new<T: ToFloat>(ts: Ts<T>) -> Self {
        FloatSignal {
            declare: Rc::new(move |n, name| {
                let id = n.input(name, &ts);
                Rc::new(move |w| Box::new(w.input(id)) as Box<dyn Floats>)
            }),
        }
    }

    pub(crate) fn declare(&self, n: &mut NodeBuilder, name: &str) -> Reader<dyn Floats> {
        (self.declare)(n, name)
    }
}
