//! In-memory, per-minute limits: enrollment attempts per client address and per code
//! (so codes cannot be guessed at speed), failed credentials per address (so device
//! secrets cannot be tried at speed) and codes issued per device. One server process
//! only; a fleet behind a load balancer needs the limit at the balancer too.

use sotay_model::ids::DeviceId;
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
    AuthFailure(IpAddr),
    Issuer(DeviceId),
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

    fn windows(&self, now_ms: u64) -> std::sync::MutexGuard<'_, HashMap<Key, (u64, u32)>> {
        let mut w = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if w.len() > SWEEP_AT {
            w.retain(|_, (start, _)| now_ms.saturating_sub(*start) < WINDOW_MS);
        }
        w
    }

    /// The count in `key`'s current window, without adding to it.
    fn current(&self, key: &Key, now_ms: u64) -> u32 {
        match self.windows(now_ms).get(key) {
            Some((start, n)) if now_ms.saturating_sub(*start) < WINDOW_MS => *n,
            _ => 0,
        }
    }

    fn hit(&self, key: Key, limit: u32, now_ms: u64) -> bool {
        let mut w = self.windows(now_ms);
        let entry = w.entry(key).or_insert((now_ms, 0));
        if now_ms.saturating_sub(entry.0) >= WINDOW_MS {
            *entry = (now_ms, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        entry.1 <= limit
    }

    /// Whether an address has used up its failed-credential attempts for this window.
    pub fn auth_blocked(&self, ip: IpAddr, now_ms: u64) -> bool {
        self.current(&Key::AuthFailure(ip), now_ms) >= self.limits.auth_failures_per_ip
    }

    /// Count a request whose credential was refused.
    pub fn auth_failed(&self, ip: IpAddr, now_ms: u64) {
        self.hit(
            Key::AuthFailure(ip),
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
        let ip_ok = self.hit(Key::Ip(ip), self.limits.enroll_per_ip, now_ms);
        let code_ok = self.hit(Key::Code(code), self.limits.enroll_per_code, now_ms);
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
}
