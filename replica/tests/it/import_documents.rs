//! Importing a folder of documents with a metadata sheet (issue 5): a good folder
//! becomes documents with their files attached (copied into the store, waiting for
//! upload); a folder with one bad row reports every row and writes nothing.

use crate::common;
use crate::import_preview::upload;

use common::{enrolled, GRASSROOTS};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::json;
use sotay_model::api::{requests, ApiErrorKind, Request, Response};
use sotay_model::library::documents::DocKind;
use sotay_model::library::LocalCopy;
use sotay_model::transfer::ImportStatus;
use sotay_model::Id;
use sotay_replica::calls::{call_db, Cx};
use sotay_replica::library::{blobs, documents};
use sotay_replica::{Db, SeededEnv};
use std::path::Path;

const HEADER: [&str; 10] = [
    "Số hiệu",
    "Loại văn bản",
    "Tiêu đề",
    "Cơ quan ban hành",
    "Ngày ban hành",
    "Hiệu lực",
    "Trích yếu",
    "Chủ đề",
    "Tệp đính kèm",
    "Toàn văn",
];

/// A sheet under a title line; `@yyyy-mm-dd` cells are Excel dates.
fn write_sheet(dir: &Path, rows: &[&str]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet
        .write_string(0, 0, "DANH MỤC VĂN BẢN NĂM 2025")
        .expect("title");
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).expect("header");
    }
    for (i, row) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        for (c, cell) in row.split('|').enumerate() {
            let c = c as u16;
            if let Some(iso) = cell.strip_prefix('@') {
                let n = |a: usize, b: usize| iso[a..b].parse::<u16>().expect("date part");
                let dt =
                    ExcelDateTime::from_ymd(n(0, 4), n(5, 7) as u8, n(8, 10) as u8).expect("date");
                sheet
                    .write_datetime_with_format(r, c, &dt, &date)
                    .expect("cell");
            } else if !cell.is_empty() {
                sheet.write_string(r, c, cell).expect("cell");
            }
        }
    }
    book.save(dir.join("danh-muc.xlsx")).expect("save");
}

fn import(db: &mut Db, env: &SeededEnv, folder: &Path, dry_run: bool) -> Response {
    sotay_replica::import::documents::import(
        db,
        env,
        folder,
        Id::from_u128(GRASSROOTS),
        None,
        dry_run,
    )
    .map(Response::ImportReport)
    .expect("import")
}

