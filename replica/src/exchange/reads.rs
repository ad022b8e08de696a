//! What the feed shows (`ListAnnouncements`) and who has read a sending
//! (`GetAnnouncementReads`), counted over the members and receipts this device holds:
//! a recipient of a copy is a live member (chính thức or dự bị) of its organisation's
//! subtree, a reader one of them with a receipt for that copy.

use super::announcements::{batch, has_read};
use super::{at_or_above, forbidden, me_and_cell, named, office_orgs, typed};
use crate::administration::organisations::OrgTree;
use crate::calls::{Cx, Local};
use crate::db::Db;
use crate::meetings::org_name;
use sotay_model::api::ApiError;
use sotay_model::entities::Member;
use sotay_model::exchange::api::{
    AnnouncementReads, Announcements, OrgReads, ReceivedAnnouncement, SentAnnouncement,
};
use sotay_model::exchange::requests::{GetAnnouncementReads, ListAnnouncements};
use sotay_model::exchange::Announcement;
use sotay_model::tasks::vn_day;
use sotay_model::vn;
use sotay_model::Id;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The live members held, each with the organisations from their cell up.
struct Audience {
    members: Vec<(Member, Vec<Id>)>,
}

impl Audience {
    fn load(db: &Db, tree: &OrgTree) -> Result<Audience, ApiError> {
        let all: Vec<Member> = typed(db, "r.entity = 'member'", [])?;
        let mut chains: HashMap<Id, Vec<Id>> = HashMap::new();
        let members = all
            .into_iter()
            .filter(|m| m.status.is_active())
            .map(|m| {
                let chain = chains
                    .entry(m.cell_id)
                    .or_insert_with(|| tree.chain(m.cell_id))
                    .clone();
                (m, chain)
            })
            .collect();
        Ok(Audience { members })
    }

    /// The recipients of a copy at `org`, with their chains.
    fn of(&self, org: Id) -> impl Iterator<Item = &(Member, Vec<Id>)> {
        self.members.iter().filter(move |(_, c)| c.contains(&org))
    }
}

/// The members holding a receipt for the copy `id`.
fn readers(db: &Db, id: Id) -> Result<HashSet<Id>, ApiError> {
    let receipts: Vec<sotay_model::exchange::AnnouncementRead> = typed(
        db,
        "r.entity = 'announcement_read' AND r.parent_id = ?1",
        [id.to_string()],
    )?;
    Ok(receipts.into_iter().map(|r| r.member_id).collect())
}

/// (readers, recipients) of one copy.
fn counts(db: &Db, audience: &Audience, a: &Announcement) -> Result<(u32, u32), ApiError> {
    let read = readers(db, a.id)?;
    let (mut readers, mut recipients) = (0, 0);
    for (m, _) in audience.of(a.org_id) {
        recipients += 1;
        readers += u32::from(read.contains(&m.id));
    }
    Ok((readers, recipients))
}

fn comments_on(db: &Db, id: Id) -> Result<u32, ApiError> {
    let n: u32 = db
        .conn
        .prepare_cached(
            "SELECT COUNT(*) FROM rows WHERE entity = 'comment' AND parent_id = ?1 AND tombstone = 0",
        )
        .and_then(|mut s| s.query_row([id.to_string()], |r| r.get(0)))
        .map_err(crate::error::DbError::from)?;
    Ok(n)
}

