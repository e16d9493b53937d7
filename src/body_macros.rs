//! The macros of a `#[node]` body, documented here. `#[node]` rewrites them before they
//! expand, so these definitions only ever expand outside a node body, where they are a
//! compile error saying so. See the crate documentation, "Writing nodes with `#[node]`".

/// `alarms! { let a: Alarm<T>; ... }`: declares the node's alarms, inputs the node schedules itself (csp's `with csp.alarms()`). First block of the body.
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
///
/// ```
/// use tickgraph::prelude::*;
/// /// Ticks `x` again one second after each tick.
/// #[node]
/// fn echo(x: Ts<i64>) -> Ts<i64> {
///     alarms! { let later: Alarm<i64>; }
///     start! { schedule_alarm!(later, secs(10), -1); }
///     if ticked!(x) {
///         schedule_alarm!(later, secs(1), x);
///     }
///     if ticked!(later) {
///         return later.clone();
///     }
/// }
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let e = echo(curve(&g, vec![(st, 7)]));
/// g.output("e", &e);
/// let r = g.run(RunConfig::historical_for(st, secs(20))).unwrap();
/// assert_eq!(r.series::<i64>("e").unwrap(), &[(st + secs(1), 7), (st + secs(10), -1)]);
/// ```
#[macro_export]
macro_rules! alarms {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`alarms!` is only valid inside a `#[node]` function")
    };
}

/// `state! { let mut n = 0; ... }`: the node's state, plain variables that persist between invocations (csp's `with csp.state()`). Initialised when a run builds the node; types are inferred.
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
///
/// ```
/// use tickgraph::prelude::*;
/// #[node]
/// fn running_max(x: Ts<i64>) -> Ts<i64> {
///     state! { let mut best = i64::MIN; }
///     if ticked!(x) && x > best {
///         best = x;
///         return best;
///     }
/// }
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let m = running_max(curve(&g, vec![(st, 3), (st + secs(1), 1), (st + secs(2), 5)]));
/// g.output("m", &m);
/// let r = g.run(RunConfig::historical_for(st, secs(5))).unwrap();
/// assert_eq!(r.values::<i64>("m").unwrap(), vec![3, 5]);
/// ```
#[macro_export]
macro_rules! state {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`state!` is only valid inside a `#[node]` function")
    };
}

/// `start! { ... }`: runs once at engine start, before any input ticks (csp's `with csp.start()`); may schedule alarms and make inputs passive.
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
///
/// ```
/// use tickgraph::prelude::*;
/// /// Ticks `x` again one second after each tick.
/// #[node]
/// fn echo(x: Ts<i64>) -> Ts<i64> {
///     alarms! { let later: Alarm<i64>; }
///     start! { schedule_alarm!(later, secs(10), -1); }
///     if ticked!(x) {
///         schedule_alarm!(later, secs(1), x);
///     }
///     if ticked!(later) {
///         return later.clone();
///     }
/// }
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let e = echo(curve(&g, vec![(st, 7)]));
/// g.output("e", &e);
/// let r = g.run(RunConfig::historical_for(st, secs(20))).unwrap();
/// assert_eq!(r.series::<i64>("e").unwrap(), &[(st + secs(1), 7), (st + secs(10), -1)]);
/// ```
#[macro_export]
macro_rules! start {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`start!` is only valid inside a `#[node]` function")
    };
}

/// `stop! { ... }`: runs once when the engine stops, also after an error (csp's `with csp.stop()`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
#[macro_export]
macro_rules! stop {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`stop!` is only valid inside a `#[node]` function")
    };
}

/// `ticked!(a, b, ...)`: true if any of the inputs (or alarms, or baskets) ticked in this cycle (csp's `csp.ticked`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
///
/// ```
/// use tickgraph::prelude::*;
/// #[node]
/// fn running_max(x: Ts<i64>) -> Ts<i64> {
///     state! { let mut best = i64::MIN; }
///     if ticked!(x) && x > best {
///         best = x;
///         return best;
///     }
/// }
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let m = running_max(curve(&g, vec![(st, 3), (st + secs(1), 1), (st + secs(2), 5)]));
/// g.output("m", &m);
/// let r = g.run(RunConfig::historical_for(st, secs(5))).unwrap();
/// assert_eq!(r.values::<i64>("m").unwrap(), vec![3, 5]);
/// ```
#[macro_export]
macro_rules! ticked {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`ticked!` is only valid inside a `#[node]` function")
    };
}

