//! The matrix's cases for information exchange (issue 16). An announcement copy, a
//! published entry and a draft sit at the organisation standing in `rel` to the role's
//! (none is "own"). Rows about a member (a read receipt, comment, question, answer,
//! opinion) are the actor's for `Own`, at the actor's cell (a comment at an
//! organisation unrelated to every role, so that only `Own` speaks), and otherwise
//! another member's at the organisation in `rel`.
//!
//! Every row satisfies the server's rules beyond the table, so that the table alone
//! decides: derived ids; the actor named as sender, author, answerer or opener of what
//! they write; an announcement sent from the actor's post when the copy is at or below
//! it (else from the copy's own organisation: those cases are refused by the table
//! before the rules are asked); the item commented on, the question answered and the
//! draft opined on live at the row's organisation; askers and authors living at or
//! below the organisation asked or consulted; a deletion of a comment blanking its
//! text, with a reason when it is not the author's; opinions in time. Read receipts
//! and questions are immutable, so "edit" does not apply to them. An edit of an answer
//! restates its answerer, as a device's edit does.

use super::{Plan, Rel, World};
use serde_json::json;
use sotay_model::exchange::{
    Announcement, AnnouncementRead, Answer, Comment, Draft, DraftSection, FaqEntry, MeetingComment,
    OpenOpinion, Opinion, Question, TargetKind,
};
use sotay_model::hlc::Hlc;
use sotay_model::ids::Id;
use sotay_model::meetings::{Meeting, MeetingKind, MeetingStatus};
use sotay_model::permissions::{Action, Relation, Role};
use sotay_model::row::Row;
use sotay_model::{Change, Entity};
use sotay_server::rows::{delete_change, edit_change, row_change, server_hlc};

