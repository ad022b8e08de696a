//! Nhiệm vụ (issue 14) on two devices in Chromium on the headless host (phone and
//! desktop widths): a province officer assigns, a member reports (once offline), the
//! officer returns and then confirms, and the committee's counts follow; again with
//! the officer in the Tauri desktop app.

use sotay_e2e::stoppable::StoppableServer;
use sotay_e2e::tasks_flow::assign_report_review;
use sotay_e2e::{drivers, fixture, skip_or_fail};

#[tokio::test]
async fn browser_assigns_reports_offline_returns_and_confirms_a_task() {
    if let Some(why) = drivers::browser_missing() {
        return skip_or_fail("browser", &why);
    }
    let logs = fixture::artifacts().join("logs/browser-tasks");
    let server = StoppableServer::start(&logs);
    let (officer, url) = drivers::browser(&logs.join("officer")).await;
    officer
        .client
        .goto(&url)
        .await
        .expect("open the officer's headless host");
    let (member, url) = drivers::browser(&logs.join("member")).await;
    member
        .client
        .goto(&url)
        .await
        .expect("open the member's headless host");
    assign_report_review(officer, member, server).await;
}

/// The officer in the Tauri desktop app (tauri-driver under Xvfb), the member in
/// Chromium: the same flow, the assigning side in the app.
#[tokio::test]
async fn desktop_app_assigns_returns_and_confirms_a_task_reported_from_a_browser() {
    if let Some(why) = drivers::desktop_missing() {
        return skip_or_fail("desktop", &why);
    }
    if let Some(why) = drivers::browser_missing() {
        return skip_or_fail("browser", &why);
    }
    let logs = fixture::artifacts().join("logs/desktop-tasks");
    let server = StoppableServer::start(&logs);
    let officer = drivers::desktop(&logs.join("officer")).await;
    let (member, url) = drivers::browser(&logs.join("member")).await;
    member
        .client
        .goto(&url)
        .await
        .expect("open the member's headless host");
    assign_report_review(officer, member, server).await;
}
