//! Oversight on this device (issue 18): a committee's dashboard for an organisation it
//! oversees and each organisation directly below it, over a period, counted from the
//! rows this device holds (which are exactly what the server let it read) by the
//! features' own rules: members and their status, meetings held and attendance,
//! tasks due by bucket, study assignments due and finished, dues owed and collected,
//! decided ratings; ranked by `sotay_model::oversight::light`.

mod export;

use crate::administration::organisations::OrgTree;
use crate::calls::{Cx, Local};
use crate::db::{rows, Db};
use crate::error::invalid;
use crate::meetings::org_name;
use crate::tasks::my_posts;
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::entities::{MemberStatus, OrgKind};
use sotay_model::evaluation::tally_slot;
use sotay_model::meetings::{MeetingStatus, VnDateTime};
use sotay_model::oversight::api::{Figures, MonthFigures, OrgFigures};
use sotay_model::oversight::requests::OversightReport;
use sotay_model::oversight::{light, Oversight, Period};
use sotay_model::study::StudyAssignment;
use sotay_model::tasks::api::TaskList;
use sotay_model::tasks::vn_day;
use sotay_model::Id;
use std::collections::BTreeMap;

impl Local for OversightReport {
    fn local(self, cx: &mut Cx<'_>) -> Result<Box<Oversight>, ApiError> {
        let now = cx.env.now_ms();
        let today = vn_day(now);
        let period = match self.period {
            Some(p) if p.is_valid() => p,
            Some(_) => return Err(invalid("Kỳ báo cáo không hợp lệ")),
            None => {
                Period::month_of(&today).ok_or_else(|| invalid("Đồng hồ của máy không hợp lệ"))?
            }
        };
        Ok(Box::new(report(cx.db, now, &today, self.org_id, period)?))
    }
}

/// Where a row of organisation `x` counts on `top`'s dashboard: under the organisation
/// directly below `top` it lies in, or `top`'s own (`top`); `None` outside `top`'s
/// subtree.
fn slot(tree: &OrgTree, top: Id, x: Id) -> Option<Id> {
    let chain = tree.chain(x);
    let i = chain.iter().position(|o| *o == top)?;
    Some(if i == 0 { top } else { chain[i - 1] })
}

pub fn report(
    db: &Db,
    now: u64,
    today: &str,
    org: Id,
    period: Period,
) -> Result<Oversight, ApiError> {
    let tree = OrgTree::load(db)?;
    let posts: Vec<Id> = my_posts(db)?.into_iter().map(|(o, _)| o).collect();
    let chain = tree.chain(org);
    let Some(highest) = chain.iter().rposition(|o| posts.contains(o)) else {
        return Err(ApiError::new(
            ApiErrorKind::Forbidden,
            "Chỉ cấp ủy, văn phòng của tổ chức và cấp trên mới xem được bảng theo dõi của tổ chức",
        ));
    };
    let kind = tree
        .0
        .get(&org)
        .map(|o| o.kind)
        .ok_or_else(|| invalid("Không tìm thấy tổ chức này trên máy"))?;
    let mut slots: BTreeMap<Id, Figures> = BTreeMap::new();
    slots.insert(org, Figures::default());
    for o in tree.below(org) {
        slots.insert(o.id, Figures::default());
    }
    let months = period.each_month();
    let mut by_month: BTreeMap<String, MonthFigures> = months
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

    // Members.
    let members = crate::administration::members::list(db, org)?;
    for m in &members {
        let Some(f) = slot(&tree, org, m.cell_id).and_then(|s| slots.get_mut(&s)) else {
            continue;
        };
        match m.status {
            MemberStatus::Full => f.members.full += 1,
            MemberStatus::Probationary => f.members.probationary += 1,
            MemberStatus::Left | MemberStatus::Deceased => f.members.left += 1,
        }
        if period.contains_day(&m.joined_date) {
            f.members.joined += 1;
        }
    }
    let active: Vec<_> = members
        .iter()
        .filter(|m| m.status.is_active())
        .cloned()
        .collect();

    // Meetings held in the period and their attendance.
    for m in crate::meetings::all(db)? {
        if m.status == MeetingStatus::Cancelled || m.starts_at > now {
            continue;
        }
        let day = VnDateTime::from_ms(m.starts_at);
        let key = day.month_key();
        let Some(slot) = slot(&tree, org, m.org_id) else {
            continue;
        };
        if !by_month.contains_key(&key) {
            continue;
        }
        let list = crate::meetings::attendance::list(db, &m)?;
        for f in [
            slots.get_mut(&slot).map(|f| &mut f.meetings),
            by_month.get_mut(&key).map(|x| &mut x.meetings),
        ]
        .into_iter()
        .flatten()
        {
            f.held += 1;
            f.convened += list.convened;
            f.present += list.present;
        }
    }

    // Tasks due in the period, by their derived bucket.
    for card in crate::tasks::views::list(db, today, TaskList::Org, Some(org), None)? {
        if !period.contains_day(&card.task.due_date) {
            continue;
        }
        if let Some(f) = slot(&tree, org, card.task.org_id).and_then(|s| slots.get_mut(&s)) {
            f.tasks.add(card.state.bucket);
        }
    }

    // Study assignments due in the period: each active member of the cells below the
    // assigning organisation owes one reading.
    for r in rows::select_live(&db.conn, "", "r.entity = 'study_assignment'", [])? {
        let Ok(a) = StudyAssignment::from_row(&r) else {
            continue;
        };
        if !period.contains_day(&a.due_on) {
            continue;
        }
        for cell in crate::library::study::progress(db, &a)? {
            if let Some(f) = slot(&tree, org, cell.cell_id).and_then(|s| slots.get_mut(&s)) {
                f.study.assigned += cell.members.len() as u32;
                f.study.finished += cell.finished;
            }
        }
    }

    // Dues owed and counted for the period's months.
    for (member, lines) in crate::dues::views::months_of(db, &active, &months)? {
        let Some(cell) = active.iter().find(|m| m.id == member).map(|m| m.cell_id) else {
            continue;
        };
        let slot = slot(&tree, org, cell);
        for (month, expected, paid) in lines {
            if let Some(f) = slot.and_then(|s| slots.get_mut(&s)) {
                f.dues.expected += expected;
                f.dues.collected += paid;
            }
            if let Some(x) = by_month.get_mut(&month.to_string()) {
                x.dues.expected += expected;
                x.dues.collected += paid;
            }
        }
    }

    // Decided ratings of the period's year.
    let decided = crate::evaluation::views::decided(db, period.year())?;
    for m in &active {
        let Some(f) = slot(&tree, org, m.cell_id).and_then(|s| slots.get_mut(&s)) else {
            continue;
        };
        f.ratings[tally_slot(decided.get(&m.id).copied())] += 1;
    }

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
    let trail = chain[1..=highest]
        .iter()
        .rev()
        .map(|o| (*o, org_name(db, *o)))
        .collect();
    Ok(Oversight {
        org_id: org,
        org_name: org_name(db, org),
        period,
        trail,
        orgs,
        months: by_month.into_values().collect(),
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
}
