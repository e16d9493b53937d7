//! The table reader: files of any [`ReadFormat`] replayed in graph time, with its
//! subscriptions.

use super::cursor::Layout;
use super::format::{ReadFormat, sealed};
use super::source::{Pending, ReaderSource, Routes};
use super::subscription::{Kind, OneColumn, Records, Spec, Target};
use super::symbols::SymbolMap;
use crate::columnar::{BindOptions, ColumnValue, Record};
use arrow_schema::DataType;
use chrono::{FixedOffset, TimeDelta};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use tickgraph_engine::adapter::PushMode;
use tickgraph_engine::graph::{Graph, OpenSource, Ts};
use tickgraph_engine::time::{Time, saturating_nanos};
use tickgraph_engine::ts::Value;

/// The files a reader reads, in order.
type Files = Rc<dyn Fn(Time, Time) -> Vec<PathBuf>>;

/// The reader's settings and subscriptions, shared with the source's factory, which runs
/// when the graph runs (after every subscription).
struct Plan<F> {
    format: F,
    files: Files,
    time_column: String,
    symbol_column: Option<String>,
    push_mode: PushMode,
    start: Option<Time>,
    end: Option<Time>,
    time_shift: TimeDelta,
    zone: FixedOffset,
    batch_size: usize,
    read_ahead: bool,
    /// Off only in tests, which compare the source's fast path with the general one.
    fast_path: bool,
    allow_missing_files: bool,
    allow_missing_columns: bool,
    allow_overlapping_periods: bool,
    specs: Vec<Spec>,
}

/// Replays files as time series (csp's `ParquetReader`): one reader, one pass over the
/// files, any number of subscriptions. The format is [`Parquet`](crate::parquet::Parquet)
/// ([`ParquetReader`](crate::parquet::ParquetReader)), [`Csv`](crate::csv::Csv)
/// ([`CsvReader`](crate::csv::CsvReader)) or record batches in memory
/// ([`BatchReader`](crate::batches::BatchReader)).
///
/// * **Time.** `time_column` (default `"timestamp"`) must be a timestamp, of any unit;
///   naive timestamps are in the reader's [`zone`](Reader::zone), UTC by default. Rows before the run's start (or the reader's
///   [`start_time`](Reader::start_time)) are skipped, reading stops after the end,
///   and [`time_shift`](Reader::time_shift) moves every row's time (not the values
///   of time columns). All rows of one time are dispatched in one engine cycle, in file
///   order; rows of different symbols at one time tick in the same cycle.
/// * **Push mode** (default `NonCollapsing`): several rows of one subscription at one time
///   tick on consecutive cycles; with `LastValue` only the last one ticks.
/// * **Symbols.** With a [`symbol_column`](Reader::symbol_column) (strings,
///   dictionary-encoded strings or integers), [`subscribe`](Reader::subscribe) gets
///   the rows of one symbol; [`subscribe_all`](Reader::subscribe_all) gets every row.
/// * **Columns.** Only the columns subscriptions read are decoded. A record's fields are
///   its columns ([`Record`]); [`subscribe_column`](Reader::subscribe_column) reads
///   one column, and a null there ticks nothing.
/// * **Files** are read in sequence, with memory bounded by the batch size, decoded on a
///   thread of their own a few batches ahead of the engine
///   ([`read_ahead`](Reader::read_ahead)). A file that starts before the previous one
///   ended is an error unless
///   [`allow_overlapping_periods`](Reader::allow_overlapping_periods), which skips
///   its rows before the last time read (rows at that time are kept).
///
/// Bad data fails the run with a [`DataError`](crate::DataError) naming the file, column
/// and row.
///
/// ```
/// use tickgraph_engine::prelude::*;
/// use tickgraph_adapters::parquet::ParquetReader;
/// # use std::sync::Arc;
/// # use arrow_array::{ArrayRef, Float64Array, RecordBatch, StringArray, TimestampNanosecondArray};
/// # let dir = std::env::temp_dir().join(format!("tg-doc-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir).unwrap();
/// # let path = dir.join("trades.parquet");
/// # let batch = RecordBatch::try_from_iter([
/// #     ("timestamp", Arc::new(TimestampNanosecondArray::from(vec![0, 0, 1_000_000_000])) as ArrayRef),
/// #     ("symbol", Arc::new(StringArray::from(vec!["A", "B", "A"])) as ArrayRef),
/// #     ("price", Arc::new(Float64Array::from(vec![1.0, 2.0, 1.5])) as ArrayRef),
/// # ]).unwrap();
/// # let mut w = parquet::arrow::ArrowWriter::try_new(std::fs::File::create(&path).unwrap(), batch.schema(), None).unwrap();
/// # w.write(&batch).unwrap();
/// # w.close().unwrap();
/// // trades.parquet: timestamp, symbol, price = (0 s, A, 1.0), (0 s, B, 2.0), (1 s, A, 1.5)
/// let g = Graph::new();
/// let reader = ParquetReader::new(&g, &path).symbol_column("symbol");
/// let a = reader.subscribe_column::<f64>("A", "price");
/// let all = reader.subscribe_all_column::<f64>("price");
/// g.output("a", &a);
/// g.output("all", &all);
/// let r = g.run(RunConfig::historical_for(Time::EPOCH, secs(10))).unwrap();
/// assert_eq!(r.series::<f64>("a").unwrap(), &[(Time::EPOCH, 1.0), (Time::EPOCH + secs(1), 1.5)]);
/// // The two rows at 0 s tick on two cycles (NON_COLLAPSING).
/// assert_eq!(r.values::<f64>("all").unwrap(), vec![1.0, 2.0, 1.5]);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub struct Reader<F> {
    source: OpenSource,
    plan: Rc<RefCell<Plan<F>>>,
}

