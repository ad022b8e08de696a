//! `bench pg`: only the PostgreSQL load runs of the full bench (saturation, then paced),
//! optionally two server binaries side by side, alternating run by run (and which goes
//! first), and optionally several server processes on one database with the devices
//! split between them (DESIGN §6: processes behind a load balancer):
//!
//! ```text
//! bench pg --server-bin NEW [--compare OLD] [--devices 1000] [--pg-members 10000]
//!          [--runs 3] [--pause-max-ms 2000] [--pg postgres://…] [--servers 2]
//!          [--analyze yes|no] [--reuse]
//! ```
//!
//! The province is generated once, into a template database, with its devices enrolled;
//! every run copies it into a fresh database (`CREATE DATABASE … TEMPLATE`), so no run
//! inherits the dead row versions of the one before and both binaries start from the
//! same bytes. `--reuse` keeps one database per binary across its runs instead (what
//! the full bench does: the slowdown from run to run shows). `--analyze yes` gathers
//! the planner's statistics after generating, as autovacuum would soon after a bulk
//! load where it runs (this machine's PostgreSQL has it off).

use super::load::{self, Device};
use super::load_cmd::Figures;
use super::report::{load_average, Report};
use super::server::Server;
use super::{gen, load_cmd, median, parse_args, BATCH, CYCLES};
use anyhow::{bail, Context, Result};
use postgres::{Client, NoTls};
use sotay_server::postgres::PgConfig;
use sotay_server::PgStore;
use std::path::{Path, PathBuf};

/// `bench pg`'s own flags; the rest are the bench's.
struct PgArgs {
    servers: usize,
    analyze: bool,
    reuse: bool,
}

fn split_args(args: &[String]) -> Result<(PgArgs, Vec<String>)> {
    let mut own = PgArgs {
        servers: 1,
        analyze: false,
        reuse: false,
    };
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().context(format!("{flag} needs a value"));
        match flag.as_str() {
            "--servers" => own.servers = value()?.parse::<usize>()?.max(1),
            "--analyze" => own.analyze = value()? == "yes",
            "--reuse" => own.reuse = true,
            _ => rest.push(flag.clone()),
        }
    }
    Ok((own, rest))
}

/// `url` with its database name replaced by `db` (its parameters kept: `options` may
/// set, say, `auto_explain` for a profile).
fn url_of(url: &str, db: &str) -> String {
    let (url, params) = match url.split_once('?') {
        Some((u, p)) => (u, format!("?{p}")),
        None => (url, String::new()),
    };
    let base = url.rsplit_once('/').map(|(b, _)| b).unwrap_or(url);
    format!("{base}/{db}{params}")
}

/// Row versions of `rows` after a run: how many updates were HOT, how many dead
/// versions wait for a vacuum.
fn table_stats(url: &str) -> Result<String> {
    let mut c = Client::connect(url, NoTls)?;
    let r = c.query_one(
        "SELECT n_tup_upd, n_tup_hot_upd, n_live_tup, n_dead_tup,
                pg_total_relation_size('rows') / 1048576
         FROM pg_stat_user_tables WHERE relname = 'rows'",
        &[],
    )?;
    Ok(format!(
        "rows: {} updates, {} HOT, {} live, {} dead, {} MiB with indexes",
        r.try_get::<_, i64>(0)?,
        r.try_get::<_, i64>(1)?,
        r.try_get::<_, i64>(2)?,
        r.try_get::<_, i64>(3)?,
        r.try_get::<_, i64>(4)?,
    ))
}

