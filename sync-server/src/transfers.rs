//! Membership transfer on the server (issue 19), backend-independent like
//! [`crate::apply`]: where the two rows sit, the rules the permission table cannot
//! say, what the server writes itself when a transfer is issued or answered, and the
//! rule that a member's history follows the member.
//!
//! - The sender's [`Transfer`] sits at the member's cell, which issues it; its issuer
//!   administers the member (DESIGN §5) and names themselves; the receiving cell is a
//!   live cell; a member has one open transfer at a time. Only an open transfer
//!   changes, and a device changes it only to `cancelled` (or `sent_out`, out of the
//!   province), in its author's name.
//! - The receiver's [`TransferIn`] is made by the server when the transfer is
//!   accepted ([`follow_ups`]); a device changes it only from `issued` to `confirmed`
//!   or `refused`, in its author's name, and confirms an official transfer only while
//!   the member is still live in the sending cell.
//! - What the server writes after an accepted change, as changes of its own in the
//!   same transaction, with ids derived from the change they follow (so a retried
//!   push writes nothing twice) and stamps after every stamp of the row they edit (so
//!   they win over what is stored, whatever the devices' clocks): the copy when a
//!   transfer is issued; the copy's status when the sender cancels; the sender's
//!   status when the receiver answers; on an official confirmation the member's
//!   `cell_id`; on a hand-over out of the province the member's status `left`. The
//!   server serialises pushes, so of a cancellation and a confirmation made offline
//!   the first to arrive wins and the other is refused with a reason (no lost update).
//! - History follows the member ([`FOLLOWS_MEMBER`]): a row about one member kept at
//!   their cell (dues basis and payments, self-assessment and rating, study marks and
//!   notes, meeting check-ins) is read at the member's *current* cell. When a member
//!   row moves to another cell (a confirmed transfer, or an administrator's direct
//!   move), the backend re-places those rows at the new cell under new sequence
//!   numbers and records where they were ([`history_moves`]): the new cell's devices
//!   pull them, the old cell's are told they are gone. The rows' own fields (their
//!   `org_id`: where they were recorded) do not change.

use crate::apply::Author;
use crate::authz::{Administration, Standing};
use crate::error::StoreError;
use crate::rows::{edit_change, row_change, server_hlc};
use crate::tree::{at_members_cell, live, OrgPath, StoredRow, TreeView};
use serde_json::json;
use sotay_model::entities::{MemberStatus, OrgKind};
use sotay_model::hlc::Hlc;
use sotay_model::protocol::RejectReason;
use sotay_model::transfers::{Transfer, TransferIn, TransferStatus};
use sotay_model::{Change, Entity, Id, RowState};

/// Rows about one member that are read at the member's current cell.
pub const FOLLOWS_MEMBER: &[Entity] = &[
    Entity::DuesBasis,
    Entity::DuesPayment,
    Entity::SelfAssessment,
    Entity::RatingDecision,
    Entity::ReadMark,
    Entity::StudyNote,
    Entity::CheckIn,
];

/// The organisation a stored row counts as owned by for scopes: its path's for a row
/// that follows its member, else its own `org_id`.
pub fn scope_org(row: &RowState, path: &OrgPath) -> Id {
    if FOLLOWS_MEMBER.contains(&row.entity) {
        path.org().unwrap_or(row.org_id)
    } else {
        row.org_id
    }
}

/// The rows of `member`'s history (`about`: every row the backend holds about them,
/// of whatever entity) that sit elsewhere than `path`: each must be stored again at
/// `path` under a new sequence number, its old place recorded as a departure.
pub fn history_moves(about: Vec<StoredRow>, path: &OrgPath) -> Vec<StoredRow> {
    about
        .into_iter()
        .filter(|s| FOLLOWS_MEMBER.contains(&s.row.entity) && s.path != *path)
        .collect()
}

fn invalid(msg: impl Into<String>) -> RejectReason {
    RejectReason::Invalid(msg.into())
}

/// Whether this module judges rows of `entity`.
pub fn owns(entity: Entity) -> bool {
    matches!(entity, Entity::Transfer | Entity::TransferIn)
}

/// The sender's transfer sits at the cell of its live member; the copy at its live
/// receiving cell.
pub fn place(
    view: &impl TreeView,
    row: &RowState,
) -> Result<Result<OrgPath, RejectReason>, StoreError> {
    if row.entity == Entity::Transfer {
        return at_members_cell(
            view,
            row,
            "member_id",
            "giấy giới thiệu do chi bộ đang sinh hoạt của đảng viên lập",
            "đảng viên được giới thiệu không tồn tại",
        );
    }
    match view.org(row.org_id)? {
        Some(o) if !o.tombstoned && o.kind == OrgKind::Cell => Ok(Ok(o.path)),
        _ => Ok(Err(invalid("chi bộ nhận không tồn tại"))),
    }
}

