//! The simulated parties: the server (a real `SqliteStore` that can be restarted) and
//! the devices (real replicas on their own SQLite files, each with a skewed clock),
//! and the requests and answers they send each other.

use super::network::Faults;
use super::transport::SimTransport;
use super::world::{self, World};
use super::Stats;
use anyhow::{Context, Result};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use sotay_model::administration::{MemberPatch, NewMember};
use sotay_model::api::{requests, Answer, ApiError, ApiErrorKind, Call, Request};
use sotay_model::entities::{Gender, MemberStatus};
use sotay_model::protocol::{Outcome, PullRequest, PullResponse, PushRequest, PushResponse};
use sotay_model::{Entity, Id, RowState};
use sotay_replica::{Replica, SeededEnv};
use sotay_server::{SqliteStore, Store, DEFAULT_CODE_TTL_MS};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// What travels: a request from device `node`, or the server's answer to it. `n`
/// numbers the device's requests so it can tell a late answer from the one it awaits.
#[derive(Clone, Debug)]
pub enum Msg {
    Push {
        node: usize,
        n: u64,
        req: PushRequest,
    },
    Pull {
        node: usize,
        n: u64,
        req: PullRequest,
    },
    /// `server_ms`: the server's clock when it answered (an HTTP answer's `Date`).
    PushAnswer {
        node: usize,
        n: u64,
        resp: PushResponse,
        server_ms: u64,
    },
    PullAnswer {
        node: usize,
        n: u64,
        resp: PullResponse,
        server_ms: u64,
    },
    /// The server refused the request: the device was revoked.
    Revoked { node: usize, n: u64 },
}

#[derive(Clone, Debug)]
enum Awaiting {
    Push(PushRequest),
    Pull,
}

pub struct Node {
    pub replica: Replica,
    pub env: Arc<SeededEnv>,
    pub device: Id,
    pub member: Id,
    /// Milliseconds this device's clock is off by (clocks lie, DESIGN §4.7).
    pub skew_ms: i64,
    /// Sets its clock by the server's answers, as the HTTP transport does (issue 12);
    /// the others keep their skewed clocks, as a transport that does not report it.
    pub hears_server_time: bool,
    pub online: bool,
    /// Its credential, which the simulated transport presents on every request.
    pub credential: String,
    /// Revoked on the server (an administrator's request); it wipes at its next contact.
    pub revoked: bool,
    /// It heard the revocation and wiped itself.
    pub wiped: bool,
    awaiting: Option<(u64, Awaiting)>,
    next_n: u64,
}

impl Node {
    /// Stop waiting for the answer in flight (a timeout); a late answer is ignored.
    pub fn give_up(&mut self) {
        self.awaiting = None;
    }

    /// Online and not waiting for an answer.
    pub fn is_idle(&self) -> bool {
        self.online && self.awaiting.is_none()
    }
}

pub struct Sim {
    pub dir: tempfile::TempDir,
    pub server: SqliteStore,
    pub world: World,
    pub nodes: Vec<Node>,
    /// Every change the server acknowledged to a device: change id → (change, seq).
    pub acked: BTreeMap<Id, (sotay_model::Change, u64)>,
    /// Every sequence the server ever answered for a change id (duplicates included).
    pub seqs: BTreeMap<Id, Vec<u64>>,
    pub stats: Stats,
    /// Simulated true time; device clocks are this plus their skew.
    pub now_ms: u64,
    /// Runs a device's sync engine (its futures are ready at once over the simulated
    /// transport).
    pub rt: tokio::runtime::Runtime,
    /// The bytes of every file a device attached.
    pub files: Vec<Vec<u8>>,
    /// The server's view of each device's scope once the run is over (`freeze_views`):
    /// the end-of-run checks ask for each several times, and the server no longer
    /// changes, so each view is pulled and parsed once.
    views: RefCell<Option<BTreeMap<Id, BTreeMap<Id, RowState>>>>,
}

pub const START_MS: u64 = 1_780_000_000_000;
const DAY_MS: i64 = 24 * 3600 * 1000;

/// `SIM_TRACE=<end of a row id>` prints every event that touches that row (debugging a
/// failing seed; the run itself is unchanged).
fn traced(row: Id) -> bool {
    std::env::var("SIM_TRACE").is_ok_and(|t| !t.is_empty() && row.to_string().ends_with(&t))
}

