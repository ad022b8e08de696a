//! Drafts opened for opinions: the office of an organisation opens one with its
//! sections and a deadline; members give one opinion per section until the deadline's
//! day ends (Vietnam time, by this device's clock), change it, or withdraw it with an
//! empty text. Committees of the organisation and above see every opinion; members see
//! their own, and everyone's only when the draft was opened so.

use super::{at_most, at_or_above, forbidden, me_and_cell, named, office_orgs, required, typed};
use crate::administration::organisations::OrgTree;
use crate::calls::{Cx, Local};
use crate::db::Db;
use crate::error::{invalid, not_found};
use crate::meetings::{me, member_name, org_name};
use sotay_model::api::ApiError;
use sotay_model::exchange::api::{DraftCard, DraftView, Drafts, OpinionView, SectionOpinions};
use sotay_model::exchange::draft::{DraftSection, MAX_OPINION, MAX_SECTIONS, MAX_SECTION_TEXT};
use sotay_model::exchange::requests::{GetDraft, GiveOpinion, ListDrafts, OpenDraft};
use sotay_model::exchange::{Draft, OpenOpinion, Opinion};
use sotay_model::tasks::vn_day;
use sotay_model::vn::show_date;
use sotay_model::{Entity, Id};

pub(crate) fn get(db: &Db, id: Id) -> Result<Draft, ApiError> {
    db.live_typed::<Draft>(id)?
        .ok_or_else(|| not_found("Không tìm thấy dự thảo này trên máy"))
}

/// The opinions on a draft this device holds (of the draft's own kind).
fn opinions(db: &Db, d: &Draft) -> Result<Vec<Opinion>, ApiError> {
    let mut out: Vec<Opinion> = if d.opinions_visible {
        typed::<OpenOpinion, _>(
            db,
            "r.entity = 'open_opinion' AND r.parent_id = ?1",
            [d.id.to_string()],
        )?
        .into_iter()
        .map(|o| o.0)
        .collect()
    } else {
        typed(
            db,
            "r.entity = 'opinion' AND r.parent_id = ?1",
            [d.id.to_string()],
        )?
    };
    // An emptied opinion is a withdrawn one.
    out.retain(|o| o.draft_id == d.id && !o.body.is_empty());
    out.sort_by_key(|o| (o.written_ms, o.id));
    Ok(out)
}

/// Whether this device's member collects the draft's opinions: office of its
/// organisation or above.
fn collects(db: &Db, tree: &OrgTree, d: &Draft) -> Result<bool, ApiError> {
    Ok(at_or_above(tree, &office_orgs(db)?, d.org_id))
}

fn card(db: &Db, tree: &OrgTree, me: Id, now: u64, d: Draft) -> Result<DraftCard, ApiError> {
    let held = opinions(db, &d)?;
    let mine = held.iter().filter(|o| o.author_id == me).count() as u32;
    Ok(DraftCard {
        org_name: org_name(db, d.org_id),
        open: d.open_at(now),
        my_opinions: mine,
        opinions: held.len() as u32,
        may_collect: collects(db, tree, &d)?,
        draft: d,
    })
}

/// One draft with the opinions this member may see, grouped by section in the
/// draft's order.
pub(crate) fn view(db: &Db, id: Id, now: u64) -> Result<DraftView, ApiError> {
    let me = me(db)?;
    let tree = OrgTree::load(db)?;
    let d = get(db, id)?;
    let card = card(db, &tree, me, now, d)?;
    let everyone = card.may_collect || card.draft.opinions_visible;
    let held = opinions(db, &card.draft)?;
    let sections = card
        .draft
        .sections
        .iter()
        .map(|s| SectionOpinions {
            key: s.key.clone(),
            title: s.title.clone(),
            opinions: held
                .iter()
                .filter(|o| o.section_key == s.key && (everyone || o.author_id == me))
                .map(|o| OpinionView {
                    author_name: member_name(db, Some(o.author_id)),
                    mine: o.author_id == me,
                    opinion: o.clone(),
                })
                .collect(),
        })
        .collect();
    Ok(DraftView { card, sections })
}

