//! The dues screens' pure rules, apart from Yew so they are tested natively: what a
//! month's line says (đã nộp, còn thiếu, nộp trước, chưa xác định mức), the forms of
//! the cell's dues book ("Thu đảng phí" with its amount pre-filled from the monthly
//! amount, "Điều chỉnh", "Mức đóng", "Nộp cấp trên") and of the rule table, each naming
//! every problem at once, and the sums the book shows (a month's collections).

use crate::format::{group_thousands, parse_dong};
use sotay_model::dues::api::{CellDues, MemberDues, PaymentLine, RuleView};
use sotay_model::dues::requests::{
    RecordDuesPayment, RecordRemittance, ReverseDuesPayment, SetDuesBasis, SetDuesRule,
};
use sotay_model::dues::{DuesBasis, Month, MonthLine, PayMethod};
use sotay_model::ids::Id;
use sotay_model::vn::parse_date;

/// What one month of one member says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MonthState {
    /// Paid at least what is owed, for this month or one gone by.
    Paid,
    /// Paid at least what is owed for a month still to come.
    Advance,
    /// Less than owed (nothing or part), for this month or one gone by.
    Short,
    /// Not paid yet, and the month has not come.
    NotDue,
    /// No basis, or no rule for the member's category: "chưa xác định mức đóng".
    Unset,
}

impl MonthState {
    /// The stable word of the screens' `data-state` attributes.
    pub fn slug(self) -> &'static str {
        match self {
            MonthState::Paid => "paid",
            MonthState::Advance => "advance",
            MonthState::Short => "short",
            MonthState::NotDue => "not_due",
            MonthState::Unset => "unset",
        }
    }
}

/// The state of `line` when the current month is `now`.
pub fn month_state(line: &MonthLine, now: Month) -> MonthState {
    let Some(owed) = line.expected else {
        return MonthState::Unset;
    };
    let future = line.month > now;
    match (line.paid >= owed, future) {
        (true, true) => MonthState::Advance,
        (true, false) => MonthState::Paid,
        (false, true) => MonthState::NotDue,
        (false, false) => MonthState::Short,
    }
}

/// What is still owed for a month (0 when paid or in advance).
pub fn shortfall(line: &MonthLine) -> i64 {
    line.expected.map_or(0, |e| (e - line.paid).max(0))
}

/// The twelve months of `year`.
pub fn months_of(year: u32) -> Vec<Month> {
    (1..=12).map(|m| Month::of(year, m)).collect()
}

/// The month `yyyy-mm` of an ISO day or of `month_of`'s answer; `fallback` when it
/// does not read (a native build has no clock).
pub fn month_or(s: &str, fallback: Month) -> Month {
    Month::parse(s.get(0..7).unwrap_or("")).unwrap_or(fallback)
}

/// The years a year selector offers: two back and one ahead of `now`'s, and `shown`.
pub fn year_choices(now: Month, shown: u32) -> Vec<u32> {
    let mut years: Vec<u32> = (now.year().saturating_sub(2)..=now.year() + 1).collect();
    if !years.contains(&shown) {
        years.push(shown);
        years.sort_unstable();
    }
    years
}

/// A payment as its line in a history shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentKind {
    /// It counts.
    Counted,
    /// A reversal of it is held: it no longer counts.
    Reversed,
    /// The reversing entry itself (negative, with a reason).
    Reversal,
}

pub fn payment_kind(p: &PaymentLine) -> PaymentKind {
    if p.payment.reverses.is_some() {
        PaymentKind::Reversal
    } else if p.reversed {
        PaymentKind::Reversed
    } else {
        PaymentKind::Counted
    }
}

/// The months a payment covers, as a screen says it: "12/2026" or "12/2026–02/2027".
pub fn months_span(first: Month, months: u32) -> String {
    let show = |m: Month| format!("{:02}/{}", m.number(), m.year());
    if months <= 1 {
        show(first)
    } else {
        format!("{}–{}", show(first), show(first.plus(months - 1)))
    }
}

/// What is wrong with a form, one entry per problem (shown all at once).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormError {
    NeedMonth,
    BadMonths,
    NeedAmount,
    BadAmount,
    BadDate,
    NeedReason,
    NeedCategory,
    BadIncome,
    NeedCode,
    NeedName,
    BadPerMille,
    BadFixed,
    NeedRate,
}

