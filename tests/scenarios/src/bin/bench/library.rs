//! The library's benchmarks (issue 5), printed not asserted: Vietnamese full-text
//! search p50/p95/p99 over 10,000 documents through `Replica::call` (and while a sync
//! applies pages), of realistic text on a replica, and the time
//! and bytes to pin 100 attachments from a real server (in-process, on loopback).
//! `bench library` runs only these.

use super::report::Report;
use anyhow::{bail, Context, Result};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sotay_model::api::{requests, Request, Response};
use sotay_model::change::FieldValue;
use sotay_model::entities::OrgKind;
use sotay_model::hlc::Hlc;
use sotay_model::protocol::{Cursor, PullResponse, PulledRow};
use sotay_model::{Entity, Id, RowState};
use sotay_replica::{apply_pull_page, Identity, Replica};
use std::path::Path;
use std::time::Instant;

const DOCS: usize = 10_000;
const PINS: usize = 100;
const PIN_BYTES: usize = 200 * 1024;

const KINDS: &[(&str, &str)] = &[
    ("resolution", "NQ"),
    ("directive", "CT"),
    ("conclusion", "KL"),
    ("regulation", "QĐ"),
    ("guidance", "HD"),
    ("notice", "TB"),
];
const LEVELS: &[&str] = &["TW", "TU", "HU", "ĐU"];
const PHRASES: &[&str] = &[
    "nâng cao năng lực lãnh đạo và sức chiến đấu của tổ chức cơ sở đảng",
    "xây dựng, chỉnh đốn Đảng và hệ thống chính trị trong sạch, vững mạnh",
    "đẩy mạnh chuyển đổi số quốc gia và phát triển kinh tế số",
    "nâng cao chất lượng đội ngũ đảng viên, nhất là đảng viên trẻ",
    "tăng cường công tác kiểm tra, giám sát và kỷ luật của Đảng",
    "phát triển khoa học, công nghệ, đổi mới sáng tạo",
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "đấu tranh phòng, chống tham nhũng, lãng phí, tiêu cực",
    "đổi mới nội dung, phương thức sinh hoạt chi bộ",
    "bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái",
    "xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu",
    "công tác dân vận trong tình hình mới",
    "thực hiện quy chế dân chủ ở cơ sở",
    "quản lý, sử dụng đất đai và bảo vệ môi trường",
    "chăm lo đời sống vật chất, tinh thần cho nhân dân",
];
const TITLES: &[&str] = &[
    "Về đột phá phát triển khoa học, công nghệ",
    "Về tăng cường công tác giáo dục chính trị tư tưởng",
    "Về nâng cao chất lượng sinh hoạt chi bộ",
    "Về công tác phát triển đảng viên",
    "Về chuyển đổi số trong các cơ quan đảng",
    "Về công tác kiểm tra, giám sát nhiệm kỳ",
    "Về xây dựng nông thôn mới nâng cao",
    "Về phòng, chống tham nhũng, lãng phí",
];
const QUERIES: &[&str] = &[
    "nghị quyết 57",
    "nghi quyet",
    "dang vien tre",
    "ĐẢNG VIÊN",
    "chuyển đổi số",
    "57-NQ/TW",
    "12 CT TU",
    "kiem tra giam sat",
    "sinh hoạt chi bộ",
    "tham nhũng lãng phí",
    "nông thôn mới",
    "khoa hoc cong nghe doi moi sang tao",
    "tư tưởng Hồ Chí Minh",
    "dan van",
    "chi thi 05",
];

/// Worst cases for the index, timed apart from `QUERIES`: every word is in nearly every
/// text but never near the others, so the precise search walks every document before
/// the scattered-words fallback answers.
const SCATTERED: &[&str] = &[
    "dang vien tre kinh te so",
    "hệ thống chính trị tham nhũng nông thôn",
    "dan chu dat dai tinh than",
];

fn stamp() -> Hlc {
    Hlc {
        wall_ms: 1_000,
        counter: 0,
        node: Id::nil(),
    }
}

fn row(entity: Entity, id: Id, fields: Vec<(&str, Value)>) -> RowState {
    let fields = fields
        .into_iter()
        .map(|(k, value)| {
            (
                k.to_string(),
                FieldValue {
                    value,
                    hlc: stamp(),
                },
            )
        })
        .collect();
    let org_id = sotay_model::entities::owning_org(entity, id, &fields).unwrap_or(Id::nil());
    RowState {
        entity,
        row_id: id,
        org_id,
        fields,
        tombstone: None,
    }
}

