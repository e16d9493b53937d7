use tickgraph::prelude::*;

#[node]
fn split(x: Ts<i64>) -> outputs!(even: Ts<i64>, odd: Ts<i64>) {
    if ticked!(x) {
        if x % 2 == 0 {
            output!(evens = x);
        } else {
            output!(odd = x);
        }
    }
}

fn main() {}
