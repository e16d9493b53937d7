use tickgraph::prelude::*;

#[node]
fn fan_out(x: Ts<i64>) -> Vec<Ts<i64>> {
    if ticked!(x) {
        output!([0] = x);
    }
}

fn main() {}
