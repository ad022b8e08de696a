//! Issue 12, item 3, black-box through real HTTP and real replicas: check-in codes
//! cannot be replayed. A plain member's device holds no other member's code or proof
//! (in its database or in the server's pull answer); a check-in forged from another
//! member's row, as the committee's device holds it or as the server sends it to the
//! committee, is refused; a right code used weeks after the meeting is refused; after
//! ten refused check-ins a device is refused further ones, with a Vietnamese reason.

use crate::cell;

use cell::{Cell, Device};
use sotay_model::api::{requests, Request};
use sotay_model::meetings::api::NewMeeting;
use sotay_model::meetings::MeetingKind;
use sotay_model::protocol::{Cursor, Outcome, PullRequest, MAX_PULL, PROTOCOL_VERSION};
use sotay_model::{Change, Entity, Id, RowState};
use sotay_server::Store;

const T0: u64 = 1_797_000_000_000;
const MINUTE: u64 = 60_000;
const HOUR: u64 = 60 * MINUTE;
const DAY: u64 = 24 * HOUR;

async fn plan(secretary: &Device, cell: &Cell, start: u64) -> Id {
    secretary
        .created(Request::CreateMeeting(NewMeeting {
            org_id: cell.cell,
            kind: MeetingKind::Regular,
            topic: "Sinh hoạt chi bộ thường kỳ".into(),
            starts_at: start,
            ends_at: start + 2 * HOUR,
            place: "Nhà văn hóa thôn Đông".into(),
            chair_id: Some(cell.members[0]),
            minute_taker_id: Some(cell.members[1]),
            agenda: vec!["Thông tin thời sự".into()],
            materials: vec![],
            invited: cell.members.clone(),
            guests: vec![],
        }))
        .await
}

/// The server's whole pull answer to a device, as the JSON text it sends.
async fn pull_text(cell: &Cell, d: &Device) -> String {
    reqwest::Client::new()
        .post(format!("{}/v1/pull", cell.url))
        .bearer_auth(d.credential())
        .json(&PullRequest {
            protocol: PROTOCOL_VERSION,
            cursor: Cursor::default(),
            limit: MAX_PULL,
        })
        .send()
        .await
        .expect("pull")
        .text()
        .await
        .expect("body")
}

/// A new check-in for `d`'s member made from `theirs` (another member's row): every
/// field copied (code, proof and slot included), the member and the stamps changed.
fn forged_from(theirs: &RowState, d: &Device, row: Id, at: u64) -> Change {
    let hlc = sotay_model::hlc::Hlc {
        wall_ms: at,
        counter: 0,
        node: d
            .credential()
            .split('.')
            .next()
            .and_then(|s| s.parse().ok())
            .expect("device id"),
    };
    let mut fields = theirs.fields.clone();
    for f in fields.values_mut() {
        f.hlc = hlc;
    }
    fields.insert(
        "member_id".into(),
        sotay_model::FieldValue {
            value: serde_json::json!(d.member),
            hlc,
        },
    );
    Change {
        change_id: Id::from_u128(u128::from(row.0.as_u128() as u64) << 64 | 0xc0de),
        entity: Entity::CheckIn,
        row_id: row,
        org_id: theirs.org_id,
        fields,
        tombstone: None,
    }
}

fn refused_saying(out: &Outcome, words: &str) {
    match out {
        Outcome::Rejected { reason, .. } => assert!(
            reason.message_vi().contains(words),
            "{reason:?} should say {words:?}"
        ),
        other => panic!("expected a refusal saying {words:?}, got {other:?}"),
    }
}

/// Every value of a check-in row that could prove a check-in: its code (unless the
/// server's placeholder) and its proof.
fn secrets_in(row: &RowState) -> Vec<String> {
    ["code", "proof"]
        .iter()
        .filter_map(|f| row.fields.get(*f)?.value.as_str().map(str::to_string))
        .filter(|v| !v.is_empty() && v != "00000000")
        .collect()
}

