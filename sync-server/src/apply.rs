//! What the server does with one pushed change, independent of the backend: merge it
//! into the stored row (`RowState::apply`), check the merged row (immutable fields,
//! claimed owning organisation, validation, references into the tree) and authorise
//! it against the author's roles. The backend only stores the verdict.

use crate::authz::{Actor, Administration, Standing};
use crate::error::StoreError;
use crate::tree::{subject_of, OrgPath, StoredRow, TreeView};
use sotay_model::entities::{
    immutable_fields, validate, MemberStatus, OrgKind, Organisation, PositionTitle,
};
use sotay_model::ids::Id;
use sotay_model::permissions::{Action, Relation, Role};
use sotay_model::protocol::{Outcome, RejectReason};
use sotay_model::{Change, Entity, RowState};

/// Who a change comes from.
#[derive(Clone, Debug)]
pub enum Author {
    /// The server itself (seeding, administration): not authorised, still checked.
    Server,
    /// A device acting for this member.
    Member(Actor),
}

/// A change the server takes.
#[derive(Clone, Debug, PartialEq)]
pub struct Accepted {
    /// The merged row to store.
    pub row: RowState,
    pub path: OrgPath,
    /// Whether the stored row changed (and so needs a new sequence number).
    pub changed: bool,
    /// The row's sequence before this change, if it existed.
    pub old_seq: Option<u64>,
    /// The row as stored before, when this change moves it to another organisation
    /// (devices that could read it there but not here must be told it is gone).
    pub moved_from: Option<StoredRow>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Accept(Accepted),
    /// Refused; `current` is the stored row if the author may read it.
    Reject {
        reason: RejectReason,
        current: Option<RowState>,
    },
}

fn invalid(msg: impl Into<String>) -> RejectReason {
    RejectReason::Invalid(msg.into())
}

/// Judge one change against the stored state seen through `view`.
pub fn judge(
    view: &impl TreeView,
    author: &Author,
    change: &Change,
) -> Result<Verdict, StoreError> {
    let old = view.row(change.row_id)?;
    judge_stored(view, author, change, old.as_ref())
}

/// [`judge`] with the stored row (`old`, read by the caller through the same `view`)
/// already at hand: the push path reads it once for both the verdict and the audit.
pub fn judge_stored(
    view: &impl TreeView,
    author: &Author,
    change: &Change,
    old: Option<&StoredRow>,
) -> Result<Verdict, StoreError> {
    match check(view, author, change, old)? {
        Ok(accepted) => Ok(Verdict::Accept(accepted)),
        Err(reason) => Ok(Verdict::Reject {
            reason,
            current: visible(author, old.cloned()),
        }),
    }
}

/// The stored row with this id as the author may see it: `None` if missing or out
/// of their read scope (a refusal must not leak rows the device cannot pull).
pub fn current_for(
    view: &impl TreeView,
    author: &Author,
    id: Id,
) -> Result<Option<RowState>, StoreError> {
    Ok(visible(author, view.row(id)?))
}

fn visible(author: &Author, stored: Option<StoredRow>) -> Option<RowState> {
    let o = stored?;
    match author {
        Author::Server => Some(o.row),
        Author::Member(actor) => actor.may(Action::Read, &o.row, &o.path).then_some(o.row),
    }
}

