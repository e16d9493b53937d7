//! The Parquet reader against csp's semantics: spec section 4 ("Parquet reader", the
//! verified read-back) and case C22, bad input (one test per kind of error, each naming
//! file, column and row), and a file written by pyarrow.

mod common;
mod scratch;

use arrow_array::{
    ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray, TimestampNanosecondArray,
};
use scratch::TempPath;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tickgraph::adapters::DataError;
use tickgraph::adapters::parquet::ParquetReader;
use tickgraph::prelude::*;

fn st() -> Time {
    Time::ymd_hms(2020, 1, 1, 0, 0, 0)
}

fn at(seconds: f64) -> Time {
    st() + secs_f64(seconds)
}

fn ns(seconds: f64) -> i64 {
    at(seconds).nanos()
}

/// A fresh path in its own temporary folder, removed when the path is dropped.
fn temp(name: &str) -> TempPath {
    TempPath::new("tickgraph-parquet-", name)
}

/// Writes `columns` to a new Parquet file.
fn write(name: &str, columns: Vec<(&str, ArrayRef)>) -> TempPath {
    let path = temp(name);
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let file = std::fs::File::create(&path).unwrap();
    let mut w = parquet::arrow::ArrowWriter::try_new(file, batch.schema(), None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    path
}

fn times(seconds: &[f64]) -> ArrayRef {
    Arc::new(TimestampNanosecondArray::from(
        seconds.iter().map(|s| ns(*s)).collect::<Vec<_>>(),
    ))
}

fn strings(v: &[Option<&str>]) -> ArrayRef {
    Arc::new(StringArray::from(v.to_vec()))
}

fn floats(v: &[Option<f64>]) -> ArrayRef {
    Arc::new(Float64Array::from(v.to_vec()))
}

fn ints(v: &[Option<i64>]) -> ArrayRef {
    Arc::new(Int64Array::from(v.to_vec()))
}

#[derive(Clone, Debug, PartialEq, Record)]
struct Trade {
    sym: Option<String>,
    px: Option<f64>,
    qty: Option<i64>,
}

fn trade(sym: &str, px: f64, qty: i64) -> Trade {
    Trade {
        sym: Some(sym.into()),
        px: Some(px),
        qty: Some(qty),
    }
}

/// Spec 4's verified file: trades A@1s, B@1s, A@2s, B@3s, and a row of nulls at 4 s.
fn four_trades() -> TempPath {
    write(
        "trades.parquet",
        vec![
            ("timestamp", times(&[1.0, 1.0, 2.0, 3.0, 4.0])),
            (
                "sym",
                strings(&[Some("A"), Some("B"), Some("A"), Some("B"), None]),
            ),
            (
                "px",
                floats(&[Some(1.0), Some(2.0), Some(1.5), Some(2.5), None]),
            ),
            ("qty", ints(&[Some(10), Some(20), Some(5), Some(7), None])),
        ],
    )
}

fn run(g: &Graph, end: f64) -> tickgraph::Result<RunResult> {
    common::run(g, RunConfig::historical(st(), at(end)))
}

/// Spec 4 [verified]: "subscribe('A', Trade) -> [(1.0, A 1.0 10), (2.0, A 1.5 5)];
/// subscribe('B', float, 'px') -> [(1.0, 2.0), (3.0, 2.5)]; collect([sub A px, sub B px])
/// -> [(1.0,[1.0,2.0]), (2.0,[1.5]), (3.0,[2.5])]" (rows of different symbols at one time
/// tick in the same cycle).
#[test]
fn symbol_subscriptions_read_back_as_csp_does() {
    let path = four_trades();
    // The null row has no symbol: read the first four rows only (csp's file had them).
    let g = Graph::new();
    let reader = ParquetReader::new(&g, &path)
        .symbol_column("sym")
        .end_time(at(3.0));
    g.output("a", reader.subscribe::<Trade>("A"));
    g.output("b_px", reader.subscribe_column::<f64>("B", "px"));
    let a_px = reader.subscribe_column::<f64>("A", "px");
    let b_px = reader.subscribe_column::<f64>("B", "px");
    g.output("both", collect(&[a_px, b_px]));
    let r = run(&g, 10.0).unwrap();
    assert_eq!(
        r.series::<Trade>("a").unwrap(),
        &[
            (at(1.0), trade("A", 1.0, 10)),
            (at(2.0), trade("A", 1.5, 5))
        ]
    );
    assert_eq!(
        r.series::<f64>("b_px").unwrap(),
        &[(at(1.0), 2.0), (at(3.0), 2.5)]
    );
    assert_eq!(
        r.series::<Vec<f64>>("both").unwrap(),
        &[
            (at(1.0), vec![1.0, 2.0]),
            (at(2.0), vec![1.5]),
            (at(3.0), vec![2.5])
        ]
    );
}

/// Spec 4 [verified]: "subscribe_all(Trade) -> (1.0,A) (1.0,B) (2.0,A) (3.0,B) (4.0,
/// Trade()) # 1.0 rows on 2 cycles; null row -> empty struct", and "starttime=1.5s -> rows
/// at 1.0 skipped".
#[test]
fn subscribe_all_ticks_every_row_and_a_null_row_is_an_empty_record() {
    let path = four_trades();
    let g = Graph::new();
    let reader = ParquetReader::new(&g, &path);
    g.output("all", reader.subscribe_all::<Trade>());
    let r = run(&g, 10.0).unwrap();
    let empty = Trade {
        sym: None,
        px: None,
        qty: None,
    };
    assert_eq!(
        r.series::<Trade>("all").unwrap(),
        &[
            (at(1.0), trade("A", 1.0, 10)),
            (at(1.0), trade("B", 2.0, 20)),
            (at(2.0), trade("A", 1.5, 5)),
            (at(3.0), trade("B", 2.5, 7)),
            (at(4.0), empty),
        ]
    );
    assert_eq!(r.stats().cycles, 5, "the two rows at 1 s take two cycles");

    let late = Graph::new();
    let reader = ParquetReader::new(&late, &path);
    late.output("all", reader.subscribe_all_column::<f64>("px"));
    let r = common::run(&late, RunConfig::historical(at(1.5), at(10.0))).unwrap();
    // The null px at 4 s ticks nothing (csp's primitive subscription).
    assert_eq!(
        r.series::<f64>("all").unwrap(),
        &[(at(2.0), 1.5), (at(3.0), 2.5)]
    );
}

/// C22: "Three (symbol, value) rows at t=0 are written, then read back: subscribe_all gives
/// 3 ticks; collect of per-symbol subscriptions gives 1 tick ['AAPL','IBM','Z']."
#[test]
fn c22_rows_of_one_time_collect_into_one_cycle_across_symbols() {
    let path = write(
        "three.parquet",
        vec![
            ("timestamp", times(&[0.0, 0.0, 0.0])),
            ("symbol", strings(&[Some("AAPL"), Some("IBM"), Some("Z")])),
        ],
    );
    let g = Graph::new();
    let reader = ParquetReader::new(&g, &path).symbol_column("symbol");
    g.output("all", reader.subscribe_all_column::<String>("symbol"));
    let each: Vec<Ts<String>> = ["AAPL", "IBM", "Z"]
        .iter()
        .map(|s| reader.subscribe_column::<String>(s, "symbol"))
        .collect();
    g.output("collected", collect(&each));
    let r = run(&g, 1.0).unwrap();
    assert_eq!(r.values::<String>("all").unwrap().len(), 3);
    assert_eq!(
        r.values::<Vec<String>>("collected").unwrap(),
        vec![vec!["AAPL".to_string(), "IBM".into(), "Z".into()]]
    );
}

/// C22: "Three same-time rows for symbol A: LAST_VALUE gives 1 tick of 30; NON_COLLAPSING
/// gives [10, 20, 30]."
#[test]
fn c22_push_modes_at_one_time() {
    let path = write(
        "same_time.parquet",
        vec![
            ("timestamp", times(&[0.0, 0.0, 0.0])),
            ("symbol", strings(&[Some("A"), Some("A"), Some("A")])),
            ("v", ints(&[Some(10), Some(20), Some(30)])),
        ],
    );
    for (mode, expected) in [
        (PushMode::LastValue, vec![30]),
        (PushMode::NonCollapsing, vec![10, 20, 30]),
    ] {
        let g = Graph::new();
        let reader = ParquetReader::new(&g, &path)
            .symbol_column("symbol")
            .push_mode(mode);
        g.output("a", reader.subscribe_column::<i64>("A", "v"));
        let r = run(&g, 1.0).unwrap();
        assert_eq!(r.values::<i64>("a").unwrap(), expected, "{mode:?}");
    }
}

fn ramp(name: &str, from: i64, to: i64) -> TempPath {
    let secs: Vec<f64> = (from..=to).map(|s| s as f64).collect();
    let values: Vec<Option<i64>> = (from..=to).map(Some).collect();
    write(
        name,
        vec![("timestamp", times(&secs)), ("v", ints(&values))],
    )
}

/// C22: "Files f1 = 1..5 s and f2 = 1..5 s with allow_overlapping_periods=True give
/// [1,2,3,4,5]. Without it, Cannot schedule event in the past." (Equal timestamps are not
/// deduplicated: f2's row at 5 s is kept.)
#[test]
fn c22_overlapping_files() {
    let (f1, f2) = (ramp("f1.parquet", 1, 5), ramp("f2.parquet", 1, 5));
    let g = Graph::new();
    let reader = ParquetReader::from_files(&g, [&f1, &f2]).allow_overlapping_periods(true);
    g.output("v", reader.subscribe_all_column::<i64>("v"));
    let r = run(&g, 10.0).unwrap();
    assert_eq!(r.values::<i64>("v").unwrap(), vec![1, 2, 3, 4, 5, 5]);

    let g = Graph::new();
    let reader = ParquetReader::from_files(&g, [&f1, &f2]);
    g.output("v", reader.subscribe_all_column::<i64>("v"));
    let e = data_error(run(&g, 10.0));
    assert!(
        matches!(&e, DataError::Overlap { file, row: 0, .. } if file.ends_with("f2.parquet")),
        "{e}"
    );
    assert!(
        e.to_string().contains("cannot schedule event in the past"),
        "{e}"
    );
}

/// C22: "Reader start_time=3s, end_time=7s gives [3,4,5,6,7]."
#[test]
fn c22_reader_start_and_end_times() {
    let path = ramp("ten.parquet", 1, 10);
    let g = Graph::new();
    let reader = ParquetReader::new(&g, &path)
        .start_time(at(3.0))
        .end_time(at(7.0));
    g.output("v", reader.subscribe_all_column::<i64>("v"));
    let r = run(&g, 20.0).unwrap();
    assert_eq!(r.values::<i64>("v").unwrap(), vec![3, 4, 5, 6, 7]);
}

#[derive(Clone, Debug, PartialEq, Record)]
struct Stamped {
    timestamp: Time,
    v: i64,
}

/// C22: "time_shift=1h shifts the timestamps by 1 h and leaves the values unchanged."
#[test]
fn c22_time_shift_moves_ticks_not_values() {
    let path = ramp("shift.parquet", 1, 2);
    let g = Graph::new();
    let reader = ParquetReader::new(&g, &path).time_shift(TimeDelta::hours(1));
    g.output("v", reader.subscribe_all::<Stamped>());
    let r = run(&g, 7200.0).unwrap();
    assert_eq!(
        r.series::<Stamped>("v").unwrap(),
        &[
            (
                at(3601.0),
                Stamped {
                    timestamp: at(1.0),
                    v: 1
                }
            ),
            (
                at(3602.0),
                Stamped {
                    timestamp: at(2.0),
                    v: 2
                }
            ),
        ]
    );
}

#[derive(Clone, Debug, PartialEq, Record)]
struct PyTrade {
    ts: Time,
    #[record(rename = "symbol")]
    sym: String,
    px: f64,
    qty: i64,
    venue: Option<String>,
}

/// A file written by pyarrow (`tests/data/pyarrow_trades.parquet`: timestamp[us, UTC],
/// a dictionary-encoded symbol, int32 quantities, a nullable string) reads back whole.
#[test]
fn a_file_written_by_pyarrow_reads_back() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/pyarrow_trades.parquet");
    let g = Graph::new();
    let reader = ParquetReader::new(&g, &path)
        .time_column("ts")
        .symbol_column("symbol");
    g.output("b", reader.subscribe::<PyTrade>("B"));
    g.output("all", reader.subscribe_all::<PyTrade>());
    let r = run(&g, 10.0).unwrap();
    let t = |s: f64, sym: &str, px: f64, qty: i64, venue: Option<&str>| PyTrade {
        ts: at(s),
        sym: sym.into(),
        px,
        qty,
        venue: venue.map(String::from),
    };
    assert_eq!(
        r.values::<PyTrade>("b").unwrap(),
        vec![t(1.0, "B", 2.0, 20, None), t(3.0, "B", 2.5, 7, None)]
    );
    assert_eq!(
        r.values::<PyTrade>("all").unwrap()[2],
        t(2.0, "A", 1.5, 5, Some("Y"))
    );
}

