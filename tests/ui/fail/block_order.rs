use tickgraph::prelude::*;

#[node]
fn counter(x: Ts<i64>) -> Ts<u64> {
    start! {}
    state! { let mut n = 0u64; }
    if ticked!(x) {
        n += 1;
        return n;
    }
}

fn main() {}
