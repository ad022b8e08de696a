//! `cargo xtask setup`: install what a fresh Debian-like machine lacks, and nothing more.
//! Every step probes first (`dpkg -s`, `rustup target list`, `--version`) so a second run
//! only prints "ok" lines. Versions come from Cargo.lock, never from "latest".

use crate::cmd::{self, output, run, succeeds, which};
use anyhow::{bail, Context, Result};
use std::process::Command;

/// Debian packages Tauri's webview shell links against (BUILD.md).
const TAURI_DEBS: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libssl-dev",
    "curl",
    "file",
    "libwebkit2gtk-4.1-dev",
    "libsoup-3.0-dev",
    "libjavascriptcoregtk-4.1-dev",
    "librsvg2-dev",
    "libayatana-appindicator3-dev",
    "libxdo-dev",
    "libgtk-3-dev",
    // The replica keeps its database key in the Secret Service over D-Bus (keyring).
    "libdbus-1-dev",
];

/// Debian packages the end-to-end tests drive: WebKit's driver, a virtual display, Chromium.
const TEST_DEBS: &[&str] = &[
    "webkit2gtk-driver",
    "xvfb",
    "xauth",
    "chromium",
    "chromium-driver",
];

/// Extra packages only the release bundle needs (Node is checked by its command: it is
/// often installed outside dpkg, and Debian's npm then conflicts with it).
const BUNDLE_DEBS: &[&str] = &["mingw-w64", "zip"];

#[derive(Clone, Copy, Default)]
pub struct Needs {
    /// The end-to-end tests' drivers: Chromium, WebKit's driver, a virtual display and
    /// tauri-driver (the benchmarks need none of them, and a clean machine spends
    /// minutes installing them).
    pub e2e: bool,
    /// Node.js for the Tauri CLI and binaryen (the .deb).
    pub node: bool,
    /// The Windows cross-build: mingw, zip and the Rust target.
    pub windows: bool,
}

impl Needs {
    /// What `cargo xtask test` and `setup` install: everything but the release tools.
    pub fn tests() -> Needs {
        Needs {
            e2e: true,
            ..Needs::default()
        }
    }
}

pub fn setup(needs: Needs) -> Result<()> {
    cmd::ensure_cargo_bin_on_path();
    let mut debs: Vec<&str> = TAURI_DEBS.to_vec();
    if needs.e2e {
        debs.extend(TEST_DEBS);
    }
    if needs.windows {
        debs.extend(BUNDLE_DEBS);
    }
    if needs.node && which("npm").is_none() {
        debs.extend(["nodejs", "npm"]);
    }
    apt(&debs)?;
    rust_target("wasm32-unknown-unknown")?;
    // The gate lints while it builds (clippy as the compiler wrapper) and checks formatting.
    rust_components(&["clippy", "rustfmt"])?;
    if needs.windows {
        rust_target("x86_64-pc-windows-gnu")?;
    }
    wasm_bindgen_cli()?;
    if needs.e2e {
        tauri_driver()?;
    }
    println!("setup: done");
    Ok(())
}

fn deb_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .map(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains("ok installed"))
        .unwrap_or(false)
}

fn apt(packages: &[&str]) -> Result<()> {
    if which("dpkg-query").is_none() {
        println!("setup: no dpkg here; install these by hand if missing: {packages:?}");
        return Ok(());
    }
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| !deb_installed(p))
        .collect();
    if missing.is_empty() {
        println!("setup: ok   debian packages ({} checked)", packages.len());
        return Ok(());
    }
    println!("setup: installing debian packages {missing:?}");
    // Root in CI and on the dev machines; elsewhere fall back to sudo.
    let is_root = output(Command::new("id").arg("-u"))
        .map(|uid| uid.trim() == "0")
        .unwrap_or(false);
    let apt_get = |args: &[&str]| {
        let mut c = if is_root {
            Command::new("apt-get")
        } else {
            let mut s = Command::new("sudo");
            s.arg("apt-get");
            s
        };
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run(&mut apt_get(&["update", "-q"]))?;
    let mut install = apt_get(&["install", "-y", "-q", "--no-install-recommends"]);
    install.args(&missing);
    run(&mut install)
}

