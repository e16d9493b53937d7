//! Stream entry IDs and entries, as the parse function sees them, read from the server's
//! replies (RESP2 arrays, and RESP3 maps for XREAD) without a map per entry.

use redis::Value;
use std::fmt;
use std::str::FromStr;
use tickgraph_engine::prelude::Time;

/// A stream entry's ID: milliseconds since the Unix epoch (the server's clock when it was
/// added, or the ID given to XADD) and a sequence number within the millisecond.
///
/// ```
/// use tickgraph_adapters::redis::EntryId;
/// use tickgraph_engine::prelude::*;
/// let id: EntryId = "1700000000123-4".parse().unwrap();
/// assert_eq!(id, EntryId::new(1_700_000_000_123, 4));
/// assert_eq!(id.time(), Time::EPOCH + millis(1_700_000_000_123));
/// assert_eq!(id.to_string(), "1700000000123-4");
/// assert_eq!(EntryId::at(Time::EPOCH + micros(1500)), EntryId::new(2, 0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct EntryId {
    /// Milliseconds since the Unix epoch.
    pub ms: u64,
    /// The sequence number within the millisecond.
    pub seq: u64,
}

impl EntryId {
    /// The ID `ms-seq`.
    pub const fn new(ms: u64, seq: u64) -> Self {
        EntryId { ms, seq }
    }

    /// The first ID whose time is at or after `time` (times before the epoch give `0-0`).
    pub fn at(time: Time) -> Self {
        let ns = time.nanos().max(0).unsigned_abs();
        EntryId::new(ns.div_ceil(1_000_000), 0)
    }

    /// The entry's time: its milliseconds.
    pub fn time(self) -> Time {
        let ms = i64::try_from(self.ms).unwrap_or(i64::MAX / 1_000_000);
        Time::from_nanos(ms.saturating_mul(1_000_000))
    }

    /// The ID right after this one.
    pub fn next(self) -> Self {
        match self.seq.checked_add(1) {
            Some(seq) => EntryId::new(self.ms, seq),
            None => EntryId::new(self.ms.saturating_add(1), 0),
        }
    }

    /// The ID right before this one (`0-0` stays `0-0`, which no entry has).
    pub(crate) fn prev(self) -> Self {
        match (self.ms, self.seq) {
            (0, 0) => self,
            (ms, 0) => EntryId::new(ms - 1, u64::MAX),
            (ms, seq) => EntryId::new(ms, seq - 1),
        }
    }
}

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.ms, self.seq)
    }
}

/// A string that is not a stream entry ID (`ms-seq` or `ms`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a stream entry ID (ms-seq): {0:?}")]
pub struct BadEntryId(pub String);

impl FromStr for EntryId {
    type Err = BadEntryId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadEntryId(s.to_string());
        let (ms, seq) = s.split_once('-').unwrap_or((s, "0"));
        Ok(EntryId::new(
            ms.parse().map_err(|_| bad())?,
            seq.parse().map_err(|_| bad())?,
        ))
    }
}

/// Why a field of an entry could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FieldError {
    /// The entry has no such field.
    #[error("no field '{0}'")]
    Missing(String),
    /// The field's value is not UTF-8.
    #[error("field '{0}' is not UTF-8")]
    NotUtf8(String),
    /// The value does not parse as the type asked for.
    #[error("field '{field}' = {value:?}: {error}")]
    Invalid {
        /// The field.
        field: String,
        /// Its value.
        value: String,
        /// The parser's error.
        error: String,
    },
}

/// One stream entry: its ID and its fields, in the order they were added.
///
/// ```
/// use tickgraph_adapters::redis::{Entry, EntryId, FieldError};
/// let e = Entry::new(EntryId::new(5, 0), [("sym", "A"), ("px", "1.5")]);
/// assert_eq!(e.str("sym"), Ok("A"));
/// assert_eq!(e.parse::<f64>("px"), Ok(1.5));
/// assert_eq!(e.parse::<f64>("qty"), Err(FieldError::Missing("qty".into())));
/// assert_eq!(e.to_string(), "5-0 sym=A px=1.5");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    id: EntryId,
    fields: Vec<(String, Vec<u8>)>,
}

