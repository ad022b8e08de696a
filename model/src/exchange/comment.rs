//! Bình luận: comment threads on an announcement, a document of the library or a
//! meeting. A comment sits at its item's organisation and is read by whoever reads
//! the item; since a meeting is read by fewer people than a document, comments on
//! meetings are their own entity ([`MeetingComment`]) with the meeting's readers.
//!
//! The author edits the text or withdraws it (deletes the row); a committee hides it
//! by deleting it with a reason (`hidden_reason`). Either way the deleting change
//! blanks the text, so it leaves every device; the server's audit log keeps who
//! hid it, when and why.

use super::written_ms;
use crate::change::{Entity, RowState};
use crate::fields::{enum_from, id_field};
use crate::ids::Id;
use crate::meetings::meeting::{optional_id, optional_text};
use serde::{Deserialize, Serialize};

pub const MAX_COMMENT: usize = 4_000;
pub const MAX_REASON: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Announcement,
    Document,
    Meeting,
}

impl TargetKind {
    /// The entity a comment on this kind of item is.
    pub fn comment_entity(self) -> Entity {
        match self {
            TargetKind::Meeting => Entity::MeetingComment,
            TargetKind::Announcement | TargetKind::Document => Entity::Comment,
        }
    }

    /// The entity of the item itself.
    pub fn item_entity(self) -> Entity {
        match self {
            TargetKind::Announcement => Entity::Announcement,
            TargetKind::Document => Entity::Document,
            TargetKind::Meeting => Entity::Meeting,
        }
    }
}

/// What a comment is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CommentTarget {
    pub kind: TargetKind,
    pub id: Id,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    pub id: Id,
    /// The item's organisation.
    pub org_id: Id,
    pub target_kind: TargetKind,
    pub target_id: Id,
    /// The comment this one answers, in the same thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<Id>,
    pub author_id: Id,
    pub body: String,
    /// Set (with the row's deletion) when a committee hides the comment.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hidden_reason: String,
    /// When it was written and last edited (stamps' wall clock; equal if never edited).
    #[serde(default)]
    pub written_ms: u64,
    #[serde(default)]
    pub edited_ms: u64,
}

pub const FIELDS: &[&str] = &[
    "org_id",
    "target_kind",
    "target_id",
    "reply_to",
    "author_id",
    "body",
    "hidden_reason",
];
pub const IMMUTABLE: &[&str] = &[
    "org_id",
    "target_kind",
    "target_id",
    "reply_to",
    "author_id",
];

impl Comment {
    pub fn target(&self) -> CommentTarget {
        CommentTarget {
            kind: self.target_kind,
            id: self.target_id,
        }
    }

    /// The entity this comment is stored as.
    pub fn entity(&self) -> Entity {
        self.target_kind.comment_entity()
    }

    pub fn from_row(row: &RowState) -> Result<Comment, String> {
        let target_kind: TargetKind = enum_from(row, "target_kind")?;
        if target_kind.comment_entity() != row.entity {
            return Err("bình luận về cuộc họp là loại dữ liệu riêng".into());
        }
        let body = optional_text(row, "body", MAX_COMMENT)?;
        if body.is_empty() {
            return Err("bình luận không được để trống".into());
        }
        let written = written_ms(row, "target_id");
        Ok(Comment {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            target_kind,
            target_id: id_field(row, "target_id")?,
            reply_to: optional_id(row, "reply_to")?,
            author_id: id_field(row, "author_id")?,
            body,
            hidden_reason: optional_text(row, "hidden_reason", MAX_REASON)?,
            written_ms: written,
            edited_ms: written_ms(row, "body").max(written),
        })
    }
}

crate::row::org_row!(Comment, Comment, FIELDS, IMMUTABLE);

/// A comment on a meeting: the same fields, read by the meeting's readers only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MeetingComment(pub Comment);

impl crate::row::Row for MeetingComment {
    const ENTITY: Entity = Entity::MeetingComment;
    const FIELDS: &'static [&'static str] = FIELDS;
    const IMMUTABLE: &'static [&'static str] = IMMUTABLE;
    fn id(&self) -> Id {
        self.0.id
    }
    fn owning_org(&self) -> Id {
        self.0.org_id
    }
    fn from_row(row: &RowState) -> Result<Self, String> {
        Comment::from_row(row).map(MeetingComment)
    }
}
