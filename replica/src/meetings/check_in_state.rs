//! Where this device's own check-in stands. A check-in typed on this device is only a
//! claim until the server has checked its code: while its change waits in the outbox
//! it is "chờ xác nhận" and counts neither as present nor in the meeting's figures
//! here (a wrong code used to show "Có mặt" until the next sync refused it). Once the
//! server accepts it the outbox no longer holds it; a refusal rolls the row back.
//! A member whose check-in the server has confirmed gets it back when typing a code
//! again, instead of a second change. One still waiting does not stop another (the
//! screen no longer offers the field; the server judges and limits each one pushed).

use super::attendance::{check_ins, marks};
use crate::db::Db;
use sotay_model::api::ApiError;
use sotay_model::meetings::{reconcile, AttendanceList, CheckIn, Meeting};
use sotay_model::{Entity, Id};
use std::collections::BTreeSet;

/// Check-ins made on this device whose change the server has not yet acknowledged.
pub(crate) fn unconfirmed(db: &Db) -> Result<BTreeSet<Id>, ApiError> {
    Ok(db
        .pending_changes()?
        .into_iter()
        .filter(|c| c.entity == Entity::CheckIn)
        .map(|c| c.row_id)
        .collect())
}

/// The meeting's attendance as the figures count it: check-ins the server has not
/// confirmed are left out.
pub(crate) fn confirmed_list(db: &Db, m: &Meeting) -> Result<AttendanceList, ApiError> {
    let waiting = unconfirmed(db)?;
    let ins: Vec<CheckIn> = check_ins(db, m.id)?
        .into_iter()
        .filter(|c| !waiting.contains(&c.id))
        .collect();
    Ok(reconcile(m, &ins, &marks(db, m.id)?))
}

/// `member`'s check-ins for `meeting` that no correction has set aside, with whether
/// each is still waiting for the server.
fn standing(db: &Db, meeting: Id, member: Id) -> Result<Vec<(Id, bool)>, ApiError> {
    let waiting = unconfirmed(db)?;
    let marks = marks(db, meeting)?;
    Ok(check_ins(db, meeting)?
        .into_iter()
        .filter(|c| c.member_id == member)
        .filter(|c| {
            !marks
                .iter()
                .any(|m| m.overrides == Some(c.id) && !m.reason.is_empty())
        })
        .map(|c| (c.id, waiting.contains(&c.id)))
        .collect())
}

/// The confirmed check-in `member` has standing for `meeting`, if any (typing a code
/// again answers it and writes nothing).
pub(crate) fn confirmed(db: &Db, meeting: Id, member: Id) -> Result<Option<Id>, ApiError> {
    Ok(standing(db, meeting, member)?
        .into_iter()
        .find(|(_, waiting)| !waiting)
        .map(|(id, _)| id))
}

/// Whether `member`'s only standing check-ins are still waiting for the server.
pub(crate) fn waiting(db: &Db, meeting: Id, member: Id) -> Result<bool, ApiError> {
    let s = standing(db, meeting, member)?;
    Ok(!s.is_empty() && s.iter().all(|(_, w)| *w))
}
