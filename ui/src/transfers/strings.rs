//! The transfer screens' strings (issue 19), Vietnamese and English side by side.

crate::catalog! {
    /// One visible string of the transfer screens.
    TransferKey {
        Section => "Chuyển sinh hoạt", "Transfers";
        Kind => "Hình thức", "Kind";
        Official => "Chính thức", "Official";
        Temporary => "Tạm thời", "Temporary";
        Outside => "Ra ngoài tỉnh", "Out of the province";
        DestCell => "Chuyển đến chi bộ", "To cell";
        DestName => "Nơi chuyển đến", "Destination";
        DestNameHint => "Ví dụ: Đảng bộ tỉnh Nam Định", "E.g. Nam Định provincial Party organisation";
        Reason => "Lý do", "Reason";
        EndDate => "Sinh hoạt tạm thời đến ngày (dd/mm/yyyy)", "Temporary until (dd/mm/yyyy)";
        Issue => "Lập giấy giới thiệu", "Issue the transfer";
        Issued => "Đã lập giấy giới thiệu chuyển sinh hoạt; chờ chi bộ nhận xác nhận. Thay đổi sẽ được gửi lên máy chủ khi đồng bộ.", "Transfer issued, waiting for the receiving cell. It will be sent to the server at the next sync.";
        HandedOverNotice => "Đã ghi nhận bàn giao hồ sơ chuyển sinh hoạt ra ngoài tỉnh.", "The hand-over out of the province is recorded.";
        NoCell => "Máy này không có chi bộ nào khác; có thể chuyển ra ngoài tỉnh.", "This device holds no other cell; a transfer out of the province is possible.";
        NeedCell => "Chi bộ chuyển đến: chưa chọn", "Receiving cell: not chosen";
        NeedDestName => "Nơi chuyển đến: chưa nhập", "Destination: missing";
        NeedEnd => "Ngày kết thúc: hãy nhập ngày dd/mm/yyyy", "End date: type a date as dd/mm/yyyy";
        Incoming => "Chuyển đến", "Incoming";
        Outgoing => "Chuyển đi", "Outgoing";
        NoneIncoming => "Không có đảng viên nào chuyển đến.", "No member is coming in.";
        NoneOutgoing => "Không có giấy giới thiệu nào chuyển đi.", "No transfer going out.";
        FromTo => "{} → {}", "{} → {}";
        IssuedOn => "Ngày giới thiệu {}", "Issued {}";
        Until => "đến {}", "until {}";
        StateIssued => "Chờ tiếp nhận", "Waiting";
        StateConfirmed => "Đã tiếp nhận", "Received";
        StateRefused => "Bị từ chối", "Refused";
        StateCancelled => "Đã thu hồi", "Withdrawn";
        StateSentOut => "Đã bàn giao", "Handed over";
        StateEnded => "Đã hết hạn", "Ended";
        Confirm => "Tiếp nhận", "Receive";
        Refuse => "Từ chối", "Refuse";
        Cancel => "Thu hồi", "Withdraw";
        HandOver => "Đã bàn giao hồ sơ", "Handed over";
        RefuseReason => "Lý do từ chối", "Why refused";
        NeedRefuseReason => "Hãy ghi lý do từ chối", "Say why it is refused";
        Confirmed => "Đã tiếp nhận đảng viên; hồ sơ và lịch sử sinh hoạt sẽ về máy sau khi đồng bộ.", "Received; the member's record and history arrive after the next sync.";
        Refused => "Đã từ chối tiếp nhận.", "Refused.";
        Cancelled => "Đã thu hồi giấy giới thiệu.", "Transfer withdrawn.";
        NoteShown => "Ghi chú: {}", "Note: {}";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_transfer_string_has_both_languages_and_the_same_holes() {
        crate::i18n::check_catalog(TransferKey::ALL);
    }
}
