//! The one row codec every synced entity's typed struct shares: its entity, its wire
//! fields and which of them are fixed at creation, the organisation that owns it, and
//! how it is read from a merged row and written back as fields. `entities::validate`,
//! `entities::immutable_fields` and every writer of whole rows go through it.

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

/// Calls `$m!` with every entity and its typed struct: the one list the per-entity
/// dispatch (`fields_of`, `immutable_of`, `check`) is generated from.
macro_rules! for_each_row {
    ($m:ident) => {
        $m! {
            Organisation => crate::entities::Organisation,
            Member => crate::entities::Member,
            Position => crate::entities::Position,
            Document => crate::library::documents::Document,
            Meeting => crate::meetings::Meeting,
            MeetingKey => crate::meetings::MeetingKey,
            CheckIn => crate::meetings::CheckIn,
            AttendanceMark => crate::meetings::AttendanceMark,
            Minutes => crate::meetings::Minutes,
            Attachment => crate::study::Attachment,
            ReadMark => crate::study::ReadMark,
            StudyNote => crate::study::StudyNote,
            StudyAssignment => crate::study::StudyAssignment,
        }
    };
}

macro_rules! dispatch {
    ($($variant:ident => $ty:path,)*) => {
        /// The fields a row of `entity` may hold.
        pub fn fields_of(entity: Entity) -> &'static [&'static str] {
            match entity {
                $(Entity::$variant => <$ty as Row>::FIELDS,)*
            }
        }
        /// The fields of `entity` that may be set only when the row is created.
        pub fn immutable_of(entity: Entity) -> &'static [&'static str] {
            match entity {
                $(Entity::$variant => <$ty as Row>::IMMUTABLE,)*
            }
        }
        /// Read a merged row as its typed struct, dropping it: the row's own checks.
        pub fn check(row: &RowState) -> Result<(), String> {
            match row.entity {
                $(Entity::$variant => <$ty as Row>::from_row(row).map(drop),)*
            }
        }
        #[cfg(test)]
        fn entity_of_each() -> Vec<(Entity, Entity)> {
            vec![$((Entity::$variant, <$ty as Row>::ENTITY),)*]
        }
    };
}

for_each_row!(dispatch);

/// Implements [`Row`] for a struct whose owner is its `org_id` field and whose
/// `from_row` is its own inherent function.
macro_rules! org_row {
    ($ty:ty, $entity:ident, $fields:expr, $immutable:expr) => {
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
        }
    };
}

impl Row for crate::entities::Organisation {
    const ENTITY: Entity = Entity::Organisation;
    const FIELDS: &'static [&'static str] = &["name", "kind", "parent_id"];
    const IMMUTABLE: &'static [&'static str] = &["kind", "parent_id"];
    fn id(&self) -> Id {
        self.id
    }
    /// An organisation owns itself.
    fn owning_org(&self) -> Id {
        self.id
    }
    fn from_row(row: &RowState) -> Result<Self, String> {
        Self::from_row(row)
    }
}

impl Row for crate::entities::Member {
    const ENTITY: Entity = Entity::Member;
    const FIELDS: &'static [&'static str] = Self::FIELDS;
    const IMMUTABLE: &'static [&'static str] = &[];
    fn id(&self) -> Id {
        self.id
    }
    /// A member belongs to its cell.
    fn owning_org(&self) -> Id {
        self.cell_id
    }
    fn from_row(row: &RowState) -> Result<Self, String> {
        Self::from_row(row)
    }
    fn to_fields(&self) -> Vec<(&'static str, Value)> {
        self.fields()
    }
}

org_row!(
    crate::entities::Position,
    Position,
    &["member_id", "org_id", "title"],
    &["member_id", "org_id"]
);
// A document stays with the organisation that issued it.
org_row!(
    crate::library::documents::Document,
    Document,
    crate::library::documents::FIELDS,
    &["org_id"]
);
// A meeting stays with its organisation; keys and attendance events never change (a
// correction is a new event); a minutes version keeps its place.
org_row!(
    crate::meetings::Meeting,
    Meeting,
    crate::meetings::meeting::FIELDS,
    &["org_id"]
);
org_row!(
    crate::meetings::MeetingKey,
    MeetingKey,
    crate::meetings::meeting::KEY_FIELDS,
    crate::meetings::meeting::KEY_FIELDS
);
org_row!(
    crate::meetings::CheckIn,
    CheckIn,
    crate::meetings::attendance::CHECK_IN_FIELDS,
    crate::meetings::attendance::CHECK_IN_FIELDS
);
org_row!(
    crate::meetings::AttendanceMark,
    AttendanceMark,
    crate::meetings::attendance::MARK_FIELDS,
    crate::meetings::attendance::MARK_FIELDS
);
org_row!(
    crate::meetings::Minutes,
    Minutes,
    crate::meetings::minutes::FIELDS,
    &["meeting_id", "org_id", "version", "previous_id"]
);
// An attachment's content and document never change; personal rows stay the member's;
// an assignment stays with its committee and document.
org_row!(
    crate::study::Attachment,
    Attachment,
    crate::study::ATTACHMENT_FIELDS,
    &["document_id", "org_id", "sha256", "size"]
);
org_row!(
    crate::study::ReadMark,
    ReadMark,
    crate::study::READ_MARK_FIELDS,
    &["member_id", "document_id", "org_id"]
);
org_row!(
    crate::study::StudyNote,
    StudyNote,
    crate::study::NOTE_FIELDS,
    &["member_id", "document_id", "org_id"]
);
org_row!(
    crate::study::StudyAssignment,
    StudyAssignment,
    crate::study::ASSIGNMENT_FIELDS,
    &["org_id", "document_id"]
);

#[cfg(test)]
mod tests;
