//! One agenda on this device: own and committee entries (expanded), meetings the
//! member is convened to, due dates of their open tasks and deadlines of study
//! assignments they have not finished; the reminders the device schedules from it; and
//! the `.ics` export. Dates of due items are Vietnam calendar days (UTC+7), like the
//! rest of the app.

use crate::calls::{Cx, Local};
use crate::db::{rows, Db};
use crate::error::invalid;
use crate::meetings::{me, org_name};
use sotay_model::api::ApiError;
use sotay_model::meetings::MeetingStatus;
use sotay_model::schedule::agenda::{due, reminders, sort};
use sotay_model::schedule::calendar::Date;
use sotay_model::schedule::requests::{
    AgendaReminders, ExportAgenda, GetAgenda, GetReminderLead, SetReminderLead,
    DEFAULT_REMINDER_LEAD, REMINDER_LEADS,
};
use sotay_model::schedule::{AgendaItem, ItemKind, PersonalEntry, Reminder, ScheduleEntry};
use sotay_model::tasks::api::TaskList;
use sotay_model::tasks::vn_day;
use sotay_model::transfer::ExportedFile;
use sotay_model::Id;

/// Vietnam's offset: due dates and reminders of all-day items are set there.
const VN_MIN: i32 = 420;
const DAY: u64 = 86_400_000;
/// The longest window one agenda answer covers.
const MAX_WINDOW: u64 = 400 * DAY;

impl Local for GetAgenda {
    fn local(self, cx: &mut Cx<'_>) -> Result<Vec<AgendaItem>, ApiError> {
        agenda(cx.db, cx.env.now_ms(), self.from_ms, self.to_ms)
    }
}

impl Local for AgendaReminders {
    fn local(self, cx: &mut Cx<'_>) -> Result<Vec<Reminder>, ApiError> {
        let now = cx.env.now_ms();
        let within = u64::from(self.within_hours.unwrap_or(48)) * 3_600_000;
        let lead = match self.lead_minutes {
            Some(m) => m,
            None => stored_lead(cx.db)?,
        };
        // A timed item reminds up to `lead` before it: look that far past the window.
        let items = agenda(
            cx.db,
            now,
            now.saturating_sub(DAY),
            now + within + u64::from(lead) * 60_000 + DAY,
        )?;
        let all = reminders(&items, lead, VN_MIN);
        Ok(match self.after_ms {
            Some(after) => due(&all, after, now),
            None => all
                .into_iter()
                .filter(|r| r.remind_at >= now && r.remind_at < now + within)
                .collect(),
        })
    }
}

/// Where the device keeps its reminder lead (`meta`, removed by a wipe like the rest).
const LEAD_KEY: &str = "reminder_lead_minutes";

fn stored_lead(db: &Db) -> Result<u32, ApiError> {
    Ok(crate::db::meta::get(&db.conn, LEAD_KEY)?
        .and_then(|v| v.parse().ok())
        .filter(|m| REMINDER_LEADS.contains(m))
        .unwrap_or(DEFAULT_REMINDER_LEAD))
}

impl Local for SetReminderLead {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        if !REMINDER_LEADS.contains(&self.lead_minutes) {
            return Err(invalid(format!(
                "Không đặt được nhắc trước {} phút: chỉ chọn 5, 15, 30 phút, 1 giờ, 2 giờ hoặc 1 ngày",
                self.lead_minutes
            )));
        }
        crate::db::meta::set(&cx.db.conn, LEAD_KEY, &self.lead_minutes.to_string())?;
        Ok(())
    }
}

impl Local for GetReminderLead {
    fn local(self, cx: &mut Cx<'_>) -> Result<u32, ApiError> {
        stored_lead(cx.db)
    }
}

impl Local for ExportAgenda {
    fn local(self, cx: &mut Cx<'_>) -> Result<ExportedFile, ApiError> {
        let now = cx.env.now_ms();
        let (items, name) = match self.meeting_id {
            Some(m) => {
                let meeting = crate::meetings::get(cx.db, m)?;
                let day = vn_day(meeting.starts_at);
                (
                    vec![meeting_item(cx.db, &meeting)],
                    format!("cuoc-hop-{day}.ics"),
                )
            }
            None => (
                agenda(cx.db, now, self.from_ms, self.to_ms)?,
                format!("lich-cong-tac-{}.ics", vn_day(self.from_ms)),
            ),
        };
        let text = sotay_model::schedule::ics::calendar(&items, now, VN_MIN);
        let path = crate::meetings::exports::write(cx.db.path(), &name, text.as_bytes())?;
        Ok(ExportedFile {
            path: path.to_string_lossy().into_owned(),
            name,
        })
    }
}

