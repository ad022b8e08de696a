//! The accept loop: hyper's HTTP/1 server under the two bounds axum's `serve` does not
//! give (issue 12): a deadline for each request's headers (axum sets no timer, so
//! hyper's header timeout never fires and a client sending its headers a byte at a
//! time holds a connection forever) and a cap on open connections.

use axum::extract::ConnectInfo;
use axum::serve::Listener;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Semaphore};

/// How long a client may take to send a request's line and headers, from the first
/// byte (or from the end of the previous answer on a kept-alive connection).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(30);

/// Open connections at most. Beyond it a new connection waits in the kernel's backlog
/// until one closes; every connection is bounded in time by [`HEADER_TIMEOUT`] and the
/// request timeouts, so the wait ends.
pub const MAX_CONNECTIONS: usize = 4_096;

/// Serve `router` on `listener` until `shutdown` completes, then let the requests in
/// progress finish.
pub async fn serve<L>(
    mut listener: L,
    router: Router,
    header_timeout: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()>
where
    L: Listener<Addr = SocketAddr>,
{
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let Ok(slot) = slots.clone().acquire_owned().await else {
            break;
        };
        let (io, peer) = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let router = router.clone();
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                let mut req = req.map(axum::body::Body::new);
                req.extensions_mut().insert(ConnectInfo(peer));
                tower::ServiceExt::oneshot(router.clone(), req)
            });
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout);
            let conn = builder.serve_connection(TokioIo::new(io), service);
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                result = conn.as_mut() => {
                    if let Err(e) = result {
                        tracing::debug!(error = %e, %peer, "connection ended");
                    }
                }
                () = async { drop(stop.wait_for(|s| *s).await) } => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
            drop(slot);
        });
    }
    let _ = stop_tx.send(true);
    // Every connection task holds a slot until it ends: taking them all is the wait.
    let _ = slots.acquire_many(MAX_CONNECTIONS as u32).await;
    Ok(())
}
