//! Conformance check of pushes from many devices at once (the backends store queued
//! pushes together, see [`sotay_server::group`]): every push gets its own per-change
//! verdicts, a failing push fails alone, each change is stored exactly once (sequence
//! numbers stay gap-free), and after a restart the same pushes sent again (their
//! answers lost) get the very same answers and change nothing. The same holds for
//! pushes awaited by tasks ([`Store::push_async`], the HTTP server's way) on a
//! runtime with fewer blocking threads than pushes in flight.

use super::fixture::{Devices, Pen, Tree};
use super::{seq_of, Backend};
use serde_json::json;
use sotay_model::ids::DeviceId;
use sotay_model::protocol::{Outcome, PushResult, RejectReason};
use sotay_model::{Change, Entity};
use sotay_server::error::StoreError;
use sotay_server::store::Store;
use std::collections::BTreeMap;
use std::sync::{Arc, Barrier};

/// What a push must be answered with.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    Accepted,
    Forbidden,
    /// The device was revoked: the whole push fails, nothing of it is stored.
    Revoked,
}

struct Push {
    device: DeviceId,
    changes: Vec<Change>,
    expect: Expect,
}

const THREADS: usize = 8;
const PUSHES: usize = 12;

/// Pushes for one thread: the secretary adds two members to their cell and renames
/// the first (rows of its own, so no two pushes race for a row), a stranger tries to
/// rename members of that cell, a revoked device tries too; every third push is also
/// sent by the next thread at the same moment (a retry racing its original).
fn plan(pen: &mut Pen, t: &Tree, d: &Devices) -> Vec<Vec<Push>> {
    let (sec, stranger, revoked) = (d.sec, d.o, d.c2m);
    let mut threads: Vec<Vec<Push>> = (0..THREADS).map(|_| Vec::new()).collect();
    for (n, list) in threads.iter_mut().enumerate() {
        for i in 0..PUSHES {
            let (device, expect) = match (n + i) % 5 {
                3 => (stranger, Expect::Forbidden),
                4 => (revoked, Expect::Revoked),
                _ => (sec, Expect::Accepted),
            };
            let changes = if expect == Expect::Accepted {
                let first = pen.new_member(device, &format!("Đảng Viên Mới {n} {i}"), t.c1);
                let rename = pen.edit(
                    device,
                    Entity::Member,
                    first.row_id,
                    t.c1,
                    vec![("full_name", json!(format!("Tên Đổi {n} {i}")))],
                );
                let second = pen.new_member(device, &format!("Đảng Viên Hai {n} {i}"), t.c1);
                vec![first, rename, second]
            } else {
                [t.m1, t.m2, t.sec]
                    .iter()
                    .map(|&target| {
                        pen.edit(
                            device,
                            Entity::Member,
                            target,
                            t.c1,
                            vec![("full_name", json!(format!("Tên Thử {n} {i}")))],
                        )
                    })
                    .collect()
            };
            list.push(Push {
                device,
                changes,
                expect,
            });
        }
    }
    // Duplicates: thread n+1 also sends thread n's every third push.
    for n in 0..THREADS {
        for i in (0..PUSHES).step_by(3) {
            let (device, changes, expect) = {
                let p = &threads[n][i];
                (p.device, p.changes.clone(), p.expect)
            };
            threads[(n + 1) % THREADS].push(Push {
                device,
                changes,
                expect,
            });
        }
    }
    threads
}

type Answers = Vec<(usize, Result<Vec<PushResult>, StoreError>)>;

