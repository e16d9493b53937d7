//! The Parquet writer: spec section 4's verified writer output, read back by the reader; a
//! round-trip property test over every column type, nulls included; overwrite and
//! duplicate-column errors; and the file appears only when the run ends.

mod common;
mod scratch;

use proptest::prelude::*;
use scratch::TempPath;
use tickgraph::adapters::parquet::{ParquetReader, ParquetWriter};
use tickgraph::prelude::*;

fn st() -> Time {
    Time::ymd_hms(2020, 1, 1, 0, 0, 0)
}

fn at(seconds: f64) -> Time {
    st() + secs_f64(seconds)
}

/// A fresh path in its own temporary folder, removed when the path is dropped.
fn temp(name: &str) -> TempPath {
    TempPath::new("tickgraph-writer-", name)
}

#[derive(Clone, Debug, PartialEq, Record)]
struct Trade {
    sym: String,
    px: f64,
    qty: i64,
}

#[derive(Clone, Debug, PartialEq, Record)]
struct Row {
    timestamp: Time,
    sym: Option<String>,
    px: Option<f64>,
    qty: Option<i64>,
    extra: Option<i64>,
}

/// Spec 4 [verified]: "Output from publish_struct(trades) plus publish('extra', [2s:99,
/// 4s:100]): (1s, A, 1.0, 10, NaN), (1s, B, 2.0, 20, NaN) # second cycle at same time ->
/// second row, (2s, A, 1.5, 5, 99), (3s, B, 2.5, 7, NaN), (4s, NaN, NaN, NaN, 100)".
#[test]
fn one_row_per_cycle_with_nulls_where_nothing_ticked() {
    let path = temp("out.parquet");
    let g = Graph::new();
    let t = |sym: &str, px, qty| Trade {
        sym: sym.into(),
        px,
        qty,
    };
    let trades = curve(
        &g,
        vec![
            (at(1.0), t("A", 1.0, 10)),
            (at(1.0), t("B", 2.0, 20)),
            (at(2.0), t("A", 1.5, 5)),
            (at(3.0), t("B", 2.5, 7)),
        ],
    );
    let extra = curve(&g, vec![(at(2.0), 99i64), (at(4.0), 100)]);
    // Overwriting: the oracle runs the graph under both schedulers.
    let mut w = ParquetWriter::new(&g, &path).allow_overwrite(true);
    w.publish_record(&trades);
    w.publish("extra", &extra);
    w.finish();
    common::run(&g, RunConfig::historical(st(), at(10.0))).unwrap();

    let g = Graph::new();
    let r = ParquetReader::new(&g, &path);
    g.output("rows", r.subscribe_all::<Row>());
    let out = g.run(RunConfig::historical(st(), at(10.0))).unwrap();
    let row = |s: f64, sym: Option<&str>, px: Option<f64>, qty: Option<i64>, extra| Row {
        timestamp: at(s),
        sym: sym.map(String::from),
        px,
        qty,
        extra,
    };
    assert_eq!(
        out.values::<Row>("rows").unwrap(),
        vec![
            row(1.0, Some("A"), Some(1.0), Some(10), None),
            row(1.0, Some("B"), Some(2.0), Some(20), None),
            row(2.0, Some("A"), Some(1.5), Some(5), Some(99)),
            row(3.0, Some("B"), Some(2.5), Some(7), None),
            row(4.0, None, None, None, Some(100)),
        ]
    );
}

#[test]
fn an_existing_file_is_an_error_unless_overwriting_is_allowed() {
    let path = temp("exists.parquet");
    std::fs::write(&path, b"old").unwrap();
    let g = Graph::new();
    let mut w = ParquetWriter::new(&g, &path);
    w.publish("x", const_(&g, 1i64));
    w.finish();
    let e = g.run(RunConfig::historical_for(st(), secs(1))).unwrap_err();
    assert!(e.to_string().contains("exists"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), b"old");
}

#[test]
fn a_column_published_twice_is_a_build_error() {
    let g = Graph::new();
    let path = temp("dup.parquet");
    let mut w = ParquetWriter::new(&g, &path);
    w.publish("x", const_(&g, 1i64));
    w.publish("x", const_(&g, 2i64));
    w.finish();
    let e = g.run(RunConfig::historical_for(st(), secs(1))).unwrap_err();
    assert!(matches!(&e, Error::InvalidArgument { .. }), "{e}");
}

/// Fails the run when `x` ticks `at`.
#[node]
fn fail_at(x: Ts<i64>, at: i64) {
    if ticked!(x) && x == at {
        Err(format!("failing at {at}"))?;
    }
}

