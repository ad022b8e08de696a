//! The lane with threads waiting (`submit`) and with tasks awaiting (`submit_async`).

use super::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Barrier;
use std::time::Duration;

/// `threads` threads at once, each submitting `per_thread` jobs `job(t, i)`; every
/// batch is recorded in the lane and each job answered with `answer(job)`, which the
/// thread checks is its own.
fn hammer(
    lane: &GroupCommit<Vec<Vec<u32>>, u32, u32>,
    threads: u32,
    per_thread: u32,
    job: fn(u32, u32) -> u32,
    answer: fn(u32) -> u32,
) {
    let start = Barrier::new(threads as usize);
    std::thread::scope(|s| {
        for t in 0..threads {
            let start = &start;
            s.spawn(move || {
                start.wait();
                for i in 0..per_thread {
                    let job = job(t, i);
                    let got = lane.submit(job, |batches, jobs| {
                        batches.push(jobs.clone());
                        jobs.into_iter().map(|j| Ok(answer(j))).collect()
                    });
                    assert_eq!(
                        got.ok(),
                        Some(answer(job)),
                        "job {job} got another's answer"
                    );
                }
            });
        }
    });
}

/// Many threads at once: every job is stored exactly once and answered with its
/// own result, in batches of at most `max_batch`.
#[test]
fn every_job_gets_its_own_answer_once() {
    let lane: GroupCommit<Vec<Vec<u32>>, u32, u32> = GroupCommit::new(Vec::new(), 4);
    let (threads, per_thread) = (16, 50);
    hammer(&lane, threads, per_thread, |t, i| t * 1_000 + i, |j| j + 1);
    let batches = lane.lock();
    let mut all: Vec<u32> = batches.iter().flatten().copied().collect();
    assert!(batches.iter().all(|b| !b.is_empty() && b.len() <= 4));
    all.sort_unstable();
    let mut expected: Vec<u32> = (0..threads)
        .flat_map(|t| (0..per_thread).map(move |i| t * 1_000 + i))
        .collect();
    expected.sort_unstable();
    assert_eq!(all, expected, "each job stored exactly once");
}

/// Weighed jobs fill a batch up to its weight; a job heavier than that alone
/// still gets a batch of its own.
#[test]
fn weighed_batches_stop_at_their_weight() {
    let lane: GroupCommit<Vec<Vec<u32>>, u32, u32> =
        GroupCommit::weighed(Vec::new(), 10, |j| *j as usize);
    // Weights 1 to 12: 11 and 12 exceed the batch weight alone.
    hammer(&lane, 12, 20, |t, _| t + 1, |j| j);
    let batches = lane.lock();
    assert_eq!(batches.iter().map(Vec::len).sum::<usize>(), 12 * 20);
    for b in batches.iter() {
        let weight: u32 = b.iter().sum();
        assert!(!b.is_empty());
        assert!(weight <= 10 || b.len() == 1, "batch {b:?} over its weight");
    }
}

/// A failed job fails alone; a writer that answers too few fails the rest.
#[test]
fn failures_stay_with_their_job() {
    let lane: GroupCommit<(), u32, u32> = GroupCommit::new((), 8);
    let odd = |_: &mut (), jobs: Vec<u32>| -> Vec<Result<u32, StoreError>> {
        jobs.into_iter()
            .map(|j| {
                if j % 2 == 1 {
                    Err(StoreError::Corrupt("lẻ".into()))
                } else {
                    Ok(j)
                }
            })
            .collect()
    };
    assert_eq!(lane.submit(2, odd).ok(), Some(2));
    assert!(lane.submit(3, odd).is_err());
    let short = lane.submit(4, |_, _| Vec::new());
    assert!(matches!(short, Err(StoreError::BatchFailed(_))));
}

/// A writer that panics leaves no waiter hanging and the lane usable.
#[test]
fn a_panicking_writer_does_not_wedge_the_lane() {
    let lane: GroupCommit<(), u32, u32> = GroupCommit::new((), 8);
    let boom = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        lane.submit(1, |_, _| panic!("writer failed"))
    }));
    assert!(boom.is_err());
    let ok = lane.submit(5, |_, jobs| jobs.into_iter().map(Ok).collect());
    assert_eq!(ok.ok(), Some(5));
}

type Lane = Arc<GroupCommit<Vec<Vec<u32>>, u32, u32>>;

/// A runtime like the server's but with a single blocking thread: the writer's.
fn one_blocking_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(1)
        .build()
        .expect("runtime")
}

/// Records the batch and answers each job with itself plus one.
fn record(batches: &mut Vec<Vec<u32>>, jobs: Vec<u32>) -> Vec<Result<u32, StoreError>> {
    batches.push(jobs.clone());
    jobs.into_iter().map(|j| Ok(j + 1)).collect()
}

