//! `cargo xtask faults [--kills N] [--seed S]`: the server-crash figures (issue 22).
//! Builds `sotay-server` and the `faults` binary of tests/scenarios (dev profile, as
//! the gate does), finds a PostgreSQL, and runs N kills (default 50) on SQLite and on
//! PostgreSQL, with right device clocks and again with wrong ones; `faults` prints
//! `faults: N kills, A acknowledged, L lost, D duplicated, R resets` per run and for all,
//! and fails if anything was lost, applied twice or diverged.

use crate::cmd::{self, run};
use anyhow::{bail, Result};

pub fn faults(args: &[String]) -> Result<()> {
    let mut pass: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        match (flag.as_str(), it.next()) {
            ("--kills" | "--seed", Some(v)) => pass.extend([flag.clone(), v.clone()]),
            _ => bail!("usage: cargo xtask faults [--kills N] [--seed S]"),
        }
    }
    // `--workspace` keeps the features the gate's build uses, so its artifacts serve
    // (`-p` alone would build a minute of crates again with other features).
    run(cmd::cargo().args([
        "build",
        "--workspace",
        "--bin",
        "sotay-server",
        "--bin",
        "faults",
    ]))?;
    let debug = cmd::target_dir().join("debug");
    let pg = crate::postgres::ensure()?;
    run(std::process::Command::new(debug.join("faults"))
        .current_dir(cmd::root())
        .arg("--server-bin")
        .arg(debug.join("sotay-server"))
        .args(["--pg", &pg.url])
        .args(&pass))
}
