//! Conformance check of the library's blobs and study rows (issue 5): blobs stored once
//! and read by range; attachment rows found by hash and readable only in the
//! document's scope; read marks seen by the member and the committees above; study
//! notes by the member alone; assignments down the assigning organisation's subtree.

use super::fixture::{Pen, Tree};
use super::{accept, pulled, refuse, Backend};
use serde_json::json;
use sotay_model::ids::Id;
use sotay_model::study::{ReadMark, StudyNote};
use sotay_model::Entity;
use sotay_server::library::{may_download, may_upload};
use sotay_server::store::Store;

/// The blob store and the rows that decide who reads a blob, on one backend.
pub fn blobs_and_study_rows<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let mut pen = Pen::default();

    // Bytes: stored once, read by range, absent ones are None.
    let bytes: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
    let sha = "5d1fd1f8c0a8d35e0a6dd4b1e2b1bd0e2d2b1c3a4f5e6d7c8b9a0f1e2d3c4b5a";
    assert_eq!(store.blob_size(sha).expect("size"), None);
    assert_eq!(store.read_blob(sha, 0, 10).expect("read"), None);
    store.put_blob(sha, &bytes).expect("put");
    store
        .put_blob(sha, &bytes)
        .expect("put again changes nothing");
    assert_eq!(store.blob_size(sha).expect("size"), Some(10_000));
    let part = store
        .read_blob(sha, 9_990, 100)
        .expect("read")
        .expect("held");
    assert_eq!(part, bytes[9_990..].to_vec(), "a range past the end is cut");
    let mid = store.read_blob(sha, 3, 4).expect("read").expect("held");
    assert_eq!(mid, bytes[3..7].to_vec());
    streamed_blobs(&store);

    // The cell secretary issues a document with the file attached.
    let doc = Id::from_u128(0x11b0_0001);
    accept(&store, d.sec, &pen.document(d.sec, doc, t.c1));
    let attachment = |pen: &mut Pen, device, id, org| {
        pen.edit(
            device,
            Entity::Attachment,
            id,
            org,
            vec![
                ("document_id", json!(doc)),
                ("org_id", json!(org)),
                ("name", json!("Tài liệu.pdf")),
                ("mime", json!("application/pdf")),
                ("size", json!(10_000)),
                ("sha256", json!(sha)),
            ],
        )
    };
    let att = Id::from_u128(0x11b0_0002);
    accept(&store, d.sec, &attachment(&mut pen, d.sec, att, t.c1));
    refuse(
        &store,
        d.m1,
        &attachment(&mut pen, d.m1, Id::from_u128(9), t.c1),
    );
    // An attachment must sit with its document's organisation.
    refuse(
        &store,
        d.sec,
        &attachment(&mut pen, d.sec, Id::from_u128(8), t.g1),
    );
    let refs = store.blob_refs(sha).expect("refs");
    assert_eq!(
        refs.iter().map(|r| r.row.row_id).collect::<Vec<_>>(),
        vec![att]
    );
    let actor = |dev| store.actor(dev).expect("actor");
    let may = |dev| may_download(&actor(dev), &refs, |id| store.row(id)).expect("decide");
    assert!(may(d.m1), "a member of the cell");
    assert!(may(d.dc), "the district committee above");
    assert!(!may(d.o), "a member of another district");
    assert!(!may(d.c2m), "a member of a sibling cell");
    assert!(may_upload(&actor(d.sec)) && !may_upload(&actor(d.m1)));
    assert!(pulled(&store, d.m1, Entity::Attachment).contains(&att));
    assert!(!pulled(&store, d.o, Entity::Attachment).contains(&att));

    // Read marks: the member's own, seen by the committees of the cell and above.
    let mark = |pen: &mut Pen, dev, member: Id| {
        pen.edit(
            dev,
            Entity::ReadMark,
            ReadMark::row_id(member, doc),
            t.c1,
            vec![
                ("member_id", json!(member)),
                ("document_id", json!(doc)),
                ("org_id", json!(t.c1)),
                ("opened_ms", json!(1_700_000_000_000u64)),
            ],
        )
    };
    accept(&store, d.m1, &mark(&mut pen, d.m1, t.m1));
    refuse(&store, d.m1, &mark(&mut pen, d.m1, t.m2));
    refuse(&store, d.sec, &mark(&mut pen, d.sec, t.m2));
    let m1_mark = ReadMark::row_id(t.m1, doc);
    for (dev, sees) in [
        (d.m1, true),
        (d.sec, true),
        (d.dc, true),
        (d.m2, false),
        (d.o, false),
    ] {
        assert_eq!(
            pulled(&store, dev, Entity::ReadMark).contains(&m1_mark),
            sees
        );
    }

    // Notes: the member alone, on all their devices; nobody else, committees included.
    let note = StudyNote::row_id(t.m1, doc);
    let note_change = pen.edit(
        d.m1,
        Entity::StudyNote,
        note,
        t.c1,
        vec![
            ("member_id", json!(t.m1)),
            ("document_id", json!(doc)),
            ("org_id", json!(t.c1)),
            ("text", json!("Ghi chú riêng: liên hệ bản thân")),
            ("bookmarked", json!(true)),
        ],
    );
    accept(&store, d.m1, &note_change);
    assert!(pulled(&store, d.m1, Entity::StudyNote).contains(&note));
    for dev in [d.sec, d.m2, d.dc, d.c2m, d.o] {
        assert!(pulled(&store, dev, Entity::StudyNote).is_empty());
    }
    let edit_others = pen.edit(
        d.sec,
        Entity::StudyNote,
        note,
        t.c1,
        vec![("text", json!("x"))],
    );
    refuse(&store, d.sec, &edit_others);

    // An assignment of the grassroots document store reaches the cell's members.
    let assign = |pen: &mut Pen, dev, id, org, document: Id| {
        pen.edit(
            dev,
            Entity::StudyAssignment,
            id,
            org,
            vec![
                ("org_id", json!(org)),
                ("document_id", json!(document)),
                ("due_on", json!("2025-04-30")),
            ],
        )
    };
    let a = Id::from_u128(0x11b0_0003);
    accept(&store, d.sec, &assign(&mut pen, d.sec, a, t.c1, doc));
    refuse(
        &store,
        d.m1,
        &assign(&mut pen, d.m1, Id::from_u128(7), t.c1, doc),
    );
    let other_doc = Id::from_u128(0x11b0_0004);
    accept(&store, d.dc, &pen.document(d.dc, other_doc, t.d1));
    // The cell may assign the district's document; the district not the cell's.
    accept(
        &store,
        d.sec,
        &assign(&mut pen, d.sec, Id::from_u128(6), t.c1, other_doc),
    );
    refuse(
        &store,
        d.dc,
        &assign(&mut pen, d.dc, Id::from_u128(5), t.d1, doc),
    );
    assert!(pulled(&store, d.m2, Entity::StudyAssignment).contains(&a));
    assert!(!pulled(&store, d.o, Entity::StudyAssignment).contains(&a));

    // A deleted document takes its attachments' files with it, rows or not.
    let doc2 = Id::from_u128(0x11b0_0005);
    accept(&store, d.sec, &pen.document(d.sec, doc2, t.c1));
    let mut second = attachment(&mut pen, d.sec, Id::from_u128(0x11b0_0006), t.c1);
    for (name, v) in second.fields.iter_mut() {
        if name == "document_id" {
            v.value = json!(doc2);
        }
    }
    accept(&store, d.sec, &second);
    accept(
        &store,
        d.sec,
        &pen.delete(d.sec, Entity::Document, doc2, t.c1),
    );
    let refs = store.blob_refs(sha).expect("refs");
    assert_eq!(refs.len(), 2, "both attachment rows still name the hash");
    let only_second: Vec<_> = refs.into_iter().filter(|r| r.row.row_id != att).collect();
    let may = |dev| may_download(&actor(dev), &only_second, |id| store.row(id)).expect("decide");
    assert!(!may(d.m1), "the document is deleted");

    // Deleting the attachment leaves the blob unreadable by reference.
    accept(
        &store,
        d.sec,
        &pen.delete(d.sec, Entity::Attachment, att, t.c1),
    );
    let left = store.blob_refs(sha).expect("refs");
    assert!(left.iter().all(|r| r.row.row_id != att), "{left:?}");
    let store = b.reopen(store);
    assert_eq!(
        store.blob_size(sha).expect("size after restart"),
        Some(10_000)
    );
}

