use tickgraph::prelude::*;

#[node]
fn echo_later(x: Ts<i64>) -> Ts<i64> {
    alarms! { let later: Option<i64>; }
    if ticked!(x) {
        return x;
    }
}

fn main() {}
