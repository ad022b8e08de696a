//! The exchange Api calls the Trao đổi screens make (issue 16), each typed by its
//! request. All are answered from the device's copy; the replica syncs them in the
//! background and the server judges each change then.

use crate::transport::ask;
use sotay_model::api::ApiError;
use sotay_model::exchange::api::{
    AnnouncementReads, Announcements, CommentView, DraftView, Drafts, Notices, Questions,
};
use sotay_model::exchange::requests::*;
use sotay_model::exchange::{CommentTarget, FaqEntry};
use sotay_model::ids::Id;

pub async fn announcements() -> Result<Announcements, ApiError> {
    ask(ListAnnouncements {}).await
}

/// Send; answers the sending's batch.
pub async fn send(req: CreateAnnouncement) -> Result<Id, ApiError> {
    ask(req).await
}

pub async fn mark_read(id: Id) -> Result<(), ApiError> {
    ask(MarkAnnouncementRead { id }).await
}

pub async fn reads(batch_id: Id) -> Result<AnnouncementReads, ApiError> {
    ask(GetAnnouncementReads { batch_id }).await
}

pub async fn remind(batch_id: Id) -> Result<(), ApiError> {
    ask(RemindAnnouncement { batch_id }).await
}

pub async fn comments(target: CommentTarget) -> Result<Vec<CommentView>, ApiError> {
    ask(ListComments { target }).await
}

pub async fn add_comment(req: AddComment) -> Result<Id, ApiError> {
    ask(req).await
}

pub async fn edit_comment(id: Id, body: String) -> Result<(), ApiError> {
    ask(EditComment { id, body }).await
}

pub async fn withdraw_comment(id: Id) -> Result<(), ApiError> {
    ask(WithdrawComment { id }).await
}

pub async fn hide_comment(id: Id, reason: String) -> Result<(), ApiError> {
    ask(HideComment { id, reason }).await
}

pub async fn questions() -> Result<Questions, ApiError> {
    ask(ListQuestions {}).await
}

pub async fn ask_question(org_id: Id, body: String) -> Result<Id, ApiError> {
    ask(AskQuestion { org_id, body }).await
}

pub async fn answer(question_id: Id, body: String) -> Result<(), ApiError> {
    ask(AnswerQuestion { question_id, body }).await
}

pub async fn publish(req: PublishFaq) -> Result<Id, ApiError> {
    ask(req).await
}

pub async fn unpublish(id: Id) -> Result<(), ApiError> {
    ask(UnpublishFaq { id }).await
}

/// The FAQ entries matching `query` (accents optional); all when empty.
pub async fn search_faq(query: String) -> Result<Vec<FaqEntry>, ApiError> {
    ask(SearchFaq { query }).await
}

pub async fn drafts() -> Result<Drafts, ApiError> {
    ask(ListDrafts {}).await
}

pub async fn draft(id: Id) -> Result<DraftView, ApiError> {
    ask(GetDraft { id }).await.map(|b| *b)
}

pub async fn open_draft(req: OpenDraft) -> Result<Id, ApiError> {
    ask(req).await
}

pub async fn give_opinion(req: GiveOpinion) -> Result<Id, ApiError> {
    ask(req).await
}

/// Write a draft's opinions grouped by section as .docx or .xlsx and deliver the file
/// (opened by the app, downloaded by a browser); answers its name.
pub async fn export(draft_id: Id, format: OpinionFormat) -> Result<String, ApiError> {
    let name = ask(ExportOpinions { draft_id, format }).await?.name;
    crate::exports::deliver(&name, "draft-export-download").await?;
    Ok(name)
}

/// What should notify since `since_ms`.
pub async fn notices(since_ms: u64) -> Result<Notices, ApiError> {
    ask(ExchangeNotices { since_ms }).await
}
