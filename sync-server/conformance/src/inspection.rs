//! Conformance check of inspection and discipline (issue 17): a district's plan and a
//! case on two of its cells and a member, worked by its inspection committee; the
//! conclusion notified to the subjects; a discipline record and its appeal. The case's
//! rows (and its files' bytes) reach exactly its level's committee and inspection
//! committee; the inspected see the notice once notified; a record is read by its
//! member and the committees there and above; a device that loses its post loses the
//! case at its next pull. Every refusal stores nothing.

use super::fixture::{member, Pen, Tree, SEED_MS};
use super::{accept, forbidden, pull_all, pulled, refuse, refused_because, Backend};
use serde_json::json;
use sotay_model::entities::{Position, PositionTitle};
use sotay_model::ids::{DeviceId, Id};
use sotay_model::inspection::{
    Appeal, CaseFile, CaseNote, CaseStatus, Discipline, DisciplineForm, Inspection, InspectionKind,
    InspectionNotice, InspectionPlan, NoteKind,
};
use sotay_model::protocol::{Cursor, Outcome};
use sotay_model::row::Row;
use sotay_model::{Change, Entity};
use sotay_server::library::{may_download, may_upload, may_upload_own};
use sotay_server::rows::{self, row_change};
use sotay_server::store::{Store, DEFAULT_CODE_TTL_MS};
use std::collections::BTreeSet;

const YEAR: u32 = 2026;
const KINDS: [Entity; 7] = [
    Entity::InspectionPlan,
    Entity::Inspection,
    Entity::CaseNote,
    Entity::CaseFile,
    Entity::InspectionNotice,
    Entity::Discipline,
    Entity::Appeal,
];

/// The district's people: secretary, inspection committee member, office staff, and
/// the province's inspection chair, each with a device (they live in cell C2 and P's
/// members live in C3: their home cells are not what is checked).
struct People {
    dsec: (Id, DeviceId),
    di: (Id, DeviceId),
    di_position: Id,
    dstaff: (Id, DeviceId),
    pchair: (Id, DeviceId),
}

fn people(store: &impl Store, t: &Tree) -> People {
    let id = |n: u128| Id::from_u128(0x17_0000 + n);
    let who = [
        (
            id(1),
            "Nguyễn Văn Hải",
            t.c2,
            t.d1,
            PositionTitle::Secretary,
        ),
        (
            id(2),
            "Trần Thị Mai",
            t.c2,
            t.d1,
            PositionTitle::InspectionMember,
        ),
        (id(3), "Lê Văn Tuấn", t.c2, t.d1, PositionTitle::OfficeStaff),
        (
            id(4),
            "Phạm Thị Hằng",
            t.c3,
            t.p,
            PositionTitle::InspectionChair,
        ),
    ];
    let hlc = rows::server_hlc(SEED_MS);
    let mut changes = Vec::new();
    for (n, (m, name, cell, org, title)) in who.iter().enumerate() {
        let k = 10 * (n as u128 + 1);
        changes.push(rows::member_change(
            id(100 + k),
            &member(*m, name, *cell),
            hlc,
        ));
        let p = Position {
            id: id(200 + k),
            member_id: *m,
            org_id: *org,
            title: *title,
        };
        changes.push(rows::position_change(id(300 + k), &p, hlc));
    }
    for r in store.seed(&changes, SEED_MS).expect("seed") {
        assert!(matches!(r.outcome, Outcome::Accepted { .. }), "{r:?}");
    }
    let dev = |m: Id| {
        let code = store
            .create_enroll_code(m, DEFAULT_CODE_TTL_MS, SEED_MS)
            .expect("code");
        (
            m,
            store
                .enroll(&code, "máy thử", SEED_MS)
                .expect("enroll")
                .device_id,
        )
    };
    People {
        dsec: dev(id(1)),
        di: dev(id(2)),
        di_position: id(220),
        dstaff: dev(id(3)),
        pchair: dev(id(4)),
    }
}

fn push<R: Row>(pen: &mut Pen, dev: DeviceId, r: &R) -> Change {
    row_change(pen.id(), r, pen.hlc(dev))
}

/// Push, insist on refusal and that nothing was stored under the row's id.
fn refuse_new(store: &impl Store, dev: DeviceId, change: &Change) -> Outcome {
    let out = refuse(store, dev, change);
    assert!(
        store.row(change.row_id).expect("row").is_none(),
        "a refusal stores nothing"
    );
    out
}

