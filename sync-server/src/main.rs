//! `sotay-server`: run the sync server, seed demo data, or issue an enrollment code.

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use sotay_server::http::Bounds;
use sotay_server::postgres::is_postgres_url;
use sotay_server::{seed_demo, AppState, PgStore, SqliteStore, Store, DEFAULT_CODE_TTL_MS};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "sotay-server",
    version,
    about = "Máy chủ đồng bộ Sổ tay Đảng viên"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Chạy máy chủ đồng bộ.
    Serve {
        /// Thư mục dữ liệu (chứa sotay.db); không cần khi dùng --database.
        #[arg(long, env = "SOTAY_DATA", required_unless_present = "database")]
        data: Option<PathBuf>,
        /// Cơ sở dữ liệu PostgreSQL (`postgres://…`) thay cho SQLite: nhiều máy chủ
        /// có thể dùng chung một cơ sở dữ liệu.
        #[arg(long, env = "SOTAY_DATABASE")]
        database: Option<String>,
        /// Địa chỉ lắng nghe.
        #[arg(long, env = "SOTAY_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Tệp chứng chỉ PEM (chuỗi chứng chỉ, chứng chỉ máy chủ trước): phục vụ HTTPS.
        #[arg(long, env = "SOTAY_TLS_CERT", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// Tệp khóa riêng PEM của chứng chỉ.
        #[arg(long, env = "SOTAY_TLS_KEY", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// Dung lượng tối đa của một tệp đính kèm tải lên, tính bằng MB.
        #[arg(long, env = "SOTAY_MAX_BLOB_MB", default_value_t = 50)]
        max_blob_mb: u64,
        /// Cho phép phục vụ HTTP không mã hóa trên địa chỉ không phải máy này (chỉ khi
        /// một máy chủ khác phía trước đã lo TLS). Mặc định máy chủ từ chối khởi động.
        #[arg(long, env = "SOTAY_INSECURE_HTTP")]
        insecure_http: bool,
        /// Số yêu cầu được xử lý cùng lúc; quá số này máy chủ trả lời 503 "đang bận".
        #[arg(long, env = "SOTAY_MAX_REQUESTS", default_value_t = Bounds::default().max_in_flight)]
        max_requests: usize,
        /// Thời gian tối đa cho một yêu cầu (trừ truyền tệp), tính bằng giây.
        #[arg(long, env = "SOTAY_REQUEST_TIMEOUT_SECS", default_value_t = Bounds::default().request_timeout.as_secs())]
        request_timeout_secs: u64,
    },
    /// Tạo dữ liệu mẫu tỉnh Thái Bình trong một thư mục dữ liệu trống.
    Demo {
        #[arg(long, env = "SOTAY_DATA")]
        data: PathBuf,
    },
    /// Tạo dữ liệu một tỉnh cỡ thật (Thái Bình, mặc định 100.000 đảng viên) để đo tải,
    /// trong một thư mục dữ liệu hoặc cơ sở dữ liệu PostgreSQL trống.
    Generate {
        #[arg(long, env = "SOTAY_DATA", required_unless_present = "database")]
        data: Option<PathBuf>,
        #[arg(long, env = "SOTAY_DATABASE")]
        database: Option<String>,
        /// Số đảng viên.
        #[arg(long, default_value_t = 100_000)]
        members: usize,
        /// Số năm lịch sử (chuyển sinh hoạt giữa các chi bộ).
        #[arg(long, default_value_t = 5)]
        years: u32,
        /// Hạt giống ngẫu nhiên: cùng hạt giống, cùng dữ liệu.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// In một mã đăng ký thiết bị dùng một lần cho đảng viên có số thẻ này.
    EnrollCode {
        #[arg(long, env = "SOTAY_DATA")]
        data: PathBuf,
        /// Số thẻ đảng viên.
        #[arg(long)]
        member: String,
        /// Số ngày mã còn hiệu lực.
        #[arg(long, default_value_t = 7)]
        days: u64,
    },
}

