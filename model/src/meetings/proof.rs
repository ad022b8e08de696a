//! What a member's device sends to show it saw a meeting's check-in code, and how long
//! after the meeting that may still reach the server (issue 12).
//!
//! The code itself is a bearer token: anyone holding it could check in with it. So a
//! device sends instead `proof` = the first [`PROOF_BYTES`] bytes of
//! HMAC-SHA256(key = the code, member id ‖ meeting id ‖ slot), in lower-case hex. It
//! names its member: another member's device cannot reuse it (the server recomputes
//! the code from the meeting's secret and the proof for the *pushing* member). The
//! server keeps no proof or code in the rows others pull (`sync-server`'s
//! `meetings::check_ins`), and takes a check-in only until [`LATE_SYNC_MS`] after the
//! meeting's window, by its own clock: a code copied later is worth nothing.
//!
//! A proof is still derived from a 30-bit code: whoever holds one proof and its slot
//! can search for the code offline. That is why no other device ever receives one.

use super::code::{in_window, mac, normalise, CodeError, SLOT_MS, WINDOW_MARGIN_MS};
use crate::ids::Id;
use hmac::Mac;

/// Bytes of the MAC kept in a proof: 128 bits, 32 hex digits on the wire.
pub const PROOF_BYTES: usize = 16;

/// How long after a meeting's window (its end plus the codes' margin) the server still
/// takes a check-in made offline: 72 hours, by the server's clock. Later, the secretary
/// marks the member instead (an attendance mark, with its reason).
pub const LATE_SYNC_MS: u64 = 72 * 3600 * 1000;

const DOMAIN: &[u8] = b"sotay check-in proof\0";

fn keyed(code: &str, member: Id, meeting: Id, slot: u64) -> super::code::HmacSha256 {
    mac(
        code.as_bytes(),
        &[
            DOMAIN,
            member.0.as_bytes(),
            meeting.0.as_bytes(),
            &slot.to_be_bytes(),
        ],
    )
}

/// The proof a member's device sends for a (normalised) code seen in `slot`.
pub fn proof_for(code: &str, member: Id, meeting: Id, slot: u64) -> String {
    keyed(code, member, meeting, slot).finalize().into_bytes()[..PROOF_BYTES]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn unhex(proof: &str) -> Option<[u8; PROOF_BYTES]> {
    let mut out = [0u8; PROOF_BYTES];
    if proof.len() != 2 * PROOF_BYTES {
        return None;
    }
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(proof.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// Whether `proof` shows that `member` saw this meeting's code of `slot`, and `slot`
/// lies in the meeting's window. The comparison is the `hmac` crate's constant-time
/// `verify_truncated_left`, over exactly [`PROOF_BYTES`] bytes (a shorter tag would
/// be easier to guess, so its length is checked first).
pub fn verify_proof(
    secret: &[u8; 32],
    meeting: Id,
    (starts_at, ends_at): (u64, u64),
    member: Id,
    slot: u64,
    proof: &str,
) -> Result<(), CodeError> {
    let tag = unhex(proof).ok_or(CodeError::Malformed)?;
    let code = super::code::code_for_slot(secret, meeting, slot);
    keyed(&code, member, meeting, slot)
        .verify_truncated_left(&tag)
        .map_err(|_| CodeError::Wrong)?;
    in_window(starts_at, ends_at, slot)
}

/// The proof a device sends for a code as typed: the code normalised first.
pub fn proof_for_typed(
    typed: &str,
    member: Id,
    meeting: Id,
    slot: u64,
) -> Result<String, CodeError> {
    Ok(proof_for(&normalise(typed)?, member, meeting, slot))
}

/// The last server time (Unix ms) at which a check-in for a meeting ending at
/// `ends_at` is still taken.
pub fn check_in_deadline(ends_at: u64) -> u64 {
    let window_end = (ends_at.saturating_add(WINDOW_MARGIN_MS) / SLOT_MS + 1) * SLOT_MS;
    window_end.saturating_add(LATE_SYNC_MS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meetings::code::{code_for_slot, slot_of};
    use hmac::Mac;

    const START: u64 = 1_796_000_000_000;
    const END: u64 = START + 2 * 3_600_000;

    #[test]
    fn a_proof_is_bound_to_its_member_meeting_and_slot() {
        let secret = [9u8; 32];
        let (m, a, b) = (Id::from_u128(1), Id::from_u128(10), Id::from_u128(11));
        let slot = slot_of(START + 5 * 60_000);
        let code = code_for_slot(&secret, m, slot);
        let p = proof_for(&code, a, m, slot);
        assert_eq!(p.len(), 2 * PROOF_BYTES);
        let w = (START, END);
        assert_eq!(verify_proof(&secret, m, w, a, slot, &p), Ok(()));
        // Member b replaying a's proof, or a's proof for another slot or meeting.
        assert_eq!(
            verify_proof(&secret, m, w, b, slot, &p),
            Err(CodeError::Wrong)
        );
        assert_eq!(
            verify_proof(&secret, m, w, a, slot + 1, &p),
            Err(CodeError::Wrong)
        );
        assert_eq!(
            verify_proof(&secret, Id::from_u128(2), w, a, slot, &p),
            Err(CodeError::Wrong)
        );
        // A truncated or padded tag is malformed, never a shorter comparison.
        assert_eq!(
            verify_proof(&secret, m, w, a, slot, &p[..8]),
            Err(CodeError::Malformed)
        );
        assert_eq!(
            verify_proof(&secret, m, w, a, slot, &format!("{p}00")),
            Err(CodeError::Malformed)
        );
        // A right proof of a slot outside the window is expired.
        let old = slot_of(START - 3 * 3_600_000);
        let stale = proof_for(&code_for_slot(&secret, m, old), a, m, old);
        assert_eq!(
            verify_proof(&secret, m, w, a, old, &stale),
            Err(CodeError::Expired)
        );
    }

    #[test]
    fn verification_is_the_hmac_crates_over_an_independent_computation() {
        // A tag made here with the `hmac` crate directly, not through this module,
        // verifies; flipping any one bit of it does not.
        let secret = [3u8; 32];
        let (m, a, slot) = (Id::from_u128(5), Id::from_u128(6), slot_of(START));
        let code = code_for_slot(&secret, m, slot);
        let mut h = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(code.as_bytes())
            .expect("any key length");
        h.update(b"sotay check-in proof\0");
        h.update(a.0.as_bytes());
        h.update(m.0.as_bytes());
        h.update(&slot.to_be_bytes());
        let full = h.finalize().into_bytes();
        let hex = |b: &[u8]| b.iter().map(|b| format!("{b:02x}")).collect::<String>();
        let tag = hex(&full[..PROOF_BYTES]);
        assert_eq!(proof_for(&code, a, m, slot), tag);
        assert_eq!(
            verify_proof(&secret, m, (START, END), a, slot, &tag),
            Ok(())
        );
        for bit in 0..PROOF_BYTES * 8 {
            let mut t = full[..PROOF_BYTES].to_vec();
            t[bit / 8] ^= 1 << (bit % 8);
            assert_eq!(
                verify_proof(&secret, m, (START, END), a, slot, &hex(&t)),
                Err(CodeError::Wrong),
                "bit {bit}"
            );
        }
    }

    #[test]
    fn the_deadline_is_three_days_after_the_window() {
        let d = check_in_deadline(END);
        assert!(d >= END + WINDOW_MARGIN_MS + LATE_SYNC_MS);
        assert!(d < END + WINDOW_MARGIN_MS + LATE_SYNC_MS + SLOT_MS);
    }
}
