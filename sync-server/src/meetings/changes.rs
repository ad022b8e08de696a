//! Building meeting changes on the server side (the demo, tests, the simulator) from
//! the model's structs, like [`crate::rows`] does for the tree.

use crate::rows::{edit_change, row_change};
use sotay_model::hlc::Hlc;
use sotay_model::ids::Id;
use sotay_model::meetings::{AttendanceMark, CheckIn, Meeting, MeetingKey, Minutes};
use sotay_model::row::Row;
use sotay_model::{Change, Entity};

/// A change that creates (or sets every field of) a meeting, written by its row codec.
pub fn meeting_change(change_id: Id, m: &Meeting, hlc: Hlc) -> Change {
    row_change(change_id, m, hlc)
}

/// A change that creates a meeting's key (office copy or a holder's copy). Its row id is
/// the key's formula whatever `k.id` holds (a test may forge one).
pub fn key_change(change_id: Id, k: &MeetingKey, hlc: Hlc) -> Change {
    edit_change(
        change_id,
        Entity::MeetingKey,
        MeetingKey::row_id(k.meeting_id, k.holder_id),
        k.org_id,
        k.to_fields(),
        hlc,
    )
}

/// A change that records a check-in, its proof in the field its kind travels in
/// (`proof`, or `code` as apps before issue 12 send it); one without a proof carries
/// neither field (the codec writes a null `proof`).
pub fn check_in_change(change_id: Id, c: &CheckIn, hlc: Hlc) -> Change {
    let fields = c
        .to_fields()
        .into_iter()
        .filter(|(k, v)| !(*k == "proof" && v.is_null()))
        .collect();
    edit_change(change_id, Entity::CheckIn, c.id, c.org_id, fields, hlc)
}

/// A change that records a mark (its `hlc` field is ignored: the change's stamp is it).
pub fn mark_change(change_id: Id, m: &AttendanceMark, hlc: Hlc) -> Change {
    row_change(change_id, m, hlc)
}

/// A change that creates (or sets every field of) a minutes version.
pub fn minutes_change(change_id: Id, m: &Minutes, hlc: Hlc) -> Change {
    row_change(change_id, m, hlc)
}
