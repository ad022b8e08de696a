//! The demo data: its shape, its consistency, and the printed codes being redeemable,
//! both through `seed_demo` and through the `sotay-server demo` binary.

use sotay_conformance::pull_all;
use sotay_model::entities::{Member, MemberStatus, OrgKind, Organisation};
use sotay_model::protocol::Cursor;
use sotay_model::{Entity, RowState};
use sotay_server::{seed_demo, DemoError, SqliteStore, Store};
use std::collections::{BTreeMap, HashSet};
use std::process::Command;

const NOW: u64 = 1_790_000_000_000;

fn store() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(dir.path().join("sotay.db")).expect("open");
    (dir, store)
}

fn everything(store: &SqliteStore, code: &str) -> BTreeMap<sotay_model::Id, RowState> {
    let dev = store
        .enroll(code, "máy thử", NOW)
        .expect("the printed code is redeemable");
    pull_all(store, dev.device_id, Cursor::default()).1
}

#[test]
fn demo_has_thai_binh_with_8_districts_and_hundreds_of_consistent_members() {
    let (_dir, store) = store();
    let report = seed_demo(&store, NOW).expect("seed");
    assert_eq!(report.districts, 8);
    assert!(report.members >= 400, "{} members", report.members);
    let roles: Vec<&str> = report.enroll.iter().map(|e| e.role).collect();
    assert_eq!(
        roles,
        [
            "province_officer",
            "cell_secretary",
            "member",
            "member",
            "other_member"
        ]
    );

    // The provincial officer sees the whole province.
    let rows = everything(&store, &report.enroll[0].code);
    let orgs: Vec<Organisation> = rows
        .values()
        .filter(|r| r.entity == Entity::Organisation)
        .map(|r| Organisation::from_row(r).expect("valid org"))
        .collect();
    let kind = |k| orgs.iter().filter(|o| o.kind == k).count();
    assert_eq!(kind(OrgKind::Province), 1);
    assert_eq!(kind(OrgKind::District), 8);
    assert!(kind(OrgKind::Section) >= 1);
    assert_eq!(kind(OrgKind::Cell), report.cells);
    assert!(orgs.iter().any(|o| o.name == "Đảng bộ tỉnh Thái Bình"));
    assert!(orgs.iter().any(|o| o.name == "Đảng bộ huyện Vũ Thư"));
    let members: Vec<Member> = rows
        .values()
        .filter(|r| r.entity == Entity::Member)
        .map(|r| Member::from_row(r).expect("valid member"))
        .collect();
    assert_eq!(members.len(), report.members);
    let cards: HashSet<&str> = members.iter().map(|m| m.card_no.as_str()).collect();
    assert_eq!(cards.len(), members.len(), "card numbers are unique");
    for m in &members {
        assert!(m.card_no.len() == 8 && m.card_no.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(m.full_name.split(' ').count(), 3, "{}", m.full_name);
        let year = |d: &str| d[..4].parse::<u32>().expect("year");
        assert!(
            year(&m.joined_date) >= year(&m.birth_date) + 19,
            "{} joined too young",
            m.full_name
        );
        match m.status {
            MemberStatus::Full => {
                let official = m
                    .official_date
                    .as_deref()
                    .expect("full members have an official date");
                assert_eq!(year(official), year(&m.joined_date) + 1);
                assert_eq!(official[4..], m.joined_date[4..]);
            }
            MemberStatus::Probationary => assert!(m.official_date.is_none()),
            MemberStatus::Left | MemberStatus::Deceased => {
                panic!("the demo seeds only current members: {}", m.full_name)
            }
        }
    }
    assert!(members
        .iter()
        .any(|m| m.status == MemberStatus::Probationary));
    assert!(
        members
            .iter()
            .filter(|m| m.full_name.starts_with("Nguyễn"))
            .count()
            > members.len() / 6
    );

    // The secretary and the two members share a cell; the other member does not.
    let cell_of = |i: usize| {
        members
            .iter()
            .find(|m| m.id == report.enroll[i].member_id)
            .map(|m| m.cell_id)
            .expect("member")
    };
    assert_eq!(cell_of(1), cell_of(2));
    assert_eq!(cell_of(1), cell_of(3));
    assert_ne!(cell_of(1), cell_of(4));
    let mine = everything(&store, &report.enroll[2].code);
    let seen: Vec<&RowState> = mine
        .values()
        .filter(|r| r.entity == Entity::Member)
        .collect();
    assert!(
        seen.iter().all(|r| r.id("cell_id") == Some(cell_of(2))),
        "a member sees only their cell"
    );
    // Codes are one-time: those of the officer and the first member were used above.
    for (i, line) in report.enroll.iter().enumerate() {
        let used = i == 0 || i == 2;
        assert_eq!(
            store.enroll(&line.code, "máy", NOW).is_ok(),
            !used,
            "{line}"
        );
    }
    assert!(
        matches!(seed_demo(&store, NOW), Err(DemoError::NotEmpty)),
        "a second seed is refused"
    );
}

#[test]
fn demo_is_deterministic() {
    let (_a, one) = store();
    let (_b, two) = store();
    let r1 = seed_demo(&one, NOW).expect("seed");
    let r2 = seed_demo(&two, NOW).expect("seed");
    assert_eq!(r1.members, r2.members);
    let ids = |r: &sotay_server::DemoReport| {
        r.enroll
            .iter()
            .map(|e| (e.member_id, e.card_no.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&r1), ids(&r2));
    let row = |s: &SqliteStore, id| s.row(id).expect("read").expect("row");
    assert_eq!(row(&one, r1.province), row(&two, r2.province));
    assert_eq!(
        row(&one, r1.enroll[3].member_id),
        row(&two, r2.enroll[3].member_id)
    );
}

#[test]
fn demo_binary_prints_redeemable_enroll_lines_and_enroll_code_works() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let bin = env!("CARGO_BIN_EXE_sotay-server");
    let out = Command::new(bin)
        .args(["demo", "--data"])
        .arg(&data)
        .output()
        .expect("run demo");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<Vec<&str>> = stdout.lines().map(|l| l.split(' ').collect()).collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    let roles: Vec<&str> = lines.iter().map(|l| l[1]).collect();
    assert_eq!(
        roles,
        [
            "province_officer",
            "cell_secretary",
            "member",
            "member",
            "other_member"
        ]
    );

    let again = Command::new(bin)
        .args(["demo", "--data"])
        .arg(&data)
        .output()
        .expect("run demo");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("đã có dữ liệu"));

    let code = Command::new(bin)
        .args(["enroll-code", "--member", lines[4][2], "--data"])
        .arg(&data)
        .output()
        .expect("run enroll-code");
    assert!(
        code.status.success(),
        "{}",
        String::from_utf8_lossy(&code.stderr)
    );
    let fresh = String::from_utf8(code.stdout)
        .expect("utf-8")
        .trim()
        .to_string();
    let unknown = Command::new(bin)
        .args(["enroll-code", "--member", "00000000", "--data"])
        .arg(&data)
        .output()
        .expect("run enroll-code");
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("không tìm thấy đảng viên"));

    let store = SqliteStore::open(data.join("sotay.db")).expect("open");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as u64;
    for l in &lines {
        assert_eq!(l[0], "enroll:");
        let e = store.enroll(l[3], "máy", now).expect("redeem printed code");
        assert_eq!(
            store.member_by_card(l[2]).expect("lookup"),
            Some(e.member_id)
        );
    }
    let e = store
        .enroll(&fresh, "máy", now)
        .expect("redeem enroll-code");
    assert_eq!(
        store.member_by_card(lines[4][2]).expect("lookup"),
        Some(e.member_id)
    );
}

