//! Many devices against one server: each is a cell secretary's phone that pushes small
//! batches of edits to its own cell's members and pulls after each push.
//!
//! Two shapes of load: saturation (no pause between cycles: the server's capacity) and
//! paced (a pause of 0–2 s, about one push per device a second: the latency a phone
//! sees when 1,000 of them work at the target rate).

use anyhow::{bail, Result};
use rand::rngs::SmallRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::json;
use sotay_model::hlc::Hlc;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{
    Cursor, Outcome, PullRequest, PushRequest, PushResponse, PROTOCOL_VERSION,
};
use sotay_model::Entity;
use sotay_server::demo::GenCell;
use sotay_server::{rows, Store, DEFAULT_CODE_TTL_MS};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const NAMES: &[&str] = &[
    "Nguyễn Văn An",
    "Trần Thị Hoa",
    "Lê Minh Tuấn",
    "Phạm Thu Hương",
    "Vũ Đức Thắng",
    "Bùi Thị Lan",
];

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Of a pull's answer the simulated device keeps only its cursor: the load generator
/// shares the server's two cores, and building every pulled row was CPU the server
/// then did not get. (Replicas that keep the rows are measured by the first syncs.)
#[derive(serde::Deserialize)]
struct PulledCursor {
    cursor: Cursor,
}

/// `sotay_server::http::conn::MAX_CONNECTIONS` (private to the server).
pub const SERVER_MAX_CONNECTIONS: usize = 4_096;

/// One simulated device.
#[derive(Clone, Debug)]
pub struct Device {
    id: DeviceId,
    credential: String,
    cell: Id,
    members: Vec<Id>,
    cursor: Cursor,
    counter: u32,
}

#[allow(dead_code)] // `new` and `id` are for the soak's churn (`soak.rs`) only.
impl Device {
    /// A device enrolled elsewhere (over HTTP), starting with an empty cursor.
    pub fn new(id: DeviceId, credential: String, cell: Id, members: Vec<Id>) -> Device {
        Device {
            id,
            credential,
            cell,
            members,
            cursor: Cursor::default(),
            counter: 0,
        }
    }

    pub fn id(&self) -> DeviceId {
        self.id
    }

    pub fn cell(&self) -> Id {
        self.cell
    }

    /// The members of its cell it edits (after a transfer in or out).
    pub fn set_members(&mut self, members: Vec<Id>) {
        self.members = members;
    }
}

/// Enroll `n` devices for the secretaries of the cells, round robin (through the
/// store: the HTTP enrollment is rate limited per address, as it should be).
pub fn enroll_devices(store: &dyn Store, cells: &[GenCell], n: usize) -> Result<Vec<Device>> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let cell = &cells[i % cells.len()];
        let code = store.create_enroll_code(cell.members[0], DEFAULT_CODE_TTL_MS, now_ms())?;
        let e = store.enroll(&code, &format!("máy thử {i}"), now_ms())?;
        out.push(Device {
            id: e.device_id,
            credential: e.credential,
            cell: cell.id,
            members: cell.members.clone(),
            cursor: Cursor::default(),
            counter: 0,
        });
    }
    Ok(out)
}

/// What one load run measured.
#[derive(Clone, Debug)]
pub struct LoadRun {
    pub changes_per_s: f64,
    pub push_p99_ms: f64,
    pub pull_p99_ms: f64,
}

pub fn p99(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[((v.len() as f64 * 0.99).ceil() as usize).clamp(1, v.len()) - 1]
}

struct Tally {
    push_ms: Vec<f64>,
    pull_ms: Vec<f64>,
    accepted: u64,
    refused: u64,
}

