//! Information exchange in the simulation (issue 16): the district's announcement to
//! its subtree and the commune's draft are seeded; devices comment on the
//! announcement and on their cell's meeting (answering each other), edit and
//! withdraw their comments, committees hide others', members mark the announcement
//! read, ask their committees, committees answer, members give opinions, offline
//! through the typed Api. Rows converge like every row (`check`); here the privacy
//! rules are checked on every device: no device keeps the text of a withdrawn or
//! hidden comment, a question, its answer or a private opinion of another member
//! unless it holds a post where the rules let it read them, and a meeting's comments
//! stay with the meeting's readers (and their authors).

use super::node::Sim;
use anyhow::Result;
use rand::rngs::SmallRng;
use rand::Rng;
use sotay_model::api::Request;
use sotay_model::entities::Position;
use sotay_model::exchange::requests::{
    AddComment, AnswerQuestion, AskQuestion, EditComment, GiveOpinion, HideComment,
    MarkAnnouncementRead, WithdrawComment,
};
use sotay_model::exchange::{
    Announcement, Comment, CommentTarget, Draft, DraftSection, TargetKind,
};
use sotay_model::{Change, Entity, Id, RowState};
use sotay_server::rows::{row_change, server_hlc};
use std::collections::BTreeMap;

/// The district's announcement copy (its whole subtree reads it) and the commune's
/// draft, with private opinions.
pub fn seed(id: &mut impl FnMut() -> Id, (district, commune, sender): (Id, Id, Id)) -> Vec<Change> {
    let batch = id();
    let announcement = Announcement {
        id: Announcement::row_id(batch, district),
        org_id: district,
        batch_id: batch,
        sender_org_id: district,
        sent_by: sender,
        title: "Triển khai học tập nghị quyết".into(),
        body: "Các chi bộ tổ chức học tập trong tháng.".into(),
        must_read_by: None,
        reminders: 0,
        sent_ms: 0,
        reminded_ms: 0,
    };
    let section = |k: &str, t: &str| DraftSection {
        key: k.into(),
        title: t.into(),
        text: String::new(),
    };
    let draft = Draft {
        id: id(),
        org_id: commune,
        title: "Dự thảo báo cáo chính trị".into(),
        intro: String::new(),
        sections: vec![section("1", "Đánh giá"), section("2", "Phương hướng")],
        deadline: "2027-12-31".into(),
        opinions_visible: false,
        opened_by: sender,
        opened_ms: 0,
    };
    vec![
        row_change(id(), &announcement, server_hlc(1)),
        row_change(id(), &draft, server_hlc(1)),
    ]
}

fn held(sim: &Sim, who: usize, entities: &[Entity]) -> Result<Vec<RowState>> {
    Ok(sim.nodes[who].replica.db().live_rows_of(entities)?)
}

impl Sim {
    /// A comment, an edit, a withdrawal or a hiding, a receipt, a question, an answer
    /// or an opinion, offline.
    pub fn exchange_edit(&mut self, who: usize, rng: &mut SmallRng) -> Result<()> {
        let me = self.nodes[who].member;
        let comments: Vec<Comment> = held(self, who, &[Entity::Comment, Entity::MeetingComment])?
            .iter()
            .filter_map(|r| Comment::from_row(r).ok())
            .collect();
        let mine: Vec<&Comment> = comments.iter().filter(|c| c.author_id == me).collect();
        let announcements = held(self, who, &[Entity::Announcement])?;
        let pick = |rng: &mut SmallRng, n: usize| rng.gen_range(0..n);
        let req: Request = match rng.gen_range(0..10u32) {
            0..=2 => {
                let target = if rng.gen_bool(0.5) || announcements.is_empty() {
                    let m = &self.world.meetings[pick(rng, self.world.meetings.len())];
                    CommentTarget {
                        kind: TargetKind::Meeting,
                        id: m.meeting.id,
                    }
                } else {
                    CommentTarget {
                        kind: TargetKind::Announcement,
                        id: announcements[pick(rng, announcements.len())].row_id,
                    }
                };
                let reply_to = comments
                    .iter()
                    .filter(|c| c.target() == target)
                    .map(|c| c.id)
                    .nth(rng.gen_range(0..3));
                AddComment {
                    target,
                    body: format!("Ý kiến {}", rng.gen_range(0..10_000u32)),
                    reply_to,
                }
                .into()
            }
            3 if !mine.is_empty() => EditComment {
                id: mine[pick(rng, mine.len())].id,
                body: format!("Sửa lại {}", rng.gen_range(0..10_000u32)),
            }
            .into(),
            4 if !mine.is_empty() => WithdrawComment {
                id: mine[pick(rng, mine.len())].id,
            }
            .into(),
            5 if !comments.is_empty() => HideComment {
                id: comments[pick(rng, comments.len())].id,
                reason: "Không phù hợp".into(),
            }
            .into(),
            6 if !announcements.is_empty() => MarkAnnouncementRead {
                id: announcements[pick(rng, announcements.len())].row_id,
            }
            .into(),
            7 => AskQuestion {
                org_id: self.world.orgs[rng.gen_range(2..self.world.orgs.len())].id,
                body: format!("Câu hỏi {}", rng.gen_range(0..10_000u32)),
            }
            .into(),
            8 => {
                let questions = held(self, who, &[Entity::Question])?;
                match questions.get(rng.gen_range(0..questions.len().max(1))) {
                    Some(q) => AnswerQuestion {
                        question_id: q.row_id,
                        body: format!("Trả lời {}", rng.gen_range(0..10_000u32)),
                    }
                    .into(),
                    None => return Ok(()),
                }
            }
            _ => {
                let drafts = held(self, who, &[Entity::Draft])?;
                let Some(d) = drafts.first() else {
                    return Ok(());
                };
                GiveOpinion {
                    draft_id: d.row_id,
                    section_key: ["1", "2"][pick(rng, 2)].into(),
                    body: if rng.gen_ratio(1, 6) {
                        String::new()
                    } else {
                        format!("Góp ý {}", rng.gen_range(0..10_000u32))
                    },
                }
                .into()
            }
        };
        match self.nodes[who].replica.call_local(req) {
            Ok(_) => self.stats.local_edits += 1,
            Err(_) => self.stats.refused_locally += 1,
        }
        Ok(())
    }

