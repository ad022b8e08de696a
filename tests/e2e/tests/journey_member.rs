//! A member's first hour (issue 23): enroll by scanning the enrollment card's QR, read,
//! search, check in (online, then offline with the server stopped), set and use the app PIN, at phone and desktop widths. Chromium
//! only: the Tauri app's WebKit has no camera to fake (`qr_scan.rs` covers typing there).

use sotay_e2e::fake_camera::FakeCamera;
use sotay_e2e::stoppable::StoppableServer;
use sotay_e2e::{drivers, fixture, journey_member, skip_or_fail};

#[tokio::test]
async fn browser_member_first_hour() {
    if let Some(why) = drivers::browser_missing() {
        return skip_or_fail("browser-journey", &why);
    }
    let logs = fixture::artifacts().join("logs/browser-journey");
    let server = StoppableServer::start(&logs);
    journey_member::issue_document(&server).expect("the province office issues a document");
    let secretary = journey_member::Secretary::plan_meeting_now(&server)
        .expect("the cell secretary plans a meeting under way");
    let code = &server
        .code_for(journey_member::ROLE)
        .expect("a member's enrollment")
        .code;
    let card = FakeCamera::showing(&journey_member::enroll_link(&server.url, code));
    let (session, url) = drivers::browser_with(&logs, card.chromium_flags()).await;
    session
        .client
        .goto(&url)
        .await
        .expect("open the headless host's URL");
    journey_member::first_hour(session, server, secretary).await;
}