#[test]
fn demo_has_tasks_at_each_level_some_overdue_and_a_member_sees_only_theirs() {
    use sotay_model::tasks::{derive, vn_day, Bucket, ProgressReport, Task, TaskReview};
    let (_dir, store) = store();
    let report = seed_demo(&store, NOW).expect("seed");
    let rows = everything(&store, &report.enroll[0].code);
    let of = |e: Entity| rows.values().filter(move |r| r.entity == e);
    let tasks: Vec<Task> = of(Entity::Task)
        .map(|r| Task::from_row(r).expect("valid task"))
        .collect();
    let reports: Vec<ProgressReport> = of(Entity::ProgressReport)
        .map(|r| ProgressReport::from_row(r).expect("valid report"))
        .collect();
    let reviews: Vec<TaskReview> = of(Entity::TaskReview)
        .map(|r| TaskReview::from_row(r).expect("valid review"))
        .collect();
    let today = vn_day(NOW);
    let bucket = |t: &Task| derive(t, &reports, &reviews, &today).bucket;
    let from_province: Vec<&Task> = tasks
        .iter()
        .filter(|t| t.assigner_org_id == report.province)
        .collect();
    assert_eq!(from_province.len(), 16, "two tasks to each of 8 districts");
    for b in [Bucket::Open, Bucket::OnTime, Bucket::Late, Bucket::Overdue] {
        assert!(
            from_province.iter().any(|t| bucket(t) == b),
            "no provincial task is {b:?}"
        );
    }
    assert!(tasks.iter().filter(|t| t.parent_id.is_some()).count() >= 2);
    assert!(tasks.iter().any(|t| t.assignee_id.is_some()));
    assert!(tasks
        .iter()
        .any(|t| t.source_kind == sotay_model::tasks::SourceKind::Conclusion));

    // A plain member of the demo cell holds their own tasks and the cell's, never
    // another member's elsewhere nor the districts'.
    let mine = everything(&store, &report.enroll[2].code);
    let held: Vec<Task> = mine
        .values()
        .filter(|r| r.entity == Entity::Task)
        .map(|r| Task::from_row(r).expect("task"))
        .collect();
    let me = report.enroll[2].member_id;
    assert!(held.iter().any(|t| t.assignee_id == Some(me)));
    let cell = held
        .iter()
        .find(|t| t.assignee_id == Some(me))
        .map(|t| t.org_id);
    assert!(held.iter().all(|t| Some(t.org_id) == cell));

    // Files: the province's plan on a district's task and the district's on its report,
    // a member's list on their report; each a stored PDF of the size and hash it names.
    use sha2::{Digest, Sha256};
    use sotay_model::tasks::TaskFile;
    let files: Vec<TaskFile> = of(Entity::TaskFile)
        .map(|r| TaskFile::from_row(r).expect("valid task file"))
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
    assert_eq!(files.iter().filter(|f| f.report_id.is_some()).count(), 2);
    for f in &files {
        let task = tasks.iter().find(|t| t.id == f.task_id).expect("its task");
        assert_eq!(f.org_id, task.org_id, "{}", f.name);
        let bytes = store
            .read_blob(&f.sha256, 0, f.size)
            .expect("read")
            .expect("stored");
        assert_eq!(bytes.len() as u64, f.size);
        assert_eq!(hex::encode(Sha256::digest(&bytes)), f.sha256);
        assert_pdf(&bytes, &f.name);
    }
    // A member of the demo cell holds the file on their cell's task, not the district's.
    let theirs: Vec<&RowState> = mine
        .values()
        .filter(|r| r.entity == Entity::TaskFile)
        .collect();
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].id("org_id"), cell);
}

#[test]
fn demo_has_a_committee_week_and_own_entries_kept_private() {
    use sotay_model::schedule::{PersonalEntry, ScheduleEntry};
    let (_dir, store) = store();
    let report = seed_demo(&store, NOW).expect("seed");
    let officer = everything(&store, &report.enroll[0].code);
    let committee: Vec<ScheduleEntry> = officer
        .values()
        .filter(|r| r.entity == Entity::ScheduleEntry)
        .map(|r| ScheduleEntry::from_row(r).expect("entry"))
        .collect();
    assert!(committee.iter().any(|e| e.org_id == report.province));
    assert!(committee.iter().any(|e| e.timing.recurrence.is_some()));
    // The plain member holds their own entries and the schedules above them; the
    // officer holds none of the member's own.
    let member = everything(&store, &report.enroll[2].code);
    let own: Vec<PersonalEntry> = member
        .values()
        .filter(|r| r.entity == Entity::PersonalEntry)
        .map(|r| PersonalEntry::from_row(r).expect("own"))
        .collect();
    assert_eq!(own.len(), 2);
    assert!(own.iter().all(|e| e.owner_id == report.enroll[2].member_id));
    assert!(member.values().any(|r| r.entity == Entity::ScheduleEntry));
    assert!(!officer.values().any(|r| r.entity == Entity::PersonalEntry));
}

