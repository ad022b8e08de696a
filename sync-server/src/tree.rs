//! The organisation tree as the store sees it: materialised paths, and the read-only
//! view of stored rows that the backend-independent rules ([`crate::authz`],
//! [`crate::apply`]) need. Every backend implements [`TreeView`] inside its transaction.

use crate::error::StoreError;
use sotay_model::entities::{OrgKind, PositionTitle};
use sotay_model::ids::Id;
use sotay_model::permissions::Relation;
use sotay_model::protocol::RejectReason;
use sotay_model::{Entity, RowState};

/// `/root-id/district-id/…/own-id/`: an organisation's path from the root, kept on
/// every stored row (a member's is its cell's, a position's its organisation's), so
/// that a subtree is one indexed range `path > prefix AND path < upper_bound(prefix)`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrgPath(String);

impl OrgPath {
    pub fn root(id: Id) -> OrgPath {
        OrgPath(format!("/{id}/"))
    }

    pub fn child(&self, id: Id) -> OrgPath {
        OrgPath(format!("{}{id}/", self.0))
    }

    /// Parse a stored path; `None` if it is not a `/`-separated list of ids.
    pub fn parse(s: &str) -> Option<OrgPath> {
        let inner = s.strip_prefix('/')?.strip_suffix('/')?;
        if inner.is_empty() || inner.split('/').any(|p| p.parse::<Id>().is_err()) {
            return None;
        }
        Some(OrgPath(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ids on the path, root first, the organisation itself last.
    pub fn ids(&self) -> Vec<Id> {
        self.0
            .split('/')
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.parse().ok())
            .collect()
    }

    /// The organisation this path ends at.
    pub fn org(&self) -> Option<Id> {
        self.ids().pop()
    }

    /// The exclusive upper bound of every path that starts with this one: the final
    /// `/` (0x2F) becomes `0` (0x30). Works with byte-wise text order in any SQL engine.
    pub fn upper_bound(&self) -> String {
        let mut s = self.0.clone();
        s.pop();
        s.push('0');
        s
    }

    /// Whether this path is `other` or lies below it.
    pub fn within(&self, other: &OrgPath) -> bool {
        self.0.starts_with(&other.0)
    }

    /// Where the organisation at `row` sits relative to the organisation at `role`.
    /// `None` when neither is above the other (siblings, cousins).
    pub fn relation(row: &OrgPath, role: &OrgPath) -> Option<Relation> {
        if row == role {
            Some(Relation::Same)
        } else if row.0.starts_with(&role.0) {
            Some(Relation::Descendant)
        } else if role.0.starts_with(&row.0) {
            Some(Relation::Ancestor)
        } else {
            None
        }
    }
}

impl std::fmt::Display for OrgPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A row as stored: its merged state, server sequence and materialised path.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredRow {
    pub seq: u64,
    pub row: RowState,
    pub path: OrgPath,
}

impl StoredRow {
    pub fn tombstoned(&self) -> bool {
        self.row.tombstone.is_some()
    }
}

/// An organisation node of the tree, read from its row.
#[derive(Clone, Debug, PartialEq)]
pub struct OrgNode {
    pub id: Id,
    pub kind: OrgKind,
    pub path: OrgPath,
    pub tombstoned: bool,
}

/// The member a row is about: a member row is about itself, a position about its
/// holder. Drives the `Own` relation and the index that finds someone's positions.
pub fn subject_of(row: &RowState) -> Option<Id> {
    match row.entity {
        Entity::Organisation => None,
        Entity::Member => Some(row.row_id),
        Entity::Position => row.id("member_id"),
        Entity::Document => None,
        // A check-in is about the member checking in; a key copy about its holder.
        Entity::CheckIn => row.id("member_id"),
        Entity::MeetingKey => row.id("holder_id"),
        Entity::Meeting | Entity::AttendanceMark | Entity::Minutes => None,
        Entity::Attachment | Entity::StudyAssignment => None,
        Entity::ReadMark | Entity::StudyNote => row.id("member_id"),
        // A task is about its member assignee, a review reaches them too; a report or
        // a file is about its author.
        Entity::Task | Entity::TaskReview => row.id("assignee_id"),
        Entity::ProgressReport | Entity::TaskFile => row.id("member_id"),
        Entity::ScheduleEntry => None,
        Entity::PersonalEntry => row.id("owner_id"),
        // A member's dues basis and payments are about the member; rules and
        // remittances are the organisation's.
        Entity::DuesBasis | Entity::DuesPayment => row.id("member_id"),
        Entity::DuesRule | Entity::DuesRemittance => None,
        // A self-assessment and a member's rating are about the member.
        Entity::SelfAssessment | Entity::RatingDecision => row.id("member_id"),
        Entity::RatingProposal | Entity::OrgRating => None,
        // A read receipt is its reader's; a comment and an opinion their author's; a
        // question and its answer the asker's (so they reach no other member).
        Entity::AnnouncementRead => row.id("member_id"),
        Entity::Comment | Entity::MeetingComment => row.id("author_id"),
        Entity::Question | Entity::Answer => row.id("asker_id"),
        Entity::Opinion | Entity::OpenOpinion => row.id("author_id"),
        Entity::Announcement | Entity::FaqEntry | Entity::Draft => None,
        // A transfer and its receiver's copy are about the member transferred.
        Entity::Transfer | Entity::TransferIn => row.id("member_id"),
        // Case material is about no one (it is read by level alone); a notice, a
        // discipline record and an appeal are about the member they name.
        Entity::InspectionPlan | Entity::Inspection | Entity::CaseNote | Entity::CaseFile => None,
        Entity::InspectionNotice | Entity::Discipline | Entity::Appeal => row.id("member_id"),
    }
}

/// Read access to stored rows, as a backend offers it inside one transaction.
pub trait TreeView {
    /// The stored row with this id, of whatever entity.
    fn row(&self, id: Id) -> Result<Option<StoredRow>, StoreError>;

    /// The non-deleted positions held by a member: (organisation, title).
    fn positions_of(&self, member: Id) -> Result<Vec<(Id, PositionTitle)>, StoreError>;

    /// The non-deleted member holding this card number, if any.
    fn member_with_card(&self, card_no: &str) -> Result<Option<Id>, StoreError>;

    /// Whether a non-deleted member belongs to the organisation at `path` or to one
    /// below it, or a non-deleted organisation sits below it.
    fn has_live_below(&self, path: &OrgPath) -> Result<bool, StoreError>;

    /// The non-deleted rows of `entity` owned by `org` (rules across a cell's rows,
    /// such as the share of "xuất sắc" among its year's ratings).
    fn live_rows(&self, entity: Entity, org: Id) -> Result<Vec<RowState>, StoreError>;

    /// The organisation with this id, if stored as an organisation row.
    fn org(&self, id: Id) -> Result<Option<OrgNode>, StoreError> {
        let Some(stored) = self.row(id)? else {
            return Ok(None);
        };
        if stored.row.entity != Entity::Organisation {
            return Ok(None);
        }
        let kind = stored
            .row
            .fields
            .get("kind")
            .and_then(|f| serde_json::from_value::<OrgKind>(f.value.clone()).ok())
            .ok_or_else(|| StoreError::Corrupt(format!("tổ chức {id} không có loại")))?;
        Ok(Some(OrgNode {
            id,
            kind,
            tombstoned: stored.tombstoned(),
            path: stored.path,
        }))
    }
}

/// The stored row with this id if it is a live row of `entity`.
pub fn live(view: &impl TreeView, id: Id, entity: Entity) -> Result<Option<StoredRow>, StoreError> {
    Ok(view
        .row(id)?
        .filter(|s| s.row.entity == entity && !s.tombstoned()))
}

/// Where a row about one member sits (their own schedule entry, dues, evaluation): at
/// the cell of the live member its `field` names, which its `org_id` must name too.
/// `elsewhere` and `missing` word the refusals.
pub fn at_members_cell(
    view: &impl TreeView,
    row: &RowState,
    field: &str,
    elsewhere: &str,
    missing: &str,
) -> Result<Result<OrgPath, RejectReason>, StoreError> {
    let member = match row.id(field) {
        Some(id) => view.row(id)?,
        None => None,
    };
    Ok(match member {
        Some(m) if m.row.entity == Entity::Member && !m.tombstoned() => {
            if m.path.org() == Some(row.org_id) {
                Ok(m.path)
            } else {
                Err(RejectReason::Invalid(elsewhere.into()))
            }
        }
        _ => Err(RejectReason::Invalid(missing.into())),
    })
}

/// Where a row of an organisation sits: at that live organisation.
pub fn at_live_org(
    view: &impl TreeView,
    org: Id,
    missing: &str,
) -> Result<Result<OrgPath, RejectReason>, StoreError> {
    Ok(match view.org(org)? {
        Some(o) if !o.tombstoned => Ok(o.path),
        _ => Err(RejectReason::Invalid(missing.into())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_follow_the_paths() {
        let (a, b, c, d) = (
            Id::from_u128(1),
            Id::from_u128(2),
            Id::from_u128(3),
            Id::from_u128(4),
        );
        let pa = OrgPath::root(a);
        let pb = pa.child(b);
        let pc = pb.child(c);
        let pd = pa.child(d);
        assert_eq!(OrgPath::relation(&pc, &pa), Some(Relation::Descendant));
        assert_eq!(OrgPath::relation(&pa, &pc), Some(Relation::Ancestor));
        assert_eq!(OrgPath::relation(&pb, &pb), Some(Relation::Same));
        assert_eq!(OrgPath::relation(&pd, &pb), None);
        assert_eq!(pc.ids(), vec![a, b, c]);
        assert_eq!(OrgPath::parse(pc.as_str()), Some(pc.clone()));
        assert!(pc.as_str() > pb.as_str() && pc.as_str() < pb.upper_bound().as_str());
        assert!(pd.as_str() >= pb.upper_bound().as_str() || pd.as_str() < pb.as_str());
    }
}
