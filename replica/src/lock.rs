//! The optional app PIN (DESIGN §5): 4–8 digits, stored only as an argon2id PHC string
//! in `meta`. With a PIN set the app starts locked and locks itself after some minutes
//! without Api calls; while locked only `Status`, `Unlock` and `Lock` are answered.
//! Wrong PINs are rate limited, and the count survives a restart (it is in `meta`).
//!
//! The PIN guards the app's screens, not the file: the database key does not depend
//! on it (see `db::key`), so a forgotten PIN costs nothing but a re-enrollment.
//! Time comes from the injected `Env`, so tests move the clock instead of sleeping.
//!
//! The back-off does not trust the wall clock, which whoever holds the device can set.
//! The lock keeps its own time: the highest wall time it has seen, carried forward by
//! the monotonic clock while the process runs (`lock_now`), so setting the clock back
//! stops nothing and never shortens a wait. Within a process a wait also ends only
//! after that much monotonic time has passed, so setting the clock forward does not
//! shorten it either. The failure count, the end of the wait and the highest time seen
//! are kept in `meta`, so a restart resets none of them; across a restart only a
//! clock set forward while the app was closed can shorten a wait (nothing on the
//! device can tell it from real time passing), and the count still grows each wait.

use crate::calls::Device;
use crate::db::{meta, Db};
use crate::env::Env;
use crate::error::{invalid, DbError};
use crate::replica::Replica;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rusqlite::Connection;
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::lock::requests::{Lock, SetPin, Unlock};
use sotay_model::sync::Status;
use std::sync::Mutex;

pub const DEFAULT_IDLE_MINUTES: u32 = 5;
/// Wrong PINs allowed before each further attempt must wait.
pub const FREE_ATTEMPTS: u32 = 5;
/// The first wait; it doubles with each further wrong PIN, up to `MAX_WAIT_MS`.
pub const FIRST_WAIT_MS: u64 = 30_000;
pub const MAX_WAIT_MS: u64 = 3_600_000;

const PIN_HASH: &str = "pin_hash";
const IDLE_MINUTES: &str = "pin_idle_minutes";
const FAILURES: &str = "pin_failures";
const BLOCKED_UNTIL: &str = "pin_blocked_until_ms";
/// The highest lock time seen, so a restart with the clock set back starts from it.
const SEEN: &str = "pin_seen_ms";

/// Whether the app is locked, and when it was last used (in memory: a restart locks).
#[derive(Debug)]
pub struct AppLock {
    state: Mutex<LockState>,
    /// The lock's own clock (see the module comment).
    time: Mutex<LockTime>,
    /// One PIN check at a time: parallel attempts must not all read the same failure
    /// count and so get more tries than the limit allows.
    attempts: Mutex<()>,
}

#[derive(Debug, Clone, Copy)]
struct LockState {
    locked: bool,
    last_activity_ms: u64,
}

#[derive(Debug, Clone, Copy)]
struct LockTime {
    /// The lock time at the last reading, and the monotonic reading then.
    seen_ms: u64,
    seen_mono: u64,
    /// The monotonic reading before which this process refuses PINs (after a failure).
    wait_until_mono: Option<u64>,
}

fn locked_error(message: impl Into<String>) -> ApiError {
    ApiError::new(ApiErrorKind::Locked, message)
}