#[test]
fn demo_has_a_dues_book_with_a_reversal_and_remittances_a_member_sees_only_theirs() {
    use sotay_model::dues::{allocate, DuesBasis, DuesPayment, DuesRemittance, DuesRule, Month};
    use sotay_model::tasks::vn_day;
    let (_dir, store) = store();
    let report = seed_demo(&store, NOW).expect("seed");
    // The provincial officer's office reads the whole province's books.
    let officer = everything(&store, &report.enroll[0].code);
    let of = |e: Entity| officer.values().filter(move |r| r.entity == e);
    let rules: Vec<DuesRule> = of(Entity::DuesRule)
        .map(|r| DuesRule::from_row(r).expect("valid rule"))
        .collect();
    assert_eq!(rules.len(), 4);
    assert!(rules.iter().all(|r| r.org_id == report.province));
    let bases: Vec<DuesBasis> = of(Entity::DuesBasis)
        .map(|r| DuesBasis::from_row(r).expect("valid basis"))
        .collect();
    assert!(
        bases.len() * 10 >= report.members * 9,
        "{} bases",
        bases.len()
    );
    let payments: Vec<DuesPayment> = of(Entity::DuesPayment)
        .map(|r| DuesPayment::from_row(r).expect("valid payment"))
        .collect();
    assert!(payments.len() >= report.members * 4, "{}", payments.len());
    // One wrong entry per cell, cancelled exactly by its reversal with a reason.
    let reversals: Vec<&DuesPayment> = payments.iter().filter(|p| p.reverses.is_some()).collect();
    assert!(!reversals.is_empty() && reversals.len() <= report.cells);
    for r in &reversals {
        assert!(!r.reason.is_empty());
        let o = payments
            .iter()
            .find(|p| Some(p.id) == r.reverses)
            .expect("the reversed payment");
        assert_eq!(
            (o.member_id, o.month, o.months),
            (r.member_id, r.month, r.months)
        );
        assert_eq!(o.amount_dong, -r.amount_dong);
        assert_eq!(r.id, DuesPayment::reversal_id(o.id));
    }
    // Some members owe the last months, a few paid ahead.
    let this_month = Month::of_day(&vn_day(NOW)).expect("month");
    let mut paid_to: BTreeMap<sotay_model::Id, Month> = BTreeMap::new();
    for p in payments.iter().filter(|p| p.reverses.is_none()) {
        let end = p.month.plus(p.months - 1);
        let e = paid_to.entry(p.member_id).or_insert(end);
        *e = (*e).max(end);
    }
    assert!(paid_to.values().any(|m| *m < this_month), "nobody owes");
    assert!(
        paid_to.values().any(|m| *m > this_month),
        "nobody paid ahead"
    );
    assert!(
        paid_to.values().filter(|m| **m == this_month).count() * 2 > paid_to.len(),
        "most members are paid up"
    );
    // Cells remit what they counted to the organisation above, month by month.
    let remitted: Vec<DuesRemittance> = of(Entity::DuesRemittance)
        .map(|r| DuesRemittance::from_row(r).expect("valid remittance"))
        .collect();
    assert!(remitted.len() >= report.cells * 6, "{}", remitted.len());
    let counted = allocate(payments.iter().filter(|p| p.org_id == remitted[0].org_id));
    assert!(remitted[0].amount_dong <= counted[&remitted[0].month]);

    // A plain member holds their own basis and payments, nobody else's, no remittance.
    let mine = everything(&store, &report.enroll[2].code);
    let me = report.enroll[2].member_id;
    let held: Vec<DuesPayment> = mine
        .values()
        .filter(|r| r.entity == Entity::DuesPayment)
        .map(|r| DuesPayment::from_row(r).expect("payment"))
        .collect();
    assert!(!held.is_empty());
    assert!(held.iter().all(|p| p.member_id == me));
    assert_eq!(
        mine.values()
            .filter(|r| r.entity == Entity::DuesBasis)
            .count(),
        1
    );
    assert!(mine.values().any(|r| r.entity == Entity::DuesRule));
    assert!(!mine.values().any(|r| r.entity == Entity::DuesRemittance));
}

#[test]
fn demo_dues_are_deterministic() {
    let dues = |e: &Entity| {
        matches!(
            e,
            Entity::DuesRule | Entity::DuesBasis | Entity::DuesPayment | Entity::DuesRemittance
        )
    };
    let book = || {
        let (_dir, store) = store();
        let report = seed_demo(&store, NOW).expect("seed");
        everything(&store, &report.enroll[0].code)
            .into_values()
            .filter(|r| dues(&r.entity))
            .collect::<Vec<RowState>>()
    };
    let one = book();
    assert!(one.len() > 1_000, "{} dues rows", one.len());
    assert_eq!(one, book());
}

/// The evaluation rows the provincial officer pulls, by entity.
fn evaluation_rows(store: &SqliteStore, code: &str) -> BTreeMap<sotay_model::Id, RowState> {
    everything(store, code)
        .into_iter()
        .filter(|(_, r)| {
            matches!(
                r.entity,
                Entity::SelfAssessment
                    | Entity::RatingProposal
                    | Entity::RatingDecision
                    | Entity::OrgRating
                    | Entity::Member
                    | Entity::Organisation
            )
        })
        .collect()
}

