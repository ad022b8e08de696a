//! Server crashes, measured (issue 22): the real `sotay-server` binary on a SQLite file
//! or a PostgreSQL database, five real replicas of the demo province's people editing
//! and syncing over HTTP in a loop, and the server killed with SIGKILL at random
//! moments (a random short delay, or a random number of requests after the last
//! start), then started again on the same database and address. Every push answer the
//! devices get is written down; at the end every acknowledged change must be on the
//! server exactly once, every device must hold the server's view of its scope, and no
//! device may have been told to drop its copy.
//!
//! The delays only decide *when* a kill lands; nothing waits on time to know that
//! something happened: devices wait on the server's state (down, up again), the
//! kills on the request count, the start on the server's own "serving" line.
//!
//! ```no_run
//! use sotay_scenarios::faults::{run, Config, Db};
//! let cfg = Config { seed: 7, kills: 3, server_bin: "target/debug/sotay-server".into() };
//! let report = run(&cfg, &Db::Sqlite).unwrap();
//! println!("{}", report.line());
//! assert!(report.is_clean(), "{report}");
//! ```

pub mod check;
pub mod clocks;
pub mod devices;
pub mod disk;
pub mod server;

use anyhow::{Context, Result};
pub use clocks::{Clocks, Jump};
use devices::{now_ms, Device, Log};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use server::{Backing, ServerProc};
use sotay_model::api::ApiErrorKind;
use sotay_replica::{Replica, SeededEnv};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;

#[derive(Clone, Debug)]
pub struct Config {
    pub seed: u64,
    pub kills: u32,
    /// The `sotay-server` binary to run.
    pub server_bin: PathBuf,
}

/// Which store the server runs on.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite,
    /// A PostgreSQL server (a URL naming any database on it; the run makes its own).
    Postgres(String),
}

#[derive(Debug, Default)]
pub struct Report {
    pub store: &'static str,
    pub seed: u64,
    pub kills: u32,
    pub acknowledged: usize,
    pub lost: Vec<String>,
    pub duplicated: Vec<String>,
    pub resets: Vec<String>,
    pub divergences: Vec<String>,
    /// Syncs that failed while the server was up and had not been killed since they
    /// began: nothing explains them.
    pub unexplained: Vec<String>,
    pub rejected: Vec<String>,
    /// Refusals for stamps ahead of the server's clock (each must come back accepted).
    pub refused_for_stamps: usize,
    /// Acknowledged changes the server had stored before a kill cut the push's answer:
    /// the device sent them again, and they must not count twice.
    pub answer_lost_after_commit: usize,
    pub edits: u64,
    pub syncs: u64,
    pub failed_syncs: u64,
    pub requests: u64,
    pub secs: f64,
}

impl Report {
    /// The figure line of issue 22.
    pub fn line(&self) -> String {
        format!(
            "faults: {} kills, {} acknowledged, {} lost, {} duplicated, {} resets",
            self.kills,
            self.acknowledged,
            self.lost.len(),
            self.duplicated.len(),
            self.resets.len()
        )
    }

    pub fn is_clean(&self) -> bool {
        self.lost.is_empty()
            && self.duplicated.is_empty()
            && self.resets.is_empty()
            && self.divergences.is_empty()
            && self.unexplained.is_empty()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} ({}, seed {}: {} edits, {} syncs ok, {} cut by a kill, {} changes stored \
             before a kill cut their answer, {} requests answered, {} refused by the rules \
             ({} for stamps ahead of the server's clock, each sent again), {:.1} s)",
            self.line(),
            self.store,
            self.seed,
            self.edits,
            self.syncs,
            self.failed_syncs,
            self.answer_lost_after_commit,
            self.requests,
            self.rejected.len(),
            self.refused_for_stamps,
            self.secs
        )?;
        let lists = [
            ("lost", &self.lost),
            ("duplicated", &self.duplicated),
            ("reset", &self.resets),
            ("diverged", &self.divergences),
            ("unexplained sync error", &self.unexplained),
        ];
        for (what, list) in lists {
            for line in list.iter().take(20) {
                writeln!(f, "  {what}: {line}")?;
            }
        }
        Ok(())
    }
}

/// The server's state as the devices see it: (starts so far, serving now).
type State = (u32, bool);

