use tickgraph::prelude::*;

#[node]
fn pass_through(x: Ts<i64>) -> Ts<i64> {
    if ticked!(y) {
        return x;
    }
}

fn main() {}
