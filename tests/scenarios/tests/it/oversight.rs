//! Issue 18: the dashboard a province officer's device computes, offline, equals a
//! brute-force count over the server's rows of the demo province, for organisations
//! drawn from the seed at every level and for a month, a quarter and two years. The
//! brute force shares nothing with the replica's code but the model's rules (a task's
//! derived state, attendance reconciled, dues owed and counted). Announcements count
//! by the rule of `sotay_model::oversight::api::AnnouncementFigures`. Then a member
//! moves to another district, another leaves, the province changes a dues rule and
//! sends an announcement its officer reads, and the dashboards (kept as facts rebuilt
//! from what changed) still equal the brute force; again after a member's phone reads
//! it (the receipt pulled), and after the officer's device is wiped and enrolled again.
//! Each time, behind each asked organisation's task and meeting figures, the items
//! `oversight_items` lists are exactly those the brute force counts (issue 18, item 2).

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use sotay_model::administration::requests::{SetMemberStatus, TransferMember};
use sotay_model::api::{requests, Request};
use sotay_model::dues::requests::SetDuesRule;
use sotay_model::dues::{member_months, DuesBasis, DuesPayment, DuesRule, Month};
use sotay_model::entities::{Member, MemberStatus, OrgKind, Organisation};
use sotay_model::evaluation::{Rating, RatingDecision};
use sotay_model::exchange::requests::{CreateAnnouncement, MarkAnnouncementRead};
use sotay_model::exchange::{Announcement, AnnouncementRead};
use sotay_model::inspection::{CaseNote, Discipline, Inspection, NoteKind};
use sotay_model::meetings::{
    reconcile, AttendanceMark, CheckIn, Meeting, MeetingStatus, VnDateTime,
};
use sotay_model::oversight::api::Figures;
use sotay_model::oversight::requests::{OversightItems, OversightReport};
use sotay_model::oversight::{ItemKind, Period};
use sotay_model::study::{ReadMark, StudyAssignment};
use sotay_model::tasks::{
    derive, vn_day, ProgressReport, SourceKind, Task, TaskReview, TaskStatus,
};
use sotay_model::{Id, RowState};
use sotay_replica::{Replica, SeededEnv};
use sotay_server::{AppState, Limits, SqliteStore, Store, DEFAULT_CODE_TTL_MS};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// 2 December 2026, 10:00 in Hà Nội.
const NOW: u64 = 1_796_180_400_000;

fn rows_of(conn: &rusqlite::Connection, entity: &str) -> Vec<RowState> {
    let mut stmt = conn
        .prepare("SELECT state FROM rows WHERE entity = ?1 AND tombstoned = 0")
        .expect("prepare");
    let states = stmt
        .query_map([entity], |r| r.get::<_, String>(0))
        .expect("query")
        .collect::<Result<Vec<_>, _>>()
        .expect("rows");
    states
        .iter()
        .map(|s| serde_json::from_str(s).expect("state"))
        .collect()
}

fn all<T>(
    conn: &rusqlite::Connection,
    entity: &str,
    read: fn(&RowState) -> Result<T, String>,
) -> Vec<T> {
    rows_of(conn, entity)
        .iter()
        .filter_map(|r| read(r).ok())
        .collect()
}

/// The server's rows, read once.
struct Truth {
    parent: HashMap<Id, Option<Id>>,
    cells: HashSet<Id>,
    members: Vec<Member>,
    meetings: Vec<Meeting>,
    check_ins: Vec<CheckIn>,
    marks: Vec<AttendanceMark>,
    tasks: Vec<Task>,
    reports: Vec<ProgressReport>,
    reviews: Vec<TaskReview>,
    rules: Vec<DuesRule>,
    bases: Vec<DuesBasis>,
    payments: Vec<DuesPayment>,
    decisions: Vec<RatingDecision>,
    assignments: Vec<StudyAssignment>,
    reads: Vec<ReadMark>,
    copies: Vec<Announcement>,
    receipts: Vec<AnnouncementRead>,
    cases: Vec<Inspection>,
    notes: Vec<CaseNote>,
    records: Vec<Discipline>,
}

