//! The sync engine on an async runtime: its database steps leave the runtime's thread
//! to other tasks.

use crate::db::Identity;
use crate::env::SeededEnv;
use crate::replica::Replica;
use crate::sync::{Transport, TransportError};
use sotay_model::protocol::{
    Cursor, PullRequest, PullResponse, PulledRow, PushRequest, PushResponse,
};
use sotay_model::{Entity, Id, RowState};
use std::future::Future;
use std::sync::Arc;
use tokio::sync::oneshot;

const ROWS: u64 = 2_000;

/// Answers the one pull with a large page, but only once the test says so: it tells
/// the test it is waiting, then waits for `go`.
struct HeldPage {
    page: Option<PullResponse>,
    waiting: Option<oneshot::Sender<()>>,
    go: Option<oneshot::Receiver<()>>,
}

impl Transport for HeldPage {
    fn push(
        &mut self,
        _req: PushRequest,
    ) -> impl Future<Output = Result<PushResponse, TransportError>> + Send {
        std::future::ready(Err(TransportError::Protocol("nothing to push".into())))
    }

    fn pull(
        &mut self,
        _req: PullRequest,
    ) -> impl Future<Output = Result<PullResponse, TransportError>> + Send {
        let page = self.page.take();
        let waiting = self.waiting.take();
        let go = self.go.take();
        async move {
            let lost = || TransportError::Protocol("pulled twice".into());
            waiting.ok_or_else(lost)?.send(()).map_err(|_| lost())?;
            go.ok_or_else(lost)?.await.map_err(|_| lost())?;
            page.ok_or_else(lost)
        }
    }
}

fn large_page() -> PullResponse {
    PullResponse {
        rows: (1..=ROWS)
            .map(|seq| PulledRow {
                seq,
                row: RowState::empty(Entity::Organisation, Id::v7(1_000 + seq, [7; 10])),
            })
            .collect(),
        cursor: Cursor {
            epoch: 1,
            seq: ROWS,
        },
        more: false,
        reset: false,
        gone: Vec::new(),
        remaining: 0,
    }
}

/// On a one-thread runtime, a sync applying a large pulled page must leave the thread
/// to other tasks (here: the one holding the database while the page arrives).
/// Applied inline, the apply would block that thread on the lock and never finish.
#[tokio::test(flavor = "current_thread")]
// Holding the database across the yield is the point: the apply must wait for it.
#[allow(clippy::await_holding_lock)]
async fn applying_a_pulled_page_leaves_the_runtime_thread_free() {
    let home = tempfile::tempdir().expect("tempdir");
    let env = Arc::new(SeededEnv::new(7, 1_000));
    let replica = Arc::new(Replica::open_with(home.path(), env).expect("open"));
    replica
        .db()
        .set_identity(&Identity {
            server: "http://127.0.0.1:9".into(),
            device_id: Id::v7(1, [1; 10]),
            member_id: Id::v7(1, [2; 10]),
            credential: "credential".into(),
        })
        .expect("identity");
    let (waiting_tx, waiting_rx) = oneshot::channel();
    let (go_tx, go_rx) = oneshot::channel();
    let mut transport = HeldPage {
        page: Some(large_page()),
        waiting: Some(waiting_tx),
        go: Some(go_rx),
    };
    let syncing = Arc::clone(&replica);
    let sync = tokio::spawn(async move { syncing.sync_over(&mut transport).await });
    waiting_rx.await.expect("the sync pulls");
    let held = replica.db();
    go_tx.send(()).expect("the sync waits for its page");
    // Let the sync take its page and start applying it while the database is held.
    tokio::task::yield_now().await;
    drop(held);
    let report = sync.await.expect("joined").expect("synced");
    assert_eq!(report.pulled, ROWS);
    assert_eq!(replica.db().cursor().expect("cursor").seq, ROWS);
}
