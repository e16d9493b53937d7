//! A record as one column: an Arrow struct whose fields are the record's columns, so that
//! records nest (`#[derive(Record)]` makes every record a [`ColumnValue`] this way).

use super::{BindOptions, ColumnErrorKind, Record};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch, StructArray};
use arrow_buffer::NullBuffer;
use arrow_schema::{DataType, Field, Fields, Schema};
use std::sync::Arc;

/// A struct column bound for reading records `R`.
pub struct NestedColumn<R: Record> {
    decoder: R::Decoder,
    array: StructArray,
}

impl<R: Record> NestedColumn<R> {
    /// Binds a struct column; `nullable` says, per field of `R`, whether it is an
    /// `Option`. A null in a required field of a row that is not null is an error here,
    /// naming the field and the row, so that reading a row cannot fail.
    pub fn bind(array: &ArrayRef, nullable: &[bool]) -> Result<Self, ColumnErrorKind> {
        let DataType::Struct(_) = array.data_type() else {
            return Err(ColumnErrorKind::Invalid {
                reason: format!("{} is not a struct", array.data_type()),
            });
        };
        let array = array.as_struct().clone();
        // A row where this struct is null is null in every nested struct too (Arrow leaves
        // children under a null parent undefined): push the nulls down before the nested
        // structs check their own fields.
        let columns: Vec<ArrayRef> = array
            .columns()
            .iter()
            .map(|c| match (c.as_struct_opt(), array.nulls()) {
                (Some(child), Some(parent)) => {
                    let nulls = NullBuffer::union(child.nulls(), Some(parent));
                    Arc::new(StructArray::new(
                        child.fields().clone(),
                        child.columns().to_vec(),
                        nulls,
                    )) as ArrayRef
                }
                _ => c.clone(),
            })
            .collect();
        // The fields as a batch (its rows where the struct is null are never decoded).
        let schema = Arc::new(Schema::new(array.fields().clone()));
        let batch =
            RecordBatch::try_new(schema, columns).map_err(|e| ColumnErrorKind::Invalid {
                reason: e.to_string(),
            })?;
        let decoder = R::bind(&batch, &BindOptions::default()).map_err(|e| match e.kind {
            ColumnErrorKind::NullField { field, row } => ColumnErrorKind::NullField {
                field: format!("{}.{field}", e.column),
                row,
            },
            _ => ColumnErrorKind::Invalid {
                reason: e.to_string(),
            },
        })?;
        for (name, &nullable) in R::columns().iter().zip(nullable) {
            let column = match batch.column_by_name(name) {
                Some(c) if !nullable && c.null_count() > 0 => c,
                _ => continue,
            };
            if let Some(row) = (0..array.len()).find(|&r| array.is_valid(r) && column.is_null(r)) {
                return Err(ColumnErrorKind::NullField {
                    field: (*name).to_string(),
                    row,
                });
            }
        }
        Ok(NestedColumn { decoder, array })
    }

    /// The record at `row`, `None` where the struct is null.
    #[inline]
    pub fn get(&self, row: usize) -> Option<R> {
        // Required fields were checked when the column was bound: decoding cannot fail.
        self.array
            .is_valid(row)
            .then(|| R::decode(&self.decoder, row).ok())
            .flatten()
    }
}

/// Builds a struct column of records `R` (writers).
pub struct NestedBuilder<R: Record> {
    builders: R::Builders,
    valid: Vec<bool>,
}

impl<R: Record> NestedBuilder<R> {
    /// The struct type: one nullable field per column of `R`.
    pub fn data_type() -> DataType {
        DataType::Struct(Self::fields())
    }

    fn fields() -> Fields {
        R::columns()
            .into_iter()
            .zip(R::data_types())
            .map(|(c, dt)| Field::new(c, dt, true))
            .collect()
    }

    /// An empty builder with room for `rows`.
    pub fn new(rows: usize) -> Self {
        NestedBuilder {
            builders: R::builders(rows),
            valid: Vec::with_capacity(rows),
        }
    }

    /// Appends a record, or a null.
    pub fn append(&mut self, record: Option<&R>) {
        R::append(&mut self.builders, record);
        self.valid.push(record.is_some());
    }

    /// The column built so far; the builder starts over.
    pub fn finish(&mut self) -> ArrayRef {
        let nulls = NullBuffer::from(std::mem::take(&mut self.valid));
        let nulls = (nulls.null_count() > 0).then_some(nulls);
        Arc::new(StructArray::new(
            Self::fields(),
            R::finish(&mut self.builders),
            nulls,
        ))
    }
}
