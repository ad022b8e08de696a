//! Sync protocol messages between a replica and the sync server (DESIGN §4).
//!
//! Transport: JSON over HTTP. Routes (all POST, all but enroll carry
//! `Authorization: Bearer <device_id>.<secret>`):
//! `/v1/enroll` EnrollRequest→EnrollResponse, `/v1/push` PushRequest→PushResponse,
//! `/v1/pull` PullRequest→PullResponse. Errors are an `ErrorBody` with a 4xx/5xx status.
//! Administration (authorised by `permissions`): `/v1/codes` IssueCodeRequest→IssuedCode,
//! `/v1/devices` ListDevicesRequest→DeviceList, `/v1/devices/rename` RenameDeviceRequest→
//! DeviceInfo, `/v1/devices/revoke` RevokeDeviceRequest→DeviceInfo, `/v1/audit`
//! AuditRequest→AuditPage.
//!
//! Compatibility: every request carries `protocol`; the server answers
//! `ErrorCode::UpgradeRequired` to versions it cannot serve. New fields must be
//! optional (`#[serde(default)]`) so older peers keep working.

use crate::change::{Change, RowState};
use crate::ids::{DeviceId, Id};
use serde::{Deserialize, Serialize};

pub const PROTOCOL_VERSION: u32 = 1;
/// The most changes one push may carry; the most rows one pull page may return.
pub const MAX_PUSH: usize = 1_000;
pub const MAX_PULL: u32 = 5_000;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EnrollRequest {
    pub protocol: u32,
    pub code: String,
    pub device_name: String,
}

#[derive(Clone, Serialize, Deserialize)]
pub struct EnrollResponse {
    pub device_id: DeviceId,
    pub member_id: Id,
    /// `<device_id>.<secret>`; shown once, stored only as a hash on the server.
    pub credential: String,
}

impl std::fmt::Debug for EnrollResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnrollResponse")
            .field("device_id", &self.device_id)
            .field("member_id", &self.member_id)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PushRequest {
    pub protocol: u32,
    pub changes: Vec<Change>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    /// One result per pushed change, in the order pushed.
    pub results: Vec<PushResult>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PushResult {
    pub change_id: Id,
    pub outcome: Outcome,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Stored (now or by an earlier push of the same change) at this server sequence.
    Accepted { seq: u64 },
    /// Refused; nothing changed on the server. `current` is the server's row as the
    /// device may see it, so the device can roll its local copy back.
    Rejected {
        reason: RejectReason,
        current: Option<RowState>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
pub enum RejectReason {
    /// The author's positions do not allow this action on this row.
    Forbidden,
    /// The merged row would be malformed; the detail says how (Vietnamese). Also a
    /// stamp the server does not take (another device's node, a wall time beyond its
    /// clock plus `hlc::MAX_SKEW_MS`, a counter above `hlc::MAX_COUNTER`; issue 12):
    /// sent as this code, not a new one, so that replicas of protocol 1 can still read
    /// the whole push answer.
    Invalid(String),
    /// A field that is fixed at creation was changed.
    Immutable(String),
    /// The same change id was already used for different content.
    ConflictingId,
    /// Refused, and the author may know why (they can read the row): administering a
    /// member who holds a position above the author's reach (issue 12). The detail is
    /// the Vietnamese reason. Added in protocol 1 after its first release: an app
    /// without it cannot read a push answer that carries it.
    Outranked(String),
}

impl RejectReason {
    pub fn message_vi(&self) -> String {
        match self {
            RejectReason::Forbidden => "Bạn không có quyền thực hiện thay đổi này".into(),
            RejectReason::Invalid(d) => format!("Dữ liệu không hợp lệ: {d}"),
            RejectReason::Immutable(f) => {
                format!("Không được sửa {} sau khi tạo", crate::fields::label(f))
            }
            RejectReason::ConflictingId => "Mã thay đổi bị trùng với một thay đổi khác".into(),
            RejectReason::Outranked(d) => d.clone(),
        }
    }
}

/// Where a device is in the server's change stream. `epoch` changes when the device's
/// scope changes; a cursor from another epoch makes the server answer `reset`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub epoch: u64,
    pub seq: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PullRequest {
    pub protocol: u32,
    pub cursor: Cursor,
    pub limit: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PulledRow {
    pub seq: u64,
    pub row: RowState,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    /// Rows in the device's scope changed after the cursor, in sequence order.
    pub rows: Vec<PulledRow>,
    pub cursor: Cursor,
    /// More rows wait after `cursor`: pull again.
    pub more: bool,
    /// "Drop this scope": the device must drop every row it pulled (keeping its own
    /// unsent changes) and apply this page as the start of a fresh copy.
    #[serde(default)]
    pub reset: bool,
    /// Rows that left the device's scope (moved to an organisation it cannot read)
    /// within this page's range of sequence numbers: the device must drop them, keeping
    /// its own unsent changes to them. Added in protocol 1; absent means none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gone: Vec<Id>,
    /// Rows left to pull after this page, for a progress bar (approximate).
    #[serde(default)]
    pub remaining: u64,
}

/// `POST /v1/codes`: a one-time enrollment code for a member the caller may edit.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct IssueCodeRequest {
    pub protocol: u32,
    pub member_id: Id,
    /// How long the code stays valid; the server's default (72 h) when absent, at most
    /// 30 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_ms: Option<u64>,
}

/// The code in clear text: shown once, stored only as a hash.
#[derive(Clone, Serialize, Deserialize)]
pub struct IssuedCode {
    pub member_id: Id,
    /// Written `K7QX-M2PA`.
    pub code: String,
    pub expires_ms: u64,
}

impl std::fmt::Debug for IssuedCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedCode")
            .field("member_id", &self.member_id)
            .field("expires_ms", &self.expires_ms)
            .finish_non_exhaustive()
    }
}

/// `POST /v1/devices`: the devices of a member (the caller's own when `member_id` is
/// absent; another member's only if the caller may edit that member).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ListDevicesRequest {
    pub protocol: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<Id>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub device_id: DeviceId,
    pub member_id: Id,
    pub name: String,
    pub created_ms: u64,
    /// Set once revoked; a revoked device is refused and wipes its copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_ms: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceList {
    pub devices: Vec<DeviceInfo>,
}