fn page(rows: Vec<RowState>, seq: u64) -> PullResponse {
    let n = rows.len() as u64;
    PullResponse {
        rows: rows
            .into_iter()
            .enumerate()
            .map(|(i, row)| PulledRow {
                seq: seq + i as u64 + 1,
                row,
            })
            .collect(),
        cursor: Cursor {
            epoch: 1,
            seq: seq + n,
        },
        more: false,
        reset: false,
        gone: vec![],
        remaining: 0,
    }
}

fn document(rng: &mut StdRng, i: usize, org: Id) -> RowState {
    let (kind, abbr) = KINDS[rng.gen_range(0..KINDS.len())];
    let level = LEVELS[rng.gen_range(0..LEVELS.len())];
    let sentence = |rng: &mut StdRng| {
        let a = PHRASES[rng.gen_range(0..PHRASES.len())];
        let b = PHRASES[rng.gen_range(0..PHRASES.len())];
        format!("Các cấp ủy, tổ chức đảng tập trung {a}, gắn với {b}.")
    };
    let body: Vec<String> = (0..40).map(|_| sentence(rng)).collect();
    row(
        Entity::Document,
        Id::from_u128(0xb0c0_0000 + i as u128),
        vec![
            ("kind", json!(kind)),
            ("number", json!(format!("{}-{abbr}/{level}", i % 200 + 1))),
            ("title", json!(TITLES[rng.gen_range(0..TITLES.len())])),
            ("org_id", json!(org.to_string())),
            ("issuer", json!("Ban Thường vụ Tỉnh ủy")),
            (
                "issued_on",
                json!(format!(
                    "{}-{:02}-{:02}",
                    2000 + i % 26,
                    i % 12 + 1,
                    i % 28 + 1
                )),
            ),
            ("status", json!("in_force")),
            ("summary", json!(sentence(rng))),
            ("body", json!(body.join(" "))),
            ("topics", json!([PHRASES[i % PHRASES.len()]])),
        ],
    )
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or(0.0)
}

/// `name_pNN` lines, in ms, for each percentile of `sorted` (milliseconds, sorted).
fn report_ms(rep: &mut Report, name: &str, sorted: &[f64], percents: &[u8]) {
    for &p in percents {
        let line = format!("{name}_p{p}");
        rep.line(&line, percentile(sorted, f64::from(p) / 100.0), "ms");
    }
}

/// Rounds of `QUERIES` timed (300 searches: enough for a p99).
const ROUNDS: usize = 20;
/// Documents in each page the sync applies while searches run.
const SYNC_PAGE: usize = 1_000;
/// Pages applied while searches run.
const SYNC_PAGES: usize = 3;

fn search_request(q: &str) -> Request {
    Request::SearchDocuments(requests::SearchDocuments {
        query: q.into(),
        kind: None,
        org_id: None,
        year: None,
        limit: None,
    })
}

/// One search on the phone's path (`Replica::call`, lock and all), in milliseconds.
fn timed_search(rt: &tokio::runtime::Runtime, phone: &Replica, q: &str) -> Result<f64> {
    let t = Instant::now();
    let resp = rt.block_on(phone.call(search_request(q)))?;
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    if !matches!(resp, Response::SearchResults { .. }) {
        bail!("unexpected answer to a search: {resp:?}");
    }
    Ok(ms)
}

fn documents_page(rng: &mut StdRng, first: usize, n: usize, org: Id, seq: u64) -> PullResponse {
    let rows = (0..n).map(|i| document(rng, first + i, org)).collect();
    page(rows, seq)
}

