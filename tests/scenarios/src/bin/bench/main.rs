//! `bench`: sotay's benchmark suite (issue 7), run by `cargo xtask bench`.
//!
//! Generates a province, starts real `sotay-server` processes on loopback, and measures
//! first syncs of replicas, pushes and pulls of 1,000 simulated devices on SQLite and
//! PostgreSQL, peak memory and the UI's size, and the oversight dashboard on a province
//! officer's replica (`bench oversight` runs only that; `bench load` only the SQLite load
//! runs, see `load_cmd`; `bench pg` only the PostgreSQL ones, see `pg_cmd`; `bench sync`
//! only the first sync, see `sync_cmd`). Prints `name: value unit` lines (the median of
//! `--runs` runs) and writes them with the machine and date to `bench/results.md`.
//!
//! ```text
//! bench --server-bin target/release/sotay-server [--members 100000] [--runs 3]
//!       [--devices 1000] [--pg postgres://…|none] [--pg-members 10000] [--out bench/results.md]
//!       [--pouch yes|no] [--node-modules DIR] [--deb PATH] [--build-s SECONDS]
//! ```

mod library;
mod load;
mod load_cmd;
mod oversight;
mod pg_cmd;
mod pouch;
mod report;
mod server;
mod sync;
mod sync_cmd;

use anyhow::{bail, Context, Result};
use report::Report;
use server::Server;
use sotay_model::protocol::Cursor;
use sotay_server::demo::{generate, GenOptions, GenReport};
use sotay_server::{PgStore, SqliteStore, Store, DEFAULT_CODE_TTL_MS};
use std::path::{Path, PathBuf};
use std::time::Instant;

struct Args {
    server_bin: PathBuf,
    members: usize,
    runs: usize,
    devices: usize,
    pg: Option<String>,
    pg_members: usize,
    out: PathBuf,
    root: PathBuf,
    pouch: bool,
    /// Where pouchdb-server is installed (by `cargo xtask bench`).
    node_modules: PathBuf,
    /// The .deb `cargo xtask bench` just built, and how long its set-up and release
    /// build (app, server and this bench) took.
    deb: Option<PathBuf>,
    build_s: Option<f64>,
    /// `bench load`: another server binary measured alternately with `server_bin`,
    /// and the paced runs' longest pause between cycles.
    compare: Option<PathBuf>,
    pause_max_ms: u64,
}

fn parse_args(args: &[String]) -> Result<Args> {
    let mut a = Args {
        server_bin: PathBuf::from("target/release/sotay-server"),
        members: 100_000,
        runs: 3,
        devices: 1_000,
        pg: Some(
            std::env::var("SOTAY_TEST_PG")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into()),
        ),
        pg_members: 10_000,
        out: PathBuf::from("bench/results.md"),
        root: std::env::current_dir()?,
        pouch: true,
        node_modules: PathBuf::from("target/bench-node/node_modules"),
        deb: None,
        build_s: None,
        compare: None,
        pause_max_ms: 2_000,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().context(format!("{flag} needs a value"));
        match flag.as_str() {
            "--server-bin" => a.server_bin = value()?.into(),
            "--members" => a.members = value()?.parse()?,
            "--runs" => a.runs = value()?.parse::<usize>()?.max(1),
            "--devices" => a.devices = value()?.parse()?,
            "--pg" => a.pg = Some(value()?.clone()).filter(|v| v != "none"),
            "--pg-members" => a.pg_members = value()?.parse()?,
            "--out" => a.out = value()?.into(),
            "--root" => a.root = value()?.into(),
            "--pouch" => a.pouch = value()? != "no",
            "--node-modules" => a.node_modules = value()?.into(),
            "--deb" => a.deb = Some(value()?.into()),
            "--build-s" => a.build_s = Some(value()?.parse()?),
            "--compare" => a.compare = Some(value()?.into()),
            "--pause-max-ms" => a.pause_max_ms = value()?.parse()?,
            other => bail!("unknown argument {other}"),
        }
    }
    Ok(a)
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// Rows a new device of `member` pulls on its first sync (asked of the store itself).
fn scope_rows(store: &dyn Store, member: sotay_model::Id) -> Result<u64> {
    let code = store.create_enroll_code(member, DEFAULT_CODE_TTL_MS, now_ms())?;
    let device = store.enroll(&code, "đếm phạm vi", now_ms())?.device_id;
    let (mut cursor, mut rows) = (Cursor::default(), 0u64);
    loop {
        let page = store.pull(device, cursor, sotay_model::protocol::MAX_PULL)?;
        rows += page.rows.len() as u64;
        cursor = page.cursor;
        if !page.more {
            return Ok(rows);
        }
    }
}

fn gen(store: &dyn Store, members: usize) -> Result<(GenReport, f64)> {
    let start = Instant::now();
    let opts = GenOptions {
        members,
        years: 5,
        seed: 7,
        codes_at_ms: now_ms(),
    };
    let r = generate(store, &opts)?;
    Ok((r, start.elapsed().as_secs_f64()))
}

