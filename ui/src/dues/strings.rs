//! The Đảng phí screens' strings (issue 19), Vietnamese and English side by side.

crate::catalog! {
    /// One visible string of the dues screens.
    DuesKey {
        Title => "Đảng phí", "Party dues";
        TitleHint => "Các tháng đã nộp, còn thiếu; sổ thu của chi bộ", "Months paid and owed; the cell's dues book";
        Mine => "Của tôi", "Mine";
        Book => "Sổ thu", "Dues book";
        Report => "Báo cáo", "Report";
        Rules => "Mức đóng", "Rates";
        MyTitle => "Đảng phí của tôi", "My party dues";
        BookTitle => "Sổ thu đảng phí", "Dues book";
        ReportTitle => "Báo cáo đảng phí", "Dues report";
        RulesTitle => "Mức đóng đảng phí", "Dues rates";
        Year => "Năm", "Year";
        Month => "Tháng", "Month";
        MonthShort => "T{}", "M{}";
        MonthOf => "Tháng {}", "Month {}";
        Owed => "Phải nộp", "Owed";
        Paid => "Đã nộp", "Paid";
        State => "Tình trạng", "Status";
        StatePaid => "Đã nộp", "Paid";
        StateAdvance => "Nộp trước", "Paid ahead";
        StateShort => "Còn thiếu", "Owing";
        StateNotDue => "Chưa đến hạn", "Not due yet";
        StateUnset => "Chưa xác định mức", "Rate not set";
        Category => "Đối tượng", "Category";
        Monthly => "Mức đóng hằng tháng", "Monthly amount";
        NoBasis => "Chưa xác định mức đóng", "No rate set yet";
        ExpectedToDate => "Phải nộp đến tháng này", "Owed to this month";
        PaidInYear => "Đã nộp trong năm", "Paid this year";
        Balance => "Cân đối", "Balance";
        BalanceOwing => "Còn thiếu {}", "Owing {}";
        BalanceAhead => "Nộp thừa {}", "Overpaid {}";
        BalanceEven => "Đã nộp đủ", "Paid up";
        History => "Lịch sử nộp đảng phí", "Payment history";
        NoPayments => "Chưa có lần nộp nào.", "No payments yet.";
        Cash => "Tiền mặt", "Cash";
        Transfer => "Chuyển khoản", "Transfer";
        ReceiptShown => "Biên lai {}", "Receipt {}";
        PaidOnShown => "Ngày {}", "On {}";
        RecordedBy => "Người ghi: {}", "Recorded by {}";
        ReversedTag => "Đã điều chỉnh", "Corrected";
        ReversalTag => "Điều chỉnh", "Correction";
        ReasonShown => "Lý do: {}", "Reason: {}";
        MonthsShown => "Tháng {}", "Months {}";
        Collect => "Thu đảng phí", "Record a payment";
        CollectFor => "Thu đảng phí: {}", "Record a payment: {}";
        FirstMonth => "Từ tháng", "From month";
        MonthsCount => "Số tháng", "Months";
        MonthsHint => "Nhiều tháng: nộp trước các tháng sau", "More than one: paid in advance";
        Amount => "Số tiền (đồng)", "Amount (đồng)";
        AmountHint => "Tự điền: mức hằng tháng × số tháng", "Pre-filled: monthly amount × months";
        Method => "Hình thức", "Method";
        ReceiptNo => "Số biên lai", "Receipt number";
        PaidOn => "Ngày thu", "Date paid";
        DateHint => "ngày/tháng/năm — để trống: hôm nay", "day/month/year — empty: today";
        Record => "Ghi sổ", "Record";
        Saved => "Đã lưu trên máy; sẽ gửi khi đồng bộ", "Saved on this device; sent at the next sync";
        Adjust => "Điều chỉnh", "Correct";
        AdjustQuestion => "Điều chỉnh khoản thu {} ({})? Sổ ghi thêm một bút toán âm; khoản thu cũ vẫn còn trong lịch sử.", "Correct the payment of {} ({})? A negative entry is added; the payment stays in the history.";
        Reason => "Lý do điều chỉnh", "Reason for the correction";
        BasisButton => "Mức đóng", "Rate";
        BasisTitle => "Mức đóng của {}", "Rate of {}";
        Income => "Thu nhập tính đảng phí (đồng/tháng)", "Income for dues (đồng a month)";
        IncomeHint => "Để trống nếu đối tượng đóng mức cố định", "Leave empty for a fixed-amount category";
        FromMonth => "Áp dụng từ tháng", "From month";
        PickCategory => "Chọn đối tượng", "Choose a category";
        PreviewMonthly => "Mỗi tháng: {}", "Each month: {}";
        NoRulesForCell => "Chưa có mức đóng nào áp dụng cho chi bộ; cấp ủy cần đặt mức đóng trước.", "No dues rate applies to the cell yet; its committee sets them first.";
        Remit => "Nộp cấp trên", "Remit upwards";
        RemitTitle => "Nộp đảng phí lên cấp trên", "Remit dues to the level above";
        CollectedIn => "Đã thu cho tháng này: {}", "Collected for this month: {}";
        Note => "Ghi chú", "Note";
        Remittances => "Đã nộp cấp trên", "Remitted upwards";
        NoRemittances => "Chưa nộp cấp trên lần nào trong năm.", "Nothing remitted this year.";
        Members => "Đảng viên", "Members";
        NoMembers => "Chi bộ chưa có đảng viên nào.", "The cell has no members.";
        BookTotals => "Cả chi bộ: phải nộp đến nay {} · đã nộp trong năm {}", "Whole cell: owed to date {} · paid this year {}";
        BackToBook => "Sổ thu", "Dues book";
        ReadOnly => "Chỉ xem: sổ do cấp ủy, văn phòng chi bộ ghi.", "Read only: the cell's committee and office keep this book.";
        Org => "Tổ chức", "Organisation";
        Expected => "Phải thu", "Expected";
        Collected => "Đã thu", "Collected";
        Remitted => "Nộp cấp trên", "Remitted";
        WholeYear => "Cả năm", "Whole year";
        Received => "Cấp dưới trực tiếp đã nộp lên: {}", "Remitted by the levels directly below: {}";
        WithoutAmount => "{} đảng viên chưa xác định mức", "{} members without a rate";
        MembersCount => "{} đảng viên", "{} members";
        DrillHint => "Bấm vào một tổ chức để xem chi tiết.", "Tap an organisation for its details.";
        Below => "Các tổ chức trực thuộc", "Organisations below";
        NoneBelow => "Không có tổ chức trực thuộc.", "No organisations below.";
        ByMonth => "Theo tháng", "By month";
        Own => "Do cấp này đặt", "Set here";
        Inherited => "Áp dụng từ {}", "Set by {}";
        Code => "Mã đối tượng", "Category code";
        CodeHint => "Ngắn, không dấu, ví dụ luong, huu, sinh_vien", "Short, e.g. luong, huu, sinh_vien";
        Name => "Tên đối tượng", "Category name";
        PerMille => "Tỷ lệ theo thu nhập (‰)", "Share of income (‰)";
        PerMilleHint => "10‰ = 1% thu nhập", "10‰ = 1% of income";
        Fixed => "Số tiền cố định (đồng/tháng)", "Fixed amount (đồng a month)";
        OfIncome => "thu nhập", "of income";
        AddRule => "Thêm mức đóng", "Add a rate";
        EditRule => "Sửa", "Edit";
        EditTitle => "Sửa mức đóng «{}»", "Edit the rate «{}»";
        DeleteRule => "Xóa", "Delete";
        DeleteQuestion => "Xóa mức đóng «{}»? Đảng viên thuộc đối tượng này sẽ theo mức của cấp trên, nếu có.", "Delete the rate «{}»? Members of this category then follow the level above's, if any.";
        Deleted => "Đã xóa; sẽ gửi khi đồng bộ", "Deleted; sent at the next sync";
        NoRules => "Chưa có mức đóng nào.", "No rates yet.";
        Save => "Lưu", "Save";
        Cancel => "Hủy", "Cancel";
        Loading => "Đang tải…", "Loading…";
        NeedMonth => "Tháng: chưa chọn", "Month: not chosen";
        BadMonths => "Số tháng: hãy nhập từ 1 đến 24", "Months: type 1 to 24";
        NeedAmount => "Số tiền: chưa nhập", "Amount: missing";
        BadAmount => "Số tiền: hãy nhập số đồng lớn hơn 0, ví dụ 84.500", "Amount: type đồng above 0, e.g. 84.500";
        BadDate => "Ngày: hãy nhập ngày/tháng/năm, ví dụ 05/12/2026", "Date: type day/month/year, e.g. 05/12/2026";
        NeedReason => "Lý do điều chỉnh: chưa nhập", "Reason: missing";
        NeedCategory => "Đối tượng: chưa chọn", "Category: not chosen";
        BadIncome => "Thu nhập: hãy nhập số đồng, ví dụ 8.450.000", "Income: type đồng, e.g. 8.450.000";
        NeedCode => "Mã đối tượng: chưa nhập", "Category code: missing";
        NeedName => "Tên đối tượng: chưa nhập", "Category name: missing";
        BadPerMille => "Tỷ lệ: hãy nhập số ‰ từ 0 đến 100", "Share: type ‰ from 0 to 100";
        BadFixed => "Số tiền cố định: từ 0 đến 10.000.000 đồng", "Fixed amount: 0 to 10.000.000 đồng";
        NeedRate => "Mức đóng: hãy nhập tỷ lệ theo thu nhập hoặc số tiền cố định", "Rate: type a share of income or a fixed amount";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dues_string_has_both_languages_and_the_same_holes() {
        crate::i18n::check_catalog(DuesKey::ALL);
    }
}