fn db_path(data: &Path) -> PathBuf {
    data.join("sotay.db")
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

fn open(data: &Path, create: bool) -> anyhow::Result<SqliteStore> {
    if create {
        std::fs::create_dir_all(data)
            .with_context(|| format!("không tạo được thư mục dữ liệu {}", data.display()))?;
    } else if !db_path(data).exists() {
        bail!(
            "chưa có dữ liệu ở {} (hãy chạy `serve` hoặc `demo` trước)",
            data.display()
        );
    }
    SqliteStore::open(db_path(data))
        .with_context(|| format!("không mở được {}", db_path(data).display()))
}

/// The store `serve` runs on: PostgreSQL when `--database` names one, else SQLite in
/// `--data`. Also says what it is for the log (never the URL: it may hold a password).
fn open_serve(
    data: Option<&Path>,
    database: Option<&str>,
) -> anyhow::Result<(Arc<dyn Store>, String)> {
    match (database, data) {
        (Some(url), _) if is_postgres_url(url) => {
            let store =
                PgStore::open(url).context("không kết nối được cơ sở dữ liệu PostgreSQL")?;
            Ok((Arc::new(store), "postgresql".into()))
        }
        (Some(_), _) => bail!("--database phải bắt đầu bằng postgres:// hoặc postgresql://"),
        (None, Some(data)) => {
            let store = open(data, true)?;
            Ok((Arc::new(store), db_path(data).display().to_string()))
        }
        (None, None) => bail!("cần --data (SQLite) hoặc --database postgres://…"),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}

/// Pushes and pulls build and parse JSON rows: glibc's malloc and free were a fifth of
/// the server's CPU under load. With mimalloc (on Linux also under SQLite and the
/// PostgreSQL client) the paced push p99 at 1,000 devices fell by about a third and the
/// pull p99 by half; the peak resident size grew by about 40% (bench/results.md,
/// "The server's allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Lỗi: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().command {
        Command::Serve {
            data,
            database,
            listen,
            tls_cert,
            tls_key,
            max_blob_mb,
            insecure_http,
            max_requests,
            request_timeout_secs,
        } => {
            let tls = match (tls_cert, tls_key) {
                (Some(c), Some(k)) => Some(sotay_server::load_tls_config(&c, &k)?),
                _ => None,
            };
            // Devices send their enrollment code, credential and rows: in clear, anyone
            // on the path reads them and can answer "revoked" to wipe a device.
            if tls.is_none() && !listen.ip().is_loopback() && !insecure_http {
                bail!(
                    "từ chối phục vụ HTTP không mã hóa ở {listen}: hãy dùng --tls-cert và --tls-key, \
                     hoặc --insecure-http nếu một máy chủ phía trước đã lo TLS"
                );
            }
            let bounds = Bounds {
                max_in_flight: max_requests.max(1),
                request_timeout: std::time::Duration::from_secs(request_timeout_secs.max(1)),
                ..Bounds::default()
            };
            let (store, db) = open_serve(data.as_deref(), database.as_deref())?;
            // Pulls and authentication each hold a blocking thread while they wait
            // for one of the store's connections. (Pushes waiting for their batch
            // held one each too, and with 1,000 devices filled tokio's default 512;
            // they now wait without one, see `group`.) With 2,048 then, four load
            // runs alternating with four at 512: paced push p99 170–374 ms against
            // 331–714 ms, pull p99 54–107 ms against 106–153 ms (bench/results.md).
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .max_blocking_threads(2048)
                .build()
                .context("không khởi động được tokio")?;
            // The PostgreSQL driver's connections block on a runtime of their own when
            // dropped, which panics inside ours: the last handle on the store is
            // dropped here, after the server has stopped.
            let keep = store.clone();
            let served = runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind(listen)
                    .await
                    .with_context(|| format!("không lắng nghe được ở {listen}"))?;
                let state = AppState::bounded(
                    store,
                    sotay_server::Limits::default(),
                    bounds,
                    std::sync::Arc::new(now_ms),
                );
                state.set_max_blob_bytes(max_blob_mb.saturating_mul(1024 * 1024));
                let addr = listener.local_addr()?;
                match tls {
                    Some(config) => {
                        tracing::info!(%addr, %db, "serving HTTPS");
                        sotay_server::serve_tls(listener, config, state, shutdown_signal()).await
                    }
                    None if !addr.ip().is_loopback() => {
                        tracing::warn!(
                            %addr,
                            "--insecure-http: PLAIN HTTP ON A NETWORK ADDRESS. Enrollment codes, \
                             device credentials and every row cross the network in clear; \
                             only run this behind a proxy that terminates TLS"
                        );
                        tracing::info!(%addr, %db, "serving HTTP");
                        sotay_server::serve(listener, state, shutdown_signal()).await
                    }
                    None => {
                        tracing::info!(%addr, %db, "serving HTTP");
                        sotay_server::serve(listener, state, shutdown_signal()).await
                    }
                }
                .context("máy chủ dừng vì lỗi")
            });
            drop(runtime);
            drop(keep);
            served
        }
        Command::Demo { data } => {
            let store = open(&data, true)?;
            let report = seed_demo(&store, now_ms())
                .with_context(|| format!("thư mục dữ liệu {}", data.display()))?;
            eprintln!(
                "Đã tạo dữ liệu mẫu: {} huyện, {} đảng bộ cơ sở, {} đảng bộ bộ phận, {} chi bộ, {} đảng viên, {} chức vụ.",
                report.districts, report.grassroots, report.sections, report.cells, report.members, report.positions
            );
            for line in &report.enroll {
                println!("{line}");
            }
            Ok(())
        }
        Command::Generate {
            data,
            database,
            members,
            years,
            seed,
        } => {
            let (store, db) = open_serve(data.as_deref(), database.as_deref())?;
            let started = std::time::Instant::now();
            let opts = sotay_server::demo::GenOptions {
                members,
                years,
                seed,
                codes_at_ms: now_ms(),
            };
            let r = sotay_server::demo::generate(&*store, &opts).with_context(|| db.clone())?;
            eprintln!(
                "Đã tạo tỉnh Thái Bình trong {:.1} giây: {} huyện, {} đảng bộ cơ sở, {} đảng bộ bộ phận, {} chi bộ, {} đảng viên, {} chức vụ, {} lần chuyển sinh hoạt ({} thay đổi).",
                started.elapsed().as_secs_f64(), r.districts, r.grassroots, r.sections, r.cells, r.members, r.positions, r.transfers, r.changes
            );
            for line in &r.enroll {
                println!("{line}");
            }
            Ok(())
        }
        Command::EnrollCode { data, member, days } => {
            let store = open(&data, false)?;
            let Some(id) = store.member_by_card(&member)? else {
                bail!("không tìm thấy đảng viên có số thẻ {member}");
            };
            let ttl = days.max(1).saturating_mul(DEFAULT_CODE_TTL_MS / 7);
            println!("{}", store.create_enroll_code(id, ttl, now_ms())?);
            Ok(())
        }
    }
}