/// The `DataError` behind a failed run.
fn data_error(r: tickgraph::Result<RunResult>) -> DataError {
    match r {
        Err(Error::Node { node, source, .. }) => {
            assert_eq!(node, "parquet");
            *source.downcast::<DataError>().expect("a DataError")
        }
        other => panic!("expected a reader error, got {:?}", other.err()),
    }
}

fn read_all<R: tickgraph::adapters::columnar::Record>(
    path: &Path,
    configure: impl Fn(ParquetReader) -> ParquetReader,
) -> tickgraph::Result<RunResult> {
    let g = Graph::new();
    let reader = configure(ParquetReader::new(&g, path));
    g.output("x", reader.subscribe_all::<R>());
    run(&g, 100.0)
}

#[test]
fn a_missing_file_is_an_error_naming_it_unless_allowed() {
    let path = temp("absent.parquet");
    let e = data_error(read_all::<Stamped>(&path, |r| r));
    assert!(
        matches!(&e, DataError::Open { file, .. } if file.ends_with("absent.parquet")),
        "{e}"
    );
    let r = read_all::<Stamped>(&path, |r| r.allow_missing_files(true)).unwrap();
    assert!(r.values::<Stamped>("x").unwrap().is_empty());
}

#[test]
fn a_missing_column_is_an_error_naming_it_unless_allowed_for_an_option() {
    let path = ramp("no_px.parquet", 1, 2);
    let e = data_error(read_all::<Trade>(&path, |r| r));
    assert!(e.to_string().contains("no column 'sym'"), "{e}");
    let r = read_all::<Trade>(&path, |r| r.allow_missing_columns(true)).unwrap();
    assert_eq!(r.values::<Trade>("x").unwrap().len(), 2);
}

