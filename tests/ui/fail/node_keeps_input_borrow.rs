// In a `#[node]` body, an input's name reads its value through the context, so a
// reference to it cannot be kept in state from one cycle to the next.
use tickgraph::prelude::*;

#[node]
fn remember(x: Ts<String>) -> Ts<usize> {
    state! {
        let mut first: Option<&str> = None;
    }
    if ticked!(x) {
        if first.is_none() {
            first = Some(x.as_str());
        }
        return first.map_or(0, str::len);
    }
}

fn main() {}
