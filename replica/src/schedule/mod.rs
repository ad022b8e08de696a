//! The schedule on this device (issue 15): a member's own entries and a committee's
//! published ones (local writes, judged by the server at sync), one entry for its
//! screen, and in `agenda` the merged agenda, its reminders and the `.ics` export.

mod agenda;

use crate::calls::{Cx, Local};
use crate::db::Db;
use crate::env::Env;
use crate::error::{invalid, not_found};
use crate::meetings::{me, org_name};
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::row::Row;
use sotay_model::schedule::api::{EntryPatch, EntryView, NewEntry};
use sotay_model::schedule::requests::{
    CreateScheduleEntry, DeleteScheduleEntry, GetScheduleEntry, UpdateScheduleEntry,
};
use sotay_model::schedule::{ItemKind, PersonalEntry, ScheduleEntry, Timing};
use sotay_model::{Entity, Id, RowState};

impl Local for CreateScheduleEntry {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        create(cx.db, cx.env, self)
    }
}

impl Local for UpdateScheduleEntry {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        update(cx.db, cx.env, self.id, self.patch)
    }
}

impl Local for DeleteScheduleEntry {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let entry = get(cx.db, self.id)?;
        if !entry.may_edit {
            return Err(forbidden());
        }
        let entity = entity_of(entry.kind);
        cx.db
            .commit_local(cx.env, entity, self.id, Vec::new(), true)?;
        Ok(())
    }
}

impl Local for GetScheduleEntry {
    fn local(self, cx: &mut Cx<'_>) -> Result<EntryView, ApiError> {
        get(cx.db, self.id)
    }
}

fn forbidden() -> ApiError {
    ApiError::new(
        ApiErrorKind::Forbidden,
        "Chỉ cấp ủy, văn phòng của tổ chức mới sửa được lịch công tác của tổ chức",
    )
}

fn entity_of(kind: ItemKind) -> Entity {
    if kind == ItemKind::Own {
        Entity::PersonalEntry
    } else {
        Entity::ScheduleEntry
    }
}

/// Whether this device's member holds a post in `org`.
fn holds_post(db: &Db, org: Id) -> Result<bool, ApiError> {
    Ok(crate::tasks::my_posts(db)?.iter().any(|(o, _)| *o == org))
}

fn trimmed(v: &[Id]) -> Vec<Id> {
    let mut out = v.to_vec();
    out.sort();
    out.dedup();
    out
}

pub fn create(db: &mut Db, env: &dyn Env, new: NewEntry) -> Result<Id, ApiError> {
    let me = me(db)?;
    let id = env.new_id();
    let title = new.title.trim().to_string();
    if title.is_empty() {
        return Err(invalid("Hãy nhập tên công việc"));
    }
    let (entity, fields) = match new.org_id {
        Some(org) => {
            crate::administration::organisations::get(db, org)?;
            if !holds_post(db, org)? {
                return Err(forbidden());
            }
            let e = ScheduleEntry {
                id,
                org_id: org,
                published_by: me,
                title,
                place: new.place.trim().to_string(),
                notes: new.notes.trim().to_string(),
                attendees: trimmed(&new.attendees),
                timing: new.timing,
            };
            (Entity::ScheduleEntry, e.to_fields())
        }
        None => {
            let cell = crate::administration::members::get(db, me)?.cell_id;
            let e = PersonalEntry {
                id,
                org_id: cell,
                owner_id: me,
                title,
                place: new.place.trim().to_string(),
                notes: new.notes.trim().to_string(),
                timing: new.timing,
            };
            (Entity::PersonalEntry, e.to_fields())
        }
    };
    db.commit_local(env, entity, id, fields, false)?;
    Ok(id)
}

/// The patched timing, or why not.
fn patched(t: &Timing, p: &EntryPatch) -> Result<Timing, ApiError> {
    let mut t = t.clone();
    if let Some(v) = p.starts_at {
        t.starts_at = v;
    }
    if let Some(v) = p.ends_at {
        t.ends_at = v;
    }
    if let Some(v) = p.all_day {
        t.all_day = v;
    }
    if let Some(r) = &p.recurrence {
        t.recurrence = r.clone();
    }
    if let Some(day) = &p.skip_date {
        let Some(r) = t.recurrence.as_mut() else {
            return Err(invalid("Chỉ bỏ được một buổi của lịch có lặp lại"));
        };
        if !r.exceptions.contains(day) {
            r.exceptions.push(day.clone());
        }
    }
    Ok(t)
}

pub fn update(db: &mut Db, env: &dyn Env, id: Id, p: EntryPatch) -> Result<(), ApiError> {
    let row = load(db, id)?;
    let text = |old: &str, new: &Option<String>| {
        new.as_deref()
            .map_or(old.to_string(), |s| s.trim().to_string())
    };
    let (entity, fields) = match row.entity {
        Entity::PersonalEntry => {
            let old = PersonalEntry::from_row(&row).map_err(invalid)?;
            let new = PersonalEntry {
                title: text(&old.title, &p.title),
                place: text(&old.place, &p.place),
                notes: text(&old.notes, &p.notes),
                timing: patched(&old.timing, &p)?,
                ..old.clone()
            };
            (Entity::PersonalEntry, old.patch(&new))
        }
        _ => {
            let old = ScheduleEntry::from_row(&row).map_err(invalid)?;
            if !holds_post(db, old.org_id)? {
                return Err(forbidden());
            }
            let new = ScheduleEntry {
                title: text(&old.title, &p.title),
                place: text(&old.place, &p.place),
                notes: text(&old.notes, &p.notes),
                attendees: p
                    .attendees
                    .as_deref()
                    .map_or(old.attendees.clone(), trimmed),
                timing: patched(&old.timing, &p)?,
                ..old.clone()
            };
            (Entity::ScheduleEntry, old.patch(&new))
        }
    };
    if fields.is_empty() {
        return Err(invalid("Không có thông tin nào được thay đổi"));
    }
    db.commit_local(env, entity, id, fields, false)?;
    Ok(())
}

fn load(db: &Db, id: Id) -> Result<RowState, ApiError> {
    let missing = || not_found("Không tìm thấy lịch này trên máy");
    match db.row(id)? {
        Some(r)
            if r.tombstone.is_none()
                && matches!(r.entity, Entity::PersonalEntry | Entity::ScheduleEntry) =>
        {
            Ok(r)
        }
        _ => Err(missing()),
    }
}

pub fn get(db: &Db, id: Id) -> Result<EntryView, ApiError> {
    let row = load(db, id)?;
    Ok(match row.entity {
        Entity::PersonalEntry => {
            let e = PersonalEntry::from_row(&row).map_err(invalid)?;
            EntryView {
                kind: ItemKind::Own,
                id,
                org_id: e.org_id,
                org_name: String::new(),
                title: e.title,
                place: e.place,
                notes: e.notes,
                attendees: Vec::new(),
                timing: e.timing,
                may_edit: true,
            }
        }
        _ => {
            let e = ScheduleEntry::from_row(&row).map_err(invalid)?;
            EntryView {
                kind: ItemKind::Committee,
                id,
                org_id: e.org_id,
                org_name: org_name(db, e.org_id),
                may_edit: holds_post(db, e.org_id)?,
                title: e.title,
                place: e.place,
                notes: e.notes,
                attendees: e.attendees,
                timing: e.timing,
            }
        }
    })
}
