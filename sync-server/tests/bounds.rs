//! What one request may cost the real server on 127.0.0.1:0 (issue 12, item 5): a
//! small JSON body refused from its length before it is read, a request that never
//! finishes answered 408, a file upload that stalls answered 408 with nothing kept,
//! requests beyond the in-flight cap refused 503 at once (not queued), and a 64 MiB
//! file streamed up and down byte-exact. The socket-level cases speak raw HTTP/1.1 so
//! the test controls exactly which bytes are sent; a generous timeout around each
//! read only turns a hang (the old behaviour) into a failure.

mod common;

use reqwest::StatusCode;
use serde_json::json;
use sha2::{Digest, Sha256};
use sotay_conformance::fixture::{Tree, SEED_MS};
use sotay_server::http::Bounds;
use sotay_server::{AppState, Limits, SqliteStore, Store, DEFAULT_CODE_TTL_MS};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const NOW: u64 = 1_800_000_000_000;
/// Only a guard against hanging forever; nothing waits for it in a passing run.
const HANG: Duration = Duration::from_secs(60);

struct Server {
    base: String,
    addr: String,
    state: AppState,
    store: Arc<SqliteStore>,
    tree: Tree,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl Server {
    async fn start(bounds: Bounds) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Arc::new(SqliteStore::open(dir.path().join("sotay.db")).expect("open"));
        let tree = Tree::seed(&*store);
        let state = AppState::bounded(store.clone(), Limits::default(), bounds, Arc::new(|| NOW));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr").to_string();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(sotay_server::serve(listener, state.clone(), async move {
            let _ = stopped.await;
        }));
        Server {
            base: format!("http://{addr}"),
            addr,
            state,
            store,
            tree,
            _dir: dir,
            _stop: stop,
        }
    }

    fn credential(&self, member: sotay_model::Id) -> String {
        let code = self
            .store
            .create_enroll_code(member, DEFAULT_CODE_TTL_MS, NOW)
            .expect("code");
        self.store
            .enroll(&code, "máy thử", NOW)
            .expect("enroll")
            .credential
    }

    /// A raw connection that has sent `head` (request line and headers, no body).
    async fn send_head(&self, head: &str) -> TcpStream {
        let mut tcp = TcpStream::connect(&self.addr).await.expect("connect");
        let head = head.replace("{addr}", &self.addr);
        tcp.write_all(head.as_bytes()).await.expect("write");
        tcp
    }
}

/// Everything the server sends until it has sent `until` (or closes).
async fn read_until(tcp: &mut TcpStream, until: &str) -> String {
    let mut got = Vec::new();
    let read = async {
        let mut buf = [0u8; 4096];
        loop {
            let n = tcp.read(&mut buf).await.expect("read");
            got.extend_from_slice(&buf[..n]);
            if n == 0 || String::from_utf8_lossy(&got).contains(until) {
                break;
            }
        }
    };
    tokio::time::timeout(HANG, read)
        .await
        .expect("the server never answered");
    String::from_utf8_lossy(&got).into_owned()
}

