//! `cargo xtask soak [--minutes N] [--devices D] [--members M]`: the long run under load
//! with churn (issue 22, item 6). Builds the release `sotay-server` and the `soak`
//! binary of tests/scenarios, runs it for N minutes (default 30), and lets it write its
//! section of `bench/results.md`: server memory, database and WAL size, push and pull
//! p99 per minute, and the growth per hour.

use crate::cmd::{self, run};
use anyhow::{bail, Result};

pub fn soak(args: &[String]) -> Result<()> {
    let mut pass: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        match (flag.as_str(), it.next()) {
            ("--minutes" | "--devices" | "--members", Some(v)) => {
                pass.extend([flag.clone(), v.clone()])
            }
            _ => bail!("usage: cargo xtask soak [--minutes N] [--devices D] [--members M]"),
        }
    }
    run(cmd::cargo().args([
        "build",
        "--release",
        "--workspace",
        "--bin",
        "sotay-server",
        "--bin",
        "soak",
    ]))?;
    let release = cmd::target_dir().join("release");
    run(std::process::Command::new(release.join("soak"))
        .current_dir(cmd::root())
        .arg("--server-bin")
        .arg(release.join("sotay-server"))
        .arg("--out")
        .arg(cmd::root().join("bench/results.md"))
        .args(&pass))
}
