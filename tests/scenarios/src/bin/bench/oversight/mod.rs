//! The oversight dashboard's speed (issue 18): `oversight_report` answered on a
//! province officer's replica holding 100,000 members and five years
//! (`data`, `activity`), for the whole province and for drill-downs to districts,
//! grassroots organisations and cells. The replica is built once into
//! `target/bench-oversight/` and reused while [`VERSION`] and the member count stay
//! the same (building it takes minutes); `bench oversight` runs only this part.

mod activity;
mod data;
mod gatherings;
mod members;

use crate::median;
use crate::report::Report;
use anyhow::{Context, Result};
use data::{build, one_day};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use sotay_model::entities::{OrgKind, Organisation};
use sotay_model::oversight::requests::OversightReport;
use sotay_model::oversight::{Oversight, Period};
use sotay_model::{Entity, Id};
use sotay_replica::calls::{Cx, Local};
use sotay_replica::{Db, FileKeyStore, SeededEnv};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Bumped whenever the generated data changes, so a cached replica is rebuilt.
const VERSION: u32 = 1;
/// 2 December 2026, 10:00 in Hà Nội: the device's clock while measuring.
pub const NOW: u64 = 1_796_180_400_000;
/// Timed opens per view (after the first).
const RUNS: usize = 7;
/// Cells that meet in the day's sync measured last.
const DAY_CELLS: usize = 200;
/// Organisations drawn per level for the drill-downs.
const PER_LEVEL: usize = 3;

fn cache_dir(root: &Path, members: usize) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(|d| root.join(d))
        .unwrap_or_else(|| root.join("target"));
    target
        .join("bench-oversight")
        .join(format!("v{VERSION}-{members}"))
}

/// The cached replica, built first if missing or incomplete: its home and how many
/// rows it holds.
fn replica(rep: &mut Report, root: &Path, members: usize) -> Result<(PathBuf, u64)> {
    let home = cache_dir(root, members);
    let done = home.join("complete");
    if let Ok(text) = std::fs::read_to_string(&done) {
        let rows = text.trim().parse().unwrap_or(0);
        rep.note(format!(
            "oversight: the replica of {members} members was reused from {} ({rows} rows)",
            home.display()
        ));
        return Ok((home, rows));
    }
    // Older versions and an interrupted build go: each is gigabytes.
    if let Some(parent) = home.parent() {
        let _ = std::fs::remove_dir_all(parent);
    }
    std::fs::create_dir_all(&home)?;
    let built = build(&home, members, NOW)?;
    std::fs::write(&done, built.rows.to_string())?;
    rep.line("oversight_generate", built.secs, "s");
    Ok((home, built.rows))
}

fn open(db: &mut Db, org: Id, period: Option<Period>) -> Result<(f64, Box<Oversight>)> {
    let env = SeededEnv::new(18, NOW);
    let t = Instant::now();
    let answer = OversightReport {
        org_id: org,
        period,
    }
    .local(&mut Cx { db, env: &env })
    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let own = answer.orgs.first().context("no figures")?;
    anyhow::ensure!(own.org_id == org, "the answer is of another organisation");
    Ok((ms, answer))
}

/// The median of `RUNS` opens of each organisation.
fn opens(db: &mut Db, orgs: &[Id], period: Option<Period>) -> Result<f64> {
    let mut times = Vec::new();
    for &org in orgs {
        for _ in 0..RUNS {
            times.push(open(db, org, period)?.0);
        }
    }
    Ok(median(times))
}

fn measure(rep: &mut Report, home: &Path) -> Result<()> {
    let mut db = Db::open_with_keys(home, &FileKeyStore::new(home))?;
    let orgs: Vec<Organisation> = db
        .live_rows_of(&[Entity::Organisation])?
        .iter()
        .filter_map(|r| Organisation::from_row(r).ok())
        .collect();
    let mut rng = StdRng::seed_from_u64(18);
    let mut level = |kind: OrgKind| {
        let mut ids: Vec<Id> = orgs
            .iter()
            .filter(|o| o.kind == kind)
            .map(|o| o.id)
            .collect();
        ids.sort();
        ids.shuffle(&mut rng);
        ids.truncate(PER_LEVEL);
        ids
    };
    let province = level(OrgKind::Province);
    let province_id = *province.first().context("no province on the replica")?;
    let year = Some(Period::Year { year: 2026 });
    // The first open in this process: SQLite's cache is cold (and the figures are
    // built, if nothing built them before).
    let (first, answer) = open(&mut db, province_id, year)?;
    rep.line("oversight_province_first_ms", first, "ms");
    // What was counted: the figures are not those of an empty device.
    eprintln!(
        "  oversight: {}, 2026: {:?}",
        answer.org_name, answer.orgs[0].figures
    );
    rep.line(
        "oversight_province_ms",
        opens(&mut db, &province, year)?,
        "ms",
    );
    rep.line(
        "oversight_province_month_ms",
        opens(&mut db, &province, None)?,
        "ms",
    );
    let mut worst: f64 = 0.0;
    for kind in [OrgKind::District, OrgKind::Grassroots, OrgKind::Cell] {
        let ids = level(kind);
        let ms = opens(&mut db, &ids, year)?;
        eprintln!("  oversight: drill-down to a {kind:?}, year 2026: {ms:.1} ms (median)");
        worst = worst.max(ms);
    }
    rep.line("oversight_drilldown_ms", worst, "ms");
    // A day's sync brings a few hundred meetings' rows: the next open first rebuilds
    // their organisations' facts (in the app the sync itself does, in the background).
    let rows = one_day(&mut db, NOW, DAY_CELLS)?;
    let (ms, _) = open(&mut db, province_id, year)?;
    eprintln!("  oversight: a day's sync of {rows} rows from {DAY_CELLS} cells");
    rep.line("oversight_open_after_day_sync_ms", ms, "ms");
    Ok(())
}

/// The oversight figures; a failure is reported as a skipped line, not an abort.
pub fn run(rep: &mut Report, root: &Path, members: usize) {
    let result = replica(rep, root, members).and_then(|(home, rows)| {
        rep.line("oversight_replica_rows", rows as f64, "rows");
        measure(rep, &home)
    });
    if let Err(e) = result {
        rep.skip("oversight_province_ms", &format!("{e:#}"));
    }
}
