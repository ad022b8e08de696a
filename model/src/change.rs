//! The change record and the row state it merges into (DESIGN §4.1–4.3).
//!
//! Every field carries its own HLC stamp; merging keeps, per field, the value with the
//! greatest stamp (ties are impossible between devices because the stamp holds the
//! device id). A tombstone is sticky: once deleted, a row stays deleted, whatever
//! arrives later, so that replicas converge whatever order they see changes in.

use crate::hlc::Hlc;
use crate::ids::Id;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The kinds of syncable rows. Wire names are stable: never rename a variant's serde name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Organisation,
    Member,
    Position,
    /// A directive, resolution or other document issued by an organisation (issue 5).
    Document,
    /// A file attached to a document (issue 5); its bytes travel as a blob.
    Attachment,
    /// A member's first-opened/finished marks on a document (issue 5).
    ReadMark,
    /// A member's private notes and bookmark on a document (issue 5).
    StudyNote,
    /// A committee's request to study a document by a date (issue 5).
    StudyAssignment,
    /// A meeting of an organisation (issue 6).
    Meeting,
    /// The check-in secret of a meeting, or a holder's copy of it (issue 6).
    MeetingKey,
    /// A member's own check-in at a meeting: an immutable event (issue 6).
    CheckIn,
    /// A secretary's attendance mark or correction: an immutable event (issue 6).
    AttendanceMark,
    /// One version of a meeting's minutes (issue 6).
    Minutes,
    /// A task given to one member or organisation (issue 14).
    Task,
    /// An assignee's progress report on a task: an immutable event (issue 14).
    ProgressReport,
    /// The assigner's confirmation or return of a task: an immutable event (issue 14).
    TaskReview,
    /// A committee's published schedule entry (issue 15).
    ScheduleEntry,
    /// A member's own schedule entry, private to their devices (issue 15).
    PersonalEntry,
    /// A category's monthly dues amount, set by a committee for its subtree (issue 19).
    DuesRule,
    /// A member's dues category and income from a month on (issue 19).
    DuesBasis,
    /// A dues payment or its reversal: an immutable event (issue 19).
    DuesPayment,
    /// What an organisation passed to the level above: an immutable event (issue 19).
    DuesRemittance,
    /// A member's self-assessment for a year (issue 19).
    SelfAssessment,
    /// A cell's proposed ratings of its members for a year (issue 19).
    RatingProposal,
    /// The committee above's rating of one member for a year (issue 19).
    RatingDecision,
    /// The committee above's rating of an organisation for a year (issue 19).
    OrgRating,
    /// An organisation's copy of an announcement (issue 16).
    Announcement,
    /// A member's read receipt of an announcement: an immutable event (issue 16).
    AnnouncementRead,
    /// A comment on an announcement or a document (issue 16).
    Comment,
    /// A comment on a meeting, read by the meeting's readers (issue 16).
    MeetingComment,
    /// A member's private question to a committee (issue 16).
    Question,
    /// The committee's answer to a question, about its asker (issue 16).
    Answer,
    /// A question and answer a committee published, without the asker (issue 16).
    FaqEntry,
    /// A draft a committee opened for opinions (issue 16).
    Draft,
    /// A member's opinion on a draft's section, seen by the committees only (issue 16).
    Opinion,
    /// An opinion on a draft whose opinions its readers see (issue 16).
    OpenOpinion,
    /// A member's transfer to another cell, as the sending cell keeps it (issue 19).
    Transfer,
    /// The receiving cell's copy of a transfer, which it confirms (issue 19).
    TransferIn,
    /// A file on a task or on a progress report, read like its task (issue 14).
    TaskFile,
    /// A level's yearly inspection and supervision plan (issue 17).
    InspectionPlan,
    /// One inspection or supervision programme and its conclusion (issue 17).
    Inspection,
    /// A line of a case's work: schedule, documents, a finding (issue 17).
    CaseNote,
    /// A document of a case, read like its case (issue 17).
    CaseFile,
    /// A conclusion as notified to the inspected (issue 17).
    InspectionNotice,
    /// A discipline decision on a member or an organisation (issue 17).
    Discipline,
    /// An appeal against a discipline decision, with its outcome (issue 17).
    Appeal,
}

