//! The dues rule table (bảng mức đóng đảng phí): data a committee sets for its
//! subtree, not code. A rule names a category of members ("hưởng lương", "hưởng lương
//! hưu", "học sinh, sinh viên") and its monthly amount: a share of the member's
//! income in per mille, a fixed amount, or both. A cell's members follow the rule of
//! the nearest organisation above (or the cell itself) that has their category.

use crate::change::RowState;
use crate::fields::{id_field, text};
use crate::ids::Id;
use serde::{Deserialize, Serialize};

pub const MAX_CATEGORY: usize = 40;
pub const MAX_NAME: usize = 200;
/// At most 10% of income.
pub const MAX_PER_MILLE: u32 = 100;
/// At most 10,000,000 đồng a month of fixed amount.
pub const MAX_FIXED: i64 = 10_000_000;

/// Mức đóng đảng phí of one category, set by a committee for its subtree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DuesRule {
    pub id: Id,
    /// The committee's organisation that set it.
    pub org_id: Id,
    /// A short code members' bases name ("luong", "huu", "sinh_vien").
    pub category: String,
    /// The category in words.
    pub name: String,
    /// Share of the monthly income, in per mille (10 = 1%).
    pub per_mille: u32,
    /// Fixed monthly amount in đồng (added to the share).
    pub fixed_dong: i64,
    /// No longer applies (the category then follows the rule above). A rule is retired
    /// rather than deleted: its id is derived from its organisation and category, and a
    /// deleted row never comes back, so the category could never be set again.
    #[serde(default)]
    pub retired: bool,
}

pub const FIELDS: &[&str] = &[
    "org_id",
    "category",
    "name",
    "per_mille",
    "fixed_dong",
    "retired",
];
pub const IMMUTABLE: &[&str] = &["org_id", "category"];

impl DuesRule {
    /// One rule per organisation and category: two devices setting the same category
    /// offline edit one row.
    pub fn row_id(org_id: Id, category: &str) -> Id {
        Id::derived(
            "sotay dues rule",
            &[org_id.0.as_bytes(), category.trim().as_bytes()],
        )
    }

    pub fn from_row(row: &RowState) -> Result<DuesRule, String> {
        let category = text(row, "category", MAX_CATEGORY)?;
        let per_mille = crate::meetings::meeting::number(row, "per_mille")?;
        if per_mille > u64::from(MAX_PER_MILLE) {
            return Err("tỷ lệ đóng đảng phí tối đa 100‰ (10%) thu nhập".into());
        }
        let fixed_dong = amount(row, "fixed_dong")?;
        if !(0..=MAX_FIXED).contains(&fixed_dong) {
            return Err("mức đóng cố định phải từ 0 đến 10.000.000 đồng".into());
        }
        if per_mille == 0 && fixed_dong == 0 {
            return Err("mức đóng phải có tỷ lệ theo thu nhập hoặc số tiền cố định".into());
        }
        Ok(DuesRule {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            category,
            name: text(row, "name", MAX_NAME)?,
            per_mille: per_mille as u32,
            fixed_dong,
            retired: match row.fields.get("retired").map(|f| &f.value) {
                None | Some(serde_json::Value::Null) => false,
                Some(serde_json::Value::Bool(b)) => *b,
                Some(_) => return Err("trường ngừng áp dụng phải là đúng hoặc sai".into()),
            },
        })
    }
}

/// An amount in đồng: a JSON integer, never a float.
pub(crate) fn amount(row: &RowState, field: &str) -> Result<i64, String> {
    row.fields
        .get(field)
        .and_then(|f| f.value.as_i64())
        .ok_or_else(|| format!("{} phải là số nguyên đồng", crate::fields::label(field)))
}

/// What a member of this rule's category owes a month on a monthly income of
/// `income_dong`: the share rounded half up to the đồng, plus the fixed amount.
pub fn monthly_amount(rule: &DuesRule, income_dong: i64) -> i64 {
    let share = (i128::from(income_dong.max(0)) * i128::from(rule.per_mille) + 500) / 1000;
    i64::try_from(share)
        .unwrap_or(i64::MAX)
        .saturating_add(rule.fixed_dong)
}

crate::row::org_row!(DuesRule, DuesRule, FIELDS, IMMUTABLE);
