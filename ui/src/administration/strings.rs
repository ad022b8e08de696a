//! The administration screens' strings (organisations, members, committees, the audit
//! log), Vietnamese and English side by side; the words of a member's record that the
//! shell also shows (home, profile) stay in the shared catalog (`i18n::Key`).

use sotay_model::entities::{Gender, PositionTitle};

crate::catalog! {
    /// One visible string of the administration screens.
    AdminKey {
        OrgsTitle => "Tổ chức đảng", "Party organisations";
        NoOrgs => "Chưa có tổ chức nào trên máy. Hãy đồng bộ.", "No organisations on this device yet. Please sync.";
        SelectOrg => "Chọn một tổ chức để xem danh sách đảng viên.", "Choose an organisation to see its members.";
        MembersCount => "{} đảng viên", "{} members";
        SearchMembers => "Tìm theo tên hoặc số thẻ", "Search by name or card number";
        NoMatch => "Không có đảng viên phù hợp.", "No matching members.";
        ShowMore => "Xem thêm", "Show more";
        Showing => "Đang hiện {} / {}", "Showing {} of {}";
        NoMembers => "Chưa có đảng viên nào.", "No members yet.";
        Expand => "Mở rộng", "Expand";
        Collapse => "Thu gọn", "Collapse";
        GenderMale => "Nam", "Male";
        GenderFemale => "Nữ", "Female";
        TitleSecretary => "Bí thư", "Secretary";
        TitleDeputySecretary => "Phó Bí thư", "Deputy Secretary";
        TitleCommitteeMember => "Cấp ủy viên", "Committee member";
        TitleOfficeStaff => "Cán bộ văn phòng cấp ủy", "Committee office staff";
        TitleInspectionChair => "Chủ nhiệm Ủy ban kiểm tra", "Inspection committee chair";
        TitleInspectionDeputy => "Phó Chủ nhiệm Ủy ban kiểm tra", "Inspection committee deputy chair";
        TitleInspectionMember => "Ủy viên Ủy ban kiểm tra", "Inspection committee member";
        Gender => "Giới tính", "Gender";
        JoinedShort => "Vào Đảng {}", "Joined {}";
        NoPositions => "Không giữ chức vụ trong cấp ủy", "Holds no committee position";
        MemberDetail => "Thông tin đảng viên", "Member details";
        AddMember => "Thêm đảng viên", "Add member";
        DateHint => "ngày/tháng/năm", "day/month/year";
        OfficialDateHint => "Để trống nếu là đảng viên dự bị", "Leave empty for a probationary member";
        MemberCreated => "Đã thêm đảng viên. Thay đổi sẽ được gửi lên máy chủ khi đồng bộ.", "Member added. The change will be sent to the server at the next sync.";
        NoCellHere => "Tổ chức này chưa có chi bộ nào trên máy.", "This organisation has no cell on this device.";
        SectionMembers => "Đảng viên", "Members";
        SectionCommittee => "Cấp ủy", "Committee";
        SectionAudit => "Nhật ký", "Audit log";
        SectionTransfers => "Chuyển sinh hoạt", "Transfers";
        NoCommittee => "Chưa có ai giữ chức vụ trong cấp ủy này.", "Nobody holds a position in this committee yet.";
        RemovePosition => "Thôi giữ chức vụ", "Remove position";
        AssignTitle => "Giao chức vụ", "Assign a position";
        AssignMember => "Đảng viên", "Member";
        AssignFilter => "Lọc theo tên hoặc số thẻ", "Filter by name or card number";
        AssignPositionTitle => "Chức vụ", "Position";
        AssignSubmit => "Giao chức vụ", "Assign";
        ChooseMember => "Chọn đảng viên", "Choose a member";
        PositionAssigned => "Đã giao chức vụ. Thay đổi sẽ được gửi lên máy chủ khi đồng bộ.", "Position assigned. It will be sent to the server at the next sync.";
        PositionRemoved => "Đã thôi giữ chức vụ. Thay đổi sẽ được gửi lên máy chủ khi đồng bộ.", "Position removed. It will be sent to the server at the next sync.";
        HolderUnknown => "Đảng viên ngoài danh sách này", "A member outside this list";
        MatchesShown => "Hiện {} đầu tiên trong {} người phù hợp", "Showing the first {} of {} matches";
        MemberActions => "Quản lý đảng viên", "Member administration";
        EditMember => "Sửa thông tin", "Edit details";
        EditMemberTitle => "Sửa thông tin đảng viên", "Edit member details";
        MemberSaved => "Đã lưu thông tin. Thay đổi sẽ được gửi lên máy chủ khi đồng bộ.", "Details saved. They will be sent to the server at the next sync.";
        NothingChanged => "Chưa có thay đổi nào để lưu.", "Nothing has changed.";
        TransferMember => "Chuyển sinh hoạt", "Transfer to another cell";
        TransferTo => "Chuyển đến chi bộ", "Move to cell";
        TransferSubmit => "Chuyển", "Transfer";
        NoOtherCell => "Không có chi bộ nào khác mà đồng chí được quản lý.", "There is no other cell you keep.";
        MemberTransferred => "Đã chuyển sinh hoạt. Thay đổi sẽ được gửi lên máy chủ khi đồng bộ.", "Transferred. It will be sent to the server at the next sync.";
        MarkLeft => "Ra khỏi Đảng", "Mark as left";
        MarkDeceased => "Từ trần", "Mark as deceased";
        MarkConfirm => "Xác nhận: {}", "Confirm: {}";
        MarkHint => "Hồ sơ được giữ lại; đảng viên thôi sinh hoạt và thôi giữ chức vụ.", "The record is kept; the member no longer belongs to a cell or holds positions.";
        StatusChanged => "Đã cập nhật tình trạng đảng viên. Thay đổi sẽ được gửi lên máy chủ khi đồng bộ.", "Status updated. It will be sent to the server at the next sync.";
        Restore => "Khôi phục là đảng viên chính thức", "Restore as full member";
        IssueCode => "Cấp mã đăng ký thiết bị", "Issue a device enrollment code";
        IssuingCode => "Đang cấp mã…", "Issuing…";
        AuditHint => "Ai đã thay đổi gì, từ thiết bị nào, trong {} và các cấp trực thuộc.", "Who changed what, from which device, in {} and below.";
        AuditEmpty => "Chưa có thay đổi nào được ghi.", "No change has been recorded yet.";
        AuditOlder => "Xem cũ hơn", "Show older";
        AuditCreate => "Tạo", "Created";
        AuditEdit => "Sửa", "Edited";
        AuditDelete => "Xóa", "Deleted";
        AuditAccepted => "Được chấp nhận", "Accepted";
        AuditRefused => "Bị từ chối", "Refused";
        AuditByServer => "Máy chủ", "Server";
        AuditByMember => "Đảng viên {}", "Member {}";
        AuditDevice => "Thiết bị: {}", "Device: {}";
        EntityOrganisation => "Tổ chức", "Organisation";
        EntityMember => "Hồ sơ đảng viên", "Member record";
        EntityPosition => "Chức vụ", "Position";
        EntityDocument => "Văn bản", "Document";
        EntityMeeting => "Cuộc họp", "Meeting";
        EntityCheckIn => "Điểm danh", "Check-in";
        EntityAttendanceMark => "Đánh dấu điểm danh", "Attendance mark";
        EntityMinutes => "Biên bản", "Minutes";
        EntityMeetingKey => "Khóa mã điểm danh", "Check-in key";
        EntityAttachment => "Tệp đính kèm", "Attachment";
        EntityReadMark => "Dấu đã đọc", "Read mark";
        EntityStudyNote => "Ghi chú học tập", "Study note";
        EntityStudyAssignment => "Giao học tập", "Study assignment";
        EntityTask => "Nhiệm vụ", "Task";
        EntityProgressReport => "Báo cáo tiến độ", "Progress report";
        EntityTaskReview => "Đánh giá nhiệm vụ", "Task review";
        EntityOther => "Bản ghi", "Record";
        ImportAction => "Nhập danh sách từ Excel", "Import a list from Excel";
        ImportHint => "Tệp .xlsx có các cột Họ và tên, Ngày sinh, Giới tính, Ngày vào Đảng, Ngày chính thức, Số thẻ, Chi bộ. Máy cho xem trước từng dòng sẽ được thêm, sửa, giữ nguyên hay bị từ chối; chưa ghi gì cho đến khi xác nhận.", "An .xlsx file with the columns Họ và tên, Ngày sinh, Giới tính, Ngày vào Đảng, Ngày chính thức, Số thẻ, Chi bộ. Each row is shown first as new, changed, unchanged or refused; nothing is written until you confirm.";
        ImportChoose => "Chọn tệp Excel…", "Choose an Excel file…";
        ImportClose => "Đóng", "Close";
        ImportSending => "Đang đưa \"{}\" vào máy…", "Adding \"{}\" to this device…";
        ImportPickedMany => "{} và {} tệp khác", "{} and {} other files";
        ImportChecking => "Đang kiểm tra từng dòng của \"{}\"…", "Checking each row of \"{}\"…";
        ImportWriting => "Đang nhập…", "Importing…";
        ImportUnreadable => "Không đọc được tệp đã chọn.", "The chosen file could not be read.";
        ImportSummary => "{} dòng: {} thêm mới, {} thay đổi, {} không đổi, {} bị từ chối", "{} rows: {} new, {} changed, {} unchanged, {} refused";
        ImportColLine => "Dòng", "Row";
        ImportColMember => "Đảng viên", "Member";
        ImportColOutcome => "Kết quả", "Outcome";
        ImportNew => "Thêm mới", "New";
        ImportChanged => "Thay đổi", "Changed";
        ImportUnchanged => "Không đổi", "Unchanged";
        ImportRefused => "Bị từ chối", "Refused";
        ImportChange => "{}: {} → {}", "{}: {} → {}";
        ImportNotYet => "Chưa có gì được ghi. Bấm \"Xác nhận nhập\" để ghi tất cả các dòng trên.", "Nothing has been written yet. Press \"Confirm import\" to write every row above.";
        ImportBlocked => "Có dòng bị từ chối nên chưa nhập được (nhập là tất cả hoặc không gì cả): sửa các dòng đó trong tệp rồi chọn lại tệp. Chưa có gì được ghi.", "Some rows are refused, so nothing can be imported (all or nothing): correct them in the file and choose it again. Nothing has been written.";
        ImportConfirm => "Xác nhận nhập", "Confirm import";
        ImportCancel => "Hủy", "Cancel";
        ImportDone => "Đã nhập danh sách: {} thêm mới, {} thay đổi, {} không đổi. Thay đổi sẽ được gửi lên máy chủ khi đồng bộ.", "List imported: {} new, {} changed, {} unchanged. The changes will be sent to the server at the next sync.";
    }
}

