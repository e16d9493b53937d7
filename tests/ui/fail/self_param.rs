use tickgraph::prelude::*;

struct Strategy;

impl Strategy {
    #[node]
    fn signal(&self, x: Ts<f64>) -> Ts<f64> {
        if ticked!(x) {
            return x;
        }
    }
}

fn main() {}
