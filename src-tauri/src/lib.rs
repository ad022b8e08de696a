//! `sotay-app`: the Tauri 2 shell around the replica.
//!
//! Owns: the window, the one command `api` (a typed `Request` in, a `Response` or
//! `ApiError` out, straight into [`Replica::call_shared`]), opening the replica in the
//! platform's app-data directory, background sync and reminders (OS notifications
//! through the notification plugin, used from Rust only) on Tauri's tokio runtime, and
//! the desktop and mobile entry points. `--headless` serves the same UI to a browser
//! instead of opening a window, so one client binary covers both.
//! Must not: hold data or rules of its own, expose any other command or plugin to the
//! webview (capabilities allow `api` only), or sync from the webview.
//!
//! Example (the same flags `cargo xtask run` uses):
//! ```text
//! SOTAY_HOME=/tmp/home sotay-app                      # a window on that replica
//! sotay-app --home /tmp/home --headless --ui ui/dist  # prints `headless: URL`
//! ```

mod options;
mod reminders;

use options::Options;
use sotay_model::api::{ApiError, Request, Response};
use sotay_replica::{host, run_background_sync, Replica};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tauri::Manager;

/// How often the background task syncs while the app is open.
const SYNC_EVERY: Duration = Duration::from_secs(60);

/// The webview's only door into Rust: one typed request, answered by the replica (its
/// blocking work off Tauri's async threads: `Replica::call_shared`).
#[tauri::command]
async fn api(
    replica: tauri::State<'_, Arc<Replica>>,
    request: Request,
) -> Result<Response, ApiError> {
    Arc::clone(&replica).call_shared(request).await
}

/// Start the app: a window (desktop, mobile) or, with `--headless`, a browser host.
#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    init_logging();
    let options = Options::from_env();
    if options.headless {
        if let Err(e) = headless(options) {
            eprintln!("Lỗi: {e}");
            std::process::exit(1);
        }
        return;
    }
    let chosen_home = options.home;
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .setup(move |app| {
            let home = match chosen_home {
                Some(home) => home,
                None => app.path().app_data_dir()?,
            };
            let replica = Arc::new(open_replica(home)?);
            app.manage(replica.clone());
            // Sync runs here in Rust for the app's lifetime, never in the webview.
            tauri::async_runtime::spawn(run_background_sync(
                replica.clone(),
                SYNC_EVERY,
                std::future::pending(),
            ));
            // So are reminders: OS notifications from the device's own agenda.
            tauri::async_runtime::spawn(reminders::run(app.handle().clone(), replica));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![api])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Không mở được ứng dụng: {e}");
        std::process::exit(1);
    }
}

fn open_replica(home: PathBuf) -> Result<Replica, ApiError> {
    if let Err(e) = std::fs::create_dir_all(&home) {
        return Err(ApiError::new(
            sotay_model::api::ApiErrorKind::Storage,
            format!("Không tạo được thư mục dữ liệu {}: {e}", home.display()),
        ));
    }
    Replica::open(&home)
}

/// The replica's browser host on loopback until Ctrl-C, on Tauri's own runtime.
fn headless(options: Options) -> Result<(), String> {
    let home = options
        .home
        .or_else(options::platform_home)
        .ok_or("không xác định được thư mục dữ liệu: hãy dùng --home")?;
    let ui = options.ui.unwrap_or_else(|| PathBuf::from("ui/dist"));
    let listen = options
        .listen
        .unwrap_or_else(|| std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
    tauri::async_runtime::block_on(async move {
        let replica = Arc::new(open_replica(home).map_err(|e| e.message)?);
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        // start_headless prints `headless: URL`, the address to open.
        let (_, task) = host::start_headless(replica, ui, listen, stop)
            .await
            .map_err(|e| e.to_string())?;
        match task.await {
            Ok(served) => served.map_err(|e| e.to_string()),
            Err(e) => Err(format!("máy chủ cục bộ dừng bất thường: {e}")),
        }
    })
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    // A second init (tests, mobile restarts) is harmless: keep the first.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

#[cfg(test)]
mod tests {
    /// A file dropped on the window reaches the page as an HTML5 drop, which the attach
    /// and import zones read as bytes, like a picked file. Tauri's own drop handler
    /// (on by default) takes the drop instead: the page gets nothing (Windows) or only
    /// Tauri's event with the file's path, which the webview must not learn.
    #[test]
    fn files_dropped_on_the_window_reach_the_page() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json");
        let windows = conf["app"]["windows"].as_array().expect("its windows");
        assert!(!windows.is_empty());
        for w in windows {
            assert_eq!(w["dragDropEnabled"], serde_json::json!(false), "{w}");
        }
    }
}
