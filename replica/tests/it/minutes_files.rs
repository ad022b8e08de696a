//! Minutes written as files (`ExportMinutes`): a real .docx and PDF under
//! `HOME/exports/`, parsed back minimally, and handed to a browser by the headless host
//! (`GET /exports/{name}`: the session's token only, 404 for unknown names, no way out
//! of the directory).

use crate::common;

use common::*;
use sotay_model::api::{requests, Request, Response};
use sotay_model::meetings::api::NewMeeting;
use sotay_model::meetings::MeetingKind;
use sotay_model::transfer::ExportFormat;
use sotay_model::Id;
use sotay_replica::{apply_pull_page, Replica};
use std::io::Read;
use std::sync::Arc;

const START: u64 = 1_796_000_000_000;

async fn call(r: &Replica, req: Request) -> Response {
    let shown = format!("{req:?}");
    r.call(req)
        .await
        .unwrap_or_else(|e| panic!("{shown}: {e:?}"))
}

async fn export(r: &Replica, meeting_id: Id, format: ExportFormat) -> (String, String) {
    match call(
        r,
        Request::ExportMinutes(requests::ExportMinutes {
            meeting_id,
            minutes_id: None,
            format,
        }),
    )
    .await
    {
        Response::ExportedFile(sotay_model::transfer::ExportedFile { path, name }) => (path, name),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn minutes_are_written_as_files_and_served_to_the_browser() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let home = tmp.path().join("home");
    {
        let (mut db, _) = enrolled(&home);
        let people = vec![
            member(0x4D, "Nguyễn Thị Hoa", CELL_A),
            member(0x60, "Trần Văn Bình", CELL_A),
        ];
        apply_pull_page(&mut db, &page(people, 10, false), 10_000).expect("members");
    }
    let replica = Arc::new(Replica::open(&home).expect("replica"));
    let created = call(
        &replica,
        Request::CreateMeeting(NewMeeting {
            org_id: Id::from_u128(CELL_A),
            kind: MeetingKind::Regular,
            topic: "Sinh hoạt chi bộ tháng 12".into(),
            starts_at: START,
            ends_at: START + 7_200_000,
            place: "Nhà văn hóa thôn 1".into(),
            chair_id: Some(Id::from_u128(0x4D)),
            minute_taker_id: None,
            agenda: vec!["Thông tin thời sự".into(), "Nhiệm vụ tháng 1".into()],
            materials: vec![],
            invited: vec![],
            guests: vec![],
        }),
    )
    .await;
    let Response::Created { id: meeting } = created else {
        panic!("{created:?}")
    };
    call(
        &replica,
        Request::CreateMinutes(requests::CreateMinutes {
            meeting_id: meeting,
            reason: None,
        }),
    )
    .await;

    let (docx_path, docx_name) = export(&replica, meeting, ExportFormat::Docx).await;
    assert!(docx_name.starts_with("bien-ban-") && docx_name.ends_with(".docx"));
    assert_eq!(
        std::path::Path::new(&docx_path),
        home.join("exports").join(&docx_name)
    );
    let docx = std::fs::read(&docx_path).expect("docx file");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx.clone())).expect("a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .expect("xml");
    assert!(xml.contains("ĐẢNG CỘNG SẢN VIỆT NAM") && xml.contains("Nhiệm vụ tháng 1"));

    let (pdf_path, pdf_name) = export(&replica, meeting, ExportFormat::Pdf).await;
    assert!(pdf_name.ends_with(".pdf"));
    let pdf = std::fs::read(&pdf_path).expect("pdf file");
    assert!(pdf.starts_with(b"%PDF"));
    let again = export(&replica, meeting, ExportFormat::Pdf).await;
    assert_eq!(again.1, pdf_name, "a second export replaces the first");

    // The headless host hands the files to a browser.
    let ui = tmp.path().join("ui");
    std::fs::create_dir_all(&ui).expect("ui dir");
    // A file beside the home that a traversal would reach.
    std::fs::write(home.join("secret.txt"), b"not for the browser").expect("secret");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (host, task) = sotay_replica::start_headless(
        replica.clone(),
        ui,
        "127.0.0.1:0".parse().expect("addr"),
        async {
            let _ = stopped.await;
        },
    )
    .await
    .expect("host");
    let base = format!("http://127.0.0.1:{}/exports", host.addr.port());
    let http = reqwest::Client::new();
    let get = |name: &str, token: Option<&str>| {
        let mut req = http.get(format!("{base}/{name}"));
        if let Some(t) = token {
            req = req.header(sotay_replica::host::TOKEN_HEADER, t);
        }
        req.send()
    };
    let no_token = get(&docx_name, None).await.expect("get");
    assert_eq!(no_token.status().as_u16(), 401);
    let wrong_token = get(&docx_name, Some("nope")).await.expect("get");
    assert_eq!(wrong_token.status().as_u16(), 401);

    let got = get(&docx_name, Some(&host.token)).await.expect("get");
    assert_eq!(got.status().as_u16(), 200);
    assert_eq!(
        got.headers()["content-type"].to_str().expect("type"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(got.headers()["content-disposition"]
        .to_str()
        .expect("disposition")
        .contains(&docx_name));
    assert_eq!(got.bytes().await.expect("bytes").to_vec(), docx);
    let got = get(&pdf_name, Some(&host.token)).await.expect("get");
    assert_eq!(
        got.headers()["content-type"].to_str().expect("type"),
        "application/pdf"
    );
    assert!(got.bytes().await.expect("bytes").starts_with(b"%PDF"));

    for name in [
        "bien-ban-khong-co.pdf",
        "..%2Fsecret.txt",
        "%2E%2E%2Fsecret.txt",
        "..%5Csecret.txt",
        "secret.txt",
        "..",
        &format!("{pdf_name}.tmp"),
    ] {
        let r = get(name, Some(&host.token)).await.expect("get");
        assert_eq!(r.status().as_u16(), 404, "{name}");
    }
    // A raw `../` never reaches the route as a path segment either.
    let r = http
        .get(format!("{base}/../secret.txt"))
        .header(sotay_replica::host::TOKEN_HEADER, &host.token)
        .send()
        .await
        .expect("get");
    assert_ne!(r.status().as_u16(), 200);

    let _ = stop.send(());
    task.await.expect("join").expect("host stopped");
}

/// Exported files are plain (a viewer or browser must read them), so they are kept only
/// a day: older ones and half-written ones are deleted when the replica opens.
#[test]
fn stale_exports_are_cleared_when_the_replica_opens() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let exports = tmp.path().join("exports");
    std::fs::create_dir_all(&exports).expect("exports");
    let day_ago = |h: u64| std::time::SystemTime::now() - std::time::Duration::from_secs(h * 3600);
    for (name, hours) in [
        ("bien-ban-cu-2026-11-01.pdf", 49),
        ("bien-ban-moi-2026-12-01.pdf", 1),
        ("bien-ban-do-dang.pdf.tmp", 0),
    ] {
        let path = exports.join(name);
        std::fs::write(&path, b"%PDF-1.7").expect("write");
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(day_ago(hours)))
            .expect("set time");
    }
    drop(Replica::open(tmp.path()).expect("open"));
    let mut left: Vec<String> = std::fs::read_dir(&exports)
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, vec!["bien-ban-moi-2026-12-01.pdf".to_string()]);
}
