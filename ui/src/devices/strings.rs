//! The devices screens' strings (enrollment, the enrollment code card, the device
//! list), Vietnamese and English side by side.

crate::catalog! {
    /// One visible string of the devices screens.
    DeviceKey {
        EnrollTitle => "Đăng ký thiết bị", "Enroll this device";
        EnrollIntro => "Nhập địa chỉ máy chủ và mã đăng ký do cấp ủy cấp cho đồng chí. Mã chỉ dùng được một lần.", "Enter the server address and the enrollment code your committee gave you. A code works only once.";
        ServerLabel => "Địa chỉ máy chủ", "Server address";
        ServerPlaceholder => "https://sotay.vidu.vn", "https://sotay.example.vn";
        CodeLabel => "Mã đăng ký", "Enrollment code";
        CodeHint => "Mã gồm chữ và số, không phân biệt hoa thường", "Letters and digits, case does not matter";
        DeviceLabel => "Tên thiết bị", "Device name";
        DevicePlaceholder => "Ví dụ: Điện thoại của Lan", "For example: Lan's phone";
        ScanQr => "Quét mã QR", "Scan QR code";
        EnrollSubmit => "Đăng ký", "Enroll";
        Enrolling => "Đang đăng ký…", "Enrolling…";
        FirstSync => "Đang tải dữ liệu về máy lần đầu…", "Downloading data for the first time…";
        ProgressRows => "Đã nhận {} / {} bản ghi", "Received {} / {} records";
        ServerRequired => "Vui lòng nhập địa chỉ máy chủ", "Please enter the server address";
        CodeRequired => "Vui lòng nhập mã đăng ký", "Please enter the enrollment code";
        DeviceRequired => "Vui lòng đặt tên cho thiết bị", "Please name this device";
        CodeTitle => "Mã đăng ký một lần", "One-time enrollment code";
        CodeFor => "Cho đồng chí {}", "For {}";
        CodeExpires => "Hết hạn lúc {}", "Expires at {}";
        CodeHowTo => "Đưa mã này cho đảng viên. Trên máy của mình, đồng chí ấy quét mã QR (điền sẵn cả địa chỉ máy chủ) hoặc nhập địa chỉ và mã. Mã chỉ dùng được một lần.", "Give this code to the member. On their device they scan the QR code (it fills in the server address too) or type the address and the code. It works once.";
        QrAlt => "Mã QR của mã đăng ký", "QR code of the enrollment code";
        DevicesTitle => "Thiết bị", "Devices";
        MyDevices => "Thiết bị của tôi", "My devices";
        NoDevices => "Chưa có thiết bị nào được đăng ký.", "No device has been enrolled.";
        ThisDevice => "Thiết bị này", "This device";
        DeviceRevoked => "Đã thu hồi {}", "Revoked {}";
        DeviceEnrolledAt => "Đăng ký {}", "Enrolled {}";
        Rename => "Đổi tên", "Rename";
        DeviceName => "Tên thiết bị", "Device name";
        Revoke => "Thu hồi", "Revoke";
        RevokeConfirm => "Xác nhận thu hồi", "Confirm revocation";
        RevokeHint => "Thiết bị bị thu hồi sẽ bị từ chối ở lần kết nối tới và tự xóa dữ liệu trên máy.", "A revoked device is refused at its next contact and wipes its copy.";
        DeviceRenamed => "Đã đổi tên thiết bị.", "Device renamed.";
        DeviceRevokedDone => "Đã thu hồi thiết bị.", "Device revoked.";
        PrintCard => "In thẻ", "Print card";
        LockTitle => "Ứng dụng đang khóa", "The app is locked";
        LockHint => "Nhập mã PIN của ứng dụng để mở khóa.", "Enter the app PIN to unlock.";
        PinLabel => "Mã PIN", "PIN";
        Unlock => "Mở khóa", "Unlock";
        Unlocking => "Đang kiểm tra…", "Checking…";
        PinTitle => "Mã PIN của ứng dụng", "App PIN";
        PinOff => "Chưa đặt mã PIN: ai cầm máy cũng mở được ứng dụng.", "No PIN set: anyone holding the device can open the app.";
        PinOn => "Đã đặt mã PIN: ứng dụng khóa khi mở lại và sau ít phút không dùng.", "A PIN is set: the app locks when reopened and after a few idle minutes.";
        PinNew => "Mã PIN mới (4–8 chữ số)", "New PIN (4–8 digits)";
        PinRepeat => "Nhập lại mã PIN mới", "Repeat the new PIN";
        PinMismatch => "Hai lần nhập mã PIN không khớp", "The two PINs differ";
        PinForm => "Mã PIN phải gồm từ 4 đến 8 chữ số", "A PIN is 4 to 8 digits";
        SetPin => "Đặt mã PIN", "Set PIN";
        ChangePin => "Đổi mã PIN", "Change PIN";
        RemovePin => "Bỏ mã PIN", "Remove PIN";
        RemovePinConfirm => "Xác nhận bỏ mã PIN", "Confirm removing the PIN";
        LockNow => "Khóa ngay", "Lock now";
        PinSaved => "Đã lưu mã PIN.", "PIN saved.";
        PinRemoved => "Đã bỏ mã PIN.", "PIN removed.";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_devices_string_has_both_languages_and_the_same_holes() {
        crate::i18n::check_catalog(DeviceKey::ALL);
    }
}
