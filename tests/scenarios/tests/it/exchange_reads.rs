//! Issue 16: read receipts across three levels (the province, its districts, their
//! communes and cells) on a real server with real phones. For each seed the province
//! sends to a drawn set of organisations; members read it on their phones (some on
//! two phones, writing one receipt), many of them offline; the phones sync in a
//! drawn order, the province syncing at drawn moments between them. Every time, the
//! province's counts per organisation equal a brute-force count of the members whose
//! receipt has reached the server, and its unread list is the rest. No sleeps.

use crate::exchange_world::{Phone, World};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sotay_model::exchange::api::AnnouncementReads;
use sotay_model::exchange::requests::{
    CreateAnnouncement, GetAnnouncementReads, ListAnnouncements, MarkAnnouncementRead,
};
use sotay_model::exchange::Announcement;
use sotay_model::Id;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// What the province should see: per organisation of the answer, (readers,
/// recipients) counted from the world's members; and the members not counted read.
fn brute(
    w: &World,
    reads: &AnnouncementReads,
    copies: &[Id],
    synced: &HashSet<Id>,
) -> (Vec<(Id, u32, u32)>, BTreeSet<Id>) {
    let mut per_org = Vec::new();
    for o in &reads.orgs {
        let (mut r, mut n) = (0, 0);
        for m in w.members.iter().filter(|m| m.active) {
            let chain = w.chain(m.cell);
            if chain.contains(&o.org_id) && copies.iter().any(|c| chain.contains(c)) {
                n += 1;
                r += u32::from(synced.contains(&m.id));
            }
        }
        per_org.push((o.org_id, r, n));
    }
    let unread = w
        .members
        .iter()
        .filter(|m| m.active && !synced.contains(&m.id))
        .filter(|m| copies.iter().any(|c| w.chain(m.cell).contains(c)))
        .map(|m| m.id)
        .collect();
    (per_org, unread)
}

