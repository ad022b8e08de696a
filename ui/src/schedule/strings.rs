//! The Lịch screens' strings (issue 15), Vietnamese and English side by side.

crate::catalog! {
    /// One visible string of the schedule screens.
    SKey {
        Title => "Lịch công tác", "Work schedule";
        Today => "Hôm nay", "Today";
        TodayAgenda => "Lịch hôm nay", "Today's agenda";
        OpenSchedule => "Xem lịch", "Open the schedule";
        NothingToday => "Hôm nay không có lịch.", "Nothing on today.";
        Previous => "Trước", "Previous";
        Next => "Sau", "Next";
        Day => "Ngày", "Day";
        Week => "Tuần", "Week";
        Month => "Tháng", "Month";
        NothingHere => "Không có lịch trong khoảng này.", "Nothing in this period.";
        AllDay => "cả ngày", "all day";
        AllDayLabel => "Cả ngày", "All day";
        KindOwn => "Lịch riêng", "Own";
        KindCommittee => "Lịch cấp ủy", "Committee";
        KindMeeting => "Sinh hoạt", "Meeting";
        KindTaskDue => "Hạn nhiệm vụ", "Task due";
        KindStudyDue => "Hạn học tập", "Study due";
        Repeats => "lặp lại", "repeats";
        Add => "Thêm lịch", "Add an entry";
        EditTitle => "Sửa lịch", "Edit the entry";
        EntryTitle => "Tiêu đề", "Title";
        Place => "Địa điểm", "Place";
        Notes => "Ghi chú", "Notes";
        Date => "Ngày", "Date";
        DateHint => "ngày/tháng/năm", "day/month/year";
        TimeHint => "giờ:phút", "hour:minute";
        Start => "Bắt đầu", "Starts";
        End => "Kết thúc", "Ends";
        EndHint => "để trống: một giờ", "empty: one hour";
        Repeat => "Lặp lại", "Repeat";
        RepeatNone => "Không lặp", "Does not repeat";
        RepeatWeekly => "Hằng tuần", "Weekly";
        RepeatMonthlyDay => "Hằng tháng, ngày {}", "Monthly on day {}";
        RepeatMonthlyNth => "Hằng tháng, {} {} của tháng", "Monthly: {} ({} of the month)";
        RepeatMonthlyLast => "Hằng tháng, {} cuối cùng của tháng", "Monthly: the last {}";
        EveryWeeks => "Cách bao nhiêu tuần", "Every how many weeks";
        OnDays => "Vào các ngày", "On";
        Until => "Đến ngày", "Until";
        UntilHint => "để trống: không hạn", "empty: no end";
        Whose => "Lịch của", "Whose schedule";
        Own => "Lịch riêng", "My own";
        OrgSchedule => "Lịch của {}", "Schedule of {}";
        Attendees => "Thành phần tham dự", "Attendees";
        AttendeesHint => "không chọn ai: toàn thể tổ chức", "none chosen: the whole organisation";
        WholeOrg => "Toàn thể tổ chức", "The whole organisation";
        Create => "Thêm vào lịch", "Add to the schedule";
        Save => "Lưu", "Save";
        Edit => "Sửa", "Edit";
        Delete => "Xóa lịch", "Delete the entry";
        DeleteQuestion => "Xóa lịch này (cả các lần lặp lại)?", "Delete this entry (every repetition)?";
        DeleteConfirm => "Xóa", "Delete";
        SkipOne => "Bỏ buổi này", "Skip this one";
        SkipQuestion => "Bỏ buổi ngày {}? Các buổi khác giữ nguyên.", "Skip the one on {}? The others stay.";
        SkipConfirm => "Bỏ buổi này", "Skip it";
        StopRepeat => "Thôi lặp lại", "Stop repeating";
        Skipped => "Đã bỏ buổi ngày {}", "Skipped the one on {}";
        Saved => "Đã lưu trên máy; sẽ gửi khi đồng bộ", "Saved on this device; sent at the next sync";
        Deleted => "Đã xóa lịch", "Entry deleted";
        Open => "Mở", "Open";
        Export => "Xuất lịch (.ics)", "Export (.ics)";
        Exported => "Đã xuất tệp {}", "Exported {}";
        ExportFailed => "Không tải được tệp đã xuất", "The exported file could not be downloaded";
        Reminders => "Nhắc việc sắp tới", "Coming reminders";
        NoReminders => "Không có nhắc việc trong 48 giờ tới.", "No reminders in the next 48 hours.";
        RemindAt => "nhắc lúc {}", "reminder at {}";
        LeadSetting => "Nhắc trước", "Remind before";
        LeadMinutes => "{} phút", "{} minutes";
        LeadHours => "{} giờ", "{} hours";
        ReminderNotice => "Nhắc việc", "Reminder";
        Dismiss => "Đã biết", "Dismiss";
        NeedTitle => "Tiêu đề: chưa nhập", "Title: missing";
        TitleTooLong => "Tiêu đề: quá dài", "Title: too long";
        NeedDate => "Ngày: chưa nhập", "Date: missing";
        BadDate => "Ngày: hãy nhập ngày/tháng/năm, ví dụ 15/12/2026", "Date: type day/month/year, e.g. 15/12/2026";
        NeedStart => "Giờ bắt đầu: chưa nhập", "Start: missing";
        BadStart => "Giờ bắt đầu: hãy nhập giờ:phút, ví dụ 08:00", "Start: type hour:minute, e.g. 08:00";
        BadEnd => "Giờ kết thúc: hãy nhập giờ:phút, ví dụ 10:30", "End: type hour:minute, e.g. 10:30";
        EndBeforeStart => "Giờ kết thúc phải sau giờ bắt đầu", "The end must come after the start";
        NeedDays => "Lặp hằng tuần: chọn ít nhất một thứ", "Weekly: choose at least one day";
        BadInterval => "Cách bao nhiêu tuần: một số từ 1 đến 52", "Every how many weeks: a number from 1 to 52";
        BadUntil => "Đến ngày: hãy nhập ngày/tháng/năm", "Until: type day/month/year";
        UntilBeforeDate => "Đến ngày phải từ ngày bắt đầu trở đi", "Until must not be before the date";
        NotFound => "Không tìm thấy lịch này", "This entry was not found";
        Mon => "T2", "Mon";
        Tue => "T3", "Tue";
        Wed => "T4", "Wed";
        Thu => "T5", "Thu";
        Fri => "T6", "Fri";
        Sat => "T7", "Sat";
        Sun => "CN", "Sun";
        MonLong => "thứ Hai", "Monday";
        TueLong => "thứ Ba", "Tuesday";
        WedLong => "thứ Tư", "Wednesday";
        ThuLong => "thứ Năm", "Thursday";
        FriLong => "thứ Sáu", "Friday";
        SatLong => "thứ Bảy", "Saturday";
        SunLong => "Chủ nhật", "Sunday";
        First => "thứ nhất", "first";
        Second => "thứ hai", "second";
        Third => "thứ ba", "third";
        Fourth => "thứ tư", "fourth";
        Items => "{} mục", "{} items";
    }
}

/// Monday = 0 … Sunday = 6, short.
pub fn weekday_short(d: u8) -> SKey {
    [
        SKey::Mon,
        SKey::Tue,
        SKey::Wed,
        SKey::Thu,
        SKey::Fri,
        SKey::Sat,
        SKey::Sun,
    ][usize::from(d % 7)]
}

/// Monday = 0 … Sunday = 6, spelled out.
pub fn weekday_long(d: u8) -> SKey {
    [
        SKey::MonLong,
        SKey::TueLong,
        SKey::WedLong,
        SKey::ThuLong,
        SKey::FriLong,
        SKey::SatLong,
        SKey::SunLong,
    ][usize::from(d % 7)]
}

/// 1–4 as an ordinal.
pub fn ordinal(n: i8) -> SKey {
    match n {
        1 => SKey::First,
        2 => SKey::Second,
        3 => SKey::Third,
        _ => SKey::Fourth,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_string_has_both_languages_and_the_same_holes() {
        crate::i18n::check_catalog(super::SKey::ALL);
    }
}
