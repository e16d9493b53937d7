//! csp's two-node pig latin graph: one node splits a sentence into words over time,
//! a second translates each word to pig latin.
//!
//! ```text
//! cargo run --example pig_latin
//! ```
//!
//! `split_words` schedules one alarm per word, a second apart, and ticks each word when
//! its alarm fires; `pig_latin` maps every word it receives. Both streams are printed.

use tickgraph::prelude::*;

/// Ticks the words of each sentence on `text`, one per `spacing`, starting now.
#[node]
fn split_words(text: Ts<String>, spacing: TimeDelta) -> Ts<String> {
    alarms! { let word: Alarm<String>; }
    if ticked!(text) {
        for (i, w) in text.split_whitespace().enumerate() {
            schedule_alarm!(word, spacing * i as i32, w.to_string());
        }
    }
    if ticked!(word) {
        return word.clone();
    }
}

/// Translates one word: the leading consonants (with a "u" after a "q") move to the end,
/// followed by "ay"; a word that starts with a vowel gets "way".
fn translate(word: &str) -> String {
    let lower = word.to_lowercase();
    match lower.find(|c: char| "aeiou".contains(c)) {
        Some(0) => format!("{lower}way"),
        Some(i) => {
            let i = if lower[..i].ends_with('q') && lower[i..].starts_with('u') {
                i + 1
            } else {
                i
            };
            format!("{}{}ay", &lower[i..], &lower[..i])
        }
        None => format!("{lower}ay"),
    }
}

/// Ticks the pig latin of every word on `word`.
#[node]
fn pig_latin(word: Ts<String>) -> Ts<String> {
    if ticked!(word) {
        return translate(&word);
    }
}

fn main() -> tickgraph::Result<()> {
    let g = Graph::new();
    let sentence = const_(
        &g,
        "the quick brown fox jumps over the lazy dog".to_string(),
    );
    let words = split_words(&sentence, secs(1));
    print("word", &words);
    print("pig latin", pig_latin(&words));

    let start = Time::ymd_hms(2020, 1, 1, 0, 0, 0);
    g.run(RunConfig::historical(start, start + secs(60)))?;
    Ok(())
}
