//! The QR scanner's strings (camera, scanned codes that are not the one asked for),
//! Vietnamese and English, in their own catalog like the meetings screens': an enum of
//! keys and an exhaustive `match` per language.

use super::Lang;
use crate::camera::CameraError;
use crate::qr::NotOurs;

macro_rules! skeys {
    ($($k:ident => $vi:literal, $en:literal;)*) => {
        /// One visible string of the scanner. Templates mark holes with `{}`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum SKey { $($k),* }
        impl SKey {
            pub const ALL: &'static [SKey] = &[$(SKey::$k),*];
        }
        fn vi(k: SKey) -> &'static str { match k { $(SKey::$k => $vi),* } }
        fn en(k: SKey) -> &'static str { match k { $(SKey::$k => $en),* } }
    };
}

skeys! {
    Title => "Quét mã QR", "Scan a QR code";
    Aim => "Đưa mã QR vào giữa khung hình, giữ yên một chút.",
        "Hold the QR code inside the frame, still for a moment.";
    Opening => "Đang mở máy ảnh…", "Opening the camera…";
    Stop => "Đóng máy ảnh", "Close camera";
    TryAgain => "Thử lại", "Try again";
    Video => "Hình từ máy ảnh", "Camera picture";
    NoCameraApi => "Không mở được máy ảnh: ứng dụng hoặc trình duyệt này không cho dùng máy ảnh. Hãy gõ mã bằng tay.",
        "Could not open the camera: this app or browser does not allow camera use. Please type the code.";
    Denied => "Không mở được máy ảnh: quyền dùng máy ảnh bị từ chối. Hãy cho phép dùng máy ảnh trong cài đặt, hoặc gõ mã bằng tay.",
        "Could not open the camera: permission was refused. Allow camera use in the settings, or type the code.";
    NoCamera => "Không mở được máy ảnh: không tìm thấy máy ảnh nào trên thiết bị này. Hãy gõ mã bằng tay.",
        "Could not open the camera: this device has no camera. Please type the code.";
    Busy => "Không mở được máy ảnh: máy ảnh đang bị ứng dụng khác dùng. Hãy đóng ứng dụng đó rồi thử lại, hoặc gõ mã bằng tay.",
        "Could not open the camera: another app is using it. Close that app and try again, or type the code.";
    Other => "Không mở được máy ảnh ({}). Hãy gõ mã bằng tay.",
        "Could not open the camera ({}). Please type the code.";
    Scanned => "Đã đọc mã {} từ mã QR.", "Read code {} from the QR code.";
    CheckInNotEnroll => "Đây là mã điểm danh cuộc họp, không phải mã đăng ký thiết bị. Hãy quét mã đăng ký do cấp ủy cấp.",
        "This is a meeting check-in code, not a device enrollment code. Scan the enrollment code your committee gave you.";
    ForeignNotEnroll => "Mã QR này không phải mã đăng ký của Sổ tay Đảng viên. Hãy quét mã đăng ký do cấp ủy cấp, hoặc gõ mã.",
        "This QR code is not a Sổ tay Đảng viên enrollment code. Scan the code your committee gave you, or type it.";
    EnrollNotCheckIn => "Đây là mã đăng ký thiết bị, không phải mã điểm danh. Hãy quét mã trên màn hình của thư ký cuộc họp.",
        "This is a device enrollment code, not a check-in code. Scan the code on the meeting secretary's screen.";
    ForeignNotCheckIn => "Mã QR này không phải mã điểm danh cuộc họp. Hãy quét mã trên màn hình của thư ký, hoặc gõ mã.",
        "This QR code is not a meeting check-in code. Scan the code on the secretary's screen, or type it.";
}

/// The text of `key` in `lang`.
pub fn text(lang: Lang, key: SKey) -> &'static str {
    match lang {
        Lang::Vi => vi(key),
        Lang::En => en(key),
    }
}

/// Why the camera did not open, in `lang`.
pub fn camera_error(lang: Lang, e: &CameraError) -> String {
    let key = match e {
        CameraError::Unsupported => SKey::NoCameraApi,
        CameraError::Denied => SKey::Denied,
        CameraError::NotFound => SKey::NoCamera,
        CameraError::Busy => SKey::Busy,
        CameraError::Other(why) => return super::fill(text(lang, SKey::Other), &[why]),
    };
    text(lang, key).to_string()
}

/// Why a scanned text is not an enrollment code.
pub fn not_enroll(e: NotOurs) -> SKey {
    match e {
        NotOurs::CheckInCode => SKey::CheckInNotEnroll,
        NotOurs::EnrollCode | NotOurs::Foreign => SKey::ForeignNotEnroll,
    }
}

/// Why a scanned text is not a meeting check-in code.
pub fn not_check_in(e: NotOurs) -> SKey {
    match e {
        NotOurs::EnrollCode => SKey::EnrollNotCheckIn,
        NotOurs::CheckInCode | NotOurs::Foreign => SKey::ForeignNotCheckIn,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scanner_string_has_both_languages_and_the_same_holes() {
        for &k in SKey::ALL {
            for lang in [Lang::Vi, Lang::En] {
                assert!(!text(lang, k).trim().is_empty(), "{k:?} in {lang:?}");
            }
            let holes = |s: &str| s.matches("{}").count();
            assert_eq!(holes(text(Lang::Vi, k)), holes(text(Lang::En, k)), "{k:?}");
        }
    }

    #[test]
    fn a_camera_that_does_not_open_says_so_and_offers_typing() {
        for e in [
            CameraError::Unsupported,
            CameraError::Denied,
            CameraError::NotFound,
            CameraError::Busy,
            CameraError::Other("X: y".into()),
        ] {
            let vi = camera_error(Lang::Vi, &e);
            assert!(vi.starts_with("Không mở được máy ảnh"), "{vi}");
            assert!(vi.contains("gõ mã"), "{vi}");
        }
        assert!(camera_error(Lang::Vi, &CameraError::Other("X: y".into())).contains("X: y"));
    }
}
