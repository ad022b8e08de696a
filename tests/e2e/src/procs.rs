//! Child processes for the tests: logged to files, killed (with their process group
//! when asked) on drop, and read line by line to learn when they are ready.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// A running child whose stdout lines arrive on a channel (and in its log file).
pub struct Proc {
    name: String,
    child: Child,
    /// Started in its own process group: on drop the whole group is ended, because
    /// tauri-driver leaves its WebKitWebDriver child running otherwise.
    group: bool,
    lines: Receiver<String>,
    pub log: PathBuf,
}

impl Proc {
    /// Start `cmd` with stdout piped to us and stderr to `<log_dir>/<name>.log`.
    pub fn spawn(name: &str, cmd: &mut Command, log_dir: &Path, group: bool) -> Proc {
        std::fs::create_dir_all(log_dir).expect("create the log directory");
        let log = log_dir.join(format!("{name}.log"));
        let stderr = File::create(&log).expect("create a log file");
        let mut stdout_log = stderr.try_clone().expect("clone the log file handle");
        cmd.stdout(Stdio::piped())
            .stderr(stderr)
            .stdin(Stdio::null());
        if group {
            cmd.process_group(0);
        }
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {name} ({:?}): {e}", cmd.get_program()));
        let stdout = child.stdout.take().expect("stdout was piped");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = writeln!(stdout_log, "{line}");
                // The receiver may be gone once the test has what it needed.
                let _ = tx.send(line);
            }
        });
        Proc {
            name: name.to_string(),
            child,
            group,
            lines,
            log,
        }
    }

    /// The first stdout line for which `pick` says yes; panics with the log on timeout
    /// or if the process ends first.
    pub fn wait_for_line<T>(&self, within: Duration, pick: impl Fn(&str) -> Option<T>) -> T {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    if let Some(found) = pick(&line) {
                        return found;
                    }
                }
                Err(_) => panic!(
                    "{} did not print the expected line within {within:?}\n{}",
                    self.name,
                    tail(&self.log)
                ),
            }
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        if self.group {
            // No unsafe here (workspace forbids it): `kill` the group by its id.
            let _ = Command::new("kill")
                .args(["-TERM", "--", &format!("-{}", self.child.id())])
                .status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The last lines of a log file, for failure messages.
pub fn tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let from = lines.len().saturating_sub(40);
    format!(
        "--- last lines of {} ---\n{}",
        log.display(),
        lines[from..].join("\n")
    )
}

/// A port nobody listens on right now (the OS picks it).
/// `n` distinct free ports: all are held while they are chosen, so the kernel cannot
/// hand the same one out twice (two `free_port()` calls in a row may return the same
/// port, and tauri-driver then cannot start WebKitWebDriver on its native port).
pub fn free_ports<const N: usize>() -> [u16; N] {
    let held: Vec<TcpListener> = (0..N)
        .map(|_| TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0"))
        .collect();
    std::array::from_fn(|i| held[i].local_addr().expect("local addr").port())
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind 127.0.0.1:0")
}

/// Block until `port` accepts connections: a readiness probe for programs that do
/// not announce it, bounded by `within`.
pub fn wait_for_port(proc: &Proc, port: u16, within: Duration) {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!(
        "{} is not listening on {port} after {within:?}\n{}",
        proc.name,
        tail(&proc.log)
    );
}

/// Is `program` on PATH?
pub fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}
