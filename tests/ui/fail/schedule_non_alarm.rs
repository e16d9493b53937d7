use tickgraph::prelude::*;

#[node]
fn echo_later(x: Ts<i64>) -> Ts<i64> {
    alarms! { let later: Alarm<i64>; }
    if ticked!(x) {
        schedule_alarm!(x, secs(1), x);
    }
    if ticked!(later) {
        return later;
    }
}

fn main() {}