#[test]
fn a_column_of_the_wrong_type_is_an_error_naming_it() {
    let path = write(
        "typed.parquet",
        vec![("timestamp", times(&[1.0])), ("v", strings(&[Some("x")]))],
    );
    let e = data_error(read_all::<Stamped>(&path, |r| r));
    assert!(
        e.to_string()
            .contains("column 'v' has type Utf8, which cannot be read as i64"),
        "{e}"
    );
}

#[test]
fn a_null_in_a_field_that_is_not_an_option_names_column_and_row() {
    let path = write(
        "nulls.parquet",
        vec![
            ("timestamp", times(&[1.0, 2.0])),
            ("v", ints(&[Some(1), None])),
        ],
    );
    let e = data_error(read_all::<Stamped>(&path, |r| r));
    assert!(matches!(&e, DataError::Row { row: 1, .. }), "{e}");
    assert!(e.to_string().contains("row 1: column 'v' is null"), "{e}");
}

#[test]
fn a_null_time_is_an_error_naming_the_row() {
    let t: ArrayRef = Arc::new(TimestampNanosecondArray::from(vec![Some(ns(1.0)), None]));
    let path = write(
        "null_time.parquet",
        vec![("timestamp", t), ("v", ints(&[Some(1), Some(2)]))],
    );
    let e = data_error(read_all::<Stamped>(&path, |r| r));
    assert!(matches!(&e, DataError::NullTime { row: 1, .. }), "{e}");
}

