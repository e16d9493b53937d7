//! Redis Streams (feature `redis`, on by default; the `redis` crate, blocking, no async
//! runtime): a source that replays a stream as history and then follows it live, and a
//! sink that writes a series with XADD.
//!
//! The source is built on the engine's push-pull adapter API exactly as a user's own
//! adapter would be: a thread that owns a
//! [`PushPullSender`](tickgraph_engine::adapter::PushPullSender), served by
//! [`crate::feed`]'s loop, with its bad-message policy, reconnection and status series.
//! A stream entry's ID is its time (milliseconds since the epoch), so the history replays
//! at the times the entries were added, exactly as a file of the same rows would.

mod entry;
mod sink;
mod source;

pub use entry::{BadEntryId, Entry, EntryId, FieldError};
pub use sink::{Fields, RedisStreamSink};
pub use source::{RedisStreamSource, StartAt};
