//! The simulator's implementation of the replica's one server client (`Transport`):
//! push, pull and the attachment transfers answered by the in-process server, each
//! request possibly lost before it arrives or its answer lost after the server acted.
//! A device using it runs its real sync engine (`Replica::sync_over`), so a revoked
//! device meets the real wipe and an attached file the real upload.

use super::network::Faults;
use rand::rngs::SmallRng;
use rand::Rng;
use sha2::{Digest, Sha256};
use sotay_model::library::blobs::{BlobCheckRequest, BlobCheckResponse};
use sotay_model::protocol::{
    ErrorBody, ErrorCode, PullRequest, PullResponse, PushRequest, PushResponse, PushResult,
};
use sotay_replica::sync::{BlobSink, Transport, TransportError};
use sotay_server::{AuthError, SqliteStore, Store};

/// The most the simulated server sends in one ranged answer (small, so a file comes
/// in several).
const RANGE: u64 = 4096;
/// The largest file the simulated server accepts.
const MAX_BYTES: u64 = 1 << 20;

pub struct SimTransport<'a> {
    pub server: &'a SqliteStore,
    pub credential: String,
    pub now_ms: u64,
    pub hears_server_time: bool,
    pub rng: SmallRng,
    pub faults: Faults,
    /// Every push the server handled: the request, its results, and whether the
    /// answer reached the device.
    pub pushed: Vec<(PushRequest, Vec<PushResult>, bool)>,
    /// Files the server received whole.
    pub uploaded: u64,
    pub downloaded_bytes: u64,
    /// The server refused this device as revoked.
    pub heard_revoked: bool,
}

fn lost() -> TransportError {
    TransportError::Offline("mạng mô phỏng làm mất gói tin".to_string())
}

fn refused(status: u16, code: ErrorCode) -> TransportError {
    TransportError::Server {
        status,
        body: ErrorBody {
            code,
            message: code.message_vi().to_string(),
        },
    }
}

impl<'a> SimTransport<'a> {
    /// Device `who`'s connection to the simulated server, as things stand now.
    pub fn new(sim: &'a super::node::Sim, who: usize, faults: Faults) -> SimTransport<'a> {
        use rand::SeedableRng;
        let node = &sim.nodes[who];
        SimTransport {
            server: &sim.server,
            credential: node.credential.clone(),
            now_ms: sim.now_ms,
            hears_server_time: node.hears_server_time,
            rng: SmallRng::seed_from_u64(sim.now_ms),
            faults,
            pushed: Vec::new(),
            uploaded: 0,
            downloaded_bytes: 0,
            heard_revoked: false,
        }
    }

    /// Half the drop rate on the way there, half on the way back.
    fn lost(&mut self) -> bool {
        self.rng.gen_range(0..2000) < self.faults.drop_per_mille
    }

    /// The server's side of every request: who is asking (the credential, as the
    /// HTTP layer checks it).
    fn arrive(&mut self) -> Result<sotay_model::Id, TransportError> {
        if self.lost() {
            return Err(lost());
        }
        match self.server.authenticate(&self.credential) {
            Ok(device) => Ok(device),
            Err(AuthError::Revoked) => {
                self.heard_revoked = true;
                Err(refused(401, ErrorCode::DeviceRevoked))
            }
            Err(AuthError::Unknown) => Err(refused(401, ErrorCode::Unauthenticated)),
            Err(AuthError::Store(_)) => Err(refused(500, ErrorCode::Internal)),
        }
    }

    fn answer<T>(&mut self, t: T) -> Result<T, TransportError> {
        if self.lost() {
            return Err(lost());
        }
        Ok(t)
    }
}

fn internal<E>(_: E) -> TransportError {
    refused(500, ErrorCode::Internal)
}

impl Transport for SimTransport<'_> {
    async fn push(&mut self, req: PushRequest) -> Result<PushResponse, TransportError> {
        let device = self.arrive()?;
        let results = self
            .server
            .push(device, &req.changes, self.now_ms)
            .map_err(internal)?;
        let answered = !self.lost();
        self.pushed.push((req, results.clone(), answered));
        if !answered {
            return Err(lost());
        }
        Ok(PushResponse { results })
    }

