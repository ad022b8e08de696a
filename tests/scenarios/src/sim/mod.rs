//! Deterministic simulation of sotay's sync (DESIGN §4.8): eight or more real replicas
//! (rusqlite files) and a real `SqliteStore` exchange messages through a network that
//! drops, duplicates, delays and reorders them, while the replicas edit offline, clocks
//! are skewed and the server restarts. Everything random comes from one seed, so a
//! failing seed replays exactly.
//!
//! At the end the network heals and everyone syncs; then every replica must equal the
//! server's view of its scope, every change the server acknowledged must still be in
//! the server's rows (or be beaten by a newer stamp), and no change may have been
//! given two sequence numbers.

pub mod check;
pub mod exchange;
pub mod files;
pub mod inspection;
pub mod meetings;
pub mod network;
pub mod node;
pub mod records;
pub mod schedule;
pub mod tasks;
pub mod transport;
pub mod world;

use anyhow::Result;
use network::{Faults, Network};
use node::{Msg, Sim};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

#[derive(Clone, Copy, Debug)]
pub struct Config {
    pub seed: u64,
    pub steps: u32,
    pub faults: Faults,
    pub restart_per_mille: u32,
}

impl Config {
    pub fn new(seed: u64) -> Config {
        Config {
            seed,
            steps: 1_500,
            faults: Faults {
                drop_per_mille: 150,
                duplicate_per_mille: 150,
            },
            restart_per_mille: 8,
        }
    }
}

#[derive(Debug, Default)]
pub struct Report {
    pub divergences: Vec<String>,
    pub lost: Vec<String>,
    pub stats: Stats,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stats {
    pub local_edits: u64,
    pub refused_locally: u64,
    pub accepted: u64,
    pub rejected: u64,
    /// Refused for running ahead of the server's clock, stamped again (issue 12).
    pub restamped: u64,
    pub delivered: u64,
    pub dropped: u64,
    pub duplicated: u64,
    pub restarts: u64,
    pub resets: u64,
    /// Check-ins and attendance marks written on devices (issue 6).
    pub attendance_events: u64,
    /// Syncs run by a device's real engine over the simulated transport.
    pub engine_syncs: u64,
    /// Files attached on devices.
    pub attached: u64,
    /// Attachment files the server received from a device's engine.
    pub uploads: u64,
    /// Attachment files downloaded on a device and found equal to what was attached.
    pub downloads: u64,
    /// Devices revoked, each by an administrator's `RevokeDevice` request over the
    /// lossy transport.
    pub revocations: u64,
    /// Revoked devices that heard it and wiped themselves.
    pub wipes: u64,
    /// `Enroll` requests devices sent over the lossy transport (each device enrolls
    /// once; the rest were lost on the way or their answer was).
    pub enroll_requests: u64,
    /// Codes asked for again because a lost answer had used the first.
    pub codes_reissued: u64,
    /// Administration requests (`IssueEnrollCode`, `RevokeDevice`) an administrator's
    /// device sent over the lossy transport, retries included.
    pub admin_requests: u64,
}

/// Run one seed to the end and check it.
pub fn run(cfg: Config) -> Result<Report> {
    let mut rng = SmallRng::seed_from_u64(cfg.seed);
    let mut sim = Sim::start(cfg.seed, cfg.faults)?;
    let mut net: Network<Msg> = Network::new();

    // In a third of the seeds an administrator revokes one device halfway through.
    let revoked = cfg
        .seed
        .is_multiple_of(3)
        .then(|| 1 + (cfg.seed / 3) as usize % (sim.nodes.len() - 1));
    for step in 0..cfg.steps {
        if step == cfg.steps / 2 {
            if let Some(who) = revoked {
                sim.revoke(who, cfg.faults, &mut rng)?;
            }
        }
        sim.advance_clocks(&mut rng);
        let roll = rng.gen_range(0..1000u32);
        if roll < cfg.restart_per_mille {
            sim.restart_server(cfg.seed)?;
            continue;
        }
        let who = rng.gen_range(0..sim.nodes.len());
        match rng.gen_range(0..100u32) {
            0..=28 => sim.local_edit(who, &mut rng)?,
            29 => {
                if rng.gen_ratio(1, 3) {
                    sim.attach_file(who, &mut rng)?;
                }
            }
            30..=49 => sim.start_request(who, &mut net)?,
            50..=89 => {
                if let Some(msg) = net.next(&mut rng, cfg.faults) {
                    sim.deliver(msg, &mut net)?;
                }
            }
            90..=92 => sim.nodes[who].give_up(),
            93..=94 => {
                if sim.nodes[who].is_idle() {
                    sim.engine_sync(who, cfg.faults, u64::from(step))?;
                }
            }
            _ => sim.toggle_online(who, &mut net),
        }
    }

    // The network heals: everyone comes online, every message in flight is lost (the
    // connections time out), and each device syncs until a full round changes nothing.
    net.drop_all();
    for n in sim.nodes.iter_mut() {
        n.online = true;
        n.give_up();
    }
    // Each device's engine runs once over the healed network: pending attachment files
    // go up, and a revoked device still unaware hears it.
    for who in 0..sim.nodes.len() {
        sim.engine_sync(who, Faults::NONE, u64::from(cfg.steps))?;
    }
    let mut quiet_rounds = 0;
    for _round in 0..50 {
        let mut moved = false;
        for who in 0..sim.nodes.len() {
            moved |= sim.sync_fully(who, &mut net)?;
        }
        quiet_rounds = if moved { 0 } else { quiet_rounds + 1 };
        if quiet_rounds == 1 {
            break;
        }
    }

    sim.stats.delivered = net.delivered;
    sim.stats.dropped = net.dropped;
    sim.stats.duplicated = net.duplicated;
    let mut files = Vec::new();
    sim.check_files(&mut files)?;
    let mut report = check::check(&sim)?;
    report.divergences.extend(files);
    if quiet_rounds == 0 {
        report
            .divergences
            .push("the replicas did not settle after 50 rounds of syncing".into());
    }
    report.stats = sim.stats.clone();
    Ok(report)
}