impl Local for ListAnnouncements {
    fn local(self, cx: &mut Cx<'_>) -> Result<Announcements, ApiError> {
        let (me, cell) = me_and_cell(cx.db)?;
        let tree = OrgTree::load(cx.db)?;
        let mine = tree.chain(cell);
        let today = vn_day(cx.env.now_ms());
        let all: Vec<Announcement> = typed(cx.db, "r.entity = 'announcement'", [])?;

        let mut received = Vec::new();
        for a in all.iter().filter(|a| mine.contains(&a.org_id)) {
            let read = has_read(cx.db, a.id, me)?;
            received.push(ReceivedAnnouncement {
                sender_org_name: org_name(cx.db, a.sender_org_id),
                read,
                overdue: !read
                    && a.must_read_by
                        .as_deref()
                        .is_some_and(|d| d < today.as_str()),
                comments: comments_on(cx.db, a.id)?,
                announcement: a.clone(),
            });
        }
        received.sort_by(|x, y| {
            x.read
                .cmp(&y.read)
                .then(y.announcement.sent_ms.cmp(&x.announcement.sent_ms))
                .then(x.announcement.id.cmp(&y.announcement.id))
        });

        let offices = office_orgs(cx.db)?;
        let mut batches: BTreeMap<Id, Vec<&Announcement>> = BTreeMap::new();
        for a in all.iter().filter(|a| offices.contains(&a.sender_org_id)) {
            batches.entry(a.batch_id).or_default().push(a);
        }
        let audience = if batches.is_empty() {
            Audience {
                members: Vec::new(),
            }
        } else {
            Audience::load(cx.db, &tree)?
        };
        let mut sent = Vec::new();
        for (batch_id, copies) in batches {
            let first = copies[0];
            let mut to = named(cx.db, &copies.iter().map(|a| a.org_id).collect::<Vec<_>>());
            to.sort_by(|a, b| vn::compare(&a.1, &b.1));
            let (mut readers, mut recipients) = (0, 0);
            for a in &copies {
                let (r, n) = counts(cx.db, &audience, a)?;
                readers += r;
                recipients += n;
            }
            sent.push(SentAnnouncement {
                batch_id,
                sender_org_id: first.sender_org_id,
                title: first.title.clone(),
                sent_ms: copies.iter().map(|a| a.sent_ms).min().unwrap_or(0),
                must_read_by: first.must_read_by.clone(),
                to,
                readers,
                recipients,
            });
        }
        sent.sort_by(|x, y| y.sent_ms.cmp(&x.sent_ms).then(x.batch_id.cmp(&y.batch_id)));
        Ok(Announcements {
            received,
            sent,
            may_send_from: named(cx.db, &offices),
        })
    }
}

/// `org` and the organisations below it, depth first, each level by name.
fn walk(tree: &OrgTree, org: Id, depth: u8, out: &mut Vec<(Id, u8)>) {
    out.push((org, depth));
    let mut below: Vec<_> = tree.below(org).collect();
    below.sort_by(|a, b| vn::compare(&a.name, &b.name).then(a.id.cmp(&b.id)));
    for o in below {
        if depth < 16 {
            walk(tree, o.id, depth + 1, out);
        }
    }
}

impl Local for GetAnnouncementReads {
    fn local(self, cx: &mut Cx<'_>) -> Result<AnnouncementReads, ApiError> {
        let mut copies = batch(cx.db, self.batch_id)?;
        let tree = OrgTree::load(cx.db)?;
        if !at_or_above(&tree, &office_orgs(cx.db)?, copies[0].sender_org_id) {
            return Err(forbidden(
                "Chỉ cấp ủy, văn phòng của tổ chức gửi thông báo mới xem được ai đã đọc",
            ));
        }
        copies.sort_by(|a, b| {
            vn::compare(&org_name(cx.db, a.org_id), &org_name(cx.db, b.org_id))
                .then(a.org_id.cmp(&b.org_id))
        });
        let audience = Audience::load(cx.db, &tree)?;
        let mut orgs = Vec::new();
        let mut unread = Vec::new();
        for a in &copies {
            let read = readers(cx.db, a.id)?;
            // Each recipient counts in every organisation from their cell up to the
            // receiver.
            let mut tally: HashMap<Id, (u32, u32)> = HashMap::new();
            for (m, chain) in audience.of(a.org_id) {
                let has = read.contains(&m.id);
                for o in chain
                    .iter()
                    .take_while(|o| **o != a.org_id)
                    .chain([&a.org_id])
                {
                    let t = tally.entry(*o).or_default();
                    t.0 += u32::from(has);
                    t.1 += 1;
                }
                if !has {
                    unread.push((m.id, m.full_name.clone(), org_name(cx.db, m.cell_id)));
                }
            }
            let mut walked = Vec::new();
            walk(&tree, a.org_id, 0, &mut walked);
            for (org_id, depth) in walked {
                let (readers, recipients) = tally.get(&org_id).copied().unwrap_or_default();
                orgs.push(OrgReads {
                    org_id,
                    org_name: org_name(cx.db, org_id),
                    depth,
                    readers,
                    recipients,
                });
            }
        }
        unread.sort_by(|a, b| {
            vn::compare(&a.2, &b.2)
                .then_with(|| vn::compare_names(&a.1, &b.1))
                .then(a.0.cmp(&b.0))
        });
        Ok(AnnouncementReads {
            batch_id: self.batch_id,
            title: copies[0].title.clone(),
            orgs,
            unread,
        })
    }
}
