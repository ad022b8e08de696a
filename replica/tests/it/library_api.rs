//! The library through the typed Api on a real SQLCipher file: filters that combine
//! with text, snippets of the original accented text with matched words marked,
//! pulled documents indexed and deleted ones gone, and local create/edit/delete.

use crate::common;
use crate::library;

use common::*;
use library::*;
use sotay_model::api::{requests, ApiErrorKind, Request, Response};
use sotay_model::library::documents::{DocKind, DocStatus};
use sotay_model::library::{DocumentPatch, NewDocument};
use sotay_model::{Entity, Id};
use sotay_replica::apply_pull_page;

fn nums(hits: &[sotay_model::library::SearchHit]) -> Vec<&str> {
    hits.iter().map(|h| h.document.number.as_str()).collect()
}

#[test]
fn filters_by_kind_issuer_and_year_combine_with_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = library(dir.path());
    let notices = hits(
        &mut db,
        &env,
        "chuyển đổi số",
        Some(DocKind::Notice),
        None,
        None,
    );
    assert_eq!(nums(&notices), ["45-TB/HU", "128-TB/TU"]);
    let in_2022 = hits(&mut db, &env, "dang vien", None, None, Some(2022));
    let mut got = nums(&in_2022);
    got.sort();
    assert_eq!(got, ["12-HD/BTCTW", "21-NQ/TW"]);
    let district = hits(&mut db, &env, "đảng viên", None, Some(DISTRICT), None);
    let mut got = nums(&district);
    got.sort();
    assert_eq!(got, ["01-NQ/HU", "45-TB/HU"]);
    let all_three = hits(
        &mut db,
        &env,
        "nghi quyet",
        Some(DocKind::Resolution),
        Some(PROVINCE),
        Some(2022),
    );
    let mut got = nums(&all_three);
    got.sort();
    assert_eq!(got, ["21-NQ/TW", "27-NQ/TW"]);
    assert!(hits(&mut db, &env, "57-NQ/TW", None, None, Some(2023)).is_empty());

    // Lists: newest first, filters and text together.
    let directives = list(
        &mut db,
        &env,
        Request::ListDocuments(requests::ListDocuments {
            kind: Some(DocKind::Directive),
            org_id: None,
            year: None,
            query: None,
            limit: None,
            offset: None,
        }),
    );
    let got: Vec<&str> = directives.iter().map(|d| d.number.as_str()).collect();
    assert_eq!(got, ["35-CT/TW", "12-CT/TU", "25-CT/TU", "05-CT/TW"]);
    let digital = list(
        &mut db,
        &env,
        Request::ListDocuments(requests::ListDocuments {
            kind: None,
            org_id: None,
            year: None,
            query: Some("chuyen doi so".into()),
            limit: None,
            offset: None,
        }),
    );
    let got: Vec<&str> = digital.iter().map(|d| d.number.as_str()).collect();
    assert_eq!(got, ["57-NQ/TW", "45-TB/HU", "128-TB/TU", "52-NQ/TW"]);
    let everything = list(
        &mut db,
        &env,
        Request::ListDocuments(requests::ListDocuments {
            kind: None,
            org_id: None,
            year: None,
            query: None,
            limit: None,
            offset: None,
        }),
    );
    assert_eq!(everything.len(), fixture().len());
}

#[test]
fn snippets_show_the_original_accented_text_with_matched_words_marked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = library(dir.path());
    let found = hits(&mut db, &env, "dang vien", None, None, None);
    let ethics = found
        .iter()
        .find(|h| h.document.number == "144-QĐ/TW")
        .expect("144 found");
    let title: String = ethics
        .title
        .iter()
        .map(|s| {
            if s.hit {
                format!("«{}»", s.text)
            } else {
                s.text.clone()
            }
        })
        .collect();
    assert_eq!(
        title,
        "Về chuẩn mực đạo đức cách mạng của cán bộ, «đảng» «viên» trong giai đoạn mới"
    );
    assert!(
        ethics
            .snippet_marked
            .starts_with("Cán bộ, «đảng» «viên» tuyệt đối trung thành"),
        "{}",
        ethics.snippet_marked
    );
    // Spans and the marked text say the same thing; hits keep their original case.
    assert!(ethics.snippet.iter().any(|s| s.hit && s.text == "đảng"));

    // Marks keep the text's own case (57-NQ/TW, newer, says «đảng viên phải» too,
    // but not «cần»; exact wording above scattered words is library_search's case
    // "grassroots party organisations").
    let upper = hits(&mut db, &env, "ĐẢNG VIÊN phải cần", None, None, None);
    assert_eq!(nums(&upper)[0], "144-QĐ/TW");
    assert!(
        upper[0]
            .snippet_marked
            .contains("«ĐẢNG» «VIÊN» «phải» «cần», kiệm"),
        "{}",
        upper[0].snippet_marked
    );

    // A match deep in a long text shows an elided window around it.
    let digital = hits(&mut db, &env, "kinh tế số", None, None, None);
    let nq57 = digital
        .iter()
        .find(|h| h.document.number == "57-NQ/TW")
        .expect("57 found");
    assert!(
        nq57.snippet_marked.starts_with("… "),
        "{}",
        nq57.snippet_marked
    );
    assert!(
        nq57.snippet_marked
            .contains("«kinh» «tế» «số» chiếm ít nhất 30% GDP"),
        "{}",
        nq57.snippet_marked
    );
}