/// The most months one payment covers (the model's `MAX_MONTHS`).
pub const MAX_MONTHS: u32 = 24;

/// "Thu đảng phí" as typed: the month as `yyyy-mm`, the date as dd/MM/yyyy (empty:
/// today). `monthly` is the member's monthly amount, which pre-fills the amount.
#[derive(Clone, Debug, PartialEq)]
pub struct PaymentForm {
    pub member_id: Id,
    pub month: String,
    pub months: String,
    pub amount: String,
    /// The amount was typed by hand: a change of months no longer re-fills it.
    pub amount_typed: bool,
    pub monthly: Option<i64>,
    pub method: PayMethod,
    pub receipt_no: String,
    pub paid_on: String,
}

impl PaymentForm {
    /// A payment of one month from `month`, its amount the monthly one.
    pub fn new(member_id: Id, month: Month, monthly: Option<i64>) -> PaymentForm {
        let mut f = PaymentForm {
            member_id,
            month: month.to_string(),
            months: "1".into(),
            amount: String::new(),
            amount_typed: false,
            monthly,
            method: PayMethod::Cash,
            receipt_no: String::new(),
            paid_on: String::new(),
        };
        f.prefill();
        f
    }

    /// The amount for the months typed (monthly × months), unless typed by hand.
    fn prefill(&mut self) {
        if self.amount_typed {
            return;
        }
        let n = self.months.trim().parse::<i64>().ok().filter(|n| *n >= 1);
        self.amount = match (self.monthly, n) {
            (Some(m), Some(n)) if m > 0 => group_thousands(m * n),
            _ => String::new(),
        };
    }

    pub fn set_months(&mut self, v: String) {
        self.months = v;
        self.prefill();
    }

    pub fn set_amount(&mut self, v: String) {
        // Emptied: back to the pre-filled amount on the next change of months.
        self.amount_typed = !v.trim().is_empty();
        self.amount = v;
    }

    pub fn to_request(&self) -> Result<RecordDuesPayment, Vec<FormError>> {
        let mut errs = vec![];
        let month = Month::parse(self.month.trim());
        if month.is_none() {
            errs.push(FormError::NeedMonth);
        }
        let months = self
            .months
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_MONTHS).contains(n));
        if months.is_none() {
            errs.push(FormError::BadMonths);
        }
        let amount = amount_of(&self.amount, FormError::NeedAmount, &mut errs);
        if amount == Some(0) {
            errs.push(FormError::BadAmount);
        }
        let paid_on = date_of(&self.paid_on, &mut errs);
        match (month, months, amount) {
            (Some(month), Some(months), Some(amount_dong)) if errs.is_empty() => {
                Ok(RecordDuesPayment {
                    member_id: self.member_id,
                    month,
                    months,
                    amount_dong,
                    method: self.method,
                    receipt_no: self.receipt_no.trim().to_string(),
                    paid_on,
                })
            }
            _ => Err(errs),
        }
    }
}

/// An amount field: empty is `empty`, anything not an amount of đồng is `BadAmount`.
fn amount_of(s: &str, empty: FormError, errs: &mut Vec<FormError>) -> Option<i64> {
    if s.trim().is_empty() {
        errs.push(empty);
        return None;
    }
    let a = parse_dong(s);
    if a.is_none() {
        errs.push(FormError::BadAmount);
    }
    a
}

/// A date field: empty is today (`None`), else dd/MM/yyyy.
fn date_of(s: &str, errs: &mut Vec<FormError>) -> Option<String> {
    if s.trim().is_empty() {
        return None;
    }
    let d = parse_date(s);
    if d.is_none() {
        errs.push(FormError::BadDate);
    }
    d
}

/// "Điều chỉnh": the reason is required.
pub fn reversal(payment_id: Id, reason: &str) -> Result<ReverseDuesPayment, Vec<FormError>> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(vec![FormError::NeedReason]);
    }
    Ok(ReverseDuesPayment {
        payment_id,
        reason: reason.to_string(),
    })
}

