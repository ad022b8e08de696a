//! `soak`: the server under steady load with churn for a long while (issue 22, item 6),
//! run by `cargo xtask soak --minutes N`.
//!
//! Generates a province, enrolls 1,000 cell secretaries' devices and one provincial
//! officer's, starts a real `sotay-server` process on loopback, then for N minutes runs
//! windows of a minute or so: every device pushes a batch of five edits and pulls after a
//! pause of 0–10 s (about 200 pushes, 1,000 changes a second in all), while the officer
//! enrolls new phones over HTTP, revokes others and moves members between cells. Each
//! window prints the server's resident memory, its database and WAL sizes, the push
//! and pull p99 of the window and the churn so far; the summary (growth per hour,
//! first against last window) goes to `bench/results.md` under "Soak".
//!
//! ```text
//! soak --server-bin target/release/sotay-server [--minutes 30] [--devices 1000]
//!      [--members 20000] [--out bench/results.md]
//! ```

#[path = "bench/load.rs"]
#[allow(dead_code)]
mod load;
#[path = "bench/server.rs"]
#[allow(dead_code)]
mod server;

use anyhow::{bail, Context, Result};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde_json::json;
use sotay_model::hlc::Hlc;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{
    EnrollRequest, EnrollResponse, IssueCodeRequest, IssuedCode, Outcome, PushRequest,
    PushResponse, RevokeDeviceRequest, PROTOCOL_VERSION,
};
use sotay_model::Entity;
use sotay_server::demo::{generate, GenOptions};
use sotay_server::{rows, SqliteStore, Store, DEFAULT_CODE_TTL_MS};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

struct Args {
    server_bin: PathBuf,
    minutes: u64,
    devices: usize,
    members: usize,
    out: PathBuf,
}

fn parse_args(args: &[String]) -> Result<Args> {
    let mut a = Args {
        server_bin: PathBuf::from("target/release/sotay-server"),
        minutes: 30,
        devices: 1_000,
        members: 20_000,
        out: PathBuf::from("bench/results.md"),
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let v = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--server-bin" => a.server_bin = v.into(),
            "--minutes" => a.minutes = v.parse()?,
            "--devices" => a.devices = v.parse()?,
            "--members" => a.members = v.parse()?,
            "--out" => a.out = v.into(),
            _ => bail!("unknown flag {flag}"),
        }
    }
    Ok(a)
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Pause between a device's cycles: 0–10 s, 5 s on average.
const PAUSE_MAX_MS: u64 = 10_000;
/// Cycles per window: about a minute at that pause.
const CYCLES: usize = 12;
const BATCH: usize = 5;
/// Churn per window (enrollments stay under the server's 10 a minute per address).
const ENROLLS: usize = 8;
const REVOKES: usize = 8;
const MOVES: usize = 10;

/// A line of `/proc/<pid>/status` in KiB.
fn proc_kb(pid: u32, key: &str) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

fn file_mib(p: &Path) -> f64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0) as f64 / 1_048_576.0
}

/// The load average as /proc/loadavg gives it (1, 5, 15 minutes).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

struct Officer {
    credential: String,
    device: DeviceId,
    counter: u32,
}

struct Window {
    /// The window's number and the minutes since the load began at its end (a window
    /// lasts until every device made its cycles: a minute and a half or so).
    minute: u64,
    at_min: f64,
    rss_mib: f64,
    db_mib: f64,
    wal_mib: f64,
    push_p99: f64,
    pull_p99: f64,
    changes_per_s: f64,
    devices: usize,
}

/// The officer's side of the churn, over HTTP like any client.
struct Churn {
    client: reqwest::Client,
    url: String,
    officer: Officer,
    enrolled: usize,
    revoked: usize,
    moved: usize,
    refused: usize,
}

