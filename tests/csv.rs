//! The CSV reader and writer, the in-memory record batch reader, and the writers' file
//! rotation. They share the Parquet reader's semantics (spec section 4), so the strongest
//! check is differential: the same series written as CSV and as Parquet read back equal.

mod scratch;

use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, TimestampNanosecondArray};
use chrono::FixedOffset;
use proptest::prelude::*;
use scratch::TempPath;
use std::sync::Arc;
use tickgraph::adapters::DataError;
use tickgraph::adapters::batches::BatchReader;
use tickgraph::adapters::csv::{CsvReader, CsvWriter, TimeFormat, TimeUnit};
use tickgraph::adapters::parquet::{ParquetReader, ParquetWriter};
use tickgraph::prelude::*;

fn st() -> Time {
    Time::ymd_hms(2020, 1, 1, 0, 0, 0)
}

fn at(seconds: f64) -> Time {
    st() + secs_f64(seconds)
}

fn csv_file(text: &str) -> TempPath {
    let path = TempPath::new("tickgraph-csv-", "data.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn run_for(g: &Graph, seconds: i64) -> tickgraph::Result<RunResult> {
    g.run(RunConfig::historical_for(st(), secs(seconds)))
}

fn data_error(r: tickgraph::Result<RunResult>) -> DataError {
    match r {
        Err(Error::Node { source, .. }) => *source
            .downcast::<DataError>()
            .unwrap_or_else(|e| panic!("not a DataError: {e}")),
        other => panic!("expected a reader error, got {:?}", other.err()),
    }
}

#[derive(Clone, Debug, PartialEq, Record)]
struct Quote {
    sym: String,
    bid: f64,
    size: Option<i64>,
}

#[test]
fn rows_replay_by_symbol_with_nulls_and_all_rows_of_a_time_in_one_slice() {
    let path = csv_file(
        "timestamp,sym,bid,size,unused\n\
         2020-01-01T00:00:01Z,A,1.5,10,x\n\
         2020-01-01 00:00:01,B,7.25,,y\n\
         2020-01-01T00:00:02.5+00:00,A,1.75,20,\n",
    );
    let g = Graph::new();
    let reader = CsvReader::new(&g, &path).symbol_column("sym");
    let a = reader.subscribe::<Quote>("A");
    let all = reader.subscribe_all::<Quote>();
    g.output("a", &a);
    g.output("all", &all);
    // Rows of A and B at one time tick in the same cycle.
    g.output("together", sample(&all, &a));
    let r = run_for(&g, 5).unwrap();
    let quote = |sym: &str, bid, size| Quote {
        sym: sym.into(),
        bid,
        size,
    };
    assert_eq!(
        r.series::<Quote>("a").unwrap(),
        &[
            (at(1.0), quote("A", 1.5, Some(10))),
            (at(2.5), quote("A", 1.75, Some(20)))
        ]
    );
    assert_eq!(
        r.values::<Quote>("all").unwrap(),
        vec![
            quote("A", 1.5, Some(10)),
            quote("B", 7.25, None),
            quote("A", 1.75, Some(20))
        ]
    );
}

#[derive(Clone, Debug, PartialEq, Record)]
struct PyTrade {
    symbol: String,
    price: Option<f64>,
    size: Option<i64>,
}

/// A CSV written by pyarrow (`tests/data/pyarrow_trades.csv`: quoted header and strings,
/// `2020-01-01 00:00:01.000000000Z` times, empty fields for nulls) reads back whole. (And
/// pyarrow reads the writer's files back with their types: checked by hand, pyarrow 23.)
#[test]
fn a_csv_written_by_pyarrow_reads_back() {
    let path =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/pyarrow_trades.csv");
    let g = Graph::new();
    let reader = CsvReader::new(&g, &path).symbol_column("symbol");
    g.output("aapl", reader.subscribe::<PyTrade>("AAPL"));
    g.output("all", reader.subscribe_all::<PyTrade>());
    let r = run_for(&g, 5).unwrap();
    let t = |symbol: &str, price, size| PyTrade {
        symbol: symbol.into(),
        price,
        size,
    };
    assert_eq!(
        r.series::<PyTrade>("aapl").unwrap(),
        &[
            (at(1.0), t("AAPL", Some(101.5), Some(100))),
            (at(2.5), t("AAPL", None, Some(300)))
        ]
    );
    assert_eq!(
        r.values::<PyTrade>("all").unwrap()[1],
        t("MSFT", Some(250.25), None)
    );
}

#[test]
fn time_formats_epoch_units_patterns_and_zones() {
    let cases: Vec<(&str, TimeFormat, Option<FixedOffset>)> = vec![
        ("1577836801", TimeFormat::Epoch(TimeUnit::Second), None),
        ("1577836801.5", TimeFormat::Epoch(TimeUnit::Second), None),
        (
            "1577836801500",
            TimeFormat::Epoch(TimeUnit::Millisecond),
            None,
        ),
        (
            "1577836801500000000",
            TimeFormat::Epoch(TimeUnit::Nanosecond),
            None,
        ),
        // Naive times are read in the reader's zone: 02:00:01.5 at +02:00 is 00:00:01.5 UTC.
        (
            "2020-01-01T02:00:01.5",
            TimeFormat::Iso8601,
            FixedOffset::east_opt(7200),
        ),
        (
            "01/01/2020 00:00:01.5",
            TimeFormat::Pattern("%d/%m/%Y %H:%M:%S%.f".into()),
            None,
        ),
        (
            "31/12/2019 19:00:01.5 -0500",
            TimeFormat::Pattern("%d/%m/%Y %H:%M:%S%.f %z".into()),
            None,
        ),
    ];
    for (text, format, zone) in cases {
        let path = csv_file(&format!("t,v\n{text},3\n"));
        let g = Graph::new();
        let mut reader = CsvReader::new(&g, &path)
            .time_column("t")
            .time_format(format.clone());
        if let Some(z) = zone {
            reader = reader.zone(z);
        }
        g.output("v", reader.subscribe_all_column::<i64>("v"));
        let r = run_for(&g, 5).unwrap();
        let expected = if text.starts_with("1577836801") && !text.contains('.') && text.len() == 10
        {
            at(1.0)
        } else {
            at(1.5)
        };
        assert_eq!(
            r.series::<i64>("v").unwrap(),
            &[(expected, 3)],
            "{text} as {format:?}"
        );
    }
}

#[test]
fn a_value_that_does_not_parse_names_file_column_and_row() {
    let path = csv_file("timestamp,bid\n2020-01-01T00:00:01Z,1.5\n2020-01-01T00:00:02Z,abc\n");
    let g = Graph::new();
    g.output(
        "b",
        CsvReader::new(&g, &path).subscribe_all_column::<f64>("bid"),
    );
    let e = data_error(run_for(&g, 5));
    let text = e.to_string();
    assert!(
        matches!(&e, DataError::Row { row: 1, error, .. } if error.column == "bid"),
        "{text}"
    );
    assert!(text.contains(&path.display().to_string()), "{text}");
    assert!(text.contains("\"abc\""), "{text}");
}

#[test]
fn bad_times_missing_columns_disorder_and_ragged_rows_are_typed_errors() {
    let bid = |text: &str| {
        let path = csv_file(text);
        let g = Graph::new();
        g.output(
            "b",
            CsvReader::new(&g, &path).subscribe_all_column::<f64>("bid"),
        );
        data_error(run_for(&g, 5))
    };
    let e = bid("timestamp,bid\n2020-01-01T00:00:01Z,1\nyesterday,2\n");
    assert!(
        matches!(&e, DataError::Row { row: 1, error, .. } if error.column == "timestamp"),
        "{e}"
    );
    let e = bid("time,bid\n2020-01-01T00:00:01Z,1\n");
    assert!(
        matches!(&e, DataError::Column { error, .. } if error.column == "timestamp"),
        "{e}"
    );
    let e = bid("timestamp,ask\n2020-01-01T00:00:01Z,1\n");
    assert!(
        matches!(&e, DataError::Column { error, .. } if error.column == "bid"),
        "{e}"
    );
    let e = bid("timestamp,bid\n2020-01-01T00:00:02Z,1\n2020-01-01T00:00:01Z,2\n");
    assert!(matches!(&e, DataError::OutOfOrder { row: 1, .. }), "{e}");
    let e = bid("timestamp,bid\n2020-01-01T00:00:01Z,1\n,2\n");
    assert!(matches!(&e, DataError::NullTime { row: 1, .. }), "{e}");
    let e = bid("timestamp,bid\n2020-01-01T00:00:01Z,1,9\n");
    assert!(matches!(&e, DataError::Corrupt { .. }), "{e}");
}

#[derive(Clone, Debug, PartialEq, Record)]
struct Row {
    a: i64,
    b: i32,
    c: u8,
    d: f64,
    e: bool,
    f: String,
    g: Time,
    h: Option<f64>,
    j: Option<u64>,
}

fn row() -> impl Strategy<Value = Row> {
    (
        (
            any::<i64>(),
            any::<i32>(),
            any::<u8>(),
            -1e300f64..1e300,
            any::<bool>(),
        ),
        (
            "[a-zé ,\"]{0,8}",
            -4_000_000_000_000_000_000i64..4_000_000_000_000_000_000,
            proptest::option::of(-1e9f64..1e9),
            proptest::option::of(any::<u64>()),
        ),
    )
        .prop_map(|((a, b, c, d, e), (f, g, h, j))| Row {
            a,
            b,
            c,
            d,
            e,
            f,
            g: Time::from_nanos(g),
            h,
            j,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any recorded series, written once as CSV and once as Parquet by the same graph and
    /// read back by each reader, is the series recorded: every column type, nulls, quotes
    /// and delimiters in strings, several rows at one time, small batches.
    #[test]
    fn csv_and_parquet_round_trips_agree(
        rows in proptest::collection::vec((0u8..3, row()), 1..40),
        batch in 1usize..20,
    ) {
        let mut t = 0.0;
        let data: Vec<(Time, Row)> = rows
            .into_iter()
            .map(|(dt, v)| {
                t += f64::from(dt) + 0.123_456_789;
                (at(t), v)
            })
            .collect();
        let csv = TempPath::new("tickgraph-csv-", "rows.csv");
        let parquet = TempPath::new("tickgraph-csv-", "rows.parquet");
        let g = Graph::new();
        let x = curve(&g, data.clone());
        let mut w = CsvWriter::new(&g, &csv).batch_size(batch);
        w.publish_record(&x);
        w.finish();
        let mut w = ParquetWriter::new(&g, &parquet).batch_size(batch);
        w.publish_record(&x);
        w.finish();
        g.run(RunConfig::historical(st(), at(t + 1.0))).unwrap();

        let g = Graph::new();
        g.output("csv", CsvReader::new(&g, &csv).batch_size(batch).subscribe_all::<Row>());
        g.output("parquet", ParquetReader::new(&g, &parquet).subscribe_all::<Row>());
        let out = g.run(RunConfig::historical(st(), at(t + 1.0))).unwrap();
        prop_assert_eq!(out.series::<Row>("csv").unwrap(), &data[..]);
        prop_assert_eq!(out.series::<Row>("parquet").unwrap(), &data[..]);
    }
}

fn batch(seconds: &[i64], values: &[f64]) -> RecordBatch {
    let times: Vec<i64> = seconds.iter().map(|s| at(*s as f64).nanos()).collect();
    RecordBatch::try_from_iter([
        (
            "timestamp",
            Arc::new(TimestampNanosecondArray::from(times)) as ArrayRef,
        ),
        (
            "v",
            Arc::new(Float64Array::from(values.to_vec())) as ArrayRef,
        ),
    ])
    .unwrap()
}

#[test]
fn record_batches_in_memory_replay_in_order_across_batches() {
    let g = Graph::new();
    let reader = BatchReader::from_batches(
        &g,
        [batch(&[1, 2], &[1.0, 2.0]), batch(&[2, 4], &[3.0, 4.0])],
    );
    g.output("v", reader.subscribe_all_column::<f64>("v"));
    let r = run_for(&g, 3).unwrap();
    // Time 4 is after the run's end.
    assert_eq!(
        r.series::<f64>("v").unwrap(),
        &[(at(1.0), 1.0), (at(2.0), 2.0), (at(2.0), 3.0)]
    );

    // Rows are counted across batches in errors.
    let g = Graph::new();
    let reader = BatchReader::from_batches(&g, [batch(&[1, 2], &[1.0, 2.0]), batch(&[1], &[3.0])]);
    g.output("v", reader.subscribe_all_column::<f64>("v"));
    let e = data_error(run_for(&g, 3));
    assert!(matches!(&e, DataError::OutOfOrder { row: 2, .. }), "{e}");

    // A batch with another schema is an error, not a silent rebinding.
    let other = RecordBatch::try_from_iter([
        (
            "timestamp",
            Arc::new(TimestampNanosecondArray::from(vec![at(3.0).nanos()])) as ArrayRef,
        ),
        ("v", Arc::new(Int64Array::from(vec![1])) as ArrayRef),
    ])
    .unwrap();
    let g = Graph::new();
    let reader = BatchReader::from_batches(&g, [batch(&[1], &[1.0]), other]);
    g.output("v", reader.subscribe_all_column::<f64>("v"));
    let e = data_error(run_for(&g, 5));
    assert!(e.to_string().contains("another schema"), "{e}");

    // No batches: no rows.
    let g = Graph::new();
    let reader = BatchReader::from_batches(&g, []);
    g.output("v", reader.subscribe_all_column::<f64>("v"));
    assert!(
        run_for(&g, 5)
            .unwrap()
            .values::<f64>("v")
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_writer_rotates_files_when_its_path_series_ticks() {
    let dir = TempPath::new("tickgraph-rotate-", "");
    let file = |name: &str| dir.join(name).display().to_string();
    let g = Graph::new();
    let x = curve(
        &g,
        (0..6)
            .map(|i| (at(f64::from(i)), i64::from(i)))
            .collect::<Vec<_>>(),
    );
    // A new file at 2 s (the row at 2 s is its first) and at 4.5 s (between rows).
    let paths = curve(
        &g,
        vec![(at(2.0), file("b.parquet")), (at(4.5), file("c.parquet"))],
    );
    let mut w = ParquetWriter::new(&g, file("a.parquet")).rotate(&paths);
    w.publish("x", &x);
    w.finish();
    let mut w =
        CsvWriter::new(&g, file("a.csv")).rotate(paths.apply(|p| p.replace(".parquet", ".csv")));
    w.publish("x", &x);
    w.finish();
    run_for(&g, 10).unwrap();
    for (name, expected) in [("a", vec![0, 1]), ("b", vec![2, 3, 4]), ("c", vec![5])] {
        let g = Graph::new();
        let p = ParquetReader::new(&g, file(&format!("{name}.parquet")));
        let c = CsvReader::new(&g, file(&format!("{name}.csv")));
        g.output("p", p.subscribe_all_column::<i64>("x"));
        g.output("c", c.subscribe_all_column::<i64>("x"));
        let r = run_for(&g, 10).unwrap();
        assert_eq!(r.values::<i64>("p").unwrap(), expected, "{name}.parquet");
        assert_eq!(r.values::<i64>("c").unwrap(), expected, "{name}.csv");
    }
    // Every file was finished: no temporary file is left.
    let left: Vec<_> = std::fs::read_dir(&*dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[derive(Clone, Debug, PartialEq, Record)]
struct Inner {
    px: f64,
}

#[derive(Clone, Debug, PartialEq, Record)]
struct Outer {
    inner: Inner,
}

/// CSV is flat: a nested record fails the run when the file is opened, naming the column,
/// instead of writing text the reader cannot read back.
#[test]
fn the_csv_writer_refuses_nested_records() {
    let path = TempPath::new("tickgraph-csv-", "nested.csv");
    let g = Graph::new();
    let mut w = CsvWriter::new(&g, &path);
    w.publish_record(curve(
        &g,
        vec![(
            at(1.0),
            Outer {
                inner: Inner { px: 1.0 },
            },
        )],
    ));
    w.finish();
    let e = run_for(&g, 5).unwrap_err();
    assert!(
        e.to_string().contains("column 'inner' is a nested record"),
        "{e}"
    );
}
