//! The import a committee office can trust (issue 20), on real .xlsx files written by
//! the test: a preview says row by row what will be created, changed, left unchanged
//! or refused and why, and writes nothing; the confirmed import writes; the same sheet
//! a second time changes nothing; a sheet a screen picked (an upload) imports the same
//! way, and is deleted once written.

use crate::common;
use crate::import::{device, members_in, write_xlsx, HEADER};

use base64::Engine;
use common::*;
use serde_json::json;
use sotay_model::api::ApiErrorKind;
use sotay_model::transfer::{FieldChange, ImportReport, ImportStatus};
use sotay_model::Id;
use sotay_replica::{import, Db, SeededEnv};

/// Two new members, the device's TB-256 as it is (`Đinh Văn Có`, born 01/05/1980),
/// and a row whose joining date is before its birth.
fn first_sheet() -> [&'static str; 4] {
    [
        "#1|Nguyễn Thị Hoa|@1980-05-01|Nữ|@2005-03-03|@2006-03-03|TB-9001|Chi bộ thôn 1",
        "#2|Trần Văn Bình|30/04/1975|Nam|02/09/2000||TB-9002|Chi bộ thôn 2",
        "#3|Đinh Văn Có|01/05/1980|Nữ|03/03/2005|03/03/2006|TB-256|Chi bộ thôn 1",
        "#4|Lê Văn Sớm|01/01/1990|Nam|01/01/1985||TB-9004|Chi bộ thôn 1",
    ]
}

/// The first sheet corrected: the fourth row's date fixed, TB-256's birth date too.
fn corrected_sheet() -> [&'static str; 4] {
    [
        "#1|Nguyễn Thị Hoa|@1980-05-01|Nữ|@2005-03-03|@2006-03-03|TB-9001|Chi bộ thôn 1",
        "#2|Trần Văn Bình|30/04/1975|Nam|02/09/2000||TB-9002|Chi bộ thôn 2",
        "#3|Đinh Văn Có|02/05/1980|Nữ|03/03/2005||TB-256|Chi bộ thôn 1",
        "#4|Lê Văn Sớm|01/01/1990|Nam|01/01/2015||TB-9004|Chi bộ thôn 1",
    ]
}

fn statuses(r: &ImportReport) -> Vec<ImportStatus> {
    r.rows.iter().map(|r| r.status).collect()
}

#[test]
fn a_preview_names_each_row_and_the_refused_one_with_its_reason_and_writes_nothing() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = device(home.path());
    let path = write_xlsx(home.path(), "ds.xlsx", None, &HEADER, &first_sheet());
    let before = (members_in(&db), outbox(&db));

    let preview = import::members(&mut db, &env, &path, true).expect("preview");
    use ImportStatus::*;
    assert_eq!(statuses(&preview), vec![Ok, Ok, Unchanged, Rejected]);
    assert_eq!(
        (
            preview.imported,
            preview.rejected,
            preview.unchanged,
            preview.changed
        ),
        (0, 1, 1, 0)
    );
    let refused = &preview.rows[3];
    assert_eq!(refused.line, 5);
    assert_eq!(refused.label, "Lê Văn Sớm · TB-9004");
    assert_eq!(refused.reason_vi, "ngày vào Đảng phải sau ngày sinh");
    assert_eq!(preview.rows[0].label, "Nguyễn Thị Hoa · TB-9001");
    assert_eq!(preview.rows[2].member_id, Some(Id::from_u128(0x100)));
    assert_eq!(
        (members_in(&db), outbox(&db)),
        before,
        "a preview writes nothing"
    );

    // Confirmed with the refused row still there: nothing either (all or nothing).
    let refused_whole = import::members(&mut db, &env, &path, false).expect("report");
    assert_eq!((refused_whole.imported, refused_whole.rejected), (0, 1));
    assert_eq!((members_in(&db), outbox(&db)), before);
}

#[test]
fn a_confirmed_import_creates_and_changes_and_the_same_sheet_again_changes_nothing() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = device(home.path());
    let path = write_xlsx(home.path(), "ds.xlsx", None, &HEADER, &corrected_sheet());
    let (members, pending) = (members_in(&db), outbox(&db));

    let preview = import::members(&mut db, &env, &path, true).expect("preview");
    use ImportStatus::*;
    assert_eq!(statuses(&preview), vec![Ok, Ok, Changed, Ok]);
    // An empty "Ngày chính thức" leaves the device's date: only the birth date changes.
    assert_eq!(
        preview.rows[2].changes,
        vec![FieldChange {
            field: "birth_date".into(),
            before: "01/05/1980".into(),
            after: "02/05/1980".into(),
        }]
    );
    assert_eq!((members_in(&db), outbox(&db)), (members, pending));

    let done = import::members(&mut db, &env, &path, false).expect("import");
    assert_eq!((done.imported, done.rejected, done.changed), (4, 0, 1));
    assert_eq!(members_in(&db), members + 3, "three created, one changed");
    assert_eq!(
        outbox(&db),
        pending + 4,
        "one outbox change per written row"
    );
    let changed =
        sotay_replica::administration::members::get(&db, Id::from_u128(0x100)).expect("TB-256");
    assert_eq!(changed.birth_date, "1980-05-02");
    assert_eq!(changed.official_date.as_deref(), Some("2006-03-03"));
    let change = db
        .pending_changes()
        .expect("outbox")
        .into_iter()
        .find(|c| c.row_id == Id::from_u128(0x100))
        .expect("the change of TB-256");
    assert_eq!(
        change.fields.keys().collect::<Vec<_>>(),
        vec!["birth_date"],
        "only the changed field is written, so others' edits keep their stamps"
    );
    for row in &done.rows {
        let id = row.member_id.expect("every written row names its member");
        sotay_replica::administration::members::get(&db, id).expect("held");
    }

    let again = import::members(&mut db, &env, &path, false).expect("again");
    assert_eq!(statuses(&again), vec![Unchanged; 4]);
    assert_eq!((again.imported, again.unchanged), (0, 4));
    assert_eq!(members_in(&db), members + 3);
    assert_eq!(
        outbox(&db),
        pending + 4,
        "the same sheet again writes nothing"
    );
}

