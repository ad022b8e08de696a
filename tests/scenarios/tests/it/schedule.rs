//! Issue 15 on a real server with real replicas: the cell's secretary publishes a
//! week's schedule; a member edits their own entries offline on a phone and a desktop
//! (the same entries on both, and new ones on each), then both sync: their agendas are
//! equal, and the own entries reach no other member's device — checked in the server's
//! file (only the owner's devices pull them) and on the other devices.

use crate::cell;

use cell::{Cell, Device};
use sotay_model::schedule::api::{EntryPatch, NewEntry};
use sotay_model::schedule::calendar::Date;
use sotay_model::schedule::requests::{CreateScheduleEntry, GetAgenda, UpdateScheduleEntry};
use sotay_model::schedule::{AgendaItem, ItemKind, Recurrence, Rule, Timing};
use sotay_model::Id;

const VN: i32 = 420;
const T0: u64 = 1_796_000_000_000;

fn at(day: &str, h: u32, m: u32) -> u64 {
    Date::parse(day).expect("day").unix_ms(h * 60 + m, VN)
}

fn entry(org: Option<Id>, title: &str, start: u64, weekly: Option<Vec<u8>>) -> NewEntry {
    NewEntry {
        org_id: org,
        title: title.into(),
        place: "Hội trường".into(),
        notes: String::new(),
        attendees: vec![],
        timing: Timing {
            starts_at: start,
            ends_at: start + 3_600_000,
            all_day: false,
            tz_offset_min: VN,
            recurrence: weekly.map(|days| Recurrence {
                rule: Rule::Weekly { days, interval: 1 },
                until: None,
                count: None,
                exceptions: vec![],
            }),
        },
    }
}

async fn agenda(d: &Device) -> Vec<AgendaItem> {
    d.replica
        .ask(GetAgenda {
            from_ms: at("2026-12-07", 0, 0),
            to_ms: at("2026-12-21", 0, 0),
        })
        .await
        .expect("agenda")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn own_entries_edited_on_two_devices_converge_and_stay_private() {
    let cell = Cell::start().await;
    cell.server_at(T0);
    let m = cell.members.clone();
    let secretary = cell.device(m[0], "máy bí thư", T0).await;
    let phone = cell.device(m[3], "điện thoại", T0).await;
    let desk = cell.device(m[3], "máy tính", T0).await;
    let other = cell.device(m[4], "điện thoại đồng chí khác", T0).await;

    // The committee's week, published online.
    for (n, day) in ["2026-12-07", "2026-12-09", "2026-12-11"]
        .iter()
        .enumerate()
    {
        secretary
            .replica
            .ask(CreateScheduleEntry::from(entry(
                Some(cell.cell),
                &format!("Chi ủy làm việc, buổi {n}"),
                at(day, 14, 0),
                None,
            )))
            .await
            .expect("publish");
    }
    secretary.sync().await;
    // The member's own weekly entry, made on the phone and synced to the desk.
    let weekly = phone
        .replica
        .ask(CreateScheduleEntry::from(entry(
            None,
            "Giao ban cơ quan",
            at("2026-12-07", 7, 30),
            Some(vec![0, 3]),
        )))
        .await
        .expect("own entry");
    phone.sync().await;
    desk.sync().await;

    // Offline on both: the phone moves the place, the desk skips a Thursday and both
    // add entries of their own.
    phone
        .at(T0 + 60_000)
        .replica
        .ask(UpdateScheduleEntry {
            id: weekly,
            patch: EntryPatch {
                place: Some("Phòng họp số 2".into()),
                ..EntryPatch::default()
            },
        })
        .await
        .expect("phone edit");
    desk.at(T0 + 120_000)
        .replica
        .ask(UpdateScheduleEntry {
            id: weekly,
            patch: EntryPatch {
                skip_date: Some("2026-12-10".into()),
                ..EntryPatch::default()
            },
        })
        .await
        .expect("desk edit");
    phone
        .replica
        .ask(CreateScheduleEntry::from(entry(
            None,
            "Khám sức khỏe",
            at("2026-12-08", 8, 0),
            None,
        )))
        .await
        .expect("phone entry");
    desk.replica
        .ask(CreateScheduleEntry::from(entry(
            None,
            "Đón khách của huyện",
            at("2026-12-15", 9, 0),
            None,
        )))
        .await
        .expect("desk entry");
    cell.server_at(T0 + 180_000);
    for d in [&desk, &phone, &desk, &secretary, &other] {
        d.sync().await;
    }

    let on_phone = agenda(&phone).await;
    assert_eq!(on_phone, agenda(&desk).await, "the two devices' agendas");
    let own: Vec<&AgendaItem> = on_phone
        .iter()
        .filter(|i| i.kind == ItemKind::Own)
        .collect();
    // Mondays 7 and 14, Thursday 17 (the 10th skipped), and the two single entries.
    assert_eq!(own.len(), 5, "{own:#?}");
    assert!(own
        .iter()
        .filter(|i| i.id == weekly)
        .all(|i| i.place == "Phòng họp số 2"));
    assert_eq!(
        on_phone
            .iter()
            .filter(|i| i.kind == ItemKind::Committee)
            .count(),
        3
    );

    // Private: on the server only the owner's devices pull them, and nobody else's
    // device holds one.
    let own_rows = cell.server_rows("personal_entry");
    assert_eq!(own_rows.len(), 3);
    for d in [&secretary, &other] {
        let held = d.replica.db().all_rows().expect("rows");
        assert!(
            !held
                .iter()
                .any(|r| r.entity == sotay_model::Entity::PersonalEntry),
            "{} holds another member's own entry",
            d.name
        );
        assert!(agenda(d).await.iter().all(|i| i.kind != ItemKind::Own));
    }
}