fn get_u64(db: &Db, key: &str) -> Result<u64, DbError> {
    Ok(meta::get(&db.conn, key)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

/// The stored PIN hash, if a PIN is set.
pub fn pin_hash(db: &Db) -> Result<Option<String>, DbError> {
    meta::get(&db.conn, PIN_HASH)
}

fn idle_ms(conn: &Connection) -> Result<u64, DbError> {
    let minutes = meta::get(conn, IDLE_MINUTES)?
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(DEFAULT_IDLE_MINUTES as u64);
    Ok(minutes * 60_000)
}

/// The wait after `failures` wrong PINs in a row (0 while under the free attempts).
pub fn wait_after(failures: u32) -> u64 {
    if failures < FREE_ATTEMPTS {
        return 0;
    }
    let doublings = (failures - FREE_ATTEMPTS).min(16);
    (FIRST_WAIT_MS << doublings).min(MAX_WAIT_MS)
}

/// A PIN is 4 to 8 digits.
fn check_pin_form(pin: &str) -> Result<(), ApiError> {
    if (4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(invalid("Mã PIN phải gồm từ 4 đến 8 chữ số"))
    }
}

fn hash_pin(pin: &str, env: &dyn Env) -> Result<String, ApiError> {
    let mut salt = [0u8; 16];
    salt[..10].copy_from_slice(&env.random());
    salt[10..].copy_from_slice(&env.random()[..6]);
    let salt = SaltString::encode_b64(&salt)
        .map_err(|e| invalid(format!("Không tạo được mã PIN ({e})")))?;
    // Argon2::default() is argon2id with the RFC 9106 / OWASP second recommendation.
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| invalid(format!("Không tạo được mã PIN ({e})")))
}

impl AppLock {
    /// The lock as the app starts: locked when a PIN is set.
    pub fn at_start(db: &Db, env: &dyn Env) -> Result<AppLock, DbError> {
        let now_ms = env.now_ms().max(get_u64(db, SEEN)?);
        Ok(AppLock {
            state: Mutex::new(LockState {
                locked: pin_hash(db)?.is_some(),
                last_activity_ms: now_ms,
            }),
            time: Mutex::new(LockTime {
                seen_ms: now_ms,
                seen_mono: env.monotonic_ms(),
                wait_until_mono: None,
            }),
            attempts: Mutex::new(()),
        })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, LockState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn time(&self) -> std::sync::MutexGuard<'_, LockTime> {
        self.time.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The lock's time: the wall clock, but never behind the highest time seen plus the
    /// monotonic time since (a clock set back does not take the lock back with it).
    pub fn lock_now(&self, env: &dyn Env) -> u64 {
        let mono = env.monotonic_ms();
        let mut t = self.time();
        let carried = t.seen_ms + mono.saturating_sub(t.seen_mono);
        let now = env.now_ms().max(carried);
        t.seen_ms = now;
        t.seen_mono = mono;
        now
    }

    /// (locked, pin_set) now, after applying the idle timeout.
    /// On any connection to the file (the database's own, or its reader for a
    /// request that reads there without the database mutex).
    pub fn status(&self, conn: &Connection, env: &dyn Env) -> Result<(bool, bool), DbError> {
        let now_ms = self.lock_now(env);
        let set = meta::get(conn, PIN_HASH)?.is_some();
        let mut st = self.state();
        if !set {
            st.locked = false;
        } else if now_ms.saturating_sub(st.last_activity_ms) >= idle_ms(conn)? {
            st.locked = true;
        }
        Ok((st.locked, set))
    }

    /// Let a request through or refuse it because the app is locked. Those answered
    /// `while_locked` (Status, Unlock, Lock) do not count as use: the UI polls Status,
    /// which must not keep the app open.
    pub fn admit(
        &self,
        conn: &Connection,
        env: &dyn Env,
        while_locked: bool,
    ) -> Result<(), ApiError> {
        if while_locked {
            return Ok(());
        }
        let (locked, _) = self.status(conn, env)?;
        let now_ms = self.lock_now(env);
        if locked {
            return Err(locked_error(
                "Ứng dụng đang khóa, hãy nhập mã PIN để mở khóa",
            ));
        }
        self.state().last_activity_ms = now_ms;
        Ok(())
    }

    /// Set or remove the PIN (the app must be unlocked to get here).
    pub fn set_pin(
        &self,
        db: &Db,
        env: &dyn Env,
        pin: Option<&str>,
        idle_minutes: Option<u32>,
    ) -> Result<(), ApiError> {
        if let Some(m) = idle_minutes {
            if !(1..=1440).contains(&m) {
                return Err(invalid("Thời gian tự khóa phải từ 1 đến 1440 phút"));
            }
        }
        match pin {
            Some(pin) => {
                check_pin_form(pin)?;
                let phc = hash_pin(pin, env)?;
                meta::set(&db.conn, PIN_HASH, &phc)?;
            }
            None => meta::delete(&db.conn, PIN_HASH)?,
        }
        if let Some(m) = idle_minutes {
            meta::set(&db.conn, IDLE_MINUTES, &m.to_string())?;
        }
        meta::delete(&db.conn, FAILURES)?;
        meta::delete(&db.conn, BLOCKED_UNTIL)?;
        self.time().wait_until_mono = None;
        *self.state() = LockState {
            locked: false,
            last_activity_ms: self.lock_now(env),
        };
        Ok(())
    }

    /// Lock now; refused when there is no PIN to unlock with.
    pub fn lock(&self, db: &Db) -> Result<(), ApiError> {
        if pin_hash(db)?.is_none() {
            return Err(invalid("Chưa đặt mã PIN nên không thể khóa ứng dụng"));
        }
        self.state().locked = true;
        Ok(())
    }

    /// Check `pin` unless the app must wait after too many wrong ones. The argon2
    /// check runs without the database lock held (`db` is taken only to read and record).
    pub fn unlock(
        &self,
        db: &std::sync::Mutex<Db>,
        env: &dyn Env,
        pin: &str,
    ) -> Result<(), ApiError> {
        let _one_at_a_time = self.attempts.lock().unwrap_or_else(|p| p.into_inner());
        let now = self.lock_now(env);
        let mono = env.monotonic_ms();
        let (phc, failures) = {
            let db = crate::sync::lock(db);
            let Some(phc) = pin_hash(&db)? else {
                self.state().locked = false;
                return Ok(());
            };
            meta::set(&db.conn, SEEN, &now.to_string())?;
            // Wait for whichever ends later: the stored end by lock time, or (in this
            // process) as much monotonic time as the wait lasts.
            let by_wall = get_u64(&db, BLOCKED_UNTIL)?.saturating_sub(now);
            let by_mono = self
                .time()
                .wait_until_mono
                .map_or(0, |until| until.saturating_sub(mono));
            let left = by_wall.max(by_mono);
            if left > 0 {
                // Re-anchor the stored end to the time just stored as seen, so a
                // restart cannot cash in a clock set forward while this process was
                // still counting the wait on the monotonic clock.
                meta::set(&db.conn, BLOCKED_UNTIL, &(now + left).to_string())?;
                let secs = left.div_ceil(1000);
                return Err(locked_error(format!(
                    "Đã nhập sai mã PIN quá nhiều lần, hãy thử lại sau {secs} giây"
                )));
            }
            (phc, get_u64(&db, FAILURES)? as u32)
        };
        let ok = PasswordHash::new(&phc)
            .map(|h| {
                Argon2::default()
                    .verify_password(pin.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false);
        let db = crate::sync::lock(db);
        if ok {
            meta::delete(&db.conn, FAILURES)?;
            meta::delete(&db.conn, BLOCKED_UNTIL)?;
            self.time().wait_until_mono = None;
            *self.state() = LockState {
                locked: false,
                last_activity_ms: now,
            };
            return Ok(());
        }
        let failures = failures.saturating_add(1);
        meta::set(&db.conn, FAILURES, &failures.to_string())?;
        let wait = wait_after(failures);
        if wait > 0 {
            meta::set(&db.conn, BLOCKED_UNTIL, &(now + wait).to_string())?;
            self.time().wait_until_mono = Some(mono + wait);
            return Err(locked_error(format!(
                "Mã PIN không đúng. Hãy thử lại sau {} giây",
                wait / 1000
            )));
        }
        Err(locked_error(format!(
            "Mã PIN không đúng (còn {} lần thử trước khi phải chờ)",
            FREE_ATTEMPTS - failures
        )))
    }
}

impl Device for SetPin {
    fn device(self, r: &Replica) -> Result<Status, ApiError> {
        let pin = self.pin.as_deref();
        r.app_lock()
            .set_pin(&r.db(), r.env(), pin, self.idle_minutes)?;
        r.status()
    }
}

impl Device for Unlock {
    const WHILE_LOCKED: bool = true;
    // The database is not held during argon2 (`AppLock::unlock` takes it briefly).
    fn device(self, r: &Replica) -> Result<Status, ApiError> {
        r.app_lock().unlock(r.db_lock(), r.env(), &self.pin)?;
        r.status()
    }
}

impl Device for Lock {
    const WHILE_LOCKED: bool = true;
    fn device(self, r: &Replica) -> Result<Status, ApiError> {
        r.app_lock().lock(&r.db())?;
        r.status()
    }
}