fn server_path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("server.db")
}

fn open_server(dir: &tempfile::TempDir, seed: u64, generation: u64) -> Result<SqliteStore> {
    let seed = seed ^ generation.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    SqliteStore::open_seeded(server_path(dir), seed).context("opening the server store")
}

/// The address devices enroll with (the simulated transport ignores it).
const SIM_SERVER: &str = "https://sim.invalid";
/// Attempts before an enrollment or an administrator's request over the lossy network
/// counts as a failure of the run (at 15% loss each way, 100 never fail by chance).
pub(super) const ATTEMPTS: u32 = 100;

/// A typed request answered by `replica` over `t` (`Replica::call_over`).
pub(super) fn ask_over<C: Call>(
    rt: &tokio::runtime::Runtime,
    replica: &Replica,
    req: C,
    t: &mut SimTransport<'_>,
) -> Result<C::Answer, ApiError> {
    C::Answer::from_response(rt.block_on(replica.call_over(req.into(), t))?)
}

/// The lossy way to the server at the start, before the simulation's own clock runs.
struct Lossy<'a> {
    server: &'a SqliteStore,
    rt: &'a tokio::runtime::Runtime,
    faults: Faults,
}

/// The device enrolls through its real `Enroll` request over the lossy transport. A
/// lost request is sent again with the same code; a lost answer leaves the code used
/// on the server (the device is told "wrong code" next time), so a new code is asked
/// for, as a member would ask the committee again.
fn enroll(
    net: &Lossy<'_>,
    replica: &Replica,
    name: &str,
    rng: &mut SmallRng,
    stats: &mut Stats,
    mut new_code: impl FnMut(&mut SmallRng, &mut Stats) -> Result<String>,
) -> Result<()> {
    let mut code = new_code(rng, stats)?;
    for _ in 0..ATTEMPTS {
        let mut t = SimTransport::to(net.server, START_MS, net.faults);
        t.rng = SmallRng::seed_from_u64(rng.gen());
        let req = requests::Enroll {
            server: SIM_SERVER.into(),
            code: code.clone(),
            device_name: name.into(),
            pin_sha256: None,
        };
        let result = ask_over(net.rt, replica, req, &mut t);
        stats.enroll_requests += 1;
        match result {
            Ok(status) if status.enrolled => return Ok(()),
            Ok(_) => anyhow::bail!("{name}: enrolled but its status says otherwise"),
            Err(e) if e.kind == ApiErrorKind::Offline => {}
            Err(e) if e.kind == ApiErrorKind::Invalid => {
                stats.codes_reissued += 1;
                code = new_code(rng, stats)?;
            }
            Err(e) => anyhow::bail!("{name}: enrollment refused: {}", e.message),
        }
    }
    anyhow::bail!("{name}: not enrolled after {ATTEMPTS} attempts")
}

