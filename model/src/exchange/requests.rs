//! The exchange requests (issue 16): all answered from the device's copy and judged
//! by the server at sync, like every write.

use super::api::{
    AnnouncementReads, Announcements, CommentView, DraftView, Drafts, Notices, Questions,
};
use super::comment::CommentTarget;
use super::draft::DraftSection;
use super::question::FaqEntry;
use crate::call;
use crate::ids::Id;
use serde::{Deserialize, Serialize};

/// Send an announcement from `org_id` (where this device's member is on the committee
/// or office): to its whole subtree when `to_org_ids` is empty, else to each of those
/// organisations below it (and their subtrees). Answers the sending's `batch_id`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreateAnnouncement {
    pub org_id: Id,
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to_org_ids: Vec<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub must_read_by: Option<String>,
}
call!(CreateAnnouncement, "create_announcement" => Id);

/// The feed: what reached this device's member (unread first, then newest) and what
/// the organisations where they sit on the committee or office sent.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAnnouncements {}
call!(ListAnnouncements, "list_announcements" => Announcements);

/// This member has read this announcement copy (once; again is a no-op).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarkAnnouncementRead {
    pub id: Id,
}
call!(MarkAnnouncementRead, "mark_announcement_read" => ());

/// Who has read a sending, per receiving organisation and per organisation below it,
/// with the members who have not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GetAnnouncementReads {
    pub batch_id: Id,
}
call!(GetAnnouncementReads, "get_announcement_reads" => AnnouncementReads);

/// Remind every member who has not read a sending (their devices notify again).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RemindAnnouncement {
    pub batch_id: Id,
}
call!(RemindAnnouncement, "remind_announcement" => ());

/// Comment on an item this device's member may read (optionally answering another
/// comment of the thread). Answers the comment's id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddComment {
    pub target: CommentTarget,
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<Id>,
}
call!(AddComment, "add_comment" => Id);

/// The author changes their comment's text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditComment {
    pub id: Id,
    pub body: String,
}
call!(EditComment, "edit_comment" => ());

/// The author withdraws their comment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WithdrawComment {
    pub id: Id,
}
call!(WithdrawComment, "withdraw_comment" => ());

/// A committee hides a comment, saying why (the server's audit log keeps it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HideComment {
    pub id: Id,
    pub reason: String,
}
call!(HideComment, "hide_comment" => ());

/// The thread on an item, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListComments {
    pub target: CommentTarget,
}
call!(ListComments, "list_comments" => Vec<CommentView>);

/// Ask the committee of `org_id` (this member's cell or one above it), privately.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AskQuestion {
    pub org_id: Id,
    pub body: String,
}
call!(AskQuestion, "ask_question" => Id);

/// The committee answers a question (again: replaces its answer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerQuestion {
    pub question_id: Id,
    pub body: String,
}
call!(AnswerQuestion, "answer_question" => ());

/// The committee publishes a question and answer to its FAQ, without the asker's
/// name: from a question (`question_id`, the wording may be edited) or on its own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublishFaq {
    pub org_id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question_id: Option<Id>,
    pub question: String,
    pub answer: String,
}
call!(PublishFaq, "publish_faq" => Id);

/// Take a published entry down.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnpublishFaq {
    pub id: Id,
}
call!(UnpublishFaq, "unpublish_faq" => ());

/// This member's questions with their answers, and the questions put to the
/// committees where they sit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListQuestions {}
call!(ListQuestions, "list_questions" => Questions);

/// The published questions and answers this device holds, matching `query` with the
/// library's Vietnamese search (accents optional); all when the query is empty.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchFaq {
    #[serde(default)]
    pub query: String,
}
call!(SearchFaq, "search_faq" => Vec<FaqEntry>);

/// Open a draft for opinions until `deadline` (yyyy-mm-dd). Answers its id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenDraft {
    pub org_id: Id,
    pub title: String,
    #[serde(default)]
    pub intro: String,
    pub sections: Vec<DraftSection>,
    pub deadline: String,
    #[serde(default)]
    pub opinions_visible: bool,
}
call!(OpenDraft, "open_draft" => Id);

/// The drafts this member may give opinions on or collects opinions for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListDrafts {}
call!(ListDrafts, "list_drafts" => Drafts);

/// One draft with the opinions this device may see, grouped by section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GetDraft {
    pub id: Id,
}
call!(GetDraft, "get_draft" => Box<DraftView>);

/// This member's opinion on a section (again: replaces it; empty: withdraws it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GiveOpinion {
    pub draft_id: Id,
    pub section_key: String,
    pub body: String,
}
call!(GiveOpinion, "give_opinion" => Id);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpinionFormat {
    Docx,
    Xlsx,
}

/// The committee's export of a draft's opinions grouped by section, in the device's
/// exports folder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportOpinions {
    pub draft_id: Id,
    pub format: OpinionFormat,
}
call!(ExportOpinions, "export_opinions" => crate::transfer::ExportedFile);

/// What should raise a notification on this device since `since_ms`: new
/// announcements and reminders, answers to this member's questions, replies to their
/// comments.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ExchangeNotices {
    #[serde(default)]
    pub since_ms: u64,
}
call!(ExchangeNotices, "exchange_notices" => Notices);
