//! The blob routes over real HTTP (issue 5): authentication, who may check and upload,
//! the hash checked on upload, the size limit refused before the body is read, ranged
//! downloads (206 with Content-Range, 416 past the end), and the one 404 for both an
//! unknown hash and a blob outside the device's scope.

mod common;

use common::{code, TestServer};
use serde_json::json;
use sha2::{Digest, Sha256};
use sotay_conformance::fixture::SEED_MS;
use sotay_server::{Limits, Store};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blob_routes_check_hash_size_range_and_scope() {
    let s = TestServer::start(Limits::default()).await;
    let t = s.tree.clone();
    let http = reqwest::Client::new();
    let sec = s.device(t.sec).credential;
    let m1 = s.device(t.m1).credential;
    let outsider = s.device(t.o).credential;
    let bytes: Vec<u8> = (0..5_000u32).map(|i| (i * 7 % 256) as u8).collect();
    let sha = hex::encode(Sha256::digest(&bytes));
    let url = |h: &str| format!("{}/v1/blobs/{h}", s.base);

    // Check: only for devices that may attach, and it says what is missing.
    let (st, body) = s
        .post("/v1/blobs/check", Some(&sec), json!({"hashes": [sha]}))
        .await;
    assert_eq!(st, 200, "{body}");
    assert_eq!(body["missing"], json!([sha]));
    assert_eq!(body["max_bytes"], json!(50 * 1024 * 1024));
    let (st, body) = s
        .post("/v1/blobs/check", Some(&m1), json!({"hashes": [sha]}))
        .await;
    assert_eq!((st.as_u16(), code(&body)), (403, "forbidden"));
    let (st, _) = s
        .post("/v1/blobs/check", None, json!({"hashes": [sha]}))
        .await;
    assert_eq!(st, 401);

    // Upload: the content must hash to the name; a plain member may not upload.
    let put = |cred: String, name: String, body: Vec<u8>| {
        http.put(url(&name)).bearer_auth(cred).body(body).send()
    };
    let wrong = put(sec.clone(), "ab".repeat(32), bytes.clone())
        .await
        .expect("put");
    assert_eq!(wrong.status(), 400);
    assert!(wrong.text().await.expect("body").contains("không khớp"));
    let by_member = put(m1.clone(), sha.clone(), bytes.clone())
        .await
        .expect("put");
    assert_eq!(by_member.status(), 403);
    let bad_name = put(sec.clone(), "not-a-hash".into(), bytes.clone())
        .await
        .expect("put");
    assert_eq!(bad_name.status(), 400);
    let ok = put(sec.clone(), sha.clone(), bytes.clone())
        .await
        .expect("put");
    assert_eq!(ok.status(), 201);
    let (_, body) = s
        .post("/v1/blobs/check", Some(&sec), json!({"hashes": [sha]}))
        .await;
    assert_eq!(body["missing"], json!([]));

    // Above the limit: refused from the declared length, before any body is read.
    let addr = s.base.trim_start_matches("http://").to_string();
    let mut tcp = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    let head = format!(
        "PUT /v1/blobs/{} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {sec}\r\nContent-Length: 60000000\r\n\r\n",
        "cd".repeat(32)
    );
    tcp.write_all(head.as_bytes()).await.expect("write");
    let mut answer = vec![0u8; 4096];
    let n = tcp.read(&mut answer).await.expect("read");
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("Tệp lớn hơn giới hạn 50 MB"), "{answer}");

    // Nobody may download it yet: no attachment names it.
    let get = |cred: &str, range: Option<&str>| {
        let mut r = http.get(url(&sha)).bearer_auth(cred);
        if let Some(v) = range {
            r = r.header("range", v);
        }
        r.send()
    };
    assert_eq!(get(&m1, None).await.expect("get").status(), 404);

    // The cell's document with the file attached: readers of the cell may download.
    let changes = common::attached_notice(
        t.c1,
        0xb10b_0000,
        ("03-TB/CB", "Thông báo lịch sinh hoạt"),
        ("lich.pdf", bytes.len(), &sha),
    );
    s.store.seed(&changes, SEED_MS + 1).expect("seed");
    let whole = get(&m1, None).await.expect("get");
    assert_eq!(whole.status(), 200);
    assert_eq!(whole.bytes().await.expect("bytes").to_vec(), bytes);
    let part = get(&m1, Some("bytes=4990-")).await.expect("get");
    assert_eq!(part.status(), 206);
    assert_eq!(part.headers()["content-range"], "bytes 4990-4999/5000");
    assert_eq!(
        part.bytes().await.expect("bytes").to_vec(),
        bytes[4990..].to_vec()
    );
    let mid = get(&m1, Some("bytes=10-19")).await.expect("get");
    assert_eq!(
        mid.bytes().await.expect("bytes").to_vec(),
        bytes[10..20].to_vec()
    );
    let past = get(&m1, Some("bytes=5000-")).await.expect("get");
    assert_eq!(past.status(), 416);
    // Another district's member: the same 404 as for a hash nobody has.
    let denied = get(&outsider, None).await.expect("get");
    assert_eq!(denied.status(), 404);
    let unknown = http
        .get(url(&"0".repeat(64)))
        .bearer_auth(&outsider)
        .send()
        .await
        .expect("get");
    assert_eq!(unknown.status(), 404);
    assert_eq!(
        denied.text().await.expect("body"),
        unknown.text().await.expect("body")
    );
    assert_eq!(
        s.store.blob_size(&sha).expect("size"),
        Some(bytes.len() as u64)
    );
}
