use tickgraph::prelude::*;

#[node]
fn label(x: Ts<i64>) -> Ts<String> {
    if ticked!(x) {
        return x * 2;
    }
}

fn main() {}
