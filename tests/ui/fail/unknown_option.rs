use tickgraph::prelude::*;

#[node(label = "doubler")]
fn double(x: Ts<i64>) -> Ts<i64> {
    if ticked!(x) {
        return x * 2;
    }
}

fn main() {}
