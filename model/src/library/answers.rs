//! What the library's attachment and study requests answer (issue 5); the requests
//! are in [`super::requests`].

use super::DocumentCard;
use crate::ids::Id;
use crate::study::Attachment;
use serde::{Deserialize, Serialize};

/// Where an attachment's bytes are on this device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LocalCopy {
    /// Not on the device: `FetchAttachment` or `PinAttachment` downloads it.
    Missing,
    /// A download was cut: `bytes` are on disk and the next fetch resumes after them.
    Partial { bytes: u64 },
    /// The whole file, checked against its SHA-256.
    Complete,
}

/// An attachment and how it stands on this device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    pub attachment: Attachment,
    pub local: LocalCopy,
    /// Kept for offline reading ("Lưu ngoại tuyến"): never freed by `FreeStorage`
    /// unless asked.
    pub pinned: bool,
    /// Added on this device and not yet on the server (sent at the next sync).
    pub upload_pending: bool,
    /// Why the last upload was refused (Vietnamese), e.g. the file is too large.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_error: Option<String>,
}

/// A downloaded (or already present) attachment, ready to open.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttachmentFile {
    pub attachment: Attachment,
    /// The file on this device (open it in the app or the system viewer).
    pub path: String,
    /// Bytes fetched from the server for this request (0 when it was already here).
    pub downloaded_bytes: u64,
    /// The copy on disk did not match its SHA-256 and was fetched again.
    #[serde(default)]
    pub repaired: bool,
}

/// How much of an upload ([`BeginUpload`](super::requests::BeginUpload)) the device holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadProgress {
    pub upload_id: Id,
    pub received: u64,
    pub size: u64,
}

/// Storage used by attachment files on this device.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobStorage {
    pub pinned_files: u32,
    pub pinned_bytes: u64,
    /// Opened once, not pinned: freed first.
    pub cached_files: u32,
    pub cached_bytes: u64,
    /// Cut downloads waiting to resume.
    pub partial_bytes: u64,
}

/// My own study of one document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyStudy {
    pub document_id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_ms: Option<u64>,
    pub bookmarked: bool,
    /// Private: synced only to my own devices.
    pub note: String,
}

/// A study assignment as a member or committee sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssignmentInfo {
    pub id: Id,
    pub org_id: Id,
    pub org_name: String,
    pub document: DocumentCard,
    /// `yyyy-mm-dd`.
    pub due_on: String,
    pub note: String,
    /// Whether I (this device's member) finished reading it.
    pub finished_by_me: bool,
}

/// One member's reading of the assigned document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberReading {
    pub member_id: Id,
    pub full_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_ms: Option<u64>,
}

/// Who in one cell has read the assigned document, members sorted the Vietnamese way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CellReading {
    pub cell_id: Id,
    pub cell_name: String,
    pub members: Vec<MemberReading>,
    pub opened: u32,
    pub finished: u32,
}
