//! Devices and enrollment: enroll this device with a one-time code, issue codes for
//! others, list, rename and revoke devices, read the audit log. All but enrollment
//! are answered by the server, which decides who may do what.

pub mod requests;

use crate::ids::Id;
use serde::{Deserialize, Serialize};

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
