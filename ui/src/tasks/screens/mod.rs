//! Nhiệm vụ (issue 14): "Của tôi" (overdue first, then due soonest), "Đã giao" (the
//! user's assignments grouped, each assignee's latest report), "Cấp dưới" (a
//! committee's counts per lower organisation, each a way into those tasks), one task
//! with its history, report, review, edit and split, and "Giao nhiệm vụ". Everything
//! reads the device's copy; the replica syncs it in the background. Actions the
//! replica says the user may not take (`TaskView::may_*`) are hidden; the server still
//! judges every change at sync.

pub mod detail;
pub mod due;
pub mod form;
pub mod list;
pub mod report;
pub mod stats;

use crate::hooks::{use_app, use_orgs, AppHandle};
use crate::tasks::form::FormError;
use crate::tasks::strings::TaskKey;
use sotay_model::ids::Id;
use sotay_model::tasks::{Bucket, Priority, TaskStatus};
use yew::prelude::*;

pub fn tt(app: &AppHandle, key: TaskKey) -> &'static str {
    app.t(key)
}

pub fn status_key(s: TaskStatus) -> TaskKey {
    match s {
        TaskStatus::Open => TaskKey::StatusOpen,
        TaskStatus::InProgress => TaskKey::StatusInProgress,
        TaskStatus::Submitted => TaskKey::StatusSubmitted,
        TaskStatus::Returned => TaskKey::StatusReturned,
        TaskStatus::Done => TaskKey::StatusDone,
    }
}

pub fn bucket_key(b: Bucket) -> TaskKey {
    match b {
        Bucket::Open => TaskKey::OpenBucket,
        Bucket::OnTime => TaskKey::DoneOnTime,
        Bucket::Late => TaskKey::DoneLate,
        Bucket::Overdue => TaskKey::Overdue,
    }
}

pub fn priority_key(p: Priority) -> TaskKey {
    match p {
        Priority::Low => TaskKey::PriorityLow,
        Priority::Normal => TaskKey::PriorityNormal,
        Priority::High => TaskKey::PriorityHigh,
        Priority::Urgent => TaskKey::PriorityUrgent,
    }
}

pub fn error_key(e: FormError) -> TaskKey {
    match e {
        FormError::NeedOrg => TaskKey::NeedOrg,
        FormError::NeedTitle => TaskKey::NeedTitle,
        FormError::NeedDue => TaskKey::NeedDue,
        FormError::BadDue => TaskKey::BadDue,
        FormError::BadStart => TaskKey::BadStart,
        FormError::DueBeforeStart => TaskKey::DueBeforeStart,
        FormError::NeedAssignee => TaskKey::NeedAssignee,
        FormError::NeedDocument => TaskKey::NeedDocument,
        FormError::BadPercent => TaskKey::BadPercent,
        FormError::NeedReportText => TaskKey::NeedReportText,
        FormError::NothingChanged => TaskKey::NothingChanged,
    }
}

/// The problems of a form, as the list shown under it.
pub fn errors_html(errs: &[String], testid: &'static str) -> Html {
    if errs.is_empty() {
        return html! {};
    }
    html! {
        <ul class="error-text" role="alert" data-testid={testid}>
            { for errs.iter().map(|e| html! { <li>{ e }</li> }) }
        </ul>
    }
}

/// The texts of form problems in the chosen language.
pub fn error_texts(app: &AppHandle, errs: Vec<FormError>) -> Vec<String> {
    errs.into_iter()
        .map(|e| tt(app, error_key(e)).to_string())
        .collect()
}

/// The organisations where the user holds a post (those may assign tasks).
pub fn my_post_orgs(app: &AppHandle) -> Vec<(Id, String)> {
    let mut ids: Vec<Id> = app
        .status
        .as_ref()
        .map(|s| s.positions.iter().map(|p| p.org_id).collect())
        .unwrap_or_default();
    ids.sort();
    ids.dedup();
    ids.into_iter()
        .map(|id| {
            let name = crate::tree::find(app.org_list(), id)
                .map(|o| o.name.clone())
                .unwrap_or_default();
            (id, name)
        })
        .collect()
}