async fn check(w: &World, prov: &Phone, batch: Id, copies: &[Id], synced: &HashSet<Id>) {
    prov.sync().await;
    let reads = prov.ask(GetAnnouncementReads { batch_id: batch }).await;
    let shown: Vec<(Id, u32, u32)> = reads
        .orgs
        .iter()
        .map(|o| (o.org_id, o.readers, o.recipients))
        .collect();
    let (want, unread) = brute(w, &reads, copies, synced);
    assert_eq!(shown, want);
    let listed: BTreeSet<Id> = reads.unread.iter().map(|u| u.0).collect();
    assert_eq!(listed, unread);
    // Every receiver and every organisation below it is there.
    let below: usize = copies
        .iter()
        .map(|c| w.names.keys().filter(|o| w.chain(**o).contains(c)).count())
        .sum();
    assert_eq!(reads.orgs.len(), below);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_provinces_counts_per_organisation_are_exact_whatever_the_sync_order() {
    let w = World::start().await;
    let prov = w.phone(w.province, "máy tỉnh ủy").await;
    let mut phones: Vec<Phone> = Vec::new();
    for cell in [w.c1, w.c2, w.c3] {
        for m in w.with_phones(cell) {
            phones.push(w.phone(m, "điện thoại").await);
        }
    }
    // Two members have a second phone, which reads what the other wrote.
    for k in [0, 4] {
        let m = phones[k].member;
        phones.push(w.phone(m, "máy tính bảng").await);
    }
    phones.push(w.phone(w.district2, "máy huyện ủy Tiền Hải").await);
    let receivers = [vec![w.p], vec![w.d1, w.d2], vec![w.g1, w.c3], vec![w.c2]];

    // Rounds that ended their offline phase with some receipts in and some not.
    let mut partial = 0;
    for (round, seed) in [16u64, 17, 18, 19].into_iter().enumerate() {
        let mut rng = StdRng::seed_from_u64(seed);
        let to = &receivers[round];
        let batch = prov
            .ask(CreateAnnouncement {
                org_id: w.p,
                title: format!("Thông báo số {seed}"),
                body: String::new(),
                to_org_ids: if to == &vec![w.p] { vec![] } else { to.clone() },
                must_read_by: None,
            })
            .await;
        prov.sync().await;
        let copies: Vec<Id> = to.clone();
        for p in &phones {
            p.sync().await;
        }
        // Who reads, on which of their phones (one: see the test below for two).
        let mut by_member: BTreeMap<Id, Vec<usize>> = BTreeMap::new();
        for (k, p) in phones.iter().enumerate() {
            by_member.entry(p.member).or_default().push(k);
        }
        let mut marked: BTreeMap<usize, Id> = BTreeMap::new();
        for (member, theirs) in &by_member {
            let p = &phones[theirs[0]];
            let feed = p.ask(ListAnnouncements {}).await;
            let Some(copy) = feed
                .received
                .iter()
                .find(|r| r.announcement.batch_id == batch)
            else {
                continue;
            };
            let receiving = copies
                .iter()
                .any(|c| copy.announcement.id == Announcement::row_id(batch, *c));
            assert!(receiving, "{} got another copy", p.name);
            if rng.gen_bool(0.6) {
                let k = *theirs.choose(&mut rng).expect("a phone");
                phones[k]
                    .ask(MarkAnnouncementRead {
                        id: copy.announcement.id,
                    })
                    .await;
                marked.insert(k, *member);
            }
        }
        assert!(!marked.is_empty(), "seed {seed}: somebody reads");
        let mut order: Vec<usize> = (0..phones.len()).collect();
        order.shuffle(&mut rng);
        let mut synced: HashSet<Id> = HashSet::new();
        check(&w, &prov, batch, &copies, &synced).await;
        for k in order {
            if rng.gen_bool(0.3) {
                continue; // offline for now
            }
            phones[k].sync().await;
            if let Some(m) = marked.get(&k) {
                synced.insert(*m);
            }
            if rng.gen_bool(0.4) {
                check(&w, &prov, batch, &copies, &synced).await;
            }
        }
        // Some still offline: the province counts what has reached the server.
        check(&w, &prov, batch, &copies, &synced).await;
        let readers = marked.values().collect::<HashSet<_>>().len();
        partial += usize::from(!synced.is_empty() && synced.len() < readers);
        // Everyone comes back online, in another drawn order.
        let mut rest: Vec<usize> = (0..phones.len()).collect();
        rest.shuffle(&mut rng);
        for k in rest {
            phones[k].sync().await;
            if let Some(m) = marked.get(&k) {
                synced.insert(*m);
            }
        }
        check(&w, &prov, batch, &copies, &synced).await;
        let every: HashSet<Id> = marked.values().copied().collect();
        assert_eq!(synced, every, "seed {seed}");
        for p in &phones {
            let r = p.rejections().await;
            assert!(r.is_empty(), "{}: {r:?}", p.name);
            // A member's other phone shows it read and, asked again, writes nothing.
            if every.contains(&p.member) {
                let feed = p.ask(ListAnnouncements {}).await;
                let copy = feed
                    .received
                    .iter()
                    .find(|r| r.announcement.batch_id == batch)
                    .expect("received");
                assert!(copy.read, "{}", p.name);
                let before = p.replica.db().pending_changes().expect("outbox").len();
                p.ask(MarkAnnouncementRead {
                    id: copy.announcement.id,
                })
                .await;
                let after = p.replica.db().pending_changes().expect("outbox").len();
                assert_eq!(before, after, "{}", p.name);
            }
        }
    }
    assert!(partial >= 2, "{partial} rounds were counted half-synced");
}

/// A member who marks one announcement read on two phones, both offline, writes one
/// receipt (its id is derived from the copy and the member): the second phone's
/// change restates the first's and is not refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receipt_marked_on_two_offline_phones_is_one_row_and_no_refusal() {
    let w = World::start().await;
    let prov = w.phone(w.province, "máy tỉnh ủy").await;
    let m = w.with_phones(w.c2)[0];
    let (phone, tablet) = (
        w.phone(m, "điện thoại").await,
        w.phone(m, "máy tính bảng").await,
    );
    let batch = prov
        .ask(CreateAnnouncement {
            org_id: w.p,
            title: "Thông báo".into(),
            body: String::new(),
            to_org_ids: vec![w.d1],
            must_read_by: None,
        })
        .await;
    prov.sync().await;
    let copy = Announcement::row_id(batch, w.d1);
    for p in [&phone, &tablet] {
        p.sync().await;
        p.ask(MarkAnnouncementRead { id: copy }).await;
    }
    for p in [&phone, &tablet] {
        p.sync().await;
    }
    for p in [&phone, &tablet] {
        let r = p.rejections().await;
        assert!(r.is_empty(), "{}: {r:?}", p.name);
    }
    let reads = check_one(&prov, batch).await;
    assert_eq!(reads.orgs[0].readers, 1);
}

async fn check_one(prov: &Phone, batch: Id) -> AnnouncementReads {
    prov.sync().await;
    prov.ask(GetAnnouncementReads { batch_id: batch }).await
}
