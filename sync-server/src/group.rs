//! Group commit for the push path: a push that arrives while another is being stored
//! waits in a queue, and the writer stores every queued push in one transaction, so a
//! burst of pushes from many devices costs one commit (one fsync on SQLite, one round
//! of the cross-process lock on PostgreSQL) instead of one each.
//!
//! The backend's `store` function gets the queued jobs in arrival order and must
//! answer one result per job, only after the transaction holding them committed: a
//! waiter gets its answer after that, never before (DESIGN §4.8). A failed job (its
//! own savepoint rolled back) does not fail the others; a failed commit fails all.
//!
//! The lane mutex holds the backend's write resource (SQLite's writer connection, or
//! nothing on PostgreSQL). One writer at a time takes the queue's oldest jobs as a
//! batch, stores them, answers each, and goes on until the queue is empty; whoever
//! queues a job while nobody writes starts the writer. A waiting job holds no thread:
//! its answer is put in a slot that wakes either a thread ([`GroupCommit::submit`],
//! for the simulator and other synchronous callers) or a task
//! ([`GroupCommit::submit_async`], the HTTP server, where only the writer runs on the
//! blocking pool). With a thread per waiting push, 1,000 devices pushing at once held
//! 1,000 of tokio's blocking threads, and pulls queued behind them for a thread.
//!
//! A waiter that stops waiting (the client hung up, the request timed out) leaves its
//! job queued: it is stored like the others, and the device's retry gets its first
//! outcome back.
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
use std::any::Any;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

#[cfg(test)]
mod tests;

/// A job's answer, once the writer has it, and who waits for it.
enum Slot<T> {
    /// Not answered yet; the waker of the task awaiting it, if a task does.
    Waiting(Option<Waker>),
    Done(Result<T, StoreError>),
    /// Handed to the waiter.
    Taken,
}

/// One job's answer: put once by the writer, taken once by the waiter, who sleeps on
/// the condition variable (a thread) or is woken through its waker (a task).
struct Answer<T> {
    slot: Mutex<Slot<T>>,
    ready: Condvar,
}

impl<T> Answer<T> {
    fn put(&self, r: Result<T, StoreError>) {
        let mut s = relock(&self.slot);
        let Slot::Waiting(waker) = std::mem::replace(&mut *s, Slot::Done(r)) else {
            // Answered already: keep the first answer.
            return;
        };
        drop(s);
        self.ready.notify_one();
        if let Some(w) = waker {
            w.wake();
        }
    }

    /// Block the calling thread until the answer is there.
    fn wait(&self) -> Result<T, StoreError> {
        let mut s = relock(&self.slot);
        while let Slot::Waiting(_) = *s {
            s = self.ready.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        match std::mem::replace(&mut *s, Slot::Taken) {
            Slot::Done(r) => r,
            _ => Err(lost()),
        }
    }
}

/// The answer to a job queued by [`GroupCommit::submit_async`]: resolves once the
/// transaction holding the job committed (or failed). Dropping it does not withdraw
/// the job.
pub struct Pending<T>(Arc<Answer<T>>);

impl<T> Future for Pending<T> {
    type Output = Result<T, StoreError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut s = relock(&self.0.slot);
        match std::mem::replace(&mut *s, Slot::Taken) {
            Slot::Done(r) => Poll::Ready(r),
            Slot::Taken => Poll::Ready(Err(lost())),
            Slot::Waiting(_) => {
                *s = Slot::Waiting(Some(cx.waker().clone()));
                Poll::Pending
            }
        }
    }
}

struct Entry<J, T> {
    job: J,
    answer: Arc<Answer<T>>,
}

struct Queue<J, T> {
    jobs: VecDeque<Entry<J, T>>,
    /// A writer is running (or being started): it takes every queued job before it
    /// stops, so a job queued now needs no other.
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

    /// Jobs queued and not yet taken into a batch.
    pub fn queued(&self) -> usize {
        relock(&self.queue).jobs.len()
    }

