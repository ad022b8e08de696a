//! Sending an announcement (one copy per receiving organisation, in one transaction),
//! a member's read receipt, and the sender's reminder.

use super::{at_most, forbidden, me_and_cell, office_orgs, required, typed};
use crate::administration::organisations::OrgTree;
use crate::calls::{Cx, Local};
use crate::db::edits::LocalWrite;
use crate::db::Db;
use crate::error::{invalid, not_found};
use crate::meetings::{me, org_name};
use serde_json::json;
use sotay_model::api::ApiError;
use sotay_model::exchange::announcement::{MAX_BODY, MAX_TITLE};
use sotay_model::exchange::requests::{
    CreateAnnouncement, MarkAnnouncementRead, RemindAnnouncement,
};
use sotay_model::exchange::{Announcement, AnnouncementRead};
use sotay_model::row::Row;
use sotay_model::tasks::vn_day;
use sotay_model::{Entity, Id};

/// Every copy of a sending this device holds.
pub(crate) fn batch(db: &Db, batch_id: Id) -> Result<Vec<Announcement>, ApiError> {
    let copies: Vec<Announcement> = typed(
        db,
        "r.entity = 'announcement' AND r.parent_id = ?1",
        [batch_id.to_string()],
    )?;
    if copies.is_empty() {
        return Err(not_found("Không tìm thấy thông báo này trên máy"));
    }
    Ok(copies)
}

/// One announcement copy this device holds.
pub(crate) fn copy(db: &Db, id: Id) -> Result<Announcement, ApiError> {
    db.live_typed::<Announcement>(id)?
        .ok_or_else(|| not_found("Không tìm thấy thông báo này trên máy"))
}

/// Whether `member` has a receipt for the copy `id` on this device.
pub(crate) fn has_read(db: &Db, id: Id, member: Id) -> Result<bool, ApiError> {
    Ok(db
        .live_row(
            Entity::AnnouncementRead,
            AnnouncementRead::row_id(id, member),
        )?
        .is_some())
}

/// The receivers asked for: `org` itself when none is named; else each one, which
/// must lie strictly below `org`. One named inside another is left out: the copy of
/// the one above already reaches it, and a member gets one copy of a sending.
fn receivers(tree: &OrgTree, org: Id, named: &[Id]) -> Result<Vec<Id>, ApiError> {
    if named.is_empty() {
        return Ok(vec![org]);
    }
    let mut out: Vec<Id> = Vec::new();
    for &to in named {
        if !tree.0.contains_key(&to) {
            return Err(not_found("Không tìm thấy tổ chức nhận thông báo trên máy"));
        }
        if to == org || !tree.chain(to).contains(&org) {
            let name = tree.0.get(&to).map(|o| o.name.clone()).unwrap_or_default();
            return Err(invalid(format!(
                "{name} không phải tổ chức trực thuộc tổ chức gửi thông báo"
            )));
        }
        if !out.contains(&to) {
            out.push(to);
        }
    }
    let inside = |o: Id, others: &[Id]| {
        tree.chain(o)
            .iter()
            .skip(1)
            .any(|above| others.contains(above))
    };
    let all = out.clone();
    out.retain(|&o| !inside(o, &all));
    Ok(out)
}

impl Local for CreateAnnouncement {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let me = me(cx.db)?;
        if !office_orgs(cx.db)?.contains(&self.org_id) {
            return Err(forbidden(
                "Chỉ cấp ủy, văn phòng của tổ chức mới được gửi thông báo từ tổ chức đó",
            ));
        }
        crate::administration::organisations::get(cx.db, self.org_id)?;
        let title = required(
            &self.title,
            MAX_TITLE,
            "Thông báo phải có tiêu đề",
            "Tiêu đề thông báo",
        )?;
        let body = at_most(&self.body, MAX_BODY, "Nội dung thông báo")?;
        let must_read_by = match self.must_read_by.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) if !sotay_model::entities::valid_date(d) => {
                return Err(invalid(format!(
                    "Ngày \"{d}\" không hợp lệ; hãy chọn ngày theo lịch"
                )))
            }
            Some(d) if d < vn_day(cx.env.now_ms()).as_str() => {
                return Err(invalid("Hạn phải đọc đã qua; hãy chọn từ hôm nay trở đi"))
            }
            Some(d) => Some(d.to_string()),
        };
        let tree = OrgTree::load(cx.db)?;
        let to = receivers(&tree, self.org_id, &self.to_org_ids)?;
        let batch_id = cx.env.new_id();
        let writes: Vec<LocalWrite<'_>> = to
            .into_iter()
            .map(|org_id| {
                let a = Announcement {
                    id: Announcement::row_id(batch_id, org_id),
                    org_id,
                    batch_id,
                    sender_org_id: self.org_id,
                    sent_by: me,
                    title: title.clone(),
                    body: body.clone(),
                    must_read_by: must_read_by.clone(),
                    reminders: 0,
                    sent_ms: 0,
                    reminded_ms: 0,
                };
                (Entity::Announcement, a.id, a.to_fields(), false)
            })
            .collect();
        cx.db.commit_local_batch(cx.env, writes)?;
        Ok(batch_id)
    }
}

impl Local for MarkAnnouncementRead {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let (me, cell) = me_and_cell(cx.db)?;
        let a = copy(cx.db, self.id)?;
        if !OrgTree::load(cx.db)?.chain(cell).contains(&a.org_id) {
            return Err(forbidden(&format!(
                "Thông báo này gửi {}, không gửi đến chi bộ của đồng chí",
                org_name(cx.db, a.org_id)
            )));
        }
        // A receipt is written once: its id is derived, so a second device of the
        // same member writes the same row, and again here is nothing.
        if has_read(cx.db, a.id, me)? {
            return Ok(());
        }
        let r = AnnouncementRead {
            id: AnnouncementRead::row_id(a.id, me),
            org_id: cell,
            announcement_id: a.id,
            member_id: me,
            read_ms: 0,
        };
        cx.db
            .commit_local(cx.env, Entity::AnnouncementRead, r.id, r.to_fields(), false)?;
        Ok(())
    }
}

impl Local for RemindAnnouncement {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let copies = batch(cx.db, self.batch_id)?;
        if !office_orgs(cx.db)?.contains(&copies[0].sender_org_id) {
            return Err(forbidden(
                "Chỉ cấp ủy, văn phòng của tổ chức gửi thông báo mới nhắc đọc được",
            ));
        }
        let writes: Vec<LocalWrite<'_>> = copies
            .iter()
            .map(|a| {
                let fields = vec![("reminders", json!(a.reminders.saturating_add(1)))];
                (Entity::Announcement, a.id, fields, false)
            })
            .collect();
        cx.db.commit_local_batch(cx.env, writes)?;
        Ok(())
    }
}