type Fields = Vec<(&'static str, serde_json::Value)>;

/// One case's row: as the actor creates it, as seeded before an edit, deletion or
/// read, and what an edit and a deletion write.
struct Case {
    id: Id,
    org: Id,
    created: Change,
    seeded: Change,
    /// The member the row is about, as created and as seeded.
    subjects: (Option<Id>, Option<Id>),
    /// `None` where every field is immutable.
    edit: Option<Fields>,
    deletion: Fields,
}

fn seed_hlc() -> Hlc {
    server_hlc(1_000)
}

/// Seed a prerequisite row (the item commented on, the question, the draft…).
fn seed<R: Row>(w: &mut World, row: &R) {
    let cid = w.fresh();
    w.changes.push(row_change(cid, row, seed_hlc()));
}

/// The role's organisation, if the actor holds a post.
fn post(w: &World) -> Option<Id> {
    w.roles.iter().find_map(|&(role, at)| match role {
        Role::Position(_) => Some(at),
        Role::Member => None,
    })
}

/// A cell at or below `org`, where a member asking or consulted there may live.
fn cell_under(w: &World, org: Id) -> Option<Id> {
    ["C", "C3", "C2", "HC"].iter().map(|n| w.org(n)).find(|&c| {
        matches!(
            w.relation(c, org),
            Some(Relation::Same | Relation::Descendant)
        )
    })
}

fn announcement(batch: Id, org: Id, sender: Id, by: Id) -> Announcement {
    Announcement {
        id: Announcement::row_id(batch, org),
        org_id: org,
        batch_id: batch,
        sender_org_id: sender,
        sent_by: by,
        title: "Thông báo lịch sinh hoạt chi bộ tháng 12".into(),
        body: "Các chi bộ sinh hoạt vào ngày 3 hằng tháng.".into(),
        must_read_by: None,
        reminders: 0,
        sent_ms: 0,
        reminded_ms: 0,
    }
}

fn draft(w: &mut World, org: Id, visible: bool, by: Id) -> Draft {
    Draft {
        id: w.fresh(),
        org_id: org,
        title: "Dự thảo báo cáo chính trị".into(),
        intro: String::new(),
        sections: vec![DraftSection {
            key: "1".into(),
            title: "Đánh giá kết quả nhiệm kỳ".into(),
            text: String::new(),
        }],
        deadline: "2099-12-31".into(),
        opinions_visible: visible,
        opened_by: by,
        opened_ms: 0,
    }
}

pub fn plan(
    w: &mut World,
    entity: Entity,
    action: Action,
    rel: Rel,
    (place, home, cell): (Option<Id>, Id, Option<Id>),
    cid: Id,
    hlc: Hlc,
) -> Option<Plan> {
    let own = rel == Rel::Own;
    let c = match entity {
        Entity::Announcement | Entity::FaqEntry | Entity::Draft if own => return None,
        Entity::Announcement => copy_case(w, place?, cid, hlc),
        Entity::AnnouncementRead => receipt_case(w, if own { home } else { cell? }, own, cid, hlc),
        Entity::Comment | Entity::MeetingComment => {
            // An own comment sits where no role of the actor reaches.
            let org = if own { w.org("C2") } else { place? };
            comment_case(w, entity, org, own, cid, hlc)
        }
        Entity::Question | Entity::Answer => {
            let org = if own { home } else { place? };
            question_case(w, entity, org, own, cid, hlc)?
        }
        Entity::FaqEntry => {
            let org = place?;
            let f = |id| FaqEntry {
                id,
                org_id: org,
                question_id: None,
                question: "Đảng viên cao tuổi có được miễn sinh hoạt không?".into(),
                answer: "Được xét miễn công tác và sinh hoạt đảng khi có đơn.".into(),
                published_ms: 0,
            };
            let id = w.fresh();
            Case {
                id,
                org,
                created: row_change(cid, &f(id), hlc),
                seeded: row_change(w.fresh(), &f(id), seed_hlc()),
                subjects: (None, None),
                edit: Some(vec![("answer", json!("Xem Quy định 24-QĐ/TW."))]),
                deletion: vec![],
            }
        }
        Entity::Draft => {
            let org = place?;
            let mut d = draft(w, org, false, w.actor);
            let created = row_change(cid, &d, hlc);
            d.opened_by = w.other;
            Case {
                id: d.id,
                org,
                created,
                seeded: row_change(w.fresh(), &d, seed_hlc()),
                subjects: (None, None),
                edit: Some(vec![("title", json!("Dự thảo báo cáo (lần 2)"))]),
                deletion: vec![],
            }
        }
        Entity::Opinion | Entity::OpenOpinion => {
            let org = if own { home } else { place? };
            opinion_case(w, entity, org, own, cid, hlc)?
        }
        _ => return None,
    };
    let change = match action {
        Action::Create => Some(c.created),
        _ => {
            w.changes.push(c.seeded);
            match action {
                Action::Edit => Some(edit_change(cid, entity, c.id, c.org, c.edit?, hlc)),
                Action::Delete => {
                    let mut d = edit_change(cid, entity, c.id, c.org, c.deletion, hlc);
                    d.tombstone = delete_change(cid, entity, c.id, c.org, hlc).tombstone;
                    Some(d)
                }
                _ => None,
            }
        }
    };
    Some(Plan {
        change,
        row: c.id,
        org: c.org,
        subject: if action == Action::Create {
            c.subjects.0
        } else {
            c.subjects.1
        },
    })
}

/// A copy at `org`, sent from the actor's post when `org` is at or below it.
fn copy_case(w: &mut World, org: Id, cid: Id, hlc: Hlc) -> Case {
    let sender = match post(w) {
        Some(at)
            if matches!(
                w.relation(org, at),
                Some(Relation::Same | Relation::Descendant)
            ) =>
        {
            at
        }
        _ => org,
    };
    let batch = w.fresh();
    let created = announcement(batch, org, sender, w.actor);
    let seeded = announcement(batch, org, sender, w.other);
    Case {
        id: created.id,
        org,
        created: row_change(cid, &created, hlc),
        seeded: row_change(w.fresh(), &seeded, seed_hlc()),
        subjects: (None, None),
        edit: Some(vec![("reminders", json!(1))]),
        deletion: vec![],
    }
}

/// A receipt at `cell` of a copy sent to that cell: the actor's own, or a new
/// member's of that cell.
fn receipt_case(w: &mut World, cell: Id, own: bool, cid: Id, hlc: Hlc) -> Case {
    let reader = if own {
        w.actor
    } else {
        w.add_member("Lý Thị Hương", cell)
    };
    let a = announcement(w.fresh(), cell, cell, w.other);
    seed(w, &a);
    let r = AnnouncementRead {
        id: AnnouncementRead::row_id(a.id, reader),
        org_id: cell,
        announcement_id: a.id,
        member_id: reader,
        read_ms: 0,
    };
    Case {
        id: r.id,
        org: cell,
        created: row_change(cid, &r, hlc),
        seeded: row_change(w.fresh(), &r, seed_hlc()),
        subjects: (Some(reader), Some(reader)),
        edit: None,
        deletion: vec![],
    }
}

/// A comment at `org` on a copy (or a meeting) of `org`: the actor's when created or
/// own, someone else's otherwise.
fn comment_case(w: &mut World, entity: Entity, org: Id, own: bool, cid: Id, hlc: Hlc) -> Case {
    let target = if entity == Entity::MeetingComment {
        let m = Meeting {
            id: w.fresh(),
            org_id: org,
            kind: MeetingKind::Regular,
            topic: "Sinh hoạt chi bộ thường kỳ".into(),
            starts_at: 1_765_000_000_000,
            ends_at: 1_765_007_200_000,
            place: "Hội trường".into(),
            chair_id: None,
            minute_taker_id: None,
            agenda: vec!["Thông tin thời sự".into()],
            materials: vec![],
            invited: vec![],
            guests: vec![],
            status: MeetingStatus::Planned,
            note: String::new(),
        };
        seed(w, &m);
        (TargetKind::Meeting, m.id)
    } else {
        let a = announcement(w.fresh(), org, org, w.other);
        seed(w, &a);
        (TargetKind::Announcement, a.id)
    };
    let id = w.fresh();
    let c = |author| Comment {
        id,
        org_id: org,
        target_kind: target.0,
        target_id: target.1,
        reply_to: None,
        author_id: author,
        body: "Nhất trí với nội dung thông báo.".into(),
        hidden_reason: String::new(),
        written_ms: 0,
        edited_ms: 0,
    };
    let stored_author = if own { w.actor } else { w.other };
    let (created, seeded) = if entity == Entity::MeetingComment {
        (
            row_change(cid, &MeetingComment(c(w.actor)), hlc),
            row_change(w.fresh(), &MeetingComment(c(stored_author)), seed_hlc()),
        )
    } else {
        (
            row_change(cid, &c(w.actor), hlc),
            row_change(w.fresh(), &c(stored_author), seed_hlc()),
        )
    };
    let mut deletion: Fields = vec![("body", json!(""))];
    if !own {
        deletion.push(("hidden_reason", json!("Nội dung không phù hợp")));
    }
    Case {
        id,
        org,
        created,
        seeded,
        subjects: (Some(w.actor), Some(stored_author)),
        edit: Some(vec![("body", json!("Đề nghị bổ sung địa điểm."))]),
        deletion,
    }
}

/// A question at `org` (the actor's own at their cell, or a member's living at or
/// below `org`), or the answer to it by the actor.
fn question_case(
    w: &mut World,
    entity: Entity,
    org: Id,
    own: bool,
    cid: Id,
    hlc: Hlc,
) -> Option<Case> {
    let asker = if own {
        w.actor
    } else {
        let cell = cell_under(w, org)?;
        w.add_member("Mai Văn Phúc", cell)
    };
    let q = Question {
        id: w.fresh(),
        org_id: org,
        asker_id: asker,
        body: "Chi bộ có được thu thêm quỹ ngoài đảng phí không?".into(),
        asked_ms: 0,
    };
    if entity == Entity::Question {
        return Some(Case {
            id: q.id,
            org,
            created: row_change(cid, &q, hlc),
            seeded: row_change(w.fresh(), &q, seed_hlc()),
            subjects: (Some(asker), Some(asker)),
            edit: None,
            deletion: vec![],
        });
    }
    seed(w, &q);
    let a = |by| Answer {
        id: Answer::row_id(q.id),
        org_id: org,
        question_id: q.id,
        asker_id: asker,
        answered_by: by,
        body: "Theo Quy định, chi bộ được lập quỹ khi đảng viên tự nguyện.".into(),
        answered_ms: 0,
    };
    Some(Case {
        id: a(w.actor).id,
        org,
        created: row_change(cid, &a(w.actor), hlc),
        seeded: row_change(w.fresh(), &a(w.other), seed_hlc()),
        subjects: (Some(asker), Some(asker)),
        edit: Some(vec![
            ("body", json!("Xem hướng dẫn của Ban Tổ chức.")),
            ("answered_by", json!(w.actor)),
        ]),
        deletion: vec![],
    })
}

/// An opinion on a draft of `org` that takes this kind: the actor's own at their cell,
/// or a member's living at or below `org` (whoever pushes it).
fn opinion_case(
    w: &mut World,
    entity: Entity,
    org: Id,
    own: bool,
    cid: Id,
    hlc: Hlc,
) -> Option<Case> {
    let author = if own {
        w.actor
    } else {
        let cell = cell_under(w, org)?;
        w.add_member("Trịnh Thị Yến", cell)
    };
    let other = w.other;
    let d = draft(w, org, entity == Entity::OpenOpinion, other);
    seed(w, &d);
    let o = Opinion {
        id: Opinion::row_id(d.id, "1", author),
        org_id: org,
        draft_id: d.id,
        section_key: "1".into(),
        author_id: author,
        body: "Đề nghị làm rõ nguyên nhân hạn chế.".into(),
        written_ms: 0,
    };
    let (created, seeded) = if entity == Entity::OpenOpinion {
        (
            row_change(cid, &OpenOpinion(o.clone()), hlc),
            row_change(w.fresh(), &OpenOpinion(o.clone()), seed_hlc()),
        )
    } else {
        (
            row_change(cid, &o, hlc),
            row_change(w.fresh(), &o, seed_hlc()),
        )
    };
    Some(Case {
        id: o.id,
        org,
        created,
        seeded,
        subjects: (Some(author), Some(author)),
        edit: Some(vec![("body", json!("Đề nghị bổ sung số liệu."))]),
        deletion: vec![],
    })
}
