//! What imports and exports report, shared by the features that import (members,
//! documents) and export (minutes).

use crate::ids::Id;
use serde::{Deserialize, Serialize};

/// What an Excel import did (or, for a dry run, would do), row by row.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub rows: Vec<ImportRow>,
    /// Members written (0 for a dry run or when any row was rejected).
    pub imported: u32,
    pub rejected: u32,
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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    Ok,
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
