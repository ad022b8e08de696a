//! Importing a folder of documents (issue 5): a metadata sheet (.xlsx) lists one
//! document a row (number, kind, title, issuing body, issue date; optionally status,
//! summary, topics, the names of its files in the folder and a .txt of its full text). Every row is checked
//! (fields, files present and of an accepted type, numbers unique in the sheet and on
//! the device), the report says row by row what was refused and why, and nothing is
//! half-imported: one refused row and nothing is written; otherwise every document
//! and attachment goes in ONE transaction (the files are copied into the store first).

use super::sheet::{date, text};
use crate::calls::{Cx, Local};
use crate::db::{rows, Db};
use crate::env::Env;
use crate::error::invalid;
use crate::library::blobs::{self, store, MAX_ATTACH_BYTES};
use calamine::{open_workbook, Data, Reader, Xlsx};
use sotay_model::api::ApiError;
use sotay_model::change::FieldValue;
use sotay_model::hlc::Hlc;
use sotay_model::library::documents::{DocKind, DocStatus, Document};
use sotay_model::library::requests::ImportDocuments;
use sotay_model::row::Row;
use sotay_model::study::{mime_for, Attachment};
use sotay_model::transfer::{ImportReport, ImportRow, ImportStatus};
use sotay_model::{vn, Entity, Id, RowState};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The columns read, each with the folded headers that mean it; `true` if required.
const COLUMNS: &[(&str, &[&str], bool)] = &[
    (
        "Số hiệu",
        &["so hieu", "so ky hieu", "so van ban", "so"],
        true,
    ),
    ("Loại", &["loai", "loai van ban"], true),
    ("Tiêu đề", &["tieu de", "ten van ban"], true),
    (
        "Cơ quan ban hành",
        &["co quan ban hanh", "noi ban hanh"],
        true,
    ),
    ("Ngày ban hành", &["ngay ban hanh"], true),
    ("Hiệu lực", &["hieu luc", "tinh trang hieu luc"], false),
    ("Trích yếu", &["trich yeu", "tom tat"], false),
    ("Chủ đề", &["chu de"], false),
    ("Tệp", &["tep", "tep dinh kem", "ten tep"], false),
    ("Toàn văn", &["toan van", "tep toan van"], false),
];
const MAX_DOCS: usize = 5_000;

fn fold(s: &str) -> String {
    vn::fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The one .xlsx in the folder (Excel's `~$` lock files aside) unless one is named.
fn sheet_path(folder: &Path, sheet: Option<&Path>) -> Result<PathBuf, ApiError> {
    if let Some(s) = sheet {
        return Ok(if s.is_absolute() {
            s.to_path_buf()
        } else {
            folder.join(s)
        });
    }
    let entries = std::fs::read_dir(folder)
        .map_err(|_| invalid(format!("Không mở được thư mục {}", folder.display())))?;
    let sheets: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            name.to_ascii_lowercase().ends_with(".xlsx") && !name.starts_with("~$")
        })
        .collect();
    match sheets.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(invalid("Thư mục không có tệp danh mục văn bản (.xlsx)")),
        _ => Err(invalid("Thư mục có nhiều tệp .xlsx, hãy chọn tệp danh mục")),
    }
}

/// The sheet's data rows as (line, cell per column of `COLUMNS`).
fn read(path: &Path) -> Result<Vec<(u32, Vec<Data>)>, ApiError> {
    let mut book: Xlsx<_> = open_workbook(path).map_err(|e| {
        invalid(format!(
            "Không mở được tệp danh mục {} ({e})",
            path.display()
        ))
    })?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| invalid("Tệp danh mục không có trang tính nào"))?
        .map_err(|e| invalid(format!("Không đọc được trang tính đầu tiên ({e})")))?;
    let first = range.start().map(|(r, _)| r).unwrap_or(0);
    let all: Vec<&[Data]> = range.rows().collect();
    let is_header = |r: &[Data]| {
        r.iter()
            .any(|c| COLUMNS[0].1.contains(&fold(&text(c)).as_str()))
    };
    let at = all
        .iter()
        .take(10)
        .position(|r| is_header(r))
        .ok_or_else(|| invalid("Không tìm thấy dòng tiêu đề có cột \"Số hiệu\""))?;
    let mut index = Vec::new();
    let mut missing = Vec::new();
    for (title, aliases, required) in COLUMNS {
        let pos = all[at]
            .iter()
            .position(|h| aliases.contains(&fold(&text(h)).as_str()));
        if pos.is_none() && *required {
            missing.push(*title);
        }
        index.push(pos);
    }
    if !missing.is_empty() {
        return Err(invalid(format!(
            "Tệp danh mục thiếu cột: {}",
            missing.join(", ")
        )));
    }
    let out: Vec<(u32, Vec<Data>)> = all
        .iter()
        .enumerate()
        .skip(at + 1)
        .filter(|(_, r)| r.iter().any(|c| !text(c).is_empty()))
        .map(|(i, r)| {
            let cells = index
                .iter()
                .map(|p| p.and_then(|p| r.get(p).cloned()).unwrap_or(Data::Empty))
                .collect();
            (first + i as u32 + 1, cells)
        })
        .collect();
    if out.len() > MAX_DOCS {
        return Err(invalid(format!("Mỗi lần nhập tối đa {MAX_DOCS} văn bản")));
    }
    Ok(out)
}