impl<F> Clone for Reader<F> {
    fn clone(&self) -> Self {
        Reader {
            source: self.source.clone(),
            plan: self.plan.clone(),
        }
    }
}

impl<F: ReadFormat + Default> Reader<F> {
    /// A reader of one file.
    pub fn new(g: &Graph, path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        Reader::with_files(g, move |_, _| vec![path.clone()])
    }

    /// A reader of several files, read in the order given.
    pub fn from_files(g: &Graph, paths: impl IntoIterator<Item = impl Into<PathBuf>>) -> Self {
        let paths: Vec<PathBuf> = paths.into_iter().map(Into::into).collect();
        Reader::with_files(g, move |_, _| paths.clone())
    }

    /// A reader of the files matching the glob `pattern` (`data/2024-*.parquet`), in path
    /// order, listed when the run starts. A pattern that matches nothing reads as a missing
    /// file named by the pattern: an error unless
    /// [`allow_missing_files`](Reader::allow_missing_files). A pattern that is not a glob is
    /// an error when the graph is built.
    pub fn from_glob(g: &Graph, pattern: &str) -> Self {
        let reader = Reader::with_files(g, {
            let pattern = pattern.to_string();
            move |_, _| {
                // A path that cannot be listed is kept: opening it names it in the error.
                let mut files: Vec<PathBuf> = glob::glob(&pattern)
                    .map(|paths| {
                        paths
                            .map(|p| p.unwrap_or_else(|e| e.path().to_path_buf()))
                            .collect()
                    })
                    .unwrap_or_default();
                files.sort();
                if files.is_empty() {
                    files.push(PathBuf::from(&pattern));
                }
                files
            }
        });
        if let Err(e) = glob::Pattern::new(pattern) {
            g.invalid_argument(
                &reader.source.name(),
                format!("\"{pattern}\" is not a glob pattern: {e}"),
            );
        }
        reader
    }

    /// A reader of the files `files(start, end)` names for the run's time range (csp's
    /// callable filename): one file per day, say.
    pub fn with_files(g: &Graph, files: impl Fn(Time, Time) -> Vec<PathBuf> + 'static) -> Self {
        Reader::with_format(g, F::default(), files)
    }
}

