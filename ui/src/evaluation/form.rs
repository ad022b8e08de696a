//! The evaluation screens' pure rules (issue 19), tested without a browser: which year
//! a screen opens at, the self-assessment form and what it still lacks, the cell's
//! proposal as edited (pre-filled from the proposal, else the member's self-rating)
//! and its share of "xuất sắc", and the order a committee's decisions go in so each
//! one stays within the share as the device checks it.

use sotay_model::evaluation::api::{EvaluationList, MemberEvaluation};
use sotay_model::evaluation::assessment::MAX_SECTION;
use sotay_model::evaluation::rating::MAX_NOTE;
use sotay_model::evaluation::requests::{ProposeRatings, RateMember, SubmitSelfAssessment};
use sotay_model::evaluation::{
    share_ok, ProposalLine, Rating, SelfAssessment, EXCELLENT_SHARE_PERCENT,
};
use sotay_model::ids::Id;

/// A problem of a form, named at once under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormError {
    NeedResults,
    TooLong,
    NeedOneRating,
    NoteTooLong,
    NeedGrade,
    /// Over the share of "xuất sắc": the model's message with the figures.
    OverShare(String),
}

/// The year a screen opens at: the year being evaluated is this one from November
/// (the year-end reviews), last year before.
pub fn default_year(year: u32, month: u32) -> u32 {
    if month >= 11 {
        year
    } else {
        year.saturating_sub(1)
    }
}

/// The years offered: from this one back four.
pub fn year_choices(this_year: u32, shown: u32) -> Vec<u32> {
    let mut ys: Vec<u32> = (0..5).map(|k| this_year.saturating_sub(k)).collect();
    if !ys.contains(&shown) {
        ys.push(shown);
        ys.sort_by(|a, b| b.cmp(a));
    }
    ys
}

/// A grade as its select value (the wire word).
pub fn rating_value(r: Rating) -> &'static str {
    match r {
        Rating::Excellent => "excellent",
        Rating::Good => "good",
        Rating::Completed => "completed",
        Rating::NotCompleted => "not_completed",
    }
}

pub fn parse_rating(s: &str) -> Option<Rating> {
    Rating::ALL.into_iter().find(|r| rating_value(*r) == s)
}

/// "xuất sắc" against "tốt" among some ratings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Share {
    pub excellent: u32,
    pub good: u32,
    /// The most "xuất sắc" the "tốt" allow.
    pub most: u32,
}

impl Share {
    pub fn of(ratings: impl IntoIterator<Item = Rating>) -> Share {
        let (mut excellent, mut good) = (0, 0);
        for r in ratings {
            match r {
                Rating::Excellent => excellent += 1,
                Rating::Good => good += 1,
                _ => {}
            }
        }
        Share {
            excellent,
            good,
            most: good * EXCELLENT_SHARE_PERCENT / 100,
        }
    }

    pub fn ok(&self) -> bool {
        self.excellent <= self.most
    }
}

/// The self-assessment form as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AssessmentForm {
    pub political: String,
    pub ethics: String,
    pub lifestyle: String,
    pub results: String,
    pub shortcomings: String,
    pub direction: String,
    /// A grade's value, or empty.
    pub self_rating: String,
}

impl AssessmentForm {
    /// Pre-filled with what the member wrote before, if anything.
    pub fn from(a: Option<&SelfAssessment>) -> AssessmentForm {
        match a {
            None => AssessmentForm::default(),
            Some(a) => AssessmentForm {
                political: a.political.clone(),
                ethics: a.ethics.clone(),
                lifestyle: a.lifestyle.clone(),
                results: a.results.clone(),
                shortcomings: a.shortcomings.clone(),
                direction: a.direction.clone(),
                self_rating: a.self_rating.map(rating_value).unwrap_or_default().into(),
            },
        }
    }

    pub fn to_request(&self, year: u32) -> Result<SubmitSelfAssessment, Vec<FormError>> {
        let mut errs = vec![];
        if self.results.trim().is_empty() {
            errs.push(FormError::NeedResults);
        }
        let sections = [
            &self.political,
            &self.ethics,
            &self.lifestyle,
            &self.results,
            &self.shortcomings,
            &self.direction,
        ];
        if sections
            .iter()
            .any(|s| s.trim().chars().count() > MAX_SECTION)
        {
            errs.push(FormError::TooLong);
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(SubmitSelfAssessment {
            year,
            political: self.political.trim().into(),
            ethics: self.ethics.trim().into(),
            lifestyle: self.lifestyle.trim().into(),
            results: self.results.trim().into(),
            shortcomings: self.shortcomings.trim().into(),
            direction: self.direction.trim().into(),
            self_rating: parse_rating(&self.self_rating),
        })
    }
}

/// One member's line of the cell's proposal as edited.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftLine {
    pub member_id: Id,
    /// A grade's value, or empty (not proposed).
    pub rating: String,
    pub note: String,
}

