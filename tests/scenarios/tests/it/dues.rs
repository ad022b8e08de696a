//! Issue 19: a year of party dues on two treasurer devices of one cell (the secretary's
//! and the deputy's), offline, with advance payments and corrections, synced in orders
//! drawn from the seed. Afterwards every device's figures equal the server's rows by
//! the model's rule to the đồng, every payment ever recorded is still on the server
//! (a reversal adds a row, never removes one), two devices reversing the same payment
//! offline make one reversal, and the committee above reads the same totals. No
//! sleeps: devices sync when told.

use crate::cell;

use cell::{Cell, Device};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sotay_model::dues::requests::{
    DuesReport, DuesStatus, GetCellDues, RecordDuesPayment, ReverseDuesPayment, SetDuesBasis,
};
use sotay_model::dues::{allocate, DuesPayment, DuesRule, Month, PayMethod};
use sotay_model::protocol::Outcome;
use sotay_model::Id;
use sotay_server::{rows, Store};
use std::collections::BTreeMap;

const DAY: u64 = 86_400_000;
/// 5 January 2026, 09:00 in Hà Nội.
const T0: u64 = 1_767_578_400_000;

/// The province's rule table, seeded by the server.
fn rules(cell: &Cell) {
    let hlc = rows::server_hlc(1_000);
    let changes: Vec<_> = [
        ("luong", "Hưởng lương", 10, 0),
        ("sinh_vien", "Sinh viên", 0, 3_000),
    ]
    .into_iter()
    .enumerate()
    .map(|(n, (category, name, per_mille, fixed_dong))| {
        let rule = DuesRule {
            id: DuesRule::row_id(cell.province, category),
            org_id: cell.province,
            category: category.into(),
            name: name.into(),
            per_mille,
            fixed_dong,
            retired: false,
        };
        rows::row_change(Id::from_u128(0xd0e5_0000 + n as u128), &rule, hlc)
    })
    .collect();
    for r in cell.store.seed(&changes, 1_000).expect("seed") {
        assert!(matches!(r.outcome, Outcome::Accepted { .. }), "{r:?}");
    }
}

/// Each member's month → paid, from the server's rows by the model's rule.
fn truth(cell: &Cell) -> (BTreeMap<Id, BTreeMap<Month, i64>>, Vec<DuesPayment>) {
    let payments: Vec<DuesPayment> = cell
        .server_rows("dues_payment")
        .iter()
        .map(|r| DuesPayment::from_row(r).expect("payment"))
        .collect();
    let mut by_member: BTreeMap<Id, Vec<&DuesPayment>> = BTreeMap::new();
    for p in &payments {
        by_member.entry(p.member_id).or_default().push(p);
    }
    let paid = by_member
        .into_iter()
        .map(|(m, ps)| (m, allocate(ps)))
        .collect();
    (paid, payments)
}