/// `valid!(a, b, ...)`: true if all of the inputs have ticked at least once (csp's `csp.valid`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
///
/// ```
/// use tickgraph::prelude::*;
/// #[node]
/// fn spread(bid: Ts<f64>, ask: Ts<f64>) -> Ts<f64> {
///     if valid!(bid, ask) {
///         return ask - bid;
///     }
/// }
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let s = spread(curve(&g, vec![(st, 99.0)]), curve(&g, vec![(st + secs(1), 101.0)]));
/// g.output("s", &s);
/// let r = g.run(RunConfig::historical_for(st, secs(5))).unwrap();
/// assert_eq!(r.series::<f64>("s").unwrap(), &[(st + secs(1), 2.0)]);
/// ```
#[macro_export]
macro_rules! valid {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`valid!` is only valid inside a `#[node]` function")
    };
}

/// `now!()`: the engine time of this cycle, a [`Time`](crate::prelude::Time) (csp's `csp.now()`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
///
/// ```
/// use tickgraph::prelude::*;
/// #[node]
/// fn stamp(x: Ts<i64>) -> Ts<(Time, i64)> {
///     if ticked!(x) {
///         return (now!(), x);
///     }
/// }
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let s = stamp(curve(&g, vec![(st + secs(2), 1)]));
/// g.output("s", &s);
/// let r = g.run(RunConfig::historical_for(st, secs(5))).unwrap();
/// assert_eq!(r.values::<(Time, i64)>("s").unwrap(), vec![(st + secs(2), 1)]);
/// ```
#[macro_export]
macro_rules! now {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`now!` is only valid inside a `#[node]` function")
    };
}

/// `engine_start_time!()`: the run's start time (csp's `csp.engine_start_time()`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
#[macro_export]
macro_rules! engine_start_time {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`engine_start_time!` is only valid inside a `#[node]` function")
    };
}

/// `in_realtime!()`: whether the engine is in the realtime phase of a realtime run (csp's
/// `csp.in_realtime()`); `false` in historical runs and while a realtime run simulates the
/// past part of its range. See [`Ctx::in_realtime`](crate::runtime::Ctx::in_realtime).
///
/// Only valid in the body of a [`#[node]`](crate::prelude::node) function; the
/// [crate docs](crate#writing-nodes-with-node) have the whole syntax.
///
/// ```
/// use tickgraph::prelude::*;
///
/// #[node]
/// fn live(x: Ts<i64>) -> Ts<bool> {
///     if ticked!(x) {
///         return in_realtime!();
///     }
/// }
///
/// let g = Graph::new();
/// g.output("live", &live(&const_(&g, 1i64)));
/// let r = g.run(RunConfig::historical(Time::EPOCH, Time::EPOCH)).unwrap();
/// assert_eq!(r.values::<bool>("live").unwrap(), vec![false]);
/// ```
#[macro_export]
macro_rules! in_realtime {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`in_realtime!` is only valid inside a `#[node]` function")
    };
}

/// `engine_end_time!()`: the run's end time (csp's `csp.engine_end_time()`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
#[macro_export]
macro_rules! engine_end_time {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`engine_end_time!` is only valid inside a `#[node]` function")
    };
}

/// `stop_engine!()`: stops the engine after this cycle (csp's `csp.stop_engine()`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
#[macro_export]
macro_rules! stop_engine {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`stop_engine!` is only valid inside a `#[node]` function")
    };
}

/// `ctx!()`: the engine context [`Ctx`](crate::prelude::Ctx), for the API of hand-written nodes.
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
#[macro_export]
macro_rules! ctx {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`ctx!` is only valid inside a `#[node]` function")
    };
}

