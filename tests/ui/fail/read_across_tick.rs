// A value read from an input cannot stay borrowed across a tick: the tick takes the
// context mutably (it could be the producer's next value replacing this one).
use tickgraph::prelude::*;

struct Echo {
    x: Input<String>,
    out: Output<String>,
}

impl Node for Echo {
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        let s: &String = self.x.current(ctx);
        self.out.tick(ctx, String::new())?;
        println!("{s}");
        Ok(())
    }
}

fn main() {}
