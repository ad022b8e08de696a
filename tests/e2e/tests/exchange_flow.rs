//! Trao đổi (issue 16) on four devices in Chromium on the headless host (phone and
//! desktop widths): the province office sends an announcement to one district, a
//! member there reads and comments on it, a member of another district never gets it,
//! the sender sees it read and reminds the rest; a question to the cell's committee is
//! answered, published and found without accents; an opinion on the demo's open
//! draft, exported by the office as .xlsx.

use sotay_e2e::exchange_flow::announce_discuss_ask_and_collect_opinions;
use sotay_e2e::stoppable::StoppableServer;
use sotay_e2e::{drivers, fixture, skip_or_fail};

#[tokio::test]
async fn browser_announces_to_one_district_discusses_answers_and_exports_opinions() {
    if let Some(why) = drivers::browser_missing() {
        return skip_or_fail("browser", &why);
    }
    let logs = fixture::artifacts().join("logs/browser-exchange");
    let server = StoppableServer::start(&logs);
    let mut sessions = vec![];
    for who in ["officer", "member", "other", "secretary"] {
        let (session, url) = drivers::browser(&logs.join(who)).await;
        session
            .client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("open the {who}'s headless host: {e}"));
        sessions.push(session);
    }
    let secretary = sessions.pop().expect("four sessions");
    let other = sessions.pop().expect("four sessions");
    let member = sessions.pop().expect("four sessions");
    let officer = sessions.pop().expect("four sessions");
    announce_discuss_ask_and_collect_opinions(officer, member, other, secretary, server).await;
}
