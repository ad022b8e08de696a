//! Meetings on this device (issue 6): planning, changing and cancelling a meeting
//! (local writes, judged by the server at sync), lists, one meeting with its reconciled
//! attendance, and the upcoming meetings the UI turns into reminders. Attendance and
//! check-in codes are in `attendance`, minutes in `minutes`, the committee view in
//! `stats`.

pub mod attendance;
mod check_in_state;
pub mod exports;
pub mod minutes;
pub mod stats;

use crate::calls::{Cx, Local};
use crate::db::{rows, Db};
use crate::env::Env;
use crate::error::{invalid, not_enrolled, not_found};
use serde_json::json;
use sotay_model::api::ApiError;
use sotay_model::entities::Member;
use sotay_model::meetings::api::{
    MeetingCard, MeetingPatch, MeetingView, NewMeeting, OrgMeetingStats, Reminder,
};
use sotay_model::meetings::requests::{
    CancelMeeting, CreateMeeting, GetMeeting, ListMeetings, MeetingStats, UpcomingMeetings,
    UpdateMeeting,
};
use sotay_model::meetings::{Meeting, MeetingKey, MeetingStatus};
use sotay_model::row::Row;
use sotay_model::{Entity, Id, RowState};

/// The entities that belong to a meeting (and carry `meeting_id`).
const CHILDREN: &str = "('meeting_key', 'check_in', 'attendance_mark', 'minutes')";

impl Local for CreateMeeting {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        create(cx.db, cx.env, &self)
    }
}

impl Local for UpdateMeeting {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        update(cx.db, cx.env, self.id, &self.patch)
    }
}

impl Local for CancelMeeting {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let db = &mut *cx.db;
        get(db, self.id)?;
        let fields = vec![
            ("status", json!(MeetingStatus::Cancelled)),
            ("note", json!(self.reason.trim())),
        ];
        db.commit_local(cx.env, Entity::Meeting, self.id, fields, false)?;
        Ok(())
    }
}

impl Local for ListMeetings {
    fn local(self, cx: &mut Cx<'_>) -> Result<Vec<MeetingCard>, ApiError> {
        list(cx.db, self.org_id, self.from_ms, self.to_ms)
    }
}

impl Local for UpcomingMeetings {
    fn local(self, cx: &mut Cx<'_>) -> Result<Vec<Reminder>, ApiError> {
        let now = cx.env.now_ms();
        upcoming(cx.db, now, self.within_hours, self.remind_before_minutes)
    }
}

impl Local for GetMeeting {
    fn local(self, cx: &mut Cx<'_>) -> Result<Box<MeetingView>, ApiError> {
        Ok(Box::new(view(cx.db, self.id)?))
    }
}

impl Local for MeetingStats {
    fn local(self, cx: &mut Cx<'_>) -> Result<Vec<OrgMeetingStats>, ApiError> {
        let (from, to) = (self.from_month.as_deref(), self.to_month.as_deref());
        stats::by_lower_org(cx.db, cx.env.now_ms(), self.org_id, from, to)
    }
}

/// The member this device acts for.
pub(crate) fn me(db: &Db) -> Result<Id, ApiError> {
    Ok(db.identity()?.ok_or_else(not_enrolled)?.member_id)
}

/// A fresh 32-byte secret from the device's randomness.
fn secret(env: &dyn Env) -> [u8; 32] {
    let mut out = [0u8; 32];
    for chunk in out.chunks_mut(10) {
        let r = env.random();
        chunk.copy_from_slice(&r[..chunk.len()]);
    }
    out
}

fn key_write(
    meeting: Id,
    org: Id,
    holder: Option<Id>,
    secret: [u8; 32],
) -> crate::db::edits::LocalWrite<'static> {
    let key = MeetingKey {
        id: MeetingKey::row_id(meeting, holder),
        meeting_id: meeting,
        org_id: org,
        holder_id: holder,
        secret,
    };
    (Entity::MeetingKey, key.id, key.to_fields(), false)
}

