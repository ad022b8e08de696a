//! Devices whose clocks are wrong (issue 22 item 4): each device reads the real time
//! plus an error of its own (days ahead, days behind), and a device's clock may step
//! by a chosen amount (back or ahead) once it has made some edits, as a phone's does
//! when its owner corrects it or its battery dies. The server keeps its own, right clock.

/// The clock errors of a run; devices beyond `skew_ms` read the right time.
#[derive(Clone, Debug, Default)]
pub struct Clocks {
    /// Device index → how far its clock is off, in milliseconds (negative: behind).
    pub skew_ms: Vec<i64>,
    pub jumps: Vec<Jump>,
}

/// Device `device`'s clock moves by `by_ms` once it has made `after_edits` edits.
#[derive(Clone, Copy, Debug)]
pub struct Jump {
    pub device: usize,
    pub after_edits: u64,
    pub by_ms: i64,
}

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

impl Clocks {
    /// The demo's five devices (province officer, cell secretary, two members of that
    /// cell, a member of another) 3 days ahead, 2 days behind, right, 6 hours behind
    /// and 9 hours ahead; the officer's clock steps 5 days back after 8 edits (the two
    /// officers rename the same members), and a member's 2 days ahead after its first
    /// round of edits, ahead of what the server last told it: its next edits are
    /// refused once for their stamps and sent again stamped by the server's time.
    pub fn wrong() -> Clocks {
        Clocks {
            skew_ms: vec![3 * DAY_MS, -2 * DAY_MS, 0, -6 * HOUR_MS, 9 * HOUR_MS],
            jumps: vec![
                Jump {
                    device: 0,
                    after_edits: 8,
                    by_ms: -5 * DAY_MS,
                },
                Jump {
                    device: 3,
                    after_edits: 1,
                    by_ms: 2 * DAY_MS,
                },
            ],
        }
    }

    pub fn skew_of(&self, device: usize) -> i64 {
        self.skew_ms.get(device).copied().unwrap_or(0)
    }
}

/// `now_ms` read on a clock `skew_ms` off (never before 1970).
pub fn skewed(now_ms: u64, skew_ms: i64) -> u64 {
    now_ms.saturating_add_signed(skew_ms)
}
