//! Attachments as blobs against the real server (issue 5): a second upload of the same
//! content sends no bytes; a download cut mid-way resumes from the bytes on disk and
//! fetches only the rest; a corrupted copy is detected and fetched again; pinned files
//! are counted and freed; a member outside the issuer's subtree cannot fetch the blob
//! by its hash; a file above the server's limit is refused with a Vietnamese reason;
//! the files on the device are sealed (no plaintext on disk) and still open through
//! the Api.

use crate::study_live;

use sha2::{Digest, Sha256};
use sotay_model::api::{requests, Request, Response};
use sotay_model::library::{AttachmentInfo, LocalCopy};
use study_live::{call, id, sync, Server, DOC, M1, OUTSIDER, SECRETARY};

fn content(len: usize, salt: u8) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut x: u32 = 0x9e37_79b9 ^ u32::from(salt);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        out.push((x & 0xff) as u8);
    }
    out
}

async fn attach(r: &sotay_replica::Replica, dir: &std::path::Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write the file");
    let resp = call(
        r,
        Request::AttachFile(requests::AttachFile {
            document_id: id(DOC),
            path: path.display().to_string(),
            name: None,
            upload_id: None,
        }),
    )
    .await;
    assert!(matches!(resp, Response::Created { .. }), "{resp:?}");
}

