//! Đảng phí (issue 19) on three devices in Chromium on the headless host (phone and
//! desktop widths): the demo cell's secretary sets a rate, a member's basis, records a
//! payment, corrects it and records three months in advance, remits to the level
//! above; the member sees their months; the province's report drills down to the cell.

use sotay_e2e::dues_flow::collect_correct_remit_and_report;
use sotay_e2e::stoppable::StoppableServer;
use sotay_e2e::{drivers, fixture, skip_or_fail};

#[tokio::test]
async fn browser_records_corrects_and_remits_dues_and_the_report_drills_to_the_cell() {
    if let Some(why) = drivers::browser_missing() {
        return skip_or_fail("browser", &why);
    }
    let logs = fixture::artifacts().join("logs/browser-dues");
    let server = StoppableServer::start(&logs);
    let mut sessions = vec![];
    for who in ["secretary", "member", "officer"] {
        let (session, url) = drivers::browser(&logs.join(who)).await;
        session
            .client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("open the {who}'s headless host: {e}"));
        sessions.push(session);
    }
    let officer = sessions.pop().expect("three sessions");
    let member = sessions.pop().expect("three sessions");
    let secretary = sessions.pop().expect("three sessions");
    collect_correct_remit_and_report(secretary, member, officer, server).await;
}
