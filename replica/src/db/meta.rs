//! The `meta` key/value table: who this device is, its credential, the server, the pull
//! cursor, the clock's high-water mark and its offset to the server's time, and the last
//! sync's outcome.

use super::Db;
use crate::error::DbError;
use rusqlite::{params, Connection, OptionalExtension};
use sotay_model::hlc::{Clock, Hlc};
use sotay_model::protocol::Cursor;
use sotay_model::{DeviceId, Id};

const SERVER: &str = "server";
const DEVICE_ID: &str = "device_id";
const MEMBER_ID: &str = "member_id";
const CREDENTIAL: &str = "credential";
const CURSOR: &str = "cursor";
const HLC: &str = "hlc";
/// Milliseconds from this device's clock to the server's, as the last answer said.
const CLOCK_OFFSET: &str = "clock_offset_ms";
const LAST_SYNCED: &str = "last_synced_ms";
const ONLINE: &str = "online";
const SERVER_PIN: &str = "server_pin_sha256";

/// What enrollment gave this device. The credential is a secret: Debug leaves it out.
#[derive(Clone, PartialEq, Eq)]
pub struct Identity {
    pub server: String,
    pub device_id: DeviceId,
    pub member_id: Id,
    pub credential: String,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("server", &self.server)
            .field("device_id", &self.device_id)
            .field("member_id", &self.member_id)
            .finish_non_exhaustive()
    }
}

pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>, DbError> {
    Ok(conn
        .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub(crate) fn set(conn: &Connection, key: &str, value: &str) -> Result<(), DbError> {
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

pub(crate) fn delete(conn: &Connection, key: &str) -> Result<(), DbError> {
    conn.prepare_cached("DELETE FROM meta WHERE key = ?1")?
        .execute([key])?;
    Ok(())
}

fn get_json<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    key: &str,
) -> Result<Option<T>, DbError> {
    get(conn, key)?
        .map(|s| serde_json::from_str(&s))
        .transpose()
        .map_err(DbError::from)
}

fn parse_id(s: Option<String>, key: &str) -> Result<Option<Id>, DbError> {
    s.map(|v| {
        v.parse()
            .map_err(|_| DbError::Corrupt(format!("meta.{key} không phải mã định danh")))
    })
    .transpose()
}

/// Persist the clock's high-water mark inside the caller's transaction.
pub(crate) fn store_hlc(conn: &Connection, hlc: Hlc) -> Result<(), DbError> {
    set(conn, HLC, &serde_json::to_string(&hlc)?)
}

/// Raise the in-memory clock to the stored high-water mark and take the stored offset
/// to the server's time: another process using the same file (the CLI beside the
/// headless host) may have issued later stamps or synced, and two changes must never
/// share a stamp. Call inside the write transaction.
pub(crate) fn catch_up_clock(conn: &Connection, clock: &mut Clock) -> Result<(), DbError> {
    if let Some(stored) = get_json::<Hlc>(conn, HLC)? {
        if (stored.wall_ms, stored.counter) > (clock.last().wall_ms, clock.last().counter) {
            let offset = clock.offset_ms();
            *clock = Clock::resume(clock.last().node, Some(stored));
            if let Some(offset) = offset {
                clock.set_offset(offset);
            }
        }
    }
    if let Some(offset) = get(conn, CLOCK_OFFSET)?.and_then(|s| s.parse().ok()) {
        clock.set_offset(offset);
    }
    Ok(())
}

/// The server answered at `server_ms` while this device's clock read `device_ms`: from
/// now on the clock reads the server's time (DESIGN §4.7, issue 12), so a device whose
/// own clock is days off neither stamps what the server refuses nor refuses to adopt
/// what others stamped. A high-water mark the server would refuse drops to its time
/// (see `Clock::bound_by_server`). Inside the caller's transaction.
pub(crate) fn note_server_time(
    conn: &Connection,
    clock: &mut Clock,
    server_ms: u64,
    device_ms: u64,
) -> Result<(), DbError> {
    catch_up_clock(conn, clock)?;
    let offset = (i128::from(server_ms) - i128::from(device_ms))
        .clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
    clock.set_offset(offset);
    set(conn, CLOCK_OFFSET, &offset.to_string())?;
    if clock.bound_by_server(server_ms) {
        store_hlc(conn, clock.last())?;
    }
    Ok(())
}

pub(crate) fn store_cursor(conn: &Connection, cursor: Cursor) -> Result<(), DbError> {
    set(conn, CURSOR, &serde_json::to_string(&cursor)?)
}

impl Db {
    pub(super) fn load_clock(&mut self) -> Result<(), DbError> {
        let device = parse_id(get(&self.conn, DEVICE_ID)?, DEVICE_ID)?;
        let last: Option<Hlc> = get_json(&self.conn, HLC)?;
        self.clock = device.map(|d| Clock::resume(d, last));
        // Not bounded here: only a fresh answer from the server says what its time is
        // (a device clock set back since the last sync must not make this device's
        // next edit lose to its own earlier one). A mark poisoned before issue 12 drops
        // at the next sync, whose push then re-stamps what was made meanwhile.
        if let Some(clock) = self.clock.as_mut() {
            catch_up_clock(&self.conn, clock)?;
        }
        Ok(())
    }

    /// The enrolled identity, or `None` before enrollment (or after a wipe).
    pub fn identity(&self) -> Result<Option<Identity>, DbError> {
        let c = &self.conn;
        let (Some(server), Some(credential)) = (get(c, SERVER)?, get(c, CREDENTIAL)?) else {
            return Ok(None);
        };
        let (Some(device_id), Some(member_id)) = (
            parse_id(get(c, DEVICE_ID)?, DEVICE_ID)?,
            parse_id(get(c, MEMBER_ID)?, MEMBER_ID)?,
        ) else {
            return Ok(None);
        };
        Ok(Some(Identity {
            server,
            device_id,
            member_id,
            credential,
        }))
    }

    /// Store what enrollment returned and start the clock for this device.
    pub fn set_identity(&mut self, id: &Identity) -> Result<(), DbError> {
        let tx = self.conn.transaction()?;
        set(&tx, SERVER, &id.server)?;
        set(&tx, DEVICE_ID, &id.device_id.to_string())?;
        set(&tx, MEMBER_ID, &id.member_id.to_string())?;
        set(&tx, CREDENTIAL, &id.credential)?;
        tx.commit()?;
        self.load_clock()
    }

    /// The pinned server key (base64 SHA-256 of its SubjectPublicKeyInfo), if any.
    pub fn server_pin(&self) -> Result<Option<String>, DbError> {
        get(&self.conn, SERVER_PIN)
    }

    /// Pin the server's key (set at enrollment, with the identity).
    pub fn set_server_pin(&self, pin: Option<&str>) -> Result<(), DbError> {
        match pin {
            Some(p) => set(&self.conn, SERVER_PIN, p.trim()),
            None => delete(&self.conn, SERVER_PIN),
        }
    }

    /// Where the next pull starts (epoch 0, seq 0 for a new device).
    pub fn cursor(&self) -> Result<Cursor, DbError> {
        Ok(get_json(&self.conn, CURSOR)?.unwrap_or_default())
    }

    /// The highest clock stamp this device has issued or seen.
    pub fn clock_high_water(&self) -> Option<Hlc> {
        self.clock.as_ref().map(Clock::last)
    }

    /// Set the clock by the server's time (see the free function `note_server_time`
    /// above), in a transaction.
    pub fn note_server_time(&mut self, server_ms: u64, device_ms: u64) -> Result<(), DbError> {
        let Some(clock) = self.clock.as_mut() else {
            return Ok(());
        };
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        note_server_time(&tx, clock, server_ms, device_ms)?;
        tx.commit()?;
        Ok(())
    }

    /// The clock's reading of the server's time when the device's clock reads
    /// `device_ms` (the device's own time before enrollment).
    pub fn server_time(&self, device_ms: u64) -> u64 {
        self.clock
            .as_ref()
            .map_or(device_ms, |c| c.physical(device_ms))
    }

    /// Record how the last contact with the server went; `synced_at` when it caught up.
    pub fn set_sync_outcome(&self, online: bool, synced_at: Option<u64>) -> Result<(), DbError> {
        set(&self.conn, ONLINE, if online { "1" } else { "0" })?;
        if let Some(ms) = synced_at {
            set(&self.conn, LAST_SYNCED, &ms.to_string())?;
        }
        Ok(())
    }

    /// (online, last_synced_ms) as last recorded.
    pub fn sync_outcome(&self) -> Result<(bool, Option<u64>), DbError> {
        let online = get(&self.conn, ONLINE)?.as_deref() == Some("1");
        let last = get(&self.conn, LAST_SYNCED)?.and_then(|s| s.parse().ok());
        Ok((online, last))
    }
}