impl Churn {
    async fn post<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        bearer: Option<&str>,
        body: &impl serde::Serialize,
    ) -> Result<T> {
        let mut req = self.client.post(format!("{}{path}", self.url)).json(body);
        if let Some(b) = bearer {
            req = req.bearer_auth(b);
        }
        let resp = req.send().await?;
        if !resp.status().is_success() {
            bail!("{path} answered {}", resp.status());
        }
        Ok(resp.json().await?)
    }

    /// A new phone for a cell's secretary: the officer issues a code, the phone enrolls.
    async fn enroll(&mut self, secretary: Id, n: usize) -> Result<EnrollResponse> {
        let code: IssuedCode = self
            .post(
                "/v1/codes",
                Some(&self.officer.credential.clone()),
                &IssueCodeRequest {
                    protocol: PROTOCOL_VERSION,
                    member_id: secretary,
                    ttl_ms: None,
                },
            )
            .await?;
        let e: EnrollResponse = self
            .post(
                "/v1/enroll",
                None,
                &EnrollRequest {
                    protocol: PROTOCOL_VERSION,
                    code: code.code,
                    device_name: format!("máy mới {n}"),
                },
            )
            .await?;
        self.enrolled += 1;
        Ok(e)
    }

    async fn revoke(&mut self, device: DeviceId) -> Result<()> {
        let _: serde_json::Value = self
            .post(
                "/v1/devices/revoke",
                Some(&self.officer.credential.clone()),
                &RevokeDeviceRequest {
                    protocol: PROTOCOL_VERSION,
                    device_id: device,
                },
            )
            .await?;
        self.revoked += 1;
        Ok(())
    }

    /// Move a member to another cell (a transfer as the office records it).
    async fn transfer(&mut self, member: Id, to: Id) -> Result<()> {
        self.officer.counter += 1;
        let at = now_ms();
        let hlc = Hlc {
            wall_ms: at,
            counter: self.officer.counter,
            node: self.officer.device,
        };
        let change = rows::edit_change(
            Id::v7(at, rand::random()),
            Entity::Member,
            member,
            to,
            vec![("cell_id", json!(to))],
            hlc,
        );
        let answer: PushResponse = self
            .post(
                "/v1/push",
                Some(&self.officer.credential.clone()),
                &PushRequest {
                    protocol: PROTOCOL_VERSION,
                    changes: vec![change],
                },
            )
            .await?;
        match answer.results.first().map(|r| &r.outcome) {
            Some(Outcome::Accepted { .. }) => self.moved += 1,
            _ => self.refused += 1,
        }
        Ok(())
    }
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let a = parse_args(&args)?;
    let work = tempfile::tempdir()?;
    let db = work.path().join("sotay.db");
    let start_load = load_average();
    eprintln!("soak: generating {} members", a.members);
    let store = SqliteStore::open(&db)?;
    let province = generate(
        &store,
        &GenOptions {
            members: a.members,
            years: 1,
            seed: 11,
            codes_at_ms: now_ms(),
        },
    )?;
    let mut cells: BTreeMap<Id, Vec<Id>> = province
        .cell_members
        .iter()
        .map(|c| (c.id, c.members.clone()))
        .collect();
    let cell_ids: Vec<Id> = cells.keys().copied().collect();
    let mut devices = load::enroll_devices(&store, &province.cell_members, a.devices)?;
    // A secretary's phone edits only members who hold no post: one with a post at the
    // district is administered from there, and its edit would be refused (rightly).
    let posted = holders_of_posts(&db)?;
    let editable = |cells: &BTreeMap<Id, Vec<Id>>, cell: Id| -> Vec<Id> {
        cells[&cell]
            .iter()
            .copied()
            .filter(|m| !posted.contains(m))
            .collect()
    };
    for d in devices.iter_mut() {
        d.set_members(editable(&cells, d.cell()));
    }
    let officer_member = province.enroll[0].member_id;
    let code = store.create_enroll_code(officer_member, DEFAULT_CODE_TTL_MS, now_ms())?;
    let e = store.enroll(&code, "máy văn phòng tỉnh ủy", now_ms())?;
    drop(store);
    let srv = server::Server::start(
        &a.server_bin,
        &["--data".into(), work.path().display().to_string()],
    )?;
    let pid = srv.pid();
    eprintln!(
        "soak: {} devices on {}, {} minutes",
        devices.len(),
        srv.url,
        a.minutes
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let mut churn = Churn {
        client: reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()?,
        url: srv.url.clone(),
        officer: Officer {
            credential: e.credential,
            device: e.device_id,
            counter: 0,
        },
        enrolled: 0,
        revoked: 0,
        moved: 0,
        refused: 0,
    };
    let mut rng = SmallRng::seed_from_u64(22);
    let mut windows = Vec::new();
    let begun = Instant::now();
    let mut minute = 0;
    while begun.elapsed() < Duration::from_secs(a.minutes * 60) {
        minute += 1;
        let (back, run) = load::run(&srv.url, devices, CYCLES, BATCH, PAUSE_MAX_MS)?;
        devices = back;
        rt.block_on(async {
            for n in 0..ENROLLS {
                let cell = cell_ids[rng.gen_range(0..cell_ids.len())];
                let secretary = cells[&cell][0];
                let e = churn.enroll(secretary, churn.enrolled + n).await?;
                let members = editable(&cells, cell);
                devices.push(load::Device::new(e.device_id, e.credential, cell, members));
            }
            for _ in 0..REVOKES.min(devices.len().saturating_sub(1)) {
                let d = devices.swap_remove(rng.gen_range(0..devices.len()));
                churn.revoke(d.id()).await?;
            }
            for _ in 0..MOVES {
                let from = cell_ids[rng.gen_range(0..cell_ids.len())];
                let to = cell_ids[rng.gen_range(0..cell_ids.len())];
                // Never the secretary (members[0]): their phones keep their cell; and
                // never someone with a post, whom the province moves otherwise.
                if from == to || cells[&from].len() < 3 {
                    continue;
                }
                let i = rng.gen_range(1..cells[&from].len());
                let member = cells[&from][i];
                if posted.contains(&member) {
                    continue;
                }
                churn.transfer(member, to).await?;
                if let Some(list) = cells.get_mut(&from) {
                    list.remove(i);
                }
                if let Some(list) = cells.get_mut(&to) {
                    list.push(member);
                }
            }
            anyhow::Ok(())
        })?;
        for d in devices.iter_mut() {
            d.set_members(editable(&cells, d.cell()));
        }
        let w = Window {
            minute,
            at_min: begun.elapsed().as_secs_f64() / 60.0,
            rss_mib: proc_kb(pid, "VmRSS:").unwrap_or(0) as f64 / 1024.0,
            db_mib: file_mib(&db),
            wal_mib: file_mib(&db.with_extension("db-wal")),
            push_p99: run.push_p99_ms,
            pull_p99: run.pull_p99_ms,
            changes_per_s: run.changes_per_s,
            devices: devices.len(),
        };
        eprintln!(
            "  window {:>3} ({:.1} min): rss {:.1} MiB, db {:.1} MiB + wal {:.1} MiB, push p99 {:.1} ms, pull p99 {:.1} ms, {:.0} changes/s, {} devices; enrolled {}, revoked {}, moved {}",
            w.minute, w.at_min, w.rss_mib, w.db_mib, w.wal_mib, w.push_p99, w.pull_p99, w.changes_per_s,
            w.devices, churn.enrolled, churn.revoked, churn.moved
        );
        windows.push(w);
    }
    let peak = proc_kb(pid, "VmHWM:").unwrap_or(0) as f64 / 1024.0;
    drop(srv);
    if churn.refused > 0 {
        bail!("{} transfers were refused", churn.refused);
    }
    let text = summary(&a, &windows, &churn, peak, &start_load);
    println!("{text}");
    write_section(&a.out, &text)?;
    Ok(())
}

