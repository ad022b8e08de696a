//! The tasks screens' pure rules, apart from Yew so they are tested natively: the
//! assignment form ("Giao nhiệm vụ", every missing field named at once), the progress
//! report form, the edit of title and due date, the order of "Của tôi", the grouping of
//! "Đã giao" by assignment, and what Home's card counts as due.

use sotay_model::entities::{Member, MemberStatus, Organisation};
use sotay_model::ids::Id;
use sotay_model::tasks::api::{NewReport, NewTask, TaskCard, TaskPatch};
use sotay_model::tasks::{Priority, SourceKind, Task, TaskStatus};
use sotay_model::vn::{fold, parse_date, show_date};

/// What is wrong with a form, one entry per problem (shown all at once).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormError {
    NeedOrg,
    NeedTitle,
    NeedDue,
    BadDue,
    BadStart,
    DueBeforeStart,
    NeedAssignee,
    NeedDocument,
    BadPercent,
    NeedReportText,
    NothingChanged,
}

/// Where the task comes from, as the form offers it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SourceChoice {
    #[default]
    Free,
    Document,
}

/// The assignment form as typed: dates as dd/MM/yyyy.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TaskForm {
    pub assigner: Option<Id>,
    pub title: String,
    pub content: String,
    pub source: SourceChoice,
    pub source_text: String,
    pub document: Option<(Id, String)>,
    pub start: String,
    pub due: String,
    pub priority: Priority,
    /// Chosen members, with their names for the chips.
    pub members: Vec<(Id, String)>,
    /// Chosen lower organisations.
    pub orgs: Vec<(Id, String)>,
    /// The organisation task this one splits.
    pub parent_id: Option<Id>,
}

impl TaskForm {
    /// The request, or every problem at once.
    pub fn to_new(&self) -> Result<NewTask, Vec<FormError>> {
        let mut errs = vec![];
        if self.assigner.is_none() {
            errs.push(FormError::NeedOrg);
        }
        let title = self.title.trim();
        if title.is_empty() {
            errs.push(FormError::NeedTitle);
        }
        let start = if self.start.trim().is_empty() {
            None
        } else {
            let s = parse_date(&self.start);
            if s.is_none() {
                errs.push(FormError::BadStart);
            }
            s
        };
        let due = if self.due.trim().is_empty() {
            errs.push(FormError::NeedDue);
            None
        } else {
            let d = parse_date(&self.due);
            if d.is_none() {
                errs.push(FormError::BadDue);
            }
            d
        };
        if let (Some(s), Some(d)) = (&start, &due) {
            if d < s {
                errs.push(FormError::DueBeforeStart);
            }
        }
        if self.members.is_empty() && self.orgs.is_empty() {
            errs.push(FormError::NeedAssignee);
        }
        if self.source == SourceChoice::Document && self.document.is_none() {
            errs.push(FormError::NeedDocument);
        }
        let Some(assigner_org_id) = self.assigner.filter(|_| errs.is_empty()) else {
            return Err(errs);
        };
        let (source_kind, source_id, source_text) = match (&self.source, &self.document) {
            (SourceChoice::Document, Some((id, label))) => {
                (SourceKind::Document, Some(*id), label.clone())
            }
            _ => (SourceKind::Free, None, self.source_text.trim().to_string()),
        };
        Ok(NewTask {
            assigner_org_id,
            title: title.to_string(),
            content: self.content.trim().to_string(),
            source_kind,
            source_id,
            source_text,
            start_date: start,
            due_date: due.unwrap_or_default(),
            priority: self.priority,
            members: self.members.iter().map(|m| m.0).collect(),
            orgs: self.orgs.iter().map(|o| o.0).collect(),
            parent_id: self.parent_id,
        })
    }

    /// Add or remove a member assignee.
    pub fn toggle_member(&mut self, id: Id, name: &str) {
        toggle(&mut self.members, id, name);
    }

    pub fn toggle_org(&mut self, id: Id, name: &str) {
        toggle(&mut self.orgs, id, name);
    }
}

fn toggle(list: &mut Vec<(Id, String)>, id: Id, name: &str) {
    if let Some(i) = list.iter().position(|(x, _)| *x == id) {
        list.remove(i);
    } else {
        list.push((id, name.to_string()));
    }
}

/// Whom an assignment may go to, found by a typed query (diacritics ignored): the
/// organisations below `assigner` first, then live members of it and below, at most
/// `limit` in all. An empty query finds nobody (a province has thousands).
pub fn find_assignees<'a>(
    query: &str,
    assigner: Id,
    orgs: &'a [Organisation],
    members: &'a [Member],
    limit: usize,
) -> (Vec<&'a Organisation>, Vec<&'a Member>) {
    let q = fold(query.trim());
    if q.is_empty() {
        return (vec![], vec![]);
    }
    let below: Vec<&Organisation> = orgs
        .iter()
        .filter(|o| o.id != assigner && crate::tree::ancestors(orgs, o.id).contains(&assigner))
        .filter(|o| fold(&o.name).contains(&q))
        .take(limit)
        .collect();
    let people: Vec<&Member> = members
        .iter()
        .filter(|m| matches!(m.status, MemberStatus::Full | MemberStatus::Probationary))
        .filter(|m| fold(&m.full_name).contains(&q) || m.card_no.contains(query.trim()))
        .take(limit.saturating_sub(below.len()))
        .collect();
    (below, people)
}

