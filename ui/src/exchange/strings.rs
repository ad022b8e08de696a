//! The Trao đổi screens' strings (issue 16), Vietnamese and English side by side.

crate::catalog! {
    /// One visible string of the exchange screens.
    XKey {
        TabTitle => "Trao đổi", "Exchange";
        TabHint => "Thông báo, hỏi đáp, góp ý dự thảo", "Announcements, questions, drafts";
        UnreadTitle => "Thông báo chưa đọc", "Unread announcements";
        NoUnread => "Không có thông báo mới.", "No new announcements.";
        MoreUnread => "và {} thông báo khác", "and {} more";
        Announcements => "Thông báo", "Announcements";
        Questions => "Hỏi đáp", "Questions";
        Drafts => "Góp ý dự thảo", "Opinions on drafts";
        Loading => "Đang tải…", "Loading…";
        Back => "Quay lại", "Back";
        Received => "Đã nhận", "Received";
        NoAnnouncements => "Chưa có thông báo nào.", "No announcements yet.";
        Unread => "Chưa đọc", "Unread";
        Overdue => "Quá hạn đọc", "Overdue";
        ReadBy => "Đọc trước {}", "Read by {}";
        CommentCount => "{} bình luận", "{} comments";
        SentList => "Đã gửi", "Sent";
        NothingSent => "Chưa gửi thông báo nào.", "Nothing sent yet.";
        SentTo => "Gửi đến: {}", "To: {}";
        ReadCount => "Đã đọc {}/{}", "Read {}/{}";
        SeeReads => "Tình hình đọc", "Who has read it";
        SentAt => "Gửi lúc {}", "Sent at {}";
        RemindedAt => "nhắc lúc {}", "reminded at {}";
        NoBody => "Thông báo không có nội dung chi tiết.", "No further text.";
        SendTitle => "Gửi thông báo", "Send an announcement";
        From => "Gửi từ", "From";
        To => "Gửi đến", "To";
        ToWhole => "Toàn bộ tổ chức trực thuộc", "The whole organisation below";
        ToChosen => "Chọn tổ chức cấp dưới", "Chosen organisations below";
        FindOrg => "Tìm tổ chức theo tên", "Find an organisation by name";
        NoOrgMatch => "Không có tổ chức nào khớp.", "No organisation matches.";
        Remove => "Bỏ {}", "Remove {}";
        Title => "Tiêu đề", "Title";
        Body => "Nội dung", "Text";
        MustReadBy => "Phải đọc trước ngày", "Must be read by";
        MustReadByHint => "Không bắt buộc; quá ngày này mà chưa đọc sẽ được đánh dấu quá hạn.", "Optional; unread after this day is marked overdue.";
        DateHint => "ngày/tháng/năm", "day/month/year";
        Send => "Gửi", "Send";
        Sent => "Đã gửi thông báo; sẽ đến các tổ chức khi đồng bộ.", "Sent; it reaches the organisations at the next sync.";
        NotRead => "Chưa đọc ({})", "Not read ({})";
        AllRead => "Mọi người đã đọc.", "Everyone has read it.";
        AndOthers => "và {} đồng chí khác", "and {} others";
        Remind => "Nhắc", "Remind";
        Reminded => "Đã nhắc {} đồng chí chưa đọc; sẽ gửi khi đồng bộ.", "Reminded {} who have not read it; sent at the next sync.";
        CommentsAt => "Bình luận tại {}", "Comments at {}";
        CommentsTitle => "Bình luận ({})", "Comments ({})";
        NoComments => "Chưa có bình luận nào.", "No comments yet.";
        WriteComment => "Viết bình luận…", "Write a comment…";
        SendComment => "Gửi bình luận", "Post comment";
        Reply => "Trả lời", "Reply";
        WriteReply => "Viết trả lời…", "Write a reply…";
        SendReply => "Gửi trả lời", "Post reply";
        Edit => "Sửa", "Edit";
        EditComment => "Sửa bình luận", "Edit the comment";
        SaveEdit => "Lưu", "Save";
        Edited => "đã sửa", "edited";
        AuthorElsewhere => "Đồng chí ở tổ chức khác", "A member elsewhere";
        Withdraw => "Rút lại", "Withdraw";
        WithdrawQuestion => "Rút lại bình luận này? Nội dung sẽ bị xóa trên mọi thiết bị.", "Withdraw this comment? Its text is removed from every device.";
        Hide => "Ẩn", "Hide";
        HideQuestion => "Ẩn bình luận này? Nội dung sẽ bị xóa trên mọi thiết bị; lý do được lưu trong nhật ký.", "Hide this comment? Its text is removed from every device; the reason is kept in the audit log.";
        HideReason => "Lý do ẩn", "Reason";
        Ask => "Đặt câu hỏi", "Ask a question";
        AskHint => "Câu hỏi chỉ đồng chí và cấp ủy được hỏi xem được.", "Only you and the committee asked see the question.";
        AskWhom => "Hỏi cấp ủy", "Ask the committee of";
        QuestionText => "Câu hỏi", "Question";
        SendQuestion => "Gửi câu hỏi", "Send the question";
        Asked => "Đã gửi câu hỏi; sẽ đến cấp ủy khi đồng bộ.", "Question sent; it reaches the committee at the next sync.";
        MyQuestions => "Câu hỏi của tôi", "My questions";
        NoQuestions => "Đồng chí chưa đặt câu hỏi nào.", "No questions asked yet.";
        NotAnswered => "Chưa trả lời", "Not answered";
        AnsweredAt => "Cấp ủy trả lời lúc {}", "The committee answered at {}";
        Published => "Đã công bố", "Published";
        ToAnswer => "Câu hỏi gửi cấp ủy", "Questions to the committee";
        AnswerText => "Trả lời", "Answer";
        SendAnswer => "Gửi trả lời", "Send the answer";
        EditAnswer => "Sửa trả lời", "Change the answer";
        Publish => "Công bố", "Publish";
        PublishHint => "Công bố vào mục hỏi đáp, không kèm tên người hỏi; có thể sửa lời trước khi công bố.", "Published to the questions and answers without the asker's name; the wording may be edited first.";
        FaqQuestion => "Câu hỏi (công bố)", "Question (as published)";
        FaqAnswer => "Trả lời (công bố)", "Answer (as published)";
        Unpublish => "Gỡ khỏi hỏi đáp", "Take down";
        Faq => "Hỏi đáp đã công bố", "Published questions and answers";
        FaqSearch => "Tìm trong hỏi đáp", "Search the questions and answers";
        FaqSearchHint => "Gõ không dấu cũng được", "Accents optional";
        FaqEmpty => "Chưa có hỏi đáp nào được công bố.", "Nothing published yet.";
        FaqNoMatch => "Không tìm thấy hỏi đáp nào.", "Nothing found.";
        PublishedAt => "Công bố lúc {}", "Published at {}";
        NoDrafts => "Chưa có dự thảo nào lấy ý kiến.", "No drafts open for opinions.";
        DraftOpen => "Đang lấy ý kiến", "Open for opinions";
        DraftClosed => "Đã hết hạn góp ý", "Closed";
        DraftClosedHint => "Đã hết hạn góp ý; ý kiến không sửa được nữa.", "Closed; opinions can no longer be changed.";
        Deadline => "Hạn góp ý {}", "Opinions until {}";
        MyOpinions => "Đồng chí đã góp ý {}/{} phần", "You gave opinions on {}/{} sections";
        OpinionCount => "{} ý kiến", "{} opinions";
        OpinionsVisible => "Ý kiến được công khai cho người đọc dự thảo.", "Opinions are shown to the draft's readers.";
        OpinionsPrivate => "Ý kiến chỉ người góp ý và cấp ủy xem được.", "Only the author and the committee see opinions.";
        ExportDocx => "Xuất .docx", "Export .docx";
        ExportXlsx => "Xuất .xlsx", "Export .xlsx";
        Exported => "Đã xuất tệp {}", "Exported {}";
        MyOpinion => "Ý kiến của đồng chí", "Your opinion";
        OpinionHint => "Để trống rồi lưu để rút ý kiến", "Save empty to withdraw it";
        SaveOpinion => "Lưu ý kiến", "Save opinion";
        OpinionSaved => "Đã lưu ý kiến; sẽ gửi khi đồng bộ.", "Opinion saved; sent at the next sync.";
        OpinionWithdrawn => "Đã rút ý kiến.", "Opinion withdrawn.";
        OthersOpinions => "Ý kiến khác ({})", "Other opinions ({})";
        AllOpinions => "Các ý kiến ({})", "Opinions ({})";
        NoOpinions => "Chưa có ý kiến nào.", "No opinions yet.";
        OpenDraftTitle => "Mở lấy ý kiến", "Open for opinions";
        DraftOrg => "Tổ chức lấy ý kiến", "Organisation";
        Intro => "Lời giới thiệu", "Introduction";
        Sections => "Các phần để góp ý", "Sections";
        SectionKey => "Số hiệu", "Number";
        SectionTitle => "Tên phần", "Section title";
        SectionText => "Nội dung phần", "Section text";
        AddSection => "Thêm phần", "Add a section";
        RemoveSection => "Bỏ phần này", "Remove this section";
        DeadlineLabel => "Hạn góp ý", "Deadline";
        VisibleLabel => "Công khai ý kiến cho người đọc dự thảo", "Show opinions to the draft's readers";
        VisibleHint => "Không đổi được sau khi mở lấy ý kiến.", "Cannot be changed once opened.";
        OpenDraftSend => "Mở lấy ý kiến", "Open for opinions";
        NoticeTitle => "Trao đổi: có tin mới", "Exchange: news";
        NoticeAnnouncement => "Thông báo mới", "New announcement";
        NoticeReminder => "Nhắc đọc thông báo", "Reminder to read";
        NoticeAnswer => "Câu hỏi đã được trả lời", "Question answered";
        NoticeReply => "Trả lời bình luận", "Reply to a comment";
        NoticeOpen => "Xem", "Open";
        Dismiss => "Đóng", "Dismiss";
        NeedOrg => "Tổ chức: chưa chọn", "Organisation: not chosen";
        NeedTitle => "Tiêu đề: chưa nhập", "Title: missing";
        TitleTooLong => "Tiêu đề dài tối đa 300 ký tự", "A title is at most 300 characters";
        BodyTooLong => "Nội dung dài quá", "The text is too long";
        NeedRecipients => "Gửi đến: chưa chọn tổ chức nào", "To: no organisation chosen";
        BadDate => "Ngày phải đọc: không đúng dạng ngày/tháng/năm", "Must be read by: not a day/month/year";
        PastDate => "Ngày phải đọc đã qua", "The must-read-by day has passed";
        NeedText => "Nội dung: chưa nhập", "Text: missing";
        TextTooLong => "Nội dung dài tối đa {} ký tự", "The text is at most {} characters";
        NeedReason => "Lý do ẩn: chưa nhập", "Reason: missing";
        NeedSection => "Dự thảo phải có ít nhất một phần", "A draft needs at least one section";
        TooManySections => "Dự thảo có tối đa 100 phần", "A draft has at most 100 sections";
        SectionKeyMissing => "Phần thứ {}: thiếu số hiệu (tối đa 20 ký tự)", "Section {}: number missing (at most 20 characters)";
        SectionTitleMissing => "Phần thứ {}: thiếu tên phần", "Section {}: title missing";
        SectionTooLong => "Phần thứ {}: nội dung dài quá", "Section {}: text too long";
        SameKey => "Hai phần cùng số hiệu {}", "Two sections numbered {}";
        NeedDeadline => "Hạn góp ý: chưa nhập", "Deadline: missing";
        BadDeadline => "Hạn góp ý: không đúng dạng ngày/tháng/năm", "Deadline: not a day/month/year";
        PastDeadline => "Hạn góp ý đã qua", "The deadline has passed";
        NeedQuestion => "Câu hỏi: chưa nhập", "Question: missing";
        NeedAnswer => "Trả lời: chưa nhập", "Answer: missing";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exchange_string_has_both_languages_and_the_same_holes() {
        crate::i18n::check_catalog(XKey::ALL);
    }

    /// Issue 23: the app calls its user "đồng chí", never "bạn".
    #[test]
    fn vietnamese_texts_say_dong_chi() {
        use crate::i18n::{Lang, Text};
        for &k in XKey::ALL {
            let t = k.text(Lang::Vi);
            let words: Vec<&str> = t.split(|c: char| !c.is_alphabetic()).collect();
            assert!(!words.contains(&"bạn"), "{k:?}: {t}");
        }
    }
}
