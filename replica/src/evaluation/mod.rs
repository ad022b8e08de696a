//! Yearly evaluation on this device (issue 19): the member's self-assessment, the
//! cell's proposal, the committee above's ratings of members and organisations, all
//! written offline and judged by the server at sync (which also holds the share of
//! "xuất sắc" over every device's decisions); in `views` the lists the screens read.

pub(crate) mod views;

use crate::administration::organisations::OrgTree;
use crate::calls::{Cx, Local};
use crate::db::{rows, Db};
use crate::error::invalid;
use crate::meetings::me;
use crate::tasks::my_posts;
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::entities::Member;
use sotay_model::evaluation::requests::{
    ProposeRatings, RateMember, RateOrg, SubmitSelfAssessment,
};
use sotay_model::evaluation::{
    share_ok, OrgRating, RatingDecision, RatingProposal, SelfAssessment,
};
use sotay_model::Id;

fn forbidden(message: &str) -> ApiError {
    ApiError::new(ApiErrorKind::Forbidden, message)
}

fn year_ok(year: u32) -> Result<u32, ApiError> {
    if (1930..=2100).contains(&year) {
        Ok(year)
    } else {
        Err(invalid(format!("Năm {year} không hợp lệ")))
    }
}

/// The nearest organisation above `org` where this device's member sits on the
/// committee: the one that decides for it.
pub(crate) fn deciding_org(db: &Db, org: Id) -> Result<Option<Id>, ApiError> {
    let posts: Vec<Id> = my_posts(db)?
        .into_iter()
        .filter(|(_, t)| t.on_committee())
        .map(|(o, _)| o)
        .collect();
    let tree = OrgTree::load(db)?;
    Ok(tree
        .chain(org)
        .into_iter()
        .skip(1)
        .find(|o| posts.contains(o)))
}

impl Local for SubmitSelfAssessment {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let me = me(cx.db)?;
        let m: Member = crate::administration::members::get(cx.db, me)?;
        let year = year_ok(self.year)?;
        if cx
            .db
            .live_row(
                sotay_model::Entity::RatingDecision,
                RatingDecision::row_id(me, year),
            )?
            .is_some()
        {
            return Err(invalid(
                "Năm này đã được cấp ủy xếp loại, không sửa bản tự kiểm điểm được nữa",
            ));
        }
        let a = SelfAssessment {
            id: SelfAssessment::row_id(me, year),
            org_id: m.cell_id,
            member_id: me,
            year,
            political: self.political.trim().to_string(),
            ethics: self.ethics.trim().to_string(),
            lifestyle: self.lifestyle.trim().to_string(),
            results: self.results.trim().to_string(),
            shortcomings: self.shortcomings.trim().to_string(),
            direction: self.direction.trim().to_string(),
            self_rating: self.self_rating,
        };
        cx.db.save(cx.env, &a)
    }
}

impl Local for ProposeRatings {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let me = me(cx.db)?;
        if !my_posts(cx.db)?.iter().any(|(o, _)| *o == self.org_id) {
            return Err(forbidden(
                "Chỉ cấp ủy, văn phòng của chi bộ mới đề xuất xếp loại đảng viên của chi bộ",
            ));
        }
        let year = year_ok(self.year)?;
        for line in &self.lines {
            let m = crate::administration::members::get(cx.db, line.member_id)?;
            if m.cell_id != self.org_id {
                return Err(invalid(format!(
                    "Đồng chí {} không sinh hoạt ở chi bộ này",
                    m.full_name
                )));
            }
        }
        if let Err(why) = share_ok(self.lines.iter().map(|l| l.rating)) {
            return Err(invalid(capitalised(&why)));
        }
        let id = RatingProposal::row_id(self.org_id, year);
        // A proposal saved again without naming its meeting keeps the one linked.
        let meeting_id = match self.meeting_id {
            Some(m) => Some(m),
            None => cx
                .db
                .live_typed::<RatingProposal>(id)?
                .and_then(|p| p.meeting_id),
        };
        let p = RatingProposal {
            id,
            org_id: self.org_id,
            year,
            meeting_id,
            lines: self.lines,
            proposed_by: me,
        };
        cx.db.save(cx.env, &p)
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

impl Local for RateMember {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let me = me(cx.db)?;
        let year = year_ok(self.year)?;
        let m = crate::administration::members::get(cx.db, self.member_id)?;
        let Some(decided_org_id) = deciding_org(cx.db, m.cell_id)? else {
            return Err(forbidden(
                "Chỉ cấp ủy cấp trên của chi bộ mới quyết định xếp loại đảng viên",
            ));
        };
        let d = RatingDecision {
            id: RatingDecision::row_id(m.id, year),
            org_id: m.cell_id,
            member_id: m.id,
            year,
            rating: self.rating,
            note: self.note.trim().to_string(),
            decided_org_id,
            decided_by: me,
        };
        // The share over the cell's year as this device holds it; the server checks it
        // again over every device's decisions.
        let mut ratings = vec![d.rating];
        for r in rows::select_live(
            &cx.db.conn,
            "",
            "r.entity = 'rating_decision' AND r.org_id = ?1",
            [m.cell_id.to_string()],
        )? {
            if let Ok(o) = RatingDecision::from_row(&r) {
                if o.year == year && o.id != d.id {
                    ratings.push(o.rating);
                }
            }
        }
        if let Err(why) = share_ok(ratings) {
            return Err(invalid(format!("Không xếp loại được: {why}")));
        }
        cx.db.save(cx.env, &d)
    }
}

impl Local for RateOrg {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let me = me(cx.db)?;
        let year = year_ok(self.year)?;
        crate::administration::organisations::get(cx.db, self.org_id)?;
        let Some(decided_org_id) = deciding_org(cx.db, self.org_id)? else {
            return Err(forbidden("Chỉ cấp ủy cấp trên mới xếp loại tổ chức đảng"));
        };
        let r = OrgRating {
            id: OrgRating::row_id(self.org_id, year),
            org_id: self.org_id,
            year,
            rating: self.rating,
            note: self.note.trim().to_string(),
            decided_org_id,
            decided_by: me,
        };
        cx.db.save(cx.env, &r)
    }
}