/// Search p50/p95/p99 over a replica holding `DOCS` documents, through
/// `Replica::call` as the phone asks; then the same searches while a sync applies
/// pages of `SYNC_PAGE` more documents (the sync holds the database for each page).
fn search(rep: &mut Report, work: &Path) -> Result<()> {
    let phone = Replica::open(work.join("library-search"))?;
    let province = Id::from_u128(1);
    {
        let mut db = phone.db();
        db.set_identity(&Identity {
            server: "http://127.0.0.1:9".into(),
            device_id: Id::from_u128(0xbe),
            member_id: Id::from_u128(0xbf),
            credential: "bench.secret".into(),
        })?;
        let org = row(
            Entity::Organisation,
            province,
            vec![
                ("name", json!("Đảng bộ tỉnh Thái Bình")),
                ("kind", json!(OrgKind::Province)),
                ("parent_id", Value::Null),
            ],
        );
        apply_pull_page(&mut db, &page(vec![org], 0), 2_000)?;
    }
    let mut rng = StdRng::seed_from_u64(5);
    let start = Instant::now();
    for chunk in 0..DOCS / 1_000 {
        let p = documents_page(
            &mut rng,
            chunk * 1_000,
            1_000,
            province,
            1 + chunk as u64 * 1_000,
        );
        apply_pull_page(&mut phone.db(), &p, 2_000)?;
    }
    rep.line(
        "library_index_10k_documents",
        start.elapsed().as_secs_f64(),
        "s",
    );
    let rt = tokio::runtime::Builder::new_current_thread().build()?;
    let mut times = Vec::new();
    let mut per_query: Vec<(f64, &str)> = QUERIES.iter().map(|q| (0.0, *q)).collect();
    for _ in 0..ROUNDS {
        for (qi, q) in QUERIES.iter().enumerate() {
            let ms = timed_search(&rt, &phone, q)?;
            times.push(ms);
            per_query[qi].0 += ms / ROUNDS as f64;
        }
    }
    times.sort_by(f64::total_cmp);
    // Which queries cost most (stderr only): where tuning would start.
    per_query.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, q) in per_query.iter().take(3) {
        eprintln!("  slowest search: {q:?} {ms:.1} ms on average");
    }
    report_ms(rep, "library_search", &times, &[50, 95, 99]);
    let mut scattered = Vec::new();
    for _ in 0..ROUNDS {
        for q in SCATTERED {
            scattered.push(timed_search(&rt, &phone, q)?);
        }
    }
    scattered.sort_by(f64::total_cmp);
    report_ms(rep, "library_search_scattered", &scattered, &[50, 95]);

    // A sync applying pages meanwhile, as `sync::apply_page` does: the database lock
    // held for each page's transaction.
    let pages: Vec<PullResponse> = (0..SYNC_PAGES)
        .map(|k| {
            let first = DOCS + k * SYNC_PAGE;
            documents_page(&mut rng, first, SYNC_PAGE, province, (first + 1) as u64)
        })
        .collect();
    let done = std::sync::atomic::AtomicBool::new(false);
    let mut during = Vec::new();
    let mut page_secs = Vec::new();
    std::thread::scope(|s| -> Result<()> {
        let sync = s.spawn(|| -> Result<Vec<f64>> {
            let mut secs = Vec::new();
            for p in &pages {
                let t = Instant::now();
                apply_pull_page(&mut phone.db(), p, 2_000)?;
                secs.push(t.elapsed().as_secs_f64());
            }
            done.store(true, std::sync::atomic::Ordering::SeqCst);
            Ok(secs)
        });
        let mut qi = 0;
        while !done.load(std::sync::atomic::Ordering::SeqCst) {
            during.push(timed_search(&rt, &phone, QUERIES[qi % QUERIES.len()])?);
            qi += 1;
        }
        page_secs = sync
            .join()
            .map_err(|_| anyhow::anyhow!("the sync thread panicked"))??;
        Ok(())
    })?;
    during.sort_by(f64::total_cmp);
    page_secs.sort_by(f64::total_cmp);
    eprintln!(
        "  during the sync: {} searches while {} pages of {SYNC_PAGE} documents applied \
         (median page {:.0} ms)",
        during.len(),
        page_secs.len(),
        percentile(&page_secs, 0.5) * 1000.0
    );
    report_ms(rep, "library_search_during_sync", &during, &[50, 95]);
    rep.line(
        "library_sync_page_1000_documents",
        percentile(&page_secs, 0.5) * 1000.0,
        "ms",
    );
    Ok(())
}

