//! The server's rules for the library's rows beyond documents (issue 5), independent of
//! the backend: where attachments, read marks, study notes and assignments sit in the
//! tree ([`place`], called by [`crate::apply`]), and who may upload or download a blob
//! ([`may_upload`], [`may_download`]). An attachment hangs on a document or on an
//! announcement's copy (issue 16), whose readers are the same.
//!
//! Blob access follows the rows, never the hash alone: a device may fetch a blob only
//! when a live attachment (or task file, or case file) row in its read scope names the
//! hash, so a member outside the issuer's subtree (or outside a case's levels) gets the
//! same 404 as for a blob that does not exist.

use crate::authz::Actor;
use crate::error::StoreError;
use crate::tree::{OrgPath, StoredRow, TreeView};
use sotay_model::permissions::{allows, Action, Relation, Role};
use sotay_model::protocol::RejectReason;
use sotay_model::{Entity, Id, RowState};

fn invalid(msg: &str) -> RejectReason {
    RejectReason::Invalid(msg.into())
}

/// The path of a new (or moved) row of one of this module's entities, or why it is
/// refused: an attachment sits with its live document (same organisation); a read mark
/// or note with its live member, in the member's cell; an assignment with its live
/// organisation, about a live document of that organisation or one above it.
pub fn place(
    view: &impl TreeView,
    row: &RowState,
) -> Result<Result<OrgPath, RejectReason>, StoreError> {
    let live = |id: Option<Id>, entity: Entity| -> Result<Option<StoredRow>, StoreError> {
        Ok(match id {
            Some(id) => view
                .row(id)?
                .filter(|s| s.row.entity == entity && !s.tombstoned()),
            None => None,
        })
    };
    let document = live(row.id("document_id"), Entity::Document)?;
    match row.entity {
        Entity::Attachment => Ok(
            match document.or(live(row.id("document_id"), Entity::Announcement)?) {
                Some(d) if d.row.org_id == row.org_id => Ok(d.path),
                Some(_) => Err(invalid("tệp đính kèm phải thuộc tổ chức ban hành văn bản")),
                None => Err(invalid("văn bản của tệp đính kèm không tồn tại")),
            },
        ),
        Entity::ReadMark | Entity::StudyNote => {
            if document.is_none() {
                return Ok(Err(invalid("văn bản này không tồn tại")));
            }
            Ok(match live(row.id("member_id"), Entity::Member)? {
                Some(m) if m.path.org() == Some(row.org_id) => Ok(m.path),
                Some(_) => Err(invalid("dấu đọc và ghi chú thuộc chi bộ của đảng viên")),
                None => Err(invalid("đảng viên không tồn tại")),
            })
        }
        Entity::StudyAssignment => {
            let Some(org) = view.org(row.org_id)?.filter(|o| !o.tombstoned) else {
                return Ok(Err(invalid("tổ chức giao học tập không tồn tại")));
            };
            Ok(match document {
                Some(d)
                    if matches!(
                        OrgPath::relation(&d.path, &org.path),
                        Some(Relation::Same | Relation::Ancestor)
                    ) =>
                {
                    Ok(org.path)
                }
                Some(_) => Err(invalid(
                    "chỉ giao học tập văn bản của tổ chức mình hoặc cấp trên",
                )),
                None => Err(invalid("văn bản giao học tập không tồn tại")),
            })
        }
        _ => Err(StoreError::Corrupt(format!(
            "library::place gọi cho loại {}",
            row.entity.as_str()
        ))),
    }
}

/// The sender's office attaches files to its announcement's copies as if it were the
/// receiving organisation's own office (the copies sit below the sender).
pub fn grants(
    view: &impl TreeView,
    actor: &Actor,
    row: &RowState,
) -> Result<Vec<(Role, Relation)>, StoreError> {
    if row.entity != Entity::Attachment {
        return Ok(Vec::new());
    }
    let Some(copy) = row
        .id("document_id")
        .map(|id| view.row(id))
        .transpose()?
        .flatten()
    else {
        return Ok(Vec::new());
    };
    if copy.row.entity != Entity::Announcement || copy.row.org_id != row.org_id {
        return Ok(Vec::new());
    }
    let sender = copy.row.id("sender_org_id");
    Ok(actor
        .positions
        .iter()
        .filter(|(_, org, _)| Some(*org) == sender)
        .map(|(title, _, _)| (Role::Position(*title), Relation::Same))
        .collect())
}

/// Whether the actor may send any file: holds a position that may attach files to its
/// own organisation's documents (committees and offices).
pub fn may_upload(actor: &Actor) -> bool {
    actor.positions.iter().any(|(title, _, _)| {
        allows(
            Entity::Attachment,
            Action::Create,
            Role::Position(*title),
            Relation::Same,
        )
    })
}

/// Whether the actor may send the one file `refs` (the live file rows naming its hash)
/// belong to without [`may_upload`]: a task file they wrote, which the server already
/// accepted (an assignee's photo or PDF on their report), or a case file (issue 17),
/// accepted only from a case writer at the case's level, so an inspection committee
/// member sends a case's documents although they attach nothing else. So anyone else
/// sends only the files of their own accepted rows, nothing else.
pub fn may_upload_own(actor: &Actor, refs: &[StoredRow]) -> bool {
    refs.iter().any(|r| {
        matches!(r.row.entity, Entity::TaskFile | Entity::CaseFile)
            && !r.tombstoned()
            && r.row.id("member_id") == Some(actor.member)
    })
}

/// Whether one of `refs` (live file rows naming a hash) is in the actor's scope and
/// hangs on a live item also in it (`item` reads a stored row by id): an attachment on
/// a document or an announcement's copy, a task file on its task, a case file on its
/// case.
pub fn may_download(
    actor: &Actor,
    refs: &[StoredRow],
    item: impl Fn(Id) -> Result<Option<StoredRow>, StoreError>,
) -> Result<bool, StoreError> {
    let scope = actor.read_scope();
    for r in refs {
        if r.tombstoned() || !scope.contains(r) {
            continue;
        }
        let (field, kinds): (&str, &[Entity]) = match r.row.entity {
            Entity::Attachment => ("document_id", &[Entity::Document, Entity::Announcement]),
            Entity::TaskFile => ("task_id", &[Entity::Task]),
            // A case's document is read exactly where its case is (issue 17).
            Entity::CaseFile => ("inspection_id", &[Entity::Inspection]),
            _ => continue,
        };
        let Some(item_id) = r.row.id(field) else {
            continue;
        };
        if let Some(d) = item(item_id)? {
            if kinds.contains(&d.row.entity) && !d.tombstoned() && scope.contains(&d) {
                return Ok(true);
            }
        }
    }
    Ok(false)
}
