//! The Đánh giá screens' strings (issue 19), Vietnamese and English side by side.

crate::catalog! {
    /// One visible string of the evaluation screens.
    EvalKey {
        Title => "Đánh giá, xếp loại", "Evaluation";
        TitleHint => "Tự kiểm điểm hằng năm, đề xuất và xếp loại", "Yearly self-assessment, proposals and ratings";
        Mine => "Của tôi", "Mine";
        Cell => "Chi bộ", "Cell";
        Rating => "Xếp loại", "Rating";
        MyTitle => "Đánh giá của tôi", "My evaluation";
        FormTitle => "Bản tự kiểm điểm năm {}", "Self-assessment for {}";
        CellTitle => "Đánh giá chi bộ", "The cell's evaluation";
        RatingTitle => "Xếp loại chất lượng", "Quality rating";
        Year => "Năm", "Year";
        Org => "Tổ chức", "Organisation";
        Political => "Tư tưởng chính trị", "Political thought";
        Ethics => "Phẩm chất đạo đức", "Ethics";
        Lifestyle => "Lối sống, tác phong", "Lifestyle and manner";
        Results => "Kết quả thực hiện nhiệm vụ được giao", "Results of assigned tasks";
        Shortcomings => "Hạn chế, khuyết điểm", "Shortcomings";
        Direction => "Phương hướng khắc phục", "How to improve";
        SelfRating => "Tự xếp loại", "Self-rating";
        PickRating => "Chọn mức xếp loại", "Choose a grade";
        NoGrade => "Chưa xếp loại", "Not rated";
        Excellent => "Hoàn thành xuất sắc nhiệm vụ", "Excellently completed tasks";
        Good => "Hoàn thành tốt nhiệm vụ", "Well completed tasks";
        Completed => "Hoàn thành nhiệm vụ", "Completed tasks";
        NotCompleted => "Không hoàn thành nhiệm vụ", "Did not complete tasks";
        ExcellentShort => "Xuất sắc", "Excellent";
        GoodShort => "Tốt", "Good";
        CompletedShort => "Hoàn thành", "Completed";
        NotCompletedShort => "Không hoàn thành", "Not completed";
        UndecidedShort => "Chưa xếp loại", "Not rated yet";
        Submit => "Gửi bản tự kiểm điểm", "Submit the self-assessment";
        Saved => "Đã lưu trên máy; sẽ gửi khi đồng bộ", "Saved on this device; sent at the next sync";
        Closed => "Năm này đã được cấp ủy xếp loại; bản tự kiểm điểm không sửa được nữa.", "This year has been rated; the self-assessment can no longer be edited.";
        NotWritten => "Chưa viết bản tự kiểm điểm.", "No self-assessment written.";
        History => "Các năm", "Years";
        NoHistory => "Chưa có năm nào được đánh giá.", "No year evaluated yet.";
        Proposed => "Chi bộ đề xuất", "The cell proposed";
        Decided => "Cấp ủy quyết định", "The committee decided";
        NoteShown => "Nhận xét: {}", "Note: {}";
        Note => "Nhận xét", "Note";
        Members => "Đảng viên", "Members";
        NoMembers => "Chi bộ chưa có đảng viên nào.", "The cell has no members.";
        ReadAssessment => "Xem bản tự kiểm điểm", "Read the self-assessment";
        ShareLine => "Xuất sắc: {} / tối đa {} (20% của {} tốt)", "Excellent: {} / at most {} (20% of {} good)";
        ShareOver => "Vượt quá tỷ lệ: bớt số đảng viên xuất sắc hoặc xem lại", "Over the share: fewer excellent, or review";
        Meeting => "Hội nghị kiểm điểm cuối năm", "Year-end review meeting";
        NoMeeting => "Không gắn cuộc họp", "No meeting linked";
        SaveProposal => "Lưu đề xuất của chi bộ", "Save the cell's proposal";
        ProposalSaved => "Đã lưu đề xuất; sẽ gửi khi đồng bộ", "Proposal saved; sent at the next sync";
        ReadOnlyCell => "Chỉ xem: cấp ủy, văn phòng chi bộ đề xuất.", "Read only: the cell's committee and office propose.";
        Counts => "Theo mức xếp loại", "By grade";
        OrgRated => "Tổ chức được xếp loại: {}", "Organisation rated: {}";
        OrgNotRated => "Tổ chức chưa được xếp loại", "Organisation not rated yet";
        RateOrg => "Xếp loại tổ chức", "Rate the organisation";
        RateOrgTitle => "Xếp loại {}", "Rate {}";
        Below => "Các tổ chức trực thuộc", "Organisations below";
        NoneBelow => "Không có tổ chức trực thuộc.", "No organisations below.";
        DrillHint => "Bấm vào một tổ chức để xem chi tiết.", "Tap an organisation for its details.";
        Decide => "Quyết định", "Decide";
        DecideAll => "Quyết định theo đề xuất ({})", "Decide as proposed ({})";
        DecideSaved => "Đã quyết định; sẽ gửi khi đồng bộ", "Decided; sent at the next sync";
        ReadOnlyDecide => "Chỉ xem: cấp ủy cấp trên của chi bộ quyết định xếp loại.", "Read only: the committee above the cell decides.";
        Save => "Lưu", "Save";
        Cancel => "Hủy", "Cancel";
        Loading => "Đang tải…", "Loading…";
        NeedResults => "Kết quả thực hiện nhiệm vụ: chưa nhập", "Results of assigned tasks: missing";
        TooLong => "Mỗi mục dài tối đa 5.000 ký tự", "Each section is at most 5,000 characters";
        NeedOneRating => "Chưa chọn mức xếp loại cho đảng viên nào", "No member has a grade yet";
        NoteTooLong => "Nhận xét dài tối đa 2.000 ký tự", "A note is at most 2,000 characters";
        NeedGrade => "Mức xếp loại: chưa chọn", "Grade: not chosen";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_evaluation_string_has_both_languages_and_the_same_holes() {
        crate::i18n::check_catalog(EvalKey::ALL);
    }
}
