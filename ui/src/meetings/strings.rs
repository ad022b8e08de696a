//! The meetings screens' strings (Sinh hoạt, issue 6), Vietnamese and English, kept in
//! their own catalog so the shared one stays small; same rules: an enum of keys and an
//! exhaustive `match` per language.

use crate::i18n::Lang;

macro_rules! mkeys {
    ($($k:ident => $vi:literal, $en:literal;)*) => {
        /// One visible string of the meetings screens. Templates mark holes with `{}`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum MKey { $($k),* }
        impl MKey {
            pub const ALL: &'static [MKey] = &[$(MKey::$k),*];
        }
        fn vi(k: MKey) -> &'static str { match k { $(MKey::$k => $vi),* } }
        fn en(k: MKey) -> &'static str { match k { $(MKey::$k => $en),* } }
    };
}

mkeys! {
    Title => "Sinh hoạt chi bộ", "Party meetings";
    Upcoming => "Sắp tới", "Upcoming";
    Past => "Đã diễn ra", "Past";
    NoMeetings => "Chưa có cuộc họp nào", "No meetings yet";
    Plan => "Lên lịch sinh hoạt", "Plan a meeting";
    Regular => "Thường kỳ", "Regular";
    Thematic => "Chuyên đề", "Thematic";
    Cancelled => "Đã hủy", "Cancelled";
    Kind => "Loại", "Kind";
    Topic => "Chủ đề", "Topic";
    Org => "Tổ chức đảng", "Party organisation";
    Date => "Ngày", "Date";
    StartTime => "Bắt đầu", "Starts";
    EndTime => "Kết thúc", "Ends";
    DateHint => "ngày/tháng/năm", "day/month/year";
    TimeHint => "giờ:phút", "hour:minute";
    VietnamTime => "giờ Việt Nam", "Vietnam time";
    Time => "Thời gian", "Time";
    Place => "Địa điểm", "Place";
    Chair => "Chủ trì", "Chair";
    MinuteTaker => "Thư ký", "Minute-taker";
    NotSet => "Chưa chọn", "Not chosen";
    Agenda => "Nội dung (mỗi dòng một mục)", "Agenda (one item a line)";
    AgendaTitle => "Chương trình", "Agenda";
    Materials => "Tài liệu", "Materials";
    NoMaterials => "Không có tài liệu kèm theo", "No materials attached";
    Guests => "Khách mời (mỗi dòng một người)", "Guests (one a line)";
    GuestsTitle => "Khách mời", "Guests";
    Convened => "Triệu tập", "Convened";
    Attendees => "{} / {} có mặt", "{} / {} present";
    Edit => "Sửa", "Edit";
    Cancel => "Hủy cuộc họp", "Cancel meeting";
    CancelReason => "Lý do hủy", "Reason for cancelling";
    CancelConfirm => "Xác nhận hủy", "Confirm cancellation";
    Saved => "Đã lưu trên máy; sẽ gửi khi đồng bộ", "Saved on this device; sent at the next sync";
    NeedDate => "Ngày: chưa nhập", "Date: missing";
    BadDate => "Ngày: hãy nhập ngày/tháng/năm, ví dụ 15/12/2026", "Date: type day/month/year, e.g. 15/12/2026";
    NeedStart => "Giờ bắt đầu: chưa nhập", "Start: missing";
    BadStart => "Giờ bắt đầu: hãy nhập giờ:phút, ví dụ 08:00", "Start: type hour:minute, e.g. 08:00";
    NeedEnd => "Giờ kết thúc: chưa nhập", "End: missing";
    BadEnd => "Giờ kết thúc: hãy nhập giờ:phút, ví dụ 10:00", "End: type hour:minute, e.g. 10:00";
    EndBeforeStart => "Giờ kết thúc phải sau giờ bắt đầu", "The end must be after the start";
    NeedTopic => "Chủ đề: chưa nhập (hoặc ghi nội dung)", "Topic: missing (or write an agenda)";
    NeedPlace => "Địa điểm: chưa nhập", "Place: missing";
    Sending => "Đang gửi…", "Sending…";
    CancelQuestion => "Hủy cuộc họp không khôi phục được: mọi đảng viên được triệu tập sẽ thấy cuộc họp đã hủy và lý do.", "Cancelling cannot be undone: everyone convened will see the meeting cancelled, with the reason.";
    Keep => "Không hủy", "Keep it";
    CheckInTitle => "Điểm danh", "Check-in";
    ShowCode => "Hiện mã điểm danh", "Show check-in code";
    CodeValidUntil => "Mã đổi lúc {}", "Code changes at {}";
    CodeHowTo => "Đảng viên nhập mã này (hoặc quét mã QR) trên máy của mình, kể cả khi không có mạng.", "Members type this code (or scan the QR) on their own device, even offline.";
    HideCode => "Ẩn mã", "Hide code";
    TypeCode => "Nhập mã điểm danh", "Type the check-in code";
    CodePlaceholder => "ABCD-EFGH", "ABCD-EFGH";
    CheckInSubmit => "Điểm danh", "Check in";
    CheckedInPending => "Đã lưu điểm danh trên máy, chờ xác nhận: máy chủ kiểm tra mã khi có mạng", "Saved on this device, waiting for confirmation: the server checks the code when online";
    CheckedInConfirmed => "Đã điểm danh, máy chủ đã xác nhận", "Checked in, confirmed by the server";
    CheckInRefused => "Mã điểm danh không được chấp nhận: {}", "The check-in code was refused: {}";
    Checking => "Đang gửi mã để máy chủ kiểm tra…", "Sending the code for the server to check…";
    AwaitingConfirmation => "Chờ xác nhận", "Waiting for confirmation";
    MyAttendance => "Của đồng chí: {}", "Yours: {}";
    AttendanceTitle => "Điểm danh đảng viên", "Attendance";
    Present => "Có mặt", "Present";
    Late => "Đến muộn", "Late";
    Excused => "Vắng có lý do", "Absent, excused";
    Unexcused => "Vắng không lý do", "Absent, unexcused";
    Unrecorded => "Chưa điểm danh", "Not recorded";
    Reason => "Lý do", "Reason";
    ReasonNeeded => "Cần ghi lý do", "A reason is needed";
    CorrectionHint => "Đảng viên đã tự điểm danh: sửa cần ghi lý do (được lưu trong nhật ký).", "The member checked in: a correction needs a reason (kept in the audit log).";
    Quorum => "Quá nửa số đảng viên được triệu tập có mặt", "More than half of those convened are present";
    NoQuorum => "Chưa đủ quá nửa số đảng viên được triệu tập", "Not more than half of those convened are present";
    SelfCheckIn => "tự điểm danh", "checked in";
    MinutesTitle => "Biên bản", "Minutes";
    NoMinutes => "Chưa có biên bản", "No minutes yet";
    StartMinutes => "Lập biên bản", "Draft the minutes";
    Version => "Bản {}", "Version {}";
    Draft => "Dự thảo", "Draft";
    Approved => "Đã duyệt (khóa)", "Approved (locked)";
    Content => "Nội dung", "Content";
    Opinions => "Ý kiến thảo luận", "Opinions";
    Conclusions => "Kết luận (mỗi dòng một ý)", "Conclusions (one a line)";
    Votes => "Biểu quyết", "Votes";
    VoteQuestion => "Vấn đề biểu quyết", "Question";
    Agree => "Tán thành", "For";
    Disagree => "Không tán thành", "Against";
    Abstain => "Không biểu quyết", "Abstain";
    AddVote => "Thêm biểu quyết", "Add a vote";
    SaveDraft => "Lưu dự thảo", "Save draft";
    Approve => "Chủ trì duyệt biên bản", "Approve (chair)";
    ApproveQuestion => "Duyệt sẽ khóa biên bản: sau khi duyệt không sửa được, muốn thay đổi phải lập bản mới và ghi lý do.", "Approving locks the minutes: they cannot be changed after, only replaced by a new version with a reason.";
    ApproveMissing => "Biên bản còn thiếu:", "Still missing:";
    MissingItem => "Mục \"{}\": chưa ghi nội dung", "Item \"{}\": nothing written";
    MissingVotes => "Chưa có biểu quyết nào", "No vote recorded";
    UnsavedDraft => "Các thay đổi chưa lưu sẽ được lưu trước khi duyệt", "Unsaved changes are saved before approving";
    ApproveConfirm => "Duyệt và khóa biên bản", "Approve and lock";
    Back => "Quay lại", "Back";
    LockedHint => "Biên bản đã duyệt không sửa được; muốn thay đổi hãy lập bản mới và ghi lý do.", "Approved minutes cannot change; make a new version with a reason.";
    NewVersion => "Lập bản mới", "New version";
    NewVersionReason => "Lý do lập bản mới", "Why a new version";
    ExportDocx => "Xuất .docx", "Export .docx";
    ExportPdf => "Xuất PDF", "Export PDF";
    Exported => "Đã xuất tệp: {}", "Exported: {}";
    Downloaded => "Đã tải xuống tệp: {}", "Downloaded: {}";
    StatsTitle => "Sinh hoạt của cấp dưới", "Lower levels' meetings";
    StatsHeld => "Số buổi", "Held";
    StatsRate => "Tỷ lệ dự", "Attendance";
    StatsMonth => "Tháng", "Month";
    StatsLower => "Tổ chức cấp dưới", "Lower level";
    NoStats => "Chưa có số liệu sinh hoạt của cấp dưới", "No meetings of lower levels yet";
    BackToList => "Danh sách cuộc họp", "All meetings";
    InProgress => "Đang diễn ra", "In progress";
    OpenMeeting => "Mở cuộc họp", "Open the meeting";
    WhereWhen => "{} · {}", "{} · {}";
}

/// The text of `key` in `lang`.
pub fn text(lang: Lang, key: MKey) -> &'static str {
    match lang {
        Lang::Vi => vi(key),
        Lang::En => en(key),
    }
}

/// The text of `key` with its `{}` holes filled.
pub fn textf(lang: Lang, key: MKey, args: &[&str]) -> String {
    crate::i18n::fill(text(lang, key), args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_meeting_string_has_both_languages_and_the_same_holes() {
        for &k in MKey::ALL {
            for lang in [Lang::Vi, Lang::En] {
                assert!(!text(lang, k).trim().is_empty(), "{k:?} in {lang:?}");
            }
            let holes = |s: &str| s.matches("{}").count();
            assert_eq!(holes(text(Lang::Vi, k)), holes(text(Lang::En, k)), "{k:?}");
        }
    }

    #[test]
    fn domain_words_follow_the_design() {
        assert_eq!(text(Lang::Vi, MKey::Regular), "Thường kỳ");
        assert_eq!(text(Lang::Vi, MKey::Excused), "Vắng có lý do");
        assert_eq!(text(Lang::Vi, MKey::MinutesTitle), "Biên bản");
    }
}