fn kind(s: &str) -> Option<DocKind> {
    let f = fold(s);
    DocKind::ALL
        .into_iter()
        .find(|k| fold(k.label_vi()) == f || (f == "tai lieu" && *k == DocKind::CellStudyMaterial))
}

fn status(s: &str) -> Option<DocStatus> {
    match fold(s).as_str() {
        "" | "con hieu luc" | "hieu luc" => Some(DocStatus::InForce),
        "da duoc thay the" | "da thay the" | "thay the" => Some(DocStatus::Replaced),
        "het hieu luc" => Some(DocStatus::Expired),
        _ => None,
    }
}

fn list(s: &str) -> Vec<String> {
    s.split([';', '\n'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// A checked row: its document fields and its files (path, name, MIME type, size).
struct Checked {
    /// Its id is set when it is written.
    doc: Document,
    files: Vec<(PathBuf, String, &'static str, u64)>,
}

fn check(folder: &Path, org: Id, cells: &[Data]) -> Result<Checked, Vec<String>> {
    let mut why = Vec::new();
    let t = |i: usize| text(&cells[i]);
    for (i, (title, _, required)) in COLUMNS.iter().enumerate() {
        if *required && t(i).is_empty() {
            why.push(format!("thiếu {}", title.to_lowercase()));
        }
    }
    let k = kind(&t(1));
    if k.is_none() && !t(1).is_empty() {
        why.push(format!("loại văn bản \"{}\" không có trong danh mục", t(1)));
    }
    let issued = date(&cells[4]);
    if issued.is_none() && !t(4).is_empty() {
        why.push(format!(
            "ngày ban hành \"{}\" không hợp lệ (dd/MM/yyyy)",
            t(4)
        ));
    }
    let st = status(&t(5));
    if st.is_none() {
        why.push(format!(
            "hiệu lực \"{}\" phải là Còn hiệu lực, Đã được thay thế hoặc Hết hiệu lực",
            t(5)
        ));
    }
    let mut files = Vec::new();
    for name in list(&t(8)) {
        if name.contains(['/', '\\']) || name.starts_with('.') {
            why.push(format!("tên tệp \"{name}\" phải là một tệp trong thư mục"));
            continue;
        }
        let Some(mime) = mime_for(&name) else {
            why.push(format!("tệp \"{name}\" không phải PDF, DOCX hoặc ảnh"));
            continue;
        };
        let path = folder.join(&name);
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() && m.len() > 0 && m.len() <= MAX_ATTACH_BYTES => {
                files.push((path, name, mime, m.len()))
            }
            Ok(m) if m.is_file() && m.len() == 0 => why.push(format!("tệp \"{name}\" rỗng")),
            Ok(m) if m.is_file() => why.push(format!("tệp \"{name}\" lớn quá 1 GB")),
            _ => why.push(format!("không thấy tệp \"{name}\" trong thư mục")),
        }
    }
    // The full text, for search: a UTF-8 .txt file in the folder.
    let body = match t(9) {
        name if name.is_empty() => String::new(),
        name if name.contains(['/', '\\']) || !name.to_lowercase().ends_with(".txt") => {
            why.push(format!(
                "toàn văn \"{name}\" phải là một tệp .txt trong thư mục"
            ));
            String::new()
        }
        name => match std::fs::read(folder.join(&name)).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                why.push(format!("tệp toàn văn \"{name}\" không phải văn bản UTF-8"));
                String::new()
            }
            Err(_) => {
                why.push(format!("không thấy tệp toàn văn \"{name}\" trong thư mục"));
                String::new()
            }
        },
    };
    let (Some(k), Some(issued), Some(st), true) = (k, issued, st, why.is_empty()) else {
        return Err(why);
    };
    let topics: Vec<String> = t(7)
        .split([';', ','])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect();
    let doc = Document {
        id: Id::nil(),
        kind: k,
        number: t(0),
        title: t(2),
        org_id: org,
        issuer: t(3),
        issued_on: issued,
        status: st,
        summary: t(6),
        body: body.trim().to_string(),
        topics,
    };
    validate(&doc).map_err(|e| vec![e])?;
    Ok(Checked { doc, files })
}

/// The checks a local write and the server make, on the row the codec writes.
fn validate(doc: &Document) -> Result<(), String> {
    let stamp = Hlc {
        wall_ms: 1,
        counter: 0,
        node: Id::nil(),
    };
    let row = RowState {
        entity: Entity::Document,
        row_id: Id::nil(),
        org_id: doc.org_id,
        fields: doc
            .to_fields()
            .into_iter()
            .map(|(k, value)| (k.to_string(), FieldValue { value, hlc: stamp }))
            .collect(),
        tombstone: None,
    };
    sotay_model::entities::validate(&row)
}

/// Import (or with `dry_run` only check) the documents the folder's sheet lists.
pub fn import(
    db: &mut Db,
    env: &dyn Env,
    folder: &Path,
    org_id: Id,
    sheet: Option<&Path>,
    dry_run: bool,
) -> Result<ImportReport, ApiError> {
    crate::administration::organisations::get(db, org_id)?;
    let rows_in = read(&sheet_path(folder, sheet)?)?;
    if rows_in.is_empty() {
        return Err(invalid("Tệp danh mục không có dòng văn bản nào"));
    }
    let held: HashSet<String> = rows::select_live(&db.conn, "", "r.entity = 'document'", [])?
        .iter()
        .filter_map(|r| Document::from_row(r).ok())
        .filter(|d| d.org_id == org_id)
        .map(|d| fold(&d.number))
        .collect();
    let mut seen = HashSet::new();
    let mut report = ImportReport::default();
    let mut ok = Vec::new();
    for (line, cells) in &rows_in {
        let number = fold(&text(&cells[0]));
        let checked = check(folder, org_id, cells).and_then(|c| {
            if held.contains(&number) {
                Err(vec![format!(
                    "đã có văn bản số {} của tổ chức này trên máy",
                    text(&cells[0])
                )])
            } else if !seen.insert(number.clone()) {
                Err(vec![format!(
                    "số hiệu {} trùng với một dòng trên",
                    text(&cells[0])
                )])
            } else {
                Ok(c)
            }
        });
        let (status, reason_vi) = match checked {
            Ok(c) => {
                ok.push(c);
                (ImportStatus::Ok, String::new())
            }
            Err(why) => {
                report.rejected += 1;
                (ImportStatus::Rejected, why.join("; "))
            }
        };
        report.rows.push(ImportRow {
            line: *line,
            status,
            reason_vi,
            member_id: None,
            document_id: None,
            label: String::new(),
            changes: Vec::new(),
        });
    }
    if report.rejected > 0 || dry_run {
        return Ok(report);
    }
    // Files into the store first: a crash after this leaves only unused copies.
    let mut batch = Vec::new();
    let mut doc_ids = Vec::new();
    for c in ok {
        let doc = Document {
            id: env.new_id(),
            ..c.doc
        };
        doc_ids.push(doc.id);
        batch.push((Entity::Document, doc.id, doc.to_fields(), false));
        for (path, name, mime, size) in &c.files {
            let sha = blobs::keep_copy(db, path)?;
            store::record(&db.conn, &sha, *size, true, true, env.now_ms())?;
            let attachment = Attachment {
                id: env.new_id(),
                document_id: doc.id,
                org_id,
                name: name.clone(),
                mime: mime.to_string(),
                size: *size,
                sha256: sha,
            };
            batch.push((
                Entity::Attachment,
                attachment.id,
                attachment.to_fields(),
                false,
            ));
        }
    }
    db.commit_local_batch(env, batch)?;
    for (row, doc) in report.rows.iter_mut().zip(&doc_ids) {
        row.document_id = Some(*doc);
    }
    report.imported = doc_ids.len() as u32;
    Ok(report)
}

impl Local for ImportDocuments {
    fn local(self, cx: &mut Cx<'_>) -> Result<ImportReport, ApiError> {
        import(
            cx.db,
            cx.env,
            Path::new(&self.folder),
            self.org_id,
            self.sheet.as_deref().map(Path::new),
            self.dry_run,
        )
    }
}
