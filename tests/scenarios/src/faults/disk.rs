//! A disk that fills up (issue 22 item 3): a small tmpfs mounted for the test, and a
//! filler file that takes every free byte of it until removed. The database engines
//! then meet a real "no space left on device" from the kernel, not a simulated one.
//! Mounting needs root (or CAP_SYS_ADMIN); without it the tests that need a full
//! disk say so and skip.

use anyhow::{bail, Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A tmpfs of a fixed size on a fresh directory, unmounted when dropped.
pub struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    /// A tmpfs of `mib` MiB, or why none could be mounted here.
    pub fn mount(mib: u32) -> Result<SmallDisk> {
        let dir = tempfile::tempdir()?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mib}m"), "sotay-full"])
            .arg(dir.path())
            .output()
            .context("running mount")?;
        if !out.status.success() {
            bail!(
                "mount -t tmpfs failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ok(SmallDisk { dir })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    fn filler(&self) -> PathBuf {
        self.dir.path().join("filler")
    }

    /// Take every free byte: write to a filler file until the kernel answers "no
    /// space". Answers the bytes taken.
    pub fn fill(&self) -> Result<u64> {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.filler())?;
        let chunk = vec![0u8; 4096];
        let mut taken = 0u64;
        loop {
            match f.write(&chunk) {
                Ok(0) => return Ok(taken),
                Ok(n) => taken += n as u64,
                Err(e) if e.kind() == std::io::ErrorKind::StorageFull => return Ok(taken),
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Give the space back.
    pub fn free(&self) -> Result<()> {
        std::fs::remove_file(self.filler()).context("removing the filler")
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        // Lazily: a file still open (a test that failed midway) must not keep it mounted.
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}
