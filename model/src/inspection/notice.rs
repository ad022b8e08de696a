//! The conclusion as the inspected receive it (thông báo kết luận): written by the
//! inspecting body when it notifies, one per subject, at the inspected organisation
//! (a member subject's cell, and about the member). The case itself never leaves the
//! inspecting levels; the notice carries only what was notified.

use super::case::InspectionKind;
use crate::change::RowState;
use crate::fields::{date, enum_from, id_field, text};
use crate::ids::Id;
use crate::meetings::meeting::optional_id;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InspectionNotice {
    pub id: Id,
    /// The inspected organisation, or the member's cell.
    pub org_id: Id,
    pub inspection_id: Id,
    /// The member inspected, when the subject is a member.
    pub member_id: Option<Id>,
    /// The organisation that inspected.
    pub inspector_org_id: Id,
    pub kind: InspectionKind,
    pub title: String,
    pub conclusion: String,
    /// yyyy-mm-dd
    pub notified_on: String,
}

pub const NOTICE_FIELDS: &[&str] = &[
    "org_id",
    "inspection_id",
    "member_id",
    "inspector_org_id",
    "kind",
    "title",
    "conclusion",
    "notified_on",
];
pub const NOTICE_IMMUTABLE: &[&str] = &["org_id", "inspection_id", "member_id", "inspector_org_id"];

impl InspectionNotice {
    /// One notice per case and subject.
    pub fn row_id(inspection_id: Id, subject: Id) -> Id {
        Id::derived(
            "sotay inspection notice",
            &[inspection_id.0.as_bytes(), subject.0.as_bytes()],
        )
    }

    pub fn from_row(row: &RowState) -> Result<InspectionNotice, String> {
        Ok(InspectionNotice {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            inspection_id: id_field(row, "inspection_id")?,
            member_id: optional_id(row, "member_id")?,
            inspector_org_id: id_field(row, "inspector_org_id")?,
            kind: enum_from(row, "kind")?,
            title: text(row, "title", 300)?,
            conclusion: text(row, "conclusion", super::case::MAX_TEXT)?,
            notified_on: date(row, "notified_on")?,
        })
    }

    /// The subject it was sent to: the member, or the organisation.
    pub fn subject(&self) -> Id {
        self.member_id.unwrap_or(self.org_id)
    }
}

crate::row::org_row!(
    InspectionNotice,
    InspectionNotice,
    NOTICE_FIELDS,
    NOTICE_IMMUTABLE
);
