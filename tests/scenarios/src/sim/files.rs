//! Attachment files in the simulation: a device files a document with an attached
//! file (uploaded by its engine's next sync over the simulated transport), and at the
//! end every file the server holds is downloaded again, through cut answers and
//! resumes, and must equal the bytes attached.

use super::node::Sim;
use super::transport::SimTransport;
use super::Faults;
use anyhow::Result;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use sha2::{Digest, Sha256};
use sotay_model::library::requests::AttachFile;
use sotay_model::library::{DocKind, DocStatus, NewDocument};
use sotay_server::Store;

impl Sim {
    /// The device's member files a document in its own cell and attaches a file.
    pub fn attach_file(&mut self, who: usize, rng: &mut SmallRng) -> Result<()> {
        if self.nodes[who].wiped {
            return Ok(());
        }
        let cell = self.world.cells[who % 2];
        let n = self.files.len();
        let replica = &self.nodes[who].replica;
        let document_id = self.rt.block_on(async {
            replica
                .ask(NewDocument {
                    kind: DocKind::Resolution,
                    number: format!("{n}-NQ/CB"),
                    title: format!("Nghị quyết số {n}"),
                    org_id: cell,
                    issuer: "Chi bộ".into(),
                    issued_on: "2026-01-01".into(),
                    status: DocStatus::InForce,
                    summary: String::new(),
                    body: String::new(),
                    topics: Vec::new(),
                })
                .await
        });
        match document_id {
            Ok(item) => self.attach_random(who, item, "pdf", 20_000, rng),
            Err(_) => {
                self.stats.refused_locally += 1;
                Ok(())
            }
        }
    }

    /// Attach a file of random bytes (fewer than `max` of them) to `item` through the
    /// device's Api (`AttachFile`); kept for `check_files` when the device takes it.
    pub fn attach_random(
        &mut self,
        who: usize,
        item: sotay_model::Id,
        ext: &str,
        max: usize,
        rng: &mut SmallRng,
    ) -> Result<()> {
        let n = self.files.len();
        let bytes: Vec<u8> = (0..rng.gen_range(1..max)).map(|_| rng.gen()).collect();
        let path = self.dir.path().join(format!("attach-{who}-{n}.{ext}"));
        std::fs::write(&path, &bytes)?;
        let attached = self.nodes[who].replica.call_local(
            AttachFile {
                document_id: item,
                path: path.to_string_lossy().into_owned(),
                name: None,
                upload_id: None,
            }
            .into(),
        );
        std::fs::remove_file(&path)?;
        match attached {
            Ok(_) => {
                self.stats.attached += 1;
                self.files.push(bytes);
            }
            Err(_) => self.stats.refused_locally += 1,
        }
        Ok(())
    }

    /// Every attached file the server received comes back equal, downloaded by a
    /// device still enrolled over a lossy transport (a cut answer resumes).
    pub fn check_files(&mut self, out: &mut Vec<String>) -> Result<()> {
        let Some(who) = self.nodes.iter().position(|n| !n.revoked) else {
            return Ok(());
        };
        let into = self.dir.path().join("downloads").join("replica.db");
        for (i, bytes) in self.files.clone().iter().enumerate() {
            let sha = hex::encode(Sha256::digest(bytes));
            if self.server.blob_size(&sha)?.is_none() {
                continue;
            }
            let mut t = SimTransport::new(self, who, Faults::NONE);
            t.faults.drop_per_mille = 300;
            t.rng = SmallRng::seed_from_u64(i as u64);
            let size = bytes.len() as u64;
            let mut got = Err(String::new());
            for _ in 0..100 {
                let fetch =
                    sotay_replica::library::blobs::transfer::download(&mut t, &into, &sha, size);
                match self.rt.block_on(fetch) {
                    Ok(_) => {
                        got = Ok(());
                        break;
                    }
                    Err(e) => got = Err(e.message),
                }
            }
            let part = sotay_replica::library::blobs::store::part(&into, &sha);
            match got.map(|()| std::fs::read(&part)) {
                Ok(Ok(back)) if &back == bytes => self.stats.downloads += 1,
                Ok(Ok(back)) => out.push(format!(
                    "file {i}: came back different ({} bytes, {} attached)",
                    back.len(),
                    bytes.len()
                )),
                Ok(Err(e)) => out.push(format!("file {i}: no downloaded copy: {e}")),
                Err(why) => out.push(format!("file {i}: download never finished: {why}")),
            }
        }
        Ok(())
    }
}
