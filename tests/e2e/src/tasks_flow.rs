//! Nhiệm vụ (issue 14) across two devices and a real server, asserting what each
//! screen says:
//!
//! 1. The province officer notes the committee's counts (Cấp dưới), opens "Giao nhiệm
//!    vụ", sends it empty (every missing field named at once), then assigns one task to
//!    a plain member (found by card number) and to a district (found by its name
//!    without diacritics), pressing "Giao" twice at once: one assignment, two rows.
//! 2. The member's device syncs: Home's "Nhiệm vụ đến hạn" lists the task and opens it;
//!    "Của tôi" puts overdue tasks first.
//! 3. The server stops: the member reports 40% offline (saved, one change waiting)
//!    and picks a PDF onto that report (no picker on the task itself for them), the
//!    server comes back, the report and its file sync; the member reports it done.
//! 4. The officer sees the member's latest report in "Đã giao" and downloads its file,
//!    returns the task (a
//!    return without a reason is refused on screen), the member sees the reason and
//!    reports done again, the officer confirms it after the confirmation step.
//! 5. The province's "done on time" count went up by one; tapping it lists the task,
//!    and "back" returns to the counts; "Xuất Excel" writes the province's tasks (read
//!    back in the browser).
//!
//! Screenshots `browser-<size>-tasks-<screen>.png` at phone and desktop widths: the
//! form sent empty, the member's list, the officer's assignments, a task's detail, its
//! reports with the member's file, and the committee's counts.

use crate::drivers::Session;
use crate::fixture::artifacts;
use crate::flow::{
    bounded, click, click_xpath, enroll_device, feature_shots, pick_pdf, replace_text, screenshot,
    text_of, type_into, wait_for, wait_text, Size, Step, DESKTOP, PHONE, WAIT,
};
use crate::stoppable::StoppableServer;
use fantoccini::{Client, Locator};
use std::time::{SystemTime, UNIX_EPOCH};

const TITLE: &str = "Tổng kết 5 năm thực hiện Chỉ thị e2e";
const DISTRICT: &str = "Đảng bộ huyện Hưng Hà";
const REASON: &str = "Thiếu danh sách các chi bộ";
const FILE: &str = "Báo cáo sơ kết e2e.pdf";

/// Today + `days` in Việt Nam (UTC+7), as the form takes it: dd/MM/yyyy.
fn vn_date_in(days: i64) -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    let z = (secs + 7 * 3600).div_euclid(86_400) + days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{d:02}/{m:02}/{y:04}")
}

