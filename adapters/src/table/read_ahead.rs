//! Reading ahead: a file's record batches decoded and prepared (times and symbol groups)
//! on a thread of their own, a bounded number of batches ahead of the engine.
//!
//! Decompressing and decoding Parquet pages is about a third of a replay's time on the
//! engine thread (W4: some 190 instructions a row, as much as the rest of the reader and
//! the engine together). It depends on nothing the engine does, so a second core can do
//! it while the engine runs the cycles of the batch before. Memory stays bounded: the
//! channel holds at most [`DEPTH`] batches, and the decoder waits when it is full.

use super::prepare::{Prepare, Prepared};
use crate::error::DataError;
use arrow_array::RecordBatch;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, sync_channel};
use std::thread::JoinHandle;
use tickgraph_engine::error::panic_message;

/// Batches decoded but not yet taken, at most: one being read by the engine's cursor is
/// not counted, so the reader holds `DEPTH + 2` batches at the most (one in the channel's
/// send, one in the cursor).
///
/// Decoding is bursty: a Parquet page (pyarrow writes 1 MB pages, some 16 batches of an
/// 8-byte column) is decompressed when its first batch is read, and the batches after it
/// come cheap. Eight batches cover a burst, so the engine does not wait for it (W4
/// best/median of nine against a depth of 2: 0.60/0.65 s → 0.53/0.62 s; 32 did no better),
/// for some 2 MB more memory (W4's peak RSS 12 → 15 MB, the same at 10M and 30M rows).
pub(crate) const DEPTH: usize = 8;

/// A file's batches, in order, as a format decodes them.
type Batches = Box<dyn Iterator<Item = Result<RecordBatch, DataError>>>;

/// [`Batches`] that may move to another thread.
type SendBatches = Box<dyn Iterator<Item = Result<RecordBatch, DataError>> + Send>;

/// A file's batches, in order, prepared for the cursor.
pub(crate) type PreparedBatches = Box<dyn Iterator<Item = Result<Prepared, DataError>>>;

/// A file's batches as a format opens them: decoded where they are taken, or movable to a
/// thread that reads ahead.
pub enum BatchStream {
    /// Taken on the engine thread (batches in memory: there is nothing to decode).
    Here(Batches),
    /// May be decoded ahead, on a thread of its own.
    Movable(SendBatches),
}

impl BatchStream {
    /// The batches, prepared; decoded and prepared ahead on a thread if `read_ahead` and
    /// the format allows it.
    pub(crate) fn start(self, read_ahead: bool, prepare: Prepare) -> PreparedBatches {
        let inner: Batches = match self {
            BatchStream::Movable(inner) if read_ahead => return ReadAhead::spawn(inner, prepare),
            BatchStream::Movable(inner) => inner,
            BatchStream::Here(inner) => inner,
        };
        Box::new(inner.map(move |b| prepare.prepare(b?)))
    }
}

/// The engine's end of a decoding thread.
struct ReadAhead {
    /// `None` once dropped (so that the thread, blocked on a full channel, ends).
    batches: Option<Receiver<Result<Prepared, DataError>>>,
    thread: Option<JoinHandle<()>>,
}

impl ReadAhead {
    /// Starts decoding `inner` on a new thread. If the system cannot start one, the file
    /// fails to open (the decoder went into the thread's closure, which is gone).
    fn spawn(mut inner: SendBatches, prepare: Prepare) -> PreparedBatches {
        let (send, batches) = sync_channel(DEPTH);
        let name = prepare.file.clone();
        let decode = move || {
            loop {
                // A decoder that panics (a corrupt page the library did not foresee)
                // ends the file with an error naming it, as an error would.
                let next = catch_unwind(AssertUnwindSafe(|| {
                    inner.next().map(|b| prepare.prepare(b?))
                }));
                let next = match next {
                    Ok(next) => next,
                    Err(panic) => Some(Err(DataError::Corrupt {
                        file: prepare.file.clone(),
                        message: format!("the decoder panicked: {}", panic_message(&*panic)),
                    })),
                };
                let Some(next) = next else { return };
                let failed = next.is_err();
                // The engine stopped reading (its run ended): so does this thread.
                if send.send(next).is_err() || failed {
                    return;
                }
            }
        };
        let thread = std::thread::Builder::new()
            .name("tickgraph-read-ahead".into())
            .spawn(decode);
        match thread {
            Ok(thread) => Box::new(ReadAhead {
                batches: Some(batches),
                thread: Some(thread),
            }),
            Err(e) => Box::new(std::iter::once(Err(DataError::Open {
                file: name,
                message: format!("cannot start the read-ahead thread: {e}"),
            }))),
        }
    }
}

impl Iterator for ReadAhead {
    type Item = Result<Prepared, DataError>;

    fn next(&mut self) -> Option<Self::Item> {
        // A closed channel is the end of the file: the thread sends every batch and error
        // before it returns.
        self.batches.as_ref()?.recv().ok()
    }
}

impl Drop for ReadAhead {
    fn drop(&mut self) {
        // Closing the channel first unblocks a thread waiting to send; it then returns
        // after at most the batch it is decoding.
        self.batches = None;
        if let Some(thread) = self.thread.take() {
            // The thread catches the decoder's panics: joining cannot fail but for a
            // panic in the channel itself, and then there is nothing left to read.
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::symbols::SymbolMap;
    use arrow_array::{ArrayRef, TimestampNanosecondArray};
    use std::sync::Arc;

    fn prepare() -> Prepare {
        Prepare {
            time_column: "timestamp".into(),
            symbol_column: None,
            time_shift: 0,
            zone: chrono::FixedOffset::east_opt(0).expect("UTC"),
            symbols: Arc::new(SymbolMap::default()),
            file: "rows.parquet".into(),
        }
    }

    fn batch(t: i64) -> RecordBatch {
        let times: ArrayRef = Arc::new(TimestampNanosecondArray::from(vec![t]));
        RecordBatch::try_from_iter([("timestamp", times)]).expect("one column")
    }

    #[test]
    fn a_decoder_that_panics_ends_the_file_with_an_error_naming_it() {
        let mut k = 0;
        let decoder = std::iter::from_fn(move || {
            k += 1;
            assert!(k < 2, "boom");
            Some(Ok(batch(k)))
        });
        let mut batches = BatchStream::Movable(Box::new(decoder)).start(true, prepare());
        assert_eq!(
            batches.next().expect("a batch").expect("decoded").times,
            [1]
        );
        match batches.next() {
            Some(Err(DataError::Corrupt { file, message })) => {
                assert_eq!(file, "rows.parquet");
                assert!(message.contains("the decoder panicked: boom"), "{message}");
            }
            other => panic!(
                "expected the decoder's panic, got {:?}",
                other.map(|r| r.is_ok())
            ),
        }
        assert!(batches.next().is_none());
    }

    #[test]
    fn dropping_the_batches_stops_a_decoder_that_would_never_end() {
        let decoder = (0..).map(|t| Ok(batch(t)));
        let mut batches = BatchStream::Movable(Box::new(decoder)).start(true, prepare());
        for t in 0..5 {
            assert_eq!(
                batches.next().expect("a batch").expect("decoded").times,
                [t]
            );
        }
        // Joins the thread, which is blocked on the full channel: returns only if the
        // thread saw the channel close.
        drop(batches);
    }
}
