//! Studying the library (issue 5): my read marks (first opened, finished), bookmarks
//! and private notes on a document, each one row per member and document with the
//! same id on all my devices; a committee's study assignments; and, for a committee,
//! per cell of its subtree held here, who has read an assigned document. Notes never
//! leave my devices: the server's permission table gives them to me alone.

use crate::calls::{Cx, Local};
use crate::db::{rows, Db};
use crate::env::Env;
use crate::error::{invalid, not_enrolled, not_found};
use serde_json::{json, Value};
use sotay_model::api::ApiError;
use sotay_model::entities::{Member, OrgKind};
use sotay_model::fields::valid_date;
use sotay_model::library::requests::{
    AssignStudy, DeleteStudyAssignment, GetMyStudy, ListBookmarks, ListStudyAssignments, MarkRead,
    SaveStudyNote, SetBookmark, StudyProgress,
};
use sotay_model::library::{
    AssignmentInfo, CellReading, DocumentCard, DocumentPage, MemberReading, MyStudy, StudyReport,
};
use sotay_model::study::{ReadMark, StudyAssignment, StudyNote};
use sotay_model::{vn, Entity, Id};
use std::collections::HashMap;

impl Local for MarkRead {
    fn local(self, cx: &mut Cx<'_>) -> Result<MyStudy, ApiError> {
        let db = &mut *cx.db;
        mark_read(db, cx.env, self.document_id, self.finished)?;
        my_study(db, self.document_id)
    }
}

impl Local for SetBookmark {
    fn local(self, cx: &mut Cx<'_>) -> Result<MyStudy, ApiError> {
        let db = &mut *cx.db;
        let field = ("bookmarked", json!(self.bookmarked));
        write_note(db, cx.env, self.document_id, field)?;
        my_study(db, self.document_id)
    }
}

impl Local for SaveStudyNote {
    fn local(self, cx: &mut Cx<'_>) -> Result<MyStudy, ApiError> {
        let db = &mut *cx.db;
        let field = ("text", json!(self.text.trim()));
        write_note(db, cx.env, self.document_id, field)?;
        my_study(db, self.document_id)
    }
}

impl Local for GetMyStudy {
    fn local(self, cx: &mut Cx<'_>) -> Result<MyStudy, ApiError> {
        my_study(cx.db, self.document_id)
    }
}

impl Local for ListBookmarks {
    fn local(self, cx: &mut Cx<'_>) -> Result<DocumentPage, ApiError> {
        Ok(DocumentPage {
            documents: bookmarks(cx.db)?,
            more: false,
        })
    }
}

impl Local for AssignStudy {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let db = &mut *cx.db;
        assign(
            db,
            cx.env,
            self.org_id,
            self.document_id,
            &self.due_on,
            &self.note,
        )
    }
}

impl Local for DeleteStudyAssignment {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let db = &mut *cx.db;
        assignment(db, self.id)?;
        db.commit_local(cx.env, Entity::StudyAssignment, self.id, Vec::new(), true)?;
        Ok(())
    }
}

impl Local for ListStudyAssignments {
    fn local(self, cx: &mut Cx<'_>) -> Result<Vec<AssignmentInfo>, ApiError> {
        assignments(cx.db)
    }
}

impl Local for StudyProgress {
    fn local(self, cx: &mut Cx<'_>) -> Result<StudyReport, ApiError> {
        let db = &*cx.db;
        let a = assignment(db, self.assignment_id)?;
        Ok(StudyReport {
            cells: progress(db, &a)?,
            assignment: info(db, a)?,
        })
    }
}

/// This device's member, who must be held here (their cell owns their marks).
fn me(db: &Db) -> Result<Member, ApiError> {
    let identity = db.identity()?.ok_or_else(not_enrolled)?;
    crate::administration::members::get(db, identity.member_id)
        .map_err(|_| invalid("Chưa có hồ sơ của bạn trên máy, hãy đồng bộ trước"))
}

