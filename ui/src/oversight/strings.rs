//! The Theo dõi screen's strings (issue 18), Vietnamese and English side by side.

crate::catalog! {
    /// One visible string of the oversight dashboard.
    OvKey {
        Title => "Theo dõi", "Oversight";
        TitleHint => "Bảng theo dõi tổ chức cấp dưới", "Dashboard of the levels below";
        PageTitle => "Bảng theo dõi", "Dashboard";
        Org => "Tổ chức", "Organisation";
        Period => "Kỳ", "Period";
        KindMonth => "Tháng", "Month";
        KindQuarter => "Quý", "Quarter";
        KindYear => "Năm", "Year";
        Prev => "Kỳ trước", "Previous period";
        Next => "Kỳ sau", "Next period";
        Loading => "Đang tải…", "Loading…";
        NoPosts => "Chỉ cấp ủy, văn phòng mới xem được bảng theo dõi.", "Only committees and offices see the dashboard.";
        Crumbs => "Đường dẫn tổ chức", "Organisation path";
        Headline => "Số liệu toàn tổ chức", "Figures of the whole organisation";
        Members => "Đảng viên", "Members";
        MembersLine => "{} chính thức · {} dự bị", "{} full · {} probationary";
        JoinedLeft => "Kết nạp {} · ra khỏi Đảng {}", "Joined {} · left {}";
        Meetings => "Sinh hoạt", "Meetings";
        MeetingsHeld => "cuộc họp đã họp", "meetings held";
        Attendance => "Dự họp {}", "Attendance {}";
        Present => " ({}/{} lượt)", " ({} of {} convened)";
        ShortAttendance => "họp", "met";
        ShortDues => "thu", "dues";
        LinesHint => "Chọn Quý hoặc Năm để xem từng tháng.", "Choose Quarter or Year to see each month.";
        Tasks => "Nhiệm vụ", "Tasks";
        Inspections => "Kiểm tra, giám sát", "Inspection";
        InspectionsLine => "{} vi phạm · {} kỷ luật", "{} violations · {} disciplined";
        FollowUpLine => "Kiến nghị đã thực hiện {}/{}", "Recommendations done {} of {}";
        Study => "Học tập", "Study";
        StudyLine => "{}/{} lượt đã học", "{}/{} readings done";
        Dues => "Đảng phí", "Party dues";
        DuesLine => "Đã thu {} / phải thu {}", "Collected {} of {}";
        Ratings => "Xếp loại năm {}", "Ratings {}";
        RatingExcellent => "Xuất sắc", "Excellent";
        RatingGood => "Tốt", "Good";
        RatingCompleted => "Hoàn thành", "Completed";
        RatingNotCompleted => "Không hoàn thành", "Not completed";
        RatingNone => "Chưa xếp loại", "Not rated";
        NothingToCount => "—", "—";
        BarsTitle => "Các tổ chức cấp dưới", "Organisations below";
        BarAttendance => "Tỷ lệ dự họp", "Attendance";
        BarDues => "Tỷ lệ thu đảng phí", "Dues collected";
        LinesTitle => "Theo tháng", "By month";
        LinesEmpty => "Chưa có số liệu theo tháng.", "No monthly figures yet.";
        LightsTitle => "Xếp hạng đèn", "Traffic lights";
        LightsHint => "Chạm một tổ chức để xem bảng theo dõi của tổ chức đó.", "Tap an organisation to see its dashboard.";
        NoneBelow => "Không có tổ chức cấp dưới.", "No organisations below.";
        Green => "Xanh", "Green";
        Amber => "Vàng", "Amber";
        Red => "Đỏ", "Red";
        AllWell => "Không có vấn đề", "No concerns";
        Export => "Xuất Excel", "Export to Excel";
        ReportDocx => "Báo cáo (.docx)", "Report (.docx)";
        ReportPdf => "Báo cáo (PDF)", "Report (PDF)";
        Exporting => "Đang xuất…", "Exporting…";
        Exported => "Đã xuất tệp {}", "Exported {}";
        DrillOpen => "Đang làm {}", "Open {}";
        DrillOnTime => "Đúng hạn {}", "On time {}";
        DrillLate => "Trễ hạn {}", "Late {}";
        DrillOverdue => "Quá hạn {}", "Overdue {}";
        DrillHeld => "Các cuộc họp ({})", "The meetings ({})";
        DrillMissed => "Chi bộ chưa họp", "Cells with no meeting";
        DrillHint => "Chạm một con số để xem từng mục.", "Tap a figure to see its items.";
        ItemsTasksOpen => "Nhiệm vụ đang làm", "Open tasks";
        ItemsTasksOnTime => "Nhiệm vụ hoàn thành đúng hạn", "Tasks done on time";
        ItemsTasksLate => "Nhiệm vụ hoàn thành trễ hạn", "Tasks done late";
        ItemsTasksOverdue => "Nhiệm vụ quá hạn", "Overdue tasks";
        ItemsMeetingsHeld => "Cuộc họp đã họp", "Meetings held";
        ItemsMeetingsMissed => "Tháng chi bộ chưa họp", "Months a cell did not meet";
        ItemsCount => "{} mục", "{} items";
        ItemsNone => "Không có mục nào trong kỳ.", "Nothing in this period.";
        ItemsBack => "Quay lại bảng theo dõi", "Back to the dashboard";
        MissedMonth => "Tháng {}", "Month {}";
        MissedOpen => "Xem bảng theo dõi của chi bộ", "See the cell's dashboard";
        HeldLine => "Dự họp {}/{}", "Present {} of {}";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_oversight_string_has_both_languages_and_the_same_holes() {
        crate::i18n::check_catalog(OvKey::ALL);
    }
}
