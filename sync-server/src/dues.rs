//! Dues on the server (issue 19), backend-independent like [`crate::apply`]: where
//! dues rows sit (a rule and a remittance at their organisation, a member's basis and
//! payments at the member's cell, which they must name) and the rules the permission
//! table cannot say: a payment or remittance is recorded in its author's name, a
//! reversal cancels exactly one earlier payment of the same member, and a remittance
//! goes to the organisation directly above.

use crate::apply::Author;
use crate::error::StoreError;
use crate::tree::{at_live_org, at_members_cell, OrgPath, StoredRow, TreeView};
use sotay_model::dues::{DuesBasis, DuesPayment, DuesRemittance, DuesRule};
use sotay_model::protocol::RejectReason;
use sotay_model::{Entity, Id, RowState};

fn invalid(msg: impl Into<String>) -> RejectReason {
    RejectReason::Invalid(msg.into())
}

/// Whether this module judges rows of `entity`.
pub fn owns(entity: Entity) -> bool {
    matches!(
        entity,
        Entity::DuesRule | Entity::DuesBasis | Entity::DuesPayment | Entity::DuesRemittance
    )
}

/// A rule or remittance sits at its live organisation; a basis or payment at the cell
/// of its live member, which its `org_id` must name.
pub fn place(
    view: &impl TreeView,
    row: &RowState,
) -> Result<Result<OrgPath, RejectReason>, StoreError> {
    if matches!(row.entity, Entity::DuesBasis | Entity::DuesPayment) {
        return at_members_cell(
            view,
            row,
            "member_id",
            "đảng phí ghi ở chi bộ đang sinh hoạt của đảng viên",
            "đảng viên nộp đảng phí không tồn tại",
        );
    }
    at_live_org(view, row.org_id, "tổ chức không tồn tại")
}

/// The parent of the organisation at `path`, if it has one.
fn parent_of(path: &OrgPath) -> Option<Id> {
    let ids = path.ids();
    ids.len().checked_sub(2).and_then(|i| ids.get(i).copied())
}

/// Events speak for their author; a reversal cancels one payment exactly; a
/// remittance goes one level up.
pub fn rules(
    view: &impl TreeView,
    author: &Author,
    row: &RowState,
    path: &OrgPath,
    old: Option<&StoredRow>,
) -> Result<Result<(), RejectReason>, StoreError> {
    if !owns(row.entity) || row.tombstone.is_some() || old.is_some() {
        // Only a new row is judged here: events are immutable (every field, and the
        // permission table grants no edit or deletion), and an edit of a basis or a
        // rule needs nothing beyond the table.
        return Ok(Ok(()));
    }
    let actor = match author {
        Author::Member(a) => Some(a.member),
        Author::Server => None,
    };
    match row.entity {
        // One rule per organisation and category, one basis per member and month: the
        // ids every device derives, so that a second row cannot shadow the first.
        Entity::DuesRule => {
            let Ok(r) = DuesRule::from_row(row) else {
                return Ok(Err(invalid("mức đóng đảng phí không hợp lệ")));
            };
            if r.id != DuesRule::row_id(r.org_id, &r.category) {
                return Ok(Err(invalid(
                    "mã của mức đóng không khớp tổ chức và đối tượng",
                )));
            }
        }
        Entity::DuesBasis => {
            let Ok(b) = DuesBasis::from_row(row) else {
                return Ok(Err(invalid("mức đóng của đảng viên không hợp lệ")));
            };
            if b.id != DuesBasis::row_id(b.member_id, b.from_month) {
                return Ok(Err(invalid(
                    "mã của mức đóng không khớp đảng viên và tháng",
                )));
            }
        }
        Entity::DuesPayment => {
            let Ok(p) = DuesPayment::from_row(row) else {
                return Ok(Err(invalid("lần thu đảng phí không hợp lệ")));
            };
            if actor.is_some_and(|a| a != p.recorded_by) {
                return Ok(Err(invalid("lần thu phải ghi đúng người thu")));
            }
            if let Some(target) = p.reverses {
                return reversal(view, &p, target);
            }
        }
        Entity::DuesRemittance => {
            let Ok(r) = DuesRemittance::from_row(row) else {
                return Ok(Err(invalid("lần nộp đảng phí lên cấp trên không hợp lệ")));
            };
            if actor.is_some_and(|a| a != r.recorded_by) {
                return Ok(Err(invalid("lần nộp phải ghi đúng người nộp")));
            }
            if parent_of(path) != Some(r.to_org_id) {
                return Ok(Err(invalid(
                    "đảng phí nộp lên tổ chức đảng cấp trên trực tiếp",
                )));
            }
        }
        _ => {}
    }
    Ok(Ok(()))
}

fn reversal(
    view: &impl TreeView,
    p: &DuesPayment,
    target: Id,
) -> Result<Result<(), RejectReason>, StoreError> {
    if p.id != DuesPayment::reversal_id(target) {
        return Ok(Err(invalid(
            "mã bút toán điều chỉnh không khớp lần thu được điều chỉnh",
        )));
    }
    let original = view
        .row(target)?
        .filter(|s| s.row.entity == Entity::DuesPayment && !s.tombstoned())
        .and_then(|s| DuesPayment::from_row(&s.row).ok());
    let Some(o) = original else {
        return Ok(Err(invalid("lần thu được điều chỉnh không tồn tại")));
    };
    let exact = o.reverses.is_none()
        && o.member_id == p.member_id
        && o.org_id == p.org_id
        && o.month == p.month
        && o.months == p.months
        && o.amount_dong == -p.amount_dong;
    Ok(if exact {
        Ok(())
    } else {
        Err(invalid(
            "bút toán điều chỉnh phải cùng đảng viên, cùng các tháng và ngược số tiền với lần thu gốc",
        ))
    })
}