fn sections(given: Vec<DraftSection>) -> Result<Vec<DraftSection>, ApiError> {
    if given.is_empty() {
        return Err(invalid("Dự thảo phải có ít nhất một phần để góp ý"));
    }
    if given.len() > MAX_SECTIONS {
        return Err(invalid(format!(
            "Dự thảo có quá nhiều phần (tối đa {MAX_SECTIONS})"
        )));
    }
    let mut out: Vec<DraftSection> = Vec::with_capacity(given.len());
    for (i, s) in given.into_iter().enumerate() {
        let key = required(
            &s.key,
            20,
            &format!("Phần thứ {} của dự thảo thiếu số hiệu", i + 1),
            "Số hiệu phần",
        )?;
        if out.iter().any(|o| o.key == key) {
            return Err(invalid(format!("Dự thảo có hai phần cùng số hiệu {key}")));
        }
        let title = required(
            &s.title,
            300,
            &format!("Phần {key} của dự thảo thiếu tiêu đề"),
            "Tiêu đề phần",
        )?;
        let text = at_most(&s.text, MAX_SECTION_TEXT, &format!("Phần {key}"))?;
        out.push(DraftSection { key, title, text });
    }
    Ok(out)
}

impl Local for OpenDraft {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let me = me(cx.db)?;
        if !office_orgs(cx.db)?.contains(&self.org_id) {
            return Err(forbidden(
                "Chỉ cấp ủy, văn phòng của tổ chức mới đưa dự thảo ra lấy ý kiến",
            ));
        }
        let deadline = self.deadline.trim().to_string();
        if !sotay_model::entities::valid_date(&deadline) {
            return Err(invalid(format!(
                "Hạn góp ý \"{deadline}\" không hợp lệ; hãy chọn ngày theo lịch"
            )));
        }
        if deadline < vn_day(cx.env.now_ms()) {
            return Err(invalid("Hạn góp ý đã qua; hãy chọn từ hôm nay trở đi"));
        }
        let d = Draft {
            id: cx.env.new_id(),
            org_id: self.org_id,
            title: required(&self.title, 300, "Dự thảo phải có tên", "Tên dự thảo")?,
            intro: at_most(&self.intro, MAX_SECTION_TEXT, "Phần giới thiệu")?,
            sections: sections(self.sections)?,
            deadline,
            opinions_visible: self.opinions_visible,
            opened_by: me,
            opened_ms: 0,
        };
        cx.db.save(cx.env, &d)
    }
}

impl Local for ListDrafts {
    fn local(self, cx: &mut Cx<'_>) -> Result<Drafts, ApiError> {
        let me = me(cx.db)?;
        let now = cx.env.now_ms();
        let tree = OrgTree::load(cx.db)?;
        let mut drafts = Vec::new();
        for d in typed::<Draft, _>(cx.db, "r.entity = 'draft'", [])? {
            drafts.push(card(cx.db, &tree, me, now, d)?);
        }
        // Open ones first, the nearest deadline first; closed ones newest first.
        drafts.sort_by(|a, b| {
            b.open.cmp(&a.open).then_with(|| {
                if a.open {
                    a.draft.deadline.cmp(&b.draft.deadline)
                } else {
                    b.draft.deadline.cmp(&a.draft.deadline)
                }
                .then(a.draft.id.cmp(&b.draft.id))
            })
        });
        Ok(Drafts {
            drafts,
            may_open_at: named(cx.db, &office_orgs(cx.db)?),
        })
    }
}

impl Local for GetDraft {
    fn local(self, cx: &mut Cx<'_>) -> Result<Box<DraftView>, ApiError> {
        Ok(Box::new(view(cx.db, self.id, cx.env.now_ms())?))
    }
}

impl Local for GiveOpinion {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let (me, cell) = me_and_cell(cx.db)?;
        let d = get(cx.db, self.draft_id)?;
        if !OrgTree::load(cx.db)?.chain(cell).contains(&d.org_id) {
            return Err(forbidden(
                "Chỉ đảng viên thuộc tổ chức lấy ý kiến mới góp ý được dự thảo này",
            ));
        }
        let key = self.section_key.trim();
        if d.section(key).is_none() {
            return Err(not_found("Dự thảo không có phần này"));
        }
        if !d.open_at(cx.env.now_ms()) {
            return Err(invalid(format!(
                "Đã hết hạn góp ý dự thảo (hạn cuối ngày {})",
                show_date(&d.deadline)
            )));
        }
        let body = at_most(&self.body, MAX_OPINION, "Ý kiến")?;
        let entity = d.opinion_entity();
        let id = Opinion::row_id(d.id, key, me);
        // Withdrawing empties the text (on every device, once synced) and keeps the
        // row, so the member may give an opinion on the section again before the
        // deadline; nothing to withdraw is a no-op.
        if body.is_empty() && cx.db.live_row(entity, id)?.is_none() {
            return Ok(id);
        }
        let o = Opinion {
            id,
            org_id: d.org_id,
            draft_id: d.id,
            section_key: key.to_string(),
            author_id: me,
            body,
            written_ms: 0,
        };
        match entity {
            Entity::OpenOpinion => cx.db.save(cx.env, &OpenOpinion(o)),
            _ => cx.db.save(cx.env, &o),
        }
    }
}
