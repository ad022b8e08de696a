//! The inspection screens' pure rules, apart from Yew so they are tested natively: the
//! programme form ("Thêm cuộc kiểm tra, giám sát"), a case note or finding, the
//! conclusion with its recommendations, the discipline form (only the forms that fit
//! the subject), and which organisations the user may act for. Every missing field is
//! named at once; dates are typed ngày/tháng/năm.

use sotay_model::entities::{Position, PositionTitle};
use sotay_model::ids::Id;
use sotay_model::inspection::requests::{
    ConcludeInspection, CreateInspection, Recommendation, RecordDiscipline, RecordFinding,
};
use sotay_model::inspection::{DisciplineForm, InspectionKind, SubjectKind};
use sotay_model::vn::parse_date;

/// What is wrong with a form, one entry per problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormError {
    NeedTitle,
    NeedSubject,
    NeedFrom,
    NeedTo,
    BadDate,
    ToBeforeFrom,
    NeedText,
    NeedConclusion,
    NeedRecFields,
    NeedDisciplineSubject,
    FormDoesNotFit,
    NeedViolation,
    NeedDecidedBy,
    NeedDecidedOn,
}

/// A required date typed ngày/tháng/năm, as ISO; records the problem otherwise.
fn required_date(s: &str, missing: FormError, errs: &mut Vec<FormError>) -> Option<String> {
    if s.trim().is_empty() {
        errs.push(missing);
        return None;
    }
    let d = parse_date(s);
    if d.is_none() {
        errs.push(FormError::BadDate);
    }
    d
}

fn toggle(list: &mut Vec<(Id, String)>, id: Id, name: &str) {
    if let Some(i) = list.iter().position(|(x, _)| *x == id) {
        list.remove(i);
    } else {
        list.push((id, name.to_string()));
    }
}

/// A programme of the plan as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgrammeForm {
    pub kind: InspectionKind,
    pub title: String,
    pub content: String,
    pub orgs: Vec<(Id, String)>,
    pub members: Vec<(Id, String)>,
    pub team: Vec<(Id, String)>,
    pub from: String,
    pub to: String,
}

impl Default for ProgrammeForm {
    fn default() -> Self {
        ProgrammeForm {
            kind: InspectionKind::ThematicSupervision,
            title: String::new(),
            content: String::new(),
            orgs: vec![],
            members: vec![],
            team: vec![],
            from: String::new(),
            to: String::new(),
        }
    }
}

impl ProgrammeForm {
    pub fn toggle_org(&mut self, id: Id, name: &str) {
        toggle(&mut self.orgs, id, name);
    }

    pub fn toggle_member(&mut self, id: Id, name: &str) {
        toggle(&mut self.members, id, name);
    }

    pub fn toggle_team(&mut self, id: Id, name: &str) {
        toggle(&mut self.team, id, name);
    }

    pub fn to_request(&self, plan_id: Id) -> Result<CreateInspection, Vec<FormError>> {
        let mut errs = vec![];
        let title = self.title.trim();
        if title.is_empty() {
            errs.push(FormError::NeedTitle);
        }
        if self.orgs.is_empty() && self.members.is_empty() {
            errs.push(FormError::NeedSubject);
        }
        let from = required_date(&self.from, FormError::NeedFrom, &mut errs);
        let to = required_date(&self.to, FormError::NeedTo, &mut errs);
        if let (Some(f), Some(t)) = (&from, &to) {
            if t < f {
                errs.push(FormError::ToBeforeFrom);
            }
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(CreateInspection {
            plan_id,
            kind: self.kind,
            title: title.to_string(),
            content: self.content.trim().to_string(),
            subject_org_ids: self.orgs.iter().map(|o| o.0).collect(),
            subject_member_ids: self.members.iter().map(|m| m.0).collect(),
            team_ids: self.team.iter().map(|m| m.0).collect(),
            from_date: from.unwrap_or_default(),
            to_date: to.unwrap_or_default(),
        })
    }
}

/// A line of the case's work (schedule, document requested or received) or a finding.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NoteForm {
    pub date: String,
    pub text: String,
    pub subject: Option<Id>,
    /// Only for a finding.
    pub violation: bool,
}

impl NoteForm {
    /// Starts on `today` (shown ngày/tháng/năm), the usual day of an entry.
    pub fn on(today_shown: &str) -> NoteForm {
        NoteForm {
            date: today_shown.to_string(),
            ..Default::default()
        }
    }

    /// The date (ISO) and text, or every problem.
    pub fn checked(&self) -> Result<(String, String), Vec<FormError>> {
        let mut errs = vec![];
        let date = required_date(&self.date, FormError::BadDate, &mut errs);
        let text = self.text.trim();
        if text.is_empty() {
            errs.push(FormError::NeedText);
        }
        match date {
            Some(d) if errs.is_empty() => Ok((d, text.to_string())),
            _ => Err(errs),
        }
    }

    pub fn to_finding(&self, inspection_id: Id) -> Result<RecordFinding, Vec<FormError>> {
        let (on_date, text) = self.checked()?;
        Ok(RecordFinding {
            inspection_id,
            subject_id: self.subject,
            text,
            violation: self.violation,
            on_date: Some(on_date),
        })
    }
}

/// One recommendation as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecForm {
    pub org: Option<Id>,
    pub title: String,
    pub due: String,
}

