use tickgraph::prelude::*;

#[node]
fn echo_later(x: Ts<i64>) -> Ts<i64> {
    alarms! { let later = Alarm::<i64>::new(); }
    if ticked!(x) {
        schedule_alarm!(later, secs(1), x);
    }
    if ticked!(later) {
        return later;
    }
}

fn main() {}
