//! The domain rows synced so far: organisations, members and committee positions
//! (documents are in `documents`),
//! their field names on the wire, how each row's owning organisation is found, and the
//! validation the server applies to a merged row before accepting it.

use crate::change::{Entity, RowState};
pub use crate::fields::valid_date;
use crate::fields::{date, enum_from, id_field, text};
use crate::ids::Id;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Province,
    District,
    Grassroots,
    Section,
    Cell,
}

impl OrgKind {
    pub const ALL: [OrgKind; 5] = [
        OrgKind::Province,
        OrgKind::District,
        OrgKind::Grassroots,
        OrgKind::Section,
        OrgKind::Cell,
    ];
    pub fn depth(self) -> u8 {
        self as u8
    }
    /// Whether an organisation of kind `child` may sit directly under `self`.
    pub fn may_contain(self, child: OrgKind) -> bool {
        use OrgKind::*;
        matches!(
            (self, child),
            (Province, District)
                | (District, Grassroots)
                | (Grassroots, Section)
                | (Grassroots, Cell)
                | (Section, Cell)
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    Full,
    Probationary,
    /// Left the Party (ra khỏi Đảng): the record stays, the member's devices lose their
    /// cell and positions (their read scope shrinks to their own row).
    Left,
    /// Deceased (từ trần): kept for the record, like `Left`.
    Deceased,
}

impl MemberStatus {
    /// Whether the member still takes part (holds a cell's membership and positions).
    pub fn is_active(self) -> bool {
        matches!(self, MemberStatus::Full | MemberStatus::Probationary)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

/// Committee positions (DESIGN §2: Bí thư, Phó Bí thư, Cấp ủy viên; office staff).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PositionTitle {
    Secretary,
    DeputySecretary,
    CommitteeMember,
    OfficeStaff,
    /// Chủ nhiệm Ủy ban kiểm tra: the level's inspection committee (issue 17).
    InspectionChair,
    /// Phó Chủ nhiệm Ủy ban kiểm tra.
    InspectionDeputy,
    /// Ủy viên Ủy ban kiểm tra.
    InspectionMember,
}

impl PositionTitle {
    pub const ALL: [PositionTitle; 7] = [
        PositionTitle::Secretary,
        PositionTitle::DeputySecretary,
        PositionTitle::CommitteeMember,
        PositionTitle::OfficeStaff,
        PositionTitle::InspectionChair,
        PositionTitle::InspectionDeputy,
        PositionTitle::InspectionMember,
    ];

    /// A post on the level's party committee (cấp ủy): what the committee-only
    /// features (evaluation, dues, exchange, transfers) mean by "the committee".
    pub fn on_committee(self) -> bool {
        matches!(
            self,
            PositionTitle::Secretary
                | PositionTitle::DeputySecretary
                | PositionTitle::CommitteeMember
        )
    }

    /// A post on the level's inspection committee (ủy ban kiểm tra).
    pub fn on_inspection_committee(self) -> bool {
        matches!(
            self,
            PositionTitle::InspectionChair
                | PositionTitle::InspectionDeputy
                | PositionTitle::InspectionMember
        )
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: Id,
    pub name: String,
    pub kind: OrgKind,
    pub parent_id: Option<Id>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub id: Id,
    pub full_name: String,
    /// ISO dates on the wire (yyyy-mm-dd); the UI shows dd/MM/yyyy.
    pub birth_date: String,
    pub gender: Gender,
    pub joined_date: String,
    pub official_date: Option<String>,
    pub card_no: String,
    pub status: MemberStatus,
    pub cell_id: Id,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Position {
    pub id: Id,
    pub member_id: Id,
    pub org_id: Id,
    pub title: PositionTitle,
}

pub use crate::change::owning_org;

/// Fields whose value may be set only when the row is created (each entity's
/// [`Row::IMMUTABLE`](crate::row::Row::IMMUTABLE)).
pub fn immutable_fields(entity: Entity) -> &'static [&'static str] {
    immutable_of(entity)
}

impl Organisation {
    pub fn from_row(row: &RowState) -> Result<Organisation, String> {
        let parent_id = match row.fields.get("parent_id").map(|f| &f.value) {
            None | Some(serde_json::Value::Null) => None,
            Some(_) => Some(id_field(row, "parent_id")?),
        };
        Ok(Organisation {
            id: row.row_id,
            name: text(row, "name", 200)?,
            kind: enum_from(row, "kind")?,
            parent_id,
        })
    }
}

impl Member {
    /// The row's fields, in the order every writer lists them.
    pub const FIELDS: &'static [&'static str] = &[
        "full_name",
        "birth_date",
        "gender",
        "joined_date",
        "official_date",
        "card_no",
        "status",
        "cell_id",
    ];

    /// Every field of the member's row as a change writes it: the one place a member
    /// becomes fields (the server's seed rows, the Excel import, a new member).
    pub fn fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        use serde_json::json;
        vec![
            ("full_name", json!(self.full_name)),
            ("birth_date", json!(self.birth_date)),
            ("gender", json!(self.gender)),
            ("joined_date", json!(self.joined_date)),
            ("official_date", json!(self.official_date)),
            ("card_no", json!(self.card_no)),
            ("status", json!(self.status)),
            ("cell_id", json!(self.cell_id)),
        ]
    }

    pub fn from_row(row: &RowState) -> Result<Member, String> {
        let official_date = match row.fields.get("official_date").map(|f| &f.value) {
            None | Some(serde_json::Value::Null) => None,
            Some(_) => Some(date(row, "official_date")?),
        };
        let card_no = text(row, "card_no", 20)?;
        let m = Member {
            id: row.row_id,
            full_name: text(row, "full_name", 100)?,
            birth_date: date(row, "birth_date")?,
            gender: enum_from(row, "gender")?,
            joined_date: date(row, "joined_date")?,
            official_date,
            card_no,
            status: enum_from(row, "status")?,
            cell_id: id_field(row, "cell_id")?,
        };
        crate::administration::member_rules::check_member(&m).map(|()| m)
    }
}

impl Position {
    pub fn from_row(row: &RowState) -> Result<Position, String> {
        Ok(Position {
            id: row.row_id,
            member_id: id_field(row, "member_id")?,
            org_id: id_field(row, "org_id")?,
            title: enum_from(row, "title")?,
        })
    }
}

impl crate::row::Row for Organisation {
    const ENTITY: Entity = Entity::Organisation;
    const FIELDS: &'static [&'static str] = &["name", "kind", "parent_id"];
    const IMMUTABLE: &'static [&'static str] = &["kind", "parent_id"];
    fn id(&self) -> Id {
        self.id
    }
    /// An organisation owns itself.
    fn owning_org(&self) -> Id {
        self.id
    }
    fn from_row(row: &RowState) -> Result<Self, String> {
        Self::from_row(row)
    }
}