/// Plan a meeting: the meeting row, its secret, and copies of the secret for the chair
/// and the minute-taker, in one transaction.
pub fn create(db: &mut Db, env: &dyn Env, new: &NewMeeting) -> Result<Id, ApiError> {
    crate::administration::organisations::get(db, new.org_id)?;
    let invited = if new.invited.is_empty() {
        crate::administration::members::list(db, new.org_id)?
            .into_iter()
            .filter(|m| m.status.is_active() && m.cell_id == new.org_id)
            .map(|m| m.id)
            .collect()
    } else {
        new.invited.clone()
    };
    let id = env.new_id();
    let trimmed = |v: &[String]| v.iter().map(|s| s.trim().to_string()).collect::<Vec<_>>();
    let key = secret(env);
    let meeting = Meeting {
        id,
        org_id: new.org_id,
        kind: new.kind,
        topic: new.topic.trim().to_string(),
        starts_at: new.starts_at,
        ends_at: new.ends_at,
        place: new.place.trim().to_string(),
        chair_id: new.chair_id,
        minute_taker_id: new.minute_taker_id,
        agenda: trimmed(&new.agenda),
        materials: new.materials.clone(),
        invited,
        guests: trimmed(&new.guests),
        status: MeetingStatus::Planned,
        note: String::new(),
    };
    let mut writes = vec![(Entity::Meeting, id, meeting.to_fields(), false)];
    writes.push(key_write(id, new.org_id, None, key));
    let mut holders: Vec<Id> = [new.chair_id, new.minute_taker_id]
        .into_iter()
        .flatten()
        .collect();
    holders.dedup();
    for h in holders {
        writes.push(key_write(id, new.org_id, Some(h), key));
    }
    db.commit_local_batch(env, writes)?;
    Ok(id)
}

/// Change the fields present in `patch`. A new chair or minute-taker gets a copy of the
/// secret when this device holds it (the committee's and office's devices do); a former
/// one's copy is deleted, so their device drops it at its next sync.
pub fn update(db: &mut Db, env: &dyn Env, id: Id, p: &MeetingPatch) -> Result<(), ApiError> {
    let m = get(db, id)?;
    let mut fields = Vec::new();
    let mut text = |name, v: &Option<String>| {
        if let Some(v) = v {
            fields.push((name, json!(v.trim())));
        }
    };
    text("topic", &p.topic);
    text("place", &p.place);
    if let Some(k) = p.kind {
        fields.push(("kind", json!(k)));
    }
    if let Some(v) = p.starts_at {
        fields.push(("starts_at", json!(v)));
    }
    if let Some(v) = p.ends_at {
        fields.push(("ends_at", json!(v)));
    }
    if let Some(v) = p.chair_id {
        fields.push(("chair_id", json!(v)));
    }
    if let Some(v) = p.minute_taker_id {
        fields.push(("minute_taker_id", json!(v)));
    }
    if let Some(v) = &p.agenda {
        fields.push((
            "agenda",
            json!(v.iter().map(|s| s.trim()).collect::<Vec<_>>()),
        ));
    }
    if let Some(v) = &p.materials {
        fields.push(("materials", json!(v)));
    }
    if let Some(v) = &p.invited {
        fields.push(("invited", json!(v)));
    }
    if let Some(v) = &p.guests {
        fields.push((
            "guests",
            json!(v.iter().map(|s| s.trim()).collect::<Vec<_>>()),
        ));
    }
    if fields.is_empty() {
        return Err(invalid("Không có thông tin nào được thay đổi"));
    }
    let mut writes = vec![(Entity::Meeting, id, fields, false)];
    if let Some(office) = attendance::office_key(db, id)? {
        let chair = p.chair_id.unwrap_or(m.chair_id);
        let taker = p.minute_taker_id.unwrap_or(m.minute_taker_id);
        let holders: Vec<Id> = [chair, taker].into_iter().flatten().collect();
        for h in &holders {
            let copy = MeetingKey::row_id(id, Some(*h));
            if db.live_row(Entity::MeetingKey, copy)?.is_none() {
                writes.push(key_write(id, m.org_id, Some(*h), office.secret));
            }
        }
        // A former chair or minute-taker's copy is deleted: their device drops it.
        for old in [m.chair_id, m.minute_taker_id].into_iter().flatten() {
            let copy = MeetingKey::row_id(id, Some(old));
            if !holders.contains(&old) && db.live_row(Entity::MeetingKey, copy)?.is_some() {
                writes.push((Entity::MeetingKey, copy, Vec::new(), true));
            }
        }
    }
    db.commit_local_batch(env, writes)?;
    Ok(())
}

/// One live meeting.
pub fn get(db: &Db, id: Id) -> Result<Meeting, ApiError> {
    db.live_row(Entity::Meeting, id)?
        .and_then(|r| Meeting::from_row(&r).ok())
        .ok_or_else(|| not_found("Không tìm thấy cuộc họp này trên máy"))
}

/// Every live meeting held, soonest first.
pub(crate) fn all(db: &Db) -> Result<Vec<Meeting>, ApiError> {
    let rows = rows::select_live(&db.conn, "", "r.entity = 'meeting'", [])?;
    let mut out: Vec<Meeting> = rows
        .iter()
        .filter_map(|r| Meeting::from_row(r).ok())
        .collect();
    out.sort_by_key(|m| (m.starts_at, m.id));
    Ok(out)
}