#[test]
fn a_null_symbol_is_an_error_naming_the_row() {
    let path = four_trades();
    let e = data_error({
        let g = Graph::new();
        let reader = ParquetReader::new(&g, &path).symbol_column("sym");
        g.output("a", reader.subscribe_column::<f64>("A", "px"));
        run(&g, 10.0)
    });
    assert!(matches!(&e, DataError::NullSymbol { row: 4, .. }), "{e}");
    assert!(
        e.to_string()
            .contains("row with no value for symbol column 'sym'"),
        "{e}"
    );
}

#[test]
fn times_going_backwards_within_a_file_is_an_error_naming_the_row() {
    let path = write(
        "backwards.parquet",
        vec![
            ("timestamp", times(&[1.0, 3.0, 2.0])),
            ("v", ints(&[Some(1), Some(2), Some(3)])),
        ],
    );
    let e = data_error(read_all::<Stamped>(&path, |r| r));
    assert!(matches!(&e, DataError::OutOfOrder { row: 2, .. }), "{e}");
}

#[test]
fn a_time_column_that_is_not_a_timestamp_is_an_error() {
    let path = write(
        "int_time.parquet",
        vec![("timestamp", ints(&[Some(1)])), ("v", ints(&[Some(1)]))],
    );
    let e = data_error(read_all::<Stamped>(&path, |r| r));
    assert!(matches!(&e, DataError::TimeType { .. }), "{e}");
}

