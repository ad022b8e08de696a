//! Theo dõi (issue 18) in Chromium on the headless host, the demo province's officer:
//!
//! 1. Enrolls at desktop width and opens "Theo dõi" from the sidebar: the province's
//!    dashboard for this month (headline figures, bars per district, the monthly
//!    lines, the traffic-light list).
//! 2. Switches the period: Quý (this quarter), the quarter before, Năm, back to Tháng.
//! 3. In Năm, drills down by tapping the first organisation of the light list at each level,
//!    province → district → grassroots → … → a cell (which has nothing below), the
//!    breadcrumb naming each level above; the breadcrumb's first entry goes back to the
//!    province.
//! 4. On the province's year, "Quá hạn N" under Nhiệm vụ lists the N overdue tasks
//!    (`oversight_items`); one opens on its own screen, the breadcrumb's figure goes back
//!    to the list and its organisation back to the dashboard.
//! 5. "Xuất Excel": an .xlsx (a zip) lands in the browser's downloads folder; "Báo cáo
//!    (PDF)": the committee's report as a PDF does too.
//! 5. At phone width: Home's "Theo dõi" shortcut, down to a cell's dashboard.
//!
//! Screenshots `browser-<size>-oversight-<screen>.png`.

use crate::drivers::{downloads, Session};
use crate::fixture::artifacts;
use crate::flow::{
    bounded, click, resize, screenshot, scroll_to, text_of, type_into, wait_for, Size, Step,
    DESKTOP, PHONE, WAIT,
};
use crate::stoppable::StoppableServer;
use fantoccini::{Client, Locator};
use std::path::Path;
use std::time::{Duration, Instant};

const FIRST_SYNC: Duration = Duration::from_secs(240);

/// Run the flow; on failure keep the screen and page, then panic.
pub async fn dashboard_periods_drill_and_export(officer: Session, server: StoppableServer) {
    let outcome = body(&officer, &server).await;
    if let Err(why) = outcome {
        let name = format!("{}-oversight-failure", officer.driver);
        let _ = screenshot(&officer.client, &name).await;
        if let Ok(html) = officer.client.source().await {
            let _ = std::fs::write(artifacts().join(format!("{name}.html")), html);
        }
        let logs = officer.logs.display().to_string();
        let _ = officer.client.close().await;
        panic!(
            "oversight flow failed: {why}\n(see target/e2e-artifacts/{name}.png and the logs in {logs})"
        );
    }
    officer
        .client
        .close()
        .await
        .expect("close the WebDriver session");
}

async fn enroll(s: &Session, server: &StoppableServer) -> Step<()> {
    let c = &s.client;
    let code = server.code_for("province_officer")?;
    wait_for(c, "[data-testid=enroll-form]", WAIT).await?;
    type_into(c, "enroll-server", &server.url).await?;
    type_into(c, "enroll-code", &code.code).await?;
    type_into(c, "enroll-device", "e2e oversight officer").await?;
    click(c, "[data-testid=enroll-submit]").await?;
    wait_for(c, "[data-testid^=page-]", FIRST_SYNC).await?;
    wait_for(
        c,
        "[data-testid=sync-status][data-state=online]",
        FIRST_SYNC,
    )
    .await?;
    Ok(())
}

async fn shot(s: &Session, size: Size, screen: &str, at: &str) -> Step<()> {
    scroll_to(&s.client, at).await?;
    screenshot(
        &s.client,
        &format!("{}-{}-oversight-{screen}", s.driver, size.name),
    )
    .await
}

/// The organisation the dashboard shows now, once it has loaded.
async fn shown(c: &Client) -> Step<String> {
    let el = wait_for(c, "[data-testid=oversight-dashboard]", WAIT).await?;
    bounded("read the dashboard's org", WAIT, el.attr("data-org-id"))
        .await?
        .ok_or_else(|| "the dashboard has no data-org-id".to_string())
}

/// Wait until the dashboard shows `org` (a drill or a crumb answered).
async fn wait_org(c: &Client, org: &str) -> Step<()> {
    wait_for(
        c,
        &format!("[data-testid=oversight-dashboard][data-org-id='{org}']"),
        WAIT,
    )
    .await
    .map(drop)
}

async fn label(c: &Client) -> Step<String> {
    text_of(c, "[data-testid=oversight-period-label]").await
}