/// The live rows of one entity that belong to a meeting.
pub(crate) fn children(db: &Db, entity: Entity, meeting: Id) -> Result<Vec<RowState>, ApiError> {
    let filter = format!(
        "r.entity IN {CHILDREN} AND r.entity = ?1 AND json_extract(r.state, '$.fields.meeting_id.value') = ?2"
    );
    Ok(rows::select_live(
        &db.conn,
        "",
        &filter,
        [entity.as_str().to_string(), meeting.to_string()],
    )?)
}

pub(crate) fn org_name(db: &Db, org: Id) -> String {
    crate::administration::organisations::get(db, org)
        .map(|o| o.name)
        .unwrap_or_default()
}

pub(crate) fn member_name(db: &Db, id: Option<Id>) -> String {
    id.and_then(|i| crate::administration::members::get(db, i).ok())
        .map(|m: Member| m.full_name)
        .unwrap_or_default()
}

fn card(db: &Db, m: Meeting) -> Result<MeetingCard, ApiError> {
    let list = check_in_state::confirmed_list(db, &m)?;
    Ok(MeetingCard {
        org_name: org_name(db, m.org_id),
        convened: list.convened,
        present: list.present,
        meeting: m,
    })
}

pub fn list(
    db: &Db,
    org: Option<Id>,
    from: Option<u64>,
    to: Option<u64>,
) -> Result<Vec<MeetingCard>, ApiError> {
    all(db)?
        .into_iter()
        .filter(|m| org.is_none_or(|o| m.org_id == o))
        .filter(|m| from.is_none_or(|f| m.starts_at >= f) && to.is_none_or(|t| m.starts_at < t))
        .map(|m| card(db, m))
        .collect()
}

/// Planned meetings starting in `[now, now + within)`, soonest first.
pub fn upcoming(
    db: &Db,
    now: u64,
    within_hours: Option<u32>,
    before_minutes: Option<u32>,
) -> Result<Vec<Reminder>, ApiError> {
    let within = u64::from(within_hours.unwrap_or(48)) * 3_600_000;
    let lead = u64::from(before_minutes.unwrap_or(60)) * 60_000;
    let me = me(db).ok();
    Ok(all(db)?
        .into_iter()
        .filter(|m| m.status == MeetingStatus::Planned)
        .filter(|m| m.starts_at >= now && m.starts_at < now.saturating_add(within))
        .map(|m| Reminder {
            meeting_id: m.id,
            org_name: org_name(db, m.org_id),
            topic: m.topic.clone(),
            place: m.place.clone(),
            starts_at: m.starts_at,
            remind_at: m.starts_at.saturating_sub(lead).max(now),
            invited: me.is_some_and(|x| m.invites(x)),
        })
        .collect())
}

/// One meeting as a screen shows it.
pub fn view(db: &Db, id: Id) -> Result<MeetingView, ApiError> {
    let m = get(db, id)?;
    let attendance = check_in_state::confirmed_list(db, &m)?;
    let me = me(db).ok();
    let my_check_in_pending = match me {
        Some(x) => check_in_state::waiting(db, id, x)?,
        None => false,
    };
    let mut invited_names: Vec<(Id, String)> = m
        .invited
        .iter()
        .map(|&i| (i, member_name(db, Some(i))))
        .collect();
    invited_names.sort_by(|a, b| sotay_model::vn::compare_names(&a.1, &b.1).then(a.0.cmp(&b.0)));
    let my_attendance = me.and_then(|x| {
        attendance
            .rows
            .iter()
            .find(|r| r.member_id == x)
            .and_then(|r| r.attendance)
    });
    let holds_key = attendance::any_key(db, id)?.is_some();
    let mut versions: Vec<(Id, u32, bool)> = minutes::versions(db, id)?
        .into_iter()
        .map(|v| {
            (
                v.id,
                v.version,
                v.status == sotay_model::meetings::MinutesStatus::Approved,
            )
        })
        .collect();
    versions.sort_by_key(|v| std::cmp::Reverse(v.1));
    Ok(MeetingView {
        org_name: org_name(db, m.org_id),
        chair_name: member_name(db, m.chair_id),
        minute_taker_name: member_name(db, m.minute_taker_id),
        invited_names,
        attendance,
        my_attendance,
        my_check_in_pending,
        holds_key,
        minutes: versions,
        meeting: m,
    })
}
