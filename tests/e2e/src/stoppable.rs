//! A demo server that a test can stop and start again, on the same port and the same
//! data: how a device finds itself offline in these flows (the tasks flow, the
//! member's journey), with the real server and the real replica in between.

use crate::fixture::{binary, parse_demo, Enrollment};
use crate::flow::Step;
use crate::procs::{free_port, wait_for_port, Proc};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// `sotay-server serve` on a demo province that can be stopped and started again on
/// the same port and data: how a device finds itself offline here.
pub struct StoppableServer {
    pub url: String,
    pub enrollments: Vec<Enrollment>,
    port: u16,
    logs: PathBuf,
    proc: Option<Proc>,
    data: tempfile::TempDir,
}

impl StoppableServer {
    pub fn start(logs: &Path) -> StoppableServer {
        let data = tempfile::tempdir().expect("a temp dir for the server");
        let demo = Command::new(binary("sotay-server"))
            .args(["demo", "--data"])
            .arg(data.path())
            .output()
            .expect("run sotay-server demo");
        assert!(
            demo.status.success(),
            "sotay-server demo failed: {}",
            String::from_utf8_lossy(&demo.stderr)
        );
        let port = free_port();
        let mut s = StoppableServer {
            url: format!("http://127.0.0.1:{port}"),
            enrollments: parse_demo(&String::from_utf8_lossy(&demo.stdout)),
            port,
            logs: logs.to_path_buf(),
            proc: None,
            data,
        };
        s.resume();
        s
    }

    /// Start serving again (the same port, the same data).
    pub fn resume(&mut self) {
        let n = std::fs::read_dir(&self.logs)
            .map(|d| d.count())
            .unwrap_or(0);
        let proc = Proc::spawn(
            &format!("sotay-server-{n}"),
            Command::new(binary("sotay-server"))
                .args(["serve", "--data"])
                .arg(self.data.path())
                .args(["--listen", &format!("127.0.0.1:{}", self.port)]),
            &self.logs,
            false,
        );
        wait_for_port(&proc, self.port, Duration::from_secs(60));
        self.proc = Some(proc);
    }

    /// Stop serving: devices find no server until `resume`.
    pub fn stop(&mut self) {
        self.proc = None;
    }

    pub fn code_for(&self, role: &str) -> Step<&Enrollment> {
        self.enrollments
            .iter()
            .find(|e| e.role == role)
            .ok_or_else(|| format!("no demo enrollment for {role}"))
    }
}
