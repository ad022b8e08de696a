//! The library's requests: documents and search (local reads, writes judged at
//! sync), attachments (fetching needs the server unless the file is here), the
//! folder import, and study marks, bookmarks, notes and assignments.

use super::{
    AssignmentInfo, AttachmentFile, AttachmentInfo, BlobStorage as Storage, DocKind, Document,
    DocumentPage, DocumentPatch, MyStudy, NewDocument, SearchHit, StudyReport, UploadProgress,
};
use crate::call;
use crate::ids::Id;
use crate::transfer::ImportReport;
use serde::{Deserialize, Serialize};

/// Issue a document of `org_id` (committee or office of that organisation).
pub type CreateDocument = NewDocument;
call!(CreateDocument, "create_document" => Id);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UpdateDocument {
    pub id: Id,
    pub patch: DocumentPatch,
}
call!(UpdateDocument, "update_document" => ());

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeleteDocument {
    pub id: Id,
}
call!(DeleteDocument, "delete_document" => ());

/// Documents held on this device, newest issue date first, without their full
/// text. Every filter given must hold; `query` searches like `SearchDocuments` but
/// keeps the date order. Paged: `limit` (default 100, at most 500) from `offset`
/// (default 0); `more` in the answer says a next page exists.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListDocuments {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DocKind>,
    /// The issuing organisation (exactly this one, not its subtree).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<Id>,
    /// The year of the issue date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
}
call!(ListDocuments, "list_documents" => DocumentPage);

/// One document with its full text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GetDocument {
    pub id: Id,
}
call!(GetDocument, "get_document" => Document);

/// Full-text search over number, kind, title, summary, topics and full text,
/// ignoring case and diacritics (đ too), best match first. `57-NQ/TW`, `57 NQ TW`
/// and `57/NQ-TW` are the same number. Filters combine with the text; `limit`
/// defaults to 20 (at most 200).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchDocuments {
    pub query: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DocKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}
call!(SearchDocuments, "search_documents" => Vec<SearchHit>);

/// Attach a file to a document or to an announcement's sending: the file at `path` on
/// this device, or the bytes a screen sent with [`BeginUpload`] and [`UploadChunk`]
/// (`upload_id`; `path` is then ignored). The file is copied into this device's store
/// (pinned) and uploaded at the next sync, only if the server lacks its SHA-256. PDF,
/// DOCX and images only; `name` defaults to the file's (or the upload's) name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttachFile {
    pub document_id: Id,
    #[serde(default)]
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_id: Option<Id>,
}
call!(AttachFile, "attach_file" => Id);

/// A screen hands the device a file it picked (a browser or a webview cannot name a
/// path): announce its name and size, then send it in [`UploadChunk`]s. The name and
/// size are checked first (PDF, DOCX or an image; not empty; at most 1 GB), so a wrong
/// file is refused before any byte is sent. Answers the upload's id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BeginUpload {
    pub name: String,
    pub size: u64,
}
call!(BeginUpload, "begin_upload" => Id);

/// The next piece of an upload: `offset` must be what the device has received so far
/// (a piece sent twice or out of order is refused and changes nothing), `data` is
/// base64. Pieces are kept sealed with the device's file key, never as plain bytes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UploadChunk {
    pub upload_id: Id,
    pub offset: u64,
    pub data: String,
}
call!(UploadChunk, "upload_chunk" => UploadProgress);

/// Stop an upload and delete what arrived of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CancelUpload {
    pub upload_id: Id,
}
call!(CancelUpload, "cancel_upload" => ());

/// The file stays on the server for other documents that use it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RemoveAttachment {
    pub id: Id,
}
call!(RemoveAttachment, "remove_attachment" => ());

/// A document's attachments and whether each is on this device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListAttachments {
    pub document_id: Id,
}
call!(ListAttachments, "list_attachments" => Vec<AttachmentInfo>);

