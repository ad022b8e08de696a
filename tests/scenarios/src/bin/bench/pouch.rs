//! `peer_pouchdb_ratio`: the rows a committee replica pulls on its first sync, served
//! by pouchdb-server and replicated by a PouchDB client (both in memory, npm packages
//! that `cargo xtask bench` installs under `target/bench-node/` while it builds),
//! against sotay's own first sync of the same rows. Above 1 means sotay is faster.

use anyhow::{bail, Context, Result};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

const SCRIPT: &str = include_str!("pouch.js");

fn check_modules(modules: &Path) -> Result<()> {
    if !modules.join("pouchdb-server").is_dir() {
        bail!(
            "pouchdb-server is not installed in {} (`cargo xtask bench` installs it)",
            modules.display()
        );
    }
    Ok(())
}

/// The server's rows as PouchDB documents: `{ "_id": row id, "state": row }`.
fn export(server_db: &Path, out: &Path) -> Result<u64> {
    let src = rusqlite::Connection::open_with_flags(
        server_db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?;
    let mut stmt = src.prepare("SELECT row_id, state FROM rows ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    let mut f = std::io::BufWriter::new(std::fs::File::create(out)?);
    let mut n = 0u64;
    f.write_all(b"[")?;
    while let Some(r) = rows.next()? {
        let (id, state): (String, String) = (r.get(0)?, r.get(1)?);
        if n > 0 {
            f.write_all(b",")?;
        }
        write!(
            f,
            "{{\"_id\":{},\"state\":{state}}}",
            serde_json::to_string(&id)?
        )?;
        n += 1;
    }
    f.write_all(b"]")?;
    f.flush()?;
    Ok(n)
}

/// PouchDB's rate (docs/s) replicating the server's rows.
pub fn rate(modules: &Path, server_db: &Path, work: &Path) -> Result<(f64, u64)> {
    check_modules(modules)?;
    let script = work.join("pouch.js");
    std::fs::write(&script, SCRIPT)?;
    let docs = work.join("pouch-docs.json");
    let n = export(server_db, &docs)?;
    let node = |args: &[&str]| {
        let mut c = Command::new("node");
        c.arg(&script).args(args).env("NODE_PATH", modules);
        c
    };
    let docs_arg = docs.display().to_string();
    let mut server = node(&["serve", &docs_arg])
        .current_dir(work)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .context("starting node")?;
    let out = server.stdout.take().context("node stdout")?;
    let port = BufReader::new(out)
        .lines()
        .map_while(|l| l.ok())
        .find_map(|l| l.strip_prefix("port ").map(str::to_string));
    let result = (|| -> Result<(f64, u64)> {
        let port = port.context("pouchdb-server did not start")?;
        let url = format!("http://127.0.0.1:{port}/docs");
        let out = node(&["pull", &url]).current_dir(work).output()?;
        let text = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            bail!(
                "PouchDB replication failed: {text}{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let field = |name: &str| -> Result<f64> {
            text.lines()
                .find_map(|l| l.strip_prefix(name)?.trim().parse::<f64>().ok())
                .with_context(|| format!("no `{name}` in {text}"))
        };
        let (secs, got) = (field("secs ")?, field("docs ")? as u64);
        if got != n {
            bail!("PouchDB replicated {got} of {n} documents");
        }
        Ok((n as f64 / secs, n))
    })();
    let _ = server.kill();
    let _ = server.wait();
    result
}
