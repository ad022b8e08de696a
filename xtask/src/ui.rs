//! `cargo xtask ui`: the Yew UI into `ui/dist` with cargo + wasm-bindgen (no trunk).
//! The Tauri shell embeds `ui/dist` at compile time, so this runs before it builds.

use crate::cmd::{self, run};
use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

/// Files copied beside the generated JS; `index.html` imports it and calls `init()`.
const STATIC_FILES: &[&str] = &["index.html", "style.css"];

pub fn build() -> Result<()> {
    cmd::ensure_cargo_bin_on_path();
    let root = cmd::root();
    let dist = root.join("ui/dist");
    // The cdylib only for wasm (ui/Cargo.toml declares an rlib, for the native tests).
    run(cmd::cargo().args([
        "rustc",
        "-p",
        "sotay-ui",
        "--lib",
        "--crate-type",
        "cdylib",
        "--target",
        "wasm32-unknown-unknown",
        "--release",
    ]))?;
    let wasm = cmd::target_dir().join("wasm32-unknown-unknown/release/sotay_ui.wasm");
    if !wasm.is_file() {
        bail!("{} was not produced", wasm.display());
    }
    let bindgen_out = dist.join("sotay_ui_bg.wasm");
    // wasm-bindgen takes seconds; skip it when cargo left the wasm untouched.
    if modified(&bindgen_out) < modified(&wasm) || !dist.join("sotay_ui.js").is_file() {
        std::fs::create_dir_all(&dist)?;
        let mut bindgen = Command::new("wasm-bindgen");
        bindgen
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(&dist)
            .arg(&wasm);
        run(&mut bindgen).context("wasm-bindgen failed: run `cargo xtask setup` first")?;
    } else {
        println!("ui: wasm unchanged, wasm-bindgen skipped");
    }
    for name in STATIC_FILES {
        let src = root.join("ui").join(name);
        if src.is_file() {
            copy_if_changed(&src, &dist.join(name))?;
        } else if *name == "index.html" {
            bail!("ui/index.html is missing");
        }
    }
    let assets = root.join("ui/assets");
    if assets.is_dir() {
        for entry in std::fs::read_dir(&assets)? {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                std::fs::create_dir_all(dist.join("assets"))?;
                copy_if_changed(&entry.path(), &dist.join("assets").join(entry.file_name()))?;
            }
        }
    }
    println!("ui: built into {}", dist.display());
    Ok(())
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

/// Copy only when the bytes differ, so the Tauri build (which watches ui/dist) is not
/// re-run by an unchanged UI.
fn copy_if_changed(src: &Path, dst: &Path) -> Result<()> {
    let new = std::fs::read(src).with_context(|| format!("reading {}", src.display()))?;
    if std::fs::read(dst).ok().as_deref() != Some(new.as_slice()) {
        std::fs::write(dst, new).with_context(|| format!("writing {}", dst.display()))?;
    }
    Ok(())
}
