//! What the inspection screens read: an organisation's plans, cases, notices and
//! discipline records (or a member's own), and one case with its work. Only rows this
//! device holds, which are only rows its member may read.

use super::{appeal_deciders, case, may_appeal, may_plan, may_work};
use crate::calls::{Cx, Local};
use crate::db::{rows, Db};
use crate::meetings::{me, member_name, org_name};
use sotay_model::api::ApiError;
use sotay_model::inspection::api::{
    CaseCard, DisciplineView, FollowUp, InspectionCase, InspectionList, Named,
};
use sotay_model::inspection::requests::{GetInspection, ListInspections};
use sotay_model::inspection::{
    Appeal, CaseNote, Discipline, Inspection, InspectionNotice, InspectionPlan, NoteKind,
    SubjectKind,
};
use sotay_model::row::Row;
use sotay_model::tasks::{vn_day, SourceKind, Task, TaskStatus};
use sotay_model::Id;
use std::collections::HashMap;

/// Every live row of one kind held, as its typed struct.
pub(crate) fn all<T: Row>(db: &Db) -> Result<Vec<T>, ApiError> {
    Ok(
        rows::select_live(&db.conn, "", "r.entity = ?1", [T::ENTITY.as_str()])?
            .iter()
            .filter_map(|r| T::from_row(r).ok())
            .collect(),
    )
}

/// Recommendation tasks by case, with how many are confirmed done.
pub(crate) fn follow_ups(db: &Db, today: &str) -> Result<HashMap<Id, FollowUp>, ApiError> {
    let cards = crate::tasks::views::cards_where(db, today, |t: &Task| {
        t.source_kind == SourceKind::Inspection
    })?;
    let mut out: HashMap<Id, FollowUp> = HashMap::new();
    for c in cards {
        let Some(case) = c.task.source_id else {
            continue;
        };
        let f = out.entry(case).or_default();
        f.tasks += 1;
        if c.state.status == TaskStatus::Done {
            f.done += 1;
        }
    }
    Ok(out)
}

/// Findings and violations by case.
pub(crate) fn finding_counts(notes: &[CaseNote]) -> HashMap<Id, (u32, u32)> {
    let mut out: HashMap<Id, (u32, u32)> = HashMap::new();
    for n in notes.iter().filter(|n| n.kind == NoteKind::Finding) {
        let e = out.entry(n.inspection_id).or_default();
        e.0 += 1;
        e.1 += u32::from(n.violation);
    }
    out
}

fn named(db: &Db, c: &Inspection) -> Vec<Named> {
    let orgs = c.subject_org_ids.iter().map(|&id| Named {
        id,
        name: org_name(db, id),
        kind: SubjectKind::Organisation,
    });
    let members = c.subject_member_ids.iter().map(|&id| Named {
        id,
        name: member_name(db, Some(id)),
        kind: SubjectKind::Member,
    });
    orgs.chain(members).collect()
}

fn card(
    db: &Db,
    c: Inspection,
    counts: &HashMap<Id, (u32, u32)>,
    follow: &HashMap<Id, FollowUp>,
) -> CaseCard {
    let (findings, violations) = counts.get(&c.id).copied().unwrap_or_default();
    CaseCard {
        org_name: org_name(db, c.org_id),
        subjects: named(db, &c),
        findings,
        violations,
        follow_up: follow.get(&c.id).copied().unwrap_or_default(),
        inspection: c,
    }
}

fn discipline_view(db: &Db, d: Discipline, appeals: &[Appeal]) -> Result<DisciplineView, ApiError> {
    let mut mine: Vec<Appeal> = appeals
        .iter()
        .filter(|a| a.discipline_id == d.id)
        .cloned()
        .collect();
    mine.sort_by(|a, b| a.lodged_on.cmp(&b.lodged_on).then(a.id.cmp(&b.id)));
    let open = mine.iter().any(|a| a.outcome.is_none());
    Ok(DisciplineView {
        subject_name: match d.member_id {
            Some(m) => member_name(db, Some(m)),
            None => org_name(db, d.org_id),
        },
        decided_by_name: org_name(db, d.decided_by_org_id),
        may_appeal: !open && may_appeal(db, &d)?,
        may_decide_appeal: open && !appeal_deciders(db, &d)?.is_empty(),
        appeals: mine,
        discipline: d,
    })
}

