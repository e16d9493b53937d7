//! csp's "hello world": a constant string, title-cased by a closure, printed.
//!
//! ```text
//! $ cargo run --example hello_world
//! 2022-01-01 00:00:00 Message:Hello World
//! $ cargo run --example hello_world -- --realtime
//! 2026-12-01 22:30:00.123456 Message:Hello World
//! ```
//!
//! The csp original:
//!
//! ```python
//! @csp.graph
//! def my_graph():
//!     s = csp.const("hElLo wOrLd")
//!     csp.print("Message", csp.apply(s, lambda x: x.title(), str))
//!
//! csp.run(my_graph, starttime=datetime(2022, 1, 1))
//! ```
//!
//! `const_` ticks once, at the start time; `apply` runs the closure in that same cycle, and
//! `print` writes `"<time> <tag>:<value>"` as `csp.print` does.
//!
//! With `--realtime` the same graph runs as in csp's seed talk, live: `realtime=True`,
//! starting now and ending one second later (`RunConfig::realtime`), so the message is
//! printed with the wall-clock time and the run takes a second.

use tickgraph::prelude::*;

/// Python's `str.title()`: a letter after a letter is lower case, any other letter upper.
fn title(text: &str) -> String {
    let mut after_letter = false;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if after_letter {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        after_letter = c.is_alphabetic();
    }
    out
}

fn main() -> tickgraph::Result<()> {
    let g = Graph::new();
    let s = const_(&g, "hElLo wOrLd".to_string());
    print("Message", apply(&s, |x: &String| title(x)));

    if std::env::args().skip(1).any(|a| a == "--realtime") {
        // csp.run(my_graph, starttime=datetime.utcnow(), endtime=timedelta(seconds=1),
        //         realtime=True)
        // Whole microseconds, as Python's datetime prints them.
        let now = Time::now().nanos();
        let start = Time::from_nanos(now - now % 1_000);
        g.run(RunConfig::realtime(start, start + secs(1)))?;
    } else {
        let start = Time::ymd_hms(2022, 1, 1, 0, 0, 0);
        g.run(RunConfig::historical(start, start))?;
    }
    Ok(())
}