fn case(pen: &mut Pen, t: &Tree, plan: Id, orgs: Vec<Id>, members: Vec<Id>) -> Inspection {
    Inspection {
        id: pen.id(),
        org_id: t.d1,
        plan_id: plan,
        kind: InspectionKind::ThematicSupervision,
        title: "Giám sát chuyên đề việc thực hiện Quy định 08-QĐi/TW".into(),
        content: "Trách nhiệm nêu gương của cấp ủy viên, đảng viên".into(),
        subject_org_ids: orgs,
        subject_member_ids: members,
        team_ids: Vec::new(),
        from_date: "2026-04-01".into(),
        to_date: "2026-05-31".into(),
        status: CaseStatus::Working,
        draft_conclusion: String::new(),
        conclusion: String::new(),
        concluded_on: None,
        notified_on: None,
        closed_on: None,
    }
}

fn note(pen: &mut Pen, c: &Inspection, kind: NoteKind, text: &str, by: Id) -> CaseNote {
    CaseNote {
        id: pen.id(),
        org_id: c.org_id,
        inspection_id: c.id,
        kind,
        on_date: "2026-04-15".into(),
        text: text.into(),
        subject_id: None,
        violation: false,
        author_id: by,
    }
}

fn notice(c: &Inspection, org: Id, member: Option<Id>) -> InspectionNotice {
    InspectionNotice {
        id: InspectionNotice::row_id(c.id, member.unwrap_or(org)),
        org_id: org,
        inspection_id: c.id,
        member_id: member,
        inspector_org_id: c.org_id,
        kind: c.kind,
        title: c.title.clone(),
        conclusion: "Chi bộ thực hiện nghiêm túc; cần khắc phục việc ghi biên bản".into(),
        notified_on: "2026-06-10".into(),
    }
}

fn record(pen: &mut Pen, org: Id, m: Option<Id>, form: DisciplineForm, by: Id) -> Discipline {
    Discipline {
        id: pen.id(),
        org_id: org,
        member_id: m,
        form,
        violation: "Vi phạm quy định về những điều đảng viên không được làm".into(),
        decided_by_org_id: by,
        decided_on: "2026-06-20".into(),
        decision_no: "21-QĐ/UBKTHU".into(),
        inspection_id: None,
    }
}

fn appeal(pen: &mut Pen, d: &Discipline, by: Id) -> Appeal {
    Appeal {
        id: pen.id(),
        org_id: d.org_id,
        discipline_id: d.id,
        member_id: by,
        lodged_on: "2026-07-01".into(),
        text: "Đề nghị xem xét lại hình thức kỷ luật".into(),
        outcome: None,
        outcome_note: String::new(),
        decided_by_org_id: None,
        decided_on: None,
    }
}

/// The live rows of every inspection kind a device pulls from the start.
fn holds(store: &impl Store, dev: DeviceId) -> BTreeSet<Id> {
    KINDS.iter().flat_map(|&e| pulled(store, dev, e)).collect()
}

