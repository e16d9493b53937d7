//! A progress bar on a historical run: engine time against the run's span, and cycles per
//! second, on standard error when it is a terminal.

use crate::ctx::{Ctx, SourceId};
use crate::error::NodeError;
use crate::graph::Graph;
use crate::node::{FireResult, Source};
use crate::scheduler::{Refire, Token};
use crate::time::Time;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Instant;

/// Steps of the bar over the run's span.
const STEPS: i64 = 200;

/// Shows a progress bar while `g` runs: the engine time reached as a share of the run's
/// span, the cycles per second and the time left. Drawn on standard error only when it is
/// a terminal (never in CI logs or pipes), and a run without an end draws nothing.
///
/// It is a source of its own that wakes 200 times over the run's span, so the engine's
/// loop pays nothing for it between those wake-ups.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// let g = Graph::new();
/// show_progress(&g);
/// g.output("n", count(timer(&g, secs(1), ())));
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(10))).unwrap();
/// assert_eq!(r.values::<u64>("n").unwrap().len(), 10);
/// ```
pub fn show_progress(g: &Graph) {
    let mut s = g.add_source("progress");
    s.sink();
    s.finish_source(|w| {
        Ok(Box::new(Progress {
            id: w.source_id(),
            bar: None,
            step: 0,
            started: Instant::now(),
        }))
    });
}

struct Progress {
    id: SourceId,
    bar: Option<ProgressBar>,
    step: i64,
    started: Instant,
}

impl Source for Progress {
    fn start(&mut self, ctx: &mut Ctx) -> Result<(), NodeError> {
        let span = ctx.end.saturating_sub(ctx.start);
        if !std::io::stderr().is_terminal() || ctx.end == i64::MAX || span < STEPS {
            return Ok(());
        }
        let bar = ProgressBar::with_draw_target(
            Some(STEPS as u64),
            ProgressDrawTarget::stderr_with_hz(10),
        );
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {percent:>3}% engine time {msg} (eta {eta})")
                .map_err(|e| e.to_string())?,
        );
        self.bar = Some(bar);
        self.started = Instant::now();
        self.step = 1;
        ctx.schedule(
            self.id,
            Time::from_nanos(ctx.start + span / STEPS),
            Token::default(),
        )?;
        Ok(())
    }

    fn fire(&mut self, ctx: &mut Ctx, _token: Token) -> FireResult {
        let Some(bar) = &self.bar else {
            return Ok(Refire::NEVER);
        };
        let rate = ctx.cycle() as f64 / self.started.elapsed().as_secs_f64().max(1e-9);
        bar.set_message(format!("{}, {:.1} M cycles/s", ctx.now(), rate / 1e6));
        bar.set_position(self.step as u64);
        self.step += 1;
        if self.step > STEPS {
            return Ok(Refire::NEVER);
        }
        let span = ctx.end - ctx.start;
        let next = ctx.start + (span / STEPS).saturating_mul(self.step);
        Ok(Refire::at(Time::from_nanos(next.max(ctx.now().nanos()))))
    }

    fn stop(&mut self, _ctx: &mut Ctx) -> Result<(), NodeError> {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        Ok(())
    }
}
