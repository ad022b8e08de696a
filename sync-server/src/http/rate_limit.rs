//! In-memory, per-minute limits: enrollment attempts per client address and per code
//! (so codes cannot be guessed at speed), failed credentials per address (so device
//! secrets cannot be tried at speed) and codes issued per device. One server process
//! only; a fleet behind a load balancer needs the limit at the balancer too.

use sotay_model::ids::DeviceId;
use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};

const WINDOW_MS: u64 = 60_000;
/// The map is split in shards, each behind its own lock, so a sweep or a burst on one
/// key holds up only a sixteenth of the others.
const SHARDS: usize = 16;
/// Keys one shard holds: 16 × 4,096 = 65,536 in all (about 8 MiB at most). A full
/// shard first drops expired windows, then the window that started earliest: flooding
/// from that many addresses can reset an old count, never grow the map.
pub const SHARD_CAP: usize = 4_096;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Ip(IpAddr),
    Code(String),
    AuthFailure(IpAddr),
    Issuer(DeviceId),
}

/// IPv6 clients usually get a /64 each: counting single addresses would let one
/// client rotate through billions of keys, so a /64 counts as one address.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::from([s[0], s[1], s[2], s[3], 0, 0, 0, 0])
            }
        },
        v4 => v4,
    }
}

/// Attempts allowed per minute.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub enroll_per_ip: u32,
    pub enroll_per_code: u32,
    /// Requests with a wrong or unknown credential from one address; past it, even a
    /// right credential from that address waits for the window to pass.
    pub auth_failures_per_ip: u32,
    /// Enrollment codes one device may issue.
    pub codes_per_device: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            enroll_per_ip: 10,
            enroll_per_code: 5,
            auth_failures_per_ip: 20,
            codes_per_device: 60,
        }
    }
}

type Shard = HashMap<Key, (u64, u32)>;

#[derive(Debug)]
pub struct RateLimiter {
    limits: Limits,
    shard_cap: usize,
    hasher: RandomState,
    shards: Vec<Mutex<Shard>>,
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter::new(Limits::default())
    }
}

impl RateLimiter {
    pub fn new(limits: Limits) -> RateLimiter {
        RateLimiter::with_shard_cap(limits, SHARD_CAP)
    }

    /// A limiter whose shards hold at most `shard_cap` keys each (tests use few).
    pub fn with_shard_cap(limits: Limits, shard_cap: usize) -> RateLimiter {
        RateLimiter {
            limits,
            shard_cap: shard_cap.max(1),
            // Random per process, so nobody can aim many keys at one shard.
            hasher: RandomState::new(),
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }

    /// Keys tracked now, over all shards.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.shards.iter().map(|s| lock(s).len()).sum()
    }

    /// The most keys ever tracked.
    #[cfg(test)]
    fn capacity(&self) -> usize {
        self.shard_cap * SHARDS
    }

    fn shard(&self, key: &Key) -> MutexGuard<'_, Shard> {
        let i = (self.hasher.hash_one(key) as usize) % SHARDS;
        lock(&self.shards[i])
    }

    /// The count in `key`'s current window, without adding to it.
    fn current(&self, key: &Key, now_ms: u64) -> u32 {
        match self.shard(key).get(key) {
            Some((start, n)) if now_ms.saturating_sub(*start) < WINDOW_MS => *n,
            _ => 0,
        }
    }

    fn hit(&self, key: Key, limit: u32, now_ms: u64) -> bool {
        let mut shard = self.shard(&key);
        if !shard.contains_key(&key) && shard.len() >= self.shard_cap {
            make_room(&mut shard, self.shard_cap, now_ms);
        }
        let entry = shard.entry(key).or_insert((now_ms, 0));
        if now_ms.saturating_sub(entry.0) >= WINDOW_MS {
            *entry = (now_ms, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        entry.1 <= limit
    }

    /// Whether an address has used up its failed-credential attempts for this window.
    pub fn auth_blocked(&self, ip: IpAddr, now_ms: u64) -> bool {
        self.current(&Key::AuthFailure(client_key(ip)), now_ms) >= self.limits.auth_failures_per_ip
    }

    /// Count a request whose credential was refused.
    pub fn auth_failed(&self, ip: IpAddr, now_ms: u64) {
        self.hit(
            Key::AuthFailure(client_key(ip)),
            self.limits.auth_failures_per_ip,
            now_ms,
        );
    }

    /// Count a code issued by `device`; `false` when over its limit.
    pub fn code_issued(&self, device: DeviceId, now_ms: u64) -> bool {
        self.hit(Key::Issuer(device), self.limits.codes_per_device, now_ms)
    }

    /// Count an enrollment attempt; `false` when the address or the code is over its
    /// limit (the attempt is still counted, so hammering does not reopen the window).
    pub fn enroll_attempt(&self, ip: IpAddr, code: &str, now_ms: u64) -> bool {
        let code: String = code
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_uppercase())
            .take(32)
            .collect();
        // A refused address adds nothing more: its flood cannot grow the code keys.
        self.hit(Key::Ip(client_key(ip)), self.limits.enroll_per_ip, now_ms)
            && self.hit(Key::Code(code), self.limits.enroll_per_code, now_ms)
    }
}

