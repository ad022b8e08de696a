//! Đánh giá, xếp loại (issue 19) on three devices in Chromium on the headless host
//! (phone and desktop widths): a member writes the year's self-assessment, the cell's
//! secretary proposes (refused over the share of "xuất sắc", then within it), the
//! grassroots committee decides as proposed, is refused a second "xuất sắc" over the
//! share and rates the cell; the member sees the decision with its note.

use sotay_e2e::evaluation_flow::assess_propose_and_decide;
use sotay_e2e::stoppable::StoppableServer;
use sotay_e2e::{drivers, fixture, skip_or_fail};

#[tokio::test]
async fn browser_assesses_proposes_and_decides_a_year_within_the_share() {
    if let Some(why) = drivers::browser_missing() {
        return skip_or_fail("browser", &why);
    }
    let logs = fixture::artifacts().join("logs/browser-evaluation");
    let server = StoppableServer::start(&logs);
    let mut sessions = vec![];
    for who in ["member", "secretary", "committee"] {
        let (session, url) = drivers::browser(&logs.join(who)).await;
        session
            .client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("open the {who}'s headless host: {e}"));
        sessions.push(session);
    }
    let committee = sessions.pop().expect("three sessions");
    let secretary = sessions.pop().expect("three sessions");
    let member = sessions.pop().expect("three sessions");
    assess_propose_and_decide(member, secretary, committee, server).await;
}