/// A progress report as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportForm {
    pub percent: String,
    pub finished: bool,
    pub done: String,
    pub difficulties: String,
    pub proposals: String,
}

impl ReportForm {
    /// Starts from the latest percent, so a report moves it on from there.
    pub fn from_percent(p: u8) -> ReportForm {
        ReportForm {
            percent: p.to_string(),
            ..Default::default()
        }
    }

    /// Ticking "đã hoàn thành" means all of it is done.
    pub fn set_finished(&mut self, finished: bool) {
        self.finished = finished;
        if finished {
            self.percent = "100".into();
        }
    }

    pub fn to_new(&self, task_id: Id) -> Result<NewReport, Vec<FormError>> {
        let mut errs = vec![];
        let percent = match self
            .percent
            .trim()
            .trim_end_matches('%')
            .trim()
            .parse::<u8>()
        {
            Ok(p) if p <= 100 => Some(p),
            _ => {
                errs.push(FormError::BadPercent);
                None
            }
        };
        let (done, difficulties, proposals) = (
            self.done.trim(),
            self.difficulties.trim(),
            self.proposals.trim(),
        );
        if done.is_empty() && difficulties.is_empty() && proposals.is_empty() && !self.finished {
            errs.push(FormError::NeedReportText);
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(NewReport {
            task_id,
            percent: percent.unwrap_or_default(),
            finished: self.finished,
            done: done.to_string(),
            difficulties: difficulties.to_string(),
            proposals: proposals.to_string(),
        })
    }
}

/// The assigner's edit of title and due date.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EditForm {
    pub title: String,
    pub due: String,
}

impl EditForm {
    pub fn of(t: &Task) -> EditForm {
        EditForm {
            title: t.title.clone(),
            due: show_date(&t.due_date),
        }
    }

    /// Only what changed.
    pub fn to_patch(&self, t: &Task) -> Result<TaskPatch, Vec<FormError>> {
        let mut errs = vec![];
        let title = self.title.trim();
        if title.is_empty() {
            errs.push(FormError::NeedTitle);
        }
        let due = if self.due.trim().is_empty() {
            errs.push(FormError::NeedDue);
            None
        } else {
            let d = parse_date(&self.due);
            match &d {
                None => errs.push(FormError::BadDue),
                Some(d) if *d < t.start_date => errs.push(FormError::DueBeforeStart),
                _ => {}
            }
            d
        };
        if !errs.is_empty() {
            return Err(errs);
        }
        let patch = TaskPatch {
            title: (title != t.title).then(|| title.to_string()),
            due_date: due.filter(|d| *d != t.due_date),
            ..Default::default()
        };
        if patch == TaskPatch::default() {
            return Err(vec![FormError::NothingChanged]);
        }
        Ok(patch)
    }
}

/// "Của tôi": overdue first, then open tasks by due date (soonest first), done last.
pub fn order_mine(cards: &mut [TaskCard]) {
    cards.sort_by(|a, b| {
        let rank = |c: &TaskCard| match (c.state.overdue, c.state.status) {
            (true, _) => 0,
            (_, TaskStatus::Done) => 2,
            _ => 1,
        };
        rank(a)
            .cmp(&rank(b))
            .then_with(|| a.task.due_date.cmp(&b.task.due_date))
            .then_with(|| a.task.title.cmp(&b.task.title))
    });
}

/// One assignment of "Đã giao": its copies, one per assignee.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub group_id: Id,
    pub cards: Vec<TaskCard>,
}

impl Group {
    pub fn first(&self) -> &Task {
        &self.cards[0].task
    }
}

/// Group "Đã giao" by assignment; groups by due date, soonest first.
pub fn group_assigned(cards: Vec<TaskCard>) -> Vec<Group> {
    let mut groups: Vec<Group> = vec![];
    for c in cards {
        match groups.iter_mut().find(|g| g.group_id == c.task.group_id) {
            Some(g) => g.cards.push(c),
            None => groups.push(Group {
                group_id: c.task.group_id,
                cards: vec![c],
            }),
        }
    }
    for g in &mut groups {
        g.cards
            .sort_by(|a, b| sotay_model::vn::compare_names(&a.assignee_name, &b.assignee_name));
    }
    groups.sort_by(|a, b| {
        a.first()
            .due_date
            .cmp(&b.first().due_date)
            .then_with(|| a.first().title.cmp(&b.first().title))
    });
    groups
}

/// Days since 1970-01-01 of an ISO date.
fn day_number(iso: &str) -> Option<i64> {
    let y: i64 = iso.get(0..4)?.parse().ok()?;
    let m: i64 = iso.get(5..7)?.parse().ok()?;
    let d: i64 = iso.get(8..10)?.parse().ok()?;
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Home's "Nhiệm vụ đến hạn": the user's tasks not done that are overdue or due
/// within `days` of `today`, in the order of "Của tôi".
pub fn due_soon(mut cards: Vec<TaskCard>, today: &str, days: i64) -> Vec<TaskCard> {
    let Some(t) = day_number(today) else {
        return vec![];
    };
    cards.retain(|c| {
        c.state.status != TaskStatus::Done
            && (c.state.overdue || day_number(&c.task.due_date).is_some_and(|d| d - t <= days))
    });
    order_mine(&mut cards);
    cards
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
