//! Lists taken out to Excel (issue 20): the members, documents, meetings (with their
//! attendance) or tasks of an organisation, as the screens list them, written as .xlsx
//! with Vietnamese column headers for a committee office's own records.

pub mod requests;

use serde::{Deserialize, Serialize};

/// Which list [`requests::ExportList`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// The organisation's members and those of every organisation below it.
    Members,
    /// The documents the organisation issued or holds.
    Documents,
    /// The meetings of the organisation and those below it, with attendance counts.
    Meetings,
    /// The tasks the organisation assigned, with their state.
    Tasks,
}

impl ListKind {
    pub const ALL: [ListKind; 4] = [
        ListKind::Members,
        ListKind::Documents,
        ListKind::Meetings,
        ListKind::Tasks,
    ];

    /// The start of the file's name (ASCII: what `OpenExport` and the host accept).
    pub fn slug(self) -> &'static str {
        match self {
            ListKind::Members => "dang-vien",
            ListKind::Documents => "van-ban",
            ListKind::Meetings => "cuoc-hop",
            ListKind::Tasks => "nhiem-vu",
        }
    }
}