fn rust_components(wanted: &[&str]) -> Result<()> {
    let installed = output(Command::new("rustup").args(["component", "list", "--installed"]))
        .context("rustup is needed to add clippy and rustfmt")?;
    // Installed components are listed with their host triple: `clippy-x86_64-unknown-linux-gnu`.
    let missing: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|c| {
            !installed
                .lines()
                .any(|l| l.trim().starts_with(&format!("{c}-")))
        })
        .collect();
    if missing.is_empty() {
        println!("setup: ok   rust components {wanted:?}");
        return Ok(());
    }
    run(Command::new("rustup")
        .args(["component", "add"])
        .args(&missing))
}

fn rust_target(target: &str) -> Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))
        .context("rustup is needed to add the wasm32 target")?;
    if installed.lines().any(|l| l.trim() == target) {
        println!("setup: ok   rust target {target}");
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", target]))
}

/// The wasm-bindgen version Cargo.lock resolved; the CLI must match it exactly.
pub fn locked_wasm_bindgen() -> Result<Option<String>> {
    let lock =
        std::fs::read_to_string(cmd::root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines
                .next()
                .and_then(|v| v.trim().strip_prefix("version = "))
            {
                return Ok(Some(version.trim_matches('"').to_string()));
            }
        }
    }
    Ok(None)
}

fn wasm_bindgen_cli() -> Result<()> {
    let Some(version) = locked_wasm_bindgen()? else {
        println!("setup: skip wasm-bindgen-cli (Cargo.lock has no wasm-bindgen yet)");
        return Ok(());
    };
    let have = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(version.as_str()) {
        println!("setup: ok   wasm-bindgen-cli {version}");
        return Ok(());
    }
    // Without --locked: the CLI's own lock file does not resolve against today's index.
    run(cmd::cargo().args(["install", "wasm-bindgen-cli", "--version", &version]))
}

fn tauri_driver() -> Result<()> {
    if which("tauri-driver").is_some() {
        println!("setup: ok   tauri-driver");
        return Ok(());
    }
    run(cmd::cargo().args(["install", "tauri-driver", "--version", "^2", "--locked"]))?;
    if which("tauri-driver").is_none() {
        bail!("tauri-driver installed but not found on PATH");
    }
    Ok(())
}

/// The bench's PouchDB comparison (tests/scenarios `bench`, `pouch.rs`): pouchdb-server
/// 4.2 brings pouchdb-core and the memory, http and replication plugins a client needs too.
const BENCH_NODE_PACKAGE: &str = "pouchdb-server@4.2.0";

/// Where the bench finds its npm packages (its `--node-modules`).
pub fn bench_node_modules() -> std::path::PathBuf {
    cmd::target_dir().join("bench-node/node_modules")
}

/// Start installing the bench's npm packages unless they are there: a minute of
/// network and disk on a clean machine, run while the release build has the cores.
pub fn bench_node() -> Result<Option<cmd::Guard>> {
    let modules = bench_node_modules();
    if modules.join("pouchdb-server").is_dir() {
        println!("setup: ok   {BENCH_NODE_PACKAGE}");
        return Ok(None);
    }
    let dir = modules.parent().context("bench-node")?.to_path_buf();
    std::fs::create_dir_all(&dir)?;
    let npm = cmd::Guard::spawn(
        "npm install",
        Command::new("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
            ])
            .arg(&dir)
            .arg(BENCH_NODE_PACKAGE),
    )?;
    Ok(Some(npm))
}

/// npm packages for the bundle step, kept under target/ so the tree stays clean.
pub fn node_tools() -> Result<std::path::PathBuf> {
    let dir = cmd::target_dir().join("xtask-node");
    std::fs::create_dir_all(&dir)?;
    let cli = dir.join("node_modules/.bin/tauri");
    let opt = dir.join("node_modules/.bin/wasm-opt");
    if cli.is_file() && opt.is_file() {
        println!("setup: ok   @tauri-apps/cli, binaryen");
        return Ok(dir);
    }
    if !dir.join("package.json").is_file() {
        std::fs::write(dir.join("package.json"), "{\"private\":true}\n")?;
    }
    run(Command::new("npm").current_dir(&dir).args([
        "i",
        "-D",
        "--no-audit",
        "--no-fund",
        "@tauri-apps/cli@2",
        "binaryen@132",
    ]))?;
    if !succeeds(&cli, ["--version"]) {
        bail!("@tauri-apps/cli did not install a working `tauri`");
    }
    Ok(dir)
}