fn check_ins(d: &Device) -> Vec<RowState> {
    d.replica
        .db()
        .all_rows()
        .expect("rows")
        .into_iter()
        .filter(|r| r.entity == Entity::CheckIn)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_device_holds_another_members_code_and_copies_are_refused() {
    let cell = Cell::start().await;
    cell.server_at(T0);
    let secretary = cell.device(cell.members[0], "máy bí thư", T0).await;
    let hoa = cell.device(cell.members[5], "điện thoại Hoa", T0).await;
    let nam = cell.device(cell.members[6], "điện thoại Nam", T0).await;
    let start = T0 + 3 * HOUR;
    let meeting = plan(&secretary, &cell, start).await;
    secretary.sync().await;
    hoa.sync().await;
    nam.sync().await;

    let at = start + 5 * MINUTE;
    cell.server_at(at);
    let code = secretary.at(at).code(meeting).await;
    let plain = code.replace('-', "");
    let hoa_in = hoa
        .at(at)
        .created(Request::CheckIn(requests::CheckIn {
            meeting_id: meeting,
            code: code.clone(),
        }))
        .await;
    // What Hoa's phone is about to send: the only copy of her proof, on her device.
    let hoa_local = check_ins(&hoa)
        .into_iter()
        .find(|r| r.row_id == hoa_in)
        .expect("her check-in");
    let hoa_secrets = secrets_in(&hoa_local);
    assert!(!hoa_secrets.is_empty(), "a check-in carries its proof");
    assert!(
        !hoa_secrets.contains(&plain),
        "her device sends a proof, not the code"
    );
    hoa.sync().await;
    // Once sent, her own phone keeps no proof either: it pulls the row as stored.
    let sent = check_ins(&hoa);
    assert!(sent.iter().any(|r| r.row_id == hoa_in));
    assert!(sent.iter().all(|r| secrets_in(r).is_empty()), "{sent:?}");
    secretary.at(at).sync().await;
    nam.at(at).sync().await;

    // Nam (a plain member) holds the cell's check-ins, Hoa's among them, but neither
    // her code nor her proof: not in his database, not in what the server sends him.
    let held = check_ins(&nam);
    assert!(
        held.iter().any(|r| r.row_id == hoa_in),
        "Nam sees her check-in"
    );
    for r in &held {
        assert!(secrets_in(r).is_empty(), "{r:?}");
    }
    let all = serde_json::to_string(&nam.replica.db().all_rows().expect("rows")).expect("json");
    let answer = pull_text(&cell, &nam).await;
    for text in [&all, &answer] {
        assert!(!text.contains(&plain), "the code reached Nam");
        for s in &hoa_secrets {
            assert!(!text.contains(s.as_str()), "Hoa's proof reached Nam");
        }
    }
    // Nor does the secretary's device, nor the server's answer to it: the server
    // keeps no proof once it has checked it.
    let on_secretary = check_ins(&secretary);
    assert!(on_secretary.iter().all(|r| secrets_in(r).is_empty()));
    assert!(!pull_text(&cell, &secretary).await.contains(&plain));

    // Nam forges check-ins for himself from Hoa's row: as the committee's device holds
    // it, and as her own phone held it before sending (code or proof and slot).
    let from_committee = on_secretary
        .iter()
        .find(|r| r.row_id == hoa_in)
        .expect("the secretary holds her check-in");
    let forged = forged_from(from_committee, &nam, Id::from_u128(0xf0_0001), at);
    refused_saying(&nam.push_raw(&cell.url, forged).await, "mã điểm danh");
    let forged = forged_from(&hoa_local, &nam, Id::from_u128(0xf0_0002), at);
    refused_saying(&nam.push_raw(&cell.url, forged).await, "không đúng");
    for id in [0xf0_0001, 0xf0_0002] {
        assert!(cell.store.row(Id::from_u128(id)).expect("row").is_none());
    }
    // Only Hoa is present.
    let list = cell.server_attendance(meeting);
    assert_eq!(list.present, 1, "{list:?}");
    assert_eq!(nam.attendance(meeting).await.present, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_right_code_weeks_after_the_meeting_is_refused() {
    let cell = Cell::start().await;
    cell.server_at(T0);
    let secretary = cell.device(cell.members[0], "máy bí thư", T0).await;
    let lan = cell.device(cell.members[7], "điện thoại Lan", T0).await;
    let start = T0 + 3 * HOUR;
    let meeting = plan(&secretary, &cell, start).await;
    secretary.sync().await;
    lan.sync().await;
    // A real code of the meeting, shown on time (a photo of the secretary's screen).
    let code = secretary.at(start + 5 * MINUTE).code(meeting).await;

    // Three weeks later, by Lan's phone's clock and the server's.
    let later = start + 21 * DAY;
    cell.server_at(later);
    let id = lan
        .at(later)
        .created(Request::CheckIn(requests::CheckIn {
            meeting_id: meeting,
            code,
        }))
        .await;
    lan.sync().await;
    let said = lan.rejections().await;
    assert!(
        said.iter().any(|s| s.contains("hết hạn")),
        "refused as expired: {said:?}"
    );
    assert!(
        lan.replica.db().row(id).expect("row").is_none(),
        "rolled back"
    );
    assert!(cell.server_rows("check_in").is_empty(), "nothing recorded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_refused_ten_times_is_refused_further_check_ins() {
    let cell = Cell::start().await;
    cell.server_at(T0);
    let secretary = cell.device(cell.members[0], "máy bí thư", T0).await;
    let guesser = cell.device(cell.members[8], "điện thoại Minh", T0).await;
    let other = cell.device(cell.members[9], "điện thoại Nga", T0).await;
    let start = T0 + 3 * HOUR;
    let meeting = plan(&secretary, &cell, start).await;
    for d in [&secretary, &guesser, &other] {
        d.sync().await;
    }
    let at = start + 5 * MINUTE;
    cell.server_at(at);
    let code = secretary.at(at).code(meeting).await;
    let slot_digits = &code[..2];

    // Ten guesses of this slot's code, each refused as wrong.
    for n in 0..10u32 {
        let guess = format!("{slot_digits}{:06}", 100_000 + n);
        guesser
            .at(at)
            .created(Request::CheckIn(requests::CheckIn {
                meeting_id: meeting,
                code: guess,
            }))
            .await;
    }
    guesser.sync().await;
    let said = guesser.rejections().await;
    assert_eq!(said.len(), 10, "{said:?}");
    assert!(said.iter().all(|s| s.contains("không đúng")), "{said:?}");

    // The right code, from the same device: refused without being judged.
    let right = guesser
        .at(at + MINUTE)
        .created(Request::CheckIn(requests::CheckIn {
            meeting_id: meeting,
            code: code.clone(),
        }))
        .await;
    cell.server_at(at + MINUTE);
    guesser.sync().await;
    let said = guesser.rejections().await;
    let limited: Vec<_> = said.iter().filter(|s| s.contains("tạm thời")).collect();
    assert_eq!(limited.len(), 1, "{said:?}");
    assert!(limited[0].contains("10 lần"), "{limited:?}");
    assert!(guesser.replica.db().row(right).expect("row").is_none());

    // Another member's device is not limited by it.
    other
        .at(at + MINUTE)
        .created(Request::CheckIn(requests::CheckIn {
            meeting_id: meeting,
            code: code.clone(),
        }))
        .await;
    other.sync().await;
    assert!(other.rejections().await.is_empty());

    // An hour on, by the server's clock, the device checks in again.
    let later = at + HOUR + 2 * MINUTE;
    cell.server_at(later);
    guesser
        .at(later)
        .created(Request::CheckIn(requests::CheckIn {
            meeting_id: meeting,
            code,
        }))
        .await;
    guesser.sync().await;
    assert_eq!(guesser.rejections().await.len(), 11);
    assert_eq!(cell.server_attendance(meeting).present, 2);
}
