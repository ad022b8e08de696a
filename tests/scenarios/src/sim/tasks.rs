//! Tasks in the simulation (issue 14): the world starts with a task the district gives
//! the commune and tasks each cell's secretary gives two members; devices then assign,
//! report (with a file on the report), confirm, return and move due dates offline,
//! through the typed Api (a
//! device without the right is refused locally, as its user would be). Reports and
//! reviews are events, so at the end every device's state of each task it holds must
//! equal the model's rule over the server's view of its scope.

use super::node::Sim;
use super::world::World;
use anyhow::Result;
use rand::rngs::SmallRng;
use rand::Rng;
use sotay_model::api::Request;
use sotay_model::tasks::api::{NewReport, NewTask, TaskPatch};
use sotay_model::tasks::requests::{GetTask, ReviewTask, UpdateTask};
use sotay_model::tasks::{
    derive, vn_day, Decision, Priority, ProgressReport, SourceKind, Task, TaskReview,
};
use sotay_model::{Change, Entity, Id, RowState};
use sotay_replica::Env;
use sotay_server::rows::{row_change, server_hlc};

fn task(id: Id, org: Id, assigner: Id, by: Id, assignee: Option<Id>, due: &str) -> Task {
    Task {
        id,
        org_id: org,
        assigner_org_id: assigner,
        assigned_by: by,
        assignee_id: assignee,
        group_id: id,
        parent_id: None,
        title: "Rà soát hồ sơ đảng viên".into(),
        content: String::new(),
        source_kind: SourceKind::Free,
        source_id: None,
        source_text: String::new(),
        start_date: "2026-01-01".into(),
        due_date: due.into(),
        priority: Priority::Normal,
    }
}

/// The world's first tasks: the district's to the commune, and each cell secretary's
/// to two members of their cell (`secretaries`: (cell, secretary, members)).
pub fn seed(
    id: &mut impl FnMut() -> Id,
    (district, commune, district_member): (Id, Id, Id),
    secretaries: &[(Id, Id, Vec<Id>)],
    start_ms: u64,
) -> Vec<Change> {
    let due = vn_day(start_ms + 5 * 86_400_000);
    let mut out = vec![row_change(
        id(),
        &task(id(), commune, district, district_member, None, &due),
        server_hlc(1),
    )];
    for (cell, sec, members) in secretaries {
        for m in members.iter().take(2) {
            let t = task(id(), *cell, *cell, *sec, Some(*m), &due);
            out.push(row_change(id(), &t, server_hlc(1)));
        }
    }
    out
}

impl Sim {
    fn held_tasks(&self, who: usize) -> Result<Vec<Task>> {
        Ok(self.nodes[who]
            .replica
            .db()
            .live_rows_of(&[Entity::Task])?
            .iter()
            .filter_map(|r| Task::from_row(r).ok())
            .collect())
    }

    /// Assign, report, review or move a due date, offline.
    pub fn task_edit(&mut self, who: usize, rng: &mut SmallRng) -> Result<()> {
        let held = self.held_tasks(who)?;
        let now = self.nodes[who].env.now_ms();
        let pick = |rng: &mut SmallRng| -> Option<Id> {
            (!held.is_empty()).then(|| held[rng.gen_range(0..held.len())].id)
        };
        let req: Request = match (rng.gen_range(0..11u32), pick(rng)) {
            (10, Some(task_id)) => return self.attach_task_file(who, task_id, rng),
            (0..=3, Some(task_id)) => NewReport {
                task_id,
                percent: rng.gen_range(0..=100),
                finished: rng.gen_ratio(1, 3),
                done: format!("Báo cáo {}", rng.gen_range(0..1000u32)),
                difficulties: String::new(),
                proposals: String::new(),
            }
            .into(),
            (4..=5, Some(task_id)) => {
                let decision = if rng.gen_bool(0.5) {
                    Decision::Confirmed
                } else {
                    Decision::Returned
                };
                ReviewTask {
                    task_id,
                    decision,
                    reason: "Chưa đủ hồ sơ".into(),
                }
                .into()
            }
            (6, Some(id)) => UpdateTask {
                id,
                patch: TaskPatch {
                    due_date: Some(vn_day(now + rng.gen_range(0..10u64) * 86_400_000)),
                    ..TaskPatch::default()
                },
            }
            .into(),
            _ => assign(&self.world, rng, now).into(),
        };
        match self.nodes[who].replica.call_local(req) {
            Ok(_) => self.stats.local_edits += 1,
            Err(_) => self.stats.refused_locally += 1,
        }
        Ok(())
    }

