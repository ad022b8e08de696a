//! The library's strings (issue 5: documents, reader, study, storage), Vietnamese and
//! English side by side. Kept apart from the main catalog so the library screens add
//! no lines to the shared `Key` enum; the macro makes both languages exhaustive.

use crate::i18n::Lang;
use sotay_model::library::documents::{DocKind, DocStatus};

macro_rules! lib_keys {
    ($($k:ident => ($vi:expr, $en:expr)),* $(,)?) => {
        /// One visible string of the library. Templates mark their arguments with `{}`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum L { $($k),* }
        impl L {
            /// Every key, for the completeness tests.
            pub const ALL: &'static [L] = &[$(L::$k),*];
        }
        fn vi(k: L) -> &'static str { match k { $(L::$k => $vi),* } }
        fn en(k: L) -> &'static str { match k { $(L::$k => $en),* } }
    };
}

lib_keys! {
    ViewDocs => ("Văn bản", "Documents"),
    ViewStudy => ("Học tập", "Study"),
    ViewAdd => ("Thêm văn bản", "Add a document"),
    SearchPlaceholder => ("Tìm số hiệu, tiêu đề, nội dung…", "Search number, title, text…"),
    AllKinds => ("Mọi loại", "All kinds"),
    AllIssuers => ("Mọi cơ quan ban hành", "All issuers"),
    AllYears => ("Mọi năm", "All years"),
    FilterKind => ("Loại văn bản", "Kind"),
    FilterIssuer => ("Cơ quan ban hành", "Issuer"),
    FilterYear => ("Năm ban hành", "Year"),
    DocsShown => ("{} văn bản", "{} documents"),
    ResultsShown => ("{} kết quả, phù hợp nhất trước", "{} results, best first"),
    NoDocs => ("Chưa có văn bản nào trên máy này.", "No documents on this device yet."),
    NoResults => ("Không tìm thấy văn bản phù hợp.", "No matching documents."),
    ShowMore => ("Xem thêm", "Show more"),
    SelectDoc => ("Chọn một văn bản để đọc.", "Choose a document to read."),
    KindResolution => ("Nghị quyết", "Resolution"),
    KindDirective => ("Chỉ thị", "Directive"),
    KindConclusion => ("Kết luận", "Conclusion"),
    KindRegulation => ("Quy định", "Regulation"),
    KindGuidance => ("Hướng dẫn", "Guidance"),
    KindNotice => ("Thông báo", "Notice"),
    KindCellStudy => ("Tài liệu sinh hoạt chi bộ", "Cell study material"),
    StatusInForce => ("Còn hiệu lực", "In force"),
    StatusReplaced => ("Đã thay thế", "Replaced"),
    StatusExpired => ("Hết hiệu lực", "Expired"),
    IssuedBy => ("{} · ban hành ngày {}", "{} · issued {}"),
    Summary => ("Trích yếu", "Summary"),
    FullText => ("Toàn văn", "Full text"),
    NoBody => ("Văn bản này chưa có toàn văn; xem tệp đính kèm.", "No full text; see the attachments."),
    Topics => ("Chủ đề", "Topics"),
    Attachments => ("Tệp đính kèm", "Attachments"),
    NoAttachments => ("Không có tệp đính kèm.", "No attachments."),
    KeepOffline => ("Lưu ngoại tuyến", "Keep offline"),
    Open => ("Mở", "Open"),
    Opening => ("Đang tải về…", "Downloading…"),
    OnDevice => ("Có trên máy", "On this device"),
    NotOnDevice => ("Chưa tải về", "Not downloaded"),
    PartialCopy => ("Đã tải {} / {}", "Downloaded {} of {}"),
    Fetched => ("Đã tải về {}", "Downloaded {}"),
    Repaired => ("Bản trên máy bị hỏng nên đã được tải lại.", "The copy here was damaged and was fetched again."),
    UploadPending => ("Chờ gửi lên máy chủ", "Waiting to upload"),
    AttachTitle => ("Đính kèm tệp", "Attach a file"),
    AttachChoose => ("Chọn tệp…", "Choose a file…"),
    AttachDrop => ("hoặc kéo thả tệp vào đây (PDF, DOCX, ảnh; tối đa 1 GB)", "or drop a file here (PDF, DOCX, images; up to 1 GB)"),
    AttachSending => ("Đang đưa \"{}\" vào máy: {} / {}", "Adding \"{}\" to this device: {} / {}"),
    AttachCancel => ("Hủy", "Cancel"),
    AttachDone => ("Đã đính kèm \"{}\"; tệp sẽ gửi lên máy chủ ở lần đồng bộ tới.", "Attached \"{}\"; it uploads at the next sync."),
    AttachCancelled => ("Đã hủy đính kèm \"{}\".", "Cancelled attaching \"{}\"."),
    AttachUnreadable => ("Không đọc được tệp đã chọn.", "The chosen file could not be read."),
    OpenLink => ("Tệp đã sẵn sàng: bấm để xem", "The file is ready: open it"),
    AttachOutOfApp => ("Đính kèm tệp: dùng lệnh nhập thư mục văn bản trên máy tính (ứng dụng chưa có hộp chọn tệp).", "Attach files with the folder import on a computer (the app has no file picker yet)."),
    FirstOpened => ("Mở lần đầu {}", "First opened {}"),
    FinishedOn => ("Đã học xong {}", "Studied {}"),
    MarkFinished => ("Đã học xong", "Mark as studied"),
    Bookmark => ("Đánh dấu", "Bookmark"),
    Bookmarked => ("Đã đánh dấu", "Bookmarked"),
    NoteTitle => ("Ghi chú học tập — chỉ mình đồng chí xem", "Study note — only you can see it"),
    NotePlaceholder => ("Điều cần ghi nhớ, liên hệ với công việc…", "What to remember, how it applies to your work…"),
    NoteSave => ("Lưu ghi chú", "Save note"),
    NoteSaved => ("Đã lưu ghi chú.", "Note saved."),
    StudyTitle => ("Tài liệu cần học tập", "Documents to study"),
    NoStudy => ("Chưa có tài liệu nào cần học tập.", "Nothing to study yet."),
    DueOn => ("Hạn {}", "Due {}"),
    Overdue => ("Quá hạn", "Overdue"),
    Studied => ("Đã học", "Studied"),
    NotStudied => ("Chưa học", "Not yet"),
    AssignedBy => ("{} giao", "Assigned by {}"),
    BookmarksTitle => ("Văn bản đã đánh dấu", "Bookmarked documents"),
    NoBookmarks => ("Chưa đánh dấu văn bản nào.", "No bookmarks yet."),
    AssignTitle => ("Giao học tập, quán triệt", "Assign for study"),
    AssignOrg => ("Tổ chức học tập", "Organisation"),
    AssignDue => ("Hạn hoàn thành (ngày/tháng/năm)", "Due date (day/month/year)"),
    AssignNote => ("Lời dặn (không bắt buộc)", "Note (optional)"),
    AssignSubmit => ("Giao học tập", "Assign"),
    AssignDone => ("Đã giao học tập; gửi lên máy chủ ở lần đồng bộ tới.", "Assigned; sent at the next sync."),
    BadDate => ("Hạn hoàn thành: hãy nhập ngày/tháng/năm, ví dụ 31/12/2026.", "Due date: type day/month/year, e.g. 31/12/2026."),
    Progress => ("Ai đã học", "Who has read it"),
    ProgressCell => ("{} đã mở · {} đã học xong · {} đảng viên", "{} opened · {} finished · {} members"),
    NotOpened => ("Chưa mở", "Not opened"),
    OpenedOnly => ("Đã mở {}", "Opened {}"),
    NoCells => ("Không có chi bộ nào trên máy này.", "No cells on this device."),
    StorageTitle => ("Bộ nhớ tệp đính kèm", "Attachment storage"),
    StoragePinned => ("Lưu ngoại tuyến: {} tệp, {}", "Kept offline: {} files, {}"),
    StorageCached => ("Đã mở gần đây: {} tệp, {}", "Opened recently: {} files, {}"),
    StoragePartial => ("Tải dở: {}", "Unfinished downloads: {}"),
    Free => ("Giải phóng", "Free up"),
    FreeAll => ("Xóa cả tệp lưu ngoại tuyến", "Also remove offline files"),
    Freed => ("Đã giải phóng bộ nhớ.", "Storage freed."),
    FormKind => ("Loại văn bản", "Kind"),
    FormNumber => ("Số hiệu", "Number"),
    FormNumberHint => ("Như trên văn bản, ví dụ 57-NQ/TW", "As written, e.g. 57-NQ/TW"),
    FormTitle => ("Tiêu đề", "Title"),
    FormOrg => ("Tổ chức ban hành", "Issuing organisation"),
    FormIssuer => ("Cơ quan ban hành (như in trên văn bản)", "Issuing body (as printed)"),
    FormDate => ("Ngày ban hành (ngày/tháng/năm)", "Issue date (day/month/year)"),
    DateHint => ("ngày/tháng/năm", "day/month/year"),
    FormStatus => ("Hiệu lực", "Status"),
    FormSummary => ("Trích yếu", "Summary"),
    FormBody => ("Toàn văn", "Full text"),
    FormTopics => ("Chủ đề (cách nhau bởi dấu ;)", "Topics (separated by ;)"),
    FormSubmit => ("Lưu văn bản", "Save the document"),
    FormCreated => ("Đã thêm văn bản; gửi lên máy chủ ở lần đồng bộ tới.", "Document added; sent at the next sync."),
    ErrNumber => ("Cần nhập số hiệu.", "Enter the number."),
    ErrTitle => ("Cần nhập tiêu đề.", "Enter the title."),
    ErrIssuer => ("Cần nhập cơ quan ban hành.", "Enter the issuing body."),
    ErrDate => ("Ngày ban hành: hãy nhập ngày/tháng/năm, ví dụ 15/12/2026.", "Issue date: type day/month/year, e.g. 15/12/2026."),
    ErrOrg => ("Chọn tổ chức ban hành.", "Choose the issuing organisation."),
    ErrOpenFile => ("Không mở được tệp trên máy.", "Could not open the file."),
    ImportFolder => ("Nhập thư mục văn bản", "Import a folder of documents"),
    ImportFolderHint => ("Chọn cùng lúc tệp danh mục (.xlsx: Số hiệu, Loại văn bản, Tiêu đề, Cơ quan ban hành, Ngày ban hành; có thể thêm Hiệu lực, Trích yếu, Chủ đề, Tệp đính kèm, Toàn văn) và các tệp mà danh mục nêu tên. Máy cho xem trước từng dòng; chưa ghi gì cho đến khi xác nhận.", "Choose the list (.xlsx: Số hiệu, Loại văn bản, Tiêu đề, Cơ quan ban hành, Ngày ban hành; optionally Hiệu lực, Trích yếu, Chủ đề, Tệp đính kèm, Toàn văn) together with the files it names. Each row is shown first; nothing is written until you confirm."),
    ImportFolderFiles => ("Chọn các tệp…", "Choose files…"),
    ImportFolderDir => ("Chọn cả thư mục…", "Choose a whole folder…"),
    ImportFolderDone => ("Đã nhập {} văn bản ({} không đổi). Văn bản và tệp sẽ được gửi lên máy chủ khi đồng bộ.", "{} documents imported ({} unchanged). They and their files will be sent at the next sync."),
}