#[test]
fn a_sheet_that_moves_a_member_to_another_cell_is_refused_as_a_transfer() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = device(home.path());
    let rows = ["#1|Đinh Văn Có|01/05/1980|Nữ|03/03/2005|03/03/2006|TB-256|Chi bộ thôn 2"];
    let path = write_xlsx(home.path(), "ds.xlsx", None, &HEADER, &rows);
    let report = import::members(&mut db, &env, &path, true).expect("preview");
    assert_eq!(statuses(&report), vec![ImportStatus::Rejected]);
    assert!(
        report.rows[0]
            .reason_vi
            .contains("(Đinh Văn Có, Chi bộ thôn 1); chuyển chi bộ hãy dùng Chuyển sinh hoạt"),
        "{:?}",
        report.rows[0].reason_vi
    );
}

/// A file sent as a screen sends it: `begin_upload`, then two pieces.
pub(crate) fn upload(db: &mut Db, env: &SeededEnv, name: &str, bytes: &[u8]) -> Id {
    let id = wire_ok(
        db,
        env,
        json!({"type": "begin_upload", "name": name, "size": bytes.len()}),
    );
    let id: Id = serde_json::from_value(id["id"].clone()).expect("upload id");
    let half = bytes.len() / 2;
    for (offset, piece) in [(0, &bytes[..half]), (half, &bytes[half..])] {
        wire_ok(
            db,
            env,
            json!({"type": "upload_chunk", "upload_id": id, "offset": offset,
                   "data": base64::engine::general_purpose::STANDARD.encode(piece)}),
        );
    }
    id
}

#[test]
fn a_sheet_picked_on_a_screen_is_previewed_then_imported_from_its_upload() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = device(home.path());
    let path = write_xlsx(home.path(), "ds.xlsx", None, &HEADER, &corrected_sheet());
    let bytes = std::fs::read(&path).expect("sheet");
    std::fs::remove_file(&path).expect("only the upload holds it now");
    let id = upload(&mut db, &env, "Danh sách đảng viên.xlsx", &bytes);
    let pending = outbox(&db);

    let preview = wire_ok(
        &mut db,
        &env,
        json!({"type": "import_members", "upload_id": id, "dry_run": true}),
    );
    assert_eq!(preview["type"], "import_report");
    assert_eq!(preview["changed"], 1);
    assert_eq!(preview["rows"][2]["status"], "changed");
    assert_eq!(outbox(&db), pending, "a preview writes nothing");

    // A sheet is never an attachment, whatever carried it.
    let doc = wire_ok(
        &mut db,
        &env,
        json!({"type": "create_document", "kind": "cell_study_material", "number": "04-TL/CB",
               "title": "Tài liệu sinh hoạt", "org_id": Id::from_u128(CELL_A),
               "issuer": "Chi bộ thôn 1", "issued_on": "2025-02-10", "status": "in_force",
               "summary": "", "body": "", "topics": []}),
    );
    let pending = outbox(&db);
    refused(
        &mut db,
        &env,
        json!({"type": "attach_file", "document_id": doc["id"], "upload_id": id}),
        ApiErrorKind::Invalid,
        "chỉ nhận tệp PDF, DOCX hoặc ảnh",
    );

    // The confirmation reads the same upload, which then goes.
    let done = wire_ok(
        &mut db,
        &env,
        json!({"type": "import_members", "upload_id": id, "dry_run": false}),
    );
    assert_eq!(
        (done["imported"].as_u64(), done["rejected"].as_u64()),
        (Some(4), Some(0))
    );
    assert_eq!(outbox(&db), pending + 4);
    refused(
        &mut db,
        &env,
        json!({"type": "import_members", "upload_id": id, "dry_run": false}),
        ApiErrorKind::NotFound,
        "hãy chọn lại tệp",
    );

    // A second pick of the same sheet changes nothing.
    let id = upload(&mut db, &env, "ds.xlsx", &bytes);
    let again = wire_ok(
        &mut db,
        &env,
        json!({"type": "import_members", "upload_id": id, "dry_run": false}),
    );
    assert_eq!(
        (again["imported"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(4))
    );
    assert_eq!(outbox(&db), pending + 4);
}

#[test]
fn what_a_screen_may_send_to_import_is_checked_before_a_byte() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = device(home.path());
    refused(
        &mut db,
        &env,
        json!({"type": "begin_upload", "name": "ds.xlsx", "size": 64 * 1024 * 1024}),
        ApiErrorKind::Invalid,
        "hãy chia danh sách thành nhiều tệp",
    );
    refused(
        &mut db,
        &env,
        json!({"type": "begin_upload", "name": "ds.xls", "size": 1000}),
        ApiErrorKind::Invalid,
        "chỉ nhận tệp PDF, DOCX hoặc ảnh",
    );
    // A PDF uploaded and then given to the import: not a sheet.
    let id = upload(&mut db, &env, "ds.pdf", b"%PDF-1.7 not a list");
    refused(
        &mut db,
        &env,
        json!({"type": "import_members", "upload_id": id, "dry_run": true}),
        ApiErrorKind::Invalid,
        "Chỉ nhập được tệp Excel .xlsx",
    );
    refused(
        &mut db,
        &env,
        json!({"type": "import_members", "dry_run": true}),
        ApiErrorKind::Invalid,
        "Hãy chọn tệp Excel",
    );
}
