//! The typed Api between a front end (Yew UI, `sotay` CLI) and the local replica.
//! One request enum in, one response enum out, as JSON; the Tauri command, the
//! headless browser host and the CLI all carry exactly these.
//!
//! Wire form: `{"type":"list_members","org_id":"…"}` → `{"type":"members","members":[…]}`;
//! errors are an `ApiError`.

use crate::documents::{DocKind, DocStatus, Document};
use crate::entities::{
    Gender, Member, MemberStatus, OrgKind, Organisation, Position, PositionTitle,
};
use crate::ids::{DeviceId, Id};
use crate::protocol::{AuditEntry, DeviceInfo, RejectReason};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
    /// Who this device is and how its sync stands.
    Status,
    /// Enroll this device with a one-time code from a committee.
    Enroll {
        server: String,
        code: String,
        device_name: String,
        /// Base64 SHA-256 of the server's public key (SubjectPublicKeyInfo), from the
        /// committee. When set, every connection to a server whose certificate carries
        /// another key is refused. Added later: absent means no pinning.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pin_sha256: Option<String>,
    },
    /// Push pending changes and pull until caught up.
    SyncNow,
    /// Every organisation this device holds, as a flat list (the UI builds the tree).
    ListOrgs,
    /// Members of an organisation and of all organisations below it, sorted the
    /// Vietnamese way (given name, then the rest).
    ListMembers {
        org_id: Id,
    },
    GetMember {
        id: Id,
    },
    CreateOrg {
        name: String,
        kind: OrgKind,
        parent_id: Id,
    },
    CreateMember(NewMember),
    UpdateMember {
        id: Id,
        patch: MemberPatch,
    },
    DeleteMember {
        id: Id,
    },
    ListPositions {
        org_id: Id,
    },
    /// Changes the server refused, newest first, until dismissed.
    ListRejected,
    DismissRejected {
        change_id: Id,
    },
    /// Set (4–8 digits) or remove (`None`) the app PIN. `idle_minutes` (default 5)
    /// is how long without Api calls before the app locks itself.
    SetPin {
        pin: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        idle_minutes: Option<u32>,
    },
    /// Unlock the app with its PIN. Wrong PINs are rate limited.
    Unlock {
        pin: String,
    },
    /// Lock the app now (only when a PIN is set).
    Lock,
    /// Import members from an .xlsx file on this device. With `dry_run`, only check.
    /// Nothing is half-imported: one rejected row and nothing is written.
    ImportMembers {
        path: String,
        #[serde(default)]
        dry_run: bool,
    },
    // ---- Member administration (local writes, judged by the server at sync) ----
    /// Give a member a committee position in an organisation → `Created { id }`.
    AssignPosition {
        member_id: Id,
        org_id: Id,
        title: PositionTitle,
    },
    /// Remove a position (its row is deleted) → `Done`.
    RemovePosition {
        id: Id,
    },
    /// Move a member to another cell (needs rights on both cells) → `Done`. Their
    /// devices drop the old cell's rows and receive the new cell's at next sync.
    TransferMember {
        id: Id,
        cell_id: Id,
    },
    /// Set a member's status, e.g. `left` or `deceased` → `Done`.
    SetMemberStatus {
        id: Id,
        status: MemberStatus,
    },
    // ---- Devices, codes and audit (online: answered by the server) ----
    /// A one-time enrollment code for a member (72 h unless `ttl_hours`) →
    /// `EnrollCode`.
    IssueEnrollCode {
        member_id: Id,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ttl_hours: Option<u32>,
    },
    /// This member's devices, or (for a committee) the devices of `member_id` →
    /// `Devices`.
    ListDevices {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        member_id: Option<Id>,
    },
    /// → `Device`.
    RenameDevice {
        device_id: DeviceId,
        name: String,
    },
    /// Revoke a device: refused from its next contact, it wipes its copy → `Device`.
    RevokeDevice {
        device_id: DeviceId,
    },
    /// The audit log of an organisation and below, newest first; page back with
    /// `before` = the last entry's id → `Audit`.
    ListAudit {
        org_id: Id,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        before: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        limit: Option<u32>,
    },
    // ---- Library of documents (issue 5): local reads; writes judged at sync ----
    /// Issue a document of `org_id` (committee or office of that organisation) →
    /// `Created { id }`.
    CreateDocument(NewDocument),
    /// → `Done`.
    UpdateDocument {
        id: Id,
        patch: DocumentPatch,
    },
    /// → `Done`.
    DeleteDocument {
        id: Id,
    },
    /// Documents held on this device, newest issue date first, without their full
    /// text → `Documents`. Every filter given must hold; `query` searches like
    /// `SearchDocuments` but keeps the date order. Paged: `limit` (default 100, at
    /// most 500) from `offset` (default 0); `more` in the answer says a next page exists.
    ListDocuments {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kind: Option<DocKind>,
        /// The issuing organisation (exactly this one, not its subtree).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        org_id: Option<Id>,
        /// The year of the issue date.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        year: Option<u16>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        query: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        limit: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        offset: Option<u32>,
    },
    /// One document with its full text → `Document`.
    GetDocument {
        id: Id,
    },
    /// Full-text search over number, kind, title, summary, topics and full text,
    /// ignoring case and diacritics (đ too), best match first → `SearchResults`.
    /// `57-NQ/TW`, `57 NQ TW` and `57/NQ-TW` are the same number. Filters combine
    /// with the text; `limit` defaults to 20 (at most 200).
    SearchDocuments {
        query: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kind: Option<DocKind>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        org_id: Option<Id>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        year: Option<u16>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        limit: Option<u32>,
    },
    // ---- Meetings (issue 6): local reads and writes, judged by the server at sync ----
    /// Plan a meeting of `org_id` (its committee or office) → `Created { id }`. With no
    /// `invited`, the organisation's active members are convened. The device also makes
    /// the meeting's check-in secret (and copies for the chair and minute-taker).
    CreateMeeting(crate::meetings::api::NewMeeting),
    /// → `Done`.
    UpdateMeeting {
        id: Id,
        patch: crate::meetings::api::MeetingPatch,
    },
    /// Cancel a meeting; its members see it cancelled at their next sync → `Done`.
    CancelMeeting {
        id: Id,
        #[serde(default)]
        reason: String,
    },
    /// Meetings held on this device, soonest first → `Meetings`. `org_id`: exactly that
    /// organisation; `from_ms`/`to_ms`: start time in `[from, to)`.
    ListMeetings {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        org_id: Option<Id>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from_ms: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to_ms: Option<u64>,
    },
    /// Planned meetings starting within `within_hours` (default 48) from now, soonest
    /// first, each with when to remind (`remind_before_minutes`, default 60) →
    /// `UpcomingMeetings`.
    UpcomingMeetings {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        within_hours: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        remind_before_minutes: Option<u32>,
    },
    /// One meeting with names, reconciled attendance and minutes versions → `Meeting`.
    GetMeeting {
        id: Id,
    },
    /// The check-in code to show now, with its QR (needs the meeting's secret, which
    /// only the committee, office, chair and minute-taker hold) → `CheckInCode`.
    ShowCheckInCode {
        meeting_id: Id,
    },
    /// Check this device's member in with a typed or scanned code, offline →
    /// `Created { id }`. The server checks the code at sync and, if it refuses, the
    /// check-in is rolled back and listed in `ListRejected` with the reason.
    CheckIn {
        meeting_id: Id,
        code: String,
    },
    /// Check a code on the secretary's device (needs the secret) → `Done`, or an
    /// `Invalid` error saying why.
    VerifyCheckInCode {
        meeting_id: Id,
        code: String,
    },
    /// A mark by the committee, office, chair or minute-taker → `Created { id }`.
    /// `overrides` names the member's check-in it corrects (a reason is then needed).
    MarkAttendance {
        meeting_id: Id,
        member_id: Id,
        attendance: crate::meetings::Attendance,
        #[serde(default)]
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        overrides: Option<Id>,
    },
    /// The reconciled attendance list → `Attendance`.
    GetAttendance {
        meeting_id: Id,
    },
    /// Start the minutes → `Created { id }`: version 1 from the agenda, or the next
    /// version from the latest one (then `reason` is required).
    CreateMinutes {
        meeting_id: Id,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Change a draft (refused once approved) → `Done`.
    UpdateMinutes {
        id: Id,
        patch: crate::meetings::api::MinutesPatch,
    },
    /// The chair approves a draft; it is locked from then on → `Done`.
    ApproveMinutes {
        id: Id,
    },
    /// Every version of a meeting's minutes, newest first → `MinutesVersions`.
    ListMinutes {
        meeting_id: Id,
    },
    /// What the .docx/PDF export prints, for the latest version or `minutes_id` →
    /// `MinutesExport`.
    GetMinutesExport {
        meeting_id: Id,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        minutes_id: Option<Id>,
    },
    /// Write the minutes as a file under `HOME/exports/` (built from what
    /// `GetMinutesExport` answers) → `ExportedFile`. A desktop opens it with
    /// `OpenExport`; a browser fetches `GET /exports/{name}` from the headless host
    /// (same `x-sotay-token` header as `/api`).
    ExportMinutes {
        meeting_id: Id,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        minutes_id: Option<Id>,
        format: ExportFormat,
    },
    /// Open a file made by `ExportMinutes` (its `name`) in the desktop's viewer → `Done`.
    OpenExport {
        name: String,
    },
    /// Committee view: for each organisation directly below `org_id`, meetings held per
    /// month and attendance rates over its subtree, from what this device holds →
    /// `MeetingStats`. Months `yyyy-mm`, inclusive.
    MeetingStats {
        org_id: Id,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from_month: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to_month: Option<String>,
    },
    // ---- Attachments (issue 5): files as content-addressed blobs ----
    /// Attach the file at `path` to a document → `Created { id }`. The file is copied
    /// into this device's store (pinned) and uploaded at the next sync, only if the
    /// server lacks its SHA-256. PDF, DOCX and images only; `name` defaults to the
    /// file's name.
    AttachFile {
        document_id: Id,
        path: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// → `Done` (the file stays on the server for other documents that use it).
    RemoveAttachment {
        id: Id,
    },
    /// A document's attachments and whether each is on this device → `Attachments`.
    ListAttachments {
        document_id: Id,
    },
    /// The file of an attachment, downloaded if needed (resuming a cut download,
    /// checking the SHA-256 and fetching again if the copy is corrupt) → `AttachmentFile`.
    /// Needs the server unless the file is already here.
    FetchAttachment {
        id: Id,
    },
    /// "Lưu ngoại tuyến": fetch and keep for offline reading → `AttachmentFile`.
    PinAttachment {
        id: Id,
    },
    /// Open an attachment already on this device in the system's viewer (desktop) →
    /// `Done`; fetch it first. In a browser, show `GET /files/{id}` of the headless
    /// host instead (same `x-sotay-token` header as `/api`).
    OpenAttachment {
        id: Id,
    },
    /// Stop keeping an attachment offline; its file is deleted → `Done`.
    UnpinAttachment {
        id: Id,
    },
    /// Space used by attachment files on this device → `BlobStorage`.
    BlobStorage,
    /// Delete downloaded files not pinned (and, with `pinned`, the pinned ones too,
    /// unpinning them); files waiting for upload are kept → `BlobStorage`.
    FreeBlobStorage {
        #[serde(default)]
        pinned: bool,
    },
    /// Import a folder of files described by a metadata sheet (.xlsx; `sheet` defaults
    /// to the only .xlsx in the folder) as documents of `org_id`, with their files as
    /// attachments → `ImportReport`. Row by row; one refused row and nothing is written.
    ImportDocuments {
        folder: String,
        org_id: Id,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sheet: Option<String>,
        #[serde(default)]
        dry_run: bool,
    },
    // ---- Study (issue 5): my marks, bookmarks, private notes; assignments ----
    /// Record that I opened a document (the first time is kept), or with `finished`
    /// that I finished reading it → `MyStudy`.
    MarkRead {
        document_id: Id,
        #[serde(default)]
        finished: bool,
    },
    /// → `MyStudy`.
    SetBookmark {
        document_id: Id,
        bookmarked: bool,
    },
    /// My private note on a document (replaces the previous text; empty clears it).
    /// Synced only to my own devices → `MyStudy`.
    SaveStudyNote {
        document_id: Id,
        text: String,
    },
    /// → `MyStudy`.
    GetMyStudy {
        document_id: Id,
    },
    /// The documents I bookmarked, newest issue date first → `Documents`.
    ListBookmarks,
    /// Ask the members of `org_id`'s subtree to study a document by `due_on`
    /// (`yyyy-mm-dd`) → `Created { id }`.
    AssignStudy {
        org_id: Id,
        document_id: Id,
        due_on: String,
        #[serde(default)]
        note: String,
    },
    /// → `Done`.
    DeleteStudyAssignment {
        id: Id,
    },
    /// Assignments held on this device, soonest due first → `StudyAssignments`.
    ListStudyAssignments,
    /// Per cell of the assigning organisation's subtree held here, who has opened and
    /// finished the document → `StudyProgress`.
    StudyProgress {
        assignment_id: Id,
    },
}

pub use crate::study_api::{
    AssignmentInfo, AttachmentFile, AttachmentInfo, BlobStorage, CellReading, LocalCopy,
    MemberReading, MyStudy,
};

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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewMember {
    pub full_name: String,
    pub birth_date: String,
    pub gender: Gender,
    pub joined_date: String,
    pub official_date: Option<String>,
    pub card_no: String,
    pub status: MemberStatus,
    pub cell_id: Id,
}

/// Only the fields present are changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MemberPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official_date: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_no: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<MemberStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell_id: Option<Id>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Response {
    Status(Status),
    Synced(SyncReport),
    Orgs {
        orgs: Vec<Organisation>,
    },
    Members {
        members: Vec<Member>,
    },
    Member {
        member: Member,
    },
    Positions {
        positions: Vec<Position>,
    },
    Created {
        id: Id,
    },
    Rejected {
        rejected: Vec<RejectedChange>,
    },
    ImportReport(ImportReport),
    Done,
    EnrollCode(EnrollCode),
    Devices {
        devices: Vec<DeviceInfo>,
    },
    Device {
        device: DeviceInfo,
    },
    Audit {
        entries: Vec<AuditEntry>,
        more: bool,
    },
    Documents {
        documents: Vec<DocumentCard>,
        /// More documents follow this page (`ListDocuments.offset` + this page's length).
        #[serde(default)]
        more: bool,
    },
    Document {
        document: Document,
    },
    SearchResults {
        hits: Vec<SearchHit>,
    },
    Meetings {
        meetings: Vec<crate::meetings::api::MeetingCard>,
    },
    UpcomingMeetings {
        meetings: Vec<crate::meetings::api::Reminder>,
    },
    Meeting {
        meeting: Box<crate::meetings::api::MeetingView>,
    },
    CheckInCode(crate::meetings::api::CheckInCode),
    Attendance {
        attendance: crate::meetings::AttendanceList,
    },
    MinutesVersions {
        minutes: Vec<crate::meetings::Minutes>,
    },
    MinutesExport(Box<crate::meetings::MinutesExport>),
    MeetingStats {
        orgs: Vec<crate::meetings::api::OrgMeetingStats>,
    },
    /// A file written on this device: its full `path` and its file `name`.
    ExportedFile {
        path: String,
        name: String,
    },
    Attachments {
        attachments: Vec<AttachmentInfo>,
    },
    AttachmentFile(AttachmentFile),
    BlobStorage(BlobStorage),
    MyStudy(MyStudy),
    StudyAssignments {
        assignments: Vec<AssignmentInfo>,
    },
    StudyProgress {
        assignment: AssignmentInfo,
        cells: Vec<CellReading>,
    },
}

