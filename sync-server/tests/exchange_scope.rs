//! The scope of information exchange over HTTP (issue 16), with devices that keep
//! what they pulled and pull on from their cursors, as replicas do: an announcement to
//! one district (its read receipts and comments too) never reaches another district's
//! devices; a private question and its answer are on the asker's devices and the
//! committee asked only; a hidden comment leaves no text on any device, and the audit
//! log keeps who hid it.

mod common;

use common::TestServer;
use reqwest::StatusCode;
use serde_json::json;
use sotay_conformance::fixture::{member, Pen, SEED_MS};
use sotay_model::entities::{Position, PositionTitle};
use sotay_model::exchange::{
    Announcement, AnnouncementRead, Answer, Comment, Question, TargetKind,
};
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{
    AuditAction, AuditPage, Cursor, Outcome, PullResponse, PushResponse, MAX_PULL,
};
use sotay_model::row::Row;
use sotay_model::{Change, Entity, RowState};
use sotay_server::rows::{self, row_change, server_hlc};
use sotay_server::{Limits, Store};
use std::collections::BTreeMap;

/// A device as a replica holds it: its cursor and the rows it pulled.
struct Device {
    name: &'static str,
    id: DeviceId,
    cred: String,
    cursor: Cursor,
    rows: BTreeMap<Id, RowState>,
}

impl Device {
    fn new(s: &TestServer, member: Id, name: &'static str) -> Device {
        let e = s.device(member);
        Device {
            name,
            id: e.device_id,
            cred: e.credential,
            cursor: Cursor::default(),
            rows: BTreeMap::new(),
        }
    }

    /// Pull from the cursor until caught up.
    async fn sync(&mut self, s: &TestServer) {
        loop {
            let body = json!({"cursor": self.cursor, "limit": MAX_PULL});
            let (status, v) = s.post("/v1/pull", Some(&self.cred), body).await;
            assert_eq!(status, StatusCode::OK, "{v}");
            let page: PullResponse = serde_json::from_value(v).expect("pull");
            if page.reset {
                self.rows.clear();
            }
            for r in page.rows {
                self.rows.insert(r.row.row_id, r.row);
            }
            self.cursor = page.cursor;
            if !page.more {
                return;
            }
        }
    }

    async fn push(&self, s: &TestServer, change: &Change) -> Outcome {
        let body = json!({"changes": [change]});
        let (status, v) = s.post("/v1/push", Some(&self.cred), body).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        let r: PushResponse = serde_json::from_value(v).expect("push");
        r.results[0].outcome.clone()
    }

    async fn accept(&self, s: &TestServer, change: &Change) {
        let out = self.push(s, change).await;
        assert!(
            matches!(out, Outcome::Accepted { .. }),
            "{}: {out:?}",
            self.name
        );
    }

    fn live(&self, row: Id) -> bool {
        self.rows.get(&row).is_some_and(|r| r.tombstone.is_none())
    }

    /// Whether any row the device holds carries `text`.
    fn knows(&self, text: &str) -> bool {
        self.rows
            .values()
            .any(|r| serde_json::to_string(r).is_ok_and(|j| j.contains(text)))
    }
}

/// The fixture, a member of the provincial committee (`po`) and one of D2's (`d2c`),
/// both living in C3, and the secretary of G1 (`g1s`) living in C2.
struct World {
    s: TestServer,
    po: Id,
    d2c: Id,
    g1s: Id,
}

async fn world() -> World {
    let s = TestServer::start(Limits::default()).await;
    let t = s.tree.clone();
    let (po, d2c, g1s) = (
        Id::from_u128(0x5c001),
        Id::from_u128(0x5c002),
        Id::from_u128(0x5c003),
    );
    let hlc = server_hlc(SEED_MS);
    let mut changes = Vec::new();
    for (k, (m, name, cell, org, title)) in [
        (
            po,
            "Hoàng Văn Tỉnh",
            t.c3,
            t.p,
            PositionTitle::CommitteeMember,
        ),
        (
            d2c,
            "Đinh Thị Hải",
            t.c3,
            t.d2,
            PositionTitle::CommitteeMember,
        ),
        (g1s, "Bùi Thị Hằng", t.c2, t.g1, PositionTitle::Secretary),
    ]
    .into_iter()
    .enumerate()
    {
        let n = 0x5c010 + 4 * k as u128;
        changes.push(rows::member_change(
            Id::from_u128(n),
            &member(m, name, cell),
            hlc,
        ));
        let p = Position {
            id: Id::from_u128(n + 1),
            member_id: m,
            org_id: org,
            title,
        };
        changes.push(rows::position_change(Id::from_u128(n + 2), &p, hlc));
    }
    for r in s.store.seed(&changes, SEED_MS).expect("seed") {
        assert!(matches!(r.outcome, Outcome::Accepted { .. }), "{r:?}");
    }
    World { s, po, d2c, g1s }
}

