//! The headless host on a real loopback socket: static UI, token, Host check, no CORS.

use sotay_model::api::{ApiError, ApiErrorKind, Response};
use sotay_replica::host::{self, HostError, REFUSED_HEADER, TOKEN_HEADER};
use sotay_replica::Replica;
use std::sync::Arc;

struct Host {
    base: String,
    token: String,
    url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<Result<(), HostError>>,
    _dirs: (tempfile::TempDir, tempfile::TempDir),
}

impl Host {
    async fn start() -> Host {
        let home = tempfile::tempdir().expect("home");
        let ui = tempfile::tempdir().expect("ui");
        std::fs::write(
            ui.path().join("index.html"),
            "<!doctype html><title>Sổ tay</title>",
        )
        .expect("index");
        let replica = Arc::new(Replica::open(home.path()).expect("replica"));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let (h, task) = host::start_headless(
            replica,
            ui.path().to_path_buf(),
            "127.0.0.1:0".parse().expect("addr"),
            async {
                let _ = rx.await;
            },
        )
        .await
        .expect("start");
        Host {
            base: format!("http://127.0.0.1:{}", h.addr.port()),
            token: h.token,
            url: h.url,
            stop: Some(tx),
            task,
            _dirs: (home, ui),
        }
    }

    async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        (&mut self.task).await.expect("join").expect("served");
    }
}

#[tokio::test]
async fn the_ui_is_served_and_the_url_carries_the_token_in_the_fragment() {
    let host = Host::start().await;
    assert_eq!(host.url, format!("{}/#token={}", host.base, host.token));
    assert_eq!(host.token.len(), 64);
    let resp = reqwest::get(format!("{}/", host.base)).await.expect("get");
    assert_eq!(resp.status(), 200);
    assert!(resp.headers().get("access-control-allow-origin").is_none());
    assert!(resp.text().await.expect("body").contains("Sổ tay"));
    host.stop().await;
}

#[tokio::test]
async fn api_needs_the_token_and_a_loopback_host_header() {
    let host = Host::start().await;
    let client = reqwest::Client::new();
    let api = format!("{}/api", host.base);
    let body = r#"{"type":"status"}"#;

    let no_token = client.post(&api).body(body).send().await.expect("post");
    assert_eq!(no_token.status(), 401);
    let e: ApiError = no_token.json().await.expect("error body");
    assert_eq!(e.kind, ApiErrorKind::Unauthorized);

    let wrong_token = client
        .post(&api)
        .header(TOKEN_HEADER, "0".repeat(64))
        .body(body)
        .send()
        .await
        .expect("post");
    assert_eq!(wrong_token.status(), 401);

    let rebound = client
        .post(&api)
        .header(
            "host",
            format!(
                "evil.example:{}",
                host.base.rsplit(':').next().unwrap_or("")
            ),
        )
        .header(TOKEN_HEADER, &host.token)
        .body(body)
        .send()
        .await
        .expect("post");
    assert_eq!(rebound.status(), 403);

    let ok = client
        .post(&api)
        .header(TOKEN_HEADER, &host.token)
        .header("origin", "http://evil.example")
        .body(body)
        .send()
        .await
        .expect("post");
    assert_eq!(ok.status(), 200);
    assert!(ok.headers().get("access-control-allow-origin").is_none());
    let resp: Response = ok.json().await.expect("response");
    let Response::Status(status) = resp else {
        panic!("wrong response: {resp:?}")
    };
    assert!(!status.enrolled);

    let not_enrolled = client
        .post(&api)
        .header(TOKEN_HEADER, &host.token)
        .body(r#"{"type":"sync_now"}"#)
        .send()
        .await
        .expect("post");
    // A refusal is an answer: 200 with the marker, so the browser logs nothing.
    assert_eq!(not_enrolled.status(), 200);
    assert_eq!(
        not_enrolled
            .headers()
            .get(REFUSED_HEADER)
            .map(|v| v.as_bytes()),
        Some(&b"1"[..])
    );
    let e: ApiError = not_enrolled.json().await.expect("error body");
    assert_eq!(e.kind, ApiErrorKind::NotEnrolled);

    let garbage = client
        .post(&api)
        .header(TOKEN_HEADER, &host.token)
        .body("{")
        .send()
        .await
        .expect("post");
    assert_eq!(garbage.status(), 422);
    host.stop().await;
}

#[tokio::test]
async fn a_non_loopback_listen_address_is_refused() {
    let home = tempfile::tempdir().expect("home");
    let replica = Arc::new(Replica::open(home.path()).expect("replica"));
    let err = host::start_headless(
        replica,
        home.path().to_path_buf(),
        "0.0.0.0:0".parse().expect("addr"),
        async {},
    )
    .await
    .expect_err("must refuse");
    assert!(matches!(err, HostError::NotLoopback(_)));
}

/// The child process is killed when the test ends, even by a failed assertion.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_sotay_binary_prints_the_headless_url_and_serves_it() {
    use std::io::BufRead;
    let home = tempfile::tempdir().expect("home");
    let ui = tempfile::tempdir().expect("ui");
    std::fs::write(
        ui.path().join("index.html"),
        "<!doctype html><title>Sổ tay</title>",
    )
    .expect("index");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_sotay"))
        .arg("--home")
        .arg(home.path())
        .arg("headless")
        .arg("--ui")
        .arg(ui.path())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut child = KillOnDrop(child);
    let mut line = String::new();
    let stdout = child.0.stdout.take().expect("stdout");
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read");
    let url = line
        .trim()
        .strip_prefix("headless: ")
        .expect("headless line")
        .to_string();
    let (base, token) = url.split_once("/#token=").expect("token in fragment");
    let index = reqwest::get(format!("{base}/")).await.expect("get");
    let api = reqwest::Client::new()
        .post(format!("{base}/api"))
        .header(TOKEN_HEADER, token)
        .body(r#"{"type":"list_orgs"}"#)
        .send()
        .await
        .expect("post");
    drop(child);
    assert_eq!(index.status(), 200);
    assert_eq!(api.status(), 200);
    let resp: Response = api.json().await.expect("json");
    assert_eq!(resp, Response::Orgs { orgs: vec![] });

    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_sotay"))
        .arg("--home")
        .arg(home.path())
        .args(["headless", "--listen", "0.0.0.0:0", "--ui"])
        .arg(ui.path())
        .output()
        .expect("run");
    assert!(!refused.status.success());
}
