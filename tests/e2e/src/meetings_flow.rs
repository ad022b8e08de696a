//! The meetings tour (issue 6), run by a cell secretary at each size: the Sinh hoạt
//! list, this month's meeting with its check-in code and QR, attendance marked (one
//! member present, one absent with a reason, at the first size only), and last month's
//! approved minutes with their export (the browser downloads the PDF from the headless
//! host). A screenshot of each screen at each size (`<driver>-<size>-meetings-list`,
//! `-meeting-plan`, `-meeting`, `-meeting-code`, `-meeting-attendance`, `-meeting-minutes`).

use crate::drivers::Session;
use crate::fixture::{artifacts, Server};
use crate::flow::{
    click, click_xpath, replace_text, resize, screenshot, scroll_to, type_into, wait_for,
    wait_text, Size, Step, WAIT,
};
use std::time::Duration;

const FIRST_SYNC: Duration = Duration::from_secs(180);

/// Enroll as `role`, then tour the meetings at every size of the session.
pub async fn enroll_and_meet(session: Session, server: &Server, role: &str) {
    let outcome = body(&session, server, role).await;
    if let Err(why) = outcome {
        let name = format!("{}-meetings-failure", session.driver);
        let _ = screenshot(&session.client, &name).await;
        if let Ok(html) = session.client.source().await {
            let _ = std::fs::write(artifacts().join(format!("{name}.html")), html);
        }
        let _ = session.client.close().await;
        panic!(
            "{} meetings end-to-end failed: {why}\n(see target/e2e-artifacts/{name}.png and the logs in {})",
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

async fn body(s: &Session, server: &Server, role: &str) -> Step<()> {
    let c = &s.client;
    if s.resizable {
        resize(c, s.sizes[0]).await?;
    }
    let enrollment = server.code_for(role);
    wait_for(c, "[data-testid=enroll-form]", WAIT).await?;
    type_into(c, "enroll-server", &server.url).await?;
    type_into(c, "enroll-code", &enrollment.code).await?;
    type_into(c, "enroll-device", &format!("e2e meetings {}", s.driver)).await?;
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
        tour(s, *size, i == 0).await?;
    }
    Ok(())
}

/// A meeting row whose text contains `needle`, in the list `list` (upcoming or past).
fn row(list: &str, needle: &str) -> String {
    format!("//*[@data-testid='{list}']//*[@data-testid='meeting-row' and contains(., '{needle}')]")
}

async fn tour(s: &Session, size: Size, first: bool) -> Step<()> {
    let c = &s.client;
    let shot = |screen: &str| format!("{}-{}-{screen}", s.driver, size.name);
    let prefix = if size.phone { "tab" } else { "nav" };
    click(c, &format!("[data-testid={prefix}-meetings]")).await?;
    wait_for(
        c,
        "[data-testid=meetings-upcoming] [data-testid=meeting-row]",
        WAIT,
    )
    .await?;
    wait_for(c, "[data-testid=meeting-cancelled]", WAIT).await?;
    screenshot(c, &shot("meetings-list")).await?;

    // The plan form; at the first size a thematic meeting is planned through it.
    click(c, "[data-testid=meeting-plan]").await?;
    wait_for(c, "[data-testid=meeting-form]", WAIT).await?;
    let planned = "Chuyên đề kiểm tra e2e";
    if first {
        type_into(c, "meeting-topic-input", planned).await?;
        type_into(c, "meeting-date", "20/12/2030").await?;
        type_into(c, "meeting-place-input", "Hội trường tổ dân phố").await?;
        replace_text(
            c,
            "meeting-agenda-input",
            "Quán triệt nghị quyết\nThảo luận",
        )
        .await?;
    }
    screenshot(c, &shot("meeting-plan")).await?;
    if first {
        click(c, "[data-testid=meeting-submit]").await?;
        wait_text(c, "meeting-topic", planned).await?;
        wait_for(c, "[data-testid=meeting-agenda] li:nth-child(2)", WAIT).await?;
        click(c, "[data-testid=meeting-back]").await?;
    } else {
        click(c, "[data-testid=meeting-form-cancel]").await?;
    }
    wait_for(
        c,
        "[data-testid=meetings-upcoming] [data-testid=meeting-row]",
        WAIT,
    )
    .await?;

    // This month's meeting: its detail, then the code to show and its QR.
    click_xpath(&s.client, &row("meetings-upcoming", "tháng này")).await?;
    wait_for(
        c,
        "[data-testid=meeting-detail] [data-testid=meeting-topic]",
        WAIT,
    )
    .await?;
    wait_text(c, "meeting-topic", "tháng này").await?;
    screenshot(c, &shot("meeting")).await?;
    click(c, "[data-testid=show-check-in-code]").await?;
    wait_for(c, "[data-testid=check-in-qr]", WAIT).await?;
    let code = crate::flow::text_of(c, "[data-testid=check-in-code]").await?;
    if code.trim().len() != 9 {
        return Err(format!("the check-in code reads `{code}`"));
    }
    scroll_to(c, "[data-testid=check-in]").await?;
    screenshot(c, &shot("meeting-code")).await?;
    click(c, "[data-testid=check-in-code-hide]").await?;

    // Attendance: the second member present, the third absent with a reason.
    let nth =
        |n: usize, what: &str| format!("[data-testid=attendance-list] > li:nth-child({n}) {what}");
    if first {
        click(c, &nth(2, "[data-testid=mark-present]")).await?;
        wait_for(
            c,
            "[data-testid=attendance-list] > li:nth-child(2)[data-attendance=present]",
            WAIT,
        )
        .await?;
        click(c, &nth(3, "[data-testid=mark-excused]")).await?;
        type_into(c, "mark-reason", "Đi công tác").await?;
        click(c, "[data-testid=mark-reason-save]").await?;
        wait_for(
            c,
            "[data-testid=attendance-list] > li:nth-child(3)[data-attendance=excused]",
            WAIT,
        )
        .await?;
    }
    wait_text(c, "attendance-count", "/").await?;
    scroll_to(c, "[data-testid=attendance]").await?;
    screenshot(c, &shot("meeting-attendance")).await?;

    // Last month's meeting: its approved minutes, locked, and their export.
    scroll_to(c, "[data-testid=meeting-back]").await?;
    click(c, "[data-testid=meeting-back]").await?;
    click_xpath(&s.client, &row("meetings-past", "tháng trước")).await?;
    wait_text(c, "meeting-topic", "tháng trước").await?;
    wait_for(c, "[data-testid=minutes][data-status=approved]", WAIT).await?;
    wait_for(c, "[data-testid=minutes-locked]", WAIT).await?;
    if s.driver == "browser" {
        // The desktop would hand the file to the system's viewer; a browser downloads it.
        click(c, "[data-testid=export-pdf]").await?;
        wait_text(c, "minutes-notice", ".pdf").await?;
    }
    scroll_to(c, "[data-testid=minutes-panel]").await?;
    screenshot(c, &shot("meeting-minutes")).await?;
    scroll_to(c, "[data-testid=meeting-back]").await?;
    click(c, "[data-testid=meeting-back]").await?;
    Ok(())
}
