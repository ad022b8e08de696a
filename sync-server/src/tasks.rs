//! Tasks on the server (issue 14), backend-independent like [`crate::apply`]: where a
//! task's reports and reviews sit (with their task), the task roles an actor holds
//! towards a row (`Relation::Assigner`, `Relation::Assignee`, and `Relation::Chair`
//! for the tasks of a meeting's conclusions), and the rules across rows: a task
//! stays inside the assigning organisation's subtree, is given to a live member of the
//! cell it names or to an organisation below, splits only a task given to the
//! splitting organisation, and a report, review or file speaks for its author.

use crate::apply::Author;
use crate::authz::Actor;
use crate::error::StoreError;
use crate::tree::{live, OrgPath, StoredRow, TreeView};
use sotay_model::entities::Member;
use sotay_model::inspection::{CaseStatus, Inspection};
use sotay_model::meetings::Meeting;
use sotay_model::permissions::{Action, Relation, Role};
use sotay_model::protocol::RejectReason;
use sotay_model::tasks::{ProgressReport, SourceKind, Task, TaskFile, TaskReview};
use sotay_model::{Entity, Id, RowState};

fn invalid(msg: impl Into<String>) -> RejectReason {
    RejectReason::Invalid(msg.into())
}

/// Whether rows of this entity belong to a task (`task_id`).
pub fn belongs_to_task(entity: Entity) -> bool {
    matches!(
        entity,
        Entity::ProgressReport | Entity::TaskReview | Entity::TaskFile
    )
}

/// The live task a row belongs to (or is).
fn task_of(view: &impl TreeView, row: &RowState) -> Result<Option<Task>, StoreError> {
    if row.entity == Entity::Task {
        return Ok(Task::from_row(row).ok());
    }
    let Some(id) = row.id("task_id") else {
        return Ok(None);
    };
    Ok(live(view, id, Entity::Task)?.and_then(|t| Task::from_row(&t.row).ok()))
}

/// The task roles `actor` holds towards `row`, judged on the stored row when there is
/// one. Only an active member holds them.
pub fn grants(
    view: &impl TreeView,
    actor: &Actor,
    row: &RowState,
) -> Result<Vec<(Role, Relation)>, StoreError> {
    if actor.cell.is_none() || !(row.entity == Entity::Task || belongs_to_task(row.entity)) {
        return Ok(Vec::new());
    }
    let Some(task) = task_of(view, row)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (title, org, _) in &actor.positions {
        if *org == task.assigner_org_id {
            out.push((Role::Position(*title), Relation::Assigner));
        }
        if task.to_organisation() && *org == task.org_id {
            out.push((Role::Position(*title), Relation::Assignee));
        }
    }
    if task.assignee_id == Some(actor.member) {
        out.push((Role::Member, Relation::Assignee));
    }
    if row.entity == Entity::Task && task.source_kind == SourceKind::Conclusion {
        let meeting = match task.source_id {
            Some(id) => live(view, id, Entity::Meeting)?,
            None => None,
        };
        let chair = meeting
            .and_then(|m| Meeting::from_row(&m.row).ok())
            .and_then(|m| m.chair_id);
        if chair == Some(actor.member) {
            out.push((Role::Member, Relation::Chair));
        }
    }
    Ok(out)
}

