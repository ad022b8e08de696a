//! Attendance as events, not last-writer-wins (DESIGN §4.3): every check-in and every
//! secretary's mark is its own immutable row, and [`reconcile`] folds the events of a
//! meeting into one list. It depends only on the SET of events, so every device that
//! holds the same events shows the same list, whatever order they arrived in.
//!
//! The rule, for each member convened:
//! 1. A member's own check-in stands unless an explicit correction names it. If one
//!    stands (the earliest slot, then the smallest id), the member is present, or late
//!    when the code's slot began more than [`GRACE_MS`] after the start. A secretary's
//!    plain mark (e.g. a stale "absent" made offline) never overrides it.
//! 2. A correction is a secretary's mark that names the check-in it overrides
//!    (`overrides`) and carries a reason; it is kept like any change in the server's
//!    audit log.
//! 3. Otherwise, among the secretary's marks for the member (corrections included),
//!    the greatest HLC wins.
//! 4. Otherwise the member is not recorded (counted as not present).
//!
//! Present (on time or late) / convened is shown; the meeting has its quorum when more
//! than half of those convened are present.

use super::meeting::{number, optional_id, optional_text, Meeting};
use crate::change::RowState;
use crate::fields::{enum_from, id_field};
use crate::hlc::Hlc;
use crate::ids::Id;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Checking in later than this after the start counts as late: 15 minutes.
pub const GRACE_MS: u64 = 15 * 60 * 1000;

/// Vắng có lý do / không có lý do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Absence {
    Excused,
    Unexcused,
}

/// Điểm danh: what the list says of one member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    Present,
    Late,
    Absent(Absence),
}

impl Attendance {
    pub fn is_present(self) -> bool {
        matches!(self, Attendance::Present | Attendance::Late)
    }
    pub fn label_vi(self) -> &'static str {
        match self {
            Attendance::Present => "Có mặt",
            Attendance::Late => "Đến muộn",
            Attendance::Absent(Absence::Excused) => "Vắng có lý do",
            Attendance::Absent(Absence::Unexcused) => "Vắng không lý do",
        }
    }
}

/// How a pushed check-in shows that its member saw the meeting's code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Proof {
    /// Wire field `proof`: bound to the member (see [`super::proof`]); what devices
    /// send since issue 12.
    Bound(String),
    /// Wire field `code`: the code itself, as apps before issue 12 send it. Still
    /// verified and taken (protocol 1 is unchanged); the server keeps it no more than
    /// a bound proof.
    Code(String),
}

/// What the server leaves in a stored check-in's `code` field in place of the code it
/// verified (and of a proof: see `sync-server`'s `meetings::check_ins`). Apps before
/// issue 12 need a well-formed `code` on every check-in they pull to count it; this
/// one is read as "withheld", never as a code (a member who typed exactly it, one
/// chance in 2^30, is asked for the next code).
pub const WITHHELD_CODE: &str = "00000000";

/// A member's own check-in. Wire fields: `meeting_id`, `org_id` (the meeting's),
/// `member_id` (the author: the server refuses anyone else), `slot` (resolved from the
/// code, see `code::resolve_slot`), and when pushed `proof` (or, from apps before
/// issue 12, `code`). Rows as stored and pulled carry neither: `proof` is null and
/// `code` is [`WITHHELD_CODE`], so `proof` here is `None`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    pub id: Id,
    pub meeting_id: Id,
    pub org_id: Id,
    pub member_id: Id,
    pub slot: u64,
    pub proof: Option<Proof>,
}

pub const CHECK_IN_FIELDS: &[&str] =
    &["meeting_id", "org_id", "member_id", "code", "slot", "proof"];

impl CheckIn {
    pub fn from_row(row: &RowState) -> Result<CheckIn, String> {
        let bound = optional_text(row, "proof", 2 * super::proof::PROOF_BYTES)?;
        let code = optional_text(row, "code", 16)?;
        let proof = if !bound.is_empty() {
            Some(Proof::Bound(bound))
        } else if code.is_empty() {
            None
        } else {
            let code = super::code::normalise(&code).map_err(|e| e.to_string())?;
            (code != WITHHELD_CODE).then_some(Proof::Code(code))
        };
        Ok(CheckIn {
            id: row.row_id,
            meeting_id: id_field(row, "meeting_id")?,
            org_id: id_field(row, "org_id")?,
            member_id: id_field(row, "member_id")?,
            slot: number(row, "slot")?,
            proof,
        })
    }
}

/// A secretary's (or chair's, minute-taker's) mark. Wire fields: `meeting_id`,
/// `org_id`, `member_id` (who is marked), `attendance`, `reason` (needed for an
/// excused absence and for a correction), `overrides` (a check-in id: a correction).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttendanceMark {
    pub id: Id,
    pub meeting_id: Id,
    pub org_id: Id,
    pub member_id: Id,
    pub attendance: Attendance,
    pub reason: String,
    pub overrides: Option<Id>,
    /// The stamp the mark was made with (its `attendance` field's).
    pub hlc: Hlc,
}

pub const MARK_FIELDS: &[&str] = &[
    "meeting_id",
    "org_id",
    "member_id",
    "attendance",
    "reason",
    "overrides",
];

impl AttendanceMark {
    pub fn from_row(row: &RowState) -> Result<AttendanceMark, String> {
        let attendance: Attendance = enum_from(row, "attendance")?;
        let reason = optional_text(row, "reason", 500)?;
        let overrides = optional_id(row, "overrides")?;
        if overrides.is_some() && reason.is_empty() {
            return Err("một đính chính điểm danh phải ghi lý do".into());
        }
        if attendance == Attendance::Absent(Absence::Excused) && reason.is_empty() {
            return Err("vắng có lý do phải ghi lý do".into());
        }
        let hlc = row
            .fields
            .get("attendance")
            .map(|f| f.hlc)
            .ok_or("thiếu trường attendance")?;
        Ok(AttendanceMark {
            id: row.row_id,
            meeting_id: id_field(row, "meeting_id")?,
            org_id: id_field(row, "org_id")?,
            member_id: id_field(row, "member_id")?,
            attendance,
            reason,
            overrides,
            hlc,
        })
    }
}

