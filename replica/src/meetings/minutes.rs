//! Minutes (biên bản) on this device: a first version drafted from the meeting's agenda,
//! edits of a draft, the chair's approval (after which the server refuses every change),
//! a new version with a reason, and everything the .docx/PDF export prints
//! (`MinutesExport`, rendered by `crate::export`).

use super::{attendance, children, get, me, member_name, org_name};
use crate::calls::{Cx, Local};
use crate::db::Db;
use crate::env::Env;
use crate::error::{invalid, not_found};
use serde_json::json;
use sotay_model::api::ApiError;
use sotay_model::meetings::api::MinutesPatch;
use sotay_model::meetings::requests::{
    ApproveMinutes, CreateMinutes, GetMinutesExport, ListMinutes, UpdateMinutes,
};
use sotay_model::meetings::{
    Minutes, MinutesExport, MinutesItem, MinutesItemContent, MinutesStatus,
};
use sotay_model::{Entity, Id};

impl Local for CreateMinutes {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        create(cx.db, cx.env, self.meeting_id, self.reason.as_deref())
    }
}

impl Local for UpdateMinutes {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        update(cx.db, cx.env, self.id, &self.patch)
    }
}

impl Local for ApproveMinutes {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        approve(cx.db, cx.env, self.id)
    }
}

impl Local for ListMinutes {
    fn local(self, cx: &mut Cx<'_>) -> Result<Vec<Minutes>, ApiError> {
        let mut minutes = versions(cx.db, self.meeting_id)?;
        minutes.sort_by(|a, b| b.version.cmp(&a.version).then(a.id.cmp(&b.id)));
        Ok(minutes)
    }
}

impl Local for GetMinutesExport {
    fn local(self, cx: &mut Cx<'_>) -> Result<Box<MinutesExport>, ApiError> {
        Ok(Box::new(export(cx.db, self.meeting_id, self.minutes_id)?))
    }
}

/// Every live version of a meeting's minutes held here, in no particular order.
pub fn versions(db: &Db, meeting: Id) -> Result<Vec<Minutes>, ApiError> {
    Ok(children(db, Entity::Minutes, meeting)?
        .iter()
        .filter_map(|r| Minutes::from_row(r).ok())
        .collect())
}

fn latest(db: &Db, meeting: Id) -> Result<Option<Minutes>, ApiError> {
    Ok(versions(db, meeting)?
        .into_iter()
        .max_by_key(|m| (m.version, m.id)))
}

fn one(db: &Db, id: Id) -> Result<Minutes, ApiError> {
    db.live_row(Entity::Minutes, id)?
        .and_then(|r| Minutes::from_row(&r).ok())
        .ok_or_else(|| not_found("Không tìm thấy biên bản này trên máy"))
}

fn locked() -> ApiError {
    invalid("Biên bản đã được chủ trì duyệt nên không thể sửa; hãy lập phiên bản mới và ghi lý do")
}

/// Version 1 from the agenda, or the next version from the latest (with a reason).
pub fn create(
    db: &mut Db,
    env: &dyn Env,
    meeting: Id,
    reason: Option<&str>,
) -> Result<Id, ApiError> {
    let m = get(db, meeting)?;
    let prev = latest(db, meeting)?;
    let reason = reason.map(str::trim).unwrap_or_default();
    let (version, previous, items, conclusions, votes) = match &prev {
        None => (
            1,
            None,
            m.agenda
                .iter()
                .map(|t| MinutesItemContent {
                    title: t.clone(),
                    ..Default::default()
                })
                .collect(),
            Vec::new(),
            Vec::new(),
        ),
        Some(p) => {
            if reason.is_empty() {
                return Err(invalid("Phiên bản mới của biên bản phải ghi lý do"));
            }
            (
                p.version + 1,
                Some(p.id),
                p.items.clone(),
                p.conclusions.clone(),
                p.votes.clone(),
            )
        }
    };
    let id = env.new_id();
    db.commit_local(
        env,
        Entity::Minutes,
        id,
        vec![
            ("meeting_id", json!(m.id)),
            ("org_id", json!(m.org_id)),
            ("version", json!(version)),
            ("previous_id", json!(previous)),
            ("reason", json!(reason)),
            ("items", json!(items)),
            ("conclusions", json!(conclusions)),
            ("votes", json!(votes)),
            ("status", json!(MinutesStatus::Draft)),
            ("approved_by", json!(null)),
        ],
        false,
    )?;
    Ok(id)
}

