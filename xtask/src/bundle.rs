//! `cargo xtask bundle`: the Linux .deb through the Tauri CLI, and the Windows .exe
//! cross-compiled with mingw and zipped beside `WebView2Loader.dll`.
//! NSIS/AppImage need tools downloaded at bundle time, so they are configured, not built.

use crate::cmd::{self, run};
use crate::{setup, ui};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

const WINDOWS: &str = "x86_64-pc-windows-gnu";
const DEB_CONFIG: &str = r#"{"productName":"sotay"}"#;

pub fn bundle() -> Result<()> {
    setup::setup(setup::Needs {
        node: true,
        windows: true,
        e2e: false,
    })?;
    let deb = deb(&[])?;

    run(cmd::cargo().args([
        "build",
        "--release",
        "--features",
        "custom-protocol",
        "--target",
        WINDOWS,
        "-p",
        "sotay-app",
    ]))?;
    let win = cmd::target_dir().join(WINDOWS).join("release");
    let exe = win.join("sotay-app.exe");
    let loader = find_file(
        &cmd::target_dir().join(WINDOWS).join("release"),
        "WebView2Loader.dll",
    )
    .context("WebView2Loader.dll was not produced by the Windows build")?;
    let zip = win.join("sotay-windows-x64.zip");
    let _ = std::fs::remove_file(&zip);
    run(Command::new("zip")
        .arg("-j")
        .arg(&zip)
        .arg(&exe)
        .arg(&loader))?;

    println!("\nbundle:");
    for path in [&deb, &exe, &zip] {
        println!("  {:>8.1} MiB  {}", size_mib(path)?, path.display());
    }
    Ok(())
}

/// The Linux .deb (also what `cargo xtask bench` measures, after its own set-up with
/// Node): the UI, shrunk, then the release app, packaged by the Tauri CLI; `with` are
/// more (package, binary) pairs the same release build makes (the bench's server and
/// load generator). Returns the .deb's path.
pub fn deb(with: &[(&str, &str)]) -> Result<PathBuf> {
    let node = setup::node_tools()?;
    ui::build()?;
    wasm_opt(&node)?;
    // One cargo build for the app and `with`, then `tauri bundle` packages the binary
    // (`tauri build` would run its own cargo build). Shared dependencies are compiled
    // once with one feature set: built apart, SQLCipher, OpenSSL, tokio and the rest
    // were compiled twice, and again at every bench run as the two builds took turns.
    // `custom-protocol` is what `tauri build` turns on in release: the UI is embedded.
    let mut build = cmd::cargo();
    build.args([
        "build",
        "--release",
        "--features",
        "sotay-app/custom-protocol",
    ]);
    for (package, bin) in [("sotay-app", "sotay-app")].iter().chain(with) {
        build.args(["-p", package, "--bin", bin]);
    }
    run(&mut build)?;
    // The deb's `Package:` field is the kebab-cased productName, and dpkg refuses one with
    // Vietnamese letters, so the deb alone is built as `sotay`; its menu entry keeps the
    // Vietnamese name through src-tauri/linux/sotay.desktop.
    run(Command::new(node.join("node_modules/.bin/tauri"))
        .current_dir(cmd::root().join("src-tauri"))
        .args(["bundle", "--bundles", "deb", "--config", DEB_CONFIG]))?;
    let deb = newest_with_extension(&cmd::target_dir().join("release/bundle/deb"), "deb")?;
    check_deb_package_name(&deb)?;
    Ok(deb)
}

/// Shrink the wasm with binaryen from npm (Debian's wasm-opt is too old for current wasm).
fn wasm_opt(node: &Path) -> Result<()> {
    let wasm = cmd::root().join("ui/dist/sotay_ui_bg.wasm");
    let before = size_mib(&wasm)?;
    run(Command::new(node.join("node_modules/.bin/wasm-opt"))
        .arg("-Oz")
        .arg("--enable-bulk-memory")
        .arg("--enable-nontrapping-float-to-int")
        .arg("--enable-sign-ext")
        .arg("--enable-mutable-globals")
        .arg("--enable-reference-types")
        .arg("--enable-multivalue")
        .arg(&wasm)
        .arg("-o")
        .arg(&wasm))?;
    println!(
        "bundle: wasm {:.2} MiB -> {:.2} MiB",
        before,
        size_mib(&wasm)?
    );
    Ok(())
}

/// dpkg accepts only lower-case ASCII letters, digits and `+-.` in a package name: a
/// .deb that bundles fine but cannot be installed is caught here, not on a user's machine.
fn check_deb_package_name(deb: &Path) -> Result<()> {
    let out = Command::new("dpkg-deb")
        .arg("--field")
        .arg(deb)
        .arg("Package")
        .output()
        .context("running dpkg-deb")?;
    let name = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || !valid_deb_name(&name) {
        bail!(
            "{} has package name {name:?}, which dpkg refuses to install",
            deb.display()
        );
    }
    println!("bundle: deb package name {name}");
    Ok(())
}

fn valid_deb_name(name: &str) -> bool {
    name.len() >= 2
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+-.".contains(c))
}

fn size_mib(path: &Path) -> Result<f64> {
    let len = std::fs::metadata(path)
        .with_context(|| format!("{} is missing", path.display()))?
        .len();
    Ok(len as f64 / (1024.0 * 1024.0))
}

fn newest_with_extension(dir: &Path, ext: &str) -> Result<PathBuf> {
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) == Some(ext) {
            found.push((std::fs::metadata(&path)?.modified()?, path));
        }
    }
    found.sort();
    match found.pop() {
        Some((_, path)) => Ok(path),
        None => bail!("no .{ext} in {}", dir.display()),
    }
}

/// `WebView2Loader.dll` is copied by webview2-com-sys's build script; look where it lands.
fn find_file(dir: &Path, name: &str) -> Option<PathBuf> {
    let direct = dir.join(name);
    if direct.is_file() {
        return Some(direct);
    }
    let build = dir.join("build");
    for entry in std::fs::read_dir(build).ok()?.flatten() {
        for candidate in [
            entry.path().join("out").join("x64").join(name),
            entry.path().join("out").join(name),
        ] {
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::valid_deb_name;

    #[test]
    fn deb_names_follow_dpkg_rules() {
        assert!(valid_deb_name("sotay"));
        assert!(valid_deb_name("sotay-app2"));
        assert!(!valid_deb_name("sổ-tay-đảng-viên"));
        assert!(!valid_deb_name("Sotay"));
        assert!(!valid_deb_name("-sotay"));
    }
}
