//! Printing and logging ticks as csp does: `"<time> <tag>:<value>"`.

use crate::ctx::Ctx;
use crate::error::NodeError;
use crate::graph::{IntoTs, Ts};
use crate::node::Node;
use crate::ts::{Input, Value};
use std::fmt::{self, Debug, Display};
use std::marker::PhantomData;

/// Prints `"<now> <tag>:<x>"` on every tick of `x`, with `x` formatted by `Display`
/// (csp's `print`). [`print_debug`] formats with `Debug`, for types without `Display`.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// print("x", const_(&g, 1.5)); // 1970-01-01 00:00:00 x:1.5
/// g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// ```
pub fn print<T: Value + Display>(tag: &str, x: impl IntoTs<Item = T>) {
    add_writer::<T, ShowDisplay, Stdout>(tag, x.into_ts(), Stdout);
}

/// [`print()`] with `x` formatted by `Debug` (`{:?}`): for records and collections.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// print_debug("v", const_(&g, vec![1, 2])); // 1970-01-01 00:00:00 v:[1, 2]
/// g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// ```
pub fn print_debug<T: Value + Debug>(tag: &str, x: impl IntoTs<Item = T>) {
    add_writer::<T, ShowDebug, Stdout>(tag, x.into_ts(), Stdout);
}

/// Logs `"<now> <tag>:<x>"` at `level` through the [`log`](https://docs.rs/log) facade on
/// every tick of `x`, with `x` formatted by `Display` (csp's `csp.log`). The record's target
/// is `tickgraph`; whichever logger the program installed (env_logger, ...) writes it.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// log(log::Level::Info, "x", const_(&g, 1));
/// g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// ```
pub fn log<T: Value + Display>(level: log::Level, tag: &str, x: impl IntoTs<Item = T>) {
    add_writer::<T, ShowDisplay, Logger>(tag, x.into_ts(), Logger(level));
}

/// [`log()`] with `x` formatted by `Debug`.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// log_debug(log::Level::Warn, "v", const_(&g, (1, "a")));
/// g.run(RunConfig::historical_for(Time::EPOCH, secs(1))).unwrap();
/// ```
pub fn log_debug<T: Value + Debug>(level: log::Level, tag: &str, x: impl IntoTs<Item = T>) {
    add_writer::<T, ShowDebug, Logger>(tag, x.into_ts(), Logger(level));
}

/// How a value is formatted: by `Display` or by `Debug`.
trait Show<T> {
    fn show(value: &T, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

struct ShowDisplay;
impl<T: Display> Show<T> for ShowDisplay {
    fn show(value: &T, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Display::fmt(value, f)
    }
}

struct ShowDebug;
impl<T: Debug> Show<T> for ShowDebug {
    fn show(value: &T, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Debug::fmt(value, f)
    }
}

/// Where the line goes.
trait Sink: Clone + 'static {
    /// The node's name.
    const NAME: &'static str;
    fn write(&self, line: fmt::Arguments<'_>);
}

#[derive(Clone)]
struct Stdout;
impl Sink for Stdout {
    const NAME: &'static str = "print";
    fn write(&self, line: fmt::Arguments<'_>) {
        println!("{line}");
    }
}

#[derive(Clone)]
struct Logger(log::Level);
impl Sink for Logger {
    const NAME: &'static str = "log";
    fn write(&self, line: fmt::Arguments<'_>) {
        log::log!(target: "tickgraph", self.0, "{line}");
    }
}

/// Formats one value with `S` without building a `String` first.
struct Shown<'a, T, S>(&'a T, PhantomData<S>);
impl<T, S: Show<T>> Display for Shown<'_, T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        S::show(self.0, f)
    }
}

fn add_writer<T: Value, S: Show<T> + 'static, W: Sink>(tag: &str, x: Ts<T>, sink: W) {
    let name = W::NAME;
    let mut n = x.graph().add_node(name);
    let xi = n.input("x", &x);
    let tag = tag.to_string();
    n.finish(move |w| {
        Ok(Box::new(Writer::<T, S, W> {
            tag: tag.clone(),
            x: w.input(xi),
            sink: sink.clone(),
            _show: PhantomData,
        }))
    });
}

struct Writer<T, S, W> {
    tag: String,
    x: Input<T>,
    sink: W,
    _show: PhantomData<S>,
}

impl<T: Value, S: Show<T> + 'static, W: Sink> Node for Writer<T, S, W> {
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        let value = Shown::<T, S>(self.x.value(ctx)?, PhantomData);
        self.sink
            .write(format_args!("{} {}:{}", ctx.now(), self.tag, value));
        Ok(())
    }
}