pub fn run(args: &[String]) -> Result<()> {
    let (own, rest) = split_args(args)?;
    let a = parse_args(&rest)?;
    let Some(url) = a.pg.clone() else {
        bail!("bench pg needs --pg postgres://…");
    };
    let mut rep = Report::default();
    rep.note_load("start");
    let mut admin = Client::connect(&url, NoTls).context("PostgreSQL unreachable")?;
    let autovacuum: String = admin.query_one("SHOW autovacuum", &[])?.try_get(0)?;
    let sync_commit: String = admin
        .query_one("SHOW synchronous_commit", &[])?
        .try_get(0)?;
    rep.note(format!(
        "PostgreSQL: autovacuum {autovacuum}, synchronous_commit {sync_commit}"
    ));
    let prefix = format!("sotay_bench_pg_{}", std::process::id());
    let template = format!("{prefix}_tpl");
    admin.batch_execute(&format!("CREATE DATABASE {template}"))?;
    let mut made = vec![template.clone()];
    let result = (|| -> Result<()> {
        let devices = province(&a, &own, &url, &template)?;
        let mut bins: Vec<(&str, &Path)> = vec![("", a.server_bin.as_path())];
        if let Some(old) = &a.compare {
            bins.insert(0, ("_before", old.as_path()));
            bins[1].0 = "_after";
        }
        let mut figures: Vec<Figures> = bins.iter().map(|_| Figures::default()).collect();
        let mut kept: Vec<Vec<Device>> = bins.iter().map(|_| devices.clone()).collect();
        let max_requests = (a.devices + 64).max(1_024).to_string();
        for run in 0..a.runs {
            let mut order: Vec<_> = bins
                .iter()
                .enumerate()
                .zip(figures.iter_mut().zip(kept.iter_mut()))
                .collect();
            if run % 2 == 1 {
                order.reverse();
            }
            for ((b, (tag, bin)), (f, devs)) in order {
                let db = match own.reuse {
                    true => format!("{prefix}_bin{b}"),
                    false => format!("{prefix}_run{run}_bin{b}"),
                };
                if !own.reuse || run == 0 {
                    admin.batch_execute(&format!("CREATE DATABASE {db} TEMPLATE {template}"))?;
                    made.push(db.clone());
                }
                if !own.reuse {
                    *devs = devices.clone();
                }
                let db_url = url_of(&url, &db);
                let servers = (0..own.servers)
                    .map(|_| {
                        Server::start(
                            bin,
                            &[
                                "--database".into(),
                                db_url.clone(),
                                "--max-requests".into(),
                                max_requests.clone(),
                            ],
                        )
                    })
                    .collect::<Result<Vec<_>>>()?;
                let pids: Vec<String> = servers.iter().map(|s| s.pid().to_string()).collect();
                let urls: Vec<&str> = servers.iter().map(|s| s.url.as_str()).collect();
                let start_load = load_average();
                eprintln!(
                    "  run {run}{tag}: servers {} (load {start_load})",
                    pids.join(" ")
                );
                let taken = std::mem::take(devs);
                let (back, sat) = load::run_on(&urls, taken, CYCLES, BATCH, 0)?;
                let (back, paced) = load::run_on(&urls, back, CYCLES, BATCH, a.pause_max_ms)?;
                *devs = back;
                eprintln!(
                    "  run {run}{tag}: saturated {:.0} changes/s; paced {:.0} changes/s, push p99 {:.1} ms, pull p99 {:.1} ms (load {start_load} -> {})",
                    sat.changes_per_s,
                    paced.changes_per_s,
                    paced.push_p99_ms,
                    paced.pull_p99_ms,
                    load_average()
                );
                f.saturated.push(sat.changes_per_s);
                f.paced.push(paced.changes_per_s);
                f.push.push(paced.push_p99_ms);
                f.pull.push(paced.pull_p99_ms);
                let rss: u64 = servers.iter().filter_map(Server::peak_rss_kb).sum();
                f.rss_mib.push(rss as f64 / 1024.0);
                drop(servers);
                match table_stats(&db_url) {
                    Ok(s) => eprintln!("  run {run}{tag}: {s}"),
                    Err(e) => eprintln!("  run {run}{tag}: no table statistics ({e:#})"),
                }
                if !own.reuse {
                    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))?;
                }
            }
        }
        rep.note(format!(
            "{} devices on {} server process(es), {} members, paced pauses 0–{} ms, median of {} runs, {}",
            a.devices,
            own.servers,
            a.pg_members,
            a.pause_max_ms,
            a.runs,
            match own.reuse {
                true => "one database per binary across runs",
                false => "a fresh copy of the province per run",
            }
        ));
        let n = a.devices;
        let s = own.servers;
        for ((tag, bin), f) in bins.iter().zip(figures) {
            eprintln!("{tag}: {}", PathBuf::from(bin).display());
            let name = |what: &str| format!("{what}_postgres_{n}_x{s}{tag}");
            rep.line(&name("push_throughput"), median(f.saturated), "changes/s");
            rep.line(&name("paced_changes_per_s"), median(f.paced), "changes/s");
            rep.line(&name("push_p99_ms"), median(f.push), "ms");
            rep.line(&name("pull_p99_ms"), median(f.pull), "ms");
            rep.line(&name("server_peak_rss"), median(f.rss_mib), "MiB");
        }
        Ok(())
    })();
    for db in made.iter().rev() {
        let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
    }
    rep.note_load("end");
    result
}

/// Generate the province into `db` and enroll the devices; no connection is left open
/// (the database is copied next).
fn province(a: &super::Args, own: &PgArgs, url: &str, db: &str) -> Result<Vec<Device>> {
    let mut config: PgConfig = url.parse()?;
    config.dbname(db);
    let store = PgStore::connect(config, 4)?;
    let (province, secs) = gen(&store, a.pg_members)?;
    eprintln!(
        "  province of {} members generated in {secs:.2} s",
        a.pg_members
    );
    let mut devices = load::enroll_devices(&store, &province.cell_members, a.devices)?;
    drop(store);
    let db_url = url_of(url, db);
    let posted = load_cmd::posted_pg(&db_url)?;
    load_cmd::edit_plain_members(&mut devices, &province.cell_members, &posted)?;
    if own.analyze {
        Client::connect(&db_url, NoTls)?.batch_execute("VACUUM ANALYZE")?;
    }
    Ok(devices)
}
