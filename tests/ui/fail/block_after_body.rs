use tickgraph::prelude::*;

#[node]
fn counter(x: Ts<i64>) -> Ts<u64> {
    let unused = 1;
    state! { let mut n = 0u64; }
    if ticked!(x) {
        n += unused;
        return n;
    }
}

fn main() {}
