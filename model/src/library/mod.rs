//! The library (issue 5): documents with Vietnamese full-text search, their attached
//! files (content-addressed blobs), study marks, private notes and assignments.
//! Entities are in [`documents`] and [`crate::study`]; what the requests carry and
//! answer is here and in [`answers`]; the requests are in [`requests`].

pub mod answers;
pub mod blobs;
pub mod documents;
pub mod requests;

pub use answers::{
    AssignmentInfo, AttachmentFile, AttachmentInfo, BlobStorage, CellReading, LocalCopy,
    MemberReading, MyStudy, UploadProgress,
};
pub use documents::{DocKind, DocStatus, Document};

use crate::ids::Id;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewDocument {
    pub kind: DocKind,
    pub number: String,
    pub title: String,
    /// The issuing organisation; it owns the document and cannot change later.
    pub org_id: Id,
    pub issuer: String,
    /// `yyyy-mm-dd`.
    pub issued_on: String,
    pub status: DocStatus,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub topics: Vec<String>,
}

/// Only the fields present are changed (the issuing organisation never is).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DocKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<DocStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topics: Option<Vec<String>>,
}

/// A document in a list: everything but the full text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentCard {
    pub id: Id,
    pub kind: DocKind,
    pub number: String,
    pub title: String,
    pub org_id: Id,
    pub issuer: String,
    pub issued_on: String,
    pub status: DocStatus,
    pub summary: String,
    pub topics: Vec<String>,
}

impl From<&Document> for DocumentCard {
    fn from(d: &Document) -> DocumentCard {
        DocumentCard {
            id: d.id,
            kind: d.kind,
            number: d.number.clone(),
            title: d.title.clone(),
            org_id: d.org_id,
            issuer: d.issuer.clone(),
            issued_on: d.issued_on.clone(),
            status: d.status,
            summary: d.summary.clone(),
            topics: d.topics.clone(),
        }
    }
}

/// A piece of original (accented) text; `hit` when it is a word the query matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSpan {
    pub text: String,
    #[serde(default)]
    pub hit: bool,
}

/// One search result. Highlighting comes twice: as spans (render `hit` spans bold;
/// no markup to escape) and as plain text with matched words wrapped in `«` and `»`
/// (e.g. `… nâng cao chất lượng «đảng viên» …`); an elided start or end shows `…`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub document: DocumentCard,
    /// The title with matched words marked.
    pub title: Vec<TextSpan>,
    /// A short passage of the summary or full text around the best match (the
    /// beginning of the summary when only the number, kind or title matched).
    pub snippet: Vec<TextSpan>,
    /// `snippet` as text with «…» around matched words.
    pub snippet_marked: String,
}

/// A page of documents: `more` says a next page exists (`ListDocuments.offset` + this
/// page's length).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentPage {
    pub documents: Vec<DocumentCard>,
    #[serde(default)]
    pub more: bool,
}

/// An assignment with, per cell of the assigning organisation's subtree held here,
/// who has opened and finished the document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudyReport {
    pub assignment: AssignmentInfo,
    pub cells: Vec<CellReading>,
}