fn documents_held(db: &mut Db, env: &SeededEnv) -> usize {
    match call_db(
        &mut Cx { db, env },
        Request::ListDocuments(requests::ListDocuments {
            kind: None,
            org_id: None,
            year: None,
            query: None,
            limit: None,
            offset: None,
        }),
    ) {
        Ok(Response::Documents(sotay_model::library::DocumentPage { documents, .. })) => {
            documents.len()
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_folder_with_its_sheet_becomes_documents_with_attachments() {
    let home = tempfile::tempdir().expect("home");
    let folder = tempfile::tempdir().expect("folder");
    let (mut db, env) = enrolled(home.path());
    std::fs::write(folder.path().join("nq05.pdf"), b"%PDF-1.7 nghi quyet 05").expect("pdf");
    std::fs::write(folder.path().join("phu-luc.docx"), b"PK docx phu luc").expect("docx");
    std::fs::write(folder.path().join("anh.jpg"), b"\xff\xd8\xff jpeg").expect("jpg");
    std::fs::write(
        folder.path().join("nq05.txt"),
        "Nghị quyết về đẩy mạnh chuyển đổi số trong toàn Đảng bộ xã.",
    )
    .expect("txt");
    write_sheet(
        folder.path(),
        &[
            "05-NQ/ĐU|Nghị quyết|Về chuyển đổi số|Đảng ủy xã Tam Quang|@2025-02-03|Còn hiệu lực|Đẩy mạnh ứng dụng CNTT|chuyển đổi số; công nghệ|nq05.pdf; phu-luc.docx|nq05.txt",
            "12-TB/ĐU|thong bao|Kết luận hội nghị|Đảng ủy xã Tam Quang|15/03/2025||||anh.jpg",
        ],
    );
    // A dry run checks everything and writes nothing.
    let Response::ImportReport(dry) = import(&mut db, &env, folder.path(), true) else {
        panic!()
    };
    assert_eq!((dry.imported, dry.rejected), (0, 0), "{dry:?}");
    assert_eq!(documents_held(&mut db, &env), 0);

    let Response::ImportReport(report) = import(&mut db, &env, folder.path(), false) else {
        panic!()
    };
    assert_eq!((report.imported, report.rejected), (2, 0), "{report:?}");
    assert_eq!(
        report.rows[0].line, 4,
        "lines as the spreadsheet shows them"
    );
    let first = report.rows[0].document_id.expect("an id");
    let doc = documents::get(&db, first).expect("the document");
    assert_eq!(
        (doc.kind, doc.number.as_str()),
        (DocKind::Resolution, "05-NQ/ĐU")
    );
    assert_eq!(doc.issued_on, "2025-02-03");
    assert_eq!(doc.topics, vec!["chuyển đổi số", "công nghệ"]);
    assert!(
        doc.body.starts_with("Nghị quyết về đẩy mạnh"),
        "{}",
        doc.body
    );
    let second = documents::get(&db, report.rows[1].document_id.expect("id")).expect("doc");
    assert_eq!(
        (second.kind, second.issued_on.as_str()),
        (DocKind::Notice, "2025-03-15")
    );
    let list = blobs::list(&db, first).expect("attachments");
    let names: Vec<&str> = list.iter().map(|a| a.attachment.name.as_str()).collect();
    assert_eq!(names, vec!["nq05.pdf", "phu-luc.docx"]);
    assert!(list
        .iter()
        .all(|a| a.local == LocalCopy::Complete && a.upload_pending && a.pinned));
    assert_eq!(db.pending_changes().expect("outbox").len(), 5);

    // The same folder again: every document is held as its row says, nothing is
    // written; a row that says otherwise about a held number is refused.
    let Response::ImportReport(again) = import(&mut db, &env, folder.path(), false) else {
        panic!()
    };
    assert_eq!(
        (again.imported, again.rejected, again.unchanged),
        (0, 0, 2),
        "{again:?}"
    );
    assert_eq!(again.rows[0].status, ImportStatus::Unchanged);
    assert_eq!(again.rows[0].document_id, Some(first));
    assert_eq!(db.pending_changes().expect("outbox").len(), 5);
    write_sheet(
        folder.path(),
        &["05-NQ/ĐU|Nghị quyết|Tiêu đề khác|Đảng ủy xã Tam Quang|@2025-02-03||||"],
    );
    let Response::ImportReport(other) = import(&mut db, &env, folder.path(), true) else {
        panic!()
    };
    assert_eq!(other.rejected, 1);
    assert!(other.rows[0]
        .reason_vi
        .contains("đã có văn bản số 05-NQ/ĐU của tổ chức này trên máy, khác với dòng này"));
}

#[test]
fn one_bad_row_and_nothing_is_written() {
    let home = tempfile::tempdir().expect("home");
    let folder = tempfile::tempdir().expect("folder");
    let (mut db, env) = enrolled(home.path());
    std::fs::write(folder.path().join("ok.pdf"), b"%PDF ok").expect("pdf");
    std::fs::write(folder.path().join("bang.xlsx.bak"), b"x").expect("other");
    write_sheet(
        folder.path(),
        &[
            "01-NQ/ĐU|Nghị quyết|Văn bản tốt|Đảng ủy|@2025-01-02||||ok.pdf",
            "02-CT/ĐU|Công văn|Loại lạ|Đảng ủy|31/02/2025|Tạm dừng|||thieu.pdf; bang.xlsx.bak|toan-van.doc",
            "01-NQ/ĐU|Nghị quyết|Trùng số|Đảng ủy|@2025-01-03||||",
            "|Chỉ thị||Đảng ủy|@2025-01-04||||",
        ],
    );
    let Response::ImportReport(r) = import(&mut db, &env, folder.path(), false) else {
        panic!()
    };
    assert_eq!((r.imported, r.rejected), (0, 3), "{r:?}");
    assert_eq!(r.rows[0].status, ImportStatus::Ok);
    let why = &r.rows[1].reason_vi;
    for part in [
        "loại văn bản \"Công văn\"",
        "ngày ban hành \"31/02/2025\"",
        "hiệu lực \"Tạm dừng\"",
        "không thấy tệp \"thieu.pdf\"",
        "\"bang.xlsx.bak\" không phải PDF, DOCX hoặc ảnh",
        "toàn văn \"toan-van.doc\" phải là một tệp .txt",
    ] {
        assert!(why.contains(part), "{part} not in {why}");
    }
    assert!(r.rows[2].reason_vi.contains("trùng"), "{:?}", r.rows[2]);
    assert!(
        r.rows[3].reason_vi.contains("thiếu số hiệu"),
        "{:?}",
        r.rows[3]
    );
    assert_eq!(documents_held(&mut db, &env), 0);
    assert!(db.pending_changes().expect("outbox").is_empty());
    let Ok(Response::BlobStorage(storage)) = call_db(
        &mut Cx {
            db: &mut db,
            env: &env,
        },
        Request::BlobStorage(requests::BlobStorage),
    ) else {
        panic!("no storage")
    };
    assert_eq!(storage.pinned_files, 0, "no file kept for a refused import");
}

/// A small real PDF (one empty page), its text naming it.
fn pdf(title: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Title({title})>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    .into_bytes()
}

/// The sheet and files picked together on a screen, sent as uploads.
fn pick(db: &mut Db, env: &SeededEnv, folder: &Path, names: &[&str]) -> Vec<Id> {
    names
        .iter()
        .map(|n| {
            let bytes = std::fs::read(folder.join(n)).expect("picked file");
            upload(db, env, n, &bytes)
        })
        .collect()
}

fn import_picked(db: &mut Db, env: &SeededEnv, ids: &[Id], dry_run: bool) -> serde_json::Value {
    common::wire_ok(
        db,
        env,
        json!({"type": "import_documents", "org_id": Id::from_u128(GRASSROOTS),
               "upload_ids": ids, "dry_run": dry_run}),
    )
}

#[test]
fn a_folder_picked_on_a_screen_is_previewed_then_imported_once() {
    let home = tempfile::tempdir().expect("home");
    let folder = tempfile::tempdir().expect("folder");
    let (mut db, env) = enrolled(home.path());
    std::fs::write(folder.path().join("nq01.pdf"), pdf("NQ 01")).expect("pdf");
    std::fs::write(folder.path().join("tb02.pdf"), pdf("TB 02")).expect("pdf");
    let rows = [
        "01-NQ/ĐU|Nghị quyết|Về chuyển đổi số|Đảng ủy xã Tam Quang|@2025-02-03||||nq01.pdf",
        "02-TB/ĐU|Thông báo|Kết luận hội nghị|Đảng ủy xã Tam Quang|15/03/2025||||tb02.pdf",
        "03-HD/ĐU|Hướng dẫn|Học tập nghị quyết|Đảng ủy xã Tam Quang|20/03/2025||||kh03.pdf",
    ];
    write_sheet(folder.path(), &rows);
    let picked = ["danh-muc.xlsx", "nq01.pdf", "tb02.pdf"];
    let ids = pick(&mut db, &env, folder.path(), &picked);

    // The third row names a file that was not picked: refused, with why; nothing is
    // written, previewed or confirmed.
    for dry_run in [true, false] {
        let r = import_picked(&mut db, &env, &ids, dry_run);
        let statuses: Vec<&str> = r["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| r["status"].as_str().expect("status"))
            .collect();
        assert_eq!(statuses, ["ok", "ok", "rejected"], "{r}");
        assert_eq!(
            r["rows"][2]["reason_vi"],
            "tệp \"kh03.pdf\" không có trong các tệp đã chọn"
        );
        assert_eq!(r["rows"][0]["label"], "01-NQ/ĐU · Về chuyển đổi số");
        assert_eq!(documents_held(&mut db, &env), 0);
        assert!(db.pending_changes().expect("outbox").is_empty());
    }

    // The sheet corrected (the third row gone) and picked again with the files.
    write_sheet(folder.path(), &rows[..2]);
    let ids = pick(&mut db, &env, folder.path(), &picked);
    let preview = import_picked(&mut db, &env, &ids, true);
    assert_eq!(
        (preview["rejected"].as_u64(), preview["imported"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(documents_held(&mut db, &env), 0, "a preview writes nothing");
    let done = import_picked(&mut db, &env, &ids, false);
    assert_eq!(done["imported"], 2, "{done}");
    assert_eq!(documents_held(&mut db, &env), 2);
    let first: Id = serde_json::from_value(done["rows"][0]["document_id"].clone()).expect("id");
    let list = blobs::list(&db, first).expect("attachments");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].attachment.name, "nq01.pdf");
    assert_eq!(list[0].attachment.size, pdf("NQ 01").len() as u64);
    assert!(list[0].local == LocalCopy::Complete && list[0].upload_pending);
    let written = db.pending_changes().expect("outbox").len();
    assert_eq!(written, 4, "two documents and their two attachments");
    // Written, the uploads are gone.
    let gone = common::wire_call(
        &mut db,
        &env,
        json!({"type": "import_documents", "org_id": Id::from_u128(GRASSROOTS),
               "upload_ids": ids, "dry_run": true}),
    )
    .expect_err("uploads deleted");
    assert_eq!(gone.kind, ApiErrorKind::NotFound);

    // The same folder picked again changes nothing.
    let ids = pick(&mut db, &env, folder.path(), &picked);
    let again = import_picked(&mut db, &env, &ids, false);
    assert_eq!(
        (
            again["imported"].as_u64(),
            again["unchanged"].as_u64(),
            again["rejected"].as_u64()
        ),
        (Some(0), Some(2), Some(0)),
        "{again}"
    );
    assert_eq!(again["rows"][0]["status"], "unchanged");
    assert_eq!(db.pending_changes().expect("outbox").len(), written);
    assert_eq!(documents_held(&mut db, &env), 2);
}
