//! csp's pig latin graph: two constant words, a `pig_latin` node on each, flattened into
//! one series and printed.
//!
//! ```text
//! $ cargo run --example pig_latin
//! 2022-01-01 00:00:00 Pig Latin:ellohay
//! 2022-01-01 00:00:00 Pig Latin:orldway
//! ```
//!
//! The csp original:
//!
//! ```python
//! @csp.node
//! def pig_latin(word: ts[str]) -> ts[str]:
//!     if csp.ticked(word):
//!         return word[1:] + word[0] + "ay"
//!
//! @csp.graph
//! def my_graph():
//!     hello = pig_latin(csp.const("hello"))
//!     world = pig_latin(csp.const("world"))
//!     csp.print("Pig Latin", csp.flatten([hello, world]))
//! ```
//!
//! Both words tick at the start; `flatten` keeps both, on two cycles at that same time, in
//! basket order.

use tickgraph::prelude::*;

/// Moves the first letter to the end and adds "ay".
#[node]
fn pig_latin(word: Ts<String>) -> Ts<String> {
    if ticked!(word) {
        let mut chars = word.chars();
        let first = chars.next().map(String::from).unwrap_or_default();
        return format!("{}{first}ay", chars.as_str());
    }
}

fn main() -> tickgraph::Result<()> {
    let g = Graph::new();
    let hello = pig_latin(const_(&g, "hello".to_string()));
    let world = pig_latin(const_(&g, "world".to_string()));
    print("Pig Latin", flatten(&[hello, world]));

    let start = Time::ymd_hms(2022, 1, 1, 0, 0, 0);
    g.run(RunConfig::historical(start, start))?;
    Ok(())
}
