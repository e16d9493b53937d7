use tickgraph::prelude::*;

#[derive(Clone, Record)]
struct Trade {
    #[record(column = "px")]
    price: f64,
}

fn main() {}
