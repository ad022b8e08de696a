//! Đảng phí (issue 19) across three devices and a real server, asserting what each
//! screen says:
//!
//! 1. The demo cell's secretary (its committee keeps the cell's dues book) opens "Mức
//!    đóng", sends the add form empty (every missing field named), then sets a rate of
//!    the cell: 10‰ of income.
//! 2. In "Sổ thu" the secretary opens a plain member, sets the member's rate from this
//!    month on an income of 8.450.000 đ (84.500 đ a month, previewed), records a
//!    payment for January by mistake (amount pre-filled), corrects it with "Điều
//!    chỉnh" (refused without a reason, then saved with one: a negative entry, the
//!    payment kept and marked corrected), and records three months from this month in
//!    advance (the amount pre-filled as 253.500 đ); this month reads "Đã nộp".
//! 3. Back in the book, "Nộp cấp trên" for this month, pre-filled with what the month
//!    collected; the remittance is listed.
//! 4. The member's device syncs: "Đảng phí của tôi" shows this month paid, next month
//!    paid ahead (in next year's view when this is December), and the correction with
//!    its reason.
//! 5. The province officer's "Báo cáo" starts at the province and drills down, level
//!    by level, to the cell's book (read only for them) showing the member and the
//!    remittance; the breadcrumb goes back to the province.
//!
//! Screenshots `browser-<size>-dues-<screen>.png` at phone and desktop widths: the rate
//! table, the member's page in the book, the book, the member's own months and
//! payments, the report and the cell reached from it.

use crate::drivers::Session;
use crate::fixture::artifacts;
use crate::flow::{
    bounded, click, click_xpath, enroll_device, feature_shots, replace_text, screenshot, strings,
    type_into, wait_for, wait_text, Size, Step, DESKTOP, PHONE, WAIT,
};
use crate::stoppable::StoppableServer;
use fantoccini::{Client, Locator};
use std::time::{SystemTime, UNIX_EPOCH};

const CATEGORY: &str = "e2e_luong";
const CATEGORY_NAME: &str = "Hưởng lương (e2e)";
const REASON: &str = "Ghi nhầm tháng";

/// This month in Việt Nam (UTC+7) as (year, month).
pub(crate) fn vn_month() -> (u32, u32) {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    let z = (secs + 7 * 3600).div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as u32, m as u32)
}

fn month_str((y, m): (u32, u32)) -> String {
    format!("{y:04}-{m:02}")
}

pub(crate) fn next((y, m): (u32, u32)) -> (u32, u32) {
    if m == 12 {
        (y + 1, 1)
    } else {
        (y, m + 1)
    }
}

/// Run the flow; on failure keep every device's screen and page, then panic.
pub async fn collect_correct_remit_and_report(
    secretary: Session,
    member: Session,
    officer: Session,
    server: StoppableServer,
) {
    let outcome = body(&secretary, &member, &officer, &server).await;
    let all = [
        ("secretary", &secretary),
        ("member", &member),
        ("officer", &officer),
    ];
    if let Err(why) = outcome {
        for (who, s) in all {
            let name = format!("{}-dues-failure-{who}", s.driver);
            let _ = screenshot(&s.client, &name).await;
            if let Ok(html) = s.client.source().await {
                let _ = std::fs::write(artifacts().join(format!("{name}.html")), html);
            }
        }
        let logs = secretary.logs.display().to_string();
        for s in [secretary, member, officer] {
            let _ = s.client.close().await;
        }
        panic!(
            "dues flow failed: {why}\n(see target/e2e-artifacts/*-dues-failure-*.png and the logs in {logs})"
        );
    }
    for s in [secretary, member, officer] {
        s.client.close().await.expect("close the WebDriver session");
    }
}

/// The size a session walks the flow at: a phone where the window can be resized
/// (Chromium), else the desktop window it opened with (the Tauri app).
fn size_of(s: &Session) -> Size {
    if s.resizable {
        PHONE
    } else {
        DESKTOP
    }
}

async fn enroll(s: &Session, server: &StoppableServer, role: &str) -> Step<()> {
    let code = server.code_for(role)?;
    let device = format!("e2e dues {role}");
    enroll_device(s, &server.url, &code.code, &device, PHONE).await
}

/// Screenshots of what is on screen at both widths (the one width of a window that
/// cannot be resized); a resizable session goes back to a phone.
async fn shots(s: &Session, screen: &str, at: &str) -> Step<()> {
    feature_shots(s, "dues", screen, at, PHONE).await
}

