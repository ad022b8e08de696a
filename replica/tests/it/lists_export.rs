//! Lists out to Excel (`ExportList`, issue 20), read back with calamine as an office
//! would open them: the title, Vietnamese headers, one row per item with dates as
//! dates; the members' list can be imported back and changes nothing.

use crate::common;
use crate::import::{device, members_in, write_xlsx, HEADER};

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;
use serde_json::{json, Value};
use sotay_model::transfer::ImportStatus;
use sotay_model::Id;
use sotay_replica::lists::{
    DOCUMENT_HEADERS, HEADER_ROW, MEETING_HEADERS, MEMBER_HEADERS, TASK_HEADERS,
};
use sotay_replica::{import, Db, SeededEnv};

/// The exported file's name and path, and its first sheet's cells.
fn export(
    db: &mut Db,
    env: &SeededEnv,
    list: &str,
    org: u128,
) -> (String, String, Vec<Vec<String>>) {
    let file = wire_ok(
        db,
        env,
        json!({"type": "export_list", "list": list, "org_id": Id::from_u128(org)}),
    );
    assert_eq!(file["type"], "exported_file");
    let name = file["name"].as_str().expect("name").to_string();
    let path = file["path"].as_str().expect("path").to_string();
    assert!(path.ends_with(&name), "{path}");
    let mut book: Xlsx<_> = open_workbook(&path).expect("an .xlsx calamine reads");
    let range = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    let rows = range.rows().map(|r| r.iter().map(cell).collect()).collect();
    (name, path, rows)
}

