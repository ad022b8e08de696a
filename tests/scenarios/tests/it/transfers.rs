//! Issue 19, membership transfer, on the demo province with a real server and real
//! replicas over HTTP: the demo cell's secretary issues a transfer of a member while
//! offline (it waits in the outbox); the receiving cell, in another district, confirms
//! on its secretary's phone; afterwards the receiving secretary's database FILE holds
//! the member and every row of their history the server holds (dues, evaluation,
//! study marks, meeting check-ins), and the sending secretary's file none of them. A
//! temporary transfer moves nothing and ends on its date on the host's device.

use crate::common;

use common::{call, demo_server, now_ms, rows_in_file, server_rows_in};
use sotay_model::api::{requests, Request, Response};
use sotay_model::entities::{Position, PositionTitle};
use sotay_model::transfers::api::TransferList;
use sotay_model::transfers::{TransferKind, TransferStatus};
use sotay_model::Id;
use sotay_replica::{Replica, SeededEnv};
use sotay_server::{rows, Store, DEFAULT_CODE_TTL_MS};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

/// Rows about one member that follow them (`sotay_server::transfers::FOLLOWS_MEMBER`).
const HISTORY: [&str; 7] = [
    "dues_basis",
    "dues_payment",
    "self_assessment",
    "rating_decision",
    "read_mark",
    "study_note",
    "check_in",
];

const DAY: u64 = 86_400_000;

async fn sync(r: &Replica) {
    match call(r, Request::SyncNow(requests::SyncNow)).await {
        Ok(Response::Synced(s)) => assert_eq!(s.rejected, 0, "{s:?}"),
        other => panic!("sync: {other:?}"),
    }
}

async fn transfers(r: &Replica, org: Id) -> TransferList {
    match call(r, requests::ListTransfers { org_id: Some(org) }.into()).await {
        Ok(Response::Transfers(l)) => l,
        other => panic!("list: {other:?}"),
    }
}

fn cell_of(store: &impl Store, member: Id) -> Id {
    store
        .row(member)
        .expect("row")
        .expect("member")
        .row
        .id("cell_id")
        .expect("cell")
}

/// The ids of `member`'s history on the server.
fn history_on_server(db: &Path, member: Id) -> BTreeSet<String> {
    HISTORY
        .iter()
        .flat_map(|e| server_rows_in(db, e))
        .filter(|r| r.id("member_id") == Some(member))
        .map(|r| r.row_id.to_string())
        .collect()
}

/// The ids of rows about `member` (and their row) in a device's database file.
fn about_in_file(home: &Path, member: Id) -> BTreeSet<String> {
    let m = member.to_string();
    let mine = format!("\"member_id\":{{\"value\":\"{m}\"");
    rows_in_file(home)
        .into_iter()
        .filter(|(entity, row, _, state)| {
            *row == m || (HISTORY.contains(&entity.as_str()) && state.contains(&mine))
        })
        .map(|r| r.1)
        .collect()
}

