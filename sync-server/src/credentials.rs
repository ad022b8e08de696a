//! Enrollment codes and device credentials: how they are made, written, parsed and
//! hashed. Only SHA-256 hashes are stored; the clear text is shown once.

use rand::Rng;
use sha2::{Digest, Sha256};
use sotay_model::ids::{DeviceId, Id};

/// Letters and digits that cannot be mistaken for one another when read aloud or
/// copied by hand (no 0/O, 1/I/L).
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_LEN: usize = 8;

/// A fresh code written `K7QX-M2PA`.
pub fn new_code(rng: &mut impl Rng) -> String {
    let chars: String = (0..CODE_LEN)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// The code as typed, reduced to its 8 significant characters (case, spaces and
/// dashes ignored); `None` if it cannot be a code.
pub fn normalise_code(typed: &str) -> Option<String> {
    let s: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (s.len() == CODE_LEN && s.bytes().all(|b| ALPHABET.contains(&b))).then_some(s)
}

/// The stored form of a normalised code.
pub fn hash_code(normalised: &str) -> String {
    hex::encode(Sha256::digest(format!("sotay-enroll:{normalised}")))
}

/// A fresh device secret (256 bits, hex).
pub fn new_secret(rng: &mut impl Rng) -> String {
    let bytes: [u8; 32] = rng.gen();
    hex::encode(bytes)
}

pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(format!("sotay-device:{secret}")))
}

/// A fresh UUIDv7 device id.
pub fn new_device_id(rng: &mut impl Rng, now_ms: u64) -> DeviceId {
    Id::v7(now_ms, rng.gen())
}

/// `<device_id>.<secret>`.
pub fn credential(device: DeviceId, secret: &str) -> String {
    format!("{device}.{secret}")
}

/// Split a credential into its device id and secret.
pub fn parse_credential(credential: &str) -> Option<(DeviceId, &str)> {
    let (id, secret) = credential.trim().split_once('.')?;
    let id: DeviceId = id.parse().ok()?;
    (!secret.is_empty() && secret.len() <= 128).then_some((id, secret))
}

/// Compare two hashes without an early exit, so timing says nothing about the match.
pub fn same_hash(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn codes_read_back_whatever_the_case_and_dashes() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let code = new_code(&mut rng);
        assert_eq!(code.len(), 9);
        let typed = format!(" {} ", code.to_lowercase().replace('-', " "));
        assert_eq!(normalise_code(&typed), normalise_code(&code));
        assert!(normalise_code("K7QX-M2P0").is_none());
        assert!(normalise_code("K7QX").is_none());
    }

    #[test]
    fn credentials_split_into_device_and_secret() {
        let id = Id::from_u128(5);
        let c = credential(id, "abc");
        assert_eq!(parse_credential(&c), Some((id, "abc")));
        assert!(parse_credential("nonsense").is_none());
        assert!(same_hash(&hash_secret("x"), &hash_secret("x")));
        assert!(!same_hash(&hash_secret("x"), &hash_secret("y")));
    }
}
