//! Issue 14: tasks across province → district → grassroots → cell on a real server with
//! real replicas. Each seed, the province gives the district a task; the district
//! splits it to the grassroots committee, which gives parts to three members and to
//! the cell; members report offline (twice, some finished), the cell's secretary
//! reports on the cell's part, the grassroots committee confirms or returns offline.
//! The devices sync in an order drawn from the seed, twice: every device holding a
//! task shows the same state as the server's rows give by the model's rule, and the
//! province's roll-up equals that truth. Minutes approved on two devices of the chair
//! make each follow-up task once. No sleeps: devices sync when told.

use crate::cell;

use cell::{Cell, Device};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sotay_conformance::fixture;
use sotay_model::api::requests;
use sotay_model::entities::{Position, PositionTitle};
use sotay_model::meetings::api::{MinutesPatch, NewMeeting};
use sotay_model::meetings::{Conclusion, MeetingKind};
use sotay_model::protocol::Outcome;
use sotay_model::tasks::api::{NewReport, NewTask, TaskList};
use sotay_model::tasks::requests::{ListTasks, ReportProgress, ReviewTask, TaskStats};
use sotay_model::tasks::{
    derive, vn_day, Decision, Priority, ProgressReport, SourceKind, Task, TaskCounts, TaskReview,
    TaskState,
};
use sotay_model::Id;
use sotay_server::{rows, Store};
use std::collections::BTreeMap;

const DAY: u64 = 86_400_000;
const T0: u64 = 1_796_000_000_000;

/// Seed a provincial and a district officer into the cell's world (members of the
/// cell, posts above it).
fn officers(cell: &Cell) -> (Id, Id, Id) {
    let id = |n: u128| Id::from_u128(0xce11_0000_0000 + n);
    let district = id(2);
    let (p, d) = (id(5_001), id(5_002));
    let hlc = rows::server_hlc(1_000);
    let changes = vec![
        rows::member_change(
            id(5_101),
            &fixture::member(p, "Vũ Minh Tuấn", cell.cell),
            hlc,
        ),
        rows::member_change(
            id(5_102),
            &fixture::member(d, "Hoàng Thị Lý", cell.cell),
            hlc,
        ),
        rows::position_change(
            id(5_201),
            &Position {
                id: id(5_301),
                member_id: p,
                org_id: cell.province,
                title: PositionTitle::OfficeStaff,
            },
            hlc,
        ),
        rows::position_change(
            id(5_202),
            &Position {
                id: id(5_302),
                member_id: d,
                org_id: district,
                title: PositionTitle::DeputySecretary,
            },
            hlc,
        ),
    ];
    for r in cell.store.seed(&changes, 1_000).expect("seed") {
        assert!(matches!(r.outcome, Outcome::Accepted { .. }), "{r:?}");
    }
    (p, d, district)
}

fn new_task(assigner: Id, title: &str, due: &str, members: Vec<Id>, orgs: Vec<Id>) -> NewTask {
    NewTask {
        assigner_org_id: assigner,
        title: title.into(),
        content: String::new(),
        source_kind: SourceKind::Free,
        source_id: None,
        source_text: String::new(),
        start_date: None,
        due_date: due.into(),
        priority: Priority::Normal,
        members,
        orgs,
        parent_id: None,
    }
}

async fn tasks(d: &Device, view: TaskList, org: Option<Id>) -> Vec<(Id, TaskState)> {
    d.replica
        .ask(ListTasks {
            view,
            org_id: org,
            bucket: None,
        })
        .await
        .expect("list")
        .into_iter()
        .map(|c| (c.task.id, c.state))
        .collect()
}

