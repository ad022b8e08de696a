//! `faults`: the server-crash figures of issue 22, run by `cargo xtask faults`.
//!
//! ```text
//! faults --server-bin target/debug/sotay-server [--kills 50] [--seed 1]
//!        [--pg postgres://…|none]
//! ```
//!
//! Runs the crash harness (`sotay_scenarios::faults`) on SQLite, then on PostgreSQL
//! unless `--pg none`, prints each store's report and line and the sum of both, and
//! fails if anything acknowledged was lost or applied twice, a device diverged or had
//! to start over.

use anyhow::{bail, Context, Result};
use sotay_scenarios::faults::{run, Config, Db, Report};
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
    for db in &stores {
        let report = run(&cfg, db)?;
        print!("{report}");
        clean &= report.is_clean();
        all.kills += report.kills;
        all.acknowledged += report.acknowledged;
        all.lost.extend(report.lost);
        all.duplicated.extend(report.duplicated);
        all.resets.extend(report.resets);
    }
    if stores.len() > 1 {
        println!("{} (all stores)", all.line());
    }
    Ok(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
