//! Stamps from the far future and devices whose clocks are wrong by days (issue 12,
//! item 2; DESIGN §4.7), black-box through real HTTP and real replicas.
//!
//! A device that pushes a field stamped `wall_ms = u64::MAX, counter = u32::MAX` must be
//! refused with a reason, or the province office's later edit of that field is lost
//! and every device that pulled the row loses its own later edits too. A stamp naming
//! another device is refused as well. A device whose clock is days ahead or behind
//! keeps syncing, and its edits win over what it saw before them.

use crate::common;

use common::{call, demo_server, now_ms, Server};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sotay_model::administration::MemberPatch;
use sotay_model::api::{requests, Request, Response};
use sotay_model::hlc::{Hlc, MAX_COUNTER};
use sotay_model::protocol::{
    Cursor, Outcome, PullResponse, PulledRow, PushResponse, RejectReason, PROTOCOL_VERSION,
};
use sotay_model::sync::SyncReport;
use sotay_model::{Change, DeviceId, Entity, FieldValue, Id};
use sotay_replica::{Replica, SeededEnv};
use sotay_server::Store;
use std::path::Path;
use std::sync::Arc;

const DAY_MS: u64 = 24 * 3600 * 1000;

fn credential(r: &Replica) -> (DeviceId, String) {
    let id = r.db().identity().expect("identity").expect("enrolled");
    (id.device_id, id.credential)
}

/// A replica whose clock reads `start_ms` (and stands still unless moved), enrolled
/// as the demo's first `role` and synced once.
async fn device_at(
    server: &Server,
    home: &Path,
    role: &str,
    start_ms: u64,
) -> (Replica, Arc<SeededEnv>) {
    let env = Arc::new(SeededEnv::new(start_ms, start_ms));
    let replica = Replica::open_with(home, env.clone()).expect("open");
    let (_, code) = server.code(role, 0);
    call(
        &replica,
        Request::Enroll(requests::Enroll {
            server: server.url.clone(),
            code,
            device_name: format!("{role} lệch giờ"),
            pin_sha256: None,
        }),
    )
    .await
    .expect("enroll");
    sync(&replica).await;
    (replica, env)
}

async fn sync(r: &Replica) -> SyncReport {
    match call(r, Request::SyncNow(requests::SyncNow))
        .await
        .expect("sync")
    {
        Response::Synced(report) => report,
        other => panic!("sync answered {other:?}"),
    }
}

async fn rename(r: &Replica, member: Id, name: &str) {
    let patch = MemberPatch {
        full_name: Some(name.into()),
        ..MemberPatch::default()
    };
    call(
        r,
        Request::UpdateMember(requests::UpdateMember { id: member, patch }),
    )
    .await
    .expect("edit");
}

fn name_on_server(server: &Server, member: Id) -> String {
    let row = server.store.row(member).expect("row").expect("exists").row;
    row.str("full_name").expect("name").to_string()
}

fn name_on(r: &Replica, member: Id) -> String {
    let row = r.db().row(member).expect("row").expect("held");
    row.str("full_name").expect("name").to_string()
}

/// The device's own credential pushing one edit of `member`'s name under `hlc`.
async fn raw_push(server: &Server, cred: &str, member: Id, hlc: Hlc) -> Outcome {
    let cell = server.store.row(member).expect("row").expect("exists").row;
    let change = Change {
        change_id: Id::v7(now_ms(), rand_bytes(hlc)),
        entity: Entity::Member,
        row_id: member,
        org_id: cell.id("cell_id").expect("cell"),
        fields: [(
            "full_name".to_string(),
            FieldValue {
                value: json!("Đóng Băng Mãi Mãi"),
                hlc,
            },
        )]
        .into(),
        tombstone: None,
    };
    let body: Value = json!({"protocol": PROTOCOL_VERSION, "changes": [change]});
    let resp = reqwest::Client::new()
        .post(format!("{}/v1/push", server.url))
        .bearer_auth(cred)
        .json(&body)
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), StatusCode::OK);
    let mut answer: PushResponse = resp.json().await.expect("push answer");
    answer.results.pop().expect("one result").outcome
}

fn rand_bytes(hlc: Hlc) -> [u8; 10] {
    let mut b = [0u8; 10];
    b[..4].copy_from_slice(&hlc.counter.to_be_bytes());
    b[4..].copy_from_slice(&hlc.wall_ms.to_be_bytes()[2..]);
    b
}

