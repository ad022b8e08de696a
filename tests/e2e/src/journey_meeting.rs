//! A secretary's meeting (issue 23), walked as a cell secretary would at each size of
//! the session, asserting what the screen says at every step:
//!
//! 0. Home's meeting card shows the hour Sinh hoạt shows and opens the meeting.
//! 1. Sinh hoạt → "Lên lịch sinh hoạt": the form sent empty names every missing field at
//!    once, and its placeholders are hints (ngày/tháng/năm), not values; filled and sent
//!    with a double click, it makes one meeting.
//! 2. This month's meeting: the check-in code and its QR.
//! 3. Attendance: a member marked present, the present / convened figure.
//! 4. Minutes: drafted with a double click (one draft), "Kết luận" typed key by key
//!    keeps its spaces ("Hai từ"), saved; "Chủ trì duyệt biên bản" first asks, naming
//!    what is missing (no vote), then locks.
//! 5. "Xuất PDF" downloads a PDF into the browser's downloads folder.
//!
//! The writes happen at the first size; later sizes see their result. Screenshots:
//! `<driver>-<size>-journey-<step>.png`.

use crate::drivers::{downloads, Session};
use crate::fixture::{artifacts, Server};
use crate::flow::{
    bounded, click, click_xpath, resize, screenshot, scroll_to, text_of, type_into, wait_for,
    wait_text, Size, Step, WAIT,
};
use fantoccini::{Client, Locator};
use std::path::Path;
use std::time::{Duration, Instant};

const FIRST_SYNC: Duration = Duration::from_secs(180);
const PLANNED: &str = "Chuyên đề hành trình e2e";

/// Enroll as the cell secretary, then walk the meeting at every size of the session.
pub async fn secretary_meeting(session: Session, server: &Server) {
    let outcome = body(&session, server).await;
    if let Err(why) = outcome {
        let name = format!("{}-journey-meeting-failure", session.driver);
        let _ = screenshot(&session.client, &name).await;
        if let Ok(html) = session.client.source().await {
            let _ = std::fs::write(artifacts().join(format!("{name}.html")), html);
        }
        let _ = session.client.close().await;
        panic!(
            "{} secretary's meeting journey failed: {why}\n(see target/e2e-artifacts/{name}.png and the logs in {})",
            session.driver,
            session.logs.display()
        );
    }
    session
        .client
        .close()
        .await
        .expect("close the WebDriver session");
}

async fn body(s: &Session, server: &Server) -> Step<()> {
    let c = &s.client;
    if s.resizable {
        resize(c, s.sizes[0]).await?;
    }
    let enrollment = server.code_for("cell_secretary");
    wait_for(c, "[data-testid=enroll-form]", WAIT).await?;
    type_into(c, "enroll-server", &server.url).await?;
    type_into(c, "enroll-code", &enrollment.code).await?;
    type_into(c, "enroll-device", &format!("e2e journey {}", s.driver)).await?;
    click(c, "[data-testid=enroll-submit]").await?;
    wait_for(c, "[data-testid^=page-]", FIRST_SYNC).await?;
    wait_for(
        c,
        "[data-testid=sync-status][data-state=online]",
        FIRST_SYNC,
    )
    .await?;
    for (i, size) in s.sizes.iter().enumerate() {
        if s.resizable {
            resize(c, *size).await?;
        }
        walk(s, *size, i == 0).await?;
    }
    Ok(())
}

/// Elements matching `xpath`, counted.
async fn count(c: &Client, xpath: &str) -> Step<usize> {
    let found = c.find_all(Locator::XPath(xpath));
    Ok(bounded(&format!("count `{xpath}`"), WAIT, found)
        .await?
        .len())
}

/// Two clicks in one script turn, as fast as a double click: the second lands before
/// the first request can answer.
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

async fn attr(c: &Client, css: &str, name: &str) -> Step<Option<String>> {
    let el = wait_for(c, css, WAIT).await?;
    bounded(&format!("read {name} of `{css}`"), WAIT, el.attr(name)).await
}

async fn value_of(c: &Client, css: &str) -> Step<String> {
    let el = wait_for(c, css, WAIT).await?;
    bounded(
        &format!("read the value of `{css}`"),
        WAIT,
        el.prop("value"),
    )
    .await
    .map(Option::unwrap_or_default)
}

