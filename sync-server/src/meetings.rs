//! Meetings on the server (issue 6), backend-independent like [`crate::apply`]: where
//! the rows that belong to a meeting sit (under the meeting's organisation), the
//! meeting roles an actor holds towards a row (chair, minute-taker: `Relation::Chair`,
//! `Relation::MinuteTaker` of the permission table), and the rules across rows:
//! check-in proofs verified against the meeting's secret, marks and corrections about
//! convened members, and approved minutes locked against every change. What a push
//! does around a check-in (its deadline, the refusals counted per device, the proof
//! withheld from the stored row) is [`check_ins`].

use crate::apply::Author;
use crate::authz::Actor;
use crate::error::StoreError;
use crate::tree::{OrgPath, StoredRow, TreeView};
use sotay_model::ids::Id;
use sotay_model::meetings::{
    verify_code, verify_proof, CheckIn, Meeting, MeetingKey, MeetingStatus, Minutes, MinutesStatus,
    Proof,
};
use sotay_model::permissions::{Action, Relation, Role};
use sotay_model::protocol::RejectReason;
use sotay_model::{Entity, RowState};

pub mod changes;
pub mod check_ins;

fn invalid(msg: impl Into<String>) -> RejectReason {
    RejectReason::Invalid(msg.into())
}

/// Whether rows of this entity belong to a meeting (`meeting_id`).
pub fn belongs_to_meeting(entity: Entity) -> bool {
    matches!(
        entity,
        Entity::MeetingKey | Entity::CheckIn | Entity::AttendanceMark | Entity::Minutes
    )
}

/// The live meeting a row belongs to (or is), as stored.
fn meeting_of(view: &impl TreeView, row: &RowState) -> Result<Option<Meeting>, StoreError> {
    if row.entity == Entity::Meeting {
        return Ok(Meeting::from_row(row).ok());
    }
    let Some(id) = row.id("meeting_id") else {
        return Ok(None);
    };
    Ok(view
        .row(id)?
        .filter(|m| m.row.entity == Entity::Meeting && !m.tombstoned())
        .and_then(|m| Meeting::from_row(&m.row).ok()))
}

/// The meeting roles `actor` holds towards `row` (judged on the stored row when there
/// is one, so a chair cannot make themselves chair). Only an active member holds them.
pub fn grants(
    view: &impl TreeView,
    actor: &Actor,
    row: &RowState,
) -> Result<Vec<(Role, Relation)>, StoreError> {
    if actor.cell.is_none() || !(row.entity == Entity::Meeting || belongs_to_meeting(row.entity)) {
        return Ok(Vec::new());
    }
    let Some(m) = meeting_of(view, row)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    if m.chair_id == Some(actor.member) {
        out.push((Role::Member, Relation::Chair));
    }
    if m.minute_taker_id == Some(actor.member) {
        out.push((Role::Member, Relation::MinuteTaker));
    }
    Ok(out)
}

/// Where a new row that belongs to a meeting sits: under the meeting's organisation,
/// which its `org_id` must name.
pub fn place(
    view: &impl TreeView,
    row: &RowState,
) -> Result<Result<OrgPath, RejectReason>, StoreError> {
    let meeting = row
        .id("meeting_id")
        .map(|id| view.row(id))
        .transpose()?
        .flatten();
    match meeting {
        Some(m) if m.row.entity == Entity::Meeting && !m.tombstoned() => {
            if m.row.org_id != row.org_id {
                return Ok(Err(invalid("tổ chức của dòng khác tổ chức của cuộc họp")));
            }
            Ok(Ok(m.path))
        }
        _ => Ok(Err(invalid("cuộc họp không tồn tại"))),
    }
}

