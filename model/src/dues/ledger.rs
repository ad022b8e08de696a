//! What a cell's treasurer writes: each member's basis (which category, what income,
//! from which month), the payments members make, and what the cell remits to the
//! level above. Payments and remittances are immutable events; a payment is
//! corrected only by a reversing payment (same member and months, opposite amount,
//! a reason), whose id is derived from the one it reverses so that two treasurer
//! devices reversing the same payment offline make one reversal.

use super::month::Month;
use super::rule::{amount, MAX_CATEGORY};
use crate::change::RowState;
use crate::fields::{enum_from, id_field, label, text};
use crate::ids::Id;
use crate::meetings::meeting::{number, optional_id, optional_text};
use serde::{Deserialize, Serialize};

/// A payment covers at most two years ahead.
pub const MAX_MONTHS: u32 = 24;
/// A monthly income or one payment is at most 1,000,000,000 đồng.
pub const MAX_AMOUNT: i64 = 1_000_000_000;
pub const MAX_RECEIPT: usize = 40;
pub const MAX_NOTE: usize = 1_000;

fn month(row: &RowState, field: &str) -> Result<Month, String> {
    row.str(field)
        .and_then(Month::parse)
        .ok_or_else(|| format!("{} phải là tháng dạng yyyy-mm", label(field)))
}

/// A member's dues basis from `from_month` until the next basis of theirs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DuesBasis {
    pub id: Id,
    /// The member's cell.
    pub org_id: Id,
    pub member_id: Id,
    pub from_month: Month,
    /// The rule category that applies ([`super::DuesRule::category`]).
    pub category: String,
    /// The monthly income the share is taken of, in đồng (0 for fixed categories).
    pub income_dong: i64,
}

pub const BASIS_FIELDS: &[&str] = &[
    "org_id",
    "member_id",
    "from_month",
    "category",
    "income_dong",
];
pub const BASIS_IMMUTABLE: &[&str] = &["org_id", "member_id", "from_month"];

impl DuesBasis {
    /// One basis per member and month it starts: setting it again edits it.
    pub fn row_id(member_id: Id, from_month: Month) -> Id {
        Id::derived(
            "sotay dues basis",
            &[member_id.0.as_bytes(), from_month.to_string().as_bytes()],
        )
    }

    pub fn from_row(row: &RowState) -> Result<DuesBasis, String> {
        let income_dong = amount(row, "income_dong")?;
        if !(0..=MAX_AMOUNT).contains(&income_dong) {
            return Err("thu nhập tính đảng phí phải từ 0 đến 1.000.000.000 đồng".into());
        }
        Ok(DuesBasis {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            member_id: id_field(row, "member_id")?,
            from_month: month(row, "from_month")?,
            category: text(row, "category", MAX_CATEGORY)?,
            income_dong,
        })
    }
}

/// How a payment was made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayMethod {
    /// Tiền mặt, against a receipt.
    #[default]
    Cash,
    /// Chuyển khoản.
    Transfer,
}

/// Một lần thu đảng phí (or its reversal).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DuesPayment {
    pub id: Id,
    /// The member's cell.
    pub org_id: Id,
    pub member_id: Id,
    /// The first month paid for.
    pub month: Month,
    /// How many months it pays, from `month` (more than one: paid in advance).
    pub months: u32,
    /// Đồng; negative only for a reversal.
    pub amount_dong: i64,
    pub method: PayMethod,
    /// The receipt's number (số biên lai).
    pub receipt_no: String,
    /// yyyy-mm-dd
    pub paid_on: String,
    /// The treasurer who recorded it.
    pub recorded_by: Id,
    /// The payment this one reverses.
    pub reverses: Option<Id>,
    /// Why (required for a reversal).
    pub reason: String,
}

pub const PAYMENT_FIELDS: &[&str] = &[
    "org_id",
    "member_id",
    "month",
    "months",
    "amount_dong",
    "method",
    "receipt_no",
    "paid_on",
    "recorded_by",
    "reverses",
    "reason",
];