impl Sim {
    /// The server seeded with the world, and every device enrolled through its real
    /// `Enroll` request over the lossy transport: the first (a district committee
    /// member) with a code the server made (as the demo prints them), the others with
    /// codes it issues through its real `IssueEnrollCode` request.
    pub fn start(seed: u64, faults: Faults) -> Result<Sim> {
        // fsync proves nothing here (a simulated restart never loses the OS cache), so
        // use memory-backed files where the machine has them: ten times faster.
        let shm = std::path::Path::new("/dev/shm");
        let dir = if shm.is_dir() {
            tempfile::tempdir_in(shm)?
        } else {
            tempfile::tempdir()?
        };
        let server = open_server(&dir, seed, 0)?;
        let world = world::build();
        server.seed(&world.changes, START_MS)?;
        let rt = tokio::runtime::Builder::new_current_thread().build()?;
        let mut rng = SmallRng::seed_from_u64(seed.rotate_left(17));
        let mut stats = Stats::default();
        let mut nodes: Vec<Node> = Vec::new();
        for (i, &member) in world.device_members.iter().enumerate() {
            let env = Arc::new(SeededEnv::new(seed.wrapping_add(i as u64 + 1), START_MS));
            let home = dir.path().join(format!("device-{i}"));
            let replica = Replica::open_with(&home, env.clone())
                .map_err(|e| anyhow::anyhow!("open replica: {e}"))?;
            let name = format!("máy {i}");
            let net = Lossy {
                server: &server,
                rt: &rt,
                faults,
            };
            match nodes.first() {
                None => enroll(&net, &replica, &name, &mut rng, &mut stats, |_, _| {
                    Ok(server.create_enroll_code(member, DEFAULT_CODE_TTL_MS, START_MS)?)
                })?,
                Some(admin) => {
                    let issue = |rng: &mut SmallRng, stats: &mut Stats| -> Result<String> {
                        for _ in 0..ATTEMPTS {
                            let mut t = SimTransport::to(&server, START_MS, faults);
                            t.credential = admin.credential.clone();
                            t.rng = SmallRng::seed_from_u64(rng.gen());
                            let req = requests::IssueEnrollCode {
                                member_id: member,
                                ttl_hours: None,
                            };
                            stats.admin_requests += 1;
                            match ask_over(&rt, &admin.replica, req, &mut t) {
                                Ok(issued) => return Ok(issued.code),
                                Err(e) if e.kind == ApiErrorKind::Offline => {}
                                Err(e) => anyhow::bail!("code refused: {}", e.message),
                            }
                        }
                        anyhow::bail!("no code issued after {ATTEMPTS} attempts")
                    };
                    enroll(&net, &replica, &name, &mut rng, &mut stats, issue)?
                }
            }
            let identity = replica
                .db()
                .identity()?
                .context("an enrolled device has its identity")?;
            nodes.push(Node {
                replica,
                env,
                device: identity.device_id,
                member,
                // Up to ten minutes off; a device that sets its clock by the server's may
                // be days off (its first edits are then refused once and stamped again).
                skew_ms: if i % 4 == 1 {
                    rng.gen_range(-3 * DAY_MS..3 * DAY_MS)
                } else {
                    rng.gen_range(-600_000..600_000)
                },
                hears_server_time: i % 2 == 1,
                online: true,
                credential: identity.credential,
                revoked: false,
                wiped: false,
                awaiting: None,
                next_n: 0,
            });
        }
        Ok(Sim {
            dir,
            server,
            world,
            nodes,
            acked: BTreeMap::new(),
            seqs: BTreeMap::new(),
            stats,
            now_ms: START_MS,
            rt,
            files: Vec::new(),
            views: RefCell::new(None),
        })
    }

    pub fn advance_clocks(&mut self, rng: &mut SmallRng) {
        self.now_ms += rng.gen_range(0..2_000);
        for (i, n) in self.nodes.iter_mut().enumerate() {
            // Now and then a days-off device's clock jumps by days, between two
            // answers from the server: its next edits run ahead of what it heard.
            if i % 4 == 1 && rng.gen_ratio(1, 300) {
                n.skew_ms = rng.gen_range(-3 * DAY_MS..3 * DAY_MS);
            }
            // A device clock may even step backwards a little between readings.
            let jitter: i64 = rng.gen_range(-50..50);
            let t = (self.now_ms as i64 + n.skew_ms + jitter).max(0) as u64;
            n.env.set_now(t);
        }
    }

    /// A crash-restart of the server: the store is closed and opened again from its file.
    pub fn restart_server(&mut self, seed: u64) -> Result<()> {
        self.stats.restarts += 1;
        // Nothing is mid-transaction here, so the old handle can simply go once the
        // new one has opened the same file.
        let fresh = open_server(&self.dir, seed, self.stats.restarts)?;
        drop(std::mem::replace(&mut self.server, fresh));
        Ok(())
    }

    pub fn toggle_online<M: Clone>(&mut self, who: usize, _net: &mut super::Network<M>) {
        let n = &mut self.nodes[who];
        n.online = !n.online;
        if !n.online {
            n.give_up();
        }
    }

