//! Running commands: echo them, fail with the command line in the message, find the
//! workspace and its target directory, and keep background children from outliving us.

use anyhow::{bail, Context, Result};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    // `cargo run` sets the variable at run time: prefer it, so an xtask binary built from
    // another checkout into a shared target dir still works on this one.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// `CARGO_TARGET_DIR` if set (relative to the root), else `<root>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

/// The cargo that runs us, so `cargo +toolchain xtask` stays on that toolchain.
pub fn cargo() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root());
    cmd
}

/// `cargo()` with clippy as the workspace's compiler wrapper and its warnings denied:
/// the gate's build lints our crates while it compiles them, instead of a separate
/// `cargo clippy` that type-checks every dependency again in check mode (minutes on two
/// cores). The test step must use it too, or cargo sees another compiler and rebuilds;
/// a shell that wants the gate's artifacts sets the same three variables.
pub fn cargo_linted() -> Command {
    let mut cmd = cargo();
    cmd.env("RUSTC_WORKSPACE_WRAPPER", clippy_driver())
        // The gate builds from a clean clone: incremental compilation's caches are only
        // written, never read. Without them our crates' build took 286 CPU-s, not 393
        // (7 Dec 2026, `cargo build --workspace --all-targets` after touching them all).
        .env("CARGO_INCREMENTAL", "0")
        // How `cargo clippy` itself hands clippy its arguments (`-D warnings`).
        .env(
            "CLIPPY_ARGS",
            "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__",
        );
    cmd
}

/// The toolchain's own clippy-driver (not rustup's proxy, which would start once per crate).
fn clippy_driver() -> PathBuf {
    let sysroot = output(Command::new("rustc").args(["--print", "sysroot"])).unwrap_or_default();
    let driver = Path::new(sysroot.trim()).join("bin").join("clippy-driver");
    if driver.is_file() {
        driver
    } else {
        PathBuf::from("clippy-driver")
    }
}

/// Where `cargo install` puts binaries; it may be missing from PATH in CI shells.
pub fn cargo_bin_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return PathBuf::from(home).join("bin");
    }
    let home = std::env::var_os("HOME").unwrap_or_else(|| "/root".into());
    PathBuf::from(home).join(".cargo").join("bin")
}

/// Put `~/.cargo/bin` on PATH for everything we start (wasm-bindgen, tauri-driver).
pub fn ensure_cargo_bin_on_path() {
    let bin = cargo_bin_dir();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    if !dirs.contains(&bin) {
        dirs.push(bin);
        if let Ok(joined) = std::env::join_paths(dirs) {
            // Safe: xtask is single-threaded when it edits its environment.
            std::env::set_var("PATH", joined);
        }
    }
}

/// Look a program up on PATH.
pub fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

fn describe(cmd: &Command) -> String {
    let mut line = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    line
}

/// Run to completion with inherited stdio; error if it exits non-zero.
pub fn run(cmd: &mut Command) -> Result<()> {
    let line = describe(cmd);
    println!("$ {line}");
    let status = cmd
        .status()
        .with_context(|| format!("could not start `{line}`"))?;
    if !status.success() {
        bail!("`{line}` failed ({status})");
    }
    Ok(())
}

/// Run and capture stdout (stderr passes through); error if it exits non-zero.
pub fn output(cmd: &mut Command) -> Result<String> {
    let line = describe(cmd);
    let out = cmd
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("could not start `{line}`"))?;
    if !out.status.success() {
        bail!("`{line}` failed ({})", out.status);
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Run quietly and say only whether it succeeded (for probes like `dpkg -s`).
pub fn succeeds<P, I, S>(program: P, args: I) -> bool
where
    P: AsRef<OsStr>,
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// A background child that is killed when dropped, so an early `?` leaves nothing behind.
pub struct Guard {
    pub name: &'static str,
    pub child: Child,
}

impl Guard {
    pub fn spawn(name: &'static str, cmd: &mut Command) -> Result<Guard> {
        let line = describe(cmd);
        println!("$ {line} &");
        let child = cmd
            .spawn()
            .with_context(|| format!("could not start `{line}`"))?;
        Ok(Guard { name, child })
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            println!("stopping {}", self.name);
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Time a step and print how long it took.
pub fn timed<T>(name: &str, step: impl FnOnce() -> Result<T>) -> (Result<T>, f64) {
    println!("\n==> {name}");
    let start = Instant::now();
    let result = step();
    let secs = start.elapsed().as_secs_f64();
    match &result {
        Ok(_) => println!("<== {name}: ok in {}", human(secs)),
        Err(e) => println!("<== {name}: FAILED in {}: {e:#}", human(secs)),
    }
    (result, secs)
}

pub fn human(secs: f64) -> String {
    if secs >= 60.0 {
        format!("{}m{:02}s", (secs / 60.0) as u64, (secs % 60.0) as u64)
    } else {
        format!("{secs:.1}s")
    }
}
