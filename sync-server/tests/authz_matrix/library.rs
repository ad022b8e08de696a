//! The matrix's cases for the library's rows beyond documents (issue 5): attachments
//! and study assignments of the organisation in `rel` (with a document of that
//! organisation), read marks and private study notes of a member of the cell in `rel`
//! (the actor's own for `Own`), on a province document.

use super::{Plan, Rel, World};
use serde_json::{json, Value};
use sotay_model::hlc::Hlc;
use sotay_model::ids::Id;
use sotay_model::library::documents::{DocKind, DocStatus, Document};
use sotay_model::permissions::Action;
use sotay_model::study::{ReadMark, StudyNote};
use sotay_model::Entity;
use sotay_server::rows::{delete_change, document_change, edit_change, server_hlc};

fn document(w: &mut World, org: Id) -> Id {
    let id = w.fresh();
    let cid = w.fresh();
    let d = Document {
        id,
        kind: DocKind::Resolution,
        number: "05-NQ/TU".into(),
        title: "Về học tập, quán triệt nghị quyết".into(),
        org_id: org,
        issuer: "Tỉnh ủy".into(),
        issued_on: "2025-01-06".into(),
        status: DocStatus::InForce,
        summary: String::new(),
        body: "Toàn văn.".into(),
        topics: vec![],
    };
    w.changes.push(document_change(cid, &d, server_hlc(1_000)));
    id
}

/// A case's row, organisation, subject, creating fields and one edit.
type Parts = (
    Id,
    Id,
    Option<Id>,
    Vec<(&'static str, Value)>,
    (&'static str, Value),
);

/// The plan of one library case; `place` is the organisation in `rel` to the role's
/// (`r`), `cell` the cell standing so (for rows about a member), `home` the actor's cell.
#[allow(clippy::too_many_arguments)]
pub fn plan(
    w: &mut World,
    entity: Entity,
    action: Action,
    rel: Rel,
    place: Option<Id>,
    cell: Option<Id>,
    home: Id,
    cid: Id,
    hlc: Hlc,
) -> Option<Plan> {
    let personal = matches!(entity, Entity::ReadMark | Entity::StudyNote);
    if rel == Rel::Own && !personal {
        return None;
    }
    let (row, org, subject, fields, edit): Parts = match entity {
        Entity::Attachment | Entity::StudyAssignment => {
            let org = place?;
            let doc = document(w, org);
            let id = w.fresh();
            let fields = if entity == Entity::Attachment {
                vec![
                    ("document_id", json!(doc)),
                    ("org_id", json!(org)),
                    ("name", json!("Nghị quyết.pdf")),
                    ("mime", json!("application/pdf")),
                    ("size", json!(1234)),
                    ("sha256", json!("ab".repeat(32))),
                ]
            } else {
                vec![
                    ("org_id", json!(org)),
                    ("document_id", json!(doc)),
                    ("due_on", json!("2025-03-31")),
                ]
            };
            let edit = if entity == Entity::Attachment {
                ("name", json!("Nghị quyết (bản ký).pdf"))
            } else {
                ("due_on", json!("2025-04-30"))
            };
            (id, org, None, fields, edit)
        }
        _ => {
            let (member, cell) = if rel == Rel::Own {
                (w.actor, home)
            } else {
                let cell = cell?;
                (w.add_member("Phạm Thị Duyên", cell), cell)
            };
            let root = w.org("P");
            let doc = document(w, root);
            let (id, extra, edit) = if entity == Entity::ReadMark {
                (
                    ReadMark::row_id(member, doc),
                    ("opened_ms", json!(1_736_000_000_000u64)),
                    ("finished_ms", json!(1_736_100_000_000u64)),
                )
            } else {
                (
                    StudyNote::row_id(member, doc),
                    ("text", json!("Ghi chú riêng")),
                    ("bookmarked", json!(true)),
                )
            };
            let fields = vec![
                ("member_id", json!(member)),
                ("document_id", json!(doc)),
                ("org_id", json!(cell)),
                extra,
            ];
            (id, cell, Some(member), fields, edit)
        }
    };
    let new_row = |cid, hlc| edit_change(cid, entity, row, org, fields.clone(), hlc);
    let change = match action {
        Action::Create => Some(new_row(cid, hlc)),
        _ => {
            let seed = w.fresh();
            w.changes.push(new_row(seed, server_hlc(1_000)));
            match action {
                Action::Edit => Some(edit_change(cid, entity, row, org, vec![edit], hlc)),
                Action::Delete => Some(delete_change(cid, entity, row, org, hlc)),
                _ => None,
            }
        }
    };
    Some(Plan {
        change,
        row,
        org,
        subject,
    })
}
