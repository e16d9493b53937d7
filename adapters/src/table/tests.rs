//! The reader's fast path and reading ahead against the reference: the general path on
//! the engine thread. Random Parquet files (times repeating within and across batches,
//! subscribed and unsubscribed symbols, null values, the odd null symbol), random
//! subscriptions, push modes, batch and row-group sizes and end times, read both ways:
//! the same ticks, the same cycles, the same errors.

use crate::columnar::Record;
use crate::parquet::ParquetReader;
use arrow_array::TimestampNanosecondArray;
use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use proptest::prelude::*;
use std::path::Path;
use std::sync::Arc;
use tickgraph_engine::adapter::PushMode;
use tickgraph_engine::prelude::*;

#[derive(Clone, Debug, PartialEq, tickgraph_macros::Record)]
#[record(crate = "crate")]
struct Tick {
    price: Option<f64>,
    qty: i64,
}

/// Symbols: three subscribed, one not, and (rarely) none.
const SYMBOLS: [&str; 4] = ["A", "B", "C", "Z"];

#[derive(Clone, Debug)]
struct Row {
    /// Milliseconds after the row before (0: the same time).
    step: u8,
    symbol: Option<usize>,
    price: Option<f64>,
    qty: i64,
}

#[derive(Clone, Debug)]
struct Case {
    rows: Vec<Row>,
    /// Record subscriptions per subscribed symbol (A, B, C).
    per_symbol: [u8; 3],
    /// A price-column subscription to A, and record and column subscriptions to all.
    column_a: bool,
    all: bool,
    all_column: bool,
    last_value: bool,
    batch_size: usize,
    row_group: usize,
    /// The reader's end, in milliseconds, if it has one.
    end: Option<u16>,
}

fn row() -> impl Strategy<Value = Row> {
    let symbol = prop_oneof![
        40 => (0..SYMBOLS.len()).prop_map(Some),
        1 => Just(None),
    ];
    (
        0u8..3,
        symbol,
        proptest::option::of(-5.0f64..5.0),
        0i64..100,
    )
        .prop_map(|(step, symbol, price, qty)| Row {
            step,
            symbol,
            price,
            qty,
        })
}

fn case() -> impl Strategy<Value = Case> {
    (
        proptest::collection::vec(row(), 0..120),
        [0u8..3, 0u8..3, 0u8..3],
        any::<(bool, bool, bool, bool)>(),
        1usize..20,
        1usize..60,
        proptest::option::of(0u16..200),
    )
        .prop_map(
            |(
                rows,
                per_symbol,
                (column_a, all, all_column, last_value),
                batch_size,
                row_group,
                end,
            )| Case {
                rows,
                per_symbol,
                column_a,
                all,
                all_column,
                last_value,
                batch_size,
                row_group,
                end,
            },
        )
}

fn write(case: &Case, path: &Path) {
    let mut t = 0i64;
    let times: Vec<i64> = case
        .rows
        .iter()
        .map(|r| {
            t += i64::from(r.step) * 1_000_000;
            t
        })
        .collect();
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("timestamp", Arc::new(TimestampNanosecondArray::from(times))),
        (
            "symbol",
            Arc::new(StringArray::from(
                case.rows
                    .iter()
                    .map(|r| r.symbol.map(|s| SYMBOLS[s]))
                    .collect::<Vec<_>>(),
            )),
        ),
        (
            "price",
            Arc::new(Float64Array::from(
                case.rows.iter().map(|r| r.price).collect::<Vec<_>>(),
            )),
        ),
        (
            "qty",
            Arc::new(Int64Array::from(
                case.rows.iter().map(|r| r.qty).collect::<Vec<_>>(),
            )),
        ),
    ];
    let batch = RecordBatch::try_from_iter(columns).expect("columns of one length");
    let props = parquet::file::properties::WriterProperties::builder()
        .set_max_row_group_row_count(Some(case.row_group))
        .build();
    let file = std::fs::File::create(path).expect("a temporary file");
    let mut w =
        parquet::arrow::ArrowWriter::try_new(file, batch.schema(), Some(props)).expect("a writer");
    w.write(&batch).expect("written");
    w.close().expect("closed");
}

/// One output's ticks, as text (the outputs have three types).
type Shown = Box<dyn Fn(&RunResult) -> String>;