/// A cell as an office reads it: dates dd/mm/yyyy (with hh:mm when they hold a
/// time), whole numbers without ".0".
fn cell(d: &Data) -> String {
    match d {
        Data::DateTime(dt) => {
            let day = import::sheet::date(d).expect("a date");
            let day = sotay_model::vn::show_date(&day);
            let minutes = (dt.as_f64().fract() * 1440.0).round() as u32;
            if minutes == 0 {
                day
            } else {
                format!("{day} {:02}:{:02}", minutes / 60, minutes % 60)
            }
        }
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn headers(rows: &[Vec<String>]) -> Vec<&str> {
    rows[HEADER_ROW as usize]
        .iter()
        .map(String::as_str)
        .filter(|h| !h.is_empty())
        .collect()
}

fn body(rows: &[Vec<String>]) -> &[Vec<String>] {
    &rows[HEADER_ROW as usize + 1..]
}

#[test]
fn members_go_out_with_vietnamese_headers_and_come_back_unchanged() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = device(home.path());
    let rows = [
        "#1|Nguyễn Thị Hoa|@1980-05-01|Nữ|@2005-03-03|@2006-03-03|TB-9001|Chi bộ thôn 1",
        "#2|Trần Văn Bình|30/04/1975|Nam|02/09/2000||TB-9002|Chi bộ thôn 2",
    ];
    let sheet = write_xlsx(home.path(), "ds.xlsx", None, &HEADER, &rows);
    import::members(&mut db, &env, &sheet, false).expect("import");
    let (name, path, rows) = export(&mut db, &env, "members", GRASSROOTS);

    assert!(
        name.starts_with("dang-vien-dang-bo-xa-tam-quang-") && name.ends_with(".xlsx"),
        "{name}"
    );
    assert_eq!(rows[0][0], "Danh sách đảng viên");
    assert!(
        rows[1][0].starts_with("Đảng bộ xã Tam Quang — ngày xuất "),
        "{:?}",
        rows[1]
    );
    assert_eq!(headers(&rows), MEMBER_HEADERS);
    // The Vietnamese order: by given name (Bình, Có, Hoa).
    let expect = [
        [
            "1",
            "Trần Văn Bình",
            "30/04/1975",
            "Nam",
            "02/09/2000",
            "",
            "TB-9002",
            "Chi bộ thôn 2",
            "Dự bị",
        ],
        [
            "2",
            "Đinh Văn Có",
            "01/05/1980",
            "Nữ",
            "03/03/2005",
            "03/03/2006",
            "TB-256",
            "Chi bộ thôn 1",
            "Chính thức",
        ],
        [
            "3",
            "Nguyễn Thị Hoa",
            "01/05/1980",
            "Nữ",
            "03/03/2005",
            "03/03/2006",
            "TB-9001",
            "Chi bộ thôn 1",
            "Chính thức",
        ],
    ];
    assert_eq!(body(&rows).len(), expect.len(), "{rows:?}");
    for (got, want) in body(&rows).iter().zip(expect) {
        assert_eq!(got[..want.len()], want.map(String::from), "{got:?}");
    }

    // The exported list is a sheet the import reads: every row already as it is.
    let path = std::path::Path::new(&path);
    let before = (members_in(&db), outbox(&db));
    let back = import::members(&mut db, &env, path, false).expect("import back");
    assert!(
        back.rows
            .iter()
            .all(|r| r.status == ImportStatus::Unchanged),
        "{back:?}"
    );
    assert_eq!((members_in(&db), outbox(&db)), before);
}

fn created(v: Value) -> Id {
    serde_json::from_value(v["id"].clone()).expect("created id")
}

#[test]
fn documents_meetings_and_tasks_go_out_with_their_counts_and_states() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = device(home.path());
    wire_ok(
        &mut db,
        &env,
        json!({"type": "create_document", "kind": "cell_study_material", "number": "04-TL/CB",
               "title": "Học tập Quy định 144-QĐ/TW", "org_id": Id::from_u128(CELL_A),
               "issuer": "Chi bộ thôn 1", "issued_on": "2025-02-10", "status": "in_force",
               "summary": "Năm chuẩn mực đạo đức", "body": "", "topics": ["đạo đức", "học tập"]}),
    );
    let (_, _, rows) = export(&mut db, &env, "documents", CELL_A);
    assert_eq!(rows[0][0], "Danh mục văn bản");
    assert_eq!(headers(&rows), DOCUMENT_HEADERS);
    assert_eq!(
        body(&rows),
        [[
            "1",
            "04-TL/CB",
            "Tài liệu sinh hoạt chi bộ",
            "Học tập Quy định 144-QĐ/TW",
            "Chi bộ thôn 1",
            "10/02/2025",
            "Còn hiệu lực",
            "Năm chuẩn mực đạo đức",
            "đạo đức; học tập"
        ]
        .map(String::from)]
    );

    let member = Id::from_u128(0x100);
    // 1 Dec 2026, 19:30 in Vietnam (12:30 UTC).
    let starts = 1_796_128_200_000_u64;
    let meeting = created(wire_ok(
        &mut db,
        &env,
        json!({"type": "create_meeting", "org_id": Id::from_u128(CELL_A), "kind": "regular",
               "topic": "Sinh hoạt chi bộ tháng 12", "starts_at": starts,
               "ends_at": starts + 7_200_000, "place": "Nhà văn hóa thôn 1",
               "chair_id": member, "agenda": ["Thông tin thời sự"], "materials": [],
               "invited": [member], "guests": []}),
    ));
    wire_ok(
        &mut db,
        &env,
        json!({"type": "mark_attendance", "meeting_id": meeting, "member_id": member,
               "attendance": "present"}),
    );
    let (_, _, rows) = export(&mut db, &env, "meetings", CELL_A);
    assert_eq!(headers(&rows), MEETING_HEADERS);
    let got = &body(&rows)[0];
    assert_eq!(
        got[..10],
        [
            "1",
            "Sinh hoạt chi bộ tháng 12",
            "Sinh hoạt chi bộ thường kỳ",
            "Chi bộ thôn 1",
            "01/12/2026 19:30",
            "01/12/2026 21:30",
            "Nhà văn hóa thôn 1",
            "Đã lên lịch",
            "1",
            "1"
        ]
        .map(String::from)
    );
    assert_eq!(got[10], "1", "present / convened, as a share");
    // A committee's export holds its cells' meetings.
    let (_, _, rows) = export(&mut db, &env, "meetings", GRASSROOTS);
    assert_eq!(body(&rows).len(), 1);
    let (_, _, rows) = export(&mut db, &env, "meetings", CELL_B);
    assert!(
        body(&rows).is_empty(),
        "another cell's meetings are not its"
    );

    // The device's member (0x4D) is the grassroots committee's secretary, who assigns.
    let post = page(
        posts_of(Id::from_u128(0x4D), &[(GRASSROOTS, "secretary")]),
        8,
        false,
    );
    sotay_replica::apply_pull_page(&mut db, &post, 10_000).expect("post");
    wire_ok(
        &mut db,
        &env,
        json!({"type": "create_task", "assigner_org_id": Id::from_u128(GRASSROOTS),
               "title": "Rà soát hồ sơ đảng viên", "content": "", "source_kind": "free",
               "source_text": "", "due_date": "2026-11-30", "priority": "high",
               "members": [member], "orgs": []}),
    );
    let (_, _, rows) = export(&mut db, &env, "tasks", GRASSROOTS);
    assert_eq!(rows[0][0], "Danh sách nhiệm vụ");
    assert_eq!(headers(&rows), TASK_HEADERS);
    let got = &body(&rows)[0];
    assert_eq!(
        [&got[1], &got[2], &got[5], &got[6], &got[7], &got[8]],
        [
            "Rà soát hồ sơ đảng viên",
            "Đinh Văn Có",
            "30/11/2026",
            "Cao",
            "Chưa báo cáo",
            "0"
        ]
    );
}