async fn cycle_all(
    client: reqwest::Client,
    url: Arc<str>,
    mut d: Device,
    cycles: usize,
    batch: usize,
    pause_max_ms: u64,
    seed: u64,
) -> Result<(Device, Tally)> {
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut t = Tally {
        push_ms: Vec::new(),
        pull_ms: Vec::new(),
        accepted: 0,
        refused: 0,
    };
    for _ in 0..cycles {
        if pause_max_ms > 0 {
            // The load model (a person using the app), not synchronisation.
            tokio::time::sleep(Duration::from_millis(rng.gen_range(0..pause_max_ms))).await;
        }
        let changes = (0..batch)
            .map(|_| {
                d.counter += 1;
                let at = now_ms();
                let hlc = Hlc {
                    wall_ms: at,
                    counter: d.counter,
                    node: d.id,
                };
                let member = *d.members.choose(&mut rng).unwrap_or(&d.members[0]);
                let name = *NAMES.choose(&mut rng).unwrap_or(&NAMES[0]);
                rows::edit_change(
                    Id::v7(at, rng.gen()),
                    Entity::Member,
                    member,
                    d.cell,
                    vec![("full_name", json!(name))],
                    hlc,
                )
            })
            .collect();
        let body = PushRequest {
            protocol: PROTOCOL_VERSION,
            changes,
        };
        let start = Instant::now();
        let resp = client
            .post(format!("{url}/v1/push"))
            .bearer_auth(&d.credential)
            .json(&body)
            .send()
            .await?;
        if !resp.status().is_success() {
            bail!("push answered {}", resp.status());
        }
        let pushed: PushResponse = resp.json().await?;
        t.push_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        for r in &pushed.results {
            match r.outcome {
                Outcome::Accepted { .. } => t.accepted += 1,
                Outcome::Rejected { .. } => {
                    if t.refused == 0 && std::env::var_os("LOAD_DEBUG").is_some() {
                        eprintln!("refused: {:?}", r.outcome);
                    }
                    t.refused += 1
                }
            }
        }
        let start = Instant::now();
        let resp = client
            .post(format!("{url}/v1/pull"))
            .bearer_auth(&d.credential)
            .json(&PullRequest {
                protocol: PROTOCOL_VERSION,
                cursor: d.cursor,
                limit: 1000,
            })
            .send()
            .await?;
        if !resp.status().is_success() {
            bail!("pull answered {}", resp.status());
        }
        let page: PulledCursor = resp.json().await?;
        t.pull_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        d.cursor = page.cursor;
    }
    Ok((d, t))
}

/// All devices at once, `cycles` push+pull each; devices come back with their cursors.
pub fn run(
    url: &str,
    devices: Vec<Device>,
    cycles: usize,
    batch: usize,
    pause_max_ms: u64,
) -> Result<(Vec<Device>, LoadRun)> {
    run_on(&[url], devices, cycles, batch, pause_max_ms)
}

/// As [`run`], with the devices spread over several servers (device `i` talks to
/// `urls[i % urls.len()]`), as a load balancer in front of them would.
pub fn run_on(
    urls: &[&str],
    devices: Vec<Device>,
    cycles: usize,
    batch: usize,
    pause_max_ms: u64,
) -> Result<(Vec<Device>, LoadRun)> {
    if urls.is_empty() {
        bail!("no server to load");
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let mut client = reqwest::Client::builder().timeout(Duration::from_secs(120));
        if devices.len() > SERVER_MAX_CONNECTIONS {
            // More devices than the server keeps connections open: one kept open by
            // each would leave the rest waiting in the listen backlog until a kept
            // one idles out (30 s). Phones beyond that many connect per request.
            client = client.pool_max_idle_per_host(0);
        }
        let client = client.build()?;
        let urls: Vec<Arc<str>> = urls.iter().map(|&u| u.into()).collect();
        let start = Instant::now();
        let tasks: Vec<_> = devices
            .into_iter()
            .enumerate()
            .map(|(i, d)| {
                tokio::spawn(cycle_all(
                    client.clone(),
                    urls[i % urls.len()].clone(),
                    d,
                    cycles,
                    batch,
                    pause_max_ms,
                    i as u64,
                ))
            })
            .collect();
        let mut back = Vec::new();
        let (mut push_ms, mut pull_ms, mut accepted, mut refused) = (vec![], vec![], 0, 0);
        for task in tasks {
            let (d, t) = task.await??;
            back.push(d);
            push_ms.extend(t.push_ms);
            pull_ms.extend(t.pull_ms);
            accepted += t.accepted;
            refused += t.refused;
        }
        let secs = start.elapsed().as_secs_f64();
        if refused > 0 {
            bail!(
                "{refused} of {} pushed changes were refused",
                accepted + refused
            );
        }
        Ok((
            back,
            LoadRun {
                changes_per_s: accepted as f64 / secs,
                push_p99_ms: p99(push_ms),
                pull_p99_ms: p99(pull_ms),
            },
        ))
    })
}
