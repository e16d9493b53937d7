//! The standard library: basic sources (`const_`, `timer`, `curve`, `null_ts`) and basic
//! nodes (`count`, `collect`, `merge`, `sample`, `filter`, `print`, `stop_engine`), and
//! pipes (`x.map(f).filter(p)`: stateless stages compiled into one node).

mod basic;
mod curve;
mod pipe;
mod sources;
pub mod stats;

pub use basic::{collect, count, filter, merge, print, sample, stop_engine};
pub use pipe::Pipe;
pub use sources::{
    const_, const_delayed, curve, curve_burst, curve_offsets, curve_with, null_ts, timer,
};
