//! Issue 22 item 3: the disk fills up under the real server's SQLite file and under a
//! phone's database (a small tmpfs taken up by a filler file: the kernel's own "no
//! space left"). The write that fails says so in Vietnamese, nothing of it is stored
//! half, the process goes on, and the same work succeeds once space is freed.

use super::bin;
use crate::common::{demo_server, now_ms};
use rand::rngs::SmallRng;
use rand::SeedableRng;
use sotay_model::api::ApiError;
use sotay_model::{Entity, Id};
use sotay_replica::{Replica, SeededEnv};
use sotay_scenarios::faults::devices::{own_entry, Device, Log};
use sotay_scenarios::faults::disk::SmallDisk;
use sotay_scenarios::faults::server::{Backing, ServerProc};
use sotay_scenarios::faults::{check, Report};
use sotay_server::Store;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Rounds of edits before the full disk must have refused one.
const ROUNDS: usize = 400;

fn small_disk(mib: u32) -> Option<SmallDisk> {
    match SmallDisk::mount(mib) {
        Ok(d) => Some(d),
        Err(e) => {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: no small disk to fill here ({e:#}); run as root to test a full disk"
            );
            None
        }
    }
}

/// `log`: what the server wrote (its cause for an internal error), or "" for a phone.
fn says_full(e: &ApiError, on: &str, log: &str) {
    assert!(
        e.message.contains("hết chỗ lưu trữ"),
        "{on}: not told the disk is full: {:?} {}\n{log}",
        e.kind,
        e.message
    );
}

fn integrity_ok(db: &std::path::Path) {
    let conn = rusqlite::Connection::open(db).expect("open the server's file");
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(verdict, "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_whose_disk_fills_up_says_so_stores_nothing_half_and_carries_on() {
    let Some(disk) = small_disk(96) else { return };
    let data = disk.path().join("server");
    std::fs::create_dir_all(&data).expect("dir");
    let backing = Backing::Sqlite(data.clone());
    let demo = backing.seed(now_ms()).expect("seed");
    let work = tempfile::tempdir().expect("tempdir");
    let mut server = ServerProc::start(&bin("sotay-server"), &backing, &work.path().join("log"))
        .expect("the server");
    let line = demo
        .enroll
        .iter()
        .find(|l| l.role == "cell_secretary")
        .expect("a secretary");
    let env = Arc::new(SeededEnv::new(7, now_ms()));
    let replica = Replica::open_with(work.path().join("phone"), env.clone()).expect("open");
    replica
        .enroll(&server.url(), &line.code, "điện thoại", None)
        .await
        .expect("enroll");
    let device = Arc::new(Device {
        replica,
        env,
        index: 0,
        edits_members: true,
        skew_ms: 0.into(),
    });
    let log: Log = Arc::default();
    let (sent, _) = tokio::sync::watch::channel(0u64);
    let mut rng = SmallRng::seed_from_u64(3);

    let taken = disk.fill().expect("fill the disk");
    let mut refusal = None;
    for _ in 0..ROUNDS {
        for _ in 0..3 {
            device.edit(&mut rng).expect("a local edit");
        }
        let mut t = device.transport(&log, &sent).expect("transport");
        if let Err(e) = device.replica.sync_over(&mut t).await {
            refusal = Some(e);
            break;
        }
    }
    let e = refusal.unwrap_or_else(|| panic!("{ROUNDS} syncs on a full disk all succeeded"));
    says_full(&e, "the push", &server.log_tail());
    let waiting = device.replica.db().pending_changes().expect("outbox");
    assert!(!waiting.is_empty(), "the refused changes left the outbox");
    // Still the same process, still answering, still full.
    let mut t = device.transport(&log, &sent).expect("transport");
    let again = device.replica.sync_over(&mut t).await;
    says_full(
        &again.expect_err("still full"),
        "the push again",
        &server.log_tail(),
    );

    disk.free().expect("free the disk");
    let mut t = device.transport(&log, &sent).expect("transport");
    let report = device.replica.sync_over(&mut t).await.expect("synced");
    assert_eq!(report.rejected, 0, "{report:?}");
    assert_eq!(server.starts, 1, "the server was started again");
    server.kill();
    eprintln!(
        "server disk full after {taken} bytes of filler: {} ({:?}); {} changes waited and \
         were accepted once space came back",
        e.message,
        e.kind,
        waiting.len()
    );

    let seen = log.lock().expect("log");
    let store = backing.open().expect("open the store");
    let mut report = Report::default();
    check::check(
        store.as_ref(),
        demo.province,
        std::slice::from_ref(&device),
        &seen,
        &mut report,
    )
    .expect("check");
    assert!(report.is_clean(), "{report}");
    assert!(
        waiting
            .iter()
            .all(|c| seen.acked.contains_key(&c.change_id)),
        "a change refused for the full disk never got accepted"
    );
    drop(store);
    integrity_ok(&data.join("sotay.db"));
}

fn own_entries(r: &Replica) -> BTreeSet<Id> {
    let rows = r.db().live_rows_of(&[Entity::PersonalEntry]).expect("rows");
    rows.iter().map(|r| r.row_id).collect()
}

#[tokio::test]
async fn a_phone_whose_storage_fills_up_says_so_keeps_what_it_saved_and_carries_on() {
    let Some(disk) = small_disk(24) else { return };
    let server = demo_server().await;
    let (_, code) = server.code("member", 0);
    let phone = server
        .enroll(&disk.path().join("phone"), code, "máy đầy")
        .await;
    let mut rng = SmallRng::seed_from_u64(9);

    disk.fill().expect("fill the disk");
    let mut refusal = None;
    for _ in 0..ROUNDS {
        let before = own_entries(&phone);
        let queued = phone.db().pending_changes().expect("outbox").len();
        match phone.call_local(own_entry(&mut rng, now_ms()).into()) {
            Ok(_) => {}
            Err(e) => {
                // Nothing of the refused edit: the rows and the outbox as they were.
                assert_eq!(own_entries(&phone), before);
                let outbox = phone.db().pending_changes().expect("outbox");
                assert_eq!(outbox.len(), queued);
                refusal = Some(e);
                break;
            }
        }
    }
    let e = refusal.unwrap_or_else(|| panic!("{ROUNDS} edits on a full disk all saved"));
    says_full(&e, "the local edit", "");
    let saved = own_entries(&phone);

    disk.free().expect("free the disk");
    phone
        .call_local(own_entry(&mut rng, now_ms()).into())
        .expect("saved once space is back");
    crate::common::call(
        &phone,
        sotay_model::api::Request::SyncNow(sotay_model::api::requests::SyncNow),
    )
    .await
    .expect("synced");
    assert!(phone.db().pending_changes().expect("outbox").is_empty());
    for id in &saved {
        let row = server.store.row(*id).expect("row");
        assert!(
            row.is_some(),
            "entry {id} saved before the disk filled is lost"
        );
    }
    eprintln!(
        "phone storage full: {} ({:?}); {} entries saved before it are on the server",
        e.message,
        e.kind,
        saved.len()
    );
}
