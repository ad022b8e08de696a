//! The real HTTP transport against a port where no server listens, and the `sotay`
//! binary's Api mode.

use crate::common;

use common::*;
use sotay_model::administration::NewMember;
use sotay_model::api::{requests, ApiError, ApiErrorKind, Request, Response};
use sotay_model::entities::{Gender, MemberStatus};
use sotay_model::Id;
use sotay_replica::{Db, Replica, SeededEnv};
use std::sync::Arc;

/// A loopback address nothing listens on (bound, then released).
fn dead_server() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    drop(l);
    format!("http://127.0.0.1:{port}")
}

#[tokio::test]
async fn with_the_server_down_sync_fails_offline_and_keeps_local_edits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = Db::open(dir.path()).expect("open");
    db.set_identity(&identity(&dead_server()))
        .expect("identity");
    sotay_replica::apply_pull_page(&mut db, &page(tree(), 0, false), 1_000).expect("tree");
    drop(db);
    let replica =
        Replica::open_with(dir.path(), Arc::new(SeededEnv::new(7, 20_000))).expect("open");
    let created = replica
        .call(Request::CreateMember(NewMember {
            full_name: "Mai Thị Lan".into(),
            birth_date: "1988-08-08".into(),
            gender: Gender::Female,
            joined_date: "2010-10-10".into(),
            official_date: Some("2011-10-10".into()),
            card_no: "TB-42".into(),
            status: MemberStatus::Full,
            cell_id: Id::from_u128(CELL_B),
        }))
        .await
        .expect("create");
    assert!(matches!(created, Response::Created { .. }));
    let err = replica
        .call(Request::SyncNow(requests::SyncNow))
        .await
        .expect_err("offline");
    assert_eq!(err.kind, ApiErrorKind::Offline);
    let status = replica.status().expect("status");
    assert!(!status.online && status.enrolled);
    assert_eq!(status.pending_changes, 1);
    assert_eq!(status.progress, None);
    let Response::Members { members } = replica
        .call(Request::ListMembers(requests::ListMembers {
            org_id: Id::from_u128(GRASSROOTS),
        }))
        .await
        .expect("list")
    else {
        panic!("wrong response")
    };
    assert_eq!(members.len(), 1);
}

#[tokio::test]
async fn enrolling_against_an_unreachable_server_leaves_the_device_unenrolled() {
    let dir = tempfile::tempdir().expect("tempdir");
    let replica = Replica::open(dir.path()).expect("open");
    let err = replica
        .call(Request::Enroll(requests::Enroll {
            server: dead_server(),
            code: "ABCD-EFGH".into(),
            device_name: "máy thử".into(),
            pin_sha256: None,
        }))
        .await
        .expect_err("offline");
    assert_eq!(err.kind, ApiErrorKind::Offline);
    assert!(!replica.is_enrolled());
    let bad = replica
        .call(Request::Enroll(requests::Enroll {
            server: "ftp://x".into(),
            code: "ABCD".into(),
            device_name: String::new(),
            pin_sha256: None,
        }))
        .await
        .expect_err("bad url");
    assert_eq!(bad.kind, ApiErrorKind::Invalid);
}

#[test]
fn the_cli_answers_api_requests_as_json_and_errors_on_stderr_with_exit_code_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = env!("CARGO_BIN_EXE_sotay");
    let ok = std::process::Command::new(bin)
        .arg("--home")
        .arg(dir.path())
        .args(["api", r#"{"type":"status"}"#])
        .output()
        .expect("run");
    assert!(ok.status.success());
    let resp: Response = serde_json::from_slice(&ok.stdout).expect("json response");
    assert!(matches!(resp, Response::Status(s) if !s.enrolled));

    let missing = format!(r#"{{"type":"get_member","id":"{}"}}"#, Id::from_u128(5));
    let err = std::process::Command::new(bin)
        .arg("--home")
        .arg(dir.path())
        .args(["api", &missing])
        .output()
        .expect("run");
    assert_eq!(err.status.code(), Some(1));
    let e: ApiError = serde_json::from_slice(&err.stderr).expect("json error");
    assert_eq!(e.kind, ApiErrorKind::NotFound);
}
