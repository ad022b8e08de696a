//! Hybrid logical clock (Kulkarni et al.): keeps causal order when device clocks lie
//! (DESIGN §4.7). Ordering is (wall_ms, counter, node); the node (device id) breaks ties.

use crate::ids::DeviceId;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Hlc {
    pub wall_ms: u64,
    pub counter: u32,
    pub node: DeviceId,
}

/// A device's clock. The caller passes the physical time in; nothing here reads a clock.
#[derive(Clone, Debug)]
pub struct Clock {
    last: Hlc,
}

impl Clock {
    pub fn new(node: DeviceId) -> Clock {
        Clock {
            last: Hlc {
                wall_ms: 0,
                counter: 0,
                node,
            },
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

    /// A fresh stamp for a local event, strictly greater than every stamp seen so far.
    pub fn tick(&mut self, now_ms: u64) -> Hlc {
        if now_ms > self.last.wall_ms {
            self.last.wall_ms = now_ms;
            self.last.counter = 0;
        } else {
            self.last.counter = self.last.counter.saturating_add(1);
        }
        self.last
    }

    /// Take a remote stamp into account so the next local stamp orders after it.
    pub fn observe(&mut self, remote: Hlc, now_ms: u64) {
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
}
