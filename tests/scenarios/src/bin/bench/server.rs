//! A `sotay-server serve` child process on 127.0.0.1:0: its address is read from its
//! log line (no polling), its peak resident size from `/proc/<pid>/status`.

use anyhow::{bail, Context, Result};
use sotay_scenarios::faults::server::plain;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

pub struct Server {
    child: Child,
    pub url: String,
}

impl Server {
    /// Start `bin serve <store args> --listen 127.0.0.1:0` and wait for its
    /// "serving" line.
    pub fn start(bin: &Path, store_args: &[String]) -> Result<Server> {
        let mut child = Command::new(bin)
            .arg("serve")
            .args(store_args)
            .args(["--listen", "127.0.0.1:0"])
            .env("RUST_LOG", "sotay_server=info,tower_http=warn")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {}", bin.display()))?;
        let stderr = child.stderr.take().context("server stderr")?;
        let mut lines = BufReader::new(stderr).lines();
        let mut url = None;
        for line in lines.by_ref() {
            let line = plain(&line?);
            if line.contains("serving") {
                url = line
                    .split_whitespace()
                    .find_map(|w| w.strip_prefix("addr="))
                    .map(|a| format!("http://{a}"));
                break;
            }
        }
        // Keep draining the log so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        match url {
            Some(url) => Ok(Server { child, url }),
            None => {
                let _ = child.kill();
                let _ = child.wait();
                bail!("the server exited before serving")
            }
        }
    }

    /// The soak reads its memory now and then, `bench load` its threads.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Peak resident set size so far, in KiB (`VmHWM`).
    pub fn peak_rss_kb(&self) -> Option<u64> {
        peak_rss_kb(&format!("/proc/{}/status", self.child.id()))
    }
}

/// `VmHWM` of a `/proc/…/status` file, in KiB.
pub fn peak_rss_kb(status_file: &str) -> Option<u64> {
    std::fs::read_to_string(status_file)
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
