//! `parquet`: W4 (the per-symbol running VWAP over a Parquet file of trades) through
//! tickgraph's `ParquetReader` and a graph, side by side in one run with a hand-written
//! arrow-rs loop that reads the same file and computes the same result: the physical limit
//! of reading it (no engine, no subscriptions, no cycles).
//!
//! ```text
//! cargo bench --bench parquet                         # 1M rows
//! TICKGRAPH_BENCH_ROWS=10000000 cargo bench --bench parquet
//! ```
//!
//! The file has W4's data (`../shared/peers/csp_workloads/gen_parquet.py`'s formulas: one
//! row per µs, symbol `i % 100`, snappy, row groups of 1,048,576 rows), written once to the
//! temp folder by tickgraph's writer. Both sides read the timestamp, symbol (as a
//! dictionary), price and quantity columns, update the symbol's VWAP on every row (a
//! streaming engine must), and return the sum of the final VWAPs, checked equal.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ArrowReaderOptions, ParquetRecordBatchReaderBuilder};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tickgraph::adapters::parquet::{ParquetReader, ParquetWriter};
use tickgraph::prelude::*;

fn rows() -> usize {
    std::env::var("TICKGRAPH_BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000)
}

fn start() -> Time {
    Time::ymd_hms(2024, 1, 2, 0, 0, 0)
}

#[derive(Clone, Debug, Record)]
struct Trade {
    symbol: String,
    price: f64,
    qty: i64,
}

/// The data file, written by tickgraph's writer the first time.
fn file(n: usize) -> PathBuf {
    let path = std::env::temp_dir().join(format!("tickgraph-bench-w4-{n}.parquet"));
    if path.exists() {
        return path;
    }
    let g = Graph::new();
    let trades: Vec<(Time, Trade)> = (0..n as u64)
        .map(|i| {
            let t = start().add_nanos(i as i64 * 1_000);
            let price = 100.0 + ((i * 7919) % 10007) as f64 / 64.0;
            let qty = 1 + ((i * 104_729) % 1000) as i64;
            let symbol = format!("S{:03}", i % 100);
            (t, Trade { symbol, price, qty })
        })
        .collect();
    let mut w = ParquetWriter::new(&g, &path).batch_size(1 << 20);
    w.publish_record(curve(&g, trades));
    w.finish();
    g.run(RunConfig::historical(
        start(),
        start().add_nanos(n as i64 * 1_000),
    ))
    .expect("writing the bench's data");
    path
}

#[derive(Clone, Debug, Record)]
struct Tick {
    price: f64,
    qty: i64,
}

/// The running VWAP of one symbol's ticks.
#[node]
fn vwap(t: Ts<Tick>) -> Ts<f64> {
    state! {
        let mut notional = 0.0;
        let mut volume = 0.0;
    }
    if ticked!(t) {
        notional += t.price * t.qty as f64;
        volume += t.qty as f64;
        return notional / volume;
    }
}

/// The graph: 100 symbol subscriptions, a VWAP each, the last VWAP kept.
fn tickgraph_w4(path: &Path, n: usize) -> f64 {
    let g = Graph::new();
    let reader = ParquetReader::new(&g, path).symbol_column("symbol");
    let symbols: Vec<String> = (0..100).map(|s| format!("S{s:03}")).collect();
    for (name, ticks) in reader.subscribe_dict::<Tick>(&symbols) {
        g.output_with(&name, vwap(ticks), BufferPolicy::ticks(1));
    }
    let end = start().add_nanos(n as i64 * 1_000);
    let r = g.run(RunConfig::historical(start(), end)).expect("W4 runs");
    symbols
        .iter()
        .filter_map(|s| r.last::<f64>(s).expect("an output").map(|(_, v)| *v))
        .sum()
}

/// The hand-written loop: arrow-rs record batches, the symbol as a dictionary key.
fn arrow_loop(path: &Path) -> f64 {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float64Type, Int32Type, Int64Type, TimestampNanosecondType};
    use arrow_schema::{DataType, Field, Schema};
    let file = std::fs::File::open(path).expect("the data file");
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).expect("a Parquet file");
    let fields: Vec<Field> = builder
        .schema()
        .fields()
        .iter()
        .map(|f| {
            let f = f.as_ref().clone();
            if f.name() == "symbol" {
                let dict =
                    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8));
                f.with_data_type(dict)
            } else {
                f
            }
        })
        .collect();
    let file = std::fs::File::open(path).expect("the data file");
    let options = ArrowReaderOptions::new().with_schema(Arc::new(Schema::new(fields)));
    let builder =
        ParquetRecordBatchReaderBuilder::try_new_with_options(file, options).expect("a schema");
    let mask = ProjectionMask::roots(builder.parquet_schema(), [0, 1, 2, 3]);
    let reader = builder
        .with_projection(mask)
        .with_batch_size(8192)
        .build()
        .expect("a reader");
    let (mut notional, mut volume, mut vwap) = ([0.0f64; 100], [0.0f64; 100], [0.0f64; 100]);
    let mut slot = Vec::new();
    for batch in reader {
        let batch = batch.expect("a batch");
        let times = batch.column(0).as_primitive::<TimestampNanosecondType>();
        let symbols = batch.column(1).as_dictionary::<Int32Type>();
        // The dictionary's values to symbol slots, once per batch.
        let names = symbols.values().as_string::<i32>();
        slot.clear();
        slot.extend(names.iter().map(|s| {
            s.and_then(|s| s.strip_prefix('S'))
                .and_then(|s| s.parse::<usize>().ok())
        }));
        let prices = batch.column(2).as_primitive::<Float64Type>();
        let qtys = batch.column(3).as_primitive::<Int64Type>();
        for i in 0..batch.num_rows() {
            black_box(times.value(i));
            let Some(s) = slot[symbols.keys().value(i) as usize] else {
                continue;
            };
            let q = qtys.value(i) as f64;
            notional[s] += prices.value(i) * q;
            volume[s] += q;
            vwap[s] = notional[s] / volume[s];
        }
    }
    vwap.iter().sum()
}

fn bench(c: &mut Criterion) {
    let n = rows();
    let path = file(n);
    let (graph, by_hand) = (tickgraph_w4(&path, n), arrow_loop(&path));
    assert!(
        (graph - by_hand).abs() <= 1e-9 * by_hand.abs(),
        "tickgraph {graph} against the loop {by_hand}"
    );
    let mut group = c.benchmark_group("w4_parquet_vwap");
    group.throughput(Throughput::Elements(n as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("tickgraph", |b| {
        b.iter(|| black_box(tickgraph_w4(&path, n)));
    });
    group.bench_function("arrow_rs_loop", |b| b.iter(|| black_box(arrow_loop(&path))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