/// Drop the first syncs' replicas, baselines and PouchDB's input (a gigabyte written)
/// and flush the disk, so the server's WAL syncs under load do not wait behind their writeback.
fn settle_disk(work: &Path) -> Result<()> {
    for entry in std::fs::read_dir(work)?.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !["officer", "phone", "raw.db", "pouch"]
            .iter()
            .any(|p| name.starts_with(p))
        {
            continue;
        }
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    let flushed = std::process::Command::new("sync").status();
    if !flushed.is_ok_and(|s| s.success()) {
        eprintln!("  (sync(1) failed; the load may wait for writeback)");
    }
    Ok(())
}

/// Push+pull cycles per device in a load run, and changes per push: 1,000 devices make
/// 15,000 changes a run, 3,000 push and 3,000 pull latencies (the p99 is the 30th
/// slowest). Three rather than five keep a clean machine's `cargo xtask bench` under
/// 15 minutes: a PostgreSQL run is bound by the server, 45 s at five.
const CYCLES: usize = 3;
const BATCH: usize = 5;

/// Saturation then paced load, `runs` times each; records the medians under `tag`.
fn load_phase(
    rep: &mut Report,
    tag: &str,
    server: &Server,
    mut devices: Vec<load::Device>,
    runs: usize,
) -> Result<()> {
    let (mut rate, mut push, mut pull) = (vec![], vec![], vec![]);
    for _ in 0..runs {
        let (back, sat) = load::run(&server.url, devices, CYCLES, BATCH, 0)?;
        let (back, paced) = load::run(&server.url, back, CYCLES, BATCH, 2_000)?;
        devices = back;
        rate.push(sat.changes_per_s);
        push.push(paced.push_p99_ms);
        pull.push(paced.pull_p99_ms);
        eprintln!(
            "  {tag}: saturated {:.0} changes/s; paced {:.0} changes/s, push p99 {:.1} ms, pull p99 {:.1} ms",
            sat.changes_per_s, paced.changes_per_s, paced.push_p99_ms, paced.pull_p99_ms
        );
    }
    rep.line(&format!("push_throughput_{tag}"), median(rate), "changes/s");
    rep.line(&format!("push_p99_ms_{tag}"), median(push), "ms");
    rep.line(&format!("pull_p99_ms_{tag}"), median(pull), "ms");
    match server.peak_rss_kb() {
        Some(kb) => rep.line(&format!("server_peak_rss_{tag}"), kb as f64 / 1024.0, "MiB"),
        None => rep.skip(&format!("server_peak_rss_{tag}"), "no /proc"),
    }
    Ok(())
}

/// A province of `members` generated into a SQLite store under `work/province`: that
/// directory (the server's `--data`), the open store, what was made, and its seconds.
fn sqlite_province(work: &Path, members: usize) -> Result<(PathBuf, SqliteStore, GenReport, f64)> {
    let data = work.join("province");
    std::fs::create_dir_all(&data)?;
    let store = SqliteStore::open(data.join("sotay.db"))?;
    let (province, secs) = gen(&store, members)?;
    Ok((data, store, province, secs))
}

fn sqlite_part(a: &Args, rep: &mut Report, work: &Path) -> Result<()> {
    let (data, store, province, secs) = sqlite_province(work, a.members)?;
    rep.line("generate_province", secs, "s");
    let all_rows = scope_rows(&store, province.enroll[0].member_id)?;
    let phone_rows = scope_rows(&store, province.enroll[4].member_id)?;
    let code = |who: usize| {
        store.create_enroll_code(
            province.enroll[who].member_id,
            DEFAULT_CODE_TTL_MS,
            now_ms(),
        )
    };
    let officer_codes = (0..a.runs)
        .map(|_| code(0))
        .collect::<Result<Vec<_>, _>>()?;
    let phone_codes = (0..a.runs)
        .map(|_| code(4))
        .collect::<Result<Vec<_>, _>>()?;
    let mut devices = load::enroll_devices(&store, &province.cell_members, a.devices)?;
    drop(store);
    let posted = load_cmd::posted_sqlite(&data.join("sotay.db"))?;
    load_cmd::edit_plain_members(&mut devices, &province.cell_members, &posted)?;

    let server = Server::start(
        &a.server_bin,
        &["--data".into(), data.display().to_string()],
    )?;
    let (mut secs, mut rss, mut raw) = (vec![], vec![], vec![]);
    for (i, code) in officer_codes.iter().enumerate() {
        let run = sync::first_sync(
            &work.join(format!("officer{i}")),
            &server.url,
            code,
            all_rows,
        )?;
        eprintln!(
            "  province sync: {:.2} s, {} rows, replica peak {} KiB",
            run.secs, run.rows, run.rss_kb
        );
        secs.push(run.secs);
        rss.push(run.rss_kb as f64);
        raw.push(sync::raw_sqlite(&data.join("sotay.db"), work)?.0);
    }
    let (sync_s, raw_s) = (median(secs), median(raw));
    rep.line("province_initial_sync", sync_s, "s");
    rep.line("province_initial_sync_rows", all_rows as f64, "rows");
    rep.line(
        "province_initial_sync_rate",
        all_rows as f64 / sync_s,
        "rows/s",
    );
    rep.line("raw_sqlite_insert_rate", all_rows as f64 / raw_s, "rows/s");
    rep.line("ratio_vs_raw_sqlite", raw_s / sync_s, "x");
    rep.line("replica_peak_rss", median(rss) / 1024.0, "MiB");
    let mut phone = vec![];
    for (i, code) in phone_codes.iter().enumerate() {
        phone.push(
            sync::first_sync(
                &work.join(format!("phone{i}")),
                &server.url,
                code,
                phone_rows,
            )?
            .secs,
        );
    }
    rep.line("member_initial_sync", median(phone) * 1000.0, "ms");
    rep.line("member_initial_sync_rows", phone_rows as f64, "rows");
    if a.pouch {
        // The very rows the committee replica just pulled, before the load edits them.
        match pouch::rate(&a.node_modules, &data.join("sotay.db"), work) {
            Ok((rate, docs)) => {
                rep.line("pouchdb_replication_rate", rate, "docs/s");
                rep.line("pouchdb_replication_docs", docs as f64, "docs");
                rep.line("peer_pouchdb_ratio", all_rows as f64 / sync_s / rate, "x");
            }
            Err(e) => rep.skip("peer_pouchdb_ratio", &format!("{e:#}")),
        }
    } else {
        rep.skip("peer_pouchdb_ratio", "--pouch no");
    }
    settle_disk(work)?;
    load_phase(rep, "sqlite", &server, devices, a.runs)
}

