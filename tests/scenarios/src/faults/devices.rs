//! The devices of a crash run: real replicas (in this process) syncing over real HTTP
//! through a transport that writes down every answer they get: each change a push
//! answer acknowledged (with its sequence), each refusal, each pull that told a
//! device to drop its copy and start again.

use rand::rngs::SmallRng;
use rand::Rng;
use sotay_model::administration::MemberPatch;
use sotay_model::api::{requests, Request};
use sotay_model::library::blobs::{BlobCheckRequest, BlobCheckResponse};
use sotay_model::protocol::{
    Cursor, EnrollRequest, EnrollResponse, Outcome, PullRequest, PullResponse, PushRequest,
    PushResponse,
};
use sotay_model::schedule::api::{EntryPatch, NewEntry};
use sotay_model::schedule::requests::{DeleteScheduleEntry, UpdateScheduleEntry};
use sotay_model::schedule::Timing;
use sotay_model::{Change, Entity, Id};
use sotay_replica::sync::http::HttpTransport;
use sotay_replica::sync::{BlobSink, Transport, TransportError};
use sotay_replica::{Replica, SeededEnv};
use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::watch;

/// What the devices were told, all of them together.
#[derive(Debug, Default)]
pub struct Seen {
    /// Change id → (the change as pushed, every sequence an answer gave it).
    pub acked: BTreeMap<Id, (Change, BTreeSet<u64>)>,
    pub rejected: Vec<String>,
    /// Changes refused because their stamps ran ahead of the server's clock (a device
    /// clock that is wrong): the device must send the same edit again, newly stamped.
    pub refused_for_stamps: Vec<Change>,
    /// Pulls answered `reset` to a device that had a copy already.
    pub resets: Vec<String>,
    /// Requests answered.
    pub requests: u64,
    /// Changes whose push got no answer (the kill cut it), and when the device knew.
    pub unanswered: BTreeMap<Id, u64>,
}

pub type Log = Arc<Mutex<Seen>>;

fn note(log: &Log, f: impl FnOnce(&mut Seen)) {
    f(&mut log.lock().unwrap_or_else(|p| p.into_inner()));
}

/// `HttpTransport` with every answer written down, and each request counted on `sent`
/// (which the kill schedule watches).
pub struct Recording {
    pub inner: HttpTransport,
    pub device: usize,
    pub log: Log,
    pub sent: watch::Sender<u64>,
}

impl Recording {
    fn count(&self) {
        self.sent.send_modify(|n| *n += 1);
    }
}

impl Transport for Recording {
    fn push(
        &mut self,
        req: PushRequest,
    ) -> impl Future<Output = Result<PushResponse, TransportError>> + Send {
        self.count();
        let (log, device) = (self.log.clone(), self.device);
        let answer = self.inner.push(req.clone());
        async move {
            let resp = match answer.await {
                Ok(resp) => resp,
                Err(e) => {
                    let failed_at = now_ms();
                    note(&log, |seen| {
                        for c in &req.changes {
                            seen.unanswered.insert(c.change_id, failed_at);
                        }
                    });
                    return Err(e);
                }
            };
            note(&log, |seen| {
                seen.requests += 1;
                for r in &resp.results {
                    let Some(change) = req.changes.iter().find(|c| c.change_id == r.change_id)
                    else {
                        continue;
                    };
                    match &r.outcome {
                        Outcome::Accepted { seq } => {
                            let entry = seen
                                .acked
                                .entry(change.change_id)
                                .or_insert_with(|| (change.clone(), BTreeSet::new()));
                            entry.1.insert(*seq);
                        }
                        Outcome::Rejected { reason, .. } => {
                            seen.rejected.push(format!(
                                "device {device}: {:?} {} refused: {}",
                                change.entity,
                                change.row_id,
                                reason.message_vi()
                            ));
                            if !change.stamps().all(|h| h.is_plausible(now_ms())) {
                                seen.refused_for_stamps.push(change.clone());
                            }
                        }
                    }
                }
            });
            Ok(resp)
        }
    }

    fn pull(
        &mut self,
        req: PullRequest,
    ) -> impl Future<Output = Result<PullResponse, TransportError>> + Send {
        self.count();
        let (log, device) = (self.log.clone(), self.device);
        let from = req.cursor;
        let answer = self.inner.pull(req);
        async move {
            let page = answer.await?;
            note(&log, |seen| {
                seen.requests += 1;
                // A first pull (no cursor yet) is answered `reset`: that is a first copy.
                if page.reset && from != Cursor::default() {
                    seen.resets.push(format!(
                        "device {device}: told to drop its copy at cursor {from:?}"
                    ));
                }
            });
            Ok(page)
        }
    }