#[test]
fn a_truncated_or_corrupt_file_is_an_error_naming_it() {
    let path = ramp("whole.parquet", 1, 5);
    let bytes = std::fs::read(&path).unwrap();
    let cut = temp("truncated.parquet");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let e = data_error(read_all::<Stamped>(&cut, |r| r));
    assert!(
        matches!(&e, DataError::Corrupt { file, .. } if file.ends_with("truncated.parquet")),
        "{e}"
    );
    let garbage = temp("garbage.parquet");
    std::fs::write(&garbage, b"not a parquet file at all").unwrap();
    assert!(matches!(
        data_error(read_all::<Stamped>(&garbage, |r| r)),
        DataError::Corrupt { .. }
    ));
}

#[test]
fn a_schema_change_between_files_is_checked_per_file() {
    let good = ramp("good.parquet", 1, 2);
    let changed = write(
        "changed.parquet",
        vec![
            ("timestamp", times(&[3.0])),
            ("v", strings(&[Some("three")])),
        ],
    );
    let g = Graph::new();
    let reader = ParquetReader::from_files(&g, [&good, &changed]);
    g.output("x", reader.subscribe_all::<Stamped>());
    let e = data_error(run(&g, 10.0));
    assert!(
        matches!(&e, DataError::Column { file, .. } if file.ends_with("changed.parquet")),
        "{e}"
    );
}

#[test]
fn subscribing_to_a_symbol_without_a_symbol_column_is_a_build_error() {
    let g = Graph::new();
    let path = four_trades();
    let reader = ParquetReader::new(&g, &path);
    g.output("a", reader.subscribe_column::<f64>("A", "px"));
    let e = run(&g, 10.0).unwrap_err();
    assert!(matches!(&e, Error::InvalidArgument { .. }), "{e}");
}

/// "Row groups wholly outside the run's time range are skipped using the file's
/// statistics": a file of ten row groups, one per second, whose groups before and after the
/// run's range hold rows that would fail the run if read (a null time; times going back),
/// replays the range alone; an error in a group that is read names its row in the file.
#[test]
fn row_groups_outside_the_run_are_not_read() {
    let path = temp("groups.parquet");
    let file = std::fs::File::create(&path).unwrap();
    let props = parquet::file::properties::WriterProperties::builder()
        .set_max_row_group_row_count(Some(3))
        .build();
    let batch = |t: ArrayRef, v: ArrayRef| {
        RecordBatch::try_from_iter_with_nullable([("timestamp", t, true), ("v", v, true)]).unwrap()
    };
    let schema = batch(times(&[0.0]), ints(&[Some(0)])).schema();
    let mut w = parquet::arrow::ArrowWriter::try_new(file, schema, Some(props)).unwrap();
    for g in 0..10i64 {
        let secs = [g as f64, g as f64 + 0.3, g as f64 + 0.6];
        // Group 1's last row goes back in time, group 8's second row is null: both are
        // outside the run below.
        let secs = if g == 1 { [1.0, 1.6, 1.3] } else { secs };
        let t: ArrayRef = if g == 8 {
            Arc::new(TimestampNanosecondArray::from(vec![
                Some(ns(8.0)),
                None,
                Some(ns(8.6)),
            ]))
        } else {
            times(&secs)
        };
        let v = ints(&[Some(10 * g), Some(10 * g + 1), Some(10 * g + 2)]);
        w.write(&batch(t, v)).unwrap();
    }
    w.close().unwrap();

    let g = Graph::new();
    let reader = ParquetReader::new(&g, &path).batch_size(2);
    g.output("v", reader.subscribe_all_column::<i64>("v"));
    let r = common::run(&g, RunConfig::historical(at(3.0), at(5.9))).unwrap();
    assert_eq!(
        r.values::<i64>("v").unwrap(),
        vec![30, 31, 32, 40, 41, 42, 50, 51, 52]
    );

    // Reading group 8: the null is row 25 of the file (row 1 of its group), though only
    // groups 7 and 8 were read.
    let g = Graph::new();
    let reader = ParquetReader::new(&g, &path);
    g.output("v", reader.subscribe_all_column::<i64>("v"));
    let e = data_error(common::run(&g, RunConfig::historical(at(7.0), at(8.9))));
    assert!(matches!(&e, DataError::NullTime { row: 25, .. }), "{e}");
}

