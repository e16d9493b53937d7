use tickgraph::prelude::*;

#[node]
fn split(x: Ts<i64>) -> outputs!(even: Ts<i64>, odd: Ts<i64>) {
    if ticked!(x) {
        return x;
    }
}

fn main() {}