/// A thousand tasks queue while the writer, the runtime's only blocking thread, holds
/// its first batch until all of them are queued: waiting takes no thread. Each gets
/// its own answer once, and the rest go in one batch.
#[test]
fn async_waiters_hold_no_thread() {
    const N: usize = 1_000;
    let lane: Lane = Arc::new(GroupCommit::new(Vec::new(), 10_000));
    let queued = Arc::new((Mutex::new(0usize), Condvar::new()));
    let rt = one_blocking_thread();
    let answers = rt.block_on(async {
        let tasks: Vec<_> = (0..N as u32)
            .map(|j| {
                let (lane, queued) = (lane.clone(), queued.clone());
                tokio::spawn(async move {
                    let held = queued.clone();
                    let pending = lane.submit_async(j, move |batches, jobs| {
                        if batches.is_empty() {
                            // The first batch waits for every job to be queued; a
                            // deadline turns a lane that needs threads into a failure.
                            let (n, all) = &*held;
                            let n = relock(n);
                            let (n, _) = all
                                .wait_timeout_while(n, Duration::from_secs(60), |n| *n < N)
                                .unwrap_or_else(|e| e.into_inner());
                            assert_eq!(*n, N, "jobs queued while the writer held its thread");
                        }
                        record(batches, jobs)
                    });
                    let (n, all) = &*queued;
                    *relock(n) += 1;
                    all.notify_all();
                    (j, pending.await)
                })
            })
            .collect();
        let mut answers = Vec::new();
        for t in tasks {
            answers.push(t.await.expect("task"));
        }
        answers
    });
    assert_eq!(answers.len(), N);
    for (j, got) in answers {
        assert_eq!(got.ok(), Some(j + 1), "job {j} got another's answer");
    }
    let batches = lane.lock();
    assert!(batches.len() <= 2, "{} batches", batches.len());
    let mut all: Vec<u32> = batches.iter().flatten().copied().collect();
    all.sort_unstable();
    assert_eq!(
        all,
        (0..N as u32).collect::<Vec<_>>(),
        "each job stored once"
    );
}

/// A commit that fails answers every job of its batch with the error, and the lane
/// goes on; a writer answering too few fails the rest. (The writer stores every job
/// with the function of whoever started it, so one function decides for all.)
#[test]
fn a_failed_commit_answers_every_async_waiter() {
    const N: u32 = 300;
    let lane: Arc<GroupCommit<(), u32, u32>> = Arc::new(GroupCommit::new((), 64));
    // Jobs below N fail their batch's commit; the job 1,000 is left unanswered.
    let flaky = |_: &mut (), jobs: Vec<u32>| -> Vec<Result<u32, StoreError>> {
        if jobs.iter().any(|&j| j < N) {
            let failed = || Err(StoreError::BatchFailed("commit".into()));
            return jobs.iter().map(|_| failed()).collect();
        }
        jobs.into_iter().filter(|&j| j != 1_000).map(Ok).collect()
    };
    let rt = one_blocking_thread();
    let answered = AtomicUsize::new(0);
    rt.block_on(async {
        let pending: Vec<_> = (0..N).map(|j| lane.submit_async(j, flaky)).collect();
        for p in pending {
            assert!(matches!(p.await, Err(StoreError::BatchFailed(m)) if m == "commit"));
            answered.fetch_add(1, Ordering::Relaxed);
        }
        let short = lane.submit_async(1_000, flaky).await;
        assert!(matches!(short, Err(StoreError::BatchFailed(_))));
        let ok = lane.submit_async(1_007, flaky);
        assert_eq!(ok.await.ok(), Some(1_007));
    });
    assert_eq!(answered.into_inner(), N as usize);
}

/// Jobs queued one after another are stored in that order, across batches.
#[test]
fn async_jobs_keep_their_arrival_order() {
    let lane: Lane = Arc::new(GroupCommit::new(Vec::new(), 7));
    let rt = one_blocking_thread();
    rt.block_on(async {
        let pending: Vec<_> = (0..500).map(|j| lane.submit_async(j, record)).collect();
        for (j, p) in (0..).zip(pending) {
            assert_eq!(p.await.ok(), Some(j + 1));
        }
    });
    let batches = lane.lock();
    assert!(batches.iter().all(|b| !b.is_empty() && b.len() <= 7));
    let stored: Vec<u32> = batches.iter().flatten().copied().collect();
    assert_eq!(stored, (0..500).collect::<Vec<_>>());
}

/// A waiter that stops waiting leaves its job in the queue: it is stored with the
/// others.
#[test]
fn a_dropped_waiter_keeps_its_job() {
    let lane: Lane = Arc::new(GroupCommit::new(Vec::new(), 4));
    let rt = one_blocking_thread();
    rt.block_on(async {
        let mut pending: Vec<_> = (0..20).map(|j| lane.submit_async(j, record)).collect();
        drop(pending.remove(5));
        for p in pending {
            assert!(p.await.is_ok());
        }
    });
    let stored: Vec<u32> = lane.lock().iter().flatten().copied().collect();
    assert_eq!(stored, (0..20).collect::<Vec<_>>());
}

/// Threads and tasks share one lane: a thread that starts writing writes the tasks'
/// jobs too, and everyone gets their own answer.
#[test]
fn threads_and_tasks_share_the_lane() {
    let lane: Lane = Arc::new(GroupCommit::new(Vec::new(), 5));
    let rt = one_blocking_thread();
    std::thread::scope(|s| {
        s.spawn(|| hammer(&lane, 4, 50, |t, i| 100_000 + t * 1_000 + i, |j| j + 1));
        rt.block_on(async {
            let pending: Vec<_> = (0..200).map(|j| lane.submit_async(j, record)).collect();
            for (j, p) in (0..).zip(pending) {
                assert_eq!(p.await.ok(), Some(j + 1));
            }
        });
    });
    let mut all: Vec<u32> = lane.lock().iter().flatten().copied().collect();
    all.sort_unstable();
    let mut expected: Vec<u32> = (0..200)
        .chain((0..4).flat_map(|t| (0..50).map(move |i| 100_000 + t * 1_000 + i)))
        .collect();
    expected.sort_unstable();
    assert_eq!(all, expected);
}

/// Outside a runtime the writer runs in `submit_async` itself: the answer is ready.
#[test]
fn outside_a_runtime_the_answer_is_ready() {
    let lane: Lane = Arc::new(GroupCommit::new(Vec::new(), 4));
    let mut p = lane.submit_async(41, record);
    let got = Pin::new(&mut p).poll(&mut Context::from_waker(Waker::noop()));
    assert!(matches!(got, Poll::Ready(Ok(42))));
}
