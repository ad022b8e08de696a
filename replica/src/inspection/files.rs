//! Documents of a case (issue 17) as the device writes them: the library's file
//! machinery (`crate::library::blobs`) seals, lists, uploads and opens them; this module
//! says which row a file on a case or on a case note becomes and who may put it there
//! or take it off (the case's writers, as the server holds).

use super::{may_work, no_right};
use crate::db::Db;
use crate::meetings::me;
use serde_json::{json, Value};
use sotay_model::api::ApiError;
use sotay_model::inspection::{CaseFile, CaseNote, Inspection};
use sotay_model::{Entity, Id};

/// The fields (without the file's own) of a file attached to `item` when it is a case
/// or one of its notes; `None` when `item` is neither.
pub(crate) fn holder(db: &Db, item: Id) -> Result<Option<Vec<(&'static str, Value)>>, ApiError> {
    let (case, note) = match db.live_typed::<CaseNote>(item)? {
        Some(n) => (n.inspection_id, Some(n.id)),
        None if db.live_row(Entity::Inspection, item)?.is_some() => (item, None),
        None => return Ok(None),
    };
    let Some(c) = db.live_typed::<Inspection>(case)? else {
        return Ok(None);
    };
    if !may_work(db, c.org_id)? {
        return Err(no_right());
    }
    Ok(Some(vec![
        ("inspection_id", json!(c.id.to_string())),
        ("note_id", json!(note.map(|n| n.to_string()))),
        ("org_id", json!(c.org_id.to_string())),
        ("member_id", json!(me(db)?.to_string())),
    ]))
}

/// One live case file.
pub(crate) fn get_file(db: &Db, id: Id) -> Result<Option<CaseFile>, ApiError> {
    Ok(db.live_typed::<CaseFile>(id)?)
}

/// Whether this device's member may take the file off: a writer of its case.
pub(crate) fn may_remove(db: &Db, f: &CaseFile) -> Result<(), ApiError> {
    if may_work(db, f.org_id)? {
        Ok(())
    } else {
        Err(no_right())
    }
}

/// The live files on `item` (a case's own, or a note's), by name; `None` when `item`
/// is neither a case nor a note on this device. Found through their case (the
/// `parent_id` index).
pub(crate) fn on_item(db: &Db, item: Id) -> Result<Option<Vec<CaseFile>>, ApiError> {
    let case = match db.live_typed::<CaseNote>(item)? {
        Some(n) => n.inspection_id,
        None if db.live_row(Entity::Inspection, item)?.is_some() => item,
        None => return Ok(None),
    };
    let mut out: Vec<CaseFile> = of_case(db, case)?
        .into_iter()
        .filter(|f| f.item() == item)
        .collect();
    out.sort_by_key(|f| sotay_model::vn::fold(&f.name));
    Ok(Some(out))
}

/// Every live file of a case, on the case or on its notes.
pub(crate) fn of_case(db: &Db, case: Id) -> Result<Vec<CaseFile>, ApiError> {
    let rows = crate::db::rows::select_live(
        &db.conn,
        "",
        "r.entity = 'case_file' AND r.parent_id = ?1",
        [case.to_string()],
    )?;
    Ok(rows
        .iter()
        .filter_map(|r| CaseFile::from_row(r).ok())
        .collect())
}
