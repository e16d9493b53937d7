use tickgraph::prelude::*;

#[derive(Clone, Record)]
struct Price(f64);

fn main() {}
