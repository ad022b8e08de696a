//! `bench sync`: only the province officer's first sync and its raw-rusqlite baseline
//! (issue 21, item 2), optionally with another build's replica side by side: the runs
//! alternate between this bench binary's replica and `--compare`'s (another build of
//! this bench, whose `replica-sync` child mode holds that build's replica), and which
//! goes first, against one server and one province.
//!
//! ```text
//! bench sync [--server-bin target/release/sotay-server] [--compare OLD_BENCH] [--members 100000] [--runs 3]
//! ```

use super::report::{load_average, Report};
use super::server::Server;
use super::sync::{first_sync_with, raw_sqlite};
use super::{median, now_ms, scope_rows, sqlite_province, Args};
use anyhow::Result;
use sotay_server::{Store, DEFAULT_CODE_TTL_MS};
use std::path::PathBuf;

pub fn run(a: &Args) -> Result<()> {
    let mut rep = Report::default();
    rep.note_load("start");
    let work = tempfile::tempdir()?;
    let (data, store, province, _) = sqlite_province(work.path(), a.members)?;
    let officer = province.enroll[0].member_id;
    let rows = scope_rows(&store, officer)?;
    let mut bins: Vec<(&str, PathBuf)> = vec![("", std::env::current_exe()?)];
    if let Some(old) = &a.compare {
        bins.insert(0, ("_before", old.clone()));
        bins[1].0 = "_after";
    }
    let codes = (0..a.runs * bins.len())
        .map(|_| store.create_enroll_code(officer, DEFAULT_CODE_TTL_MS, now_ms()))
        .collect::<Result<Vec<_>, _>>()?;
    drop(store);
    let server = Server::start(
        &a.server_bin,
        &["--data".into(), data.display().to_string()],
    )?;
    let mut secs: Vec<Vec<f64>> = bins.iter().map(|_| vec![]).collect();
    let mut rss: Vec<Vec<f64>> = bins.iter().map(|_| vec![]).collect();
    let mut raw = vec![];
    let mut code = codes.iter();
    for run in 0..a.runs {
        let mut order: Vec<usize> = (0..bins.len()).collect();
        if run % 2 == 1 {
            order.reverse();
        }
        for i in order {
            let (tag, exe) = &bins[i];
            let Some(code) = code.next() else { break };
            let home = work.path().join(format!("officer{run}{tag}"));
            let r = first_sync_with(exe, &home, &server.url, code, rows)?;
            eprintln!(
                "  run {run}{tag}: {:.2} s, {} rows, replica peak {} KiB (load {})",
                r.secs,
                r.rows,
                r.rss_kb,
                load_average()
            );
            secs[i].push(r.secs);
            rss[i].push(r.rss_kb as f64 / 1024.0);
            std::fs::remove_dir_all(&home)?;
        }
        raw.push(raw_sqlite(&data.join("sotay.db"), work.path())?.0);
    }
    let raw_s = median(raw);
    rep.line("province_initial_sync_rows", rows as f64, "rows");
    rep.line("raw_sqlite_insert_rate", rows as f64 / raw_s, "rows/s");
    for (i, (tag, exe)) in bins.iter().enumerate() {
        eprintln!("{tag}: {}", exe.display());
        let s = median(secs[i].clone());
        rep.line(&format!("province_initial_sync{tag}"), s, "s");
        rep.line(&format!("ratio_vs_raw_sqlite{tag}"), raw_s / s, "x");
        rep.line(
            &format!("replica_peak_rss{tag}"),
            median(rss[i].clone()),
            "MiB",
        );
    }
    rep.note_load("end");
    Ok(())
}