/// The plain bytes of an attachment on the device (what the host hands a browser).
fn plain(r: &sotay_replica::Replica, att: sotay_model::Id) -> Vec<u8> {
    sotay_replica::library::blobs::read_local(&r.db(), att)
        .expect("read the local file")
        .1
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

async fn attachments(r: &sotay_replica::Replica) -> Vec<AttachmentInfo> {
    match call(
        r,
        Request::ListAttachments(requests::ListAttachments {
            document_id: id(DOC),
        }),
    )
    .await
    {
        Response::Attachments { attachments } => attachments,
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blobs_upload_once_resume_repair_and_stay_in_scope() {
    let server = Server::start().await;
    let tmp = tempfile::tempdir().expect("tempdir");
    let files = tmp.path().join("files");
    std::fs::create_dir_all(&files).expect("files dir");
    let office = server.enrolled(&tmp.path().join("office"), SECRETARY).await;
    let pdf = content(300_000, 1);
    let sha = hex::encode(Sha256::digest(&pdf));

    attach(&office, &files, "Nghị quyết 05.pdf", &pdf).await;
    assert!(attachments(&office).await[0].upload_pending);
    sync(&office).await;
    assert_eq!(server.state.blob_bytes_received(), pdf.len() as u64);
    assert!(!attachments(&office).await[0].upload_pending);

    // The same content attached again, from another device of the office that does
    // not know the server has it: the check answers "held" and no byte is sent.
    let office2 = server
        .enrolled(&tmp.path().join("office2"), SECRETARY)
        .await;
    attach(&office2, &files, "Bản sao.pdf", &pdf).await;
    sync(&office2).await;
    assert_eq!(
        server.state.blob_bytes_received(),
        pdf.len() as u64,
        "a second upload of the same file sends no bytes"
    );
    assert!(attachments(&office2)
        .await
        .iter()
        .all(|a| !a.upload_pending));

    // A member downloads on demand; the connection is cut after ~100 kB.
    let member = std::sync::Arc::new(server.enrolled(&tmp.path().join("member"), M1).await);
    let list = attachments(&member).await;
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|a| a.local == LocalCopy::Missing));
    let att = list[0].attachment.id;
    server.cut_after(100_000);
    let cut = member
        .call(Request::FetchAttachment(requests::FetchAttachment {
            id: att,
        }))
        .await;
    server.no_cut();
    let err = cut.expect_err("the download was cut");
    assert!(err.message.contains("gián đoạn"), "{err:?}");
    let have = match attachments(&member).await[0].local {
        LocalCopy::Partial { bytes } => bytes,
        other => panic!("expected a partial download, got {other:?}"),
    };
    assert!(have > 0 && have < pdf.len() as u64, "{have}");
    let sent_before = server.state.blob_bytes_sent();
    let Response::AttachmentFile(file) = call(
        &member,
        Request::FetchAttachment(requests::FetchAttachment { id: att }),
    )
    .await
    else {
        panic!("no file")
    };
    assert_eq!(
        file.downloaded_bytes,
        pdf.len() as u64 - have,
        "only the rest"
    );
    assert_eq!(
        server.state.blob_bytes_sent() - sent_before,
        pdf.len() as u64 - have
    );
    assert_eq!(plain(&member, att), pdf);
    assert!(!file.repaired);

    // Opening it again costs nothing; a corrupted copy is detected and fetched again.
    let Response::AttachmentFile(again) = call(
        &member,
        Request::FetchAttachment(requests::FetchAttachment { id: att }),
    )
    .await
    else {
        panic!("no file")
    };
    assert_eq!(again.downloaded_bytes, 0);
    let mut bad = pdf.clone();
    bad[150_000] ^= 0xff;
    std::fs::write(&file.path, &bad).expect("corrupt the copy");
    let Response::AttachmentFile(fixed) = call(
        &member,
        Request::PinAttachment(requests::PinAttachment { id: att }),
    )
    .await
    else {
        panic!("no file")
    };
    assert!(fixed.repaired);
    assert_eq!(fixed.downloaded_bytes, pdf.len() as u64);
    assert_eq!(plain(&member, att), pdf);

    // The headless host shows the file to a browser, with the session's token only.
    let ui = tmp.path().join("ui");
    std::fs::create_dir_all(&ui).expect("ui dir");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (host, _task) = sotay_replica::start_headless(
        member.clone(),
        ui,
        "127.0.0.1:0".parse().expect("addr"),
        async {
            let _ = stopped.await;
        },
    )
    .await
    .expect("host");
    let file_url = format!("http://127.0.0.1:{}/files/{att}", host.addr.port());
    let http = reqwest::Client::new();
    let no_token = http.get(&file_url).send().await.expect("get");
    assert_eq!(no_token.status().as_u16(), 401);
    let shown = http
        .get(&file_url)
        .header(sotay_replica::host::TOKEN_HEADER, &host.token)
        .send()
        .await
        .expect("get");
    assert_eq!(shown.status().as_u16(), 200);
    assert_eq!(
        shown.headers()["content-type"].to_str().expect("type"),
        "application/pdf"
    );
    assert_eq!(shown.bytes().await.expect("bytes").to_vec(), pdf);

    // Storage used by pinned files, and freeing it.
    let storage = |r: Response| match r {
        Response::BlobStorage(s) => s,
        other => panic!("{other:?}"),
    };
    let s = storage(call(&member, Request::BlobStorage(requests::BlobStorage)).await);
    assert_eq!((s.pinned_files, s.pinned_bytes), (1, pdf.len() as u64));
    let s = storage(
        call(
            &member,
            Request::FreeBlobStorage(requests::FreeBlobStorage { pinned: false }),
        )
        .await,
    );
    assert_eq!(s.pinned_files, 1, "pinned files survive a plain free");
    let s = storage(
        call(
            &member,
            Request::FreeBlobStorage(requests::FreeBlobStorage { pinned: true }),
        )
        .await,
    );
    assert_eq!((s.pinned_files, s.pinned_bytes, s.cached_files), (0, 0, 0));
    assert_eq!(attachments(&member).await[0].local, LocalCopy::Missing);
    let gone = http
        .get(&file_url)
        .header(sotay_replica::host::TOKEN_HEADER, &host.token)
        .send()
        .await
        .expect("get");
    assert_eq!(
        gone.status().as_u16(),
        404,
        "a freed file is no longer shown"
    );
    let _ = stop.send(());

    // A member of another district holds no such document and cannot fetch by hash;
    // the answer is the same as for a hash that does not exist.
    let outsider = server
        .enrolled(&tmp.path().join("outsider"), OUTSIDER)
        .await;
    let http = reqwest::Client::new();
    let get = |cred: String, hash: String| {
        let http = http.clone();
        let url = format!("http://{}/v1/blobs/{hash}", server.addr);
        async move { http.get(url).bearer_auth(cred).send().await.expect("get") }
    };
    let cred =
        |r: &sotay_replica::Replica| r.db().identity().expect("id").expect("enrolled").credential;
    let denied = get(cred(&outsider), sha.clone()).await;
    assert_eq!(denied.status().as_u16(), 404);
    let denied_body = denied.text().await.expect("body");
    let unknown = get(cred(&outsider), "0".repeat(64)).await;
    assert_eq!(unknown.status().as_u16(), 404);
    assert_eq!(
        denied_body,
        unknown.text().await.expect("body"),
        "nothing leaks"
    );
    assert!(!denied_body.contains("Nghị quyết"));
    let allowed = get(cred(&member), sha.clone()).await;
    assert_eq!(allowed.status().as_u16(), 200);
    assert_eq!(allowed.bytes().await.expect("bytes").len(), pdf.len());
    let anonymous = http
        .get(format!("http://{}/v1/blobs/{sha}", server.addr))
        .send()
        .await
        .expect("get");
    assert_eq!(anonymous.status().as_u16(), 401);

    // Above the server's limit: refused with a Vietnamese reason, kept for a retry.
    server.state.set_max_blob_bytes(200_000);
    attach(&office, &files, "Ảnh lớn.png", &content(250_000, 2)).await;
    sync(&office).await;
    let big = attachments(&office)
        .await
        .into_iter()
        .find(|a| a.attachment.name == "Ảnh lớn.png")
        .expect("the big one");
    assert!(big.upload_pending);
    let why = big.upload_error.expect("a reason");
    assert!(why.contains("lớn hơn giới hạn 1 MB"), "{why}");
    let put = http
        .put(format!(
            "http://{}/v1/blobs/{}",
            server.addr,
            "1".repeat(64)
        ))
        .bearer_auth(cred(&office))
        .body(vec![7u8; 250_000])
        .send()
        .await
        .expect("put");
    assert_eq!(put.status().as_u16(), 413);
    assert!(put
        .text()
        .await
        .expect("body")
        .contains("Tệp lớn hơn giới hạn"));
}

/// A file larger than one ranged answer (8 MiB) arrives over several, each appended.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_file_comes_in_several_ranges() {
    let server = Server::start().await;
    let tmp = tempfile::tempdir().expect("tempdir");
    let office = server.enrolled(&tmp.path().join("office"), SECRETARY).await;
    let big = content(9 * 1024 * 1024 + 123, 3);
    attach(&office, tmp.path(), "Bản đồ.png", &big).await;
    sync(&office).await;
    let member = server.enrolled(&tmp.path().join("member"), M1).await;
    let att = attachments(&member).await[0].attachment.id;
    let Response::AttachmentFile(file) = call(
        &member,
        Request::FetchAttachment(requests::FetchAttachment { id: att }),
    )
    .await
    else {
        panic!("no file")
    };
    assert_eq!(file.downloaded_bytes, big.len() as u64);
    assert_eq!(server.state.blob_bytes_sent(), big.len() as u64);
    assert!(plain(&member, att) == big);
}

