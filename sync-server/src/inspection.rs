//! Inspection and discipline on the server (issue 17), backend-independent like
//! [`crate::apply`]: where the rows sit (case material at the inspecting
//! organisation, a notice with the inspected, a discipline record with its subject,
//! an appeal with its record) and the rules the permission table cannot say: a case
//! belongs to its level's live plan and inspects organisations below it or members of
//! its subtree; notes, files and records speak for their author and for a body the
//! author sits on; a notice goes only to a subject of a concluded case; an appeal is
//! lodged by the one disciplined and decided by a body above the deciding one.
//!
//! Refusals come after authorisation, so they tell nothing to someone who could not
//! read the case anyway.

use crate::apply::Author;
use crate::error::StoreError;
use crate::tree::{at_live_org, at_members_cell, live, OrgPath, StoredRow, TreeView};
use sotay_model::entities::{OrgKind, PositionTitle};
use sotay_model::inspection::{
    Appeal, CaseStatus, Discipline, DisciplineForm, Inspection, InspectionNotice, InspectionPlan,
};
use sotay_model::protocol::RejectReason;
use sotay_model::{Entity, Id, RowState};

fn invalid(msg: impl Into<String>) -> RejectReason {
    RejectReason::Invalid(msg.into())
}

/// Whether this module judges rows of `entity`.
pub fn owns(entity: Entity) -> bool {
    matches!(
        entity,
        Entity::InspectionPlan
            | Entity::Inspection
            | Entity::CaseNote
            | Entity::CaseFile
            | Entity::InspectionNotice
            | Entity::Discipline
            | Entity::Appeal
    )
}

/// A post that works cases and records decisions (the permission table's writers).
fn works_cases(title: PositionTitle) -> bool {
    title.on_inspection_committee()
        || matches!(
            title,
            PositionTitle::Secretary | PositionTitle::DeputySecretary
        )
}

/// Where a row sits: see the module's doc.
pub fn place(
    view: &impl TreeView,
    row: &RowState,
) -> Result<Result<OrgPath, RejectReason>, StoreError> {
    match row.entity {
        Entity::CaseNote | Entity::CaseFile => {
            let case = match row.id("inspection_id") {
                Some(id) => live(view, id, Entity::Inspection)?,
                None => None,
            };
            Ok(match case {
                Some(c) if c.row.org_id == row.org_id => Ok(c.path),
                Some(_) => Err(invalid("tổ chức của dòng khác tổ chức của cuộc kiểm tra")),
                None => Err(invalid("cuộc kiểm tra, giám sát không tồn tại")),
            })
        }
        Entity::Appeal => {
            let record = match row.id("discipline_id") {
                Some(id) => live(view, id, Entity::Discipline)?,
                None => None,
            };
            Ok(match record {
                Some(d) if d.row.org_id == row.org_id => Ok(d.path),
                Some(_) => Err(invalid(
                    "tổ chức của đơn khác tổ chức của quyết định kỷ luật",
                )),
                None => Err(invalid("quyết định kỷ luật không tồn tại")),
            })
        }
        Entity::Discipline | Entity::InspectionNotice if row.id("member_id").is_some() => {
            at_members_cell(
                view,
                row,
                "member_id",
                "hồ sơ về đảng viên ghi ở chi bộ đang sinh hoạt của đảng viên",
                "đảng viên không tồn tại",
            )
        }
        _ => at_live_org(view, row.org_id, "tổ chức không tồn tại"),
    }
}

