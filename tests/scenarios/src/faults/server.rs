//! The real `sotay-server` as a child process that can be killed with SIGKILL and
//! started again on the same database and the same address, and the database it runs
//! on: a SQLite file, or a PostgreSQL database made for the run and dropped after it.

use anyhow::{bail, Context, Result};
use sotay_server::{seed_demo, DemoReport, PgStore, SqliteStore, Store};
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Where the server keeps its data.
pub enum Backing {
    /// `sotay.db` in this directory.
    Sqlite(PathBuf),
    /// A database of its own on this PostgreSQL server (`admin` names another database
    /// there, to create and drop it from).
    Postgres { admin: String, db: String },
}

impl Backing {
    /// A fresh PostgreSQL database next to the one `admin_url` names.
    pub fn postgres(admin_url: &str, tag: &str) -> Result<Backing> {
        let db = format!("sotay_faults_{}_{tag}", std::process::id());
        let mut admin = postgres::Client::connect(admin_url, postgres::NoTls)
            .context("PostgreSQL unreachable")?;
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))?;
        admin.batch_execute(&format!("CREATE DATABASE {db}"))?;
        Ok(Backing::Postgres {
            admin: admin_url.to_string(),
            db,
        })
    }

    pub fn name(&self) -> &'static str {
        match self {
            Backing::Sqlite(_) => "sqlite",
            Backing::Postgres { .. } => "postgres",
        }
    }

    fn pg_url(admin: &str, db: &str) -> String {
        let (base, query) = match admin.split_once('?') {
            Some((b, q)) => (b, format!("?{q}")),
            None => (admin, String::new()),
        };
        let base = base.rsplit_once('/').map(|(b, _)| b).unwrap_or(base);
        format!("{base}/{db}{query}")
    }

    /// The arguments `sotay-server serve` takes for this store.
    fn serve_args(&self) -> Vec<String> {
        match self {
            Backing::Sqlite(dir) => vec!["--data".into(), dir.display().to_string()],
            Backing::Postgres { admin, db } => {
                vec!["--database".into(), Backing::pg_url(admin, db)]
            }
        }
    }

    /// Open the store in this process (seeding before the server runs, reading it after).
    /// PostgreSQL's pool must be opened and dropped outside any tokio runtime.
    pub fn open(&self) -> Result<Box<dyn Store>> {
        Ok(match self {
            Backing::Sqlite(dir) => Box::new(SqliteStore::open(dir.join("sotay.db"))?),
            Backing::Postgres { admin, db } => {
                Box::new(PgStore::open(&Backing::pg_url(admin, db))?)
            }
        })
    }

    /// The demo province, with its five enrollment codes.
    pub fn seed(&self, now_ms: u64) -> Result<DemoReport> {
        let store = self.open()?;
        Ok(seed_demo(store.as_ref(), now_ms)?)
    }
}

impl Drop for Backing {
    fn drop(&mut self) {
        if let Backing::Postgres { admin, db } = self {
            if let Ok(mut c) = postgres::Client::connect(admin, postgres::NoTls) {
                let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
            }
        }
    }
}

/// `sotay-server serve` on one address for its whole life: killed and started again
/// there, so devices keep the server address they enrolled with.
pub struct ServerProc {
    bin: PathBuf,
    args: Vec<String>,
    log: PathBuf,
    pub addr: String,
    child: Option<Child>,
    pub starts: u32,
}

/// Drop ANSI colour sequences (`ESC [ … m`) from a log line.
pub fn plain(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

impl ServerProc {
    /// Start serving `backing` on a port the OS picks; its log goes to `log`.
    pub fn start(bin: &Path, backing: &Backing, log: &Path) -> Result<ServerProc> {
        let mut s = ServerProc {
            bin: bin.to_path_buf(),
            args: backing.serve_args(),
            log: log.to_path_buf(),
            addr: "127.0.0.1:0".into(),
            child: None,
            starts: 0,
        };
        s.restart()?;
        Ok(s)
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Start the process (again) and return once it says it serves: its "serving"
    /// line, read from its log as it is written, names the address.
    pub fn restart(&mut self) -> Result<()> {
        if self.child.is_some() {
            bail!("the server is already running");
        }
        let mut log = File::options()
            .create(true)
            .append(true)
            .open(&self.log)
            .with_context(|| format!("opening {}", self.log.display()))?;
        writeln!(log, "--- start {} on {}", self.starts, self.addr)?;
        let mut child = Command::new(&self.bin)
            .arg("serve")
            .args(&self.args)
            .args(["--listen", &self.addr])
            .env("RUST_LOG", "sotay_server=info,tower_http=warn")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {}", self.bin.display()))?;
        let stderr = child.stderr.take().context("the server's stderr")?;
        let (tx, rx) = mpsc::channel();
        // Keep draining the log into the file so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut told = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let line = plain(&line);
                let _ = writeln!(log, "{line}");
                if !told && line.contains("serving") {
                    told = true;
                    let addr = line
                        .split_whitespace()
                        .find_map(|w| w.strip_prefix("addr="))
                        .map(str::to_string);
                    let _ = tx.send(addr);
                }
            }
        });
        self.child = Some(child);
        self.starts += 1;
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Some(addr)) => {
                self.addr = addr;
                Ok(())
            }
            _ => {
                self.kill();
                bail!(
                    "the server did not start serving on {}:\n{}",
                    self.addr,
                    tail(&self.log)
                )
            }
        }
    }

    /// SIGKILL (what `Child::kill` sends on Unix), and reap it: nothing of the process
    /// runs once this returns.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn log_tail(&self) -> String {
        tail(&self.log)
    }
}

impl Drop for ServerProc {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The last lines of a log file, for failure messages.
pub fn tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}
