//! The library (issue 5) in the UI: its screens (`screens`), Api calls (`client`)
//! and strings (`strings`), and here the pure logic of the screens: file sizes, the
//! issuer and year filters gathered from what the lists showed, the add-document
//! form's checks, and the order of the study list.

pub mod client;
pub mod screens;
pub mod strings;
pub mod upload;

use crate::i18n::Lang;
use crate::library::strings::L;
use sotay_model::ids::Id;
use sotay_model::library::documents::{DocKind, DocStatus};
use sotay_model::library::{AssignmentInfo, DocumentCard, NewDocument};
use std::collections::BTreeMap;

/// Documents per page of the list and steps of the search's result count.
pub const PAGE: u32 = 20;
/// The search answers at most this many hits.
pub const MAX_HITS: u32 = 200;

/// `1,2 MB` (Vietnamese decimal comma) or `1.2 MB`; whole bytes under a kilobyte.
pub fn show_size(lang: Lang, bytes: u64) -> String {
    let (value, unit) = match bytes {
        b if b < 1024 => return format!("{b} B"),
        b if b < 1024 * 1024 => (b as f64 / 1024.0, "KB"),
        b if b < 1024 * 1024 * 1024 => (b as f64 / (1024.0 * 1024.0), "MB"),
        b => (b as f64 / (1024.0 * 1024.0 * 1024.0), "GB"),
    };
    let text = format!("{value:.1}");
    let text = match lang {
        Lang::Vi => text.replace('.', ","),
        Lang::En => text,
    };
    format!("{text} {unit}")
}

/// The issuers (organisation id → printed name) and years seen in every list answer,
/// so a filter's choices do not vanish when another filter narrows the list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilterChoices {
    pub issuers: BTreeMap<Id, String>,
    pub years: Vec<u16>,
}

impl FilterChoices {
    pub fn add(&mut self, docs: &[DocumentCard]) {
        for d in docs {
            self.issuers
                .entry(d.org_id)
                .or_insert_with(|| d.issuer.clone());
            if let Some(y) = year_of(&d.issued_on) {
                if !self.years.contains(&y) {
                    self.years.push(y);
                }
            }
        }
        // Newest year first, as the list is.
        self.years.sort_unstable_by(|a, b| b.cmp(a));
    }

    /// Issuers sorted by their printed name the Vietnamese way.
    pub fn issuers_sorted(&self) -> Vec<(Id, String)> {
        let mut out: Vec<(Id, String)> = self
            .issuers
            .iter()
            .map(|(id, name)| (*id, name.clone()))
            .collect();
        out.sort_by(|a, b| sotay_model::vn::compare(&a.1, &b.1));
        out
    }
}

pub fn year_of(iso: &str) -> Option<u16> {
    iso.get(0..4).and_then(|y| y.parse().ok())
}

/// What the add-document form holds, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct DocForm {
    pub kind: DocKind,
    pub number: String,
    pub title: String,
    pub org_id: Option<Id>,
    pub issuer: String,
    /// `dd/MM/yyyy` as typed.
    pub issued_on: String,
    pub status: DocStatus,
    pub summary: String,
    pub body: String,
    /// `;`-separated.
    pub topics: String,
}

impl Default for DocForm {
    fn default() -> DocForm {
        DocForm {
            kind: DocKind::Resolution,
            number: String::new(),
            title: String::new(),
            org_id: None,
            issuer: String::new(),
            issued_on: String::new(),
            status: DocStatus::InForce,
            summary: String::new(),
            body: String::new(),
            topics: String::new(),
        }
    }
}

impl DocForm {
    /// The request to send, or every problem found (the replica checks again, the
    /// server judges at sync).
    pub fn check(&self) -> Result<NewDocument, Vec<L>> {
        let mut errors = vec![];
        let trimmed = |s: &str| s.trim().to_string();
        if self.number.trim().is_empty() {
            errors.push(L::ErrNumber);
        }
        if self.title.trim().is_empty() {
            errors.push(L::ErrTitle);
        }
        if self.issuer.trim().is_empty() {
            errors.push(L::ErrIssuer);
        }
        let date = sotay_model::vn::parse_date(&self.issued_on);
        if date.is_none() {
            errors.push(L::ErrDate);
        }
        if self.org_id.is_none() {
            errors.push(L::ErrOrg);
        }
        match (date, self.org_id) {
            (Some(issued_on), Some(org_id)) if errors.is_empty() => Ok(NewDocument {
                kind: self.kind,
                number: trimmed(&self.number),
                title: trimmed(&self.title),
                org_id,
                issuer: trimmed(&self.issuer),
                issued_on,
                status: self.status,
                summary: trimmed(&self.summary),
                body: self.body.trim_end().to_string(),
                topics: split_topics(&self.topics),
            }),
            _ => Err(errors),
        }
    }
}

/// The search's count line, "12 kết quả, phù hợp nhất trước"; none for no hits, where
/// the screen says that nothing was found instead.
pub fn results_line(lang: Lang, hits: usize) -> Option<String> {
    (hits > 0).then(|| strings::ltf(lang, L::ResultsShown, &[&hits.to_string()]))
}

/// `chuyển đổi số; khoa học ;;` → `["chuyển đổi số", "khoa học"]`.
pub fn split_topics(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// The study list for a member: not yet studied first, then soonest due.
pub fn study_order(mut list: Vec<AssignmentInfo>) -> Vec<AssignmentInfo> {
    list.sort_by(|a, b| {
        a.finished_by_me
            .cmp(&b.finished_by_me)
            .then_with(|| a.due_on.cmp(&b.due_on))
    });
    list
}

/// Whether a due date (`yyyy-mm-dd`) has passed on `today` (`yyyy-mm-dd`).
pub fn overdue(due_on: &str, today: &str) -> bool {
    due_on < today
}

/// The paragraphs of a full text: blank lines or single line breaks both separate.
pub fn paragraphs(body: &str) -> Vec<&str> {
    body.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

#[cfg(test)]
mod tests;
