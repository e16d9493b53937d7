use tickgraph::prelude::*;

#[derive(Clone, Record)]
struct Tick<T> {
    value: T,
}

fn main() {}
