//! Questions to a committee: a member asks their cell's committee or one above it,
//! privately; the committee asked (its committee and office) answers and may publish
//! the question and answer, without the asker, to its FAQ, which members search with
//! the library's Vietnamese word folding (accents optional).

use super::{forbidden, me_and_cell, named, office_orgs, required, typed};
use crate::administration::organisations::OrgTree;
use crate::calls::{Cx, Local};
use crate::db::Db;
use crate::error::{invalid, not_found};
use crate::library::search::folded_words;
use crate::meetings::{me, member_name, org_name};
use sotay_model::api::ApiError;
use sotay_model::exchange::api::{QuestionView, Questions};
use sotay_model::exchange::question::{MAX_ANSWER, MAX_QUESTION};
use sotay_model::exchange::requests::{
    AnswerQuestion, AskQuestion, ListQuestions, PublishFaq, SearchFaq, UnpublishFaq,
};
use sotay_model::exchange::{Answer, FaqEntry, Question};
use sotay_model::row::Row;
use sotay_model::{Entity, Id};

fn question(db: &Db, id: Id) -> Result<Question, ApiError> {
    db.live_typed::<Question>(id)?
        .ok_or_else(|| not_found("Không tìm thấy câu hỏi này trên máy"))
}

fn must_be_office(db: &Db, org: Id, message: &str) -> Result<(), ApiError> {
    if office_orgs(db)?.contains(&org) {
        Ok(())
    } else {
        Err(forbidden(message))
    }
}

fn question_text(s: &str) -> Result<String, ApiError> {
    required(s, MAX_QUESTION, "Hãy nhập câu hỏi", "Câu hỏi")
}

fn answer_text(s: &str) -> Result<String, ApiError> {
    required(s, MAX_ANSWER, "Hãy nhập câu trả lời", "Câu trả lời")
}

impl Local for AskQuestion {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let (me, cell) = me_and_cell(cx.db)?;
        if !OrgTree::load(cx.db)?.chain(cell).contains(&self.org_id) {
            return Err(forbidden(
                "Đồng chí chỉ hỏi được cấp ủy chi bộ mình hoặc cấp ủy cấp trên",
            ));
        }
        let q = Question {
            id: cx.env.new_id(),
            org_id: self.org_id,
            asker_id: me,
            body: question_text(&self.body)?,
            asked_ms: 0,
        };
        cx.db
            .commit_local(cx.env, Entity::Question, q.id, q.to_fields(), false)?;
        Ok(q.id)
    }
}

impl Local for AnswerQuestion {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let me = me(cx.db)?;
        let q = question(cx.db, self.question_id)?;
        must_be_office(
            cx.db,
            q.org_id,
            "Chỉ cấp ủy, văn phòng của tổ chức được hỏi mới trả lời câu hỏi",
        )?;
        let a = Answer {
            id: Answer::row_id(q.id),
            org_id: q.org_id,
            question_id: q.id,
            asker_id: q.asker_id,
            answered_by: me,
            body: answer_text(&self.body)?,
            answered_ms: 0,
        };
        cx.db.save(cx.env, &a)?;
        Ok(())
    }
}

impl Local for PublishFaq {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        must_be_office(
            cx.db,
            self.org_id,
            "Chỉ cấp ủy, văn phòng của tổ chức mới công bố hỏi đáp",
        )?;
        let mut from = self.question_id;
        if let Some(q) = from {
            if question(cx.db, q)?.org_id != self.org_id {
                return Err(invalid("Câu hỏi này không gửi đến tổ chức công bố hỏi đáp"));
            }
            // The entry of a question, once taken down, is deleted for good (its id
            // is the question's): published again, it is an entry of its own.
            if cx
                .db
                .row(FaqEntry::row_id(q))?
                .is_some_and(|r| r.tombstone.is_some())
            {
                from = None;
            }
        }
        let e = FaqEntry {
            id: from.map_or_else(|| cx.env.new_id(), FaqEntry::row_id),
            org_id: self.org_id,
            question_id: from,
            question: question_text(&self.question)?,
            answer: answer_text(&self.answer)?,
            published_ms: 0,
        };
        cx.db.save(cx.env, &e)
    }
}

