//! The demo's party dues (issue 19): the provincial committee's rule table, every
//! member's basis from January of last year (or the month they joined), twelve months
//! of payments in every cell recorded by its secretary (most members paid up, monthly
//! or by the quarter; some owing the last months; a few paid in advance; one payment
//! in each cell entered wrongly, reversed with a reason and entered again), and each
//! cell's monthly remittance to the organisation directly above.
//!
//! The two shares follow Quy định 342-QĐ/TW on đảng phí (1% of salary, 0.5% of a
//! pension); the fixed amounts for students and members without a regular income are
//! illustrative (the Quy định lets the province set them within a range), and so is the
//! 70% a cell passes up.

use super::{Cell, DemoError};
use crate::rows::{row_change, server_hlc};
use crate::store::Store;
use rand::rngs::StdRng;
use rand::Rng;
use sotay_model::dues::{
    allocate, monthly_amount, DuesBasis, DuesPayment, DuesRemittance, DuesRule, Month, PayMethod,
};
use sotay_model::entities::Member;
use sotay_model::ids::Id;
use sotay_model::protocol::Outcome;
use sotay_model::row::Row;
use sotay_model::tasks::vn_day;
use sotay_model::Change;
use std::collections::BTreeMap;

/// (category, name, per mille of income, fixed đồng a month).
const RULES: [(&str, &str, u32, i64); 4] = [
    ("luong", "Hưởng lương, phụ cấp", 10, 0),
    ("huu", "Hưởng lương hưu", 5, 0),
    ("sinh_vien", "Học sinh, sinh viên", 0, 3_000),
    ("khac", "Không có thu nhập thường xuyên", 0, 5_000),
];

/// Per mille of what a cell collects that it passes up.
const REMIT_PER_MILLE: i64 = 700;

/// What the demo's dues hang on.
pub struct DemoDues<'a> {
    pub province: Id,
    pub cells: &'a [Cell],
    pub members: &'a [Member],
    /// (organisation, its parent).
    pub parents: &'a [(Id, Id)],
}

/// How a member pays over the year.
#[derive(Clone, Copy)]
enum Habit {
    /// Every month up to this one.
    UpToDate,
    /// Stopped paying this many months ago.
    Owing(u32),
    /// Paid this many months ahead.
    Ahead(u32),
}

struct Seeder<'r> {
    rng: &'r mut StdRng,
    now_ms: u64,
    today: String,
    changes: Vec<Change>,
}

impl Seeder<'_> {
    fn id(&mut self) -> Id {
        Id::v7(self.now_ms, self.rng.gen())
    }

    fn push<R: Row>(&mut self, row: &R) {
        let cid = self.id();
        self.changes
            .push(row_change(cid, row, server_hlc(self.now_ms)));
    }

    /// A day in `month`, never after today.
    fn day_in(&mut self, month: Month, from: u32, to: u32) -> String {
        let d = self.rng.gen_range(from..=to);
        let day = format!("{month}-{d:02}");
        if day > self.today {
            self.today.clone()
        } else {
            day
        }
    }
}

/// The category and monthly income of a member born in `born`, in 2026.
fn category(rng: &mut StdRng, born: u32) -> (&'static str, i64) {
    if born <= 1964 {
        ("huu", rng.gen_range(350..=900) * 10_000)
    } else if born >= 2002 {
        ("sinh_vien", 0)
    } else if rng.gen_bool(0.55) {
        ("luong", rng.gen_range(500..=1_800) * 10_000)
    } else {
        ("khac", 0)
    }
}

