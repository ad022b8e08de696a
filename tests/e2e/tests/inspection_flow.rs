//! Kiểm tra, giám sát (issue 17) on four devices in Chromium on the headless host
//! (phone and desktop widths): a district secretary plans a thematic supervision of
//! two cells, records a finding offline, concludes with a recommendation and notifies;
//! the inspected cell's secretary sees the notice and the recommendation task, not
//! the case; the district's office staff has no inspection page; a plain member finds
//! it through a warning recorded for them, and appeals. Again with the
//! district secretary in the Tauri desktop app.

use sotay_e2e::drivers::Session;
use sotay_e2e::inspection_flow::plan_conclude_and_notify;
use sotay_e2e::stoppable::StoppableServer;
use sotay_e2e::{drivers, fixture, skip_or_fail};
use std::path::Path;

async fn browser(logs: &Path, who: &str) -> Session {
    let (session, url) = drivers::browser(&logs.join(who)).await;
    session
        .client
        .goto(&url)
        .await
        .unwrap_or_else(|e| panic!("open the {who}'s headless host: {e}"));
    session
}

#[tokio::test]
async fn browser_plans_concludes_and_notifies_an_inspection() {
    if let Some(why) = drivers::browser_missing() {
        return skip_or_fail("browser", &why);
    }
    let logs = fixture::artifacts().join("logs/browser-inspection");
    let server = StoppableServer::start(&logs);
    let inspector = browser(&logs, "inspector").await;
    let secretary = browser(&logs, "secretary").await;
    let office = browser(&logs, "office").await;
    let member = browser(&logs, "member").await;
    plan_conclude_and_notify(inspector, secretary, office, member, server).await;
}

/// The district secretary in the Tauri desktop app (tauri-driver under Xvfb), the
/// cell, the office and the member in Chromium.
#[tokio::test]
async fn desktop_app_plans_and_concludes_an_inspection_seen_from_browsers() {
    if let Some(why) = drivers::desktop_missing() {
        return skip_or_fail("desktop", &why);
    }
    if let Some(why) = drivers::browser_missing() {
        return skip_or_fail("browser", &why);
    }
    let logs = fixture::artifacts().join("logs/desktop-inspection");
    let server = StoppableServer::start(&logs);
    let inspector = drivers::desktop(&logs.join("inspector")).await;
    let secretary = browser(&logs, "secretary").await;
    let office = browser(&logs, "office").await;
    let member = browser(&logs, "member").await;
    plan_conclude_and_notify(inspector, secretary, office, member, server).await;
}