/// Of those, the ones with organisations below them (a committee's "Cấp dưới").
pub fn committee_orgs(app: &AppHandle) -> Vec<(Id, String)> {
    let all = app.org_list();
    my_post_orgs(app)
        .into_iter()
        .filter(|(o, _)| all.iter().any(|c| c.parent_id == Some(*o)))
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Mine,
    Assigned,
    Below,
}

#[derive(Clone, Debug, PartialEq)]
enum View {
    List(Section),
    Drill {
        org_id: Id,
        org_name: String,
        bucket: Bucket,
    },
    Task(Id),
    /// Assign; `Some`: split that organisation task.
    Create(Option<Id>),
}

#[function_component(TasksPage)]
pub fn tasks_page() -> Html {
    let app = use_app();
    use_orgs();
    // Where the user came from, so "back" returns there (a drill-down, a list).
    let stack = use_state(|| {
        let mut s = vec![View::List(Section::Mine)];
        if let Some(id) = crate::tasks::take_open_on_arrival() {
            s.push(View::Task(id));
        }
        s
    });
    let push = {
        let stack = stack.clone();
        Callback::from(move |v: View| {
            let mut s = (*stack).clone();
            s.push(v);
            stack.set(s);
        })
    };
    let back = {
        let stack = stack.clone();
        Callback::from(move |_: ()| {
            let mut s = (*stack).clone();
            if s.len() > 1 {
                s.pop();
            }
            stack.set(s);
        })
    };
    let open = push.reform(View::Task);
    let current = stack.last().cloned().unwrap_or(View::List(Section::Mine));
    match current {
        View::Task(id) => {
            let split = push.reform(|parent: Id| View::Create(Some(parent)));
            html! { <detail::TaskDetail key={id.to_string()} {id} on_back={back} on_open={open} on_split={split} /> }
        }
        View::Create(parent) => {
            let done = {
                let stack = stack.clone();
                Callback::from(move |_: ()| {
                    let mut s = (*stack).clone();
                    s.pop();
                    // A new assignment shows among "Đã giao"; a split, on its task.
                    if parent.is_none() {
                        s = vec![View::List(Section::Assigned)];
                    }
                    stack.set(s);
                })
            };
            html! { <form::AssignForm {parent} on_done={done} on_cancel={back} /> }
        }
        View::Drill {
            org_id,
            org_name,
            bucket,
        } => html! {
            <list::DrillList {org_id} {org_name} {bucket} on_back={back} on_open={open} />
        },
        View::List(section) => {
            let pick = |s: Section| {
                let stack = stack.clone();
                Callback::from(move |_| stack.set(vec![View::List(s)]))
            };
            let posts = !my_post_orgs(&app).is_empty();
            let committee = !committee_orgs(&app).is_empty();
            let seg = |s: Section, k: TaskKey, testid: &'static str| {
                html! {
                    <button type="button" class={classes!("seg", (s == section).then_some("active"))}
                        aria-pressed={(s == section).to_string()} onclick={pick(s)} data-testid={testid}>
                        { tt(&app, k) }
                    </button>
                }
            };
            let drill =
                push.reform(
                    |(org_id, org_name, bucket): (Id, String, Bucket)| View::Drill {
                        org_id,
                        org_name,
                        bucket,
                    },
                );
            let body = match section {
                Section::Mine => html! { <list::MineList on_open={open} /> },
                Section::Assigned => html! { <list::AssignedList on_open={open} /> },
                Section::Below => html! { <stats::BelowCounts on_drill={drill} /> },
            };
            let assign = push.reform(|_: MouseEvent| View::Create(None));
            html! {
                <section class="tasks" data-testid="tasks">
                    <div class="meetings-top">
                        <h2>{ tt(&app, TaskKey::Title) }</h2>
                        if posts {
                            <button type="button" class="btn btn-primary" onclick={assign} data-testid="task-assign">
                                { tt(&app, TaskKey::Assign) }
                            </button>
                        }
                    </div>
                    if posts {
                        <div class="segmented" role="group" data-testid="task-sections">
                            { seg(Section::Mine, TaskKey::Mine, "tasks-mine") }
                            { seg(Section::Assigned, TaskKey::Assigned, "tasks-assigned") }
                            if committee {
                                { seg(Section::Below, TaskKey::Below, "tasks-below") }
                            }
                        </div>
                    }
                    { body }
                </section>
            }
        }
    }
}