/// Plans, cases, notes, notices, records and appeals through `push`/`pull`, and a case
/// file's blob.
pub fn inspection_cases_notices_and_discipline<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let who = people(&store, &t);
    let (dsec, di, dstaff, pchair) = (who.dsec.1, who.di.1, who.dstaff.1, who.pchair.1);
    let mut pen = Pen::default();

    // The district's plan: by its secretary, not by a member of its inspection
    // committee (a chair or deputy approves plans) nor by its office.
    let plan = InspectionPlan {
        id: InspectionPlan::row_id(t.d1, YEAR),
        org_id: t.d1,
        year: YEAR,
        title: "Chương trình kiểm tra, giám sát năm 2026".into(),
        note: String::new(),
    };
    forbidden(&refuse_new(&store, di, &push(&mut pen, di, &plan)));
    forbidden(&refuse_new(&store, dstaff, &push(&mut pen, dstaff, &plan)));
    accept(&store, dsec, &push(&mut pen, dsec, &plan));

    // A case on cells C1 and C2 and on member m1; subjects outside the district are
    // refused, and so is the office.
    let c = case(&mut pen, &t, plan.id, vec![t.c1, t.c2], vec![t.m1]);
    forbidden(&refuse_new(&store, dstaff, &push(&mut pen, dstaff, &c)));
    let outside = case(&mut pen, &t, plan.id, vec![t.c1, t.c3], Vec::new());
    refused_because(
        &refuse_new(&store, di, &push(&mut pen, di, &outside)),
        "cấp dưới",
    );
    let far_member = case(&mut pen, &t, plan.id, Vec::new(), vec![t.o]);
    refused_because(
        &refuse_new(&store, di, &push(&mut pen, di, &far_member)),
        "sinh hoạt trong tổ chức",
    );
    accept(&store, di, &push(&mut pen, di, &c));

    // The team's work: a schedule, a received document with its file, a finding.
    let schedule = note(
        &mut pen,
        &c,
        NoteKind::Schedule,
        "Làm việc với chi bộ thôn Hòa Bình",
        who.di.0,
    );
    accept(&store, di, &push(&mut pen, di, &schedule));
    let mut finding = note(
        &mut pen,
        &c,
        NoteKind::Finding,
        "Biên bản sinh hoạt tháng 3 chưa ghi ý kiến thảo luận",
        who.di.0,
    );
    finding.violation = true;
    accept(&store, di, &push(&mut pen, di, &finding));
    // A note in someone else's name, or from a cell's secretary, is refused.
    let forged = note(&mut pen, &c, NoteKind::Finding, "x", who.dsec.0);
    refused_because(
        &refuse_new(&store, di, &push(&mut pen, di, &forged)),
        "đúng người ghi",
    );
    let from_cell = note(&mut pen, &c, NoteKind::Finding, "x", t.sec);
    forbidden(&refuse_new(
        &store,
        d.sec,
        &push(&mut pen, d.sec, &from_cell),
    ));

    let bytes = b"Bien ban lam viec voi chi bo thon Hoa Binh".to_vec();
    let sha = "ca5ef11e".repeat(8);
    let file = CaseFile {
        id: pen.id(),
        inspection_id: c.id,
        note_id: Some(schedule.id),
        org_id: t.d1,
        member_id: who.di.0,
        name: "bien-ban-lam-viec.pdf".into(),
        mime: "application/pdf".into(),
        size: bytes.len() as u64,
        sha256: sha.clone(),
    };
    let mut by_staff = file.clone();
    by_staff.id = pen.id();
    by_staff.member_id = who.dstaff.0;
    forbidden(&refuse_new(
        &store,
        dstaff,
        &push(&mut pen, dstaff, &by_staff),
    ));
    let actor = |dev| store.actor(dev).expect("actor");
    assert!(
        !may_upload_own(&actor(di), &store.blob_refs(&sha).expect("refs")),
        "no accepted row names the file yet"
    );
    accept(&store, di, &push(&mut pen, di, &file));
    store.put_blob(&sha, &bytes).expect("put");
    let refs = store.blob_refs(&sha).expect("refs");
    assert_eq!(refs.len(), 1, "the case file row names the hash");
    assert!(
        !may_upload(&actor(di)),
        "an inspection post attaches nothing else"
    );
    assert!(
        may_upload_own(&actor(di), &refs),
        "its writer sends the case file"
    );
    assert!(!may_upload_own(&actor(d.sec), &refs));
    assert!(!may_upload_own(&actor(d.m1), &refs));
    let fetch = |dev| may_download(&actor(dev), &refs, |id| store.row(id)).expect("decide");
    for (dev, may, who) in [
        (di, true, "the district's inspection committee"),
        (dsec, true, "the district's secretary"),
        (d.dc, true, "the district's committee member"),
        (pchair, true, "the province's inspection chair"),
        (dstaff, false, "the district's office staff"),
        (d.sec, false, "the inspected cell's secretary"),
        (d.m1, false, "the member inspected"),
        (d.o, false, "a member elsewhere"),
    ] {
        assert_eq!(fetch(dev), may, "{who} fetching the case file");
    }

    // No notice before the conclusion, none to a non-subject, none from the cell.
    let early = notice(&c, t.c1, None);
    refused_because(
        &refuse_new(&store, di, &push(&mut pen, di, &early)),
        "chưa có kết luận",
    );
    let case_rows = BTreeSet::from([plan.id, c.id, schedule.id, finding.id, file.id]);
    assert!(
        holds(&store, d.sec).is_empty(),
        "nothing before notification"
    );
    let mut concluded = c.clone();
    concluded.status = CaseStatus::Concluded;
    concluded.conclusion = "Các chi bộ thực hiện nghiêm túc Quy định 08; chi bộ thôn Hòa Bình cần khắc phục việc ghi biên bản".into();
    concluded.concluded_on = Some("2026-06-05".into());
    concluded.notified_on = Some("2026-06-10".into());
    accept(&store, di, &push(&mut pen, di, &concluded));
    let stranger = notice(&c, t.g1, None);
    refused_because(
        &refuse_new(&store, di, &push(&mut pen, di, &stranger)),
        "đối tượng",
    );
    let other_member = notice(&c, t.c1, Some(t.m2));
    refused_because(
        &refuse_new(&store, di, &push(&mut pen, di, &other_member)),
        "đối tượng",
    );
    // The inspected cell's own secretary writes no notice of the district's case.
    let self_notice = notice(&c, t.c1, None);
    refused_because(
        &refuse_new(&store, d.sec, &push(&mut pen, d.sec, &self_notice)),
        "tổ chức tiến hành kiểm tra",
    );
    let notices = [
        notice(&c, t.c1, None),
        notice(&c, t.c2, None),
        notice(&c, t.c1, Some(t.m1)),
    ];
    for n in &notices {
        accept(&store, di, &push(&mut pen, di, n));
    }
    let forged_edit = pen.edit(
        d.sec,
        Entity::InspectionNotice,
        notices[0].id,
        t.c1,
        vec![("conclusion", json!("Chi bộ không vi phạm"))],
    );
    let before = store.row(notices[0].id).expect("row");
    refused_because(
        &refuse(&store, d.sec, &forged_edit),
        "tổ chức tiến hành kiểm tra",
    );
    assert_eq!(
        store.row(notices[0].id).expect("row"),
        before,
        "a refusal changes nothing"
    );

    // Discipline: a cell expels no one; a body where the author sits on nothing decides
    // nothing; the district's inspection committee reprimands m1.
    let expel = record(&mut pen, t.c1, Some(t.m2), DisciplineForm::Expulsion, t.c1);
    refused_because(
        &refuse_new(&store, d.sec, &push(&mut pen, d.sec, &expel)),
        "chi bộ chỉ",
    );
    let elsewhere = record(&mut pen, t.c1, Some(t.m1), DisciplineForm::Reprimand, t.g1);
    refused_because(
        &refuse_new(&store, di, &push(&mut pen, di, &elsewhere)),
        "thành viên cấp ủy hoặc ủy ban kiểm tra",
    );
    let mut rec = record(&mut pen, t.c1, Some(t.m1), DisciplineForm::Reprimand, t.d1);
    rec.inspection_id = Some(c.id);
    accept(&store, di, &push(&mut pen, di, &rec));
    // The disciplined member's cell does not strike the district's record out.
    let strike = pen.delete(d.sec, Entity::Discipline, rec.id, t.c1);
    refused_because(&refuse(&store, d.sec, &strike), "cơ quan đã quyết định");
    assert!(store
        .row(rec.id)
        .expect("row")
        .is_some_and(|r| r.row.tombstone.is_none()));

    // Appeals: lodged by m1 alone; decided by the body above the district, not by it.
    let by_m2 = appeal(&mut pen, &rec, t.m1);
    forbidden(&refuse_new(&store, d.m2, &push(&mut pen, d.m2, &by_m2)));
    let by_sec = appeal(&mut pen, &rec, t.sec);
    refused_because(
        &refuse_new(&store, d.sec, &push(&mut pen, d.sec, &by_sec)),
        "khiếu nại",
    );
    // An organisation's record is appealed by its leaders, not by any member naming
    // themselves.
    let on_c2 = record(&mut pen, t.c2, None, DisciplineForm::Warning, t.d1);
    accept(&store, di, &push(&mut pen, di, &on_c2));
    let by_c2m = appeal(&mut pen, &on_c2, t.c2m);
    refused_because(
        &refuse_new(&store, d.c2m, &push(&mut pen, d.c2m, &by_c2m)),
        "khiếu nại",
    );
    let ap = appeal(&mut pen, &rec, t.m1);
    accept(&store, d.m1, &push(&mut pen, d.m1, &ap));
    let outcome = |pen: &mut Pen, dev, by: Id| {
        pen.edit(
            dev,
            Entity::Appeal,
            ap.id,
            t.c1,
            vec![
                ("outcome", json!("upheld")),
                ("outcome_note", json!("Giữ nguyên hình thức khiển trách")),
                ("decided_by_org_id", json!(by)),
                ("decided_on", json!("2026-08-01")),
            ],
        )
    };
    let before = store.row(ap.id).expect("row");
    refused_because(
        &refuse(&store, di, &outcome(&mut pen, di, t.d1)),
        "cấp trên",
    );
    assert_eq!(
        store.row(ap.id).expect("row"),
        before,
        "a refusal changes nothing"
    );
    accept(&store, pchair, &outcome(&mut pen, pchair, t.p));
    // A decided appeal keeps its outcome, even for the body that decided it.
    let decided = store.row(ap.id).expect("row");
    let clear = pen.edit(
        pchair,
        Entity::Appeal,
        ap.id,
        t.c1,
        vec![("outcome", serde_json::Value::Null)],
    );
    refused_because(&refuse(&store, pchair, &clear), "không xóa kết quả");
    assert_eq!(
        store.row(ap.id).expect("row"),
        decided,
        "a refusal changes nothing"
    );

    // Who holds what.
    let notice_ids: BTreeSet<Id> = notices.iter().map(|n| n.id).collect();
    let mut everything = case_rows.clone();
    everything.extend(&notice_ids);
    everything.extend([rec.id, on_c2.id, ap.id]);
    for (dev, who) in [
        (dsec, "district secretary"),
        (di, "district inspection member"),
        (d.dc, "district committee member"),
        (pchair, "province inspection chair"),
    ] {
        assert_eq!(holds(&store, dev), everything, "{who}");
    }
    assert!(
        holds(&store, dstaff).is_empty(),
        "district office staff: nothing"
    );
    assert!(
        holds(&store, d.o).is_empty(),
        "another district's member: nothing"
    );
    let mut sec_sees: BTreeSet<Id> = [notices[0].id, notices[2].id].into();
    sec_sees.extend([rec.id, ap.id]);
    assert_eq!(
        holds(&store, d.sec),
        sec_sees,
        "the inspected cell's secretary: its notices and its member's record, never the case"
    );
    assert!(
        holds(&store, d.m2).is_empty(),
        "a plain member of the inspected cell: nothing"
    );
    assert_eq!(
        holds(&store, d.m1),
        BTreeSet::from([notices[2].id, rec.id, ap.id]),
        "the member: their notice, record and appeal"
    );
    assert!(
        holds(&store, d.c2m).is_empty(),
        "a plain member of the other cell: nothing, not even its record"
    );

    // The district's inspection member loses the post: the next pull starts over
    // without the case.
    let (cursor, _, _) = pull_all(&store, di, Cursor::default());
    let end = rows::delete_change(
        Id::from_u128(0x17_9999),
        Entity::Position,
        who.di_position,
        t.d1,
        rows::server_hlc(pen.now() + 1),
    );
    for r in store.seed(&[end], pen.now() + 1).expect("seed") {
        assert!(matches!(r.outcome, Outcome::Accepted { .. }), "{r:?}");
    }
    let (_, rows, pages) = pull_all(&store, di, cursor);
    assert!(pages[0].reset, "a narrower scope starts a fresh copy");
    let kept: Vec<_> = rows
        .values()
        .filter(|r| KINDS.contains(&r.entity))
        .collect();
    assert!(kept.is_empty(), "no case row survives the post: {kept:?}");
    let refs = store.blob_refs(&sha).expect("refs");
    assert!(
        !may_download(&actor(di), &refs, |id| store.row(id)).expect("decide"),
        "nor the case file's bytes"
    );

    // Closed, a case takes no more work.
    let mut closed = concluded.clone();
    closed.status = CaseStatus::Closed;
    closed.closed_on = Some("2026-12-01".into());
    accept(&store, dsec, &push(&mut pen, dsec, &closed));
    let late = note(
        &mut pen,
        &c,
        NoteKind::Received,
        "Báo cáo khắc phục",
        who.dsec.0,
    );
    refused_because(
        &refuse_new(&store, dsec, &push(&mut pen, dsec, &late)),
        "kết thúc theo dõi",
    );
    // Nor is it deleted: it is the record of what was done.
    let before = store.row(c.id).expect("row");
    let gone = pen.delete(dsec, Entity::Inspection, c.id, c.org_id);
    refused_because(&refuse(&store, dsec, &gone), "không xóa được");
    assert_eq!(
        store.row(c.id).expect("row"),
        before,
        "a refusal changes nothing"
    );
}
