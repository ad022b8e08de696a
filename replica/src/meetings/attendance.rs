//! Attendance on this device: the check-in code the secretary's device shows (from the
//! meeting's secret, only on devices that hold it), a member's own check-in typed or
//! scanned with no network, codes verified locally, the secretary's marks and
//! corrections, and the list reconciled by `sotay_model::meetings::reconcile`.

use super::{children, get, me};
use crate::calls::{Cx, Local};
use crate::db::Db;
use crate::env::Env;
use crate::error::{invalid, not_found};
use sotay_model::api::ApiError;
use sotay_model::hlc::Hlc;
use sotay_model::meetings::api::CheckInCode;
use sotay_model::meetings::code::{self, display, normalise, resolve_slot};
use sotay_model::meetings::requests::{
    CheckIn as CheckInWithCode, GetAttendance, MarkAttendance, ShowCheckInCode, VerifyCheckInCode,
};
use sotay_model::meetings::{
    proof_for, reconcile, Attendance, AttendanceList, AttendanceMark, CheckIn, Meeting, MeetingKey,
    MeetingStatus, Proof,
};
use sotay_model::row::Row;
use sotay_model::{Entity, Id};

impl Local for ShowCheckInCode {
    fn local(self, cx: &mut Cx<'_>) -> Result<CheckInCode, ApiError> {
        show_code(cx.db, self.meeting_id, cx.env.now_ms())
    }
}

impl Local for CheckInWithCode {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        check_in(cx.db, cx.env, self.meeting_id, &self.code)
    }
}

impl Local for VerifyCheckInCode {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        verify(cx.db, self.meeting_id, &self.code)
    }
}

impl Local for MarkAttendance {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let (meeting, member) = (self.meeting_id, self.member_id);
        let db = &mut *cx.db;
        let env = cx.env;
        mark(
            db,
            env,
            meeting,
            member,
            self.attendance,
            &self.reason,
            self.overrides,
        )
    }
}

impl Local for GetAttendance {
    fn local(self, cx: &mut Cx<'_>) -> Result<AttendanceList, ApiError> {
        let db = &*cx.db;
        list(db, &get(db, self.meeting_id)?)
    }
}

/// The meeting's office copy of the secret, if this device holds it.
pub(crate) fn office_key(db: &Db, meeting: Id) -> Result<Option<MeetingKey>, ApiError> {
    Ok(db
        .live_row(Entity::MeetingKey, MeetingKey::row_id(meeting, None))?
        .and_then(|r| MeetingKey::from_row(&r).ok()))
}

/// Any copy of the meeting's secret this device holds (office copy or its member's).
pub(crate) fn any_key(db: &Db, meeting: Id) -> Result<Option<MeetingKey>, ApiError> {
    if let Some(k) = office_key(db, meeting)? {
        return Ok(Some(k));
    }
    let Ok(me) = me(db) else {
        return Ok(None);
    };
    Ok(db
        .live_row(Entity::MeetingKey, MeetingKey::row_id(meeting, Some(me)))?
        .and_then(|r| MeetingKey::from_row(&r).ok()))
}

fn key_or_refuse(db: &Db, meeting: Id) -> Result<MeetingKey, ApiError> {
    any_key(db, meeting)?.ok_or_else(|| {
        ApiError::new(
            sotay_model::api::ApiErrorKind::Forbidden,
            "Máy này không giữ khóa điểm danh của cuộc họp (chỉ cấp ủy, văn phòng, chủ trì và thư ký cuộc họp giữ)",
        )
    })
}

/// The code for the current time slot, as text and as a QR image.
pub fn show_code(db: &Db, meeting: Id, now: u64) -> Result<CheckInCode, ApiError> {
    let m = get(db, meeting)?;
    let key = key_or_refuse(db, meeting)?;
    let slot = code::slot_of(now);
    let raw = code::code_for_slot(&key.secret, m.id, slot);
    Ok(CheckInCode {
        meeting_id: m.id,
        code: display(&raw),
        qr_svg: crate::devices::qr_svg(&raw)?,
        valid_until: (slot + 1) * code::SLOT_MS,
    })
}