#[test]
fn a_failed_run_still_finishes_the_file_with_its_rows_and_leaves_no_partial_file() {
    let path = temp("failed.parquet");
    let g = Graph::new();
    let x = curve(&g, (1..=5).map(|i| (at(i as f64), i)).collect::<Vec<_>>());
    let mut w = ParquetWriter::new(&g, &path);
    w.publish("x", &x);
    w.finish();
    fail_at(&x, 3);
    assert!(g.run(RunConfig::historical(st(), at(10.0))).is_err());
    let partial = path.with_file_name("failed.parquet.partial");
    assert!(!partial.exists());
    let g = Graph::new();
    let r = ParquetReader::new(&g, &path);
    g.output("x", r.subscribe_all_column::<i64>("x"));
    let out = g.run(RunConfig::historical(st(), at(10.0))).unwrap();
    // The rows of the cycles that completed (the failing node ran in cycle 3 before the
    // cycle ended, so its row is not written).
    assert_eq!(out.values::<i64>("x").unwrap(), vec![1, 2]);
}

#[derive(Clone, Debug, PartialEq, Record)]
struct Every {
    a: i64,
    b: i32,
    c: u8,
    d: f64,
    e: bool,
    f: String,
    g: Time,
    h: Option<f64>,
    i: Option<String>,
    j: Option<u64>,
}