/// Every subscription's ticks and the run's cycles, or the run's error as text.
type Outcome = Result<(Vec<String>, u64), String>;

fn read(case: &Case, path: &Path, reference: bool) -> Outcome {
    let g = Graph::new();
    let mut reader = ParquetReader::new(&g, path)
        .symbol_column("symbol")
        .batch_size(case.batch_size);
    if case.last_value {
        reader = reader.push_mode(PushMode::LastValue);
    }
    if let Some(end) = case.end {
        reader = reader.end_time(Time::from_nanos(i64::from(end) * 1_000_000));
    }
    if reference {
        reader = reader.reference_path();
    }
    let mut shown: Vec<Shown> = Vec::new();
    fn show<T: Clone + std::fmt::Debug + 'static>(g: &Graph, shown: &mut Vec<Shown>, ts: Ts<T>) {
        let name = format!("out {}", shown.len());
        g.output(&name, &ts);
        shown.push(Box::new(move |r| format!("{:?}", r.series::<T>(&name))));
    }
    for (s, &n) in case.per_symbol.iter().enumerate() {
        for _ in 0..n {
            show(&g, &mut shown, reader.subscribe::<Tick>(SYMBOLS[s]));
        }
    }
    if case.column_a {
        show(&g, &mut shown, reader.subscribe_column::<f64>("A", "price"));
    }
    if case.all {
        show(&g, &mut shown, reader.subscribe_all::<Tick>());
    }
    if case.all_column {
        show(&g, &mut shown, reader.subscribe_all_column::<i64>("qty"));
    }
    let r = g
        .run(RunConfig::historical(
            Time::EPOCH,
            Time::from_nanos(1_000_000_000),
        ))
        .map_err(|e| e.to_string())?;
    let ticks = shown.iter().map(|f| f(&r)).collect();
    Ok((ticks, r.stats().cycles))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn the_fast_path_and_reading_ahead_tick_what_the_general_path_ticks(case in case()) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("rows.parquet");
        write(&case, &path);
        let fast = read(&case, &path, false);
        let reference = read(&case, &path, true);
        prop_assert_eq!(fast, reference);
    }
}

#[test]
fn the_reference_reads_what_the_rows_say() {
    // One case by hand, so that the comparison above is not of two equal mistakes: two
    // rows of A at one time tick on two cycles, B's row between them in the first.
    let case = Case {
        rows: vec![
            Row {
                step: 1,
                symbol: Some(0),
                price: Some(1.0),
                qty: 1,
            },
            Row {
                step: 0,
                symbol: Some(1),
                price: None,
                qty: 2,
            },
            Row {
                step: 0,
                symbol: Some(0),
                price: Some(3.0),
                qty: 3,
            },
            Row {
                step: 1,
                symbol: Some(3),
                price: Some(4.0),
                qty: 4,
            },
            Row {
                step: 1,
                symbol: Some(0),
                price: Some(5.0),
                qty: 5,
            },
        ],
        per_symbol: [1, 1, 0],
        column_a: false,
        all: false,
        all_column: true,
        last_value: false,
        batch_size: 2,
        row_group: 3,
        end: None,
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("rows.parquet");
    write(&case, &path);
    let ms = |m: i64| Time::from_nanos(m * 1_000_000);
    let tick = |price, qty| Tick { price, qty };
    let a = [
        (ms(1), tick(Some(1.0), 1)),
        (ms(1), tick(Some(3.0), 3)),
        (ms(3), tick(Some(5.0), 5)),
    ];
    let b = [(ms(1), tick(None, 2))];
    let qty: Vec<(Time, i64)> = [(1, 1), (1, 2), (1, 3), (2, 4), (3, 5)]
        .iter()
        .map(|&(m, q)| (ms(m), q))
        .collect();
    let expected = vec![
        format!("{:?}", Ok::<_, ()>(&a[..])),
        format!("{:?}", Ok::<_, ()>(&b[..])),
        format!("{:?}", Ok::<_, ()>(&qty[..])),
    ];
    for reference in [false, true] {
        let (ticks, cycles) = read(&case, &path, reference).expect("runs");
        assert_eq!(ticks, expected);
        // Three cycles at 1 ms (a subscription ticks once per cycle), one at 2 and 3 ms.
        assert_eq!(cycles, 5);
    }
    assert!(Tick::columns().contains(&"qty"));
}
