//! Which pushed stamps the server takes (DESIGN §4.4, §4.7; issue 12): every stamp of a
//! device's change must name that device as its node, lie at most
//! [`MAX_SKEW_MS`] ahead of the server's clock and carry a counter of at most
//! [`MAX_COUNTER`]. One stamp from the far future would otherwise win every later edit
//! of its field, on the server and on every replica that pulled it.
//!
//! Refusals travel as `RejectReason::Invalid` with a Vietnamese detail: replicas of
//! protocol 1 know no other code for bad data and would fail to read a whole push
//! answer holding a new one. Changes the server makes itself (seeding, administration)
//! are not checked here.

use crate::apply::{current_for, judge_stored, Author, Verdict};
use crate::error::StoreError;
use crate::tree::{StoredRow, TreeView};
use sotay_model::hlc::{Hlc, MAX_COUNTER, MAX_SKEW_MS};
use sotay_model::ids::DeviceId;
use sotay_model::protocol::RejectReason;
use sotay_model::Change;

/// Why the server does not take one of a change's stamps, if it does not.
pub fn refusal(device: DeviceId, change: &Change, now_ms: u64) -> Option<RejectReason> {
    let named = change
        .fields
        .iter()
        .map(|(name, f)| (format!("trường {name}"), f.hlc))
        .chain(change.tombstone.map(|h| ("lệnh xóa".to_string(), h)));
    for (what, hlc) in named {
        if let Some(detail) = fault(device, &hlc, now_ms) {
            return Some(RejectReason::Invalid(format!(
                "dấu thời gian của {what} {detail}"
            )));
        }
    }
    None
}

fn fault(device: DeviceId, hlc: &Hlc, now_ms: u64) -> Option<String> {
    if hlc.node != device {
        return Some("mang mã của một thiết bị khác, không phải thiết bị đã gửi".into());
    }
    if hlc.wall_ms > now_ms.saturating_add(MAX_SKEW_MS) {
        return Some(format!(
            "đi trước giờ máy chủ hơn {} phút; đồng chí hãy kiểm tra đồng hồ của thiết bị rồi đồng bộ lại",
            MAX_SKEW_MS / 60_000
        ));
    }
    if hlc.counter > MAX_COUNTER {
        return Some(format!(
            "có bộ đếm {} vượt giới hạn {MAX_COUNTER}",
            hlc.counter
        ));
    }
    None
}

/// [`judge_stored`], then, for a change from a device that would be accepted, the
/// stamp rules: refused after authorisation, as every other rule across rows, so that
/// the reason a stranger hears stays "forbidden".
pub fn judge_pushed(
    view: &impl TreeView,
    author: &Author,
    (device, now_ms): (DeviceId, u64),
    change: &Change,
    old: Option<&StoredRow>,
) -> Result<Verdict, StoreError> {
    let verdict = judge_stored(view, author, change, old)?;
    if !matches!((&verdict, author), (Verdict::Accept(_), Author::Member(_))) {
        return Ok(verdict);
    }
    match refusal(device, change, now_ms) {
        Some(reason) => Ok(Verdict::Reject {
            reason,
            current: current_for(view, author, change.row_id)?,
        }),
        None => Ok(verdict),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sotay_model::change::FieldValue;
    use sotay_model::{Entity, Id};

    fn change(hlc: Hlc, tombstone: Option<Hlc>) -> Change {
        Change {
            change_id: Id::from_u128(1),
            entity: Entity::Member,
            row_id: Id::from_u128(2),
            org_id: Id::from_u128(3),
            fields: [(
                "full_name".to_string(),
                FieldValue {
                    value: serde_json::json!("Lê Văn Tám"),
                    hlc,
                },
            )]
            .into(),
            tombstone,
        }
    }

    #[test]
    fn each_rule_refuses_with_its_reason() {
        let me = DeviceId::from_u128(7);
        let now = 1_000_000;
        let ok = Hlc {
            wall_ms: now + MAX_SKEW_MS,
            counter: MAX_COUNTER,
            node: me,
        };
        assert_eq!(refusal(me, &change(ok, Some(ok)), now), None);
        let cases = [
            (
                Hlc {
                    node: DeviceId::from_u128(8),
                    ..ok
                },
                "thiết bị khác",
            ),
            (
                Hlc {
                    wall_ms: now + MAX_SKEW_MS + 1,
                    ..ok
                },
                "đi trước giờ máy chủ",
            ),
            (
                Hlc {
                    wall_ms: u64::MAX,
                    counter: u32::MAX,
                    node: me,
                },
                "đi trước",
            ),
            (
                Hlc {
                    counter: MAX_COUNTER + 1,
                    ..ok
                },
                "bộ đếm",
            ),
        ];
        for (bad, why) in cases {
            for c in [change(bad, None), change(ok, Some(bad))] {
                match refusal(me, &c, now) {
                    Some(RejectReason::Invalid(d)) => assert!(d.contains(why), "{d}"),
                    other => panic!("{bad:?} gave {other:?}"),
                }
            }
        }
    }
}
