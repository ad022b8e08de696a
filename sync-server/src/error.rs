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
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => sqlite_full(e),
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

/// SQLite says "full" in two ways: `SQLITE_FULL` for the database and WAL files, and
/// `SQLITE_IOERR_SHMSIZE` when the WAL index (`-shm`) cannot grow, which a commit meets
/// when its frames cross into a new 32 KiB region of the index on a full disk.
pub(crate) fn sqlite_full(e: &rusqlite::ffi::Error) -> bool {
    e.code == rusqlite::ErrorCode::DiskFull
        || e.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(code: std::ffi::c_int) -> StoreError {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(code),
            None,
        ))
    }

    #[test]
    fn a_full_disk_is_told_apart_from_other_failures() {
        assert!(sqlite(rusqlite::ffi::SQLITE_FULL).is_full());
        assert!(sqlite(rusqlite::ffi::SQLITE_IOERR_SHMSIZE).is_full());
        assert!(!sqlite(rusqlite::ffi::SQLITE_IOERR_WRITE).is_full());
        assert!(!sqlite(rusqlite::ffi::SQLITE_CORRUPT).is_full());
        let full = sqlite(rusqlite::ffi::SQLITE_IOERR_SHMSIZE).of_batch();
        assert!(matches!(full, StoreError::Full(_)), "{full:?}");
        let other = sqlite(rusqlite::ffi::SQLITE_IOERR_WRITE).of_batch();
        assert!(matches!(other, StoreError::BatchFailed(_)), "{other:?}");
    }
}