/// Send what is waiting and wait until nothing is.
pub(crate) async fn sync(c: &Client) -> Step<()> {
    click(c, "[data-testid=sync-now]:not([disabled])").await?;
    wait_text(c, "sync-pending", "Không có thay đổi").await?;
    wait_for(c, "[data-testid=sync-now]:not([disabled])", WAIT).await?;
    Ok(())
}

async fn tab(c: &Client, size: Size, name: &str) -> Step<()> {
    let prefix = if size.phone { "tab" } else { "nav" };
    click(c, &format!("[data-testid={prefix}-{name}]")).await
}

/// Đảng phí: a phone reaches it from Cá nhân, a desktop from the sidebar.
async fn open_dues(c: &Client, size: Size) -> Step<()> {
    if size.phone {
        tab(c, size, "me").await?;
        click(c, "[data-testid=me-dues]").await?;
    } else {
        tab(c, size, "dues").await?;
    }
    wait_for(c, "[data-testid=dues]", WAIT).await.map(drop)
}

pub(crate) async fn wait_xpath(c: &Client, xpath: &str) -> Step<()> {
    let find = c.wait().at_most(WAIT).for_element(Locator::XPath(xpath));
    bounded(&format!("wait for `{xpath}`"), WAIT, find)
        .await
        .map(drop)
}

/// Choose `value` in the select `testid` (a click on its option, as a person does).
async fn choose(c: &Client, testid: &str, value: &str) -> Step<()> {
    click(
        c,
        &format!("[data-testid={testid}] option[value='{value}']"),
    )
    .await
}

/// What an input holds now.
async fn value_of(c: &Client, testid: &str) -> Step<String> {
    let el = wait_for(c, &format!("[data-testid={testid}]"), WAIT).await?;
    Ok(bounded(
        &format!("read the value of {testid}"),
        WAIT,
        el.prop("value"),
    )
    .await?
    .unwrap_or_default())
}

pub(crate) async fn attr_of(c: &Client, css: &str, attr: &str) -> Step<String> {
    let el = wait_for(c, css, WAIT).await?;
    bounded(&format!("read {attr} of `{css}`"), WAIT, el.attr(attr))
        .await?
        .ok_or_else(|| format!("`{css}` has no {attr}"))
}

/// The organisations from the province down to the secretary's cell, read off the
/// secretary's own tree (a cell's office holds its cell and those above it, only).
async fn chain_to_cell(c: &Client, size: Size) -> Step<Vec<String>> {
    tab(c, size, "orgs").await?;
    wait_for(c, "[data-testid=org-tree]", WAIT).await?;
    let closed =
        "//li[@aria-expanded='false']/div/button[starts-with(@data-testid, 'org-toggle-')]";
    for _ in 0..8 {
        let found = bounded(
            "find closed tree nodes",
            WAIT,
            c.find_all(Locator::XPath(closed)),
        )
        .await?;
        let Some(first) = found.into_iter().next() else {
            break;
        };
        bounded("open a tree node", WAIT, first.click()).await?;
    }
    let names = strings(c, "read the tree's names", "return [...document.querySelectorAll('[data-testid=org-tree] .tree-name')].map(e => e.textContent.trim())").await?;
    if names.len() < 3 {
        return Err(format!(
            "the secretary's tree should be one branch from the province to the cell, reads {names:?}"
        ));
    }
    Ok(names)
}

