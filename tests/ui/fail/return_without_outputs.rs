use tickgraph::prelude::*;

#[node]
fn sink(x: Ts<i64>) {
    if ticked!(x) {
        return x;
    }
}

fn main() {}
