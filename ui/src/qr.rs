//! QR codes read by the camera: the text of a QR found in a greyscale frame (quircs,
//! pure Rust), and what sotay's own QR codes say — an enrollment code (`K7QX-M2PA`,
//! made by the replica's `IssueEnrollCode`) or a meeting check-in code (`ABCDEFGH`, made
//! by `ShowCheckInCode`). No browser APIs here, so all of it is tested natively.
//!
//! ```
//! use sotay_ui::qr::{enroll_code, NotOurs};
//! assert_eq!(enroll_code(" k7qx-m2pa\n"), Ok("K7QX-M2PA".to_string()));
//! assert_eq!(enroll_code("https://example.com"), Err(NotOurs::Foreign));
//! ```

use sotay_model::meetings::code as check_in;

/// The server's enrollment alphabet (sync-server `credentials`): no 0/O, 1/I/L.
const ENROLL_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// Why scanned text is not the code the screen asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotOurs {
    /// Another sotay code: a meeting check-in code where an enrollment code was asked.
    CheckInCode,
    /// Another sotay code: an enrollment code where a check-in code was asked.
    EnrollCode,
    /// Not a sotay code at all (a web address, a product code…).
    Foreign,
}

/// The text of the first readable QR code in a `width`×`height` greyscale frame (one
/// byte a pixel, row by row); `None` when there is none or it cannot be read.
pub fn decode_luma(width: usize, height: usize, luma: &[u8]) -> Option<String> {
    if width == 0 || height == 0 || luma.len() < width * height {
        return None;
    }
    let mut decoder = quircs::Quirc::default();
    decoder
        .identify(width, height, &luma[..width * height])
        .filter_map(Result::ok)
        .find_map(|code| code.decode().ok())
        .and_then(|data| String::from_utf8(data.payload).ok())
}

/// RGBA pixels (a canvas's `ImageData`) to luma, with the integer BT.601 weights.
pub fn rgba_to_luma(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .map(|p| ((77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2])) >> 8) as u8)
        .collect()
}

/// The enrollment code an enrollment QR holds, as the server writes it (`K7QX-M2PA`).
/// The replica's QR holds just the code, with its dash; a check-in QR holds eight
/// characters without one, which is how the two are told apart.
pub fn enroll_code(scanned: &str) -> Result<String, NotOurs> {
    let text = scanned.trim().to_ascii_uppercase();
    if is_enroll_code(&text) {
        Ok(text)
    } else if !text.contains('-') && check_in::normalise(&text).is_ok() {
        Err(NotOurs::CheckInCode)
    } else {
        Err(NotOurs::Foreign)
    }
}

/// What an enrollment QR gave: the code, and the server's address when the QR carries
/// it (`sotay:enroll:CODE:ADDRESS`, what the enrollment card shows; a QR of the bare
/// code, from an older app, leaves the address to be typed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enrollment {
    pub code: String,
    pub server: Option<String>,
}

/// The enrollment an enrollment QR holds, or why the text is not one.
pub fn enrollment(scanned: &str) -> Result<Enrollment, NotOurs> {
    match sotay_model::devices::read_enroll_link(scanned) {
        Some((code, server)) => {
            let code = code.to_ascii_uppercase();
            if is_enroll_code(&code) {
                Ok(Enrollment {
                    code,
                    server: Some(server),
                })
            } else {
                Err(NotOurs::Foreign)
            }
        }
        None => enroll_code(scanned).map(|code| Enrollment { code, server: None }),
    }
}

/// `XXXX-XXXX` in the enrollment alphabet (upper case already).
fn is_enroll_code(text: &str) -> bool {
    let ours = |part: &str| part.len() == 4 && part.bytes().all(|b| ENROLL_ALPHABET.contains(&b));
    matches!(text.split_once('-'), Some((a, b)) if ours(a) && ours(b))
}