fn put<R: Row>(pen: &mut Pen, dev: &Device, row: &R) -> Change {
    row_change(pen.id(), row, pen.hlc(dev.id))
}

/// The province's copy for D1, sent by `po`.
fn to_d1(w: &World) -> Announcement {
    let batch = Id::from_u128(0x5c0100);
    let d1 = w.s.tree.d1;
    Announcement {
        id: Announcement::row_id(batch, d1),
        org_id: d1,
        batch_id: batch,
        sender_org_id: w.s.tree.p,
        sent_by: w.po,
        title: "Thông báo triệu tập hội nghị Huyện ủy Vũ Thư mở rộng".into(),
        body: "Nội dung chỉ dành cho Đảng bộ huyện Vũ Thư.".into(),
        must_read_by: Some("2027-02-01".into()),
        reminders: 0,
        sent_ms: 0,
        reminded_ms: 0,
    }
}

fn comment_on(copy: &Announcement, id: Id, author: Id, body: &str) -> Comment {
    Comment {
        id,
        org_id: copy.org_id,
        target_kind: TargetKind::Announcement,
        target_id: copy.id,
        reply_to: None,
        author_id: author,
        body: body.into(),
        hidden_reason: String::new(),
        written_ms: 0,
        edited_ms: 0,
    }
}

#[tokio::test]
async fn an_announcement_to_one_district_never_reaches_another_districts_devices() {
    let w = world().await;
    let (s, t) = (&w.s, w.s.tree.clone());
    let mut d1_side = vec![
        Device::new(s, t.m1, "m1"),
        Device::new(s, t.sec, "sec"),
        Device::new(s, t.c2m, "c2m"),
        Device::new(s, t.dc, "dc"),
        Device::new(s, w.g1s, "g1s"),
    ];
    let mut d2_side = vec![Device::new(s, t.o, "o"), Device::new(s, w.d2c, "d2c")];
    let mut po = Device::new(s, w.po, "po");
    for d in d1_side.iter_mut().chain(d2_side.iter_mut()) {
        d.sync(s).await;
    }
    let mut pen = Pen::default();
    let copy = to_d1(&w);
    po.accept(s, &put(&mut pen, &po, &copy)).await;
    // Read and discussed in D1, reminded and finally withdrawn by the province.
    let m1 = &d1_side[0];
    let read = AnnouncementRead {
        id: AnnouncementRead::row_id(copy.id, t.m1),
        org_id: t.c1,
        announcement_id: copy.id,
        member_id: t.m1,
        read_ms: 0,
    };
    m1.accept(s, &put(&mut pen, m1, &read)).await;
    let said = comment_on(
        &copy,
        Id::from_u128(0x5c0101),
        t.m1,
        "Đề nghị gửi kèm tài liệu.",
    );
    m1.accept(s, &put(&mut pen, m1, &said)).await;
    let remind = pen.edit(
        po.id,
        Entity::Announcement,
        copy.id,
        t.d1,
        vec![("reminders", json!(1))],
    );
    po.accept(s, &remind).await;
    for d in d1_side.iter_mut().chain(d2_side.iter_mut()) {
        d.sync(s).await;
    }
    po.sync(s).await;
    for d in d1_side.iter().chain([&po]) {
        assert!(
            d.live(copy.id) && d.live(said.id),
            "{} misses D1's copy",
            d.name
        );
    }
    for d in [&d1_side[1], &d1_side[3], &d1_side[4], &po] {
        assert!(d.live(read.id), "{} misses m1's receipt", d.name);
    }
    let withdraw = pen.delete(po.id, Entity::Announcement, copy.id, t.d1);
    po.accept(s, &withdraw).await;
    for d in d1_side.iter_mut().chain(d2_side.iter_mut()) {
        d.sync(s).await;
    }
    for d in &d1_side {
        assert!(d.rows.get(&copy.id).is_some_and(|r| r.tombstone.is_some()));
    }
    // Never on D2's devices, not even as a deletion, nor anything hanging on it.
    for d in &d2_side {
        for row in [copy.id, read.id, said.id] {
            assert!(!d.rows.contains_key(&row), "{} holds {row}", d.name);
        }
        assert!(!d.knows("Vũ Thư"), "{} knows D1's text", d.name);
    }
    // A fresh device in D2 pulls nothing of it either.
    let mut late = Device::new(s, t.o, "o (new)");
    late.sync(s).await;
    assert!(!late.knows("Vũ Thư"));
}

