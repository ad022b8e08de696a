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
        Printing => "Đang tạo bản in…", "Making the printout…";
        PrintedAt => "Đã mở bản in PDF để in (lưu tại {})", "The printout opened as a PDF to print (saved at {})";
        PrintNotOpened => "Đã lưu bản in PDF tại {}, nhưng không mở được: {}", "The printout was saved as a PDF at {}, but it could not be opened: {}";
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
