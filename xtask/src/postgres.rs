//! A PostgreSQL for the test run (the `PgStore` conformance suite): `SOTAY_TEST_PG` if
//! set, else the machine's own server if one answers on 127.0.0.1:5432, else a private
//! cluster under `target/pg-test/` on a free port, from Debian's `postgresql` package
//! (installed if missing), stopped again when the returned guard is dropped.

use crate::cmd::{self, output, run, which};
use anyhow::{bail, Context, Result};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A reachable PostgreSQL; a private cluster stops when this is dropped.
pub struct Postgres {
    pub url: String,
    cluster: Option<Cluster>,
}

struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    as_postgres: bool,
}

const MACHINE_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

fn answers(port: u16) -> bool {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_ok()
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u"))
        .map(|uid| uid.trim() == "0")
        .unwrap_or(false)
}

/// Make sure a PostgreSQL runs and say where.
pub fn ensure() -> Result<Postgres> {
    if let Ok(url) = std::env::var("SOTAY_TEST_PG") {
        println!("postgres: using SOTAY_TEST_PG");
        return Ok(Postgres { url, cluster: None });
    }
    // SOTAY_TEST_PG_PRIVATE=1 skips the machine's server (to exercise this path).
    let private = std::env::var("SOTAY_TEST_PG_PRIVATE").is_ok_and(|v| v == "1");
    if !private && answers(5432) {
        println!("postgres: using the machine's server at 127.0.0.1:5432");
        return Ok(Postgres {
            url: MACHINE_URL.into(),
            cluster: None,
        });
    }
    let bin = match server_bin() {
        Some(b) => b,
        None => {
            install()?;
            server_bin().context("`postgresql` is installed but initdb was not found")?
        }
    };
    start(bin)
}

/// The directory holding `initdb` and `pg_ctl`: Debian's versioned one, else PATH.
fn server_bin() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").is_file() && b.join("pg_ctl").is_file())
        .collect();
    versions.sort();
    versions
        .pop()
        .or_else(|| which("initdb").and_then(|p| p.parent().map(Path::to_path_buf)))
}

fn install() -> Result<()> {
    println!("postgres: installing Debian's postgresql package");
    let apt = |args: &[&str]| {
        let mut c = if is_root() {
            Command::new("apt-get")
        } else {
            let mut s = Command::new("sudo");
            s.arg("apt-get");
            s
        };
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run(&mut apt(&["update", "-q"]))?;
    run(&mut apt(&[
        "install",
        "-y",
        "-q",
        "--no-install-recommends",
        "postgresql",
    ]))
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

impl Cluster {
    /// `program` from the cluster's bin dir, as the `postgres` user when we are root
    /// (the server refuses to run as root).
    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }
}

fn start(bin: PathBuf) -> Result<Postgres> {
    let dir = cmd::target_dir().join("pg-test");
    let data = dir.join("data");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let as_postgres = is_root();
    let cluster = Cluster {
        bin,
        data: data.clone(),
        as_postgres,
    };
    if as_postgres {
        run(Command::new("chown").args(["-R", "postgres:"]).arg(&dir))?;
    }
    if !data.join("PG_VERSION").is_file() {
        run(cluster
            .command("initdb")
            .args(["-U", "postgres", "-A", "trust", "--no-sync", "-D"])
            .arg(&data))?;
    }
    // A cluster left running by an interrupted run: stop it first (may fail: fine).
    let _ = cluster
        .command("pg_ctl")
        .args(["-m", "fast", "-D"])
        .arg(&data)
        .arg("stop")
        .output();
    let port = free_port()?;
    // Test executables may run side by side (`SOTAY_TEST_JOBS`), each test with pools
    // of its own: the default of 100 connections is too few then.
    let opts = format!(
        "-p {port} -c listen_addresses=127.0.0.1 -k {} -c fsync=off -c max_connections=300",
        dir.display()
    );
    run(cluster
        .command("pg_ctl")
        .args(["-w", "-t", "60", "-D"])
        .arg(&data)
        .args(["-l"])
        .arg(dir.join("server.log"))
        .args(["-o", &opts, "start"]))?;
    if !answers(port) {
        bail!(
            "the private PostgreSQL did not answer on port {port}; see {}",
            dir.join("server.log").display()
        );
    }
    println!(
        "postgres: private cluster on 127.0.0.1:{port} ({})",
        data.display()
    );
    Ok(Postgres {
        url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
        cluster: Some(cluster),
    })
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Some(c) = &self.cluster {
            println!("postgres: stopping the private cluster");
            let _ = c
                .command("pg_ctl")
                .args(["-m", "fast", "-w", "-D"])
                .arg(&c.data)
                .arg("stop")
                .status();
        }
    }
}

/// `cargo xtask pg <command…>`: run a command with `SOTAY_TEST_PG` pointing at a
/// running PostgreSQL (e.g. `cargo xtask pg cargo test -p sotay-server`).
pub fn with(args: &[String]) -> Result<()> {
    let Some((program, rest)) = args.split_first() else {
        bail!("usage: cargo xtask pg <command> [args…]");
    };
    let pg = ensure()?;
    run(Command::new(program)
        .args(rest)
        .current_dir(cmd::root())
        .env("SOTAY_TEST_PG", &pg.url)
        .env("SOTAY_PG_REQUIRED", "1"))
}