/// One run: seed the demo province, start the server, enroll the devices, drive them
/// through `cfg.kills` kills, bring everyone up to date, stop, check.
pub fn run(cfg: &Config, db: &Db) -> Result<Report> {
    run_with_clocks(cfg, db, &Clocks::default())
}

/// [`run`] with devices whose clocks are wrong as `clocks` says (issue 22 item 4).
pub fn run_with_clocks(cfg: &Config, db: &Db, clocks: &Clocks) -> Result<Report> {
    let started = Instant::now();
    let work = tempfile::tempdir()?;
    let backing = match db {
        Db::Sqlite => {
            let dir = work.path().join("server");
            std::fs::create_dir_all(&dir)?;
            Backing::Sqlite(dir)
        }
        Db::Postgres(url) => Backing::postgres(url, &cfg.seed.to_string())?,
    };
    let demo = backing
        .seed(now_ms())
        .context("seeding the demo province")?;
    let log_path = work.path().join("server.log");
    let server = ServerProc::start(&cfg.server_bin, &backing, &log_path)?;
    let mut report = Report {
        store: backing.name(),
        seed: cfg.seed,
        ..Report::default()
    };
    let log: Log = Arc::default();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let driven = rt.block_on(drive(
        cfg,
        clocks,
        work.path(),
        &demo,
        server,
        &log,
        &mut report,
    ));
    drop(rt);
    let devices =
        driven.with_context(|| format!("the server's log:\n{}", server::tail(&log_path)))?;
    let seen = log.lock().unwrap_or_else(|p| p.into_inner());
    report.rejected = seen.rejected.clone();
    report.resets.extend(seen.resets.iter().cloned());
    report.requests = seen.requests;
    // Read from the store itself, with no server running.
    let store = backing.open()?;
    check::check(store.as_ref(), demo.province, &devices, &seen, &mut report)?;
    drop(store);
    report.secs = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Enroll the devices, set them working, kill the server `cfg.kills` times, stop the
/// devices, bring each up to date, and stop the server. Answers the devices.
async fn drive(
    cfg: &Config,
    clocks: &Clocks,
    work: &std::path::Path,
    demo: &sotay_server::DemoReport,
    server: ServerProc,
    log: &Log,
    report: &mut Report,
) -> Result<Vec<Arc<Device>>> {
    let devices = enroll(work, demo, &server.url(), cfg.seed, clocks).await?;
    let (state_tx, state_rx) = watch::channel::<State>((server.starts, true));
    let (sent_tx, sent_rx) = watch::channel(0u64);
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut tasks = Vec::new();
    for d in &devices {
        let (d, log, sent) = (d.clone(), log.clone(), sent_tx.clone());
        let (state, stop) = (state_rx.clone(), stop_rx.clone());
        let seed = cfg.seed ^ (d.index as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let jump = clocks.jumps.iter().find(|j| j.device == d.index).copied();
        tasks.push(tokio::spawn(async move {
            work_until_stopped(&d, &log, &sent, state, stop, seed, jump).await
        }));
    }
    let killed = kill_repeatedly(cfg, server, &state_tx, sent_rx).await;
    let _ = stop_tx.send(true);
    for t in tasks {
        let counts = t.await??;
        report.edits += counts.edits;
        report.syncs += counts.syncs;
        report.failed_syncs += counts.failed;
        report.unexplained.extend(counts.unexplained);
        report.resets.extend(counts.resets);
    }
    let (mut server, kills) = killed?;
    report.kills = kills;
    // Everyone up to date: twice round, so each device also gets what the ones after
    // it sent in the first round.
    for _ in 0..2 {
        for d in &devices {
            let mut t = d.transport(log, &sent_tx)?;
            if let Err(e) = d.replica.sync_over(&mut t).await {
                report.unexplained.push(format!(
                    "device {}: the final sync failed: {}",
                    d.index, e.message
                ));
            }
        }
    }
    server.kill();
    Ok(devices)
}

/// The demo's five people (a province officer, a cell secretary, two members of that
/// cell, a member of another), each on a device enrolled with the demo's code over
/// HTTP (which also makes its first sync).
async fn enroll(
    work: &std::path::Path,
    demo: &sotay_server::DemoReport,
    url: &str,
    seed: u64,
    clocks: &Clocks,
) -> Result<Vec<Arc<Device>>> {
    let mut out = Vec::new();
    for (i, line) in demo.enroll.iter().enumerate() {
        let skew_ms = clocks.skew_of(i);
        let env = Arc::new(SeededEnv::new(
            seed.wrapping_add(i as u64),
            clocks::skewed(now_ms(), skew_ms),
        ));
        let replica = Replica::open_with(work.join(format!("device-{i}")), env.clone())
            .map_err(|e| anyhow::anyhow!("opening device {i}: {}", e.message))?;
        let status = replica
            .enroll(url, &line.code, &format!("{} {i}", line.role), None)
            .await
            .map_err(|e| anyhow::anyhow!("enrolling device {i}: {}", e.message))?;
        anyhow::ensure!(status.enrolled, "device {i} is not enrolled");
        out.push(Arc::new(Device {
            replica,
            env,
            index: i,
            edits_members: matches!(line.role, "province_officer" | "cell_secretary"),
            skew_ms: skew_ms.into(),
        }));
    }
    Ok(out)
}

#[derive(Default)]
struct Counts {
    edits: u64,
    syncs: u64,
    failed: u64,
    unexplained: Vec<String>,
    resets: Vec<String>,
}

/// Edit offline, sync, again, until told to stop. A sync the server's death cut
/// waits for the server to serve again.
async fn work_until_stopped(
    d: &Device,
    log: &Log,
    sent: &watch::Sender<u64>,
    mut state: watch::Receiver<State>,
    stop: watch::Receiver<bool>,
    seed: u64,
    mut jump: Option<Jump>,
) -> Result<Counts> {
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut counts = Counts::default();
    while !*stop.borrow() {
        for _ in 0..rng.gen_range(1..=3) {
            counts.edits += u64::from(d.edit(&mut rng)?);
        }
        if let Some(j) = jump.filter(|j| counts.edits >= j.after_edits) {
            d.skew_ms
                .fetch_add(j.by_ms, std::sync::atomic::Ordering::Relaxed);
            jump = None;
        }
        let before = *state.borrow();
        if !before.1 {
            state.wait_for(|s| s.1).await?;
            continue;
        }
        let mut t = d.transport(log, sent)?;
        match d.replica.sync_over(&mut t).await {
            Ok(_) => counts.syncs += 1,
            Err(e)
                if matches!(
                    e.kind,
                    ApiErrorKind::Unauthorized | ApiErrorKind::NotEnrolled
                ) =>
            {
                counts.resets.push(format!(
                    "device {}: needs enrolling again: {}",
                    d.index, e.message
                ));
                return Ok(counts);
            }
            Err(e) => {
                counts.failed += 1;
                if *state.borrow() == before {
                    counts.unexplained.push(format!(
                        "device {}: sync failed with the server up: {:?} {}",
                        d.index, e.kind, e.message
                    ));
                }
                state.wait_for(|s| s.1).await?;
            }
        }
    }
    Ok(counts)
}

/// Kill the server `cfg.kills` times: after a random delay of up to 400 ms or after 1
/// to 30 more requests; down for up to 200 ms; started again on the same address.
/// Answers the server (running) and the kills made.
async fn kill_repeatedly(
    cfg: &Config,
    mut server: ServerProc,
    state: &watch::Sender<State>,
    mut sent: watch::Receiver<u64>,
) -> Result<(ServerProc, u32)> {
    let mut rng = SmallRng::seed_from_u64(cfg.seed);
    for _ in 0..cfg.kills {
        if rng.gen_bool(0.5) {
            tokio::time::sleep(Duration::from_millis(rng.gen_range(0..400))).await;
        } else {
            let target = *sent.borrow() + rng.gen_range(1..=30);
            requests(&mut sent, target).await?;
        }
        // Down first, so a device whose sync the kill cuts knows why.
        state.send_replace((server.starts, false));
        server.kill();
        tokio::time::sleep(Duration::from_millis(rng.gen_range(0..200))).await;
        tokio::task::block_in_place(|| server.restart())?;
        state.send_replace((server.starts, true));
    }
    // Some traffic on the last start before the devices stop.
    let target = *sent.borrow() + 20;
    requests(&mut sent, target).await?;
    Ok((server, cfg.kills))
}

/// Until `target` requests have been sent; a bound in case every device stopped.
async fn requests(sent: &mut watch::Receiver<u64>, target: u64) -> Result<()> {
    tokio::time::timeout(Duration::from_secs(120), sent.wait_for(|n| *n >= target))
        .await
        .context("the devices stopped sending requests")??;
    Ok(())
}
