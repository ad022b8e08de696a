//! The store conformance suite on PostgreSQL (one fresh schema per store), and the
//! gap-safety of sequence numbers with two stores (two "server processes") pushing
//! into one database at once.
//!
//! The database comes from `SOTAY_TEST_PG` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`); `cargo xtask test` makes sure one
//! runs. Without one, the tests fail under `CI=true` and are skipped otherwise.

mod pg;

use pg::{Pg, Schema};
use serde_json::json;
use sotay_conformance::fixture::{self, Devices, Tree};
use sotay_conformance::{pull_all, Backend};
use sotay_model::ids::Id;
use sotay_model::protocol::{Cursor, Outcome};
use sotay_model::Entity;
use sotay_server::{rows, PgStore, Store};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Barrier};

impl Backend for Pg {
    type Store = PgStore;

    fn fresh(&mut self) -> PgStore {
        let schema = Schema::new();
        let store = schema.store();
        self.schemas.push(schema);
        store
    }

    fn reopen(&mut self, store: PgStore) -> PgStore {
        drop(store);
        self.schemas.last().expect("a store was made first").store()
    }
}

/// A store on `schema` with the fixture tree and a device for each of its members.
fn seeded(schema: &Schema) -> (PgStore, Tree, Devices) {
    let store = schema.store();
    let tree = Tree::seed(&store);
    let devices = tree.enroll_all(&store);
    (store, tree, devices)
}

/// Each test gets its own `Pg`; `None` (skipped) when no database is reachable.
macro_rules! pg_or_skip {
    () => {
        match Pg::reachable() {
            Some(pg) => pg,
            None => return,
        }
    };
}

mod conformance {
    use super::*;
    sotay_conformance::conformance_tests!(pg_or_skip!());
}

#[test]
fn whole_story_runs_on_one_backend() {
    let mut pg = pg_or_skip!();
    sotay_conformance::story(&mut pg);
}

/// Two stores on one database (as two server processes), several threads each pushing
/// new members at once, and a puller running alongside: every accepted change is
/// pulled exactly once, in increasing sequence order, and nothing accepted is missed.
#[test]
fn two_servers_never_let_a_pull_skip_a_late_commit() {
    let _pg = pg_or_skip!();
    let schema = Schema::new();
    let a = Arc::new(schema.store());
    let b = Arc::new(schema.store());
    let tree = Tree::seed(&*a);
    let devices = tree.enroll_all(&*b);
    // The secretary of C1 adds members to C1; the committee member of D1 reads D1's
    // whole subtree, C1 included.
    let reader = devices.dc;

    const THREADS: usize = 6;
    const PUSHES: usize = 25;
    let start = Arc::new(Barrier::new(THREADS + 1));
    let mut handles = Vec::new();
    for t in 0..THREADS {
        let store = if t % 2 == 0 { a.clone() } else { b.clone() };
        let start = start.clone();
        let (device, cell) = (devices.sec, tree.c1);
        handles.push(std::thread::spawn(move || {
            start.wait();
            let mut accepted = Vec::new();
            for i in 0..PUSHES {
                let n = (t * 1_000 + i) as u128;
                let member = fixture::member(Id::from_u128(0xabc0_0000 + n), "Lê Văn Nam", cell);
                let stamp = sotay_model::hlc::Hlc {
                    wall_ms: 50_000 + i as u64,
                    counter: 0,
                    node: device,
                };
                let change = rows::member_change(Id::from_u128(0xcc00_0000 + n), &member, stamp);
                let r = store.push(device, &[change], 50_000).expect("push");
                match r[0].outcome {
                    Outcome::Accepted { seq } => accepted.push((seq, member.id)),
                    ref other => panic!("thread {t} push {i} refused: {other:?}"),
                }
            }
            accepted
        }));
    }
    // The puller follows while the pushes run, alternating between the two servers.
    let puller = {
        let (a, b, start) = (a.clone(), b.clone(), start.clone());
        std::thread::spawn(move || {
            start.wait();
            let mut seen: Vec<(u64, Id)> = Vec::new();
            let mut cursor = Cursor::default();
            for round in 0..200 {
                let store: &PgStore = if round % 2 == 0 { &a } else { &b };
                let page = store.pull(reader, cursor, 7).expect("pull");
                assert!(!page.reset || round == 0, "no scope change expected");
                seen.extend(page.rows.iter().map(|r| (r.seq, r.row.row_id)));
                cursor = page.cursor;
            }
            (seen, cursor)
        })
    };
    let mut accepted: Vec<(u64, Id)> = Vec::new();
    for h in handles {
        accepted.extend(h.join().expect("pusher"));
    }
    let (mut seen, cursor) = puller.join().expect("puller");
    // Catch up after every push has returned.
    let (_, _, pages) = pull_all(&*b, reader, cursor);
    for p in &pages {
        seen.extend(p.rows.iter().map(|r| (r.seq, r.row.row_id)));
    }

    let seqs: Vec<u64> = seen.iter().map(|s| s.0).collect();
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "pulled sequences must strictly increase (each change once): {seqs:?}"
    );
    let pulled: BTreeMap<Id, u64> = seen.iter().map(|&(s, id)| (id, s)).collect();
    let mut all_seqs = BTreeSet::new();
    for (seq, id) in &accepted {
        assert!(all_seqs.insert(*seq), "sequence {seq} handed out twice");
        assert_eq!(
            pulled.get(id),
            Some(seq),
            "member {id} accepted at seq {seq} but not pulled at it"
        );
    }
    assert_eq!(accepted.len(), THREADS * PUSHES);
}

