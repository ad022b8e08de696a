//! The one test body every driver runs: enroll a fresh device through the first-run
//! form, wait for the first sync, see the organisation tree and a member list, visit
//! every tab or sidebar entry, and save a screenshot of each screen at each size.
//! Selectors are the UI's `data-testid`s (ui/src/components).

use crate::admin_flow;
use crate::drivers::Session;
use crate::fixture::{artifacts, Server};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug)]
pub struct Size {
    pub name: &'static str,
    pub width: u32,
    pub height: u32,
    /// Phones navigate by the bottom tab bar, desktops by the sidebar.
    pub phone: bool,
}

/// The narrowest phones in use (issue 3 asks for 360 px).
pub const PHONE: Size = Size {
    name: "phone",
    width: 360,
    height: 780,
    phone: true,
};
pub const DESKTOP: Size = Size {
    name: "desktop",
    width: 1280,
    height: 800,
    phone: false,
};

/// Tabs of the phone bar; the sidebar has these plus `orgs` (reached from Home on phones).
const TABS: [&str; 5] = ["home", "docs", "meetings", "tasks", "me"];

/// Long enough for a cold debug build on a busy 2-core machine; never a sleep.
pub(crate) const WAIT: Duration = Duration::from_secs(60);
const FIRST_SYNC: Duration = Duration::from_secs(180);
/// Beyond a wait's own limit, how long a single WebDriver reply may take.
const COMMAND_SLACK: Duration = Duration::from_secs(30);

pub(crate) type Step<T> = Result<T, String>;

