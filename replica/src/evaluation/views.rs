//! What the evaluation screens read: a member's years, or one year of an
//! organisation's subtree (every member's self-assessment, proposal and decision, and
//! the organisation's and those directly below it ratings with counts), from the rows
//! held.

use super::deciding_org;
use crate::administration::organisations::OrgTree;
use crate::calls::{Cx, Local};
use crate::db::{rows, Db};
use crate::meetings::{me, org_name};
use crate::tasks::my_posts;
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::entities::{Member, OrgKind};
use sotay_model::evaluation::api::{EvaluationList, MemberEvaluation, OrgEvaluation};
use sotay_model::evaluation::requests::ListEvaluations;
use sotay_model::evaluation::{
    tally_slot, OrgRating, RatingDecision, RatingProposal, SelfAssessment,
};
use sotay_model::tasks::vn_day;
use sotay_model::{Entity, Id};
use std::collections::{BTreeSet, HashMap};

/// Every evaluation row held.
#[derive(Default)]
struct Held {
    assessments: HashMap<(Id, u32), SelfAssessment>,
    proposals: HashMap<(Id, u32), RatingProposal>,
    decisions: HashMap<(Id, u32), RatingDecision>,
    orgs: HashMap<(Id, u32), OrgRating>,
}

impl Held {
    fn load(db: &Db) -> Result<Held, ApiError> {
        let mut h = Held::default();
        let filter =
            "r.entity IN ('self_assessment', 'rating_proposal', 'rating_decision', 'org_rating')";
        for r in rows::select_live(&db.conn, "", filter, [])? {
            match r.entity {
                Entity::SelfAssessment => {
                    if let Ok(a) = SelfAssessment::from_row(&r) {
                        h.assessments.insert((a.member_id, a.year), a);
                    }
                }
                Entity::RatingProposal => {
                    if let Ok(p) = RatingProposal::from_row(&r) {
                        h.proposals.insert((p.org_id, p.year), p);
                    }
                }
                Entity::RatingDecision => {
                    if let Ok(d) = RatingDecision::from_row(&r) {
                        h.decisions.insert((d.member_id, d.year), d);
                    }
                }
                _ => {
                    if let Ok(o) = OrgRating::from_row(&r) {
                        h.orgs.insert((o.org_id, o.year), o);
                    }
                }
            }
        }
        Ok(h)
    }

    fn member(&self, db: &Db, m: &Member, year: u32) -> MemberEvaluation {
        let line = self
            .proposals
            .get(&(m.cell_id, year))
            .and_then(|p| p.lines.iter().find(|l| l.member_id == m.id));
        let decision = self.decisions.get(&(m.id, year));
        MemberEvaluation {
            member_id: m.id,
            full_name: m.full_name.clone(),
            cell_id: m.cell_id,
            cell_name: org_name(db, m.cell_id),
            year,
            assessment: self.assessments.get(&(m.id, year)).cloned(),
            proposed: line.map(|l| l.rating),
            proposal_note: line.map(|l| l.note.clone()).unwrap_or_default(),
            decided: decision.map(|d| d.rating),
            decision_note: decision.map(|d| d.note.clone()).unwrap_or_default(),
        }
    }

    /// The years this device holds anything of `member` in.
    fn years_of(&self, member: Id) -> BTreeSet<u32> {
        let mut ys: BTreeSet<u32> = self
            .assessments
            .keys()
            .chain(self.decisions.keys())
            .filter(|(m, _)| *m == member)
            .map(|(_, y)| *y)
            .collect();
        ys.extend(
            self.proposals
                .values()
                .filter(|p| p.lines.iter().any(|l| l.member_id == member))
                .map(|p| p.year),
        );
        ys
    }
}

fn forbidden() -> ApiError {
    ApiError::new(
        ApiErrorKind::Forbidden,
        "Đồng chí chỉ xem được kết quả đánh giá của mình; của chi bộ và cấp dưới do cấp ủy xem",
    )
}

impl Local for ListEvaluations {
    fn local(self, cx: &mut Cx<'_>) -> Result<EvaluationList, ApiError> {
        let db = &*cx.db;
        let tree = OrgTree::load(db)?;
        let posts = my_posts(db)?;
        let oversees = |org: Id| {
            tree.chain(org)
                .iter()
                .any(|o| posts.iter().any(|(p, _)| p == o))
        };
        let held = Held::load(db)?;
        let Some(org) = self.org_id else {
            let me = me(db)?;
            let id = self.member_id.unwrap_or(me);
            let m = crate::administration::members::get(db, id)?;
            if id != me && !oversees(m.cell_id) {
                return Err(forbidden());
            }
            let mut members: Vec<MemberEvaluation> = held
                .years_of(id)
                .into_iter()
                .filter(|y| self.year.is_none_or(|want| want == *y))
                .map(|y| held.member(db, &m, y))
                .collect();
            members.reverse();
            return Ok(EvaluationList {
                members,
                ..EvaluationList::default()
            });
        };
        if !oversees(org) {
            return Err(forbidden());
        }
        let year = match self.year {
            Some(y) => y,
            None => vn_day(cx.env.now_ms())
                .get(0..4)
                .and_then(|y| y.parse().ok())
                .unwrap_or(2026),
        };
        let all: Vec<Member> = crate::administration::members::list(db, org)?
            .into_iter()
            .filter(|m| m.status.is_active())
            .collect();
        let members = all.iter().map(|m| held.member(db, m, year)).collect();
        let below: Vec<Id> = std::iter::once(org)
            .chain(tree.below(org).map(|o| o.id))
            .collect();
        let mut orgs: Vec<OrgEvaluation> = below
            .into_iter()
            .map(|o| {
                let mut counts = [0u32; 5];
                for m in all.iter().filter(|m| tree.chain(m.cell_id).contains(&o)) {
                    counts[tally_slot(held.decisions.get(&(m.id, year)).map(|d| d.rating))] += 1;
                }
                OrgEvaluation {
                    org_id: o,
                    org_name: org_name(db, o),
                    year,
                    rating: held.orgs.get(&(o, year)).cloned(),
                    counts,
                }
            })
            .collect();
        if orgs.len() > 2 {
            orgs[1..].sort_by(|a, b| sotay_model::vn::compare(&a.org_name, &b.org_name));
        }
        let kind = crate::administration::organisations::get(db, org)?.kind;
        let may_propose = kind == OrgKind::Cell && posts.iter().any(|(o, _)| *o == org);
        let may_decide = if kind == OrgKind::Cell {
            deciding_org(db, org)?.is_some()
        } else {
            tree.chain(org)
                .iter()
                .any(|o| posts.iter().any(|(p, t)| p == o && t.on_committee()))
        };
        let proposal_meeting_id = held.proposals.get(&(org, year)).and_then(|p| p.meeting_id);
        Ok(EvaluationList {
            members,
            orgs,
            may_propose,
            may_decide,
            proposal_meeting_id,
        })
    }
}