    fn server_time_ms(&self) -> Option<u64> {
        self.inner.server_time_ms()
    }

    fn enroll(
        &mut self,
        req: EnrollRequest,
    ) -> impl Future<Output = Result<EnrollResponse, TransportError>> + Send {
        self.inner.enroll(req)
    }

    fn blob_check(
        &mut self,
        req: BlobCheckRequest,
    ) -> impl Future<Output = Result<BlobCheckResponse, TransportError>> + Send {
        self.inner.blob_check(req)
    }

    fn blob_put(
        &mut self,
        sha256: &str,
        bytes: Vec<u8>,
    ) -> impl Future<Output = Result<(), TransportError>> + Send {
        self.inner.blob_put(sha256, bytes)
    }

    fn blob_get<S: BlobSink>(
        &mut self,
        sha256: &str,
        from: u64,
        sink: &mut S,
    ) -> impl Future<Output = Result<(), TransportError>> + Send {
        self.inner.blob_get(sha256, from, sink)
    }
}

/// One device: its replica, its clock (set to the real time plus its error before
/// each edit: the server judges stamps by its own clock) and its randomness.
pub struct Device {
    pub replica: Replica,
    pub env: Arc<SeededEnv>,
    pub index: usize,
    /// Its member may edit other members' rows (a committee's officer).
    pub edits_members: bool,
    /// How wrong its clock is (0 on a run without [`super::Clocks`]).
    pub skew_ms: AtomicI64,
}

pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl Device {
    /// A transport to the device's server, recording into `log`.
    pub fn transport(&self, log: &Log, sent: &watch::Sender<u64>) -> anyhow::Result<Recording> {
        let identity = self
            .replica
            .db()
            .identity()?
            .ok_or_else(|| anyhow::anyhow!("device {} is not enrolled", self.index))?;
        Ok(Recording {
            inner: HttpTransport::new(sotay_replica::sync::http::client(), &identity),
            device: self.index,
            log: log.clone(),
            sent: sent.clone(),
        })
    }

    /// A random edit through the typed Api, offline: mostly the member's own schedule
    /// (new entries, a moved place, a deletion), and for an officer a member's name.
    /// Answers whether the replica took it.
    pub fn edit(&self, rng: &mut SmallRng) -> anyhow::Result<bool> {
        let now = super::clocks::skewed(now_ms(), self.skew_ms.load(Ordering::Relaxed));
        self.env.set_now(now);
        let own: Vec<Id> = self
            .replica
            .db()
            .live_rows_of(&[Entity::PersonalEntry])?
            .iter()
            .map(|r| r.row_id)
            .collect();
        let roll = rng.gen_range(0..10u32);
        let members = match self.edits_members && roll < 3 {
            true => self.replica.db().live_rows_of(&[Entity::Member])?,
            false => Vec::new(),
        };
        let req: Request = if !members.is_empty() {
            // Among the first few, so several devices' edits meet on the same rows.
            let target = &members[rng.gen_range(0..members.len().min(12))];
            requests::UpdateMember {
                id: target.row_id,
                patch: MemberPatch {
                    full_name: Some(format!("Nguyễn Văn {}", rng.gen_range(0..10_000u32))),
                    ..MemberPatch::default()
                },
            }
            .into()
        } else if !own.is_empty() && roll == 9 {
            DeleteScheduleEntry {
                id: own[rng.gen_range(0..own.len())],
            }
            .into()
        } else if !own.is_empty() && roll >= 6 {
            UpdateScheduleEntry {
                id: own[rng.gen_range(0..own.len())],
                patch: EntryPatch {
                    place: Some(format!("Phòng {}", rng.gen_range(1..50u32))),
                    ..EntryPatch::default()
                },
            }
            .into()
        } else {
            own_entry(rng, now).into()
        };
        Ok(self.replica.call_local(req).is_ok())
    }
}

/// A new entry of the member's own schedule, some day in the coming month.
pub fn own_entry(rng: &mut SmallRng, now_ms: u64) -> NewEntry {
    let start = now_ms + rng.gen_range(0..30u64) * 86_400_000;
    NewEntry {
        org_id: None,
        title: format!("Việc riêng {}", rng.gen_range(0..100_000u32)),
        place: String::new(),
        notes: String::new(),
        attendees: vec![],
        timing: Timing {
            starts_at: start,
            ends_at: start + 3_600_000,
            all_day: false,
            tz_offset_min: 420,
            recurrence: None,
        },
    }
}