    async fn pull(&mut self, req: PullRequest) -> Result<PullResponse, TransportError> {
        let device = self.arrive()?;
        let page = self
            .server
            .pull(device, req.cursor, req.limit)
            .map_err(internal)?;
        self.answer(page)
    }

    fn server_time_ms(&self) -> Option<u64> {
        self.hears_server_time.then_some(self.now_ms)
    }

    async fn blob_check(
        &mut self,
        req: BlobCheckRequest,
    ) -> Result<BlobCheckResponse, TransportError> {
        self.arrive()?;
        let mut missing = Vec::new();
        for h in req.hashes {
            if self.server.blob_size(&h).map_err(internal)?.is_none() {
                missing.push(h);
            }
        }
        self.answer(BlobCheckResponse {
            missing,
            max_bytes: MAX_BYTES,
        })
    }

    async fn blob_put(&mut self, sha256: &str, bytes: Vec<u8>) -> Result<(), TransportError> {
        self.arrive()?;
        // The server stores only what hashes to the name it was given.
        if hex::encode(Sha256::digest(&bytes)) != sha256 {
            return Err(refused(400, ErrorCode::BadRequest));
        }
        self.server.put_blob(sha256, &bytes).map_err(internal)?;
        self.uploaded += 1;
        self.answer(())
    }

    async fn blob_get<S: BlobSink>(
        &mut self,
        sha256: &str,
        from: u64,
        sink: &mut S,
    ) -> Result<(), TransportError> {
        self.arrive()?;
        let Some(bytes) = self
            .server
            .read_blob(sha256, from, RANGE)
            .map_err(internal)?
        else {
            return Err(refused(404, ErrorCode::BadRequest));
        };
        if !sink.begin(Some(from), false) {
            return Ok(());
        }
        // A cut answer delivers part of its bytes, then fails.
        if self.lost() {
            let half = bytes.len() / 2;
            sink.write(&bytes[..half]);
            self.downloaded_bytes += half as u64;
            return Err(lost());
        }
        sink.write(&bytes);
        self.downloaded_bytes += bytes.len() as u64;
        Ok(())
    }
}

impl super::node::Sim {
    /// The server refuses this device's requests (revoked).
    pub fn refuses(&self, who: usize) -> bool {
        matches!(
            self.server.authenticate(&self.nodes[who].credential),
            Err(AuthError::Revoked)
        )
    }

    /// An administrator revokes the device: the server refuses it from now on.
    pub fn revoke(&mut self, who: usize) -> anyhow::Result<()> {
        let node = &mut self.nodes[who];
        if node.revoked {
            return Ok(());
        }
        self.server.revoke_device(node.device, self.now_ms)?;
        node.revoked = true;
        self.stats.revocations += 1;
        Ok(())
    }

    /// The device runs its real sync engine (uploads, push, pull) over the simulated
    /// transport, each request or answer possibly lost.
    pub fn engine_sync(&mut self, who: usize, faults: Faults, salt: u64) -> anyhow::Result<()> {
        use rand::SeedableRng;
        let node = &self.nodes[who];
        if node.wiped || !node.online {
            return Ok(());
        }
        let mut t = SimTransport::new(self, who, faults);
        t.rng = SmallRng::seed_from_u64(self.now_ms ^ salt.rotate_left(7) ^ who as u64);
        // The answer is Ok or a transport error the engine already handled; the
        // checks at the end judge what it left behind.
        let _ = self.rt.block_on(node.replica.sync_over(&mut t));
        let (pushed, uploaded, heard) =
            (std::mem::take(&mut t.pushed), t.uploaded, t.heard_revoked);
        self.stats.engine_syncs += 1;
        self.stats.uploads += uploaded;
        for (req, results, answered) in pushed {
            self.note_results(&req, &results);
            if !answered {
                continue;
            }
            for r in &results {
                if let sotay_model::protocol::Outcome::Accepted { seq } = r.outcome {
                    if let Some(c) = req.changes.iter().find(|c| c.change_id == r.change_id) {
                        self.acked.insert(c.change_id, (c.clone(), seq));
                    }
                }
            }
        }
        if heard {
            self.nodes[who].wiped = true;
            self.stats.wipes += 1;
        }
        Ok(())
    }
}