impl Entity {
    pub const ALL: [Entity; 46] = [
        Entity::Organisation,
        Entity::Member,
        Entity::Position,
        Entity::Document,
        Entity::Attachment,
        Entity::ReadMark,
        Entity::StudyNote,
        Entity::StudyAssignment,
        Entity::Meeting,
        Entity::MeetingKey,
        Entity::CheckIn,
        Entity::AttendanceMark,
        Entity::Minutes,
        Entity::Task,
        Entity::ProgressReport,
        Entity::TaskReview,
        Entity::ScheduleEntry,
        Entity::PersonalEntry,
        Entity::DuesRule,
        Entity::DuesBasis,
        Entity::DuesPayment,
        Entity::DuesRemittance,
        Entity::SelfAssessment,
        Entity::RatingProposal,
        Entity::RatingDecision,
        Entity::OrgRating,
        Entity::Announcement,
        Entity::AnnouncementRead,
        Entity::Comment,
        Entity::MeetingComment,
        Entity::Question,
        Entity::Answer,
        Entity::FaqEntry,
        Entity::Draft,
        Entity::Opinion,
        Entity::OpenOpinion,
        Entity::Transfer,
        Entity::TransferIn,
        Entity::TaskFile,
        Entity::InspectionPlan,
        Entity::Inspection,
        Entity::CaseNote,
        Entity::CaseFile,
        Entity::InspectionNotice,
        Entity::Discipline,
        Entity::Appeal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Organisation => "organisation",
            Entity::Member => "member",
            Entity::Position => "position",
            Entity::Document => "document",
            Entity::Attachment => "attachment",
            Entity::ReadMark => "read_mark",
            Entity::StudyNote => "study_note",
            Entity::StudyAssignment => "study_assignment",
            Entity::Meeting => "meeting",
            Entity::MeetingKey => "meeting_key",
            Entity::CheckIn => "check_in",
            Entity::AttendanceMark => "attendance_mark",
            Entity::Minutes => "minutes",
            Entity::Task => "task",
            Entity::ProgressReport => "progress_report",
            Entity::TaskReview => "task_review",
            Entity::ScheduleEntry => "schedule_entry",
            Entity::PersonalEntry => "personal_entry",
            Entity::DuesRule => "dues_rule",
            Entity::DuesBasis => "dues_basis",
            Entity::DuesPayment => "dues_payment",
            Entity::DuesRemittance => "dues_remittance",
            Entity::SelfAssessment => "self_assessment",
            Entity::RatingProposal => "rating_proposal",
            Entity::RatingDecision => "rating_decision",
            Entity::OrgRating => "org_rating",
            Entity::Announcement => "announcement",
            Entity::AnnouncementRead => "announcement_read",
            Entity::Comment => "comment",
            Entity::MeetingComment => "meeting_comment",
            Entity::Question => "question",
            Entity::Answer => "answer",
            Entity::FaqEntry => "faq_entry",
            Entity::Draft => "draft",
            Entity::Opinion => "opinion",
            Entity::OpenOpinion => "open_opinion",
            Entity::Transfer => "transfer",
            Entity::TransferIn => "transfer_in",
            Entity::TaskFile => "task_file",
            Entity::InspectionPlan => "inspection_plan",
            Entity::Inspection => "inspection",
            Entity::CaseNote => "case_note",
            Entity::CaseFile => "case_file",
            Entity::InspectionNotice => "inspection_notice",
            Entity::Discipline => "discipline",
            Entity::Appeal => "appeal",
        }
    }

    pub fn parse(s: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.as_str() == s)
    }

    /// The field naming the organisation that owns a row of this entity; `None` for an
    /// organisation, which owns itself. The typed structs say the same through
    /// `row::Row::owning_org`; this form reads a merged row's fields, so the merge needs
    /// no entity type.
    pub fn org_field(self) -> Option<&'static str> {
        match self {
            Entity::Organisation => None,
            Entity::Member => Some("cell_id"),
            // Positions, documents and what hangs off them, meetings and their events.
            _ => Some("org_id"),
        }
    }
}

