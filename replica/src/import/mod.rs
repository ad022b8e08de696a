//! Importing party members from an Excel list (issue 3, item 2; issue 20): every row
//! is checked (names, dates, gender, card number unique in the file, the chi bộ found
//! among the organisations this device holds), and matched by card number against the
//! members the device holds: a new card is created, a known one is compared
//! (`existing`) and changed or left unchanged, so importing the same sheet twice
//! changes nothing. A report says row by row what is created, changed, unchanged or
//! refused and why, and nothing is half-imported: one refused row and nothing is
//! written; otherwise every write and its outbox change go in ONE transaction.

pub mod documents;
pub(crate) mod existing;
mod folder;
pub mod sheet;

use crate::calls::{Cx, Local};
use crate::db::{rows, Db};
use crate::env::Env;
use crate::error::invalid;
use crate::library::blobs::uploads;
use sheet::{Column, SheetRow};
use sotay_model::administration::requests::ImportMembers;
use sotay_model::api::ApiError;
use sotay_model::change::FieldValue;
use sotay_model::entities::{Member, MemberStatus, OrgKind, Organisation};
use sotay_model::hlc::Hlc;
use sotay_model::row::Row;
use sotay_model::transfer::{ImportReport, ImportRow, ImportStatus};
use sotay_model::{vn, Entity, Id, RowState};
use std::collections::HashMap;
use std::path::Path;

/// Import (or with `dry_run` only check) the members listed in the .xlsx at `path`.
pub fn members(
    db: &mut Db,
    env: &dyn Env,
    path: &Path,
    dry_run: bool,
) -> Result<ImportReport, ApiError> {
    let sheet = sheet::read(path).map_err(invalid)?;
    members_of(db, env, &sheet, dry_run)
}

/// [`members`] for a sheet a screen sent as upload `upload_id`. The upload is kept
/// after a preview (its confirmation reads it again) and deleted once written.
pub fn members_uploaded(
    db: &mut Db,
    env: &dyn Env,
    upload_id: Id,
    dry_run: bool,
) -> Result<ImportReport, ApiError> {
    let (name, bytes) = uploads::read_all(db, upload_id)?;
    let sheet = sheet::read_bytes(&name, bytes).map_err(invalid)?;
    let report = members_of(db, env, &sheet, dry_run)?;
    if !dry_run && report.rejected == 0 {
        uploads::finish(db, upload_id);
    }
    Ok(report)
}

