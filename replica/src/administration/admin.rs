//! Member administration on this device, as ordinary local writes that the server
//! judges at the next sync (DESIGN §4.4: a refused change is rolled back and shown):
//! assigning and removing committee positions, moving a member to another cell, and
//! marking a member as left or deceased. The permission table is the server's to
//! apply; the checks here only catch mistakes early with a clear message.

use super::{members, organisations};
use crate::calls::{Cx, Local};
use crate::db::Db;
use crate::env::Env;
use crate::error::{invalid, not_found};
use sotay_model::administration::requests::{
    AssignPosition, RemovePosition, SetMemberStatus, TransferMember,
};
use sotay_model::administration::MemberPatch;
use sotay_model::api::ApiError;
use sotay_model::entities::{MemberStatus, OrgKind, Position, PositionTitle};
use sotay_model::row::Row;
use sotay_model::{Entity, Id};

impl Local for AssignPosition {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        assign_position(cx.db, cx.env, self.member_id, self.org_id, self.title)
    }
}

impl Local for RemovePosition {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        remove_position(cx.db, cx.env, self.id)
    }
}

impl Local for TransferMember {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        transfer(cx.db, cx.env, self.id, self.cell_id)
    }
}

impl Local for SetMemberStatus {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        set_status(cx.db, cx.env, self.id, self.status)
    }
}

pub fn assign_position(
    db: &mut Db,
    env: &dyn Env,
    member_id: Id,
    org_id: Id,
    title: PositionTitle,
) -> Result<Id, ApiError> {
    let member = members::get(db, member_id)?;
    if !member.status.is_active() {
        return Err(invalid(
            "Đảng viên đã ra khỏi Đảng hoặc từ trần, không thể giữ chức vụ",
        ));
    }
    organisations::get(db, org_id).map_err(|_| invalid("Không tìm thấy tổ chức trên máy"))?;
    let held = crate::administration::positions::of_member(db, member_id)?;
    if held.iter().any(|p| p.org_id == org_id && p.title == title) {
        return Err(invalid("Đảng viên đã giữ chức vụ này ở tổ chức này"));
    }
    let position = Position {
        id: env.new_id(),
        member_id,
        org_id,
        title,
    };
    db.commit_local(
        env,
        Entity::Position,
        position.id,
        position.to_fields(),
        false,
    )?;
    Ok(position.id)
}

pub fn remove_position(db: &mut Db, env: &dyn Env, id: Id) -> Result<(), ApiError> {
    db.live_row(Entity::Position, id)?
        .and_then(|r| Position::from_row(&r).ok())
        .ok_or_else(|| not_found("Không tìm thấy chức vụ này trên máy"))?;
    db.commit_local(env, Entity::Position, id, Vec::new(), true)?;
    Ok(())
}

pub fn transfer(db: &mut Db, env: &dyn Env, id: Id, cell_id: Id) -> Result<(), ApiError> {
    let member = members::get(db, id)?;
    if member.cell_id == cell_id {
        return Err(invalid("Đảng viên đã sinh hoạt ở chi bộ này"));
    }
    let cell = organisations::get(db, cell_id)
        .map_err(|_| invalid("Không tìm thấy chi bộ chuyển đến trên máy"))?;
    if cell.kind != OrgKind::Cell {
        return Err(invalid("Chỉ chuyển được đảng viên đến một chi bộ"));
    }
    let patch = MemberPatch {
        cell_id: Some(cell_id),
        ..Default::default()
    };
    members::update(db, env, id, &patch)
}

pub fn set_status(
    db: &mut Db,
    env: &dyn Env,
    id: Id,
    status: MemberStatus,
) -> Result<(), ApiError> {
    let patch = MemberPatch {
        status: Some(status),
        ..Default::default()
    };
    members::update(db, env, id, &patch)
}