impl Local for ListInspections {
    fn local(self, cx: &mut Cx<'_>) -> Result<InspectionList, ApiError> {
        let db = &*cx.db;
        let today = vn_day(cx.env.now_ms());
        let appeals: Vec<Appeal> = all(db)?;
        let Some(org) = self.org_id else {
            // A member's own: conclusions notified to them and their records.
            let me = me(db)?;
            let notices = all::<InspectionNotice>(db)?
                .into_iter()
                .filter(|n| n.member_id == Some(me))
                .collect();
            let mut disciplines = Vec::new();
            for d in all::<Discipline>(db)? {
                if d.member_id == Some(me) {
                    disciplines.push(discipline_view(db, d, &appeals)?);
                }
            }
            return Ok(InspectionList {
                notices,
                disciplines,
                ..InspectionList::default()
            });
        };
        let tree = crate::administration::organisations::OrgTree::load(db)?;
        let within = |o: Id| tree.chain(o).contains(&org);
        let in_year = |y: u32| self.year.is_none_or(|want| want == y);
        let mut plans: Vec<InspectionPlan> = all::<InspectionPlan>(db)?
            .into_iter()
            .filter(|p| p.org_id == org && in_year(p.year))
            .collect();
        plans.sort_by_key(|p| std::cmp::Reverse(p.year));
        let notes: Vec<CaseNote> = all(db)?;
        let counts = finding_counts(&notes);
        let follow = follow_ups(db, &today)?;
        let mut cases: Vec<CaseCard> = all::<Inspection>(db)?
            .into_iter()
            .filter(|c| within(c.org_id) && self.year.is_none_or(|y| c.in_year(y)))
            .map(|c| card(db, c, &counts, &follow))
            .collect();
        // Its own level's cases first, then by start.
        cases.sort_by(|a, b| {
            (a.inspection.org_id != org)
                .cmp(&(b.inspection.org_id != org))
                .then_with(|| b.inspection.from_date.cmp(&a.inspection.from_date))
                .then_with(|| a.inspection.id.cmp(&b.inspection.id))
        });
        let mut notices: Vec<InspectionNotice> = all::<InspectionNotice>(db)?
            .into_iter()
            .filter(|n| within(n.org_id))
            .collect();
        notices.sort_by(|a, b| b.notified_on.cmp(&a.notified_on));
        let mut disciplines = Vec::new();
        for d in all::<Discipline>(db)? {
            if within(d.org_id) && in_year(year_of(&d.decided_on)) {
                disciplines.push(discipline_view(db, d, &appeals)?);
            }
        }
        disciplines.sort_by(|a, b| b.discipline.decided_on.cmp(&a.discipline.decided_on));
        Ok(InspectionList {
            plans,
            cases,
            notices,
            disciplines,
            may_plan: may_plan(db, org)?,
            may_discipline: may_work(db, org)?,
        })
    }
}

pub(crate) fn year_of(day: &str) -> u32 {
    day.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(0)
}

impl Local for GetInspection {
    fn local(self, cx: &mut Cx<'_>) -> Result<Box<InspectionCase>, ApiError> {
        let db = &*cx.db;
        let today = vn_day(cx.env.now_ms());
        let c = case(db, self.id)?;
        let mut notes: Vec<CaseNote> = rows::select_live(
            &db.conn,
            "",
            "r.entity = 'case_note' AND r.parent_id = ?1",
            [c.id.to_string()],
        )?
        .iter()
        .filter_map(|r| CaseNote::from_row(r).ok())
        .collect();
        notes.sort_by(|a, b| a.on_date.cmp(&b.on_date).then(a.id.cmp(&b.id)));
        let counts = finding_counts(&notes);
        let follow = follow_ups(db, &today)?;
        let tasks = crate::tasks::views::cards_where(db, &today, |t| {
            t.source_kind == SourceKind::Inspection && t.source_id == Some(c.id)
        })?;
        let mut files = crate::library::blobs::list(db, c.id)?;
        for n in notes.iter().filter(|n| n.kind == NoteKind::Received) {
            files.extend(crate::library::blobs::list(db, n.id)?);
        }
        let notices: Vec<InspectionNotice> = rows::select_live(
            &db.conn,
            "",
            "r.entity = 'inspection_notice' AND r.parent_id = ?1",
            [c.id.to_string()],
        )?
        .iter()
        .filter_map(|r| InspectionNotice::from_row(r).ok())
        .collect();
        let appeals: Vec<Appeal> = all(db)?;
        let mut disciplines = Vec::new();
        for d in rows::select_live(
            &db.conn,
            "",
            "r.entity = 'discipline' AND r.parent_id = ?1",
            [c.id.to_string()],
        )?
        .iter()
        .filter_map(|r| Discipline::from_row(r).ok())
        {
            disciplines.push(discipline_view(db, d, &appeals)?);
        }
        let team = c
            .team_ids
            .iter()
            .map(|&id| Named {
                id,
                name: member_name(db, Some(id)),
                kind: SubjectKind::Member,
            })
            .collect();
        let plan = db.live_typed::<InspectionPlan>(c.plan_id)?;
        let may_edit = may_work(db, c.org_id)?;
        Ok(Box::new(InspectionCase {
            card: card(db, c, &counts, &follow),
            plan,
            team,
            notes,
            files,
            notices,
            tasks,
            disciplines,
            may_edit,
        }))
    }
}
