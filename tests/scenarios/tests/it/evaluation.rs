//! Issue 19: a year's evaluation across three levels on a real server with real
//! replicas. Members write their self-assessments offline on their phones; the cell's
//! secretary proposes ratings; two committees above (the grassroots committee and the
//! district's deputy secretary) decide offline on two devices, each within the share of
//! "xuất sắc" on its own, together over it: whichever reaches the server second is
//! refused with the figures, and every device ends with the server's decisions. The
//! district rates the grassroots organisation. Sync orders are drawn from the seed; no
//! sleeps.

use crate::cell;

use cell::{Cell, Device};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use sotay_conformance::fixture;
use sotay_model::entities::{Position, PositionTitle};
use sotay_model::evaluation::requests::{
    ListEvaluations, ProposeRatings, RateMember, RateOrg, SubmitSelfAssessment,
};
use sotay_model::evaluation::{share_ok, ProposalLine, Rating, RatingDecision};
use sotay_model::protocol::Outcome;
use sotay_model::Id;
use sotay_server::{rows, Store};
use std::collections::BTreeMap;

/// 10 December 2026, 09:00 in Hà Nội.
const T0: u64 = 1_796_868_000_000;

/// A district deputy secretary, member of the cell (a committee above it).
fn district_officer(cell: &Cell) -> (Id, Id) {
    let id = |n: u128| Id::from_u128(0xce11_0000_0000 + n);
    let (district, d) = (id(2), id(6_002));
    let hlc = rows::server_hlc(1_000);
    let changes = vec![
        rows::member_change(
            id(6_102),
            &fixture::member(d, "Hoàng Thị Lý", cell.cell),
            hlc,
        ),
        rows::position_change(
            id(6_202),
            &Position {
                id: id(6_302),
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
    (d, district)
}

async fn decided_on(d: &Device, cell: Id) -> BTreeMap<Id, Option<Rating>> {
    d.replica
        .ask(ListEvaluations {
            member_id: None,
            org_id: Some(cell),
            year: Some(2026),
        })
        .await
        .expect("list")
        .members
        .into_iter()
        .map(|m| (m.member_id, m.decided))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ratings_decided_on_two_offline_devices_keep_the_share_of_excellent() {
    let cell = Cell::start().await;
    cell.server_at(T0);
    let (d, district) = district_officer(&cell);
    let m = cell.members.clone();
    let secretary = cell.device(m[0], "máy bí thư chi bộ", T0).await;
    let committee = cell.device(cell.above, "máy đảng ủy xã", T0).await;
    let district_dev = cell.device(d, "máy huyện ủy", T0).await;
    let mut phones = Vec::new();
    for (n, &member) in m.iter().enumerate().skip(2).take(3) {
        phones.push(cell.device(member, &format!("điện thoại {n}"), T0).await);
    }
    let mut rng = StdRng::seed_from_u64(19);

    // Self-assessments offline, synced in a drawn order.
    for (n, ph) in phones.iter().enumerate() {
        ph.replica
            .ask(SubmitSelfAssessment {
                year: 2026,
                political: "Kiên định mục tiêu, lý tưởng".into(),
                ethics: "Gương mẫu".into(),
                lifestyle: "Giản dị, gần gũi quần chúng".into(),
                results: format!("Hoàn thành các nhiệm vụ được giao, đợt {n}"),
                shortcomings: String::new(),
                direction: String::new(),
                self_rating: Some(Rating::Good),
            })
            .await
            .expect("self-assessment");
    }
    let mut order: Vec<&Device> = phones.iter().collect();
    order.shuffle(&mut rng);
    for ph in order {
        ph.sync().await;
    }
    secretary.sync().await;
    let cell_view = secretary
        .replica
        .ask(ListEvaluations {
            member_id: None,
            org_id: Some(cell.cell),
            year: Some(2026),
        })
        .await
        .expect("cell view");
    assert!(cell_view.may_propose);
    let assessed = cell_view
        .members
        .iter()
        .filter(|e| e.assessment.is_some())
        .count();
    assert_eq!(
        assessed,
        phones.len(),
        "the secretary reads every self-assessment"
    );

    // The cell proposes "tốt" for ten members; the two committees above decide.
    let rated: Vec<Id> = m[2..12].to_vec();
    secretary
        .replica
        .ask(ProposeRatings {
            org_id: cell.cell,
            year: 2026,
            meeting_id: None,
            lines: rated
                .iter()
                .map(|&member_id| ProposalLine {
                    member_id,
                    rating: Rating::Good,
                    note: String::new(),
                })
                .collect(),
        })
        .await
        .expect("proposal");
    secretary.sync().await;
    committee.sync().await;
    district_dev.sync().await;
    // The commune rates eight "tốt" and both committees hear of it; then, offline on
    // both, each rates one other member "xuất sắc": within 20% of eight on each device,
    // over it together.
    for &member in &rated[..8] {
        committee
            .replica
            .ask(RateMember {
                member_id: member,
                year: 2026,
                rating: Rating::Good,
                note: String::new(),
            })
            .await
            .expect("good");
    }
    committee.sync().await;
    district_dev.sync().await;
    committee
        .replica
        .ask(RateMember {
            member_id: rated[8],
            year: 2026,
            rating: Rating::Excellent,
            note: String::new(),
        })
        .await
        .expect("excellent within the share");
    district_dev
        .replica
        .ask(RateMember {
            member_id: rated[9],
            year: 2026,
            rating: Rating::Excellent,
            note: String::new(),
        })
        .await
        .expect("excellent seen alone");
    district_dev
        .replica
        .ask(RateOrg {
            org_id: cell.grassroots,
            year: 2026,
            rating: Rating::Good,
            note: "Hoàn thành tốt".into(),
        })
        .await
        .expect("organisation rated");

    let mut devs = [&committee, &district_dev];
    devs.shuffle(&mut rng);
    for dev in devs {
        dev.sync().await;
    }
    let mut refused = committee.rejections().await;
    refused.extend(district_dev.rejections().await);
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(refused[0].contains("vượt quá 20%"), "{}", refused[0]);

    for _ in 0..2 {
        for dev in [&secretary, &committee, &district_dev]
            .into_iter()
            .chain(phones.iter())
        {
            dev.sync().await;
        }
    }
    // The server's decisions keep the share, and every committee device shows them.
    let server: BTreeMap<Id, Option<Rating>> = cell
        .server_rows("rating_decision")
        .iter()
        .map(|r| RatingDecision::from_row(r).expect("decision"))
        .map(|d| (d.member_id, Some(d.rating)))
        .collect();
    assert_eq!(server.len(), 9);
    assert!(share_ok(server.values().flatten().copied()).is_ok());
    for dev in [&secretary, &committee, &district_dev] {
        let shown: BTreeMap<Id, Option<Rating>> = decided_on(dev, cell.cell)
            .await
            .into_iter()
            .filter(|(_, r)| r.is_some())
            .collect();
        assert_eq!(shown, server, "on {}", dev.name);
    }
    // Each member sees their own year.
    for ph in &phones {
        let mine = ph
            .replica
            .ask(ListEvaluations::default())
            .await
            .expect("mine");
        let year = mine.members.first().expect("this year");
        assert_eq!(year.decided, server.get(&ph.member).copied().flatten());
        assert_eq!(year.proposed, Some(Rating::Good));
    }
    let view = district_dev
        .replica
        .ask(ListEvaluations {
            member_id: None,
            org_id: Some(district),
            year: Some(2026),
        })
        .await
        .expect("district view");
    let grassroots = view
        .orgs
        .iter()
        .find(|o| o.org_id == cell.grassroots)
        .expect("grassroots below the district");
    assert_eq!(
        grassroots.rating.as_ref().map(|r| r.rating),
        Some(Rating::Good)
    );
    assert_eq!(grassroots.counts[..4].iter().sum::<u32>(), 9);
}
