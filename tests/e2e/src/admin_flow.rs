//! The administration screens of issue 3, visited by a provincial committee member at
//! each size: a member's record with its actions (edit, transfer, left/deceased,
//! enrollment code with its QR), the committee of an organisation (where the UI hides
//! what the permission table refuses), the audit log, and the user's own devices. The
//! writes (a second device enrolled with the shown code and revoked, an edit, a
//! transfer, a position, a device's new name) are made once, at the first size, then
//! synced; later sizes only look.

use crate::drivers::Session;
use crate::fixture::{self, Server};
use crate::flow::{
    bounded, click, replace_text, screenshot, scroll_to, text_of, type_into, wait_for, wait_text,
    Size, Step, WAIT,
};
use fantoccini::{Client, Locator};
use std::process::Command;

/// `sotay --home <new dir> ARGS`: the command-line client, as a second device.
async fn cli(home: &std::path::Path, args: Vec<String>) -> Step<std::process::Output> {
    let mut cmd = Command::new(fixture::binary("sotay"));
    cmd.arg("--home").arg(home).args(&args);
    let run = tokio::task::spawn_blocking(move || cmd.output());
    match bounded(&format!("run sotay {}", args.join(" ")), WAIT, run).await? {
        Ok(out) => Ok(out),
        Err(e) => Err(format!("sotay {}: {e}", args.join(" "))),
    }
}

/// The code the screen shows enrolls a real second device (the command-line client);
/// the committee then sees it among the member's devices, revokes it, and the device
/// is refused at its next contact.
async fn enroll_and_revoke(s: &Session, server: &Server, code: &str) -> Step<()> {
    let c = &s.client;
    let home = tempfile::tempdir().map_err(|e| format!("a home for the second device: {e}"))?;
    let enroll = [
        "enroll",
        "--server",
        &server.url,
        "--code",
        code.trim(),
        "--name",
        "Điện thoại thứ hai",
    ];
    let out = cli(home.path(), enroll.iter().map(|a| a.to_string()).collect()).await?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        return Err(format!("the shown code did not enroll a device: {why}"));
    }
    // After a sync the record's device list is read again.
    click(c, "[data-testid=sync-now]").await?;
    let row = "[data-testid=member-detail] [data-testid=device-row]";
    wait_for(c, row, WAIT).await?;
    click(c, "[data-testid=member-detail] [data-testid=device-revoke]").await?;
    click(c, "[data-testid=device-revoke-confirm]").await?;
    wait_for(
        c,
        "[data-testid=member-detail] [data-testid=device-revoked]",
        WAIT,
    )
    .await?;
    let out = cli(home.path(), vec!["sync".into()]).await?;
    if out.status.success() {
        return Err("the revoked device still synced".into());
    }
    Ok(())
}

/// From an open member record: its actions and panels.
pub async fn member_admin(s: &Session, server: &Server, size: Size, first: bool) -> Step<()> {
    let c = &s.client;
    let shot = |screen: &str| format!("{}-{}-{screen}", s.driver, size.name);
    wait_for(c, "[data-testid=member-actions]", WAIT).await?;
    wait_for(c, "[data-testid=member-positions]", WAIT).await?;
    scroll_to(c, "[data-testid=member-actions]").await?;
    screenshot(c, &shot("member-admin")).await?;

    // A one-time code and its QR image, drawn from the replica's SVG.
    click(c, "[data-testid=issue-code]").await?;
    let code = text_of(c, "[data-testid=enroll-code-text]").await?;
    if code.trim().len() < 6 {
        return Err(format!("the enrollment code shown is `{code}`"));
    }
    let drawn = "const i = document.querySelector('[data-testid=enroll-code-qr]'); \
                 return !!i && i.complete && i.naturalWidth > 0";
    let ok = bounded("check the QR image", WAIT, c.execute(drawn, vec![])).await?;
    if ok != serde_json::Value::Bool(true) {
        return Err("the QR image of the code was not drawn".into());
    }
    scroll_to(c, "[data-testid=enroll-code-panel]").await?;
    screenshot(c, &shot("enroll-code")).await?;
    click(c, "[data-testid=enroll-code-close]").await?;
    if first {
        enroll_and_revoke(s, server, &code).await?;
    }
    scroll_to(c, "[data-testid=member-detail] [data-testid=devices]").await?;
    screenshot(c, &shot("member-devices")).await?;

    // Left / deceased ask first (the first size marks and restores, below).
    click(c, "[data-testid=mark-left]").await?;
    wait_for(c, "[data-testid=status-panel]", WAIT).await?;
    scroll_to(c, "[data-testid=status-panel]").await?;
    screenshot(c, &shot("member-left")).await?;

    click(c, "[data-testid=transfer-member]").await?;
    wait_for(c, "[data-testid=transfer-cell]", WAIT).await?;
    scroll_to(c, "[data-testid=transfer-panel]").await?;
    screenshot(c, &shot("member-transfer")).await?;
    if first {
        click(c, "[data-testid=transfer-submit]").await?;
        wait_text(c, "notice", "chuyển sinh hoạt").await?;
    }

    click(c, "[data-testid=edit-member]").await?;
    scroll_to(c, "[data-testid=member-form]").await?;
    screenshot(c, &shot("member-edit")).await?;
    if first {
        // Old enough at joining for the member rules (issue 23 item 3) whatever the record.
        replace_text(c, "member-birth-date", "02/09/1940").await?;
        click(c, "[data-testid=member-submit]").await?;
        wait_text(c, "notice", "Đã lưu").await?;
        // Read back from the replica and shown day first.
        wait_text(c, "member-detail", "02/09/1940").await?;
        // Marked as left after the question, then restored.
        click(c, "[data-testid=mark-left]").await?;
        click(c, "[data-testid=status-confirm]").await?;
        wait_text(c, "member-detail", "Đã ra khỏi Đảng").await?;
        click(c, "[data-testid=restore-member]").await?;
        wait_for(c, "[data-testid=mark-left]", WAIT).await?;
        wait_text(c, "member-detail", "Chính thức").await?;
    } else {
        click(c, "[data-testid=member-form] .back").await?;
        wait_for(c, "[data-testid=member-actions]", WAIT).await?;
    }
    Ok(())
}