pub fn rules(
    view: &impl TreeView,
    author: &Author,
    row: &RowState,
    path: &OrgPath,
    old: Option<&StoredRow>,
) -> Result<Result<(), RejectReason>, StoreError> {
    if !owns(row.entity) {
        return Ok(Ok(()));
    }
    if row.tombstone.is_some() {
        // A record is struck out only by a body at or above the one that decided it:
        // the table alone would let the disciplined cell's own leaders delete it.
        let decided_by = old.and_then(|o| o.row.id("decided_by_org_id"));
        if row.entity == Entity::Discipline {
            if let Some(by) = decided_by {
                if !seated_at_or_above(view, author, by)? {
                    return Ok(Err(invalid(
                        "chỉ cơ quan đã quyết định kỷ luật hoặc cấp trên mới xóa được quyết định",
                    )));
                }
            }
        }
        // A closed case is the record of what was done: it stays.
        let closed = row.entity == Entity::Inspection
            && old
                .and_then(|o| Inspection::from_row(&o.row).ok())
                .is_some_and(|c| c.status == CaseStatus::Closed);
        if closed {
            return Ok(Err(invalid(
                "cuộc kiểm tra đã kết thúc theo dõi, không xóa được",
            )));
        }
        return Ok(Ok(()));
    }
    let why = match row.entity {
        Entity::InspectionPlan => plan(row),
        Entity::Inspection => case(view, row, path, old)?,
        Entity::CaseNote | Entity::CaseFile => work(view, author, row)?,
        Entity::InspectionNotice => notice(view, author, row, path)?,
        Entity::Discipline => discipline(view, author, row, path)?,
        Entity::Appeal => appeal(view, author, row, old)?,
        _ => None,
    };
    Ok(match why {
        Some(m) => Err(invalid(m)),
        None => Ok(()),
    })
}

fn plan(row: &RowState) -> Option<String> {
    let p = match InspectionPlan::from_row(row) {
        Ok(p) => p,
        Err(e) => return Some(e),
    };
    (p.id != InspectionPlan::row_id(p.org_id, p.year))
        .then(|| "mã kế hoạch không khớp tổ chức và năm".into())
}

/// A case: its level's live plan, subjects below it, and no change once closed.
fn case(
    view: &impl TreeView,
    row: &RowState,
    path: &OrgPath,
    old: Option<&StoredRow>,
) -> Result<Option<String>, StoreError> {
    let c = match Inspection::from_row(row) {
        Ok(c) => c,
        Err(e) => return Ok(Some(e)),
    };
    let closed = old
        .and_then(|o| Inspection::from_row(&o.row).ok())
        .is_some_and(|o| o.status == CaseStatus::Closed);
    if closed {
        return Ok(Some(
            "cuộc kiểm tra đã kết thúc theo dõi, không sửa được nữa".into(),
        ));
    }
    let plan_ok =
        live(view, c.plan_id, Entity::InspectionPlan)?.is_some_and(|p| p.row.org_id == c.org_id);
    if !plan_ok {
        return Ok(Some(
            "cuộc kiểm tra phải thuộc kế hoạch kiểm tra, giám sát của tổ chức".into(),
        ));
    }
    for &o in &c.subject_org_ids {
        let below = view
            .org(o)?
            .is_some_and(|n| !n.tombstoned && n.path != *path && n.path.within(path));
        if !below {
            return Ok(Some(
                "tổ chức được kiểm tra phải là tổ chức đảng cấp dưới".into(),
            ));
        }
    }
    for &m in &c.subject_member_ids {
        let within = live(view, m, Entity::Member)?.is_some_and(|s| s.path.within(path));
        if !within {
            return Ok(Some(
                "đảng viên được kiểm tra phải sinh hoạt trong tổ chức".into(),
            ));
        }
    }
    for &m in &c.team_ids {
        if live(view, m, Entity::Member)?.is_none() {
            return Ok(Some("thành viên đoàn kiểm tra không tồn tại".into()));
        }
    }
    Ok(None)
}