impl<F: ReadFormat> Reader<F> {
    /// A reader of `format` over the files `files(start, end)` names.
    pub(crate) fn with_format(
        g: &Graph,
        format: F,
        files: impl Fn(Time, Time) -> Vec<PathBuf> + 'static,
    ) -> Self {
        let source_name = sealed::ReadFormat::source_name(&format);
        let plan = Rc::new(RefCell::new(Plan {
            format,
            files: Rc::new(files),
            time_column: "timestamp".into(),
            symbol_column: None,
            push_mode: PushMode::NonCollapsing,
            start: None,
            end: None,
            time_shift: TimeDelta::zero(),
            zone: FixedOffset::east_opt(0).expect("UTC"),
            batch_size: 8192,
            read_ahead: true,
            fast_path: true,
            allow_missing_files: false,
            allow_missing_columns: false,
            allow_overlapping_periods: false,
            specs: Vec::new(),
        }));
        let shared = plan.clone();
        let source = g.add_source(source_name).finish_open_source(move |w| {
            let plan = shared.borrow();
            let mut symbols: Vec<String> = Vec::new();
            let (mut all, mut by_group) = (Vec::new(), Vec::<Vec<Target>>::new());
            let collapse = plan.push_mode == PushMode::LastValue;
            let mut kinds: Vec<Box<dyn Kind>> = Vec::new();
            let mut kind_keys = Vec::new();
            for (i, spec) in plan.specs.iter().enumerate() {
                let kind = match kind_keys.iter().position(|k| *k == spec.kind) {
                    Some(k) => k,
                    None => {
                        kind_keys.push(spec.kind.clone());
                        kinds.push((spec.make_kind)(&spec.kind.1, collapse));
                        kinds.len() - 1
                    }
                };
                let target = Target {
                    kind: kind as u32,
                    member: (spec.join)(w, kinds[kind].as_mut()),
                    sub: i as u32,
                };
                match &spec.symbol {
                    None => all.push(target),
                    Some(s) => match symbols.iter().position(|x| x == s) {
                        Some(g) => by_group[g].push(target),
                        None => {
                            symbols.push(s.clone());
                            by_group.push(vec![target]);
                        }
                    },
                }
            }
            // Each column once, with the type its first subscription reads it as.
            let mut columns: Vec<(String, DataType)> = Vec::new();
            for c in plan.specs.iter().flat_map(|s| s.columns.iter()) {
                if !columns.iter().any(|(name, _)| *name == c.0) {
                    columns.push(c.clone());
                }
            }
            let bind = BindOptions {
                allow_missing_columns: plan.allow_missing_columns,
            };
            let files = plan.files.clone();
            let n = plan.specs.len();
            // One vector for every group's targets, so that a row's are one slice in memory
            // shared by all groups: `all`'s first, then each group's (`all`'s, then its own).
            let mut targets = all.clone();
            let mut group_targets = Vec::with_capacity(by_group.len());
            for g in &by_group {
                let first = targets.len() as u32;
                targets.extend(all.iter().chain(g).copied());
                group_targets.push((first, targets.len() as u32));
            }
            let lone = Routes::lone_targets(&targets, all.len() as u32, &group_targets);
            Ok(Box::new(ReaderSource {
                id: w.source_id(),
                layout: Some(Layout {
                    time_column: plan.time_column.clone(),
                    symbol_column: plan.symbol_column.clone(),
                    columns,
                    time_shift: saturating_nanos(plan.time_shift),
                    zone: plan.zone,
                    batch_size: plan.batch_size,
                    read_ahead: plan.read_ahead,
                    allow_missing_files: plan.allow_missing_files,
                    allow_overlapping_periods: plan.allow_overlapping_periods,
                }),
                format: Some(Box::new(plan.format.clone())),
                files: Box::new(move |s, e| files(s, e)),
                symbols: Some(Arc::new(SymbolMap::new(symbols.into_iter().zip(0u32..)))),
                routes: Routes {
                    all_targets: all.len() as u32,
                    targets,
                    group_targets,
                    lone,
                },
                kinds,
                fast_path: plan.fast_path,
                bind,
                start: plan.start,
                end: plan.end,
                cursor: None,
                pending: Pending {
                    queued: Vec::with_capacity(n),
                    is_queued: vec![false; n],
                },
                last: i64::MAX,
            }))
        });
        Reader { source, plan }
    }

    /// Changes the format's settings.
    pub(crate) fn map_format(self, f: impl FnOnce(&mut F)) -> Self {
        self.set(|p| f(&mut p.format))
    }

    fn set(self, f: impl FnOnce(&mut Plan<F>)) -> Self {
        f(&mut self.plan.borrow_mut());
        self
    }

    /// The time column (default `"timestamp"`).
    pub fn time_column(self, name: &str) -> Self {
        self.set(|p| p.time_column = name.into())
    }

    /// The symbol column, for [`subscribe`](Reader::subscribe) and
    /// [`subscribe_column`](Reader::subscribe_column).
    pub fn symbol_column(self, name: &str) -> Self {
        self.set(|p| p.symbol_column = Some(name.into()))
    }

    /// `NonCollapsing` (the default) or `LastValue`; one mode for the whole reader, as
    /// in csp. `Burst` is refused (an error from `run`).
    pub fn push_mode(self, mode: PushMode) -> Self {
        if mode == PushMode::Burst {
            self.source.graph().invalid_argument(
                &self.source.name(),
                "BURST is not supported by the table readers",
            );
        }
        self.set(|p| p.push_mode = mode)
    }

