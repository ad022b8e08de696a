//! Excel import of members on a real SQLite replica, with .xlsx files written by the
//! test (rust_xlsxwriter): headers matched without case or diacritics, Excel and text
//! dates, the chi bộ by name or id, row-by-row reasons, and nothing half-imported.

use crate::common;

use common::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use sotay_model::api::{requests, ApiErrorKind, Request, Response};
use sotay_model::entities::{Gender, MemberStatus, OrgKind};
use sotay_model::transfer::{ImportReport, ImportStatus};
use sotay_model::Id;
use sotay_replica::{apply_pull_page, import, Db, Replica, SeededEnv};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows are written as `|`-separated cells: `@1980-05-01` is an Excel date (a number
/// formatted as a date), `#9002` a number, an empty cell is empty, anything else text.
pub const HEADER: [&str; 8] = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Số thẻ",
    "Chi bộ",
];

pub fn write_xlsx(
    dir: &Path,
    name: &str,
    title: Option<&str>,
    header: &[&str],
    rows: &[impl AsRef<str>],
) -> PathBuf {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let mut r = 0u32;
    if let Some(t) = title {
        sheet.write_string(r, 0, t).expect("title");
        r += 2;
    }
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(r, c as u16, *h).expect("header");
    }
    for row in rows {
        r += 1;
        for (c, cell) in row.as_ref().split('|').enumerate() {
            let c = c as u16;
            if let Some(iso) = cell.strip_prefix('@') {
                let n = |a: usize, b: usize| iso[a..b].parse::<u16>().expect("date part");
                let dt =
                    ExcelDateTime::from_ymd(n(0, 4), n(5, 7) as u8, n(8, 10) as u8).expect("date");
                sheet
                    .write_datetime_with_format(r, c, &dt, &date)
                    .expect("cell");
            } else if let Some(num) = cell.strip_prefix('#') {
                sheet
                    .write_number(r, c, num.parse::<f64>().expect("number"))
                    .expect("cell");
            } else if !cell.is_empty() {
                sheet.write_string(r, c, cell).expect("cell");
            }
        }
    }
    let path = dir.join(name);
    book.save(&path).expect("save xlsx");
    path
}

/// An enrolled replica database with the standard tree and one member (card TB-256).
pub fn device(home: &Path) -> (Db, SeededEnv) {
    let (mut db, env) = enrolled(home);
    apply_pull_page(
        &mut db,
        &page(vec![member(0x100, "Đinh Văn Có", CELL_A)], 7, false),
        10_000,
    )
    .expect("seed member");
    (db, env)
}

pub fn members_in(db: &Db) -> usize {
    db.all_rows()
        .expect("rows")
        .iter()
        .filter(|r| r.entity == sotay_model::Entity::Member && r.tombstone.is_none())
        .count()
}

fn reasons(report: &ImportReport) -> Vec<(u32, String)> {
    report
        .rows
        .iter()
        .filter(|r| r.status == ImportStatus::Rejected)
        .map(|r| (r.line, r.reason_vi.clone()))
        .collect()
}

fn good_rows(cell_b: &str) -> Vec<String> {
    vec![
        "#1|Nguyễn Thị Hoa|@1980-05-01|Nữ|@2005-03-03|@2006-03-03|TB-9001|chi bo thon 1".into(),
        format!("#2|Trần Văn Bình|30/04/1975|NAM|2/9/2000||#9002|{cell_b}"),
        "#3|  Lê Thị Cúc |01/01/1990|nu|19/05/2015|19/05/2016|tb-9003|CHI BỘ THÔN 2".into(),
    ]
}