/// Run the body; on failure keep a screenshot and the page source before panicking.
pub async fn enroll_and_tour(session: Session, server: &Server, role: &str) {
    let outcome = body(&session, server, role).await;
    if let Err(why) = outcome {
        let name = format!("{}-failure", session.driver);
        let _ = screenshot(&session.client, &name).await;
        if let Ok(html) = session.client.source().await {
            let _ = std::fs::write(artifacts().join(format!("{name}.html")), html);
        }
        let _ = session.client.close().await;
        panic!(
            "{} end-to-end failed: {why}\n(see target/e2e-artifacts/{name}.png and the logs in {})",
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
    let first = s.sizes[0];
    if s.resizable {
        resize(c, first).await?;
    }

    // The webview keeps its storage between runs of the app (the language choice is
    // the UI's only setting there): start every run in the default language.
    let forget = "localStorage.removeItem('sotay.lang'); return true";
    bounded(
        "forget an earlier run's language",
        WAIT,
        c.execute(forget, vec![]),
    )
    .await?;
    bounded("reload the page", WAIT, c.refresh()).await?;

    // First run: the enrollment form, filled as a person would.
    let enrollment = server.code_for(role);
    wait_for(c, "[data-testid=enroll-form]", WAIT).await?;
    screenshot(c, &format!("{}-{}-enroll", s.driver, first.name)).await?;
    type_into(c, "enroll-server", &server.url).await?;
    type_into(c, "enroll-code", &enrollment.code).await?;
    type_into(c, "enroll-device", &format!("e2e {}", s.driver)).await?;
    click(c, "[data-testid=enroll-submit]").await?;

    // The first sync has finished when the shell shows and the chip says online.
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
        tour(s, server, *size, i == 0).await?;
    }
    Ok(())
}

/// Every screen at one size: the tabs, then the organisation tree, a member list and
/// one member with its administration, committees, the audit log and the user's
/// devices. `first`: the size at which the writes are made.
async fn tour(s: &Session, server: &Server, size: Size, first: bool) -> Step<()> {
    let c = &s.client;
    let shot = |screen: &str| format!("{}-{}-{screen}", s.driver, size.name);
    let prefix = if size.phone { "tab" } else { "nav" };
    for tab in TABS {
        click(c, &format!("[data-testid={prefix}-{tab}]")).await?;
        wait_for(c, &format!("[data-testid=page-{tab}]"), WAIT).await?;
        if tab == "home" {
            // A committee's home counts its lower levels; each opens that organisation.
            let row = "[data-testid=home-summary] [data-testid=summary-row]";
            wait_for(c, row, WAIT).await?;
            screenshot(c, &shot(tab)).await?;
            click(c, row).await?;
            wait_for(c, "[data-testid=page-orgs] [data-testid=org-pane]", WAIT).await?;
            continue;
        }
        if tab == "meetings" {
            // The meetings of the province's cells, listed once they are read.
            wait_for(c, "[data-testid=meetings] [data-testid=meeting-row]", WAIT).await?;
        }
        screenshot(c, &shot(tab)).await?;
    }

    if size.phone {
        click(c, "[data-testid=tab-home]").await?;
        click(c, "[data-testid=shortcut-orgs]").await?;
    } else {
        click(c, "[data-testid=nav-orgs]").await?;
    }
    wait_for(c, "[data-testid=page-orgs]", WAIT).await?;
    wait_for(c, "[data-testid=org-tree] .tree-label", WAIT).await?;
    let all_orgs = c.find_all(Locator::Css("[data-testid=org-tree] .tree-label"));
    let orgs = bounded("list organisations", WAIT, all_orgs).await?;
    if orgs.is_empty() {
        return Err("the organisation tree is empty".into());
    }
    screenshot(c, &shot("orgs")).await?;

    // The top organisation's list holds every member below it.
    bounded("open the first organisation", WAIT, orgs[0].click()).await?;
    wait_for(c, "[data-testid=member-list]", WAIT).await?;
    let first_member = wait_for(c, "[data-testid=member-row]", WAIT).await?;
    screenshot(c, &shot("members")).await?;

    bounded("open a member", WAIT, first_member.click()).await?;
    wait_for(c, "[data-testid=member-detail]", WAIT).await?;
    let name = text_of(c, "[data-testid=member-name]").await?;
    if name.trim().is_empty() {
        return Err("the member detail shows no name".into());
    }
    screenshot(c, &shot("member")).await?;

    admin_flow::member_admin(s, server, size, first).await?;
    admin_flow::committees_and_audit(s, size, first).await?;
    admin_flow::my_devices(s, size, first).await?;
    crate::library_flow::library_tour(s, size, first).await?;
    crate::import_flow::import_tour(s, size, first).await?;
    Ok(())
}

/// One WebDriver command, bounded: a driver that stops answering fails the test with
/// the step's name instead of hanging it.
pub(crate) async fn bounded<T, E: std::fmt::Display>(
    what: &str,
    within: Duration,
    command: impl std::future::Future<Output = Result<T, E>>,
) -> Step<T> {
    let started = Instant::now();
    let result = match tokio::time::timeout(within + COMMAND_SLACK, command).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(format!("{what}: {e}")),
        Err(_) => Err(format!(
            "{what}: the driver did not answer within {within:?}"
        )),
    };
    // A trace of every step, so a slow or stuck run shows where it was.
    eprintln!(
        "e2e: {what} ({:.1}s){}",
        started.elapsed().as_secs_f64(),
        if result.is_ok() { "" } else { " FAILED" }
    );
    result
}

/// The strings a page script returns as an array (`return [...].map(…)`); anything
/// else reads as none.
pub(crate) async fn strings(c: &Client, what: &str, script: &str) -> Step<Vec<String>> {
    let value = bounded(what, WAIT, c.execute(script, vec![])).await?;
    Ok(value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default())
}

/// Make the *viewport* `size`: set the window, measure what the page got, and grow
/// the window by the browser's own frame (a headless window still has one).
pub(crate) async fn resize(c: &Client, size: Size) -> Step<()> {
    let what = format!("resize to {}x{}", size.width, size.height);
    bounded(&what, WAIT, c.set_window_size(size.width, size.height)).await?;
    let (inner_w, inner_h) = viewport(c).await?;
    if (inner_w, inner_h) != (size.width, size.height) {
        let width = size.width + size.width.saturating_sub(inner_w);
        let height = size.height + size.height.saturating_sub(inner_h);
        bounded(&what, WAIT, c.set_window_size(width, height)).await?;
    }
    Ok(())
}

async fn viewport(c: &Client) -> Step<(u32, u32)> {
    let script = "return [window.innerWidth, window.innerHeight]";
    let value = bounded("measure the viewport", WAIT, c.execute(script, vec![])).await?;
    let dim = |i: usize| value.get(i).and_then(|v| v.as_u64()).map(|v| v as u32);
    match (dim(0), dim(1)) {
        (Some(w), Some(h)) => Ok((w, h)),
        _ => Err(format!("the viewport measured as {value}")),
    }
}