/// Seed the demo's dues; answers how many payments were made (reversals included).
pub fn seed(
    store: &dyn Store,
    rng: &mut StdRng,
    now_ms: u64,
    demo: &DemoDues,
) -> Result<usize, DemoError> {
    let today = vn_day(now_ms);
    let this_month = Month::of_day(&today)
        .ok_or_else(|| DemoError::Refused(format!("ngày không hợp lệ: {today}")))?;
    let mut s = Seeder {
        rng,
        now_ms,
        today,
        changes: Vec::new(),
    };
    let rules: Vec<DuesRule> = RULES
        .iter()
        .map(|&(category, name, per_mille, fixed_dong)| DuesRule {
            id: DuesRule::row_id(demo.province, category),
            org_id: demo.province,
            category: category.into(),
            name: name.into(),
            per_mille,
            fixed_dong,
            retired: false,
        })
        .collect();
    for r in &rules {
        s.push(r);
    }
    let last_january = Month::of(this_month.year() - 1, 1);
    // Twelve months of payments, this month the last.
    let first_paid = Month::of(this_month.year() - 1, this_month.number()).next();
    let mut payments = 0;
    for cell in demo.cells {
        let Some(&treasurer) = cell.members.first() else {
            continue;
        };
        let Some(parent) = demo
            .parents
            .iter()
            .find(|(c, _)| *c == cell.id)
            .map(|(_, p)| *p)
        else {
            continue;
        };
        let mut book: Vec<DuesPayment> = Vec::new();
        // Which member's payment is entered wrongly: a plain member, if there is one.
        let slip = cell.members.get(2).copied();
        for &member_id in &cell.members {
            let Some(m) = demo.members.iter().find(|m| m.id == member_id) else {
                continue;
            };
            let born: u32 = m
                .birth_date
                .get(0..4)
                .and_then(|y| y.parse().ok())
                .unwrap_or(1980);
            let joined = Month::of_day(&m.joined_date).unwrap_or(last_january);
            let from = joined.max(last_january);
            if from > this_month {
                continue;
            }
            let (cat, income) = category(s.rng, born);
            let basis = DuesBasis {
                id: DuesBasis::row_id(member_id, from),
                org_id: cell.id,
                member_id,
                from_month: from,
                category: cat.into(),
                income_dong: income,
            };
            s.push(&basis);
            let Some(rule) = rules.iter().find(|r| r.category == cat) else {
                continue;
            };
            let monthly = monthly_amount(rule, income);
            let habit = match s.rng.gen_range(0..100) {
                0..=11 => Habit::Owing(s.rng.gen_range(1..=3)),
                12..=17 => Habit::Ahead(s.rng.gen_range(2..=5)),
                _ => Habit::UpToDate,
            };
            let quarterly = s.rng.gen_bool(0.3);
            let start = from.max(first_paid);
            let last = match habit {
                Habit::UpToDate => Some(this_month),
                Habit::Owing(k) => start
                    .until(this_month)
                    .checked_sub(k)
                    .map(|n| start.plus(n)),
                Habit::Ahead(k) => Some(this_month.plus(k)),
            };
            let Some(last) = last.filter(|l| *l >= start) else {
                continue;
            };
            // The months paid, in payments: one a month (the advance in one go with
            // this month), or one a calendar quarter.
            let mut groups: Vec<(Month, u32)> = Vec::new();
            let mut k = start;
            while k <= last {
                let n = if quarterly {
                    3 - (k.number() - 1) % 3
                } else if k >= this_month {
                    this_month.until(last) + 1
                } else {
                    1
                };
                let n = n.min(k.until(last) + 1);
                groups.push((k, n));
                k = k.plus(n);
            }
            for (first, months) in groups {
                let p = DuesPayment {
                    id: s.id(),
                    org_id: cell.id,
                    member_id,
                    month: first,
                    months,
                    amount_dong: monthly * i64::from(months),
                    method: if s.rng.gen_bool(0.2) {
                        PayMethod::Transfer
                    } else {
                        PayMethod::Cash
                    },
                    receipt_no: String::new(),
                    paid_on: s.day_in(first, 3, 25),
                    recorded_by: treasurer,
                    reverses: None,
                    reason: String::new(),
                };
                book.push(p);
            }
            // The slip: the member's latest payment entered first with an extra
            // zero, reversed the same day with the reason, and entered again.
            if Some(member_id) == slip {
                if let Some(right) = book.iter().rposition(|p| p.member_id == member_id) {
                    let good = book[right].clone();
                    let wrong = DuesPayment {
                        id: s.id(),
                        amount_dong: good.amount_dong * 10,
                        ..good.clone()
                    };
                    let reversal = wrong.reversal(
                        treasurer,
                        &good.paid_on,
                        "Ghi nhầm số tiền (thừa một chữ số 0); đã ghi lại đúng số tiền",
                    );
                    book.insert(right, reversal);
                    book.insert(right, wrong);
                }
            }
        }
        for (i, p) in book.iter_mut().enumerate() {
            if p.reverses.is_none() {
                p.receipt_no = format!("{}/{:03}", p.month.year(), i + 1);
            }
        }
        // A reversal keeps the receipt of what it cancels.
        for i in 0..book.len() {
            if let Some(target) = book[i].reverses {
                if let Some(no) = book
                    .iter()
                    .find(|p| p.id == target)
                    .map(|p| p.receipt_no.clone())
                {
                    book[i].receipt_no = no;
                }
            }
        }
        for p in &book {
            s.push(p);
        }
        payments += book.len();
        // Each month up to last month, on the 10th of the next, 70% of what it counted.
        let collected: BTreeMap<Month, i64> = allocate(&book);
        let mut month = first_paid;
        while month < this_month {
            let amount = collected.get(&month).copied().unwrap_or(0) * REMIT_PER_MILLE / 1000;
            if amount > 0 {
                let r = DuesRemittance {
                    id: s.id(),
                    org_id: cell.id,
                    to_org_id: parent,
                    month,
                    amount_dong: amount,
                    paid_on: s.day_in(month.next(), 10, 10),
                    recorded_by: treasurer,
                    note: String::new(),
                };
                s.push(&r);
            }
            month = month.next();
        }
    }
    for r in store.seed(&s.changes, now_ms)? {
        if !matches!(r.outcome, Outcome::Accepted { .. }) {
            return Err(DemoError::Refused(format!("{:?}", r.outcome)));
        }
    }
    Ok(payments)
}
