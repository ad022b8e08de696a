//! The one rule from dues rows to amounts, the same on every device and in every
//! report: a member owes, each month, the monthly amount of the rule for the category
//! of their latest basis starting that month or before, taking the rule of the
//! nearest organisation that has the category; a payment of `n` months counts its
//! amount evenly over them, the đồng that do not divide going to the first month (so
//! a reversal, the same months with the opposite amount, cancels it month by month).

use super::ledger::{DuesBasis, DuesPayment};
use super::month::Month;
use super::rule::{monthly_amount, DuesRule};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One month of one member (or the sum over an organisation's members).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthLine {
    pub month: Month,
    /// What is owed; `None` when the member has no basis or no rule covers their
    /// category yet (the screen says "chưa xác định mức đóng").
    pub expected: Option<i64>,
    /// What the payments count for this month (reversals subtracted).
    pub paid: i64,
}

/// What a member owes in `month`: `bases` are theirs, `rules` the applicable ones
/// nearest organisation first.
pub fn expected_for(bases: &[DuesBasis], rules: &[DuesRule], month: Month) -> Option<i64> {
    let basis = bases
        .iter()
        .filter(|b| b.from_month <= month)
        .max_by_key(|b| (b.from_month, b.id))?;
    let rule = rules
        .iter()
        .find(|r| r.category == basis.category && !r.retired)?;
    Some(monthly_amount(rule, basis.income_dong))
}

/// What the payments count for each month they cover.
pub fn allocate<'a>(payments: impl IntoIterator<Item = &'a DuesPayment>) -> BTreeMap<Month, i64> {
    let mut out: BTreeMap<Month, i64> = BTreeMap::new();
    for p in payments {
        let n = i64::from(p.months.max(1));
        let each = p.amount_dong / n;
        let first = p.amount_dong - each * (n - 1);
        for k in 0..p.months.max(1) {
            let share = if k == 0 { first } else { each };
            *out.entry(p.month.plus(k)).or_default() += share;
        }
    }
    out
}

/// Months `from..=to` of one member.
pub fn member_months(
    bases: &[DuesBasis],
    rules: &[DuesRule],
    payments: &[DuesPayment],
    from: Month,
    to: Month,
) -> Vec<MonthLine> {
    let paid = allocate(payments);
    (0..=from.until(to))
        .map(|k| {
            let month = from.plus(k);
            MonthLine {
                month,
                expected: expected_for(bases, rules, month),
                paid: paid.get(&month).copied().unwrap_or(0),
            }
        })
        .collect()
}
