//! Chuyển sinh hoạt (issue 19) in Chromium on the headless host (phone and desktop
//! widths): the demo cell's secretary receives a member transferred in from another
//! district, then issues a transfer out of the province and hands it over.

use sotay_e2e::stoppable::StoppableServer;
use sotay_e2e::transfers_flow::receive_issue_and_hand_over;
use sotay_e2e::{drivers, skip_or_fail};

#[tokio::test]
async fn browser_receives_a_member_and_sends_one_out_of_the_province() {
    if let Some(why) = drivers::browser_missing() {
        return skip_or_fail("browser", &why);
    }
    let logs = sotay_e2e::fixture::artifacts().join("logs/browser-transfers");
    let server = StoppableServer::start(&logs);
    let (session, url) = drivers::browser(&logs.join("secretary")).await;
    session
        .client
        .goto(&url)
        .await
        .unwrap_or_else(|e| panic!("open the secretary's headless host: {e}"));
    receive_issue_and_hand_over(session, server).await;
}