/// Yields `len` bytes of a pattern in odd-sized pieces, or fails after `fail_at`.
struct Pattern {
    at: usize,
    len: usize,
    fail_at: Option<usize>,
}

fn pattern_byte(i: usize) -> u8 {
    (i.wrapping_mul(31) % 253) as u8
}

impl std::io::Read for Pattern {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.fail_at.is_some_and(|f| self.at >= f) {
            return Err(std::io::Error::other("the upload was cut"));
        }
        let n = out.len().min(100_003).min(self.len - self.at);
        for (k, b) in out[..n].iter_mut().enumerate() {
            *b = pattern_byte(self.at + k);
        }
        self.at += n;
        Ok(n)
    }
}

/// Blobs written from a reader a piece at a time (an HTTP upload as it arrives): a
/// failed read stores nothing; a stored one reads back across internal chunk bounds.
fn streamed_blobs(store: &impl Store) {
    let sha = "7e".repeat(32);
    let len = 2 * 1024 * 1024 + 17;
    let cut = store.put_blob_from(
        &sha,
        &mut Pattern {
            at: 0,
            len,
            fail_at: Some(1_500_000),
        },
    );
    assert!(cut.is_err(), "a failed read must fail the put");
    assert_eq!(store.blob_size(&sha).expect("size"), None, "nothing kept");
    store
        .put_blob_from(
            &sha,
            &mut Pattern {
                at: 0,
                len,
                fail_at: None,
            },
        )
        .expect("streamed put");
    assert_eq!(store.blob_size(&sha).expect("size"), Some(len as u64));
    for (offset, n) in [(0, 10), (1_048_570, 20), (2 * 1_048_576 - 3, 100), (0, len)] {
        let got = store
            .read_blob(&sha, offset as u64, n as u64)
            .expect("read")
            .expect("held");
        let want: Vec<u8> = (offset..(offset + n).min(len)).map(pattern_byte).collect();
        assert_eq!(got.len(), want.len(), "range {offset}+{n}");
        assert!(got == want, "range {offset}+{n} differs");
    }
}
