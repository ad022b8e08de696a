//! Plain `http://` to another machine is refused before any connection, at enrollment
//! and at every sync, with a Vietnamese reason; nothing is sent, stored or wiped.
//! Plain HTTP to loopback (the tests' own servers) still works.

use crate::common;
use crate::live;

use common::*;
use sotay_model::administration::NewMember;
use sotay_model::api::{requests, ApiErrorKind, Request, Response};
use sotay_model::entities::{Gender, MemberStatus};
use sotay_model::Id;
use sotay_replica::{Db, Replica, SeededEnv};
use std::net::{IpAddr, Ipv4Addr, TcpListener, UdpSocket};
use std::sync::Arc;

/// A listener on this machine's non-loopback address when it has one (found by
/// "connecting" a UDP socket, which sends nothing), else nothing: the URL then names
/// an unrouted private address. Either way the host is not loopback.
struct Target {
    url: String,
    listener: Option<TcpListener>,
}

impl Target {
    fn new() -> Target {
        let local = UdpSocket::bind("0.0.0.0:0")
            .and_then(|s| s.connect("10.255.255.1:9").map(|()| s))
            .and_then(|s| s.local_addr())
            .ok()
            .map(|a| a.ip())
            .filter(|ip| !ip.is_loopback() && !ip.is_unspecified());
        let listener = local.and_then(|ip| TcpListener::bind((ip, 0)).ok());
        let url = match &listener {
            Some(l) => format!("http://{}", l.local_addr().expect("addr")),
            None => format!("http://{}:8080", IpAddr::V4(Ipv4Addr::new(10, 255, 255, 1))),
        };
        if let Some(l) = &listener {
            l.set_nonblocking(true).expect("nonblocking");
        }
        Target { url, listener }
    }

    /// No connection reached the listener (a connect would have completed in the
    /// kernel's backlog before the client returned).
    fn assert_untouched(&self) {
        if let Some(l) = &self.listener {
            match l.accept() {
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                other => panic!("the client connected: {other:?}"),
            }
        }
    }
}

fn assert_refused(err: &sotay_model::api::ApiError) {
    assert_eq!(err.kind, ApiErrorKind::Untrusted, "{err:?}");
    assert!(
        err.message.contains("http:// không được mã hóa") && err.message.contains("https://"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn enrolling_over_plain_http_to_another_machine_is_refused_before_connecting() {
    let target = Target::new();
    let dir = tempfile::tempdir().expect("tempdir");
    let replica = Replica::open(dir.path()).expect("open");
    let err = replica
        .call(Request::Enroll(requests::Enroll {
            server: target.url.clone(),
            code: "ABCD-EFGH".into(),
            device_name: "máy thử".into(),
            pin_sha256: None,
        }))
        .await
        .expect_err("plain http refused");
    assert_refused(&err);
    assert!(!replica.is_enrolled());
    target.assert_untouched();
}

#[tokio::test]
async fn a_device_whose_server_is_plain_http_elsewhere_refuses_to_sync_and_keeps_its_edits() {
    let target = Target::new();
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = Db::open(dir.path()).expect("open");
    db.set_identity(&identity(&target.url)).expect("identity");
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
        .expect_err("refused");
    assert_refused(&err);
    let status = replica.status().expect("status");
    assert!(status.enrolled && !status.online, "{status:?}");
    assert_eq!(status.pending_changes, 1);
    target.assert_untouched();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_to_loopback_still_enrolls_and_syncs() {
    let server = live::Server::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let replica = Replica::open(dir.path()).expect("open");
    let Response::Status(s) = replica
        .call(Request::Enroll(requests::Enroll {
            server: server.url(),
            code: server.code(),
            device_name: "máy thử".into(),
            pin_sha256: None,
        }))
        .await
        .expect("enroll over loopback")
    else {
        panic!("wrong response")
    };
    assert!(s.enrolled && s.online, "{s:?}");
    let Response::Synced(_) = replica
        .call(Request::SyncNow(requests::SyncNow))
        .await
        .expect("sync")
    else {
        panic!("wrong response")
    };
}

/// A server (or anyone answering for it) that redirects elsewhere is not followed: the
/// plain-HTTP rule checks only the configured address, and a 307 would resend the
/// enrollment code to wherever it points.
#[tokio::test]
async fn a_redirect_from_the_server_is_not_followed() {
    use std::io::{Read, Write};
    let elsewhere = TcpListener::bind("127.0.0.1:0").expect("bind");
    elsewhere.set_nonblocking(true).expect("nonblocking");
    let location = format!("http://{}/v1/enroll", elsewhere.local_addr().expect("addr"));
    let redirector = TcpListener::bind("127.0.0.1:0").expect("bind");
    let server = format!("http://{}", redirector.local_addr().expect("addr"));
    let answered = std::thread::spawn(move || {
        let (mut conn, _) = redirector.accept().expect("accept");
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
            match conn.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
        let answer = format!(
            "HTTP/1.1 307 Temporary Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        conn.write_all(answer.as_bytes()).expect("write");
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let replica = Replica::open(dir.path()).expect("open");
    let result = replica
        .call(Request::Enroll(requests::Enroll {
            server,
            code: "ABCD-EFGH".into(),
            device_name: "máy thử".into(),
            pin_sha256: None,
        }))
        .await;
    answered.join().expect("redirector");
    assert!(result.is_err(), "a redirect must not enroll: {result:?}");
    assert!(!replica.is_enrolled());
    match elsewhere.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("the client followed the redirect: {other:?}"),
    }
}
