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

impl Clocks {
    pub fn skew_of(&self, device: usize) -> i64 {
        self.skew_ms.get(device).copied().unwrap_or(0)
    }
}

/// `now_ms` read on a clock `skew_ms` off (never before 1970).
pub fn skewed(now_ms: u64, skew_ms: i64) -> u64 {
    now_ms.saturating_add_signed(skew_ms)
}
