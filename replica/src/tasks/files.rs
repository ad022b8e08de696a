//! Files on a task or on a progress report (issue 14), as the device writes them: the
//! library's file machinery (`crate::library::blobs`) seals, lists, uploads and opens
//! them; this module says which row a file on a task or report becomes and who may
//! put it there or take it off.

use super::{forbidden, get, must_assign};
use crate::db::Db;
use crate::meetings::me;
use serde_json::{json, Value};
use sotay_model::api::ApiError;
use sotay_model::tasks::{ProgressReport, TaskFile};
use sotay_model::{Entity, Id};

/// The fields (without the file's own) of a file attached to `item` when it is a task
/// (the assigning office's papers) or a progress report (its author's photo or PDF);
/// `None` when `item` is neither.
pub(crate) fn holder(db: &Db, item: Id) -> Result<Option<Vec<(&'static str, Value)>>, ApiError> {
    let (task, report) = if let Some(r) = db
        .live_row(Entity::ProgressReport, item)?
        .and_then(|r| ProgressReport::from_row(&r).ok())
    {
        if me(db).ok() != Some(r.member_id) {
            return Err(forbidden(
                "Chỉ người viết báo cáo tiến độ mới đính kèm tệp vào báo cáo đó",
            ));
        }
        (get(db, r.task_id)?, Some(r.id))
    } else if db.live_row(Entity::Task, item)?.is_some() {
        let t = get(db, item)?;
        must_assign(db, &t).map_err(|_| {
            forbidden("Chỉ cấp ủy, văn phòng của tổ chức giao nhiệm vụ mới đính kèm tệp vào nhiệm vụ; người thực hiện đính kèm vào báo cáo tiến độ của mình")
        })?;
        (t, None)
    } else {
        return Ok(None);
    };
    Ok(Some(vec![
        ("task_id", json!(task.id.to_string())),
        ("report_id", json!(report.map(|r| r.to_string()))),
        ("org_id", json!(task.org_id.to_string())),
        ("member_id", json!(me(db)?.to_string())),
    ]))
}

/// One live task file.
pub(crate) fn get_file(db: &Db, id: Id) -> Result<Option<TaskFile>, ApiError> {
    Ok(db
        .live_row(Entity::TaskFile, id)?
        .and_then(|r| TaskFile::from_row(&r).ok()))
}

/// Whether this device's member may take the file off: whoever attached it, or the
/// assigning office.
pub(crate) fn may_remove(db: &Db, f: &TaskFile) -> Result<(), ApiError> {
    if me(db).ok() == Some(f.member_id) {
        return Ok(());
    }
    let t = get(db, f.task_id)?;
    must_assign(db, &t)
        .map_err(|_| forbidden("Chỉ người đã đính kèm hoặc tổ chức giao nhiệm vụ mới gỡ được tệp"))
}

/// The live files on `item` (a task's own, or a report's), by name; `None` when
/// `item` is neither a task nor a report on this device. Found through their task
/// (the `parent_id` index), so a document's reader pays two row lookups, not a scan.
pub(crate) fn on_item(db: &Db, item: Id) -> Result<Option<Vec<TaskFile>>, ApiError> {
    let task = match db
        .live_row(Entity::ProgressReport, item)?
        .and_then(|r| ProgressReport::from_row(&r).ok())
    {
        Some(r) => r.task_id,
        None if db.live_row(Entity::Task, item)?.is_some() => item,
        None => return Ok(None),
    };
    let rows = crate::db::rows::select_live(
        &db.conn,
        "",
        "r.entity = 'task_file' AND r.parent_id = ?1",
        [task.to_string()],
    )?;
    let mut out: Vec<TaskFile> = rows
        .iter()
        .filter_map(|r| TaskFile::from_row(r).ok())
        .filter(|f| f.item() == item)
        .collect();
    out.sort_by_key(|f| sotay_model::vn::fold(&f.name));
    Ok(Some(out))
}