impl Truth {
    fn load(path: &std::path::Path) -> Truth {
        let c = rusqlite::Connection::open(path).expect("open");
        let orgs = all(&c, "organisation", Organisation::from_row);
        Truth {
            parent: orgs.iter().map(|o| (o.id, o.parent_id)).collect(),
            cells: orgs
                .iter()
                .filter(|o| o.kind == OrgKind::Cell)
                .map(|o| o.id)
                .collect(),
            members: all(&c, "member", Member::from_row),
            meetings: all(&c, "meeting", Meeting::from_row),
            check_ins: all(&c, "check_in", CheckIn::from_row),
            marks: all(&c, "attendance_mark", AttendanceMark::from_row),
            tasks: all(&c, "task", Task::from_row),
            reports: all(&c, "progress_report", ProgressReport::from_row),
            reviews: all(&c, "task_review", TaskReview::from_row),
            rules: all(&c, "dues_rule", DuesRule::from_row),
            bases: all(&c, "dues_basis", DuesBasis::from_row),
            payments: all(&c, "dues_payment", DuesPayment::from_row),
            decisions: all(&c, "rating_decision", RatingDecision::from_row),
            assignments: all(&c, "study_assignment", StudyAssignment::from_row),
            reads: all(&c, "read_mark", ReadMark::from_row),
            copies: all(&c, "announcement", Announcement::from_row),
            receipts: all(&c, "announcement_read", AnnouncementRead::from_row),
            cases: all(&c, "inspection", Inspection::from_row),
            notes: all(&c, "case_note", CaseNote::from_row),
            records: all(&c, "discipline", Discipline::from_row),
        }
    }

    fn chain(&self, org: Id) -> Vec<Id> {
        let mut out = vec![org];
        while let Some(Some(p)) = self.parent.get(out.last().expect("one")) {
            out.push(*p);
        }
        out
    }

    fn within(&self, org: Id, top: Id) -> bool {
        self.chain(org).contains(&top)
    }

    /// The items behind one figure of `top`'s dashboard, as ids (tasks, meetings) or
    /// cell and month (`yyyy-mm`) pairs, counted row by row.
    fn items(&self, top: Id, period: Period, kind: ItemKind) -> BTreeSet<String> {
        let today = vn_day(NOW);
        if let Some(bucket) = kind.bucket() {
            return self
                .tasks
                .iter()
                .filter(|t| self.within(t.org_id, top) && period.contains_day(&t.due_date))
                .filter(|t| derive(t, &self.reports, &self.reviews, &today).bucket == bucket)
                .map(|t| t.id.to_string())
                .collect();
        }
        let held: Vec<&Meeting> = self
            .meetings
            .iter()
            .filter(|m| {
                m.status != MeetingStatus::Cancelled
                    && m.starts_at <= NOW
                    && period.contains_day(&vn_day(m.starts_at))
                    && self.within(m.org_id, top)
            })
            .collect();
        if kind == ItemKind::MeetingsHeld {
            return held.iter().map(|m| m.id.to_string()).collect();
        }
        let met: HashSet<(Id, String)> = held
            .iter()
            .map(|m| (m.org_id, VnDateTime::from_ms(m.starts_at).month_key()))
            .collect();
        let this_month = Month::of_day(&today).expect("today");
        let mut out = BTreeSet::new();
        for month in period.each_month().into_iter().filter(|m| *m <= this_month) {
            for cell in self.cells.iter().filter(|c| self.within(**c, top)) {
                if !met.contains(&(*cell, month.to_string())) {
                    out.insert(format!("{cell} {month}"));
                }
            }
        }
        out
    }