/// Wait until the downloads folder holds `want` finished `.pdf` files (Chromium
/// writes `.crdownload` first and renames it when done), polling the folder.
async fn wait_for_pdfs(dir: &Path, want: usize) -> Step<Vec<String>> {
    let started = Instant::now();
    loop {
        let names: Vec<String> = std::fs::read_dir(dir)
            .map_err(|e| format!("reading {}: {e}", dir.display()))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".pdf"))
            .collect();
        if names.len() >= want {
            return Ok(names);
        }
        if started.elapsed() > WAIT {
            return Err(format!(
                "no download: {} holds {names:?}, {want} PDF expected",
                dir.display()
            ));
        }
        // A poll of the folder with a deadline, like WebDriver's own waits.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn walk(s: &Session, size: Size, first: bool) -> Step<()> {
    let c = &s.client;
    let shot = |step: &str| format!("{}-{}-journey-{step}", s.driver, size.name);
    let prefix = if size.phone { "tab" } else { "nav" };

    // 0. Home's meeting card: the same hour as Sinh hoạt (the device's zone, the
    // meeting's own zone beside it where they differ), and a tap opens the meeting.
    click(c, &format!("[data-testid={prefix}-home]")).await?;
    let on_home = text_of(c, "[data-testid=home-meeting-open] .mono").await?;
    let device_hour = on_home.split(" (").next().unwrap_or_default().to_string();
    if device_hour.len() != "dd/MM/yyyy HH:mm".len() {
        return Err(format!("Home's meeting card reads `{on_home}`"));
    }
    click(c, "[data-testid=home-meeting-open]").await?;
    wait_text(c, "meeting-topic", "tháng này").await?;
    let in_detail = text_of(c, "[data-testid=meeting-time]").await?;
    if !in_detail.starts_with(&on_home) {
        return Err(format!(
            "Home says `{on_home}`, the meeting says `{in_detail}`"
        ));
    }
    screenshot(c, &shot("from-home")).await?;
    click(c, "[data-testid=meeting-back]").await?;
    let listed = format!(
        "//*[@data-testid='meeting-row' and contains(., 'tháng này')]//*[contains(@class, 'meeting-when') and starts-with(., '{on_home}')]"
    );
    let find = c.wait().at_most(WAIT).for_element(Locator::XPath(&listed));
    bounded("Sinh hoạt lists the hour Home shows", WAIT, find).await?;

    click(c, &format!("[data-testid={prefix}-meetings]")).await?;
    wait_for(
        c,
        "[data-testid=meetings-upcoming] [data-testid=meeting-row]",
        WAIT,
    )
    .await?;

    // 1. Plan: sent empty, every missing field is named at once.
    click(c, "[data-testid=meeting-plan]").await?;
    wait_for(c, "[data-testid=meeting-form]", WAIT).await?;
    let hint = attr(c, "[data-testid=meeting-date]", "placeholder").await?;
    if hint.as_deref() != Some("ngày/tháng/năm") {
        return Err(format!("the date field's placeholder reads {hint:?}"));
    }
    if !value_of(c, "[data-testid=meeting-date]").await?.is_empty() {
        return Err("the date field starts with a value".into());
    }
    click(c, "[data-testid=meeting-submit]").await?;
    wait_for(c, "[data-testid=meeting-form-error] li", WAIT).await?;
    for named in [
        "Ngày: chưa nhập",
        "Chủ đề: chưa nhập",
        "Địa điểm: chưa nhập",
    ] {
        wait_text(c, "meeting-form-error", named).await?;
    }
    scroll_to(c, "[data-testid=meeting-form-error]").await?;
    screenshot(c, &shot("plan-empty")).await?;
    if first {
        type_into(c, "meeting-topic-input", PLANNED).await?;
        type_into(c, "meeting-date", "20/12/2030").await?;
        type_into(c, "meeting-place-input", "Nhà văn hóa thôn").await?;
        type_into(c, "meeting-agenda-input", "Quán triệt nghị quyết").await?;
        double_click(c, "[data-testid=meeting-submit]").await?;
        wait_text(c, "meeting-topic", PLANNED).await?;
        click(c, "[data-testid=meeting-back]").await?;
    } else {
        click(c, "[data-testid=meeting-form-cancel]").await?;
    }
    let planned = format!(
        "//*[@data-testid='meetings-upcoming']//*[@data-testid='meeting-row' and contains(., '{PLANNED}')]"
    );
    click_xpath(c, &planned).await?;
    wait_text(c, "meeting-topic", PLANNED).await?;
    click(c, "[data-testid=meeting-back]").await?;
    wait_for(c, "[data-testid=meetings-upcoming]", WAIT).await?;
    let n = count(c, &planned).await?;
    if n != 1 {
        return Err(format!("a double click planned {n} meetings"));
    }

    // 2. This month's meeting and its check-in code.
    click_xpath(
        c,
        "//*[@data-testid='meetings-upcoming']//*[@data-testid='meeting-row' and contains(., 'tháng này')]",
    )
    .await?;
    wait_text(c, "meeting-topic", "tháng này").await?;
    click(c, "[data-testid=show-check-in-code]").await?;
    wait_for(c, "[data-testid=check-in-qr]", WAIT).await?;
    let code = text_of(c, "[data-testid=check-in-code]").await?;
    if code.trim().len() != 9 {
        return Err(format!("the check-in code reads `{code}`"));
    }
    scroll_to(c, "[data-testid=check-in]").await?;
    screenshot(c, &shot("code")).await?;
    click(c, "[data-testid=check-in-code-hide]").await?;

    // 3. Attendance: the second member present.
    if first {
        click(
            c,
            "[data-testid=attendance-list] > li:nth-child(2) [data-testid=mark-present]",
        )
        .await?;
    }
    wait_for(
        c,
        "[data-testid=attendance-list] > li:nth-child(2)[data-attendance=present]",
        WAIT,
    )
    .await?;
    wait_text(c, "attendance-count", "/").await?;
    scroll_to(c, "[data-testid=attendance]").await?;
    screenshot(c, &shot("attendance")).await?;

    // 4. Minutes: one draft for a double click, conclusions typed with spaces, a
    // confirmation naming what is missing, then locked.
    scroll_to(c, "[data-testid=minutes-panel]").await?;
    if first {
        double_click(c, "[data-testid=minutes-start]").await?;
        wait_for(c, "[data-testid=minutes][data-status=draft]", WAIT).await?;
        let conclusions = "(//*[@data-testid='minutes-conclusions'])[1]";
        let find = c
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(conclusions));
        let field = bounded("find the first Kết luận", WAIT, find).await?;
        // Key by key, as a person types: each keystroke re-renders the field.
        for ch in "Hai từ".chars() {
            bounded("type into Kết luận", WAIT, field.send_keys(&ch.to_string())).await?;
        }
        let typed = bounded("read Kết luận", WAIT, field.prop("value")).await?;
        if typed.as_deref() != Some("Hai từ") {
            return Err(format!("Kết luận holds {typed:?} after typing `Hai từ`"));
        }
        click(c, "[data-testid=minutes-save]").await?;
        wait_for(c, "[data-testid=minutes-notice]", WAIT).await?;
        click(c, "[data-testid=minutes-approve]").await?;
        wait_for(c, "[data-testid=minutes-approve-confirm]", WAIT).await?;
        wait_text(c, "confirm-warnings", "Chưa có biểu quyết nào").await?;
        // Asking is not approving.
        if count(c, "//*[@data-testid='minutes' and @data-status='approved']").await? != 0 {
            return Err("the minutes were locked before the chair confirmed".into());
        }
        scroll_to(c, "[data-testid=minutes-approve-confirm]").await?;
        screenshot(c, &shot("approve-confirm")).await?;
        click(
            c,
            "[data-testid=minutes-approve-confirm] [data-testid=confirm-yes]",
        )
        .await?;
    }
    wait_for(c, "[data-testid=minutes][data-status=approved]", WAIT).await?;
    wait_for(c, "[data-testid=minutes-locked]", WAIT).await?;
    let versions = count(
        c,
        "//*[@data-testid='minutes-panel']//*[contains(., 'Bản 2')]",
    )
    .await?;
    if versions != 0 {
        return Err("a double click drafted two versions of the minutes".into());
    }
    let kept =
        "//*[@data-testid='minutes']//ul[contains(@class, 'minutes-conclusions')]/li[. = 'Hai từ']";
    if count(c, kept).await? != 1 {
        return Err("the approved minutes do not read `Hai từ`".into());
    }

    // 5. Export: a PDF download, not only a notice.
    if s.driver == "browser" {
        let dir = downloads(&s.logs);
        let before = wait_for_pdfs(&dir, 0).await?.len();
        click(c, "[data-testid=export-pdf]").await?;
        wait_text(c, "minutes-notice", "Đã tải xuống tệp").await?;
        let names = wait_for_pdfs(&dir, before + 1).await?;
        let pdf = dir.join(&names[0]);
        let bytes = std::fs::read(&pdf).map_err(|e| format!("reading {}: {e}", pdf.display()))?;
        if !bytes.starts_with(b"%PDF") {
            return Err(format!("{} is not a PDF", pdf.display()));
        }
    }
    scroll_to(c, "[data-testid=minutes-panel]").await?;
    screenshot(c, &shot("minutes")).await?;
    scroll_to(c, "[data-testid=meeting-back]").await?;
    click(c, "[data-testid=meeting-back]").await?;
    Ok(())
}