fn status_of(row: &RowState) -> Option<TransferStatus> {
    row.fields
        .get("status")
        .and_then(|f| serde_json::from_value(f.value.clone()).ok())
}

/// The member's row if live and active.
fn active_member(view: &impl TreeView, member: Id) -> Result<Option<StoredRow>, StoreError> {
    Ok(live(view, member, Entity::Member)?.filter(|m| {
        m.row
            .fields
            .get("status")
            .and_then(|f| serde_json::from_value::<MemberStatus>(f.value.clone()).ok())
            .is_none_or(MemberStatus::is_active)
    }))
}

pub fn rules(
    view: &impl TreeView,
    author: &Author,
    change: &Change,
    row: &RowState,
    old: Option<&StoredRow>,
) -> Result<Result<(), RejectReason>, StoreError> {
    if !owns(row.entity) {
        return Ok(Ok(()));
    }
    if row.tombstone.is_some() {
        return Ok(Err(invalid("giấy giới thiệu không xóa được; hãy thu hồi")));
    }
    let Author::Member(actor) = author else {
        return Ok(Ok(()));
    };
    let refuse = |m: &str| Ok(Err(invalid(m)));
    let parsed = match row.entity {
        Entity::Transfer => <Transfer as sotay_model::row::Row>::from_row(row),
        _ => TransferIn::from_row(row).map(|c| c.0),
    };
    let Ok(t) = parsed else {
        return refuse("giấy giới thiệu không hợp lệ");
    };
    let Some(old) = old else {
        // Only the sender's transfer is created by a device (the table grants no
        // creation of a copy).
        if t.status != TransferStatus::Issued {
            return refuse("giấy giới thiệu mới phải ở trạng thái chờ tiếp nhận");
        }
        if t.issued_by != actor.member {
            return refuse("giấy giới thiệu phải ghi đúng người giới thiệu");
        }
        if active_member(view, t.member_id)?.is_none() {
            return refuse("chỉ giới thiệu đảng viên đang sinh hoạt");
        }
        if let Some(dest) = t.dest_org_id {
            let ok = view
                .org(dest)?
                .is_some_and(|o| !o.tombstoned && o.kind == OrgKind::Cell);
            if !ok {
                return refuse("chi bộ chuyển đến không tồn tại");
            }
        }
        match actor.administers(&Standing::load(view, t.member_id)?, true) {
            Administration::Allowed => {}
            Administration::Refused => return Ok(Err(RejectReason::Forbidden)),
            Administration::Outranked(why) => return Ok(Err(RejectReason::Outranked(why))),
        }
        for other in view.live_rows(Entity::Transfer, t.org_id)? {
            let open = status_of(&other).is_some_and(TransferStatus::is_open);
            if other.row_id != t.id && open && other.id("member_id") == Some(t.member_id) {
                return refuse("đảng viên đang có một giấy giới thiệu chờ tiếp nhận");
            }
        }
        return Ok(Ok(()));
    };
    let wanted = change
        .fields
        .get("status")
        .and_then(|f| serde_json::from_value::<TransferStatus>(f.value.clone()).ok());
    if wanted.is_some_and(|w| w != t.status) {
        // The stored status is newer than this device's answer: someone else decided.
        return refuse("giấy giới thiệu đã được xử lý, không thay đổi được nữa");
    }
    if row.fields == old.row.fields {
        // Nothing changes (a retry under a new id, or stamps older than the stored).
        return Ok(Ok(()));
    }
    if status_of(&old.row) != Some(TransferStatus::Issued) {
        return refuse("giấy giới thiệu đã được xử lý, không thay đổi được nữa");
    }
    if t.decided_by != Some(actor.member) {
        return refuse("quyết định phải ghi đúng người quyết định");
    }
    match (row.entity, t.status) {
        (Entity::Transfer, TransferStatus::Cancelled | TransferStatus::SentOut) => {}
        (Entity::TransferIn, TransferStatus::Refused) => {}
        (Entity::TransferIn, TransferStatus::Confirmed) => {
            let sender = live(view, t.transfer_id, Entity::Transfer)?;
            if sender.as_ref().and_then(|s| status_of(&s.row)) != Some(TransferStatus::Issued) {
                return refuse("giấy giới thiệu đã được chi bộ chuyển đi thu hồi");
            }
            let member = active_member(view, t.member_id)?;
            if member.is_none_or(|m| m.path.org() != Some(t.from_org_id)) {
                return refuse("đảng viên không còn sinh hoạt ở chi bộ chuyển đi");
            }
        }
        (Entity::Transfer, _) => return refuse("chi bộ chuyển đi chỉ thu hồi giấy giới thiệu"),
        _ => return refuse("chi bộ nhận chỉ xác nhận hoặc từ chối tiếp nhận"),
    }
    Ok(Ok(()))
}