fn check(
    view: &impl TreeView,
    author: &Author,
    change: &Change,
    old: Option<&StoredRow>,
) -> Result<Result<Accepted, RejectReason>, StoreError> {
    if let Some(o) = old {
        if o.row.entity != change.entity {
            return Ok(Err(invalid(
                "mã dòng đã được dùng cho một loại dữ liệu khác",
            )));
        }
        for &f in immutable_fields(change.entity) {
            if let Some(incoming) = change.fields.get(f) {
                let before = o.row.fields.get(f).map(|v| &v.value);
                if before != Some(&incoming.value) {
                    return Ok(Err(RejectReason::Immutable(f.to_string())));
                }
            }
        }
    }
    let mut row = old
        .map(|o| o.row.clone())
        .unwrap_or_else(|| RowState::empty(change.entity, change.row_id));
    let changed = row.apply(change);
    if row.org_id != change.org_id {
        return Ok(Err(invalid(format!(
            "tổ chức sở hữu khai báo ({}) khác tổ chức sở hữu thực tế ({})",
            change.org_id, row.org_id
        ))));
    }
    if let Err(msg) = validate(&row) {
        return Ok(Err(invalid(msg)));
    }
    let path = match place(view, author, &row, old)? {
        Ok(p) => p,
        Err(reason) => return Ok(Err(reason)),
    };
    if let Author::Member(actor) = author {
        // A meeting's chair and minute-taker, a task's assigner and assignee, an
        // announcement's sender for its files, from the stored row when there is one.
        let judged = old.map_or(&row, |o| &o.row);
        let mut roles = crate::meetings::grants(view, actor, judged)?;
        roles.extend(crate::tasks::grants(view, actor, judged)?);
        roles.extend(crate::library::grants(view, actor, judged)?);
        if !authorised(actor, change, &row, &path, old, &roles) {
            return Ok(Err(RejectReason::Forbidden));
        }
        if let Err(reason) = administration(view, actor, old)? {
            return Ok(Err(reason));
        }
    }
    // After authorisation, so that a refusal tells strangers nothing about other rows.
    if let Err(reason) = integrity(view, &row, &path, old)? {
        return Ok(Err(reason));
    }
    if let Err(reason) = crate::meetings::rules(view, author, &row, &path, old)? {
        return Ok(Err(reason));
    }
    if let Err(reason) = crate::tasks::rules(view, author, &row, &path, old)? {
        return Ok(Err(reason));
    }
    if let Err(reason) = crate::schedule::rules(view, author, &row, old)? {
        return Ok(Err(reason));
    }
    if let Err(reason) = crate::dues::rules(view, author, &row, &path, old)? {
        return Ok(Err(reason));
    }
    if let Err(reason) = crate::evaluation::rules(view, author, &row, &path)? {
        return Ok(Err(reason));
    }
    if let Err(reason) = crate::exchange::rules(view, author, change, &row, &path, old)? {
        return Ok(Err(reason));
    }
    if let Err(reason) = crate::transfers::rules(view, author, change, &row, old)? {
        return Ok(Err(reason));
    }
    if let Err(reason) = crate::inspection::rules(view, author, &row, &path, old)? {
        return Ok(Err(reason));
    }
    let moved_from = old.filter(|o| o.path != path).cloned();
    Ok(Ok(Accepted {
        row,
        path,
        changed: changed || old.is_none(),
        old_seq: old.map(|o| o.seq),
        moved_from,
    }))
}

/// Rules across rows: card numbers are unique among live members, and an
/// organisation is deleted only once nothing live remains in it.
fn integrity(
    view: &impl TreeView,
    row: &RowState,
    path: &OrgPath,
    old: Option<&StoredRow>,
) -> Result<Result<(), RejectReason>, StoreError> {
    let was_live = old.is_some_and(|o| !o.tombstoned());
    match row.entity {
        Entity::Member if row.tombstone.is_none() => {
            let card = row.str("card_no").map(str::trim).unwrap_or_default();
            let old_card = old.and_then(|o| o.row.str("card_no")).map(str::trim);
            if old_card != Some(card) || !was_live {
                if let Some(other) = view.member_with_card(card)? {
                    if other != row.row_id {
                        return Ok(Err(invalid(format!(
                            "số thẻ đảng viên {card} đã được dùng cho đảng viên khác"
                        ))));
                    }
                }
            }
        }
        Entity::Organisation
            if row.tombstone.is_some() && was_live && view.has_live_below(path)? =>
        {
            return Ok(Err(invalid(
                "tổ chức còn đảng viên hoặc tổ chức trực thuộc; hãy chuyển hoặc xóa trước",
            )));
        }
        _ => {}
    }
    Ok(Ok(()))
}

/// Create on new rows, Edit (on the old and the new owner: a transfer needs rights on
/// both), Delete when the change sets the tombstone.
fn authorised(
    actor: &Actor,
    change: &Change,
    row: &RowState,
    path: &OrgPath,
    old: Option<&StoredRow>,
    meeting_roles: &[(Role, Relation)],
) -> bool {
    let may = |action, r: &RowState, p: &OrgPath| actor.may_with(action, r, p, meeting_roles);
    let deletes = change.tombstone.is_some();
    // What a deletion writes as part of deleting (a comment's blanked text) needs no Edit.
    let edits = !deletes
        || change
            .fields
            .keys()
            .any(|f| !crate::exchange::written_by_deletion(change.entity, f));
    match old {
        None => may(Action::Create, row, path) && (!deletes || may(Action::Delete, row, path)),
        Some(o) => {
            let moved = o.path != *path || subject_of(&o.row) != subject_of(row);
            let edit_ok = !edits
                || (may(Action::Edit, &o.row, &o.path) && (!moved || may(Action::Edit, row, path)));
            // Deleting an already deleted row still needs the right: accepting it from
            // a device that cannot read the row would leave that device holding a row
            // it will never hear about again (found by the simulator, seed 180).
            let delete_ok = !deletes || may(Action::Delete, &o.row, &o.path);
            edit_ok && delete_ok
        }
    }
}