impl crate::row::Row for Member {
    const ENTITY: Entity = Entity::Member;
    const FIELDS: &'static [&'static str] = Self::FIELDS;
    const IMMUTABLE: &'static [&'static str] = &[];
    fn id(&self) -> Id {
        self.id
    }
    /// A member belongs to its cell.
    fn owning_org(&self) -> Id {
        self.cell_id
    }
    fn from_row(row: &RowState) -> Result<Self, String> {
        Self::from_row(row)
    }
    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        self.fields()
    }
}

crate::row::org_row!(
    Position,
    Position,
    &["member_id", "org_id", "title"],
    &["member_id", "org_id"]
);

/// Calls `$m!` with every entity and its typed struct: the one list the per-entity
/// dispatch (`fields_of`, `immutable_of`, `check`) is generated from.
macro_rules! for_each_row {
    ($m:ident) => {
        $m! {
            Organisation => crate::entities::Organisation,
            Member => crate::entities::Member,
            Position => crate::entities::Position,
            Document => crate::library::documents::Document,
            Meeting => crate::meetings::Meeting,
            MeetingKey => crate::meetings::MeetingKey,
            CheckIn => crate::meetings::CheckIn,
            AttendanceMark => crate::meetings::AttendanceMark,
            Minutes => crate::meetings::Minutes,
            Attachment => crate::study::Attachment,
            ReadMark => crate::study::ReadMark,
            StudyNote => crate::study::StudyNote,
            StudyAssignment => crate::study::StudyAssignment,
            Task => crate::tasks::Task,
            ProgressReport => crate::tasks::ProgressReport,
            TaskReview => crate::tasks::TaskReview,
            TaskFile => crate::tasks::TaskFile,
            ScheduleEntry => crate::schedule::ScheduleEntry,
            PersonalEntry => crate::schedule::PersonalEntry,
            DuesRule => crate::dues::DuesRule,
            DuesBasis => crate::dues::DuesBasis,
            DuesPayment => crate::dues::DuesPayment,
            DuesRemittance => crate::dues::DuesRemittance,
            SelfAssessment => crate::evaluation::SelfAssessment,
            RatingProposal => crate::evaluation::RatingProposal,
            RatingDecision => crate::evaluation::RatingDecision,
            OrgRating => crate::evaluation::OrgRating,
            Announcement => crate::exchange::Announcement,
            AnnouncementRead => crate::exchange::AnnouncementRead,
            Comment => crate::exchange::Comment,
            MeetingComment => crate::exchange::MeetingComment,
            Question => crate::exchange::Question,
            Answer => crate::exchange::Answer,
            FaqEntry => crate::exchange::FaqEntry,
            Draft => crate::exchange::Draft,
            Opinion => crate::exchange::Opinion,
            OpenOpinion => crate::exchange::OpenOpinion,
            Transfer => crate::transfers::Transfer,
            TransferIn => crate::transfers::TransferIn,
            InspectionPlan => crate::inspection::InspectionPlan,
            Inspection => crate::inspection::Inspection,
            CaseNote => crate::inspection::CaseNote,
            CaseFile => crate::inspection::CaseFile,
            InspectionNotice => crate::inspection::InspectionNotice,
            Discipline => crate::inspection::Discipline,
            Appeal => crate::inspection::Appeal,
        }
    };
}

