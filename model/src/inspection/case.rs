//! A level's yearly inspection and supervision plan, its programmes and their case
//! work. Every row sits at the inspecting organisation (`org_id`).

use crate::change::RowState;
use crate::fields::{date, enum_from, id_field, text};
use crate::ids::Id;
use crate::meetings::meeting::{list, optional_id, optional_text};
use serde::{Deserialize, Serialize};

pub const MAX_TEXT: usize = 20_000;
/// Subjects and team members of one programme.
pub const MAX_PEOPLE: usize = 200;

/// Kế hoạch kiểm tra, giám sát năm: one per organisation and year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InspectionPlan {
    pub id: Id,
    pub org_id: Id,
    pub year: u32,
    pub title: String,
    pub note: String,
}

pub const PLAN_FIELDS: &[&str] = &["org_id", "year", "title", "note"];
pub const PLAN_IMMUTABLE: &[&str] = &["org_id", "year"];

impl InspectionPlan {
    /// One plan per organisation and year, whichever device writes it first.
    pub fn row_id(org_id: Id, year: u32) -> Id {
        Id::derived(
            "sotay inspection plan",
            &[org_id.0.as_bytes(), &year.to_le_bytes()],
        )
    }

    pub fn from_row(row: &RowState) -> Result<InspectionPlan, String> {
        Ok(InspectionPlan {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            year: crate::evaluation::rating::year(row)?,
            title: text(row, "title", 300)?,
            note: optional_text(row, "note", MAX_TEXT)?,
        })
    }
}

crate::row::org_row!(InspectionPlan, InspectionPlan, PLAN_FIELDS, PLAN_IMMUTABLE);

/// The kinds of programme a plan holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InspectionKind {
    /// Giám sát thường xuyên
    RegularSupervision,
    /// Giám sát chuyên đề
    ThematicSupervision,
    /// Kiểm tra khi có dấu hiệu vi phạm
    SignsOfViolation,
    /// Kiểm tra việc thực hiện nhiệm vụ kiểm tra của tổ chức đảng cấp dưới
    LowerInspection,
    /// Kiểm tra việc thu, nộp, quản lý và sử dụng đảng phí
    Dues,
}

impl InspectionKind {
    pub const ALL: [InspectionKind; 5] = [
        InspectionKind::RegularSupervision,
        InspectionKind::ThematicSupervision,
        InspectionKind::SignsOfViolation,
        InspectionKind::LowerInspection,
        InspectionKind::Dues,
    ];
}

/// Where a programme stands. Set by the inspecting body; `Concluded` and `Closed`
/// follow from the conclusion and the closing of the follow-up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Trong kế hoạch
    #[default]
    Planned,
    /// Đang tiến hành
    Working,
    /// Đã kết luận
    Concluded,
    /// Đã kết thúc theo dõi thực hiện kết luận
    Closed,
}

/// One programme of a plan (cuộc kiểm tra, giám sát) and its conclusion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inspection {
    pub id: Id,
    /// The inspecting organisation (its inspection committee or committee).
    pub org_id: Id,
    pub plan_id: Id,
    pub kind: InspectionKind,
    pub title: String,
    pub content: String,
    /// Lower organisations inspected.
    pub subject_org_ids: Vec<Id>,
    /// Members inspected.
    pub subject_member_ids: Vec<Id>,
    /// The team (đoàn kiểm tra): members of the inspecting body.
    pub team_ids: Vec<Id>,
    /// yyyy-mm-dd
    pub from_date: String,
    /// yyyy-mm-dd, not before `from_date`.
    pub to_date: String,
    pub status: CaseStatus,
    /// The team's draft (dự thảo kết luận), before the body concludes.
    pub draft_conclusion: String,
    /// The body's conclusion (thông báo kết luận).
    pub conclusion: String,
    pub concluded_on: Option<String>,
    /// The day the conclusion was notified to the inspected.
    pub notified_on: Option<String>,
    pub closed_on: Option<String>,
}

pub const INSPECTION_FIELDS: &[&str] = &[
    "org_id",
    "plan_id",
    "kind",
    "title",
    "content",
    "subject_org_ids",
    "subject_member_ids",
    "team_ids",
    "from_date",
    "to_date",
    "status",
    "draft_conclusion",
    "conclusion",
    "concluded_on",
    "notified_on",
    "closed_on",
];
pub const INSPECTION_IMMUTABLE: &[&str] = &["org_id", "plan_id"];

pub(crate) fn optional_date(row: &RowState, field: &str) -> Result<Option<String>, String> {
    match row.fields.get(field).map(|f| &f.value) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(_) => date(row, field).map(Some),
    }
}