impl DuesPayment {
    /// The id of the reversal of `payment`: one per payment, whichever device makes it.
    pub fn reversal_id(payment: Id) -> Id {
        Id::derived("sotay dues reversal", &[payment.0.as_bytes()])
    }

    pub fn from_row(row: &RowState) -> Result<DuesPayment, String> {
        let months = number(row, "months")?;
        if months == 0 || months > u64::from(MAX_MONTHS) {
            return Err(format!(
                "một lần thu tối đa {MAX_MONTHS} tháng, ít nhất 1 tháng"
            ));
        }
        let amount_dong = amount(row, "amount_dong")?;
        let reverses = optional_id(row, "reverses")?;
        let reason = optional_text(row, "reason", MAX_NOTE)?;
        match reverses {
            None if !(1..=MAX_AMOUNT).contains(&amount_dong) => {
                return Err("số tiền thu phải lớn hơn 0, tối đa 1.000.000.000 đồng".into())
            }
            Some(_) if !(-MAX_AMOUNT..0).contains(&amount_dong) => {
                return Err("bút toán điều chỉnh phải ghi số tiền âm".into())
            }
            Some(_) if reason.is_empty() => return Err("bút toán điều chỉnh phải ghi lý do".into()),
            _ => {}
        }
        let paid_on = text(row, "paid_on", 10)?;
        if !crate::fields::valid_date(&paid_on) {
            return Err("ngày thu không hợp lệ".into());
        }
        Ok(DuesPayment {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            member_id: id_field(row, "member_id")?,
            month: month(row, "month")?,
            months: months as u32,
            amount_dong,
            method: enum_from(row, "method")?,
            receipt_no: optional_text(row, "receipt_no", MAX_RECEIPT)?,
            paid_on,
            recorded_by: id_field(row, "recorded_by")?,
            reverses,
            reason,
        })
    }

    /// The entry that cancels this one: the same member, months and receipt, the
    /// opposite amount.
    pub fn reversal(&self, recorded_by: Id, paid_on: &str, reason: &str) -> DuesPayment {
        DuesPayment {
            id: DuesPayment::reversal_id(self.id),
            amount_dong: -self.amount_dong,
            paid_on: paid_on.to_string(),
            recorded_by,
            reverses: Some(self.id),
            reason: reason.trim().to_string(),
            ..self.clone()
        }
    }
}

/// Nộp đảng phí lên cấp trên: what a cell (or any organisation) passed to the
/// organisation above for a month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DuesRemittance {
    pub id: Id,
    /// The organisation remitting.
    pub org_id: Id,
    /// The organisation above it, receiving.
    pub to_org_id: Id,
    pub month: Month,
    pub amount_dong: i64,
    /// yyyy-mm-dd
    pub paid_on: String,
    pub recorded_by: Id,
    pub note: String,
}

pub const REMITTANCE_FIELDS: &[&str] = &[
    "org_id",
    "to_org_id",
    "month",
    "amount_dong",
    "paid_on",
    "recorded_by",
    "note",
];

impl DuesRemittance {
    pub fn from_row(row: &RowState) -> Result<DuesRemittance, String> {
        let amount_dong = amount(row, "amount_dong")?;
        if !(1..=MAX_AMOUNT).contains(&amount_dong) {
            return Err("số tiền nộp cấp trên phải lớn hơn 0".into());
        }
        let paid_on = text(row, "paid_on", 10)?;
        if !crate::fields::valid_date(&paid_on) {
            return Err("ngày nộp không hợp lệ".into());
        }
        Ok(DuesRemittance {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            to_org_id: id_field(row, "to_org_id")?,
            month: month(row, "month")?,
            amount_dong,
            paid_on,
            recorded_by: id_field(row, "recorded_by")?,
            note: optional_text(row, "note", MAX_NOTE)?,
        })
    }
}

crate::row::org_row!(DuesBasis, DuesBasis, BASIS_FIELDS, BASIS_IMMUTABLE);
crate::row::org_row!(DuesPayment, DuesPayment, PAYMENT_FIELDS, PAYMENT_FIELDS);
crate::row::org_row!(
    DuesRemittance,
    DuesRemittance,
    REMITTANCE_FIELDS,
    REMITTANCE_FIELDS
);
