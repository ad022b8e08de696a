//! The task Api calls the Nhiệm vụ screens make (issue 14), each typed by its request.
//! All are answered from the device's copy; the replica syncs them in the background.

use crate::transport::ask;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::library::requests::ListDocuments;
use sotay_model::library::DocumentCard;
use sotay_model::tasks::api::{
    NewReport, NewTask, OrgTaskCounts, TaskCard, TaskList, TaskPatch, TaskView,
};
use sotay_model::tasks::requests::{
    CreateTask, GetTask, ListTasks, ReportProgress, ReviewTask, TaskStats, UpdateTask,
};
use sotay_model::tasks::{Bucket, Decision};

pub async fn mine() -> Result<Vec<TaskCard>, ApiError> {
    ask(ListTasks::default()).await
}

/// Tasks given by any organisation where the user holds a post.
pub async fn assigned() -> Result<Vec<TaskCard>, ApiError> {
    ask(ListTasks {
        view: TaskList::Assigned,
        org_id: None,
        bucket: None,
    })
    .await
}

/// Tasks held by `org_id` and the organisations below it, in one bucket.
pub async fn of_org(org_id: Id, bucket: Bucket) -> Result<Vec<TaskCard>, ApiError> {
    ask(ListTasks {
        view: TaskList::Org,
        org_id: Some(org_id),
        bucket: Some(bucket),
    })
    .await
}

pub async fn get(id: Id) -> Result<TaskView, ApiError> {
    Ok(*ask(GetTask { id }).await?)
}

pub async fn create(new: NewTask) -> Result<Id, ApiError> {
    ask::<CreateTask>(new).await
}

pub async fn update(id: Id, patch: TaskPatch) -> Result<(), ApiError> {
    ask(UpdateTask { id, patch }).await
}

pub async fn report(new: NewReport) -> Result<Id, ApiError> {
    ask::<ReportProgress>(new).await
}

pub async fn review(task_id: Id, decision: Decision, reason: String) -> Result<Id, ApiError> {
    ask(ReviewTask {
        task_id,
        decision,
        reason,
    })
    .await
}

pub async fn stats(org_id: Id) -> Result<Vec<OrgTaskCounts>, ApiError> {
    ask(TaskStats { org_id }).await
}

/// The library's documents a task may come from, newest first.
pub async fn documents() -> Result<Vec<DocumentCard>, ApiError> {
    let page = ask(ListDocuments {
        kind: None,
        org_id: None,
        year: None,
        query: None,
        limit: Some(200),
        offset: None,
    })
    .await?;
    Ok(page.documents)
}
