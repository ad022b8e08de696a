//! Importing a folder of documents (issue 5): a metadata sheet (.xlsx) lists one
//! document a row (number, kind, title, issuing body, issue date; optionally status,
//! summary, topics, the names of its files in the folder and a .txt of its full text). Every row is checked
//! (fields, files present and of an accepted type, numbers unique in the sheet and on
//! the device), the report says row by row what was refused and why, and nothing is
//! half-imported: one refused row and nothing is written; otherwise every document
//! and attachment goes in ONE transaction (the files are copied into the store first).
//! A number the organisation already holds with exactly the row's details is
//! unchanged, so the same folder imported twice changes nothing (issue 20); with other
//! details it is refused. From a screen the sheet and files come as uploads
//! (`folder::picked`).

use super::folder::{self, Files, Found, Look};
use super::sheet::{date, text};
use crate::calls::{Cx, Local};
use crate::db::{rows, Db};
use crate::env::Env;
use crate::error::invalid;
use crate::library::blobs::{store, uploads, MAX_ATTACH_BYTES};
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
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read, Seek};
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
    let book: Xlsx<_> = open_workbook(path).map_err(|e| {
        invalid(format!(
            "Không mở được tệp danh mục {} ({e})",
            path.display()
        ))
    })?;
    rows_of(book)
}

/// [`read`] for a sheet a screen sent.
fn read_bytes(name: &str, bytes: Vec<u8>) -> Result<Vec<(u32, Vec<Data>)>, ApiError> {
    let book = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| invalid(format!("Không mở được tệp danh mục {name} ({e})")))?;
    rows_of(book)
}

fn rows_of<R: Read + Seek>(mut book: Xlsx<R>) -> Result<Vec<(u32, Vec<Data>)>, ApiError> {
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

/// A checked row: its document fields and its files (where, name, MIME type, size).
struct Checked {
    /// Its id is set when it is written.
    doc: Document,
    files: Vec<(Found, String, &'static str, u64)>,
}

fn check(db: &Db, files_in: &Files, org: Id, cells: &[Data]) -> Result<Checked, Vec<String>> {
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
        match files_in.look(&name) {
            Look::Found(_, 0) => why.push(format!("tệp \"{name}\" rỗng")),
            Look::Found(_, size) if size > MAX_ATTACH_BYTES => {
                why.push(format!("tệp \"{name}\" lớn quá 1 GB"))
            }
            Look::Found(at, size) => files.push((at, name, mime, size)),
            Look::NotFile | Look::Missing => why.push(files_in.missing(&name)),
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
        name => match files_in.read(db, &name).map(String::from_utf8) {
            Some(Ok(text)) => text,
            Some(Err(_)) => {
                why.push(format!("tệp toàn văn \"{name}\" không phải văn bản UTF-8"));
                String::new()
            }
            None => {
                why.push(format!("toàn văn: {}", files_in.missing(&name)));
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
    import_rows(db, env, &Files::Folder(folder), org_id, &rows_in, dry_run)
}

/// [`import`] for the sheet and files a screen picked together and sent as
/// `upload_ids`. The uploads are kept after a preview (its confirmation reads them
/// again) and deleted once written.
pub fn import_picked(
    db: &mut Db,
    env: &dyn Env,
    upload_ids: &[Id],
    org_id: Id,
    sheet: Option<&str>,
    dry_run: bool,
) -> Result<ImportReport, ApiError> {
    crate::administration::organisations::get(db, org_id)?;
    let (sheet_id, name, bytes, files) = folder::picked(db, upload_ids, sheet)?;
    let rows_in = read_bytes(&name, bytes)?;
    let report = import_rows(db, env, &files, org_id, &rows_in, dry_run)?;
    if !dry_run && report.rejected == 0 {
        for id in files.uploads().into_iter().chain([sheet_id]) {
            uploads::finish(db, id);
        }
    }
    Ok(report)
}

/// "Số hiệu · Tiêu đề" as the sheet has them, for the preview.
fn label(cells: &[Data]) -> String {
    [&cells[0], &cells[2]]
        .into_iter()
        .map(text)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

fn import_rows(
    db: &mut Db,
    env: &dyn Env,
    files: &Files,
    org_id: Id,
    rows_in: &[(u32, Vec<Data>)],
    dry_run: bool,
) -> Result<ImportReport, ApiError> {
    if rows_in.is_empty() {
        return Err(invalid("Tệp danh mục không có dòng văn bản nào"));
    }
    let held: HashMap<String, Document> =
        rows::select_live(&db.conn, "", "r.entity = 'document'", [])?
            .iter()
            .filter_map(|r| Document::from_row(r).ok())
            .filter(|d| d.org_id == org_id)
            .map(|d| (fold(&d.number), d))
            .collect();
    let mut seen = HashSet::new();
    let mut report = ImportReport::default();
    let mut ok = Vec::new();
    for (line, cells) in rows_in {
        let number = fold(&text(&cells[0]));
        let mut row = ImportRow {
            line: *line,
            status: ImportStatus::Ok,
            reason_vi: String::new(),
            member_id: None,
            document_id: None,
            label: label(cells),
            changes: Vec::new(),
        };
        let checked = check(db, files, org_id, cells).and_then(|c| {
            if !seen.insert(number.clone()) {
                return Err(vec![format!(
                    "số hiệu {} trùng với một dòng trên",
                    text(&cells[0])
                )]);
            }
            match held.get(&number) {
                None => Ok(Some(c)),
                Some(old)
                    if *old
                        == Document {
                            id: old.id,
                            ..c.doc
                        } =>
                {
                    row.status = ImportStatus::Unchanged;
                    row.document_id = Some(old.id);
                    Ok(None)
                }
                Some(_) => Err(vec![format!(
                    "đã có văn bản số {} của tổ chức này trên máy, khác với dòng này",
                    text(&cells[0])
                )]),
            }
        });
        match checked {
            Ok(Some(c)) => ok.push((report.rows.len(), c)),
            Ok(None) => report.unchanged += 1,
            Err(why) => {
                report.rejected += 1;
                row.status = ImportStatus::Rejected;
                row.reason_vi = why.join("; ");
            }
        }
        report.rows.push(row);
    }
    if report.rejected > 0 || dry_run || ok.is_empty() {
        return Ok(report);
    }
    // Files into the store first: a crash after this leaves only unused copies.
    let mut batch = Vec::new();
    let mut doc_ids = Vec::new();
    for (at, c) in ok {
        let doc = Document {
            id: env.new_id(),
            ..c.doc
        };
        doc_ids.push((at, doc.id));
        batch.push((Entity::Document, doc.id, doc.to_fields(), false));
        for (found, name, mime, size) in &c.files {
            let sha = folder::keep(db, found)?;
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
    for (at, doc) in &doc_ids {
        report.rows[*at].document_id = Some(*doc);
    }
    report.imported = doc_ids.len() as u32;
    Ok(report)
}

impl Local for ImportDocuments {
    fn local(self, cx: &mut Cx<'_>) -> Result<ImportReport, ApiError> {
        if !self.upload_ids.is_empty() {
            return import_picked(
                cx.db,
                cx.env,
                &self.upload_ids,
                self.org_id,
                self.sheet.as_deref(),
                self.dry_run,
            );
        }
        if self.folder.trim().is_empty() {
            return Err(invalid(
                "Hãy chọn thư mục (tệp danh mục và các tệp văn bản) để nhập",
            ));
        }
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
