use tickgraph::prelude::*;

/// Every supported field kind, with a rename and a raw identifier.
#[derive(Clone, Debug, Record)]
struct Everything {
    a: i8,
    b: i16,
    c: i32,
    d: i64,
    e: u8,
    f: u16,
    g: u32,
    h: u64,
    i: f32,
    j: f64,
    k: bool,
    l: String,
    m: Time,
    #[record(rename = "n column")]
    n: Option<f64>,
    r#type: Option<String>,
}

fn main() {
    use tickgraph::adapters::columnar::Record as _;
    assert_eq!(Everything::columns()[13], "n column");
    assert_eq!(Everything::columns()[14], "type");
}