#[test]
fn demo_holds_last_years_evaluation_for_every_cell_within_the_share() {
    use sotay_model::evaluation::{
        share_ok, OrgRating, Rating, RatingDecision, RatingProposal, SelfAssessment,
    };
    use sotay_model::tasks::vn_day;
    let (_dir, store) = store();
    let report = seed_demo(&store, NOW).expect("seed");
    let year: u32 = vn_day(NOW)[..4].parse::<u32>().expect("year") - 1;
    let rows = evaluation_rows(&store, &report.enroll[0].code);
    let of = |e: Entity| rows.values().filter(move |r| r.entity == e);
    let orgs: BTreeMap<sotay_model::Id, Organisation> = of(Entity::Organisation)
        .map(|r| Organisation::from_row(r).expect("valid org"))
        .map(|o| (o.id, o))
        .collect();
    let members: Vec<Member> = of(Entity::Member)
        .map(|r| Member::from_row(r).expect("valid member"))
        .collect();
    let assessments: Vec<SelfAssessment> = of(Entity::SelfAssessment)
        .map(|r| SelfAssessment::from_row(r).expect("valid self-assessment"))
        .collect();
    let proposals: Vec<RatingProposal> = of(Entity::RatingProposal)
        .map(|r| RatingProposal::from_row(r).expect("valid proposal"))
        .collect();
    let decisions: Vec<RatingDecision> = of(Entity::RatingDecision)
        .map(|r| RatingDecision::from_row(r).expect("valid decision"))
        .collect();
    let ratings: Vec<OrgRating> = of(Entity::OrgRating)
        .map(|r| OrgRating::from_row(r).expect("valid rating"))
        .collect();
    assert!(assessments.iter().all(|a| a.year == year));
    assert!(decisions.iter().all(|d| d.year == year));
    assert!(ratings.iter().all(|r| r.year == year));
    // Every member who joined by the end of September is assessed and decided, at
    // their cell, with the derived ids; nobody who joined later.
    let rated_from = format!("{year}-10-01");
    for m in &members {
        let rated = m.joined_date < rated_from;
        let a = assessments.iter().find(|a| a.member_id == m.id);
        let d = decisions.iter().find(|d| d.member_id == m.id);
        assert_eq!(a.is_some(), rated, "{}'s self-assessment", m.full_name);
        assert_eq!(d.is_some(), rated, "{}'s decision", m.full_name);
        if let (Some(a), Some(d)) = (a, d) {
            assert_eq!((a.org_id, d.org_id), (m.cell_id, m.cell_id));
            assert_eq!(a.id, SelfAssessment::row_id(m.id, year));
            assert_eq!(d.id, RatingDecision::row_id(m.id, year));
            assert!(!a.results.trim().is_empty());
        }
    }
    assert!(assessments.len() * 10 >= members.len() * 9);
    // Plausible texts, varied by member: hardly two self-assessments alike.
    let distinct: HashSet<[&str; 6]> = assessments
        .iter()
        .map(|a| {
            [
                a.political.as_str(),
                a.ethics.as_str(),
                a.lifestyle.as_str(),
                a.results.as_str(),
                a.shortcomings.as_str(),
                a.direction.as_str(),
            ]
        })
        .collect();
    assert!(
        distinct.len() * 100 >= assessments.len() * 98,
        "{} distinct of {} self-assessments",
        distinct.len(),
        assessments.len()
    );
    assert!(assessments.iter().all(|a| a.results.chars().count() >= 30));
    // Every cell: its proposal (the decisions' ratings, within the share), its
    // decisions within the share, made by the grassroots committee above it.
    let cells: Vec<&Organisation> = orgs.values().filter(|o| o.kind == OrgKind::Cell).collect();
    assert_eq!(cells.len(), report.cells);
    let above = |mut o: sotay_model::Id| {
        let mut out = Vec::new();
        while let Some(p) = orgs.get(&o).and_then(|x| x.parent_id) {
            out.push(p);
            o = p;
        }
        out
    };
    for c in &cells {
        let mine: Vec<&RatingDecision> = decisions.iter().filter(|d| d.org_id == c.id).collect();
        assert!(!mine.is_empty(), "{} has no decisions", c.name);
        share_ok(mine.iter().map(|d| d.rating)).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        for d in &mine {
            assert!(above(c.id).contains(&d.decided_org_id));
            assert_eq!(orgs[&d.decided_org_id].kind, OrgKind::Grassroots);
        }
        let p = proposals
            .iter()
            .find(|p| p.org_id == c.id)
            .unwrap_or_else(|| panic!("{} has no proposal", c.name));
        assert_eq!(p.id, RatingProposal::row_id(c.id, year));
        assert_eq!(p.lines.len(), mine.len());
        for l in &p.lines {
            let d = mine
                .iter()
                .find(|d| d.member_id == l.member_id)
                .expect("a decision per proposed member");
            assert_eq!(d.rating, l.rating);
        }
    }
    assert_eq!(proposals.len(), cells.len());
    // Mostly "tốt", some "hoàn thành", a few "xuất sắc", rarely "không hoàn thành".
    let count = |r: Rating| decisions.iter().filter(|d| d.rating == r).count();
    let (excellent, good, completed, not_completed) = (
        count(Rating::Excellent),
        count(Rating::Good),
        count(Rating::Completed),
        count(Rating::NotCompleted),
    );
    assert!(good * 2 > decisions.len(), "{good} of {}", decisions.len());
    assert!(
        excellent > 0 && excellent * 5 <= good,
        "{excellent} excellent"
    );
    assert!(completed > 0 && completed < good, "{completed} completed");
    assert!(not_completed * 20 < decisions.len(), "{not_completed}");
    // Every cell and grassroots organisation rated by the level above, and the
    // organisations rated together within the share.
    for o in orgs
        .values()
        .filter(|o| matches!(o.kind, OrgKind::Cell | OrgKind::Grassroots))
    {
        let r = ratings
            .iter()
            .find(|r| r.org_id == o.id)
            .unwrap_or_else(|| panic!("{} is not rated", o.name));
        assert!(above(o.id).contains(&r.decided_org_id), "{}", o.name);
        let by = orgs[&r.decided_org_id].kind;
        let expected = match o.kind {
            OrgKind::Cell => OrgKind::Grassroots,
            _ => OrgKind::District,
        };
        assert_eq!(by, expected, "{}", o.name);
    }
    let mut together: BTreeMap<sotay_model::Id, Vec<Rating>> = BTreeMap::new();
    for r in &ratings {
        together.entry(r.decided_org_id).or_default().push(r.rating);
    }
    for (by, rs) in &together {
        share_ok(rs.iter().copied()).unwrap_or_else(|e| panic!("{}: {e}", orgs[by].name));
    }

    // A plain member: their own self-assessment only; their cell's decisions, proposal
    // and rating; nothing of another cell.
    let me = report.enroll[2].member_id;
    let cell = members
        .iter()
        .find(|m| m.id == me)
        .map(|m| m.cell_id)
        .expect("the member");
    let mine = everything(&store, &report.enroll[3].code);
    let entities = |e: Entity| mine.values().filter(move |r| r.entity == e);
    let own: Vec<SelfAssessment> = entities(Entity::SelfAssessment)
        .map(|r| SelfAssessment::from_row(r).expect("valid"))
        .collect();
    assert!(own
        .iter()
        .all(|a| a.member_id == report.enroll[3].member_id));
    assert!(entities(Entity::RatingDecision).all(|r| r.org_id == cell));
    assert_eq!(
        entities(Entity::RatingDecision).count(),
        decisions.iter().filter(|d| d.org_id == cell).count()
    );
    assert_eq!(entities(Entity::RatingProposal).count(), 1);
    assert!(entities(Entity::RatingProposal).all(|r| r.org_id == cell));
    assert!(entities(Entity::OrgRating).all(|r| r.org_id == cell));
    assert_eq!(entities(Entity::OrgRating).count(), 1);
}

#[test]
fn demo_evaluation_is_deterministic() {
    let book = || {
        let (_dir, store) = store();
        let report = seed_demo(&store, NOW).expect("seed");
        evaluation_rows(&store, &report.enroll[0].code)
            .into_values()
            .filter(|r| !matches!(r.entity, Entity::Member | Entity::Organisation))
            .collect::<Vec<RowState>>()
    };
    let one = book();
    assert!(one.len() > 1_000, "{} evaluation rows", one.len());
    assert_eq!(one, book());
}

/// The rows of issue 16's entities among what a device pulled, live or deleted.
fn exchange_rows(pulled: &BTreeMap<sotay_model::Id, RowState>) -> Vec<RowState> {
    pulled
        .values()
        .filter(|r| {
            matches!(
                r.entity,
                Entity::Announcement
                    | Entity::AnnouncementRead
                    | Entity::Comment
                    | Entity::Question
                    | Entity::Answer
                    | Entity::FaqEntry
                    | Entity::Draft
                    | Entity::Opinion
            )
        })
        .cloned()
        .collect()
}

