//! Chuyển sinh hoạt (issue 19) on the demo province, the demo cell's secretary in
//! Chromium at phone and desktop widths, against a real server:
//!
//! 1. Tổ chức → the cell → "Chuyển sinh hoạt": two members coming in, an official
//!    transfer waiting ("Chờ tiếp nhận", with Tiếp nhận / Từ chối) and a temporary one
//!    already received until its date.
//! 2. Tiếp nhận on the waiting one; after sync the server accepted it and the list
//!    says "Đã tiếp nhận"; the member is now in the cell's list.
//! 3. A member of the cell → Chuyển sinh hoạt: the secretary holds no other cell, so
//!    the form offers a transfer out of the province; sent empty it names the missing
//!    destination at once; filled, it is issued, listed under "Chuyển đi" and handed
//!    over; after sync the member is marked as having left.
//!
//! Screenshots `browser-<size>-transfers-<screen>.png`.

use crate::drivers::Session;
use crate::dues_flow::sync;
use crate::fixture::artifacts;
use crate::flow::{
    bounded, click, enroll_device, feature_shots, screenshot, text_of, type_into, wait_for,
    wait_text, Size, Step, DESKTOP, PHONE, WAIT,
};
use crate::stoppable::StoppableServer;
use fantoccini::{Client, Locator};

const DEST: &str = "Đảng bộ tỉnh Nam Định (e2e)";

/// Run the flow; on failure keep the screen and page, then panic.
pub async fn receive_issue_and_hand_over(secretary: Session, server: StoppableServer) {
    if let Err(why) = body(&secretary, &server).await {
        let name = format!("{}-transfers-failure", secretary.driver);
        let _ = screenshot(&secretary.client, &name).await;
        if let Ok(html) = secretary.client.source().await {
            let _ = std::fs::write(artifacts().join(format!("{name}.html")), html);
        }
        let logs = secretary.logs.display().to_string();
        let _ = secretary.client.close().await;
        panic!(
            "transfers flow failed: {why}\n(see target/e2e-artifacts/*-transfers-failure.png and the logs in {logs})"
        );
    }
    secretary
        .client
        .close()
        .await
        .expect("close the WebDriver session");
}

fn size_of(s: &Session) -> Size {
    if s.resizable {
        PHONE
    } else {
        DESKTOP
    }
}

async fn enroll(s: &Session, server: &StoppableServer) -> Step<()> {
    let code = server.code_for("cell_secretary")?;
    enroll_device(s, &server.url, &code.code, "e2e transfers secretary", PHONE).await
}

/// Screenshots at both widths (one for a window that cannot be resized).
async fn shots(s: &Session, screen: &str, at: &str) -> Step<()> {
    feature_shots(s, "transfers", screen, at, PHONE).await
}

async fn count(c: &Client, css: &str) -> Step<usize> {
    let found = bounded(
        &format!("find `{css}`"),
        WAIT,
        c.find_all(Locator::Css(css)),
    )
    .await?;
    Ok(found.len())
}

/// Tổ chức, every node opened, then the secretary's cell (the deepest of their branch).
async fn open_cell(c: &Client, size: Size) -> Step<()> {
    let prefix = if size.phone { "tab" } else { "nav" };
    click(c, &format!("[data-testid={prefix}-orgs]")).await?;
    wait_for(c, "[data-testid=org-tree]", WAIT).await?;
    let closed =
        "//li[@aria-expanded='false']/div/button[starts-with(@data-testid, 'org-toggle-')]";
    for _ in 0..8 {
        let found = bounded(
            "find closed nodes",
            WAIT,
            c.find_all(Locator::XPath(closed)),
        )
        .await?;
        let Some(first) = found.into_iter().next() else {
            break;
        };
        bounded("open a node", WAIT, first.click()).await?;
    }
    let labels = bounded(
        "list organisations",
        WAIT,
        c.find_all(Locator::Css("[data-testid=org-tree] .tree-label")),
    )
    .await?;
    let cell = labels.last().ok_or("the secretary's tree is empty")?;
    bounded("open the cell", WAIT, cell.click()).await?;
    wait_for(c, "[data-testid=org-pane]", WAIT).await.map(drop)
}

