//! Information exchange on the server (issue 16), backend-independent like
//! [`crate::apply`]: where its rows sit, and the rules the permission table cannot say.
//! Rows carry the ids derived from what they are about and speak for their author; an
//! announcement is sent, edited and withdrawn only by the sending organisation's
//! office, to that organisation or one below it; a read receipt, comment, answer or
//! opinion refers to a live item its author could read; a deleted comment keeps no
//! text and a hidden one says why; a question goes to the asker's own committee or
//! one above and is withdrawn only while unanswered; opinions are taken until the
//! draft's deadline, judged by the stamps of the change itself.
//!
//! Unlike the other features' rules these run on deletions too: withdrawing,
//! hiding and late changes are what most of them are about.

use crate::apply::Author;
use crate::authz::Actor;
use crate::error::StoreError;
use crate::tree::{at_live_org, at_members_cell, live, OrgPath, StoredRow, TreeView};
use sotay_model::exchange::comment::MAX_REASON;
use sotay_model::exchange::{
    Announcement, AnnouncementRead, Answer, Comment, Draft, FaqEntry, Opinion, Question,
};
use sotay_model::protocol::RejectReason;
use sotay_model::{Change, Entity, Id, RowState};

/// A rule's verdict: `Err` carries the refusal's wording.
type Judged = Result<Result<(), String>, StoreError>;

fn no(msg: impl Into<String>) -> Judged {
    Ok(Err(msg.into()))
}

const OK: Judged = Ok(Ok(()));

/// Whether this module judges rows of `entity`.
pub fn owns(entity: Entity) -> bool {
    matches!(
        entity,
        Entity::Announcement
            | Entity::AnnouncementRead
            | Entity::Comment
            | Entity::MeetingComment
            | Entity::Question
            | Entity::Answer
            | Entity::FaqEntry
            | Entity::Draft
            | Entity::Opinion
            | Entity::OpenOpinion
    )
}

/// Fields a deleting change may write without counting as an edit: deleting a
/// comment blanks its text, and a committee hiding someone else's says why. The
/// committee may delete a comment but not edit it, so these must not ask for `Edit`.
pub fn written_by_deletion(entity: Entity, field: &str) -> bool {
    matches!(entity, Entity::Comment | Entity::MeetingComment)
        && matches!(field, "body" | "hidden_reason")
}

/// A read receipt sits at its reader's cell; every other exchange row at its live
/// organisation.
pub fn place(
    view: &impl TreeView,
    row: &RowState,
) -> Result<Result<OrgPath, RejectReason>, StoreError> {
    if row.entity == Entity::AnnouncementRead {
        return at_members_cell(
            view,
            row,
            "member_id",
            "xác nhận đã đọc ghi ở chi bộ đang sinh hoạt của đảng viên",
            "đảng viên không tồn tại",
        );
    }
    at_live_org(view, row.org_id, "tổ chức không tồn tại")
}

/// The rules across rows for `row` as `change` leaves it (`old` as stored before),
/// checked after authorisation so that a refusal tells a stranger nothing.
pub fn rules(
    view: &impl TreeView,
    author: &Author,
    change: &Change,
    row: &RowState,
    path: &OrgPath,
    old: Option<&StoredRow>,
) -> Result<Result<(), RejectReason>, StoreError> {
    let actor = match author {
        Author::Member(a) => Some(a),
        Author::Server => None,
    };
    let verdict = match row.entity {
        Entity::Announcement => announcement(view, actor, row, path, old)?,
        Entity::AnnouncementRead => read_receipt(view, actor, row, path)?,
        Entity::Comment | Entity::MeetingComment => comment(view, actor, row, old)?,
        Entity::Question => question(view, actor, row)?,
        Entity::Answer => answer(view, actor, row)?,
        Entity::FaqEntry => faq_entry(view, row)?,
        Entity::Draft => draft(actor, row, old),
        Entity::Opinion | Entity::OpenOpinion => opinion(view, actor, change, row)?,
        _ => Ok(()),
    };
    Ok(verdict.map_err(RejectReason::Invalid))
}

