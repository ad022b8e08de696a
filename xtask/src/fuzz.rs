//! `cargo xtask fuzz [--secs N]`: the sync protocol's JSON decoding (push request, pull
//! answer, Api request: the targets in `fuzz/`) under cargo-fuzz and libFuzzer, each
//! target for N seconds (default 60). Not part of `cargo xtask test`: it needs
//! nightly-only compiler flags, which the stable toolchain here accepts through
//! `RUSTC_BOOTSTRAP=1`, and its value grows with the time it is given.

use crate::cmd;
use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::{Command, Stdio};

/// The cargo-fuzz release installed when it is missing (its lock file pinned too).
const CARGO_FUZZ: &str = "0.13.2";

pub fn fuzz(rest: &[String]) -> Result<()> {
    let secs: u64 = match rest {
        [] => 60,
        [flag, n] if flag == "--secs" => n.parse().context("--secs takes whole seconds")?,
        _ => bail!("usage: cargo xtask fuzz [--secs N]"),
    };
    cmd::ensure_cargo_bin_on_path();
    if cmd::which("cargo-fuzz").is_none() {
        cmd::run(cmd::cargo().args([
            "install",
            "cargo-fuzz",
            "--locked",
            "--version",
            CARGO_FUZZ,
        ]))?;
    }
    let dir = cmd::root().join("fuzz");
    let listed = cmd::output(fuzz_cmd(&dir).arg("list"))?;
    let targets: Vec<&str> = listed
        .lines()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    if targets.is_empty() {
        bail!("`cargo fuzz list` found no targets in {}", dir.display());
    }
    let logs = cmd::target_dir().join("fuzz-logs");
    std::fs::create_dir_all(&logs)?;
    let mut summary = Vec::new();
    for target in &targets {
        // The build is not counted in the N seconds: build first, then run.
        cmd::run(fuzz_cmd(&dir).args(["build", target]))?;
        let log_path = logs.join(format!("{target}.log"));
        let log = std::fs::File::create(&log_path)?;
        let status = fuzz_cmd(&dir)
            .args([
                "run",
                target,
                "--",
                &format!("-max_total_time={secs}"),
                "-print_final_stats=1",
            ])
            .stdout(Stdio::null())
            .stderr(log)
            .status()
            .context("could not start `cargo fuzz run`")?;
        let text = std::fs::read_to_string(&log_path).unwrap_or_default();
        let line = format!(
            "{target}: {} execs in {secs} s ({}/s), {} corpus entries",
            stat(&text, "stat::number_of_executed_units"),
            stat(&text, "stat::average_exec_per_sec"),
            corpus_size(&dir.join("corpus").join(target)),
        );
        println!("{line}");
        if !status.success() {
            bail!(
                "{target} found a crash ({status}); see {} and fuzz/artifacts/{target}/",
                log_path.display()
            );
        }
        summary.push(line);
    }
    println!("\nfuzz: no crash\n  {}", summary.join("\n  "));
    Ok(())
}

/// `cargo fuzz` in `fuzz/`'s parent, with the nightly flags allowed on stable.
fn fuzz_cmd(dir: &Path) -> Command {
    let mut c = cmd::cargo();
    c.arg("fuzz").env("RUSTC_BOOTSTRAP", "1");
    if let Some(parent) = dir.parent() {
        c.current_dir(parent);
    }
    c
}

/// The value libFuzzer printed for `key` in its final stats, or "?".
fn stat(log: &str, key: &str) -> String {
    log.lines()
        .rev()
        .find_map(|l| {
            l.strip_prefix(key)?
                .trim_start_matches(':')
                .split_whitespace()
                .next()
        })
        .unwrap_or("?")
        .to_string()
}

fn corpus_size(dir: &Path) -> usize {
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}