/// The state of every live task on the server, by the model's rule.
fn truth(cell: &Cell, today: &str) -> BTreeMap<Id, (Task, TaskState)> {
    let reports: Vec<ProgressReport> = cell
        .server_rows("progress_report")
        .iter()
        .map(|r| ProgressReport::from_row(r).expect("report"))
        .collect();
    let reviews: Vec<TaskReview> = cell
        .server_rows("task_review")
        .iter()
        .map(|r| TaskReview::from_row(r).expect("review"))
        .collect();
    cell.server_rows("task")
        .iter()
        .map(|r| Task::from_row(r).expect("task"))
        .map(|t| {
            let s = derive(&t, &reports, &reviews, today);
            (t.id, (t, s))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provincial_task_split_down_converges_whatever_the_sync_order() {
    let cell = Cell::start().await;
    cell.server_at(T0);
    let (p, d, district) = officers(&cell);
    let m = cell.members.clone();
    let province = cell.device(p, "máy văn phòng tỉnh ủy", T0).await;
    let district_dev = cell.device(d, "máy huyện ủy", T0).await;
    let committee = cell.device(cell.above, "máy đảng ủy xã", T0).await;
    let secretary = cell.device(m[0], "máy bí thư chi bộ", T0).await;
    let mut phones = Vec::new();
    for (n, &member) in m.iter().enumerate().take(5).skip(2) {
        phones.push(cell.device(member, &format!("điện thoại {n}"), T0).await);
    }
    let devices: Vec<&Device> = [&province, &district_dev, &committee, &secretary]
        .into_iter()
        .chain(phones.iter())
        .collect();

    for seed in 0..8u64 {
        let mut rng = StdRng::seed_from_u64(seed);
        let base = T0 + (seed + 1) * 3 * DAY;
        for dev in &devices {
            dev.at(base);
        }
        cell.server_at(base);
        let due = vn_day(base + 10 * DAY);
        let top = province
            .replica
            .ask(new_task(
                cell.province,
                &format!("Sơ kết Chỉ thị 35, đợt {seed}"),
                &due,
                vec![],
                vec![district],
            ))
            .await
            .expect("assign to the district");
        province.sync().await;
        district_dev.sync().await;
        let mut split = new_task(
            district,
            "Sơ kết ở cấp cơ sở",
            &due,
            vec![],
            vec![cell.grassroots],
        );
        split.parent_id = Some(top);
        let mid = district_dev.replica.ask(split).await.expect("split");
        district_dev.sync().await;
        committee.sync().await;
        let mut parts = new_task(
            cell.grassroots,
            "Báo cáo số liệu của chi bộ",
            &due,
            phones.iter().map(|ph| ph.member).collect(),
            vec![cell.cell],
        );
        parts.parent_id = Some(mid);
        committee.replica.ask(parts).await.expect("parts");
        committee.sync().await;
        for dev in &devices {
            dev.sync().await;
        }

        // Offline: reports on the phones and the secretary's device, reviews on the
        // committee's, in a drawn order with the clocks moving on.
        let mut t = base + 3_600_000;
        let mut finished = Vec::new();
        for (k, ph) in phones.iter().enumerate() {
            let mine = tasks(ph, TaskList::Mine, None).await;
            let (task_id, _) = *mine
                .iter()
                .find(|(_, s)| !s.status.is_done())
                .expect("a task of mine");
            for n in 0..2 {
                t += rng.gen_range(1..30) * 60_000;
                let done = n == 1 && !(k + seed as usize).is_multiple_of(3);
                ph.at(t)
                    .replica
                    .ask(ReportProgress::from(NewReport {
                        task_id,
                        percent: rng.gen_range(10..90),
                        finished: done,
                        done: format!("Đã làm phần {n}"),
                        difficulties: String::new(),
                        proposals: String::new(),
                    }))
                    .await
                    .expect("report");
                if done {
                    finished.push(task_id);
                }
            }
        }
        let cell_task = tasks(&secretary, TaskList::Mine, None)
            .await
            .into_iter()
            .find(|(_, s)| !s.status.is_done())
            .expect("the cell's part")
            .0;
        secretary
            .at(t)
            .replica
            .ask(ReportProgress::from(NewReport {
                task_id: cell_task,
                percent: 50,
                finished: false,
                done: "Đã tổng hợp một nửa".into(),
                difficulties: String::new(),
                proposals: String::new(),
            }))
            .await
            .expect("cell report");
        // The committee hears of some finished reports before it reviews.
        let mut order: Vec<&Device> = phones.iter().collect();
        order.shuffle(&mut rng);
        for ph in order.iter().take(rng.gen_range(0..=phones.len())) {
            ph.sync().await;
        }
        committee.sync().await;
        for (n, task_id) in finished.iter().enumerate() {
            t += 60_000;
            let decision = if n % 2 == 0 {
                Decision::Confirmed
            } else {
                Decision::Returned
            };
            committee
                .at(t)
                .replica
                .ask(ReviewTask {
                    task_id: *task_id,
                    decision,
                    reason: "Chưa đủ số liệu".into(),
                })
                .await
                .expect("review");
        }
        for round in 0..2 {
            let mut order = devices.clone();
            order.shuffle(&mut rng);
            for dev in order {
                dev.at(t + round);
                dev.sync().await;
            }
        }
        cell.server_at(t);

        // Every device's view equals the server's rows by the rule.
        let today = vn_day(t);
        let truth = truth(&cell, &today);
        for dev in &devices {
            for (id, state) in tasks(dev, TaskList::Org, Some(cell.province)).await {
                let (_, want) = truth.get(&id).expect("the server holds the task");
                assert_eq!(&state, want, "seed {seed}: {} on task {id}", dev.name);
            }
        }
        let mine: Vec<(Id, TaskState)> = tasks(&phones[0], TaskList::Mine, None).await;
        assert!(!mine.is_empty(), "seed {seed}: the phone holds its tasks");
        let stats = province
            .replica
            .ask(TaskStats {
                org_id: cell.province,
            })
            .await
            .expect("stats");
        let mut want = TaskCounts::default();
        for (_, s) in truth.values() {
            want.add(s.bucket);
        }
        assert_eq!(stats[0].counts, want, "seed {seed}: the province's roll-up");
        assert_eq!(stats[0].counts.total() as usize, truth.len());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn minutes_approved_on_two_devices_make_each_follow_up_task_once() {
    let cell = Cell::start().await;
    cell.server_at(T0);
    let m = cell.members.clone();
    // The chair is a plain member with a phone and a desktop.
    let phone = cell.device(m[5], "điện thoại chủ trì", T0).await;
    let desk = cell.device(m[5], "máy tính chủ trì", T0).await;
    let secretary = cell.device(m[0], "máy bí thư", T0).await;
    let start = T0 + 3_600_000;
    let meeting = secretary
        .created(sotay_model::api::Request::CreateMeeting(NewMeeting {
            org_id: cell.cell,
            kind: MeetingKind::Regular,
            topic: "Sinh hoạt chi bộ tháng 12".into(),
            starts_at: start,
            ends_at: start + 2 * 3_600_000,
            place: "Nhà văn hóa thôn Đông".into(),
            chair_id: Some(m[5]),
            minute_taker_id: Some(m[0]),
            agenda: vec!["Nhiệm vụ tháng tới".into()],
            materials: vec![],
            invited: m.clone(),
            guests: vec![],
        }))
        .await;
    let minutes = secretary
        .replica
        .ask(requests::CreateMinutes {
            meeting_id: meeting,
            reason: None,
        })
        .await
        .expect("minutes");
    secretary
        .replica
        .ask(requests::UpdateMinutes {
            id: minutes,
            patch: MinutesPatch {
                conclusions: Some(vec![
                    Conclusion {
                        text: "Hoàn thành thu đảng phí quý IV".into(),
                        to_task: true,
                        task_id: None,
                    },
                    Conclusion {
                        text: "Rà soát hồ sơ đảng viên".into(),
                        to_task: true,
                        task_id: None,
                    },
                ]),
                ..MinutesPatch::default()
            },
        })
        .await
        .expect("conclusions");
    secretary.sync().await;
    phone.sync().await;
    desk.sync().await;
    // Both of the chair's devices approve while offline, then sync in turn.
    for dev in [&phone, &desk] {
        dev.at(start + 3 * 3_600_000)
            .replica
            .ask(requests::ApproveMinutes { id: minutes })
            .await
            .expect("approve");
    }
    cell.server_at(start + 3 * 3_600_000);
    desk.sync().await;
    phone.sync().await;
    desk.sync().await;
    secretary.sync().await;
    let on_server: Vec<Task> = cell
        .server_rows("task")
        .iter()
        .map(|r| Task::from_row(r).expect("task"))
        .collect();
    assert_eq!(on_server.len(), 2, "each follow-up task once");
    assert!(on_server
        .iter()
        .all(|t| t.source_id == Some(meeting) && t.org_id == cell.cell));
    for dev in [&phone, &desk, &secretary] {
        let held = tasks(dev, TaskList::Org, Some(cell.cell)).await;
        assert_eq!(held.len(), 2, "{}", dev.name);
    }
}
