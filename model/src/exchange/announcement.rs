//! Thông báo: what a committee or its office sends down, one row per receiving
//! organisation (`org_id`, whose whole subtree reads it), grouped by `batch_id`; and
//! each member's read receipt, an immutable event that flows back up to the
//! committees above the member (the sender among them).

use super::written_ms;
use crate::change::RowState;
use crate::fields::{date, id_field, text};
use crate::ids::Id;
use crate::meetings::meeting::{number, optional_text};
use serde::{Deserialize, Serialize};

pub const MAX_TITLE: usize = 300;
pub const MAX_BODY: usize = 20_000;

/// One organisation's copy of an announcement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Announcement {
    pub id: Id,
    /// The receiving organisation: its members and its subtree's read this copy.
    pub org_id: Id,
    /// Every copy of one sending shares it (the sender's view groups by it).
    pub batch_id: Id,
    /// The organisation sending: the receiver itself or one above it.
    pub sender_org_id: Id,
    /// The member who sent it (a committee member or office staff of the sender).
    pub sent_by: Id,
    pub title: String,
    pub body: String,
    /// "Phải đọc trước ngày" (yyyy-mm-dd), if the sender set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub must_read_by: Option<String>,
    /// How many times the sender reminded those who have not read it.
    #[serde(default)]
    pub reminders: u32,
    /// When it was sent and last reminded: its stamps' wall clock, not a field.
    #[serde(default)]
    pub sent_ms: u64,
    #[serde(default)]
    pub reminded_ms: u64,
}

pub const ANNOUNCEMENT_FIELDS: &[&str] = &[
    "org_id",
    "batch_id",
    "sender_org_id",
    "sent_by",
    "title",
    "body",
    "must_read_by",
    "reminders",
];
pub const ANNOUNCEMENT_IMMUTABLE: &[&str] = &["org_id", "batch_id", "sender_org_id", "sent_by"];

impl Announcement {
    /// One copy per sending and receiving organisation, so a retried send writes the
    /// same rows.
    pub fn row_id(batch_id: Id, org_id: Id) -> Id {
        Id::derived(
            "sotay announcement",
            &[batch_id.0.as_bytes(), org_id.0.as_bytes()],
        )
    }

    pub fn from_row(row: &RowState) -> Result<Announcement, String> {
        let must_read_by = match row.fields.get("must_read_by").map(|f| &f.value) {
            None | Some(serde_json::Value::Null) => None,
            Some(_) => Some(date(row, "must_read_by")?),
        };
        let reminders = match row.fields.get("reminders").map(|f| &f.value) {
            None | Some(serde_json::Value::Null) => 0,
            Some(_) => u32::try_from(number(row, "reminders")?)
                .map_err(|_| "số lần nhắc không hợp lệ".to_string())?,
        };
        Ok(Announcement {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            batch_id: id_field(row, "batch_id")?,
            sender_org_id: id_field(row, "sender_org_id")?,
            sent_by: id_field(row, "sent_by")?,
            title: text(row, "title", MAX_TITLE)?,
            body: optional_text(row, "body", MAX_BODY)?,
            must_read_by,
            reminders,
            sent_ms: written_ms(row, "batch_id"),
            reminded_ms: if reminders > 0 {
                written_ms(row, "reminders")
            } else {
                0
            },
        })
    }
}

crate::row::org_row!(
    Announcement,
    Announcement,
    ANNOUNCEMENT_FIELDS,
    ANNOUNCEMENT_IMMUTABLE
);

/// Đã đọc: a member opened an announcement. Written once, never changed; it sits at
/// the member's cell so the committees above the member see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnouncementRead {
    pub id: Id,
    /// The member's cell.
    pub org_id: Id,
    pub announcement_id: Id,
    pub member_id: Id,
    /// When it was read (the stamp's wall clock).
    #[serde(default)]
    pub read_ms: u64,
}

pub const READ_FIELDS: &[&str] = &["org_id", "announcement_id", "member_id"];

impl AnnouncementRead {
    /// One receipt per member and announcement copy.
    pub fn row_id(announcement_id: Id, member_id: Id) -> Id {
        Id::derived(
            "sotay announcement read",
            &[announcement_id.0.as_bytes(), member_id.0.as_bytes()],
        )
    }

    pub fn from_row(row: &RowState) -> Result<AnnouncementRead, String> {
        Ok(AnnouncementRead {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            announcement_id: id_field(row, "announcement_id")?,
            member_id: id_field(row, "member_id")?,
            read_ms: written_ms(row, "announcement_id"),
        })
    }
}

crate::row::org_row!(AnnouncementRead, AnnouncementRead, READ_FIELDS, READ_FIELDS);