impl Entry {
    /// An entry made by hand (for tests of a parse function).
    pub fn new<K: Into<String>, V: AsRef<[u8]>>(
        id: EntryId,
        fields: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Entry {
            id,
            fields: fields
                .into_iter()
                .map(|(k, v)| (k.into(), v.as_ref().to_vec()))
                .collect(),
        }
    }

    /// The entry's ID.
    pub fn id(&self) -> EntryId {
        self.id
    }

    /// The entry's time (its ID's milliseconds).
    pub fn time(&self) -> Time {
        self.id.time()
    }

    /// The fields, in order, as names and raw values.
    pub fn fields(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.fields.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// The raw value of field `name` (the first if it repeats).
    pub fn bytes(&self, name: &str) -> Option<&[u8]> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_slice())
    }

    /// The value of field `name` as text.
    pub fn str(&self, name: &str) -> Result<&str, FieldError> {
        let bytes = self
            .bytes(name)
            .ok_or_else(|| FieldError::Missing(name.to_string()))?;
        std::str::from_utf8(bytes).map_err(|_| FieldError::NotUtf8(name.to_string()))
    }

    /// The value of field `name`, parsed.
    pub fn parse<T: FromStr>(&self, name: &str) -> Result<T, FieldError>
    where
        T::Err: fmt::Display,
    {
        let s = self.str(name)?;
        s.parse().map_err(|e: T::Err| FieldError::Invalid {
            field: name.to_string(),
            value: s.to_string(),
            error: e.to_string(),
        })
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.id)?;
        for (k, v) in &self.fields {
            write!(f, " {k}={}", String::from_utf8_lossy(v))?;
        }
        Ok(())
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::BulkString(b) => Some(String::from_utf8_lossy(b).into_owned()),
        Value::SimpleString(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

fn raw(v: Value) -> Option<Vec<u8>> {
    match v {
        Value::BulkString(b) => Some(b),
        Value::SimpleString(s) => Some(s.into_bytes()),
        Value::Int(i) => Some(i.to_string().into_bytes()),
        _ => None,
    }
}

/// The entries of an XRANGE reply (an array of `[id, [field, value, ...]]`).
pub(crate) fn entries(reply: Value) -> Result<Vec<Entry>, String> {
    let Value::Array(items) = reply else {
        return Err(format!("unexpected reply {reply:?}"));
    };
    items.into_iter().map(entry).collect()
}

fn entry(item: Value) -> Result<Entry, String> {
    let Value::Array(parts) = item else {
        return Err(format!("unexpected entry {item:?}"));
    };
    let mut parts = parts.into_iter();
    let (Some(id), Some(fields)) = (parts.next(), parts.next()) else {
        return Err("an entry without an ID or fields".into());
    };
    let id = text(&id)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("unexpected entry ID {id:?}"))?;
    let mut out = Vec::new();
    // A trimmed-away entry can come back with nil fields.
    if let Value::Array(flat) = fields {
        let mut flat = flat.into_iter();
        while let (Some(k), Some(v)) = (flat.next(), flat.next()) {
            let k = text(&k).ok_or_else(|| format!("unexpected field name {k:?}"))?;
            let v = raw(v).ok_or_else(|| format!("unexpected value of field {k}"))?;
            out.push((k, v));
        }
    }
    Ok(Entry { id, fields: out })
}

/// The entries of an XREAD reply for one stream (nil when the block timed out).
pub(crate) fn read_entries(reply: Value) -> Result<Vec<Entry>, String> {
    let streams = match reply {
        Value::Nil => return Ok(Vec::new()),
        Value::Array(streams) => streams
            .into_iter()
            .map(|s| match s {
                Value::Array(kv) => kv.into_iter().nth(1).ok_or("a stream without entries"),
                _ => Err("unexpected stream reply"),
            })
            .collect::<Result<Vec<_>, _>>()?,
        Value::Map(streams) => streams.into_iter().map(|(_, v)| v).collect(),
        other => return Err(format!("unexpected reply {other:?}")),
    };
    let mut out = Vec::new();
    for s in streams {
        out.extend(entries(s)?);
    }
    Ok(out)
}
