//! The one row codec every synced entity's typed struct shares: its entity, its wire
//! fields and which of them are fixed at creation, the organisation that owns it, and
//! how it is read from a merged row and written back as fields. Each entity's module
//! implements it; `entities` dispatches over all of them (`validate`,
//! `immutable_fields`).

use crate::change::{Entity, RowState};
use crate::ids::Id;
use serde::Serialize;
use serde_json::Value;

/// A synced entity as a typed struct. `to_fields` defaults to the struct's serde form
/// restricted to `FIELDS` (in that order), which is the wire form for every entity
/// whose struct names its fields as the wire does; the round-trip test holds each one
/// to `from_row(to_fields(x)) == x`.
pub trait Row: Sized + Serialize {
    const ENTITY: Entity;
    /// Every field the row may hold, in the order writers list them.
    const FIELDS: &'static [&'static str];
    /// Fields whose value may be set only when the row is created.
    const IMMUTABLE: &'static [&'static str];

    fn id(&self) -> Id;
    /// The organisation the row belongs to (its permissions and pull scope follow it).
    fn owning_org(&self) -> Id;
    /// Read and check a merged row; the message says which field is wrong.
    fn from_row(row: &RowState) -> Result<Self, String>;

    /// Every field of the row as a change writes it.
    fn to_fields(&self) -> Vec<(&'static str, Value)> {
        let Ok(Value::Object(mut map)) = serde_json::to_value(self) else {
            return Vec::new();
        };
        Self::FIELDS
            .iter()
            .filter_map(|&f| map.remove(f).map(|v| (f, v)))
            .collect()
    }

    /// The fields of `new` that differ from `self`: what an edit of the row writes
    /// (so an untouched field keeps its stamp and a concurrent edit of it still wins).
    fn patch(&self, new: &Self) -> Vec<(&'static str, Value)> {
        let old = self.to_fields();
        new.to_fields()
            .into_iter()
            .filter(|(k, v)| !old.iter().any(|(ok, ov)| ok == k && ov == v))
            .collect()
    }
}

/// Implements [`Row`] for a struct whose owner is its `org_id` field and whose
/// `from_row` is its own inherent function; a trailing `{ fn to_fields … }` replaces
/// the serde form where the struct and the wire differ.
macro_rules! org_row {
    ($ty:ty, $entity:ident, $fields:expr, $immutable:expr $(, { $($extra:item)* })?) => {
        impl $crate::row::Row for $ty {
            const ENTITY: $crate::change::Entity = $crate::change::Entity::$entity;
            const FIELDS: &'static [&'static str] = $fields;
            const IMMUTABLE: &'static [&'static str] = $immutable;
            fn id(&self) -> $crate::ids::Id {
                self.id
            }
            fn owning_org(&self) -> $crate::ids::Id {
                self.org_id
            }
            fn from_row(row: &$crate::change::RowState) -> Result<Self, String> {
                <$ty>::from_row(row)
            }
            $($($extra)*)?
        }
    };
}

pub(crate) use org_row;

#[cfg(test)]
mod tests;