/// `POST /v1/devices/rename`: by the device's member or whoever may edit them.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RenameDeviceRequest {
    pub protocol: u32,
    pub device_id: DeviceId,
    pub name: String,
}

/// `POST /v1/devices/revoke`: by the device's member or whoever may edit them.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RevokeDeviceRequest {
    pub protocol: u32,
    pub device_id: DeviceId,
}

/// `POST /v1/audit`: the audit log of an organisation and everything below it, newest
/// first. `before`/`after` are entry ids (exclusive) for paging back and for polling.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AuditRequest {
    pub protocol: u32,
    pub org_id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<u64>,
    /// At most `MAX_AUDIT`.
    pub limit: u32,
}

pub const MAX_AUDIT: u32 = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Create,
    Edit,
    Delete,
}

/// One judged change: who (member, device), what (entity, row, action), where (the
/// row's organisation and its path from the root), when, and the verdict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Increasing; the cursor for `before`/`after`.
    pub id: u64,
    pub at_ms: u64,
    /// `None` for changes the server made itself (seeding, administration).
    pub member_id: Option<Id>,
    pub device_id: DeviceId,
    pub change_id: Id,
    pub entity: crate::change::Entity,
    pub row_id: Id,
    pub org_id: Id,
    /// Organisation ids from the root down to `org_id`.
    pub org_path: Vec<Id>,
    pub action: AuditAction,
    pub accepted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<RejectReason>,
    /// What the row is called now (a meeting's topic, a document's number and title, a
    /// member's name; a check-in or minutes by their meeting), filled in by the server
    /// when the log is read; absent where the row is gone or has no name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The name the device was enrolled under, filled in when the log is read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Older entries remain before the last one.
    pub more: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    UpgradeRequired,
    Unauthenticated,
    DeviceRevoked,
    BadCode,
    RateLimited,
    BadRequest,
    Internal,
    /// The caller's positions do not allow this request (or the thing asked about is
    /// not theirs to know of). Added in protocol 1.
    Forbidden,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// Vietnamese, for the user.
    pub message: String,
}

impl ErrorCode {
    pub fn message_vi(self) -> &'static str {
        match self {
            ErrorCode::UpgradeRequired => "Ứng dụng đã cũ, hãy cập nhật phiên bản mới",
            ErrorCode::Unauthenticated => "Thiết bị chưa được xác thực",
            ErrorCode::DeviceRevoked => "Thiết bị đã bị thu hồi quyền truy cập",
            ErrorCode::BadCode => "Mã đăng ký không đúng, đã hết hạn hoặc đã được dùng",
            ErrorCode::RateLimited => "Thử quá nhiều lần, vui lòng đợi rồi thử lại",
            ErrorCode::BadRequest => "Yêu cầu không hợp lệ",
            ErrorCode::Internal => "Máy chủ gặp lỗi, vui lòng thử lại sau",
            ErrorCode::Forbidden => "Bạn không có quyền thực hiện việc này",
        }
    }
}
