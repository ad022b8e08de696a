//! Issue 22 in the gate, short: the server killed under syncing replicas (`server`),
//! and the `sotay` process killed during local edits, a push and a first sync
//! (`replica`). `cargo xtask faults` runs the full counts of the first.

mod absence;
mod clocks;
mod disk;
mod replica;
mod server;

use std::path::PathBuf;

/// A binary of this build beside the test executable's `deps/` (the gate's `cargo
/// build --workspace --all-targets` makes `sotay-server` and `sotay` there).
fn bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable's path");
    let bin = exe
        .ancestors()
        .nth(2)
        .expect("test executables live in target/<profile>/deps")
        .join(name);
    assert!(
        bin.is_file(),
        "{} is missing: build it first (`cargo build -p sotay-server -p sotay-replica`; the \
         gate's build step does)",
        bin.display()
    );
    bin
}