/// The first two organisations of the tree: the province, then its first district.
pub(crate) async fn open_org(c: &Client, size: Size, index: usize) -> Step<()> {
    if size.phone {
        // Phones show one pane: back to the tree first (at most member → list → tree).
        for _ in 0..3 {
            if tree_visible(c).await? {
                break;
            }
            click(c, "[data-testid=back]").await?;
        }
    }
    let labels = bounded(
        "list organisations",
        WAIT,
        c.find_all(Locator::Css("[data-testid=org-tree] .tree-label")),
    )
    .await?;
    let label = labels
        .get(index)
        .ok_or_else(|| format!("the tree has no organisation #{index}"))?;
    bounded("open an organisation", WAIT, label.click()).await?;
    wait_for(c, "[data-testid=org-pane]", WAIT).await?;
    Ok(())
}

async fn tree_visible(c: &Client) -> Step<bool> {
    let el = wait_for(c, "[data-testid=org-tree]", WAIT).await?;
    bounded("is the tree shown", WAIT, el.is_displayed()).await
}

/// Sync now: done when nothing waits to be sent, the button is back and the chip says
/// online; the server accepted everything (no refusal banner).
async fn sync(c: &Client) -> Step<()> {
    click(c, "[data-testid=sync-now]").await?;
    wait_text(c, "sync-pending", "Không có thay đổi").await?;
    wait_for(c, "[data-testid=sync-now]:not([disabled])", WAIT).await?;
    wait_for(c, "[data-testid=sync-status][data-state=online]", WAIT).await?;
    wait_for(c, "[data-testid=sync-result]", WAIT).await?;
    if c.find(Locator::Css("[data-testid=rejected-banner]"))
        .await
        .is_ok()
    {
        let why = text_of(c, "[data-testid=rejected-banner]").await?;
        return Err(format!("the server refused a change: {why}"));
    }
    Ok(())
}

/// Committees and the audit log, from the organisations screen.
pub async fn committees_and_audit(s: &Session, size: Size, first: bool) -> Step<()> {
    let c = &s.client;
    let shot = |screen: &str| format!("{}-{}-{screen}", s.driver, size.name);
    if first {
        sync(c).await?;
    }
    // The province's own committee: a committee member (not a leader) may not assign
    // positions there, so the form is hidden.
    open_org(c, size, 0).await?;
    click(c, "[data-testid=section-committee]").await?;
    wait_for(c, "[data-testid=position-row]", WAIT).await?;
    if c.find(Locator::Css("[data-testid=assign-form]"))
        .await
        .is_ok()
    {
        return Err("the assign form shows where the permission table refuses it".into());
    }
    screenshot(c, &shot("committee")).await?;
    // The first holder (the Secretary) opens their record, which lists the post.
    click(c, "[data-testid=position-holder]").await?;
    wait_text(c, "member-positions", "Bí thư").await?;
    click(c, "[data-testid=member-detail] [data-testid=back]").await?;
    wait_for(c, "[data-testid=committee]", WAIT).await?;

    // A district below: assigning is allowed there.
    open_org(c, size, 1).await?;
    wait_for(c, "[data-testid=committee]", WAIT).await?;
    wait_for(c, "[data-testid=assign-form]", WAIT).await?;
    wait_for(c, "[data-testid=assign-member] option", WAIT).await?;
    if first {
        let before = count(c, "[data-testid=position-row]").await?;
        click(c, "[data-testid=assign-submit]").await?;
        wait_text(c, "notice", "giao chức vụ").await?;
        let css = format!("[data-testid=position-row]:nth-child({})", before + 1);
        wait_for(c, &css, WAIT).await?;
        sync(c).await?;
        add_member_clicked_twice(c, size).await?;
        click(c, "[data-testid=section-committee]").await?;
    }
    scroll_to(c, "[data-testid=assign-form]").await?;
    screenshot(c, &shot("committee-assign")).await?;

    // The province's log holds what was just done (and the demo's seeding).
    open_org(c, size, 0).await?;
    click(c, "[data-testid=section-audit]").await?;
    wait_for(c, "[data-testid=audit-entry]", WAIT).await?;
    screenshot(c, &shot("audit")).await?;
    Ok(())
}