/// Where a member's line comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    CheckIn,
    Mark,
    /// A mark that overrides the member's check-in.
    Correction,
    None,
}

/// One member's line of the reconciled list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttendanceRow {
    pub member_id: Id,
    /// `None`: not recorded yet.
    pub attendance: Option<Attendance>,
    pub source: Source,
    /// The event that decided the line (a check-in or a mark).
    pub event_id: Option<Id>,
    /// The mark's reason (excused absence, correction); empty otherwise.
    pub reason: String,
    /// The member's check-in that a correction overrode, if any.
    pub overridden_check_in: Option<Id>,
}

/// The reconciled attendance of a meeting.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AttendanceList {
    /// One line per member convened, in the order of `Meeting::invited`.
    pub rows: Vec<AttendanceRow>,
    pub convened: u32,
    /// On time or late.
    pub present: u32,
    pub late: u32,
    pub absent_excused: u32,
    pub absent_unexcused: u32,
    pub unrecorded: u32,
    /// More than half of those convened are present.
    pub quorum: bool,
}

/// Fold a meeting's events into its attendance list by the rule in this module's
/// documentation. Events of other meetings are ignored; the order of the slices does
/// not matter.
pub fn reconcile(
    meeting: &Meeting,
    check_ins: &[CheckIn],
    marks: &[AttendanceMark],
) -> AttendanceList {
    let mut ins: BTreeMap<Id, Vec<&CheckIn>> = BTreeMap::new();
    for c in check_ins.iter().filter(|c| c.meeting_id == meeting.id) {
        ins.entry(c.member_id).or_default().push(c);
    }
    let mut by_member: BTreeMap<Id, Vec<&AttendanceMark>> = BTreeMap::new();
    for m in marks.iter().filter(|m| m.meeting_id == meeting.id) {
        by_member.entry(m.member_id).or_default().push(m);
    }
    let mut list = AttendanceList::default();
    let mut seen = std::collections::BTreeSet::new();
    for &member in &meeting.invited {
        if !seen.insert(member) {
            continue;
        }
        let mine = ins.get(&member).map(Vec::as_slice).unwrap_or(&[]);
        let my_marks = by_member.get(&member).map(Vec::as_slice).unwrap_or(&[]);
        let corrected = |c: &CheckIn| {
            my_marks
                .iter()
                .find(|m| m.overrides == Some(c.id) && !m.reason.is_empty())
        };
        let standing = mine
            .iter()
            .filter(|c| corrected(c).is_none())
            .min_by_key(|c| (c.slot, c.id));
        let latest = my_marks.iter().max_by_key(|m| (m.hlc, m.id));
        let row = match (standing, latest) {
            (Some(c), _) => {
                let shown_at = c.slot * super::code::SLOT_MS;
                let late = shown_at > meeting.starts_at.saturating_add(GRACE_MS);
                AttendanceRow {
                    member_id: member,
                    attendance: Some(if late {
                        Attendance::Late
                    } else {
                        Attendance::Present
                    }),
                    source: Source::CheckIn,
                    event_id: Some(c.id),
                    reason: String::new(),
                    overridden_check_in: None,
                }
            }
            (None, Some(m)) => {
                let overridden = m
                    .overrides
                    .filter(|o| mine.iter().any(|c| c.id == *o))
                    .or_else(|| mine.iter().map(|c| c.id).min());
                AttendanceRow {
                    member_id: member,
                    attendance: Some(m.attendance),
                    source: if mine.is_empty() {
                        Source::Mark
                    } else {
                        Source::Correction
                    },
                    event_id: Some(m.id),
                    reason: m.reason.clone(),
                    overridden_check_in: if mine.is_empty() { None } else { overridden },
                }
            }
            (None, None) => AttendanceRow {
                member_id: member,
                attendance: None,
                source: Source::None,
                event_id: None,
                reason: String::new(),
                overridden_check_in: None,
            },
        };
        match row.attendance {
            Some(Attendance::Present) => list.present += 1,
            Some(Attendance::Late) => {
                list.present += 1;
                list.late += 1
            }
            Some(Attendance::Absent(Absence::Excused)) => list.absent_excused += 1,
            Some(Attendance::Absent(Absence::Unexcused)) => list.absent_unexcused += 1,
            None => list.unrecorded += 1,
        }
        list.rows.push(row);
    }
    list.convened = list.rows.len() as u32;
    list.quorum = list.present * 2 > list.convened;
    list
}

// The proof goes in the field its kind names (`proof` or, from older apps, `code`).
crate::row::org_row!(CheckIn, CheckIn, CHECK_IN_FIELDS, CHECK_IN_FIELDS, {
    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        use serde_json::json;
        let proof = match &self.proof {
            Some(Proof::Bound(p)) => ("proof", json!(p)),
            Some(Proof::Code(c)) => ("code", json!(c)),
            None => ("proof", serde_json::Value::Null),
        };
        vec![
            ("meeting_id", json!(self.meeting_id)),
            ("org_id", json!(self.org_id)),
            ("member_id", json!(self.member_id)),
            ("slot", json!(self.slot)),
            proof,
        ]
    }
});
// `hlc` is not a field: it is read from the `attendance` field's stamp.
crate::row::org_row!(AttendanceMark, AttendanceMark, MARK_FIELDS, MARK_FIELDS);
