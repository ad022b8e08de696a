//! What the dues screens read: a member's year, a cell's dues book, a committee's
//! report, the rules that apply to an organisation. Every figure comes from
//! `sotay_model::dues::balance` over the rows held, with the device's Vietnam day as
//! today; the device holds only the dues rows the server let it read.

use super::keeps_book;
use crate::administration::organisations::OrgTree;
use crate::calls::{Cx, Local};
use crate::db::{rows, Db};
use crate::error::invalid;
use crate::meetings::{me, member_name, org_name};
use crate::tasks::my_posts;
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::dues::api::{CellDues, MemberDues, OrgDues, OrgMonth, PaymentLine, RuleView};
use sotay_model::dues::balance::member_months;
use sotay_model::dues::requests::{DuesReport, DuesStatus, GetCellDues, ListDuesRules};
use sotay_model::dues::{expected_for, DuesBasis, DuesPayment, DuesRemittance, DuesRule, Month};
use sotay_model::entities::Member;
use sotay_model::tasks::vn_day;
use sotay_model::{Entity, Id};
use std::collections::{HashMap, HashSet};

impl Local for ListDuesRules {
    fn local(self, cx: &mut Cx<'_>) -> Result<Vec<RuleView>, ApiError> {
        applicable_rules(cx.db, self.org_id)
    }
}

impl Local for DuesStatus {
    fn local(self, cx: &mut Cx<'_>) -> Result<MemberDues, ApiError> {
        let me = me(cx.db)?;
        let id = self.member_id.unwrap_or(me);
        let m = crate::administration::members::get(cx.db, id)?;
        let book = Book::load(cx.db)?;
        if id != me && !book.oversees(m.cell_id, &my_orgs(cx.db)?) {
            return Err(ApiError::new(
                ApiErrorKind::Forbidden,
                "Đồng chí chỉ xem được đảng phí của mình; sổ thu của chi bộ do cấp ủy, văn phòng giữ",
            ));
        }
        let today = today_month(cx)?;
        let rules = rules_for(&book.tree, &book.rules, m.cell_id);
        let may_record = keeps_book(cx.db, m.cell_id)?;
        Ok(book.member(cx.db, &m, &rules, year(self.year)?, today, may_record))
    }
}

impl Local for GetCellDues {
    fn local(self, cx: &mut Cx<'_>) -> Result<CellDues, ApiError> {
        let book = Book::load(cx.db)?;
        if !book.oversees(self.org_id, &my_orgs(cx.db)?) {
            return Err(ApiError::new(
                ApiErrorKind::Forbidden,
                "Chỉ cấp ủy, văn phòng của chi bộ và cấp trên mới xem được sổ thu đảng phí",
            ));
        }
        let today = today_month(cx)?;
        let year = year(self.year)?;
        let rules = rules_for(&book.tree, &book.rules, self.org_id);
        let may_record = keeps_book(cx.db, self.org_id)?;
        let members = crate::administration::members::list(cx.db, self.org_id)?
            .into_iter()
            .filter(|m| m.cell_id == self.org_id && m.status.is_active())
            .map(|m| book.member(cx.db, &m, &rules, year, today, may_record))
            .collect();
        let mut remittances: Vec<DuesRemittance> = book
            .remittances
            .iter()
            .filter(|r| r.org_id == self.org_id && r.month.year() == year)
            .cloned()
            .collect();
        remittances.sort_by(|a, b| b.month.cmp(&a.month).then(b.paid_on.cmp(&a.paid_on)));
        Ok(CellDues {
            org_id: self.org_id,
            org_name: org_name(cx.db, self.org_id),
            year,
            members,
            remittances,
            may_record,
        })
    }
}

impl Local for DuesReport {
    fn local(self, cx: &mut Cx<'_>) -> Result<Vec<OrgDues>, ApiError> {
        let book = Book::load(cx.db)?;
        let mine = my_orgs(cx.db)?;
        if !book.oversees(self.org_id, &mine) {
            return Err(ApiError::new(
                ApiErrorKind::Forbidden,
                "Chỉ cấp ủy, văn phòng của tổ chức và cấp trên mới xem được báo cáo đảng phí",
            ));
        }
        let today = today_month(cx)?;
        let year = year(self.year)?;
        let mut orgs = vec![self.org_id];
        orgs.extend(book.tree.below(self.org_id).map(|o| o.id));
        let mut out = Vec::with_capacity(orgs.len());
        for org in orgs {
            out.push(book.report(cx.db, org, year, today)?);
        }
        // The asked organisation first, the ones below by name.
        if out.len() > 2 {
            out[1..].sort_by(|a, b| sotay_model::vn::compare(&a.org_name, &b.org_name));
        }
        Ok(out)
    }
}

