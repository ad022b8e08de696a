//! The same enrollment-and-tour body, driven twice: Chromium on the headless host
//! (phone and desktop viewports) and the Tauri desktop app under Xvfb.

use sotay_e2e::{drivers, fixture, flow, skip_or_fail};

#[tokio::test]
async fn browser_enrolls_syncs_and_shows_every_screen() {
    if let Some(why) = drivers::browser_missing() {
        return skip_or_fail("browser", &why);
    }
    let logs = fixture::artifacts().join("logs/browser");
    let server = fixture::Server::start(&logs);
    let (session, url) = drivers::browser(&logs).await;
    session
        .client
        .goto(&url)
        .await
        .expect("open the headless host's URL");
    flow::enroll_and_tour(session, &server, "province_officer").await;
}

#[tokio::test]
async fn desktop_app_enrolls_syncs_and_shows_every_screen() {
    if let Some(why) = drivers::desktop_missing() {
        return skip_or_fail("desktop", &why);
    }
    let logs = fixture::artifacts().join("logs/desktop");
    let server = fixture::Server::start(&logs);
    let session = drivers::desktop(&logs).await;
    flow::enroll_and_tour(session, &server, "province_officer").await;
}
