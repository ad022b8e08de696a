//! Where things are (workspace, target dir, built binaries, artifacts) and the real
//! sync server with a demo province that every end-to-end run starts for itself.

use crate::procs::{free_port, wait_for_port, Proc};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The workspace root (two levels above this crate).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("tests/e2e sits two levels below the workspace")
        .to_path_buf()
}

/// `target/<profile>` of the running test executable (`…/target/debug/deps/x-hash`), so
/// `CARGO_TARGET_DIR` and the profile are honoured without being told.
pub fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable's path");
    exe.ancestors()
        .nth(2)
        .expect("test executables live in target/<profile>/deps")
        .to_path_buf()
}

/// `target/e2e-artifacts/picked-<who>`: files for a user to pick, kept apart by who
/// picks them (a session's driver for its sheets and documents folder, one pick for
/// a PDF). The browser and the desktop app tour side by side, and a file rewritten by
/// the other session after this one picked it can no longer be read by the page
/// (browsers refuse a picked file that changed since), which failed the desktop tour
/// at random.
pub fn picked(who: &str) -> PathBuf {
    let dir = artifacts().join(format!("picked-{who}"));
    std::fs::create_dir_all(&dir).expect("create the picked files' directory");
    dir
}

/// `target/e2e-artifacts`: screenshots and process logs.
pub fn artifacts() -> PathBuf {
    let dir = profile_dir()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(profile_dir)
        .join("e2e-artifacts");
    std::fs::create_dir_all(&dir).expect("create target/e2e-artifacts");
    dir
}

/// A binary of this workspace, built beforehand in the same profile (`cargo xtask test`
/// builds them with `cargo build --workspace --all-targets`).
pub fn binary(name: &str) -> PathBuf {
    let path = profile_dir().join(name);
    assert!(
        path.is_file(),
        "{} is missing: build it first (`cargo xtask test` does: cargo build --workspace --all-targets)",
        path.display()
    );
    path
}

/// The built UI (`cargo xtask ui`).
pub fn ui_dist() -> PathBuf {
    let dist = workspace().join("ui/dist");
    assert!(
        dist.join("index.html").is_file() && dist.join("sotay_ui_bg.wasm").is_file(),
        "ui/dist is not built: run `cargo xtask ui`"
    );
    dist
}

/// One `enroll: ROLE CARD_NO CODE` line printed by `sotay-server demo`.
#[derive(Clone, Debug)]
pub struct Enrollment {
    pub role: String,
    pub card_no: String,
    pub code: String,
}

pub fn parse_demo(output: &str) -> Vec<Enrollment> {
    output
        .lines()
        .filter_map(|l| l.trim().strip_prefix("enroll:"))
        .filter_map(|rest| {
            let mut parts = rest.split_whitespace();
            Some(Enrollment {
                role: parts.next()?.to_string(),
                card_no: parts.next()?.to_string(),
                code: parts.next()?.to_string(),
            })
        })
        .collect()
}

/// `sotay-server serve` on a fresh demo province; stopped and deleted on drop.
pub struct Server {
    pub url: String,
    pub enrollments: Vec<Enrollment>,
    _proc: Proc,
    _data: tempfile::TempDir,
}

impl Server {
    pub fn start(logs: &Path) -> Server {
        let bin = binary("sotay-server");
        let data = tempfile::tempdir().expect("a temp dir for the server");
        let demo = Command::new(&bin)
            .args(["demo", "--data"])
            .arg(data.path())
            .output()
            .expect("run sotay-server demo");
        assert!(
            demo.status.success(),
            "sotay-server demo failed: {}",
            String::from_utf8_lossy(&demo.stderr)
        );
        let enrollments = parse_demo(&String::from_utf8_lossy(&demo.stdout));
        assert!(
            enrollments.iter().any(|e| e.role == "province_officer"),
            "the demo printed no province_officer enrollment code"
        );
        let port = free_port();
        let proc = Proc::spawn(
            "sotay-server",
            Command::new(&bin)
                .args(["serve", "--data"])
                .arg(data.path())
                .args(["--listen", &format!("127.0.0.1:{port}")]),
            logs,
            false,
        );
        wait_for_port(&proc, port, Duration::from_secs(60));
        Server {
            url: format!("http://127.0.0.1:{port}"),
            enrollments,
            _proc: proc,
            _data: data,
        }
    }

    pub fn code_for(&self, role: &str) -> &Enrollment {
        self.enrollments
            .iter()
            .find(|e| e.role == role)
            .unwrap_or_else(|| panic!("no demo enrollment for {role}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_lines_are_parsed_and_other_lines_ignored() {
        let out = "Đã tạo dữ liệu mẫu\nenroll: province_officer 0100001 ABCD-EFGH\n\
                   enroll: member 0100007 WXYZ-1234\nnoise\n";
        let found = parse_demo(out);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].role, "province_officer");
        assert_eq!(found[0].card_no, "0100001");
        assert_eq!(found[1].code, "WXYZ-1234");
    }
}