/// "Mức đóng" of a member: the category among the rules that apply to the cell, the
/// income (0 for a fixed category), from a month on.
#[derive(Clone, Debug, PartialEq)]
pub struct BasisForm {
    pub member_id: Id,
    pub category: String,
    pub income: String,
    pub from_month: String,
}

impl BasisForm {
    pub fn new(member_id: Id, from_month: Month) -> BasisForm {
        BasisForm {
            member_id,
            category: String::new(),
            income: String::new(),
            from_month: from_month.to_string(),
        }
    }

    /// The form for a member whose latest basis is known: its category and income, from
    /// `from_month` on (a change of income starts a new basis).
    pub fn from_basis(basis: &DuesBasis, from_month: Month) -> BasisForm {
        BasisForm {
            member_id: basis.member_id,
            category: basis.category.clone(),
            income: if basis.income_dong == 0 {
                String::new()
            } else {
                group_thousands(basis.income_dong)
            },
            from_month: from_month.to_string(),
        }
    }

    pub fn to_request(&self) -> Result<SetDuesBasis, Vec<FormError>> {
        let mut errs = vec![];
        let from_month = Month::parse(self.from_month.trim());
        if from_month.is_none() {
            errs.push(FormError::NeedMonth);
        }
        if self.category.trim().is_empty() {
            errs.push(FormError::NeedCategory);
        }
        let income = if self.income.trim().is_empty() {
            Some(0)
        } else {
            let i = parse_dong(&self.income);
            if i.is_none() {
                errs.push(FormError::BadIncome);
            }
            i
        };
        match (from_month, income) {
            (Some(from_month), Some(income_dong)) if errs.is_empty() => Ok(SetDuesBasis {
                member_id: self.member_id,
                from_month,
                category: self.category.trim().to_string(),
                income_dong,
            }),
            _ => Err(errs),
        }
    }
}

/// What the rule of `category` makes of `income` a month, for the form's preview.
pub fn preview(rules: &[RuleView], category: &str, income: &str) -> Option<i64> {
    let rule = rules.iter().find(|r| r.rule.category == category)?;
    let income = if income.trim().is_empty() {
        0
    } else {
        parse_dong(income)?
    };
    Some(sotay_model::dues::monthly_amount(&rule.rule, income))
}

/// The rules a member's category may be chosen from: one per category, the nearest
/// organisation's (the list comes nearest first, as `ListDuesRules` answers).
pub fn categories(rules: &[RuleView]) -> Vec<&RuleView> {
    let mut seen = std::collections::HashSet::new();
    rules
        .iter()
        .filter(|r| seen.insert(r.rule.category.as_str()))
        .collect()
}

/// What the cell's members paid that counts for `month` (what "Nộp cấp trên"
/// pre-fills).
pub fn collected_in(book: &CellDues, month: Month) -> i64 {
    book.members
        .iter()
        .flat_map(|m| m.months.iter())
        .filter(|l| l.month == month)
        .map(|l| l.paid)
        .sum()
}

/// What the book's members owe and paid this year: (owed to date, paid in year).
pub fn book_totals(book: &CellDues) -> (i64, i64) {
    book.members.iter().fold((0, 0), |(e, p), m| {
        (e + m.expected_to_date, p + m.paid_in_year)
    })
}

/// Members owing first (most owed first), then by the book's own order.
pub fn owing_first(members: &[MemberDues]) -> Vec<&MemberDues> {
    let mut out: Vec<&MemberDues> = members.iter().collect();
    out.sort_by_key(|m| m.balance.min(0));
    out
}

/// "Nộp cấp trên" as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct RemittanceForm {
    pub org_id: Id,
    pub month: String,
    pub amount: String,
    pub amount_typed: bool,
    pub paid_on: String,
    pub note: String,
}

impl RemittanceForm {
    /// For `month`, its amount what the book collected for it.
    pub fn new(book: &CellDues, month: Month) -> RemittanceForm {
        let mut f = RemittanceForm {
            org_id: book.org_id,
            month: month.to_string(),
            amount: String::new(),
            amount_typed: false,
            paid_on: String::new(),
            note: String::new(),
        };
        f.prefill(book);
        f
    }

