use tickgraph::prelude::*;

#[node]
fn with_initial(x: Ts<i64>) -> Ts<i64> {
    start! {
        output!(0);
    }
    if ticked!(x) {
        return x;
    }
}

fn main() {}
