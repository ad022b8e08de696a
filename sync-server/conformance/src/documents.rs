//! Conformance check of the library (issue 5): documents are read down the issuing
//! organisation's subtree and issued only by the committee and office of their own
//! organisation.

use super::fixture::{Pen, Tree, SEED_MS};
use super::{accept, pull_all, refuse, Backend};
use serde_json::json;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::library::documents::{DocKind, DocStatus, Document};
use sotay_model::protocol::{Cursor, Outcome, RejectReason};
use sotay_model::{Change, Entity};
use sotay_server::rows;
use sotay_server::store::Store;
use std::collections::BTreeSet;

fn document(id: Id, org: Id, number: &str) -> Document {
    Document {
        id,
        kind: DocKind::Directive,
        number: number.into(),
        title: format!("Văn bản {number} về công tác xây dựng Đảng"),
        org_id: org,
        issuer: "Ban Thường vụ".into(),
        issued_on: "2024-06-14".into(),
        status: DocStatus::InForce,
        summary: "Tóm tắt.".into(),
        body: "Toàn văn của văn bản.".into(),
        topics: vec!["xây dựng Đảng".into()],
    }
}

fn new_document(pen: &mut Pen, device: DeviceId, org: Id, number: &str) -> Change {
    let (cid, rid, hlc) = (pen.id(), pen.id(), pen.hlc(device));
    rows::document_change(cid, &document(rid, org, number), hlc)
}

fn pulled_documents(store: &impl Store, device: DeviceId) -> BTreeSet<Id> {
    let (_, rows, _) = pull_all(store, device, Cursor::default());
    rows.values()
        .filter(|r| r.entity == Entity::Document && r.tombstone.is_none())
        .map(|r| r.row_id)
        .collect()
}

/// A cell member gets the documents of their cell, grassroots, district and province,
/// never a sibling cell's or another district's; a district committee member gets its
/// district's subtree and the province's. Only the committee of the issuing
/// organisation issues, edits and deletes; a deletion reaches the readers.
pub fn documents_follow_the_issuers_subtree<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let orgs = [t.p, t.d1, t.d2, t.g1, t.g2, t.c1, t.c2, t.c3];
    let doc_of = |org: Id| Id::from_u128(0xd0c0_0000 + org.0.as_u128() % 0x1_0000);
    let seed: Vec<Change> = orgs
        .iter()
        .enumerate()
        .map(|(i, &org)| {
            let cid = Id::from_u128(0xd0c1_0000 + i as u128);
            rows::document_change(
                cid,
                &document(doc_of(org), org, &format!("{i}-CT/TU")),
                rows::server_hlc(SEED_MS),
            )
        })
        .collect();
    for r in store.seed(&seed, SEED_MS).expect("seed documents") {
        assert!(
            matches!(r.outcome, Outcome::Accepted { .. }),
            "document refused: {r:?}"
        );
    }
    let set = |v: &[Id]| v.iter().map(|&o| doc_of(o)).collect::<BTreeSet<Id>>();
    assert_eq!(
        pulled_documents(&store, d.m1),
        set(&[t.p, t.d1, t.g1, t.c1]),
        "a member of C1 reads the documents of C1 and every level above, nothing else"
    );
    assert_eq!(pulled_documents(&store, d.o), set(&[t.p, t.d2, t.g2, t.c3]));
    assert_eq!(
        pulled_documents(&store, d.dc),
        set(&[t.p, t.d1, t.g1, t.c1, t.c2]),
        "a district committee member reads its subtree and the province, not D2"
    );

    let mut pen = Pen::default();
    // The cell's secretary issues for the cell; a plain member may not, nor may the
    // secretary issue in the grassroots organisation's name.
    let by_sec = new_document(&mut pen, d.sec, t.c1, "03-TL/CB");
    accept(&store, d.sec, &by_sec);
    let by_member = new_document(&mut pen, d.m1, t.c1, "04-TL/CB");
    assert!(matches!(
        refuse(&store, d.m1, &by_member),
        Outcome::Rejected {
            reason: RejectReason::Forbidden,
            ..
        }
    ));
    refuse(
        &store,
        d.sec,
        &new_document(&mut pen, d.sec, t.g1, "05-NQ/ĐU"),
    );
    // A district committee member issues for the district, not for a grassroots below.
    let by_dc = new_document(&mut pen, d.dc, t.d1, "45-TB/HU");
    accept(&store, d.dc, &by_dc);
    let edit_below = pen.edit(
        d.dc,
        Entity::Document,
        doc_of(t.g1),
        t.g1,
        vec![("status", json!(DocStatus::Replaced))],
    );
    refuse(&store, d.dc, &edit_below);
    // A document stays with its issuer, and a malformed one is refused.
    let moved = pen.edit(
        d.dc,
        Entity::Document,
        by_dc.row_id,
        t.d1,
        vec![("org_id", json!(t.g1))],
    );
    refuse(&store, d.dc, &moved);
    let bad_date = pen.edit(
        d.dc,
        Entity::Document,
        by_dc.row_id,
        t.d1,
        vec![("issued_on", json!("2024-02-30"))],
    );
    refuse(&store, d.dc, &bad_date);

    let (cursor, _, _) = pull_all(&store, d.m1, Cursor::default());
    let docs = pulled_documents(&store, d.m1);
    assert!(docs.contains(&by_sec.row_id) && docs.contains(&by_dc.row_id));
    let del = pen.delete(d.dc, Entity::Document, by_dc.row_id, t.d1);
    accept(&store, d.dc, &del);
    let page = store.pull(d.m1, cursor, 100).expect("pull");
    let gone = page
        .rows
        .iter()
        .find(|r| r.row.row_id == by_dc.row_id)
        .expect("the deletion reaches the member");
    assert!(gone.row.tombstone.is_some());
    assert!(!pulled_documents(&store, d.o).contains(&by_sec.row_id));
}
