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

/// What an enrollment QR (and the printed card) holds: the server's address and the
/// code together, `sotay:enroll:K7QX-M2PA:https://sotay.vidu.vn`, so one scan fills
/// the whole enrollment form. The code has no `:`, so the address is the rest.
pub fn enroll_link(server: &str, code: &str) -> String {
    format!("{ENROLL_LINK}{}:{}", code.trim(), server.trim())
}

const ENROLL_LINK: &str = "sotay:enroll:";

/// The code and the server's address of an [`enroll_link`]; `None` for any other text.
pub fn read_enroll_link(text: &str) -> Option<(String, String)> {
    let rest = text.trim();
    let rest = rest
        .get(..ENROLL_LINK.len())
        .filter(|p| p.eq_ignore_ascii_case(ENROLL_LINK))
        .map(|_| &rest[ENROLL_LINK.len()..])?;
    let (code, server) = rest.split_once(':')?;
    let (code, server) = (code.trim(), server.trim());
    if code.is_empty() || server.is_empty() {
        return None;
    }
    Some((code.to_string(), server.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_enroll_link_carries_the_server_and_the_code() {
        let link = enroll_link("https://sotay.vidu.vn:8443", "K7QX-M2PA");
        assert_eq!(link, "sotay:enroll:K7QX-M2PA:https://sotay.vidu.vn:8443");
        assert_eq!(
            read_enroll_link(&link),
            Some(("K7QX-M2PA".into(), "https://sotay.vidu.vn:8443".into()))
        );
        assert_eq!(read_enroll_link("K7QX-M2PA"), None);
        assert_eq!(read_enroll_link("sotay:enroll:K7QX-M2PA:"), None);
        assert_eq!(read_enroll_link("https://example.com"), None);
    }
}