/// The member's cell path, if their row is live.
fn members_path(view: &impl TreeView, member: Id) -> Result<Option<OrgPath>, StoreError> {
    Ok(live(view, member, Entity::Member)?.map(|m| m.path))
}

/// An announcement copy: the sending organisation is live and at or above the
/// receiver, `reminders` only grows, and a member writes only for an organisation
/// where they hold an office post (the table lets every office above the receiver
/// write; only the sender's may).
fn announcement(
    view: &impl TreeView,
    actor: Option<&Actor>,
    row: &RowState,
    path: &OrgPath,
    old: Option<&StoredRow>,
) -> Judged {
    if row.tombstone.is_none() {
        let Ok(a) = Announcement::from_row(row) else {
            return no("thông báo không hợp lệ");
        };
        if a.id != Announcement::row_id(a.batch_id, a.org_id) {
            return no("mã thông báo không khớp đợt gửi và tổ chức nhận");
        }
        if view.org(a.sender_org_id)?.is_none_or(|o| o.tombstoned) {
            return no("tổ chức gửi thông báo không còn tồn tại");
        }
        if !path.ids().contains(&a.sender_org_id) {
            return no("thông báo chỉ gửi đến chính tổ chức gửi hoặc tổ chức cấp dưới của nó");
        }
        let before = old.and_then(|o| Announcement::from_row(&o.row).ok());
        if before.is_some_and(|b| a.reminders < b.reminders) {
            return no("số lần nhắc của thông báo không được giảm");
        }
        if old.is_none() && actor.is_some_and(|m| m.member != a.sent_by) {
            return no("thông báo phải ghi đúng người gửi");
        }
    }
    if let Some(m) = actor {
        let sender = row.id("sender_org_id");
        if !m.positions.iter().any(|(_, org, _)| Some(*org) == sender) {
            return no(
                "chỉ cấp ủy và văn phòng của tổ chức gửi được gửi, sửa hay thu hồi thông báo",
            );
        }
    }
    OK
}

/// A read receipt: its derived id, its reader's own, of a live copy sent to the
/// reader's cell or an organisation above it.
fn read_receipt(
    view: &impl TreeView,
    actor: Option<&Actor>,
    row: &RowState,
    path: &OrgPath,
) -> Judged {
    if row.tombstone.is_some() {
        return OK;
    }
    let Ok(r) = AnnouncementRead::from_row(row) else {
        return no("xác nhận đã đọc không hợp lệ");
    };
    if r.id != AnnouncementRead::row_id(r.announcement_id, r.member_id) {
        return no("mã xác nhận đã đọc không khớp thông báo và đảng viên");
    }
    // Only `Own` may write it in the table today; this keeps it so if the table grows.
    if actor.is_some_and(|m| m.member != r.member_id) {
        return no("chỉ được xác nhận đã đọc cho chính mình");
    }
    let Some(copy) = live(view, r.announcement_id, Entity::Announcement)? else {
        return no("thông báo không tồn tại hoặc đã được thu hồi");
    };
    // `path` is the reader's cell.
    if !path.ids().contains(&copy.row.org_id) {
        return no("thông báo này không gửi đến chi bộ của đảng viên");
    }
    OK
}

