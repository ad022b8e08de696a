//! What the task screens read: the lists (mine, assigned by an organisation, an
//! organisation's subtree), one task with its history, and the committee roll-up.
//! Everything is derived from the rows held, with the device's Vietnam day as today.

use super::{get, my_posts, reports_on};
use crate::calls::{Cx, Local};
use crate::db::{rows, Db};
use crate::meetings::{me, member_name, org_name};
use sotay_model::api::ApiError;
use sotay_model::entities::Organisation;
use sotay_model::tasks::api::{OrgTaskCounts, TaskCard, TaskEvent, TaskList, TaskView};
use sotay_model::tasks::requests::{GetTask, ListTasks, TaskStats};
use sotay_model::tasks::{derive, vn_day, ProgressReport, Task, TaskCounts, TaskReview};
use sotay_model::{Entity, Id};
use std::collections::HashMap;

impl Local for ListTasks {
    fn local(self, cx: &mut Cx<'_>) -> Result<Vec<TaskCard>, ApiError> {
        let today = vn_day(cx.env.now_ms());
        list(cx.db, &today, self.view, self.org_id, self.bucket)
    }
}

impl Local for GetTask {
    fn local(self, cx: &mut Cx<'_>) -> Result<Box<TaskView>, ApiError> {
        let today = vn_day(cx.env.now_ms());
        Ok(Box::new(view(cx.db, &today, self.id)?))
    }
}

impl Local for TaskStats {
    fn local(self, cx: &mut Cx<'_>) -> Result<Vec<OrgTaskCounts>, ApiError> {
        let today = vn_day(cx.env.now_ms());
        stats(cx.db, &today, self.org_id)
    }
}

/// Every live task held.
pub(crate) fn all_tasks(db: &Db) -> Result<Vec<Task>, ApiError> {
    Ok(rows::select_live(&db.conn, "", "r.entity = 'task'", [])?
        .iter()
        .filter_map(|r| Task::from_row(r).ok())
        .collect())
}

/// Every live report and review held, by task.
struct Events {
    reports: HashMap<Id, Vec<ProgressReport>>,
    reviews: HashMap<Id, Vec<TaskReview>>,
}

impl Events {
    fn load(db: &Db) -> Result<Events, ApiError> {
        let filter = "r.entity IN ('progress_report', 'task_review')";
        let mut out = Events {
            reports: HashMap::new(),
            reviews: HashMap::new(),
        };
        for r in rows::select_live(&db.conn, "", filter, [])? {
            match r.entity {
                Entity::ProgressReport => {
                    if let Ok(x) = ProgressReport::from_row(&r) {
                        out.reports.entry(x.task_id).or_default().push(x);
                    }
                }
                _ => {
                    if let Ok(x) = TaskReview::from_row(&r) {
                        out.reviews.entry(x.task_id).or_default().push(x);
                    }
                }
            }
        }
        Ok(out)
    }

    fn of(&self, task: Id) -> (&[ProgressReport], &[TaskReview]) {
        (
            self.reports.get(&task).map_or(&[], Vec::as_slice),
            self.reviews.get(&task).map_or(&[], Vec::as_slice),
        )
    }
}

/// Names looked up once per list.
struct Names<'a> {
    db: &'a Db,
    members: HashMap<Id, String>,
    orgs: HashMap<Id, String>,
}