    /// Everything the dashboard counts for `top`'s subtree, counted row by row.
    fn figures(&self, top: Id, period: Period) -> Figures {
        let mut f = Figures::default();
        let today = vn_day(NOW);
        let mine: Vec<&Member> = self
            .members
            .iter()
            .filter(|m| self.within(m.cell_id, top))
            .collect();
        for m in &mine {
            match m.status {
                MemberStatus::Full => f.members.full += 1,
                MemberStatus::Probationary => f.members.probationary += 1,
                _ => f.members.left += 1,
            }
            if period.contains_day(&m.joined_date) {
                f.members.joined += 1;
            }
        }
        let active: Vec<&&Member> = mine.iter().filter(|m| m.status.is_active()).collect();
        for m in &self.meetings {
            let day = VnDateTime::from_ms(m.starts_at).month_key();
            let in_period = Month::parse(&day).is_some_and(|mo| period.each_month().contains(&mo));
            if m.status == MeetingStatus::Cancelled
                || m.starts_at > NOW
                || !in_period
                || !self.within(m.org_id, top)
            {
                continue;
            }
            let list = reconcile(m, &self.check_ins, &self.marks);
            f.meetings.held += 1;
            f.meetings.convened += list.convened;
            f.meetings.present += list.present;
        }
        for t in &self.tasks {
            if self.within(t.org_id, top) && period.contains_day(&t.due_date) {
                f.tasks
                    .add(derive(t, &self.reports, &self.reviews, &today).bucket);
            }
        }
        for a in self
            .assignments
            .iter()
            .filter(|a| period.contains_day(&a.due_on))
        {
            for m in active.iter().filter(|m| self.within(m.cell_id, a.org_id)) {
                f.study.assigned += 1;
                let done = self.reads.iter().any(|r| {
                    r.member_id == m.id && r.document_id == a.document_id && r.finished_ms.is_some()
                });
                f.study.finished += u32::from(done);
            }
        }
        // Each copy sent in the period reaches the live members of the subtree whose
        // cell is its receiving organisation or below it; readers hold a receipt.
        for a in self
            .copies
            .iter()
            .filter(|a| period.contains_day(&vn_day(a.sent_ms)))
        {
            for m in active.iter().filter(|m| self.within(m.cell_id, a.org_id)) {
                f.announcements.recipients += 1;
                let read = self
                    .receipts
                    .iter()
                    .any(|r| r.announcement_id == a.id && r.member_id == m.id);
                f.announcements.readers += u32::from(read);
            }
        }
        let months = period.each_month();
        let (first, last) = (months[0], months[months.len() - 1]);
        let decided: HashMap<Id, Rating> = self
            .decisions
            .iter()
            .filter(|d| d.year == period.year())
            .map(|d| (d.member_id, d.rating))
            .collect();
        for m in &active {
            let chain = self.chain(m.cell_id);
            let rules: Vec<DuesRule> = chain
                .iter()
                .flat_map(|o| {
                    self.rules
                        .iter()
                        .filter(move |r| r.org_id == *o && !r.retired)
                })
                .cloned()
                .collect();
            let bases: Vec<DuesBasis> = self
                .bases
                .iter()
                .filter(|b| b.member_id == m.id)
                .cloned()
                .collect();
            let pays: Vec<DuesPayment> = self
                .payments
                .iter()
                .filter(|p| p.member_id == m.id)
                .cloned()
                .collect();
            for l in member_months(&bases, &rules, &pays, first, last) {
                f.dues.expected += l.expected.unwrap_or(0);
                f.dues.collected += l.paid;
            }
            let i = match decided.get(&m.id) {
                Some(Rating::Excellent) => 0,
                Some(Rating::Good) => 1,
                Some(Rating::Completed) => 2,
                Some(Rating::NotCompleted) => 3,
                None => 4,
            };
            f.ratings[i] += 1;
        }
        // Inspection (issue 17): the officer sits on the province's committee and
        // reads every case, so all of them count.
        let (first, last) = (period.first_day(), period.last_day());
        for c in &self.cases {
            if !self.within(c.org_id, top) || c.to_date < first || c.from_date > last {
                continue;
            }
            f.cases.programmes += 1;
            f.cases.violations += self
                .notes
                .iter()
                .filter(|n| n.inspection_id == c.id && n.kind == NoteKind::Finding && n.violation)
                .count() as u32;
            for t in &self.tasks {
                if t.source_kind == SourceKind::Inspection && t.source_id == Some(c.id) {
                    f.cases.recommendations += 1;
                    let state = derive(t, &self.reports, &self.reviews, &today);
                    f.cases.done += u32::from(state.status == TaskStatus::Done);
                }
            }
        }
        for d in &self.records {
            if self.within(d.org_id, top) && period.contains_day(&d.decided_on) {
                f.cases.disciplines += 1;
            }
        }
        f
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_equals_a_brute_force_count_over_the_demo_province() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db_path = dir.path().join("sotay.db");
    let store = Arc::new(SqliteStore::open(&db_path).expect("store"));
    let demo = sotay_server::demo::seed_demo(&*store, NOW).expect("demo");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(sotay_server::serve(
        listener,
        AppState::with(store.clone(), Limits::default(), Arc::new(|| NOW)),
        std::future::pending::<()>(),
    ));
    let officer = demo
        .enroll
        .iter()
        .find(|e| e.role == "province_officer")
        .expect("officer");
    let home = tempfile::tempdir().expect("home");
    let replica =
        Replica::open_with(home.path(), Arc::new(SeededEnv::new(18, NOW))).expect("replica");
    replica
        .call(Request::Enroll(requests::Enroll {
            server: url.clone(),
            code: officer.code.clone(),
            device_name: "máy văn phòng tỉnh ủy".into(),
            pin_sha256: None,
        }))
        .await
        .expect("enroll");
    replica
        .call(Request::SyncNow(requests::SyncNow))
        .await
        .expect("sync");
    // The demo's library is empty: the province assigns a resolution to study by the
    // end of November, and syncs it up.
    let doc = replica
        .ask(sotay_model::library::requests::CreateDocument {
            kind: sotay_model::library::DocKind::Resolution,
            number: "57-NQ/TW".into(),
            title: "Về đột phá phát triển khoa học, công nghệ".into(),
            org_id: demo.province,
            issuer: "Bộ Chính trị".into(),
            issued_on: "2024-12-22".into(),
            status: sotay_model::library::DocStatus::InForce,
            summary: String::new(),
            body: "Toàn văn".into(),
            topics: Vec::new(),
        })
        .await
        .expect("document");
    replica
        .ask(sotay_model::library::requests::AssignStudy {
            org_id: demo.province,
            document_id: doc,
            due_on: "2026-11-30".into(),
            note: String::new(),
        })
        .await
        .expect("assignment");
    replica
        .call(Request::SyncNow(requests::SyncNow))
        .await
        .expect("sync up");

    let truth = Truth::load(&db_path);
    let mut orgs: Vec<Id> = truth.parent.keys().copied().collect();
    orgs.sort();
    orgs.shuffle(&mut StdRng::seed_from_u64(18));
    let mut picked: Vec<Id> = vec![demo.province];
    picked.extend(orgs.into_iter().filter(|o| *o != demo.province).take(10));
    let mut periods = vec![
        Period::Month {
            year: 2026,
            month: 11,
        },
        Period::Quarter {
            year: 2026,
            quarter: 3,
        },
        Period::Year { year: 2026 },
        Period::Year { year: 2025 },
    ];
    let mut nonzero = HashSet::new();
    let compared = compare(&replica, &truth, &picked, &periods, &mut nonzero).await;
    assert!(compared > 40, "{compared} rows compared");
    // The comparison was not of zeros.
    for what in [
        "meetings",
        "tasks",
        "dues",
        "ratings",
        "study",
        "announcements",
        "inspection",
        "task items",
        "meeting items",
        "missed items",
    ] {
        assert!(
            nonzero.contains(what),
            "no {what} counted anywhere: {nonzero:?}"
        );
    }

    // The figures follow what changes, offline and at sync: a paying member moves to a
    // cell of another district, another leaves, the province changes a dues rule and
    // sends an announcement that its officer reads.
    let paying: HashSet<Id> = truth.payments.iter().map(|p| p.member_id).collect();
    let candidates: Vec<&Member> = truth
        .members
        .iter()
        .filter(|m| m.status.is_active() && paying.contains(&m.id) && m.id != officer.member_id)
        .collect();
    let (mover, leaver) = (candidates[0], candidates[candidates.len() - 1]);
    let district = |cell: Id| {
        let chain = truth.chain(cell);
        chain[chain.len().saturating_sub(2)]
    };
    let to_cell = truth
        .members
        .iter()
        .map(|m| m.cell_id)
        .find(|c| district(*c) != district(mover.cell_id))
        .expect("a cell in another district");
    replica
        .ask(TransferMember {
            id: mover.id,
            cell_id: to_cell,
        })
        .await
        .expect("transfer");
    replica
        .ask(SetMemberStatus {
            id: leaver.id,
            status: MemberStatus::Left,
        })
        .await
        .expect("leave");
    replica
        .ask(SetDuesRule {
            org_id: demo.province,
            category: "luong".into(),
            name: "Hưởng lương, phụ cấp".into(),
            per_mille: 12,
            fixed_dong: 0,
        })
        .await
        .expect("rule");
    let batch = replica
        .ask(CreateAnnouncement {
            org_id: demo.province,
            title: "Thông báo lịch kiểm tra cuối năm".into(),
            body: String::new(),
            to_org_ids: vec![],
            must_read_by: None,
        })
        .await
        .expect("announcement");
    replica
        .ask(MarkAnnouncementRead {
            id: Announcement::row_id(batch, demo.province),
        })
        .await
        .expect("read");
    replica
        .call(Request::SyncNow(requests::SyncNow))
        .await
        .expect("sync the changes");
    let truth = Truth::load(&db_path);
    let moved = truth
        .members
        .iter()
        .find(|m| m.id == mover.id)
        .expect("mover");
    assert_eq!(moved.cell_id, to_cell, "the server took the transfer");
    for o in [
        mover.cell_id,
        to_cell,
        district(mover.cell_id),
        district(to_cell),
    ] {
        picked.push(o);
    }
    periods.push(Period::Month {
        year: 2026,
        month: 12,
    });
    let again = compare(&replica, &truth, &picked, &periods, &mut nonzero).await;
    assert!(again > compared, "{again} rows compared after the changes");

    // What another device writes arrives by pull: a plain member's phone reads the
    // province's announcement, and the officer's next sync brings the receipt.
    let plain = demo
        .enroll
        .iter()
        .find(|e| e.role == "member")
        .expect("a plain member");
    let phone_home = tempfile::tempdir().expect("phone home");
    let phone =
        Replica::open_with(phone_home.path(), Arc::new(SeededEnv::new(19, NOW))).expect("phone");
    phone
        .call(Request::Enroll(requests::Enroll {
            server: url.clone(),
            code: plain.code.clone(),
            device_name: "điện thoại đảng viên".into(),
            pin_sha256: None,
        }))
        .await
        .expect("enroll the phone");
    phone
        .ask(MarkAnnouncementRead {
            id: Announcement::row_id(batch, demo.province),
        })
        .await
        .expect("the member reads");
    phone
        .call(Request::SyncNow(requests::SyncNow))
        .await
        .expect("the phone syncs");
    replica
        .call(Request::SyncNow(requests::SyncNow))
        .await
        .expect("the officer pulls the receipt");
    let truth = Truth::load(&db_path);
    let readers = truth
        .receipts
        .iter()
        .filter(|r| r.announcement_id == Announcement::row_id(batch, demo.province))
        .count();
    assert_eq!(readers, 2, "the officer's and the member's receipts");
    let pulled = compare(&replica, &truth, &picked, &periods, &mut nonzero).await;
    assert_eq!(pulled, again);

    // A wipe: the officer's device, revoked, deletes its copy at its next contact;
    // enrolled again it builds every fact from what it pulls.
    let devices = store.devices_of(officer.member_id).expect("devices");
    let device = devices
        .iter()
        .find(|d| d.revoked_ms.is_none())
        .expect("the officer's device");
    assert!(store.revoke_device(device.device_id, NOW).expect("revoke"));
    let refused = replica.call(Request::SyncNow(requests::SyncNow)).await;
    assert!(refused.is_err(), "a revoked device is refused: {refused:?}");
    let code = store
        .create_enroll_code(officer.member_id, DEFAULT_CODE_TTL_MS, NOW)
        .expect("a new code");
    replica
        .call(Request::Enroll(requests::Enroll {
            server: url,
            code,
            device_name: "máy văn phòng tỉnh ủy (cài lại)".into(),
            pin_sha256: None,
        }))
        .await
        .expect("enroll again");
    replica
        .call(Request::SyncNow(requests::SyncNow))
        .await
        .expect("sync again");
    let rebuilt = compare(&replica, &truth, &picked, &periods, &mut nonzero).await;
    assert_eq!(rebuilt, again);
}

/// Every organisation's figures on the device's dashboards of `picked` over
/// `periods`, against the brute force; how many rows were compared, and which figures
/// were not zero somewhere.
async fn compare(
    replica: &Replica,
    truth: &Truth,
    picked: &[Id],
    periods: &[Period],
    nonzero: &mut HashSet<&'static str>,
) -> usize {
    let mut compared = 0;
    for &org in picked {
        for &period in periods {
            let dash = replica
                .ask(OversightReport {
                    org_id: org,
                    period: Some(period),
                })
                .await
                .unwrap_or_else(|e| panic!("dashboard of {org}: {e:?}"));
            assert_eq!(dash.orgs[0].org_id, org);
            for kind in ItemKind::ALL {
                let list = replica
                    .ask(OversightItems {
                        org_id: org,
                        period: Some(period),
                        kind,
                    })
                    .await
                    .unwrap_or_else(|e| panic!("{kind:?} of {org}: {e:?}"));
                let got: BTreeSet<String> = list
                    .tasks
                    .iter()
                    .map(|c| c.task.id.to_string())
                    .chain(list.meetings.iter().map(|m| m.meeting_id.to_string()))
                    .chain(
                        list.missed
                            .iter()
                            .map(|m| format!("{} {}", m.org_id, m.month)),
                    )
                    .collect();
                assert_eq!(got.len(), list.count(), "{kind:?}: each item once");
                assert_eq!(
                    got,
                    truth.items(org, period, kind),
                    "{kind:?} of {} in {}",
                    dash.org_name,
                    period.label_vi()
                );
                if !got.is_empty() {
                    nonzero.insert(match kind {
                        ItemKind::MeetingsMissed => "missed items",
                        ItemKind::MeetingsHeld => "meeting items",
                        _ => "task items",
                    });
                }
            }
            for row in &dash.orgs {
                let want = truth.figures(row.org_id, period);
                assert_eq!(
                    row.figures,
                    want,
                    "{} in {}",
                    row.org_name,
                    period.label_vi()
                );
                compared += 1;
                if want.meetings.held > 0 {
                    nonzero.insert("meetings");
                }
                if want.tasks.on_time + want.tasks.late + want.tasks.overdue + want.tasks.open > 0 {
                    nonzero.insert("tasks");
                }
                if want.dues.collected > 0 {
                    nonzero.insert("dues");
                }
                if want.ratings[..4].iter().sum::<u32>() > 0 {
                    nonzero.insert("ratings");
                }
                if want.cases.programmes > 0 {
                    nonzero.insert("inspection");
                }
                if want.study.assigned > 0 {
                    nonzero.insert("study");
                }
                if want.members.joined > 0 {
                    nonzero.insert("joined");
                }
                if want.announcements.readers > 0 {
                    nonzero.insert("announcements");
                }
            }
        }
    }
    compared
}