/// A note or a file: for a case not yet closed, in its author's name.
fn work(
    view: &impl TreeView,
    author: &Author,
    row: &RowState,
) -> Result<Option<String>, StoreError> {
    let field = if row.entity == Entity::CaseNote {
        "author_id"
    } else {
        "member_id"
    };
    if let Author::Member(a) = author {
        if row.id(field) != Some(a.member) {
            return Ok(Some("nội dung làm việc phải ghi đúng người ghi".into()));
        }
    }
    let closed = match row.id("inspection_id") {
        Some(id) => live(view, id, Entity::Inspection)?
            .and_then(|c| Inspection::from_row(&c.row).ok())
            .is_some_and(|c| c.status == CaseStatus::Closed),
        None => false,
    };
    Ok(closed.then(|| "cuộc kiểm tra đã kết thúc theo dõi".into()))
}

/// A notice: to a subject of a concluded case of a level at or above it.
fn notice(
    view: &impl TreeView,
    author: &Author,
    row: &RowState,
    path: &OrgPath,
) -> Result<Option<String>, StoreError> {
    let n = match InspectionNotice::from_row(row) {
        Ok(n) => n,
        Err(e) => return Ok(Some(e)),
    };
    if n.id != InspectionNotice::row_id(n.inspection_id, n.subject()) {
        return Ok(Some(
            "mã thông báo không khớp cuộc kiểm tra và đối tượng".into(),
        ));
    }
    let case = live(view, n.inspection_id, Entity::Inspection)?
        .and_then(|c| Inspection::from_row(&c.row).ok());
    let Some(c) = case else {
        return Ok(Some("cuộc kiểm tra, giám sát không tồn tại".into()));
    };
    // The inspected organisation's own leaders hold writing posts where the notice
    // sits: only the inspecting body (or one above it) writes what it concluded.
    if c.org_id != n.inspector_org_id
        || !path.ids().contains(&c.org_id)
        || !seated_at_or_above(view, author, c.org_id)?
    {
        return Ok(Some(
            "thông báo phải do tổ chức tiến hành kiểm tra gửi".into(),
        ));
    }
    let subject = match n.member_id {
        Some(m) => c.subject_member_ids.contains(&m),
        None => c.subject_org_ids.contains(&n.org_id),
    };
    if !subject {
        return Ok(Some(
            "chỉ thông báo kết luận cho đối tượng của cuộc kiểm tra".into(),
        ));
    }
    if !matches!(c.status, CaseStatus::Concluded | CaseStatus::Closed) {
        return Ok(Some("cuộc kiểm tra chưa có kết luận".into()));
    }
    Ok(None)
}

/// Whether the author (a device's member) holds a post working cases at `org`.
fn seated(author: &Author, org: Id) -> bool {
    match author {
        Author::Server => true,
        Author::Member(a) => a
            .positions
            .iter()
            .any(|(t, o, _)| *o == org && works_cases(*t)),
    }
}

/// Whether the author holds a post working cases at `org` or at an organisation above
/// it.
fn seated_at_or_above(view: &impl TreeView, author: &Author, org: Id) -> Result<bool, StoreError> {
    let Author::Member(a) = author else {
        return Ok(true);
    };
    let Some(node) = view.org(org)? else {
        return Ok(false);
    };
    let above = node.path.ids();
    Ok(a.positions
        .iter()
        .any(|(t, o, _)| works_cases(*t) && above.contains(o)))
}

/// Whether the author (a device's member) leads `org` (its secretary or deputy).
fn leads(author: &Author, org: Id) -> bool {
    match author {
        Author::Server => true,
        Author::Member(a) => a.positions.iter().any(|(t, o, _)| {
            *o == org && matches!(t, PositionTitle::Secretary | PositionTitle::DeputySecretary)
        }),
    }
}

