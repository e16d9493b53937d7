//! The two node shapes every math op is made of: a binary node over two series, and a
//! unary node over one (also used for a binary op with a scalar operand).
//!
//! Both are generic over the op, a closure, so each op is its own monomorphised node whose
//! body is one read per input, the op inlined, and one tick: no allocation, no dynamic
//! call besides the engine's call of the node.

use super::number::MathError;
use crate::ctx::Ctx;
use crate::error::NodeError;
use crate::graph::{IntoTs, Ts};
use crate::node::Node;
use crate::ts::{Input, Output, Value};

/// The second operand of a binary math op: a series (`Ts<T>`, `&Ts<T>`, a pipe) or a
/// scalar of the element type, lifted as csp lifts it to `csp.const` (see
/// [`Operand::into_operand`]).
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// let x = curve(&g, vec![(Time::EPOCH, 1.0), (Time::EPOCH + secs(1), 2.0)]);
/// g.output("a", x.max(1.5)); // a scalar operand
/// g.output("b", x.max(&x)); // a series operand
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// assert_eq!(r.values::<f64>("a").unwrap(), vec![1.5, 2.0]);
/// assert_eq!(r.values::<f64>("b").unwrap(), vec![1.0, 2.0]);
/// ```
pub trait Operand<T> {
    /// The operand as a series or a scalar.
    ///
    /// A scalar is not made a `const` series: `f(x, c)` is then a node over `x` alone that
    /// holds `c`, one node and one input fewer, with the same output (a `const` is valid
    /// from the run's start, so the binary node would emit on every tick of `x`).
    fn into_operand(self) -> OperandKind<T>;
}

/// What an [`Operand`] is.
#[derive(Debug, Clone)]
pub enum OperandKind<T> {
    /// A time series.
    Series(Ts<T>),
    /// A constant.
    Scalar(T),
}

impl<I: IntoTs> Operand<I::Item> for I {
    #[inline]
    fn into_operand(self) -> OperandKind<I::Item> {
        OperandKind::Series(self.into_ts())
    }
}

macro_rules! scalar_operand {
    ($($t:ty),*) => {$(
        impl Operand<$t> for $t {
            #[inline]
            fn into_operand(self) -> OperandKind<$t> {
                OperandKind::Scalar(self)
            }
        }
    )*};
}
scalar_operand!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64, bool
);

/// `f(x, y)` as a node: `x op y` for a series `y`, or `x op c` for a scalar.
#[inline]
pub(crate) fn binary<A, O, F>(name: &str, x: Ts<A>, y: OperandKind<A>, f: F) -> Ts<O>
where
    A: Value + Copy,
    O: Value,
    F: Fn(A, A) -> Result<O, MathError> + Clone + 'static,
{
    match y {
        OperandKind::Series(y) => binary_series(name, x, y, f),
        OperandKind::Scalar(c) => unary(name, x, move |a| f(a, c)),
    }
}

/// `f(c, y)` for a scalar `c` on the left (`2.0 - x`).
#[inline]
pub(crate) fn binary_left<A, O, F>(name: &str, c: A, y: Ts<A>, f: F) -> Ts<O>
where
    A: Value + Copy,
    O: Value,
    F: Fn(A, A) -> Result<O, MathError> + Clone + 'static,
{
    unary(name, y, move |b| f(c, b))
}

/// A node over two series that runs when either ticks and emits `f(x, y)` once both are
/// valid (csp's `if csp.valid(x, y)`).
pub(crate) fn binary_series<A, B, O, F>(name: &str, x: Ts<A>, y: Ts<B>, f: F) -> Ts<O>
where
    A: Value + Copy,
    B: Value + Copy,
    O: Value,
    F: Fn(A, B) -> Result<O, MathError> + Clone + 'static,
{
    let mut n = x.graph().add_node(name);
    let (xi, yi) = (n.input("x", &x), n.input("y", &y));
    let out = n.output::<O>();
    let ts = n.ts(out);
    n.finish(move |w| {
        Ok(Box::new(Binary {
            x: w.input(xi),
            y: w.input(yi),
            out: w.output(out),
            f: f.clone(),
        }))
    });
    ts
}

struct Binary<A, B, O, F> {
    x: Input<A>,
    y: Input<B>,
    out: Output<O>,
    f: F,
}

impl<A, B, O, F> Node for Binary<A, B, O, F>
where
    A: Value + Copy,
    B: Value + Copy,
    O: Value,
    F: Fn(A, B) -> Result<O, MathError> + Clone + 'static,
{
    #[inline]
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        // The node runs only when an input ticked, so "both valid" is the whole test.
        if let (Some(&a), Some(&b)) = (self.x.get(ctx), self.y.get(ctx)) {
            let v = (self.f)(a, b).map_err(boxed)?;
            self.out.tick(ctx, v)?;
        }
        Ok(())
    }
}

/// A node over one series that emits `f(x)` on each tick of `x`.
pub(crate) fn unary<A, O, F>(name: &str, x: Ts<A>, f: F) -> Ts<O>
where
    A: Value + Copy,
    O: Value,
    F: Fn(A) -> Result<O, MathError> + Clone + 'static,
{
    let mut n = x.graph().add_node(name);
    let xi = n.input("x", &x);
    let out = n.output::<O>();
    let ts = n.ts(out);
    n.finish(move |w| {
        Ok(Box::new(Unary {
            x: w.input(xi),
            out: w.output(out),
            f: f.clone(),
        }))
    });
    ts
}

struct Unary<A, O, F> {
    x: Input<A>,
    out: Output<O>,
    f: F,
}

impl<A, O, F> Node for Unary<A, O, F>
where
    A: Value + Copy,
    O: Value,
    F: Fn(A) -> Result<O, MathError> + Clone + 'static,
{
    #[inline]
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if let Some(&a) = self.x.get(ctx) {
            let v = (self.f)(a).map_err(boxed)?;
            self.out.tick(ctx, v)?;
        }
        Ok(())
    }
}

/// Boxes an op's error (out of line: the error path is cold).
#[cold]
#[inline(never)]
fn boxed(e: MathError) -> NodeError {
    Box::new(e)
}