impl Local for UnpublishFaq {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let e = cx
            .db
            .live_typed::<FaqEntry>(self.id)?
            .ok_or_else(|| not_found("Không tìm thấy mục hỏi đáp này trên máy"))?;
        must_be_office(
            cx.db,
            e.org_id,
            "Chỉ cấp ủy, văn phòng của tổ chức mới gỡ hỏi đáp đã công bố",
        )?;
        cx.db
            .commit_local(cx.env, Entity::FaqEntry, e.id, Vec::new(), true)?;
        Ok(())
    }
}

fn view(db: &Db, q: Question, me: Id) -> Result<QuestionView, ApiError> {
    let faq = FaqEntry::row_id(q.id);
    Ok(QuestionView {
        asker_name: if q.asker_id == me {
            String::new()
        } else {
            member_name(db, Some(q.asker_id))
        },
        org_name: org_name(db, q.org_id),
        answer: db.live_typed::<Answer>(Answer::row_id(q.id))?,
        faq_id: db.live_typed::<FaqEntry>(faq)?.map(|_| faq),
        question: q,
    })
}

impl Local for ListQuestions {
    fn local(self, cx: &mut Cx<'_>) -> Result<Questions, ApiError> {
        let (me, cell) = me_and_cell(cx.db)?;
        let offices = office_orgs(cx.db)?;
        let all: Vec<Question> = typed(cx.db, "r.entity = 'question'", [])?;
        let (mut mine, mut to_answer) = (Vec::new(), Vec::new());
        for q in all {
            if q.asker_id == me {
                mine.push(view(cx.db, q.clone(), me)?);
            }
            if offices.contains(&q.org_id) {
                to_answer.push(view(cx.db, q, me)?);
            }
        }
        let newest = |a: &QuestionView, b: &QuestionView| {
            b.question
                .asked_ms
                .cmp(&a.question.asked_ms)
                .then(a.question.id.cmp(&b.question.id))
        };
        mine.sort_by(newest);
        to_answer.sort_by(|a, b| {
            a.answer
                .is_some()
                .cmp(&b.answer.is_some())
                .then_with(|| newest(a, b))
        });
        let chain = OrgTree::load(cx.db)?.chain(cell);
        Ok(Questions {
            mine,
            to_answer,
            may_ask: named(cx.db, &chain),
        })
    }
}

/// Whether every folded word of the query is a word of the text, the last one as
/// the start of a word (the query may still be being typed).
fn matches(query: &[String], words: &[String]) -> bool {
    query.iter().enumerate().all(|(i, q)| {
        if i + 1 == query.len() {
            words.iter().any(|w| w.starts_with(q.as_str()))
        } else {
            words.iter().any(|w| w == q)
        }
    })
}

impl Local for SearchFaq {
    fn local(self, cx: &mut Cx<'_>) -> Result<Vec<FaqEntry>, ApiError> {
        let mut all: Vec<FaqEntry> = typed(cx.db, "r.entity = 'faq_entry'", [])?;
        all.sort_by(|a, b| b.published_ms.cmp(&a.published_ms).then(a.id.cmp(&b.id)));
        let query = folded_words(&self.query);
        if query.is_empty() {
            return Ok(all);
        }
        // Those whose question matches come before those matched by their answer.
        let (mut by_question, mut by_answer) = (Vec::new(), Vec::new());
        for e in all {
            let q = folded_words(&e.question);
            let mut both = q.clone();
            both.extend(folded_words(&e.answer));
            if matches(&query, &q) {
                by_question.push(e);
            } else if matches(&query, &both) {
                by_answer.push(e);
            }
        }
        by_question.extend(by_answer);
        Ok(by_question)
    }
}