/// Where a task, report or review sits: a task at the organisation it names (its
/// assignee's), a report or review with its live task, whose organisation it must name.
pub fn place(
    view: &impl TreeView,
    row: &RowState,
) -> Result<Result<OrgPath, RejectReason>, StoreError> {
    if row.entity == Entity::Task {
        return Ok(match view.org(row.org_id)? {
            Some(o) if !o.tombstoned => Ok(o.path),
            _ => Err(invalid("tổ chức nhận nhiệm vụ không tồn tại")),
        });
    }
    let task = match row.id("task_id") {
        Some(id) => live(view, id, Entity::Task)?,
        None => None,
    };
    Ok(match task {
        Some(t) if t.row.org_id == row.org_id => Ok(t.path),
        Some(_) => Err(invalid("tổ chức của dòng khác tổ chức của nhiệm vụ")),
        None => Err(invalid("nhiệm vụ không tồn tại hoặc đã bị thu hồi")),
    })
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
    let ours = row.entity == Entity::Task || belongs_to_task(row.entity);
    if !ours || row.tombstone.is_some() {
        return Ok(Ok(()));
    }
    let verdict = match row.entity {
        Entity::Task if old.is_none() => new_task(view, row, path)?,
        Entity::ProgressReport => {
            let Ok(r) = ProgressReport::from_row(row) else {
                return Ok(Err(invalid("báo cáo tiến độ không hợp lệ")));
            };
            speaks_for_author(author, r.member_id)
        }
        Entity::TaskReview => {
            let Ok(r) = TaskReview::from_row(row) else {
                return Ok(Err(invalid("ý kiến xác nhận không hợp lệ")));
            };
            let Some(task) = task_of(view, row)? else {
                return Ok(Err(invalid("nhiệm vụ không tồn tại hoặc đã bị thu hồi")));
            };
            if r.assignee_id != task.assignee_id {
                return Ok(Err(invalid(
                    "ý kiến xác nhận phải ghi đúng người nhận nhiệm vụ",
                )));
            }
            speaks_for_author(author, r.member_id)
        }
        Entity::TaskFile => task_file(view, author, row)?,
        _ => Ok(()),
    };
    if verdict.is_err() {
        return Ok(verdict);
    }
    if let Err(reason) = inspectors_follow_up(view, author, row)? {
        return Ok(Err(reason));
    }
    if let Author::Member(actor) = author {
        // A device must be able to pull back what it wrote.
        if !actor.may(Action::Read, row, path) {
            return Ok(Err(invalid(
                "đồng chí sẽ không đọc được dòng này sau khi gửi (ngoài phạm vi của đồng chí)",
            )));
        }
    }
    Ok(Ok(()))
}

/// An inspection committee's post gives tasks only to follow up its cases (issue 17):
/// an author who sits at the assigning organisation on its inspection committee alone
/// writes or reviews only tasks that are a case's recommendations.
fn inspectors_follow_up(
    view: &impl TreeView,
    author: &Author,
    row: &RowState,
) -> Result<Result<(), RejectReason>, StoreError> {
    let Author::Member(a) = author else {
        return Ok(Ok(()));
    };
    if !matches!(row.entity, Entity::Task | Entity::TaskReview) {
        return Ok(Ok(()));
    }
    let Some(task) = task_of(view, row)? else {
        return Ok(Ok(()));
    };
    let posts: Vec<_> = a
        .positions
        .iter()
        .filter(|(_, org, _)| *org == task.assigner_org_id)
        .map(|(t, _, _)| *t)
        .collect();
    let inspector_only = !posts.is_empty() && posts.iter().all(|t| t.on_inspection_committee());
    if inspector_only && task.source_kind != SourceKind::Inspection {
        return Ok(Err(invalid(
            "ủy ban kiểm tra chỉ giao và xác nhận nhiệm vụ thực hiện kết luận kiểm tra, giám sát",
        )));
    }
    Ok(Ok(()))
}

fn speaks_for_author(author: &Author, member: Id) -> Result<(), RejectReason> {
    match author {
        Author::Member(a) if a.member != member => Err(invalid(
            "chỉ được báo cáo hay xác nhận dưới tên của chính mình",
        )),
        _ => Ok(()),
    }
}

/// A file on a task is put there by the assigning office; a file on a report by the
/// report's author, on a live report of the same task.
fn task_file(
    view: &impl TreeView,
    author: &Author,
    row: &RowState,
) -> Result<Result<(), RejectReason>, StoreError> {
    let Ok(f) = TaskFile::from_row(row) else {
        return Ok(Err(invalid("tệp đính kèm nhiệm vụ không hợp lệ")));
    };
    if let Author::Member(a) = author {
        if a.member != f.member_id {
            return Ok(Err(invalid(
                "chỉ được đính kèm tệp dưới tên của chính mình",
            )));
        }
    }
    let Some(report_id) = f.report_id else {
        let Some(task) = task_of(view, row)? else {
            return Ok(Err(invalid("nhiệm vụ không tồn tại hoặc đã bị thu hồi")));
        };
        let assigner = match author {
            Author::Member(a) => a
                .positions
                .iter()
                .any(|(_, org, _)| *org == task.assigner_org_id),
            _ => true,
        };
        return Ok(if assigner {
            Ok(())
        } else {
            Err(invalid(
                "chỉ tổ chức giao nhiệm vụ đính kèm tệp vào nhiệm vụ; người thực hiện đính kèm vào báo cáo của mình",
            ))
        });
    };
    let report = live(view, report_id, Entity::ProgressReport)?
        .and_then(|r| ProgressReport::from_row(&r.row).ok());
    Ok(match report {
        Some(r) if r.task_id == f.task_id && r.member_id == f.member_id => Ok(()),
        Some(_) => Err(invalid(
            "chỉ người báo cáo đính kèm tệp vào báo cáo tiến độ của mình",
        )),
        None => Err(invalid("báo cáo tiến độ không tồn tại")),
    })
}