/// A plain member's attachment is refused by the server: the file is never sent, and
/// once the row is rolled back nothing stays pending, so freeing storage removes it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_attachment_leaves_nothing_pending() {
    let server = Server::start().await;
    let tmp = tempfile::tempdir().expect("tempdir");
    let member = server.enrolled(&tmp.path().join("member"), M1).await;
    attach(&member, tmp.path(), "Ảnh chụp.jpg", &content(10_000, 4)).await;
    sync(&member).await;
    assert_eq!(server.state.blob_bytes_received(), 0, "nothing was sent");
    assert!(
        attachments(&member).await.is_empty(),
        "the refused row is rolled back"
    );
    let Response::Rejected { rejected } =
        call(&member, Request::ListRejected(requests::ListRejected)).await
    else {
        panic!("no list")
    };
    assert_eq!(rejected.len(), 1);
    sync(&member).await;
    let Response::BlobStorage(s) = call(
        &member,
        Request::FreeBlobStorage(requests::FreeBlobStorage { pinned: true }),
    )
    .await
    else {
        panic!("no storage")
    };
    assert_eq!((s.pinned_files, s.pinned_bytes), (0, 0), "{s:?}");
}

/// Attachment files are sealed on the device (DESIGN §5): a marker written into a file
/// appears in no file under `blobs/`, neither where it was attached nor where it was
/// pinned, and the file still opens through the Api (the host's `/files/{id}`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attachment_files_on_the_device_hold_no_plaintext() {
    const MARKER: &[u8] = b"BIEN-BAN-MAT-7319-KHONG-DUOC-LO";
    let server = Server::start().await;
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut pdf = content(200_000, 9);
    // At the start, across the first 64 KiB boundary, and at the end.
    for at in [16, 65_530, 200_000 - MARKER.len()] {
        pdf[at..at + MARKER.len()].copy_from_slice(MARKER);
    }
    let office = server.enrolled(&tmp.path().join("office"), SECRETARY).await;
    attach(&office, tmp.path(), "Biên bản mật.pdf", &pdf).await;
    sync(&office).await;
    let member = std::sync::Arc::new(server.enrolled(&tmp.path().join("member"), M1).await);
    let att = attachments(&member).await[0].attachment.id;
    let Response::AttachmentFile(_) = call(
        &member,
        Request::PinAttachment(requests::PinAttachment { id: att }),
    )
    .await
    else {
        panic!("no file")
    };
    for device in ["office", "member"] {
        let blobs = tmp.path().join(device).join("blobs");
        let files: Vec<_> = std::fs::read_dir(&blobs)
            .expect("blobs dir")
            .map(|e| e.expect("entry").path())
            .collect();
        assert!(!files.is_empty(), "{device} holds the file");
        for f in files {
            let bytes = std::fs::read(&f).expect("read");
            assert!(
                !contains(&bytes, MARKER),
                "{} holds the plaintext",
                f.display()
            );
            assert!(!bytes.starts_with(b"%PDF"), "{}", f.display());
        }
    }

    let ui = tmp.path().join("ui");
    std::fs::create_dir_all(&ui).expect("ui dir");
    let (_stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (host, _task) = sotay_replica::start_headless(
        member.clone(),
        ui,
        "127.0.0.1:0".parse().expect("addr"),
        async {
            let _ = stopped.await;
        },
    )
    .await
    .expect("host");
    let shown = reqwest::Client::new()
        .get(format!("http://127.0.0.1:{}/files/{att}", host.addr.port()))
        .header(sotay_replica::host::TOKEN_HEADER, &host.token)
        .send()
        .await
        .expect("get");
    assert_eq!(shown.status().as_u16(), 200);
    assert_eq!(shown.bytes().await.expect("bytes").to_vec(), pdf);
}
