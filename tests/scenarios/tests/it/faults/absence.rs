//! Issue 22 item 5: a phone offline for six months. The cell secretary's phone makes
//! edits offline and stays away while the server's clock runs on six months and the
//! province office and a member make hundreds of changes, some to the same rows. When
//! it comes back every change it kept is answered (accepted or refused with a reason,
//! none left unanswered), it is not told to drop its copy, and it ends holding exactly
//! the server's view of its scope.
//!
//! The server keeps no history to compact: a row is stored once, in its merged state,
//! under the sequence number of its last change, and a pull from any cursor sends each
//! row changed since then once. So an old cursor never expires, and the absent phone
//! pulls the rows that changed, not the changes.

use crate::common::{call, enrolled_replica, now_ms, serve_seeded};
use sotay_model::administration::MemberPatch;
use sotay_model::api::{requests, Request};
use sotay_model::protocol::Cursor;
use sotay_model::schedule::requests::DeleteScheduleEntry;
use sotay_model::{Entity, Id};
use sotay_replica::{Replica, SeededEnv};
use sotay_scenarios::faults::devices::{own_entry, Log, Recording};
use sotay_scenarios::sim::check::{compare, held, scope_view};
use sotay_server::{seed_demo, DemoReport, SqliteStore, Store};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

const DAY_MS: u64 = 24 * 3600 * 1000;
const WEEKS: u64 = 26;

fn member_of(demo: &DemoReport, role: &str, nth: usize) -> Id {
    demo.enroll
        .iter()
        .filter(|l| l.role == role)
        .nth(nth)
        .map(|l| l.member_id)
        .unwrap_or_else(|| panic!("the demo has no {role} #{nth}"))
}

fn rename(r: &Replica, member: Id, name: &str) {
    let patch = MemberPatch {
        full_name: Some(name.into()),
        ..MemberPatch::default()
    };
    r.call_local(Request::UpdateMember(requests::UpdateMember {
        id: member,
        patch,
    }))
    .expect("the edit is saved");
}

fn entries(r: &Replica) -> BTreeSet<Id> {
    let rows = r.db().live_rows_of(&[Entity::PersonalEntry]).expect("rows");
    rows.iter().map(|r| r.row_id).collect()
}

fn name_on_server(store: &SqliteStore, member: Id) -> String {
    let row = store.row(member).expect("row").expect("exists").row;
    row.str("full_name").expect("a name").to_string()
}

