//! The store's error types: one enum per boundary (storage, authentication, enrollment).
//! Messages are Vietnamese because some reach users through the CLI.

use sotay_model::ids::{DeviceId, Id};

/// Something went wrong underneath the store; never caused by a client's bad input
/// (that is a per-change `RejectReason` instead).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("lỗi cơ sở dữ liệu: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("lỗi cơ sở dữ liệu PostgreSQL: {0}")]
    Postgres(#[from] postgres::Error),
    #[error("lỗi mã hóa dữ liệu: {0}")]
    Json(#[from] serde_json::Error),
    #[error("không mở được thư mục dữ liệu: {0}")]
    Io(#[from] std::io::Error),
    #[error("thiết bị {0} không tồn tại")]
    UnknownDevice(DeviceId),
    #[error("thiết bị {0} đã bị thu hồi quyền truy cập")]
    RevokedDevice(DeviceId),
    #[error("đảng viên {0} không tồn tại")]
    UnknownMember(Id),
    #[error("dữ liệu trong cơ sở dữ liệu bị hỏng: {0}")]
    Corrupt(String),
    #[error("cơ sở dữ liệu có phiên bản lược đồ {found}, mới hơn bản này hiểu được ({known})")]
    SchemaTooNew { found: i64, known: i64 },
    /// The group-committed transaction holding this push failed or stopped (see
    /// [`crate::group`]); nothing of it was stored.
    #[error("không lưu được nhóm thay đổi: {0}")]
    BatchFailed(String),
}

/// Why a bearer credential was refused.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Malformed, or no such device, or the secret does not match.
    #[error("thiết bị chưa được xác thực")]
    Unknown,
    #[error("thiết bị đã bị thu hồi quyền truy cập")]
    Revoked,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why an enrollment code was refused.
#[derive(Debug, thiserror::Error)]
pub enum EnrollError {
    /// Unknown, expired or already used: the caller is not told which.
    #[error("mã đăng ký không đúng, đã hết hạn hoặc đã được dùng")]
    BadCode,
    #[error("tên thiết bị phải có từ 1 đến 100 ký tự")]
    BadDeviceName,
    #[error(transparent)]
    Store(#[from] StoreError),
}