#[test]
fn demo_has_announcements_read_in_part_a_discussion_answered_questions_and_an_open_draft() {
    use sotay_model::exchange::{
        Announcement, AnnouncementRead, Answer, Comment, Draft, FaqEntry, Opinion, Question,
        TargetKind,
    };
    use sotay_model::tasks::vn_day;
    use std::collections::BTreeSet;
    let (_dir, store) = store();
    let report = seed_demo(&store, NOW).expect("seed");
    let e = &report.exchange;
    assert_eq!(
        (
            e.announcements,
            e.comments,
            e.questions,
            e.answers,
            e.faq_entries,
            e.opinions
        ),
        (3, 5, 4, 3, 2, 5)
    );
    let today = vn_day(NOW);
    // The provincial officer's office reads every copy, receipt, comment, entry, draft
    // and opinion of the province (not the questions, private to their committee).
    let officer = everything(&store, &report.enroll[0].code);
    let orgs: BTreeMap<sotay_model::Id, Organisation> = officer
        .values()
        .filter(|r| r.entity == Entity::Organisation)
        .map(|r| Organisation::from_row(r).expect("org"))
        .map(|o| (o.id, o))
        .collect();
    let above = |org: sotay_model::Id, of: sotay_model::Id| {
        let mut x = Some(of);
        while let Some(o) = x {
            if o == org {
                return true;
            }
            x = orgs.get(&o).and_then(|o| o.parent_id);
        }
        false
    };
    let members: BTreeMap<sotay_model::Id, Member> = officer
        .values()
        .filter(|r| r.entity == Entity::Member)
        .map(|r| Member::from_row(r).expect("member"))
        .map(|m| (m.id, m))
        .collect();
    let rows = exchange_rows(&officer);
    let of = |e: Entity| rows.iter().filter(move |r| r.entity == e);
    let copies: Vec<Announcement> = of(Entity::Announcement)
        .map(|r| Announcement::from_row(r).expect("valid copy"))
        .collect();
    assert_eq!(copies.len(), 3);
    for c in &copies {
        assert_eq!(c.id, Announcement::row_id(c.batch_id, c.org_id));
        assert!(
            above(c.sender_org_id, c.org_id),
            "{} sent sideways",
            c.title
        );
    }
    let from_province: Vec<&Announcement> = copies
        .iter()
        .filter(|c| c.org_id == report.province)
        .collect();
    assert_eq!(from_province.len(), 1);
    assert_eq!(from_province[0].reminders, 1);
    let district: Vec<&Announcement> = copies
        .iter()
        .filter(|c| c.org_id != report.province)
        .collect();
    assert_eq!(district.len(), 2);
    assert_eq!(district[0].batch_id, district[1].batch_id);
    assert!(district.iter().all(|c| c
        .must_read_by
        .as_deref()
        .is_some_and(|d| d > today.as_str())));
    // Receipts: valid, and per receiving cell neither none nor all.
    let receipts: Vec<AnnouncementRead> = of(Entity::AnnouncementRead)
        .map(|r| AnnouncementRead::from_row(r).expect("valid receipt"))
        .collect();
    let copy_org: BTreeMap<_, _> = copies.iter().map(|c| (c.id, c.org_id)).collect();
    let mut per: BTreeMap<(sotay_model::Id, sotay_model::Id), usize> = BTreeMap::new();
    for r in &receipts {
        assert_eq!(
            r.id,
            AnnouncementRead::row_id(r.announcement_id, r.member_id)
        );
        assert_eq!(members[&r.member_id].cell_id, r.org_id);
        assert!(above(copy_org[&r.announcement_id], r.org_id));
        *per.entry((r.announcement_id, r.org_id)).or_default() += 1;
    }
    assert_eq!(per.len(), 4, "two cells read each copy");
    for ((_, cell), n) in &per {
        let size = members.values().filter(|m| m.cell_id == *cell).count();
        assert!(*n > 0 && *n < size, "{n} of {size} read");
    }
    // The discussion: on a copy and on a document, a reply in each, one hidden.
    let comments: Vec<&RowState> = of(Entity::Comment).collect();
    assert_eq!(comments.len(), 5);
    let hidden: Vec<&&RowState> = comments.iter().filter(|r| r.tombstone.is_some()).collect();
    assert_eq!(hidden.len(), 1);
    assert_eq!(hidden[0].str("body"), Some(""));
    assert!(hidden[0]
        .str("hidden_reason")
        .is_some_and(|r| !r.is_empty()));
    let live: Vec<Comment> = comments
        .iter()
        .filter(|r| r.tombstone.is_none())
        .map(|r| Comment::from_row(r).expect("valid comment"))
        .collect();
    for c in &live {
        let item = officer.get(&c.target_id).expect("the item commented on");
        assert_eq!(
            (item.entity, item.org_id),
            (c.target_kind.item_entity(), c.org_id)
        );
        if let Some(parent) = c.reply_to {
            assert!(live
                .iter()
                .any(|p| p.id == parent && p.target_id == c.target_id));
        }
    }
    let kinds: BTreeSet<_> = live
        .iter()
        .map(|c| format!("{:?}", c.target_kind))
        .collect();
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    assert!(live
        .iter()
        .any(|c| c.target_kind == TargetKind::Document && c.reply_to.is_some()));
    // Published entries under their questions' ids, one at a district, one at a cell.
    let faq: Vec<FaqEntry> = of(Entity::FaqEntry)
        .map(|r| FaqEntry::from_row(r).expect("valid entry"))
        .collect();
    assert_eq!(faq.len(), 2);
    let levels: BTreeSet<String> = faq
        .iter()
        .map(|f| format!("{:?}", orgs[&f.org_id].kind))
        .collect();
    assert_eq!(levels, BTreeSet::from(["Cell".into(), "District".into()]));
    for f in &faq {
        let q = f.question_id.expect("published from a question");
        assert_eq!(f.id, FaqEntry::row_id(q));
    }
    // One open draft of a district, private opinions on two sections, in time.
    let drafts: Vec<Draft> = of(Entity::Draft)
        .map(|r| Draft::from_row(r).expect("valid draft"))
        .collect();
    assert_eq!(drafts.len(), 1);
    let d = &drafts[0];
    assert!(d.deadline > today && !d.opinions_visible);
    assert!(orgs[&d.org_id].parent_id == Some(report.province));
    let opinions: Vec<Opinion> = of(Entity::Opinion)
        .map(|r| Opinion::from_row(r).expect("valid opinion"))
        .collect();
    assert_eq!(opinions.len(), 5);
    let sections: BTreeSet<&str> = opinions.iter().map(|o| o.section_key.as_str()).collect();
    assert_eq!(sections, BTreeSet::from(["1", "2"]));
    for o in &opinions {
        assert_eq!(o.id, Opinion::row_id(d.id, &o.section_key, o.author_id));
        assert!(d.open_at(o.written_ms) && d.section(&o.section_key).is_some());
        assert!(above(d.org_id, members[&o.author_id].cell_id));
    }

    // Questions are the asker's and their committee's: the cell's secretary holds the
    // cell's two and their own to the district; a plain member only their own.
    let count = |rows: &[RowState], e: Entity| rows.iter().filter(|r| r.entity == e).count();
    let secretary = exchange_rows(&everything(&store, &report.enroll[1].code));
    assert_eq!(count(&secretary, Entity::Question), 3);
    assert_eq!(count(&secretary, Entity::Answer), 2);
    let member = exchange_rows(&everything(&store, &report.enroll[2].code));
    let me = report.enroll[2].member_id;
    let questions: Vec<Question> = member
        .iter()
        .filter(|r| r.entity == Entity::Question)
        .map(|r| Question::from_row(r).expect("question"))
        .collect();
    assert_eq!(questions.len(), 1);
    assert_eq!(questions[0].asker_id, me);
    let answers: Vec<Answer> = member
        .iter()
        .filter(|r| r.entity == Entity::Answer)
        .map(|r| Answer::from_row(r).expect("answer"))
        .collect();
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].id, Answer::row_id(questions[0].id));
    // The member reads both entries, the draft and no one's opinion (they gave none),
    // and has not read the district's announcement yet.
    assert_eq!(count(&member, Entity::FaqEntry), 2);
    assert_eq!(count(&member, Entity::Draft), 1);
    assert_eq!(count(&member, Entity::Opinion), 0);
    assert!(!member.iter().any(|r| r.entity == Entity::AnnouncementRead
        && r.id("announcement_id") != Some(from_province[0].id)));
    let other = exchange_rows(&everything(&store, &report.enroll[3].code));
    assert!(count(&other, Entity::Opinion) >= 1);
    assert!(other
        .iter()
        .filter(|r| r.entity == Entity::Opinion)
        .all(|r| r.id("author_id") == Some(report.enroll[3].member_id)));
}

#[test]
fn demo_exchange_is_deterministic() {
    let rows = || {
        let (_dir, store) = store();
        let report = seed_demo(&store, NOW).expect("seed");
        exchange_rows(&everything(&store, &report.enroll[0].code))
    };
    let one = rows();
    assert!(one.len() > 10, "{} exchange rows", one.len());
    assert_eq!(one, rows());
}