/// Time and bytes for a member's phone to pin `PINS` attachments of `PIN_BYTES`.
async fn pin(rep: &mut Report, work: &Path) -> Result<()> {
    use sotay_server::{rows, AppState, SqliteStore, Store};
    let data = work.join("library-server");
    std::fs::create_dir_all(&data)?;
    let store = std::sync::Arc::new(SqliteStore::open(data.join("sotay.db"))?);
    let fixture = sotay_conformance::fixture::Tree::seed(store.as_ref());
    let hlc = rows::server_hlc(1_000);
    let doc = Id::from_u128(0xd0c);
    let mut changes = vec![rows::edit_change(
        Id::from_u128(0xd0c1),
        Entity::Document,
        doc,
        fixture.c1,
        vec![
            ("kind", json!("cell_study_material")),
            ("number", json!("01-TL/CB")),
            ("title", json!("Tài liệu sinh hoạt chuyên đề")),
            ("org_id", json!(fixture.c1)),
            ("issuer", json!("Chi bộ")),
            ("issued_on", json!("2025-03-02")),
            ("status", json!("in_force")),
        ],
        hlc,
    )];
    let mut rng = StdRng::seed_from_u64(9);
    for i in 0..PINS {
        let bytes: Vec<u8> = (0..PIN_BYTES).map(|_| rng.gen()).collect();
        let sha = hex::encode(Sha256::digest(&bytes));
        store.put_blob(&sha, &bytes)?;
        changes.push(rows::edit_change(
            Id::from_u128(0xa700_0000 + i as u128),
            Entity::Attachment,
            Id::from_u128(0xa710_0000 + i as u128),
            fixture.c1,
            vec![
                ("document_id", json!(doc)),
                ("org_id", json!(fixture.c1)),
                ("name", json!(format!("Phụ lục {i}.pdf"))),
                ("mime", json!("application/pdf")),
                ("size", json!(PIN_BYTES)),
                ("sha256", json!(sha)),
            ],
            hlc,
        ));
    }
    store.seed(&changes, 1_000)?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    let state = AppState::new(store.clone());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(sotay_server::serve(listener, state.clone(), async {
        let _ = stopped.await;
    }));
    let code = store.create_enroll_code(
        fixture.m1,
        sotay_server::DEFAULT_CODE_TTL_MS,
        super::now_ms(),
    )?;
    let phone = sotay_replica::Replica::open(work.join("library-phone"))?;
    phone
        .call(Request::Enroll(requests::Enroll {
            server: url,
            code,
            device_name: "điện thoại đo".into(),
            pin_sha256: None,
        }))
        .await?;
    let Response::Attachments { attachments } = phone
        .call(Request::ListAttachments(requests::ListAttachments {
            document_id: doc,
        }))
        .await?
    else {
        bail!("no attachment list");
    };
    if attachments.len() != PINS {
        bail!(
            "the phone holds {} attachments, not {PINS}",
            attachments.len()
        );
    }
    let sent = state.blob_bytes_sent();
    let start = Instant::now();
    for a in &attachments {
        phone
            .call(Request::PinAttachment(requests::PinAttachment {
                id: a.attachment.id,
            }))
            .await
            .with_context(|| format!("pin {}", a.attachment.name))?;
    }
    let secs = start.elapsed().as_secs_f64();
    let bytes = state.blob_bytes_sent() - sent;
    let _ = stop.send(());
    rep.line("pin_100_attachments", secs, "s");
    rep.line(
        "pin_100_attachments_bytes",
        bytes as f64 / (1024.0 * 1024.0),
        "MiB",
    );
    rep.line(
        "pin_100_attachments_rate",
        bytes as f64 / (1024.0 * 1024.0) / secs,
        "MiB/s",
    );
    Ok(())
}

/// Both library benchmarks; a failure is reported as a skipped line, not an abort.
pub fn run(rep: &mut Report, work: &Path) {
    eprintln!(
        "  library: load average (1/5/15 min) at the start: {}",
        super::report::load_average()
    );
    if let Err(e) = search(rep, work) {
        rep.skip("library_search_p50", &format!("{e:#}"));
    }
    let pinned = tokio::runtime::Runtime::new()
        .map_err(anyhow::Error::from)
        .and_then(|rt| rt.block_on(pin(rep, work)));
    if let Err(e) = pinned {
        rep.skip("pin_100_attachments", &format!("{e:#}"));
    }
    eprintln!(
        "  library: load average (1/5/15 min) at the end: {}",
        super::report::load_average()
    );
}