/// The organisation that owns a row, derived from its merged fields: the row itself
/// for an organisation, else the id in [`Entity::org_field`].
pub fn owning_org(entity: Entity, row_id: Id, fields: &BTreeMap<String, FieldValue>) -> Option<Id> {
    match entity.org_field() {
        None => Some(row_id),
        Some(k) => fields
            .get(k)
            .and_then(|f| f.value.as_str())
            .and_then(|s| s.parse().ok()),
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldValue {
    pub value: serde_json::Value,
    pub hlc: Hlc,
}

/// One device's edit of one row: the fields it set, each with its stamp.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Unique per edit; pushing the same change twice has the effect of pushing it once.
    pub change_id: Id,
    pub entity: Entity,
    pub row_id: Id,
    /// The organisation that owns the row after this change, as the author saw it. The
    /// server recomputes it from the merged row and refuses a change that lies about it.
    pub org_id: Id,
    pub fields: BTreeMap<String, FieldValue>,
    /// Set when the change deletes the row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tombstone: Option<Hlc>,
}

impl Change {
    /// Every stamp the change carries: its fields' and its deletion's.
    pub fn stamps(&self) -> impl Iterator<Item = Hlc> + '_ {
        self.fields.values().map(|f| f.hlc).chain(self.tombstone)
    }
}

/// A row as the merge of every change to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RowState {
    pub entity: Entity,
    pub row_id: Id,
    pub org_id: Id,
    pub fields: BTreeMap<String, FieldValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tombstone: Option<Hlc>,
}

impl RowState {
    pub fn empty(entity: Entity, row_id: Id) -> RowState {
        RowState {
            entity,
            row_id,
            org_id: Id::nil(),
            fields: BTreeMap::new(),
            tombstone: None,
        }
    }

    /// Merge a change into this row. Returns whether the stored state changed.
    pub fn apply(&mut self, change: &Change) -> bool {
        self.merge_parts(&change.fields, change.tombstone, change.org_id)
    }

    /// Merge another state of the same row (e.g. the server's) into this one.
    pub fn merge(&mut self, other: &RowState) {
        self.merge_parts(&other.fields, other.tombstone, other.org_id);
    }

    /// The one merge rule behind `apply` and `merge`: per field the newer stamp wins.
    fn merge_parts(
        &mut self,
        fields: &BTreeMap<String, FieldValue>,
        tombstone: Option<Hlc>,
        org_id: Id,
    ) -> bool {
        let mut changed = false;
        for (name, incoming) in fields {
            let newer = match self.fields.get(name) {
                Some(cur) => incoming.hlc > cur.hlc,
                None => true,
            };
            if newer {
                self.fields.insert(name.clone(), incoming.clone());
                changed = true;
            }
        }
        // The greatest deletion stamp wins, like any field; "changed" must report a new
        // stamp too, or a server would not give the row a new sequence and replicas
        // holding different stamps would never converge.
        if let Some(t) = tombstone {
            if self.tombstone.is_none_or(|cur| t > cur) {
                self.tombstone = Some(t);
                changed = true;
            }
        }
        self.org_id = owning_org(self.entity, self.row_id, &self.fields).unwrap_or(org_id);
        changed
    }

    /// Whether a reader whose clock reads `now_ms` may trust every stamp of the row.
    pub fn is_plausible(&self, now_ms: u64) -> bool {
        let mut stamps = self.fields.values().map(|f| f.hlc).chain(self.tombstone);
        stamps.all(|h| h.is_plausible(now_ms))
    }

    /// Replace every stamp that a reader whose clock reads `now_ms` may not trust
    /// (`Hlc::is_plausible`) by its [`Hlc::repaired`] form, so that later edits win
    /// over a value stamped in the far future (issue 12). Returns whether any was.
    pub fn repair_stamps(&mut self, now_ms: u64) -> bool {
        let mut repaired = false;
        let stamps = self.fields.values_mut().map(|f| &mut f.hlc);
        for h in stamps.chain(self.tombstone.as_mut()) {
            if !h.is_plausible(now_ms) {
                *h = h.repaired();
                repaired = true;
            }
        }
        repaired
    }

    pub fn str(&self, field: &str) -> Option<&str> {
        self.fields.get(field).and_then(|f| f.value.as_str())
    }

