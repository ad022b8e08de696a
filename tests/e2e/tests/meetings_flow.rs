//! The meetings tour (issue 6) as a cell secretary: Chromium on the headless host (phone
//! and desktop viewports) and the Tauri desktop app under Xvfb.

use sotay_e2e::{drivers, fixture, meetings_flow, skip_or_fail};

#[tokio::test]
async fn browser_shows_meetings_check_in_attendance_and_minutes() {
    if let Some(why) = drivers::browser_missing() {
        return skip_or_fail("browser", &why);
    }
    let logs = fixture::artifacts().join("logs/browser-meetings");
    let server = fixture::Server::start(&logs);
    let (session, url) = drivers::browser(&logs).await;
    session
        .client
        .goto(&url)
        .await
        .expect("open the headless host's URL");
    meetings_flow::enroll_and_meet(session, &server, "cell_secretary").await;
}

#[tokio::test]
async fn desktop_app_shows_meetings_check_in_attendance_and_minutes() {
    if let Some(why) = drivers::desktop_missing() {
        return skip_or_fail("desktop", &why);
    }
    let logs = fixture::artifacts().join("logs/desktop-meetings");
    let server = fixture::Server::start(&logs);
    let session = drivers::desktop(&logs).await;
    meetings_flow::enroll_and_meet(session, &server, "cell_secretary").await;
}