/// What a checked row does.
enum Plan {
    Create(Member),
    Change(Id, Vec<(&'static str, serde_json::Value)>),
    Keep(Id),
}

fn members_of(
    db: &mut Db,
    env: &dyn Env,
    sheet: &[SheetRow],
    dry_run: bool,
) -> Result<ImportReport, ApiError> {
    if sheet.is_empty() {
        return Err(invalid("Tệp Excel không có dòng đảng viên nào"));
    }
    let cells = cells_held(db)?;
    let held = members_held(db)?;
    // Card (upper-cased) -> the line that first listed it.
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut report = ImportReport::default();
    let mut plans = Vec::new();
    for row in sheet {
        let checked = check_row(row, &cells).and_then(|m| {
            let key = m.card_no.to_uppercase();
            if let Some(line) = seen.get(&key) {
                return Err(vec![format!(
                    "số thẻ {} trùng với dòng {line} trong tệp",
                    m.card_no
                )]);
            }
            seen.insert(key.clone(), row.line);
            match held.get(&key) {
                None => Ok((Plan::Create(m), Vec::new())),
                Some(old) => existing::compare(old, &m, &cells),
            }
        });
        let mut line = ImportRow {
            line: row.line,
            status: ImportStatus::Ok,
            reason_vi: String::new(),
            member_id: None,
            document_id: None,
            label: label(row),
            changes: Vec::new(),
        };
        match checked {
            Ok((plan, changes)) => {
                match &plan {
                    Plan::Create(_) => {}
                    Plan::Change(id, _) => {
                        report.changed += 1;
                        line.status = ImportStatus::Changed;
                        line.member_id = Some(*id);
                    }
                    Plan::Keep(id) => {
                        report.unchanged += 1;
                        line.status = ImportStatus::Unchanged;
                        line.member_id = Some(*id);
                    }
                }
                line.changes = changes;
                plans.push((report.rows.len(), plan));
            }
            Err(reasons) => {
                report.rejected += 1;
                line.status = ImportStatus::Rejected;
                line.reason_vi = reasons.join("; ");
            }
        }
        report.rows.push(line);
    }
    if report.rejected > 0 || dry_run {
        return Ok(report);
    }
    let mut at = Vec::new();
    let mut batch = Vec::new();
    for (i, plan) in plans {
        match plan {
            Plan::Create(m) => {
                at.push(i);
                batch.push((Entity::Member, env.new_id(), m.to_fields(), false));
            }
            Plan::Change(id, fields) => {
                at.push(i);
                batch.push((Entity::Member, id, fields, false));
            }
            Plan::Keep(_) => {}
        }
    }
    if batch.is_empty() {
        return Ok(report);
    }
    let changes = db.commit_local_batch(env, batch)?;
    for (i, change) in at.into_iter().zip(&changes) {
        report.rows[i].member_id = Some(change.row_id);
    }
    report.imported = changes.len() as u32;
    Ok(report)
}

/// "Họ và tên · Số thẻ" as the sheet has them, for the preview.
fn label(row: &SheetRow) -> String {
    [Column::FullName, Column::CardNo]
        .into_iter()
        .map(|c| sheet::text(row.get(c)))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Cells (chi bộ) this device holds, by id and by folded name.
struct Cells {
    by_id: HashMap<Id, Organisation>,
    by_name: HashMap<String, Vec<Id>>,
}

fn cells_held(db: &Db) -> Result<Cells, ApiError> {
    let mut by_id = HashMap::new();
    let mut by_name: HashMap<String, Vec<Id>> = HashMap::new();
    for org in crate::administration::organisations::list(db)? {
        if org.kind == OrgKind::Cell {
            by_name
                .entry(fold_words(&org.name))
                .or_default()
                .push(org.id);
            by_id.insert(org.id, org);
        }
    }
    Ok(Cells { by_id, by_name })
}

/// Every member this device holds by card number (upper-cased), deleted ones aside.
fn members_held(db: &Db) -> Result<HashMap<String, Member>, ApiError> {
    let held = rows::select_live(&db.conn, "", "r.entity = 'member'", [])?;
    Ok(held
        .iter()
        .filter_map(|r| Member::from_row(r).ok())
        .map(|m| (m.card_no.to_uppercase(), m))
        .collect())
}

fn fold_words(s: &str) -> String {
    vn::fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A row's member, or every reason it is refused.
fn check_row(row: &SheetRow, cells: &Cells) -> Result<Member, Vec<String>> {
    let mut why = Vec::new();
    let full_name = sheet::text(row.get(Column::FullName));
    if full_name.is_empty() {
        why.push("thiếu họ và tên".to_string());
    }
    let mut date = |col: Column, required: bool| -> Option<String> {
        let cell = row.get(col);
        if sheet::text(cell).is_empty() {
            if required {
                why.push(format!("thiếu {}", col.title_vi().to_lowercase()));
            }
            return None;
        }
        let d = sheet::date(cell);
        if d.is_none() {
            why.push(format!(
                "{} \"{}\" không phải ngày hợp lệ (dd/MM/yyyy)",
                col.title_vi().to_lowercase(),
                sheet::text(cell)
            ));
        }
        d
    };
    let birth_date = date(Column::BirthDate, true);
    let joined_date = date(Column::JoinedDate, true);
    let official_date = date(Column::OfficialDate, false);
    let gender_text = sheet::text(row.get(Column::Gender));
    let gender = match fold_words(&gender_text).as_str() {
        "nam" => Some(sotay_model::entities::Gender::Male),
        "nu" => Some(sotay_model::entities::Gender::Female),
        _ => {
            why.push(format!("giới tính \"{gender_text}\" phải là Nam hoặc Nữ"));
            None
        }
    };
    let card_no = sheet::text(row.get(Column::CardNo));
    if card_no.is_empty() {
        why.push("thiếu số thẻ".to_string());
    }
    let cell_id = find_cell(&sheet::text(row.get(Column::Cell)), cells).map_err(|e| why.push(e));
    if let (Some(b), Some(j)) = (&birth_date, &joined_date) {
        if j <= b {
            why.push("ngày vào Đảng phải sau ngày sinh".to_string());
        }
    }
    if let (Some(j), Some(o)) = (&joined_date, &official_date) {
        if o < j {
            why.push("ngày chính thức không được trước ngày vào Đảng".to_string());
        }
    }
    let (Some(birth_date), Some(joined_date), Some(gender), Ok(cell_id), true) =
        (birth_date, joined_date, gender, cell_id, why.is_empty())
    else {
        return Err(why);
    };
    let member = Member {
        id: Id::nil(),
        full_name,
        birth_date,
        gender,
        joined_date,
        status: if official_date.is_some() {
            MemberStatus::Full
        } else {
            MemberStatus::Probationary
        },
        official_date,
        card_no,
        cell_id,
    };
    // The same checks a local write and the server make (lengths, card characters).
    validate(&member).map_err(|e| vec![e])?;
    Ok(member)
}

/// A chi bộ by id, or by name ignoring case and diacritics; a name two cells share
/// must be given as an id.
fn find_cell(text: &str, cells: &Cells) -> Result<Id, String> {
    if text.is_empty() {
        return Err("thiếu chi bộ".into());
    }
    if let Ok(id) = text.parse::<Id>() {
        return cells
            .by_id
            .contains_key(&id)
            .then_some(id)
            .ok_or_else(|| format!("không có chi bộ mã {text} trên máy"));
    }
    match cells.by_name.get(&fold_words(text)).map(Vec::as_slice) {
        Some([one]) => Ok(*one),
        Some([..]) => Err(format!("có nhiều chi bộ tên \"{text}\", hãy ghi mã chi bộ")),
        None => Err(format!("không tìm thấy chi bộ \"{text}\" trên máy")),
    }
}

fn validate(m: &Member) -> Result<(), String> {
    let stamp = Hlc {
        wall_ms: 1,
        counter: 0,
        node: Id::nil(),
    };
    let row = RowState {
        entity: Entity::Member,
        row_id: Id::nil(),
        org_id: m.cell_id,
        fields: m
            .to_fields()
            .into_iter()
            .map(|(k, value)| (k.to_string(), FieldValue { value, hlc: stamp }))
            .collect(),
        tombstone: None,
    };
    sotay_model::entities::validate(&row)
}

impl Local for ImportMembers {
    fn local(self, cx: &mut Cx<'_>) -> Result<ImportReport, ApiError> {
        match (self.upload_id, self.path) {
            (Some(upload), _) => members_uploaded(cx.db, cx.env, upload, self.dry_run),
            (None, Some(path)) => members(cx.db, cx.env, Path::new(&path), self.dry_run),
            (None, None) => Err(invalid("Hãy chọn tệp Excel danh sách đảng viên để nhập")),
        }
    }
}
