//! Inspection and discipline in the simulation (issue 17): the district's plan for the
//! year is seeded and the district committee member also sits on its inspection
//! committee; devices then open cases on the cells and their members, record findings
//! and notes, conclude with recommendations, record discipline (the cells' secretaries
//! too, within a cell's forms), appeal their own records and decide appeals, offline,
//! through the typed Api (a device without the right is refused locally). Rows
//! converge like every row (`check`); here confidentiality is checked on every device:
//! case material only where a committee or inspection post at its level or above
//! reads it, notices and records only there or on the member's own device.

use super::node::Sim;
use anyhow::Result;
use rand::rngs::SmallRng;
use rand::Rng;
use sotay_model::api::Request;
use sotay_model::entities::Position;
use sotay_model::inspection::requests::{
    AddCaseNote, CloseInspection, ConcludeInspection, CreateInspection, DecideAppeal, LodgeAppeal,
    Recommendation, RecordDiscipline, RecordFinding,
};
use sotay_model::inspection::{
    AppealOutcome, DisciplineForm, Inspection, InspectionKind, InspectionPlan, NoteKind,
};
use sotay_model::{Change, Entity, Id, RowState};
use sotay_server::rows::{row_change, server_hlc};
use std::collections::BTreeMap;

/// The district's plan for 2026.
pub fn seed(id: &mut impl FnMut() -> Id, district: Id) -> Vec<Change> {
    let plan = InspectionPlan {
        id: InspectionPlan::row_id(district, 2026),
        org_id: district,
        year: 2026,
        title: "Kế hoạch kiểm tra, giám sát năm 2026".into(),
        note: String::new(),
    };
    vec![row_change(id(), &plan, server_hlc(1))]
}

const FORMS: [DisciplineForm; 4] = [
    DisciplineForm::Reprimand,
    DisciplineForm::Warning,
    DisciplineForm::Dismissal,
    DisciplineForm::Expulsion,
];

impl Sim {
    pub fn inspection_edit(&mut self, who: usize, rng: &mut SmallRng) -> Result<()> {
        let node = &self.nodes[who];
        let db = node.replica.db();
        let live = |e: Entity| -> Result<Vec<RowState>> { Ok(db.live_rows_of(&[e])?) };
        let cases: Vec<Inspection> = live(Entity::Inspection)?
            .iter()
            .filter_map(|r| Inspection::from_row(r).ok())
            .collect();
        let records = live(Entity::Discipline)?;
        let appeals = live(Entity::Appeal)?;
        drop(db);
        let district = self.world.orgs[1].id;
        let members = &self.world.members;
        let member = &members[rng.gen_range(0..members.len())];
        let cell = self.world.cells[rng.gen_range(0..2)];
        let case = (!cases.is_empty()).then(|| cases[rng.gen_range(0..cases.len())].clone());
        let req: Request = match (rng.gen_range(0..10u32), case) {
            (0, _) | (1..=5, None) => CreateInspection {
                plan_id: InspectionPlan::row_id(district, 2026),
                kind: InspectionKind::ALL[rng.gen_range(0..5)],
                title: format!("Giám sát {}", rng.gen_range(0..1000u32)),
                content: String::new(),
                subject_org_ids: vec![cell],
                subject_member_ids: if rng.gen_bool(0.5) {
                    vec![member.id]
                } else {
                    vec![]
                },
                team_ids: vec![self.nodes[who].member],
                from_date: "2026-03-01".into(),
                to_date: "2026-05-31".into(),
            }
            .into(),
            (1 | 2, Some(c)) => RecordFinding {
                inspection_id: c.id,
                subject_id: c.subject_org_ids.first().copied(),
                text: format!("Phát hiện {}", rng.gen_range(0..1000u32)),
                violation: rng.gen_bool(0.3),
                on_date: None,
            }
            .into(),
            (3, Some(c)) => AddCaseNote {
                inspection_id: c.id,
                kind: NoteKind::Schedule,
                on_date: "2026-03-15".into(),
                text: "Làm việc với chi bộ".into(),
                subject_id: None,
            }
            .into(),
            (4, Some(c)) => ConcludeInspection {
                inspection_id: c.id,
                conclusion: format!("Kết luận {}", rng.gen_range(0..1000u32)),
                recommendations: c
                    .subject_org_ids
                    .iter()
                    .map(|&o| Recommendation {
                        org_id: o,
                        title: "Khắc phục hạn chế".into(),
                        content: String::new(),
                        due_date: "2026-12-31".into(),
                    })
                    .collect(),
                notify: true,
            }
            .into(),
            (5, Some(c)) => CloseInspection {
                inspection_id: c.id,
            }
            .into(),
            (6 | 7, _) => RecordDiscipline {
                member_id: Some(member.id),
                org_id: None,
                form: FORMS[rng.gen_range(0..4)],
                violation: format!("Vi phạm {}", rng.gen_range(0..1000u32)),
                decided_by_org_id: if rng.gen_bool(0.5) {
                    district
                } else {
                    member.cell_id
                },
                decided_on: "2026-04-01".into(),
                decision_no: String::new(),
                inspection_id: None,
            }
            .into(),
            (8, _) if !records.is_empty() => LodgeAppeal {
                discipline_id: records[rng.gen_range(0..records.len())].row_id,
                text: "Đề nghị xem xét lại".into(),
            }
            .into(),
            _ if !appeals.is_empty() => DecideAppeal {
                appeal_id: appeals[rng.gen_range(0..appeals.len())].row_id,
                outcome: [
                    AppealOutcome::Upheld,
                    AppealOutcome::Reduced,
                    AppealOutcome::Annulled,
                ][rng.gen_range(0..3)],
                note: String::new(),
                decided_by_org_id: district,
            }
            .into(),
            _ => return Ok(()),
        };
        match self.nodes[who].replica.call_local(req) {
            Ok(_) => self.stats.local_edits += 1,
            Err(_) => self.stats.refused_locally += 1,
        }
        Ok(())
    }

