//! The bench's output: `name: value unit` lines as they are measured, sizes of the
//! built artefacts, and `bench/results.md` with the machine and the date.

use anyhow::Result;
use std::path::Path;
use std::process::Command;

#[derive(Default)]
pub struct Report {
    lines: Vec<String>,
    notes: Vec<String>,
}

fn format_value(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

impl Report {
    pub fn line(&mut self, name: &str, value: f64, unit: &str) {
        let l = format!("{name}: {} {unit}", format_value(value));
        println!("{l}");
        self.lines.push(l);
    }

    pub fn skip(&mut self, name: &str, reason: &str) {
        let l = format!("{name}: skipped ({reason})");
        println!("{l}");
        self.lines.push(l);
    }

    /// Note the machine's load average now, "at the start" or "at the end".
    pub fn note_load(&mut self, when: &str) {
        self.note(format!(
            "load average (1/5/15 min) at the {when}: {}",
            load_average()
        ));
    }

    pub fn note(&mut self, note: String) {
        eprintln!("{note}");
        self.notes.push(note);
    }

    pub fn write(&self, path: &Path) -> Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut md = String::from("# sotay benchmark results\n\n");
        md.push_str("Written by `cargo xtask bench` (tests/scenarios/src/bin/bench). ");
        md.push_str("Latest run:\n\n");
        for (k, v) in machine() {
            md.push_str(&format!("- {k}: {v}\n"));
        }
        for n in &self.notes {
            md.push_str(&format!("- {n}\n"));
        }
        md.push_str("\n```text\n");
        for l in &self.lines {
            md.push_str(l);
            md.push('\n');
        }
        md.push_str("```\n");
        std::fs::write(path, md)?;
        eprintln!("wrote {}", path.display());
        Ok(())
    }
}

fn first_match(file: &str, key: &str) -> Option<String> {
    std::fs::read_to_string(file)
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .map(|v| v.trim_start_matches([':', ' ', '\t']).trim().to_string())
}

fn command_line(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The 1, 5 and 15 minute load averages: on a shared machine every figure is read
/// against them.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}

/// Date, commit, cores, memory, CPU and load of this machine (at the end of the run).
fn machine() -> Vec<(&'static str, String)> {
    let unknown = || "unknown".to_string();
    vec![
        (
            "date",
            command_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_else(unknown),
        ),
        (
            "commit",
            command_line("git", &["rev-parse", "--short", "HEAD"]).unwrap_or_else(unknown),
        ),
        (
            "cores (nproc)",
            std::thread::available_parallelism()
                .map(|n| n.to_string())
                .unwrap_or_else(|_| unknown()),
        ),
        (
            "memory",
            first_match("/proc/meminfo", "MemTotal").unwrap_or_else(unknown),
        ),
        (
            "cpu",
            first_match("/proc/cpuinfo", "model name").unwrap_or_else(unknown),
        ),
        ("load average (1/5/15 min) at the end", load_average()),
    ]
}

/// `wasm_gzip_kb` of the built UI and the size of the .deb, when they exist.
pub fn sizes(rep: &mut Report, root: &Path, deb: Option<&Path>) {
    let wasm = std::fs::read_dir(root.join("ui/dist"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "wasm"));
    match wasm {
        Some(p) => match Command::new("gzip").arg("-9c").arg(&p).output() {
            Ok(out) if out.status.success() => {
                rep.line("wasm_gzip_kb", out.stdout.len() as f64 / 1024.0, "KiB")
            }
            _ => rep.skip("wasm_gzip_kb", "gzip failed"),
        },
        None => rep.skip("wasm_gzip_kb", "no ui/dist/*.wasm: run `cargo xtask ui`"),
    }
    // The .deb named by `cargo xtask bench`, else the newest one a bundle left.
    let deb = deb.map(Path::to_path_buf).or_else(|| {
        let mut found: Vec<_> = [
            "target/release/bundle/deb",
            "target/x86_64-unknown-linux-gnu/release/bundle/deb",
        ]
        .iter()
        .flat_map(|d| {
            std::fs::read_dir(root.join(d))
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "deb"))
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
        found.sort();
        found.pop().map(|(_, p)| p)
    });
    match deb.and_then(|p| std::fs::metadata(p).ok()) {
        Some(m) => rep.line("deb_size", m.len() as f64 / 1_048_576.0, "MiB"),
        None => rep.skip("deb_size", "no .deb built: run `cargo xtask bundle`"),
    }
}
