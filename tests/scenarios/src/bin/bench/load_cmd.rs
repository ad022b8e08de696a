//! `bench load`: only the SQLite load runs of the full bench (saturation, then paced),
//! for any number of devices, and optionally two server binaries side by side on the
//! same province, alternating run by run (and which goes first) so both see the same
//! machine load and the same growing database:
//!
//! ```text
//! bench load --server-bin NEW [--compare OLD] [--devices 5000] [--members 100000] [--runs 3]
//!            [--pause-max-ms 2000]
//! ```
//!
//! Beyond the server's 4,096 open connections (`http::conn`) there is no saturated
//! run: every device with a request out at once cannot be served, by design, and the
//! connections beyond it overflow the listen backlog. The paced runs still measure.

use super::report::{load_average, Report};
use super::server::Server;
use super::{load, median, settle_disk, sqlite_province, Args, BATCH, CYCLES};
use anyhow::{bail, Result};
use sotay_model::ids::Id;
use sotay_server::demo::GenCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Make each secretary's phone edit only members of its cell who hold no post (as the
/// soak's do): a member with a post above the cell is administered from there, and
/// since ff1aec7 (issue 12) their edit is refused, rightly, which failed the run.
pub fn edit_plain_members(
    devices: &mut [load::Device],
    cells: &[GenCell],
    posted: &HashSet<Id>,
) -> Result<()> {
    for d in devices.iter_mut() {
        let Some(cell) = cells.iter().find(|c| c.id == d.cell()) else {
            bail!("device of an unknown cell");
        };
        let plain: Vec<Id> = cell
            .members
            .iter()
            .copied()
            .filter(|m| !posted.contains(m))
            .collect();
        if plain.is_empty() {
            bail!("cell {} has no member without a post to edit", cell.id);
        }
        d.set_members(plain);
    }
    Ok(())
}

const POSTED: &str = "SELECT subject_member FROM rows WHERE entity = 'position' AND tombstoned";

/// Members holding a post, in a SQLite store's file.
pub fn posted_sqlite(db: &Path) -> Result<HashSet<Id>> {
    let conn = rusqlite::Connection::open(db)?;
    let ids = conn
        .prepare(&format!("{POSTED} = 0"))?
        .query_map([], |r| r.get::<_, String>(0))?
        .filter_map(|s| s.ok()?.parse().ok())
        .collect();
    Ok(ids)
}

/// Members holding a post, in a PostgreSQL store's database.
pub fn posted_pg(url: &str) -> Result<HashSet<Id>> {
    let mut client = postgres::Client::connect(url, postgres::NoTls)?;
    let ids = client
        .query(&format!("{POSTED} = false"), &[])?
        .iter()
        .filter_map(|r| r.try_get::<_, String>(0).ok()?.parse().ok())
        .collect();
    Ok(ids)
}

/// One server binary's figures over the runs (`bench load`, `bench pg`).
#[derive(Default)]
pub struct Figures {
    pub saturated: Vec<f64>,
    pub paced: Vec<f64>,
    pub push: Vec<f64>,
    pub pull: Vec<f64>,
    pub rss_mib: Vec<f64>,
    /// The server's most threads (`bench load` only).
    pub threads: Vec<f64>,
}

/// The most threads process `pid` had while `work` ran, sampled every 20 ms.
fn peak_threads<R>(pid: u32, work: impl FnOnce() -> R) -> (R, u64) {
    let status = format!("/proc/{pid}/status");
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        let sampler = s.spawn(|| {
            let mut peak = 0;
            while !stop.load(Ordering::Relaxed) {
                let threads = std::fs::read_to_string(&status).ok().and_then(|t| {
                    t.lines()
                        .find_map(|l| l.strip_prefix("Threads:"))?
                        .trim()
                        .parse()
                        .ok()
                });
                peak = peak.max(threads.unwrap_or(0));
                // A sampling period, not synchronisation.
                std::thread::sleep(Duration::from_millis(20));
            }
            peak
        });
        let r = work();
        stop.store(true, Ordering::Relaxed);
        (r, sampler.join().unwrap_or(0))
    })
}