fn lock(shard: &Mutex<Shard>) -> MutexGuard<'_, Shard> {
    // A panic mid-update leaves at worst one count off: keep going.
    shard.lock().unwrap_or_else(|e| e.into_inner())
}

/// Drop expired windows; if all are live, the one that started earliest.
fn make_room(shard: &mut Shard, cap: usize, now_ms: u64) {
    shard.retain(|_, (start, _)| now_ms.saturating_sub(*start) < WINDOW_MS);
    if shard.len() >= cap {
        let oldest = shard
            .iter()
            .min_by_key(|(_, (start, _))| *start)
            .map(|(k, _)| k.clone());
        if let Some(k) = oldest {
            shard.remove(&k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleventh_attempt_in_a_minute_is_refused_and_the_next_minute_is_free() {
        let rl = RateLimiter::new(Limits::default());
        let ip = IpAddr::from([10, 0, 0, 1]);
        for i in 0..10 {
            assert!(rl.enroll_attempt(ip, &format!("CODE{i}"), 1_000));
        }
        assert!(!rl.enroll_attempt(ip, "CODEX", 1_500));
        assert!(rl.enroll_attempt(ip, "CODEY", 61_000));
    }

    #[test]
    fn failed_credentials_block_the_address_for_the_window() {
        let rl = RateLimiter::new(Limits::default());
        let ip = IpAddr::from([10, 0, 0, 2]);
        for _ in 0..20 {
            assert!(!rl.auth_blocked(ip, 0));
            rl.auth_failed(ip, 0);
        }
        assert!(rl.auth_blocked(ip, 59_999));
        assert!(!rl.auth_blocked(IpAddr::from([10, 0, 0, 3]), 0));
        assert!(!rl.auth_blocked(ip, 60_000));
    }

    #[test]
    fn one_code_is_limited_across_addresses() {
        let rl = RateLimiter::new(Limits::default());
        for i in 0..5u8 {
            assert!(rl.enroll_attempt(IpAddr::from([10, 0, 0, i]), "k7qx-m2pa", 0));
        }
        assert!(!rl.enroll_attempt(IpAddr::from([10, 0, 1, 9]), "K7QXM2PA", 0));
    }

    #[test]
    fn the_map_stays_under_its_cap_when_hit_from_many_addresses() {
        let rl = RateLimiter::with_shard_cap(Limits::default(), 64);
        for i in 0..20_000u32 {
            let ip = IpAddr::from(i.to_be_bytes());
            rl.auth_failed(ip, 1_000);
            rl.enroll_attempt(ip, &format!("C{i}"), 1_000);
            assert!(rl.len() <= rl.capacity());
        }
        assert_eq!(rl.capacity(), 64 * SHARDS);
        assert!(
            rl.len() > rl.capacity() / 2,
            "the cap is used, not a tiny map"
        );
        // The default cap, hit from more addresses than it holds.
        let rl = RateLimiter::new(Limits::default());
        for i in 0..(SHARD_CAP * SHARDS + 5_000) as u32 {
            rl.auth_failed(IpAddr::from(i.to_be_bytes()), 1_000);
        }
        assert!(rl.len() <= SHARD_CAP * SHARDS);
    }

    #[test]
    fn a_refused_address_adds_no_code_keys() {
        let rl = RateLimiter::new(Limits::default());
        let ip = IpAddr::from([10, 0, 0, 7]);
        for i in 0..10 {
            assert!(rl.enroll_attempt(ip, &format!("CODE{i}"), 0));
        }
        let before = rl.len();
        for i in 0..1_000 {
            assert!(!rl.enroll_attempt(ip, &format!("MORE{i}"), 0));
        }
        assert_eq!(rl.len(), before);
    }

    #[test]
    fn one_ipv6_client_network_counts_as_one_address() {
        let rl = RateLimiter::new(Limits::default());
        let host = |h: u16| IpAddr::from([0x2001, 0xdb8, 1, 2, 0, 0, 0, h]);
        for i in 0..10u16 {
            assert!(rl.enroll_attempt(host(i), &format!("CODE{i}"), 0));
        }
        assert!(!rl.enroll_attempt(host(999), "CODEX", 0));
        assert!(rl.enroll_attempt(IpAddr::from([0x2001, 0xdb8, 1, 3, 0, 0, 0, 1]), "CODEY", 0));
    }
}