pub fn update(db: &mut Db, env: &dyn Env, id: Id, p: &MinutesPatch) -> Result<(), ApiError> {
    let current = one(db, id)?;
    if current.status == MinutesStatus::Approved {
        return Err(locked());
    }
    let mut fields = Vec::new();
    if let Some(v) = &p.items {
        fields.push(("items", json!(v)));
    }
    if let Some(v) = &p.conclusions {
        fields.push(("conclusions", json!(v)));
    }
    if let Some(v) = &p.votes {
        fields.push(("votes", json!(v)));
    }
    if fields.is_empty() {
        return Err(invalid("Không có thông tin nào được thay đổi"));
    }
    db.commit_local(env, Entity::Minutes, id, fields, false)?;
    Ok(())
}

/// The chair approves (the server refuses anyone else).
pub fn approve(db: &mut Db, env: &dyn Env, id: Id) -> Result<(), ApiError> {
    let current = one(db, id)?;
    if current.status == MinutesStatus::Approved {
        return Err(locked());
    }
    let me = me(db)?;
    if get(db, current.meeting_id)?.chair_id != Some(me) {
        return Err(ApiError::new(
            sotay_model::api::ApiErrorKind::Forbidden,
            "Chỉ đồng chí chủ trì cuộc họp mới được duyệt biên bản",
        ));
    }
    let approval = (
        Entity::Minutes,
        id,
        vec![
            ("status", json!(MinutesStatus::Approved)),
            ("approved_by", json!(me)),
        ],
        false,
    );
    // The conclusions marked as tasks become tasks in the same transaction (issue 14).
    let meeting = get(db, current.meeting_id)?;
    let mut writes = vec![approval];
    writes.extend(crate::tasks::follow_up::writes(&meeting, &current, me));
    db.commit_local_batch(env, writes)?;
    Ok(())
}

/// What the export prints: the latest version unless one is named.
pub fn export(db: &Db, meeting: Id, minutes: Option<Id>) -> Result<MinutesExport, ApiError> {
    let m = get(db, meeting)?;
    let v = match minutes {
        Some(id) => Some(one(db, id)?).filter(|v| v.meeting_id == meeting),
        None => latest(db, meeting)?,
    }
    .ok_or_else(|| not_found("Cuộc họp chưa có biên bản"))?;
    let list = attendance::list(db, &m)?;
    let parent = crate::administration::organisations::get(db, m.org_id)
        .ok()
        .and_then(|o| o.parent_id)
        .map(|p| org_name(db, p))
        .unwrap_or_default();
    let texts =
        |c: &[sotay_model::meetings::Conclusion]| c.iter().map(|x| x.text.clone()).collect();
    Ok(MinutesExport {
        org_name: org_name(db, m.org_id),
        parent_org_name: parent,
        kind: m.kind,
        topic: m.topic.clone(),
        place: m.place.clone(),
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        chair_name: member_name(db, m.chair_id),
        minute_taker_name: member_name(db, m.minute_taker_id),
        guests: m.guests.clone(),
        convened: list.convened,
        present: list.present,
        late: list.late,
        absent_excused: list.absent_excused,
        absent_unexcused: list.absent_unexcused,
        quorum: list.quorum,
        items: v
            .items
            .iter()
            .map(|i| MinutesItem {
                title: i.title.clone(),
                content: i.content.clone(),
                opinions: i.opinions.clone(),
                conclusions: texts(&i.conclusions),
            })
            .collect(),
        votes: v.votes.clone(),
        general_conclusions: texts(&v.conclusions),
        approved: v.status == MinutesStatus::Approved,
        version: v.version,
        version_reason: v.reason.clone(),
    })
}
