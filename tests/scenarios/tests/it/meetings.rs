//! Issue 6: a meeting of 40 members on a real server with 14 replicas. The secretary
//! and 10 members are offline; members check in with the code the secretary's device
//! shows (on time, late, or mistyped), the secretary marks offline (some stale), the
//! deputy secretary marks and corrects online, and both correct one check-in. The
//! devices then sync in an order drawn from the seed, 20 seeds: every device ends
//! with the same list, equal to the server's and to the rule applied to what the test
//! did (the oracle below). No sleeps, no timing assertions: devices sync when told.

use crate::cell;

use cell::{Cell, Device, MEMBERS};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sotay_model::api::{requests, Request};
use sotay_model::meetings::api::NewMeeting;
use sotay_model::meetings::{slot_of, Absence, Attendance, MeetingKind, GRACE_MS, SLOT_MS};
use sotay_model::Id;
use std::collections::BTreeMap;

const DAY: u64 = 86_400_000;
const T0: u64 = 1_796_000_000_000;

/// What the test did to one member, to derive the expected line by the stated rule.
#[derive(Default, Clone)]
struct Intent {
    /// Accepted check-ins: (check-in id, slot).
    check_ins: Vec<(Id, u64)>,
    /// Marks: (wall time of the stamp, attendance, overridden check-in).
    marks: Vec<(u64, Attendance, Option<Id>)>,
}

fn expected(start: u64, intent: &Intent) -> Option<Attendance> {
    let overridden = |c: &Id| intent.marks.iter().any(|m| m.2 == Some(*c));
    if let Some(&(_, slot)) = intent
        .check_ins
        .iter()
        .filter(|c| !overridden(&c.0))
        .min_by_key(|c| (c.1, c.0))
    {
        return Some(if slot * SLOT_MS > start + GRACE_MS {
            Attendance::Late
        } else {
            Attendance::Present
        });
    }
    intent.marks.iter().max_by_key(|m| m.0).map(|m| m.1)
}

fn random_mark(rng: &mut StdRng) -> Attendance {
    match rng.gen_range(0..4) {
        0 => Attendance::Present,
        1 => Attendance::Late,
        2 => Attendance::Absent(Absence::Excused),
        _ => Attendance::Absent(Absence::Unexcused),
    }
}

