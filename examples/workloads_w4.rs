//! The Parquet workloads, read with `ParquetReader` from gen_parquet.py's data
//! (`../shared/peers/csp_workloads/gen_parquet.py`): W4, the per-symbol running VWAP, and
//! W0's Parquet variant, the price column alone into a count.

use super::Outcome;
use arrow_array::TimestampNanosecondArray;
use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;
use tickgraph::adapters::parquet::ParquetReader;
use tickgraph::prelude::*;

const START_NANOS: i64 = super::START_NANOS;

/// Row `i` of the data: symbol `i % 100`, price and quantity (gen_parquet.py's formulas).
fn row(i: u64) -> (usize, f64, i64) {
    let price = 100.0 + ((i * 7919) % 10007) as f64 / 64.0;
    let qty = 1 + ((i * 104_729) % 1000) as i64;
    ((i % 100) as usize, price, qty)
}

/// The checksum computed directly: every price·qty and Σqty is exact (prices are
/// multiples of 1/64), so each final VWAP is one correctly rounded division.
fn expected(n: u64) -> String {
    let (mut pv, mut q) = ([0.0f64; 100], [0.0f64; 100]);
    for i in 0..n {
        let (s, p, qty) = row(i);
        pv[s] += p * qty as f64;
        q[s] += qty as f64;
    }
    let total: f64 = (0..100).filter(|&s| q[s] > 0.0).map(|s| pv[s] / q[s]).sum();
    format!("{total:.6}:{n}")
}

/// Writes the data (timestamp start + i µs, symbol "S%03d", price, qty) as pyarrow does by
/// default: snappy, row groups of 1,048,576 rows.
fn generate(n: u64, path: &Path) -> std::io::Result<()> {
    let schema_batch = |from: u64, to: u64| {
        let rows: Vec<(usize, f64, i64)> = (from..to).map(row).collect();
        let cols: Vec<(&str, ArrayRef)> = vec![
            (
                "timestamp",
                Arc::new(TimestampNanosecondArray::from(
                    (from..to)
                        .map(|i| START_NANOS + i as i64 * 1_000)
                        .collect::<Vec<_>>(),
                )),
            ),
            (
                "symbol",
                Arc::new(StringArray::from(
                    rows.iter()
                        .map(|r| format!("S{:03}", r.0))
                        .collect::<Vec<_>>(),
                )),
            ),
            (
                "price",
                Arc::new(Float64Array::from(
                    rows.iter().map(|r| r.1).collect::<Vec<_>>(),
                )),
            ),
            (
                "qty",
                Arc::new(Int64Array::from(
                    rows.iter().map(|r| r.2).collect::<Vec<_>>(),
                )),
            ),
        ];
        RecordBatch::try_from_iter(cols).expect("the columns have equal lengths")
    };
    let tmp = path.with_extension("partial");
    let file = std::fs::File::create(&tmp)?;
    let props = parquet::file::properties::WriterProperties::builder()
        .set_compression(parquet::basic::Compression::SNAPPY)
        .set_max_row_group_row_count(Some(1 << 20))
        .build();
    let first = schema_batch(0, 0);
    let mut w = parquet::arrow::ArrowWriter::try_new(file, first.schema(), Some(props))
        .map_err(std::io::Error::other)?;
    let step = 65_536;
    let mut at = 0;
    while at < n {
        let to = (at + step).min(n);
        w.write(&schema_batch(at, to))
            .map_err(std::io::Error::other)?;
        at = to;
    }
    w.close().map_err(std::io::Error::other)?;
    std::fs::rename(tmp, path)
}

#[derive(Clone, Debug, Record)]
struct Tick {
    price: f64,
    qty: i64,
}

/// The running VWAP of one symbol's ticks, with the number of rows so far.
#[node]
fn vwap(t: Ts<Tick>) -> Ts<(f64, u64)> {
    state! {
        let mut notional = 0.0;
        let mut volume = 0.0;
        let mut rows = 0u64;
    }
    if ticked!(t) {
        notional += t.price * t.qty as f64;
        volume += t.qty as f64;
        rows += 1;
        return (notional / volume, rows);
    }
}

/// The file to read: `path` if given, else one generated in the temp folder.
fn data_file(n: u64, path: Option<&str>) -> tickgraph::Result<PathBuf> {
    if let Some(p) = path {
        return Ok(PathBuf::from(p));
    }
    let p = std::env::temp_dir().join(format!("tickgraph-w4-{n}.parquet"));
    if !p.exists() {
        generate(n, &p).map_err(|e| Error::Config(format!("writing {}: {e}", p.display())))?;
    }
    Ok(p)
}

/// W4: 100 per-symbol subscriptions, a VWAP node each, the final VWAPs summed in symbol
/// order.
pub fn w4(n: usize, path: Option<&str>) -> tickgraph::Result<Outcome> {
    let n = n as u64;
    let file = data_file(n, path)?;
    let expected = expected(n);
    let t0 = Instant::now();
    let g = Graph::new();
    let reader = ParquetReader::new(&g, &file).symbol_column("symbol");
    let symbols: Vec<String> = (0..100).map(|s| format!("S{s:03}")).collect();
    for (name, ticks) in reader.subscribe_dict::<Tick>(&symbols) {
        g.output_with(
            &format!("vwap {name}"),
            vwap(&ticks),
            BufferPolicy::ticks(1),
        );
    }
    let end = Time::from_nanos(START_NANOS + n as i64 * 1_000);
    let r = g.run(RunConfig::historical(Time::from_nanos(START_NANOS), end))?;
    let seconds = t0.elapsed().as_secs_f64();
    let (mut total, mut rows) = (0.0, 0);
    for s in &symbols {
        if let Some((_, (v, n))) = r.last::<(f64, u64)>(&format!("vwap {s}"))? {
            total += v;
            rows += n;
        }
    }
    Ok(Outcome {
        name: "W4_parquet_tickgraph",
        checksum: format!("{total:.6}:{rows}"),
        expected,
        seconds,
    })
}

/// W0's Parquet variant: every row's price (csp's `subscribe_all(float, field_map="price")`)
/// into a count.
pub fn w0(n: usize, path: Option<&str>) -> tickgraph::Result<Outcome> {
    let file = data_file(n as u64, path)?;
    let t0 = Instant::now();
    let g = Graph::new();
    let reader = ParquetReader::new(&g, &file);
    let prices = reader.subscribe_all_column::<f64>("price");
    g.output_with("count", count(&prices), BufferPolicy::ticks(1));
    let end = Time::from_nanos(START_NANOS + n as i64 * 1_000);
    let r = g.run(RunConfig::historical(Time::from_nanos(START_NANOS), end))?;
    let seconds = t0.elapsed().as_secs_f64();
    let rows = r.last::<u64>("count")?.map_or(0, |(_, c)| *c);
    Ok(Outcome {
        name: "W0_source_parquet_tickgraph",
        checksum: rows.to_string(),
        expected: n.to_string(),
        seconds,
    })
}
