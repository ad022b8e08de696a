//! Hybrid logical clock (Kulkarni et al.): keeps causal order when device clocks lie
//! (DESIGN §4.7). Ordering is (wall_ms, counter, node); the node (device id) breaks ties.
//!
//! Bounds (issue 12): a stamp whose wall time is more than [`MAX_SKEW_MS`] ahead of the
//! reader's clock, or whose counter exceeds [`MAX_COUNTER`], is not trusted. The server
//! refuses such a stamp in a push; a replica never adopts one into its clock, and
//! [`Hlc::repaired`] is what a row keeps in place of one it already holds.

use crate::ids::DeviceId;
use serde::{Deserialize, Serialize};

/// How far ahead of the server's clock a pushed stamp may be: 15 minutes. Replicas
/// set their clocks by the server's (see [`Clock::set_offset`]), so this covers the
/// second-resolution `Date` header, latency and drift between syncs; it also lets a
/// replica that never learned the server's time (the simulator's clocks are skewed by
/// up to ±10 minutes) sync as before. It is also the most a device's edit can
/// outrank later edits of devices that have not yet seen it.
pub const MAX_SKEW_MS: u64 = 15 * 60 * 1000;

/// The largest counter a stamp may carry: 2^24 − 1 stamps within one millisecond of
/// wall time. A device ticks the counter once per local event while its clock has not
/// passed the greatest wall time it has seen (at most [`MAX_SKEW_MS`] ahead), so even
/// a whole province imported in one batch (~115,000 rows) stays far below it.
pub const MAX_COUNTER: u32 = (1 << 24) - 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Hlc {
    pub wall_ms: u64,
    pub counter: u32,
    pub node: DeviceId,
}

impl Hlc {
    /// Whether a reader whose clock reads `now_ms` may trust this stamp: its wall time
    /// at most [`MAX_SKEW_MS`] ahead, its counter at most [`MAX_COUNTER`].
    pub fn is_plausible(&self, now_ms: u64) -> bool {
        self.wall_ms <= now_ms.saturating_add(MAX_SKEW_MS) && self.counter <= MAX_COUNTER
    }

    /// The least stamp after this one on `node` that stays within [`MAX_COUNTER`]: the
    /// next counter at the same wall time, or the next millisecond at the bound (a
    /// counter past it is refused by the server, and a stamp pulled at the bound must
    /// not stop later stamps from ordering after it).
    pub fn next_on(self, node: DeviceId) -> Hlc {
        if self.counter < MAX_COUNTER {
            Hlc {
                counter: self.counter + 1,
                node,
                ..self
            }
        } else {
            Hlc {
                wall_ms: self.wall_ms.saturating_add(1),
                counter: 0,
                node,
            }
        }
    }

    /// What a stored stamp that is not plausible becomes: the same node at time zero.
    /// Any later edit then wins over the value it stamps, and the rule depends on the
    /// stamp alone, so the server's repair (migration 0007) and each replica's give the
    /// same row whenever they run.
    pub fn repaired(self) -> Hlc {
        Hlc {
            wall_ms: 0,
            counter: 0,
            node: self.node,
        }
    }
}

/// A device's clock. The caller passes the device's physical time in; nothing here
/// reads a clock. The clock reads the server's time: the device's plus an offset
/// learned at each sync, so a device whose own clock is wrong by days still stamps
/// near the server's time (and within what the server accepts).
#[derive(Clone, Debug)]
pub struct Clock {
    last: Hlc,
    /// Milliseconds from the device's clock to the server's, once a sync told it.
    offset_ms: Option<i64>,
}

impl Clock {
    pub fn new(node: DeviceId) -> Clock {
        Clock {
            last: Hlc {
                wall_ms: 0,
                counter: 0,
                node,
            },
            offset_ms: None,
        }
    }

    /// Resume from the highest stamp the device has stored.
    pub fn resume(node: DeviceId, last: Option<Hlc>) -> Clock {
        let mut c = Clock::new(node);
        if let Some(h) = last {
            c.last.wall_ms = h.wall_ms;
            c.last.counter = h.counter;
        }
        c
    }

    pub fn last(&self) -> Hlc {
        self.last
    }

    /// The distance from the device's clock to the server's, if a sync told it.
    pub fn offset_ms(&self) -> Option<i64> {
        self.offset_ms
    }

    /// Take the distance from the device's clock to the server's (learned at a sync).
    pub fn set_offset(&mut self, offset_ms: i64) {
        self.offset_ms = Some(offset_ms);
    }

    /// The server's time, as this clock reckons it, when the device's clock reads
    /// `device_ms`.
    pub fn physical(&self, device_ms: u64) -> u64 {
        let offset = self.offset_ms.unwrap_or(0);
        (i128::from(device_ms) + i128::from(offset)).clamp(0, i128::from(u64::MAX)) as u64
    }

    /// Told the server's time `server_ms` (fresh from an answer): a high-water mark the
    /// server would refuse (the device's clock was ahead, or it adopted a bad stamp
    /// before issue 12) drops back to the server's time, or every later stamp of
    /// this device would be refused forever. Only a fresh server time may do this: a
    /// device clock stepping back must never make a device's later edit lose to its
    /// own earlier one. Returns whether it dropped.
    pub fn bound_by_server(&mut self, server_ms: u64) -> bool {
        if self.last.is_plausible(server_ms) {
            return false;
        }
        self.last.wall_ms = server_ms;
        self.last.counter = 0;
        true
    }

