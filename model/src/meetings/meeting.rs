//! The meeting row and the per-meeting check-in secret ([`MeetingKey`]).
//!
//! A meeting is owned by the organisation holding it (`org_id`, fixed at creation):
//! its members read it, its committee and office plan, edit and cancel it, its chair
//! edits it too (`permissions`). The check-in secret is NOT in the meeting row, which
//! every member pulls: it is a separate `MeetingKey` row read only by the committee and
//! office of the organisation (the office copy) and by the member a copy is made for
//! (the chair and the minute-taker: `holder_id`, read as their own row).

use crate::change::RowState;
use crate::fields::{enum_from, id_field, text};
use crate::ids::Id;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Sinh hoạt chi bộ thường kỳ / chuyên đề (DESIGN §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// Thường kỳ (monthly)
    Regular,
    /// Chuyên đề
    Thematic,
}

impl MeetingKind {
    pub fn label_vi(self) -> &'static str {
        match self {
            MeetingKind::Regular => "Sinh hoạt chi bộ thường kỳ",
            MeetingKind::Thematic => "Sinh hoạt chi bộ chuyên đề",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    /// Đã lên lịch
    Planned,
    /// Đã hủy
    Cancelled,
}

/// A meeting as stored. Wire fields: see [`FIELDS`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: Id,
    /// The organisation holding the meeting; owns the row (fixed at creation).
    pub org_id: Id,
    pub kind: MeetingKind,
    pub topic: String,
    /// Unix ms (UTC).
    pub starts_at: u64,
    pub ends_at: u64,
    pub place: String,
    /// Chủ trì
    pub chair_id: Option<Id>,
    /// Thư ký (người ghi biên bản)
    pub minute_taker_id: Option<Id>,
    /// Agenda items in order.
    pub agenda: Vec<String>,
    /// Documents of the library (ids) to study or discuss.
    pub materials: Vec<Id>,
    /// Members convened; the organisation's members when the meeting was planned.
    pub invited: Vec<Id>,
    /// Guests by name and role, free text.
    pub guests: Vec<String>,
    pub status: MeetingStatus,
    /// Why it was cancelled or last changed; may be empty.
    pub note: String,
}

pub const FIELDS: &[&str] = &[
    "org_id",
    "kind",
    "topic",
    "starts_at",
    "ends_at",
    "place",
    "chair_id",
    "minute_taker_id",
    "agenda",
    "materials",
    "invited",
    "guests",
    "status",
    "note",
];

pub const MAX_TOPIC: usize = 500;
pub const MAX_PLACE: usize = 300;
pub const MAX_AGENDA: usize = 50;
pub const MAX_ITEM: usize = 500;
pub const MAX_INVITED: usize = 2_000;
pub const MAX_GUESTS: usize = 50;
/// A meeting lasts at most a day.
pub const MAX_LENGTH_MS: u64 = 24 * 3600 * 1000;

pub(crate) fn optional_text(row: &RowState, field: &str, max: usize) -> Result<String, String> {
    let s = match row.fields.get(field).map(|f| &f.value) {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.trim().to_string(),
        Some(_) => return Err(format!("{} phải là văn bản", crate::fields::label(field))),
    };
    if s.chars().count() > max {
        return Err(format!(
            "{} dài quá {max} ký tự",
            crate::fields::label(field)
        ));
    }
    Ok(s)
}

pub(crate) fn optional_id(row: &RowState, field: &str) -> Result<Option<Id>, String> {
    match row.fields.get(field).map(|f| &f.value) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(_) => id_field(row, field).map(Some),
    }
}

pub(crate) fn number(row: &RowState, field: &str) -> Result<u64, String> {
    row.fields
        .get(field)
        .and_then(|f| f.value.as_u64())
        .ok_or_else(|| format!("{} phải là một số không âm", crate::fields::label(field)))
}

/// A list of JSON values decoded as `T`, at most `max` long (absent is empty).
pub(crate) fn list<T: serde::de::DeserializeOwned>(
    row: &RowState,
    field: &str,
    max: usize,
) -> Result<Vec<T>, String> {
    let v = match row.fields.get(field).map(|f| &f.value) {
        None | Some(serde_json::Value::Null) => return Ok(Vec::new()),
        Some(v @ serde_json::Value::Array(a)) if a.len() <= max => v.clone(),
        Some(serde_json::Value::Array(_)) => {
            return Err(format!("{} có quá {max} mục", crate::fields::label(field)))
        }
        Some(_) => {
            return Err(format!(
                "{} phải là một danh sách",
                crate::fields::label(field)
            ))
        }
    };
    serde_json::from_value(v).map_err(|_| format!("{} không hợp lệ", crate::fields::label(field)))
}

fn texts(row: &RowState, field: &str, max_items: usize) -> Result<Vec<String>, String> {
    let items: Vec<String> = list(row, field, max_items)?;
    items
        .into_iter()
        .map(|t| {
            let t = t.trim().to_string();
            if t.is_empty() || t.chars().count() > MAX_ITEM {
                Err(format!(
                    "mỗi mục của {field} phải có từ 1 đến {MAX_ITEM} ký tự"
                ))
            } else {
                Ok(t)
            }
        })
        .collect()
}

