//! Dues and yearly evaluation in the simulation (issue 19): the district's rule table
//! and every member's basis are seeded; devices then record payments (some in
//! advance), reverse them, change bases and rules, remit, write self-assessments,
//! propose and decide ratings, offline, through the typed Api (a device without the
//! right is refused locally, as its user would be). Rows converge like every row
//! (`check`); here the rules that span rows are checked on the server's rows and on
//! every device: a reversal cancels exactly one payment of the same member, the share
//! of "xuất sắc" holds in every cell's year, and no device holds another member's
//! basis, payment or self-assessment unless its member keeps or oversees that book.

use super::node::Sim;
use anyhow::Result;
use rand::rngs::SmallRng;
use rand::Rng;
use sotay_model::api::Request;
use sotay_model::dues::requests::{
    RecordDuesPayment, RecordRemittance, ReverseDuesPayment, SetDuesBasis, SetDuesRule,
};
use sotay_model::dues::{DuesBasis, DuesPayment, DuesRule, Month, PayMethod};
use sotay_model::entities::{Member, Position};
use sotay_model::evaluation::requests::{ProposeRatings, RateMember, SubmitSelfAssessment};
use sotay_model::evaluation::{share_ok, ProposalLine, Rating, RatingDecision};
use sotay_model::{Change, Entity, Id, RowState};
use sotay_server::rows::{row_change, server_hlc};
use std::collections::BTreeMap;

const RATINGS: [Rating; 4] = [
    Rating::Excellent,
    Rating::Good,
    Rating::Completed,
    Rating::NotCompleted,
];

/// The district's rate for salaried members, and every member's basis from January.
pub fn seed(id: &mut impl FnMut() -> Id, district: Id, members: &[Member]) -> Vec<Change> {
    let rule = DuesRule {
        id: DuesRule::row_id(district, "luong"),
        org_id: district,
        category: "luong".into(),
        name: "Hưởng lương".into(),
        per_mille: 10,
        fixed_dong: 0,
        retired: false,
    };
    let mut out = vec![row_change(id(), &rule, server_hlc(1))];
    for (n, m) in members.iter().enumerate() {
        let from = Month::of(2026, 1);
        let basis = DuesBasis {
            id: DuesBasis::row_id(m.id, from),
            org_id: m.cell_id,
            member_id: m.id,
            from_month: from,
            category: "luong".into(),
            income_dong: 5_000_000 + n as i64 * 123_457,
        };
        out.push(row_change(id(), &basis, server_hlc(1)));
    }
    out
}

impl Sim {
    /// Payments and their reversals, bases, rules, remittances, self-assessments,
    /// proposals and ratings, offline.
    pub fn records_edit(&mut self, who: usize, rng: &mut SmallRng) -> Result<()> {
        let node = &self.nodes[who];
        let payments: Vec<DuesPayment> = node
            .replica
            .db()
            .live_rows_of(&[Entity::DuesPayment])?
            .iter()
            .filter_map(|r| DuesPayment::from_row(r).ok())
            .filter(|p| p.reverses.is_none())
            .collect();
        let members = &self.world.members;
        let member = &members[rng.gen_range(0..members.len())];
        let month = Month::of(2026, rng.gen_range(1..=12));
        let req: Request = match rng.gen_range(0..12u32) {
            0..=2 => RecordDuesPayment {
                member_id: member.id,
                month,
                months: if rng.gen_ratio(1, 4) { 3 } else { 1 },
                amount_dong: rng.gen_range(1..200u32) as i64 * 1_000 + 7,
                method: PayMethod::Cash,
                receipt_no: format!("BL-{}", rng.gen_range(0..10_000u32)),
                paid_on: None,
            }
            .into(),
            3 if !payments.is_empty() => ReverseDuesPayment {
                payment_id: payments[rng.gen_range(0..payments.len())].id,
                reason: "Ghi nhầm".into(),
            }
            .into(),
            4 => SetDuesBasis {
                member_id: member.id,
                from_month: month,
                category: "luong".into(),
                income_dong: rng.gen_range(3_000..12_000u32) as i64 * 1_000,
            }
            .into(),
            5 => SetDuesRule {
                org_id: self.world.orgs[rng.gen_range(0..self.world.orgs.len())].id,
                category: "luong".into(),
                name: "Hưởng lương".into(),
                per_mille: rng.gen_range(5..=15),
                fixed_dong: 0,
            }
            .into(),
            6 => RecordRemittance {
                org_id: member.cell_id,
                month,
                amount_dong: rng.gen_range(1..500u32) as i64 * 1_000,
                paid_on: None,
                note: String::new(),
            }
            .into(),
            7 | 8 => SubmitSelfAssessment {
                year: 2026,
                political: String::new(),
                ethics: String::new(),
                lifestyle: String::new(),
                results: format!("Kết quả {}", rng.gen_range(0..1000u32)),
                shortcomings: String::new(),
                direction: String::new(),
                self_rating: Some(RATINGS[rng.gen_range(0..4)]),
            }
            .into(),
            9 => {
                let cell = self.world.cells[rng.gen_range(0..2)];
                let mut lines = Vec::new();
                for m in members.iter().filter(|m| m.cell_id == cell) {
                    if rng.gen_bool(0.7) {
                        lines.push(ProposalLine {
                            member_id: m.id,
                            rating: RATINGS[rng.gen_range(1..4)],
                            note: String::new(),
                        });
                    }
                }
                ProposeRatings {
                    org_id: cell,
                    year: 2026,
                    meeting_id: None,
                    lines,
                }
                .into()
            }
            _ => RateMember {
                member_id: member.id,
                year: 2026,
                rating: RATINGS[rng.gen_range(0..4)],
                note: String::new(),
            }
            .into(),
        };
        match self.nodes[who].replica.call_local(req) {
            Ok(_) => self.stats.local_edits += 1,
            Err(_) => self.stats.refused_locally += 1,
        }
        Ok(())
    }