    /// A file on one of the device member's own reports on the task, or on the task
    /// itself (refused locally unless the device's member gave it). Its bytes are kept,
    /// so `check_files` fetches it back at the end; who holds its row is checked with
    /// every other row against the server's view of each device's scope.
    fn attach_task_file(&mut self, who: usize, task_id: Id, rng: &mut SmallRng) -> Result<()> {
        let me = self.world.device_members[who];
        let report = self.nodes[who]
            .replica
            .db()
            .live_rows_of(&[Entity::ProgressReport])?
            .iter()
            .filter_map(|r| ProgressReport::from_row(r).ok())
            .find(|r| r.task_id == task_id && r.member_id == me)
            .map(|r| r.id);
        self.attach_random(who, report.unwrap_or(task_id), "jpg", 8_000, rng)
    }

    /// Every device's state of each task in the server's view of its scope equals the
    /// rule over that view, on the device's own day.
    pub fn check_tasks(&self, out: &mut Vec<String>) -> Result<()> {
        for (i, node) in self.nodes.iter().enumerate().filter(|(_, n)| !n.revoked) {
            let view: Vec<RowState> = self.server_view(node.device)?.into_values().collect();
            let live = |e: Entity| {
                view.iter()
                    .filter(move |r| r.entity == e && r.tombstone.is_none())
            };
            let reports: Vec<ProgressReport> = live(Entity::ProgressReport)
                .filter_map(|r| ProgressReport::from_row(r).ok())
                .collect();
            let reviews: Vec<TaskReview> = live(Entity::TaskReview)
                .filter_map(|r| TaskReview::from_row(r).ok())
                .collect();
            let today = vn_day(node.env.now_ms());
            for t in live(Entity::Task).filter_map(|r| Task::from_row(r).ok()) {
                let want = derive(&t, &reports, &reviews, &today);
                match node.replica.call_local(GetTask { id: t.id }.into()) {
                    Ok(sotay_model::api::Response::Task { task }) if task.card.state == want => {}
                    other => out.push(format!(
                        "device {i}: state of task {} differs: want {want:?}, got {other:?}",
                        t.id
                    )),
                }
            }
        }
        Ok(())
    }
}

/// A new task from one of the world's organisations to a member of its subtree or to
/// the commune (the device is refused locally unless it holds a post there).
fn assign(world: &World, rng: &mut SmallRng, now: u64) -> NewTask {
    let district = world.orgs[1].id;
    let commune = world.orgs[2].id;
    let (assigner, members, orgs) = match rng.gen_range(0..3u32) {
        0 => (district, vec![], vec![commune]),
        k => {
            let cell = world.cells[(k - 1) as usize];
            let in_cell: Vec<Id> = world
                .members
                .iter()
                .filter(|m| m.cell_id == cell)
                .map(|m| m.id)
                .collect();
            let m = in_cell[rng.gen_range(0..in_cell.len())];
            (cell, vec![m], vec![])
        }
    };
    NewTask {
        assigner_org_id: assigner,
        title: format!("Nhiệm vụ {}", rng.gen_range(0..1000u32)),
        content: String::new(),
        source_kind: SourceKind::Free,
        source_id: None,
        source_text: String::new(),
        start_date: None,
        due_date: vn_day(now + rng.gen_range(0..8u64) * 86_400_000),
        priority: Priority::Normal,
        members,
        orgs,
        parent_id: None,
    }
}