#[tokio::test]
async fn the_receiving_cell_gets_the_member_and_their_history_and_the_sender_drops_them() {
    let server = demo_server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let sec_home = dir.path().join("sec");
    let sec = server.device(&sec_home, "cell_secretary", 0).await;
    let (me, _) = server.code("member", 0);
    let (neighbour, _) = server.code("member", 1);
    let (host, _) = server.code("other_member", 0);
    let (from, dest) = (cell_of(&*server.store, me), cell_of(&*server.store, host));
    assert_ne!(from, dest);

    // The receiving cell (another district) gets a secretary: the demo member there.
    let post = Position {
        id: Id::from_u128(0x7a_0000_0001),
        member_id: host,
        org_id: dest,
        title: PositionTitle::Secretary,
    };
    let hlc = rows::server_hlc(now_ms());
    server
        .store
        .seed(
            &[rows::position_change(
                Id::from_u128(0x7a_0000_0002),
                &post,
                hlc,
            )],
            now_ms(),
        )
        .expect("seed the post");
    let code = server
        .store
        .create_enroll_code(host, DEFAULT_CODE_TTL_MS, now_ms())
        .expect("code");
    let recv_home = dir.path().join("recv");
    let recv_env = Arc::new(SeededEnv::new(7, now_ms()));
    let recv = Replica::open_with(&recv_home, recv_env.clone()).expect("open");
    call(
        &recv,
        Request::Enroll(requests::Enroll {
            server: server.url.clone(),
            code,
            device_name: "điện thoại bí thư chi bộ nhận".into(),
            pin_sha256: None,
        }),
    )
    .await
    .expect("enroll");
    sync(&recv).await;

    // Before: the sender holds the member's history, the receiver none of it.
    let history = history_on_server(&server.db_path(), me);
    assert!(
        ["dues_payment", "self_assessment"]
            .iter()
            .all(|e| server_rows_in(&server.db_path(), e)
                .iter()
                .any(|r| r.id("member_id") == Some(me))),
        "the demo gives the member dues payments and a self-assessment"
    );
    let in_sender = about_in_file(&sec_home, me);
    assert!(in_sender.contains(&me.to_string()));
    assert!(
        history.is_subset(&in_sender),
        "{history:?} vs {in_sender:?}"
    );
    assert!(about_in_file(&recv_home, me).is_empty());

    // Issued on the sender's phone, offline: it waits in the outbox.
    let issued = call(
        &sec,
        requests::IssueTransfer {
            member_id: me,
            kind: TransferKind::Official,
            dest_org_id: Some(dest),
            dest_name: "Chi bộ nơi cư trú mới".into(),
            reason: "Chuyển nơi cư trú".into(),
            end_date: None,
        }
        .into(),
    )
    .await
    .expect("issue");
    let Response::Created { id: transfer } = issued else {
        panic!("unexpected {issued:?}");
    };
    assert!(
        server.store.row(transfer).expect("row").is_none(),
        "not sent yet"
    );
    // Until confirmed, the member stays the sender's.
    sync(&sec).await;
    sync(&recv).await;
    assert_eq!(cell_of(&*server.store, me), from);
    assert!(history.is_subset(&about_in_file(&sec_home, me)));
    let incoming = transfers(&recv, dest).await.incoming;
    assert_eq!(incoming.len(), 1);
    assert!(incoming[0].may_decide);
    let name = server.store.row(me).expect("row").expect("member");
    assert_eq!(
        Some(incoming[0].transfer.member_name.as_str()),
        name.row.str("full_name")
    );
    assert!(about_in_file(&recv_home, me).is_empty());

    // Confirmed on the receiving secretary's phone.
    call(
        &recv,
        requests::ConfirmTransfer {
            transfer_id: transfer,
        }
        .into(),
    )
    .await
    .expect("confirm");
    sync(&recv).await;
    sync(&sec).await;
    assert_eq!(cell_of(&*server.store, me), dest);

    // The receiver holds the member and their whole history; the sender nothing of
    // them but its record of the transfer, now confirmed.
    let in_receiver = about_in_file(&recv_home, me);
    assert!(in_receiver.contains(&me.to_string()));
    assert!(
        history.is_subset(&in_receiver),
        "{history:?} vs {in_receiver:?}"
    );
    assert!(
        about_in_file(&sec_home, me).is_empty(),
        "the sender still holds {:?}",
        about_in_file(&sec_home, me)
    );
    let outgoing = transfers(&sec, from).await.outgoing;
    assert_eq!(outgoing[0].transfer.status, TransferStatus::Confirmed);
    assert!(!outgoing[0].may_cancel);

    // Temporary: the neighbour goes to the host cell until a date and stays home.
    let end = sotay_model::tasks::vn_day(now_ms() + 30 * DAY);
    let temp = call(
        &sec,
        requests::IssueTransfer {
            member_id: neighbour,
            kind: TransferKind::Temporary,
            dest_org_id: Some(dest),
            dest_name: String::new(),
            reason: "Đi học tập trung".into(),
            end_date: Some(end),
        }
        .into(),
    )
    .await
    .expect("issue a temporary transfer");
    let Response::Created { id: temp } = temp else {
        panic!("unexpected {temp:?}");
    };
    sync(&sec).await;
    sync(&recv).await;
    call(
        &recv,
        requests::ConfirmTransfer { transfer_id: temp }.into(),
    )
    .await
    .expect("confirm the temporary transfer");
    sync(&recv).await;
    sync(&sec).await;
    assert_eq!(cell_of(&*server.store, neighbour), from);
    assert!(!about_in_file(&recv_home, neighbour).contains(&neighbour.to_string()));
    let active = |l: &TransferList| {
        l.incoming
            .iter()
            .find(|v| v.transfer.transfer_id == temp)
            .map(|v| (v.transfer.status, v.active))
    };
    assert_eq!(
        active(&transfers(&recv, dest).await),
        Some((TransferStatus::Confirmed, true))
    );
    // Past its end date on the host's device, it has ended.
    recv_env.set_now(now_ms() + 31 * DAY);
    assert_eq!(
        active(&transfers(&recv, dest).await),
        Some((TransferStatus::Confirmed, false))
    );
}