fn every() -> impl Strategy<Value = Every> {
    (
        (
            any::<i64>(),
            any::<i32>(),
            any::<u8>(),
            -1e300f64..1e300,
            any::<bool>(),
        ),
        (
            "[a-zé ]{0,8}",
            -4_000_000_000_000_000_000i64..4_000_000_000_000_000_000,
            proptest::option::of(-1e9f64..1e9),
            proptest::option::of("[a-z]{0,5}"),
            proptest::option::of(any::<u64>()),
        ),
    )
        .prop_map(|((a, b, c, d, e), (f, g, h, i, j))| Every {
            a,
            b,
            c,
            d,
            e,
            f,
            g: Time::from_nanos(g),
            h,
            i,
            j,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any recorded series of records, written and read back, is the same series: every
    /// column type, nulls included, several rows at one time, small batches.
    #[test]
    fn a_series_written_and_read_back_is_identical(
        rows in proptest::collection::vec((0u8..3, every()), 1..60),
        batch in 1usize..20,
    ) {
        let mut t = 0.0;
        let data: Vec<(Time, Every)> = rows
            .into_iter()
            .map(|(dt, v)| {
                t += f64::from(dt);
                (at(t), v)
            })
            .collect();
        let path = temp("roundtrip.parquet");
        let g = Graph::new();
        let x = curve(&g, data.clone());
        let mut w = ParquetWriter::new(&g, &path).batch_size(batch);
        w.publish_record(&x);
        w.finish();
        g.run(RunConfig::historical(st(), at(t + 1.0))).unwrap();

        let g = Graph::new();
        let r = ParquetReader::new(&g, &path).batch_size(batch);
        g.output("x", r.subscribe_all::<Every>());
        let out = g.run(RunConfig::historical(st(), at(t + 1.0))).unwrap();
        prop_assert_eq!(out.series::<Every>("x").unwrap(), &data[..]);
    }
}

#[derive(Clone, Debug, PartialEq, Record)]
struct Level {
    px: f64,
    size: i64,
}

#[derive(Clone, Debug, PartialEq, Record)]
struct Book {
    sym: String,
    bid: Level,
    ask: Option<Level>,
    depth: Option<i64>,
}

/// "Nested records where Arrow has structs": a record field is a struct column, written
/// and read back, a null struct for `None`.
#[test]
fn nested_records_are_struct_columns_both_ways() {
    let level = |px, size| Level { px, size };
    let books = vec![
        (
            at(1.0),
            Book {
                sym: "A".into(),
                bid: level(1.5, 10),
                ask: Some(level(1.75, 5)),
                depth: Some(2),
            },
        ),
        (
            at(2.0),
            Book {
                sym: "B".into(),
                bid: level(7.0, 1),
                ask: None,
                depth: None,
            },
        ),
    ];
    let path = temp("book.parquet");
    let g = Graph::new();
    let mut w = ParquetWriter::new(&g, &path);
    w.publish_record(curve(&g, books.clone()));
    w.finish();
    g.run(RunConfig::historical_for(st(), secs(5))).unwrap();

    // Parquet holds structs (what pyarrow and Polars read as such).
    let file = std::fs::File::open(&path).unwrap();
    let schema = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .schema()
        .clone();
    assert!(
        matches!(schema.field_with_name("ask").unwrap().data_type(), arrow_schema::DataType::Struct(f) if f.len() == 2),
        "{schema}"
    );

    let g = Graph::new();
    let r = ParquetReader::new(&g, &path);
    g.output("books", r.subscribe_all::<Book>());
    g.output("bids", r.subscribe_all_column::<Level>("bid"));
    let out = g.run(RunConfig::historical_for(st(), secs(5))).unwrap();
    assert_eq!(out.series::<Book>("books").unwrap(), &books[..]);
    assert_eq!(
        out.values::<Level>("bids").unwrap(),
        vec![level(1.5, 10), level(7.0, 1)]
    );
}

/// A null inside a struct, in a field that is not an `Option`, is an error naming the
/// field and the row, not a silently missing record.
#[test]
fn a_null_in_a_required_nested_field_is_an_error() {
    use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StructArray};
    use std::sync::Arc;
    let level = StructArray::from(vec![
        (
            Arc::new(arrow_schema::Field::new(
                "px",
                arrow_schema::DataType::Float64,
                true,
            )),
            Arc::new(Float64Array::from(vec![Some(1.0), None])) as ArrayRef,
        ),
        (
            Arc::new(arrow_schema::Field::new(
                "size",
                arrow_schema::DataType::Int64,
                true,
            )),
            Arc::new(Int64Array::from(vec![1, 2])) as ArrayRef,
        ),
    ]);
    let times = arrow_array::TimestampNanosecondArray::from(vec![at(1.0).nanos(), at(2.0).nanos()]);
    let batch = RecordBatch::try_from_iter([
        ("timestamp", Arc::new(times) as ArrayRef),
        ("bid", Arc::new(level) as ArrayRef),
    ])
    .unwrap();
    let g = Graph::new();
    let r = tickgraph::adapters::batches::BatchReader::from_batches(&g, [batch]);
    g.output("bids", r.subscribe_all_column::<Level>("bid"));
    let e = g.run(RunConfig::historical_for(st(), secs(5))).unwrap_err();
    let text = e.to_string();
    let Error::Node { source, .. } = e else {
        panic!("{text}")
    };
    let e = source.downcast::<tickgraph::adapters::DataError>().unwrap();
    assert!(
        matches!(&*e, tickgraph::adapters::DataError::Row { row: 1, error, .. } if error.column == "bid"),
        "{text}"
    );
    assert!(text.contains("field 'px'"), "{text}");
}

#[derive(Clone, Debug, PartialEq, Record)]
struct Side {
    best: Level,
}

/// Under a null struct, Arrow leaves the children undefined: a nested struct there with a
/// null in a required field is no error, and the row reads as `None`.
#[test]
fn nulls_under_a_null_struct_are_not_errors() {
    use arrow_array::{Array, ArrayRef, Float64Array, Int64Array, RecordBatch, StructArray};
    use arrow_schema::{DataType, Field};
    use std::sync::Arc;
    let level = StructArray::from(vec![
        (
            Arc::new(Field::new("px", DataType::Float64, true)),
            Arc::new(Float64Array::from(vec![Some(1.0), None])) as ArrayRef,
        ),
        (
            Arc::new(Field::new("size", DataType::Int64, true)),
            Arc::new(Int64Array::from(vec![1, 2])) as ArrayRef,
        ),
    ]);
    let fields = vec![Field::new("best", level.data_type().clone(), true)];
    // Row 1's side is null; its `best` is valid but holds a null `px`.
    let side = StructArray::new(
        fields.into(),
        vec![Arc::new(level) as ArrayRef],
        Some(vec![true, false].into()),
    );
    let times = arrow_array::TimestampNanosecondArray::from(vec![at(1.0).nanos(), at(2.0).nanos()]);
    let batch = RecordBatch::try_from_iter([
        ("timestamp", Arc::new(times) as ArrayRef),
        ("side", Arc::new(side) as ArrayRef),
    ])
    .unwrap();
    let g = Graph::new();
    let r = tickgraph::adapters::batches::BatchReader::from_batches(&g, [batch]);
    g.output("side", r.subscribe_all_column::<Option<Side>>("side"));
    let out = g.run(RunConfig::historical_for(st(), secs(5))).unwrap();
    let best = Level { px: 1.0, size: 1 };
    assert_eq!(
        out.values::<Option<Side>>("side").unwrap(),
        vec![Some(Side { best }), None]
    );
}
