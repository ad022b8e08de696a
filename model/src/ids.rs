//! Row, change and device ids: UUIDv7, made by the caller from a time and random bytes
//! so that this crate needs no clock or RNG (and the simulator can be deterministic).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A UUIDv7 id of a row or a change.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub uuid::Uuid);

impl Id {
    /// A v7 id from a Unix time in milliseconds and 10 random bytes.
    pub fn v7(unix_ms: u64, random: [u8; 10]) -> Id {
        Id(uuid::Builder::from_unix_timestamp_millis(unix_ms, &random).into_uuid())
    }
    pub fn from_u128(v: u128) -> Id {
        Id(uuid::Uuid::from_u128(v))
    }
    pub fn nil() -> Id {
        Id(uuid::Uuid::nil())
    }

    /// An id every device derives alike from `domain` and `parts`, so that two devices
    /// making "the same" row offline make one row, not two.
    pub fn derived(domain: &str, parts: &[&[u8]]) -> Id {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(domain.as_bytes());
        h.update([0u8]);
        for p in parts {
            h.update((p.len() as u64).to_le_bytes());
            h.update(p);
        }
        let d = h.finalize();
        let mut b = [0u8; 16];
        b.copy_from_slice(&d[..16]);
        // Version 8 (custom), RFC 4122 variant: a valid UUID no device makes randomly.
        b[6] = (b[6] & 0x0f) | 0x80;
        b[8] = (b[8] & 0x3f) | 0x80;
        Id(uuid::Uuid::from_bytes(b))
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.hyphenated())
    }
}

impl FromStr for Id {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        uuid::Uuid::parse_str(s).map(Id)
    }
}

/// The id of an enrolled device; also the HLC node id that breaks ties.
pub type DeviceId = Id;