    fn prefill(&mut self, book: &CellDues) {
        if self.amount_typed {
            return;
        }
        self.amount = match Month::parse(&self.month) {
            Some(m) if collected_in(book, m) > 0 => group_thousands(collected_in(book, m)),
            _ => String::new(),
        };
    }

    pub fn set_month(&mut self, v: String, book: &CellDues) {
        self.month = v;
        self.prefill(book);
    }

    pub fn set_amount(&mut self, v: String) {
        self.amount_typed = !v.trim().is_empty();
        self.amount = v;
    }

    pub fn to_request(&self) -> Result<RecordRemittance, Vec<FormError>> {
        let mut errs = vec![];
        let month = Month::parse(self.month.trim());
        if month.is_none() {
            errs.push(FormError::NeedMonth);
        }
        let amount = amount_of(&self.amount, FormError::NeedAmount, &mut errs);
        if amount == Some(0) {
            errs.push(FormError::BadAmount);
        }
        let paid_on = date_of(&self.paid_on, &mut errs);
        match (month, amount) {
            (Some(month), Some(amount_dong)) if errs.is_empty() => Ok(RecordRemittance {
                org_id: self.org_id,
                month,
                amount_dong,
                paid_on,
                note: self.note.trim().to_string(),
            }),
            _ => Err(errs),
        }
    }
}

/// A rule as typed: a category code, its name, ‰ of income and/or a fixed amount.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleForm {
    pub category: String,
    pub name: String,
    pub per_mille: String,
    pub fixed: String,
    /// Editing an existing rule: its category cannot change (it is the row's key).
    pub editing: bool,
}

/// The most a rule takes of income, in per mille (the model's `MAX_PER_MILLE`).
pub const MAX_PER_MILLE: u32 = 100;
/// The most a rule's fixed amount is (the model's `MAX_FIXED`).
pub const MAX_FIXED: i64 = 10_000_000;

impl RuleForm {
    pub fn editing(r: &RuleView) -> RuleForm {
        RuleForm {
            category: r.rule.category.clone(),
            name: r.rule.name.clone(),
            per_mille: if r.rule.per_mille > 0 {
                r.rule.per_mille.to_string()
            } else {
                String::new()
            },
            fixed: if r.rule.fixed_dong > 0 {
                group_thousands(r.rule.fixed_dong)
            } else {
                String::new()
            },
            editing: true,
        }
    }

    pub fn to_request(&self, org_id: Id) -> Result<SetDuesRule, Vec<FormError>> {
        let mut errs = vec![];
        let category = self.category.trim();
        if category.is_empty() {
            errs.push(FormError::NeedCode);
        }
        if self.name.trim().is_empty() {
            errs.push(FormError::NeedName);
        }
        let per_mille = if self.per_mille.trim().is_empty() {
            Some(0)
        } else {
            let p = self
                .per_mille
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|p| *p <= MAX_PER_MILLE);
            if p.is_none() {
                errs.push(FormError::BadPerMille);
            }
            p
        };
        let fixed = if self.fixed.trim().is_empty() {
            Some(0)
        } else {
            let f = parse_dong(&self.fixed).filter(|f| *f <= MAX_FIXED);
            if f.is_none() {
                errs.push(FormError::BadFixed);
            }
            f
        };
        if per_mille == Some(0) && fixed == Some(0) {
            errs.push(FormError::NeedRate);
        }
        match (per_mille, fixed) {
            (Some(per_mille), Some(fixed_dong)) if errs.is_empty() => Ok(SetDuesRule {
                org_id,
                category: category.to_string(),
                name: self.name.trim().to_string(),
                per_mille,
                fixed_dong,
            }),
            _ => Err(errs),
        }
    }
}

/// A rule's amount in words: "10‰ thu nhập", "3.000 đ", "5‰ thu nhập + 2.000 đ".
pub fn rate_text(per_mille: u32, fixed_dong: i64, of_income: &str) -> String {
    let share = (per_mille > 0).then(|| format!("{per_mille}‰ {of_income}"));
    let fixed = (fixed_dong > 0).then(|| crate::format::show_dong(fixed_dong));
    match (share, fixed) {
        (Some(s), Some(f)) => format!("{s} + {f}"),
        (Some(s), None) => s,
        (None, Some(f)) => f,
        (None, None) => crate::format::show_dong(0),
    }
}
