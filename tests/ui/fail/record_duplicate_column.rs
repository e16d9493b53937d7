use tickgraph::prelude::*;

#[derive(Clone, Record)]
struct Trade {
    price: f64,
    #[record(rename = "price")]
    last_price: f64,
}

fn main() {}