fn refused_because(outcome: &Outcome, why: &str) {
    match outcome {
        Outcome::Rejected {
            reason: reason @ RejectReason::Invalid(detail),
            ..
        } => {
            assert!(detail.contains(why), "{detail}");
            assert!(reason.message_vi().starts_with("Dữ liệu không hợp lệ"));
        }
        other => panic!("expected a refusal ({why}), got {other:?}"),
    }
}

#[tokio::test]
async fn a_far_future_stamp_is_refused_and_the_province_offices_later_edit_wins() {
    let server = demo_server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let office = server
        .device(&dir.path().join("office"), "province_officer", 0)
        .await;
    let secretary = server
        .device(&dir.path().join("sec"), "cell_secretary", 0)
        .await;
    let (member, _) = server.code("member", 0);
    let (sec_device, sec_cred) = credential(&secretary);
    let (office_device, _) = credential(&office);

    let frozen = Hlc {
        wall_ms: u64::MAX,
        counter: u32::MAX,
        node: sec_device,
    };
    refused_because(
        &raw_push(&server, &sec_cred, member, frozen).await,
        "đi trước giờ máy chủ",
    );
    let absurd = Hlc {
        wall_ms: now_ms(),
        counter: MAX_COUNTER + 1,
        node: sec_device,
    };
    refused_because(
        &raw_push(&server, &sec_cred, member, absurd).await,
        "bộ đếm",
    );
    let borrowed = Hlc {
        wall_ms: now_ms(),
        counter: 0,
        node: office_device,
    };
    refused_because(
        &raw_push(&server, &sec_cred, member, borrowed).await,
        "thiết bị khác",
    );
    assert_ne!(name_on_server(&server, member), "Đóng Băng Mãi Mãi");

    // The province office edits the same field afterwards: its edit stands, on the
    // server and on the secretary's device, whose own later edit then wins in turn.
    sync(&office).await;
    rename(&office, member, "Trần Thị Văn Phòng").await;
    assert_eq!(sync(&office).await.rejected, 0);
    assert_eq!(name_on_server(&server, member), "Trần Thị Văn Phòng");
    sync(&secretary).await;
    assert_eq!(name_on(&secretary, member), "Trần Thị Văn Phòng");
    rename(&secretary, member, "Trần Thị Bí Thư").await;
    assert_eq!(sync(&secretary).await.rejected, 0);
    assert_eq!(name_on_server(&server, member), "Trần Thị Bí Thư");
}

#[tokio::test]
async fn devices_whose_clocks_are_days_off_sync_and_keep_their_edits() {
    let server = demo_server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let (member, _) = server.code("member", 0);
    let (office, office_clock) = device_at(
        &server,
        &dir.path().join("ahead"),
        "province_officer",
        now_ms() + 3 * DAY_MS,
    )
    .await;
    let (secretary, _) = device_at(
        &server,
        &dir.path().join("behind"),
        "cell_secretary",
        now_ms() - 3 * DAY_MS,
    )
    .await;

    // Three days ahead: accepted, not stamped three days ahead.
    rename(&office, member, "Nguyễn Văn Sớm").await;
    let report = sync(&office).await;
    assert_eq!((report.accepted, report.rejected), (1, 0));
    assert_eq!(name_on_server(&server, member), "Nguyễn Văn Sớm");
    let stamp = server
        .store
        .row(member)
        .expect("row")
        .expect("exists")
        .row
        .fields["full_name"]
        .hlc;
    assert!(stamp.wall_ms < now_ms() + DAY_MS, "{stamp:?}");

    // Three days behind: its edit, made after it saw the office's, wins.
    sync(&secretary).await;
    rename(&secretary, member, "Nguyễn Văn Muộn").await;
    assert_eq!(sync(&secretary).await.rejected, 0);
    assert_eq!(name_on_server(&server, member), "Nguyễn Văn Muộn");

    // The office's clock jumps two more days ahead while it is offline: the edit it
    // makes then is refused once, stamped again by the server's time and kept.
    sync(&office).await;
    office_clock.advance(2 * DAY_MS);
    rename(&office, member, "Nguyễn Văn Nhảy Giờ").await;
    let report = sync(&office).await;
    assert_eq!(report.rejected, 0, "{report:?}");
    assert_eq!(name_on_server(&server, member), "Nguyễn Văn Nhảy Giờ");
    assert!(office.db().pending_changes().expect("outbox").is_empty());
    sync(&secretary).await;
    assert_eq!(name_on(&secretary, member), "Nguyễn Văn Nhảy Giờ");
    assert_eq!(name_on(&office, member), "Nguyễn Văn Nhảy Giờ");
}