/// Issue 23 item 5: "Lưu" clicked twice at once (before the page redraws) adds one
/// member, not two.
async fn add_member_clicked_twice(c: &Client, size: Size) -> Step<()> {
    const NAME: &str = "Hoàng Thị Bấm Đúp";
    click(c, "[data-testid=section-members]").await?;
    click(c, "[data-testid=add-member]").await?;
    type_into(c, "member-full-name", NAME).await?;
    type_into(c, "member-card-no", "99-002323").await?;
    type_into(c, "member-birth-date", "02/09/1990").await?;
    type_into(c, "member-joined-date", "19/05/2015").await?;
    let twice = "const b = document.querySelector('[data-testid=member-submit]'); \
                 b.click(); b.click(); return true";
    bounded("click Lưu twice", WAIT, c.execute(twice, vec![])).await?;
    wait_text(c, "notice", "Đã thêm đảng viên").await?;
    // Both clicks' requests left together: after a sync (which sends the whole outbox)
    // the list read afresh holds whatever they made.
    sync(c).await?;
    open_org(c, size, 1).await?;
    click(c, "[data-testid=section-members]").await?;
    replace_text(c, "member-search", "bam dup").await?;
    let row = format!("//*[@data-testid='member-row' and contains(., '{NAME}')]");
    let find = c.wait().at_most(WAIT).for_element(Locator::XPath(&row));
    bounded("find the new member", WAIT, find).await?;
    let rows = bounded(
        "count the new member",
        WAIT,
        c.find_all(Locator::XPath(&row)),
    )
    .await?;
    if rows.len() != 1 {
        return Err(format!("two clicks on Lưu added {} members", rows.len()));
    }
    Ok(())
}

async fn count(c: &Client, css: &str) -> Step<usize> {
    let all = bounded(
        &format!("count `{css}`"),
        WAIT,
        c.find_all(Locator::Css(css)),
    )
    .await?;
    Ok(all.len())
}

/// Cá nhân: the user's own devices; the first size renames this one.
pub async fn my_devices(s: &Session, size: Size, first: bool) -> Step<()> {
    let c = &s.client;
    let prefix = if size.phone { "tab" } else { "nav" };
    click(c, &format!("[data-testid={prefix}-me]")).await?;
    wait_for(
        c,
        "[data-testid=my-devices] [data-testid=device-this]",
        WAIT,
    )
    .await?;
    if first {
        click(c, "[data-testid=my-devices] [data-testid=device-rename]").await?;
        let name = format!("{} (đã đổi tên)", s.driver);
        replace_text(c, "device-name-input", &name).await?;
        click(c, "[data-testid=device-save]").await?;
        wait_text(c, "device-notice", "đổi tên").await?;
        wait_text(c, "device-name", &name).await?;
    }
    scroll_to(c, "[data-testid=my-devices]").await?;
    screenshot(c, &format!("{}-{}-me-devices", s.driver, size.name)).await?;
    if first {
        // The English catalog, once: Home in English, then back to Vietnamese.
        click(c, "[data-testid=lang-en]").await?;
        wait_for(c, "[data-testid=lang-en][aria-pressed=true]", WAIT).await?;
        click(c, &format!("[data-testid={prefix}-home]")).await?;
        wait_text(c, "home-needs", "Next meeting").await?;
        let loaded = "//*[@data-testid='home-docs' and not(contains(., 'Loading'))]";
        let find = c.wait().at_most(WAIT).for_element(Locator::XPath(loaded));
        bounded("wait for the documents to study", WAIT, find).await?;
        screenshot(c, &format!("{}-{}-home-en", s.driver, size.name)).await?;
        click(c, &format!("[data-testid={prefix}-me]")).await?;
        click(c, "[data-testid=lang-vi]").await?;
        wait_for(c, "[data-testid=lang-vi][aria-pressed=true]", WAIT).await?;
    }
    Ok(())
}