/// A push whose writes already went to the database (a batch sends them early when a
/// read needs them: here the card number check of a second new member) and which then
/// fails (an organisation row it reads is damaged) leaves nothing behind: its savepoint
/// is rolled back, and the next push stores at the next sequence number.
#[test]
fn a_push_failing_after_its_writes_were_sent_leaves_nothing() {
    let _pg = pg_or_skip!();
    let schema = Schema::new();
    let (store, tree, devices) = seeded(&schema);
    let mut pen = fixture::Pen::default();
    let first = pen.new_member(devices.sec, "Lê Văn Một", tree.c1);
    let second = pen.new_member(devices.sec, "Lê Văn Hai", tree.c1);
    let third = pen.new_member(devices.sec, "Lê Văn Ba", tree.c2);
    let damaged = schema
        .client()
        .execute(
            "UPDATE rows SET state = replace(state, '\"kind\"', '\"damaged\"') WHERE row_id = $1",
            &[&tree.c2.to_string()],
        )
        .expect("damage C2");
    assert_eq!(damaged, 1);
    let now = pen.now();
    let pushed = [first.clone(), second.clone(), third];
    let failed = store.push(devices.sec, &pushed, now);
    assert!(
        failed.is_err(),
        "a damaged organisation fails the push: {failed:?}"
    );
    for c in [&first, &second] {
        assert_eq!(
            store.row(c.row_id).expect("row"),
            None,
            "nothing of the push stays"
        );
    }
    let audit: i64 = schema
        .client()
        .query_one(
            "SELECT COUNT(*) FROM audit WHERE change_id = $1",
            &[&first.change_id.to_string()],
        )
        .expect("audit")
        .get(0);
    assert_eq!(audit, 0, "no audit entry of the failed push");
    // The same members again, without the damaged cell: stored, numbered on from the
    // last sequence before the failed push.
    let last: i64 = schema
        .client()
        .query_one("SELECT v FROM seq_counter", &[])
        .expect("counter")
        .get(0);
    let again = store
        .push(devices.sec, &[first.clone(), second.clone()], now)
        .expect("push");
    let seqs: Vec<u64> = again
        .iter()
        .map(|r| match r.outcome {
            Outcome::Accepted { seq } => seq,
            ref other => panic!("refused: {other:?}"),
        })
        .collect();
    assert_eq!(seqs, vec![last as u64 + 1, last as u64 + 2]);
}

