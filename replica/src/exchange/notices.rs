//! What the notifier raises since it last asked (`ExchangeNotices`): announcements
//! that reached this member and are still unread, reminders of unread ones, answers
//! to their questions and replies to their comments. Times are the stamps of the rows
//! (when the sender wrote them), like everything the exchange shows.

use super::announcements::has_read;
use super::{gist, me_and_cell, typed};
use crate::administration::organisations::OrgTree;
use crate::calls::{Cx, Local};
use sotay_model::api::ApiError;
use sotay_model::exchange::api::{Notice, NoticeKind, Notices};
use sotay_model::exchange::requests::ExchangeNotices;
use sotay_model::exchange::{
    Announcement, Answer, Comment, CommentTarget, MeetingComment, Question,
};
use sotay_model::Id;
use std::collections::HashSet;

impl Local for ExchangeNotices {
    fn local(self, cx: &mut Cx<'_>) -> Result<Notices, ApiError> {
        let (me, cell) = me_and_cell(cx.db)?;
        let since = self.since_ms;
        let mine = OrgTree::load(cx.db)?.chain(cell);
        let mut notices = Vec::new();

        let all: Vec<Announcement> = typed(cx.db, "r.entity = 'announcement'", [])?;
        for a in all
            .iter()
            .filter(|a| mine.contains(&a.org_id) && a.sent_by != me)
        {
            if has_read(cx.db, a.id, me)? {
                continue;
            }
            if a.sent_ms > since {
                notices.push(Notice {
                    kind: NoticeKind::Announcement,
                    id: a.id,
                    title: a.title.clone(),
                    at_ms: a.sent_ms,
                    target: None,
                });
            } else if a.reminders > 0 && a.reminded_ms > since {
                notices.push(Notice {
                    kind: NoticeKind::Reminder,
                    id: a.id,
                    title: a.title.clone(),
                    at_ms: a.reminded_ms,
                    target: None,
                });
            }
        }

        let asked: Vec<Question> = typed(
            cx.db,
            "r.entity = 'question' AND r.member_id = ?1",
            [me.to_string()],
        )?;
        for q in asked {
            if let Some(a) = cx.db.live_typed::<Answer>(Answer::row_id(q.id))? {
                if a.answered_ms > since {
                    notices.push(Notice {
                        kind: NoticeKind::Answer,
                        id: q.id,
                        title: gist(&q.body),
                        at_ms: a.answered_ms,
                        target: None,
                    });
                }
            }
        }

        let mut comments: Vec<Comment> = typed(cx.db, "r.entity = 'comment'", [])?;
        comments.extend(
            typed::<MeetingComment, _>(cx.db, "r.entity = 'meeting_comment'", [])?
                .into_iter()
                .map(|c| c.0),
        );
        let written: HashSet<Id> = comments
            .iter()
            .filter(|c| c.author_id == me)
            .map(|c| c.id)
            .collect();
        for c in &comments {
            let to_me = c.reply_to.is_some_and(|r| written.contains(&r));
            if to_me && c.author_id != me && c.written_ms > since {
                notices.push(Notice {
                    kind: NoticeKind::Reply,
                    id: c.id,
                    title: gist(&c.body),
                    at_ms: c.written_ms,
                    target: Some(CommentTarget {
                        kind: c.target_kind,
                        id: c.target_id,
                    }),
                });
            }
        }
        notices.sort_by_key(|n| (n.at_ms, n.id));
        Ok(Notices { notices })
    }
}
