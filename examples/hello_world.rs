//! csp's "hello world": a constant string, mapped to title case by a node, printed.
//!
//! ```text
//! cargo run --example hello_world
//! 2020-01-01 00:00:00 hello:Hello World From Tickgraph
//! ```
//!
//! `const_` ticks once, at the engine's start time; the `title_case` node runs in that same
//! cycle and `print` writes `"{now} {tag}:{value}"`, as `csp.print` does.

use tickgraph::prelude::*;

/// Upper-cases the first letter of every word and lower-cases the rest.
#[node]
fn title_case(text: Ts<String>) -> Ts<String> {
    if ticked!(text) {
        let words: Vec<String> = text
            .split_whitespace()
            .map(|word| {
                let mut chars = word.chars();
                match chars.next() {
                    Some(first) => first
                        .to_uppercase()
                        .chain(chars.flat_map(char::to_lowercase))
                        .collect(),
                    None => String::new(),
                }
            })
            .collect();
        return words.join(" ");
    }
}

fn main() -> tickgraph::Result<()> {
    let g = Graph::new();
    let greeting = const_(&g, "hello world from tickgraph".to_string());
    print("hello", title_case(&greeting));

    let start = Time::ymd_hms(2020, 1, 1, 0, 0, 0);
    g.run(RunConfig::historical(start, start + secs(10)))?;
    Ok(())
}
