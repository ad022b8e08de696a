//! Enrollment by the camera (issue 4.2). In Chromium a fake camera films a meeting's
//! check-in QR: the scanner says it is not an enrollment code and keeps looking
//! (screenshot). A second Chromium (its camera file is read once per browser) films the
//! committee's enrollment QR: the scanner fills the code field and closes, and the
//! device enrolls against the real server.
//! The Tauri app's WebKit has no camera to fake: that run says so, checks that the
//! scanner explains in Vietnamese why the camera did not open, and enrolls by typing.

use crate::drivers::Session;
use crate::fixture::{artifacts, Server};
use crate::flow::{
    bounded, click, resize, screenshot, type_into, wait_for, wait_text, Size, Step, WAIT,
};
use fantoccini::Client;
use std::time::Duration;

/// What `ShowCheckInCode`'s QR holds: eight characters, no dash.
pub const CHECK_IN_QR: &str = "0A7KQ2MZ";
const FIRST_SYNC: Duration = Duration::from_secs(180);

/// Run `steps` on the session; on failure keep a screenshot and the page, then panic.
async fn run<F>(session: Session, what: &str, steps: F)
where
    F: AsyncFnOnce(&Session) -> Step<()>,
{
    let outcome = steps(&session).await;
    if let Err(why) = outcome {
        let name = format!("{}-{what}-failure", session.driver);
        let _ = screenshot(&session.client, &name).await;
        if let Ok(html) = session.client.source().await {
            let _ = std::fs::write(artifacts().join(format!("{name}.html")), html);
        }
        let _ = session.client.close().await;
        panic!(
            "{} {what} end-to-end failed: {why}\n(see target/e2e-artifacts/{name}.png and the logs in {})",
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

/// The camera films a meeting's check-in QR ([`CHECK_IN_QR`]): the enrollment screen
/// says it is not an enrollment code, keeps looking (screenshot), fills nothing, and
/// closes on request.
pub async fn refuse_check_in_qr(session: Session) {
    run(session, "scan-refused", async |s: &Session| {
        let (c, size) = (&s.client, start(s).await?);
        click(c, "[data-testid=enroll-scan-qr]").await?;
        wait_for(c, "[data-testid=qr-scan][data-state=live]", WAIT).await?;
        wait_text(c, "qr-scan-problem", "mã điểm danh").await?;
        screenshot(c, &format!("{}-{}-scanner", s.driver, size.name)).await?;
        let typed = field_value(c, "enroll-code").await?;
        if !typed.is_empty() {
            return Err(format!(
                "a check-in QR filled the enrollment code with {typed:?}"
            ));
        }
        click(c, "[data-testid=qr-scan-close]").await?;
        wait_gone(c, "[data-testid=qr-scan]").await
    })
    .await
}

/// Enroll as `role`, the code read by the camera (which films `role`'s enrollment
/// QR); with `camera` false (no camera can be faked for this driver) the scan step
/// is skipped, loudly, the no-camera message checked and the code typed.
pub async fn enroll_by_scanning(session: Session, server: &Server, role: &str, camera: bool) {
    run(session, "scan", async |s: &Session| {
        let (c, size) = (&s.client, start(s).await?);
        let code = &server.code_for(role).code;
        let shot = |what: &str| format!("{}-{}-{what}", s.driver, size.name);
        type_into(c, "enroll-server", &server.url).await?;
        click(c, "[data-testid=enroll-scan-qr]").await?;
        if camera {
            wait_for(c, "[data-testid=enroll-scanned]", WAIT).await?;
            wait_gone(c, "[data-testid=qr-scan]").await?;
            let filled = field_value(c, "enroll-code").await?;
            if filled != *code {
                return Err(format!(
                    "the scan filled the code with {filled:?}, not {code:?}"
                ));
            }
            screenshot(c, &shot("scanned")).await?;
        } else {
            eprintln!(
                "\n!!! e2e `{}`: QR SCAN STEP SKIPPED: WebKitGTK has no fake camera (Chromium's \
                 --use-file-for-fake-video-capture has no WebKit equivalent) and Xvfb has no \
                 real one; checking the no-camera message and enrolling by typing instead\n",
                s.driver
            );
            wait_text(c, "qr-scan-error", "Không mở được máy ảnh").await?;
            screenshot(c, &shot("scanner-no-camera")).await?;
            click(c, "[data-testid=qr-scan-close]").await?;
            wait_gone(c, "[data-testid=qr-scan]").await?;
            type_into(c, "enroll-code", code).await?;
        }
        type_into(c, "enroll-device", &format!("e2e {} scan", s.driver)).await?;
        click(c, "[data-testid=enroll-submit]").await?;
        wait_for(c, "[data-testid^=page-]", FIRST_SYNC).await?;
        wait_for(
            c,
            "[data-testid=sync-status][data-state=online]",
            FIRST_SYNC,
        )
        .await?;
        screenshot(c, &shot("enrolled-by-scan")).await
    })
    .await
}

/// The enrollment form at the session's first size, in the default language.
async fn start(s: &Session) -> Step<Size> {
    let c = &s.client;
    let size = s.sizes[0];
    if s.resizable {
        resize(c, size).await?;
    }
    // As in the main flow: the webview keeps the language choice between runs.
    let forget = "localStorage.removeItem('sotay.lang'); return true";
    bounded(
        "forget an earlier language",
        WAIT,
        c.execute(forget, vec![]),
    )
    .await?;
    bounded("reload the page", WAIT, c.refresh()).await?;
    wait_for(c, "[data-testid=enroll-form]", WAIT).await?;
    Ok(size)
}

/// What a text field holds now (its `value`, not its attribute).
async fn field_value(c: &Client, testid: &str) -> Step<String> {
    let el = wait_for(c, &format!("[data-testid={testid}]"), WAIT).await?;
    let value = bounded(&format!("read `{testid}`"), WAIT, el.prop("value")).await?;
    Ok(value.unwrap_or_default())
}

/// Wait, frame by frame in the page, until nothing matches `css`.
async fn wait_gone(c: &Client, css: &str) -> Step<()> {
    let script = "const [css, done] = arguments; \
                  const look = () => document.querySelector(css) ? requestAnimationFrame(look) : done(true); \
                  look()";
    let what = format!("wait until `{css}` is gone");
    bounded(&what, WAIT, c.execute_async(script, vec![css.into()])).await?;
    Ok(())
}
