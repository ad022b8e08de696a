//! The demo's membership transfers (issue 19): into the demo cell, one official
//! transfer waiting for its committee (from a cell of another district) and one
//! temporary transfer it has confirmed (the member sinh hoạt tạm thời there for two
//! months and stays in their home cell). Nobody moves, so every other part of the demo
//! keeps its members where they are. The server makes the demo cell's copies and
//! writes the confirmation back, as it does for devices.

use super::DemoError;
use crate::rows::{edit_change, row_change, server_hlc};
use crate::store::Store;
use serde_json::json;
use sotay_model::entities::Member;
use sotay_model::protocol::Outcome;
use sotay_model::tasks::vn_day;
use sotay_model::transfers::{Transfer, TransferIn, TransferKind, TransferStatus};
use sotay_model::{Entity, Id};

const DAY: u64 = 86_400_000;

/// Who the demo's transfers are about.
pub struct DemoTransfers<'a> {
    /// The demo cell (receiving) and its secretary.
    pub cell: Id,
    pub secretary: Id,
    /// Two cells of other districts: (cell, its secretary, a plain member of it).
    pub from: [(Id, Id, Id); 2],
    pub members: &'a [Member],
}

fn name_of(store: &dyn Store, id: Id) -> Result<String, DemoError> {
    Ok(store
        .row(id)?
        .and_then(|s| s.row.str("name").map(str::to_string))
        .unwrap_or_default())
}

pub fn seed(store: &dyn Store, now_ms: u64, d: &DemoTransfers<'_>) -> Result<(), DemoError> {
    let dest_name = name_of(store, d.cell)?;
    let id = |n: u8| Id::derived("sotay demo transfer", &[d.cell.0.as_bytes(), &[n]]);
    let mut changes = Vec::new();
    let mut copies = Vec::new();
    for (n, &(from, issuer, member)) in d.from.iter().enumerate() {
        let m = d
            .members
            .iter()
            .find(|m| m.id == member)
            .ok_or_else(|| DemoError::Refused("đảng viên chuyển sinh hoạt không có".into()))?;
        let tid = id(n as u8);
        let temporary = n == 1;
        let t = Transfer {
            id: tid,
            org_id: from,
            transfer_id: tid,
            member_id: m.id,
            member_name: m.full_name.clone(),
            card_no: m.card_no.clone(),
            from_org_id: from,
            from_org_name: name_of(store, from)?,
            dest_org_id: Some(d.cell),
            dest_name: dest_name.clone(),
            kind: if temporary {
                TransferKind::Temporary
            } else {
                TransferKind::Official
            },
            reason: if temporary {
                "Đi làm việc thời vụ tại địa phương hai tháng".into()
            } else {
                "Chuyển nơi cư trú về thôn".into()
            },
            end_date: temporary.then(|| vn_day(now_ms + 60 * DAY)),
            issued_by: issuer,
            issued_date: vn_day(now_ms.saturating_sub(3 * DAY)),
            status: TransferStatus::Issued,
            decided_by: None,
            decided_date: None,
            note: String::new(),
        };
        changes.push(row_change(id(10 + n as u8), &t, server_hlc(now_ms)));
        if temporary {
            copies.push(TransferIn::row_id(tid));
        }
    }
    // The demo cell's secretary confirmed the temporary one yesterday.
    for copy in copies {
        changes.push(edit_change(
            id(20),
            Entity::TransferIn,
            copy,
            d.cell,
            vec![
                ("status", json!(TransferStatus::Confirmed)),
                ("decided_by", json!(d.secretary)),
                ("decided_date", json!(vn_day(now_ms.saturating_sub(DAY)))),
            ],
            server_hlc(now_ms + 1),
        ));
    }
    for r in store.seed(&changes, now_ms)? {
        if !matches!(r.outcome, Outcome::Accepted { .. }) {
            return Err(DemoError::Refused(format!("{:?}", r.outcome)));
        }
    }
    Ok(())
}
