//! The schedule on the server (issue 15), backend-independent like [`crate::apply`]:
//! where entries sit (a committee's at its organisation; a member's own at the cell
//! of its owner) and the rules the permission table cannot say: an entry is published
//! in its author's name, a member's own entry is made by that member for themselves,
//! and the attendees of a committee's entry are live members.

use crate::apply::Author;
use crate::error::StoreError;
use crate::tree::{at_live_org, at_members_cell, OrgPath, StoredRow, TreeView};
use sotay_model::protocol::RejectReason;
use sotay_model::schedule::{PersonalEntry, ScheduleEntry};
use sotay_model::{Entity, RowState};

fn invalid(msg: impl Into<String>) -> RejectReason {
    RejectReason::Invalid(msg.into())
}

/// A committee's entry sits at its organisation; a member's own at its owner's cell,
/// which its `org_id` must name.
pub fn place(
    view: &impl TreeView,
    row: &RowState,
) -> Result<Result<OrgPath, RejectReason>, StoreError> {
    if row.entity == Entity::PersonalEntry {
        return at_members_cell(
            view,
            row,
            "owner_id",
            "lịch riêng thuộc chi bộ của người có lịch",
            "người có lịch không tồn tại",
        );
    }
    at_live_org(view, row.org_id, "tổ chức của lịch công tác không tồn tại")
}

/// An entry speaks for its author; attendees are live members.
pub fn rules(
    view: &impl TreeView,
    author: &Author,
    row: &RowState,
    old: Option<&StoredRow>,
) -> Result<Result<(), RejectReason>, StoreError> {
    if row.tombstone.is_some() {
        return Ok(Ok(()));
    }
    let actor = match author {
        Author::Member(a) => Some(a.member),
        Author::Server => None,
    };
    match row.entity {
        Entity::PersonalEntry => {
            let Ok(e) = PersonalEntry::from_row(row) else {
                return Ok(Err(invalid("lịch riêng không hợp lệ")));
            };
            if actor.is_some_and(|a| a != e.owner_id) {
                return Ok(Err(invalid("chỉ được ghi lịch riêng của chính mình")));
            }
        }
        Entity::ScheduleEntry => {
            let Ok(e) = ScheduleEntry::from_row(row) else {
                return Ok(Err(invalid("lịch công tác không hợp lệ")));
            };
            if old.is_none() && actor.is_some_and(|a| a != e.published_by) {
                return Ok(Err(invalid("lịch công tác phải ghi đúng người đăng")));
            }
            for a in &e.attendees {
                let live = view
                    .row(*a)?
                    .is_some_and(|m| m.row.entity == Entity::Member && !m.tombstoned());
                if !live {
                    return Ok(Err(invalid("người dự có tên trong lịch không tồn tại")));
                }
            }
        }
        _ => {}
    }
    Ok(Ok(()))
}