/// Wait until the period label reads something starting with `prefix`, on the loaded
/// dashboard (the label shown while loading is replaced once it answers).
async fn wait_label(c: &Client, prefix: &str) -> Step<String> {
    let xpath = format!(
        "//*[@data-testid='oversight-dashboard']//*[@data-testid='oversight-period-label' and starts-with(normalize-space(.), '{prefix}')]"
    );
    let find = c.wait().at_most(WAIT).for_element(Locator::XPath(&xpath));
    bounded(&format!("wait for the period {prefix}…"), WAIT, find).await?;
    label(c).await
}

/// Tap the first organisation of the light list until one has nothing below; answer
/// the names passed through (the first is where it started).
async fn drill_to_cell(s: &Session, size: Size, shots: bool) -> Step<Vec<String>> {
    let c = &s.client;
    let mut names = vec![text_of(c, ".ov-title").await?];
    for level in 0..6 {
        wait_for(c, "[data-testid=oversight-lights]", WAIT).await?;
        let rows = bounded(
            "find the light rows",
            WAIT,
            c.find_all(Locator::Css("[data-testid=oversight-row]")),
        )
        .await?;
        let Some(first) = rows.into_iter().next() else {
            return Ok(names);
        };
        let org = bounded("read a row's org", WAIT, first.attr("data-org-id"))
            .await?
            .ok_or("a light row without data-org-id")?;
        bounded("tap a light row", WAIT, first.click()).await?;
        wait_org(c, &org).await?;
        let name = text_of(c, ".ov-title").await?;
        // The breadcrumb names every level passed through.
        let crumbs = text_of(c, "[data-testid=oversight-crumbs]").await?;
        if let Some(missing) = names.iter().find(|n| !crumbs.contains(n.as_str())) {
            return Err(format!("the breadcrumb «{crumbs}» lacks «{missing}»"));
        }
        names.push(name);
        if shots && level < 3 {
            let screen = ["district", "grassroots", "below-grassroots"][level];
            shot(s, size, screen, "[data-testid=oversight-dashboard]").await?;
        }
    }
    Err(format!("no cell after six levels: {names:?}"))
}

/// Tap the period's previous or next button (`css`) and wait for the label to change.
async fn step_period(c: &Client, css: &str, what: &str) -> Step<()> {
    let before = label(c).await?;
    click(c, css).await?;
    let xpath = format!(
        "//*[@data-testid='oversight-dashboard']//*[@data-testid='oversight-period-label' and normalize-space(.) != '{}']",
        before.trim()
    );
    let find = c.wait().at_most(WAIT).for_element(Locator::XPath(&xpath));
    bounded(&format!("wait for {what}"), WAIT, find).await?;
    Ok(())
}

/// The count the dashboard's overdue tasks figure shows.
async fn overdue_figure(c: &Client) -> Step<usize> {
    let figure = text_of(c, "[data-testid=oversight-drill-tasks_overdue]").await?;
    figure
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .map_err(|_| format!("no count in «{figure}»"))
}

/// Tap the overdue tasks figure of the dashboard shown (`org`): as many task rows as
/// the figure says, more than none, all overdue; open the first on its own screen, back
/// to the list by the breadcrumb's figure, back to the dashboard by its organisation.
async fn overdue_items(s: &Session, size: Size, org: &str) -> Step<()> {
    let c = &s.client;
    let mut want = overdue_figure(c).await?;
    // In the first days of January the demo's overdue tasks (due days ago) fall in the
    // year before, and nothing can be overdue yet in this one: look at last year.
    if want == 0 {
        step_period(c, "[data-testid=oversight-prev]", "the year before").await?;
        want = overdue_figure(c).await?;
    }
    let figure = text_of(c, "[data-testid=oversight-drill-tasks_overdue]").await?;
    if want == 0 {
        return Err(format!(
            "the demo's dashboard counts no overdue task: «{figure}»"
        ));
    }
    click(c, "[data-testid=oversight-drill-tasks_overdue]").await?;
    let list = "[data-testid=oversight-items][data-kind=tasks_overdue]";
    let el = wait_for(c, list, WAIT).await?;
    let count = bounded("read the list's count", WAIT, el.attr("data-count")).await?;
    if count.as_deref() != Some(want.to_string().as_str()) {
        return Err(format!("the figure says {want}, the list {count:?}"));
    }
    let rows = bounded(
        "find the task rows",
        WAIT,
        c.find_all(Locator::Css(&format!("{list} [data-testid=task-row]"))),
    )
    .await?;
    let overdue = bounded(
        "find the overdue rows",
        WAIT,
        c.find_all(Locator::Css(&format!(
            "{list} [data-testid=task-row][data-overdue=true]"
        ))),
    )
    .await?;
    if rows.len() != want || overdue.len() != want {
        return Err(format!(
            "{want} overdue expected: {} rows, {} of them overdue",
            rows.len(),
            overdue.len()
        ));
    }
    let crumbs = text_of(c, "[data-testid=oversight-items-crumbs]").await?;
    if !crumbs.contains("Nhiệm vụ quá hạn") {
        return Err(format!(
            "the breadcrumb «{crumbs}» does not name the figure"
        ));
    }
    shot(s, size, "overdue", list).await?;
    let task = bounded(
        "read the first row's task",
        WAIT,
        rows[0].attr("data-task-id"),
    )
    .await?
    .ok_or("a task row without data-task-id")?;
    bounded("open the first overdue task", WAIT, rows[0].click()).await?;
    wait_for(
        c,
        &format!(
            "[data-testid=oversight-items-open] [data-testid=task-detail][data-task-id='{task}']"
        ),
        WAIT,
    )
    .await?;
    shot(
        s,
        size,
        "overdue-task",
        "[data-testid=oversight-items-open]",
    )
    .await?;
    click(c, "button[data-testid=oversight-items-figure]").await?;
    wait_for(c, list, WAIT).await?;
    click(c, "[data-testid=oversight-items-org]").await?;
    wait_org(c, org).await
}

