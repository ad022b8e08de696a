//! In-memory, per-minute limits on enrollment attempts, per client address and per
//! code, so codes cannot be guessed at speed. One server process only; a fleet behind
//! a load balancer needs the limit at the balancer too.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

const WINDOW_MS: u64 = 60_000;
/// Past this many tracked keys, expired windows are swept.
const SWEEP_AT: usize = 10_000;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Ip(IpAddr),
    Code(String),
}

/// Attempts allowed per minute.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub enroll_per_ip: u32,
    pub enroll_per_code: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            enroll_per_ip: 10,
            enroll_per_code: 5,
        }
    }
}

#[derive(Debug, Default)]
pub struct RateLimiter {
    limits: Limits,
    windows: Mutex<HashMap<Key, (u64, u32)>>,
}

impl RateLimiter {
    pub fn new(limits: Limits) -> RateLimiter {
        RateLimiter {
            limits,
            windows: Mutex::default(),
        }
    }

    /// Count an enrollment attempt; `false` when the address or the code is over its
    /// limit (the attempt is still counted, so hammering does not reopen the window).
    pub fn enroll_attempt(&self, ip: IpAddr, code: &str, now_ms: u64) -> bool {
        let mut w = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if w.len() > SWEEP_AT {
            w.retain(|_, (start, _)| now_ms.saturating_sub(*start) < WINDOW_MS);
        }
        let mut hit = |key: Key, limit: u32| {
            let entry = w.entry(key).or_insert((now_ms, 0));
            if now_ms.saturating_sub(entry.0) >= WINDOW_MS {
                *entry = (now_ms, 0);
            }
            entry.1 = entry.1.saturating_add(1);
            entry.1 <= limit
        };
        let code: String = code
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_uppercase())
            .take(32)
            .collect();
        let ip_ok = hit(Key::Ip(ip), self.limits.enroll_per_ip);
        let code_ok = hit(Key::Code(code), self.limits.enroll_per_code);
        ip_ok && code_ok
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
    fn one_code_is_limited_across_addresses() {
        let rl = RateLimiter::new(Limits::default());
        for i in 0..5u8 {
            assert!(rl.enroll_attempt(IpAddr::from([10, 0, 0, i]), "k7qx-m2pa", 0));
        }
        assert!(!rl.enroll_attempt(IpAddr::from([10, 0, 1, 9]), "K7QXM2PA", 0));
    }
}