#[test]
fn an_organisation_the_device_does_not_hold_is_refused() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = device(home.path());
    refused(
        &mut db,
        &env,
        json!({"type": "export_list", "list": "members", "org_id": Id::from_u128(0xBAD)}),
        sotay_model::api::ApiErrorKind::NotFound,
        "",
    );
}

/// "In" in the desktop app (`PrintText`): the screen's text as a PDF in the exports
/// folder, title and headings and every paragraph line in it, its name ASCII.
#[test]
fn a_text_to_print_becomes_a_pdf_holding_every_line() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = device(home.path());
    let file = wire_ok(
        &mut db,
        &env,
        json!({"type": "print_text", "title": "Nghị quyết 05-NQ/TU về chuyển đổi số",
        "blocks": [
            {"kind": "heading", "text": "I. MỤC TIÊU"},
            {"kind": "paragraph", "text": "Nâng cao chất lượng sinh hoạt chi bộ.\nMỗi đảng viên đọc nghị quyết."},
            {"kind": "paragraph", "text": "   "},
            {"kind": "heading", "text": "II. NHIỆM VỤ"},
            {"kind": "paragraph", "text": "Cấp ủy theo dõi việc học tập."}
        ]}),
    );
    assert_eq!(file["type"], "exported_file");
    let name = file["name"].as_str().expect("name");
    assert!(
        name.starts_with("ban-in-nghi-quyet-05-nq-tu-ve-chuyen-doi-") && name.ends_with(".pdf"),
        "{name}"
    );
    assert!(name.is_ascii());
    let bytes = std::fs::read(file["path"].as_str().expect("path")).expect("the file");
    assert!(bytes.starts_with(b"%PDF"));
    let text = crate::minutes_export::pdf_text::Pdf::parse(&bytes)
        .text()
        .join("\n");
    for line in [
        "Nghị quyết 05-NQ/TU về chuyển đổi số",
        "I. MỤC TIÊU",
        "Nâng cao chất lượng sinh hoạt chi bộ.",
        "Mỗi đảng viên đọc nghị quyết.",
        "II. NHIỆM VỤ",
        "Cấp ủy theo dõi việc học tập.",
    ] {
        assert!(
            text.contains(line),
            "{line:?} missing from the PDF:\n{text}"
        );
    }
}

#[test]
fn a_text_without_title_or_words_or_with_a_nul_is_refused_and_writes_no_file() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = device(home.path());
    let para = |t: &str| json!({"kind": "paragraph", "text": t});
    for (title, blocks, words) in [
        ("", vec![para("Nội dung")], "tiêu đề"),
        ("Tiêu đề", vec![para("  ")], "Không có nội dung"),
        ("Tiêu đề", vec![para("a\u{0}b")], "U+0000"),
    ] {
        refused(
            &mut db,
            &env,
            json!({"type": "print_text", "title": title, "blocks": blocks}),
            sotay_model::api::ApiErrorKind::Invalid,
            words,
        );
    }
    let exports = db.path().parent().expect("the home").join("exports");
    let files = std::fs::read_dir(&exports).map(|d| d.count()).unwrap_or(0);
    assert_eq!(files, 0, "a refused print wrote a file");
}
