//! The strings of exporting lists and printing, Vietnamese and English.

crate::catalog! {
    /// One visible string of "Xuất Excel" and "In".
    ListsKey {
        ExportExcel => "Xuất Excel", "Export to Excel";
        Exporting => "Đang xuất…", "Exporting…";
        Exported => "Đã xuất tệp {}", "Exported {}";
        ExportedAt => "Đã xuất và lưu tệp tại {}", "Exported and saved at {}";
        ExportedNotOpened => "Đã lưu tệp tại {}, nhưng không mở được: {}", "Saved at {}, but it could not be opened: {}";
        Print => "In", "Print";
        PrintHint => "In nội dung này bằng hộp thoại in của hệ thống", "Print this text with the system's print dialog";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lists_string_has_both_languages_and_the_same_holes() {
        crate::i18n::check_catalog(ListsKey::ALL);
    }
}
