//! Information exchange on the server (issue 16), backend-independent like
//! [`crate::apply`]: where its rows sit. (The rules the permission table cannot say
//! follow in `rules`.)

use crate::error::StoreError;
use crate::tree::{at_live_org, at_members_cell, OrgPath, TreeView};
use sotay_model::protocol::RejectReason;
use sotay_model::{Entity, RowState};

/// A read receipt sits at its reader's cell; every other exchange row at its live
/// organisation.
pub fn place(
    view: &impl TreeView,
    row: &RowState,
) -> Result<Result<OrgPath, RejectReason>, StoreError> {
    if row.entity == Entity::AnnouncementRead {
        return at_members_cell(
            view,
            row,
            "member_id",
            "xác nhận đã đọc ghi ở chi bộ đang sinh hoạt của đảng viên",
            "đảng viên không tồn tại",
        );
    }
    at_live_org(view, row.org_id, "tổ chức không tồn tại")
}