/// Run the flow; on failure keep both devices' screens and pages, then panic.
pub async fn assign_report_review(officer: Session, member: Session, server: StoppableServer) {
    let mut server = server;
    let outcome = body(&officer, &member, &mut server).await;
    if let Err(why) = outcome {
        for (who, s) in [("officer", &officer), ("member", &member)] {
            let name = format!("{}-tasks-failure-{who}", s.driver);
            let _ = screenshot(&s.client, &name).await;
            if let Ok(html) = s.client.source().await {
                let _ = std::fs::write(artifacts().join(format!("{name}.html")), html);
            }
        }
        let _ = officer.client.close().await;
        let _ = member.client.close().await;
        panic!(
            "tasks flow failed: {why}\n(see target/e2e-artifacts/*-tasks-failure-*.png and the logs in {})",
            officer.logs.display()
        );
    }
    for s in [officer, member] {
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
    let device = format!("e2e tasks {role}");
    enroll_device(s, &server.url, &code.code, &device, PHONE).await
}

/// Screenshots of what is on screen at both widths (the one width of a window that
/// cannot be resized); a resizable session goes back to a phone.
async fn shots(s: &Session, screen: &str, at: &str) -> Step<()> {
    feature_shots(s, "tasks", screen, at, PHONE).await
}

/// Send what is waiting and wait until nothing is.
async fn sync(c: &Client) -> Step<()> {
    click(c, "[data-testid=sync-now]:not([disabled])").await?;
    wait_text(c, "sync-pending", "Không có thay đổi").await?;
    wait_for(c, "[data-testid=sync-now]:not([disabled])", WAIT).await?;
    Ok(())
}

async fn tab(c: &Client, size: Size, name: &str) -> Step<()> {
    let prefix = if size.phone { "tab" } else { "nav" };
    click(c, &format!("[data-testid={prefix}-{name}]")).await
}

async fn count(c: &Client, xpath: &str) -> Step<usize> {
    let found = c.find_all(Locator::XPath(xpath));
    Ok(bounded(&format!("count `{xpath}`"), WAIT, found)
        .await?
        .len())
}

/// Two clicks in one script turn: the second lands before the first can answer.
async fn double_click(c: &Client, css: &str) -> Step<()> {
    wait_for(c, css, WAIT).await?;
    let script =
        "const b = document.querySelector(arguments[0]); b.click(); b.click(); return true";
    bounded(
        &format!("double-click `{css}`"),
        WAIT,
        c.execute(script, vec![css.into()]),
    )
    .await
    .map(drop)
}

/// The province's own row of the counts (its whole subtree): one bucket's figure.
async fn province_count(c: &Client, bucket: &str) -> Step<u32> {
    let css = format!("[data-testid=task-stats-row] [data-testid=task-count-{bucket}] strong");
    let t = text_of(c, &css).await?;
    t.trim()
        .parse()
        .map_err(|_| format!("the {bucket} count reads `{t}`"))
}

/// The task's detail showing `status`.
async fn detail_is(c: &Client, status: &str) -> Step<()> {
    wait_for(
        c,
        &format!("[data-testid=task-detail][data-status={status}]"),
        WAIT,
    )
    .await
    .map(drop)
}

async fn report(c: &Client, percent: Option<&str>, done: &str, finished: bool) -> Step<()> {
    wait_for(c, "[data-testid=task-report-form]", WAIT).await?;
    if let Some(p) = percent {
        replace_text(c, "task-report-percent", p).await?;
    }
    replace_text(c, "task-report-done", done).await?;
    if finished {
        click(c, "[data-testid=task-report-finished]").await?;
        let p = wait_for(c, "[data-testid=task-report-percent]", WAIT).await?;
        let v = bounded("read the percent", WAIT, p.prop("value")).await?;
        if v.as_deref() != Some("100") {
            return Err(format!("ticking done left the percent at {v:?}"));
        }
    }
    // The report is saved when the history holds one more event.
    let before = count(c, "//*[@data-testid='task-event']").await?;
    click(c, "[data-testid=task-report-submit]").await?;
    wait_for_xpath(
        c,
        &format!("(//*[@data-testid='task-event'])[{}]", before + 1),
    )
    .await?;
    wait_text(c, "task-notice", "Đã lưu").await
}

/// Wait for an element with `testid` naming `text`.
async fn wait_xpath_text(c: &Client, testid: &str, text: &str) -> Step<()> {
    wait_for_xpath(
        c,
        &format!("//*[@data-testid='{testid}' and contains(., '{text}')]"),
    )
    .await
}

async fn wait_for_xpath(c: &Client, xpath: &str) -> Step<()> {
    let find = c.wait().at_most(WAIT).for_element(Locator::XPath(xpath));
    bounded(&format!("wait for `{xpath}`"), WAIT, find)
        .await
        .map(drop)
}

async fn body(officer: &Session, member: &Session, server: &mut StoppableServer) -> Step<()> {
    enroll(officer, server, "province_officer").await?;
    enroll(member, server, "member").await?;
    let (o, m) = (&officer.client, &member.client);
    let (os, ms) = (size_of(officer), size_of(member));
    let card_no = server.code_for("member")?.card_no.clone();

    // 1. The counts before, then the assignment.
    tab(o, os, "tasks").await?;
    click(o, "[data-testid=tasks-below]").await?;
    wait_for(o, "[data-testid=task-stats-row]", WAIT).await?;
    let on_time = province_count(o, "on_time").await?;
    let open = province_count(o, "open").await?;

    click(o, "[data-testid=task-assign]").await?;
    wait_for(o, "[data-testid=task-form]", WAIT).await?;
    let hint = wait_for(o, "[data-testid=task-due-input]", WAIT).await?;
    let hint = bounded("read the due placeholder", WAIT, hint.attr("placeholder")).await?;
    if hint.as_deref() != Some("ngày/tháng/năm") {
        return Err(format!("the due date's placeholder reads {hint:?}"));
    }
    click(o, "[data-testid=task-submit]").await?;
    for named in [
        "Tên nhiệm vụ: chưa nhập",
        "Hạn hoàn thành: chưa nhập",
        "Người nhận: chưa chọn ai",
    ] {
        wait_text(o, "task-form-error", named).await?;
    }
    shots(officer, "form-empty", "[data-testid=task-form-error]").await?;
    type_into(o, "task-title-input", TITLE).await?;
    type_into(
        o,
        "task-content-input",
        "Báo cáo kết quả, khó khăn và đề xuất",
    )
    .await?;
    type_into(o, "task-source-text", "Kết luận hội nghị Tỉnh ủy").await?;
    type_into(o, "task-due-input", &vn_date_in(5)).await?;
    type_into(o, "task-assignee-search", &card_no).await?;
    click(o, "[data-testid=task-match-member]").await?;
    replace_text(o, "task-assignee-search", "hung ha").await?;
    click_xpath(
        o,
        &format!("//*[@data-testid='task-match-org' and contains(., '{DISTRICT}')]"),
    )
    .await?;
    if count(o, "//*[@data-testid='task-chosen']").await? != 2 {
        return Err("the form does not show the two assignees chosen".into());
    }
    double_click(o, "[data-testid=task-submit]").await?;
    let group = format!("//*[@data-testid='task-group' and contains(., '{TITLE}')]");
    wait_for(o, "[data-testid=tasks-assigned-list]", WAIT).await?;
    wait_text(o, "tasks-assigned-list", TITLE).await?;
    let groups = count(o, &group).await?;
    let rows = count(o, &format!("{group}//*[@data-testid='task-row']")).await?;
    if (groups, rows) != (1, 2) {
        return Err(format!(
            "a double click made {groups} assignments with {rows} rows (want 1 with 2)"
        ));
    }
    wait_text(o, "tasks-assigned-list", DISTRICT).await?;
    sync(o).await?;

    // 2. The member's device: Home's card, then "Của tôi".
    sync(m).await?;
    tab(m, ms, "home").await?;
    let home_task = format!("//*[@data-testid='home-task' and contains(., '{TITLE}')]");
    wait_for(m, "[data-testid=home-tasks]", WAIT).await?;
    click_xpath(m, &format!("{home_task}//*[@data-testid='home-task-open']")).await?;
    wait_text(m, "task-title", TITLE).await?;
    detail_is(m, "open").await?;
    click(m, "[data-testid=task-back]").await?;
    wait_for(m, "[data-testid=tasks-mine-list]", WAIT).await?;
    let flags = bounded(
        "read the overdue marks in order",
        WAIT,
        m.execute(
            "return [...document.querySelectorAll('[data-testid=tasks-mine-list] [data-testid=task-row]')].map(r => r.dataset.overdue)",
            vec![],
        ),
    )
    .await?;
    let flags: Vec<&str> = flags
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    if flags.windows(2).any(|w| w == ["false", "true"]) {
        return Err(format!(
            "an overdue task follows one not overdue: {flags:?}"
        ));
    }
    shots(member, "mine", "[data-testid=tasks]").await?;

    // 3. Offline: the report waits on the device, then syncs.
    server.stop();
    click(m, "[data-testid=sync-now]:not([disabled])").await?;
    wait_for(m, "[data-testid=sync-error]", WAIT).await?;
    click_xpath(
        m,
        &format!("//*[@data-testid='task-row' and contains(., '{TITLE}')]"),
    )
    .await?;
    report(m, Some("40"), "Đã phổ biến đến các chi bộ", false).await?;
    // Saved on the device, waiting to be sent.
    wait_for(m, "[data-testid=sync-pending].has", WAIT).await?;
    wait_text(m, "task-history", "40%").await?;
    detail_is(m, "in_progress").await?;
    // Still offline, a PDF on the report (the task itself takes files from the
    // assigning office only: no picker there for the member).
    if count(m, "//*[@data-testid='task-detail']/*[contains(@class,'task-card')]//*[@data-testid='attach-input']").await? != 0 {
        return Err("the member is offered to attach files to the task itself".into());
    }
    pick_pdf(
        m,
        "[data-testid=task-history] [data-testid=attach-input]",
        FILE,
    )
    .await?;
    wait_xpath_text(m, "attachment", FILE).await?;
    server.resume();
    sync(m).await?;
    report(m, None, "Đã tổng kết xong", true).await?;
    detail_is(m, "submitted").await?;
    sync(m).await?;

    // 4. The officer returns it with a reason, then confirms the second report.
    sync(o).await?;
    click(o, "[data-testid=tasks-assigned]").await?;
    let reported = format!(
        "{group}//*[@data-testid='task-row' and .//*[@data-testid='task-latest' and contains(., '100%')]]"
    );
    wait_for_xpath(o, &reported).await?;
    shots(officer, "assigned", "[data-testid=tasks]").await?;
    click_xpath(o, &reported).await?;
    detail_is(o, "submitted").await?;
    wait_text(o, "task-history", "Đã phổ biến đến các chi bộ").await?;
    // The member's file came with the report; the officer's device downloads it
    // ("Lưu ngoại tuyến": the app's "Mở" hands files to a viewer Xvfb has not).
    wait_text(o, "task-history", FILE).await?;
    click(o, "[data-testid=task-history] [data-testid=attachment-pin]").await?;
    wait_for(
        o,
        "[data-testid=task-history] [data-testid=attachment-pin]:checked:not(:disabled)",
        WAIT,
    )
    .await?;
    if count(
        o,
        "//*[@data-testid='task-history']//*[contains(@class,'error-text')]",
    )
    .await?
        != 0
    {
        return Err(format!("downloading {FILE} on the officer's device failed"));
    }
    shots(officer, "report-file", "[data-testid=task-history]").await?;
    wait_for(
        o,
        "[data-testid=task-detail].printable [data-testid=task-print]",
        WAIT,
    )
    .await?;
    shots(officer, "detail", "[data-testid=task-detail]").await?;
    click(o, "[data-testid=task-return-open]").await?;
    click(o, "[data-testid=task-return] [data-testid=confirm-yes]").await?;
    wait_text(o, "task-error", "Lý do trả lại: chưa nhập").await?;
    type_into(o, "task-return-reason", REASON).await?;
    click(o, "[data-testid=task-return] [data-testid=confirm-yes]").await?;
    detail_is(o, "returned").await?;
    sync(o).await?;

    sync(m).await?;
    detail_is(m, "returned").await?;
    wait_text(m, "task-returned-reason", REASON).await?;
    report(m, None, "Đã bổ sung danh sách các chi bộ", true).await?;
    sync(m).await?;

    sync(o).await?;
    detail_is(o, "submitted").await?;
    click(o, "[data-testid=task-confirm-open]").await?;
    wait_text(o, "task-confirm", TITLE).await?;
    click(o, "[data-testid=task-confirm] [data-testid=confirm-yes]").await?;
    detail_is(o, "done").await?;
    wait_for(o, "[data-testid=task-done-on]", WAIT).await?;
    sync(o).await?;

    // 5. The committee's counts: one more done on time, one fewer open (the district's
    // copy is still open, and the member's was open before).
    click(o, "[data-testid=task-back]").await?;
    click(o, "[data-testid=tasks-below]").await?;
    wait_for(o, "[data-testid=task-stats-row]", WAIT).await?;
    let (now_on_time, now_open) = (
        province_count(o, "on_time").await?,
        province_count(o, "open").await?,
    );
    if (now_on_time, now_open) != (on_time + 1, open + 1) {
        return Err(format!(
            "the province's counts went from {on_time} on time / {open} open to {now_on_time} / {now_open}; want {} / {}",
            on_time + 1,
            open + 1
        ));
    }
    shots(officer, "below", "[data-testid=task-stats]").await?;
    // "Xuất Excel" of the province's tasks: the workbook lists the task (the app hands
    // the file to a viewer Xvfb has not: read back in the browser).
    if officer.driver == "browser" {
        let dir = crate::drivers::downloads(&officer.logs);
        click(o, "[data-testid=task-stats] [data-testid=export-nhiem-vu]").await?;
        wait_text(o, "export-nhiem-vu-done", ".xlsx").await?;
        let file = crate::oversight_flow::wait_for_download(&dir, "xlsx").await?;
        let rows = crate::flow::xlsx_rows(&file)?;
        if !rows.iter().any(|r| r.iter().any(|c| c == TITLE)) {
            return Err(format!("{TITLE} is not in the exported tasks"));
        }
    }
    click(
        o,
        "[data-testid=task-stats-row] [data-testid=task-count-on_time]",
    )
    .await?;
    wait_for(o, "[data-testid=task-drill-list]", WAIT).await?;
    wait_text(o, "task-drill-list", TITLE).await?;
    click(o, "[data-testid=task-drill-back]").await?;
    wait_for(o, "[data-testid=task-stats]", WAIT).await?;

    // The member's device shows the confirmation too.
    sync(m).await?;
    detail_is(m, "done").await?;
    Ok(())
}
