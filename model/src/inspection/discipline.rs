//! Discipline decisions (kỷ luật) on a member or an organisation, and appeals
//! (khiếu nại) against them. A record sits at its subject: a member's cell (and is
//! about the member, who reads it), or the disciplined organisation.

use super::case::{optional_date, MAX_TEXT};
use crate::change::RowState;
use crate::fields::{date, enum_from, id_field, text};
use crate::ids::Id;
use crate::meetings::meeting::{optional_id, optional_text};
use serde::{Deserialize, Serialize};

/// Whom a decision is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Member,
    Organisation,
}

/// The forms of discipline (Điều lệ Đảng, Điều 35–36).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisciplineForm {
    /// Khiển trách
    Reprimand,
    /// Cảnh cáo
    Warning,
    /// Cách chức (members)
    Dismissal,
    /// Khai trừ (members)
    Expulsion,
    /// Giải tán (organisations)
    Dissolution,
}

impl DisciplineForm {
    pub const ALL: [DisciplineForm; 5] = [
        DisciplineForm::Reprimand,
        DisciplineForm::Warning,
        DisciplineForm::Dismissal,
        DisciplineForm::Expulsion,
        DisciplineForm::Dissolution,
    ];

    /// Whether the form applies to that kind of subject.
    pub fn fits(self, subject: SubjectKind) -> bool {
        match self {
            DisciplineForm::Reprimand | DisciplineForm::Warning => true,
            DisciplineForm::Dismissal | DisciplineForm::Expulsion => subject == SubjectKind::Member,
            DisciplineForm::Dissolution => subject == SubjectKind::Organisation,
        }
    }

    /// Its slot in the report's counts (the order of [`DisciplineForm::ALL`]).
    pub fn slot(self) -> usize {
        DisciplineForm::ALL
            .iter()
            .position(|f| *f == self)
            .unwrap_or(0)
    }
}

/// Quyết định kỷ luật.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Discipline {
    pub id: Id,
    /// The member's cell, or the disciplined organisation.
    pub org_id: Id,
    /// The member disciplined; none for an organisation (`org_id`).
    pub member_id: Option<Id>,
    pub form: DisciplineForm,
    pub violation: String,
    /// The organisation whose committee or inspection committee decided.
    pub decided_by_org_id: Id,
    /// yyyy-mm-dd
    pub decided_on: String,
    /// Số quyết định, e.g. "15-QĐ/UBKT".
    pub decision_no: String,
    /// The case it came from, if one.
    pub inspection_id: Option<Id>,
}

pub const DISCIPLINE_FIELDS: &[&str] = &[
    "org_id",
    "member_id",
    "form",
    "violation",
    "decided_by_org_id",
    "decided_on",
    "decision_no",
    "inspection_id",
];
pub const DISCIPLINE_IMMUTABLE: &[&str] = &["org_id", "member_id", "decided_by_org_id"];

impl Discipline {
    pub fn from_row(row: &RowState) -> Result<Discipline, String> {
        let member_id = optional_id(row, "member_id")?;
        let form: DisciplineForm = enum_from(row, "form")?;
        let kind = if member_id.is_some() {
            SubjectKind::Member
        } else {
            SubjectKind::Organisation
        };
        if !form.fits(kind) {
            return Err(match kind {
                SubjectKind::Member => "hình thức giải tán chỉ áp dụng với tổ chức đảng",
                SubjectKind::Organisation => {
                    "hình thức cách chức, khai trừ chỉ áp dụng với đảng viên"
                }
            }
            .into());
        }
        Ok(Discipline {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            member_id,
            form,
            violation: text(row, "violation", MAX_TEXT)?,
            decided_by_org_id: id_field(row, "decided_by_org_id")?,
            decided_on: date(row, "decided_on")?,
            decision_no: optional_text(row, "decision_no", 100)?,
            inspection_id: optional_id(row, "inspection_id")?,
        })
    }

    pub fn subject_kind(&self) -> SubjectKind {
        if self.member_id.is_some() {
            SubjectKind::Member
        } else {
            SubjectKind::Organisation
        }
    }
}

crate::row::org_row!(
    Discipline,
    Discipline,
    DISCIPLINE_FIELDS,
    DISCIPLINE_IMMUTABLE
);

/// How an appeal ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealOutcome {
    /// Giữ nguyên hình thức kỷ luật
    Upheld,
    /// Giảm hình thức kỷ luật
    Reduced,
    /// Xóa bỏ quyết định kỷ luật
    Annulled,
}

/// Đơn khiếu nại kỷ luật, and its outcome once the body above decides.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Appeal {
    pub id: Id,
    /// The discipline's organisation.
    pub org_id: Id,
    pub discipline_id: Id,
    /// Who lodged it: the member disciplined, or a leader of the organisation.
    pub member_id: Id,
    /// yyyy-mm-dd
    pub lodged_on: String,
    pub text: String,
    pub outcome: Option<AppealOutcome>,
    pub outcome_note: String,
    pub decided_by_org_id: Option<Id>,
    pub decided_on: Option<String>,
}

pub const APPEAL_FIELDS: &[&str] = &[
    "org_id",
    "discipline_id",
    "member_id",
    "lodged_on",
    "text",
    "outcome",
    "outcome_note",
    "decided_by_org_id",
    "decided_on",
];
pub const APPEAL_IMMUTABLE: &[&str] =
    &["org_id", "discipline_id", "member_id", "lodged_on", "text"];

impl Appeal {
    pub fn from_row(row: &RowState) -> Result<Appeal, String> {
        let outcome: Option<AppealOutcome> = match row.fields.get("outcome").map(|f| &f.value) {
            None | Some(serde_json::Value::Null) => None,
            Some(_) => Some(enum_from(row, "outcome")?),
        };
        let decided_by_org_id = optional_id(row, "decided_by_org_id")?;
        let decided_on = optional_date(row, "decided_on")?;
        if outcome.is_some() && (decided_by_org_id.is_none() || decided_on.is_none()) {
            return Err("kết quả giải quyết khiếu nại phải ghi cơ quan và ngày quyết định".into());
        }
        Ok(Appeal {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            discipline_id: id_field(row, "discipline_id")?,
            member_id: id_field(row, "member_id")?,
            lodged_on: date(row, "lodged_on")?,
            text: text(row, "text", MAX_TEXT)?,
            outcome,
            outcome_note: optional_text(row, "outcome_note", MAX_TEXT)?,
            decided_by_org_id,
            decided_on,
        })
    }
}

crate::row::org_row!(Appeal, Appeal, APPEAL_FIELDS, APPEAL_IMMUTABLE);