pub(crate) async fn wait_for(c: &Client, css: &str, within: Duration) -> Step<Element> {
    let what = format!("wait for `{css}`");
    let find = c.wait().at_most(within).for_element(Locator::Css(css));
    bounded(&what, within, find).await
}

pub(crate) async fn click(c: &Client, css: &str) -> Step<()> {
    click_at(c, Locator::Css(css), css).await
}

pub(crate) async fn click_xpath(c: &Client, xpath: &str) -> Step<()> {
    click_at(c, Locator::XPath(xpath), xpath).await
}

async fn click_at(c: &Client, at: Locator<'_>, shown: &str) -> Step<()> {
    // A card that finishes loading above the target moves it between the driver's
    // scroll and its click ("element click intercepted"), or a re-render replaces it
    // ("stale element"): find it again and click where it is now, as a person would.
    let started = Instant::now();
    loop {
        let find = c.wait().at_most(WAIT).for_element(at);
        let el = bounded(&format!("wait for `{shown}`"), WAIT, find).await?;
        let what = format!("click `{shown}`");
        match tokio::time::timeout(WAIT + COMMAND_SLACK, el.click()).await {
            Ok(Ok(_)) => return Ok(()),
            Ok(Err(fantoccini::error::CmdError::Standard(e)))
                if started.elapsed() < WAIT
                    && matches!(
                        e.error,
                        fantoccini::error::ErrorStatus::ElementClickIntercepted
                            | fantoccini::error::ErrorStatus::StaleElementReference
                    ) =>
            {
                eprintln!("e2e: {what}: {}; again", e.error);
            }
            Ok(Err(e)) => return Err(format!("{what}: {e}")),
            Err(_) => return Err(format!("{what}: the driver did not answer within {WAIT:?}")),
        }
    }
}

pub(crate) async fn type_into(c: &Client, testid: &str, text: &str) -> Step<()> {
    let css = format!("[data-testid={testid}]");
    let el = wait_for(c, &css, WAIT).await?;
    bounded(&format!("type into `{css}`"), WAIT, el.send_keys(text)).await
}

pub(crate) async fn text_of(c: &Client, css: &str) -> Step<String> {
    let el = wait_for(c, css, WAIT).await?;
    bounded(&format!("read `{css}`"), WAIT, el.text()).await
}

/// Save `target/e2e-artifacts/<name>.png`.
pub async fn screenshot(c: &Client, name: &str) -> Step<()> {
    // Let the page paint what the DOM already holds (two animation frames), so the
    // picture is not an older frame (seen in WebKit under Xvfb).
    let painted = "const done = arguments[arguments.length - 1]; \
                   requestAnimationFrame(() => requestAnimationFrame(() => done(true)))";
    let what = format!("let {name} paint");
    bounded(&what, WAIT, c.execute_async(painted, vec![])).await?;
    let png = bounded(&format!("screenshot {name}"), WAIT, c.screenshot()).await?;
    let path = artifacts().join(format!("{name}.png"));
    std::fs::write(&path, png).map_err(|e| format!("writing {}: {e}", path.display()))
}

/// A small PDF named `name` chosen in the file input `input_css` as a user's pick
/// would be (the page then hands its bytes to the device in pieces); waits until the
/// picker says it is attached.
pub(crate) async fn pick_pdf(c: &Client, input_css: &str, name: &str) -> Step<()> {
    // A directory of its own for each pick: sessions touring side by side pick files
    // of the same name, and a picked file rewritten since cannot be read (`picked`).
    static PICKS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = PICKS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = crate::fixture::picked(&format!("pdf-{}-{n}", std::process::id())).join(name);
    let pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    std::fs::write(&path, pdf).map_err(|e| format!("writing {}: {e}", path.display()))?;
    let input = wait_for(c, input_css, WAIT).await?;
    bounded(
        &format!("choose {name}"),
        WAIT,
        input.send_keys(&path.display().to_string()),
    )
    .await?;
    wait_text(c, "attach-done", name).await
}