    pub fn id(&self, field: &str) -> Option<Id> {
        self.str(field).and_then(|s| s.parse().ok())
    }

    /// The greatest stamp in the row: a replica resumes its clock past it.
    pub fn max_hlc(&self) -> Option<Hlc> {
        self.fields
            .values()
            .map(|f| f.hlc)
            .chain(self.tombstone)
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::DeviceId;
    use serde_json::json;

    fn stamp(ms: u64, node: u128) -> Hlc {
        Hlc {
            wall_ms: ms,
            counter: 0,
            node: DeviceId::from_u128(node),
        }
    }

    fn change(id: u128, fields: &[(&str, serde_json::Value, Hlc)]) -> Change {
        Change {
            change_id: Id::from_u128(id),
            entity: Entity::Organisation,
            row_id: Id::from_u128(99),
            org_id: Id::from_u128(99),
            fields: fields
                .iter()
                .map(|(k, v, h)| {
                    (
                        k.to_string(),
                        FieldValue {
                            value: v.clone(),
                            hlc: *h,
                        },
                    )
                })
                .collect(),
            tombstone: None,
        }
    }

    #[test]
    fn merge_is_order_independent_and_keeps_both_fields() {
        let a = change(1, &[("name", json!("A"), stamp(10, 1))]);
        let b = change(
            2,
            &[
                ("name", json!("B"), stamp(10, 2)),
                ("kind", json!("cell"), stamp(5, 2)),
            ],
        );
        let c = change(3, &[("kind", json!("grassroots"), stamp(4, 3))]);
        let mut x = RowState::empty(Entity::Organisation, Id::from_u128(99));
        let mut y = x.clone();
        for ch in [&a, &b, &c] {
            x.apply(ch);
        }
        for ch in [&c, &b, &a, &b] {
            y.apply(ch);
        }
        assert_eq!(x, y);
        assert_eq!(x.str("name"), Some("B"));
        assert_eq!(x.str("kind"), Some("cell"));
    }

    #[test]
    fn tombstone_is_sticky() {
        let mut row = RowState::empty(Entity::Organisation, Id::from_u128(99));
        let mut del = change(1, &[]);
        del.tombstone = Some(stamp(1, 1));
        row.apply(&del);
        row.apply(&change(2, &[("name", json!("later"), stamp(50, 2))]));
        assert!(row.tombstone.is_some());
    }

    #[test]
    fn a_later_deletion_stamp_counts_as_a_change() {
        let mut row = RowState::empty(Entity::Organisation, Id::from_u128(99));
        let mut first = change(1, &[]);
        first.tombstone = Some(stamp(1, 1));
        let mut second = change(2, &[]);
        second.tombstone = Some(stamp(2, 2));
        assert!(row.apply(&first));
        assert!(
            row.apply(&second),
            "a server must give the row a new sequence"
        );
        assert!(!row.apply(&first));
        assert_eq!(row.tombstone, Some(stamp(2, 2)));
    }

    #[test]
    fn stamps_from_the_far_future_are_repaired_to_lose_to_any_later_edit() {
        let mut row = RowState::empty(Entity::Organisation, Id::from_u128(99));
        let poisoned = Hlc {
            wall_ms: u64::MAX,
            counter: u32::MAX,
            node: DeviceId::from_u128(7),
        };
        let mut forged = change(1, &[("name", json!("Đóng băng"), poisoned)]);
        forged.tombstone = Some(poisoned);
        assert_eq!(forged.stamps().count(), 2);
        row.apply(&forged);
        row.apply(&change(2, &[("kind", json!("cell"), stamp(10, 1))]));
        assert!(!row.is_plausible(1_000));
        assert!(row.repair_stamps(1_000));
        assert!(row.is_plausible(1_000));
        assert!(!row.repair_stamps(1_000), "repairing twice changes nothing");
        assert_eq!(row.fields["name"].hlc, poisoned.repaired());
        assert_eq!(row.tombstone, Some(poisoned.repaired()));
        assert_eq!(row.fields["kind"].hlc, stamp(10, 1));
        row.apply(&change(3, &[("name", json!("Sửa sau"), stamp(20, 2))]));
        assert_eq!(row.str("name"), Some("Sửa sau"));
    }
}
