//! Theo dõi (issue 18) in Chromium on the headless host: the demo province's officer
//! opens the dashboard, switches periods, drills down to a cell and back by the
//! breadcrumb, opens an overdue task behind its figure, exports the .xlsx; at phone
//! width, the overdue tasks again and a cell's dashboard.

use sotay_e2e::oversight_flow::dashboard_periods_drill_and_export;
use sotay_e2e::stoppable::StoppableServer;
use sotay_e2e::{drivers, fixture, skip_or_fail};

#[tokio::test]
async fn browser_dashboard_switches_periods_drills_to_a_cell_and_exports() {
    if let Some(why) = drivers::browser_missing() {
        return skip_or_fail("browser", &why);
    }
    let logs = fixture::artifacts().join("logs/browser-oversight");
    let server = StoppableServer::start(&logs);
    let (session, url) = drivers::browser(&logs.join("officer")).await;
    session
        .client
        .goto(&url)
        .await
        .unwrap_or_else(|e| panic!("open the officer's headless host: {e}"));
    dashboard_periods_drill_and_export(session, server).await;
}
