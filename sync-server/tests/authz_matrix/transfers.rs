//! The matrix's cases for membership transfer (issue 19). A transfer sits at its
//! member's cell (the sending cell): the actor's own for `Own`, otherwise a member of
//! the cell standing in `rel`; it sends them to another cell. The receiver's copy sits
//! at the receiving cell: the cell standing in `rel` (for `Own`, another cell than the
//! actor's), for a member coming from another cell; the server makes it when the
//! transfer is seeded, and no device creates one.
//!
//! Every row satisfies the server's rules beyond the table, so that the table alone
//! decides: a new transfer is issued in the actor's name for a live member with no
//! other open transfer; an edit answers an open one in the actor's name (the sender
//! cancels, the receiver refuses with a reason).

use super::{Plan, Rel, World};
use serde_json::json;
use sotay_model::hlc::Hlc;
use sotay_model::ids::Id;
use sotay_model::permissions::Action;
use sotay_model::transfers::{Transfer, TransferKind, TransferStatus};
use sotay_model::{Change, Entity};
use sotay_server::rows::{delete_change, edit_change, row_change, server_hlc};

fn transfer(id: Id, member: Id, from: Id, dest: Id, by: Id) -> Transfer {
    Transfer {
        id,
        org_id: from,
        transfer_id: id,
        member_id: member,
        member_name: "Đặng Văn Hùng".into(),
        card_no: String::new(),
        from_org_id: from,
        from_org_name: "Chi bộ chuyển đi".into(),
        dest_org_id: Some(dest),
        dest_name: "Chi bộ chuyển đến".into(),
        kind: TransferKind::Official,
        reason: "Chuyển nơi cư trú".into(),
        end_date: None,
        issued_by: by,
        issued_date: "2026-12-01".into(),
        status: TransferStatus::Issued,
        decided_by: None,
        decided_date: None,
        note: String::new(),
    }
}

pub fn plan(
    w: &mut World,
    entity: Entity,
    action: Action,
    rel: Rel,
    (home, cell): (Id, Option<Id>),
    cid: Id,
    hlc: Hlc,
) -> Option<Plan> {
    let other_cell = |at: Id| {
        if at == w.org("C3") {
            w.org("C2")
        } else {
            w.org("C3")
        }
    };
    // (member, sending cell, receiving cell, the row's cell).
    let (member, from, dest, org) = match (entity, rel) {
        (Entity::Transfer, Rel::Own) => (w.actor, home, other_cell(home), home),
        (Entity::Transfer, _) => {
            let c = cell?;
            let dest = other_cell(c);
            (w.add_member("Đặng Văn Hùng", c), c, dest, c)
        }
        (Entity::TransferIn, Rel::Own) => {
            let dest = other_cell(home);
            (w.actor, home, dest, dest)
        }
        (Entity::TransferIn, _) => {
            let c = cell?;
            let from = other_cell(c);
            (w.add_member("Đặng Văn Hùng", from), from, c, c)
        }
        _ => return None,
    };
    let actor = w.actor;
    let tid = w.fresh();
    let seeded = transfer(tid, member, from, dest, w.other);
    let (id, created) = match entity {
        Entity::Transfer => (tid, transfer(tid, member, from, dest, actor)),
        _ => {
            let copy = seeded.copy_for_receiver()?;
            (copy.0.id, copy.0)
        }
    };
    let create: Change = match entity {
        Entity::Transfer => row_change(cid, &created, hlc),
        _ => row_change(cid, &sotay_model::transfers::TransferIn(created), hlc),
    };
    let (status, note) = match entity {
        Entity::Transfer => (TransferStatus::Cancelled, ""),
        _ => (TransferStatus::Refused, "Không đủ hồ sơ"),
    };
    let change = match action {
        Action::Create => Some(create),
        _ => {
            // The sender's transfer, seeded by the server, which also makes the copy.
            let sid = w.fresh();
            w.changes.push(row_change(sid, &seeded, server_hlc(1_000)));
            let edit = vec![
                ("status", json!(status)),
                ("decided_by", json!(actor)),
                ("decided_date", json!("2026-12-05")),
                ("note", json!(note)),
            ];
            match action {
                Action::Edit => Some(edit_change(cid, entity, id, org, edit, hlc)),
                Action::Delete => Some(delete_change(cid, entity, id, org, hlc)),
                _ => None,
            }
        }
    };
    Some(Plan {
        change,
        row: id,
        org,
        subject: Some(member),
    })
}