    /// A fresh stamp for a local event, strictly greater than every stamp seen so far.
    pub fn tick(&mut self, device_ms: u64) -> Hlc {
        let now_ms = self.physical(device_ms);
        if now_ms > self.last.wall_ms {
            self.last.wall_ms = now_ms;
            self.last.counter = 0;
        } else {
            self.last = self.last.next_on(self.last.node);
        }
        self.last
    }

    /// Take a remote stamp into account so the next local stamp orders after it. A
    /// stamp more than [`MAX_SKEW_MS`] ahead of this clock (or with an absurd counter)
    /// is not adopted: one such stamp would otherwise make every later local edit of
    /// this device lose to it (issue 12).
    pub fn observe(&mut self, remote: Hlc, device_ms: u64) {
        let now_ms = self.physical(device_ms);
        if !remote.is_plausible(now_ms) {
            return;
        }
        let wall = now_ms.max(remote.wall_ms).max(self.last.wall_ms);
        let counter = if wall == self.last.wall_ms && wall == remote.wall_ms {
            self.last.counter.max(remote.counter)
        } else if wall == self.last.wall_ms {
            self.last.counter
        } else if wall == remote.wall_ms {
            remote.counter
        } else {
            0
        };
        self.last.wall_ms = wall;
        self.last.counter = counter;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_increase_even_when_wall_clock_goes_back() {
        let mut c = Clock::new(DeviceId::from_u128(1));
        let a = c.tick(5_000);
        let b = c.tick(1_000);
        let d = c.tick(5_000);
        assert!(a < b && b < d);
    }

    #[test]
    fn observed_remote_stamp_orders_before_next_local_one() {
        let mut c = Clock::new(DeviceId::from_u128(1));
        let remote = Hlc {
            wall_ms: 9_000,
            counter: 4,
            node: DeviceId::from_u128(2),
        };
        c.observe(remote, 100);
        assert!(c.tick(100) > remote);
    }

    #[test]
    fn a_tick_at_the_counters_bound_carries_into_the_next_millisecond() {
        let mut c = Clock::new(DeviceId::from_u128(1));
        let remote = Hlc {
            wall_ms: 9_000,
            counter: MAX_COUNTER,
            node: DeviceId::from_u128(2),
        };
        c.observe(remote, 8_000);
        let next = c.tick(8_000);
        assert!(next > remote);
        assert!(next.is_plausible(9_000));
        assert_eq!((next.wall_ms, next.counter), (9_001, 0));
    }

    #[test]
    fn ties_on_time_are_broken_by_node() {
        let a = Hlc {
            wall_ms: 1,
            counter: 0,
            node: DeviceId::from_u128(1),
        };
        let b = Hlc {
            node: DeviceId::from_u128(2),
            ..a
        };
        assert!(a < b);
    }

    fn stamp(wall_ms: u64, counter: u32) -> Hlc {
        Hlc {
            wall_ms,
            counter,
            node: DeviceId::from_u128(2),
        }
    }

    #[test]
    fn a_stamp_far_ahead_is_not_adopted() {
        let mut c = Clock::new(DeviceId::from_u128(1));
        c.observe(stamp(u64::MAX, u32::MAX), 1_000);
        c.observe(stamp(1_000 + MAX_SKEW_MS + 1, 0), 1_000);
        c.observe(stamp(1_000, MAX_COUNTER + 1), 1_000);
        let mine = c.tick(2_000);
        assert_eq!((mine.wall_ms, mine.counter), (2_000, 0));
        // Within the skew it is adopted, and the next local stamp orders after it.
        let near = stamp(2_000 + MAX_SKEW_MS, 7);
        c.observe(near, 2_000);
        assert!(c.tick(2_000) > near);
    }

    #[test]
    fn the_clock_reads_the_servers_time_through_its_offset() {
        let days = 3 * 24 * 3600 * 1000;
        let mut ahead = Clock::new(DeviceId::from_u128(1));
        ahead.set_offset(-(days as i64));
        assert_eq!(ahead.tick(10 * days).wall_ms, 9 * days);
        let mut behind = Clock::new(DeviceId::from_u128(1));
        behind.set_offset(days as i64);
        // A legitimate remote stamp days ahead of the device's own clock is adopted.
        let remote = stamp(9 * days, 3);
        behind.observe(remote, 8 * days);
        assert!(behind.tick(8 * days) > remote);
        assert_eq!(behind.physical(0), days);
        assert_eq!(Clock::new(DeviceId::nil()).physical(5), 5);
    }

    #[test]
    fn a_high_water_mark_the_server_would_refuse_drops_to_the_servers_time() {
        let mut c = Clock::resume(DeviceId::from_u128(1), Some(stamp(u64::MAX, u32::MAX)));
        assert!(c.bound_by_server(5_000));
        assert_eq!(
            c.tick(5_000),
            Hlc {
                wall_ms: 5_000,
                counter: 1,
                node: DeviceId::from_u128(1)
            }
        );
        assert!(!c.bound_by_server(5_000), "a plausible mark stays");
        assert_eq!(stamp(9, 9).repaired(), stamp(0, 0));
    }
}
