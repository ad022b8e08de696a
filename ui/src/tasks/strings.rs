//! The Nhiệm vụ screens' strings (issue 14), Vietnamese and English side by side.

crate::catalog! {
    /// One visible string of the tasks screens.
    TaskKey {
        Title => "Nhiệm vụ", "Tasks";
        Mine => "Của tôi", "Mine";
        Assigned => "Đã giao", "Assigned";
        Below => "Cấp dưới", "Lower levels";
        Assign => "Giao nhiệm vụ", "Assign a task";
        NoMine => "Đồng chí chưa có nhiệm vụ nào.", "You have no tasks.";
        NoAssigned => "Chưa giao nhiệm vụ nào.", "No tasks assigned yet.";
        NoneHere => "Không có nhiệm vụ nào.", "No tasks.";
        Due => "Hạn hoàn thành", "Due";
        DueOn => "Hạn {}", "Due {}";
        StartOn => "Bắt đầu {}", "Starts {}";
        Overdue => "Quá hạn", "Overdue";
        OnTime => "Đúng hạn", "On time";
        Late => "Trễ hạn", "Late";
        OpenBucket => "Đang thực hiện", "Open";
        DoneOnTime => "Hoàn thành đúng hạn", "Done on time";
        DoneLate => "Hoàn thành trễ hạn", "Done late";
        StatusOpen => "Chưa báo cáo", "Not reported";
        StatusInProgress => "Đang thực hiện", "In progress";
        StatusSubmitted => "Chờ xác nhận", "Awaiting confirmation";
        StatusReturned => "Bị trả lại", "Returned";
        StatusDone => "Đã hoàn thành", "Done";
        PriorityLow => "Thấp", "Low";
        PriorityNormal => "Bình thường", "Normal";
        PriorityHigh => "Cao", "High";
        PriorityUrgent => "Khẩn", "Urgent";
        Priority => "Độ ưu tiên", "Priority";
        Percent => "{}%", "{}%";
        AssignedBy => "Giao bởi {}", "Assigned by {}";
        AssigneeCount => "{} người/tổ chức nhận", "{} assignees";
        LatestReport => "Báo cáo gần nhất: {}% · {}", "Latest report: {}% · {}";
        NoReport => "Chưa có báo cáo", "No report yet";
        BackToList => "Danh sách nhiệm vụ", "Task list";
        Source => "Nguồn", "Source";
        SourceFree => "Ghi nguồn", "Written source";
        SourceDocument => "Văn bản trong thư viện", "A library document";
        SourceConclusion => "Kết luận cuộc họp", "A meeting's conclusion";
        SourceInspection => "Kết luận kiểm tra, giám sát", "An inspection's conclusion";
        NoSource => "Không ghi nguồn", "No source";
        PickDocument => "Chọn văn bản", "Choose a document";
        Content => "Nội dung", "Content";
        TaskTitle => "Tên nhiệm vụ", "Task title";
        AssigningOrg => "Tổ chức giao", "Assigning organisation";
        Assigner => "Nơi giao", "Assigned by";
        StartDate => "Ngày bắt đầu", "Start date";
        DateHint => "ngày/tháng/năm", "day/month/year";
        StartHint => "Để trống: hôm nay", "Empty: today";
        Assignees => "Người, tổ chức nhận nhiệm vụ", "Assignees";
        FindAssignee => "Tìm đảng viên hoặc tổ chức cấp dưới", "Find a member or a lower organisation";
        NoMatch => "Không tìm thấy", "Nothing found";
        Remove => "Bỏ {}", "Remove {}";
        State => "Tình trạng", "State";
        History => "Báo cáo và xác nhận", "Reports and reviews";
        NoHistory => "Chưa có báo cáo tiến độ nào.", "No progress report yet.";
        ReportBy => "{} báo cáo", "{} reported";
        ReviewConfirmed => "{} xác nhận hoàn thành", "{} confirmed it done";
        ReviewReturned => "{} trả lại", "{} returned it";
        FinishedMark => "Báo hoàn thành", "Reported done";
        ReturnedBecause => "Lý do trả lại: {}", "Returned because: {}";
        DoneOn => "Hoàn thành ngày {}", "Done on {}";
        Siblings => "Cùng được giao", "Also assigned";
        Subtasks => "Nhiệm vụ chia nhỏ", "Sub-tasks";
        Parent => "Thuộc nhiệm vụ", "Part of";
        Report => "Báo cáo tiến độ", "Report progress";
        PercentLabel => "Tỷ lệ hoàn thành (%)", "Percent done";
        Done => "Kết quả đã làm", "What was done";
        Difficulties => "Khó khăn, vướng mắc", "Difficulties";
        Proposals => "Đề xuất, kiến nghị", "Proposals";
        Finished => "Đã hoàn thành (đề nghị xác nhận)", "Finished (ask for confirmation)";
        SendReport => "Gửi báo cáo", "Send report";
        ReportSaved => "Đã lưu báo cáo trên máy; sẽ gửi khi đồng bộ", "Report saved on this device; sent at the next sync";
        Confirm => "Xác nhận hoàn thành", "Confirm done";
        ConfirmQuestion => "Xác nhận nhiệm vụ «{}» đã hoàn thành?", "Confirm the task «{}» is done?";
        Return => "Trả lại", "Return";
        ReturnQuestion => "Trả lại nhiệm vụ «{}» để làm tiếp?", "Return the task «{}» for more work?";
        ReturnReason => "Lý do trả lại", "Reason for returning";
        NeedReason => "Lý do trả lại: chưa nhập", "Reason: missing";
        Reviewed => "Đã lưu trên máy; sẽ gửi khi đồng bộ", "Saved on this device; sent at the next sync";
        Split => "Chia nhỏ", "Split";
        SplitTitle => "Chia nhỏ nhiệm vụ", "Split the task";
        Edit => "Sửa", "Edit";
        EditTitle => "Sửa nhiệm vụ", "Edit the task";
        Create => "Giao", "Assign";
        NeedOrg => "Tổ chức giao: chưa chọn", "Assigning organisation: not chosen";
        NeedTitle => "Tên nhiệm vụ: chưa nhập", "Title: missing";
        NeedDue => "Hạn hoàn thành: chưa nhập", "Due date: missing";
        BadDue => "Hạn hoàn thành: hãy nhập ngày/tháng/năm, ví dụ 31/12/2026", "Due date: type day/month/year, e.g. 31/12/2026";
        BadStart => "Ngày bắt đầu: hãy nhập ngày/tháng/năm, ví dụ 01/12/2026", "Start date: type day/month/year, e.g. 01/12/2026";
        DueBeforeStart => "Hạn hoàn thành không được trước ngày bắt đầu", "The due date cannot be before the start date";
        NeedAssignee => "Người nhận: chưa chọn ai", "Assignees: nobody chosen";
        NeedDocument => "Văn bản nguồn: chưa chọn", "Source document: not chosen";
        BadPercent => "Tỷ lệ hoàn thành: hãy nhập số từ 0 đến 100", "Percent: type a number from 0 to 100";
        NeedReportText => "Báo cáo: hãy ghi kết quả, khó khăn hoặc đề xuất", "Report: write what was done, difficulties or proposals";
        NothingChanged => "Chưa thay đổi gì", "Nothing changed";
        Created => "Đã giao nhiệm vụ; sẽ gửi khi đồng bộ", "Task assigned; sent at the next sync";
        StatsTitle => "Nhiệm vụ của cấp dưới", "Lower levels' tasks";
        StatsHint => "Bấm vào một con số để xem các nhiệm vụ ấy.", "Tap a figure to see those tasks.";
        StatsOrg => "Tổ chức", "Organisation";
        NoStats => "Chưa có nhiệm vụ nào ở cấp dưới.", "No tasks below yet.";
        DrillTitle => "{}: {}", "{}: {}";
        BackToCounts => "Số liệu cấp dưới", "Lower levels' figures";
        DueSoonNone => "Không có nhiệm vụ đến hạn trong 7 ngày.", "No task due within 7 days.";
        OpenTask => "Mở nhiệm vụ", "Open task";
        Loading => "Đang tải…", "Loading…";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tasks_string_has_both_languages_and_the_same_holes() {
        crate::i18n::check_catalog(TaskKey::ALL);
    }
}
