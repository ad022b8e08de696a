//! `cargo xtask run`: a demo province on a local server and one enrolled client.
//!
//! Data lives in `target/sotay-run/` and is reused: `server/` is seeded once with
//! `sotay-server demo`, `home/` is the province officer's device. With a display the
//! Tauri app opens on that home; without one the replica's headless host serves the UI
//! to a browser. Ctrl-C reaches every child (same process group) and stops them all.

use crate::cmd::{self, run, Guard};
use crate::{setup, ui};
use anyhow::{bail, Context, Result};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

const PREFERRED_PORT: u16 = 8787;

pub fn start() -> Result<()> {
    setup::setup(setup::Needs::default())?;
    ui::build()?;
    run(cmd::cargo().args([
        "build",
        "-p",
        "sotay-server",
        "-p",
        "sotay-replica",
        "-p",
        "sotay-app",
        "--bins",
    ]))?;
    let bin = cmd::target_dir().join("debug");
    let work = cmd::target_dir().join("sotay-run");
    let data = work.join("server");
    let home = work.join("home");
    let demo_file = work.join("demo.txt");

    if !demo_file.is_file() {
        std::fs::create_dir_all(&data)?;
        let out = cmd::output(
            Command::new(bin.join("sotay-server"))
                .args(["demo", "--data"])
                .arg(&data),
        )?;
        std::fs::write(&demo_file, &out)?;
        println!("run: seeded a demo province in {}", data.display());
    }
    let demo = std::fs::read_to_string(&demo_file)?;

    let port = free_port(PREFERRED_PORT)?;
    let addr = format!("127.0.0.1:{port}");
    let server_url = format!("http://{addr}");
    let _server = Guard::spawn(
        "sotay-server",
        Command::new(bin.join("sotay-server"))
            .args(["serve", "--data"])
            .arg(&data)
            .args(["--listen", &addr]),
    )?;
    wait_for_port(&addr, Duration::from_secs(30))?;

    let marker = home.join(".xtask-enrolled");
    if !marker.is_file() {
        let code = enroll_code(&demo, "province_officer")?;
        std::fs::create_dir_all(&home)?;
        run(Command::new(bin.join("sotay"))
            .arg("--home")
            .arg(&home)
            .args(enroll_args(&server_url, &code)))?;
        std::fs::write(&marker, &server_url)?;
    }
    println!("run: server {server_url}, client home {}", home.display());
    println!("run: demo enrollment codes (use one on a fresh device):\n{demo}");

    let has_display =
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    let mut client = if has_display {
        println!("run: opening the desktop app (Ctrl-C stops everything)");
        Guard::spawn(
            "sotay-app",
            Command::new(bin.join("sotay-app")).env("SOTAY_HOME", &home),
        )?
    } else {
        println!("run: no display; serving the UI to a browser (Ctrl-C stops everything)");
        // The host prints `headless: URL` itself: that is the address to open.
        Guard::spawn(
            "sotay headless",
            Command::new(bin.join("sotay"))
                .arg("--home")
                .arg(&home)
                .args(["headless", "--ui"])
                .arg(cmd::root().join("ui/dist")),
        )?
    };
    let status = client.child.wait()?;
    println!("run: client exited ({status})");
    Ok(())
}

/// The officer's device's name as its owner and the audit log see it (the CLI's own
/// default, `sotay-cli`, names a program, not a device).
const DEMO_DEVICE: &str = "Máy tính Văn phòng Tỉnh ủy (demo)";

fn enroll_args<'a>(server_url: &'a str, code: &'a str) -> [&'a str; 7] {
    [
        "enroll",
        "--server",
        server_url,
        "--code",
        code,
        "--name",
        DEMO_DEVICE,
    ]
}

/// The code on the demo's `enroll: ROLE CARD_NO CODE` line for `role`.
fn enroll_code(demo: &str, role: &str) -> Result<String> {
    demo.lines()
        .filter_map(|l| l.trim().strip_prefix("enroll:"))
        .map(|rest| rest.split_whitespace().collect::<Vec<_>>())
        .find(|parts| parts.first() == Some(&role))
        .and_then(|parts| parts.get(2).map(|c| c.to_string()))
        .with_context(|| format!("no `enroll: {role} …` line in the demo output"))
}

fn free_port(preferred: u16) -> Result<u16> {
    if TcpListener::bind(("127.0.0.1", preferred)).is_ok() {
        return Ok(preferred);
    }
    let listener = TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// A dev tool waiting for a server it just started: polling is the simplest honest way.
fn wait_for_port(addr: &str, limit: Duration) -> Result<()> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if TcpStream::connect(addr).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bail!("nothing listening on {addr} after {limit:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_device_is_enrolled_under_a_readable_name() {
        let args = enroll_args("http://127.0.0.1:1", "CODE");
        let name = args
            .iter()
            .position(|a| *a == "--name")
            .and_then(|i| args.get(i + 1));
        assert_eq!(name, Some(&"Máy tính Văn phòng Tỉnh ủy (demo)"));
    }
}