/// The first sheet of an exported workbook, each cell as text.
pub(crate) fn xlsx_rows(path: &std::path::Path) -> Step<Vec<Vec<String>>> {
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> =
        open_workbook(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or("the workbook has no sheet")?
        .map_err(|e| format!("reading the workbook's sheet: {e}"))?;
    Ok(range
        .rows()
        .map(|r| r.iter().map(|d| d.to_string()).collect())
        .collect())
}

/// Bring an element to the top of its scrolling pane, so the screenshot shows it.
pub(crate) async fn scroll_to(c: &Client, css: &str) -> Step<()> {
    wait_for(c, css, WAIT).await?;
    let script = "document.querySelector(arguments[0]).scrollIntoView({block: 'start'})";
    let what = format!("scroll to `{css}`");
    bounded(&what, WAIT, c.execute(script, vec![css.into()])).await?;
    Ok(())
}

/// Wait until the element with `testid` contains `needle` (text says which step ended).
pub(crate) async fn wait_text(c: &Client, testid: &str, needle: &str) -> Step<()> {
    let xpath = format!("//*[@data-testid='{testid}' and contains(., '{needle}')]");
    let what = format!("wait for `{testid}` to say `{needle}`");
    let find = c.wait().at_most(WAIT).for_element(Locator::XPath(&xpath));
    bounded(&what, WAIT, find).await.map(drop)
}

/// Replace what a text field holds, as one `input` event. WebDriver's clear() fires
/// no `input`, so the UI's state kept the old text and a re-render brought it back;
/// typing over a selection is what a person does, and what this does at once.
pub(crate) async fn replace_text(c: &Client, testid: &str, text: &str) -> Step<()> {
    let css = format!("[data-testid={testid}]");
    wait_for(c, &css, WAIT).await?;
    let script = "const el = document.querySelector(arguments[0]); el.focus(); \
                  el.select(); el.value = arguments[1]; \
                  el.dispatchEvent(new InputEvent('input', {bubbles: true})); return el.value";
    let what = format!("replace the text of `{css}`");
    let value = bounded(
        &what,
        WAIT,
        c.execute(script, vec![css.into(), text.into()]),
    )
    .await?;
    match value.as_str() {
        Some(v) if v == text => Ok(()),
        _ => Err(format!("{what}: the field holds {value}")),
    }
}

/// How long the first sync of the demo province may take here (the flows that run on
/// it: dues, evaluation, exchange, tasks, transfers).
pub(crate) const DEMO_FIRST_SYNC: Duration = Duration::from_secs(240);

/// Enroll a fresh device through the first-run form with `code`, named `device`, and
/// wait until its first sync has finished; a window that can be resized is set to
/// `size` first.
pub(crate) async fn enroll_device(
    s: &Session,
    server_url: &str,
    code: &str,
    device: &str,
    size: Size,
) -> Step<()> {
    let c = &s.client;
    if s.resizable {
        resize(c, size).await?;
    }
    wait_for(c, "[data-testid=enroll-form]", WAIT).await?;
    type_into(c, "enroll-server", server_url).await?;
    type_into(c, "enroll-code", code).await?;
    type_into(c, "enroll-device", device).await?;
    click(c, "[data-testid=enroll-submit]").await?;
    wait_for(c, "[data-testid^=page-]", DEMO_FIRST_SYNC).await?;
    wait_for(
        c,
        "[data-testid=sync-status][data-state=online]",
        DEMO_FIRST_SYNC,
    )
    .await
    .map(drop)
}

/// `<driver>-<width>-<feature>-<screen>.png` of what is on screen at both widths (the
/// one width of a window that cannot be resized), back to `home` after.
pub(crate) async fn feature_shots(
    s: &Session,
    feature: &str,
    screen: &str,
    at: &str,
    home: Size,
) -> Step<()> {
    let c = &s.client;
    if !s.resizable {
        scroll_to(c, at).await?;
        return screenshot(c, &format!("{}-desktop-{feature}-{screen}", s.driver)).await;
    }
    for size in [PHONE, DESKTOP] {
        resize(c, size).await?;
        scroll_to(c, at).await?;
        screenshot(c, &format!("{}-{}-{feature}-{screen}", s.driver, size.name)).await?;
    }
    resize(c, home).await
}