/// A comment: written in its author's name on a live item of its kind and
/// organisation, replying within the same thread. Deleting it blanks the text; one
/// who deletes another's comment (a committee hiding it) gives a reason; a reason
/// belongs to deleted comments only; a deleted comment stays as it is.
fn comment(
    view: &impl TreeView,
    actor: Option<&Actor>,
    row: &RowState,
    old: Option<&StoredRow>,
) -> Judged {
    if let Some(o) = old.filter(|o| o.tombstoned()) {
        if o.row != *row {
            return no("bình luận đã bị rút hoặc bị ẩn, không thay đổi được nữa");
        }
        return OK;
    }
    if row.tombstone.is_some() {
        if row.str("body") != Some("") {
            return no("rút hay ẩn bình luận phải xóa cả nội dung của nó");
        }
        let reason = match row.fields.get("hidden_reason").map(|f| &f.value) {
            None | Some(serde_json::Value::Null) => "",
            Some(serde_json::Value::String(s)) => s.as_str(),
            Some(_) => return no("lý do ẩn bình luận không hợp lệ"),
        };
        if reason.chars().count() > MAX_REASON {
            return no(format!(
                "lý do ẩn bình luận dài quá (tối đa {MAX_REASON} ký tự)"
            ));
        }
        let by_author = actor.is_none_or(|m| row.id("author_id") == Some(m.member));
        if !by_author && reason.trim().is_empty() {
            return no("ẩn bình luận của người khác phải ghi lý do");
        }
        return OK;
    }
    let Ok(c) = Comment::from_row(row) else {
        return no("bình luận không hợp lệ");
    };
    if !c.hidden_reason.is_empty() {
        return no("lý do ẩn chỉ ghi khi ẩn bình luận");
    }
    if old.is_none() && actor.is_some_and(|m| m.member != c.author_id) {
        return no("bình luận phải ghi đúng người viết");
    }
    let Some(item) = live(view, c.target_id, c.target_kind.item_entity())? else {
        return no("mục được bình luận không tồn tại hoặc đã bị xóa");
    };
    if item.row.org_id != c.org_id {
        return no("bình luận phải thuộc tổ chức của mục được bình luận");
    }
    if let Some(parent) = c.reply_to {
        let same_thread = view.row(parent)?.is_some_and(|p| {
            p.row.entity == row.entity && p.row.id("target_id") == Some(c.target_id)
        });
        if !same_thread {
            return no("chỉ trả lời được một bình luận trong cùng chủ đề");
        }
    }
    OK
}

/// A question: in its asker's name, to the committee of their cell or one above;
/// withdrawn (deleted) by the asker only while it has no answer.
fn question(view: &impl TreeView, actor: Option<&Actor>, row: &RowState) -> Judged {
    if row.tombstone.is_some() {
        // Only `Own` deletes a question in the table today; this keeps it so.
        if actor.is_some_and(|m| row.id("asker_id") != Some(m.member)) {
            return no("chỉ người hỏi được rút câu hỏi");
        }
        if live(view, Answer::row_id(row.row_id), Entity::Answer)?.is_some() {
            return no("câu hỏi đã được trả lời, không rút được nữa");
        }
        return OK;
    }
    let Ok(q) = Question::from_row(row) else {
        return no("câu hỏi không hợp lệ");
    };
    // Only `Own` may write it in the table today; this keeps it so if the table grows.
    if actor.is_some_and(|m| m.member != q.asker_id) {
        return no("câu hỏi phải ghi đúng người hỏi");
    }
    let asked_above = members_path(view, q.asker_id)?.is_some_and(|p| p.ids().contains(&q.org_id));
    if !asked_above {
        return no("chỉ được hỏi cấp ủy chi bộ mình hoặc cấp ủy cấp trên");
    }
    OK
}

/// An answer: its derived id, to a live question of its organisation, naming the
/// question's asker and the member answering.
fn answer(view: &impl TreeView, actor: Option<&Actor>, row: &RowState) -> Judged {
    if row.tombstone.is_some() {
        return OK;
    }
    let Ok(a) = Answer::from_row(row) else {
        return no("câu trả lời không hợp lệ");
    };
    if a.id != Answer::row_id(a.question_id) {
        return no("mã câu trả lời không khớp câu hỏi");
    }
    let question =
        live(view, a.question_id, Entity::Question)?.and_then(|q| Question::from_row(&q.row).ok());
    let Some(q) = question else {
        return no("câu hỏi không tồn tại hoặc đã được rút");
    };
    if q.org_id != a.org_id {
        return no("câu trả lời phải thuộc tổ chức được hỏi");
    }
    if q.asker_id != a.asker_id {
        return no("câu trả lời phải ghi đúng người hỏi");
    }
    if actor.is_some_and(|m| m.member != a.answered_by) {
        return no("câu trả lời phải ghi đúng người trả lời");
    }
    OK
}

