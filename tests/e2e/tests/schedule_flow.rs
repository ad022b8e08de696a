//! Lịch (issue 15) on two devices in Chromium on the headless host (phone and desktop
//! widths): a member's own repeating entry (day and week views, reminders, `.ics`
//! export, one occurrence skipped) and the cell secretary's published entry, seen by
//! the member after sync; the member's own entry never reaches the secretary.

use sotay_e2e::{drivers, fixture, schedule_flow, skip_or_fail};

#[tokio::test]
async fn browser_member_keeps_own_schedule_and_sees_the_committees() {
    if let Some(why) = drivers::browser_missing() {
        return skip_or_fail("browser", &why);
    }
    let logs = fixture::artifacts().join("logs/browser-schedule");
    let server = fixture::Server::start(&logs);
    let (member, url) = drivers::browser(&logs.join("member")).await;
    member
        .client
        .goto(&url)
        .await
        .expect("open the member's headless host");
    let (secretary, url) = drivers::browser(&logs.join("secretary")).await;
    secretary
        .client
        .goto(&url)
        .await
        .expect("open the secretary's headless host");
    schedule_flow::own_and_committee_entries(member, secretary, server).await;
}