/// The rules across rows, checked after authorisation (so a refusal tells a stranger
/// nothing about rows they cannot read).
pub fn rules(
    view: &impl TreeView,
    author: &Author,
    row: &RowState,
    path: &OrgPath,
    old: Option<&StoredRow>,
) -> Result<Result<(), RejectReason>, StoreError> {
    if row.entity == Entity::Minutes {
        return minutes(view, author, row, old);
    }
    // Keys and events are immutable: only their creation is judged here.
    if old.is_some() || row.tombstone.is_some() || !belongs_to_meeting(row.entity) {
        return Ok(Ok(()));
    }
    let Some(meeting) = meeting_of(view, row)? else {
        return Ok(Err(invalid("cuộc họp không tồn tại")));
    };
    let office_key = || -> Result<Option<MeetingKey>, StoreError> {
        Ok(view
            .row(MeetingKey::row_id(meeting.id, None))?
            .filter(|k| k.row.entity == Entity::MeetingKey && !k.tombstoned())
            .and_then(|k| MeetingKey::from_row(&k.row).ok()))
    };
    match row.entity {
        Entity::MeetingKey => {
            let Ok(key) = MeetingKey::from_row(row) else {
                return Ok(Err(invalid("khóa điểm danh không hợp lệ")));
            };
            if key.holder_id.is_some() {
                match office_key()? {
                    Some(office) if office.secret == key.secret => {}
                    _ => {
                        return Ok(Err(invalid(
                            "bản sao khóa điểm danh phải trùng với khóa của cuộc họp",
                        )))
                    }
                }
            }
        }
        Entity::CheckIn => {
            let Ok(c) = CheckIn::from_row(row) else {
                return Ok(Err(invalid("lượt điểm danh không hợp lệ")));
            };
            if let Author::Member(actor) = author {
                if actor.member != c.member_id {
                    return Ok(Err(invalid("chỉ được tự điểm danh cho chính mình")));
                }
                // A device must be able to pull back what it wrote: one whose member
                // has left the organisation (moved, left the Party) would keep a row
                // it never hears about again.
                if !actor.may(Action::Read, row, path) {
                    return Ok(Err(invalid(
                        "đồng chí không còn sinh hoạt ở tổ chức của cuộc họp này",
                    )));
                }
            }
            if meeting.status == MeetingStatus::Cancelled {
                return Ok(Err(invalid("cuộc họp đã bị hủy")));
            }
            if !meeting.invites(c.member_id) {
                return Ok(Err(invalid(
                    "đảng viên không có tên trong danh sách triệu tập của cuộc họp",
                )));
            }
            let Some(key) = office_key()? else {
                return Ok(Err(invalid("cuộc họp chưa có khóa điểm danh")));
            };
            let window = (meeting.starts_at, meeting.ends_at);
            let checked = match &c.proof {
                Some(Proof::Bound(p)) => {
                    verify_proof(&key.secret, meeting.id, window, c.member_id, c.slot, p)
                }
                // Apps before issue 12 send the code itself (see `Proof::Code`).
                Some(Proof::Code(code)) => {
                    verify_code(&key.secret, meeting.id, window.0, window.1, code, c.slot)
                }
                None => return Ok(Err(invalid(
                    "lượt điểm danh thiếu mã điểm danh; đồng chí hãy nhập mã thư ký đang hiển thị",
                ))),
            };
            if let Err(e) = checked {
                return Ok(Err(invalid(e.to_string())));
            }
        }
        Entity::AttendanceMark => {
            let member = row.id("member_id").unwrap_or_else(Id::nil);
            if !meeting.invites(member) {
                return Ok(Err(invalid(
                    "đảng viên không có tên trong danh sách triệu tập của cuộc họp",
                )));
            }
            if let Some(over) = row.id("overrides") {
                let target = view
                    .row(over)?
                    .filter(|r| r.row.entity == Entity::CheckIn)
                    .and_then(|r| CheckIn::from_row(&r.row).ok());
                if !target.is_some_and(|c| c.meeting_id == meeting.id && c.member_id == member) {
                    return Ok(Err(invalid(
                        "đính chính phải chỉ ra một lượt tự điểm danh của chính đảng viên đó trong cuộc họp này",
                    )));
                }
            }
        }
        _ => {}
    }
    Ok(Ok(()))
}

/// Approved minutes are locked; only the meeting's chair approves; a later version
/// follows the one before it.
fn minutes(
    view: &impl TreeView,
    author: &Author,
    row: &RowState,
    old: Option<&StoredRow>,
) -> Result<Result<(), RejectReason>, StoreError> {
    if let Some(o) = old {
        let was = o.row.fields.get("status").map(|f| &f.value);
        if was == Some(&serde_json::json!(MinutesStatus::Approved)) {
            let v = o.row.fields.get("version").and_then(|f| f.value.as_u64());
            return Ok(Err(invalid(format!(
                "biên bản (phiên bản {}) đã được chủ trì duyệt nên không thể sửa hay xóa; hãy lập phiên bản mới và ghi lý do",
                v.unwrap_or(0)
            ))));
        }
    }
    if row.tombstone.is_some() {
        return Ok(Ok(()));
    }
    let Ok(m) = Minutes::from_row(row) else {
        return Ok(Err(invalid("biên bản không hợp lệ")));
    };
    let Some(meeting) = meeting_of(view, row)? else {
        return Ok(Err(invalid("cuộc họp không tồn tại")));
    };
    if m.status == MinutesStatus::Approved {
        let by_chair = match author {
            Author::Server => meeting.chair_id.is_some() && m.approved_by == meeting.chair_id,
            Author::Member(a) => {
                meeting.chair_id == Some(a.member) && m.approved_by == Some(a.member)
            }
        };
        if !by_chair {
            return Ok(Err(invalid(
                "chỉ đồng chí chủ trì cuộc họp mới được duyệt biên bản (và ghi tên mình là người duyệt)",
            )));
        }
    }
    if old.is_none() {
        let prev = match m.previous_id {
            None if m.version == 1 => return Ok(Ok(())),
            None => None,
            Some(p) => view
                .row(p)?
                .filter(|r| r.row.entity == Entity::Minutes && !r.tombstoned())
                .and_then(|r| Minutes::from_row(&r.row).ok()),
        };
        let follows =
            prev.is_some_and(|p| p.meeting_id == m.meeting_id && p.version + 1 == m.version);
        if !follows {
            return Ok(Err(invalid(
                "phiên bản mới của biên bản phải tiếp theo một phiên bản đã có của cùng cuộc họp",
            )));
        }
    }
    Ok(Ok(()))
}
