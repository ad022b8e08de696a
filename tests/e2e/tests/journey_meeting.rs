//! The secretary's meeting journey (issue 23) in Chromium on the headless host, at
//! phone (360×780) and desktop (1280×800) widths.

use sotay_e2e::{drivers, fixture, journey_meeting, skip_or_fail};

#[tokio::test]
async fn browser_secretary_plans_marks_writes_approves_and_downloads_minutes() {
    if let Some(why) = drivers::browser_missing() {
        return skip_or_fail("browser", &why);
    }
    let logs = fixture::artifacts().join("logs/browser-journey-meeting");
    let server = fixture::Server::start(&logs);
    let (session, url) = drivers::browser(&logs).await;
    session
        .client
        .goto(&url)
        .await
        .expect("open the headless host's URL");
    journey_meeting::secretary_meeting(session, &server).await;
}
