//! Group commit for the push path: a push that arrives while another is being stored
//! waits in a queue, and the next writer stores every queued push in one transaction,
//! so a burst of pushes from many devices costs one commit (one fsync on SQLite, one
//! round of the cross-process lock on PostgreSQL) instead of one each.
//!
//! The backend's `store` function gets the queued jobs in arrival order and must
//! answer one result per job, only after the transaction holding them committed: a
//! waiter gets its answer after that, never before (DESIGN §4.8). A failed job (its
//! own savepoint rolled back) does not fail the others; a failed commit fails all.
//!
//! The lane mutex holds the backend's write resource (SQLite's writer connection, or
//! nothing on PostgreSQL). Each waiting thread sleeps on its own job's signal and is
//! woken once: with its answer, or because its job is now the oldest and it writes
//! the next batch. (Waiting on the lane mutex instead made every answered thread take
//! the lane in turn just to read its answer, a convoy of wake-ups between batches.)
//!
//! ```
//! use sotay_server::group::GroupCommit;
//! let lane = GroupCommit::new(0u32, 8);
//! let doubled = lane.submit(21u32, |commits, jobs| {
//!     *commits += 1;
//!     jobs.into_iter().map(|j| Ok(j * 2)).collect()
//! });
//! assert_eq!(doubled.ok(), Some(42));
//! assert_eq!(*lane.lock(), 1);
//! ```

use crate::error::StoreError;
use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// Where a queued job stands.
enum Slot<T> {
    Queued,
    /// This job's thread is to write the next batch (it is the queue's oldest).
    Lead,
    /// Taken into a batch whose writer has not answered yet.
    Taken,
    Done(Result<T, StoreError>),
}

/// One job's slot and the signal its thread waits on: each waiter is woken once,
/// for its own answer or its turn to write, never to find out it is not its turn.
struct Cell<T> {
    slot: Mutex<Slot<T>>,
    ready: Condvar,
}

impl<T> Cell<T> {
    fn set(&self, s: Slot<T>) {
        *relock(&self.slot) = s;
        self.ready.notify_one();
    }
}

struct Entry<J, T> {
    job: J,
    cell: Arc<Cell<T>>,
}

struct Queue<J, T> {
    jobs: VecDeque<Entry<J, T>>,
    /// Someone is writing a batch or has been told to: then every queued job will be
    /// taken by them or by the next one they hand over to.
    writing: bool,
}

/// A write lane with a queue of jobs of type `J` answered with `T`.
pub struct GroupCommit<C, J, T> {
    lane: Mutex<C>,
    queue: Mutex<Queue<J, T>>,
    max_batch: usize,
    /// A job's share of `max_batch` (1 each unless given by `weighed`).
    weight: fn(&J) -> usize,
}

fn relock<X>(m: &Mutex<X>) -> MutexGuard<'_, X> {
    // A writer that panicked left its transaction rolled back (dropped) and these
    // structures consistent between statements, so a poisoned lock is safe to use.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn lost() -> StoreError {
    StoreError::BatchFailed("nhóm thay đổi chứa yêu cầu này đã dừng giữa chừng".into())
}

/// The batch being written: if the writer unwinds, its jobs are answered with an
/// error and the turn passes on, so no waiter hangs.
struct Batch<'a, C, J, T> {
    owner: &'a GroupCommit<C, J, T>,
    cells: Vec<Arc<Cell<T>>>,
}

impl<C, J, T> Drop for Batch<'_, C, J, T> {
    fn drop(&mut self) {
        for c in self.cells.drain(..) {
            let mut s = relock(&c.slot);
            if matches!(*s, Slot::Taken | Slot::Lead) {
                *s = Slot::Done(Err(lost()));
            }
            drop(s);
            c.ready.notify_one();
        }
        let mut q = relock(&self.owner.queue);
        match q.jobs.front() {
            Some(next) => next.cell.set(Slot::Lead),
            None => q.writing = false,
        }
    }
}

impl<C, J, T> GroupCommit<C, J, T> {
    /// A lane around `resource`; one transaction takes at most `max_batch` jobs.
    pub fn new(resource: C, max_batch: usize) -> Self {
        GroupCommit::weighed(resource, max_batch, |_| 1)
    }

    /// A lane whose transactions take jobs up to a total `weight` of `max_batch` (a
    /// push weighs its number of changes), and always at least one job.
    pub fn weighed(resource: C, max_batch: usize, weight: fn(&J) -> usize) -> Self {
        GroupCommit {
            lane: Mutex::new(resource),
            queue: Mutex::new(Queue {
                jobs: VecDeque::new(),
                writing: false,
            }),
            max_batch: max_batch.max(1),
            weight,
        }
    }

    /// The resource alone, for writes outside the queue (seeding, enrollment): they
    /// wait for the batch being stored, and batches wait for them.
    pub fn lock(&self) -> MutexGuard<'_, C> {
        relock(&self.lane)
    }

    /// Queue `job` and wait for its answer. The oldest waiting job's thread writes
    /// the next batch (the queue's oldest jobs, up to `max_batch`, its own first)
    /// with `store`, answers each, and hands the turn to the next oldest.
    pub fn submit<F>(&self, job: J, store: F) -> Result<T, StoreError>
    where
        F: Fn(&mut C, Vec<J>) -> Vec<Result<T, StoreError>>,
    {
        let cell = Arc::new(Cell {
            slot: Mutex::new(Slot::Queued),
            ready: Condvar::new(),
        });
        {
            let mut q = relock(&self.queue);
            q.jobs.push_back(Entry {
                job,
                cell: cell.clone(),
            });
            if !q.writing {
                // Nobody writes, so the queue was empty: this job is its oldest.
                q.writing = true;
                *relock(&cell.slot) = Slot::Lead;
            }
        }
        loop {
            let mut s = relock(&cell.slot);
            while matches!(*s, Slot::Queued | Slot::Taken) {
                s = cell.ready.wait(s).unwrap_or_else(|e| e.into_inner());
            }
            match std::mem::replace(&mut *s, Slot::Taken) {
                Slot::Done(r) => return r,
                _ => {
                    drop(s);
                    self.write_batch(&store);
                }
            }
        }
    }

    fn write_batch<F>(&self, store: &F)
    where
        F: Fn(&mut C, Vec<J>) -> Vec<Result<T, StoreError>>,
    {
        let mut batch = Batch {
            owner: self,
            cells: Vec::new(),
        };
        let mut jobs = Vec::new();
        {
            let mut q = relock(&self.queue);
            let mut total = 0;
            let n = q
                .jobs
                .iter()
                .take_while(|e| {
                    total += (self.weight)(&e.job);
                    total <= self.max_batch
                })
                .count()
                .max(1)
                .min(q.jobs.len());
            for e in q.jobs.drain(..n) {
                *relock(&e.cell.slot) = Slot::Taken;
                batch.cells.push(e.cell);
                jobs.push(e.job);
            }
        }
        let results = store(&mut relock(&self.lane), jobs);
        let mut results = results.into_iter();
        for c in &batch.cells {
            *relock(&c.slot) = Slot::Done(results.next().unwrap_or_else(|| Err(lost())));
        }
        // Dropping `batch` wakes every job's thread and hands the turn on.
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;

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
}