/// The check-in code a meeting's QR holds, written as shown on the secretary's screen
/// (`ABCD-EFGH`), ready for `CheckIn { code, .. }` (the replica normalises
/// it again, so typed and scanned codes take the same path).
pub fn check_in_code(scanned: &str) -> Result<String, NotOurs> {
    let text = scanned.trim();
    if sotay_model::devices::read_enroll_link(text).is_some() {
        return Err(NotOurs::EnrollCode);
    }
    if text.contains('-') {
        // ShowCheckInCode's QR holds the code without its dash; an enrollment QR has one.
        return Err(if is_enroll_code(&text.to_ascii_uppercase()) {
            NotOurs::EnrollCode
        } else {
            NotOurs::Foreign
        });
    }
    check_in::normalise(text)
        .map(|c| check_in::display(&c))
        .map_err(|_| NotOurs::Foreign)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A QR of `text` as the replica makes it, drawn `scale` pixels a module on a white
    /// frame of `w`×`h` at (`left`, `top`), the way a camera would see a screen.
    fn frame(text: &str, w: usize, h: usize, left: usize, top: usize, scale: usize) -> Vec<u8> {
        let qr = qrcode::QrCode::new(text.as_bytes()).expect("a QR of a short text");
        let n = qr.width();
        let colors = qr.to_colors();
        let mut luma = vec![235u8; w * h];
        for y in 0..n * scale {
            for x in 0..n * scale {
                if colors[(y / scale) * n + x / scale] == qrcode::Color::Dark {
                    luma[(top + y) * w + left + x] = 20;
                }
            }
        }
        luma
    }

    #[test]
    fn a_replica_enrollment_qr_in_a_frame_reads_back_as_its_code() {
        let luma = frame("K7QX-M2PA", 320, 240, 90, 40, 6);
        let text = decode_luma(320, 240, &luma);
        assert_eq!(text.as_deref(), Some("K7QX-M2PA"));
        assert_eq!(
            enroll_code(&text.unwrap_or_default()).as_deref(),
            Ok("K7QX-M2PA")
        );
    }

    #[test]
    fn a_check_in_qr_reads_back_as_the_shown_code() {
        let luma = frame("0A7KQ2MZ", 240, 240, 50, 50, 5);
        let text = decode_luma(240, 240, &luma).unwrap_or_default();
        assert_eq!(check_in_code(&text).as_deref(), Ok("0A7K-Q2MZ"));
        assert_eq!(enroll_code(&text), Err(NotOurs::CheckInCode));
    }

    #[test]
    fn frames_without_a_code_or_too_short_give_nothing() {
        assert_eq!(decode_luma(64, 48, &[200u8; 64 * 48]), None);
        assert_eq!(decode_luma(64, 48, &[0u8; 10]), None);
        assert_eq!(decode_luma(0, 0, &[]), None);
    }

    #[test]
    fn rgba_becomes_luma_one_byte_a_pixel() {
        let rgba = [255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 128];
        assert_eq!(rgba_to_luma(&rgba), vec![255, 0, 76]);
    }

    #[test]
    fn enrollment_codes_are_told_from_other_texts() {
        let cases: &[(&str, Result<&str, NotOurs>)] = &[
            ("K7QX-M2PA", Ok("K7QX-M2PA")),
            ("  k7qx-m2pa \n", Ok("K7QX-M2PA")),
            ("K7QX-M2P0", Err(NotOurs::Foreign)), // 0 is not in the enrollment alphabet
            ("K7QXM2PA", Err(NotOurs::CheckInCode)),
            ("K7QX-M2PA-Z", Err(NotOurs::Foreign)),
            ("https://sotay.example/enroll", Err(NotOurs::Foreign)),
            ("", Err(NotOurs::Foreign)),
        ];
        for (text, want) in cases {
            let want = want.map(str::to_string);
            assert_eq!(enroll_code(text), want, "{text:?}");
        }
    }

    #[test]
    fn check_in_codes_are_told_from_other_texts() {
        assert_eq!(check_in_code("abcdefgh").as_deref(), Ok("ABCD-EFGH"));
        assert_eq!(check_in_code("K7QX-M2PA"), Err(NotOurs::EnrollCode));
        assert_eq!(check_in_code("hello world"), Err(NotOurs::Foreign));
        assert_eq!(check_in_code("ABCD-EFG!"), Err(NotOurs::Foreign));
    }

    #[test]
    fn an_enrollment_card_qr_fills_the_server_and_the_code() {
        let link = sotay_model::devices::enroll_link("https://sotay.vidu.vn", "K7QX-M2PA");
        let luma = frame(&link, 480, 360, 60, 30, 4);
        let text = decode_luma(480, 360, &luma).unwrap_or_default();
        assert_eq!(
            enrollment(&text),
            Ok(Enrollment {
                code: "K7QX-M2PA".into(),
                server: Some("https://sotay.vidu.vn".into()),
            })
        );
        // A bare code (an older app's QR) still fills the code alone.
        assert_eq!(enrollment("k7qx-m2pa").map(|e| e.server), Ok(None));
        assert_eq!(check_in_code(&text), Err(NotOurs::EnrollCode));
        assert_eq!(
            enrollment("sotay:enroll:NOT-ACODE:https://x.vn"),
            Err(NotOurs::Foreign)
        );
    }
}
