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
//! Guessing one is a 1 in 2^30 chance per try (and the server limits refused tries per
//! device); a code is useless for another meeting (the meeting id is in the MAC) and
//! outside the meeting's window. What a member's device sends for a code is not the
//! code but a proof bound to the member ([`super::proof`]).
//!
//! The MAC is the `hmac` crate's; codes are compared in constant time (`subtle`), so
//! the time a refusal takes says nothing about how much of a guess was right.

use crate::ids::Id;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

pub(crate) type HmacSha256 = Hmac<Sha256>;

/// HMAC-SHA256 keyed with `key`, over the concatenation of `parts`, not yet finalised.
pub(crate) fn mac(key: &[u8], parts: &[&[u8]]) -> HmacSha256 {
    // HMAC takes keys of any length (longer ones are hashed first): this cannot fail.
    let mut m = <HmacSha256 as Mac>::new_from_slice(key).expect("HMAC accepts any key length");
    for p in parts {
        m.update(p);
    }
    m
}

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

/// The code (8 characters, no dash) shown for `meeting` during `slot`.
pub fn code_for_slot(secret: &[u8; 32], meeting: Id, slot: u64) -> String {
    let mac = mac(secret, &[meeting.0.as_bytes(), &slot.to_be_bytes()])
        .finalize()
        .into_bytes();
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
    let expected = code_for_slot(secret, meeting, slot);
    if !bool::from(expected.as_bytes().ct_eq(c.as_bytes())) {
        return Err(CodeError::Wrong);
    }
    in_window(starts_at, ends_at, slot)
}

/// Whether `slot` lies in the meeting's window (from [`WINDOW_MARGIN_MS`] before the
/// start to as long after the end).
pub(crate) fn in_window(starts_at: u64, ends_at: u64, slot: u64) -> Result<(), CodeError> {
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

    fn hex(b: &[u8]) -> String {
        b.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn mac_is_hmac_sha256_by_rfc_4231() {
        // RFC 4231, test case 2 (a key shorter than the block).
        let tag = mac(b"Jefe", &[b"what do ya ", b"want for nothing?"]).finalize();
        assert_eq!(
            hex(&tag.into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block is hashed first.
        let key = [0xaau8; 131];
        let tag = mac(
            &key,
            &[b"Test Using Larger Than Block-Size Key - Hash Key First"],
        );
        assert_eq!(
            hex(&tag.finalize().into_bytes()),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn codes_are_the_ones_devices_already_show() {
        // Pinned from the hand-written HMAC this module used before issue 12: secretaries'
        // devices of either version and the server must agree on every code.
        let m = Id::from_u128(0x0192_0000_0000_7000_8000_0000_0000_0001);
        assert_eq!(code_for_slot(&[7u8; 32], m, 5_986_666), "BASZZBFQ");
        assert_eq!(
            code_for_slot(&[0xa5u8; 32], Id::from_u128(42), 1),
            "01NSRCJC"
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