    /// The device's member makes a random edit through the typed Api, offline.
    pub fn local_edit(&mut self, who: usize, rng: &mut SmallRng) -> Result<()> {
        if self.nodes[who].wiped {
            return Ok(());
        }
        if rng.gen_ratio(1, 4) {
            return self.meeting_edit(who, rng);
        }
        if rng.gen_ratio(1, 4) {
            return self.task_edit(who, rng);
        }
        if rng.gen_ratio(1, 5) {
            return self.schedule_edit(who, rng);
        }
        if rng.gen_ratio(1, 4) {
            return self.records_edit(who, rng);
        }
        if rng.gen_ratio(1, 4) {
            return self.exchange_edit(who, rng);
        }
        // The district's inspection member works cases more often than others write.
        let inspector = self.nodes[who].member == self.world.members[0].id;
        if rng.gen_ratio(1, if inspector { 2 } else { 4 }) {
            return self.inspection_edit(who, rng);
        }
        let node = &self.nodes[who];
        let known: Vec<RowState> = node
            .replica
            .db()
            .live_rows_of(&[Entity::Member])?
            .into_iter()
            .collect();
        let cells = self.world.cells;
        let req = match (rng.gen_range(0..10u32), known.is_empty()) {
            (0..=2, _) | (_, true) => {
                let k = rng.gen_range(0..100_000u32);
                Request::CreateMember(NewMember {
                    full_name: format!("{} Văn {}", ["Nguyễn", "Trần", "Lê"][k as usize % 3], k),
                    birth_date: "1980-01-01".into(),
                    gender: Gender::Male,
                    joined_date: "2005-03-26".into(),
                    official_date: None,
                    card_no: format!("{:08}", 50_000_000 + k),
                    status: MemberStatus::Probationary,
                    cell_id: cells[rng.gen_range(0..2)],
                })
            }
            (3..=6, false) => {
                let target = &known[rng.gen_range(0..known.len())];
                let mut patch = MemberPatch::default();
                match rng.gen_range(0..3u32) {
                    0 => patch.full_name = Some(format!("Phạm Thị {}", rng.gen_range(0..1000u32))),
                    1 => patch.status = Some(MemberStatus::Full),
                    _ => patch.card_no = Some(format!("{:08}", rng.gen_range(0..99_999_999u32))),
                }
                Request::UpdateMember(requests::UpdateMember {
                    id: target.row_id,
                    patch,
                })
            }
            (7..=8, false) => {
                let target = &known[rng.gen_range(0..known.len())];
                let to = if target.id("cell_id") == Some(cells[0]) {
                    cells[1]
                } else {
                    cells[0]
                };
                // A move is made directly, or as a transfer the other cell answers
                // (issue 19): issued, confirmed or refused, or withdrawn.
                let way = rng.gen_range(0..3u32);
                match (way, transfer_step(&node.replica, rng)?) {
                    (1, _) => {
                        Request::IssueTransfer(sotay_model::transfers::requests::IssueTransfer {
                            member_id: target.row_id,
                            kind: sotay_model::transfers::TransferKind::Official,
                            dest_org_id: Some(to),
                            dest_name: String::new(),
                            reason: "Chuyển nơi cư trú".into(),
                            end_date: None,
                        })
                    }
                    (2, Some(answer)) => answer,
                    _ => Request::UpdateMember(requests::UpdateMember {
                        id: target.row_id,
                        patch: MemberPatch {
                            cell_id: Some(to),
                            ..MemberPatch::default()
                        },
                    }),
                }
            }
            _ => Request::DeleteMember(requests::DeleteMember {
                id: known[rng.gen_range(0..known.len())].row_id,
            }),
        };
        // Formatted only when tracing: a request's debug text per edit was a cost of
        // every run.
        let trace = std::env::var("SIM_TRACE")
            .ok()
            .filter(|t| !t.is_empty())
            .map(|t| (t, format!("{req:?}")));
        match node.replica.call_local(req) {
            Ok(_) => {
                if let Some((_, text)) = trace.filter(|(t, text)| text.contains(t.as_str())) {
                    eprintln!("local edit on {who}: {text}");
                }
                self.stats.local_edits += 1
            }
            Err(_) => self.stats.refused_locally += 1,
        }
        Ok(())
    }

