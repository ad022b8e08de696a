//! Importing party members from an Excel list (issue 3, item 2): every row is checked
//! (names, dates, gender, card number unique in the file and on the device, the chi bộ
//! found among the organisations this device holds), a report says row by row what was
//! refused and why, and nothing is half-imported: one refused row and nothing is
//! written; otherwise all members and their outbox changes go in ONE transaction.

pub mod documents;
pub mod sheet;

use crate::calls::{Cx, Local};
use crate::db::{rows, Db};
use crate::env::Env;
use crate::error::invalid;
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
    if sheet.is_empty() {
        return Err(invalid("Tệp Excel không có dòng đảng viên nào"));
    }
    let cells = cells_held(db)?;
    let mut known_cards = cards_held(db)?;
    let mut report = ImportReport::default();
    let mut writes = Vec::new();
    for row in &sheet {
        let checked = check_row(row, &cells).and_then(|m| {
            let key = m.card_no.to_uppercase();
            match known_cards.get(&key) {
                Some(Some(line)) => Err(vec![format!(
                    "số thẻ {} trùng với dòng {line} trong tệp",
                    m.card_no
                )]),
                Some(None) => Err(vec![format!(
                    "số thẻ {} đã có đảng viên trên máy",
                    m.card_no
                )]),
                None => {
                    known_cards.insert(key, Some(row.line));
                    Ok(m)
                }
            }
        });
        match checked {
            Ok(m) => {
                report.rows.push(ImportRow {
                    line: row.line,
                    status: ImportStatus::Ok,
                    reason_vi: String::new(),
                    member_id: None,
                    document_id: None,
                });
                writes.push(m);
            }
            Err(reasons) => {
                report.rejected += 1;
                report.rows.push(ImportRow {
                    line: row.line,
                    status: ImportStatus::Rejected,
                    reason_vi: reasons.join("; "),
                    member_id: None,
                    document_id: None,
                });
            }
        }
    }
    if report.rejected > 0 || dry_run {
        return Ok(report);
    }
    let batch = writes
        .iter()
        .map(|m| (Entity::Member, env.new_id(), m.to_fields(), false))
        .collect::<Vec<_>>();
    let changes = db.commit_local_batch(env, batch)?;
    for (row, change) in report.rows.iter_mut().zip(&changes) {
        row.member_id = Some(change.row_id);
    }
    report.imported = changes.len() as u32;
    Ok(report)
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

/// Card numbers (upper-cased) of every member this device holds, deleted ones aside.
fn cards_held(db: &Db) -> Result<HashMap<String, Option<u32>>, ApiError> {
    let held = rows::select_live(&db.conn, "", "r.entity = 'member'", [])?;
    Ok(held
        .iter()
        .filter_map(|r| Member::from_row(r).ok())
        .map(|m| (m.card_no.to_uppercase(), None))
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
        members(cx.db, cx.env, Path::new(&self.path), self.dry_run)
    }
}