async fn sync(r: &Replica) {
    call(r, Request::SyncNow(requests::SyncNow))
        .await
        .expect("sync");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_offline_for_six_months_keeps_its_edits_and_its_copy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let start = now_ms() - 200 * DAY_MS;
    let clock = Arc::new(AtomicU64::new(start));
    let store = Arc::new(SqliteStore::open(dir.path().join("sotay.db")).expect("store"));
    let demo = seed_demo(store.as_ref(), start).expect("demo");
    let server_clock = clock.clone();
    let (url, _stop) = serve_seeded(
        store.clone(),
        Arc::new(move || server_clock.load(Ordering::SeqCst)),
    )
    .await;
    let device = |name: &'static str, role: &'static str, seed: u64| {
        let (store, url, home) = (store.clone(), url.clone(), dir.path().join(name));
        let env = Arc::new(SeededEnv::new(seed, start));
        let member = member_of(&demo, role, 0);
        async move {
            let r = enrolled_replica(&store, &url, &home, env.clone(), (member, name), start).await;
            sync(&r).await;
            (r, env)
        }
    };
    let (away, away_clock) = device("away", "cell_secretary", 1).await;
    let (office, office_clock) = device("office", "province_officer", 2).await;
    let (member, member_clock) = device("member", "member", 3).await;
    let (contested, untouched) = (member_of(&demo, "member", 0), member_of(&demo, "member", 1));

    // Before leaving: an entry of its own that it deletes while away.
    let mut rng = rand::SeedableRng::seed_from_u64(5);
    away.call_local(own_entry(&mut rng, start).into())
        .expect("saved");
    sync(&away).await;
    let doomed = *entries(&away).first().expect("the entry");

    // Offline, the first day: what the user saw saved.
    away_clock.set_now(start + DAY_MS);
    rename(&away, contested, "Tên sửa khi vắng mặt");
    rename(&away, untouched, "Tên chỉ người vắng mặt sửa");
    for _ in 0..3 {
        away.call_local(own_entry(&mut rng, start + DAY_MS).into())
            .expect("saved");
    }
    away.call_local(DeleteScheduleEntry { id: doomed }.into())
        .expect("deleted");
    let unsent: BTreeSet<Id> = away
        .db()
        .pending_changes()
        .expect("outbox")
        .iter()
        .map(|c| c.change_id)
        .collect();
    assert!(unsent.len() >= 6, "{unsent:?}");
    let made_away = entries(&away);
    let cursor_before = away.db().cursor().expect("cursor");

    // Six months of the others' work, a week at a time, on the members the absent
    // phone holds; the contested member is renamed by the office in the third month,
    // after the absent phone's edit.
    let cell_rows = away.db().live_rows_of(&[Entity::Member]).expect("rows");
    let others: Vec<Id> = cell_rows
        .iter()
        .map(|r| r.row_id)
        .filter(|id| ![untouched, contested].contains(id))
        .collect();
    assert!(others.len() >= 3, "{others:?}");
    let mut changes_meanwhile = 0u64;
    for week in 1..=WEEKS {
        let now = start + week * 7 * DAY_MS;
        clock.store(now, Ordering::SeqCst);
        office_clock.set_now(now);
        member_clock.set_now(now);
        for (i, id) in others.iter().enumerate() {
            rename(&office, *id, &format!("Tuần {week} số {i}"));
        }
        member
            .call_local(own_entry(&mut rng, now).into())
            .expect("saved");
        changes_meanwhile += others.len() as u64 + 1;
        if week == 13 {
            rename(&office, contested, "Tên văn phòng sửa sau");
            changes_meanwhile += 1;
        }
        sync(&office).await;
        sync(&member).await;
    }

    // Back, six months on: one sync, every answer written down.
    let back = start + WEEKS * 7 * DAY_MS + 3_600_000;
    clock.store(back, Ordering::SeqCst);
    away_clock.set_now(back);
    let log: Log = Arc::default();
    let (sent, _) = tokio::sync::watch::channel(0u64);
    let identity = away.db().identity().expect("identity").expect("enrolled");
    let mut transport = Recording {
        inner: sotay_replica::sync::http::HttpTransport::new(
            sotay_replica::sync::http::client(),
            &identity,
        ),
        device: 0,
        log: log.clone(),
        sent,
    };
    let report = away.sync_over(&mut transport).await.expect("the sync");
    let seen = log.lock().expect("the log");
    let answered: BTreeSet<Id> = seen.acked.keys().copied().collect();
    assert_eq!(
        seen.rejected,
        Vec::<String>::new(),
        "refusals, each with its reason"
    );
    assert_eq!(answered, unsent, "every unsent change is accepted");
    assert_eq!(seen.resets, Vec::<String>::new(), "told to start over");
    assert_ne!(cursor_before, Cursor::default());
    assert!(seen.unanswered.is_empty(), "{:?}", seen.unanswered);
    eprintln!(
        "six months away: {} unsent changes accepted, {} rows pulled for {} changes made \
         meanwhile ({:?})",
        answered.len(),
        report.pulled,
        changes_meanwhile,
        report
    );
    // Rows, not changes: each renamed member comes once however often it changed.
    assert!(report.pulled < changes_meanwhile / 4, "{report:?}");
    drop(seen);

    // Its own edits stand on the server; where the office edited the same field later,
    // the later edit stands (last writer by stamp), on the phone too.
    assert_eq!(
        name_on_server(&store, untouched),
        "Tên chỉ người vắng mặt sửa"
    );
    assert_eq!(name_on_server(&store, contested), "Tên văn phòng sửa sau");
    for id in made_away.iter() {
        let row = store.row(*id).expect("row").expect("on the server").row;
        assert!(row.tombstone.is_none(), "entry {id} deleted");
    }
    let gone = store
        .row(doomed)
        .expect("row")
        .expect("kept as deleted")
        .row;
    assert!(gone.tombstone.is_some(), "the deletion made while away");

    // It holds exactly the server's view of its scope, nothing left to send.
    let mut out = Vec::new();
    let local = held(0, &away.db(), &mut out).expect("held");
    compare(
        0,
        &local,
        &scope_view(store.as_ref(), identity.device_id).expect("view"),
        &mut out,
    )
    .expect("compare");
    assert_eq!(out, Vec::<String>::new());
}
