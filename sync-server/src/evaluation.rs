//! Yearly evaluation on the server (issue 19), backend-independent like
//! [`crate::apply`]: where its rows sit (a self-assessment and a member's decision at
//! the member's cell, which they must name; a proposal and an organisation's rating at
//! their organisation) and the rules the permission table cannot say: rows carry the
//! ids derived from what they are about, speak for their author and the organisation
//! deciding (a committee above, where the author holds a committee post), a
//! self-assessment is closed once the member's year is decided, a proposal names live
//! members of its cell and a live meeting of it (a deleted meeting reviewed nothing),
//! and the decisions of a cell's year keep "xuất sắc" within its share
//! (`sotay_model::evaluation::share_ok`).

use crate::apply::Author;
use crate::error::StoreError;
use crate::tree::{at_live_org, at_members_cell, OrgPath, TreeView};
use sotay_model::entities::PositionTitle;
use sotay_model::evaluation::{
    share_ok, OrgRating, RatingDecision, RatingProposal, SelfAssessment,
};
use sotay_model::protocol::RejectReason;
use sotay_model::{Entity, Id, RowState};

fn invalid(msg: impl Into<String>) -> RejectReason {
    RejectReason::Invalid(msg.into())
}

/// Whether this module judges rows of `entity`.
pub fn owns(entity: Entity) -> bool {
    matches!(
        entity,
        Entity::SelfAssessment
            | Entity::RatingProposal
            | Entity::RatingDecision
            | Entity::OrgRating
    )
}

/// A self-assessment or a member's decision sits at the cell of its live member; a
/// proposal or an organisation's rating at its live organisation.
pub fn place(
    view: &impl TreeView,
    row: &RowState,
) -> Result<Result<OrgPath, RejectReason>, StoreError> {
    if matches!(row.entity, Entity::SelfAssessment | Entity::RatingDecision) {
        return at_members_cell(
            view,
            row,
            "member_id",
            "đánh giá ghi ở chi bộ đang sinh hoạt của đảng viên",
            "đảng viên được đánh giá không tồn tại",
        );
    }
    at_live_org(view, row.org_id, "tổ chức không tồn tại")
}

const COMMITTEE: [PositionTitle; 3] = [
    PositionTitle::Secretary,
    PositionTitle::DeputySecretary,
    PositionTitle::CommitteeMember,
];

/// The deciding organisation is above `path` and the author sits on its committee.
fn decides_for(
    author: &Author,
    decided_org: Id,
    decided_by: Id,
    path: &OrgPath,
) -> Option<&'static str> {
    let ids = path.ids();
    if !ids[..ids.len().saturating_sub(1)].contains(&decided_org) {
        return Some("xếp loại do cấp ủy cấp trên quyết định");
    }
    if let Author::Member(a) = author {
        if a.member != decided_by {
            return Some("quyết định xếp loại phải ghi đúng người quyết định");
        }
        let seated = a
            .positions
            .iter()
            .any(|(t, o, _)| *o == decided_org && COMMITTEE.contains(t));
        if !seated {
            return Some("người quyết định phải là cấp ủy viên của cấp ủy quyết định");
        }
    }
    None
}

pub fn rules(
    view: &impl TreeView,
    author: &Author,
    row: &RowState,
    path: &OrgPath,
) -> Result<Result<(), RejectReason>, StoreError> {
    if !owns(row.entity) || row.tombstone.is_some() {
        return Ok(Ok(()));
    }
    let refuse = |m: &str| Ok(Err(invalid(m)));
    match row.entity {
        Entity::SelfAssessment => {
            let Ok(a) = SelfAssessment::from_row(row) else {
                return refuse("bản tự kiểm điểm không hợp lệ");
            };
            if a.id != SelfAssessment::row_id(a.member_id, a.year) {
                return refuse("mã bản tự kiểm điểm không khớp đảng viên và năm");
            }
            let decided = view
                .row(RatingDecision::row_id(a.member_id, a.year))?
                .is_some_and(|d| !d.tombstoned());
            if decided {
                return refuse(
                    "năm này đã được cấp ủy xếp loại, không sửa bản tự kiểm điểm được nữa",
                );
            }
        }
        Entity::RatingProposal => {
            let Ok(p) = RatingProposal::from_row(row) else {
                return refuse("đề xuất xếp loại không hợp lệ");
            };
            if p.id != RatingProposal::row_id(p.org_id, p.year) {
                return refuse("mã đề xuất không khớp chi bộ và năm");
            }
            if let Author::Member(a) = author {
                if a.member != p.proposed_by {
                    return refuse("đề xuất phải ghi đúng người đề xuất");
                }
            }
            for line in &p.lines {
                let ok = view.row(line.member_id)?.is_some_and(|m| {
                    m.row.entity == Entity::Member
                        && !m.tombstoned()
                        && m.path.org() == Some(p.org_id)
                });
                if !ok {
                    return refuse("đề xuất chỉ gồm đảng viên của chi bộ");
                }
            }
            if let Some(meeting) = p.meeting_id {
                let ok = view.row(meeting)?.is_some_and(|m| {
                    m.row.entity == Entity::Meeting && !m.tombstoned() && m.row.org_id == p.org_id
                });
                if !ok {
                    return refuse("cuộc họp đánh giá phải là cuộc họp của chi bộ");
                }
            }
        }
        Entity::RatingDecision => {
            let Ok(d) = RatingDecision::from_row(row) else {
                return refuse("quyết định xếp loại không hợp lệ");
            };
            if d.id != RatingDecision::row_id(d.member_id, d.year) {
                return refuse("mã quyết định không khớp đảng viên và năm");
            }
            if let Some(why) = decides_for(author, d.decided_org_id, d.decided_by, path) {
                return refuse(why);
            }
            // Every decision of the cell's year, this one as it would be stored.
            let mut ratings = vec![d.rating];
            for other in view.live_rows(Entity::RatingDecision, d.org_id)? {
                if other.row_id == d.id {
                    continue;
                }
                if let Ok(o) = RatingDecision::from_row(&other) {
                    if o.year == d.year {
                        ratings.push(o.rating);
                    }
                }
            }
            if let Err(why) = share_ok(ratings) {
                return refuse(&why);
            }
        }
        Entity::OrgRating => {
            let Ok(r) = OrgRating::from_row(row) else {
                return refuse("xếp loại tổ chức không hợp lệ");
            };
            if r.id != OrgRating::row_id(r.org_id, r.year) {
                return refuse("mã xếp loại không khớp tổ chức và năm");
            }
            if let Some(why) = decides_for(author, r.decided_org_id, r.decided_by, path) {
                return refuse(why);
            }
        }
        _ => {}
    }
    Ok(Ok(()))
}
