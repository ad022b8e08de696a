//! Offline check-in codes: the secretary's device shows a short code (and a QR of it)
//! that changes every [`SLOT_MS`]; a member types or scans it with no network; the
//! server (and the secretary's device) later checks it was made for that meeting, in
//! that meeting's time window, from the meeting's secret.
//!
//! A code is 8 characters of Crockford's base32 (no I, L, O, U; `0`/`O` and `1`/`I`/`L`
//! read the same), shown `ABCD-EFGH`: 2 characters are the time slot modulo 1024, so a
//! device without the secret knows when the code was shown (a slot is resolved to the
//! one nearest the meeting's start, ±42 hours), and 6 characters are the first 30 bits
//! of HMAC-SHA256(secret, meeting id ‖ slot as 8 big-endian bytes).
//! Guessing one is a 1 in 2^30 chance per try; a code is useless for another meeting
//! (the meeting id is in the MAC) and outside the meeting's window.

use crate::ids::Id;
use sha2::{Digest, Sha256};

/// How long one code is shown before the next: 5 minutes.
pub const SLOT_MS: u64 = 5 * 60 * 1000;
/// Codes are accepted from this long before the start to this long after the end.
pub const WINDOW_MARGIN_MS: u64 = 30 * 60 * 1000;
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const SLOT_CYCLE: u64 = 1024;

/// Why a check-in code is refused; `message_vi` is what the member sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("Mã điểm danh phải gồm 8 ký tự chữ và số")]
    Malformed,
    /// A MAC that does not match: typed wrong, forged, or made for another meeting.
    #[error("Mã điểm danh không đúng cho cuộc họp này (gõ sai, mã giả hoặc mã của cuộc họp khác)")]
    Wrong,
    /// A real code of this meeting, shown outside its time window.
    #[error("Mã điểm danh đã hết hạn: mã được tạo ngoài thời gian của cuộc họp")]
    Expired,
}

/// The time slot of a Unix millisecond time.
pub fn slot_of(unix_ms: u64) -> u64 {
    unix_ms / SLOT_MS
}

fn hmac_sha256(key: &[u8; 32], msg: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(key);
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    inner.update(msg);
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// The code (8 characters, no dash) shown for `meeting` during `slot`.
pub fn code_for_slot(secret: &[u8; 32], meeting: Id, slot: u64) -> String {
    let mut msg = Vec::with_capacity(24);
    msg.extend_from_slice(meeting.0.as_bytes());
    msg.extend_from_slice(&slot.to_be_bytes());
    let mac = hmac_sha256(secret, &msg);
    let bits = u32::from_be_bytes([mac[0], mac[1], mac[2], mac[3]]) >> 2;
    let s = slot % SLOT_CYCLE;
    let mut out = String::with_capacity(8);
    out.push(ALPHABET[(s >> 5) as usize] as char);
    out.push(ALPHABET[(s & 31) as usize] as char);
    for i in (0..6).rev() {
        out.push(ALPHABET[((bits >> (5 * i)) & 31) as usize] as char);
    }
    out
}

/// `ABCDEFGH` → `ABCD-EFGH`, as shown.
pub fn display(code: &str) -> String {
    match (code.get(..4), code.get(4..)) {
        (Some(a), Some(b)) if code.len() == 8 => format!("{a}-{b}"),
        _ => code.to_string(),
    }
}

/// A typed or scanned code in canonical form (upper case, no spaces or dashes, the
/// look-alike letters read as digits), or `Malformed`.
pub fn normalise(typed: &str) -> Result<String, CodeError> {
    let out: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            u => u,
        })
        .collect();
    if out.len() == 8 && out.bytes().all(|b| ALPHABET.contains(&b)) {
        Ok(out)
    } else {
        Err(CodeError::Malformed)
    }
}

fn digit(b: u8) -> u64 {
    ALPHABET.iter().position(|&a| a == b).unwrap_or(0) as u64
}

/// The slot a (normalised) code was shown in, taken as the one nearest the meeting's
/// start with the code's slot digits: what a device without the secret records.
pub fn resolve_slot(code: &str, starts_at: u64) -> Result<u64, CodeError> {
    let c = normalise(code)?;
    let b = c.as_bytes();
    let low = digit(b[0]) * 32 + digit(b[1]);
    let base = slot_of(starts_at);
    let start = base.saturating_sub(SLOT_CYCLE / 2);
    // The first slot ≥ start with the same low digits lies within one cycle of it.
    let mut s = start - start % SLOT_CYCLE + low;
    if s < start {
        s += SLOT_CYCLE;
    }
    Ok(s)
}

/// Whether `code` was shown for this meeting in `slot`, and `slot` lies in the
/// meeting's window (from [`WINDOW_MARGIN_MS`] before the start to as long after the end).
pub fn verify_code(
    secret: &[u8; 32],
    meeting: Id,
    starts_at: u64,
    ends_at: u64,
    code: &str,
    slot: u64,
) -> Result<(), CodeError> {
    let c = normalise(code)?;
    if code_for_slot(secret, meeting, slot) != c {
        return Err(CodeError::Wrong);
    }
    let first = slot_of(starts_at.saturating_sub(WINDOW_MARGIN_MS));
    let last = slot_of(ends_at.saturating_add(WINDOW_MARGIN_MS));
    if slot < first || slot > last {
        return Err(CodeError::Expired);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: u64 = 1_796_000_000_000;

    #[test]
    fn hmac_matches_rfc_4231_shape() {
        // RFC 4231 test case 2 uses a short key; with a 32-byte zero-padded key the
        // HMAC construction is the same, so check "Jefe" padded.
        let mut key = [0u8; 32];
        key[..4].copy_from_slice(b"Jefe");
        let mac = hmac_sha256(&key, b"what do ya want for nothing?");
        assert_eq!(
            mac.iter().map(|b| format!("{b:02x}")).collect::<String>(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_code_verifies_for_its_meeting_and_slot_only() {
        let secret = [7u8; 32];
        let m = Id::from_u128(1);
        let slot = slot_of(START + 10 * 60_000);
        let code = code_for_slot(&secret, m, slot);
        assert_eq!(code.len(), 8);
        assert_eq!(
            resolve_slot(&display(&code).to_lowercase(), START),
            Ok(slot)
        );
        let end = START + 2 * 3_600_000;
        assert_eq!(verify_code(&secret, m, START, end, &code, slot), Ok(()));
        assert_eq!(
            verify_code(&secret, Id::from_u128(2), START, end, &code, slot),
            Err(CodeError::Wrong)
        );
        assert_eq!(
            verify_code(&[8u8; 32], m, START, end, &code, slot),
            Err(CodeError::Wrong)
        );
        let old = slot_of(START - 20 * 3_600_000);
        let stale = code_for_slot(&secret, m, old);
        assert_eq!(resolve_slot(&stale, START), Ok(old));
        assert_eq!(
            verify_code(&secret, m, START, end, &stale, old),
            Err(CodeError::Expired)
        );
        assert_eq!(normalise("AB-C"), Err(CodeError::Malformed));
    }
}
