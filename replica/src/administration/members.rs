//! Party members on this device: lists by organisation subtree sorted the Vietnamese
//! way, one member, and create / patch / delete as outbox changes.

use crate::calls::{Cx, Local};
use crate::db::{rows, Db};
use crate::env::Env;
use crate::error::{invalid, not_found};
use sotay_model::administration::requests::{
    CreateMember, DeleteMember, GetMember, ListMembers, UpdateMember,
};
use sotay_model::administration::{MemberPatch, NewMember};
use sotay_model::api::ApiError;
use sotay_model::entities::{Member, OrgKind};
use sotay_model::row::Row;
use sotay_model::{Entity, Id};

/// Members of `org_id` and of every organisation below it, by given name then the rest.
pub fn list(db: &Db, org_id: Id) -> Result<Vec<Member>, ApiError> {
    let rows = rows::select_live(
        &db.conn,
        rows::SUBTREE,
        "r.entity = 'member' AND r.org_id IN (SELECT id FROM sub)",
        [org_id.to_string()],
    )?;
    let mut members: Vec<Member> = rows
        .iter()
        .filter_map(|r| match Member::from_row(r) {
            Ok(m) => Some(m),
            Err(e) => {
                tracing::warn!(row = %r.row_id, "skipping malformed member: {e}");
                None
            }
        })
        .collect();
    members.sort_by(|a, b| {
        sotay_model::vn::compare_names(&a.full_name, &b.full_name).then_with(|| a.id.cmp(&b.id))
    });
    Ok(members)
}

pub fn get(db: &Db, id: Id) -> Result<Member, ApiError> {
    db.live_row(Entity::Member, id)?
        .and_then(|r| Member::from_row(&r).ok())
        .ok_or_else(|| not_found("Không tìm thấy đảng viên này trên máy"))
}

/// A member belongs to exactly one cell (chi bộ) that this device holds.
fn check_cell(db: &Db, cell_id: Id) -> Result<(), ApiError> {
    let org = crate::administration::organisations::get(db, cell_id)
        .map_err(|_| invalid("Không tìm thấy chi bộ của đảng viên trên máy"))?;
    if org.kind != OrgKind::Cell {
        return Err(invalid("Đảng viên phải sinh hoạt tại một chi bộ"));
    }
    Ok(())
}

pub fn create(db: &mut Db, env: &dyn Env, new: &NewMember) -> Result<Id, ApiError> {
    check_cell(db, new.cell_id)?;
    let member = Member {
        id: env.new_id(),
        full_name: new.full_name.trim().to_string(),
        birth_date: new.birth_date.clone(),
        gender: new.gender,
        joined_date: new.joined_date.clone(),
        official_date: new.official_date.clone(),
        card_no: new.card_no.trim().to_string(),
        status: new.status,
        cell_id: new.cell_id,
    };
    db.commit_local(env, Entity::Member, member.id, member.to_fields(), false)?;
    Ok(member.id)
}

/// The member as `patch` would leave it: each field the patch names replaced (names
/// and card numbers trimmed), the others as they are.
pub fn patched(member: &Member, patch: &MemberPatch) -> Member {
    let mut m = member.clone();
    if let Some(v) = &patch.full_name {
        m.full_name = v.trim().to_string();
    }
    if let Some(v) = &patch.birth_date {
        m.birth_date = v.clone();
    }
    if let Some(v) = patch.gender {
        m.gender = v;
    }
    if let Some(v) = &patch.joined_date {
        m.joined_date = v.clone();
    }
    if let Some(v) = &patch.official_date {
        m.official_date = v.clone();
    }
    if let Some(v) = &patch.card_no {
        m.card_no = v.trim().to_string();
    }
    if let Some(v) = patch.status {
        m.status = v;
    }
    if let Some(v) = patch.cell_id {
        m.cell_id = v;
    }
    m
}

/// Write the fields the patch changes, through the row codec (`Row::patch`): a field
/// the patch names with the value it already has is not written, so its stamp stays
/// and a concurrent edit of it on another device still wins. A patch naming nothing
/// is refused; one that changes nothing writes nothing.
pub fn update(db: &mut Db, env: &dyn Env, id: Id, patch: &MemberPatch) -> Result<(), ApiError> {
    let member = get(db, id)?;
    if let Some(cell) = patch.cell_id {
        check_cell(db, cell)?;
    }
    if *patch == MemberPatch::default() {
        return Err(invalid("Không có thông tin nào được thay đổi"));
    }
    let fields = member.patch(&patched(&member, patch));
    if fields.is_empty() {
        return Ok(());
    }
    db.commit_local(env, Entity::Member, id, fields, false)?;
    Ok(())
}

pub fn delete(db: &mut Db, env: &dyn Env, id: Id) -> Result<(), ApiError> {
    get(db, id)?;
    db.commit_local(env, Entity::Member, id, Vec::new(), true)?;
    Ok(())
}

impl Local for ListMembers {
    fn local(self, cx: &mut Cx<'_>) -> Result<Vec<Member>, ApiError> {
        list(cx.db, self.org_id)
    }
}

impl Local for GetMember {
    fn local(self, cx: &mut Cx<'_>) -> Result<Member, ApiError> {
        get(cx.db, self.id)
    }
}

impl Local for CreateMember {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        create(cx.db, cx.env, &self)
    }
}

impl Local for UpdateMember {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        update(cx.db, cx.env, self.id, &self.patch)
    }
}

impl Local for DeleteMember {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        delete(cx.db, cx.env, self.id)
    }
}
