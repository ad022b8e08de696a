//! Building meeting changes on the server side (the demo, tests, the simulator) from
//! the model's structs, like [`crate::rows`] does for the tree.

use crate::rows::edit_change;
use serde_json::json;
use sotay_model::hlc::Hlc;
use sotay_model::ids::Id;
use sotay_model::meetings::{AttendanceMark, CheckIn, Meeting, MeetingKey, Minutes, Proof};
use sotay_model::{Change, Entity};

/// A change that creates (or sets every field of) a meeting.
pub fn meeting_change(change_id: Id, m: &Meeting, hlc: Hlc) -> Change {
    edit_change(
        change_id,
        Entity::Meeting,
        m.id,
        m.org_id,
        vec![
            ("org_id", json!(m.org_id)),
            ("kind", json!(m.kind)),
            ("topic", json!(m.topic)),
            ("starts_at", json!(m.starts_at)),
            ("ends_at", json!(m.ends_at)),
            ("place", json!(m.place)),
            ("chair_id", json!(m.chair_id)),
            ("minute_taker_id", json!(m.minute_taker_id)),
            ("agenda", json!(m.agenda)),
            ("materials", json!(m.materials)),
            ("invited", json!(m.invited)),
            ("guests", json!(m.guests)),
            ("status", json!(m.status)),
            ("note", json!(m.note)),
        ],
        hlc,
    )
}

/// A change that creates a meeting's key (office copy or a holder's copy).
pub fn key_change(change_id: Id, k: &MeetingKey, hlc: Hlc) -> Change {
    edit_change(
        change_id,
        Entity::MeetingKey,
        MeetingKey::row_id(k.meeting_id, k.holder_id),
        k.org_id,
        vec![
            ("meeting_id", json!(k.meeting_id)),
            ("org_id", json!(k.org_id)),
            ("holder_id", json!(k.holder_id)),
            ("secret", json!(k.secret_hex())),
        ],
        hlc,
    )
}

/// A change that records a check-in, its proof in the field its kind travels in
/// (`proof`, or `code` as apps before issue 12 send it).
pub fn check_in_change(change_id: Id, c: &CheckIn, hlc: Hlc) -> Change {
    let mut fields = vec![
        ("meeting_id", json!(c.meeting_id)),
        ("org_id", json!(c.org_id)),
        ("member_id", json!(c.member_id)),
        ("slot", json!(c.slot)),
    ];
    match &c.proof {
        Some(Proof::Bound(p)) => fields.push(("proof", json!(p))),
        Some(Proof::Code(code)) => fields.push(("code", json!(code))),
        None => {}
    }
    edit_change(change_id, Entity::CheckIn, c.id, c.org_id, fields, hlc)
}

/// A change that records a mark (its `hlc` field is ignored: the change's stamp is it).
pub fn mark_change(change_id: Id, m: &AttendanceMark, hlc: Hlc) -> Change {
    edit_change(
        change_id,
        Entity::AttendanceMark,
        m.id,
        m.org_id,
        vec![
            ("meeting_id", json!(m.meeting_id)),
            ("org_id", json!(m.org_id)),
            ("member_id", json!(m.member_id)),
            ("attendance", json!(m.attendance)),
            ("reason", json!(m.reason)),
            ("overrides", json!(m.overrides)),
        ],
        hlc,
    )
}

/// A change that creates (or sets every field of) a minutes version.
pub fn minutes_change(change_id: Id, m: &Minutes, hlc: Hlc) -> Change {
    edit_change(
        change_id,
        Entity::Minutes,
        m.id,
        m.org_id,
        vec![
            ("meeting_id", json!(m.meeting_id)),
            ("org_id", json!(m.org_id)),
            ("version", json!(m.version)),
            ("previous_id", json!(m.previous_id)),
            ("reason", json!(m.reason)),
            ("items", json!(m.items)),
            ("conclusions", json!(m.conclusions)),
            ("votes", json!(m.votes)),
            ("status", json!(m.status)),
            ("approved_by", json!(m.approved_by)),
        ],
        hlc,
    )
}
