//! Client TLS against a real HTTPS endpoint (tokio-rustls with rcgen certificates in
//! front of the real sync server): a province CA in `HOME/server-ca.pem` is trusted;
//! a matching pin enrolls and syncs; a pin on another key, or an untrusted self-signed
//! certificate, is refused with a Vietnamese reason and nothing is stored.

use crate::live;

use sotay_model::api::{requests, ApiError, ApiErrorKind, Request, Response};
use sotay_replica::sync::tls::spki_sha256;
use sotay_replica::Replica;
use std::path::Path;

async fn enroll(
    home: &Path,
    url: &str,
    code: String,
    pin: Option<&str>,
) -> Result<Response, ApiError> {
    let replica = Replica::open(home).expect("open");
    replica
        .call(Request::Enroll(requests::Enroll {
            server: url.to_string(),
            code,
            device_name: "máy thử".into(),
            pin_sha256: pin.map(str::to_string),
        }))
        .await
}

fn trust_ca(home: &Path, certs: &live::Certs) {
    std::fs::create_dir_all(home).expect("home");
    std::fs::write(home.join("server-ca.pem"), &certs.ca_pem).expect("ca file");
}

#[test]
fn the_pin_of_a_certificate_is_the_hash_of_its_public_key_info() {
    let certs = live::certs();
    assert_eq!(
        spki_sha256(&certs.chain[0]).as_deref(),
        Some(certs.pin.as_str())
    );
    assert_eq!(spki_sha256(b"not a certificate"), None);
    assert_eq!(spki_sha256(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trusted_server_with_the_pinned_key_enrolls_and_syncs() {
    let server = live::Server::start().await;
    let certs = live::certs();
    let proxy = live::TlsProxy::start(server.addr, &certs).await;
    let home = tempfile::tempdir().expect("tempdir");
    trust_ca(home.path(), &certs);
    let resp = enroll(home.path(), &proxy.url(), server.code(), Some(&certs.pin))
        .await
        .expect("enroll over https");
    let Response::Status(s) = resp else {
        panic!("wrong response: {resp:?}")
    };
    assert!(s.enrolled && s.online, "{s:?}");
    let replica = Replica::open(home.path()).expect("reopen");
    let Response::Synced(_) = replica
        .call(Request::SyncNow(requests::SyncNow))
        .await
        .expect("sync")
    else {
        panic!("wrong response")
    };
    assert!(replica
        .call(Request::GetMember(requests::GetMember {
            id: live::id(live::SECRET_MEMBER)
        }))
        .await
        .is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_real_server_over_https_with_a_province_ca_and_pin() {
    let server = live::Server::start().await;
    let certs = live::certs();
    let files = tempfile::tempdir().expect("tempdir");
    let (url, _stop) = server.serve_https(&certs, files.path()).await;

    // Untrusted without the CA file; refused with another key's pin; then enrolled.
    let home = tempfile::tempdir().expect("tempdir");
    let e = enroll(home.path(), &url, server.code(), None)
        .await
        .expect_err("untrusted");
    assert_eq!(e.kind, ApiErrorKind::Untrusted, "{e:?}");
    trust_ca(home.path(), &certs);
    let e = enroll(home.path(), &url, server.code(), Some(&live::certs().pin))
        .await
        .expect_err("pin mismatch");
    assert!(
        e.message.contains("không khớp với khóa đã ghim"),
        "{}",
        e.message
    );
    let resp = enroll(
        home.path(),
        &url,
        server.code(),
        Some(&format!("sha256/{}", certs.pin)),
    )
    .await
    .expect("enroll");
    let Response::Status(s) = resp else {
        panic!("wrong response: {resp:?}")
    };
    assert!(s.enrolled && s.online, "{s:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pin_on_another_key_is_refused() {
    let server = live::Server::start().await;
    let certs = live::certs();
    let other = live::certs();
    let proxy = live::TlsProxy::start(server.addr, &certs).await;
    let home = tempfile::tempdir().expect("tempdir");
    trust_ca(home.path(), &certs);
    let e = enroll(home.path(), &proxy.url(), server.code(), Some(&other.pin))
        .await
        .expect_err("pin mismatch");
    assert_eq!(e.kind, ApiErrorKind::Untrusted, "{e:?}");
    assert!(
        e.message.contains("không khớp với khóa đã ghim"),
        "{}",
        e.message
    );
    assert!(!Replica::open(home.path()).expect("open").is_enrolled());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_untrusted_certificate_is_refused_without_the_ca_file() {
    let server = live::Server::start().await;
    let certs = live::certs();
    let proxy = live::TlsProxy::start(server.addr, &certs).await;
    let home = tempfile::tempdir().expect("tempdir");
    // Even with its pin: a pin narrows trust, it never replaces the chain check.
    for pin in [None, Some(certs.pin.as_str())] {
        let e = enroll(home.path(), &proxy.url(), server.code(), pin)
            .await
            .expect_err("untrusted");
        assert_eq!(e.kind, ApiErrorKind::Untrusted, "{e:?}");
        assert!(
            e.message.contains("không do tổ chức tin cậy cấp"),
            "{}",
            e.message
        );
    }
    assert!(!Replica::open(home.path()).expect("open").is_enrolled());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_whose_key_changes_after_enrollment_is_refused_at_sync() {
    let server = live::Server::start().await;
    let ca = live::Ca::new();
    let certs = ca.leaf();
    let proxy = live::TlsProxy::start(server.addr, &certs).await;
    let home = tempfile::tempdir().expect("tempdir");
    trust_ca(home.path(), &certs);
    enroll(home.path(), &proxy.url(), server.code(), Some(&certs.pin))
        .await
        .expect("enroll");
    // Same address, same trusted CA, a new key (a substituted certificate).
    proxy.rekey(&ca.leaf());
    let replica = Replica::open(home.path()).expect("open");
    let e = replica
        .call(Request::SyncNow(requests::SyncNow))
        .await
        .expect_err("refused");
    assert_eq!(e.kind, ApiErrorKind::Untrusted, "{e:?}");
    assert!(
        e.message.contains("không khớp với khóa đã ghim"),
        "{}",
        e.message
    );
    // Back to the pinned key: syncing works again.
    proxy.rekey(&certs);
    replica
        .call(Request::SyncNow(requests::SyncNow))
        .await
        .expect("sync with the pinned key");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_pin_is_refused_before_any_connection() {
    let home = tempfile::tempdir().expect("tempdir");
    let e = enroll(
        home.path(),
        "https://127.0.0.1:9",
        "ABCD".into(),
        Some("abc"),
    )
    .await
    .expect_err("bad pin");
    assert_eq!(e.kind, ApiErrorKind::Invalid, "{e:?}");
    assert!(
        e.message.contains("Mã ghim khóa máy chủ không hợp lệ"),
        "{}",
        e.message
    );
}