#[test]
fn pulled_documents_are_searchable_and_deleted_ones_disappear() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = library(dir.path());
    let i = fixture()
        .iter()
        .position(|f| f.number == "07-NQ/ĐU")
        .expect("fixture");
    assert_eq!(numbers(&mut db, &env, "song lang"), ["07-NQ/ĐU"]);

    // An edit pulled from the server re-indexes the row.
    let mut f = fixture().remove(i);
    f.title = "Về phát triển vùng lúa chất lượng cao xã Song Lãng".into();
    let edited = doc_row(doc_id(i), &f, 3_000);
    apply_pull_page(&mut db, &page(vec![edited.clone()], 200, false), 11_000).expect("pull");
    assert_eq!(numbers(&mut db, &env, "vung lua"), ["07-NQ/ĐU"]);
    assert!(numbers(&mut db, &env, "giai đoạn 2024").is_empty());

    // A tombstone pulled from the server removes it from search, lists and reads.
    let mut gone = edited;
    gone.tombstone = Some(stamp(4_000, OTHER_DEVICE));
    apply_pull_page(&mut db, &page(vec![gone], 201, false), 12_000).expect("pull");
    assert!(numbers(&mut db, &env, "song lang").is_empty());
    let all = list(
        &mut db,
        &env,
        Request::ListDocuments(requests::ListDocuments {
            kind: None,
            org_id: None,
            year: None,
            query: None,
            limit: None,
            offset: None,
        }),
    );
    assert_eq!(all.len(), fixture().len() - 1);
    let err = call(
        &mut db,
        &env,
        Request::GetDocument(requests::GetDocument { id: doc_id(i) }),
    )
    .expect_err("gone");
    assert_eq!(err.kind, ApiErrorKind::NotFound);

    // A document newly pulled is found at once; a scope reset drops the whole index.
    let mut fresh = fixture().remove(0);
    fresh.number = "99-NQ/TW".into();
    fresh.title = "Về phát triển kinh tế tư nhân".into();
    let id = Id::from_u128(0xD0C_9999);
    apply_pull_page(
        &mut db,
        &page(vec![doc_row(id, &fresh, 5_000)], 202, false),
        13_000,
    )
    .expect("pull");
    assert_eq!(numbers(&mut db, &env, "kinh tế tư nhân"), ["99-NQ/TW"]);
    apply_pull_page(&mut db, &page(tree(), 0, true), 14_000).expect("reset");
    assert!(numbers(&mut db, &env, "nghi quyet").is_empty());
}

fn new_doc() -> NewDocument {
    NewDocument {
        kind: DocKind::CellStudyMaterial,
        number: "04-TL/CB".into(),
        title: "Nội dung sinh hoạt chuyên đề quý I: học tập Quy định 144-QĐ/TW".into(),
        org_id: Id::from_u128(CELL_A),
        issuer: "Chi bộ thôn 1".into(),
        issued_on: "2025-02-10".into(),
        status: DocStatus::InForce,
        summary: "Học tập năm chuẩn mực đạo đức cách mạng.".into(),
        body: "Mỗi đảng viên tự liên hệ bản thân.".into(),
        topics: vec!["đạo đức cách mạng".into()],
    }
}

