// Issue 11's program: a hand-written node keeps a borrow of its input's value past the
// cycle. Reads borrow the engine context now, so the borrow cannot outlive `execute`.
use tickgraph::prelude::*;

struct Keep {
    x: &'static Input<String>,
    kept: Option<&'static str>,
    out: Output<String>,
}

impl Node for Keep {
    fn execute(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        if self.kept.is_none() {
            self.kept = self.x.get(ctx).map(|s| s.as_str());
        }
        let seen = self.kept.unwrap().to_string();
        self.out.tick(ctx, seen)?;
        Ok(())
    }
}

fn main() {}