#[test]
fn a_clean_file_imports_every_member_with_its_outbox_change_in_one_go() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = device(home.path());
    let cell_b = Id::from_u128(CELL_B).to_string();
    // A title above the header, headers in capitals without diacritics.
    let header = [
        "stt",
        "HO VA TEN",
        "NGAY SINH",
        "GIOI TINH",
        "NGAY VAO DANG",
        "NGAY CHINH THUC",
        "SO THE DANG VIEN",
        "CHI BO",
    ];
    let path = write_xlsx(
        home.path(),
        "ds.xlsx",
        Some("DANH SÁCH ĐẢNG VIÊN"),
        &header,
        &good_rows(&cell_b),
    );
    let before = members_in(&db);

    let dry = import::members(&mut db, &env, &path, true).expect("dry run");
    assert_eq!((dry.imported, dry.rejected, dry.rows.len()), (0, 0, 3));
    assert_eq!(members_in(&db), before, "a dry run writes nothing");
    assert!(db.pending_changes().expect("outbox").is_empty());

    let report = import::members(&mut db, &env, &path, false).expect("import");
    assert_eq!((report.imported, report.rejected), (3, 0), "{report:?}");
    assert_eq!(
        report.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        vec![4, 5, 6]
    );
    assert_eq!(members_in(&db), before + 3);
    let pending = db.pending_changes().expect("outbox");
    assert_eq!(pending.len(), 3, "one outbox change per member");

    let ids: Vec<Id> = report
        .rows
        .iter()
        .map(|r| r.member_id.expect("id"))
        .collect();
    let m = sotay_replica::administration::members::get(&db, ids[0]).expect("hoa");
    assert_eq!(m.full_name, "Nguyễn Thị Hoa");
    assert_eq!(
        (m.birth_date.as_str(), m.joined_date.as_str()),
        ("1980-05-01", "2005-03-03")
    );
    assert_eq!(m.official_date.as_deref(), Some("2006-03-03"));
    assert_eq!(
        (m.gender, m.status, m.cell_id),
        (Gender::Female, MemberStatus::Full, Id::from_u128(CELL_A))
    );
    let m = sotay_replica::administration::members::get(&db, ids[1]).expect("binh");
    assert_eq!(
        (m.card_no.as_str(), m.gender, m.status),
        ("9002", Gender::Male, MemberStatus::Probationary)
    );
    assert_eq!(
        (m.birth_date.as_str(), m.joined_date.as_str()),
        ("1975-04-30", "2000-09-02")
    );
    assert_eq!(m.cell_id, Id::from_u128(CELL_B));
    let m = sotay_replica::administration::members::get(&db, ids[2]).expect("cuc");
    assert_eq!(
        (m.full_name.as_str(), m.card_no.as_str()),
        ("Lê Thị Cúc", "tb-9003")
    );

    // The same file again: every card is now on the device as the sheet says.
    let again = import::members(&mut db, &env, &path, false).expect("again");
    assert_eq!(
        (again.imported, again.rejected, again.unchanged),
        (0, 0, 3),
        "{again:?}"
    );
    assert!(again
        .rows
        .iter()
        .all(|r| r.status == ImportStatus::Unchanged));
    assert_eq!(members_in(&db), before + 3);
    assert_eq!(db.pending_changes().expect("outbox").len(), 3);
}

#[test]
fn one_bad_row_and_nothing_is_imported_with_every_reason_reported() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = device(home.path());
    let rows = [
        "#1|Nguyễn Văn Tốt|01/02/1970|Nam|03/02/1995|03/02/1996|TB-1|Chi bộ thôn 1",
        "#2|Phạm Thị Sai|31/02/1990|Khác|01/01/2010||TB-2|Chi bộ thôn 1",
        "#3||01/01/1980|Nam|01/01/2000||TB-3|Chi bộ thôn 9",
        "#4|Vũ Văn Trùng|01/01/1980|Nam|01/01/2000||tb-1|Chi bộ thôn 2",
        "#5|Đỗ Thị Cũ|01/01/1980|Nữ|01/01/2000||TB-256|Chi bộ thôn 2",
        "#6|Hà Văn Ngược|01/01/1980|Nam|01/01/2000|01/01/1999|TB-6|Chi bộ thôn 2",
        "#7|Mai Văn Ký|01/01/1980|Nam|01/01/2000||TB 7!|Chi bộ thôn 2",
        "#8|Cao Văn Tổ|01/01/1980|Nam|01/01/2000||TB-8|Đảng bộ xã Tam Quang",
    ];
    let path = write_xlsx(home.path(), "ds.xlsx", None, &HEADER, &rows);
    let before = members_in(&db);
    let report = import::members(&mut db, &env, &path, false).expect("report");
    assert_eq!((report.imported, report.rejected), (0, 7), "{report:?}");
    assert_eq!(report.rows.len(), 8, "every row reported");
    assert_eq!(report.rows[0].status, ImportStatus::Ok);
    assert_eq!(report.rows[0].member_id, None, "nothing written, no id");
    let why = reasons(&report);
    let expect: [(u32, &[&str]); 7] = [
        (
            3,
            &[
                "ngày sinh \"31/02/1990\" không phải ngày hợp lệ",
                "giới tính \"Khác\" phải là Nam hoặc Nữ",
            ],
        ),
        (
            4,
            &["thiếu họ và tên", "không tìm thấy chi bộ \"Chi bộ thôn 9\""],
        ),
        (5, &["trùng với dòng 2 trong tệp"]),
        (6, &["đã có đảng viên trên máy"]),
        (7, &["ngày chính thức không được trước ngày vào Đảng"]),
        (8, &["số thẻ đảng viên chỉ gồm"]),
        (9, &["không tìm thấy chi bộ \"Đảng bộ xã Tam Quang\""]),
    ];
    assert_eq!(why.len(), expect.len(), "{why:?}");
    for ((line, reason), (want_line, parts)) in why.iter().zip(expect) {
        assert_eq!(*line, want_line, "{why:?}");
        for p in parts {
            assert!(reason.contains(p), "line {line}: {reason:?} lacks {p:?}");
        }
    }
    assert_eq!(members_in(&db), before, "nothing half-imported");
    assert!(db.pending_changes().expect("outbox").is_empty());
}