pub fn run(a: &Args) -> Result<()> {
    let mut rep = Report::default();
    rep.note_load("start");
    let work = tempfile::tempdir()?;
    let (data, store, province, _) = sqlite_province(work.path(), a.members)?;
    let mut devices = load::enroll_devices(&store, &province.cell_members, a.devices)?;
    drop(store);
    let posted = posted_sqlite(&data.join("sotay.db"))?;
    edit_plain_members(&mut devices, &province.cell_members, &posted)?;
    settle_disk(work.path())?;

    let mut bins: Vec<(&str, &Path)> = vec![("", a.server_bin.as_path())];
    if let Some(old) = &a.compare {
        bins.insert(0, ("_before", old.as_path()));
        bins[1].0 = "_after";
    }
    let mut figures: Vec<Figures> = bins.iter().map(|_| Figures::default()).collect();
    // Each device has one request at a time: room for all of them, so a run beyond
    // the server's default cap (1,024) measures waiting, not refusals.
    let max_requests = (a.devices + 64).max(1_024).to_string();
    for run in 0..a.runs {
        // Which binary goes first alternates, so neither always follows a cold start.
        let mut order: Vec<_> = bins.iter().zip(&mut figures).collect();
        if run % 2 == 1 {
            order.reverse();
        }
        for ((tag, bin), f) in order {
            let server = Server::start(
                bin,
                &[
                    "--data".into(),
                    data.display().to_string(),
                    "--max-requests".into(),
                    max_requests.clone(),
                ],
            )?;
            let (ran, threads) = peak_threads(server.pid(), || -> Result<_> {
                let (back, sat) = match a.devices > load::SERVER_MAX_CONNECTIONS {
                    true => (devices, None),
                    false => {
                        let (back, sat) = load::run(&server.url, devices, CYCLES, BATCH, 0)?;
                        (back, Some(sat.changes_per_s))
                    }
                };
                let (back, paced) = load::run(&server.url, back, CYCLES, BATCH, a.pause_max_ms)?;
                Ok((back, sat, paced))
            });
            let (back, sat, paced) = ran?;
            devices = back;
            eprintln!(
                "  run {run}{tag}: saturated {:.0} changes/s; paced {:.0} changes/s, push p99 {:.1} ms, pull p99 {:.1} ms, server threads at most {threads} (load {})",
                sat.unwrap_or(f64::NAN),
                paced.changes_per_s,
                paced.push_p99_ms,
                paced.pull_p99_ms,
                load_average()
            );
            f.saturated.extend(sat);
            f.paced.push(paced.changes_per_s);
            f.push.push(paced.push_p99_ms);
            f.pull.push(paced.pull_p99_ms);
            f.threads.push(threads as f64);
            if let Some(kb) = server.peak_rss_kb() {
                f.rss_mib.push(kb as f64 / 1024.0);
            }
        }
    }
    let n = a.devices;
    rep.note(format!(
        "{n} devices, paced pauses 0–{} ms, median of {} runs",
        a.pause_max_ms, a.runs
    ));
    for ((tag, bin), f) in bins.iter().zip(figures) {
        eprintln!("{tag}: {}", PathBuf::from(bin).display());
        let name = format!("push_throughput_sqlite_{n}{tag}");
        match f.saturated.is_empty() {
            true => rep.skip(&name, "no saturated run"),
            false => rep.line(&name, median(f.saturated), "changes/s"),
        }
        let name = format!("paced_changes_per_s_sqlite_{n}{tag}");
        rep.line(&name, median(f.paced), "changes/s");
        rep.line(
            &format!("push_p99_ms_sqlite_{n}{tag}"),
            median(f.push),
            "ms",
        );
        rep.line(
            &format!("pull_p99_ms_sqlite_{n}{tag}"),
            median(f.pull),
            "ms",
        );
        let name = format!("server_peak_threads_sqlite_{n}{tag}");
        rep.line(&name, median(f.threads), "threads");
        rep.line(
            &format!("server_peak_rss_sqlite_{n}{tag}"),
            median(f.rss_mib),
            "MiB",
        );
    }
    rep.note_load("end");
    Ok(())
}
