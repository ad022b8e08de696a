//! Documents a case requested and received (tài liệu của cuộc kiểm tra): files that
//! sit and are read exactly where their case is, so no byte of a case reaches a device
//! that may not read the case. Like a task file, a case file never changes; it is
//! removed by a delete.

use crate::change::RowState;
use crate::fields::id_field;
use crate::ids::Id;
use crate::meetings::meeting::optional_id;
use crate::study::{file_facts, Attachment};
use serde::{Deserialize, Serialize};

/// Tệp tài liệu của cuộc kiểm tra, giám sát.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFile {
    pub id: Id,
    pub inspection_id: Id,
    /// The case note it belongs to (a document received); none for the case itself.
    pub note_id: Option<Id>,
    pub org_id: Id,
    /// Who attached it.
    pub member_id: Id,
    pub name: String,
    pub mime: String,
    pub size: u64,
    pub sha256: String,
}

pub const CASE_FILE_FIELDS: &[&str] = &[
    "inspection_id",
    "note_id",
    "org_id",
    "member_id",
    "name",
    "mime",
    "size",
    "sha256",
];

impl CaseFile {
    pub fn from_row(row: &RowState) -> Result<CaseFile, String> {
        let (name, mime, size, sha256) = file_facts(row)?;
        Ok(CaseFile {
            id: row.row_id,
            inspection_id: id_field(row, "inspection_id")?,
            note_id: optional_id(row, "note_id")?,
            org_id: id_field(row, "org_id")?,
            member_id: id_field(row, "member_id")?,
            name,
            mime,
            size,
            sha256,
        })
    }

    /// The item it hangs on: its note, or the case.
    pub fn item(&self) -> Id {
        self.note_id.unwrap_or(self.inspection_id)
    }

    /// The file as the library's file view shows it (its item in `document_id`).
    pub fn as_attachment(&self) -> Attachment {
        Attachment {
            id: self.id,
            document_id: self.item(),
            org_id: self.org_id,
            name: self.name.clone(),
            mime: self.mime.clone(),
            size: self.size,
            sha256: self.sha256.clone(),
        }
    }
}

crate::row::org_row!(CaseFile, CaseFile, CASE_FILE_FIELDS, CASE_FILE_FIELDS);