/// The file of an attachment, downloaded if needed (resuming a cut download,
/// checking the SHA-256 and fetching again if the copy is corrupt). Needs the
/// server unless the file is already here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FetchAttachment {
    pub id: Id,
}
call!(online FetchAttachment, "fetch_attachment" => AttachmentFile);

/// "Lưu ngoại tuyến": fetch and keep for offline reading.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PinAttachment {
    pub id: Id,
}
call!(online PinAttachment, "pin_attachment" => AttachmentFile);

/// Open an attachment already on this device in the system's viewer (desktop);
/// fetch it first. In a browser, show `GET /files/{id}` of the headless host
/// instead (same `x-sotay-token` header as `/api`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenAttachment {
    pub id: Id,
}
call!(OpenAttachment, "open_attachment" => ());

/// Stop keeping an attachment offline; its file is deleted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnpinAttachment {
    pub id: Id,
}
call!(UnpinAttachment, "unpin_attachment" => ());

/// Space used by attachment files on this device.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BlobStorage;
call!(BlobStorage, "blob_storage" => Storage);

/// Delete downloaded files not pinned (and, with `pinned`, the pinned ones too,
/// unpinning them); files waiting for upload are kept.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FreeBlobStorage {
    #[serde(default)]
    pub pinned: bool,
}
call!(FreeBlobStorage, "free_blob_storage" => Storage);

/// Import a folder of files described by a metadata sheet (.xlsx; `sheet` defaults
/// to the only .xlsx in the folder) as documents of `org_id`, with their files as
/// attachments. Row by row; one refused row and nothing is written; a document the
/// device holds exactly as its row says is unchanged, so a second import changes
/// nothing.
///
/// From a screen, `upload_ids` are the sheet and the files picked together (sent by
/// `BeginUpload`/`UploadChunk`), matched to the sheet's file names; `folder` is then
/// empty. The uploads are kept for the confirmation and deleted once written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportDocuments {
    // Wire: `folder` was required before `upload_ids`; a request with a folder reads
    // and writes the same as it did.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub folder: String,
    pub org_id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub upload_ids: Vec<Id>,
    #[serde(default)]
    pub dry_run: bool,
}
call!(ImportDocuments, "import_documents" => ImportReport);

/// Record that I opened a document (the first time is kept), or with `finished`
/// that I finished reading it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarkRead {
    pub document_id: Id,
    #[serde(default)]
    pub finished: bool,
}
call!(MarkRead, "mark_read" => MyStudy);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetBookmark {
    pub document_id: Id,
    pub bookmarked: bool,
}
call!(SetBookmark, "set_bookmark" => MyStudy);

/// My private note on a document (replaces the previous text; empty clears it).
/// Synced only to my own devices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SaveStudyNote {
    pub document_id: Id,
    pub text: String,
}
call!(SaveStudyNote, "save_study_note" => MyStudy);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GetMyStudy {
    pub document_id: Id,
}
call!(GetMyStudy, "get_my_study" => MyStudy);

/// The documents I bookmarked, newest issue date first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListBookmarks;
call!(ListBookmarks, "list_bookmarks" => DocumentPage);

/// Ask the members of `org_id`'s subtree to study a document by `due_on`
/// (`yyyy-mm-dd`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssignStudy {
    pub org_id: Id,
    pub document_id: Id,
    pub due_on: String,
    #[serde(default)]
    pub note: String,
}
call!(AssignStudy, "assign_study" => Id);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeleteStudyAssignment {
    pub id: Id,
}
call!(DeleteStudyAssignment, "delete_study_assignment" => ());

/// Assignments held on this device, soonest due first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListStudyAssignments;
call!(ListStudyAssignments, "list_study_assignments" => Vec<AssignmentInfo>);

/// Per cell of the assigning organisation's subtree held here, who has opened and
/// finished the document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudyProgress {
    pub assignment_id: Id,
}
call!(StudyProgress, "study_progress" => StudyReport);
