//! The Api's dues types (issue 19): what the dues requests answer. The requests
//! themselves are in [`super::requests`].

use super::balance::MonthLine;
use super::ledger::{DuesBasis, DuesPayment, DuesRemittance};
use super::month::Month;
use super::rule::DuesRule;
use crate::ids::Id;
use serde::{Deserialize, Serialize};

/// A rule as it applies to an organisation: its own, or inherited from above.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleView {
    pub rule: DuesRule,
    /// The organisation that set it.
    pub org_name: String,
    /// Set above the organisation asked about (read-only there).
    pub inherited: bool,
}

/// A payment with the names its line shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentLine {
    pub payment: DuesPayment,
    pub recorded_by_name: String,
    /// A reversal of it is held (it no longer counts).
    pub reversed: bool,
}

/// One member's dues for a year (answer type `dues`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberDues {
    pub member_id: Id,
    pub full_name: String,
    pub cell_id: Id,
    pub year: u32,
    /// The category of the member's latest basis, in words, if any.
    pub category_name: Option<String>,
    /// That latest basis (from this month or before), to start its form from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<DuesBasis>,
    /// What the member owes a month now (`None`: not set yet).
    pub monthly: Option<i64>,
    /// January to December.
    pub months: Vec<MonthLine>,
    /// Newest first.
    pub payments: Vec<PaymentLine>,
    /// Owed from January to this month (months without a known amount count 0).
    pub expected_to_date: i64,
    /// Counted for this year's months, including months paid in advance.
    pub paid_in_year: i64,
    /// Paid for January to this month minus owed for them: below 0 is owing.
    pub balance: i64,
    /// This device's member keeps the cell's dues book.
    pub may_record: bool,
}

/// The cell's dues book for a year: every member, and what the cell remitted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CellDues {
    pub org_id: Id,
    pub org_name: String,
    pub year: u32,
    pub members: Vec<MemberDues>,
    pub remittances: Vec<DuesRemittance>,
    pub may_record: bool,
}

/// One organisation's month in a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgMonth {
    pub month: Month,
    /// Owed by its subtree's members with a known amount.
    pub expected: i64,
    /// Counted for the month by payments in its subtree.
    pub collected: i64,
    /// Remitted by the organisation itself to the level above for the month.
    pub remitted: i64,
}

/// One organisation of a dues report: the asked one first, then each directly below.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgDues {
    pub org_id: Id,
    pub org_name: String,
    pub months: Vec<OrgMonth>,
    pub expected: i64,
    pub collected: i64,
    pub remitted: i64,
    /// Live members of its subtree.
    pub members: u32,
    /// Of them, without a basis or a rule for their category.
    pub members_without_amount: u32,
}
