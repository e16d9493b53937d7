use tickgraph::prelude::*;

#[node]
async fn pass_through(x: Ts<i64>) -> Ts<i64> {
    if ticked!(x) {
        return x;
    }
}

fn main() {}
