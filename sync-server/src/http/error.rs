//! The one error type of the HTTP boundary: each variant is a status and an
//! `ErrorBody` with a Vietnamese message. Internal causes are logged, never sent.

use crate::error::{AuthError, EnrollError, StoreError};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use sotay_model::protocol::{ErrorBody, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("phiên bản giao thức không được hỗ trợ")]
    UpgradeRequired,
    #[error("chưa xác thực")]
    Unauthenticated,
    #[error("thiết bị đã bị thu hồi")]
    DeviceRevoked,
    #[error("mã đăng ký sai")]
    BadCode,
    #[error("quá nhiều lần thử")]
    RateLimited,
    /// The client's request is wrong; the text (Vietnamese) says how.
    #[error("{0}")]
    BadRequest(String),
    #[error("yêu cầu quá lớn")]
    TooLarge,
    #[error("không tìm thấy")]
    NotFound,
    #[error("không có quyền")]
    Forbidden,
    /// Not allowed, and the caller may know why (issue 12); the text is Vietnamese.
    #[error("{0}")]
    ForbiddenBecause(String),
    /// An upload above `serve --max-blob-mb`.
    #[error("tệp lớn hơn giới hạn {max_mb} MB")]
    BlobTooLarge { max_mb: u64 },
    /// A blob the server lacks or the device may not read (one answer for both).
    #[error("không tìm thấy tệp")]
    NoBlob,
    /// More requests in flight than `serve --max-requests`: try again shortly.
    #[error("máy chủ đang bận")]
    Busy,
    /// The request took longer than `serve --request-timeout-secs` (or a file upload
    /// stalled between chunks).
    #[error("yêu cầu quá {secs} giây")]
    Timeout { secs: u64 },
    /// The server's disk is full: nothing of the request was stored (the text is for
    /// the log only).
    #[error("hết chỗ lưu trữ: {0}")]
    StorageFull(String),
    /// Something broke on the server; the text is for the log only.
    #[error("lỗi nội bộ: {0}")]
    Internal(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::RevokedDevice(_) => ApiError::DeviceRevoked,
            StoreError::UnknownDevice(_) => ApiError::Unauthenticated,
            full if full.is_full() => ApiError::StorageFull(full.to_string()),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> Self {
        match e {
            AuthError::Unknown => ApiError::Unauthenticated,
            AuthError::Revoked => ApiError::DeviceRevoked,
            AuthError::Store(s) => s.into(),
        }
    }
}

impl From<EnrollError> for ApiError {
    fn from(e: EnrollError) -> Self {
        match e {
            EnrollError::BadCode => ApiError::BadCode,
            EnrollError::BadDeviceName => {
                ApiError::BadRequest(EnrollError::BadDeviceName.to_string())
            }
            EnrollError::Store(s) => s.into(),
        }
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        ApiError::Internal(format!("tác vụ nền bị hủy: {e}"))
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            ApiError::UpgradeRequired => (
                StatusCode::UPGRADE_REQUIRED,
                ErrorCode::UpgradeRequired,
                None,
            ),
            ApiError::Unauthenticated => {
                (StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated, None)
            }
            ApiError::DeviceRevoked => (StatusCode::UNAUTHORIZED, ErrorCode::DeviceRevoked, None),
            ApiError::BadCode => (StatusCode::BAD_REQUEST, ErrorCode::BadCode, None),
            ApiError::RateLimited => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited, None),
            ApiError::BadRequest(m) => (
                StatusCode::BAD_REQUEST,
                ErrorCode::BadRequest,
                Some(capitalised(&m)),
            ),
            ApiError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::BadRequest,
                Some("Yêu cầu quá lớn: máy chủ không nhận yêu cầu cỡ này (khi đồng bộ, hãy gửi ít thay đổi hơn mỗi lần)".into()),
            ),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                ErrorCode::BadRequest,
                Some("Không có đường dẫn này trên máy chủ".into()),
            ),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, ErrorCode::Forbidden, None),
            ApiError::ForbiddenBecause(m) => (
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                Some(capitalised(&m)),
            ),
            ApiError::BlobTooLarge { max_mb } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::BadRequest,
                Some(format!(
                    "Tệp lớn hơn giới hạn {max_mb} MB của máy chủ, không thể tải lên"
                )),
            ),
            ApiError::NoBlob => (
                StatusCode::NOT_FOUND,
                ErrorCode::BadRequest,
                Some("Không tìm thấy tệp này trên máy chủ".into()),
            ),
            ApiError::Busy => {
                let body = ErrorBody {
                    code: ErrorCode::Internal,
                    message: "Máy chủ đang bận, đồng chí hãy thử lại sau ít phút".into(),
                };
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(axum::http::header::RETRY_AFTER, "5")],
                    Json(body),
                )
                    .into_response();
            }
            ApiError::Timeout { secs } => (
                StatusCode::REQUEST_TIMEOUT,
                ErrorCode::Internal,
                Some(format!(
                    "Yêu cầu không xong trong {secs} giây (mạng chậm hoặc bị ngắt?), đồng chí hãy thử lại"
                )),
            ),
            // The code stays `Internal`: replicas of protocol 1 know no other for it.
            ApiError::StorageFull(cause) => {
                tracing::error!(%cause, "the disk is full");
                (
                    StatusCode::INSUFFICIENT_STORAGE,
                    ErrorCode::Internal,
                    Some(
                        "Máy chủ đã hết chỗ lưu trữ nên chưa lưu được thay đổi nào của lần \
                         đồng bộ này; thiết bị vẫn giữ các thay đổi và sẽ gửi lại. Đồng chí \
                         hãy báo người quản trị máy chủ"
                            .into(),
                    ),
                )
            }
            ApiError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, None)
            }
        };
        let body = ErrorBody {
            code,
            message: message.unwrap_or_else(|| code.message_vi().to_string()),
        };
        (status, Json(body)).into_response()
    }
}