#[tokio::test]
async fn a_private_question_and_its_answer_are_on_the_askers_and_the_committees_devices_only() {
    let w = world().await;
    let (s, t) = (&w.s, w.s.tree.clone());
    let phone = Device::new(s, t.m1, "m1 phone");
    let mut pen = Pen::default();
    let q = Question {
        id: Id::from_u128(0x5c0200),
        org_id: t.c1,
        asker_id: t.m1,
        body: "Con tôi đi xuất khẩu lao động có ảnh hưởng đến việc tôi được xét khen thưởng không?"
            .into(),
        asked_ms: 0,
    };
    phone.accept(s, &put(&mut pen, &phone, &q)).await;
    let up = Question {
        id: Id::from_u128(0x5c0201),
        org_id: t.g1,
        body: "Đảng ủy xã có hỗ trợ kinh phí in tài liệu học tập không?".into(),
        ..q.clone()
    };
    phone.accept(s, &put(&mut pen, &phone, &up)).await;
    let sec = Device::new(s, t.sec, "sec");
    let a = Answer {
        id: Answer::row_id(q.id),
        org_id: t.c1,
        question_id: q.id,
        asker_id: t.m1,
        answered_by: t.sec,
        body: "Không ảnh hưởng; việc khen thưởng xét theo kết quả của chính đồng chí.".into(),
        answered_ms: 0,
    };
    sec.accept(s, &put(&mut pen, &sec, &a)).await;

    let mut devices = vec![
        phone,
        Device::new(s, t.m1, "m1 tablet"),
        sec,
        Device::new(s, t.m2, "m2 (cell-mate)"),
        Device::new(s, t.c2m, "c2m"),
        Device::new(s, w.g1s, "g1s (committee above)"),
        Device::new(s, t.dc, "dc (district committee)"),
        Device::new(s, w.po, "po (province)"),
        Device::new(s, t.o, "o (other district)"),
    ];
    for d in devices.iter_mut() {
        d.sync(s).await;
    }
    let holders = |row: Id| -> Vec<&str> {
        devices
            .iter()
            .filter(|d| d.rows.contains_key(&row))
            .map(|d| d.name)
            .collect()
    };
    let cell = vec!["m1 phone", "m1 tablet", "sec"];
    assert_eq!(holders(q.id), cell);
    assert_eq!(holders(a.id), cell);
    assert_eq!(
        holders(up.id),
        vec!["m1 phone", "m1 tablet", "g1s (committee above)"]
    );
    for d in &devices[3..] {
        assert!(
            !d.knows("xuất khẩu lao động"),
            "{} knows the question",
            d.name
        );
    }
}

#[tokio::test]
async fn a_hidden_comment_leaves_every_device_and_stays_in_the_audit_log() {
    let w = world().await;
    let (s, t) = (&w.s, w.s.tree.clone());
    let po = Device::new(s, w.po, "po");
    let mut pen = Pen::default();
    let copy = to_d1(&w);
    po.accept(s, &put(&mut pen, &po, &copy)).await;
    let mut devices = [
        Device::new(s, t.m1, "m1"),
        Device::new(s, t.m2, "m2"),
        Device::new(s, t.sec, "sec"),
        Device::new(s, t.c2m, "c2m"),
        Device::new(s, t.dc, "dc"),
        Device::new(s, w.g1s, "g1s"),
        po,
    ];
    let text = "Bình luận có lời lẽ xúc phạm cần ẩn";
    let said = comment_on(&copy, Id::from_u128(0x5c0300), t.m1, text);
    devices[0]
        .accept(s, &put(&mut pen, &devices[0], &said))
        .await;
    for d in devices.iter_mut() {
        d.sync(s).await;
        assert!(d.knows(text), "{} never got the comment", d.name);
    }
    // D1's committee hides it: the deletion blanks the text and gives a reason.
    let dc = &devices[4];
    let mut hide = pen.edit(
        dc.id,
        Entity::Comment,
        said.id,
        t.d1,
        vec![
            ("body", json!("")),
            ("hidden_reason", json!("Lời lẽ không phù hợp")),
        ],
    );
    hide.tombstone = hide.fields.get("body").map(|f| f.hlc);
    dc.accept(s, &hide).await;
    for d in devices.iter_mut() {
        d.sync(s).await;
        let row = d.rows.get(&said.id).expect("the comment's row");
        assert!(row.tombstone.is_some(), "{}: still live", d.name);
        assert!(!d.knows(text), "{} still holds the text", d.name);
        assert_eq!(row.str("hidden_reason"), Some("Lời lẽ không phù hợp"));
    }
    let mut fresh = Device::new(s, t.m2, "m2 (new)");
    fresh.sync(s).await;
    assert!(!fresh.knows(text));

    // The audit log of D1 keeps who hid it; a plain member may not read the log.
    let audit = |cred: String| {
        let body = json!({"org_id": t.d1, "limit": 100});
        async move { s.post("/v1/audit", Some(&cred), body).await }
    };
    let (status, v) = audit(devices[4].cred.clone()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let page: AuditPage = serde_json::from_value(v).expect("audit page");
    let entry = page
        .entries
        .iter()
        .find(|e| e.change_id == hide.change_id)
        .expect("the hiding is in the audit log");
    assert_eq!(
        (
            entry.member_id,
            entry.device_id,
            entry.action,
            entry.accepted,
            entry.row_id
        ),
        (
            Some(t.dc),
            devices[4].id,
            AuditAction::Delete,
            true,
            said.id
        )
    );
    let (status, _) = audit(devices[0].cred.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
