//! A hostile network between the replicas and the server: every message sent is held
//! in flight, and the simulator decides, from its seed, which one arrives next
//! (reordering and delay), which is lost, and which arrives twice.

use rand::rngs::SmallRng;
use rand::Rng;

/// Probabilities, out of 1000, applied each time a message is picked for delivery.
#[derive(Clone, Copy, Debug)]
pub struct Faults {
    pub drop_per_mille: u32,
    pub duplicate_per_mille: u32,
}

impl Faults {
    pub const NONE: Faults = Faults {
        drop_per_mille: 0,
        duplicate_per_mille: 0,
    };
}

pub struct Network<M> {
    in_flight: Vec<M>,
    pub delivered: u64,
    pub dropped: u64,
    pub duplicated: u64,
}

impl<M: Clone> Network<M> {
    pub fn new() -> Self {
        Network {
            in_flight: Vec::new(),
            delivered: 0,
            dropped: 0,
            duplicated: 0,
        }
    }

    pub fn send(&mut self, msg: M) {
        self.in_flight.push(msg);
    }

    pub fn is_empty(&self) -> bool {
        self.in_flight.is_empty()
    }

    /// Pick any message in flight (not the oldest: that is the reordering), and
    /// decide its fate. `None` when nothing is in flight or the message was lost.
    pub fn next(&mut self, rng: &mut SmallRng, faults: Faults) -> Option<M> {
        if self.in_flight.is_empty() {
            return None;
        }
        let i = rng.gen_range(0..self.in_flight.len());
        let msg = self.in_flight.swap_remove(i);
        if rng.gen_range(0..1000) < faults.drop_per_mille {
            self.dropped += 1;
            return None;
        }
        if rng.gen_range(0..1000) < faults.duplicate_per_mille {
            self.duplicated += 1;
            self.in_flight.push(msg.clone());
        }
        self.delivered += 1;
        Some(msg)
    }

    /// Lose everything in flight (a device going offline mid-request).
    pub fn drop_all(&mut self) {
        self.dropped += self.in_flight.len() as u64;
        self.in_flight.clear();
    }
}

impl<M: Clone> Default for Network<M> {
    fn default() -> Self {
        Self::new()
    }
}
