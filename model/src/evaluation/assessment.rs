//! Bản tự kiểm điểm: a member's self-assessment for a year, in the structured form
//! the cell reviews (political qualities, ethics, lifestyle, results of assigned
//! tasks, shortcomings, direction), with the rating the member proposes for themself.
//! Private to the member and the committees that review it.

use super::rating::Rating;
use crate::change::RowState;
use crate::fields::id_field;
use crate::ids::Id;
use crate::meetings::meeting::optional_text;
use serde::{Deserialize, Serialize};

pub const MAX_SECTION: usize = 5_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SelfAssessment {
    pub id: Id,
    /// The member's cell.
    pub org_id: Id,
    pub member_id: Id,
    pub year: u32,
    /// Tư tưởng chính trị
    pub political: String,
    /// Phẩm chất đạo đức
    pub ethics: String,
    /// Lối sống, tác phong
    pub lifestyle: String,
    /// Kết quả thực hiện nhiệm vụ được giao
    pub results: String,
    /// Hạn chế, khuyết điểm
    pub shortcomings: String,
    /// Phương hướng khắc phục
    pub direction: String,
    /// The rating the member proposes for themself.
    pub self_rating: Option<Rating>,
}

pub const FIELDS: &[&str] = &[
    "org_id",
    "member_id",
    "year",
    "political",
    "ethics",
    "lifestyle",
    "results",
    "shortcomings",
    "direction",
    "self_rating",
];
pub const IMMUTABLE: &[&str] = &["org_id", "member_id", "year"];

impl SelfAssessment {
    /// One per member and year.
    pub fn row_id(member_id: Id, year: u32) -> Id {
        Id::derived(
            "sotay self-assessment",
            &[member_id.0.as_bytes(), &year.to_le_bytes()],
        )
    }

    pub fn from_row(row: &RowState) -> Result<SelfAssessment, String> {
        let results = optional_text(row, "results", MAX_SECTION)?;
        if results.is_empty() {
            return Err("bản tự kiểm điểm phải ghi kết quả thực hiện nhiệm vụ".into());
        }
        Ok(SelfAssessment {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            member_id: id_field(row, "member_id")?,
            year: super::rating::year(row)?,
            political: optional_text(row, "political", MAX_SECTION)?,
            ethics: optional_text(row, "ethics", MAX_SECTION)?,
            lifestyle: optional_text(row, "lifestyle", MAX_SECTION)?,
            results,
            shortcomings: optional_text(row, "shortcomings", MAX_SECTION)?,
            direction: optional_text(row, "direction", MAX_SECTION)?,
            self_rating: super::rating::optional_rating(row, "self_rating")?,
        })
    }
}

crate::row::org_row!(SelfAssessment, SelfAssessment, FIELDS, IMMUTABLE);