async fn body(s: &Session, server: &StoppableServer) -> Step<()> {
    let c = &s.client;
    let size = size_of(s);
    enroll(s, server).await?;
    open_cell(c, size).await?;

    // 1. What comes in.
    click(c, "[data-testid=section-transfers]").await?;
    let incoming = "[data-testid=transfers-incoming] [data-testid=transfer-row]";
    wait_for(c, incoming, WAIT).await?;
    if count(c, incoming).await? != 2 {
        return Err("the demo cell should have two transfers coming in".into());
    }
    let waiting = "[data-testid=transfers-incoming] [data-testid=transfer-row][data-status=issued]";
    wait_text(c, "transfers-incoming", "Chờ tiếp nhận").await?;
    wait_text(c, "transfers-incoming", "Tạm thời").await?;
    shots(s, "incoming", "[data-testid=transfers]").await?;

    // 2. Received.
    let member = text_of(c, &format!("{waiting} strong")).await?;
    click(c, &format!("{waiting} [data-testid=transfer-confirm]")).await?;
    wait_text(c, "notice", "Đã tiếp nhận").await?;
    sync(c).await?;
    if c.find(Locator::Css("[data-testid=rejected-banner]"))
        .await
        .is_ok()
    {
        return Err("the server refused the confirmation".into());
    }
    if count(c, waiting).await? != 0 {
        return Err("the confirmed transfer still waits".into());
    }
    shots(s, "received", "[data-testid=transfers]").await?;
    click(c, "[data-testid=section-members]").await?;
    wait_text(c, "org-pane", &member).await?;

    // 3. Out of the province: the member just received.
    let row = format!("//*[@data-testid='member-row' and contains(., '{member}')]");
    let found = bounded("find the member", WAIT, c.find(Locator::XPath(&row))).await?;
    bounded("open the member", WAIT, found.click()).await?;
    click(c, "[data-testid=transfer-member]").await?;
    wait_for(c, "[data-testid=transfer-dest-name]", WAIT).await?;
    click(c, "[data-testid=transfer-submit]").await?;
    wait_text(c, "transfer-problems", "Nơi chuyển đến: chưa nhập").await?;
    type_into(c, "transfer-dest-name", DEST).await?;
    type_into(c, "transfer-reason", "Chuyển công tác (e2e)").await?;
    shots(s, "issue", "[data-testid=transfer-panel]").await?;
    click(c, "[data-testid=transfer-submit]").await?;
    wait_text(c, "notice", "chuyển sinh hoạt").await?;
    if c.find(Locator::Css("[data-testid=section-transfers]"))
        .await
        .is_err()
    {
        click(c, "[data-testid=back]").await?;
    }
    click(c, "[data-testid=section-transfers]").await?;
    let outgoing =
        "[data-testid=transfers-outgoing] [data-testid=transfer-row][data-status=issued]";
    wait_for(c, outgoing, WAIT).await?;
    wait_text(c, "transfers-outgoing", DEST).await?;
    shots(s, "outgoing", "[data-testid=transfers-outgoing]").await?;
    click(c, &format!("{outgoing} [data-testid=transfer-hand-over]")).await?;
    wait_text(c, "notice", "bàn giao").await?;
    sync(c).await?;
    if c.find(Locator::Css("[data-testid=rejected-banner]"))
        .await
        .is_ok()
    {
        return Err("the server refused the transfer or its hand-over".into());
    }
    wait_text(c, "transfers-outgoing", "Đã bàn giao").await?;
    shots(s, "handed-over", "[data-testid=transfers-outgoing]").await?;
    Ok(())
}