/// Issue 12: changing or deleting a member's record, or a post they hold, also needs
/// rights over every organisation where the member holds a position (and, for the
/// record, their cell): no level administers someone who outranks it. New rows are
/// the table's alone: a new member holds nothing yet, and a new post is judged at
/// its own organisation.
fn administration(
    view: &impl TreeView,
    actor: &Actor,
    old: Option<&StoredRow>,
) -> Result<Result<(), RejectReason>, StoreError> {
    let Some(o) = old else {
        return Ok(Ok(()));
    };
    let (member, with_cell) = match (o.row.entity, o.row.id("member_id")) {
        (Entity::Member, _) => (o.row.row_id, true),
        (Entity::Position, Some(holder)) => (holder, false),
        _ => return Ok(Ok(())),
    };
    Ok(
        match actor.administers(&Standing::load(view, member)?, with_cell) {
            Administration::Allowed => Ok(()),
            Administration::Refused => Err(RejectReason::Forbidden),
            Administration::Outranked(why) => Err(RejectReason::Outranked(why)),
        },
    )
}

/// Where the merged row sits in the tree; refuses references to rows that do not
/// exist (or no longer do) and organisations under a parent of the wrong kind.
fn place(
    view: &impl TreeView,
    author: &Author,
    row: &RowState,
    old: Option<&StoredRow>,
) -> Result<Result<OrgPath, RejectReason>, StoreError> {
    if let Some(o) = old {
        // An unchanged owner keeps its path, even if that organisation was deleted since.
        let same_owner = match o.row.entity {
            Entity::Member => o.row.id("cell_id") == row.id("cell_id"),
            _ => o.row.org_id == row.org_id,
        };
        if same_owner {
            return Ok(Ok(o.path.clone()));
        }
    }
    if row.tombstone.is_some() && old.is_none() {
        return Ok(Err(invalid("không thể xóa một dòng chưa tồn tại")));
    }
    match row.entity {
        Entity::Organisation => {
            let org = match Organisation::from_row(row) {
                Ok(o) => o,
                Err(msg) => return Ok(Err(invalid(msg))),
            };
            let Some(parent_id) = org.parent_id else {
                if org.kind != OrgKind::Province {
                    return Ok(Err(invalid("chỉ Đảng bộ tỉnh được đứng ở gốc cây tổ chức")));
                }
                if !matches!(author, Author::Server) {
                    return Ok(Err(RejectReason::Forbidden));
                }
                return Ok(Ok(OrgPath::root(row.row_id)));
            };
            match view.org(parent_id)? {
                Some(p) if !p.tombstoned && p.kind.may_contain(org.kind) => {
                    Ok(Ok(p.path.child(row.row_id)))
                }
                Some(p) if !p.tombstoned => Ok(Err(invalid(format!(
                    "tổ chức loại {:?} không được đặt dưới tổ chức loại {:?}",
                    org.kind, p.kind
                )))),
                _ => Ok(Err(invalid("tổ chức cấp trên không tồn tại"))),
            }
        }
        Entity::Member => {
            let cell = row.id("cell_id").unwrap_or_else(Id::nil);
            match view.org(cell)? {
                Some(c) if !c.tombstoned && c.kind == OrgKind::Cell => Ok(Ok(c.path)),
                _ => Ok(Err(invalid("chi bộ của đảng viên không tồn tại"))),
            }
        }
        Entity::Position => {
            let member = row.id("member_id").unwrap_or_else(Id::nil);
            let holder = view.row(member)?;
            let member_ok = matches!(
                &holder,
                Some(m) if m.row.entity == Entity::Member && !m.tombstoned()
            );
            if !member_ok {
                return Ok(Err(invalid("đảng viên giữ chức vụ không tồn tại")));
            }
            // Only a new or moved position reaches here: one who left the Party or died
            // takes no new post (the posts they held stop counting, see authz::Actor).
            let active = holder
                .and_then(|m| m.row.fields.get("status").cloned())
                .and_then(|f| serde_json::from_value::<MemberStatus>(f.value).ok())
                .is_none_or(MemberStatus::is_active);
            if !active && row.tombstone.is_none() {
                return Ok(Err(invalid(
                    "đảng viên đã ra khỏi Đảng hoặc từ trần không thể giữ chức vụ",
                )));
            }
            let inspecting = row
                .fields
                .get("title")
                .and_then(|f| serde_json::from_value::<PositionTitle>(f.value.clone()).ok())
                .is_some_and(PositionTitle::on_inspection_committee);
            match view.org(row.org_id)? {
                // A cell has no inspection committee (issue 17): its committee
                // supervises its members itself.
                Some(o) if !o.tombstoned && inspecting && o.kind == OrgKind::Cell => {
                    Ok(Err(invalid("chi bộ không có ủy ban kiểm tra")))
                }
                Some(o) if !o.tombstoned => Ok(Ok(o.path)),
                _ => Ok(Err(invalid("tổ chức của chức vụ không tồn tại"))),
            }
        }
        Entity::Attachment | Entity::ReadMark | Entity::StudyNote | Entity::StudyAssignment => {
            crate::library::place(view, row)
        }
        Entity::Document => match view.org(row.org_id)? {
            Some(o) if !o.tombstoned => Ok(Ok(o.path)),
            _ => Ok(Err(invalid("tổ chức ban hành văn bản không tồn tại"))),
        },
        Entity::Meeting => match view.org(row.org_id)? {
            Some(o) if !o.tombstoned => Ok(Ok(o.path)),
            _ => Ok(Err(invalid("tổ chức họp không tồn tại"))),
        },
        Entity::MeetingKey | Entity::CheckIn | Entity::AttendanceMark | Entity::Minutes => {
            crate::meetings::place(view, row)
        }
        Entity::Task | Entity::ProgressReport | Entity::TaskReview | Entity::TaskFile => {
            crate::tasks::place(view, row)
        }
        Entity::ScheduleEntry | Entity::PersonalEntry => crate::schedule::place(view, row),
        Entity::DuesRule | Entity::DuesBasis | Entity::DuesPayment | Entity::DuesRemittance => {
            crate::dues::place(view, row)
        }
        Entity::SelfAssessment
        | Entity::RatingProposal
        | Entity::RatingDecision
        | Entity::OrgRating => crate::evaluation::place(view, row),
        Entity::Announcement
        | Entity::AnnouncementRead
        | Entity::Comment
        | Entity::MeetingComment
        | Entity::Question
        | Entity::Answer
        | Entity::FaqEntry
        | Entity::Draft
        | Entity::Opinion
        | Entity::OpenOpinion => crate::exchange::place(view, row),
        Entity::Transfer | Entity::TransferIn => crate::transfers::place(view, row),
        Entity::InspectionPlan
        | Entity::Inspection
        | Entity::CaseNote
        | Entity::CaseFile
        | Entity::InspectionNotice
        | Entity::Discipline
        | Entity::Appeal => crate::inspection::place(view, row),
    }
}

/// What a backend's `changes` table remembers of an earlier push of a change id.
#[derive(Clone)]
pub struct Seen {
    pub hash: String,
    pub seq: Option<i64>,
    pub reject: Option<String>,
}

/// The answer to a change id pushed before: its first outcome again, changing nothing
/// (a different content under the same id is `ConflictingId`). A refusal carries the
/// row as it is *now*, so a late retry never rolls a device back to a stale row.
pub fn replay(
    view: &impl TreeView,
    author: &Author,
    change: &Change,
    hash: &str,
    prev: &Seen,
) -> Result<Outcome, StoreError> {
    let reason = if prev.hash != hash {
        Some(RejectReason::ConflictingId)
    } else {
        prev.reject
            .as_deref()
            .map(serde_json::from_str)
            .transpose()?
    };
    match (reason, prev.seq) {
        (Some(reason), _) => Ok(Outcome::Rejected {
            reason,
            current: current_for(view, author, change.row_id)?,
        }),
        (None, Some(seq)) => Ok(Outcome::Accepted { seq: seq as u64 }),
        (None, None) => Err(StoreError::Corrupt(format!(
            "thay đổi {} không có kết quả",
            change.change_id
        ))),
    }
}
