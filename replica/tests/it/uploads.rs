//! Files a screen picked, sent to the device in pieces (issue 20): checked before any
//! byte, pieces only in order, nothing plain on disk while they arrive, attached to a
//! document and downloaded by a member byte for byte; a cancelled upload leaves nothing.

use crate::study_live;

use base64::Engine;
use sotay_model::api::{ApiErrorKind, Request};
use sotay_model::library::requests::{
    AttachFile, BeginUpload, CancelUpload, ListAttachments, PinAttachment, UploadChunk,
};
use sotay_model::Id;
use study_live::{id, sync, Server, DOC, M1, SECRETARY};

const MARKER: &[u8] = b"KE-HOACH-MAT-5521-KHONG-DUOC-LO";
const PIECE: usize = 1024 * 1024;

fn content(len: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut x: u32 = 0x1234_5678;
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        out.push((x & 0xff) as u8);
    }
    for at in [100, PIECE - 10, len - MARKER.len()] {
        out[at..at + MARKER.len()].copy_from_slice(MARKER);
    }
    out
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn chunk(upload_id: Id, offset: usize, bytes: &[u8]) -> UploadChunk {
    UploadChunk {
        upload_id,
        offset: offset as u64,
        data: b64(bytes),
    }
}

/// Every file under `dir`, however deep.
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn holds(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_picked_file_arrives_in_pieces_sealed_and_is_attached_whole() {
    let server = Server::start().await;
    let tmp = tempfile::tempdir().expect("tempdir");
    let office = server.enrolled(&tmp.path().join("office"), SECRETARY).await;
    let pdf = content(2 * PIECE + 12_345);

    let upload = office
        .ask(BeginUpload {
            name: "Kế hoạch kiểm tra.pdf".into(),
            size: pdf.len() as u64,
        })
        .await
        .expect("begin");
    let first = office
        .ask(chunk(upload, 0, &pdf[..PIECE]))
        .await
        .expect("first piece");
    assert_eq!(
        (first.received, first.size),
        (PIECE as u64, pdf.len() as u64)
    );

    // Wrong pieces are refused and change nothing: again, skipping ahead, not base64,
    // past the announced size.
    for (bad, why) in [
        (chunk(upload, 0, &pdf[..PIECE]), "thứ tự"),
        (chunk(upload, 2 * PIECE, &pdf[2 * PIECE..]), "thứ tự"),
        (
            UploadChunk {
                upload_id: upload,
                offset: PIECE as u64,
                data: "không phải base64!".into(),
            },
            "base64",
        ),
    ] {
        let err = office.ask(bad).await.expect_err("refused");
        assert_eq!(err.kind, ApiErrorKind::Invalid, "{err:?}");
        assert!(err.message.contains(why), "{err:?}");
    }
    let mut too_long = pdf[PIECE..].to_vec();
    too_long.extend_from_slice(b"more");
    let err = office
        .ask(chunk(upload, PIECE, &too_long))
        .await
        .expect_err("past the size");
    assert!(err.message.contains("dài hơn"), "{err:?}");

    // Not complete yet: attaching is refused and writes no row.
    let err = office
        .ask(AttachFile {
            document_id: id(DOC),
            path: String::new(),
            name: None,
            upload_id: Some(upload),
        })
        .await
        .expect_err("incomplete");
    assert!(err.message.contains("chưa gửi xong"), "{err:?}");
    let none = office
        .ask(ListAttachments {
            document_id: id(DOC),
        })
        .await
        .expect("list");
    assert!(none.is_empty());

    let second = office
        .ask(chunk(upload, PIECE, &pdf[PIECE..2 * PIECE]))
        .await
        .expect("second piece");
    assert_eq!(second.received, 2 * PIECE as u64);
    let last = office
        .ask(chunk(upload, 2 * PIECE, &pdf[2 * PIECE..]))
        .await
        .expect("last piece");
    assert_eq!(last.received, pdf.len() as u64);

    // While it waits on the device, no plain byte of it is on disk.
    let blobs = tmp.path().join("office").join("blobs");
    let waiting = files_under(&blobs);
    assert!(waiting.len() >= 4, "meta and three pieces: {waiting:?}");
    for f in &waiting {
        let bytes = std::fs::read(f).expect("read");
        assert!(!holds(&bytes, MARKER), "{} holds plain bytes", f.display());
        assert!(!holds(&bytes, "Kế hoạch".as_bytes()), "{}", f.display());
    }

    let att = office
        .ask(AttachFile {
            document_id: id(DOC),
            path: String::new(),
            name: None,
            upload_id: Some(upload),
        })
        .await
        .expect("attach");
    let listed = office
        .ask(ListAttachments {
            document_id: id(DOC),
        })
        .await
        .expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].attachment.id, att);
    assert_eq!(listed[0].attachment.name, "Kế hoạch kiểm tra.pdf");
    assert_eq!(listed[0].attachment.size, pdf.len() as u64);
    let held = sotay_replica::library::blobs::read_local(&office.db(), att)
        .expect("on the device")
        .1;
    assert!(
        held == pdf,
        "the attached file is the picked file, byte for byte"
    );
    assert!(
        !blobs.join("uploads").join(upload.to_string()).exists(),
        "the pieces go once attached"
    );
    // The upload was used: it cannot be attached twice.
    let again = office
        .ask(AttachFile {
            document_id: id(DOC),
            path: String::new(),
            name: None,
            upload_id: Some(upload),
        })
        .await
        .expect_err("used");
    assert_eq!(again.kind, ApiErrorKind::NotFound, "{again:?}");

    // A member of the document's cell downloads it whole.
    sync(&office).await;
    let member = server.enrolled(&tmp.path().join("member"), M1).await;
    let file = member.ask(PinAttachment { id: att }).await.expect("pin");
    assert_eq!(file.attachment.sha256, listed[0].attachment.sha256);
    let theirs = sotay_replica::library::blobs::read_local(&member.db(), att)
        .expect("on the member's device")
        .1;
    assert!(theirs == pdf);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_files_are_refused_before_a_byte_and_a_cancel_leaves_nothing() {
    let server = Server::start().await;
    let tmp = tempfile::tempdir().expect("tempdir");
    let office = server.enrolled(&tmp.path().join("office"), SECRETARY).await;
    for (name, size, why) in [
        ("chương trình.exe", 10, "chỉ nhận tệp PDF"),
        ("trống.pdf", 0, "rỗng"),
        ("lớn.pdf", 2 * 1024 * 1024 * 1024, "1 GB"),
        ("   ", 10, "Hãy chọn"),
    ] {
        let err = office
            .ask(BeginUpload {
                name: name.into(),
                size,
            })
            .await
            .expect_err("refused");
        assert_eq!(err.kind, ApiErrorKind::Invalid, "{name}: {err:?}");
        assert!(err.message.contains(why), "{name}: {err:?}");
    }
    let uploads = tmp.path().join("office").join("blobs").join("uploads");
    assert!(
        files_under(&uploads).is_empty(),
        "nothing kept for refusals"
    );

    let upload = office
        .ask(BeginUpload {
            name: "Ảnh biên bản.jpg".into(),
            size: 5_000,
        })
        .await
        .expect("begin");
    office
        .ask(chunk(upload, 0, &[7u8; 2_000]))
        .await
        .expect("a piece");
    office
        .ask(CancelUpload { upload_id: upload })
        .await
        .expect("cancel");
    assert!(files_under(&uploads).is_empty(), "a cancel leaves nothing");
    let late = office
        .ask(chunk(upload, 2_000, &[7u8; 3_000]))
        .await
        .expect_err("cancelled");
    assert_eq!(late.kind, ApiErrorKind::NotFound, "{late:?}");
    let err = office
        .ask(CancelUpload { upload_id: upload })
        .await
        .expect_err("already gone");
    assert_eq!(err.kind, ApiErrorKind::NotFound);
    // An id that was never an upload.
    let err = office
        .ask(AttachFile {
            document_id: id(DOC),
            path: String::new(),
            name: None,
            upload_id: Some(Id::from_u128(0xABCD)),
        })
        .await
        .expect_err("no such upload");
    assert_eq!(err.kind, ApiErrorKind::NotFound, "{err:?}");
    // Through the wire form too: the old request (a path, no upload) still parses.
    let old: Request = serde_json::from_str(&format!(
        r#"{{"type":"attach_file","document_id":"{}","path":"/nowhere.pdf"}}"#,
        id(DOC)
    ))
    .expect("the old form parses");
    assert!(matches!(
        old,
        Request::AttachFile(AttachFile {
            upload_id: None,
            ..
        })
    ));
}