/// "A time column of any timestamp unit (a time zone for naive times)": naive times are
/// read in the reader's zone, and row-group skipping uses the same instants.
#[test]
fn naive_times_are_read_in_the_readers_zone() {
    // Naive 02:00:01 .. 02:00:10 local at +02:00 are 00:00:01 .. 00:00:10 UTC.
    let local: Vec<f64> = (1..=10).map(|s| f64::from(s) + 7200.0).collect();
    let path = temp("naive.parquet");
    let batch = RecordBatch::try_from_iter([
        ("timestamp", times(&local)),
        ("v", ints(&(1..=10).map(Some).collect::<Vec<_>>())),
    ])
    .unwrap();
    let file = std::fs::File::create(&path).unwrap();
    let props = parquet::file::properties::WriterProperties::builder()
        .set_max_row_group_row_count(Some(2))
        .build();
    let mut w = parquet::arrow::ArrowWriter::try_new(file, batch.schema(), Some(props)).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    let zone = chrono::FixedOffset::east_opt(7200).unwrap();
    let g = Graph::new();
    let reader = ParquetReader::new(&g, &path).zone(zone).start_time(at(4.0));
    g.output("v", reader.subscribe_all_column::<i64>("v"));
    let r = run(&g, 6.0).unwrap();
    assert_eq!(
        r.series::<i64>("v").unwrap(),
        &[(at(4.0), 4), (at(5.0), 5), (at(6.0), 6)]
    );
}

/// "Several files read in sequence (a list, a glob, or a function of the run's start and
/// end)": a glob reads its matches in path order; no match is a missing file named by the
/// pattern; a malformed pattern is a build error.
#[test]
fn a_glob_reads_its_files_in_path_order() {
    let dir = TempPath::new("tickgraph-parquet-", "");
    // Written out of order, so that path order is not creation order.
    std::fs::copy(ramp("b.parquet", 4, 5), dir.join("2020-01-02.parquet")).unwrap();
    std::fs::copy(ramp("a.parquet", 1, 3), dir.join("2020-01-01.parquet")).unwrap();
    std::fs::write(dir.join("notes.txt"), "not data").unwrap();
    let g = Graph::new();
    let reader = ParquetReader::from_glob(&g, &format!("{}/*.parquet", dir.display()));
    g.output("v", reader.subscribe_all_column::<i64>("v"));
    let r = run(&g, 10.0).unwrap();
    assert_eq!(r.values::<i64>("v").unwrap(), vec![1, 2, 3, 4, 5]);

    let nothing = format!("{}/*.csv", dir.display());
    let g = Graph::new();
    let reader = ParquetReader::from_glob(&g, &nothing);
    g.output("v", reader.subscribe_all_column::<i64>("v"));
    let e = data_error(run(&g, 10.0));
    assert!(
        matches!(&e, DataError::Open { file, .. } if *file == nothing),
        "{e}"
    );

    let g = Graph::new();
    let reader = ParquetReader::from_glob(&g, "data/[.parquet");
    g.output("v", reader.subscribe_all_column::<i64>("v"));
    let e = run(&g, 10.0).unwrap_err();
    assert!(matches!(&e, Error::InvalidArgument { .. }), "{e}");
}