/// The cell's proposal as edited: every member of the cell, pre-filled with the
/// proposal made, else the member's self-rating.
pub fn proposal_draft(list: &EvaluationList) -> Vec<DraftLine> {
    list.members
        .iter()
        .map(|m| DraftLine {
            member_id: m.member_id,
            rating: m
                .proposed
                .or_else(|| m.assessment.as_ref().and_then(|a| a.self_rating))
                .map(rating_value)
                .unwrap_or_default()
                .into(),
            note: m.proposal_note.clone(),
        })
        .collect()
}

/// The share the draft would make.
pub fn draft_share(lines: &[DraftLine]) -> Share {
    Share::of(lines.iter().filter_map(|l| parse_rating(&l.rating)))
}

/// The proposal to send; members without a grade are left out (not proposed).
pub fn proposal_request(
    org_id: Id,
    year: u32,
    meeting_id: Option<Id>,
    lines: &[DraftLine],
) -> Result<ProposeRatings, Vec<FormError>> {
    let chosen: Vec<ProposalLine> = lines
        .iter()
        .filter_map(|l| {
            parse_rating(&l.rating).map(|rating| ProposalLine {
                member_id: l.member_id,
                rating,
                note: l.note.trim().into(),
            })
        })
        .collect();
    let mut errs = vec![];
    if chosen.is_empty() {
        errs.push(FormError::NeedOneRating);
    }
    if chosen.iter().any(|l| l.note.chars().count() > MAX_NOTE) {
        errs.push(FormError::NoteTooLong);
    }
    if let Err(why) = share_ok(chosen.iter().map(|l| l.rating)) {
        errs.push(FormError::OverShare(capitalised(&why)));
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(ProposeRatings {
        org_id,
        year,
        meeting_id,
        lines: chosen,
    })
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The grade a decision starts at: the one decided, else the cell's proposal.
pub fn decision_prefill(m: &MemberEvaluation) -> String {
    m.decided
        .or(m.proposed)
        .map(rating_value)
        .unwrap_or_default()
        .into()
}

pub fn decision_request(
    m: &MemberEvaluation,
    rating: &str,
    note: &str,
) -> Result<RateMember, Vec<FormError>> {
    let mut errs = vec![];
    let rating = parse_rating(rating);
    if rating.is_none() {
        errs.push(FormError::NeedGrade);
    }
    if note.trim().chars().count() > MAX_NOTE {
        errs.push(FormError::NoteTooLong);
    }
    match rating {
        Some(rating) if errs.is_empty() => Ok(RateMember {
            member_id: m.member_id,
            year: m.year,
            rating,
            note: note.trim().into(),
        }),
        _ => Err(errs),
    }
}

/// "Quyết định theo đề xuất": the undecided members with a proposal, each decided as
/// proposed, "xuất sắc" last, so that every decision, checked on its own against
/// those before it, finds the "tốt" it needs already there.
pub fn as_proposed(members: &[MemberEvaluation]) -> Vec<RateMember> {
    let mut out: Vec<RateMember> = members
        .iter()
        .filter(|m| m.decided.is_none())
        .filter_map(|m| {
            m.proposed.map(|rating| RateMember {
                member_id: m.member_id,
                year: m.year,
                rating,
                note: m.proposal_note.clone(),
            })
        })
        .collect();
    out.sort_by_key(|r| std::cmp::Reverse(r.rating));
    out
}

/// A cell's decided ratings, with one member's replaced by `rating`.
pub fn decided_share(members: &[MemberEvaluation], change: Option<(Id, Rating)>) -> Share {
    Share::of(members.iter().filter_map(|m| match change {
        Some((id, r)) if id == m.member_id => Some(r),
        _ => m.decided,
    }))
}

/// The first and the last instant of a year in Việt Nam (UTC+7), in Unix ms: the
/// window the cell's meetings of that year are asked for in.
pub fn year_window_ms(year: u32) -> (u64, u64) {
    let start = |y: u32| -> u64 {
        let days = days_from_civil(i64::from(y), 1, 1);
        let ms = days * 86_400_000 - 7 * 3_600_000;
        ms.max(0) as u64
    };
    (start(year), start(year + 1).saturating_sub(1))
}

/// Days since 1970-01-01 of a date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}