macro_rules! dispatch {
    ($($variant:ident => $ty:path,)*) => {
        /// The fields a row of `entity` may hold.
        pub fn fields_of(entity: Entity) -> &'static [&'static str] {
            match entity {
                $(Entity::$variant => <$ty as crate::row::Row>::FIELDS,)*
            }
        }
        /// The fields of `entity` that may be set only when the row is created.
        fn immutable_of(entity: Entity) -> &'static [&'static str] {
            match entity {
                $(Entity::$variant => <$ty as crate::row::Row>::IMMUTABLE,)*
            }
        }
        /// Read a merged row as its typed struct, dropping it: the row's own checks.
        fn check(row: &RowState) -> Result<(), String> {
            match row.entity {
                $(Entity::$variant => <$ty as crate::row::Row>::from_row(row).map(drop),)*
            }
        }
        #[cfg(test)]
        pub(crate) fn entity_of_each() -> Vec<(Entity, Entity)> {
            vec![$((Entity::$variant, <$ty as crate::row::Row>::ENTITY),)*]
        }
    };
}

for_each_row!(dispatch);

/// Check a merged row: every field known, present and well-formed. Tombstoned rows
/// are not re-validated (a delete of a row is always well-formed).
pub fn validate(row: &RowState) -> Result<(), String> {
    if row.tombstone.is_some() {
        return Ok(());
    }
    let known = fields_of(row.entity);
    if let Some(unknown) = row.fields.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(format!("trường không được hỗ trợ: {unknown}"));
    }
    // U+0000 is text to JSON and SQLite, but PostgreSQL refuses it, and C strings (and
    // some file systems, for a file's name) end at it: a row that holds one would sync
    // on one store and not on the other. No one types it; it comes from broken files.
    if let Some((name, _)) = row.fields.iter().find(|(_, f)| holds_nul(&f.value)) {
        return Err(format!(
            "trường {name} chứa ký tự rỗng (U+0000), không lưu được"
        ));
    }
    check(row)
}

pub(crate) fn holds_nul(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(items) => items.iter().any(holds_nul),
        serde_json::Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || holds_nul(v)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_as_calendar_dates() {
        assert!(valid_date("1980-02-29"));
        assert!(!valid_date("1981-02-29"));
        assert!(!valid_date("1980-13-01"));
        assert!(!valid_date("80-01-01"));
    }

    #[test]
    fn left_and_deceased_are_statuses_on_the_wire() {
        let v: MemberStatus = serde_json::from_str("\"left\"").expect("left");
        assert_eq!(v, MemberStatus::Left);
        assert_eq!(
            serde_json::to_string(&MemberStatus::Deceased).expect("json"),
            "\"deceased\""
        );
        assert!(!MemberStatus::Left.is_active() && MemberStatus::Probationary.is_active());
    }

    #[test]
    fn cells_sit_under_grassroots_or_sections_only() {
        assert!(OrgKind::Grassroots.may_contain(OrgKind::Cell));
        assert!(!OrgKind::District.may_contain(OrgKind::Cell));
    }
}