/// Every thread's pushes at once; answers by (thread, index in the thread's list).
fn push_all(store: &impl Store, plan: &[Vec<Push>], now_ms: u64) -> Vec<Answers> {
    let start = Barrier::new(plan.len());
    std::thread::scope(|s| {
        let handles: Vec<_> = plan
            .iter()
            .map(|list| {
                let start = &start;
                s.spawn(move || {
                    start.wait();
                    list.iter()
                        .enumerate()
                        .map(|(i, p)| (i, store.push(p.device, &p.changes, now_ms)))
                        .collect::<Answers>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a pushing thread panicked"))
            .collect()
    })
}

/// Like [`push_all`], each list awaited in order by a task of its own through
/// [`Store::push_async`], on a runtime with two blocking threads for 8 lists.
fn push_all_async<S: Store>(store: &Arc<S>, plan: &[Vec<Push>], now_ms: u64) -> Vec<Answers> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(2)
        .build()
        .expect("runtime");
    let answers = rt.block_on(async {
        let tasks: Vec<_> = plan
            .iter()
            .map(|list| {
                let store = store.clone();
                let list: Vec<(DeviceId, Vec<Change>)> =
                    list.iter().map(|p| (p.device, p.changes.clone())).collect();
                tokio::spawn(async move {
                    let mut answers = Answers::new();
                    for (i, (device, changes)) in list.into_iter().enumerate() {
                        answers.push((i, store.push_async(device, changes, now_ms).await));
                    }
                    answers
                })
            })
            .collect();
        let mut all = Vec::new();
        for t in tasks {
            all.push(t.await.expect("a pushing task panicked"));
        }
        all
    });
    // The writer's blocking task may still be finishing: the runtime waits for it.
    drop(rt);
    answers
}

/// Check each answer against its push's expectation; the accepted sequence numbers
/// by change id (the same change answered twice must agree).
fn check(plan: &[Vec<Push>], answers: &[Answers]) -> BTreeMap<sotay_model::Id, u64> {
    let mut seqs = BTreeMap::new();
    for (list, got) in plan.iter().zip(answers) {
        for (i, answer) in got {
            let push = &list[*i];
            match (push.expect, answer) {
                (Expect::Revoked, Err(StoreError::RevokedDevice(d))) => {
                    assert_eq!(*d, push.device)
                }
                (Expect::Revoked, other) => panic!("a revoked device's push answered {other:?}"),
                (_, Err(e)) => panic!("push failed: {e}"),
                (expect, Ok(results)) => {
                    assert_eq!(results.len(), push.changes.len(), "one result per change");
                    for (c, r) in push.changes.iter().zip(results) {
                        assert_eq!(r.change_id, c.change_id, "results in the push's order");
                        match (expect, &r.outcome) {
                            (Expect::Accepted, Outcome::Accepted { seq }) => {
                                let first = *seqs.entry(c.change_id).or_insert(*seq);
                                assert_eq!(first, *seq, "one change, two sequence numbers");
                            }
                            (Expect::Forbidden, Outcome::Rejected { reason, .. }) => {
                                assert_eq!(reason, &RejectReason::Forbidden)
                            }
                            (e, o) => panic!("expected {e:?} for {:?}, got {o:?}", c.change_id),
                        }
                    }
                }
            }
        }
    }
    seqs
}

pub fn concurrent_pushes<B: Backend>(b: &mut B) {
    many_at_once(b, false);
}

/// [`concurrent_pushes`] with every push awaited by a task ([`Store::push_async`]).
pub fn concurrent_pushes_async<B: Backend>(b: &mut B) {
    many_at_once(b, true);
}

fn many_at_once<B: Backend>(b: &mut B, tasks: bool) {
    let send = |store: B::Store, plan: &[Vec<Push>], now_ms: u64| {
        if !tasks {
            let answers = push_all(&store, plan, now_ms);
            return (store, answers);
        }
        let store = Arc::new(store);
        let answers = push_all_async(&store, plan, now_ms);
        match Arc::try_unwrap(store) {
            Ok(store) => (store, answers),
            Err(_) => panic!("a task kept the store"),
        }
    };
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    assert!(store.revoke_device(d.c2m, 5_000).expect("revoke"));
    let mut pen = Pen::default();
    let plan = plan(&mut pen, &t, &d);
    let before = seq_of(&store, t.dc_position);

    let (store, answers) = send(store, &plan, 20_000);
    let seqs = check(&plan, &answers);
    // Every accepted change changed its row: one number each, none skipped, none
    // spent twice (a change stored twice would leave an unanswered number).
    let mut numbers: Vec<u64> = seqs.values().copied().collect();
    numbers.sort_unstable();
    let expected: Vec<u64> = (before + 1..=before + numbers.len() as u64).collect();
    assert_eq!(
        numbers, expected,
        "sequence numbers are gap-free and unique"
    );

    // Each renamed row holds its rename (the newest stamp on it).
    let mut newest: BTreeMap<sotay_model::Id, (sotay_model::hlc::Hlc, serde_json::Value)> =
        BTreeMap::new();
    for p in plan
        .iter()
        .flatten()
        .filter(|p| p.expect == Expect::Accepted)
    {
        for c in &p.changes {
            if let Some(f) = c.fields.get("full_name") {
                let e = newest.entry(c.row_id).or_insert((f.hlc, f.value.clone()));
                if f.hlc > e.0 {
                    *e = (f.hlc, f.value.clone());
                }
            }
        }
    }
    for (row, (_, name)) in &newest {
        let stored = store.row(*row).expect("read").expect("row");
        assert_eq!(stored.row.fields["full_name"].value, *name, "row {row}");
    }

    // A restart, then every push again (as if no answer had arrived): the same
    // answers, and no new sequence number.
    let store = b.reopen(store);
    let newest = *numbers.last().unwrap_or(&before);
    let (store, again) = send(store, &plan, 40_000);
    assert_eq!(
        check(&plan, &again),
        seqs,
        "retries answer the first outcomes"
    );

    // Roles read once per push are read again after a change that alters them: the
    // secretary who deletes their own post in a push may not add a member after it.
    let resign = pen.delete(d.sec, Entity::Position, t.sec_position, t.c1);
    let late = pen.new_member(d.sec, "Người Đến Muộn", t.c1);
    let out = store.push(d.sec, &[resign, late], 50_000).expect("push");
    assert!(
        matches!(out[0].outcome, Outcome::Accepted { seq } if seq == newest + 1),
        "no number was spent by the retries: {:?}",
        out[0].outcome
    );
    assert!(
        matches!(&out[1].outcome, Outcome::Rejected { reason, .. } if *reason == RejectReason::Forbidden),
        "a post deleted earlier in the same push no longer counts: {:?}",
        out[1].outcome
    );
}