#[test]
fn a_file_without_a_needed_column_or_not_xlsx_is_refused_whole() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = device(home.path());
    let header = [
        "Họ và tên",
        "Ngày sinh",
        "Giới tính",
        "Ngày vào Đảng",
        "Chi bộ",
    ];
    let path = write_xlsx(home.path(), "thieu.xlsx", None, &header, &[""; 0]);
    let e = import::members(&mut db, &env, &path, false).expect_err("missing columns");
    assert_eq!(e.kind, ApiErrorKind::Invalid);
    assert!(
        e.message.contains("Tệp thiếu cột: Ngày chính thức, Số thẻ"),
        "{}",
        e.message
    );

    let csv = home.path().join("ds.csv");
    std::fs::write(&csv, "Họ và tên\n").expect("write");
    let e = import::members(&mut db, &env, &csv, false).expect_err("csv");
    assert!(e.message.contains(".xlsx"), "{}", e.message);

    let fake = home.path().join("hong.xlsx");
    std::fs::write(&fake, "not a zip").expect("write");
    let e = import::members(&mut db, &env, &fake, false).expect_err("broken");
    assert!(
        e.message.contains("Không mở được tệp Excel"),
        "{}",
        e.message
    );

    let gone = home.path().join("khong-co.xlsx");
    let e = import::members(&mut db, &env, &gone, false).expect_err("missing");
    assert!(e.message.contains("Không tìm thấy tệp"), "{}", e.message);

    let empty = write_xlsx(home.path(), "rong.xlsx", None, &HEADER, &[""; 0]);
    let e = import::members(&mut db, &env, &empty, false).expect_err("empty");
    assert!(
        e.message.contains("không có dòng đảng viên nào"),
        "{}",
        e.message
    );
}

#[test]
fn a_cell_name_two_cells_share_must_be_given_by_id() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = device(home.path());
    apply_pull_page(
        &mut db,
        &page(
            vec![org(
                0x77,
                "Chi Bộ Thôn 1",
                OrgKind::Cell,
                Some(OTHER_GRASSROOTS),
            )],
            8,
            false,
        ),
        10_000,
    )
    .expect("second cell");
    let id = Id::from_u128(0x77).to_string();
    let rows = [
        "#1|Nguyễn Văn Một|01/01/1980|Nam|01/01/2000||TB-11|chi bộ thôn 1".to_string(),
        format!("#2|Nguyễn Văn Hai|01/01/1980|Nam|01/01/2000||TB-12|{id}"),
    ];
    let path = write_xlsx(home.path(), "ds.xlsx", None, &HEADER, &rows);
    let report = import::members(&mut db, &env, &path, true).expect("report");
    assert_eq!(
        reasons(&report),
        vec![(
            2,
            "có nhiều chi bộ tên \"chi bộ thôn 1\", hãy ghi mã chi bộ".to_string()
        )]
    );
    assert_eq!(report.rows[1].status, ImportStatus::Ok);
}

#[tokio::test]
async fn the_api_imports_and_refuses_while_locked() {
    let home = tempfile::tempdir().expect("tempdir");
    let (db, _) = device(home.path());
    drop(db);
    let path = write_xlsx(
        home.path(),
        "ds.xlsx",
        None,
        &HEADER,
        &good_rows("Chi bộ thôn 2"),
    );
    let env = Arc::new(SeededEnv::new(9, 20_000));
    let replica = Replica::open_with(home.path(), env.clone()).expect("open");
    let req = Request::ImportMembers(requests::ImportMembers {
        path: Some(path.to_string_lossy().into_owned()),
        upload_id: None,
        dry_run: false,
    });
    let resp = replica.call(req.clone()).await.expect("import");
    let Response::ImportReport(report) = resp else {
        panic!("wrong response: {resp:?}")
    };
    assert_eq!((report.imported, report.rejected), (3, 0));
    // The wire form the UI reads.
    let json = serde_json::to_value(Response::ImportReport(report)).expect("json");
    assert_eq!(json["type"], "import_report");
    assert_eq!(json["rows"][0]["status"], "ok");

    replica
        .call(Request::SetPin(requests::SetPin {
            pin: Some("2468".into()),
            idle_minutes: None,
        }))
        .await
        .expect("pin");
    replica
        .call(Request::Lock(requests::Lock))
        .await
        .expect("lock");
    let e = replica.call(req).await.expect_err("locked");
    assert_eq!(e.kind, ApiErrorKind::Locked);
}