    /// No device holds case material, a notice or a record it may not read.
    pub fn check_inspection(&self, out: &mut Vec<String>) -> Result<()> {
        let server: Vec<RowState> = self
            .server_view(self.nodes[0].device)?
            .into_values()
            .collect();
        if std::env::var_os("SIM_INSPECTION_DEBUG").is_some() {
            let count = |e: Entity| server.iter().filter(|r| r.entity == e).count();
            eprintln!(
                "cases {}, notes {}, notices {}, records {}, appeals {}",
                count(Entity::Inspection),
                count(Entity::CaseNote),
                count(Entity::InspectionNotice),
                count(Entity::Discipline),
                count(Entity::Appeal)
            );
        }
        let parent: BTreeMap<Id, Option<Id>> = self
            .world
            .orgs
            .iter()
            .map(|o| (o.id, o.parent_id))
            .collect();
        let posts: Vec<Position> = server
            .iter()
            .filter(|r| r.entity == Entity::Position && r.tombstone.is_none())
            .filter_map(|r| Position::from_row(r).ok())
            .collect();
        // A committee or inspection post at `org` or above it.
        let reads = |member: Id, org: Id| {
            let mut at = Some(org);
            while let Some(o) = at {
                let seated = posts.iter().any(|p| {
                    p.member_id == member
                        && p.org_id == o
                        && (p.title.on_committee() || p.title.on_inspection_committee())
                });
                if seated {
                    return true;
                }
                at = parent.get(&o).copied().flatten();
            }
            false
        };
        for (i, node) in self.nodes.iter().enumerate() {
            if node.revoked {
                continue;
            }
            for r in node.replica.db().all_rows()? {
                let ok = match r.entity {
                    Entity::InspectionPlan
                    | Entity::Inspection
                    | Entity::CaseNote
                    | Entity::CaseFile => reads(node.member, r.org_id),
                    Entity::InspectionNotice | Entity::Discipline | Entity::Appeal => {
                        r.id("member_id") == Some(node.member) || reads(node.member, r.org_id)
                    }
                    _ => true,
                };
                if !ok {
                    out.push(format!(
                        "device {i} holds {:?} {} it may not read",
                        r.entity, r.row_id
                    ));
                }
            }
        }
        Ok(())
    }
}
