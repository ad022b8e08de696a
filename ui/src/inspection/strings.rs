//! The Kiểm tra, giám sát screens' strings (issue 17), Vietnamese and English side by
//! side. Domain words follow DESIGN §2 (Ủy ban kiểm tra, kỷ luật, khiếu nại).

crate::catalog! {
    /// One visible string of the inspection screens.
    InsKey {
        Title => "Kiểm tra, giám sát", "Inspection";
        TitleHint => "Kế hoạch, cuộc kiểm tra, kỷ luật", "Plans, cases, discipline";
        Org => "Tổ chức", "Organisation";
        Year => "Năm", "Year";
        Loading => "Đang tải…", "Loading…";
        Programmes => "Chương trình", "Programmes";
        Discipline => "Kỷ luật", "Discipline";
        Notices => "Thông báo kết luận", "Conclusions notified";
        Report => "Báo cáo", "Report";
        Mine => "Của tôi", "Mine";
        NothingHere => "Đồng chí chưa có thông báo kết luận hay quyết định kỷ luật nào.", "There is no conclusion or discipline record for you.";
        PlanOf => "Kế hoạch kiểm tra, giám sát năm {}", "Inspection and supervision plan {}";
        NoPlan => "Chưa có kế hoạch năm nay.", "No plan for this year yet.";
        CreatePlan => "Lập kế hoạch", "Create the plan";
        PlanTitle => "Tên kế hoạch", "Plan title";
        PlanNote => "Ghi chú", "Note";
        PlanTitleDefault => "Kế hoạch kiểm tra, giám sát năm {}", "Inspection and supervision plan {}";
        PlanSaved => "Đã lưu kế hoạch.", "Plan saved.";
        NoCases => "Chưa có cuộc kiểm tra, giám sát nào.", "No inspection yet.";
        AddProgramme => "Thêm cuộc kiểm tra, giám sát", "Add an inspection";
        Kind => "Loại", "Kind";
        KindRegular => "Giám sát thường xuyên", "Regular supervision";
        KindThematic => "Giám sát chuyên đề", "Thematic supervision";
        KindSigns => "Kiểm tra khi có dấu hiệu vi phạm", "Inspection on signs of violation";
        KindLower => "Kiểm tra thực hiện nhiệm vụ kiểm tra của cấp dưới", "Inspection of the lower levels' inspection work";
        KindDues => "Kiểm tra thu, nộp, quản lý đảng phí", "Inspection of party dues";
        CaseTitle => "Tên cuộc kiểm tra, giám sát", "Title";
        Content => "Nội dung", "Content";
        Subjects => "Đối tượng", "Subjects";
        FindSubject => "Tìm tổ chức đảng, đảng viên", "Find an organisation or member";
        Team => "Đoàn kiểm tra", "Team";
        FindTeam => "Tìm thành viên đoàn", "Find a team member";
        NoMatch => "Không tìm thấy.", "No match.";
        Remove => "Bỏ {}", "Remove {}";
        From => "Từ ngày", "From";
        To => "Đến ngày", "To";
        DateHint => "ngày/tháng/năm", "day/month/year";
        Period => "Thời gian", "Period";
        Create => "Tạo", "Create";
        Created => "Đã tạo cuộc kiểm tra, giám sát.", "Inspection created.";
        StatusPlanned => "Trong kế hoạch", "Planned";
        StatusWorking => "Đang tiến hành", "In progress";
        StatusConcluded => "Đã kết luận", "Concluded";
        StatusClosed => "Đã kết thúc theo dõi", "Follow-up closed";
        Findings => "Phát hiện: {}", "Findings: {}";
        Violations => "Vi phạm: {}", "Violations: {}";
        FollowUp => "Thực hiện kết luận: {}/{}", "Follow-up: {}/{}";
        Back => "Quay lại", "Back";
        Facts => "Thông tin chung", "Facts";
        Inspector => "Cơ quan kiểm tra", "Inspecting body";
        Start => "Bắt đầu tiến hành", "Start the work";
        Started => "Đã chuyển sang đang tiến hành.", "Now in progress.";
        Schedule => "Lịch làm việc của đoàn", "Team's working schedule";
        Requested => "Tài liệu yêu cầu cung cấp", "Documents requested";
        Received => "Tài liệu đã nhận", "Documents received";
        FindingsTitle => "Nội dung phát hiện", "Findings";
        NoEntries => "Chưa có.", "None yet.";
        Date => "Ngày", "Date";
        Text => "Nội dung", "Text";
        Subject => "Về đối tượng", "About";
        NoSubject => "Chung", "General";
        Violation => "Là vi phạm", "A violation";
        ViolationTag => "Vi phạm", "Violation";
        Add => "Thêm", "Add";
        Added => "Đã ghi.", "Recorded.";
        Files => "Tài liệu của cuộc kiểm tra", "Case documents";
        Draft => "Dự thảo kết luận", "Draft conclusion";
        SaveDraft => "Lưu dự thảo", "Save the draft";
        DraftSaved => "Đã lưu dự thảo.", "Draft saved.";
        Conclude => "Kết luận", "Conclude";
        ConclusionText => "Nội dung kết luận", "Conclusion";
        Recommendations => "Kiến nghị (giao thành nhiệm vụ)", "Recommendations (given as tasks)";
        AddRecommendation => "Thêm kiến nghị", "Add a recommendation";
        RecOrg => "Tổ chức thực hiện", "Organisation";
        RecTitle => "Kiến nghị", "Recommendation";
        RecDue => "Hạn", "Due";
        Notify => "Thông báo kết luận cho đối tượng", "Notify the subjects";
        ConcludeQuestion => "Kết luận cuộc kiểm tra \"{}\"? Sau khi kết luận không sửa được nữa.", "Conclude \"{}\"? It cannot be changed afterwards.";
        Concluded => "Đã kết luận.", "Concluded.";
        Conclusion => "Kết luận", "Conclusion";
        ConcludedOn => "Ngày kết luận {}", "Concluded on {}";
        NotifiedOn => "Đã thông báo ngày {}", "Notified on {}";
        Tasks => "Nhiệm vụ thực hiện kiến nghị", "Recommendation tasks";
        OpenTask => "Mở nhiệm vụ", "Open the task";
        Close => "Kết thúc theo dõi", "Close the follow-up";
        CloseQuestion => "Kết thúc theo dõi thực hiện kết luận?", "Close the follow-up of this conclusion?";
        Closed => "Đã kết thúc theo dõi.", "Follow-up closed.";
        NoNotices => "Chưa có thông báo kết luận.", "No conclusion notified.";
        NoticeFrom => "{} · {}", "{} · {}";
        NoDisciplines => "Chưa có quyết định kỷ luật.", "No discipline record.";
        RecordDiscipline => "Ghi quyết định kỷ luật", "Record a decision";
        SubjectMember => "Đảng viên", "Member";
        SubjectOrg => "Tổ chức đảng", "Organisation";
        FindMember => "Tìm đảng viên", "Find a member";
        PickOrg => "Chọn tổ chức đảng", "Choose an organisation";
        Form => "Hình thức", "Form";
        FormReprimand => "Khiển trách", "Reprimand";
        FormWarning => "Cảnh cáo", "Warning";
        FormDismissal => "Cách chức", "Dismissal";
        FormExpulsion => "Khai trừ", "Expulsion";
        FormDissolution => "Giải tán", "Dissolution";
        ViolationText => "Nội dung vi phạm", "Violation";
        DecidedBy => "Cơ quan quyết định", "Decided by";
        DecidedOn => "Ngày quyết định", "Date of decision";
        DecisionNo => "Số quyết định", "Decision number";
        Save => "Lưu", "Save";
        DisciplineSaved => "Đã ghi quyết định kỷ luật.", "Decision recorded.";
        Appeals => "Khiếu nại", "Appeals";
        LodgeAppeal => "Khiếu nại", "Appeal";
        AppealText => "Nội dung khiếu nại", "Grounds of the appeal";
        AppealLodged => "Đã gửi khiếu nại.", "Appeal lodged.";
        AppealOpen => "Đang chờ giải quyết", "Awaiting a decision";
        DecideAppeal => "Giải quyết khiếu nại", "Decide the appeal";
        Outcome => "Kết quả", "Outcome";
        OutcomeUpheld => "Giữ nguyên hình thức kỷ luật", "Upheld";
        OutcomeReduced => "Giảm hình thức kỷ luật", "Reduced";
        OutcomeAnnulled => "Xóa bỏ quyết định kỷ luật", "Annulled";
        OutcomeNote => "Ghi chú", "Note";
        AppealDecided => "Đã giải quyết khiếu nại.", "Appeal decided.";
        LodgedOn => "Ngày {}", "On {}";
        ReportOf => "Số liệu năm {}", "Figures {}";
        ColOrg => "Tổ chức", "Organisation";
        ColProgrammes => "Cuộc", "Cases";
        ColSubjects => "Đối tượng", "Subjects";
        ColFindings => "Phát hiện", "Findings";
        ColViolations => "Vi phạm", "Violations";
        ColDisciplines => "Kỷ luật", "Discipline";
        ColFollowUp => "Thực hiện kết luận", "Follow-up";
        NeedTitle => "Cần nhập tên.", "Enter a title.";
        NeedSubject => "Cần chọn ít nhất một đối tượng.", "Choose at least one subject.";
        NeedFrom => "Cần nhập ngày bắt đầu.", "Enter the start date.";
        NeedTo => "Cần nhập ngày kết thúc.", "Enter the end date.";
        BadDate => "Ngày không hợp lệ (ngày/tháng/năm).", "Invalid date (day/month/year).";
        ToBeforeFrom => "Ngày kết thúc phải sau ngày bắt đầu.", "The end must come after the start.";
        NeedText => "Cần nhập nội dung.", "Enter the text.";
        NeedConclusion => "Cần nhập nội dung kết luận.", "Enter the conclusion.";
        NeedRecFields => "Mỗi kiến nghị cần tổ chức, nội dung và hạn hợp lệ.", "Each recommendation needs an organisation, a text and a valid due date.";
        NeedDisciplineSubject => "Cần chọn đảng viên hoặc tổ chức bị kỷ luật.", "Choose the member or organisation.";
        FormDoesNotFit => "Hình thức này không áp dụng với đối tượng đã chọn.", "This form does not apply to that subject.";
        NeedViolation => "Cần nhập nội dung vi phạm.", "Enter the violation.";
        NeedDecidedBy => "Cần chọn cơ quan quyết định.", "Choose the deciding body.";
        NeedDecidedOn => "Cần nhập ngày quyết định hợp lệ.", "Enter a valid date of decision.";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_inspection_string_has_both_languages_and_the_same_holes() {
        crate::i18n::check_catalog(InsKey::ALL);
    }
}