/// A stamp after every stamp of `rows` (the change followed and the row edited), so
/// that the server's write wins over what is stored and a device that has seen it
/// writes after it; the server's clock only when there is no stamp at all.
fn after(rows: &[&RowState], now_ms: u64) -> Hlc {
    match rows.iter().filter_map(|r| r.max_hlc()).max() {
        Some(h) => Hlc {
            wall_ms: h.wall_ms,
            counter: h.counter.saturating_add(1),
            node: Id::nil(),
        },
        None => server_hlc(now_ms),
    }
}

fn follow_id(source: Id, status: TransferStatus, target: Id) -> Id {
    let status = serde_json::to_string(&status).unwrap_or_default();
    Id::derived(
        "sotay transfer follow-up",
        &[source.0.as_bytes(), status.as_bytes(), target.0.as_bytes()],
    )
}

/// The decision fields of `t`, to write on the other side.
fn decision(t: &Transfer) -> Vec<(&'static str, serde_json::Value)> {
    vec![
        ("status", json!(t.status)),
        ("decided_by", json!(t.decided_by)),
        ("decided_date", json!(t.decided_date)),
        ("note", json!(t.note)),
    ]
}

/// What the server writes itself after accepting `row` (stored before as `old`).
pub fn follow_ups(
    view: &impl TreeView,
    row: &RowState,
    old: Option<&StoredRow>,
    now_ms: u64,
) -> Result<Vec<Change>, StoreError> {
    if !owns(row.entity) || row.tombstone.is_some() {
        return Ok(Vec::new());
    }
    let before = old.and_then(|o| status_of(&o.row));
    let parsed = match row.entity {
        Entity::Transfer => <Transfer as sotay_model::row::Row>::from_row(row),
        _ => TransferIn::from_row(row).map(|c| c.0),
    };
    let Ok(t) = parsed else {
        return Ok(Vec::new());
    };
    if before == Some(t.status) {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    match (row.entity, t.status) {
        (Entity::Transfer, TransferStatus::Issued) => {
            if let Some(copy) = t.copy_for_receiver() {
                let stored = view.row(copy.0.id)?;
                let mut seen = vec![row];
                seen.extend(stored.as_ref().map(|s| &s.row));
                let hlc = after(&seen, now_ms);
                let id = follow_id(t.id, t.status, copy.0.id);
                out.push(row_change(id, &copy, hlc));
            }
        }
        (Entity::Transfer, TransferStatus::Cancelled) => {
            let copy = TransferIn::row_id(t.id);
            if let Some(stored) = live(view, copy, Entity::TransferIn)? {
                let hlc = after(&[row, &stored.row], now_ms);
                let id = follow_id(t.id, t.status, copy);
                let org = stored.row.org_id;
                out.push(edit_change(
                    id,
                    Entity::TransferIn,
                    copy,
                    org,
                    decision(&t),
                    hlc,
                ));
            }
        }
        (Entity::Transfer, TransferStatus::SentOut) => {
            if let Some(m) = live(view, t.member_id, Entity::Member)? {
                let hlc = after(&[row, &m.row], now_ms);
                let id = follow_id(t.id, t.status, t.member_id);
                let fields = vec![("status", json!(MemberStatus::Left))];
                out.push(edit_change(
                    id,
                    Entity::Member,
                    t.member_id,
                    m.row.org_id,
                    fields,
                    hlc,
                ));
            }
        }
        (Entity::TransferIn, TransferStatus::Confirmed | TransferStatus::Refused) => {
            if let Some(sender) = live(view, t.transfer_id, Entity::Transfer)? {
                let hlc = after(&[row, &sender.row], now_ms);
                let id = follow_id(t.id, t.status, t.transfer_id);
                let org = sender.row.org_id;
                out.push(edit_change(
                    id,
                    Entity::Transfer,
                    t.transfer_id,
                    org,
                    decision(&t),
                    hlc,
                ));
            }
            let official = t.kind == sotay_model::transfers::TransferKind::Official;
            if t.status == TransferStatus::Confirmed && official {
                if let (Some(m), Some(dest)) =
                    (live(view, t.member_id, Entity::Member)?, t.dest_org_id)
                {
                    let hlc = after(&[row, &m.row], now_ms);
                    let id = follow_id(t.id, t.status, t.member_id);
                    let fields = vec![("cell_id", json!(dest))];
                    out.push(edit_change(
                        id,
                        Entity::Member,
                        t.member_id,
                        dest,
                        fields,
                        hlc,
                    ));
                }
            }
        }
        _ => {}
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
