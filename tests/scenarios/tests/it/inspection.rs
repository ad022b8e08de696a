//! Issue 17: inspection and discipline on a real server with real replicas, and the
//! confidentiality of case material checked in the devices' database files.
//!
//! A district plans a thematic supervision of three cells. Its deputy secretary and an
//! inspection committee member work the case offline on two devices, then conclude
//! with recommendations to two cells. Each cell's secretary receives only its own
//! notice and task, reports done; the inspection member confirms and closes the
//! follow-up. A member of a cell is disciplined, appeals, and the province's
//! inspection chair decides. Throughout, no case text reaches any device outside the
//! district's committee, its inspection committee and the province's: not the office
//! staff, not the inspected cells, not their members. Removing the inspection member's
//! post takes the case off their phone at the next sync. No sleeps.

use crate::cell;
use crate::common::{file_holds_text, rows_in_file};

use calamine::{open_workbook, Data, DataType, Reader, Xlsx};
use cell::{Cell, Device};
use sotay_conformance::fixture;
use sotay_model::administration::requests::RemovePosition;
use sotay_model::entities::{OrgKind, Organisation, Position, PositionTitle};
use sotay_model::inspection::requests::{
    AddCaseNote, CloseInspection, ConcludeInspection, CreateInspection, CreateInspectionPlan,
    DecideAppeal, ExportInspectionReport, GetInspection, InspectionReport, ListInspections,
    LodgeAppeal, Recommendation, RecordDiscipline, RecordFinding,
};
use sotay_model::inspection::{
    AppealOutcome, CaseStatus, DisciplineForm, InspectionKind, NoteKind,
};
use sotay_model::library::requests::{AttachFile, FetchAttachment};
use sotay_model::oversight::requests::{ExportOversight, OversightReport};
use sotay_model::oversight::Period;
use sotay_model::protocol::Outcome;
use sotay_model::tasks::api::{NewReport, TaskList};
use sotay_model::tasks::requests::{ListTasks, ReviewTask};
use sotay_model::tasks::{Decision, SourceKind};
use sotay_model::Id;
use sotay_server::{rows, Store};

/// 10 March 2026, 09:00 in Hà Nội.
const T0: u64 = 1_773_108_000_000;
const DAY: u64 = 86_400_000;

/// Words that appear only in case material (findings, notes, the draft).
const SECRET: &str = "sổ ghi biên bản sinh hoạt bị tẩy xóa";
const CONCLUSION: &str = "Chi bộ thực hiện chưa nghiêm chế độ sinh hoạt chuyên đề";

struct World {
    district: Id,
    cells: [Id; 3],
    /// Secretaries of the three cells.
    secretaries: [Id; 3],
    /// A plain member of the second cell.
    plain: Id,
    /// District deputy secretary, inspection member, office staff; province chair.
    deputy: Id,
    inspector: Id,
    inspector_post: Id,
    office: Id,
    chair: Id,
}