fn meeting_item(db: &Db, m: &sotay_model::meetings::Meeting) -> AgendaItem {
    AgendaItem {
        kind: ItemKind::Meeting,
        id: m.id,
        title: m.topic.clone(),
        place: m.place.clone(),
        org_name: org_name(db, m.org_id),
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        all_day: false,
        recurring: false,
    }
}

/// An all-day item on the Vietnam day `iso`, if in the window.
fn day_item(kind: ItemKind, id: Id, title: String, org: String, iso: &str) -> Option<AgendaItem> {
    let d = Date::parse(iso)?;
    let starts_at = d.unix_ms(0, VN_MIN);
    Some(AgendaItem {
        kind,
        id,
        title,
        place: String::new(),
        org_name: org,
        starts_at,
        ends_at: starts_at + DAY,
        all_day: true,
        recurring: false,
    })
}

pub fn agenda(db: &Db, now: u64, from: u64, to: u64) -> Result<Vec<AgendaItem>, ApiError> {
    if to <= from || to - from > MAX_WINDOW {
        return Err(invalid(
            "Khoảng thời gian xem lịch phải từ 1 phút đến 400 ngày",
        ));
    }
    let me = me(db)?;
    let posts: Vec<Id> = crate::tasks::my_posts(db)?
        .into_iter()
        .map(|(o, _)| o)
        .collect();
    let overlaps = |s: u64, e: u64| s < to && (e > from || s >= from);
    let mut out = Vec::new();
    let expand = |kind,
                  id,
                  title: &str,
                  place: &str,
                  org: String,
                  t: &sotay_model::schedule::Timing,
                  out: &mut Vec<AgendaItem>| {
        for o in t.occurrences(from, to) {
            out.push(AgendaItem {
                kind,
                id,
                title: title.to_string(),
                place: place.to_string(),
                org_name: org.clone(),
                starts_at: o.starts_at,
                ends_at: o.ends_at,
                all_day: t.all_day,
                recurring: t.recurrence.is_some(),
            });
        }
    };
    let live = |entity: &str| -> Result<Vec<sotay_model::RowState>, ApiError> {
        Ok(rows::select_live(&db.conn, "", "r.entity = ?1", [entity])?)
    };
    for r in live("personal_entry")? {
        if let Ok(e) = PersonalEntry::from_row(&r) {
            if e.owner_id == me {
                expand(
                    ItemKind::Own,
                    e.id,
                    &e.title,
                    &e.place,
                    String::new(),
                    &e.timing,
                    &mut out,
                );
            }
        }
    }
    for r in live("schedule_entry")? {
        if let Ok(e) = ScheduleEntry::from_row(&r) {
            if e.concerns(me) || posts.contains(&e.org_id) {
                let org = org_name(db, e.org_id);
                expand(
                    ItemKind::Committee,
                    e.id,
                    &e.title,
                    &e.place,
                    org,
                    &e.timing,
                    &mut out,
                );
            }
        }
    }
    for m in crate::meetings::all(db)? {
        if m.status == MeetingStatus::Planned && m.invites(me) && overlaps(m.starts_at, m.ends_at) {
            out.push(meeting_item(db, &m));
        }
    }
    let today = vn_day(now);
    for c in crate::tasks::views::list(db, &today, TaskList::Mine, None, None)? {
        if c.state.status.is_done() {
            continue;
        }
        let org = c.assigner_org_name.clone();
        if let Some(i) = day_item(
            ItemKind::TaskDue,
            c.task.id,
            c.task.title,
            org,
            &c.task.due_date,
        ) {
            if overlaps(i.starts_at, i.ends_at) {
                out.push(i);
            }
        }
    }
    for a in crate::library::study::assignments(db)? {
        if a.finished_by_me {
            continue;
        }
        let title = format!("Học tập: {}", a.document.title);
        if let Some(i) = day_item(ItemKind::StudyDue, a.id, title, a.org_name, &a.due_on) {
            if overlaps(i.starts_at, i.ends_at) {
                out.push(i);
            }
        }
    }
    sort(&mut out);
    Ok(out)
}