impl Inspection {
    pub fn from_row(row: &RowState) -> Result<Inspection, String> {
        let from_date = date(row, "from_date")?;
        let to_date = date(row, "to_date")?;
        if to_date < from_date {
            return Err("thời gian kết thúc phải sau thời gian bắt đầu".into());
        }
        let subject_org_ids: Vec<Id> = list(row, "subject_org_ids", MAX_PEOPLE)?;
        let subject_member_ids: Vec<Id> = list(row, "subject_member_ids", MAX_PEOPLE)?;
        if subject_org_ids.is_empty() && subject_member_ids.is_empty() {
            return Err("cuộc kiểm tra, giám sát phải có đối tượng".into());
        }
        let status: CaseStatus = match row.fields.get("status") {
            None => CaseStatus::Planned,
            Some(_) => enum_from(row, "status")?,
        };
        let concluded_on = optional_date(row, "concluded_on")?;
        let conclusion = optional_text(row, "conclusion", MAX_TEXT)?;
        if matches!(status, CaseStatus::Concluded | CaseStatus::Closed)
            && (conclusion.is_empty() || concluded_on.is_none())
        {
            return Err("cuộc kiểm tra đã kết luận phải có kết luận và ngày kết luận".into());
        }
        Ok(Inspection {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            plan_id: id_field(row, "plan_id")?,
            kind: enum_from(row, "kind")?,
            title: text(row, "title", 300)?,
            content: optional_text(row, "content", MAX_TEXT)?,
            subject_org_ids,
            subject_member_ids,
            team_ids: list(row, "team_ids", MAX_PEOPLE)?,
            from_date,
            to_date,
            status,
            draft_conclusion: optional_text(row, "draft_conclusion", MAX_TEXT)?,
            conclusion,
            concluded_on,
            notified_on: optional_date(row, "notified_on")?,
            closed_on: optional_date(row, "closed_on")?,
        })
    }

    /// Every subject, organisations first.
    pub fn subjects(&self) -> impl Iterator<Item = Id> + '_ {
        self.subject_org_ids
            .iter()
            .chain(&self.subject_member_ids)
            .copied()
    }

    /// Whether the case runs in `year` (its period touches it).
    pub fn in_year(&self, year: u32) -> bool {
        let y = |d: &str| d.get(0..4).and_then(|s| s.parse::<u32>().ok());
        y(&self.from_date).is_some_and(|f| f <= year) && y(&self.to_date).is_some_and(|t| t >= year)
    }
}

crate::row::org_row!(
    Inspection,
    Inspection,
    INSPECTION_FIELDS,
    INSPECTION_IMMUTABLE
);

/// What a case note records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// Lịch làm việc của đoàn
    Schedule,
    /// Tài liệu yêu cầu cung cấp
    Request,
    /// Tài liệu đã nhận
    Received,
    /// Nội dung phát hiện (finding)
    Finding,
}

/// One entry of a case's work, written by the team.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseNote {
    pub id: Id,
    /// The inspection's organisation.
    pub org_id: Id,
    pub inspection_id: Id,
    pub kind: NoteKind,
    /// yyyy-mm-dd
    pub on_date: String,
    pub text: String,
    /// The subject (organisation or member) it is about, if one.
    pub subject_id: Option<Id>,
    /// A finding that is a violation (vi phạm); false for everything else.
    pub violation: bool,
    pub author_id: Id,
}

pub const NOTE_FIELDS: &[&str] = &[
    "org_id",
    "inspection_id",
    "kind",
    "on_date",
    "text",
    "subject_id",
    "violation",
    "author_id",
];
pub const NOTE_IMMUTABLE: &[&str] = &["org_id", "inspection_id", "kind", "author_id"];

impl CaseNote {
    pub fn from_row(row: &RowState) -> Result<CaseNote, String> {
        let kind: NoteKind = enum_from(row, "kind")?;
        let violation = match row.fields.get("violation").map(|f| &f.value) {
            None | Some(serde_json::Value::Null) => false,
            Some(serde_json::Value::Bool(b)) => *b,
            Some(_) => return Err("Vi phạm phải là có hoặc không".into()),
        };
        if violation && kind != NoteKind::Finding {
            return Err("chỉ nội dung phát hiện mới ghi là vi phạm".into());
        }
        Ok(CaseNote {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            inspection_id: id_field(row, "inspection_id")?,
            kind,
            on_date: date(row, "on_date")?,
            text: text(row, "text", MAX_TEXT)?,
            subject_id: optional_id(row, "subject_id")?,
            violation,
            author_id: id_field(row, "author_id")?,
        })
    }
}

crate::row::org_row!(CaseNote, CaseNote, NOTE_FIELDS, NOTE_IMMUTABLE);
