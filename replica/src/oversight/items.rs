//! The items behind a dashboard figure (`oversight_items`, issue 18 item 2): picked
//! from the same facts, over the same subtree and months and by the same rules as
//! `sums` counts them, so a list cannot disagree with the figure it opens from.

use super::facts;
use super::sums::{bucket, Subtree};
use super::{period_or_this_month, trail_to};
use crate::administration::organisations::OrgTree;
use crate::calls::{Cx, Local};
use crate::db::Db;
use crate::error::invalid;
use crate::meetings::org_name;
use crate::tasks::views::cards_where;
use rusqlite::types::ToSql;
use sotay_model::api::ApiError;
use sotay_model::dues::Month;
use sotay_model::entities::OrgKind;
use sotay_model::oversight::items::{HeldMeeting, MissedMonth};
use sotay_model::oversight::requests::OversightItems;
use sotay_model::oversight::{ItemKind, OversightItemList, Period};
use sotay_model::tasks::vn_day;
use sotay_model::Id;
use std::collections::HashSet;

impl Local for OversightItems {
    fn local(self, cx: &mut Cx<'_>) -> Result<Box<OversightItemList>, ApiError> {
        let now = cx.env.now_ms();
        let today = vn_day(now);
        let period = period_or_this_month(self.period, &today)?;
        let list = items(cx.db, now, &today, self.org_id, period, self.kind)?;
        Ok(Box::new(list))
    }
}

pub fn items(
    db: &Db,
    now: u64,
    today: &str,
    org: Id,
    period: Period,
    kind: ItemKind,
) -> Result<OversightItemList, ApiError> {
    let tree = OrgTree::load(db)?;
    let trail = trail_to(db, &tree, org)?;
    if !tree.0.contains_key(&org) {
        return Err(invalid("Không tìm thấy tổ chức này trên máy"));
    }
    facts::refresh(db)?;
    let months: Vec<String> = period.each_month().iter().map(|m| m.to_string()).collect();
    let sub = Subtree::new(&tree, org, months.len());
    let (first, last) = (&months[0], &months[months.len() - 1]);
    let mut out = OversightItemList {
        org_id: org,
        org_name: org_name(db, org),
        period,
        kind,
        trail,
        tasks: Vec::new(),
        meetings: Vec::new(),
        missed: Vec::new(),
    };
    if let Some(want) = kind.bucket() {
        let mut ids: HashSet<Id> = HashSet::new();
        let range: [&dyn ToSql; 2] = [first, last];
        let columns = "task_id, due_date, done_on";
        sub.rows(
            db,
            "ov_task",
            columns,
            "month BETWEEN ?1 AND ?2",
            &range,
            |_, r| {
                let due = r.get_ref(2)?.as_str()?;
                if bucket(due, r.get_ref(3)?.as_str_or_null()?, today) == want {
                    ids.extend(r.get_ref(1)?.as_str()?.parse::<Id>().ok());
                }
                Ok(())
            },
        )?;
        out.tasks = cards_where(db, today, |t| ids.contains(&t.id))?;
        return Ok(out);
    }
    // The meetings figure's rows: started by now, in the period's months.
    let now = now as i64;
    let held: [&dyn ToSql; 3] = [first, last, &now];
    let columns = "month, meeting_id, starts_at, convened, present";
    let range = "month BETWEEN ?1 AND ?2 AND starts_at <= ?3";
    let mut rows: Vec<(Id, String, String, u32, u32)> = Vec::new();
    sub.rows(db, "ov_meeting", columns, range, &held, |org, r| {
        rows.push((org, r.get(1)?, r.get(2)?, r.get(4)?, r.get(5)?));
        Ok(())
    })?;
    if kind == ItemKind::MeetingsHeld {
        for (org, _, id, convened, present) in rows {
            let Ok(id) = id.parse::<Id>() else {
                continue;
            };
            let m = crate::meetings::get(db, id)?;
            out.meetings.push(HeldMeeting {
                meeting_id: id,
                org_id: org,
                org_name: tree.0.get(&org).map(|o| o.name.clone()).unwrap_or_default(),
                kind: m.kind,
                topic: m.topic,
                starts_at: m.starts_at,
                convened,
                present,
            });
        }
        out.meetings.sort_by_key(|m| (m.starts_at, m.meeting_id));
        return Ok(out);
    }
    // A month not yet begun is not missed; the month under way is, until a meeting.
    let this_month = Month::of_day(today).map(|m| m.to_string());
    let met: HashSet<(Id, String)> = rows.into_iter().map(|(o, m, ..)| (o, m)).collect();
    let mut cells: Vec<(Id, &str)> = sub
        .slot
        .keys()
        .filter_map(|o| tree.0.get(o))
        .filter(|o| o.kind == OrgKind::Cell)
        .map(|o| (o.id, o.name.as_str()))
        .collect();
    cells.sort_by(|a, b| sotay_model::vn::compare(a.1, b.1).then(a.0.cmp(&b.0)));
    for month in months
        .iter()
        .filter(|m| this_month.as_ref().is_some_and(|t| *m <= t))
    {
        for (cell, name) in &cells {
            if !met.contains(&(*cell, month.clone())) {
                out.missed.push(MissedMonth {
                    org_id: *cell,
                    org_name: name.to_string(),
                    month: month.clone(),
                });
            }
        }
    }
    Ok(out)
}
