//! `sotay`: the replica from the command line — enroll, sync, call the Api with JSON,
//! or serve the UI to a local browser (headless mode).

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use sotay_model::api::{requests, Request, Response};
use sotay_replica::{host, Replica};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "sotay",
    version,
    about = "Sổ tay Đảng viên: bản sao dữ liệu trên máy"
)]
struct Cli {
    /// The replica's home directory (holds replica.db).
    #[arg(long, env = "SOTAY_HOME")]
    home: PathBuf,
    /// The app PIN, when one is set (the replica starts locked then).
    #[arg(long, env = "SOTAY_PIN", hide_env_values = true)]
    pin: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Enroll this device with a one-time code from a committee.
    Enroll {
        #[arg(long)]
        server: String,
        #[arg(long)]
        code: String,
        #[arg(long, default_value = "sotay-cli")]
        name: String,
        /// Base64 SHA-256 of the server's public key, to pin it.
        #[arg(long)]
        pin_sha256: Option<String>,
    },
    /// Push pending changes and pull until caught up.
    Sync,
    /// Answer one Api request given as JSON, e.g. '{"type":"list_orgs"}'.
    Api { request: String },
    /// Serve the built UI and /api to a browser on this machine.
    Headless {
        #[arg(long)]
        ui: PathBuf,
        #[arg(long, default_value = "127.0.0.1:0")]
        listen: SocketAddr,
    },
}

fn print_error(e: &sotay_model::api::ApiError) -> std::process::ExitCode {
    match serde_json::to_string(e) {
        Ok(j) => eprintln!("{j}"),
        Err(_) => eprintln!("{}", e.message),
    }
    std::process::ExitCode::FAILURE
}

#[tokio::main]
async fn main() -> Result<std::process::ExitCode> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let cli = Cli::parse();
    let replica = Arc::new(Replica::open(&cli.home).map_err(|e| anyhow::anyhow!(e.message))?);
    if let Some(pin) = cli.pin {
        if let Err(e) = replica
            .call(Request::Unlock(requests::Unlock { pin }))
            .await
        {
            return Ok(print_error(&e));
        }
    }
    let request = match cli.command {
        Command::Enroll {
            server,
            code,
            name,
            pin_sha256,
        } => Request::Enroll(requests::Enroll {
            server,
            code,
            device_name: name,
            pin_sha256,
        }),
        Command::Sync => Request::SyncNow(requests::SyncNow),
        Command::Api { request } => match serde_json::from_str(&request) {
            Ok(r) => r,
            Err(e) => {
                return Ok(print_error(&sotay_model::api::ApiError::new(
                    sotay_model::api::ApiErrorKind::Invalid,
                    format!("Yêu cầu không hợp lệ: {e}"),
                )))
            }
        },
        Command::Headless { ui, listen } => {
            let (_, task) = host::start_headless(replica, ui, listen, async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
            task.await.context("headless host stopped")??;
            return Ok(std::process::ExitCode::SUCCESS);
        }
    };
    let summary = matches!(
        request,
        Request::SyncNow(requests::SyncNow) | Request::Enroll(requests::Enroll { .. })
    );
    match replica.call(request).await {
        Ok(resp) if summary => println!("{}", one_line(&resp)),
        Ok(resp) => println!("{}", serde_json::to_string(&resp)?),
        Err(e) => return Ok(print_error(&e)),
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// The one-line summaries `sync` and `enroll` print.
fn one_line(resp: &Response) -> String {
    match resp {
        Response::Synced(r) => format!(
            "đã đồng bộ: gửi {} (nhận {}, từ chối {}), tải về {}",
            r.pushed, r.accepted, r.rejected, r.pulled
        ),
        Response::Status(s) => format!(
            "đã đăng ký thiết bị {} với {}; {}",
            s.device_id.map(|d| d.to_string()).unwrap_or_default(),
            s.server.as_deref().unwrap_or(""),
            if s.online {
                "đã đồng bộ"
            } else {
                "chưa đồng bộ được"
            }
        ),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}
