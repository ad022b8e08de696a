//! Blob bytes between HTTP and the store without holding a whole file: an upload's
//! body read as a blocking `Read` (hashed, counted and time-bounded per chunk) for the
//! store on the blocking pool, and a download's answer fed a chunk at a time from it.

use super::bounds::Permit;
use super::error::ApiError;
use crate::error::StoreError;
use crate::store::Store;
use axum::body::{Body, Bytes, HttpBody};
use http_body::{Frame, SizeHint};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::runtime::Handle;
use tokio::sync::mpsc;

/// Bytes read from the store per download chunk; with one chunk queued and one being
/// sent, a download holds about three of them.
pub const DOWNLOAD_CHUNK: u64 = 256 * 1024;

/// Why an upload's body was refused (the store then kept nothing).
#[derive(Debug)]
pub enum Fault {
    TooLarge,
    Empty,
    Mismatch,
    Stalled,
    Cut,
}

impl Fault {
    pub fn into_api(self, max_bytes: u64, idle: Duration) -> ApiError {
        match self {
            Fault::TooLarge => ApiError::BlobTooLarge {
                max_mb: max_bytes.div_ceil(1024 * 1024),
            },
            Fault::Empty => ApiError::BadRequest("tệp rỗng".into()),
            Fault::Mismatch => ApiError::BadRequest(
                "nội dung tệp không khớp với mã băm SHA-256 (tệp bị hỏng khi gửi?)".into(),
            ),
            Fault::Stalled => ApiError::Timeout {
                secs: idle.as_secs(),
            },
            Fault::Cut => ApiError::BadRequest("tệp gửi lên bị ngắt giữa chừng".into()),
        }
    }
}

/// An upload's body as a `Read`, for a blocking thread: each chunk is awaited on the
/// runtime within `idle`, counted against `max` and hashed; at the end a hash other
/// than `want` fails the last read, so the store discards what it wrote.
pub struct BodyReader {
    body: Body,
    rt: Handle,
    idle: Duration,
    max: u64,
    want: String,
    hasher: Sha256,
    buf: Bytes,
    pub bytes: u64,
    pub fault: Option<Fault>,
    done: bool,
}

impl BodyReader {
    pub fn new(body: Body, idle: Duration, max: u64, want: String) -> BodyReader {
        BodyReader {
            body,
            rt: Handle::current(),
            idle,
            max,
            want,
            hasher: Sha256::new(),
            buf: Bytes::new(),
            bytes: 0,
            fault: None,
            done: false,
        }
    }

    fn fail(&mut self, fault: Fault) -> std::io::Result<usize> {
        let e = std::io::Error::other(format!("upload refused: {fault:?}"));
        self.fault = Some(fault);
        Err(e)
    }

    /// The next non-empty data chunk, or `None` at the end of the body.
    fn next_chunk(&mut self) -> Result<Option<Bytes>, Fault> {
        loop {
            let body = &mut self.body;
            let next = self.rt.block_on(tokio::time::timeout(
                self.idle,
                std::future::poll_fn(|cx| Pin::new(&mut *body).poll_frame(cx)),
            ));
            match next {
                Err(_) => return Err(Fault::Stalled),
                Ok(None) => return Ok(None),
                Ok(Some(Err(e))) => {
                    // A body over the limit also ends here when the client sent no length.
                    tracing::debug!(error = %e, "upload body ended early");
                    return Err(Fault::Cut);
                }
                Ok(Some(Ok(frame))) => match frame.into_data() {
                    Ok(data) if !data.is_empty() => return Ok(Some(data)),
                    _ => continue,
                },
            }
        }
    }
}

impl Read for BodyReader {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if let Some(f) = self.fault.take() {
            return self.fail(f);
        }
        if self.buf.is_empty() {
            if self.done {
                return Ok(0);
            }
            match self.next_chunk() {
                Err(f) => return self.fail(f),
                Ok(Some(data)) => {
                    self.bytes += data.len() as u64;
                    if self.bytes > self.max {
                        return self.fail(Fault::TooLarge);
                    }
                    self.hasher.update(&data);
                    self.buf = data;
                }
                Ok(None) => {
                    self.done = true;
                    if self.bytes == 0 {
                        return self.fail(Fault::Empty);
                    }
                    let got = hex::encode(std::mem::take(&mut self.hasher).finalize());
                    if got != self.want {
                        return self.fail(Fault::Mismatch);
                    }
                    return Ok(0);
                }
            }
        }
        let k = out.len().min(self.buf.len());
        out[..k].copy_from_slice(&self.buf.split_to(k));
        Ok(k)
    }
}

/// A download answer of `len` bytes from `start`, read from the store a chunk at a
/// time on the blocking pool while the previous one is sent. `permit` keeps the
/// request counted in flight until the last chunk is out.
pub fn download_body(
    store: Arc<dyn Store>,
    sha256: String,
    start: u64,
    len: u64,
    permit: Option<Permit>,
) -> Body {
    let (tx, rx) = mpsc::channel::<Result<Bytes, StoreError>>(1);
    tokio::spawn(async move {
        let mut at = start;
        let end = start + len;
        while at < end {
            let (store, sha) = (store.clone(), sha256.clone());
            let n = DOWNLOAD_CHUNK.min(end - at);
            let read = tokio::task::spawn_blocking(move || store.read_blob(&sha, at, n)).await;
            let chunk = match read {
                Ok(Ok(Some(bytes))) if !bytes.is_empty() => Ok(Bytes::from(bytes)),
                Ok(Ok(_)) => Err(StoreError::Io(std::io::Error::other(
                    "blob shorter than its size",
                ))),
                Ok(Err(e)) => Err(e),
                Err(e) => Err(StoreError::Io(std::io::Error::other(e.to_string()))),
            };
            let failed = chunk.is_err();
            at += chunk.as_ref().map(|b| b.len() as u64).unwrap_or(0);
            if tx.send(chunk).await.is_err() || failed {
                break;
            }
        }
    });
    Body::new(Chunks {
        rx,
        remaining: len,
        _permit: permit,
    })
}

struct Chunks {
    rx: mpsc::Receiver<Result<Bytes, StoreError>>,
    remaining: u64,
    _permit: Option<Permit>,
}

impl HttpBody for Chunks {
    type Data = Bytes;
    type Error = StoreError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, StoreError>>> {
        if self.remaining == 0 {
            return Poll::Ready(None);
        }
        match self.rx.poll_recv(cx) {
            Poll::Ready(Some(Ok(b))) => {
                self.remaining = self.remaining.saturating_sub(b.len() as u64);
                Poll::Ready(Some(Ok(Frame::data(b))))
            }
            Poll::Ready(Some(Err(e))) => {
                tracing::error!(error = %e, "blob download failed midway");
                Poll::Ready(Some(Err(e)))
            }
            // The reader stopped early without saying why: end the answer short, so
            // the client sees a cut transfer and resumes.
            Poll::Ready(None) => Poll::Ready(Some(Err(StoreError::Io(std::io::Error::other(
                "blob reader stopped",
            ))))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.remaining == 0
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining)
    }
}