impl Meeting {
    pub fn from_row(row: &RowState) -> Result<Meeting, String> {
        let starts_at = number(row, "starts_at")?;
        let ends_at = number(row, "ends_at")?;
        if ends_at <= starts_at || ends_at - starts_at > MAX_LENGTH_MS {
            return Err("giờ kết thúc phải sau giờ bắt đầu và trong vòng một ngày".into());
        }
        let invited: Vec<Id> = list(row, "invited", MAX_INVITED)?;
        Ok(Meeting {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            kind: enum_from(row, "kind")?,
            topic: text(row, "topic", MAX_TOPIC)?,
            starts_at,
            ends_at,
            place: text(row, "place", MAX_PLACE)?,
            chair_id: optional_id(row, "chair_id")?,
            minute_taker_id: optional_id(row, "minute_taker_id")?,
            agenda: texts(row, "agenda", MAX_AGENDA)?,
            materials: list(row, "materials", MAX_AGENDA)?,
            invited,
            guests: texts(row, "guests", MAX_GUESTS)?,
            status: enum_from(row, "status")?,
            note: optional_text(row, "note", MAX_ITEM)?,
        })
    }

    /// Whether the member is convened to this meeting.
    pub fn invites(&self, member: Id) -> bool {
        self.invited.contains(&member)
    }
}

/// The check-in secret of one meeting, or a copy of it for one member. Wire fields:
/// `meeting_id`, `org_id` (the meeting's), `holder_id` (null for the office copy),
/// `secret` (64 hex digits). Immutable; the row id is [`MeetingKey::row_id`], so a
/// meeting has exactly one office copy and one copy per holder.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingKey {
    pub id: Id,
    pub meeting_id: Id,
    pub org_id: Id,
    pub holder_id: Option<Id>,
    pub secret: [u8; 32],
}

impl std::fmt::Debug for MeetingKey {
    // The secret is never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MeetingKey")
            .field("meeting_id", &self.meeting_id)
            .field("holder_id", &self.holder_id)
            .finish_non_exhaustive()
    }
}

pub const KEY_FIELDS: &[&str] = &["meeting_id", "org_id", "holder_id", "secret"];

impl MeetingKey {
    /// The row id of a meeting's office copy (`None`) or of a holder's copy.
    pub fn row_id(meeting: Id, holder: Option<Id>) -> Id {
        let mut h = Sha256::new();
        h.update(b"sotay meeting key\0");
        h.update(meeting.0.as_bytes());
        if let Some(m) = holder {
            h.update(m.0.as_bytes());
        }
        let d = h.finalize();
        let mut b = [0u8; 16];
        b.copy_from_slice(&d[..16]);
        // Version 8 (custom), RFC 4122 variant: a valid UUID no device makes randomly.
        b[6] = (b[6] & 0x0f) | 0x80;
        b[8] = (b[8] & 0x3f) | 0x80;
        Id(uuid::Uuid::from_bytes(b))
    }

    pub fn from_row(row: &RowState) -> Result<MeetingKey, String> {
        let meeting_id = id_field(row, "meeting_id")?;
        let holder_id = optional_id(row, "holder_id")?;
        let hex = text(row, "secret", 64)?;
        let mut secret = [0u8; 32];
        if hex.len() != 64 {
            return Err("khóa điểm danh phải gồm 64 chữ số hệ 16".into());
        }
        for (i, b) in secret.iter_mut().enumerate() {
            *b = hex
                .get(2 * i..2 * i + 2)
                .and_then(|p| u8::from_str_radix(p, 16).ok())
                .ok_or("khóa điểm danh phải gồm 64 chữ số hệ 16")?;
        }
        if row.row_id != MeetingKey::row_id(meeting_id, holder_id) {
            return Err("mã dòng của khóa điểm danh không khớp với cuộc họp".into());
        }
        Ok(MeetingKey {
            id: row.row_id,
            meeting_id,
            org_id: id_field(row, "org_id")?,
            holder_id,
            secret,
        })
    }

    /// The secret as written on the wire.
    pub fn secret_hex(&self) -> String {
        self.secret.iter().map(|b| format!("{b:02x}")).collect()
    }
}

// A meeting stays with its organisation; keys and attendance events never change (a
// correction is a new event); a minutes version keeps its place.
crate::row::org_row!(Meeting, Meeting, FIELDS, &["org_id"]);
// The secret travels as hex.
crate::row::org_row!(MeetingKey, MeetingKey, KEY_FIELDS, KEY_FIELDS, {
    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        use serde_json::json;
        vec![
            ("meeting_id", json!(self.meeting_id)),
            ("org_id", json!(self.org_id)),
            ("holder_id", json!(self.holder_id)),
            ("secret", json!(self.secret_hex())),
        ]
    }
});
