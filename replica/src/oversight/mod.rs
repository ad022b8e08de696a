//! Oversight on this device (issue 18): a committee's dashboard for an organisation it
//! oversees and each organisation directly below it, over a period, counted from the
//! rows this device holds (which are exactly what the server let it read) by the
//! features' own rules: members and their status, meetings held and attendance,
//! tasks due by bucket, study assignments due and finished, dues owed and collected,
//! decided ratings, announcements read by those they reached; ranked by
//! `sotay_model::oversight::light`.
//!
//! A province holds millions of such rows, so the dashboard does not read them: each
//! organisation's own share is kept as small facts (`facts`, migration 0018), rebuilt
//! whenever a written row changes it (at sync, after a local edit), and a dashboard
//! adds up its subtree's facts for the period (`sums`). The brute-force count of
//! `tests/scenarios` (issue 18) holds the sums equal to counting the rows.

mod cases;
mod export;
mod facts;
mod items;
mod sums;

pub(crate) use facts::{refresh_some, PageMarks};

use crate::administration::organisations::OrgTree;
use crate::calls::{Cx, Local};
use crate::db::Db;
use crate::error::invalid;
use crate::meetings::org_name;
use crate::tasks::my_posts;
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::entities::OrgKind;
use sotay_model::oversight::api::{Figures, MonthFigures, OrgFigures};
use sotay_model::oversight::requests::OversightReport;
use sotay_model::oversight::{light, Oversight, Period};
use sotay_model::tasks::vn_day;
use sotay_model::Id;
use std::collections::BTreeMap;

impl Local for OversightReport {
    fn local(self, cx: &mut Cx<'_>) -> Result<Box<Oversight>, ApiError> {
        let now = cx.env.now_ms();
        let today = vn_day(now);
        let period = period_or_this_month(self.period, &today)?;
        Ok(Box::new(report(cx.db, now, &today, self.org_id, period)?))
    }
}

/// The asked period, checked, or the month of `today`.
fn period_or_this_month(asked: Option<Period>, today: &str) -> Result<Period, ApiError> {
    match asked {
        Some(p) if p.is_valid() => Ok(p),
        Some(_) => Err(invalid("Kỳ báo cáo không hợp lệ")),
        None => Period::month_of(today).ok_or_else(|| invalid("Đồng hồ của máy không hợp lệ")),
    }
}

/// Who may see `org`'s dashboard (a post at it or above): the breadcrumb above it, from
/// the highest organisation the device's member holds a post at down to its parent.
fn trail_to(db: &Db, tree: &OrgTree, org: Id) -> Result<Vec<(Id, String)>, ApiError> {
    let posts: Vec<Id> = my_posts(db)?.into_iter().map(|(o, _)| o).collect();
    let chain = tree.chain(org);
    let Some(highest) = chain.iter().rposition(|o| posts.contains(o)) else {
        return Err(ApiError::new(
            ApiErrorKind::Forbidden,
            "Chỉ cấp ủy, văn phòng của tổ chức và cấp trên mới xem được bảng theo dõi của tổ chức",
        ));
    };
    Ok(chain[1..=highest]
        .iter()
        .rev()
        .map(|o| (*o, org_name(db, *o)))
        .collect())
}

/// The figures of the asked organisation's own rows and of each organisation directly
/// below it (each with its whole subtree), by id.
type Slots = BTreeMap<Id, Figures>;

pub fn report(
    db: &Db,
    now: u64,
    today: &str,
    org: Id,
    period: Period,
) -> Result<Oversight, ApiError> {
    let tree = OrgTree::load(db)?;
    let trail = trail_to(db, &tree, org)?;
    let chain = tree.chain(org);
    let kind = tree
        .0
        .get(&org)
        .map(|o| o.kind)
        .ok_or_else(|| invalid("Không tìm thấy tổ chức này trên máy"))?;
    facts::refresh(db)?;
    let mut slots: Slots = BTreeMap::new();
    slots.insert(org, Figures::default());
    for o in tree.below(org) {
        slots.insert(o.id, Figures::default());
    }
    let mut by_month: BTreeMap<String, MonthFigures> = period
        .each_month()
        .iter()
        .map(|m| {
            (
                m.to_string(),
                MonthFigures {
                    month: m.to_string(),
                    meetings: Default::default(),
                    dues: Default::default(),
                },
            )
        })
        .collect();
    let ask = sums::Ask {
        tree: &tree,
        top: org,
        period,
        now,
        today,
    };
    sums::add_up(db, &ask, &mut slots, &mut by_month)?;
    cases::add(db, &tree, period, today, &mut slots)?;
    let cases_visible = my_posts(db)?
        .iter()
        .any(|(o, t)| chain.contains(o) && (t.on_committee() || t.on_inspection_committee()));

    // The organisation's row is its whole subtree: its own rows and every slot below.
    let mut total = Figures::default();
    for f in slots.values() {
        add(&mut total, f);
    }
    let mut orgs = Vec::with_capacity(slots.len());
    let has_below = |o: Id| tree.below(o).next().is_some();
    let (l, reasons) = light(&total, kind == OrgKind::Cell);
    orgs.push(OrgFigures {
        org_id: org,
        org_name: org_name(db, org),
        kind,
        figures: total,
        light: l,
        reasons,
        has_below: has_below(org),
    });
    let mut below: Vec<OrgFigures> = slots
        .iter()
        .filter(|(id, _)| **id != org)
        .filter_map(|(id, f)| {
            let o = tree.0.get(id)?;
            let (l, reasons) = light(f, o.kind == OrgKind::Cell);
            Some(OrgFigures {
                org_id: *id,
                org_name: o.name.clone(),
                kind: o.kind,
                figures: *f,
                light: l,
                reasons,
                has_below: has_below(*id),
            })
        })
        .collect();
    below.sort_by(|a, b| {
        b.light
            .cmp(&a.light)
            .then_with(|| sotay_model::vn::compare(&a.org_name, &b.org_name))
    });
    orgs.extend(below);
    Ok(Oversight {
        org_id: org,
        org_name: org_name(db, org),
        period,
        trail,
        orgs,
        months: by_month.into_values().collect(),
        cases_visible,
    })
}

fn add(total: &mut Figures, f: &Figures) {
    let (t, m) = (&mut total.members, &f.members);
    t.full += m.full;
    t.probationary += m.probationary;
    t.joined += m.joined;
    t.left += m.left;
    let (t, m) = (&mut total.meetings, &f.meetings);
    t.held += m.held;
    t.convened += m.convened;
    t.present += m.present;
    let (t, m) = (&mut total.tasks, &f.tasks);
    t.open += m.open;
    t.on_time += m.on_time;
    t.late += m.late;
    t.overdue += m.overdue;
    total.study.assigned += f.study.assigned;
    total.study.finished += f.study.finished;
    total.dues.expected += f.dues.expected;
    total.dues.collected += f.dues.collected;
    for (a, b) in total.ratings.iter_mut().zip(f.ratings) {
        *a += b;
    }
    total.announcements.recipients += f.announcements.recipients;
    total.announcements.readers += f.announcements.readers;
    let (t, c) = (&mut total.cases, &f.cases);
    t.programmes += c.programmes;
    t.violations += c.violations;
    t.disciplines += c.disciplines;
    t.recommendations += c.recommendations;
    t.done += c.done;
}