fn pg_part(a: &Args, rep: &mut Report, url: &str) -> Result<()> {
    let db = format!("sotay_bench_{}", std::process::id());
    let mut admin = postgres::Client::connect(url, postgres::NoTls)
        .with_context(|| "PostgreSQL unreachable".to_string())?;
    admin.batch_execute(&format!("CREATE DATABASE {db}"))?;
    let result = (|| -> Result<()> {
        let mut config: sotay_server::postgres::PgConfig = url.parse()?;
        config.dbname(&db);
        let db_url = {
            let base = url.rsplit_once('/').map(|(b, _)| b).unwrap_or(url);
            format!("{base}/{db}")
        };
        let store = PgStore::connect(config, 4)?;
        let (province, secs) = gen(&store, a.pg_members)?;
        rep.line("generate_province_postgres", secs, "s");
        let mut devices = load::enroll_devices(&store, &province.cell_members, a.devices)?;
        drop(store);
        let posted = load_cmd::posted_pg(&db_url)?;
        load_cmd::edit_plain_members(&mut devices, &province.cell_members, &posted)?;
        let server = Server::start(&a.server_bin, &["--database".into(), db_url])?;
        load_phase(rep, "postgres", &server, devices, a.runs)
    })();
    let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
    result
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("replica-sync") {
        let [_, home, server, code] = args.as_slice() else {
            bail!("usage: bench replica-sync HOME SERVER CODE");
        };
        return sync::child(Path::new(home), server, code);
    }
    if args.first().map(String::as_str) == Some("library") {
        let (work, mut rep) = (tempfile::tempdir()?, Report::default());
        library::run(&mut rep, work.path());
        return Ok(());
    }
    if args.first().map(String::as_str) == Some("load") {
        return load_cmd::run(&parse_args(&args[1..])?);
    }
    if args.first().map(String::as_str) == Some("sync") {
        return sync_cmd::run(&parse_args(&args[1..])?);
    }
    if args.first().map(String::as_str) == Some("pg") {
        return pg_cmd::run(&args[1..]);
    }
    if args.first().map(String::as_str) == Some("oversight") {
        let a = parse_args(&args[1..])?;
        let mut rep = Report::default();
        oversight::run(&mut rep, &a.root, a.members);
        return Ok(());
    }
    let a = parse_args(&args)?;
    let started = Instant::now();
    let work = tempfile::tempdir()?;
    let mut rep = Report::default();
    rep.note_load("start");
    rep.note(format!(
        "province: {} members, 5 years of history; {} devices; median of {} runs",
        a.members, a.devices, a.runs
    ));
    sqlite_part(&a, &mut rep, work.path())?;
    match &a.pg {
        Some(url) => {
            settle_disk(work.path())?;
            if let Err(e) = pg_part(&a, &mut rep, url) {
                rep.skip("push_throughput_postgres", &format!("{e:#}"));
            }
        }
        None => rep.skip("push_throughput_postgres", "--pg none"),
    }
    library::run(&mut rep, work.path());
    oversight::run(&mut rep, &a.root, a.members);
    report::sizes(&mut rep, &a.root, a.deb.as_deref());
    let wall = started.elapsed().as_secs_f64();
    rep.line("bench_wall_time", wall, "s");
    // `cargo xtask bench` end to end: on a clean machine the set-up and build are most of it.
    if let Some(s) = a.build_s {
        rep.line("setup_and_release_build_time", s, "s");
        rep.line("xtask_bench_total_time", s + wall, "s");
    }
    rep.write(&a.root.join(&a.out))?;
    Ok(())
}
