//! Ratings (xếp loại): the four grades, the cell's proposal for its members (one row
//! per cell and year, made at its year-end meeting), the committee above's decision
//! per member and its rating of an organisation, and the limit on "xuất sắc".
//!
//! The limit, as the Central Organisation Commission's guidance words it: the members
//! rated "hoàn thành xuất sắc nhiệm vụ" may not exceed 20% of those rated "hoàn thành
//! tốt nhiệm vụ" in the same organisation and year. It is checked on the cell's
//! proposal, on the device deciding, and by the server over every decision of the cell.

use crate::change::RowState;
use crate::fields::{enum_from, id_field};
use crate::ids::Id;
use crate::meetings::meeting::{list, number, optional_id, optional_text};
use serde::{Deserialize, Serialize};

/// The share of "xuất sắc" against "tốt", in percent.
pub const EXCELLENT_SHARE_PERCENT: u32 = 20;
pub const MAX_NOTE: usize = 2_000;
pub const MAX_LINES: usize = 1_000;

/// Mức xếp loại chất lượng.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// Hoàn thành xuất sắc nhiệm vụ
    Excellent,
    /// Hoàn thành tốt nhiệm vụ
    Good,
    /// Hoàn thành nhiệm vụ
    Completed,
    /// Không hoàn thành nhiệm vụ
    NotCompleted,
}

impl Rating {
    pub const ALL: [Rating; 4] = [
        Rating::Excellent,
        Rating::Good,
        Rating::Completed,
        Rating::NotCompleted,
    ];

    pub fn label_vi(self) -> &'static str {
        match self {
            Rating::Excellent => "Hoàn thành xuất sắc nhiệm vụ",
            Rating::Good => "Hoàn thành tốt nhiệm vụ",
            Rating::Completed => "Hoàn thành nhiệm vụ",
            Rating::NotCompleted => "Không hoàn thành nhiệm vụ",
        }
    }
}

/// Where a member's decided rating, or none, counts in a `[u32; 5]` tally: excellent,
/// good, completed, not completed, then not yet decided.
pub fn tally_slot(rating: Option<Rating>) -> usize {
    match rating {
        Some(Rating::Excellent) => 0,
        Some(Rating::Good) => 1,
        Some(Rating::Completed) => 2,
        Some(Rating::NotCompleted) => 3,
        None => 4,
    }
}

/// Whether these ratings of one organisation's year keep "xuất sắc" within its share;
/// the message says by how much they do not.
pub fn share_ok(ratings: impl IntoIterator<Item = Rating>) -> Result<(), String> {
    let (mut excellent, mut good) = (0u32, 0u32);
    for r in ratings {
        match r {
            Rating::Excellent => excellent += 1,
            Rating::Good => good += 1,
            _ => {}
        }
    }
    let most = good * EXCELLENT_SHARE_PERCENT / 100;
    if excellent <= most {
        Ok(())
    } else {
        Err(format!(
            "số đảng viên hoàn thành xuất sắc nhiệm vụ ({excellent}) vượt quá {EXCELLENT_SHARE_PERCENT}% số đảng viên hoàn thành tốt nhiệm vụ ({good}): tối đa {most}"
        ))
    }
}

pub(crate) fn year(row: &RowState) -> Result<u32, String> {
    let y = number(row, "year")?;
    if (1930..=2100).contains(&y) {
        Ok(y as u32)
    } else {
        Err("năm đánh giá không hợp lệ".into())
    }
}

pub(crate) fn optional_rating(row: &RowState, field: &str) -> Result<Option<Rating>, String> {
    match row.fields.get(field).map(|f| &f.value) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(_) => enum_from(row, field).map(Some),
    }
}

/// One member in the cell's proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalLine {
    pub member_id: Id,
    pub rating: Rating,
    #[serde(default)]
    pub note: String,
}

/// Chi bộ đề xuất xếp loại: the cell's proposal for its members' year, from its
/// year-end meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatingProposal {
    pub id: Id,
    /// The cell.
    pub org_id: Id,
    pub year: u32,
    /// The year-end meeting that reviewed the self-assessments.
    pub meeting_id: Option<Id>,
    pub lines: Vec<ProposalLine>,
    pub proposed_by: Id,
}