    /// Skips rows before `t` (as well as those before the run's start).
    pub fn start_time(self, t: Time) -> Self {
        self.set(|p| p.start = Some(t))
    }

    /// Stops after `t` (or the run's end, if earlier).
    pub fn end_time(self, t: Time) -> Self {
        self.set(|p| p.end = Some(t))
    }

    /// Adds `shift` to every row's time (not to the values of time columns).
    pub fn time_shift(self, shift: TimeDelta) -> Self {
        self.set(|p| p.time_shift = shift)
    }

    /// The zone of naive times (timestamps without a zone, or CSV times written without
    /// one): default UTC. Times with a zone are exact whatever this is.
    pub fn zone(self, zone: FixedOffset) -> Self {
        self.set(|p| p.zone = zone)
    }

    /// Rows decoded at a time (default 8192): the reader's memory is bounded by it.
    pub fn batch_size(self, rows: usize) -> Self {
        self.set(|p| p.batch_size = rows.max(1))
    }

    /// Whether files are decoded on a thread of their own, a few batches ahead of the
    /// engine (default true; Parquet and CSV). The engine thread then spends its time on
    /// the cycles alone, and the results are the same; turn it off where cores are
    /// scarcer than time (many readers in parallel backtests). Memory stays bounded by
    /// the batch size: at most ten batches are decoded at once.
    pub fn read_ahead(self, read_ahead: bool) -> Self {
        self.set(|p| p.read_ahead = read_ahead)
    }

    /// Every row through the source's general path, decoded on the engine thread: the
    /// reference the tests compare the fast path and reading ahead with.
    #[cfg(test)]
    pub(crate) fn reference_path(self) -> Self {
        self.set(|p| {
            p.fast_path = false;
            p.read_ahead = false;
        })
    }

    /// Skips files that do not exist instead of failing.
    pub fn allow_missing_files(self, allow: bool) -> Self {
        self.set(|p| p.allow_missing_files = allow)
    }

    /// Reads a column a file lacks as null (for `Option` fields) instead of failing.
    pub fn allow_missing_columns(self, allow: bool) -> Self {
        self.set(|p| p.allow_missing_columns = allow)
    }

    /// Lets a file start before the previous one ended: its earlier rows are skipped.
    pub fn allow_overlapping_periods(self, allow: bool) -> Self {
        self.set(|p| p.allow_overlapping_periods = allow)
    }

    fn add<T: Value, Rd: super::subscription::RowReader<T>>(
        &self,
        symbol: Option<&str>,
        columns: Vec<(String, DataType)>,
    ) -> Ts<T> {
        if symbol.is_some() && self.plan.borrow().symbol_column.is_none() {
            self.source.graph().invalid_argument(
                &self.source.name(),
                "subscribing to a symbol needs a symbol_column",
            );
        }
        let (id, ts) = self.source.output::<T>();
        let spec = Spec::new::<T, Rd>(symbol.map(String::from), columns, id);
        self.plan.borrow_mut().specs.push(spec);
        ts
    }

    /// Every row, as a record.
    pub fn subscribe_all<R: Record>(&self) -> Ts<R> {
        self.add::<R, Records>(None, record_columns::<R>())
    }

    /// The rows of `symbol`, as records.
    pub fn subscribe<R: Record>(&self, symbol: &str) -> Ts<R> {
        self.add::<R, Records>(Some(symbol), record_columns::<R>())
    }

    /// One column of every row; a null ticks nothing.
    pub fn subscribe_all_column<T: ColumnValue>(&self, column: &str) -> Ts<T> {
        self.add::<T, OneColumn>(None, vec![(column.into(), T::data_type())])
    }

    /// One column of the rows of `symbol`; a null ticks nothing.
    pub fn subscribe_column<T: ColumnValue>(&self, symbol: &str, column: &str) -> Ts<T> {
        self.add::<T, OneColumn>(Some(symbol), vec![(column.into(), T::data_type())])
    }

    /// The rows of each of `symbols`, as a dict basket of records keyed by symbol.
    pub fn subscribe_dict<R: Record>(
        &self,
        symbols: impl IntoIterator<Item = impl Into<String>>,
    ) -> BTreeMap<String, Ts<R>> {
        symbols
            .into_iter()
            .map(|s| {
                let s = s.into();
                let ts = self.subscribe::<R>(&s);
                (s, ts)
            })
            .collect()
    }
}

/// A record's columns and their types.
fn record_columns<R: Record>() -> Vec<(String, DataType)> {
    R::columns()
        .into_iter()
        .map(String::from)
        .zip(R::data_types())
        .collect()
}
