//! HTTPS (issue 3, transport): the server serves the same API over rustls from PEM
//! files; a client that trusts the certificate talks to it, one that does not is
//! refused, and plain HTTP to the TLS port gets nothing.

use reqwest::StatusCode;
use serde_json::json;
use sotay_conformance::fixture::Tree;
use sotay_model::protocol::PROTOCOL_VERSION;
use sotay_server::{load_tls_config, AppState, SqliteStore, Store, DEFAULT_CODE_TTL_MS};
use std::sync::Arc;

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

#[tokio::test]
async fn the_api_is_served_over_https_from_pem_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).expect("rcgen");
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_path, cert.cert.pem()).expect("write cert");
    std::fs::write(&key_path, cert.signing_key.serialize_pem()).expect("write key");

    // Files that are not what they say are refused with a Vietnamese reason.
    let err = load_tls_config(&key_path, &key_path).expect_err("a key is not a certificate");
    assert!(err.to_string().contains("chứng chỉ"), "{err}");
    let err = load_tls_config(&cert_path, &cert_path).expect_err("a certificate is not a key");
    assert!(err.to_string().contains("khóa riêng"), "{err}");

    let config = load_tls_config(&cert_path, &key_path).expect("config");
    let store = Arc::new(SqliteStore::open(dir.path().join("sotay.db")).expect("open"));
    let tree = Tree::seed(&*store);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(sotay_server::serve_tls(
        listener,
        config,
        AppState::new(store.clone()),
        async move {
            let _ = stopped.await;
        },
    ));
    let base = format!("https://localhost:{port}");

    let trusting = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_der(cert.cert.der()).expect("cert"))
        .resolve("localhost", ([127, 0, 0, 1], port).into())
        .build()
        .expect("client");
    let resp = trusting
        .get(format!("{base}/health"))
        .send()
        .await
        .expect("health over https");
    assert_eq!(resp.status(), StatusCode::OK);
    let code = store
        .create_enroll_code(tree.m1, DEFAULT_CODE_TTL_MS, now_ms())
        .expect("code");
    let resp = trusting
        .post(format!("{base}/v1/enroll"))
        .json(&json!({"protocol": PROTOCOL_VERSION, "code": code, "device_name": "Điện thoại"}))
        .send()
        .await
        .expect("enroll over https");
    assert_eq!(resp.status(), StatusCode::OK);

    let stranger = reqwest::Client::builder()
        .resolve("localhost", ([127, 0, 0, 1], port).into())
        .build()
        .expect("client");
    assert!(
        stranger.get(format!("{base}/health")).send().await.is_err(),
        "an untrusted certificate must fail the handshake"
    );
    let plain = reqwest::Client::new()
        .get(format!("http://127.0.0.1:{port}/health"))
        .send()
        .await;
    assert!(plain.map(|r| !r.status().is_success()).unwrap_or(true));
    // The server still serves trusted clients after the failed handshakes.
    let resp = trusting
        .get(format!("{base}/health"))
        .send()
        .await
        .expect("again");
    assert_eq!(resp.status(), StatusCode::OK);
    let _ = stop.send(());
}

/// Kills the server process when the test ends, however it ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_serves_https_with_tls_cert_and_tls_key() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().expect("temp dir");
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).expect("rcgen");
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_path, cert.cert.pem()).expect("write cert");
    std::fs::write(&key_path, cert.signing_key.serialize_pem()).expect("write key");
    let bin = env!("CARGO_BIN_EXE_sotay-server");

    let missing = std::process::Command::new(bin)
        .args(["serve", "--listen", "127.0.0.1:0", "--tls-cert"])
        .arg(dir.path().join("none.pem"))
        .arg("--tls-key")
        .arg(&key_path)
        .arg("--data")
        .arg(dir.path().join("data"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert!(!missing.status.success());
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(err.contains("không đọc được tệp chứng chỉ"), "{err}");

    let mut child = Child(
        std::process::Command::new(bin)
            .args(["serve", "--listen", "127.0.0.1:0", "--tls-cert"])
            .arg(&cert_path)
            .arg("--tls-key")
            .arg(&key_path)
            .arg("--data")
            .arg(dir.path().join("data"))
            .env("NO_COLOR", "1")
            .env("RUST_LOG", "info")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn"),
    );
    let stderr = child.0.stderr.take().expect("stderr");
    // The log line that says where it listens, written once the socket is bound.
    let port: u16 = tokio::task::spawn_blocking(move || {
        for line in std::io::BufReader::new(stderr).lines() {
            let line = line.expect("log line");
            if line.contains("serving HTTPS") {
                let at = line.find("127.0.0.1:").expect("address") + "127.0.0.1:".len();
                let digits: String = line[at..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                return digits.parse().expect("port");
            }
        }
        panic!("the server never said it was serving HTTPS");
    })
    .await
    .expect("reader");
    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_der(cert.cert.der()).expect("cert"))
        .resolve("localhost", ([127, 0, 0, 1], port).into())
        .build()
        .expect("client");
    let resp = client
        .get(format!("https://localhost:{port}/health"))
        .send()
        .await
        .expect("health over https");
    assert_eq!(resp.status(), StatusCode::OK);
}

/// `sotay-server serve --data <tmp> <args>` with its log piped; returns the log lines
/// up to the one that says it is serving (then the process is killed) or to its exit,
/// and whether it exited with success. Never hangs: either the server says it serves
/// or it exits.
fn serve_until_serving(args: &[&str]) -> (Vec<String>, Option<bool>) {
    use std::io::BufRead;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = Child(
        std::process::Command::new(env!("CARGO_BIN_EXE_sotay-server"))
            .arg("serve")
            .arg("--data")
            .arg(dir.path().join("data"))
            .args(args)
            .env("NO_COLOR", "1")
            .env("RUST_LOG", "info")
            .env_remove("SOTAY_INSECURE_HTTP")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn"),
    );
    let stderr = child.0.stderr.take().expect("stderr");
    let mut lines = Vec::new();
    for line in std::io::BufReader::new(stderr).lines() {
        let line = line.expect("log line");
        let serving = line.contains("serving HTTP");
        lines.push(line);
        if serving {
            return (lines, None);
        }
    }
    let status = child.0.wait().expect("wait");
    (lines, Some(status.success()))
}

#[test]
fn serve_on_a_network_address_without_tls_refuses_to_start() {
    let (log, exited) = serve_until_serving(&["--listen", "0.0.0.0:0"]);
    assert_eq!(exited, Some(false), "it must exit with failure: {log:?}");
    let log = log.join("\n");
    assert!(
        log.contains("từ chối phục vụ HTTP không mã hóa") && log.contains("--insecure-http"),
        "{log}"
    );
}

#[test]
fn serve_with_insecure_http_starts_and_says_so_loudly() {
    let (log, exited) = serve_until_serving(&["--listen", "0.0.0.0:0", "--insecure-http"]);
    assert_eq!(exited, None, "it must serve: {log:?}");
    let warning = log
        .iter()
        .position(|l| l.contains("WARN") && l.contains("PLAIN HTTP ON A NETWORK ADDRESS"));
    assert!(warning.is_some(), "{log:?}");
    // Loopback needs neither TLS nor the flag, and says nothing alarming.
    let (log, exited) = serve_until_serving(&["--listen", "127.0.0.1:0"]);
    assert_eq!(exited, None, "{log:?}");
    assert!(!log.join("\n").contains("PLAIN HTTP"), "{log:?}");
}