/// Members holding a live post, read from the server's database file before it serves.
fn holders_of_posts(db: &Path) -> Result<std::collections::HashSet<Id>> {
    let conn = rusqlite::Connection::open(db)?;
    let mut stmt = conn
        .prepare("SELECT subject_member FROM rows WHERE entity = 'position' AND tombstoned = 0")?;
    let ids = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .filter_map(|s| s.ok()?.parse().ok())
        .collect();
    Ok(ids)
}

fn summary(a: &Args, w: &[Window], churn: &Churn, peak: f64, start_load: &str) -> String {
    // Growth is measured from the end of the warm-up (the first tenth of the run: caches
    // and the WAL fill there) to the last window.
    let (Some(first), Some(last)) = (w.get(w.len() / 10), w.last()) else {
        return "## Soak\n\nNo window ran.\n".into();
    };
    let hours = ((last.at_min - first.at_min) / 60.0).max(1.0 / 60.0);
    let mut s = String::new();
    s.push_str("## Soak (issue 22, item 6)\n\n");
    s.push_str(&format!(
        "`cargo xtask soak --minutes {}`: {} secretaries' devices on a generated province of {} members, each pushing {BATCH} edits and pulling after a pause of 0–{} s; each window (a minute or so, until every device made {CYCLES} cycles) the officer enrolls {ENROLLS} phones over HTTP, revokes {REVOKES} and moves up to {MOVES} members between cells. Release `sotay-server` on SQLite, one process, on this 2-core machine. Load average at start {start_load}, at end {}. Run on {}.\n\n",
        a.minutes, a.devices, a.members, PAUSE_MAX_MS / 1000, load_average(), today()
    ));
    s.push_str("| minutes | server RSS (MiB) | database (MiB) | WAL (MiB) | push p99 (ms) | pull p99 (ms) | changes/s | devices |\n");
    s.push_str("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    let step = (w.len() / 10).max(1);
    for (i, x) in w.iter().enumerate() {
        if i % step == 0 || i + 1 == w.len() {
            s.push_str(&format!(
                "| {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.0} | {} |\n",
                x.at_min,
                x.rss_mib,
                x.db_mib,
                x.wal_mib,
                x.push_p99,
                x.pull_p99,
                x.changes_per_s,
                x.devices
            ));
        }
    }
    s.push_str(&format!(
        "\nGrowth from minute {:.1} (after the warm-up) to the last window: server RSS {:+.1} MiB ({:+.1} MiB/hour), database {:+.1} MiB ({:+.1} MiB/hour); peak RSS {:.1} MiB. Push p99 {:.1} → {:.1} ms, pull p99 {:.1} → {:.1} ms. Churn: {} phones enrolled, {} revoked, {} members moved, 0 refused.\n",
        first.at_min,
        last.rss_mib - first.rss_mib,
        (last.rss_mib - first.rss_mib) / hours,
        last.db_mib - first.db_mib,
        (last.db_mib - first.db_mib) / hours,
        peak,
        first.push_p99,
        last.push_p99,
        first.pull_p99,
        last.pull_p99,
        churn.enrolled,
        churn.revoked,
        churn.moved
    ));
    s
}

fn today() -> String {
    let days = now_ms() / 86_400_000;
    // Civil date from days since 1970 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    format!("{}-{:02}-{:02}", if m <= 2 { y + 1 } else { y }, m, d)
}

/// Replace the "## Soak" section of the results file (or append it).
fn write_section(out: &Path, text: &str) -> Result<()> {
    let old = std::fs::read_to_string(out).unwrap_or_default();
    let new = match old.find("## Soak") {
        Some(start) => {
            let rest = &old[start + 7..];
            let end = rest
                .find("\n## ")
                .map(|i| start + 7 + i + 1)
                .unwrap_or(old.len());
            format!("{}{}{}", &old[..start], text, &old[end..])
        }
        None => format!("{}\n{}", old.trim_end(), text),
    };
    std::fs::write(out, new)?;
    Ok(())
}
