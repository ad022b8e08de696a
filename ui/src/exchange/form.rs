//! The exchange screens' pure rules (issue 16), apart from Yew so they are tested
//! natively: "Gửi thông báo" and "Mở lấy ý kiến" naming every problem at once, the
//! texts of a comment, a reason, a question, an answer and an opinion, a thread's
//! replies nested under what they answer, and how far the notices have been shown.

use sotay_model::exchange::announcement::{MAX_BODY, MAX_TITLE};
use sotay_model::exchange::api::{CommentView, Notice};
use sotay_model::exchange::comment::{MAX_COMMENT, MAX_REASON};
use sotay_model::exchange::draft::{MAX_OPINION, MAX_SECTIONS, MAX_SECTION_TEXT};
use sotay_model::exchange::question::{MAX_ANSWER, MAX_QUESTION};
use sotay_model::exchange::requests::{CreateAnnouncement, GiveOpinion, OpenDraft, PublishFaq};
use sotay_model::exchange::DraftSection;
use sotay_model::ids::Id;
use sotay_model::vn::parse_date;
use std::collections::{HashMap, HashSet};

/// A problem of a form, named at once under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormError {
    NeedOrg,
    NeedTitle,
    TitleTooLong,
    BodyTooLong,
    NeedRecipients,
    BadDate,
    PastDate,
    NeedText,
    /// Longer than the model allows (the most, in characters).
    TextTooLong(usize),
    NeedReason,
    NeedSection,
    TooManySections,
    /// The section at this place (from 1) has no key, or one over 20 characters.
    SectionKey(usize),
    SectionTitle(usize),
    SectionTooLong(usize),
    SameKey(String),
    NeedDeadline,
    BadDeadline,
    PastDeadline,
    NeedQuestion,
    NeedAnswer,
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// A required text, trimmed, within `max` characters.
pub fn text_of(s: &str, max: usize) -> Result<String, FormError> {
    let t = s.trim();
    if t.is_empty() {
        Err(FormError::NeedText)
    } else if chars(t) > max {
        Err(FormError::TextTooLong(max))
    } else {
        Ok(t.to_string())
    }
}

pub fn comment_body(s: &str) -> Result<String, FormError> {
    text_of(s, MAX_COMMENT)
}

/// Why a committee hides a comment: required (the audit log keeps it).
pub fn hide_reason(s: &str) -> Result<String, FormError> {
    text_of(s, MAX_REASON).map_err(|e| match e {
        FormError::NeedText => FormError::NeedReason,
        other => other,
    })
}

pub fn question_body(s: &str) -> Result<String, FormError> {
    text_of(s, MAX_QUESTION)
}

pub fn answer_body(s: &str) -> Result<String, FormError> {
    text_of(s, MAX_ANSWER)
}

/// A member's opinion on a section: empty withdraws it, so only its length is checked.
pub fn opinion(draft_id: Id, section_key: &str, body: &str) -> Result<GiveOpinion, FormError> {
    let body = body.trim();
    if chars(body) > MAX_OPINION {
        return Err(FormError::TextTooLong(MAX_OPINION));
    }
    Ok(GiveOpinion {
        draft_id,
        section_key: section_key.to_string(),
        body: body.to_string(),
    })
}

/// "Công bố": the question as the committee words it and the answer, both required.
pub fn publish(
    org_id: Id,
    question_id: Option<Id>,
    question: &str,
    answer: &str,
) -> Result<PublishFaq, Vec<FormError>> {
    let mut errs = vec![];
    let q = question.trim();
    let a = answer.trim();
    if q.is_empty() {
        errs.push(FormError::NeedQuestion);
    } else if chars(q) > MAX_QUESTION {
        errs.push(FormError::TextTooLong(MAX_QUESTION));
    }
    if a.is_empty() {
        errs.push(FormError::NeedAnswer);
    } else if chars(a) > MAX_ANSWER {
        errs.push(FormError::TextTooLong(MAX_ANSWER));
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(PublishFaq {
        org_id,
        question_id,
        question: q.to_string(),
        answer: a.to_string(),
    })
}

/// A date typed dd/MM/yyyy, optional: `Ok(None)` when empty; not before `today`
/// when the device knows the day.
fn optional_day(s: &str, today: Option<&str>) -> Result<Option<String>, FormError> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    let iso = parse_date(s).ok_or(FormError::BadDate)?;
    if today.is_some_and(|t| iso.as_str() < t) {
        return Err(FormError::PastDate);
    }
    Ok(Some(iso))
}

