//! The two ways the UI is driven: Chromium against the replica's headless host, and the
//! Tauri app itself under Xvfb through tauri-driver. Each yields a WebDriver session on
//! a fresh client home; the processes behind it end when the session is dropped.

use crate::fixture;
use crate::flow::{Size, DESKTOP, PHONE};
use crate::procs::{free_port, free_ports, wait_for_port, which, Proc};
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

pub struct Session {
    /// `browser` or `desktop`: the first word of every screenshot name.
    pub driver: &'static str,
    pub client: Client,
    /// The viewports to tour, the first one used for enrollment.
    pub sizes: Vec<Size>,
    /// Chromium resizes on request; the Tauri window opens at its configured
    /// 1280x800 and has no window manager under Xvfb to resize it.
    pub resizable: bool,
    pub logs: PathBuf,
    /// The client's home (its database, and `exports/` where the app writes a list it
    /// exports).
    pub home: PathBuf,
    // Dropped after the client: the programs behind the session, then their files.
    _procs: Vec<Proc>,
    _dirs: Vec<tempfile::TempDir>,
}

/// `Err(why)` when Chromium or its driver is not installed here.
pub fn browser_missing() -> Option<String> {
    for program in ["chromium", "chromedriver"] {
        if which(program).is_none() {
            return Some(format!(
                "`{program}` is not installed (cargo xtask setup installs it)"
            ));
        }
    }
    None
}

/// `Err(why)` when the virtual display, tauri-driver or WebKit's driver is missing.
pub fn desktop_missing() -> Option<String> {
    for program in ["Xvfb", "tauri-driver", "WebKitWebDriver"] {
        if which(program).is_none() {
            return Some(format!(
                "`{program}` is not installed (cargo xtask setup installs it)"
            ));
        }
    }
    None
}

fn tempdir(what: &str) -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("a temp dir for {what}: {e}"))
}

fn caps(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => unreachable!("capabilities are written as a JSON object"),
    }
}

/// Chromium (headless) on the UI served by `sotay headless` from a fresh home.
pub async fn browser(logs: &Path) -> (Session, String) {
    browser_with(logs, Vec::new()).await
}

/// The same, with more Chromium flags (a fake camera: `FakeCamera::chromium_flags`).
pub async fn browser_with(logs: &Path, extra_args: Vec<String>) -> (Session, String) {
    let home = tempdir("the client home");
    let host = Proc::spawn(
        "sotay-headless",
        Command::new(fixture::binary("sotay"))
            .arg("--home")
            .arg(home.path())
            .args(["headless", "--ui"])
            .arg(fixture::ui_dist())
            .args(["--listen", "127.0.0.1:0"]),
        logs,
        false,
    );
    let url = host.wait_for_line(Duration::from_secs(60), |l| {
        l.trim().strip_prefix("headless: ").map(str::to_string)
    });

    let port = free_port();
    let driver = Proc::spawn(
        "chromedriver",
        Command::new("chromedriver").arg(format!("--port={port}")),
        logs,
        true,
    );
    driver.wait_for_line(Duration::from_secs(60), |l| {
        l.contains("started successfully").then_some(())
    });

    let profile = tempdir("the Chromium profile");
    let chromium = which("chromium").expect("checked by browser_missing");
    // Downloads land where a test can look for them (see `downloads`).
    let downloads = downloads(logs);
    std::fs::create_dir_all(&downloads).expect("create the downloads folder");
    let first = PHONE;
    let mut capabilities = caps(json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                format!("--window-size={},{}", first.width, first.height),
                format!("--user-data-dir={}", profile.path().display()),
            ],
            "prefs": {
                "download.default_directory": downloads,
                "download.prompt_for_download": false
            }
        }
    }));
    if let Some(Value::Array(args)) = capabilities
        .get_mut("goog:chromeOptions")
        .and_then(|o| o.get_mut("args"))
    {
        args.extend(extra_args.into_iter().map(Value::from));
    }
    let client = connect(port, capabilities, &driver).await;
    let session = Session {
        driver: "browser",
        client,
        sizes: vec![PHONE, DESKTOP],
        resizable: true,
        logs: logs.to_path_buf(),
        home: home.path().to_path_buf(),
        _procs: vec![driver, host],
        _dirs: vec![profile, home],
    };
    (session, url)
}

/// Where the browser of a session logging to `logs` saves its downloads.
pub fn downloads(logs: &Path) -> PathBuf {
    logs.join("downloads")
}

/// The built `sotay-app` in a virtual X display, driven through tauri-driver.
pub async fn desktop(logs: &Path) -> Session {
    // -displayfd: Xvfb picks a free display and prints its number once it is ready.
    let xvfb = Proc::spawn(
        "xvfb",
        Command::new("Xvfb").args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x1024x24",
            "-nolisten",
            "tcp",
        ]),
        logs,
        false,
    );
    let display: u32 = xvfb.wait_for_line(Duration::from_secs(30), |l| l.trim().parse().ok());

    let home = tempdir("the client home");
    let app = fixture::binary("sotay-app");
    let [port, native_port] = free_ports::<2>();
    let driver = Proc::spawn(
        "tauri-driver",
        Command::new("tauri-driver")
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .env("DISPLAY", format!(":{display}"))
            .env("SOTAY_HOME", home.path())
            // The webview keeps localStorage (the chosen language, reminders) under the
            // XDG dirs: one app's choice must not reach another session's app, which the
            // test executables running side by side made happen (an English form).
            .env("XDG_DATA_HOME", home.path().join("xdg-data"))
            .env("XDG_CACHE_HOME", home.path().join("xdg-cache"))
            .env("XDG_CONFIG_HOME", home.path().join("xdg-config"))
            // No accessibility bus under Xvfb: spare GTK the attempt to reach one.
            .env("NO_AT_BRIDGE", "1"),
        logs,
        true,
    );
    wait_for_port(&driver, port, Duration::from_secs(30));
    let capabilities = caps(json!({
        "browserName": "wry",
        "tauri:options": { "application": app }
    }));
    let client = connect(port, capabilities, &driver).await;
    Session {
        driver: "desktop",
        client,
        sizes: vec![DESKTOP],
        resizable: false,
        logs: logs.to_path_buf(),
        home: home.path().to_path_buf(),
        _procs: vec![driver, xvfb],
        _dirs: vec![home],
    }
}

async fn connect(port: u16, capabilities: Map<String, Value>, driver: &Proc) -> Client {
    let mut builder = ClientBuilder::native();
    builder.capabilities(capabilities);
    match builder.connect(&format!("http://127.0.0.1:{port}")).await {
        Ok(client) => client,
        Err(e) => panic!(
            "no WebDriver session (pid {}): {e}\n{}",
            driver.pid(),
            crate::procs::tail(&driver.log)
        ),
    }
}