/// The administration methods the shared conformance checks do not cover yet: devices,
/// renaming, the actor, and the audit log written by seed and push.
#[test]
fn administration_and_audit() {
    let _pg = pg_or_skip!();
    let schema = Schema::new();
    let (store, tree, devices) = seeded(&schema);

    let mine = store.devices_of(tree.sec).expect("devices");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].device_id, devices.sec);
    assert!(store.rename_device(devices.sec, "máy mới").expect("rename"));
    let info = store
        .device_info(devices.sec)
        .expect("info")
        .expect("exists");
    assert_eq!(info.name, "máy mới");
    assert_eq!(store.actor(devices.sec).expect("actor").member, tree.sec);

    let mut pen = fixture::Pen::default();
    let add = pen.new_member(devices.sec, "Lê Văn Phúc", tree.c1);
    let seq = sotay_conformance::accept(&store, devices.sec, &add);
    assert!(seq > 0);
    let province = store.row(tree.p).expect("row").expect("province").path;
    let query = sotay_server::audit::AuditQuery {
        path: province,
        before: None,
        after: None,
        limit: 5,
    };
    let (page, more) = store.audit(&query).expect("audit");
    assert!(more, "the seeded rows are in the log too");
    assert_eq!(page.len(), 5);
    assert_eq!(page[0].change_id, add.change_id, "newest first");
    assert_eq!(page[0].member_id, Some(tree.sec));
    assert!(page.windows(2).all(|w| w[0].id > w[1].id));
}

/// A push PostgreSQL refuses (here a trigger the test adds refuses one file's row, as
/// a constraint or a full table would) sent in one batch with other devices' pushes
/// fails alone: the batch is run again push by push, and the others are stored and
/// answered.
#[test]
fn a_push_the_database_refuses_fails_alone_in_its_batch() {
    let _pg = pg_or_skip!();
    let schema = Schema::new();
    let (store, tree, devices) = seeded(&schema);
    schema
        .client()
        .batch_execute(
            "CREATE FUNCTION refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN IF NEW.state LIKE '%refused-by-the-test%' THEN \
             RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$; \
             CREATE TRIGGER refuse_marked BEFORE INSERT OR UPDATE ON rows \
             FOR EACH ROW EXECUTE FUNCTION refuse_marked();",
        )
        .expect("the refusing trigger");
    let mut pen = fixture::Pen::default();
    let doc = Id::from_u128(0x5a0_0001);
    let document = pen.document(devices.sec, doc, tree.c1);
    sotay_conformance::accept(&store, devices.sec, &document);
    let poison = pen.edit(
        devices.sec,
        Entity::Attachment,
        Id::from_u128(0x5a0_0002),
        tree.c1,
        vec![
            ("document_id", json!(doc)),
            ("org_id", json!(tree.c1)),
            ("name", json!("refused-by-the-test.pdf")),
            ("mime", json!("application/pdf")),
            ("size", json!(10)),
            (
                "sha256",
                json!("5d1fd1f8c0a8d35e0a6dd4b1e2b1bd0e2d2b1c3a4f5e6d7c8b9a0f1e2d3c4b5a"),
            ),
        ],
    );
    let before = pen.new_member(devices.sec, "Lê Văn Trước", tree.c1);
    let after = pen.new_member(devices.dc, "Lê Văn Sau", tree.c2);
    let now = pen.now();
    let answers = store.push_as_one_batch(
        vec![
            (devices.sec, vec![before.clone()]),
            (devices.sec, vec![poison.clone()]),
            (devices.dc, vec![after.clone()]),
        ],
        now,
    );
    assert_eq!(answers.len(), 3);
    assert!(
        answers[1].is_err(),
        "the refused push fails: {:?}",
        answers[1]
    );
    for (i, c) in [(0, &before), (2, &after)] {
        let results = answers[i].as_ref().expect("the other pushes are answered");
        assert!(
            matches!(results[0].outcome, Outcome::Accepted { .. }),
            "{:?}",
            results[0]
        );
        assert!(store.row(c.row_id).expect("row").is_some(), "stored");
    }
    assert_eq!(store.row(poison.row_id).expect("row"), None);
}