/// A published entry from a question: the question's derived id, at its organisation.
fn faq_entry(view: &impl TreeView, row: &RowState) -> Judged {
    if row.tombstone.is_some() {
        return OK;
    }
    let Ok(f) = FaqEntry::from_row(row) else {
        return no("mục hỏi đáp không hợp lệ");
    };
    let Some(question) = f.question_id else {
        return OK;
    };
    if f.id != FaqEntry::row_id(question) {
        return no("mã mục hỏi đáp không khớp câu hỏi");
    }
    let asked_at = view
        .row(question)?
        .filter(|q| q.row.entity == Entity::Question)
        .map(|q| q.row.org_id);
    if asked_at != Some(f.org_id) {
        return no("mục hỏi đáp phải công bố tại tổ chức đã được hỏi");
    }
    OK
}

/// A new draft names who opened it.
fn draft(actor: Option<&Actor>, row: &RowState, old: Option<&StoredRow>) -> Result<(), String> {
    if row.tombstone.is_some() || old.is_some() {
        return Ok(());
    }
    let Ok(d) = Draft::from_row(row) else {
        return Err("dự thảo không hợp lệ".into());
    };
    if actor.is_some_and(|m| m.member != d.opened_by) {
        return Err("dự thảo phải ghi đúng người mở lấy ý kiến".into());
    }
    Ok(())
}

/// An opinion, given, changed or withdrawn: its derived id, its author's own, on a
/// section of a live draft of its organisation that takes this kind of opinion, by a
/// member at or below the draft's organisation, and in time by every stamp of the
/// change (a device's late edit cannot hide behind an earlier field's stamp).
fn opinion(view: &impl TreeView, actor: Option<&Actor>, change: &Change, row: &RowState) -> Judged {
    // Read field by field: a withdrawal may have blanked the text.
    let (Some(draft_id), Some(key), Some(author)) = (
        row.id("draft_id"),
        row.str("section_key"),
        row.id("author_id"),
    ) else {
        return no("ý kiến góp ý không hợp lệ");
    };
    if row.row_id != Opinion::row_id(draft_id, key, author) {
        return no("mã ý kiến không khớp dự thảo, phần và người góp ý");
    }
    // Only `Own` may write it in the table today; this keeps it so if the table grows.
    if actor.is_some_and(|m| m.member != author) {
        return no("ý kiến phải ghi đúng người góp ý");
    }
    let draft = live(view, draft_id, Entity::Draft)?.and_then(|d| Draft::from_row(&d.row).ok());
    let Some(d) = draft else {
        return no("dự thảo không tồn tại hoặc đã bị xóa");
    };
    if d.org_id != row.org_id {
        return no("ý kiến phải thuộc tổ chức lấy ý kiến dự thảo");
    }
    if d.opinion_entity() != row.entity {
        return no(if d.opinions_visible {
            "dự thảo này công khai ý kiến cho mọi người đọc; ý kiến phải gửi công khai"
        } else {
            "dự thảo này không công khai ý kiến; ý kiến chỉ gửi cấp ủy"
        });
    }
    if d.section(key).is_none() {
        return no(format!("dự thảo không có phần {key}"));
    }
    let below = members_path(view, author)?.is_some_and(|p| p.ids().contains(&d.org_id));
    if !below {
        return no("chỉ đảng viên thuộc tổ chức lấy ý kiến được góp ý dự thảo này");
    }
    if change.stamps().any(|s| !d.open_at(s.wall_ms)) {
        return no(format!(
            "dự thảo đã hết hạn góp ý (hạn cuối ngày {})",
            dmy(&d.deadline)
        ));
    }
    OK
}

/// yyyy-mm-dd as Vietnamese readers write it (dd/mm/yyyy).
fn dmy(date: &str) -> String {
    match (date.get(..4), date.get(5..7), date.get(8..10)) {
        (Some(y), Some(m), Some(d)) => format!("{d}/{m}/{y}"),
        _ => date.to_string(),
    }
}
