use tickgraph::prelude::*;

#[node]
fn prefix<'a>(x: Ts<String>, tag: &'a str) -> Ts<String> {
    if ticked!(x) {
        return format!("{tag}{x}");
    }
}

fn main() {}