fn world(cell: &Cell) -> World {
    let id = |n: u128| Id::from_u128(0xce11_0000_0000 + n);
    let district = id(2);
    let hlc = rows::server_hlc(1_000);
    let (c2, c3) = (id(7_001), id(7_002));
    let mut changes = Vec::new();
    for (n, (oid, name)) in [(c2, "Chi bộ thôn Tây"), (c3, "Chi bộ thôn Nam")]
        .into_iter()
        .enumerate()
    {
        let org = Organisation {
            id: oid,
            name: name.into(),
            kind: OrgKind::Cell,
            parent_id: Some(cell.grassroots),
        };
        changes.push(rows::organisation_change(id(7_010 + n as u128), &org, hlc));
    }
    let people = [
        (id(7_101), "Lại Văn Sơn", c2),
        (id(7_102), "Mai Thị Thu", c3),
        (id(7_103), "Cao Văn Tú", c2),
        (id(7_104), "Đinh Thị Hoa", cell.cell),
        (id(7_105), "Kiều Văn Bảo", cell.cell),
        (id(7_106), "Phan Thị Ngọc", cell.cell),
        (id(7_107), "Tạ Quang Huy", cell.cell),
    ];
    for (n, (m, name, at)) in people.iter().enumerate() {
        changes.push(rows::member_change(
            id(7_200 + n as u128),
            &fixture::member(*m, name, *at),
            hlc,
        ));
    }
    let posts = [
        (id(7_101), c2, PositionTitle::Secretary),
        (id(7_102), c3, PositionTitle::Secretary),
        (id(7_104), district, PositionTitle::DeputySecretary),
        (id(7_105), district, PositionTitle::InspectionMember),
        (id(7_106), district, PositionTitle::OfficeStaff),
        (id(7_107), cell.province, PositionTitle::InspectionChair),
    ];
    for (n, (m, org, title)) in posts.into_iter().enumerate() {
        let p = Position {
            id: id(7_300 + n as u128),
            member_id: m,
            org_id: org,
            title,
        };
        changes.push(rows::position_change(id(7_400 + n as u128), &p, hlc));
    }
    for r in cell.store.seed(&changes, 1_000).expect("seed") {
        assert!(matches!(r.outcome, Outcome::Accepted { .. }), "{r:?}");
    }
    World {
        district,
        cells: [cell.cell, c2, c3],
        secretaries: [cell.members[0], id(7_101), id(7_102)],
        plain: id(7_103),
        deputy: id(7_104),
        inspector: id(7_105),
        inspector_post: id(7_303),
        office: id(7_106),
        chair: id(7_107),
    }
}

/// The entities of the rows in a device's database file, and whether any row holds
/// `text`.
fn held(d: &Device) -> (Vec<String>, bool) {
    let rows = rows_in_file(d.home());
    // Anywhere in the file: rows, the outbox, the search index, metadata.
    let secret = file_holds_text(d.home(), SECRET);
    (rows.into_iter().map(|(e, _, _, _)| e).collect(), secret)
}

fn count(entities: &[String], e: &str) -> usize {
    entities.iter().filter(|x| *x == e).count()
}

const CASE: [&str; 4] = ["inspection_plan", "inspection", "case_note", "case_file"];

/// The SHA-256 of the case's document (`PDF`), as sealed files are named by it.
fn pdf_sha() -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(PDF.repeat(40)))
}

const PDF: &[u8] = b"%PDF-1.4\n% so bien ban sinh hoat chi bo thon Tay\n%%EOF\n";

/// Whether any file under `dir` is named after `sha` (a sealed file or a download).
fn file_named(dir: &std::path::Path, sha: &str) -> bool {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| {
            let p = e.path();
            e.file_name().to_string_lossy().contains(sha) || (p.is_dir() && file_named(&p, sha))
        })
}