/// Check a typed code against the meeting's secret (the secretary's device).
pub fn verify(db: &Db, meeting: Id, typed: &str) -> Result<(), ApiError> {
    let m = get(db, meeting)?;
    let key = key_or_refuse(db, meeting)?;
    let slot = resolve_slot(typed, m.starts_at).map_err(|e| invalid(e.to_string()))?;
    code::verify_code(&key.secret, m.id, m.starts_at, m.ends_at, typed, slot)
        .map_err(|e| invalid(e.to_string()))
}

/// The member's own check-in, written offline. The code's form is checked here; whether
/// it is right for this meeting and time is checked by the server at sync (and here
/// too when this device holds the secret). The row carries a proof bound to this
/// member, never the code (`sotay_model::meetings::proof`); the server withholds even
/// the proof from what it stores, and this device takes that at its next pull.
pub fn check_in(db: &mut Db, env: &dyn Env, meeting: Id, typed: &str) -> Result<Id, ApiError> {
    let m = get(db, meeting)?;
    let me = me(db)?;
    if m.status == MeetingStatus::Cancelled {
        return Err(invalid("Cuộc họp đã bị hủy"));
    }
    if !m.invites(me) {
        return Err(invalid(
            "Đồng chí không có tên trong danh sách triệu tập cuộc họp này",
        ));
    }
    if let Some(standing) = super::check_in_state::confirmed(db, meeting, me)? {
        return Ok(standing);
    }
    let code = normalise(typed).map_err(|e| invalid(e.to_string()))?;
    let slot = resolve_slot(&code, m.starts_at).map_err(|e| invalid(e.to_string()))?;
    if any_key(db, meeting)?.is_some() {
        verify(db, meeting, &code)?;
    }
    let check_in = CheckIn {
        id: env.new_id(),
        meeting_id: m.id,
        org_id: m.org_id,
        member_id: me,
        slot,
        proof: Some(Proof::Bound(proof_for(&code, me, m.id, slot))),
    };
    db.commit_local(
        env,
        Entity::CheckIn,
        check_in.id,
        check_in.to_fields(),
        false,
    )?;
    Ok(check_in.id)
}

/// A mark or, with `overrides`, a correction of the member's check-in.
pub fn mark(
    db: &mut Db,
    env: &dyn Env,
    meeting: Id,
    member: Id,
    attendance: Attendance,
    reason: &str,
    overrides: Option<Id>,
) -> Result<Id, ApiError> {
    let m = get(db, meeting)?;
    if !m.invites(member) {
        return Err(invalid(
            "Đảng viên này không có tên trong danh sách triệu tập",
        ));
    }
    if let Some(c) = overrides {
        let own = check_ins(db, meeting)?
            .into_iter()
            .any(|x| x.id == c && x.member_id == member);
        if !own {
            return Err(not_found(
                "Không tìm thấy lượt tự điểm danh cần đính chính trên máy",
            ));
        }
    }
    let mark = AttendanceMark {
        id: env.new_id(),
        meeting_id: m.id,
        org_id: m.org_id,
        member_id: member,
        attendance,
        reason: reason.trim().to_string(),
        overrides,
        // Not a field: a mark's stamp is its change's, given when it is written.
        hlc: Hlc {
            wall_ms: 0,
            counter: 0,
            node: Id::nil(),
        },
    };
    db.commit_local(
        env,
        Entity::AttendanceMark,
        mark.id,
        mark.to_fields(),
        false,
    )?;
    Ok(mark.id)
}

pub(crate) fn check_ins(db: &Db, meeting: Id) -> Result<Vec<CheckIn>, ApiError> {
    Ok(children(db, Entity::CheckIn, meeting)?
        .iter()
        .filter_map(|r| CheckIn::from_row(r).ok())
        .collect())
}

pub(crate) fn marks(db: &Db, meeting: Id) -> Result<Vec<AttendanceMark>, ApiError> {
    Ok(children(db, Entity::AttendanceMark, meeting)?
        .iter()
        .filter_map(|r| AttendanceMark::from_row(r).ok())
        .collect())
}

/// The meeting's attendance by the rule, from the events this device holds.
pub fn list(db: &Db, m: &Meeting) -> Result<AttendanceList, ApiError> {
    Ok(reconcile(m, &check_ins(db, m.id)?, &marks(db, m.id)?))
}