    /// Queue `job`; its answer, and whether the caller must run the writer (nobody
    /// was writing).
    fn enqueue(&self, job: J) -> (Arc<Answer<T>>, bool) {
        let answer = Arc::new(Answer {
            slot: Mutex::new(Slot::Waiting(None)),
            ready: Condvar::new(),
        });
        let mut q = relock(&self.queue);
        q.jobs.push_back(Entry {
            job,
            answer: answer.clone(),
        });
        let start = !q.writing;
        q.writing = true;
        (answer, start)
    }

    /// Queue `job` and wait for its answer on this thread. If nobody is writing,
    /// this thread writes, with `store`, until the queue is empty (jobs queued by
    /// others meanwhile included); a panic in `store` reaches this thread after every
    /// job was answered.
    pub fn submit<F>(&self, job: J, store: F) -> Result<T, StoreError>
    where
        F: Fn(&mut C, Vec<J>) -> Vec<Result<T, StoreError>>,
    {
        let (answer, start) = self.enqueue(job);
        if start {
            if let Some(panic) = self.drain(&store) {
                std::panic::resume_unwind(panic);
            }
        }
        answer.wait()
    }

    /// Write batches with `store` until the queue is empty, answering every job. A
    /// batch whose `store` panics is answered with an error and the writer goes on;
    /// the first panic is returned.
    fn drain<F>(&self, store: &F) -> Option<Box<dyn Any + Send>>
    where
        F: Fn(&mut C, Vec<J>) -> Vec<Result<T, StoreError>>,
    {
        let mut panicked = None;
        loop {
            let (jobs, answers): (Vec<J>, Vec<Arc<Answer<T>>>) = {
                let mut q = relock(&self.queue);
                if q.jobs.is_empty() {
                    q.writing = false;
                    return panicked;
                }
                let mut total = 0;
                let n = q
                    .jobs
                    .iter()
                    .take_while(|e| {
                        total += (self.weight)(&e.job);
                        total <= self.max_batch
                    })
                    .count()
                    .max(1);
                q.jobs.drain(..n).map(|e| (e.job, e.answer)).unzip()
            };
            let stored = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                store(&mut relock(&self.lane), jobs)
            }));
            let mut results = match stored {
                Ok(results) => results.into_iter(),
                Err(p) => {
                    panicked.get_or_insert(p);
                    Vec::new().into_iter()
                }
            };
            for a in &answers {
                a.put(results.next().unwrap_or_else(|| Err(lost())));
            }
        }
    }
}

impl<C, J, T> GroupCommit<C, J, T>
where
    C: Send + 'static,
    J: Send + 'static,
    T: Send + 'static,
{
    /// Queue `job` and return its answer to await, holding no thread while it waits.
    /// If nobody is writing, a writer is started on tokio's blocking pool (or, outside
    /// a runtime, runs here before this returns) and writes with `store` until the
    /// queue is empty.
    pub fn submit_async<F>(self: &Arc<Self>, job: J, store: F) -> Pending<T>
    where
        F: Fn(&mut C, Vec<J>) -> Vec<Result<T, StoreError>> + Send + 'static,
    {
        let (answer, start) = self.enqueue(job);
        if start {
            let lane = self.clone();
            let write = move || {
                if lane.drain(&store).is_some() {
                    tracing::error!(
                        "a group of pushes stopped on a panic; each was answered with an error"
                    );
                }
            };
            match tokio::runtime::Handle::try_current() {
                Ok(rt) => {
                    rt.spawn_blocking(write);
                }
                Err(_) => write(),
            }
        }
        Pending(answer)
    }
}

/// One device's push waiting in a store's group-commit queue.
pub struct PushJob {
    pub device: sotay_model::ids::DeviceId,
    pub changes: Vec<sotay_model::Change>,
    pub now_ms: u64,
}

impl PushJob {
    /// Several devices' pushes made at `now_ms`, as one batch (tests' `push_as_one_batch`).
    pub fn each(
        pushes: Vec<(sotay_model::ids::DeviceId, Vec<sotay_model::Change>)>,
        now_ms: u64,
    ) -> Vec<PushJob> {
        pushes
            .into_iter()
            .map(|(device, changes)| PushJob {
                device,
                changes,
                now_ms,
            })
            .collect()
    }
}
