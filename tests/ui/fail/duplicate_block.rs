use tickgraph::prelude::*;

#[node]
fn counter(x: Ts<i64>) -> Ts<u64> {
    state! { let mut n = 0u64; }
    state! { let mut m = 0u64; }
    if ticked!(x) {
        n += 1;
        m += 2;
        return n + m;
    }
}

fn main() {}