    /// The device, if online and not already waiting, sends a push (when it has
    /// changes) or a pull.
    pub fn start_request(&mut self, who: usize, net: &mut super::Network<Msg>) -> Result<()> {
        let node = &mut self.nodes[who];
        if !node.online || node.wiped || node.awaiting.is_some() {
            return Ok(());
        }
        node.next_n += 1;
        let n = node.next_n;
        let batch = sotay_replica::next_push_batch(&node.replica.db())?;
        match batch {
            Some(req) => {
                node.awaiting = Some((n, Awaiting::Push(req.clone())));
                net.send(Msg::Push { node: who, n, req });
            }
            None => {
                let req = sotay_replica::next_pull_request(&node.replica.db())?;
                node.awaiting = Some((n, Awaiting::Pull));
                net.send(Msg::Pull { node: who, n, req });
            }
        }
        Ok(())
    }

    /// One message arrives where it was going.
    pub fn deliver(&mut self, msg: Msg, net: &mut super::Network<Msg>) -> Result<()> {
        match msg {
            Msg::Push { node, n, .. } | Msg::Pull { node, n, .. } if self.refuses(node) => {
                net.send(Msg::Revoked { node, n });
            }
            Msg::Revoked { node, n } => {
                let nd = &mut self.nodes[node];
                match nd.awaiting {
                    Some((waiting_n, _)) if waiting_n == n && nd.online => {}
                    _ => return Ok(()),
                }
                nd.awaiting = None;
                // The device's engine meets the refusal (and wipes) on its next sync.
                self.engine_sync(node, super::Faults::NONE, n)?;
            }
            Msg::Push { node, n, req } => {
                let device = self.nodes[node].device;
                let results = self.server.push(device, &req.changes, self.now_ms)?;
                for (c, r) in req.changes.iter().zip(&results) {
                    if traced(c.row_id) {
                        eprintln!(
                            "push from {node} #{n}: {} fields {:?} tomb {} -> {:?}",
                            c.change_id,
                            c.fields.keys().collect::<Vec<_>>(),
                            c.tombstone.is_some(),
                            r.outcome
                        );
                    }
                }
                self.note_results(&req, &results);
                net.send(Msg::PushAnswer {
                    node,
                    n,
                    resp: PushResponse { results },
                    server_ms: self.now_ms,
                });
            }
            Msg::Pull { node, n, req } => {
                let device = self.nodes[node].device;
                let resp = self.server.pull(device, req.cursor, req.limit)?;
                let server_ms = self.now_ms;
                net.send(Msg::PullAnswer {
                    node,
                    n,
                    resp,
                    server_ms,
                });
            }
            Msg::PushAnswer {
                node,
                n,
                resp,
                server_ms,
            } => {
                let nd = &mut self.nodes[node];
                let Some((waiting_n, Awaiting::Push(req))) = nd.awaiting.clone() else {
                    return Ok(());
                };
                if !nd.online || waiting_n != n {
                    return Ok(());
                }
                nd.awaiting = None;
                let now = nd.env_now();
                if nd.hears_server_time {
                    nd.replica.db().note_server_time(server_ms, now)?;
                }
                let s = sotay_replica::apply_push_response(&mut nd.replica.db(), &req, &resp, now)?;
                self.stats.accepted += s.accepted;
                self.stats.rejected += s.rejected;
                self.stats.restamped += s.restamped;
                for r in &resp.results {
                    if let Outcome::Accepted { seq } = r.outcome {
                        if let Some(c) = req.changes.iter().find(|c| c.change_id == r.change_id) {
                            self.acked.insert(c.change_id, (c.clone(), seq));
                        }
                    }
                }
            }
            Msg::PullAnswer {
                node,
                n,
                resp,
                server_ms,
            } => {
                let nd = &mut self.nodes[node];
                match nd.awaiting {
                    Some((waiting_n, Awaiting::Pull)) if waiting_n == n && nd.online => {}
                    _ => return Ok(()),
                }
                nd.awaiting = None;
                if resp.reset {
                    self.stats.resets += 1;
                }
                for r in resp.rows.iter().filter(|r| traced(r.row.row_id)) {
                    eprintln!(
                        "pull to {node} #{n}: seq {} cell {:?} tomb {}",
                        r.seq,
                        r.row.str("cell_id"),
                        r.row.tombstone.is_some()
                    );
                }
                for g in resp.gone.iter().filter(|g| traced(**g)) {
                    eprintln!("pull to {node} #{n}: gone {g}");
                }
                if resp.reset && std::env::var("SIM_TRACE").is_ok_and(|t| !t.is_empty()) {
                    eprintln!("pull to {node} #{n}: reset");
                }
                let now = nd.env_now();
                if nd.hears_server_time {
                    nd.replica.db().note_server_time(server_ms, now)?;
                }
                sotay_replica::apply_pull_page(&mut nd.replica.db(), &resp, now)?;
            }
        }
        Ok(())
    }