/// The PDF is well formed enough for a reader: header, one trailer, and a
/// cross-reference table whose every offset points at its object.
fn assert_pdf(bytes: &[u8], name: &str) {
    let text = String::from_utf8_lossy(bytes);
    assert!(text.starts_with("%PDF-1."), "{name} lacks the PDF header");
    assert!(text.trim_end().ends_with("%%EOF"), "{name} lacks %%EOF");
    let start: usize = text
        .rsplit_once("startxref\n")
        .and_then(|(_, tail)| tail.lines().next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("{name} has no startxref"));
    let table = &text[start..];
    assert!(table.starts_with("xref\n0 "), "{name}: startxref is off");
    for (k, entry) in table
        .lines()
        .skip(3)
        .take_while(|l| l.ends_with(" n "))
        .enumerate()
    {
        let offset: usize = entry[..10].parse().expect("offset");
        assert!(
            text[offset..].starts_with(&format!("{} 0 obj", k + 1)),
            "{name}: object {} is not at {offset}",
            k + 1
        );
    }
    let length = text
        .split_once("/Length ")
        .and_then(|(_, t)| t.split_once(' '))
        .and_then(|(n, _)| n.parse::<usize>().ok())
        .expect("stream length");
    let stream = text.split_once("stream\n").expect("stream").1;
    assert!(
        stream[length..].starts_with("endstream"),
        "{name}: /Length is off"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_library_has_real_documents_pdf_files_a_member_downloads_and_study_progress() {
    use sha2::{Digest, Sha256};
    use sotay_model::library::documents::{DocKind, DocStatus, Document};
    use sotay_model::study::{Attachment, ReadMark, StudyAssignment};
    use sotay_model::tasks::vn_day;
    use std::collections::BTreeSet;
    use std::sync::Arc;
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(SqliteStore::open(dir.path().join("sotay.db")).expect("open"));
    let report = seed_demo(store.as_ref(), NOW).expect("seed");
    let officer = everything(&store, &report.enroll[0].code);
    let of = |e: Entity| officer.values().filter(move |r| r.entity == e);
    let docs: Vec<Document> = of(Entity::Document)
        .filter(|r| r.tombstone.is_none())
        .map(|r| Document::from_row(r).expect("valid document"))
        .collect();
    assert!(docs.len() >= 30, "{} documents", docs.len());
    // Real central documents, each number once (35-CT/TW of the exchange included).
    let numbers: Vec<&str> = docs.iter().map(|d| d.number.as_str()).collect();
    let distinct: BTreeSet<&str> = numbers.iter().copied().collect();
    assert_eq!(distinct.len(), numbers.len(), "a number seeded twice");
    for n in [
        "57-NQ/TW",
        "21-NQ/TW",
        "05-CT/TW",
        "37-QĐ/TW",
        "144-QĐ/TW",
        "12-HD/BTCTW",
        "35-CT/TW",
    ] {
        assert!(distinct.contains(n), "{n} is missing");
    }
    let central = docs
        .iter()
        .filter(|d| d.number.ends_with("/TW") || d.number.ends_with("/BTCTW"))
        .count();
    assert!(central >= 30, "{central} central documents");
    let kinds: BTreeSet<DocKind> = docs.iter().map(|d| d.kind).collect();
    assert_eq!(kinds.len(), DocKind::ALL.len(), "{kinds:?}");
    assert!(docs.iter().any(|d| d.status == DocStatus::Replaced));
    let issuers: BTreeSet<sotay_model::Id> = docs.iter().map(|d| d.org_id).collect();
    assert!(
        issuers.len() >= 4,
        "{} issuing organisations",
        issuers.len()
    );
    let years: BTreeSet<&str> = docs.iter().map(|d| &d.issued_on[..4]).collect();
    assert!(years.len() >= 6, "{years:?}");
    assert!(docs.iter().all(|d| !d.summary.is_empty()));
    assert!(docs.iter().filter(|d| !d.body.is_empty()).count() >= 8);
    // The made-up documents of the demo province say so; the real ones do not.
    let made_up = docs
        .iter()
        .filter(|d| d.summary.contains("giả định"))
        .count();
    assert_eq!(made_up + central, docs.len());
    let today = vn_day(NOW);

    // Attachments: each blob held, of the row's size and hash, a PDF.
    let attachments: Vec<Attachment> = of(Entity::Attachment)
        .map(|r| Attachment::from_row(r).expect("valid attachment"))
        .collect();
    assert!(attachments.len() >= 4, "{} attachments", attachments.len());
    for a in &attachments {
        let d = docs
            .iter()
            .find(|d| d.id == a.document_id)
            .expect("the attachment's document");
        assert_eq!(a.org_id, d.org_id);
        assert_eq!(a.mime, "application/pdf");
        assert_eq!(store.blob_size(&a.sha256).expect("size"), Some(a.size));
        let bytes = store
            .read_blob(&a.sha256, 0, a.size + 10)
            .expect("read")
            .expect("the blob is held");
        assert_eq!(bytes.len() as u64, a.size);
        assert_eq!(hex::encode(Sha256::digest(&bytes)), a.sha256);
        assert_pdf(&bytes, &a.name);
    }

    // Study: the province's assignments and the district's, due around now, one late.
    let assignments: Vec<StudyAssignment> = of(Entity::StudyAssignment)
        .map(|r| StudyAssignment::from_row(r).expect("valid assignment"))
        .collect();
    assert!(
        assignments
            .iter()
            .filter(|a| a.org_id == report.province)
            .count()
            >= 3
    );
    assert!(assignments.iter().any(|a| a.org_id != report.province));
    assert!(assignments.iter().any(|a| a.due_on < today));
    assert!(assignments.iter().any(|a| a.due_on > today));
    let members: BTreeMap<sotay_model::Id, Member> = of(Entity::Member)
        .map(|r| Member::from_row(r).expect("member"))
        .map(|m| (m.id, m))
        .collect();
    let marks: Vec<ReadMark> = of(Entity::ReadMark)
        .map(|r| ReadMark::from_row(r).expect("valid read mark"))
        .collect();
    assert!(marks.len() >= 20, "{} read marks", marks.len());
    for m in &marks {
        assert_eq!(m.id, ReadMark::row_id(m.member_id, m.document_id));
        assert_eq!(members[&m.member_id].cell_id, m.org_id);
        assert!(m.opened_ms < NOW && m.finished_ms.is_none_or(|f| f > m.opened_ms));
    }
    // In the demo cell, for each assigned document some have read it, never everyone;
    // the demo's member to try has read nothing yet.
    let me = report.enroll[2].member_id;
    let cell = members[&me].cell_id;
    let size = members.values().filter(|m| m.cell_id == cell).count();
    assert!(!marks.iter().any(|m| m.member_id == me));
    for a in assignments.iter().filter(|a| a.org_id == report.province) {
        let read = marks
            .iter()
            .filter(|m| m.document_id == a.document_id && m.org_id == cell)
            .count();
        assert!(read > 0 && read < size, "{read} of {size} read");
    }
    assert!(marks.iter().any(|m| m.finished_ms.is_some()));

    // A member of the demo cell pulls the documents, their files and their cell's
    // marks, and downloads a file over HTTP; a member of another district gets the
    // province's files but not the district's.
    let mine = everything(&store, &report.enroll[3].code);
    let held = |rows: &BTreeMap<sotay_model::Id, RowState>, e: Entity| {
        rows.values().filter(|r| r.entity == e).count()
    };
    assert_eq!(held(&mine, Entity::Document), docs.len());
    assert_eq!(held(&mine, Entity::Attachment), attachments.len());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(sotay_server::serve(
        listener,
        sotay_server::AppState::with(
            store.clone(),
            sotay_server::Limits::default(),
            Arc::new(|| NOW),
        ),
        std::future::pending::<()>(),
    ));
    let http = reqwest::Client::new();
    let get = |cred: String, sha: String| {
        http.get(format!("{url}/v1/blobs/{sha}"))
            .bearer_auth(cred)
            .send()
    };
    let member = store
        .enroll(&report.enroll[1].code, "máy bí thư", NOW)
        .expect("enroll");
    let other = store
        .enroll(&report.enroll[4].code, "máy khác", NOW)
        .expect("enroll");
    for a in &attachments {
        let got = get(member.credential.clone(), a.sha256.clone())
            .await
            .expect("get");
        assert_eq!(got.status(), 200, "{}", a.name);
        let bytes = got.bytes().await.expect("body");
        assert_eq!(hex::encode(Sha256::digest(&bytes)), a.sha256);
        let province_file = a.org_id == report.province;
        let theirs = get(other.credential.clone(), a.sha256.clone())
            .await
            .expect("get");
        assert_eq!(theirs.status() == 200, province_file, "{}", a.name);
    }
    assert!(attachments.iter().any(|a| a.org_id != report.province));
}

/// The same demo on PostgreSQL (when `SOTAY_TEST_PG` names one): the library's rows
/// are accepted, its files are held with their hashes, and a second seed is refused.
#[test]
fn demo_library_seeds_on_postgres_too() {
    use sha2::{Digest, Sha256};
    use sotay_model::study::Attachment;
    use sotay_server::postgres::PgConfig;
    let Ok(url) = std::env::var("SOTAY_TEST_PG") else {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: set SOTAY_TEST_PG to seed the demo on PostgreSQL"
        );
        return;
    };
    let config: PgConfig = url.parse().expect("SOTAY_TEST_PG is a PostgreSQL URL");
    let schema = format!("sotay_demo_{:016x}", rand::random::<u64>());
    let mut admin = config.connect(postgres::NoTls).expect("connect");
    admin
        .batch_execute(&format!("CREATE SCHEMA {schema}"))
        .expect("create schema");
    struct DropSchema(PgConfig, String);
    impl Drop for DropSchema {
        fn drop(&mut self) {
            if let Ok(mut c) = self.0.connect(postgres::NoTls) {
                let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.1));
            }
        }
    }
    let _drop = DropSchema(config.clone(), schema.clone());
    let mut c = config.clone();
    c.options(&format!("-c search_path={schema}"));
    let store = sotay_server::PgStore::connect(c, 4).expect("open PgStore");
    let report = seed_demo(&store, NOW).expect("seed on PostgreSQL");
    let dev = store
        .enroll(&report.enroll[0].code, "máy thử", NOW)
        .expect("enroll");
    let rows = pull_all(&store, dev.device_id, Cursor::default()).1;
    let count = |e: Entity| rows.values().filter(|r| r.entity == e).count();
    assert!(count(Entity::Document) >= 30);
    assert!(count(Entity::StudyAssignment) >= 4);
    assert!(count(Entity::ReadMark) >= 20);
    let attachments: Vec<Attachment> = rows
        .values()
        .filter(|r| r.entity == Entity::Attachment)
        .map(|r| Attachment::from_row(r).expect("attachment"))
        .collect();
    assert!(attachments.len() >= 4);
    for a in &attachments {
        let bytes = store
            .read_blob(&a.sha256, 0, a.size)
            .expect("read")
            .expect("held");
        assert_eq!(hex::encode(Sha256::digest(&bytes)), a.sha256);
        assert!(bytes.starts_with(b"%PDF-"));
    }
    assert!(matches!(seed_demo(&store, NOW), Err(DemoError::NotEmpty)));
}

