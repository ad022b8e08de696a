//! The replica's internal error types and how they become the user-facing `ApiError`.

use sotay_model::api::{ApiError, ApiErrorKind};

/// A failure of the local database: SQLite itself, a stored JSON value that no longer
/// parses, or the file system under it.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Corrupt(String),
    /// The database key is missing, wrong or unreadable (Vietnamese text).
    #[error("{0}")]
    Key(String),
}

impl DbError {
    /// Whether the phone's storage is full (the write was not made; it can be once
    /// space is freed).
    pub fn is_full(&self) -> bool {
        match self {
            // `SQLITE_IOERR_SHMSIZE`: the WAL index cannot grow, as the server's store
            // says too (sotay_server's `sqlite_full`).
            DbError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => {
                e.code == rusqlite::ErrorCode::DiskFull
                    || e.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE
            }
            DbError::Io(e) => e.kind() == std::io::ErrorKind::StorageFull,
            _ => false,
        }
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> ApiError {
        if let DbError::Key(why) = &e {
            return ApiError::new(
                ApiErrorKind::Storage,
                format!("Không mở được dữ liệu đã mã hóa trên máy: {why}"),
            );
        }
        if e.is_full() {
            return ApiError::new(
                ApiErrorKind::Storage,
                "Máy đã hết chỗ lưu trữ nên chưa lưu được thay đổi này (những gì đã lưu \
                 trước đó vẫn còn nguyên). Đồng chí hãy giải phóng bộ nhớ máy rồi thử lại",
            );
        }
        ApiError::new(
            ApiErrorKind::Storage,
            format!("Không đọc hoặc ghi được dữ liệu trên máy ({e})"),
        )
    }
}

pub(crate) fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ApiErrorKind::Invalid, message)
}

pub(crate) fn not_found(message: impl Into<String>) -> ApiError {
    ApiError::new(ApiErrorKind::NotFound, message)
}

pub(crate) fn not_enrolled() -> ApiError {
    ApiError::new(
        ApiErrorKind::NotEnrolled,
        "Thiết bị chưa được đăng ký, hãy nhập mã đăng ký do cấp ủy cấp",
    )
}
