//! Party dues on this device (issue 19): the committee's rule table, each member's
//! basis, the treasurer's payments and reversals and the cell's remittances, all
//! written offline and judged by the server at sync; in `views` what a member, a
//! cell's dues book and a committee's report show, derived by
//! `sotay_model::dues::balance`.

pub(crate) mod views;

use crate::calls::{Cx, Local};
use crate::db::Db;
use crate::error::{invalid, not_found};
use crate::meetings::me;
use crate::tasks::my_posts;
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::dues::ledger::{MAX_AMOUNT, MAX_MONTHS};
use sotay_model::dues::requests::{
    DeleteDuesRule, RecordDuesPayment, RecordRemittance, ReverseDuesPayment, SetDuesBasis,
    SetDuesRule,
};
use sotay_model::dues::{DuesBasis, DuesPayment, DuesRemittance, DuesRule};
use sotay_model::entities::Member;
use sotay_model::row::Row;
use sotay_model::tasks::vn_day;
use sotay_model::{Entity, Id};

fn forbidden(message: &str) -> ApiError {
    ApiError::new(ApiErrorKind::Forbidden, message)
}

/// This device's member keeps the dues book of `org` (its committee or office).
pub(crate) fn keeps_book(db: &Db, org: Id) -> Result<bool, ApiError> {
    Ok(my_posts(db)?.iter().any(|(o, _)| *o == org))
}

/// This device's member sits on the committee of `org` (sets its rule table).
fn on_committee(db: &Db, org: Id) -> Result<bool, ApiError> {
    Ok(my_posts(db)?
        .iter()
        .any(|(o, t)| *o == org && t.on_committee()))
}

fn must_keep_book(db: &Db, org: Id) -> Result<(), ApiError> {
    if keeps_book(db, org)? {
        Ok(())
    } else {
        Err(forbidden(
            "Chỉ cấp ủy, văn phòng của chi bộ mới được ghi sổ thu đảng phí của chi bộ",
        ))
    }
}

fn day_or_today(day: Option<&str>, now_ms: u64) -> Result<String, ApiError> {
    match day.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(vn_day(now_ms)),
        Some(d) if sotay_model::entities::valid_date(d) => Ok(d.to_string()),
        Some(d) => Err(invalid(format!(
            "Ngày \"{d}\" không hợp lệ; hãy chọn ngày theo lịch"
        ))),
    }
}

impl Local for SetDuesRule {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        if !on_committee(cx.db, self.org_id)? {
            return Err(forbidden(
                "Chỉ cấp ủy của tổ chức mới được quy định mức đóng đảng phí",
            ));
        }
        let category = self.category.trim().to_lowercase();
        let rule = DuesRule {
            id: DuesRule::row_id(self.org_id, &category),
            org_id: self.org_id,
            category,
            name: self.name.trim().to_string(),
            per_mille: self.per_mille,
            fixed_dong: self.fixed_dong,
            retired: false,
        };
        cx.db.save(cx.env, &rule)
    }
}

impl Local for DeleteDuesRule {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let rule: DuesRule = cx
            .db
            .live_typed(self.id)?
            .ok_or_else(|| not_found("Không tìm thấy mức đóng này trên máy"))?;
        if !on_committee(cx.db, rule.org_id)? {
            return Err(forbidden(
                "Chỉ cấp ủy của tổ chức mới được quy định mức đóng đảng phí",
            ));
        }
        // Retired, not deleted: the category may be set again later (its id is derived).
        let retired = DuesRule {
            retired: true,
            ..rule.clone()
        };
        cx.db.save(cx.env, &retired)?;
        Ok(())
    }
}

fn member(db: &Db, id: Id) -> Result<Member, ApiError> {
    crate::administration::members::get(db, id)
}

impl Local for SetDuesBasis {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let m = member(cx.db, self.member_id)?;
        must_keep_book(cx.db, m.cell_id)?;
        let category = self.category.trim().to_lowercase();
        let known = views::applicable_rules(cx.db, m.cell_id)?
            .iter()
            .any(|r| r.rule.category == category);
        if !known {
            return Err(invalid(format!(
                "Chưa có mức đóng cho đối tượng \"{category}\"; hãy chọn một đối tượng trong bảng mức đóng"
            )));
        }
        let basis = DuesBasis {
            id: DuesBasis::row_id(m.id, self.from_month),
            org_id: m.cell_id,
            member_id: m.id,
            from_month: self.from_month,
            category,
            income_dong: self.income_dong,
        };
        cx.db.save(cx.env, &basis)
    }
}

impl Local for RecordDuesPayment {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let me = me(cx.db)?;
        let m = member(cx.db, self.member_id)?;
        must_keep_book(cx.db, m.cell_id)?;
        if !(1..=MAX_MONTHS).contains(&self.months) {
            return Err(invalid(format!("Một lần thu từ 1 đến {MAX_MONTHS} tháng")));
        }
        if !(1..=MAX_AMOUNT).contains(&self.amount_dong) {
            return Err(invalid("Số tiền thu phải lớn hơn 0 đồng"));
        }
        let p = DuesPayment {
            id: cx.env.new_id(),
            org_id: m.cell_id,
            member_id: m.id,
            month: self.month,
            months: self.months,
            amount_dong: self.amount_dong,
            method: self.method,
            receipt_no: self.receipt_no.trim().to_string(),
            paid_on: day_or_today(self.paid_on.as_deref(), cx.env.now_ms())?,
            recorded_by: me,
            reverses: None,
            reason: String::new(),
        };
        cx.db
            .commit_local(cx.env, Entity::DuesPayment, p.id, p.to_fields(), false)?;
        Ok(p.id)
    }
}

impl Local for ReverseDuesPayment {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let me = me(cx.db)?;
        let p: DuesPayment = cx
            .db
            .live_typed(self.payment_id)?
            .ok_or_else(|| not_found("Không tìm thấy lần thu này trên máy"))?;
        must_keep_book(cx.db, p.org_id)?;
        if p.reverses.is_some() {
            return Err(invalid("Không điều chỉnh một bút toán điều chỉnh"));
        }
        if cx.db.row(DuesPayment::reversal_id(p.id))?.is_some() {
            return Err(invalid("Lần thu này đã được điều chỉnh"));
        }
        if self.reason.trim().is_empty() {
            return Err(invalid("Hãy ghi lý do điều chỉnh"));
        }
        let today = vn_day(cx.env.now_ms());
        let r = p.reversal(me, &today, &self.reason);
        cx.db
            .commit_local(cx.env, Entity::DuesPayment, r.id, r.to_fields(), false)?;
        Ok(r.id)
    }
}

impl Local for RecordRemittance {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let me = me(cx.db)?;
        must_keep_book(cx.db, self.org_id)?;
        let org = crate::administration::organisations::get(cx.db, self.org_id)?;
        let Some(parent) = org.parent_id else {
            return Err(invalid(
                "Tổ chức cấp cao nhất không nộp đảng phí lên cấp nào",
            ));
        };
        if !(1..=MAX_AMOUNT).contains(&self.amount_dong) {
            return Err(invalid("Số tiền nộp phải lớn hơn 0 đồng"));
        }
        let r = DuesRemittance {
            id: cx.env.new_id(),
            org_id: org.id,
            to_org_id: parent,
            month: self.month,
            amount_dong: self.amount_dong,
            paid_on: day_or_today(self.paid_on.as_deref(), cx.env.now_ms())?,
            recorded_by: me,
            note: self.note.trim().to_string(),
        };
        cx.db
            .commit_local(cx.env, Entity::DuesRemittance, r.id, r.to_fields(), false)?;
        Ok(r.id)
    }
}