impl<'a> Names<'a> {
    fn new(db: &'a Db) -> Names<'a> {
        Names {
            db,
            members: HashMap::new(),
            orgs: HashMap::new(),
        }
    }
    fn member(&mut self, id: Id) -> String {
        let db = self.db;
        self.members
            .entry(id)
            .or_insert_with(|| member_name(db, Some(id)))
            .clone()
    }
    fn org(&mut self, id: Id) -> String {
        let db = self.db;
        self.orgs
            .entry(id)
            .or_insert_with(|| org_name(db, id))
            .clone()
    }
}

fn card(t: Task, events: &Events, names: &mut Names, today: &str) -> TaskCard {
    let (reports, reviews) = events.of(t.id);
    let state = derive(&t, reports, reviews, today);
    let latest = reports.iter().max_by_key(|r| r.hlc).cloned();
    let assignee_name = match t.assignee_id {
        Some(m) => names.member(m),
        None => names.org(t.org_id),
    };
    TaskCard {
        assigner_org_name: names.org(t.assigner_org_id),
        assignee_name,
        latest,
        state,
        task: t,
    }
}

/// Overdue first, then open work by due date, then finished work; ties by title.
fn sort(cards: &mut [TaskCard]) {
    cards.sort_by(|a, b| {
        let rank = |c: &TaskCard| (!c.state.overdue, c.state.status.is_done());
        rank(a)
            .cmp(&rank(b))
            .then_with(|| a.task.due_date.cmp(&b.task.due_date))
            .then_with(|| sotay_model::vn::compare(&a.task.title, &b.task.title))
            .then_with(|| a.task.id.cmp(&b.task.id))
    });
}

/// The organisations on this device, each with its parent.
fn parents(db: &Db) -> Result<HashMap<Id, Option<Id>>, ApiError> {
    Ok(crate::administration::organisations::list(db)?
        .into_iter()
        .map(|o: Organisation| (o.id, o.parent_id))
        .collect())
}

/// Whether `org` is `top` or below it.
fn within(parents: &HashMap<Id, Option<Id>>, org: Id, top: Id) -> bool {
    let mut at = Some(org);
    let mut steps = 0;
    while let Some(o) = at {
        if o == top {
            return true;
        }
        steps += 1;
        if steps > 64 {
            return false;
        }
        at = parents.get(&o).copied().flatten();
    }
    false
}

/// The cards of the live tasks `keep` picks, in the lists' order (the inspection
/// feature's recommendations, issue 17).
pub(crate) fn cards_where(
    db: &Db,
    today: &str,
    keep: impl Fn(&Task) -> bool,
) -> Result<Vec<TaskCard>, ApiError> {
    let events = Events::load(db)?;
    let mut names = Names::new(db);
    let mut cards: Vec<TaskCard> = all_tasks(db)?
        .into_iter()
        .filter(|t| keep(t))
        .map(|t| card(t, &events, &mut names, today))
        .collect();
    sort(&mut cards);
    Ok(cards)
}

pub fn list(
    db: &Db,
    today: &str,
    which: TaskList,
    org: Option<Id>,
    bucket: Option<sotay_model::tasks::Bucket>,
) -> Result<Vec<TaskCard>, ApiError> {
    let me = me(db).ok();
    let posts: Vec<Id> = my_posts(db)?.into_iter().map(|(o, _)| o).collect();
    let tree = parents(db)?;
    let keep = |t: &Task| match which {
        TaskList::Mine => match t.assignee_id {
            Some(a) => Some(a) == me,
            None => posts.contains(&t.org_id),
        },
        TaskList::Assigned => match org {
            Some(o) => t.assigner_org_id == o,
            None => posts.contains(&t.assigner_org_id),
        },
        TaskList::Org => org.is_some_and(|o| within(&tree, t.org_id, o)),
    };
    let tasks: Vec<Task> = all_tasks(db)?.into_iter().filter(|t| keep(t)).collect();
    let events = Events::load(db)?;
    let mut names = Names::new(db);
    let mut cards: Vec<TaskCard> = tasks
        .into_iter()
        .map(|t| card(t, &events, &mut names, today))
        .filter(|c| bucket.is_none_or(|b| c.state.bucket == b))
        .collect();
    sort(&mut cards);
    Ok(cards)
}

pub fn view(db: &Db, today: &str, id: Id) -> Result<TaskView, ApiError> {
    let t = get(db, id)?;
    let all = all_tasks(db)?;
    let events = Events::load(db)?;
    let mut names = Names::new(db);
    let (reports, reviews) = events.of(t.id);
    let mut history: Vec<(sotay_model::hlc::Hlc, TaskEvent)> = Vec::new();
    for r in reports {
        let by = names.member(r.member_id);
        let e = TaskEvent::Report {
            report: r.clone(),
            by,
            at_ms: r.hlc.wall_ms,
        };
        history.push((r.hlc, e));
    }
    for r in reviews {
        let by = names.member(r.member_id);
        let e = TaskEvent::Review {
            review: r.clone(),
            by,
            at_ms: r.hlc.wall_ms,
        };
        history.push((r.hlc, e));
    }
    history.sort_by_key(|(h, _)| *h);
    let related = |f: &dyn Fn(&Task) -> bool, names: &mut Names| {
        let mut v: Vec<TaskCard> = all
            .iter()
            .filter(|x| f(x))
            .cloned()
            .map(|x| card(x, &events, names, today))
            .collect();
        sort(&mut v);
        v
    };
    let siblings = related(&|x| x.group_id == t.group_id && x.id != t.id, &mut names);
    let subtasks = related(&|x| x.parent_id == Some(t.id), &mut names);
    let parent = match t.parent_id {
        Some(p) => all
            .iter()
            .find(|x| x.id == p)
            .cloned()
            .map(|x| card(x, &events, &mut names, today)),
        None => None,
    };
    let posts = my_posts(db)?;
    let assigns = posts.iter().any(|(o, _)| *o == t.assigner_org_id);
    let may_report = reports_on(db, &t)?;
    let may_split = t.to_organisation() && posts.iter().any(|(o, _)| *o == t.org_id);
    Ok(TaskView {
        card: card(t, &events, &mut names, today),
        events: history.into_iter().map(|(_, e)| e).collect(),
        siblings,
        subtasks,
        parent,
        may_report,
        may_review: assigns,
        may_edit: assigns,
        may_split,
        me: crate::meetings::me(db).ok(),
    })
}

/// `org` itself, then each organisation directly below it, each with its subtree's
/// tasks counted by bucket.
pub fn stats(db: &Db, today: &str, org: Id) -> Result<Vec<OrgTaskCounts>, ApiError> {
    let orgs = crate::administration::organisations::list(db)?;
    let tree: HashMap<Id, Option<Id>> = orgs.iter().map(|o| (o.id, o.parent_id)).collect();
    let mut heads: Vec<&Organisation> = orgs.iter().filter(|o| o.parent_id == Some(org)).collect();
    heads.sort_by(|a, b| sotay_model::vn::compare(&a.name, &b.name).then(a.id.cmp(&b.id)));
    let events = Events::load(db)?;
    let tasks = all_tasks(db)?;
    let mut out = vec![OrgTaskCounts {
        org_id: org,
        org_name: org_name(db, org),
        counts: TaskCounts::default(),
    }];
    out.extend(heads.iter().map(|o| OrgTaskCounts {
        org_id: o.id,
        org_name: o.name.clone(),
        counts: TaskCounts::default(),
    }));
    for t in &tasks {
        if !within(&tree, t.org_id, org) {
            continue;
        }
        let (reports, reviews) = events.of(t.id);
        let bucket = derive(t, reports, reviews, today).bucket;
        out[0].counts.add(bucket);
        if let Some(row) = out[1..]
            .iter_mut()
            .find(|h| within(&tree, t.org_id, h.org_id))
        {
            row.counts.add(bucket);
        }
    }
    Ok(out)
}