fn short(secs: u64) -> Bounds {
    Bounds {
        request_timeout: Duration::from_secs(secs),
        body_idle_timeout: Duration::from_secs(secs),
        ..Bounds::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_enroll_body_of_1_mib_is_refused_413_before_it_is_read() {
    let s = Server::start(Bounds::default()).await;
    // The head alone: a server that waited for the body would never answer.
    let mut tcp = s
        .send_head(
            "POST /v1/enroll HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Content-Length: 1048576\r\n\r\n",
        )
        .await;
    let answer = read_until(&mut tcp, "}").await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("Yêu cầu quá lớn"), "{answer}");
    // Other small JSON routes likewise; a push may be larger.
    let mut tcp = s
        .send_head("POST /v1/pull HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 1048576\r\n\r\n")
        .await;
    assert!(read_until(&mut tcp, "}").await.starts_with("HTTP/1.1 413"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_whose_body_never_finishes_gets_408() {
    let s = Server::start(short(1)).await;
    let mut tcp = s
        .send_head(
            "POST /v1/enroll HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Content-Length: 100\r\n\r\n{\"protocol\":",
        )
        .await;
    let answer = read_until(&mut tcp, "}").await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("không xong trong 1 giây"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_upload_that_stalls_gets_408_and_nothing_is_kept() {
    let s = Server::start(short(1)).await;
    let sec = s.credential(s.tree.sec);
    let sha = "ab".repeat(32);
    let mut tcp = s
        .send_head(&format!(
            "PUT /v1/blobs/{sha} HTTP/1.1\r\nHost: {{addr}}\r\nAuthorization: Bearer {sec}\r\n\
             Content-Length: 1000\r\n\r\nthe first bytes"
        ))
        .await;
    let answer = read_until(&mut tcp, "}").await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert_eq!(s.store.blob_size(&sha).expect("size"), None);
    let tmp = s._dir.path().join("blobs").join("tmp");
    let left = std::fs::read_dir(&tmp).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0, "no temporary file is left behind");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn beyond_the_in_flight_cap_requests_are_refused_503_not_queued() {
    let s = Server::start(Bounds {
        max_in_flight: 1,
        ..Bounds::default()
    })
    .await;
    let body = json!({"protocol": 1, "code": "AAAA-BBBB", "device_name": "x"}).to_string();
    // Hyper sends "100 Continue" only once the handler reads the body: by then this
    // request holds the one permit.
    let mut held = s
        .send_head(&format!(
            "POST /v1/enroll HTTP/1.1\r\nHost: {{addr}}\r\nContent-Type: application/json\r\n\
             Expect: 100-continue\r\nContent-Length: {}\r\n\r\n",
            body.len()
        ))
        .await;
    assert!(read_until(&mut held, "\r\n\r\n")
        .await
        .starts_with("HTTP/1.1 100"));
    assert_eq!(s.state.requests_in_flight(), 1);
    let http = reqwest::Client::new();
    let busy = http
        .get(format!("{}/health", s.base))
        .send()
        .await
        .expect("send");
    assert_eq!(busy.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(busy.headers()["retry-after"], "5");
    assert!(busy
        .text()
        .await
        .expect("body")
        .contains("Máy chủ đang bận"));
    // The held request finishes; its permit is back before its answer is sent.
    held.write_all(body.as_bytes()).await.expect("write");
    let answer = read_until(&mut held, "}").await;
    assert!(answer.contains("HTTP/1.1 400"), "{answer}");
    let ok = http
        .get(format!("{}/health", s.base))
        .send()
        .await
        .expect("send");
    assert_eq!(ok.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_64_mib_file_round_trips_through_the_real_server_byte_exact() {
    let s = Server::start(Bounds::default()).await;
    s.state.set_max_blob_bytes(100 * 1024 * 1024);
    let t = s.tree.clone();
    let sec = s.credential(t.sec);
    let m1 = s.credential(t.m1);
    let bytes: Vec<u8> = (0..64 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let sha = hex::encode(Sha256::digest(&bytes));
    let url = format!("{}/v1/blobs/{sha}", s.base);
    let http = reqwest::Client::new();
    let put = http
        .put(&url)
        .bearer_auth(&sec)
        .body(bytes.clone())
        .send()
        .await
        .expect("put");
    assert_eq!(put.status(), StatusCode::CREATED);
    assert_eq!(
        s.store.blob_size(&sha).expect("size"),
        Some(bytes.len() as u64)
    );

    let changes = common::attached_notice(
        t.c1,
        0xb16_0000,
        ("04-TB/CB", "Tài liệu lớn"),
        ("lon.pdf", bytes.len(), &sha),
    );
    s.store.seed(&changes, SEED_MS + 1).expect("seed");
    let got = http.get(&url).bearer_auth(&m1).send().await.expect("get");
    assert_eq!(got.status(), StatusCode::OK);
    assert_eq!(
        got.headers()["content-length"],
        bytes.len().to_string().as_str()
    );
    let body = got.bytes().await.expect("body");
    assert_eq!(body.len(), bytes.len());
    assert!(body[..] == bytes[..], "the file came back different");
}

/// A client that sends its request line and then its headers never finished (the
/// slow-headers attack) loses the connection once the header deadline passes; before,
/// axum's `serve` set no timer for hyper and the connection stayed open for ever. The
/// next request on a new connection is answered as usual.
#[tokio::test]
async fn headers_that_never_finish_lose_the_connection() {
    let s = Server::start(Bounds {
        header_timeout: Duration::from_secs(1),
        ..Bounds::default()
    })
    .await;
    let mut tcp = s
        .send_head("GET /health HTTP/1.1\r\nHost: {addr}\r\nX-Slow: a")
        .await;
    let mut buf = [0u8; 1024];
    let closed = tokio::time::timeout(HANG, async {
        loop {
            match tcp.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                // hyper may answer 408 before closing; keep reading to the close.
                Ok(_) => {}
            }
        }
    })
    .await;
    assert!(
        closed.is_ok(),
        "the connection outlived the header deadline"
    );
    let ok = reqwest::get(format!("{}/health", s.base))
        .await
        .expect("get");
    assert!(ok.status().is_success());
}
