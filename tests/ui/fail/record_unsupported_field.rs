use tickgraph::prelude::*;

#[derive(Clone, Record)]
struct Trade {
    price: f64,
    tags: Vec<String>,
}

fn main() {}
