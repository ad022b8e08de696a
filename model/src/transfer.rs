//! What imports and exports report, shared by the features that import (members,
//! documents) and export (minutes).

use crate::ids::Id;
use serde::{Deserialize, Serialize};

/// What an Excel import did (or, for a dry run, would do), row by row.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub rows: Vec<ImportRow>,
    /// Rows written, created or changed (0 for a dry run or when any row was rejected).
    pub imported: u32,
    pub rejected: u32,
    /// Rows that change (or, for a dry run, would change) a row already on the device.
    /// Absent on the wire when 0, so reports recorded before it read the same.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub changed: u32,
    /// Rows the device already holds exactly as the sheet says: nothing is written.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unchanged: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportRow {
    /// The row number as the spreadsheet shows it (the header is row 1).
    pub line: u32,
    pub status: ImportStatus,
    /// Why the row was rejected, in Vietnamese (empty when ok).
    #[serde(default)]
    pub reason_vi: String,
    /// The new member's id, once imported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<Id>,
    /// The new document's id, once imported (`ImportDocuments`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_id: Option<Id>,
    /// Who or what the row is, for a preview ("Nguyễn Thị Hoa · TB-9001"); empty when
    /// the row is too broken to say.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// For a [`ImportStatus::Changed`] row, each field the import changes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<FieldChange>,
}

/// One field an import changes on a row the device holds, both values as the user
/// reads them (dates dd/MM/yyyy).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The row field's wire name (`full_name`); [`crate::fields::label`] names it.
    pub field: String,
    pub before: String,
    pub after: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// A new row (created, or created once confirmed).
    Ok,
    /// A row the device holds, with some fields the sheet changes.
    Changed,
    /// A row the device holds exactly as the sheet says: nothing to write.
    Unchanged,
    /// Refused: `reason_vi` says why.
    Rejected,
}

/// The file format of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Docx,
    Pdf,
}

impl ExportFormat {
    /// The file extension, without its dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Docx => "docx",
            ExportFormat::Pdf => "pdf",
        }
    }
}

/// A file written on this device: its full `path` and its file `name`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedFile {
    pub path: String,
    pub name: String,
}
