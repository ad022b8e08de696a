//! Enrollment by scanning the committee's QR code with the camera: Chromium with a
//! fake camera filming a meeting's check-in QR (refused) and then, in a second browser,
//! a real enrollment QR (enrolls); the Tauri app (WebKit cannot fake a camera) shows
//! why the camera did not open and enrolls with the typed code.

use sotay_e2e::fake_camera::FakeCamera;
use sotay_e2e::{drivers, fixture, scan_flow, skip_or_fail};

const ROLE: &str = "province_officer";

#[tokio::test]
async fn browser_enrolls_by_scanning_the_enrollment_qr() {
    if let Some(why) = drivers::browser_missing() {
        return skip_or_fail("browser-scan", &why);
    }
    let logs = fixture::artifacts().join("logs/browser-scan");
    let server = fixture::Server::start(&logs);

    // Chromium reads its camera file once: one browser per picture.
    let check_in = FakeCamera::showing(scan_flow::CHECK_IN_QR);
    let refused_logs = logs.join("refused");
    let (session, url) = drivers::browser_with(&refused_logs, check_in.chromium_flags()).await;
    open(&session, &url).await;
    scan_flow::refuse_check_in_qr(session).await;

    // The QR the committee's device shows: the code's text, as the replica renders it.
    let enrollment = FakeCamera::showing(&server.code_for(ROLE).code);
    let (session, url) = drivers::browser_with(&logs, enrollment.chromium_flags()).await;
    open(&session, &url).await;
    scan_flow::enroll_by_scanning(session, &server, ROLE, true).await;
}

#[tokio::test]
async fn desktop_app_without_a_camera_says_so_and_enrolls_by_typing() {
    if let Some(why) = drivers::desktop_missing() {
        return skip_or_fail("desktop-scan", &why);
    }
    let logs = fixture::artifacts().join("logs/desktop-scan");
    let server = fixture::Server::start(&logs);
    let session = drivers::desktop(&logs).await;
    scan_flow::enroll_by_scanning(session, &server, ROLE, false).await;
}

async fn open(session: &drivers::Session, url: &str) {
    session
        .client
        .goto(url)
        .await
        .expect("open the headless host's URL");
}
