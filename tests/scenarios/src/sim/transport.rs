//! The simulator's implementation of the replica's one server client (`Transport`):
//! enrollment, push, pull, the attachment transfers and the online administration
//! requests (codes, devices, revocation, audit) answered by the in-process server, each
//! request possibly lost before it arrives or its answer lost after the server acted.
//! A device using it runs its real sync engine (`Replica::sync_over`) and its real
//! online requests (`Replica::call_over`), so a revoked device meets the real wipe, an
//! attached file the real upload, and an enrollment whose answer is lost a used code.

use super::network::Faults;
use rand::rngs::SmallRng;
use rand::Rng;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sotay_model::library::blobs::{BlobCheckRequest, BlobCheckResponse};
use sotay_model::protocol::{
    AuditPage, AuditRequest, DeviceList, EnrollRequest, EnrollResponse, ErrorBody, ErrorCode,
    IssueCodeRequest, ListDevicesRequest, PullRequest, PullResponse, PushRequest, PushResponse,
    PushResult, RenameDeviceRequest, RevokeDeviceRequest,
};
use sotay_replica::sync::{BlobSink, Transport, TransportError};
use sotay_server::admin::{self, AdminError};
use sotay_server::{AuthError, EnrollError, SqliteStore, Store};

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
    /// Requests and answers this transport lost.
    pub lost: u64,
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
        let mut t = SimTransport::to(&sim.server, sim.now_ms, faults);
        t.credential = node.credential.clone();
        t.hears_server_time = node.hears_server_time;
        t.rng = SmallRng::seed_from_u64(sim.now_ms);
        t
    }

    /// A connection to `server` with no credential yet (a device about to enroll).
    pub fn to(server: &'a SqliteStore, now_ms: u64, faults: Faults) -> SimTransport<'a> {
        use rand::SeedableRng;
        SimTransport {
            server,
            credential: String::new(),
            now_ms,
            hears_server_time: false,
            rng: SmallRng::seed_from_u64(now_ms),
            faults,
            pushed: Vec::new(),
            uploaded: 0,
            downloaded_bytes: 0,
            heard_revoked: false,
            lost: 0,
        }
    }

    /// Half the drop rate on the way there, half on the way back.
    fn lost(&mut self) -> bool {
        let lost = self.rng.gen_range(0..2000) < self.faults.drop_per_mille;
        self.lost += u64::from(lost);
        lost
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

/// An administration refusal as the HTTP layer answers it (`http::admin`).
fn admin_refused(e: AdminError) -> TransportError {
    let (status, code, message) = match e {
        AdminError::Forbidden => (403, ErrorCode::Forbidden, None),
        AdminError::Outranked(m) => (403, ErrorCode::Forbidden, Some(m)),
        AdminError::Invalid(m) => (400, ErrorCode::BadRequest, Some(m)),
        AdminError::Store(_) => (500, ErrorCode::Internal, None),
    };
    TransportError::Server {
        status,
        body: ErrorBody {
            code,
            message: message.unwrap_or_else(|| code.message_vi().to_string()),
        },
    }
}

/// A body as the route's JSON reads it (the wire form, as over HTTP).
fn decode<T: DeserializeOwned>(v: serde_json::Value) -> Result<T, TransportError> {
    serde_json::from_value(v).map_err(|e| TransportError::Protocol(e.to_string()))
}

fn encode<T: Serialize>(t: &T) -> Result<serde_json::Value, TransportError> {
    serde_json::to_value(t).map_err(|e| TransportError::Protocol(e.to_string()))
}

impl SimTransport<'_> {
    /// The server's side of `POST /v1/<route>` for the administration routes
    /// (`http::admin`): the decisions are the server's own (`sotay_server::admin`).
    fn admin(
        &mut self,
        route: &str,
        body: serde_json::Value,
    ) -> Result<serde_json::Value, TransportError> {
        let device = self.arrive()?;
        let store: &dyn Store = self.server;
        let now = self.now_ms;
        match route {
            "codes" => {
                let r: IssueCodeRequest = decode(body)?;
                let issued = admin::issue_code(store, device, r.member_id, r.ttl_ms, now);
                encode(&issued.map_err(admin_refused)?)
            }
            "devices" => {
                let r: ListDevicesRequest = decode(body)?;
                let devices = admin::list_devices(store, device, r.member_id);
                encode(&DeviceList {
                    devices: devices.map_err(admin_refused)?,
                })
            }
            "devices/rename" => {
                let r: RenameDeviceRequest = decode(body)?;
                let info = admin::rename_device(store, device, r.device_id, &r.name);
                encode(&info.map_err(admin_refused)?)
            }
            "devices/revoke" => {
                let r: RevokeDeviceRequest = decode(body)?;
                let info = admin::revoke_device(store, device, r.device_id, now);
                encode(&info.map_err(admin_refused)?)
            }
            "audit" => {
                let r: AuditRequest = decode(body)?;
                let page: AuditPage =
                    admin::audit(store, device, r.org_id, r.before, r.after, r.limit)
                        .map_err(admin_refused)?;
                encode(&page)
            }
            _ => Err(refused(404, ErrorCode::BadRequest)),
        }
    }
}

impl Transport for SimTransport<'_> {
    async fn enroll(&mut self, req: EnrollRequest) -> Result<EnrollResponse, TransportError> {
        // No credential yet: only the code is checked (and the request may be lost).
        if self.lost() {
            return Err(lost());
        }
        let resp = match self.server.enroll(&req.code, &req.device_name, self.now_ms) {
            Ok(resp) => resp,
            Err(EnrollError::BadCode) => return Err(refused(400, ErrorCode::BadCode)),
            Err(EnrollError::BadDeviceName) => return Err(refused(400, ErrorCode::BadRequest)),
            Err(EnrollError::Store(e)) => return Err(internal(e)),
        };
        // Enrolled on the server whether or not the answer arrives: a lost answer
        // leaves the code used and the device without its credential.
        let resp = self.answer(resp)?;
        self.credential = resp.credential.clone();
        Ok(resp)
    }

    async fn call<Req: Serialize + Sync, Resp: DeserializeOwned + Send>(
        &mut self,
        route: &str,
        body: &Req,
    ) -> Result<Resp, TransportError> {
        let answer = self.admin(route, encode(body)?)?;
        let answer = self.answer(answer)?;
        decode(answer)
    }

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

    /// An administrator revokes the device through the real `RevokeDevice` request
    /// from their own device (the district committee member's, device 0) over the
    /// lossy transport, sent again until an answer arrives (revoking is idempotent):
    /// the server refuses the device from now on.
    pub fn revoke(&mut self, who: usize, faults: Faults, rng: &mut SmallRng) -> anyhow::Result<()> {
        use rand::SeedableRng;
        if self.nodes[who].revoked {
            return Ok(());
        }
        let device = self.nodes[who].device;
        for _ in 0..super::node::ATTEMPTS {
            let answer = {
                let mut t = SimTransport::new(self, 0, faults);
                t.rng = SmallRng::seed_from_u64(rng.gen());
                let req = sotay_model::api::requests::RevokeDevice { device_id: device };
                super::node::ask_over(&self.rt, &self.nodes[0].replica, req, &mut t)
            };
            self.stats.admin_requests += 1;
            match answer {
                Ok(info) if info.revoked_ms.is_some() => {
                    self.nodes[who].revoked = true;
                    self.stats.revocations += 1;
                    return Ok(());
                }
                Ok(info) => anyhow::bail!("revoke answered a live device: {info:?}"),
                Err(e) if e.kind == sotay_model::api::ApiErrorKind::Offline => {}
                Err(e) => anyhow::bail!("revoke refused: {}", e.message),
            }
        }
        anyhow::bail!(
            "device {who} not revoked after {} attempts",
            super::node::ATTEMPTS
        )
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