    /// The rules that span rows, on the server's rows and on every device.
    pub fn check_records(&self, out: &mut Vec<String>) -> Result<()> {
        // The district committee member's device (never the revoked one) reads every
        // row these rules span: its server view is the truth here.
        let server: Vec<RowState> = self
            .server_view(self.nodes[0].device)?
            .into_values()
            .collect();
        let payments: BTreeMap<Id, DuesPayment> = server
            .iter()
            .filter(|r| r.entity == Entity::DuesPayment && r.tombstone.is_none())
            .filter_map(|r| DuesPayment::from_row(r).ok())
            .map(|p| (p.id, p))
            .collect();
        for p in payments.values() {
            let Some(target) = p.reverses else {
                continue;
            };
            let exact = payments.get(&target).is_some_and(|o| {
                o.reverses.is_none()
                    && o.member_id == p.member_id
                    && o.month == p.month
                    && o.months == p.months
                    && o.amount_dong == -p.amount_dong
                    && p.id == DuesPayment::reversal_id(o.id)
            });
            if !exact {
                out.push(format!(
                    "reversal {} does not cancel one payment exactly",
                    p.id
                ));
            }
        }
        if std::env::var_os("SIM_RECORDS_DEBUG").is_some() {
            let count = |e: Entity| server.iter().filter(|r| r.entity == e).count();
            eprintln!("payments {} (reversals {}), decisions {}, assessments {}, proposals {}, remittances {}",
                payments.len(), payments.values().filter(|p| p.reverses.is_some()).count(),
                count(Entity::RatingDecision), count(Entity::SelfAssessment), count(Entity::RatingProposal), count(Entity::DuesRemittance));
        }
        let mut years: BTreeMap<(Id, u32), Vec<Rating>> = BTreeMap::new();
        for d in server
            .iter()
            .filter(|r| r.entity == Entity::RatingDecision && r.tombstone.is_none())
            .filter_map(|r| RatingDecision::from_row(r).ok())
        {
            years.entry((d.org_id, d.year)).or_default().push(d.rating);
        }
        for ((cell, year), ratings) in years {
            if let Err(why) = share_ok(ratings) {
                out.push(format!("cell {cell} in {year}: {why}"));
            }
        }
        // Who may hold a member's private dues and evaluation rows: the member, and the
        // holders of a post in their cell or above it. Their cell is where they are now:
        // their history follows them when they move (issue 19, transfers).
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
        let oversees = |member: Id, cell: Id| {
            let mut at = Some(cell);
            while let Some(o) = at {
                if posts.iter().any(|p| p.member_id == member && p.org_id == o) {
                    return true;
                }
                at = parent.get(&o).copied().flatten();
            }
            false
        };
        let cell_now: BTreeMap<Id, Id> = server
            .iter()
            .filter(|r| r.entity == Entity::Member)
            .filter_map(|r| Some((r.row_id, r.id("cell_id")?)))
            .collect();
        for (i, node) in self.nodes.iter().enumerate() {
            if node.revoked {
                continue;
            }
            for r in node.replica.db().all_rows()? {
                let private = matches!(
                    r.entity,
                    Entity::DuesBasis | Entity::DuesPayment | Entity::SelfAssessment
                );
                let about = r.id("member_id");
                let cell = about
                    .and_then(|m| cell_now.get(&m).copied())
                    .unwrap_or(r.org_id);
                if private && about != Some(node.member) && !oversees(node.member, cell) {
                    out.push(format!(
                        "device {i} holds {:?} {} of another member",
                        r.entity, r.row_id
                    ));
                }
            }
        }
        Ok(())
    }
}