/// A record: decided by a body at or above its subject where the author sits, in the
/// forms that body may use.
fn discipline(
    view: &impl TreeView,
    author: &Author,
    row: &RowState,
    path: &OrgPath,
) -> Result<Option<String>, StoreError> {
    let d = match Discipline::from_row(row) {
        Ok(d) => d,
        Err(e) => return Ok(Some(e)),
    };
    if !path.ids().contains(&d.decided_by_org_id) {
        return Ok(Some(
            "kỷ luật do tổ chức đảng cùng cấp hoặc cấp trên quyết định".into(),
        ));
    }
    if !seated(author, d.decided_by_org_id) {
        return Ok(Some(
            "người ghi phải là thành viên cấp ủy hoặc ủy ban kiểm tra của cơ quan quyết định"
                .into(),
        ));
    }
    let cell = view
        .org(d.decided_by_org_id)?
        .is_some_and(|o| o.kind == OrgKind::Cell);
    let light = matches!(d.form, DisciplineForm::Reprimand | DisciplineForm::Warning);
    if cell && !light {
        return Ok(Some(
            "chi bộ chỉ quyết định khiển trách, cảnh cáo đảng viên".into(),
        ));
    }
    if d.member_id.is_none() && d.decided_by_org_id == d.org_id {
        return Ok(Some("kỷ luật tổ chức đảng do cấp trên quyết định".into()));
    }
    if let Some(case) = d.inspection_id {
        if live(view, case, Entity::Inspection)?.is_none() {
            return Ok(Some("cuộc kiểm tra, giám sát không tồn tại".into()));
        }
    }
    Ok(None)
}

/// An appeal: lodged by the one disciplined (a leader of a disciplined organisation),
/// with no outcome; its outcome written by a body above the deciding one.
fn appeal(
    view: &impl TreeView,
    author: &Author,
    row: &RowState,
    old: Option<&StoredRow>,
) -> Result<Option<String>, StoreError> {
    let a = match Appeal::from_row(row) {
        Ok(a) => a,
        Err(e) => return Ok(Some(e)),
    };
    let record = live(view, a.discipline_id, Entity::Discipline)?
        .and_then(|d| Discipline::from_row(&d.row).ok());
    let Some(d) = record else {
        return Ok(Some("quyết định kỷ luật không tồn tại".into()));
    };
    if old.is_none() {
        if a.outcome.is_some() {
            return Ok(Some("đơn khiếu nại mới chưa có kết quả giải quyết".into()));
        }
        // An organisation's appeal is lodged by its leaders: the table's "own" grant
        // (the lodger named) would let anyone lodge one in their own name.
        let by_subject = match d.member_id {
            Some(m) => a.member_id == m,
            None => leads(author, d.org_id),
        };
        let by_author = match author {
            Author::Server => true,
            Author::Member(x) => x.member == a.member_id,
        };
        if !by_subject || !by_author {
            return Ok(Some(
                "chỉ người bị kỷ luật (hoặc lãnh đạo tổ chức bị kỷ luật) khiếu nại".into(),
            ));
        }
        return Ok(None);
    }
    // A decided appeal keeps its outcome (deciding again is a new appeal's business).
    let decided_before = old
        .and_then(|o| Appeal::from_row(&o.row).ok())
        .is_some_and(|o| o.outcome.is_some());
    if decided_before && a.outcome.is_none() {
        return Ok(Some(
            "khiếu nại đã có kết quả giải quyết, không xóa kết quả được".into(),
        ));
    }
    let Some(by) = a.decided_by_org_id else {
        return Ok(Some(
            "kết quả giải quyết phải ghi cơ quan quyết định".into(),
        ));
    };
    let deciding = view.org(d.decided_by_org_id)?.map(|o| o.path);
    let above = view.org(by)?.is_some_and(|o| {
        deciding
            .as_ref()
            .is_some_and(|p| *p != o.path && p.within(&o.path))
    });
    if !above {
        return Ok(Some(
            "khiếu nại do cấp trên của cơ quan đã quyết định kỷ luật giải quyết".into(),
        ));
    }
    if !seated(author, by) {
        return Ok(Some(
            "người ghi phải là thành viên cấp ủy hoặc ủy ban kiểm tra của cơ quan giải quyết"
                .into(),
        ));
    }
    Ok(None)
}