/// `handle!(x)`: the [`Input`](crate::prelude::Input) of `x` itself rather than its value.
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
#[macro_export]
macro_rules! handle {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`handle!` is only valid inside a `#[node]` function")
    };
}

/// `num_ticks!(x)`: how many times `x` has ticked (csp's `csp.num_ticks`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
#[macro_export]
macro_rules! num_ticks {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`num_ticks!` is only valid inside a `#[node]` function")
    };
}

/// `make_passive!(x)`: `x` still updates but no longer triggers the node (csp's `csp.make_passive`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
#[macro_export]
macro_rules! make_passive {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`make_passive!` is only valid inside a `#[node]` function")
    };
}

/// `make_active!(x)`: undoes [`make_passive!`](crate::make_passive) (csp's `csp.make_active`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
#[macro_export]
macro_rules! make_active {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`make_active!` is only valid inside a `#[node]` function")
    };
}

/// `set_buffering_policy!(x, policy)`: keeps history of `x` for `value_at!` and friends (csp's `csp.set_buffering_policy`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
///
/// ```
/// use tickgraph::prelude::*;
/// /// The value two ticks back.
/// #[node]
/// fn two_back(x: Ts<i64>) -> Ts<i64> {
///     start! { set_buffering_policy!(x, BufferPolicy::ticks(3)); }
///     if ticked!(x) && num_ticks!(x) > 2 {
///         let back: i64 = *value_at!(x, -2).ok_or("not buffered")?;
///         return back;
///     }
/// }
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let t = two_back(curve(&g, (0..4).map(|i| (st + secs(i), i)).collect::<Vec<_>>()));
/// g.output("t", &t);
/// let r = g.run(RunConfig::historical_for(st, secs(5))).unwrap();
/// assert_eq!(r.values::<i64>("t").unwrap(), vec![0, 1]);
/// ```
#[macro_export]
macro_rules! set_buffering_policy {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`set_buffering_policy!` is only valid inside a `#[node]` function")
    };
}

/// `value_at!(x, at)`: the value of `x` at a tick index (`0`, `-1`, ...), a time offset or a time (csp's `csp.value_at`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
///
/// ```
/// use tickgraph::prelude::*;
/// /// The value two ticks back.
/// #[node]
/// fn two_back(x: Ts<i64>) -> Ts<i64> {
///     start! { set_buffering_policy!(x, BufferPolicy::ticks(3)); }
///     if ticked!(x) && num_ticks!(x) > 2 {
///         let back: i64 = *value_at!(x, -2).ok_or("not buffered")?;
///         return back;
///     }
/// }
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let t = two_back(curve(&g, (0..4).map(|i| (st + secs(i), i)).collect::<Vec<_>>()));
/// g.output("t", &t);
/// let r = g.run(RunConfig::historical_for(st, secs(5))).unwrap();
/// assert_eq!(r.values::<i64>("t").unwrap(), vec![0, 1]);
/// ```
#[macro_export]
macro_rules! value_at {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`value_at!` is only valid inside a `#[node]` function")
    };
}

/// `time_at!(x, at)`: the time of that tick (csp's `csp.time_at`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
#[macro_export]
macro_rules! time_at {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`time_at!` is only valid inside a `#[node]` function")
    };
}

/// `item_at!(x, at, duplicate_policy)`: `(time, value)` at `at`, choosing among same-time ticks (csp's `csp.item_at`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
#[macro_export]
macro_rules! item_at {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`item_at!` is only valid inside a `#[node]` function")
    };
}

/// `values_at!(x, start, end[, start_bound, end_bound])`: the values in a range (csp's `csp.values_at`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
#[macro_export]
macro_rules! values_at {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`values_at!` is only valid inside a `#[node]` function")
    };
}

/// `items_at!(x, start, end[, start_bound, end_bound])`: the `(time, value)` items in a range (csp's `csp.items_at`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
#[macro_export]
macro_rules! items_at {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`items_at!` is only valid inside a `#[node]` function")
    };
}

