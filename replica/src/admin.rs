//! Member administration on this device, as ordinary local writes that the server
//! judges at the next sync (DESIGN §4.4: a refused change is rolled back and shown):
//! assigning and removing committee positions, moving a member to another cell, and
//! marking a member as left or deceased. The permission table is the server's to
//! apply; the checks here only catch mistakes early with a clear message.

use crate::db::Db;
use crate::env::Env;
use crate::error::{invalid, not_found};
use crate::{members, organisations};
use serde_json::json;
use sotay_model::api::{ApiError, MemberPatch, Request, Response};
use sotay_model::entities::{MemberStatus, OrgKind, Position, PositionTitle};
use sotay_model::{Entity, Id};

pub fn call(db: &mut Db, env: &dyn Env, req: Request) -> Result<Response, ApiError> {
    Ok(match req {
        Request::AssignPosition {
            member_id,
            org_id,
            title,
        } => Response::Created {
            id: assign_position(db, env, member_id, org_id, title)?,
        },
        Request::RemovePosition { id } => {
            remove_position(db, env, id)?;
            Response::Done
        }
        Request::TransferMember { id, cell_id } => {
            transfer(db, env, id, cell_id)?;
            Response::Done
        }
        Request::SetMemberStatus { id, status } => {
            set_status(db, env, id, status)?;
            Response::Done
        }
        _ => return Err(invalid("Yêu cầu này không thuộc quản trị đảng viên")),
    })
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
    let held = crate::positions::of_member(db, member_id)?;
    if held.iter().any(|p| p.org_id == org_id && p.title == title) {
        return Err(invalid("Đảng viên đã giữ chức vụ này ở tổ chức này"));
    }
    let id = env.new_id();
    db.commit_local(
        env,
        Entity::Position,
        id,
        vec![
            ("member_id", json!(member_id.to_string())),
            ("org_id", json!(org_id.to_string())),
            ("title", json!(title)),
        ],
        false,
    )?;
    Ok(id)
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