/// The fields every personal row carries, written when it is first made.
fn personal(me: &Member, document_id: Id) -> Vec<(&'static str, Value)> {
    vec![
        ("member_id", json!(me.id.to_string())),
        ("document_id", json!(document_id.to_string())),
        ("org_id", json!(me.cell_id.to_string())),
    ]
}

fn mark_read(db: &mut Db, env: &dyn Env, document_id: Id, finished: bool) -> Result<(), ApiError> {
    crate::library::documents::get(db, document_id)?;
    let me = me(db)?;
    let id = ReadMark::row_id(me.id, document_id);
    let old = db
        .live_row(Entity::ReadMark, id)?
        .and_then(|r| ReadMark::from_row(&r).ok());
    let now = env.now_ms();
    let mut fields = Vec::new();
    match &old {
        // The first opening is kept; finishing is recorded once.
        Some(m) if !finished || m.finished_ms.is_some() => return Ok(()),
        Some(_) => {}
        None => {
            fields = personal(&me, document_id);
            fields.push(("opened_ms", json!(now)));
        }
    }
    if finished {
        fields.push(("finished_ms", json!(now)));
    }
    db.commit_local(env, Entity::ReadMark, id, fields, false)?;
    Ok(())
}

fn write_note(
    db: &mut Db,
    env: &dyn Env,
    document_id: Id,
    field: (&'static str, Value),
) -> Result<(), ApiError> {
    crate::library::documents::get(db, document_id)?;
    let me = me(db)?;
    let id = StudyNote::row_id(me.id, document_id);
    let mut fields = match db.live_row(Entity::StudyNote, id)? {
        Some(_) => Vec::new(),
        None => personal(&me, document_id),
    };
    fields.push(field);
    db.commit_local(env, Entity::StudyNote, id, fields, false)?;
    Ok(())
}

fn my_study(db: &Db, document_id: Id) -> Result<MyStudy, ApiError> {
    let identity = db.identity()?.ok_or_else(not_enrolled)?;
    let member = identity.member_id;
    let mark = db
        .live_row(Entity::ReadMark, ReadMark::row_id(member, document_id))?
        .and_then(|r| ReadMark::from_row(&r).ok());
    let note = db
        .live_row(Entity::StudyNote, StudyNote::row_id(member, document_id))?
        .and_then(|r| StudyNote::from_row(&r).ok());
    Ok(MyStudy {
        document_id,
        opened_ms: mark.as_ref().map(|m| m.opened_ms),
        finished_ms: mark.and_then(|m| m.finished_ms),
        bookmarked: note.as_ref().is_some_and(|n| n.bookmarked),
        note: note.map(|n| n.text).unwrap_or_default(),
    })
}

fn bookmarks(db: &Db) -> Result<Vec<DocumentCard>, ApiError> {
    let identity = db.identity()?.ok_or_else(not_enrolled)?;
    let notes = rows::select_live(
        &db.conn,
        "",
        "r.entity = 'study_note' AND r.member_id = ?1",
        [identity.member_id.to_string()],
    )?;
    let mut docs: Vec<DocumentCard> = notes
        .iter()
        .filter_map(|r| StudyNote::from_row(r).ok())
        .filter(|n| n.bookmarked)
        .filter_map(|n| crate::library::documents::get(db, n.document_id).ok())
        .map(|d| DocumentCard::from(&d))
        .collect();
    docs.sort_by(|a, b| b.issued_on.cmp(&a.issued_on).then(a.id.cmp(&b.id)));
    Ok(docs)
}

fn assign(
    db: &mut Db,
    env: &dyn Env,
    org_id: Id,
    document_id: Id,
    due_on: &str,
    note: &str,
) -> Result<Id, ApiError> {
    crate::administration::organisations::get(db, org_id)?;
    crate::library::documents::get(db, document_id)?;
    let due_on = due_on.trim();
    if !valid_date(due_on) {
        return Err(invalid("Hạn học tập phải là một ngày hợp lệ (yyyy-mm-dd)"));
    }
    let id = env.new_id();
    db.commit_local(
        env,
        Entity::StudyAssignment,
        id,
        vec![
            ("org_id", json!(org_id.to_string())),
            ("document_id", json!(document_id.to_string())),
            ("due_on", json!(due_on)),
            ("note", json!(note.trim())),
        ],
        false,
    )?;
    Ok(id)
}

fn assignment(db: &Db, id: Id) -> Result<StudyAssignment, ApiError> {
    db.live_row(Entity::StudyAssignment, id)?
        .and_then(|r| StudyAssignment::from_row(&r).ok())
        .ok_or_else(|| not_found("Không tìm thấy yêu cầu học tập này trên máy"))
}

fn info(db: &Db, a: StudyAssignment) -> Result<AssignmentInfo, ApiError> {
    let document = DocumentCard::from(&crate::library::documents::get(db, a.document_id)?);
    let org_name = crate::administration::organisations::get(db, a.org_id)
        .map(|o| o.name)
        .unwrap_or_default();
    Ok(AssignmentInfo {
        finished_by_me: my_study(db, a.document_id)?.finished_ms.is_some(),
        id: a.id,
        org_id: a.org_id,
        org_name,
        document,
        due_on: a.due_on,
        note: a.note,
    })
}

/// Assignments whose document is held here, soonest due first.
pub(crate) fn assignments(db: &Db) -> Result<Vec<AssignmentInfo>, ApiError> {
    let rows = rows::select_live(&db.conn, "", "r.entity = 'study_assignment'", [])?;
    let mut out: Vec<AssignmentInfo> = rows
        .iter()
        .filter_map(|r| StudyAssignment::from_row(r).ok())
        .filter_map(|a| info(db, a).ok())
        .collect();
    out.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// Per cell at or below the assigning organisation, its active members and their
/// read marks on the document (as far as this device holds them).
pub(crate) fn progress(db: &Db, a: &StudyAssignment) -> Result<Vec<CellReading>, ApiError> {
    let marks = rows::select_live(
        &db.conn,
        "",
        "r.entity = 'read_mark' AND json_extract(r.state, '$.fields.document_id.value') = ?1",
        [a.document_id.to_string()],
    )?;
    let by_member: HashMap<Id, ReadMark> = marks
        .iter()
        .filter_map(|r| ReadMark::from_row(r).ok())
        .map(|m| (m.member_id, m))
        .collect();
    let cells = rows::select_live(
        &db.conn,
        rows::SUBTREE,
        "r.entity = 'organisation' AND r.row_id IN (SELECT id FROM sub)",
        [a.org_id.to_string()],
    )?;
    let mut out = Vec::new();
    for cell in cells
        .iter()
        .filter_map(|r| sotay_model::entities::Organisation::from_row(r).ok())
        .filter(|o| o.kind == OrgKind::Cell)
    {
        let members: Vec<MemberReading> = crate::administration::members::list(db, cell.id)?
            .into_iter()
            .filter(|m| m.status.is_active())
            .map(|m| {
                let mark = by_member.get(&m.id);
                MemberReading {
                    member_id: m.id,
                    full_name: m.full_name,
                    opened_ms: mark.map(|k| k.opened_ms),
                    finished_ms: mark.and_then(|k| k.finished_ms),
                }
            })
            .collect();
        out.push(CellReading {
            cell_id: cell.id,
            opened: members.iter().filter(|m| m.opened_ms.is_some()).count() as u32,
            finished: members.iter().filter(|m| m.finished_ms.is_some()).count() as u32,
            cell_name: cell.name,
            members,
        });
    }
    out.sort_by(|x, y| vn::compare(&x.cell_name, &y.cell_name).then(x.cell_id.cmp(&y.cell_id)));
    Ok(out)
}
