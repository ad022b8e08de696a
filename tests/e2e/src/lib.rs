//! `sotay-e2e`: end-to-end tests of the real UI against a real `sotay-server`.
//!
//! Owns: starting the server (demo province), the client (the `sotay headless` host or
//! the `sotay-app` binary), the WebDriver side (Chromium's chromedriver, or Xvfb plus
//! tauri-driver) and the one shared test body ([`flow::enroll_and_tour`]).
//! Must not: mock anything that runs for real here, sleep to synchronise (waits poll
//! the DOM through WebDriver), or skip silently: without Chromium or Xvfb a test says so
//! loudly, and under `cargo xtask test` (`SOTAY_E2E_REQUIRED=1`) it fails instead.
//!
//! Example: `cargo xtask test` builds the binaries and the UI and runs this suite;
//! after a build, `cargo test -p sotay-e2e` runs it alone. Screenshots land in
//! `target/e2e-artifacts/<driver>-<size>-<screen>.png`.
//! ```no_run
//! # async fn demo() {
//! use sotay_e2e::{drivers, fixture, flow};
//! let logs = fixture::artifacts().join("logs");
//! let server = fixture::Server::start(&logs);
//! let (session, url) = drivers::browser(&logs).await;
//! session.client.goto(&url).await.expect("open the headless host");
//! flow::enroll_and_tour(session, &server, "province_officer").await;
//! # }
//! ```

pub mod admin_flow;
pub mod drivers;
pub mod dues_flow;
pub mod evaluation_flow;
pub mod exchange_flow;
pub mod fake_camera;
pub mod fixture;
pub mod flow;
pub mod import_flow;
pub mod import_folder;
pub mod inspection_flow;
pub mod journey_meeting;
pub mod journey_member;
pub mod library_flow;
pub mod meetings_flow;
pub mod oversight_flow;
pub mod procs;
pub mod scan_flow;
pub mod schedule_flow;
pub mod stoppable;
pub mod tasks_flow;
pub mod transfers_flow;

/// Say loudly that a driver cannot run here; fail instead when xtask requires it.
pub fn skip_or_fail(driver: &str, why: &str) {
    let message = format!("END-TO-END `{driver}` NOT RUN: {why}");
    if std::env::var_os("SOTAY_E2E_REQUIRED").is_some() {
        panic!("{message} (SOTAY_E2E_REQUIRED is set)");
    }
    eprintln!("\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
    eprintln!("!!! {message}");
    eprintln!("!!! run `cargo xtask setup` to install it");
    eprintln!("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n");
}
