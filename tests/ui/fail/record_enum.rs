use tickgraph::prelude::*;

#[derive(Clone, Record)]
enum Side {
    Buy,
    Sell,
}

fn main() {}