    /// Privacy on every device: no text of a deleted comment anywhere; questions,
    /// answers and private opinions only with the member they are about or a holder of
    /// a post where they sit (or above, for opinions); meeting comments only with the
    /// meeting's cell or a post at or above it.
    pub fn check_exchange(&self, out: &mut Vec<String>) -> Result<()> {
        let server: Vec<RowState> = self
            .server_view(self.nodes[0].device)?
            .into_values()
            .collect();
        let posts: Vec<Position> = server
            .iter()
            .filter(|r| r.entity == Entity::Position && r.tombstone.is_none())
            .filter_map(|r| Position::from_row(r).ok())
            .collect();
        let parent: BTreeMap<Id, Option<Id>> = self
            .world
            .orgs
            .iter()
            .map(|o| (o.id, o.parent_id))
            .collect();
        let post_at = |member: Id, org: Id| {
            posts
                .iter()
                .any(|p| p.member_id == member && p.org_id == org)
        };
        let at_or_above = |member: Id, org: Id| {
            let mut at = Some(org);
            while let Some(o) = at {
                if post_at(member, o) {
                    return true;
                }
                at = parent.get(&o).copied().flatten();
            }
            false
        };
        for (i, node) in self.nodes.iter().enumerate() {
            if node.revoked {
                continue;
            }
            // Where the member is now (the simulation moves members between cells).
            let cell = server
                .iter()
                .find(|r| r.row_id == node.member && r.tombstone.is_none())
                .and_then(|r| r.id("cell_id"));
            for r in node.replica.db().all_rows()? {
                let text = r.str("body").unwrap_or_default();
                let comment = matches!(r.entity, Entity::Comment | Entity::MeetingComment);
                if comment && r.tombstone.is_some() && !text.is_empty() {
                    out.push(format!(
                        "device {i} keeps the text of deleted comment {}",
                        r.row_id
                    ));
                }
                let about = match r.entity {
                    Entity::Question | Entity::Answer => r.id("asker_id"),
                    Entity::Opinion => r.id("author_id"),
                    _ => None,
                };
                let allowed = match r.entity {
                    Entity::Question | Entity::Answer => post_at(node.member, r.org_id),
                    Entity::Opinion => at_or_above(node.member, r.org_id),
                    Entity::MeetingComment => {
                        cell == Some(r.org_id)
                            || at_or_above(node.member, r.org_id)
                            || r.id("author_id") == Some(node.member)
                    }
                    _ => true,
                };
                let someone_elses = about.is_some_and(|a| a != node.member);
                if !allowed && (someone_elses || r.entity == Entity::MeetingComment) {
                    out.push(format!(
                        "device {i} holds {:?} {} it may not read",
                        r.entity, r.row_id
                    ));
                }
            }
        }
        for r in &server {
            let comment = matches!(r.entity, Entity::Comment | Entity::MeetingComment);
            if comment && r.tombstone.is_some() && !r.str("body").unwrap_or_default().is_empty() {
                out.push(format!(
                    "the server keeps the text of deleted comment {}",
                    r.row_id
                ));
            }
        }
        if std::env::var_os("SIM_EXCHANGE_DEBUG").is_some() {
            let count = |e: Entity| server.iter().filter(|r| r.entity == e).count();
            eprintln!(
                "comments {} (+{} on meetings), reads {}, questions {}, answers {}, opinions {}",
                count(Entity::Comment),
                count(Entity::MeetingComment),
                count(Entity::AnnouncementRead),
                count(Entity::Question),
                count(Entity::Answer),
                count(Entity::Opinion)
            );
        }
        Ok(())
    }
}