async fn mark(d: &Device, meeting: Id, member: Id, a: Attendance, overrides: Option<Id>) -> Id {
    d.created(Request::MarkAttendance(requests::MarkAttendance {
        meeting_id: meeting,
        member_id: member,
        attendance: a,
        reason: "Đồng chí báo bận công tác".into(),
        overrides,
    }))
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_attendance_converges_to_the_rule_whatever_the_sync_order() {
    let cell = Cell::start().await;
    // The server's clock follows the scene (see `Cell::server_at`).
    cell.server_at(T0);
    let m = cell.members.clone();
    let secretary = cell.device(m[0], "máy bí thư", T0).await;
    let deputy = cell.device(m[1], "máy phó bí thư", T0).await;
    let committee = cell.device(cell.above, "máy đảng ủy xã", T0).await;
    // Members 2..=11 are offline during the meeting; 12 is online.
    let mut phones = Vec::new();
    for (n, &member) in m.iter().enumerate().take(13).skip(2) {
        phones.push(cell.device(member, &format!("điện thoại {n}"), T0).await);
    }
    let online_member = phones.pop().expect("member 12");
    let devices: Vec<&Device> = [&secretary, &deputy, &committee, &online_member]
        .into_iter()
        .chain(phones.iter())
        .collect();
    assert!(devices.len() >= 12);

    for seed in 0..20u64 {
        let mut rng = StdRng::seed_from_u64(seed);
        let base = T0 + (seed + 1) * DAY;
        let start = base + 3 * 3_600_000;
        for d in &devices {
            d.at(base);
        }
        cell.server_at(base);
        let meeting = secretary
            .created(Request::CreateMeeting(NewMeeting {
                org_id: cell.cell,
                kind: MeetingKind::Regular,
                topic: format!("Sinh hoạt chi bộ thường kỳ, lần {seed}"),
                starts_at: start,
                ends_at: start + 2 * 3_600_000,
                place: "Nhà văn hóa thôn Đông".into(),
                chair_id: Some(m[0]),
                minute_taker_id: Some(m[1]),
                agenda: vec!["Thông tin thời sự".into(), "Nhiệm vụ tháng tới".into()],
                materials: vec![],
                invited: m.clone(),
                guests: vec!["Đồng chí Đỗ Thị Hằng, Đảng ủy viên".into()],
            }))
            .await;
        for d in &devices {
            d.sync().await;
        }
        let mut intent: BTreeMap<Id, Intent> = BTreeMap::new();
        let at = |minutes: u64| start + minutes * 60_000;

        // Online: member 12 checks in on time; the secretary sees it before going offline.
        secretary.at(at(1));
        let code = secretary.code(meeting).await;
        let c12 = online_member
            .at(at(1))
            .created(Request::CheckIn(requests::CheckIn {
                meeting_id: meeting,
                code: code.clone(),
            }))
            .await;
        intent
            .entry(online_member.member)
            .or_default()
            .check_ins
            .push((c12, slot_of(at(1))));
        cell.server_at(at(1));
        online_member.sync().await;
        secretary.sync().await;
        // Devices set their clocks by the server's at each sync: the deputy's reads
        // the scene's time too, so its marks keep their order (DESIGN §4.7).
        deputy.at(at(1)).sync().await;

        // Offline: members check in on time, late, or mistype; a few do nothing.
        secretary.at(at(40));
        let late_code = secretary.code(meeting).await;
        let mut mistyped = Vec::new();
        for p in &phones {
            let choice = rng.gen_range(0..4);
            let (code, minute) = match choice {
                0 => (code.clone(), 2),
                1 => (late_code.clone(), 41),
                2 => ("ZZZZ-ZZZZ".to_string(), 3),
                _ => continue,
            };
            let id = p
                .at(at(minute))
                .created(Request::CheckIn(requests::CheckIn {
                    meeting_id: meeting,
                    code,
                }))
                .await;
            if choice == 2 {
                mistyped.push((p, id));
            } else {
                let slot = slot_of(if choice == 0 { at(1) } else { at(40) });
                intent
                    .entry(p.member)
                    .or_default()
                    .check_ins
                    .push((id, slot));
            }
        }
        // The secretary marks, offline, a random half of the cell (stale marks of
        // members who did check in are among them).
        let mut t = at(50);
        let chosen: Vec<Id> = m.iter().copied().filter(|_| rng.gen_bool(0.5)).collect();
        for member in chosen {
            t += 1_000;
            let a = random_mark(&mut rng);
            mark(secretary.at(t), meeting, member, a, None).await;
            intent.entry(member).or_default().marks.push((t, a, None));
        }
        // The deputy, online, marks some too; and both correct member 12's check-in,
        // in an order drawn from the seed.
        let (sec_t, dep_t) = if rng.gen_bool(0.5) {
            (at(70), at(75))
        } else {
            (at(75), at(70))
        };
        let mut dt = at(60);
        let chosen: Vec<Id> = m
            .iter()
            .skip(13)
            .copied()
            .filter(|_| rng.gen_bool(0.3))
            .collect();
        for member in chosen {
            dt += 1_000;
            let a = random_mark(&mut rng);
            mark(deputy.at(dt), meeting, member, a, None).await;
            intent.entry(member).or_default().marks.push((dt, a, None));
        }
        let (sa, da) = (random_mark(&mut rng), random_mark(&mut rng));
        mark(
            secretary.at(sec_t),
            meeting,
            online_member.member,
            sa,
            Some(c12),
        )
        .await;
        mark(
            deputy.at(dep_t),
            meeting,
            online_member.member,
            da,
            Some(c12),
        )
        .await;
        let i12 = intent.entry(online_member.member).or_default();
        i12.marks.push((sec_t, sa, Some(c12)));
        i12.marks.push((dep_t, da, Some(c12)));
        cell.server_at(at(75));
        deputy.sync().await;

        // Everyone syncs, twice over, in orders drawn from the seed.
        let mut order = devices.clone();
        for _ in 0..2 {
            order.shuffle(&mut rng);
            for d in &order {
                d.sync().await;
            }
        }

        let want: Vec<(Id, Option<Attendance>)> = m
            .iter()
            .map(|&x| {
                (
                    x,
                    expected(start, &intent.get(&x).cloned().unwrap_or_default()),
                )
            })
            .collect();
        let server = cell.server_attendance(meeting);
        let got = |l: &sotay_model::meetings::AttendanceList| {
            l.rows
                .iter()
                .map(|r| (r.member_id, r.attendance))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            got(&server),
            want,
            "seed {seed}: the server's list follows the rule"
        );
        assert_eq!(server.convened, MEMBERS as u32);
        for d in &devices {
            assert_eq!(
                d.attendance(meeting).await,
                server,
                "seed {seed}: {}",
                d.name
            );
        }
        // Mistyped codes were refused with a reason and rolled back on the phone.
        for (p, id) in mistyped {
            assert!(
                p.replica.db().row(id).expect("row").is_none(),
                "seed {seed}"
            );
            let said = p.rejections().await;
            assert!(
                said.iter().any(|s| s.contains("Mã điểm danh không đúng")),
                "seed {seed}: {said:?}"
            );
        }
        let quorum = server.present * 2 > server.convened;
        assert_eq!(server.quorum, quorum);
    }
    // The committee above sees the cell's month figures (all 20 held by now).
    committee.at(T0 + 40 * DAY);
    match committee
        .call(Request::MeetingStats(requests::MeetingStats {
            org_id: cell.grassroots,
            from_month: None,
            to_month: None,
        }))
        .await
        .expect("stats")
    {
        sotay_model::api::Response::MeetingStats { orgs } => {
            let held: u32 = orgs.iter().flat_map(|o| &o.months).map(|mo| mo.held).sum();
            assert_eq!(held, 20, "{orgs:?}");
            assert!(orgs[0]
                .months
                .iter()
                .all(|mo| mo.convened == mo.held * MEMBERS as u32));
        }
        other => panic!("unexpected {other:?}"),
    }
}