/// `schedule_alarm!(a, delay, value)`: schedules alarm `a` to tick `value` after `delay` (or at a [`Time`](crate::prelude::Time)), returning its handle (csp's `csp.schedule_alarm`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
///
/// ```
/// use tickgraph::prelude::*;
/// /// Ticks `x` again one second after each tick.
/// #[node]
/// fn echo(x: Ts<i64>) -> Ts<i64> {
///     alarms! { let later: Alarm<i64>; }
///     start! { schedule_alarm!(later, secs(10), -1); }
///     if ticked!(x) {
///         schedule_alarm!(later, secs(1), x);
///     }
///     if ticked!(later) {
///         return later.clone();
///     }
/// }
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let e = echo(curve(&g, vec![(st, 7)]));
/// g.output("e", &e);
/// let r = g.run(RunConfig::historical_for(st, secs(20))).unwrap();
/// assert_eq!(r.series::<i64>("e").unwrap(), &[(st + secs(1), 7), (st + secs(10), -1)]);
/// ```
#[macro_export]
macro_rules! schedule_alarm {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`schedule_alarm!` is only valid inside a `#[node]` function")
    };
}

/// `reschedule_alarm!(a, handle, delay)`: moves a pending alarm (csp's `csp.reschedule_alarm`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
#[macro_export]
macro_rules! reschedule_alarm {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`reschedule_alarm!` is only valid inside a `#[node]` function")
    };
}

/// `cancel_alarm!(a, handle)`: cancels a pending alarm (csp's `csp.cancel_alarm`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
#[macro_export]
macro_rules! cancel_alarm {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`cancel_alarm!` is only valid inside a `#[node]` function")
    };
}

/// `output!(v)`, `output!(name = v, ...)` or `output!([key] = v)`: emits without returning (csp's `csp.output`). `return v` emits and ends the invocation.
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
///
/// ```
/// use tickgraph::prelude::*;
/// #[node]
/// fn sign(x: Ts<i64>) -> outputs!(pos: Ts<i64>, neg: Ts<i64>) {
///     if ticked!(x) {
///         if x >= 0 {
///             output!(pos = x);
///         } else {
///             output!(neg = x);
///         }
///     }
/// }
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let s = sign(curve(&g, vec![(st, 1), (st + secs(1), -2)]));
/// g.output("pos", &s.pos);
/// g.output("neg", &s.neg);
/// let r = g.run(RunConfig::historical_for(st, secs(5))).unwrap();
/// assert_eq!(r.values::<i64>("neg").unwrap(), vec![-2]);
/// ```
#[macro_export]
macro_rules! output {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`output!` is only valid inside a `#[node]` function")
    };
}

/// `-> outputs!(a: Ts<A>, b: Ts<B>)`: in a `#[node]` signature, declares named outputs; the graph-time function returns a generated `<Name>Outputs` struct (csp's `Outputs(...)`).
///
/// Only valid in the body (or, for `outputs!`, the signature) of a [`#[node]`](crate::prelude::node)
/// function; the [crate docs](crate#writing-nodes-with-node) have the whole syntax.
///
/// ```
/// use tickgraph::prelude::*;
/// #[node]
/// fn sign(x: Ts<i64>) -> outputs!(pos: Ts<i64>, neg: Ts<i64>) {
///     if ticked!(x) {
///         if x >= 0 {
///             output!(pos = x);
///         } else {
///             output!(neg = x);
///         }
///     }
/// }
/// let g = Graph::new();
/// let st = Time::EPOCH;
/// let s = sign(curve(&g, vec![(st, 1), (st + secs(1), -2)]));
/// g.output("pos", &s.pos);
/// g.output("neg", &s.neg);
/// let r = g.run(RunConfig::historical_for(st, secs(5))).unwrap();
/// assert_eq!(r.values::<i64>("neg").unwrap(), vec![-2]);
/// ```
#[macro_export]
macro_rules! outputs {
    ($($tokens:tt)*) => {
        ::core::compile_error!("`outputs!` is only valid inside a `#[node]` function")
    };
}