#[test]
fn local_documents_are_written_with_their_outbox_change_and_indexed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = library(dir.path());
    let Response::Created { id } =
        call(&mut db, &env, Request::CreateDocument(new_doc())).expect("create")
    else {
        panic!("created");
    };
    let pending = db.pending_changes().expect("outbox");
    assert_eq!(pending.len(), 1);
    assert_eq!(
        (pending[0].entity, pending[0].org_id),
        (Entity::Document, Id::from_u128(CELL_A))
    );
    assert_eq!(
        numbers(&mut db, &env, "144-QĐ/TW")[..2],
        ["144-QĐ/TW", "04-TL/CB"]
    );

    let patch = DocumentPatch {
        title: Some("Sinh hoạt chuyên đề về nêu gương".into()),
        status: Some(DocStatus::Replaced),
        ..DocumentPatch::default()
    };
    call(
        &mut db,
        &env,
        Request::UpdateDocument(requests::UpdateDocument { id, patch }),
    )
    .expect("update");
    // Its new title ranks it above documents that say "nêu gương" in their text.
    assert_eq!(numbers(&mut db, &env, "neu guong")[0], "04-TL/CB");
    let Response::Document { document } = call(
        &mut db,
        &env,
        Request::GetDocument(requests::GetDocument { id }),
    )
    .expect("get") else {
        panic!("document");
    };
    assert_eq!(document.status, DocStatus::Replaced);
    assert_eq!(document.body, "Mỗi đảng viên tự liên hệ bản thân.");

    call(
        &mut db,
        &env,
        Request::DeleteDocument(requests::DeleteDocument { id }),
    )
    .expect("delete");
    let after = numbers(&mut db, &env, "neu guong");
    assert!(!after.is_empty() && !after.contains(&"04-TL/CB".to_string()));
    assert_eq!(db.pending_changes().expect("outbox").len(), 3);
}

#[test]
fn bad_documents_are_refused_in_vietnamese_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = library(dir.path());
    let mut bad = new_doc();
    bad.issued_on = "30/02/2025".into();
    let err = call(&mut db, &env, Request::CreateDocument(bad)).expect_err("bad date");
    assert_eq!(err.kind, ApiErrorKind::Invalid);
    assert!(err.message.contains("ngày hợp lệ"), "{}", err.message);
    let mut nowhere = new_doc();
    nowhere.org_id = Id::from_u128(0xBAD);
    let err = call(&mut db, &env, Request::CreateDocument(nowhere)).expect_err("no org");
    assert_eq!(err.kind, ApiErrorKind::NotFound);
    let err = call(
        &mut db,
        &env,
        Request::SearchDocuments(requests::SearchDocuments {
            query: " - / ".into(),
            kind: None,
            org_id: None,
            year: None,
            limit: None,
        }),
    )
    .expect_err("empty query");
    assert_eq!(err.kind, ApiErrorKind::Invalid);
    assert!(db.pending_changes().expect("outbox").is_empty());
}

#[test]
fn a_wiped_device_keeps_nothing_of_the_index() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = library(dir.path());
    assert!(!numbers(&mut db, &env, "dang vien").is_empty());
    db.wipe().expect("wipe");
    assert!(numbers(&mut db, &env, "dang vien").is_empty());
    drop(db);
    let raw = raw_db(dir.path());
    for table in ["doc_search", "doc_fts"] {
        let n: i64 = raw
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .expect("count");
        assert_eq!(n, 0, "{table}");
    }
}

#[test]
fn long_documents_are_pushed_in_batches_the_server_accepts() {
    use sotay_model::protocol::{Outcome, PushResponse, PushResult};
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = library(dir.path());
    // Eight documents near the longest allowed full text (~0.7 MB of UTF-8 each).
    let body = "Đảng ủy, chi ủy, đảng viên ".repeat(18_000);
    assert!(body.chars().count() <= sotay_model::library::documents::MAX_BODY);
    for n in 0..8 {
        let mut d = new_doc();
        d.number = format!("1{n}-TL/CB");
        d.body = body.clone();
        call(&mut db, &env, Request::CreateDocument(d)).expect("create");
    }
    let (mut batches, mut pushed) = (0, 0);
    while let Some(batch) = sotay_replica::next_push_batch(&db).expect("batch") {
        let bytes = serde_json::to_vec(&batch).expect("json").len();
        assert!(
            bytes <= sotay_replica::sync::MAX_PUSH_BYTES + 1024,
            "{bytes} bytes"
        );
        let answer = PushResponse {
            results: batch
                .changes
                .iter()
                .map(|c| PushResult {
                    change_id: c.change_id,
                    outcome: Outcome::Accepted { seq: 1_000 },
                })
                .collect(),
        };
        sotay_replica::apply_push_response(&mut db, &batch, &answer, 20_000).expect("apply");
        batches += 1;
        pushed += batch.changes.len();
    }
    assert_eq!((pushed, batches > 1), (8, true));
}

