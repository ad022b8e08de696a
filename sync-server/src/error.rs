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
    /// The disk under the database is full: nothing of the write was stored, and the
    /// same write succeeds once space is freed (issue 22).
    #[error("hết chỗ lưu trữ (ổ đĩa đầy), không lưu được: {0}")]
    Full(String),
}

impl StoreError {
    /// Whether the write failed because the disk (or the database's size limit) is
    /// full, on either store.
    pub fn is_full(&self) -> bool {
        match self {
            StoreError::Full(_) => true,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => {
                e.code == rusqlite::ErrorCode::DiskFull
            }
            StoreError::Postgres(e) => e.code() == Some(&postgres::error::SqlState::DISK_FULL),
            StoreError::Io(e) => e.kind() == std::io::ErrorKind::StorageFull,
            _ => false,
        }
    }

    /// The answer for each push of a group whose transaction failed with `self`: the
    /// group failed, or the disk is full (which the device is told as such).
    pub fn of_batch(&self) -> StoreError {
        match self.is_full() {
            true => StoreError::Full(self.to_string()),
            false => StoreError::BatchFailed(self.to_string()),
        }
    }
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