/// Wait until the downloads folder holds a finished file with this extension
/// (Chromium writes `.crdownload` first and renames it when done), polling the folder.
pub(crate) async fn wait_for_download(dir: &Path, ext: &str) -> Step<std::path::PathBuf> {
    let started = Instant::now();
    loop {
        let found = std::fs::read_dir(dir)
            .map_err(|e| format!("reading {}: {e}", dir.display()))?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == ext));
        if let Some(p) = found {
            return Ok(p);
        }
        if started.elapsed() > WAIT {
            return Err(format!("no .{ext} downloaded into {}", dir.display()));
        }
        // A poll of the folder with a deadline, like WebDriver's own waits.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn body(s: &Session, server: &StoppableServer) -> Step<()> {
    let c = &s.client;
    let size = if s.resizable { DESKTOP } else { PHONE };
    if s.resizable {
        resize(c, DESKTOP).await?;
    }
    enroll(s, server).await?;

    // 1. The province's dashboard, this month.
    click(c, "[data-testid=nav-oversight]").await?;
    let province = shown(c).await?;
    wait_for(c, "[data-testid=oversight-headline]", WAIT).await?;
    wait_for(c, "[data-testid=oversight-bars]", WAIT).await?;
    // One month has no line to draw; the card says to choose a quarter or year.
    wait_for(c, "[data-testid=oversight-lines-hint]", WAIT).await?;
    wait_for(c, "[data-testid=oversight-row]", WAIT).await?;
    let members = text_of(c, "[data-testid=oversight-members] .ov-big").await?;
    if members.trim() == "0" {
        return Err("the province's dashboard counts no members".into());
    }
    let month = wait_label(c, "Tháng").await?;
    shot(s, size, "province", "[data-testid=oversight-dashboard]").await?;
    shot(s, size, "lights", "[data-testid=oversight-lights]").await?;

    // 2. Periods: this quarter, the one before, the year, back to the month.
    click(c, "[data-testid=oversight-kind-quarter]").await?;
    let quarter = wait_label(c, "Quý").await?;
    wait_for(c, "[data-testid=oversight-headline]", WAIT).await?;
    click(c, "[data-testid=oversight-prev]").await?;
    let xpath = format!(
        "//*[@data-testid='oversight-period-label' and starts-with(normalize-space(.), 'Quý') and normalize-space(.) != '{quarter}']"
    );
    let find = c.wait().at_most(WAIT).for_element(Locator::XPath(&xpath));
    bounded("wait for the quarter before", WAIT, find).await?;
    wait_for(c, "[data-testid=oversight-headline]", WAIT).await?;
    click(c, "[data-testid=oversight-kind-year]").await?;
    wait_label(c, "Năm").await?;
    wait_for(c, "[data-testid=oversight-lines] svg", WAIT).await?;
    // The officer sits on the committee: this year's inspection is counted (issue 17).
    let cases = text_of(c, "[data-testid=oversight-inspections] .ov-big").await?;
    if cases.trim() == "0" {
        return Err("the province's year counts no inspection programme".into());
    }
    shot(s, size, "year", "[data-testid=oversight-dashboard]").await?;
    // Back to months: the year's first (a kind keeps the period's first month).
    click(c, "[data-testid=oversight-kind-month]").await?;
    let january = wait_label(c, "Tháng 1/").await?;
    if !month.ends_with(january.trim_start_matches("Tháng 1")) {
        return Err(format!("«{month}» then «{january}»: another year"));
    }
    // The drill keeps the period: the whole year, so each level shows its months.
    click(c, "[data-testid=oversight-kind-year]").await?;
    wait_label(c, "Năm").await?;

    // 3. Down to a cell and back by the breadcrumb.
    let names = drill_to_cell(s, size, true).await?;
    if names.len() < 4 {
        return Err(format!(
            "province → district → grassroots → cell expected, went {names:?}"
        ));
    }
    shot(s, size, "cell", "[data-testid=oversight-dashboard]").await?;
    let first_crumb = wait_for(c, "[data-testid=oversight-crumb]", WAIT).await?;
    let crumb_org = bounded(
        "read the first crumb",
        WAIT,
        first_crumb.attr("data-org-id"),
    )
    .await?
    .ok_or("a crumb without data-org-id")?;
    if crumb_org != province {
        return Err(format!(
            "the breadcrumb starts at {crumb_org}, not the province {province}"
        ));
    }
    bounded("tap the province's crumb", WAIT, first_crumb.click()).await?;
    wait_org(c, &province).await?;

    // 4. The items behind the overdue figure, one opened, back.
    wait_label(c, "Năm").await?;
    overdue_items(s, size, &province).await?;

    // 5. Xuất Excel.
    let dir = downloads(&s.logs);
    click(c, "[data-testid=oversight-export]").await?;
    let find = c.wait().at_most(WAIT).for_element(Locator::XPath(
        "//*[@data-testid='oversight-exported' and contains(., '.xlsx')]",
    ));
    bounded("wait for Đã xuất tệp", WAIT, find).await?;
    let xlsx = wait_for_download(&dir, "xlsx").await?;
    let bytes = std::fs::read(&xlsx).map_err(|e| format!("reading {}: {e}", xlsx.display()))?;
    if !bytes.starts_with(b"PK") {
        return Err(format!("{} is not an .xlsx (zip)", xlsx.display()));
    }
    shot(s, size, "export", "[data-testid=oversight-exported]").await?;
    // The committee's report as a PDF document.
    click(c, "[data-testid=oversight-report-pdf]").await?;
    let find = c.wait().at_most(WAIT).for_element(Locator::XPath(
        "//*[@data-testid='oversight-exported' and contains(., '.pdf')]",
    ));
    bounded("wait for the report's Đã xuất tệp", WAIT, find).await?;
    let pdf = wait_for_download(&dir, "pdf").await?;
    let bytes = std::fs::read(&pdf).map_err(|e| format!("reading {}: {e}", pdf.display()))?;
    if !bytes.starts_with(b"%PDF") {
        return Err(format!("{} is not a PDF", pdf.display()));
    }

    // 6. A phone: Home's shortcut, the overdue tasks, down to a cell.
    if s.resizable {
        resize(c, PHONE).await?;
        click(c, "[data-testid=tab-home]").await?;
        click(c, "[data-testid=shortcut-oversight]").await?;
        wait_org(c, &province).await?;
        shot(s, PHONE, "province", "[data-testid=oversight-dashboard]").await?;
        shot(s, PHONE, "bars", "[data-testid=oversight-bars]").await?;
        click(c, "[data-testid=oversight-kind-quarter]").await?;
        let quarter = wait_label(c, "Quý").await?;
        shot(s, PHONE, "lights", "[data-testid=oversight-lights]").await?;
        click(c, "[data-testid=oversight-kind-year]").await?;
        wait_label(c, "Năm").await?;
        overdue_items(s, PHONE, &province).await?;
        // Back to this quarter: a year becomes its first quarter, then step forward
        // (from last year's in early January, see `overdue_items`).
        click(c, "[data-testid=oversight-kind-quarter]").await?;
        wait_label(c, "Quý I/").await?;
        for _ in 0..7 {
            if label(c).await?.trim() == quarter.trim() {
                break;
            }
            step_period(c, "[data-testid=oversight-next]", "the next quarter").await?;
        }
        if label(c).await?.trim() != quarter.trim() {
            return Err(format!("not back at {quarter}"));
        }
        drill_to_cell(s, PHONE, false).await?;
        shot(s, PHONE, "cell", "[data-testid=oversight-dashboard]").await?;
        shot(s, PHONE, "cell-charts", "[data-testid=oversight-lines]").await?;
    }
    Ok(())
}