/// A device that pulled a far-future stamp before the server refused them (here fed
/// straight into its database, as an old server would have sent it) recovers: when
/// the row comes again (the office edits it; migration 0007 resends repaired rows the
/// same way) the stamp merges as repaired, the office's edit shows, and the device's
/// own later edit is accepted and stands.
#[tokio::test]
async fn a_device_holding_a_pulled_far_future_stamp_recovers_at_its_next_sync() {
    let server = demo_server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let (member, _) = server.code("member", 0);
    let office = server
        .device(&dir.path().join("office"), "province_officer", 0)
        .await;
    let env = Arc::new(SeededEnv::new(now_ms(), now_ms()));
    let secretary = Replica::open_with(dir.path().join("sec"), env.clone()).expect("open");
    // Enrolled and first synced without HTTP (as the simulator does it), so the device
    // has not heard the server's time and takes the old page as an old replica did.
    let (_, code) = server.code("cell_secretary", 0);
    let enrolled = server
        .store
        .enroll(&code, "máy cũ", now_ms())
        .expect("enroll");
    secretary
        .db()
        .set_identity(&sotay_replica::Identity {
            server: server.url.clone(),
            device_id: enrolled.device_id,
            member_id: enrolled.member_id,
            credential: enrolled.credential.clone(),
        })
        .expect("identity");
    let mut cursor = Cursor::default();
    loop {
        let page = server
            .store
            .pull(enrolled.device_id, cursor, 5_000)
            .expect("pull");
        sotay_replica::apply_pull_page(&mut secretary.db(), &page, now_ms()).expect("apply");
        cursor = page.cursor;
        if !page.more {
            break;
        }
    }
    let mut poisoned = server.store.row(member).expect("row").expect("exists").row;
    let name = poisoned.fields.get_mut("full_name").expect("name");
    name.value = json!("Đóng Băng Mãi Mãi");
    name.hlc = Hlc {
        wall_ms: u64::MAX,
        counter: u32::MAX,
        node: Id::from_u128(0xbad),
    };
    let old_page = PullResponse {
        rows: vec![PulledRow {
            seq: cursor.seq,
            row: poisoned,
        }],
        cursor,
        more: false,
        reset: false,
        gone: vec![],
        remaining: 0,
    };
    sotay_replica::apply_pull_page(&mut secretary.db(), &old_page, now_ms()).expect("old pull");
    assert_eq!(name_on(&secretary, member), "Đóng Băng Mãi Mãi");

    rename(&office, member, "Trần Thị Văn Phòng").await;
    assert_eq!(sync(&office).await.rejected, 0);
    sync(&secretary).await;
    assert_eq!(name_on(&secretary, member), "Trần Thị Văn Phòng");
    rename(&secretary, member, "Trần Thị Hồi Phục").await;
    assert_eq!(sync(&secretary).await.rejected, 0);
    assert_eq!(name_on_server(&server, member), "Trần Thị Hồi Phục");
    assert_eq!(name_on(&secretary, member), "Trần Thị Hồi Phục");
}

/// The black-box re-probe's variant: a stamp just inside the bounds (14 minutes ahead,
/// the counter at its limit) is accepted, and a device that pulled it must still order
/// its own later edits after it: its clock carries into the next millisecond instead of
/// overflowing the counter (which the server refused, and the clock then dropped back
/// below the stamp, so the office's next edits were accepted yet lost).
#[tokio::test]
async fn a_stamp_at_the_edge_of_the_bounds_does_not_freeze_later_edits() {
    let server = demo_server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let office = server
        .device(&dir.path().join("office"), "province_officer", 0)
        .await;
    let secretary = server
        .device(&dir.path().join("sec"), "cell_secretary", 0)
        .await;
    let (member, _) = server.code("member", 0);
    let (sec_device, sec_cred) = credential(&secretary);

    let edge = Hlc {
        wall_ms: now_ms() + 14 * 60 * 1000,
        counter: MAX_COUNTER,
        node: sec_device,
    };
    let outcome = raw_push(&server, &sec_cred, member, edge).await;
    assert!(
        matches!(outcome, Outcome::Accepted { .. }),
        "inside the bounds: {outcome:?}"
    );
    assert_eq!(name_on_server(&server, member), "Đóng Băng Mãi Mãi");

    sync(&office).await;
    for name in ["Trần Thị Văn Phòng", "Trần Thị Sửa Lại"] {
        rename(&office, member, name).await;
        let report = sync(&office).await;
        assert_eq!(report.rejected, 0, "{report:?}");
        assert_eq!(name_on_server(&server, member), name);
        assert_eq!(name_on(&office, member), name);
    }
}