pub const PROPOSAL_FIELDS: &[&str] = &["org_id", "year", "meeting_id", "lines", "proposed_by"];
pub const PROPOSAL_IMMUTABLE: &[&str] = &["org_id", "year"];

impl RatingProposal {
    pub fn row_id(org_id: Id, year: u32) -> Id {
        Id::derived(
            "sotay rating proposal",
            &[org_id.0.as_bytes(), &year.to_le_bytes()],
        )
    }

    pub fn from_row(row: &RowState) -> Result<RatingProposal, String> {
        let lines: Vec<ProposalLine> = list(row, "lines", MAX_LINES)?;
        let mut seen = std::collections::HashSet::new();
        if !lines.iter().all(|l| seen.insert(l.member_id)) {
            return Err("mỗi đảng viên chỉ có một mức đề xuất".into());
        }
        if lines.iter().any(|l| l.note.chars().count() > MAX_NOTE) {
            return Err(format!("nhận xét dài quá {MAX_NOTE} ký tự"));
        }
        share_ok(lines.iter().map(|l| l.rating))?;
        Ok(RatingProposal {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            year: year(row)?,
            meeting_id: optional_id(row, "meeting_id")?,
            lines,
            proposed_by: id_field(row, "proposed_by")?,
        })
    }
}

/// Cấp ủy cấp trên quyết định xếp loại một đảng viên.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatingDecision {
    pub id: Id,
    /// The member's cell.
    pub org_id: Id,
    pub member_id: Id,
    pub year: u32,
    pub rating: Rating,
    pub note: String,
    /// The committee's organisation that decided (above the cell).
    pub decided_org_id: Id,
    pub decided_by: Id,
}

pub const DECISION_FIELDS: &[&str] = &[
    "org_id",
    "member_id",
    "year",
    "rating",
    "note",
    "decided_org_id",
    "decided_by",
];
pub const DECISION_IMMUTABLE: &[&str] = &["org_id", "member_id", "year"];

impl RatingDecision {
    pub fn row_id(member_id: Id, year: u32) -> Id {
        Id::derived(
            "sotay rating decision",
            &[member_id.0.as_bytes(), &year.to_le_bytes()],
        )
    }

    pub fn from_row(row: &RowState) -> Result<RatingDecision, String> {
        Ok(RatingDecision {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            member_id: id_field(row, "member_id")?,
            year: year(row)?,
            rating: enum_from(row, "rating")?,
            note: optional_text(row, "note", MAX_NOTE)?,
            decided_org_id: id_field(row, "decided_org_id")?,
            decided_by: id_field(row, "decided_by")?,
        })
    }
}

/// Xếp loại tổ chức đảng: the committee above rates an organisation's year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgRating {
    pub id: Id,
    /// The organisation rated.
    pub org_id: Id,
    pub year: u32,
    pub rating: Rating,
    pub note: String,
    pub decided_org_id: Id,
    pub decided_by: Id,
}

pub const ORG_FIELDS: &[&str] = &[
    "org_id",
    "year",
    "rating",
    "note",
    "decided_org_id",
    "decided_by",
];
pub const ORG_IMMUTABLE: &[&str] = &["org_id", "year"];

impl OrgRating {
    pub fn row_id(org_id: Id, year: u32) -> Id {
        Id::derived(
            "sotay organisation rating",
            &[org_id.0.as_bytes(), &year.to_le_bytes()],
        )
    }

    pub fn from_row(row: &RowState) -> Result<OrgRating, String> {
        Ok(OrgRating {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            year: year(row)?,
            rating: enum_from(row, "rating")?,
            note: optional_text(row, "note", MAX_NOTE)?,
            decided_org_id: id_field(row, "decided_org_id")?,
            decided_by: id_field(row, "decided_by")?,
        })
    }
}

crate::row::org_row!(
    RatingProposal,
    RatingProposal,
    PROPOSAL_FIELDS,
    PROPOSAL_IMMUTABLE
);
crate::row::org_row!(
    RatingDecision,
    RatingDecision,
    DECISION_FIELDS,
    DECISION_IMMUTABLE
);
crate::row::org_row!(OrgRating, OrgRating, ORG_FIELDS, ORG_IMMUTABLE);