async fn body(
    secretary: &Session,
    member: &Session,
    officer: &Session,
    server: &StoppableServer,
) -> Step<()> {
    enroll(secretary, server, "cell_secretary").await?;
    enroll(member, server, "member").await?;
    enroll(officer, server, "province_officer").await?;
    let (s, m, o) = (&secretary.client, &member.client, &officer.client);
    let (ss, ms, os) = (size_of(secretary), size_of(member), size_of(officer));
    let now = vn_month();
    let (this, ahead) = (month_str(now), month_str(next(now)));
    let january = format!("{:04}-01", now.0);

    // The member's id, as their own dues page carries it.
    open_dues(m, ms).await?;
    let member_id = attr_of(m, "[data-testid=dues-member]", "data-member-id").await?;
    let chain = chain_to_cell(s, ss).await?;

    // 1. The cell's rate.
    open_dues(s, ss).await?;
    click(s, "[data-testid=dues-rules]").await?;
    click(s, "[data-testid=dues-rule-add]").await?;
    click(s, "[data-testid=dues-rule-submit]").await?;
    for named in [
        "Mã đối tượng: chưa nhập",
        "Tên đối tượng: chưa nhập",
        "Mức đóng: hãy nhập tỷ lệ theo thu nhập hoặc số tiền cố định",
    ] {
        wait_text(s, "dues-rule-error", named).await?;
    }
    type_into(s, "dues-rule-code", CATEGORY).await?;
    type_into(s, "dues-rule-name", CATEGORY_NAME).await?;
    type_into(s, "dues-rule-per-mille", "10").await?;
    click(s, "[data-testid=dues-rule-submit]").await?;
    let rule = format!("[data-testid=dues-rule][data-category={CATEGORY}][data-inherited=false]");
    wait_for(s, &rule, WAIT).await?;
    wait_text(s, "dues-rule-list", "10‰ thu nhập").await?;
    shots(secretary, "rules", "[data-testid=dues-rules-page]").await?;

    // 2. The member's rate and payments in the book.
    click(s, "[data-testid=dues-book]").await?;
    wait_for(s, "[data-testid=dues-book-page]", WAIT).await?;
    click(
        s,
        &format!("[data-testid=dues-member-row][data-member-id='{member_id}']"),
    )
    .await?;
    wait_for(s, "[data-testid=dues-book-member]", WAIT).await?;
    click(s, "[data-testid=dues-basis-open]").await?;
    choose(s, "dues-basis-category", CATEGORY).await?;
    choose(s, "dues-basis-month", &this).await?;
    // The form starts from the member's latest basis (the demo gives everyone one).
    replace_text(s, "dues-basis-income", "8.450.000").await?;
    wait_text(s, "dues-basis-preview", "84.500 đ").await?;
    click(s, "[data-testid=dues-basis-submit]").await?;
    wait_text(s, "dues-notice", "Đã lưu").await?;
    wait_text(s, "dues-monthly", "84.500 đ").await?;

    click(s, "[data-testid=dues-pay-open]").await?;
    choose(s, "dues-pay-month", &january).await?;
    let amount = value_of(s, "dues-pay-amount").await?;
    if amount != "84.500" {
        return Err(format!("one month's amount is pre-filled as `{amount}`"));
    }
    type_into(s, "dues-pay-receipt", "BL-E2E-01").await?;
    click(s, "[data-testid=dues-pay-submit]").await?;
    let first =
        "//*[@data-testid='dues-payment' and @data-kind='counted' and contains(., 'BL-E2E-01')]";
    wait_xpath(s, first).await?;

    // The correction: refused without a reason, then a negative entry with it.
    click_xpath(s, &format!("{first}//*[@data-testid='dues-adjust-open']")).await?;
    click(s, "[data-testid=dues-adjust] [data-testid=confirm-yes]").await?;
    wait_text(s, "dues-adjust-error", "Lý do điều chỉnh: chưa nhập").await?;
    type_into(s, "dues-adjust-reason", REASON).await?;
    click(s, "[data-testid=dues-adjust] [data-testid=confirm-yes]").await?;
    wait_xpath(
        s,
        "//*[@data-testid='dues-payment' and @data-kind='reversed' and contains(., 'BL-E2E-01')]",
    )
    .await?;
    wait_xpath(
        s,
        &format!("//*[@data-testid='dues-payment' and @data-kind='reversal' and contains(., '-84.500 đ') and contains(., '{REASON}')]"),
    )
    .await?;

    // Three months from this one, in advance.
    click(s, "[data-testid=dues-pay-open]").await?;
    choose(s, "dues-pay-month", &this).await?;
    replace_text(s, "dues-pay-months", "3").await?;
    let amount = value_of(s, "dues-pay-amount").await?;
    if amount != "253.500" {
        return Err(format!("three months' amount is pre-filled as `{amount}`"));
    }
    choose(s, "dues-pay-method", "transfer").await?;
    type_into(s, "dues-pay-receipt", "BL-E2E-02").await?;
    click(s, "[data-testid=dues-pay-submit]").await?;
    wait_xpath(
        s,
        "//*[@data-testid='dues-payment' and @data-kind='counted' and contains(., 'BL-E2E-02') and contains(., 'Chuyển khoản')]",
    )
    .await?;
    wait_for(
        s,
        &format!("[data-testid=dues-month][data-month='{this}'][data-state=paid]"),
        WAIT,
    )
    .await?;
    shots(secretary, "book-member", "[data-testid=dues-book-member]").await?;

    // 3. The remittance for this month, pre-filled with what it collected.
    click(s, "[data-testid=dues-member-back]").await?;
    wait_for(s, "[data-testid=dues-book-page]", WAIT).await?;
    click(s, "[data-testid=dues-remit-open]").await?;
    choose(s, "dues-remit-month", &this).await?;
    let remit = value_of(s, "dues-remit-amount").await?;
    if remit.is_empty() {
        return Err("the remittance is not pre-filled with the month's collections".into());
    }
    wait_text(s, "dues-remit-collected", &format!("{remit} đ")).await?;
    type_into(s, "dues-remit-note", "Nộp văn phòng Đảng ủy (e2e)").await?;
    click(s, "[data-testid=dues-remit-submit]").await?;
    wait_for(
        s,
        &format!("[data-testid=dues-remittance][data-month='{this}']"),
        WAIT,
    )
    .await?;
    wait_text(s, "dues-remittances", "Nộp văn phòng Đảng ủy (e2e)").await?;
    shots(secretary, "book", "[data-testid=dues-book-page]").await?;
    sync(s).await?;

    // 4. The member's own months.
    sync(m).await?;
    wait_for(
        m,
        &format!("[data-testid=dues-month][data-month='{this}'][data-state=paid]"),
        WAIT,
    )
    .await?;
    wait_text(m, "dues-monthly", "84.500 đ").await?;
    wait_xpath(
        m,
        &format!("//*[@data-testid='dues-payment' and @data-kind='reversal' and contains(., '{REASON}')]"),
    )
    .await?;
    wait_xpath(
        m,
        "//*[@data-testid='dues-payment' and @data-kind='reversed' and contains(., 'BL-E2E-01')]",
    )
    .await?;
    shots(member, "mine", "[data-testid=dues-mine-page]").await?;
    shots(member, "mine-history", "[data-testid=dues-history]").await?;
    let ahead_year = next(now).0;
    if ahead_year != now.0 {
        choose(m, "dues-year", &ahead_year.to_string()).await?;
    }
    wait_for(
        m,
        &format!("[data-testid=dues-month][data-month='{ahead}'][data-state=advance]"),
        WAIT,
    )
    .await?;
    if m.find(Locator::Css("[data-testid=dues-adjust-open]"))
        .await
        .is_ok()
    {
        return Err("a plain member is offered “Điều chỉnh”".into());
    }

    // 5. The province's report, down to the cell's book.
    sync(o).await?;
    open_dues(o, os).await?;
    click(o, "[data-testid=dues-report]").await?;
    wait_for(o, "[data-testid=dues-report-page]", WAIT).await?;
    wait_text(o, "dues-report-own", "Phải thu").await?;
    shots(officer, "report", "[data-testid=dues-report-page]").await?;
    for name in &chain[1..] {
        click_xpath(
            o,
            &format!("//*[@data-testid='dues-report-row' and .//span[@class='meeting-topic' and normalize-space(.)='{name}']]"),
        )
        .await?;
        wait_xpath(
            o,
            &format!("//*[@data-testid='dues-crumbs' and contains(., '{name}')]"),
        )
        .await?;
    }
    wait_for(o, "[data-testid=dues-book-page]", WAIT).await?;
    wait_for(o, "[data-testid=dues-read-only]", WAIT).await?;
    wait_for(
        o,
        &format!("[data-testid=dues-member-row][data-member-id='{member_id}']"),
        WAIT,
    )
    .await?;
    wait_for(
        o,
        &format!("[data-testid=dues-remittance][data-month='{this}']"),
        WAIT,
    )
    .await?;
    if o.find(Locator::Css("[data-testid=dues-remit-open]"))
        .await
        .is_ok()
    {
        return Err("the province officer is offered “Nộp cấp trên” in a cell's book".into());
    }
    shots(officer, "drill", "[data-testid=dues-crumbs]").await?;
    click(o, "[data-testid=dues-crumb]").await?;
    wait_for(o, "[data-testid=dues-report-page]", WAIT).await?;
    wait_xpath(
        o,
        &format!(
            "//*[@data-testid='dues-report-row' and .//span[normalize-space(.)='{}']]",
            chain[1]
        ),
    )
    .await?;
    Ok(())
}