/// The body's conclusion as typed: its text (from the draft), the recommendations and
/// whether the subjects are told.
#[derive(Clone, Debug, PartialEq)]
pub struct ConcludeForm {
    pub conclusion: String,
    pub recs: Vec<RecForm>,
    pub notify: bool,
}

impl ConcludeForm {
    pub fn from_draft(draft: &str) -> ConcludeForm {
        ConcludeForm {
            conclusion: draft.to_string(),
            recs: vec![],
            notify: true,
        }
    }

    /// A new recommendation, for the first organisation inspected when there is one.
    pub fn add_rec(&mut self, first_org: Option<Id>) {
        self.recs.push(RecForm {
            org: first_org,
            ..Default::default()
        });
    }

    /// A recommendation left wholly empty is dropped, not an error.
    pub fn to_request(&self, inspection_id: Id) -> Result<ConcludeInspection, Vec<FormError>> {
        let mut errs = vec![];
        let conclusion = self.conclusion.trim();
        if conclusion.is_empty() {
            errs.push(FormError::NeedConclusion);
        }
        let mut recommendations = vec![];
        for r in &self.recs {
            let title = r.title.trim();
            if title.is_empty() && r.due.trim().is_empty() {
                continue;
            }
            match (r.org, parse_date(&r.due)) {
                (Some(org_id), Some(due_date)) if !title.is_empty() => {
                    recommendations.push(Recommendation {
                        org_id,
                        title: title.to_string(),
                        content: String::new(),
                        due_date,
                    })
                }
                _ => {
                    if !errs.contains(&FormError::NeedRecFields) {
                        errs.push(FormError::NeedRecFields);
                    }
                }
            }
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(ConcludeInspection {
            inspection_id,
            conclusion: conclusion.to_string(),
            recommendations,
            notify: self.notify,
        })
    }
}

/// A discipline decision as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct DisciplineDraft {
    pub subject: SubjectKind,
    pub member: Option<(Id, String)>,
    pub org: Option<Id>,
    pub form: DisciplineForm,
    pub violation: String,
    pub decided_by: Option<Id>,
    pub decided_on: String,
    pub decision_no: String,
    pub inspection_id: Option<Id>,
}

impl DisciplineDraft {
    pub fn new(decided_by: Option<Id>) -> DisciplineDraft {
        DisciplineDraft {
            subject: SubjectKind::Member,
            member: None,
            org: None,
            form: DisciplineForm::Reprimand,
            violation: String::new(),
            decided_by,
            decided_on: String::new(),
            decision_no: String::new(),
            inspection_id: None,
        }
    }

    /// The forms the chosen kind of subject may receive.
    pub fn forms(&self) -> Vec<DisciplineForm> {
        DisciplineForm::ALL
            .into_iter()
            .filter(|f| f.fits(self.subject))
            .collect()
    }

    /// Switching between a member and an organisation keeps the form only if it still
    /// fits (a dismissal does not fit an organisation).
    pub fn set_subject(&mut self, subject: SubjectKind) {
        self.subject = subject;
        if !self.form.fits(subject) {
            self.form = DisciplineForm::Reprimand;
        }
    }

    pub fn to_request(&self) -> Result<RecordDiscipline, Vec<FormError>> {
        let mut errs = vec![];
        let (member_id, org_id) = match self.subject {
            SubjectKind::Member => (self.member.as_ref().map(|m| m.0), None),
            SubjectKind::Organisation => (None, self.org),
        };
        if member_id.is_none() && org_id.is_none() {
            errs.push(FormError::NeedDisciplineSubject);
        }
        if !self.form.fits(self.subject) {
            errs.push(FormError::FormDoesNotFit);
        }
        let violation = self.violation.trim();
        if violation.is_empty() {
            errs.push(FormError::NeedViolation);
        }
        if self.decided_by.is_none() {
            errs.push(FormError::NeedDecidedBy);
        }
        let decided_on = parse_date(&self.decided_on);
        if decided_on.is_none() {
            errs.push(FormError::NeedDecidedOn);
        }
        let (Some(decided_by_org_id), Some(decided_on)) = (self.decided_by, decided_on) else {
            return Err(errs);
        };
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(RecordDiscipline {
            member_id,
            org_id,
            form: self.form,
            violation: violation.to_string(),
            decided_by_org_id,
            decided_on,
            decision_no: self.decision_no.trim().to_string(),
            inspection_id: self.inspection_id,
        })
    }
}

/// A post that reads a level's case material: its committee and inspection committee
/// (office staff never).
pub fn reads_cases(t: PositionTitle) -> bool {
    t.on_committee() || t.on_inspection_committee()
}

/// A post that works cases and records decisions: the inspection committee and the
/// committee's leaders.
pub fn writes_cases(t: PositionTitle) -> bool {
    t.on_inspection_committee()
        || matches!(t, PositionTitle::Secretary | PositionTitle::DeputySecretary)
}

/// The organisations where one of `positions` passes `allowed`, each once, in the
/// order first held.
pub fn orgs_where(positions: &[Position], allowed: fn(PositionTitle) -> bool) -> Vec<Id> {
    let mut out: Vec<Id> = vec![];
    for p in positions.iter().filter(|p| allowed(p.title)) {
        if !out.contains(&p.org_id) {
            out.push(p.org_id);
        }
    }
    out
}

/// The year of an ISO date; `fallback` when there is none (native builds).
pub fn year_of(iso: Option<&str>, fallback: u32) -> u32 {
    iso.and_then(|d| d.get(0..4))
        .and_then(|y| y.parse().ok())
        .unwrap_or(fallback)
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