fn year(y: u32) -> Result<u32, ApiError> {
    if (1930..=2100).contains(&y) {
        Ok(y)
    } else {
        Err(invalid(format!("Năm {y} không hợp lệ")))
    }
}

fn today_month(cx: &Cx<'_>) -> Result<Month, ApiError> {
    Month::of_day(&vn_day(cx.env.now_ms())).ok_or_else(|| invalid("Đồng hồ của máy không hợp lệ"))
}

/// The organisations where this device's member holds a post.
fn my_orgs(db: &Db) -> Result<Vec<Id>, ApiError> {
    Ok(my_posts(db)?.into_iter().map(|(o, _)| o).collect())
}

/// The rules that apply to `org`: its own, then each organisation's above it.
pub(crate) fn applicable_rules(db: &Db, org: Id) -> Result<Vec<RuleView>, ApiError> {
    let book = Book::load(db)?;
    let chain = book.chain(org);
    let mut out = Vec::new();
    for (depth, o) in chain.iter().enumerate() {
        let mut own: Vec<&DuesRule> = book
            .rules
            .iter()
            .filter(|r| r.org_id == *o && !r.retired)
            .collect();
        own.sort_by(|a, b| sotay_model::vn::compare(&a.name, &b.name));
        for r in own {
            out.push(RuleView {
                rule: r.clone(),
                org_name: org_name(db, *o),
                inherited: depth > 0,
            });
        }
    }
    Ok(out)
}

/// The rules for a cell's members, nearest organisation first (also the oversight
/// dashboard's).
pub(crate) fn rules_for(tree: &OrgTree, rules: &[DuesRule], org: Id) -> Vec<DuesRule> {
    tree.chain(org)
        .iter()
        .flat_map(|o| rules.iter().filter(move |r| r.org_id == *o))
        .cloned()
        .collect()
}

/// Every dues row held, and the organisation tree.
struct Book {
    tree: OrgTree,
    rules: Vec<DuesRule>,
    bases: HashMap<Id, Vec<DuesBasis>>,
    payments: HashMap<Id, Vec<DuesPayment>>,
    remittances: Vec<DuesRemittance>,
}

impl Book {
    fn load(db: &Db) -> Result<Book, ApiError> {
        let mut book = Book {
            tree: OrgTree::load(db)?,
            rules: Vec::new(),
            bases: HashMap::new(),
            payments: HashMap::new(),
            remittances: Vec::new(),
        };
        let filter = "r.entity IN ('dues_rule', 'dues_basis', 'dues_payment', 'dues_remittance')";
        for r in rows::select_live(&db.conn, "", filter, [])? {
            match r.entity {
                Entity::DuesRule => book.rules.extend(DuesRule::from_row(&r).ok()),
                Entity::DuesBasis => {
                    if let Ok(b) = DuesBasis::from_row(&r) {
                        book.bases.entry(b.member_id).or_default().push(b);
                    }
                }
                Entity::DuesPayment => {
                    if let Ok(p) = DuesPayment::from_row(&r) {
                        book.payments.entry(p.member_id).or_default().push(p);
                    }
                }
                _ => book.remittances.extend(DuesRemittance::from_row(&r).ok()),
            }
        }
        Ok(book)
    }

    /// `org` and the organisations above it, nearest first.
    fn chain(&self, org: Id) -> Vec<Id> {
        self.tree.chain(org)
    }

    /// Whether a post in one of `posts` covers `org` (the same organisation or one above).
    fn oversees(&self, org: Id, posts: &[Id]) -> bool {
        self.chain(org).iter().any(|o| posts.contains(o))
    }

