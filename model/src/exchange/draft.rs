//! Góp ý dự thảo: a committee opens a draft (a congress report, a resolution) for
//! opinions until a deadline; members give one opinion per section, offline, and may
//! change or withdraw (empty) it until the deadline.
//!
//! Whether members see each other's opinions is fixed when the draft opens
//! (`opinions_visible`) and decides the entity: an [`Opinion`] is read by its author
//! and the committees only, an [`OpenOpinion`] by everyone who reads the draft.

use super::flag;
use super::written_ms;
use crate::change::{Entity, RowState};
use crate::fields::{date, id_field, text};
use crate::ids::Id;
use crate::meetings::meeting::{list, optional_text};
use serde::{Deserialize, Serialize};

pub const MAX_SECTIONS: usize = 100;
pub const MAX_SECTION_TEXT: usize = 50_000;
pub const MAX_OPINION: usize = 10_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSection {
    /// Stable within the draft ("1", "2.a"): opinions name it.
    pub key: String,
    pub title: String,
    #[serde(default)]
    pub text: String,
}

/// Dự thảo lấy ý kiến.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: Id,
    pub org_id: Id,
    pub title: String,
    #[serde(default)]
    pub intro: String,
    pub sections: Vec<DraftSection>,
    /// Opinions are taken until the end of this day (yyyy-mm-dd, Vietnam time).
    pub deadline: String,
    /// Members see each other's opinions (fixed when opened).
    #[serde(default)]
    pub opinions_visible: bool,
    pub opened_by: Id,
    #[serde(default)]
    pub opened_ms: u64,
}

pub const DRAFT_FIELDS: &[&str] = &[
    "org_id",
    "title",
    "intro",
    "sections",
    "deadline",
    "opinions_visible",
    "opened_by",
];
pub const DRAFT_IMMUTABLE: &[&str] = &["org_id", "opinions_visible", "opened_by"];

impl Draft {
    pub fn section(&self, key: &str) -> Option<&DraftSection> {
        self.sections.iter().find(|s| s.key == key)
    }

    /// The entity its opinions are.
    pub fn opinion_entity(&self) -> Entity {
        if self.opinions_visible {
            Entity::OpenOpinion
        } else {
            Entity::Opinion
        }
    }

    /// Whether an opinion stamped at `ms` is in time: until 24:00 of the deadline,
    /// Vietnam time (UTC+7).
    pub fn open_at(&self, ms: u64) -> bool {
        crate::tasks::vn_day(ms).as_str() <= self.deadline.as_str()
    }

    pub fn from_row(row: &RowState) -> Result<Draft, String> {
        let sections: Vec<DraftSection> = list(row, "sections", MAX_SECTIONS)?;
        if sections.is_empty() {
            return Err("dự thảo phải có ít nhất một phần để góp ý".into());
        }
        for (i, s) in sections.iter().enumerate() {
            let key = s.key.trim();
            if key.is_empty() || key.chars().count() > 20 {
                return Err(format!("phần thứ {} của dự thảo thiếu số hiệu", i + 1));
            }
            if s.title.trim().is_empty() || s.title.chars().count() > 300 {
                return Err(format!("phần {key} của dự thảo thiếu tiêu đề"));
            }
            if s.text.chars().count() > MAX_SECTION_TEXT {
                return Err(format!("phần {key} của dự thảo dài quá"));
            }
            if sections[..i].iter().any(|o| o.key.trim() == key) {
                return Err(format!("dự thảo có hai phần cùng số hiệu {key}"));
            }
        }
        Ok(Draft {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            title: text(row, "title", 300)?,
            intro: optional_text(row, "intro", MAX_SECTION_TEXT)?,
            sections,
            deadline: date(row, "deadline")?,
            opinions_visible: flag(row, "opinions_visible")?,
            opened_by: id_field(row, "opened_by")?,
            opened_ms: written_ms(row, "opened_by"),
        })
    }
}

crate::row::org_row!(Draft, Draft, DRAFT_FIELDS, DRAFT_IMMUTABLE);

/// Ý kiến góp ý: one member's opinion on one section of a draft. Withdrawn by emptying
/// its text (not by deleting the row, whose id is derived: the member may give an
/// opinion on the section again until the deadline).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Opinion {
    pub id: Id,
    /// The draft's organisation.
    pub org_id: Id,
    pub draft_id: Id,
    pub section_key: String,
    pub author_id: Id,
    pub body: String,
    /// When it was last written (its text's stamp).
    #[serde(default)]
    pub written_ms: u64,
}

pub const OPINION_FIELDS: &[&str] = &["org_id", "draft_id", "section_key", "author_id", "body"];
pub const OPINION_IMMUTABLE: &[&str] = &["org_id", "draft_id", "section_key", "author_id"];

impl Opinion {
    /// One opinion per member and section: two devices of one member write one row.
    pub fn row_id(draft_id: Id, section_key: &str, author_id: Id) -> Id {
        Id::derived(
            "sotay opinion",
            &[
                draft_id.0.as_bytes(),
                section_key.as_bytes(),
                author_id.0.as_bytes(),
            ],
        )
    }

    pub fn from_row(row: &RowState) -> Result<Opinion, String> {
        Ok(Opinion {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            draft_id: id_field(row, "draft_id")?,
            section_key: text(row, "section_key", 20)?,
            author_id: id_field(row, "author_id")?,
            body: optional_text(row, "body", MAX_OPINION)?,
            written_ms: written_ms(row, "body"),
        })
    }
}

crate::row::org_row!(Opinion, Opinion, OPINION_FIELDS, OPINION_IMMUTABLE);

/// An opinion on a draft whose opinions everyone reading it sees.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OpenOpinion(pub Opinion);

impl crate::row::Row for OpenOpinion {
    const ENTITY: Entity = Entity::OpenOpinion;
    const FIELDS: &'static [&'static str] = OPINION_FIELDS;
    const IMMUTABLE: &'static [&'static str] = OPINION_IMMUTABLE;
    fn id(&self) -> Id {
        self.0.id
    }
    fn owning_org(&self) -> Id {
        self.0.org_id
    }
    fn from_row(row: &RowState) -> Result<Self, String> {
        Opinion::from_row(row).map(OpenOpinion)
    }
}