#[test]
fn the_replica_answers_document_requests_in_their_json_wire_form() {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(library(dir.path()));
    let env = std::sync::Arc::new(sotay_replica::SeededEnv::new(7, 20_000));
    let replica = sotay_replica::Replica::open_with(dir.path(), env).expect("open");
    let req: Request = serde_json::from_str(
        r#"{"type":"search_documents","query":"nghi quyet 57","kind":"resolution","limit":5}"#,
    )
    .expect("request JSON");
    let answer = serde_json::to_value(replica.call_local(req).expect("search")).expect("json");
    assert_eq!(answer["type"], "search_results");
    let first = &answer["hits"][0];
    assert_eq!(first["document"]["number"], "57-NQ/TW");
    assert_eq!(first["document"]["kind"], "resolution");
    assert_eq!(first["document"]["status"], "in_force");
    assert!(
        first["document"].get("body").is_none(),
        "cards carry no full text"
    );
    assert!(first["title"].is_array() && first["snippet_marked"].is_string());
    let req: Request =
        serde_json::from_str(r#"{"type":"list_documents","year":2024}"#).expect("list JSON");
    let Response::Documents(sotay_model::library::DocumentPage { documents, .. }) =
        replica.call_local(req).expect("list")
    else {
        panic!("documents");
    };
    assert!(documents.iter().all(|d| d.issued_on.starts_with("2024")));
    assert_eq!(documents.len(), 7);
}

#[test]
fn a_last_word_still_being_typed_matches_as_a_prefix_only_when_nothing_else_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = library(dir.path());
    let typing = hits(&mut db, &env, "chuyển đổi số quố", None, None, None);
    assert_eq!(nums(&typing)[..2], ["57-NQ/TW", "52-NQ/TW"]);
    let title: String = typing[0]
        .title
        .iter()
        .map(|s| {
            if s.hit {
                format!("«{}»", s.text)
            } else {
                s.text.clone()
            }
        })
        .collect();
    assert!(title.ends_with("«chuyển» «đổi» «số» «quốc» gia"), "{title}");
    // Whole words found: no prefix, so `số` does not mark `sở`-like longer words.
    let done = hits(&mut db, &env, "chuyen doi so", None, None, None);
    assert!(!done[0].snippet_marked.contains("«quốc»"));
    assert_eq!(numbers(&mut db, &env, "song lan")[0], "07-NQ/ĐU");
}

#[test]
fn lists_come_in_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = library(dir.path());
    let page = |offset| {
        Request::ListDocuments(requests::ListDocuments {
            kind: None,
            org_id: None,
            year: None,
            query: None,
            limit: Some(10),
            offset: Some(offset),
        })
    };
    let mut seen = Vec::new();
    for (offset, len, more) in [(0, 10, true), (10, 10, true), (20, 3, false)] {
        match call(&mut db, &env, page(offset)).expect("list") {
            Response::Documents(sotay_model::library::DocumentPage { documents, more: m }) => {
                assert_eq!((documents.len(), m), (len, more), "offset {offset}");
                seen.extend(documents.into_iter().map(|d| d.issued_on));
            }
            other => panic!("{other:?}"),
        }
    }
    let mut sorted = seen.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(seen, sorted, "newest first across pages");
}

fn search_57() -> Request {
    Request::SearchDocuments(requests::SearchDocuments {
        query: "57-NQ/TW".into(),
        kind: None,
        org_id: None,
        year: None,
        limit: None,
    })
}

fn found(answer: Result<Response, sotay_model::api::ApiError>) -> Vec<String> {
    match answer {
        Ok(Response::SearchResults { hits }) => {
            hits.into_iter().map(|h| h.document.number).collect()
        }
        other => panic!("search: {other:?}"),
    }
}

#[test]
fn a_search_is_answered_while_a_sync_holds_the_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(library(dir.path()));
    let replica = sotay_replica::Replica::open(dir.path()).expect("open");
    // What a sync holds for a whole page's transaction (a second or more on a phone).
    let held = replica.db();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::scope(|s| {
        s.spawn(|| {
            // The receiver may have given up (the failure below): nothing to do then.
            let _ = tx.send(replica.call_local(search_57()));
        });
        // A detector, not a wait: under the mutex this never arrives.
        let answer = rx.recv_timeout(std::time::Duration::from_secs(60));
        drop(held);
        let answer = answer.expect("the search waited for the database the sync holds");
        assert_eq!(found(answer), vec!["57-NQ/TW"]);
    });
}

#[test]
fn after_a_wipe_the_search_connection_reads_the_new_empty_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(library(dir.path()));
    let replica = sotay_replica::Replica::open(dir.path()).expect("open");
    assert_eq!(found(replica.call_local(search_57())), vec!["57-NQ/TW"]);
    replica.db().wipe().expect("wipe");
    assert!(found(replica.call_local(search_57())).is_empty());
    // Nothing of this process still holds the deleted file open (on Linux it could
    // be read on through such a handle).
    for fd in std::fs::read_dir("/proc/self/fd").expect("fds").flatten() {
        if let Ok(target) = std::fs::read_link(fd.path()) {
            let t = target.to_string_lossy();
            assert!(
                !(t.starts_with(&*dir.path().to_string_lossy()) && t.ends_with("(deleted)")),
                "still open: {t}"
            );
        }
    }
}