    fn member(
        &self,
        db: &Db,
        m: &Member,
        rules: &[DuesRule],
        year: u32,
        today: Month,
        may_record: bool,
    ) -> MemberDues {
        let bases = self.bases.get(&m.id).map_or(&[][..], Vec::as_slice);
        let payments = self.payments.get(&m.id).map_or(&[][..], Vec::as_slice);
        let months = member_months(
            bases,
            rules,
            payments,
            Month::of(year, 1),
            Month::of(year, 12),
        );
        let to_date: Vec<_> = months.iter().filter(|l| l.month <= today).collect();
        let expected_to_date: i64 = to_date.iter().filter_map(|l| l.expected).sum();
        let paid_to_date: i64 = to_date.iter().map(|l| l.paid).sum();
        let now = today.max(Month::of(year, 1)).min(Month::of(year, 12));
        let basis = bases
            .iter()
            .filter(|b| b.from_month <= now)
            .max_by_key(|b| (b.from_month, b.id))
            .cloned();
        let category_name = basis
            .as_ref()
            .and_then(|b| rules.iter().find(|r| r.category == b.category))
            .map(|r| r.name.clone());
        let reversed: HashSet<Id> = payments.iter().filter_map(|p| p.reverses).collect();
        let mut lines: Vec<PaymentLine> = payments
            .iter()
            .map(|p| PaymentLine {
                payment: p.clone(),
                recorded_by_name: member_name(db, Some(p.recorded_by)),
                reversed: reversed.contains(&p.id),
            })
            .collect();
        lines.sort_by(|a, b| {
            b.payment
                .paid_on
                .cmp(&a.payment.paid_on)
                .then(b.payment.month.cmp(&a.payment.month))
                .then(b.payment.id.cmp(&a.payment.id))
        });
        MemberDues {
            member_id: m.id,
            full_name: m.full_name.clone(),
            cell_id: m.cell_id,
            year,
            category_name,
            basis,
            monthly: expected_for(bases, rules, now),
            paid_in_year: months.iter().map(|l| l.paid).sum(),
            months,
            payments: lines,
            expected_to_date,
            balance: paid_to_date - expected_to_date,
            may_record,
        }
    }

    /// One organisation's subtree for a year: owed and collected per month, and what
    /// the organisation itself remitted.
    fn report(&self, db: &Db, org: Id, year: u32, today: Month) -> Result<OrgDues, ApiError> {
        let members: Vec<Member> = crate::administration::members::list(db, org)?
            .into_iter()
            .filter(|m| m.status.is_active())
            .collect();
        let mut months: Vec<OrgMonth> = (1..=12)
            .map(|n| OrgMonth {
                month: Month::of(year, n),
                expected: 0,
                collected: 0,
                remitted: 0,
            })
            .collect();
        let now = today.max(Month::of(year, 1)).min(Month::of(year, 12));
        let mut without = 0;
        let mut rules_by_cell: HashMap<Id, Vec<DuesRule>> = HashMap::new();
        for m in &members {
            let rules = rules_by_cell
                .entry(m.cell_id)
                .or_insert_with(|| rules_for(&self.tree, &self.rules, m.cell_id));
            let bases = self.bases.get(&m.id).map_or(&[][..], Vec::as_slice);
            let payments = self.payments.get(&m.id).map_or(&[][..], Vec::as_slice);
            let lines = member_months(
                bases,
                rules,
                payments,
                Month::of(year, 1),
                Month::of(year, 12),
            );
            for (slot, line) in months.iter_mut().zip(&lines) {
                slot.expected += line.expected.unwrap_or(0);
                slot.collected += line.paid;
            }
            if expected_for(bases, rules, now).is_none() {
                without += 1;
            }
        }
        for r in self.remittances.iter().filter(|r| r.org_id == org) {
            if let Some(slot) = months.iter_mut().find(|s| s.month == r.month) {
                slot.remitted += r.amount_dong;
            }
        }
        Ok(OrgDues {
            org_id: org,
            org_name: org_name(db, org),
            expected: months.iter().map(|m| m.expected).sum(),
            collected: months.iter().map(|m| m.collected).sum(),
            remitted: months.iter().map(|m| m.remitted).sum(),
            months,
            members: members.len() as u32,
            members_without_amount: without,
        })
    }
}
