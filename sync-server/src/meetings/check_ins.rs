//! What a push does around a check-in (issue 12), backend-independent: every backend's
//! push judges its changes through [`judge`], which wraps [`judge_pushed`] (the rows'
//! rules, then the stamps') with three rules that need the server's clock or state
//! beyond the rows:
//!
//! - **Refused tries are limited per device.** After [`REFUSALS_ALLOWED`] refused
//!   check-ins within [`REFUSAL_WINDOW_MS`], further check-ins from that device are
//!   refused unjudged until the oldest refusal leaves the window. Times are the
//!   server's (`now_ms` of the push), never the device's; the refusals are rows of the
//!   store ([`RefusalLog`], migration 0008), so the limit holds across restarts and
//!   server processes. A limited try is not itself counted: the wait is the window.
//! - **A check-in arrives in time or not at all.** A proof is checked against the
//!   meeting's window by its slot, which the device states; so the server also refuses
//!   a check-in that reaches it after [`check_in_deadline`] by its own clock: a code
//!   seen (or copied) at the meeting is worth nothing weeks later.
//! - **No proof or code is kept in the stored row.** Every device of the cell pulls
//!   the cell's check-ins; the accepted row's `proof` becomes null and its `code` the
//!   placeholder [`WITHHELD_CODE`] (apps before issue 12 need a well-formed one), both
//!   under a server stamp just above the device's, so the device that pushed the
//!   check-in also replaces its copy at its next pull.

use crate::apply::{current_for, Author, Verdict};
use crate::error::StoreError;
use crate::stamps::judge_pushed;
use crate::tree::{StoredRow, TreeView};
use serde_json::json;
use sotay_model::hlc::Hlc;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::meetings::{check_in_deadline, Meeting, WITHHELD_CODE};
use sotay_model::protocol::RejectReason;
use sotay_model::{Change, Entity, FieldValue, RowState};

/// Refused check-ins a device may have within [`REFUSAL_WINDOW_MS`] before its next
/// ones are refused unjudged. A member mistyping a code does it once or twice; a
/// device guessing codes (1 in 2^30 each) gets ten tries an hour.
pub const REFUSALS_ALLOWED: u32 = 10;
/// The sliding window of [`REFUSALS_ALLOWED`], by the server's clock: one hour.
pub const REFUSAL_WINDOW_MS: u64 = 3_600_000;

/// Where a backend keeps the refused check-ins of each device, inside the push's
/// transaction.
pub trait RefusalLog {
    /// How many check-ins of `device` were refused at or after `since_ms`.
    fn refusals_since(&self, device: DeviceId, since_ms: u64) -> Result<u32, StoreError>;
    /// Record one refused check-in of `device` at `at_ms`; entries older than
    /// `forget_before_ms` may be dropped (they no longer count).
    fn record_refusal(
        &self,
        device: DeviceId,
        at_ms: u64,
        forget_before_ms: u64,
    ) -> Result<(), StoreError>;
}

fn rate_limited() -> RejectReason {
    RejectReason::Invalid(format!(
        "máy này đã bị từ chối điểm danh {REFUSALS_ALLOWED} lần trong {} phút nên tạm thời không được điểm danh nữa; đồng chí hãy chờ rồi thử lại, hoặc đề nghị thư ký điểm danh cho mình",
        REFUSAL_WINDOW_MS / 60_000
    ))
}

fn too_late() -> RejectReason {
    RejectReason::Invalid(format!(
        "Mã điểm danh đã hết hạn: lượt điểm danh đến máy chủ quá {} giờ sau khi cuộc họp kết thúc; đồng chí hãy đề nghị thư ký điểm danh bổ sung",
        sotay_model::meetings::LATE_SYNC_MS / 3_600_000
    ))
}

/// Judge one change of a push (or of the server's own seeding, `device` nil) like
/// [`judge_pushed`], with this module's rules for check-ins. `now_ms` is the server's.
pub fn judge(
    view: &impl TreeView,
    log: &impl RefusalLog,
    author: &Author,
    (device, now_ms): (DeviceId, u64),
    change: &Change,
    old: Option<&StoredRow>,
) -> Result<Verdict, StoreError> {
    if change.entity != Entity::CheckIn {
        return judge_pushed(view, author, (device, now_ms), change, old);
    }
    let from_device = matches!(author, Author::Member(_));
    let since = now_ms.saturating_sub(REFUSAL_WINDOW_MS);
    if from_device && log.refusals_since(device, since)? >= REFUSALS_ALLOWED {
        tracing::warn!(%device, "check-in refused: too many refused check-ins");
        return Ok(Verdict::Reject {
            reason: rate_limited(),
            current: current_for(view, author, change.row_id)?,
        });
    }
    let verdict = match judge_pushed(view, author, (device, now_ms), change, old)? {
        Verdict::Accept(mut a) if old.is_none() => {
            if from_device && arrived_late(view, &a.row, now_ms)? {
                Verdict::Reject {
                    reason: too_late(),
                    current: None,
                }
            } else {
                withhold(&mut a.row);
                Verdict::Accept(a)
            }
        }
        other => other,
    };
    if from_device && matches!(verdict, Verdict::Reject { .. }) {
        log.record_refusal(device, now_ms, since)?;
    }
    Ok(verdict)
}

fn arrived_late(view: &impl TreeView, row: &RowState, now_ms: u64) -> Result<bool, StoreError> {
    let meeting = row
        .id("meeting_id")
        .map(|id| view.row(id))
        .transpose()?
        .flatten()
        .and_then(|m| Meeting::from_row(&m.row).ok());
    // The meeting's rules already refused a check-in without a live meeting.
    Ok(meeting.is_some_and(|m| now_ms > check_in_deadline(m.ends_at)))
}

/// Replace the proof and code of an accepted check-in (see the module's documentation).
fn withhold(row: &mut RowState) {
    let Some(top) = row.max_hlc() else {
        return;
    };
    let hlc = above(top);
    row.fields.insert(
        "proof".into(),
        FieldValue {
            value: serde_json::Value::Null,
            hlc,
        },
    );
    row.fields.insert(
        "code".into(),
        FieldValue {
            value: json!(WITHHELD_CODE),
            hlc,
        },
    );
}

/// The server's stamp just above `top`, on node nil: the wall time unchanged where it
/// can be (so it is no further ahead of anyone's clock than the device's own).
fn above(top: Hlc) -> Hlc {
    top.next_on(Id::nil())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sotay_model::hlc::MAX_COUNTER;

    #[test]
    fn the_withheld_fields_outrank_the_devices_and_stay_within_the_bounds() {
        let device = Id::from_u128(9);
        let at = |counter| Hlc {
            wall_ms: 1_000,
            counter,
            node: device,
        };
        let mut row = RowState::empty(Entity::CheckIn, Id::from_u128(1));
        for (k, v) in [("proof", json!("ab".repeat(16))), ("slot", json!(5))] {
            row.fields.insert(
                k.into(),
                FieldValue {
                    value: v,
                    hlc: at(7),
                },
            );
        }
        withhold(&mut row);
        assert_eq!(row.fields["proof"].value, serde_json::Value::Null);
        assert_eq!(row.fields["code"].value, json!(WITHHELD_CODE));
        let h = row.fields["proof"].hlc;
        assert!(h > at(7) && h.wall_ms == 1_000 && h.node == Id::nil());
        assert_eq!(row.fields["slot"].hlc, at(7), "the event itself unchanged");
        let top = above(at(MAX_COUNTER));
        assert!(top > at(MAX_COUNTER) && top.counter <= MAX_COUNTER);
    }
}