#[test]
fn demo_cell_has_a_transfer_to_confirm_and_a_temporary_one_confirmed() {
    use sotay_model::transfers::{TransferIn, TransferKind, TransferStatus};
    let (_dir, store) = store();
    let report = seed_demo(&store, NOW).expect("seed");
    // The demo cell's secretary holds both copies; nobody moved.
    let secretary = everything(&store, &report.enroll[1].code);
    let copies: Vec<TransferIn> = secretary
        .values()
        .filter(|r| r.entity == Entity::TransferIn)
        .map(|r| TransferIn::from_row(r).expect("copy"))
        .collect();
    let mut seen: Vec<(TransferKind, TransferStatus)> =
        copies.iter().map(|c| (c.0.kind, c.0.status)).collect();
    seen.sort_by_key(|s| format!("{s:?}"));
    assert_eq!(
        seen,
        vec![
            (TransferKind::Official, TransferStatus::Issued),
            (TransferKind::Temporary, TransferStatus::Confirmed),
        ]
    );
    for c in &copies {
        let member = store.row(c.0.member_id).expect("row").expect("member");
        assert_eq!(
            member.row.id("cell_id"),
            Some(c.0.from_org_id),
            "stays home"
        );
        let sent = store.row(c.0.transfer_id).expect("row").expect("sent");
        assert_eq!(
            sent.row.fields["status"].value,
            serde_json::json!(c.0.status)
        );
        assert!(
            !secretary.contains_key(&c.0.member_id),
            "not the cell's member"
        );
    }
    // A plain member of the demo cell reads neither.
    let member = everything(&store, &report.enroll[2].code);
    assert!(!member.values().any(|r| r.entity == Entity::TransferIn));
}

/// The inspection rows a device pulls, by kind (issue 17).
fn inspection_rows(store: &impl Store, code: &str) -> BTreeMap<Entity, Vec<RowState>> {
    let dev = store.enroll(code, "máy thử", NOW).expect("enroll");
    let rows = pull_all(store, dev.device_id, Cursor::default()).1;
    let mut out: BTreeMap<Entity, Vec<RowState>> = BTreeMap::new();
    for r in rows.into_values() {
        if sotay_server::inspection::owns(r.entity) || r.entity == Entity::Position {
            out.entry(r.entity).or_default().push(r);
        }
    }
    out
}

