//! Comment threads on an announcement, a document or a meeting: whoever holds the item
//! comments on it; the author edits or withdraws; a committee of the item's
//! organisation or above hides with a reason. Withdrawing and hiding delete the row
//! with its text blanked, so the text leaves every device at their next sync.

use super::{at_or_above, committee_orgs, forbidden, required};
use crate::administration::organisations::OrgTree;
use crate::calls::{Cx, Local};
use crate::db::Db;
use crate::error::{invalid, not_found};
use crate::meetings::{me, member_name};
use serde_json::json;
use sotay_model::api::ApiError;
use sotay_model::exchange::api::CommentView;
use sotay_model::exchange::comment::{MAX_COMMENT, MAX_REASON};
use sotay_model::exchange::requests::{
    AddComment, EditComment, HideComment, ListComments, WithdrawComment,
};
use sotay_model::exchange::{Comment, CommentTarget, TargetKind};
use sotay_model::row::Row;
use sotay_model::{Entity, Id};

/// One live comment this device holds, of either kind.
pub(crate) fn get(db: &Db, id: Id) -> Result<Comment, ApiError> {
    [Entity::Comment, Entity::MeetingComment]
        .into_iter()
        .find_map(|e| db.live_row(e, id).transpose())
        .transpose()?
        .and_then(|r| Comment::from_row(&r).ok())
        .ok_or_else(|| not_found("Không tìm thấy bình luận này trên máy"))
}

/// The live comments on one item, oldest first.
pub(crate) fn thread(db: &Db, target: CommentTarget) -> Result<Vec<Comment>, ApiError> {
    let filter = match target.kind {
        TargetKind::Meeting => "r.entity = 'meeting_comment' AND r.parent_id = ?1",
        TargetKind::Announcement | TargetKind::Document => {
            "r.entity = 'comment' AND r.parent_id = ?1"
        }
    };
    let mut out: Vec<Comment> =
        crate::db::rows::select_live(&db.conn, "", filter, [target.id.to_string()])?
            .iter()
            .filter_map(|r| Comment::from_row(r).ok())
            .filter(|c| c.target_kind == target.kind)
            .collect();
    out.sort_by_key(|c| (c.written_ms, c.id));
    Ok(out)
}

fn body(s: &str) -> Result<String, ApiError> {
    required(s, MAX_COMMENT, "Bình luận không được để trống", "Bình luận")
}

fn must_author(db: &Db, c: &Comment) -> Result<(), ApiError> {
    if c.author_id == me(db)? {
        Ok(())
    } else {
        Err(forbidden(
            "Chỉ người viết mới được sửa hoặc rút bình luận của mình",
        ))
    }
}

impl Local for AddComment {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let me = me(cx.db)?;
        let Some(item) = cx
            .db
            .live_row(self.target.kind.item_entity(), self.target.id)?
        else {
            return Err(not_found(
                "Không tìm thấy nội dung cần bình luận trên máy: đồng chí chỉ bình luận được nội dung mình đọc được",
            ));
        };
        let body = body(&self.body)?;
        if let Some(parent) = self.reply_to {
            let p = get(cx.db, parent)?;
            if p.target() != self.target {
                return Err(invalid("Bình luận được trả lời không thuộc cùng nội dung"));
            }
        }
        let c = Comment {
            id: cx.env.new_id(),
            org_id: item.org_id,
            target_kind: self.target.kind,
            target_id: self.target.id,
            reply_to: self.reply_to,
            author_id: me,
            body,
            hidden_reason: String::new(),
            written_ms: 0,
            edited_ms: 0,
        };
        cx.db
            .commit_local(cx.env, c.entity(), c.id, c.to_fields(), false)?;
        Ok(c.id)
    }
}

impl Local for EditComment {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let c = get(cx.db, self.id)?;
        must_author(cx.db, &c)?;
        let body = body(&self.body)?;
        if body != c.body {
            cx.db
                .commit_local(cx.env, c.entity(), c.id, vec![("body", json!(body))], false)?;
        }
        Ok(())
    }
}

impl Local for WithdrawComment {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let c = get(cx.db, self.id)?;
        must_author(cx.db, &c)?;
        cx.db
            .commit_local(cx.env, c.entity(), c.id, vec![("body", json!(""))], true)?;
        Ok(())
    }
}

/// Whether this device's member sits on a committee of the comment's organisation or
/// one above it.
fn may_hide(tree: &OrgTree, committees: &[Id], c: &Comment) -> bool {
    at_or_above(tree, committees, c.org_id)
}

impl Local for HideComment {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let c = get(cx.db, self.id)?;
        let tree = OrgTree::load(cx.db)?;
        if !may_hide(&tree, &committee_orgs(cx.db)?, &c) {
            return Err(forbidden(
                "Chỉ cấp ủy của tổ chức hoặc cấp trên mới được ẩn bình luận",
            ));
        }
        let reason = required(
            &self.reason,
            MAX_REASON,
            "Hãy ghi lý do ẩn bình luận",
            "Lý do ẩn bình luận",
        )?;
        let fields = vec![("body", json!("")), ("hidden_reason", json!(reason))];
        cx.db.commit_local(cx.env, c.entity(), c.id, fields, true)?;
        Ok(())
    }
}

impl Local for ListComments {
    fn local(self, cx: &mut Cx<'_>) -> Result<Vec<CommentView>, ApiError> {
        let me = me(cx.db)?;
        let tree = OrgTree::load(cx.db)?;
        let committees = committee_orgs(cx.db)?;
        Ok(thread(cx.db, self.target)?
            .into_iter()
            .map(|c| CommentView {
                author_name: member_name(cx.db, Some(c.author_id)),
                mine: c.author_id == me,
                may_hide: may_hide(&tree, &committees, &c),
                comment: c,
            })
            .collect())
    }
}