    pub(super) fn note_results(
        &mut self,
        req: &PushRequest,
        results: &[sotay_model::protocol::PushResult],
    ) {
        for r in results {
            if let Outcome::Accepted { seq } = r.outcome {
                let seen = self.seqs.entry(r.change_id).or_default();
                if !seen.contains(&seq) {
                    seen.push(seq);
                }
            }
        }
        debug_assert_eq!(req.changes.len(), results.len());
    }

    /// With the network healed: push everything, then pull until caught up, each
    /// message delivered at once. Returns whether anything moved.
    pub fn sync_fully(&mut self, who: usize, net: &mut super::Network<Msg>) -> Result<bool> {
        let mut moved = false;
        let mut pick = SmallRng::seed_from_u64(0);
        for _ in 0..10_000 {
            self.start_request(who, net)?;
            let Some(request) = net.next(&mut pick, super::Faults::NONE) else {
                break;
            };
            let is_push = matches!(request, Msg::Push { .. }) && !self.refuses(who);
            self.deliver(request, net)?;
            let Some(answer) = net.next(&mut pick, super::Faults::NONE) else {
                break;
            };
            let (pulled, more) = match &answer {
                Msg::PullAnswer { resp, .. } => (resp.rows.len(), resp.more),
                _ => (0, true),
            };
            self.deliver(answer, net)?;
            moved |= is_push || pulled > 0;
            if !is_push && !more {
                break;
            }
        }
        Ok(moved)
    }

    /// From now on the server does not change (the run is over): each device's view
    /// is kept once pulled.
    pub fn freeze_views(&self) {
        *self.views.borrow_mut() = Some(BTreeMap::new());
    }

    /// The server's view of a device's scope: everything it would pull from the start.
    pub fn server_view(&self, device: Id) -> Result<BTreeMap<Id, RowState>> {
        if let Some(view) = self.views.borrow().as_ref().and_then(|v| v.get(&device)) {
            return Ok(view.clone());
        }
        let out = self.pull_view(device)?;
        if let Some(views) = self.views.borrow_mut().as_mut() {
            views.insert(device, out.clone());
        }
        Ok(out)
    }

    fn pull_view(&self, device: Id) -> Result<BTreeMap<Id, RowState>> {
        super::check::scope_view(&self.server, device)
    }
}

impl Node {
    fn env_now(&self) -> u64 {
        use sotay_replica::Env;
        self.env.now_ms()
    }
}

/// An answer to an open transfer this device holds, if any: a copy coming in is
/// confirmed or refused, one going out is withdrawn (the replica refuses locally what
/// the device's member may not do).
fn transfer_step(replica: &Replica, rng: &mut SmallRng) -> Result<Option<Request>> {
    use sotay_model::transfers::requests::{CancelTransfer, ConfirmTransfer, RefuseTransfer};
    use sotay_model::transfers::Transfer;
    let open: Vec<(Entity, Transfer)> = replica
        .db()
        .live_rows_of(&[Entity::Transfer, Entity::TransferIn])?
        .into_iter()
        .filter_map(|r| Some((r.entity, Transfer::from_row(&r).ok()?)))
        .filter(|(_, t)| t.status.is_open())
        .collect();
    if open.is_empty() {
        return Ok(None);
    }
    let (entity, t) = &open[rng.gen_range(0..open.len())];
    let transfer_id = t.transfer_id;
    Ok(Some(match (entity, rng.gen_range(0..3u32)) {
        (Entity::TransferIn, 0) => Request::RefuseTransfer(RefuseTransfer {
            transfer_id,
            reason: "Chưa đủ hồ sơ".into(),
        }),
        (Entity::TransferIn, _) => Request::ConfirmTransfer(ConfirmTransfer { transfer_id }),
        _ => Request::CancelTransfer(CancelTransfer {
            transfer_id,
            reason: String::new(),
        }),
    }))
}