/// "Gửi thông báo" as typed: dates as dd/MM/yyyy.
#[derive(Clone, Debug, PartialEq)]
pub struct AnnouncementForm {
    /// The organisation sending (where the user sits on the committee or office).
    pub from: Option<Id>,
    /// To the whole subtree; otherwise to `to`.
    pub whole: bool,
    /// Chosen organisations below, with their names for the chips.
    pub to: Vec<(Id, String)>,
    pub title: String,
    pub body: String,
    pub must_read_by: String,
}

impl Default for AnnouncementForm {
    fn default() -> Self {
        AnnouncementForm {
            from: None,
            whole: true,
            to: vec![],
            title: String::new(),
            body: String::new(),
            must_read_by: String::new(),
        }
    }
}

impl AnnouncementForm {
    /// Choose an organisation below, or drop it when chosen.
    pub fn toggle(&mut self, id: Id, name: &str) {
        if let Some(i) = self.to.iter().position(|o| o.0 == id) {
            self.to.remove(i);
        } else {
            self.to.push((id, name.to_string()));
        }
    }

    /// Another sending organisation: what was chosen below the last one goes.
    pub fn set_from(&mut self, from: Option<Id>) {
        if self.from != from {
            self.to.clear();
        }
        self.from = from;
    }

    /// The request, or every problem at once.
    pub fn to_request(&self, today: Option<&str>) -> Result<CreateAnnouncement, Vec<FormError>> {
        let mut errs = vec![];
        if self.from.is_none() {
            errs.push(FormError::NeedOrg);
        }
        let title = self.title.trim();
        if title.is_empty() {
            errs.push(FormError::NeedTitle);
        } else if chars(title) > MAX_TITLE {
            errs.push(FormError::TitleTooLong);
        }
        let body = self.body.trim();
        if chars(body) > MAX_BODY {
            errs.push(FormError::BodyTooLong);
        }
        if !self.whole && self.to.is_empty() {
            errs.push(FormError::NeedRecipients);
        }
        let must_read_by = optional_day(&self.must_read_by, today).unwrap_or_else(|e| {
            errs.push(e);
            None
        });
        match self.from {
            Some(org_id) if errs.is_empty() => Ok(CreateAnnouncement {
                org_id,
                title: title.to_string(),
                body: body.to_string(),
                to_org_ids: if self.whole {
                    vec![]
                } else {
                    self.to.iter().map(|o| o.0).collect()
                },
                must_read_by,
            }),
            _ => Err(errs),
        }
    }
}

/// One section of a draft as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SectionRow {
    pub key: String,
    pub title: String,
    pub text: String,
}

/// "Mở lấy ý kiến" as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftForm {
    pub org: Option<Id>,
    pub title: String,
    pub intro: String,
    pub sections: Vec<SectionRow>,
    pub deadline: String,
    pub visible: bool,
}

impl Default for DraftForm {
    fn default() -> Self {
        DraftForm {
            org: None,
            title: String::new(),
            intro: String::new(),
            sections: vec![SectionRow {
                key: "1".into(),
                ..SectionRow::default()
            }],
            deadline: String::new(),
            visible: false,
        }
    }
}

impl DraftForm {
    /// A new section numbered after the others ("3" after two).
    pub fn add_section(&mut self) {
        let next = self.sections.len() + 1;
        self.sections.push(SectionRow {
            key: next.to_string(),
            ..SectionRow::default()
        });
    }

    pub fn remove_section(&mut self, i: usize) {
        if i < self.sections.len() {
            self.sections.remove(i);
        }
    }

