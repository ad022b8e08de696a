//! Time and randomness, injected so that a seeded simulator drives the same code
//! deterministically (STYLE: the sync core takes its clock and randomness as parameters).

use rand::{rngs::StdRng, RngCore, SeedableRng};
use sotay_model::Id;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

pub trait Env: Send + Sync {
    /// Unix time in milliseconds.
    fn now_ms(&self) -> u64;
    /// Ten random bytes for a UUIDv7.
    fn random(&self) -> [u8; 10];
    /// Milliseconds on a clock that only moves forward, from an arbitrary start in this
    /// process: what the PIN back-off measures waits with (the wall clock can be set).
    fn monotonic_ms(&self) -> u64 {
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        START
            .get_or_init(std::time::Instant::now)
            .elapsed()
            .as_millis() as u64
    }
    /// A fresh row or change id.
    fn new_id(&self) -> Id {
        Id::v7(self.now_ms(), self.random())
    }
}

/// The real clock and the operating system's randomness.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemEnv;

impl Env for SystemEnv {
    fn now_ms(&self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0)
    }
    fn random(&self) -> [u8; 10] {
        let mut b = [0u8; 10];
        rand::rngs::OsRng.fill_bytes(&mut b);
        b
    }
}

/// A manual clock and a seeded generator: the same seed gives the same ids. `advance`
/// moves both the wall and the monotonic clock; `set_now` sets the wall clock alone
/// (a user changing the device's time).
#[derive(Debug)]
pub struct SeededEnv {
    now: AtomicU64,
    monotonic: AtomicU64,
    rng: Mutex<StdRng>,
}

impl SeededEnv {
    pub fn new(seed: u64, start_ms: u64) -> SeededEnv {
        SeededEnv {
            now: AtomicU64::new(start_ms),
            monotonic: AtomicU64::new(0),
            rng: Mutex::new(StdRng::seed_from_u64(seed)),
        }
    }
    pub fn advance(&self, ms: u64) {
        self.now.fetch_add(ms, Ordering::SeqCst);
        self.monotonic.fetch_add(ms, Ordering::SeqCst);
    }
    pub fn set_now(&self, ms: u64) {
        self.now.store(ms, Ordering::SeqCst);
    }
}

impl Env for SeededEnv {
    fn now_ms(&self) -> u64 {
        self.now.load(Ordering::SeqCst)
    }
    fn monotonic_ms(&self) -> u64 {
        self.monotonic.load(Ordering::SeqCst)
    }
    fn random(&self) -> [u8; 10] {
        let mut b = [0u8; 10];
        // A poisoned lock only means another thread panicked mid-draw; the state is fine.
        let mut rng = self.rng.lock().unwrap_or_else(|p| p.into_inner());
        rng.fill_bytes(&mut b);
        b
    }
}
