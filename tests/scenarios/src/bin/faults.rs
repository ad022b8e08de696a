//! `faults`: the server-crash figures of issue 22, run by `cargo xtask faults`.
//!
//! ```text
//! faults --server-bin target/debug/sotay-server [--kills 50] [--seed 1]
//!        [--pg postgres://…|none]
//! ```
//!
//! Runs the crash harness (`sotay_scenarios::faults`) on SQLite, then on PostgreSQL
//! unless `--pg none`, each time with right clocks and then with wrong ones
//! (`Clocks::wrong`, issue 22 item 4), prints each run's report and line and the sum of
//! all, and fails if anything acknowledged was lost or applied twice, a device diverged
//! or had to start over.

use anyhow::{bail, Context, Result};
use sotay_scenarios::faults::{run_with_clocks, Clocks, Config, Db, Report};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> Result<ExitCode> {
    let mut cfg = Config {
        seed: 1,
        kills: 50,
        server_bin: PathBuf::from("target/debug/sotay-server"),
    };
    let mut pg = std::env::var("SOTAY_TEST_PG").ok();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().context(format!("{flag} needs a value"));
        match flag.as_str() {
            "--server-bin" => cfg.server_bin = value()?.into(),
            "--kills" => cfg.kills = value()?.parse()?,
            "--seed" => cfg.seed = value()?.parse()?,
            "--pg" => pg = Some(value()?.clone()).filter(|v| v != "none"),
            other => bail!("unknown argument {other}"),
        }
    }
    let mut stores = vec![Db::Sqlite];
    stores.extend(pg.map(Db::Postgres));
    let mut clean = true;
    let mut all = Report::default();
    let runs = stores
        .iter()
        .flat_map(|db| [(db, Clocks::default()), (db, Clocks::wrong())]);
    for (db, clocks) in runs {
        let report = run_with_clocks(&cfg, db, &clocks)?;
        if !clocks.skew_ms.is_empty() {
            print!("wrong clocks: ");
        }
        print!("{report}");
        clean &= report.is_clean();
        all.kills += report.kills;
        all.acknowledged += report.acknowledged;
        all.lost.extend(report.lost);
        all.duplicated.extend(report.duplicated);
        all.resets.extend(report.resets);
    }
    println!("{} (all runs)", all.line());
    Ok(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