/// This year's plan with a concluded case, its notices and recommendation tasks, a
/// case still worked and one reprimand, each seen by exactly the logins it should be.
fn check_demo_inspection(store: &impl Store) {
    use sotay_model::entities::{Position, PositionTitle};
    use sotay_model::inspection::{
        CaseNote, CaseStatus, Discipline, DisciplineForm, Inspection, InspectionKind,
        InspectionNotice, InspectionPlan, NoteKind,
    };
    use sotay_model::tasks::{vn_day, ProgressReport, SourceKind, Task};
    let report = seed_demo(store, NOW).expect("seed");
    let year: u32 = vn_day(NOW)[..4].parse().expect("year");
    let dev = store
        .enroll(&report.enroll[0].code, "máy thử", NOW)
        .expect("enroll");
    let all = pull_all(store, dev.device_id, Cursor::default()).1;
    let of = |e: Entity| {
        all.values()
            .filter(move |r| r.entity == e && r.tombstone.is_none())
    };

    let plans: Vec<InspectionPlan> = of(Entity::InspectionPlan)
        .map(|r| InspectionPlan::from_row(r).expect("plan"))
        .collect();
    assert_eq!(plans.len(), 1, "one plan: the demo district's");
    let plan = &plans[0];
    assert_eq!(plan.year, year, "this year's");
    let district = plan.org_id;
    let cases: Vec<Inspection> = of(Entity::Inspection)
        .map(|r| Inspection::from_row(r).expect("case"))
        .collect();
    assert_eq!(cases.len(), 2);
    assert!(cases
        .iter()
        .all(|c| c.plan_id == plan.id && c.org_id == district && c.in_year(year)));
    let done = cases
        .iter()
        .find(|c| c.status == CaseStatus::Concluded)
        .expect("a concluded case");
    assert_eq!(done.kind, InspectionKind::ThematicSupervision);
    assert_eq!(done.subject_org_ids.len(), 2, "two cells");
    assert!(done.conclusion.contains("Thông báo kết luận"));
    assert!(
        cases.iter().any(|c| c.status == CaseStatus::Working),
        "a case still worked"
    );
    let notes: Vec<CaseNote> = of(Entity::CaseNote)
        .map(|r| CaseNote::from_row(r).expect("note"))
        .filter(|n| n.inspection_id == done.id)
        .collect();
    let count = |k: NoteKind| notes.iter().filter(|n| n.kind == k).count();
    assert!(count(NoteKind::Schedule) >= 1);
    assert_eq!(count(NoteKind::Received), 1);
    assert_eq!(count(NoteKind::Finding), 2);
    assert_eq!(
        notes.iter().filter(|n| n.violation).count(),
        1,
        "one violation"
    );
    let notices: Vec<InspectionNotice> = of(Entity::InspectionNotice)
        .map(|r| InspectionNotice::from_row(r).expect("notice"))
        .collect();
    for cell in &done.subject_org_ids {
        assert!(
            notices
                .iter()
                .any(|n| n.org_id == *cell && n.member_id.is_none()),
            "notified to both cells"
        );
    }
    let member = report.enroll[2].member_id;
    assert!(done.subject_member_ids.contains(&member));
    assert!(
        notices.iter().any(|n| n.member_id == Some(member)),
        "and to the demo member"
    );
    let tasks: Vec<Task> = of(Entity::Task)
        .map(|r| Task::from_row(r).expect("task"))
        .filter(|t| t.source_kind == SourceKind::Inspection)
        .collect();
    assert_eq!(tasks.len(), 2, "one recommendation per cell");
    for t in &tasks {
        assert_eq!(
            (t.assigner_org_id, t.assignee_id, t.source_id),
            (district, None, Some(done.id))
        );
        assert!(done.subject_org_ids.contains(&t.org_id));
        assert!(
            t.source_text.starts_with("Kết luận giám sát"),
            "{}",
            t.source_text
        );
    }
    let finished: Vec<ProgressReport> = of(Entity::ProgressReport)
        .map(|r| ProgressReport::from_row(r).expect("report"))
        .filter(|r| r.finished && tasks.iter().any(|t| t.id == r.task_id))
        .collect();
    assert_eq!(finished.len(), 1, "one reported done");
    let records: Vec<Discipline> = of(Entity::Discipline)
        .map(|r| Discipline::from_row(r).expect("record"))
        .collect();
    assert_eq!(records.len(), 1);
    let rec = &records[0];
    assert_eq!(rec.form, DisciplineForm::Reprimand);
    assert_eq!(rec.decided_by_org_id, district);
    assert!(!rec.decision_no.is_empty());
    let disciplined = rec.member_id.expect("a member's record");
    assert!(
        report.enroll.iter().all(|e| e.member_id != disciplined),
        "no login is disciplined"
    );
    assert!(
        done.subject_org_ids.contains(&rec.org_id),
        "a member of a supervised cell"
    );
    let posts: Vec<(PositionTitle, sotay_model::Id)> = of(Entity::Position)
        .map(|r| Position::from_row(r).expect("post"))
        .filter(|p| p.title.on_inspection_committee())
        .map(|p| (p.title, p.org_id))
        .collect();
    assert!(posts.contains(&(PositionTitle::InspectionChair, report.province)));
    assert!(posts.contains(&(PositionTitle::InspectionChair, district)));
    assert!(posts.contains(&(PositionTitle::InspectionMember, district)));
    assert_eq!(posts.len(), 4, "{posts:?}");

    // The logins: the demo cell's secretary has its notices (and its member's record),
    // never the case; the demo member their own notice; the others nothing.
    let case_kinds = [
        Entity::InspectionPlan,
        Entity::Inspection,
        Entity::CaseNote,
        Entity::CaseFile,
    ];
    let secretary = inspection_rows(store, &report.enroll[1].code);
    for e in case_kinds {
        assert!(
            !secretary.contains_key(&e),
            "the cell's secretary holds no {e:?}"
        );
    }
    let sec_notices = secretary.get(&Entity::InspectionNotice).map_or(0, Vec::len);
    assert_eq!(sec_notices, 2, "the cell's notice and its member's");
    let demo_cell = notices
        .iter()
        .find(|n| n.member_id == Some(member))
        .map(|n| n.org_id)
        .expect("member notice");
    let sec_records = secretary.get(&Entity::Discipline).map_or(0, Vec::len);
    assert_eq!(sec_records, usize::from(rec.org_id == demo_cell));
    let mine = inspection_rows(store, &report.enroll[2].code);
    let mine: Vec<&RowState> = mine
        .iter()
        .filter(|(e, _)| **e != Entity::Position)
        .flat_map(|(_, v)| v)
        .collect();
    assert_eq!(mine.len(), 1, "the demo member: their notice");
    assert_eq!(mine[0].id("member_id"), Some(member));
    for login in [&report.enroll[3], &report.enroll[4]] {
        let rows = inspection_rows(store, &login.code);
        assert!(
            rows.keys().all(|e| *e == Entity::Position),
            "{}: {:?}",
            login.role,
            rows.keys()
        );
    }
}

#[test]
fn demo_has_a_years_inspection_plan_a_concluded_case_and_a_reprimand() {
    let (_dir, store) = store();
    check_demo_inspection(&store);
}

/// The same on PostgreSQL, when `SOTAY_TEST_PG` names one.
#[test]
fn demo_inspection_seeds_on_postgres_too() {
    use sotay_server::postgres::PgConfig;
    let Ok(url) = std::env::var("SOTAY_TEST_PG") else {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: set SOTAY_TEST_PG to seed the demo on PostgreSQL"
        );
        return;
    };
    let config: PgConfig = url.parse().expect("SOTAY_TEST_PG is a PostgreSQL URL");
    let schema = format!("sotay_demo_{:016x}", rand::random::<u64>());
    let mut admin = config.connect(postgres::NoTls).expect("connect");
    admin
        .batch_execute(&format!("CREATE SCHEMA {schema}"))
        .expect("create schema");
    struct DropSchema(PgConfig, String);
    impl Drop for DropSchema {
        fn drop(&mut self) {
            if let Ok(mut c) = self.0.connect(postgres::NoTls) {
                let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.1));
            }
        }
    }
    let _drop = DropSchema(config.clone(), schema.clone());
    let mut c = config.clone();
    c.options(&format!("-c search_path={schema}"));
    let store = sotay_server::PgStore::connect(c, 4).expect("open PgStore");
    check_demo_inspection(&store);
}