pub fn gender(g: Gender) -> AdminKey {
    match g {
        Gender::Male => AdminKey::GenderMale,
        Gender::Female => AdminKey::GenderFemale,
    }
}

pub fn position_title(t: PositionTitle) -> AdminKey {
    match t {
        PositionTitle::Secretary => AdminKey::TitleSecretary,
        PositionTitle::DeputySecretary => AdminKey::TitleDeputySecretary,
        PositionTitle::CommitteeMember => AdminKey::TitleCommitteeMember,
        PositionTitle::OfficeStaff => AdminKey::TitleOfficeStaff,
        PositionTitle::InspectionChair => AdminKey::TitleInspectionChair,
        PositionTitle::InspectionDeputy => AdminKey::TitleInspectionDeputy,
        PositionTitle::InspectionMember => AdminKey::TitleInspectionMember,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Text};

    #[test]
    fn every_administration_string_has_both_languages_and_the_same_holes() {
        crate::i18n::check_catalog(AdminKey::ALL);
    }

    #[test]
    fn domain_words_follow_the_design() {
        assert_eq!(
            position_title(PositionTitle::Secretary).text(Lang::Vi),
            "Bí thư"
        );
        assert_eq!(
            position_title(PositionTitle::CommitteeMember).text(Lang::Vi),
            "Cấp ủy viên"
        );
    }
}
