//! Conformance checks of information exchange (issue 16), each rule of
//! `sotay_server::exchange` accepted and refused with its message, and the scope of
//! every pull: an announcement to one district never reaches another district's
//! devices; a read receipt, a question and its answer, a private opinion reach only
//! those the table names; a hidden comment is a blank tombstone on every device that
//! holds it, and the audit log keeps who hid it.
//!
//! Beside the fixture: a member of the provincial committee (`po`, living in C3), the
//! secretary of D2 (`d2s`, in C3) and of G1 (`g1s`, in C2), a document of the
//! province and a meeting of C1.

mod announcements;
mod questions;

pub use announcements::exchange_announcements_read_receipts_and_comments;
pub use questions::exchange_questions_answers_and_opinions_on_drafts;

use super::fixture::{member, Devices, Pen, Tree, SEED_MS};
use super::pull_all;
use serde_json::json;
use sotay_model::entities::{Position, PositionTitle};
use sotay_model::ids::{DeviceId, Id};
use sotay_model::library::documents::{DocKind, DocStatus, Document};
use sotay_model::meetings::{Meeting, MeetingKind, MeetingStatus};
use sotay_model::protocol::{Cursor, Outcome};
use sotay_model::row::Row;
use sotay_model::{Change, Entity, RowState};
use sotay_server::rows::{self, row_change, server_hlc};
use sotay_server::store::{Store, DEFAULT_CODE_TTL_MS};
use std::collections::{BTreeMap, BTreeSet};

fn id(n: u128) -> Id {
    Id::from_u128(0xec5a_0000 + n)
}

/// The fixture and what this check adds to it.
struct World {
    t: Tree,
    d: Devices,
    po: Id,
    g1s: Id,
    dev_po: DeviceId,
    dev_d2s: DeviceId,
    dev_g1s: DeviceId,
    doc: Id,
    meeting: Id,
}

impl World {
    /// Every device of the world, named for messages.
    fn devices(&self) -> Vec<(&'static str, DeviceId)> {
        let d = &self.d;
        vec![
            ("sec", d.sec),
            ("m1", d.m1),
            ("m2", d.m2),
            ("dc", d.dc),
            ("c2m", d.c2m),
            ("o", d.o),
            ("po", self.dev_po),
            ("d2s", self.dev_d2s),
            ("g1s", self.dev_g1s),
        ]
    }

    /// Which devices pull the live row `row`: exactly `readers`.
    fn pulled_by(&self, store: &impl Store, row: Id, readers: &[DeviceId]) {
        for (name, dev) in self.devices() {
            let has = holds(store, dev)
                .get(&row)
                .is_some_and(|r| r.tombstone.is_none());
            assert_eq!(
                has,
                readers.contains(&dev),
                "device of {name} {} row {row}",
                if has {
                    "should not pull"
                } else {
                    "should pull"
                }
            );
        }
    }
}

/// Everything a device pulls from the start, by id.
fn holds(store: &impl Store, dev: DeviceId) -> BTreeMap<Id, RowState> {
    pull_all(store, dev, Cursor::default()).1
}

fn enroll(store: &impl Store, m: Id, name: &str) -> DeviceId {
    let code = store
        .create_enroll_code(m, DEFAULT_CODE_TTL_MS, SEED_MS)
        .expect("create a code");
    store
        .enroll(&code, name, SEED_MS)
        .expect("enroll")
        .device_id
}

fn world(store: &impl Store) -> World {
    let t = Tree::seed(store);
    let d = t.enroll_all(store);
    let (po, d2s, g1s, doc, meeting) = (id(1), id(2), id(3), id(4), id(5));
    let hlc = server_hlc(SEED_MS);
    let mut n = 100;
    let mut next = || {
        n += 1;
        id(n)
    };
    let mut seed: Vec<Change> = vec![
        rows::member_change(next(), &member(po, "Hoàng Văn Tỉnh", t.c3), hlc),
        rows::member_change(next(), &member(d2s, "Đinh Thị Hải", t.c3), hlc),
        rows::member_change(next(), &member(g1s, "Bùi Thị Hằng", t.c2), hlc),
    ];
    for (holder, org, title) in [
        (po, t.p, PositionTitle::CommitteeMember),
        (d2s, t.d2, PositionTitle::Secretary),
        (g1s, t.g1, PositionTitle::Secretary),
    ] {
        let p = Position {
            id: next(),
            member_id: holder,
            org_id: org,
            title,
        };
        seed.push(rows::position_change(next(), &p, hlc));
    }
    let document = Document {
        id: doc,
        kind: DocKind::Directive,
        number: "35-CT/TW".into(),
        title: "Chỉ thị về đại hội đảng bộ các cấp".into(),
        org_id: t.p,
        issuer: "Ban Chấp hành Trung ương".into(),
        issued_on: "2024-06-14".into(),
        status: DocStatus::InForce,
        summary: String::new(),
        body: "Toàn văn chỉ thị.".into(),
        topics: vec!["đại hội".into()],
    };
    seed.push(row_change(next(), &document, hlc));
    let m = Meeting {
        id: meeting,
        org_id: t.c1,
        kind: MeetingKind::Regular,
        topic: "Sinh hoạt chi bộ thường kỳ tháng 11".into(),
        starts_at: 1_765_000_000_000,
        ends_at: 1_765_007_200_000,
        place: "Nhà văn hóa thôn".into(),
        chair_id: None,
        minute_taker_id: None,
        agenda: vec!["Thông tin thời sự".into()],
        materials: vec![],
        invited: vec![],
        guests: vec![],
        status: MeetingStatus::Planned,
        note: String::new(),
    };
    seed.push(row_change(next(), &m, hlc));
    seeded(store, &seed);
    World {
        dev_po: enroll(store, po, "máy tính văn phòng tỉnh ủy"),
        dev_d2s: enroll(store, d2s, "điện thoại bí thư huyện ủy"),
        dev_g1s: enroll(store, g1s, "điện thoại bí thư đảng ủy xã"),
        t,
        d,
        po,
        g1s,
        doc,
        meeting,
    }
}

/// Seed changes as the server; panics on any refusal.
fn seeded(store: &impl Store, changes: &[Change]) {
    for r in store.seed(changes, SEED_MS).expect("seed") {
        assert!(
            matches!(r.outcome, Outcome::Accepted { .. }),
            "seed refused: {r:?}"
        );
    }
}

/// A device's change writing every field of `row`.
fn put<R: Row>(pen: &mut Pen, dev: DeviceId, row: &R) -> Change {
    row_change(pen.id(), row, pen.hlc(dev))
}

/// Deleting a comment as a device does: the text blanked, with a reason when hiding.
fn blank_and_delete(
    pen: &mut Pen,
    dev: DeviceId,
    entity: Entity,
    (row, org): (Id, Id),
    reason: Option<&str>,
) -> Change {
    let mut fields = vec![("body", json!(""))];
    if let Some(r) = reason {
        fields.push(("hidden_reason", json!(r)));
    }
    let mut c = pen.edit(dev, entity, row, org, fields);
    c.tombstone = c.fields.get("body").map(|f| f.hlc);
    c
}

fn absent(store: &impl Store, row: Id) {
    assert!(
        store.row(row).expect("row").is_none(),
        "a refusal stored {row}"
    );
}

/// The ids of live rows of `entity` a device pulls.
fn live_of(store: &impl Store, dev: DeviceId, entity: Entity) -> BTreeSet<Id> {
    super::pulled(store, dev, entity)
}
