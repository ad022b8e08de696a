//! The gate's test step: every test executable of the workspace, several at a time.
//!
//! `cargo test` runs its executables one after another and stops at the first that
//! fails. Here they run in a pool (one at a time by default: see `test_jobs`), the
//! longest first (as timed by the last run, else the end-to-end ones first), each with
//! the environment and working directory `cargo test` would give it, and a failing one
//! does not stop the others. Each one's output is kept and printed whole if it fails,
//! so the gate's log shows every failure of a run, not the first.
//!
//! Doc tests are compiled by rustdoc, which cargo alone drives: they run as
//! `cargo test --doc` beside the pool (see `test.rs`).

use crate::cmd::{self, human};
use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::Instant;

/// One test executable as cargo reported it.
#[derive(Debug)]
pub struct TestBin {
    /// `package::target`, how it is listed and timed.
    pub name: String,
    pub exe: PathBuf,
    /// The package's directory: `cargo test` runs each executable there.
    pub dir: PathBuf,
    pub package: String,
}

/// The executables that took longest alone besides the end-to-end flows (7 Dec 2026:
/// 76 s and 52 s; the next took 21 s).
const LONG: &[&str] = &["sotay-scenarios::it", "sotay-server::authz_matrix"];

/// How long each executable took last time, kept in the target dir between runs.
fn times_file() -> PathBuf {
    cmd::target_dir().join("test-times.tsv")
}

fn load_times() -> HashMap<String, f64> {
    let text = std::fs::read_to_string(times_file()).unwrap_or_default();
    text.lines()
        .filter_map(|l| {
            let (name, secs) = l.split_once('\t')?;
            Some((name.to_string(), secs.parse().ok()?))
        })
        .collect()
}

fn save_times(times: &HashMap<String, f64>) {
    let mut lines: Vec<String> = times.iter().map(|(n, s)| format!("{n}\t{s:.1}")).collect();
    lines.sort();
    // Only a hint for the next run's order: losing it costs nothing but order.
    let _ = std::fs::write(times_file(), lines.join("\n") + "\n");
}