/// A fresh one-time code, to show once (as text and as a QR code).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnrollCode {
    pub member_id: Id,
    /// Written `K7QX-M2PA`.
    pub code: String,
    pub expires_ms: u64,
    /// The code as a QR image: a complete `<svg …>` document.
    pub qr_svg: String,
}

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

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Status {
    pub enrolled: bool,
    pub server: Option<String>,
    pub device_id: Option<DeviceId>,
    /// The member this device acts for, once their row has synced.
    pub me: Option<Member>,
    pub positions: Vec<Position>,
    /// Unix ms of the last sync that reached the server and caught up.
    pub last_synced_ms: Option<u64>,
    /// Whether the last contact with the server succeeded.
    pub online: bool,
    pub pending_changes: u64,
    pub rejected_changes: u64,
    /// Set while a sync runs: rows pulled so far and rows the server says remain.
    pub progress: Option<SyncProgress>,
    /// The app is locked: only Status, Unlock and Lock are answered.
    #[serde(default)]
    pub locked: bool,
    /// An app PIN is set.
    #[serde(default)]
    pub pin_set: bool,
    /// Set when the database key is not in the platform's keystore but in a file beside
    /// the data: the UI shows it. Absent on the wire otherwise, so older peers agree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_warning: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncProgress {
    pub pulled: u64,
    pub remaining: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SyncReport {
    pub pushed: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub pulled: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RejectedChange {
    pub change_id: Id,
    pub entity: crate::change::Entity,
    pub row_id: Id,
    pub reason: RejectReason,
    /// The reason in Vietnamese, ready to show.
    pub message: String,
    pub at_ms: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiErrorKind {
    NotEnrolled,
    AlreadyEnrolled,
    NotFound,
    Invalid,
    Forbidden,
    Offline,
    Server,
    Storage,
    Unauthorized,
    /// The app is locked by its PIN: unlock first.
    Locked,
    /// The server's certificate is not trusted or its key does not match the pin.
    Untrusted,
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

/// An error the user can see: a kind for code, a Vietnamese message for people.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub kind: ApiErrorKind,
    pub message: String,
}

impl ApiError {
    pub fn new(kind: ApiErrorKind, message: impl Into<String>) -> ApiError {
        ApiError {
            kind,
            message: message.into(),
        }
    }
}