fn new_task(
    view: &impl TreeView,
    row: &RowState,
    path: &OrgPath,
) -> Result<Result<(), RejectReason>, StoreError> {
    let Ok(task) = Task::from_row(row) else {
        return Ok(Err(invalid("nhiệm vụ không hợp lệ")));
    };
    let Some(assigner) = view.org(task.assigner_org_id)?.filter(|o| !o.tombstoned) else {
        return Ok(Err(invalid("tổ chức giao nhiệm vụ không tồn tại")));
    };
    let relation = OrgPath::relation(path, &assigner.path);
    match task.assignee_id {
        Some(member) => {
            if !matches!(relation, Some(Relation::Same | Relation::Descendant)) {
                return Ok(Err(invalid(
                    "chỉ được giao nhiệm vụ cho đảng viên thuộc tổ chức mình hoặc cấp dưới",
                )));
            }
            let m = live(view, member, Entity::Member)?.and_then(|m| Member::from_row(&m.row).ok());
            match m {
                Some(m) if m.cell_id == task.org_id && m.status.is_active() => {}
                Some(m) if !m.status.is_active() => {
                    return Ok(Err(invalid(
                        "đảng viên đã ra khỏi Đảng hoặc từ trần không thể nhận nhiệm vụ",
                    )))
                }
                Some(_) => {
                    return Ok(Err(invalid(
                        "nhiệm vụ của một đảng viên phải thuộc chi bộ của đảng viên đó",
                    )))
                }
                None => return Ok(Err(invalid("đảng viên nhận nhiệm vụ không tồn tại"))),
            }
        }
        None => {
            let own_follow_up = task.source_kind == SourceKind::Conclusion;
            let ok = match relation {
                Some(Relation::Descendant) => true,
                Some(Relation::Same) => own_follow_up,
                _ => false,
            };
            if !ok {
                return Ok(Err(invalid(
                    "chỉ được giao nhiệm vụ cho tổ chức cấp dưới của tổ chức mình",
                )));
            }
        }
    }
    if let Some(parent) = task.parent_id {
        let p = live(view, parent, Entity::Task)?.and_then(|p| Task::from_row(&p.row).ok());
        let splits = p.is_some_and(|p| p.to_organisation() && p.org_id == task.assigner_org_id);
        if !splits {
            return Ok(Err(invalid(
                "nhiệm vụ con phải chia từ một nhiệm vụ giao cho chính tổ chức giao nhiệm vụ con",
            )));
        }
    }
    if task.source_kind == SourceKind::Conclusion {
        let meeting = match task.source_id {
            Some(id) => live(view, id, Entity::Meeting)?,
            None => None,
        };
        let Some(m) = meeting.and_then(|m| Meeting::from_row(&m.row).ok()) else {
            return Ok(Err(invalid("cuộc họp có kết luận này không tồn tại")));
        };
        let follows = m.org_id == task.assigner_org_id
            && task.assignee_id.is_none()
            && task.id == Task::follow_up_id(m.id, &task.source_text);
        if !follows {
            return Ok(Err(invalid(
                "nhiệm vụ từ kết luận phải do chính chi bộ họp nhận, theo đúng kết luận của cuộc họp",
            )));
        }
    }
    // A recommendation follows a concluded case of the assigning organisation and goes
    // to one of the organisations it inspected.
    if task.source_kind == SourceKind::Inspection {
        let case = match task.source_id {
            Some(id) => live(view, id, Entity::Inspection)?,
            None => None,
        };
        let follows = case
            .and_then(|c| Inspection::from_row(&c.row).ok())
            .is_some_and(|c| {
                c.org_id == task.assigner_org_id
                    && task.assignee_id.is_none()
                    && c.subject_org_ids.contains(&task.org_id)
                    && matches!(c.status, CaseStatus::Concluded | CaseStatus::Closed)
            });
        if !follows {
            return Ok(Err(invalid(
                "nhiệm vụ thực hiện kết luận kiểm tra phải giao cho tổ chức được kiểm tra của một cuộc kiểm tra đã kết luận",
            )));
        }
    }
    // A task's document source must exist (a withdrawn document is kept as text).
    if task.source_kind == SourceKind::Document {
        let known = match task.source_id {
            Some(id) => view
                .row(id)?
                .is_some_and(|d| d.row.entity == Entity::Document),
            None => false,
        };
        if !known {
            return Ok(Err(invalid("văn bản nguồn của nhiệm vụ không tồn tại")));
        }
    }
    Ok(Ok(()))
}
