//! The Api's exchange types (issue 16): what the exchange requests answer.

use super::announcement::Announcement;
use super::comment::{Comment, CommentTarget};
use super::draft::{Draft, Opinion};
use super::question::{Answer, Question};
use crate::ids::Id;
use serde::{Deserialize, Serialize};

/// An announcement as its reader sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReceivedAnnouncement {
    pub announcement: Announcement,
    pub sender_org_name: String,
    pub read: bool,
    /// `must_read_by` has passed and it is unread.
    pub overdue: bool,
    pub comments: u32,
}

/// A sending as its sender sees it: its copies' organisations and the read count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentAnnouncement {
    pub batch_id: Id,
    pub sender_org_id: Id,
    pub title: String,
    pub sent_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub must_read_by: Option<String>,
    pub to: Vec<(Id, String)>,
    pub readers: u32,
    pub recipients: u32,
}

/// Answer type `announcements`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Announcements {
    pub received: Vec<ReceivedAnnouncement>,
    pub sent: Vec<SentAnnouncement>,
    /// Organisations this member may send from (committee or office), with names.
    pub may_send_from: Vec<(Id, String)>,
}

/// Reading of one organisation (a receiver or one below it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgReads {
    pub org_id: Id,
    pub org_name: String,
    /// Depth below the receiving organisation (0 for the receiver itself).
    pub depth: u8,
    pub readers: u32,
    pub recipients: u32,
}

/// Answer type `announcement_reads`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnouncementReads {
    pub batch_id: Id,
    pub title: String,
    pub orgs: Vec<OrgReads>,
    /// Members who have not read it: (member, name, cell name).
    pub unread: Vec<(Id, String, String)>,
}

/// A comment as a thread shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentView {
    pub comment: Comment,
    pub author_name: String,
    pub mine: bool,
    /// This member may hide it (a committee of the item's organisation or above).
    pub may_hide: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionView {
    pub question: Question,
    /// Empty for the asker themself.
    pub asker_name: String,
    pub org_name: String,
    pub answer: Option<Answer>,
    /// Published to the FAQ (its entry's id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faq_id: Option<Id>,
}

/// Answer type `questions`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Questions {
    pub mine: Vec<QuestionView>,
    /// Put to the committees where this member sits, unanswered first.
    pub to_answer: Vec<QuestionView>,
    /// The organisations this member may ask: their cell and those above it.
    pub may_ask: Vec<(Id, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftCard {
    pub draft: Draft,
    pub org_name: String,
    pub open: bool,
    /// Sections this member has given an opinion on.
    pub my_opinions: u32,
    /// Opinions this device holds (all of them for the committee).
    pub opinions: u32,
    pub may_collect: bool,
}

/// Answer type `drafts`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Drafts {
    pub drafts: Vec<DraftCard>,
    pub may_open_at: Vec<(Id, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpinionView {
    pub opinion: Opinion,
    pub author_name: String,
    pub mine: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionOpinions {
    pub key: String,
    pub title: String,
    pub opinions: Vec<OpinionView>,
}

/// Answer type `draft`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftView {
    pub card: DraftCard,
    pub sections: Vec<SectionOpinions>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    Announcement,
    Reminder,
    Answer,
    Reply,
}

/// One thing to notify about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub kind: NoticeKind,
    /// The announcement, question or comment.
    pub id: Id,
    pub title: String,
    pub at_ms: u64,
    /// A reply: what it was written under (a document, a meeting or an announcement's
    /// copy), so opening the notice opens that item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<CommentTarget>,
}

/// Answer type `notices`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Notices {
    pub notices: Vec<Notice>,
}