    /// The request, or every problem at once (each section's by its place).
    pub fn to_request(&self, today: Option<&str>) -> Result<OpenDraft, Vec<FormError>> {
        let mut errs = vec![];
        if self.org.is_none() {
            errs.push(FormError::NeedOrg);
        }
        let title = self.title.trim();
        if title.is_empty() {
            errs.push(FormError::NeedTitle);
        } else if chars(title) > 300 {
            errs.push(FormError::TitleTooLong);
        }
        if chars(self.intro.trim()) > MAX_SECTION_TEXT {
            errs.push(FormError::BodyTooLong);
        }
        if self.sections.is_empty() {
            errs.push(FormError::NeedSection);
        } else if self.sections.len() > MAX_SECTIONS {
            errs.push(FormError::TooManySections);
        }
        let mut keys: HashSet<&str> = HashSet::new();
        for (i, s) in self.sections.iter().enumerate() {
            let (n, key) = (i + 1, s.key.trim());
            if key.is_empty() || chars(key) > 20 {
                errs.push(FormError::SectionKey(n));
            } else if !keys.insert(key) {
                errs.push(FormError::SameKey(key.to_string()));
            }
            let t = s.title.trim();
            if t.is_empty() || chars(t) > 300 {
                errs.push(FormError::SectionTitle(n));
            }
            if chars(s.text.trim()) > MAX_SECTION_TEXT {
                errs.push(FormError::SectionTooLong(n));
            }
        }
        let deadline = if self.deadline.trim().is_empty() {
            errs.push(FormError::NeedDeadline);
            None
        } else {
            match optional_day(&self.deadline, today) {
                Ok(d) => d,
                Err(FormError::PastDate) => {
                    errs.push(FormError::PastDeadline);
                    None
                }
                Err(_) => {
                    errs.push(FormError::BadDeadline);
                    None
                }
            }
        };
        match (self.org, deadline) {
            (Some(org_id), Some(deadline)) if errs.is_empty() => Ok(OpenDraft {
                org_id,
                title: title.to_string(),
                intro: self.intro.trim().to_string(),
                sections: self
                    .sections
                    .iter()
                    .map(|s| DraftSection {
                        key: s.key.trim().to_string(),
                        title: s.title.trim().to_string(),
                        text: s.text.trim().to_string(),
                    })
                    .collect(),
                deadline,
                opinions_visible: self.visible,
            }),
            _ => Err(errs),
        }
    }
}

/// The most a reply is indented (deeper replies stay at this depth).
pub const MAX_DEPTH: u8 = 3;

/// A thread in reading order: each comment followed by its replies (oldest first at
/// each level), with its depth. A reply whose comment is gone (withdrawn, hidden)
/// stands at the top level in its place in time.
pub fn thread(comments: &[CommentView]) -> Vec<(u8, &CommentView)> {
    let present: HashSet<Id> = comments.iter().map(|c| c.comment.id).collect();
    let mut replies: HashMap<Id, Vec<&CommentView>> = HashMap::new();
    let mut roots = vec![];
    for c in comments {
        match c.comment.reply_to.filter(|p| present.contains(p)) {
            Some(p) => replies.entry(p).or_default().push(c),
            None => roots.push(c),
        }
    }
    let by_time =
        |v: &mut Vec<&CommentView>| v.sort_by_key(|c| (c.comment.written_ms, c.comment.id));
    by_time(&mut roots);
    for v in replies.values_mut() {
        by_time(v);
    }
    let mut out = Vec::with_capacity(comments.len());
    let mut seen: HashSet<Id> = HashSet::new();
    // Depth-first; the stack holds what is still to show, the next on top.
    let mut stack: Vec<(u8, &CommentView)> = roots.into_iter().rev().map(|c| (0, c)).collect();
    while let Some((depth, c)) = stack.pop() {
        if !seen.insert(c.comment.id) {
            continue;
        }
        out.push((depth, c));
        if let Some(rs) = replies.get(&c.comment.id) {
            let d = (depth + 1).min(MAX_DEPTH);
            stack.extend(rs.iter().rev().map(|r| (d, *r)));
        }
    }
    out
}

/// How far before its mark the notifier asks again: a notice's time is its row's stamp
/// (when the sender wrote it), and a row written offline arrives with an older one.
pub const LOOK_BACK_MS: u64 = 7 * 24 * 3_600_000;

/// Which notices have been shown, so each shows once. The mark is the latest shown
/// (kept across starts); the notifier asks from a week before it and takes what it has
/// not seen. At the first answer of a start, those at or before the mark were there
/// before and count as seen.
#[derive(Clone, Debug, Default)]
pub struct NoticeMark {
    pub since: u64,
    seen: HashSet<(u8, Id, u64)>,
    started: bool,
}

impl NoticeMark {
    pub fn new(since: u64) -> NoticeMark {
        NoticeMark {
            since,
            ..NoticeMark::default()
        }
    }

    /// The `since_ms` to ask with.
    pub fn ask_from(&self) -> u64 {
        self.since.saturating_sub(LOOK_BACK_MS)
    }

    /// What of one answer to show; the mark moves to the latest shown, never back.
    pub fn take(&mut self, notices: Vec<Notice>) -> Vec<Notice> {
        let first = !self.started;
        self.started = true;
        let since = self.since;
        let fresh: Vec<Notice> = notices
            .into_iter()
            .filter(|n| self.seen.insert((n.kind as u8, n.id, n.at_ms)))
            .filter(|n| !(first && n.at_ms <= since))
            .collect();
        self.since = fresh.iter().map(|n| n.at_ms).fold(since, u64::max);
        let floor = self.ask_from();
        self.seen.retain(|k| k.2 > floor);
        fresh
    }
}