/// The text of `k` in `lang`.
pub fn lt(lang: Lang, k: L) -> &'static str {
    match lang {
        Lang::Vi => vi(k),
        Lang::En => en(k),
    }
}

/// The text of `k` with its `{}` holes filled.
pub fn ltf(lang: Lang, k: L, args: &[&str]) -> String {
    crate::i18n::fill(lt(lang, k), args)
}

pub fn kind(k: DocKind) -> L {
    match k {
        DocKind::Resolution => L::KindResolution,
        DocKind::Directive => L::KindDirective,
        DocKind::Conclusion => L::KindConclusion,
        DocKind::Regulation => L::KindRegulation,
        DocKind::Guidance => L::KindGuidance,
        DocKind::Notice => L::KindNotice,
        DocKind::CellStudyMaterial => L::KindCellStudy,
    }
}

pub fn status(s: DocStatus) -> L {
    match s {
        DocStatus::InForce => L::StatusInForce,
        DocStatus::Replaced => L::StatusReplaced,
        DocStatus::Expired => L::StatusExpired,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holes(s: &str) -> usize {
        s.matches("{}").count()
    }

    #[test]
    fn both_languages_have_every_string_with_the_same_holes() {
        for &k in L::ALL {
            assert!(
                !lt(Lang::Vi, k).is_empty() && !lt(Lang::En, k).is_empty(),
                "{k:?}"
            );
            assert_eq!(holes(lt(Lang::Vi, k)), holes(lt(Lang::En, k)), "{k:?}");
        }
    }

    #[test]
    fn kinds_use_the_design_words() {
        for k in DocKind::ALL {
            assert_eq!(lt(Lang::Vi, kind(k)), k.label_vi());
        }
        assert_eq!(lt(Lang::Vi, status(DocStatus::InForce)), "Còn hiệu lực");
    }
}