async fn year_on(d: &Device, member: Id) -> Vec<i64> {
    d.replica
        .ask(DuesStatus {
            member_id: Some(member),
            year: 2026,
        })
        .await
        .expect("dues status")
        .months
        .iter()
        .map(|l| l.paid)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_year_of_dues_on_two_treasurer_devices_adds_up_to_the_dong_in_any_sync_order() {
    let cell = Cell::start().await;
    cell.server_at(T0);
    rules(&cell);
    let m = cell.members.clone();
    let secretary = cell.device(m[0], "máy bí thư chi bộ", T0).await;
    let deputy = cell.device(m[1], "máy phó bí thư", T0).await;
    let committee = cell.device(cell.above, "máy đảng ủy xã", T0).await;
    let phone = cell.device(m[2], "điện thoại đảng viên", T0).await;
    let payers: Vec<Id> = m.iter().copied().skip(2).take(5).collect();
    for (n, &member) in payers.iter().enumerate() {
        let (category, income_dong) = if n % 3 == 2 {
            ("sinh_vien", 0)
        } else {
            ("luong", 6_000_000 + n as i64 * 1_234_567)
        };
        secretary
            .replica
            .ask(SetDuesBasis {
                member_id: member,
                from_month: Month::of(2026, 1),
                category: category.into(),
                income_dong,
            })
            .await
            .expect("basis");
    }
    secretary.sync().await;
    deputy.sync().await;

    let treasurers = [&secretary, &deputy];
    let mut rng = StdRng::seed_from_u64(19);
    let mut recorded = 0usize;
    let mut reversed = 0usize;
    let mut paid_until: BTreeMap<Id, Month> = BTreeMap::new();
    for month_no in 1..=12u32 {
        let month = Month::of(2026, month_no);
        let t = T0 + u64::from(month_no - 1) * 30 * DAY;
        cell.server_at(t + 20 * DAY);
        for d in [&secretary, &deputy, &committee, &phone] {
            d.at(t);
        }
        for &member in &payers {
            if paid_until.get(&member).is_some_and(|u| *u >= month) || rng.gen_ratio(1, 6) {
                continue;
            }
            let months = if rng.gen_ratio(1, 5) { 3 } else { 1 };
            let dev = treasurers[rng.gen_range(0..2)];
            let monthly = dev
                .replica
                .ask(DuesStatus {
                    member_id: Some(member),
                    year: 2026,
                })
                .await
                .expect("status")
                .monthly
                .expect("a known amount");
            // Now and then the amount is keyed wrong and corrected on either device.
            let wrong = rng.gen_ratio(1, 8);
            let amount = monthly * i64::from(months) + if wrong { 10_000 } else { 0 };
            let id = dev
                .replica
                .ask(RecordDuesPayment {
                    member_id: member,
                    month,
                    months,
                    amount_dong: amount,
                    method: PayMethod::Cash,
                    receipt_no: format!("BL-{month_no:02}-{recorded}"),
                    paid_on: None,
                })
                .await
                .expect("payment");
            recorded += 1;
            paid_until.insert(member, month.plus(months - 1));
            if wrong {
                let fixer = if rng.gen_bool(0.5) {
                    dev
                } else {
                    dev.sync().await;
                    let other = treasurers
                        .iter()
                        .find(|d| d.member != dev.member)
                        .expect("other");
                    other.sync().await;
                    other
                };
                fixer
                    .replica
                    .ask(ReverseDuesPayment {
                        payment_id: id,
                        reason: "Ghi nhầm số tiền".into(),
                    })
                    .await
                    .expect("reversal");
                fixer
                    .replica
                    .ask(RecordDuesPayment {
                        member_id: member,
                        month,
                        months,
                        amount_dong: monthly * i64::from(months),
                        method: PayMethod::Cash,
                        receipt_no: format!("BL-{month_no:02}-{recorded}-lai"),
                        paid_on: None,
                    })
                    .await
                    .expect("payment again");
                recorded += 2;
                reversed += 1;
            }
        }
        // Some devices sync, in a drawn order.
        let mut order = [&secretary, &deputy, &committee, &phone];
        order.shuffle(&mut rng);
        for d in order.iter().take(rng.gen_range(0..=4)) {
            d.sync().await;
        }
    }

    // Both treasurers reverse the same payment offline: one reversal, one refusal.
    let first = truth(&cell).1.into_iter().find(|p| p.reverses.is_none());
    secretary.sync().await;
    deputy.sync().await;
    let target = first.map(|p| p.id).unwrap_or_else(|| panic!("a payment"));
    for d in treasurers {
        d.replica
            .ask(ReverseDuesPayment {
                payment_id: target,
                reason: format!("Thu trùng ({})", d.name),
            })
            .await
            .expect("offline reversal");
    }
    recorded += 1;
    reversed += 1;

    for _ in 0..2 {
        for d in [&secretary, &deputy, &committee, &phone] {
            d.sync().await;
        }
    }
    let refusals = secretary.rejections().await.len() + deputy.rejections().await.len();
    assert_eq!(refusals, 1, "the second reversal of one payment is refused");

    let (paid, payments) = truth(&cell);
    assert_eq!(
        payments.len(),
        recorded,
        "every payment and reversal, none removed"
    );
    assert_eq!(
        payments.iter().filter(|p| p.reverses.is_some()).count(),
        reversed
    );
    for &member in &payers {
        let want: Vec<i64> = (1..=12)
            .map(|n| {
                paid.get(&member)
                    .and_then(|p| p.get(&Month::of(2026, n)))
                    .copied()
                    .unwrap_or(0)
            })
            .collect();
        for d in [&secretary, &deputy, &committee] {
            assert_eq!(year_on(d, member).await, want, "{} on {}", member, d.name);
        }
    }
    let mine: Vec<i64> = phone
        .replica
        .ask(DuesStatus {
            member_id: None,
            year: 2026,
        })
        .await
        .expect("my dues")
        .months
        .iter()
        .map(|l| l.paid)
        .collect();
    assert_eq!(mine, year_on(&secretary, m[2]).await);

    let collected: i64 = paid
        .values()
        .flat_map(|p| p.iter())
        .filter(|(mo, _)| mo.year() == 2026)
        .map(|(_, v)| v)
        .sum();
    let report = committee
        .replica
        .ask(DuesReport {
            org_id: cell.grassroots,
            year: 2026,
        })
        .await
        .expect("report");
    assert_eq!(report[0].collected, collected);
    let book = deputy
        .replica
        .ask(GetCellDues {
            org_id: cell.cell,
            year: 2026,
        })
        .await
        .expect("book");
    assert_eq!(
        book.members.iter().map(|x| x.paid_in_year).sum::<i64>(),
        collected
    );
}
