//! The dues requests (issue 19): local reads and writes, judged by the server at sync.

use super::api::{CellDues, MemberDues, OrgDues, RuleView};
use super::ledger::PayMethod;
use super::month::Month;
use crate::call;
use crate::ids::Id;
use serde::{Deserialize, Serialize};

/// Set (or change) a category's monthly amount for the organisation's subtree (its
/// committee). Answers the rule's id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetDuesRule {
    pub org_id: Id,
    pub category: String,
    pub name: String,
    #[serde(default)]
    pub per_mille: u32,
    #[serde(default)]
    pub fixed_dong: i64,
}
call!(SetDuesRule, "set_dues_rule" => Id);

/// Remove a rule (its committee); members of the category then follow the rule above.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeleteDuesRule {
    pub id: Id,
}
call!(DeleteDuesRule, "delete_dues_rule" => ());

/// The rules that apply to an organisation, nearest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListDuesRules {
    pub org_id: Id,
}
call!(ListDuesRules, "list_dues_rules" => Vec<RuleView>);

/// Set a member's category and income from a month on (the cell's treasurer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetDuesBasis {
    pub member_id: Id,
    pub from_month: Month,
    pub category: String,
    #[serde(default)]
    pub income_dong: i64,
}
call!(SetDuesBasis, "set_dues_basis" => Id);

/// Record a payment (the cell's treasurer), offline: `months` > 1 pays in advance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordDuesPayment {
    pub member_id: Id,
    pub month: Month,
    #[serde(default = "one")]
    pub months: u32,
    pub amount_dong: i64,
    #[serde(default)]
    pub method: PayMethod,
    #[serde(default)]
    pub receipt_no: String,
    /// yyyy-mm-dd; today when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_on: Option<String>,
}
call!(RecordDuesPayment, "record_dues_payment" => Id);

fn one() -> u32 {
    1
}

/// Correct a payment by a reversing entry with a reason (the cell's treasurer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReverseDuesPayment {
    pub payment_id: Id,
    pub reason: String,
}
call!(ReverseDuesPayment, "reverse_dues_payment" => Id);

/// One member's dues for a year: this device's member when `member_id` is absent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DuesStatus {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<Id>,
    pub year: u32,
}
call!(DuesStatus, "dues_status" => MemberDues);

/// A cell's dues book for a year (its committee and office, and those above).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GetCellDues {
    pub org_id: Id,
    pub year: u32,
}
call!(GetCellDues, "get_cell_dues" => CellDues);

/// Collected against owed, and remitted, per month for an organisation and each one
/// directly below it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DuesReport {
    pub org_id: Id,
    pub year: u32,
}
call!(DuesReport, "dues_report" => Vec<OrgDues>);

/// Record what the organisation passed to the level above for a month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordRemittance {
    pub org_id: Id,
    pub month: Month,
    pub amount_dong: i64,
    /// yyyy-mm-dd; today when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_on: Option<String>,
    #[serde(default)]
    pub note: String,
}
call!(RecordRemittance, "record_remittance" => Id);
