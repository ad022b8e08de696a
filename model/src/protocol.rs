//! Sync protocol messages between a replica and the sync server (DESIGN §4).
//!
//! Transport: JSON over HTTP. Routes (all POST, all but enroll carry
//! `Authorization: Bearer <device_id>.<secret>`):
//! `/v1/enroll` EnrollRequest→EnrollResponse, `/v1/push` PushRequest→PushResponse,
//! `/v1/pull` PullRequest→PullResponse. Errors are an `ErrorBody` with a 4xx/5xx status.
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
    /// The merged row would be malformed; the detail says how (Vietnamese).
    Invalid(String),
    /// A field that is fixed at creation was changed.
    Immutable(String),
    /// The same change id was already used for different content.
    ConflictingId,
}

impl RejectReason {
    pub fn message_vi(&self) -> String {
        match self {
            RejectReason::Forbidden => "Bạn không có quyền thực hiện thay đổi này".into(),
            RejectReason::Invalid(d) => format!("Dữ liệu không hợp lệ: {d}"),
            RejectReason::Immutable(f) => format!("Không được sửa trường {f} sau khi tạo"),
            RejectReason::ConflictingId => "Mã thay đổi bị trùng với một thay đổi khác".into(),
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
        }
    }
}