fn holds_no_case(d: &Device) {
    let (entities, secret) = held(d);
    for e in CASE {
        assert_eq!(count(&entities, e), 0, "{} holds {e} rows", d.name);
    }
    assert!(!secret, "{}: case text in its database file", d.name);
    assert!(
        !file_named(d.home(), &pdf_sha()),
        "{}: the case's document",
        d.name
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_district_supervises_three_cells_and_the_case_stays_with_those_entitled() {
    let cell = Cell::start().await;
    cell.server_at(T0);
    let w = world(&cell);
    let deputy = cell.device(w.deputy, "máy phó bí thư huyện", T0).await;
    let inspector = cell.device(w.inspector, "máy ủy viên UBKT huyện", T0).await;
    let office = cell.device(w.office, "máy văn phòng huyện ủy", T0).await;
    let chair = cell.device(w.chair, "máy chủ nhiệm UBKT tỉnh", T0).await;
    let mut secs = Vec::new();
    for (n, s) in w.secretaries.iter().enumerate() {
        secs.push(cell.device(*s, &format!("máy bí thư chi bộ {n}"), T0).await);
    }
    let plain = cell.device(w.plain, "máy đảng viên chi bộ Tây", T0).await;

    // The deputy secretary plans the year and the case.
    let plan = deputy
        .replica
        .ask(CreateInspectionPlan {
            org_id: w.district,
            year: 2026,
            title: "Kế hoạch kiểm tra, giám sát năm 2026".into(),
            note: String::new(),
        })
        .await
        .expect("plan");
    // An inspection member may not approve the plan.
    let refused = inspector
        .replica
        .ask(CreateInspectionPlan {
            org_id: w.district,
            year: 2027,
            title: "Kế hoạch năm sau".into(),
            note: String::new(),
        })
        .await
        .expect_err("not a plan writer");
    assert!(refused.message.contains("kế hoạch"), "{refused:?}");
    let case = deputy
        .replica
        .ask(CreateInspection {
            plan_id: plan,
            kind: InspectionKind::ThematicSupervision,
            title: "Giám sát chuyên đề việc sinh hoạt chi bộ".into(),
            content: "Thực hiện Chỉ thị 10-CT/TW về nâng cao chất lượng sinh hoạt chi bộ".into(),
            subject_org_ids: w.cells.to_vec(),
            subject_member_ids: vec![],
            team_ids: vec![w.deputy, w.inspector],
            from_date: "2026-03-10".into(),
            to_date: "2026-04-30".into(),
        })
        .await
        .expect("case");
    deputy.sync().await;
    inspector.sync().await;

    // Offline on two devices: the inspector's finding and schedule, the deputy's.
    inspector
        .replica
        .ask(RecordFinding {
            inspection_id: case,
            subject_id: Some(w.cells[0]),
            text: format!("Chi bộ thôn Đông: {SECRET}"),
            violation: true,
            on_date: Some("2026-03-20".into()),
        })
        .await
        .expect("finding");
    inspector
        .replica
        .ask(AddCaseNote {
            inspection_id: case,
            kind: NoteKind::Schedule,
            on_date: "2026-03-18".into(),
            text: "Làm việc với chi bộ thôn Đông".into(),
            subject_id: Some(w.cells[0]),
        })
        .await
        .expect("schedule");
    deputy
        .replica
        .ask(RecordFinding {
            inspection_id: case,
            subject_id: Some(w.cells[1]),
            text: "Chi bộ thôn Tây sinh hoạt đều nhưng nội dung chưa sâu".into(),
            violation: false,
            on_date: Some("2026-03-22".into()),
        })
        .await
        .expect("finding 2");
    let received = deputy
        .replica
        .ask(AddCaseNote {
            inspection_id: case,
            kind: NoteKind::Received,
            on_date: "2026-03-21".into(),
            text: "Sổ biên bản sinh hoạt chi bộ thôn Tây 2025".into(),
            subject_id: Some(w.cells[1]),
        })
        .await
        .expect("received");
    // The document received, as a PDF on the note (a case file, read like its case).
    let pdf = deputy.home().join("so-bien-ban.pdf");
    let bytes = PDF.repeat(40);
    std::fs::write(&pdf, &bytes).expect("write the PDF");
    let file = deputy
        .replica
        .ask(AttachFile {
            document_id: received,
            path: pdf.display().to_string(),
            name: None,
            upload_id: None,
        })
        .await
        .expect("attach");
    inspector.sync().await;
    deputy.sync().await;
    inspector.sync().await;
    for d in [&deputy, &inspector] {
        let c = d
            .replica
            .ask(GetInspection { id: case })
            .await
            .expect("case");
        assert_eq!(c.notes.len(), 4, "{}", d.name);
        assert_eq!((c.card.findings, c.card.violations), (2, 1), "{}", d.name);
        assert_eq!(c.card.inspection.status, CaseStatus::Working);
    }

    // Concluded and notified: recommendations to the first two cells.
    deputy.at(T0 + 50 * DAY);
    cell.server_at(T0 + 50 * DAY);
    deputy
        .replica
        .ask(ConcludeInspection {
            inspection_id: case,
            conclusion: CONCLUSION.into(),
            recommendations: vec![
                Recommendation {
                    org_id: w.cells[0],
                    title: "Khắc phục việc ghi biên bản sinh hoạt".into(),
                    content: String::new(),
                    due_date: "2026-06-30".into(),
                },
                Recommendation {
                    org_id: w.cells[1],
                    title: "Nâng cao chất lượng nội dung sinh hoạt chuyên đề".into(),
                    content: String::new(),
                    due_date: "2026-06-30".into(),
                },
            ],
            notify: true,
        })
        .await
        .expect("conclude");
    deputy.sync().await;
    assert!(deputy.rejections().await.is_empty());
    for d in [&inspector, &office, &chair, &plain] {
        d.sync().await;
    }
    for s in &secs {
        s.sync().await;
    }

    // Each cell's secretary: its own notice, its own recommendation, no case.
    for (n, s) in secs.iter().enumerate() {
        let list = s
            .replica
            .ask(ListInspections {
                org_id: Some(w.cells[n]),
                year: None,
            })
            .await
            .expect("list");
        assert_eq!(list.notices.len(), 1, "{}", s.name);
        assert_eq!(list.notices[0].conclusion, CONCLUSION);
        assert!(list.cases.is_empty() && list.plans.is_empty());
        let (entities, _) = held(s);
        assert_eq!(count(&entities, "inspection_notice"), 1, "{}", s.name);
        holds_no_case(s);
        let tasks = s
            .replica
            .ask(ListTasks {
                view: TaskList::Mine,
                org_id: None,
                bucket: None,
            })
            .await
            .expect("tasks");
        let recs: Vec<_> = tasks
            .iter()
            .filter(|t| t.task.source_kind == SourceKind::Inspection)
            .collect();
        assert_eq!(recs.len(), usize::from(n < 2), "{}", s.name);
    }
    // The district's office staff and a plain member hold nothing of it.
    for d in [&office, &plain] {
        holds_no_case(d);
        let (entities, _) = held(d);
        assert_eq!(count(&entities, "inspection_notice"), 0, "{}", d.name);
    }
    // The province's inspection chair holds all of it (a body above), and fetches the
    // case's document byte for byte.
    let (entities, secret) = held(&chair);
    assert_eq!(count(&entities, "case_note"), 4);
    assert_eq!(count(&entities, "case_file"), 1);
    assert!(secret);
    let c = chair
        .replica
        .ask(GetInspection { id: case })
        .await
        .expect("case");
    assert_eq!(c.files.len(), 1);
    let fetched = chair
        .replica
        .ask(FetchAttachment { id: file })
        .await
        .expect("fetch the case file");
    assert_eq!(fetched.downloaded_bytes, bytes.len() as u64);
    assert_eq!(fetched.attachment.sha256, pdf_sha());
    assert!(
        file_named(chair.home(), &pdf_sha()),
        "the control: the chair holds it"
    );

    // The cells report done; the inspector confirms and closes the follow-up.
    for s in &secs[..2] {
        let tasks = s
            .replica
            .ask(ListTasks {
                view: TaskList::Mine,
                org_id: None,
                bucket: None,
            })
            .await
            .expect("tasks");
        let t = tasks
            .iter()
            .find(|t| t.task.source_kind == SourceKind::Inspection)
            .expect("recommendation");
        s.replica
            .ask(NewReport {
                task_id: t.task.id,
                percent: 100,
                finished: true,
                done: "Đã khắc phục".into(),
                difficulties: String::new(),
                proposals: String::new(),
            })
            .await
            .expect("report");
        s.sync().await;
    }
    inspector.at(T0 + 60 * DAY);
    cell.server_at(T0 + 60 * DAY);
    inspector.sync().await;
    let early = inspector
        .replica
        .ask(CloseInspection {
            inspection_id: case,
        })
        .await
        .expect_err("recommendations not yet confirmed");
    assert!(early.message.contains("chưa được xác nhận"), "{early:?}");
    let c = inspector
        .replica
        .ask(GetInspection { id: case })
        .await
        .expect("case");
    assert_eq!(c.tasks.len(), 2);
    for t in &c.tasks {
        inspector
            .replica
            .ask(ReviewTask {
                task_id: t.task.id,
                decision: Decision::Confirmed,
                reason: String::new(),
            })
            .await
            .expect("confirm");
    }
    inspector
        .replica
        .ask(CloseInspection {
            inspection_id: case,
        })
        .await
        .expect("close");
    inspector.sync().await;
    assert!(
        inspector.rejections().await.is_empty(),
        "{:?}",
        inspector.rejections().await
    );
    let closed = cell
        .server_rows("inspection")
        .iter()
        .map(|r| sotay_model::inspection::Inspection::from_row(r).expect("case"))
        .find(|c| c.id == case)
        .expect("on the server");
    assert_eq!(closed.status, CaseStatus::Closed);
    let c = inspector
        .replica
        .ask(GetInspection { id: case })
        .await
        .expect("case");
    assert_eq!((c.card.follow_up.tasks, c.card.follow_up.done), (2, 2));

    // The district's figures, as the province sees them.
    chair.sync().await;
    let fig = chair
        .replica
        .ask(InspectionReport {
            org_id: cell.province,
            year: 2026,
        })
        .await
        .expect("report");
    let top = &fig.orgs[0];
    assert_eq!(
        (top.programmes, top.subjects, top.findings, top.violations),
        (1, 3, 2, 1)
    );
    assert_eq!((top.follow_up.tasks, top.follow_up.done), (2, 2));
    // The same figures in the workbook, numbers as numbers.
    let file = chair
        .replica
        .ask(ExportInspectionReport {
            org_id: cell.province,
            year: 2026,
        })
        .await
        .expect("export");
    assert_eq!(
        file.name,
        "kiem-tra-giam-sat-dang-bo-tinh-thai-binh-2026.xlsx"
    );
    let mut book: Xlsx<_> = open_workbook(&file.path).expect("an .xlsx calamine reads");
    let sheet = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    let cells: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let header: Vec<String> = cells[2].iter().map(|d| d.to_string()).collect();
    assert_eq!(header[0], "Tổ chức");
    assert_eq!(header[4], "Vi phạm");
    assert_eq!(cells[3][0].to_string(), "Đảng bộ tỉnh Thái Bình");
    let nums: Vec<f64> = cells[3][1..5]
        .iter()
        .map(|d| d.as_f64().expect("a number"))
        .collect();
    assert_eq!(nums, vec![1.0, 3.0, 2.0, 1.0]);
    assert_eq!(cells[3][12].as_f64(), Some(1.0), "follow-up rate 100%");

    // The dashboard counts the case for those who may read it (issue 18), and shows
    // nothing of it to the district's office staff, on the screen or in the workbook.
    let year = Some(Period::Year { year: 2026 });
    let ov = chair
        .replica
        .ask(OversightReport {
            org_id: cell.province,
            period: year,
        })
        .await
        .expect("dashboard");
    assert!(ov.cases_visible);
    let c = ov.orgs[0].figures.cases;
    assert_eq!(
        (c.programmes, c.violations, c.recommendations, c.done),
        (1, 1, 2, 2)
    );
    let file = chair
        .replica
        .ask(ExportOversight {
            org_id: cell.province,
            period: year,
        })
        .await
        .expect("workbook");
    let mut book: Xlsx<_> = open_workbook(&file.path).expect("an .xlsx calamine reads");
    let sheet = book
        .worksheet_range("Kiểm tra")
        .expect("the inspection sheet");
    let row: Vec<f64> = sheet.rows().nth(4).expect("the province's row")[1..6]
        .iter()
        .map(|d| d.as_f64().expect("a number"))
        .collect();
    assert_eq!(row, vec![1.0, 1.0, 0.0, 2.0, 2.0]);
    office.sync().await;
    let ov = office
        .replica
        .ask(OversightReport {
            org_id: w.district,
            period: year,
        })
        .await
        .expect("dashboard");
    assert!(!ov.cases_visible);
    assert_eq!(ov.orgs[0].figures.cases, Default::default());
    let file = office
        .replica
        .ask(ExportOversight {
            org_id: w.district,
            period: year,
        })
        .await
        .expect("workbook");
    let book: Xlsx<_> = open_workbook(&file.path).expect("an .xlsx calamine reads");
    assert!(!book.sheet_names().iter().any(|n| n == "Kiểm tra"));

    // Losing the post takes the case off the inspector's phone at the next sync.
    deputy.sync().await;
    deputy
        .replica
        .ask(RemovePosition {
            id: w.inspector_post,
        })
        .await
        .expect("remove the post");
    deputy.sync().await;
    inspector.sync().await;
    holds_no_case(&inspector);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_discipline_record_reaches_the_member_their_cell_committee_and_the_levels_above_only() {
    let cell = Cell::start().await;
    cell.server_at(T0);
    let w = world(&cell);
    let culprit = cell.members[5];
    let inspector = cell.device(w.inspector, "máy ủy viên UBKT huyện", T0).await;
    let member = cell.device(culprit, "máy đảng viên bị kỷ luật", T0).await;
    let neighbour = cell
        .device(cell.members[6], "máy đảng viên cùng chi bộ", T0)
        .await;
    let secretary = cell.device(w.secretaries[0], "máy bí thư chi bộ", T0).await;
    let office = cell.device(w.office, "máy văn phòng huyện ủy", T0).await;
    let chair = cell.device(w.chair, "máy chủ nhiệm UBKT tỉnh", T0).await;

    // A cell's committee may not expel; the district may not dissolve a member.
    let wrong = inspector
        .replica
        .ask(RecordDiscipline {
            member_id: Some(culprit),
            org_id: None,
            form: DisciplineForm::Dissolution,
            violation: "x".into(),
            decided_by_org_id: w.district,
            decided_on: "2026-03-12".into(),
            decision_no: String::new(),
            inspection_id: None,
        })
        .await
        .expect_err("not a member's form");
    assert!(wrong.message.contains("tổ chức đảng"), "{wrong:?}");
    let record = inspector
        .replica
        .ask(RecordDiscipline {
            member_id: Some(culprit),
            org_id: None,
            form: DisciplineForm::Warning,
            violation: "Không tham gia sinh hoạt chi bộ ba kỳ liên tiếp không có lý do".into(),
            decided_by_org_id: w.district,
            decided_on: "2026-03-12".into(),
            decision_no: "07-QĐ/UBKT".into(),
            inspection_id: None,
        })
        .await
        .expect("record");
    inspector.sync().await;
    assert!(inspector.rejections().await.is_empty());
    for d in [&member, &neighbour, &secretary, &office, &chair] {
        d.sync().await;
    }
    let holds = |d: &Device| count(&held(d).0, "discipline");
    assert_eq!(holds(&member), 1);
    assert_eq!(holds(&secretary), 1, "the cell's committee");
    assert_eq!(holds(&chair), 1, "a body above");
    assert_eq!(holds(&neighbour), 0, "another member of the cell");
    assert_eq!(holds(&office), 0, "the district's office staff");

    // The member appeals; the province decides.
    let mine = member
        .replica
        .ask(ListInspections::default())
        .await
        .expect("mine");
    assert_eq!(mine.disciplines.len(), 1);
    assert!(mine.disciplines[0].may_appeal);
    member
        .replica
        .ask(LodgeAppeal {
            discipline_id: record,
            text: "Tôi vắng vì đi điều trị bệnh, có giấy xác nhận".into(),
        })
        .await
        .expect("appeal");
    member.sync().await;
    chair.sync().await;
    let seen = chair
        .replica
        .ask(ListInspections {
            org_id: Some(cell.province),
            year: Some(2026),
        })
        .await
        .expect("list");
    let d = &seen.disciplines[0];
    assert!(d.may_decide_appeal);
    let appeal = d.appeals[0].id;
    // The deciding body itself may not decide the appeal.
    inspector.sync().await;
    let own = inspector
        .replica
        .ask(DecideAppeal {
            appeal_id: appeal,
            outcome: AppealOutcome::Annulled,
            note: String::new(),
            decided_by_org_id: w.district,
        })
        .await
        .expect_err("the deciding body");
    assert!(own.message.contains("cấp trên"), "{own:?}");
    chair
        .replica
        .ask(DecideAppeal {
            appeal_id: appeal,
            outcome: AppealOutcome::Reduced,
            note: "Giảm xuống khiển trách".into(),
            decided_by_org_id: cell.province,
        })
        .await
        .expect("decide");
    chair.sync().await;
    assert!(chair.rejections().await.is_empty());
    member.sync().await;
    neighbour.sync().await;
    let mine = member
        .replica
        .ask(ListInspections::default())
        .await
        .expect("mine");
    assert_eq!(
        mine.disciplines[0].appeals[0].outcome,
        Some(AppealOutcome::Reduced)
    );
    assert_eq!(count(&held(&neighbour).0, "appeal"), 0);
}