/// The value of `"key":"…"` in one line of cargo's JSON messages (paths and names:
/// no nested objects are wanted, and only `\\` and `\"` escapes occur in them here).
fn json_str(line: &str, key: &str) -> Option<String> {
    let start = line.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let mut out = String::new();
    let mut chars = line[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// Build the workspace's tests (already built by the gate's build: this only lists
/// them) and return their executables.
pub fn list(mut cargo: Command) -> Result<Vec<TestBin>> {
    cargo.args([
        "test",
        "--workspace",
        "--no-run",
        "--message-format=json-render-diagnostics",
    ]);
    cargo.stdout(Stdio::piped());
    println!("$ cargo test --workspace --no-run --message-format=json-render-diagnostics");
    let out = cargo
        .output()
        .context("could not run cargo test --no-run")?;
    if !out.status.success() {
        bail!("cargo test --no-run failed ({})", out.status);
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut bins = Vec::new();
    for line in text.lines() {
        // Binaries the tests start are built too, with a profile whose `test` is false
        // (the target's own `"test":true` only says it has tests).
        if !line.contains("\"reason\":\"compiler-artifact\"") || !test_profile(line) {
            continue;
        }
        let Some(exe) = json_str(line, "executable") else {
            continue;
        };
        let manifest = json_str(line, "manifest_path").context("an artifact without a manifest")?;
        let dir = Path::new(&manifest)
            .parent()
            .map(Path::to_path_buf)
            .context("a manifest path without a directory")?;
        // package_id is `path+file:///…/dir#name@version` (or `…#version` when the
        // name is the directory's); the target's name follows `"name":` in `target`.
        let package = package_name(line, &dir);
        let target = json_str(line, "name").unwrap_or_default();
        bins.push(TestBin {
            name: format!("{package}::{target}"),
            exe: PathBuf::from(exe),
            dir,
            package,
        });
    }
    if bins.is_empty() {
        bail!("cargo listed no test executables");
    }
    Ok(bins)
}

fn test_profile(line: &str) -> bool {
    line.split_once("\"profile\":{")
        .and_then(|(_, rest)| rest.split_once('}'))
        .is_some_and(|(profile, _)| profile.contains("\"test\":true"))
}

fn package_name(line: &str, dir: &Path) -> String {
    let id = json_str(line, "package_id").unwrap_or_default();
    let tail = id.rsplit_once('#').map(|(_, t)| t).unwrap_or("");
    match tail.split_once('@') {
        Some((name, _)) => name.to_string(),
        None => dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

/// What one executable did.
struct Outcome {
    name: String,
    ok: bool,
    secs: f64,
    /// libtest's `test result:` line, or why it could not start.
    summary: String,
    output: String,
}

/// Run `bins` `jobs` at a time with `env` added; print a line per executable as it ends
/// and the whole output of each that failed; fail if any failed.
pub fn run(bins: Vec<TestBin>, jobs: usize, env: &[(&str, String)]) -> Result<()> {
    let mut times = load_times();
    let mut queue = bins;
    // Longest first, so the last to start are short. A clean clone has no times: then
    // the end-to-end flows and the known long ones first, the rest in cargo's order.
    let guess = |b: &TestBin| {
        let long = b.package == "sotay-e2e" || LONG.contains(&b.name.as_str());
        times
            .get(&b.name)
            .copied()
            .unwrap_or(if long { 60.0 } else { 1.0 })
    };
    queue.sort_by(|a, b| guess(b).total_cmp(&guess(a)));
    println!(
        "running {} test executables, {jobs} at a time (longest first)",
        queue.len()
    );
    let queue = Mutex::new(queue.into_iter());
    let outcomes = Mutex::new(Vec::<Outcome>::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| loop {
                let next = match queue.lock() {
                    Ok(mut q) => q.next(),
                    Err(_) => None,
                };
                let Some(bin) = next else { break };
                let outcome = run_one(&bin, env);
                let status = if outcome.ok { "ok    " } else { "FAILED" };
                println!(
                    "  {status} {:<40} {:>8}  {}",
                    outcome.name,
                    human(outcome.secs),
                    outcome.summary
                );
                if let Ok(mut o) = outcomes.lock() {
                    o.push(outcome);
                }
            });
        }
    });
    let outcomes = outcomes
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a test runner thread panicked"))?;
    let mut failed = Vec::new();
    for o in &outcomes {
        times.insert(o.name.clone(), o.secs);
        if !o.ok {
            println!("\n---- {} (output) ----\n{}", o.name, o.output);
            failed.push(o.name.clone());
        }
    }
    save_times(&times);
    if !failed.is_empty() {
        bail!("test executables failed: {}", failed.join(", "));
    }
    Ok(())
}

fn run_one(bin: &TestBin, env: &[(&str, String)]) -> Outcome {
    let started = Instant::now();
    let mut c = Command::new(&bin.exe);
    c.current_dir(&bin.dir)
        // What `cargo test` sets for a test executable at run time.
        .env("CARGO_MANIFEST_DIR", &bin.dir)
        .env("CARGO_PKG_NAME", &bin.package)
        .stdin(Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    let (ok, output) = match c.output() {
        Ok(out) => {
            let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
            text.push_str(&String::from_utf8_lossy(&out.stderr));
            (out.status.success(), text)
        }
        Err(e) => (false, format!("could not start {}: {e}", bin.exe.display())),
    };
    let summary = output
        .lines()
        .rfind(|l| l.starts_with("test result:"))
        .map(|l| l.trim_start_matches("test result: ").to_string())
        .unwrap_or_else(|| output.lines().last().unwrap_or("").to_string());
    Outcome {
        name: bin.name.clone(),
        ok,
        secs: started.elapsed().as_secs_f64(),
        summary,
        output,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_messages_give_the_executable_and_package() {
        let line = r#"{"reason":"compiler-artifact","package_id":"path+file:///w/tests/e2e#sotay-e2e@0.1.0","manifest_path":"/w/tests/e2e/Cargo.toml","target":{"kind":["test"],"name":"ui_flow"},"profile":{"test":true},"executable":"/w/target/debug/deps/ui_flow-1a2b","fresh":true}"#;
        assert_eq!(
            json_str(line, "executable").as_deref(),
            Some("/w/target/debug/deps/ui_flow-1a2b")
        );
        assert_eq!(json_str(line, "name").as_deref(), Some("ui_flow"));
        assert!(test_profile(line));
        let bin = r#"{"reason":"compiler-artifact","target":{"kind":["bin"],"name":"sim","test":true},"profile":{"opt_level":"0","test":false},"executable":"/w/target/debug/sim"}"#;
        assert!(!test_profile(bin), "a binary the tests start is not a test");
        assert_eq!(package_name(line, Path::new("/w/tests/e2e")), "sotay-e2e");
        let same = r#"{"package_id":"path+file:///w/xtask#0.1.0"}"#;
        assert_eq!(package_name(same, Path::new("/w/xtask")), "xtask");
        assert_eq!(
            json_str(r#"{"a":"x\"y\\z"}"#, "a").as_deref(),
            Some("x\"y\\z")
        );
        assert_eq!(json_str(r#"{"executable":null}"#, "executable"), None);
    }
}
