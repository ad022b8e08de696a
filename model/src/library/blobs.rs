//! The blob routes of the sync protocol (issue 5): attachment files, addressed by the
//! SHA-256 of their content (64 lower-case hex digits), every request authenticated
//! with the device's bearer credential like `/v1/push`.
//!
//! - `POST /v1/blobs/check` [`BlobCheckRequest`] → [`BlobCheckResponse`]: which of
//!   these the server lacks (asked by a device that may attach files, before uploading).
//! - `PUT /v1/blobs/{sha256}` with the raw bytes: stored if the content hashes to the
//!   name and is at most the server's limit (413 with a Vietnamese message otherwise).
//! - `GET /v1/blobs/{sha256}` with an optional `Range: bytes=N-` (resume): 200 or 206.
//!   404 both when the server lacks it and when no document the device may read
//!   references it, so a device outside the scope learns nothing.

use serde::{Deserialize, Serialize};

/// The most hashes one check may carry.
pub const MAX_CHECK: usize = 1_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlobCheckRequest {
    pub protocol: u32,
    pub hashes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlobCheckResponse {
    /// The hashes asked about that the server does not hold, in the order asked.
    pub missing: Vec<String>,
    /// The largest blob the server accepts, in bytes.
    pub max_bytes: u64,
}
