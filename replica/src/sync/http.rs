//! The real transport: JSON over HTTP(S) with reqwest, routes and bodies exactly as in
//! `sotay_model::protocol` (sync, online requests, attachment uploads). The credential
//! goes only into the Authorization header.

use super::transport::{BlobSink, Transport, TransportError};
use crate::db::Identity;
use serde::{de::DeserializeOwned, Serialize};
use sotay_model::library::blobs::{BlobCheckRequest, BlobCheckResponse};
use sotay_model::protocol::{
    EnrollRequest, EnrollResponse, ErrorBody, PullRequest, PullResponse, PushRequest, PushResponse,
};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A client with the timeouts sync needs: a dead server must fail a sync, not hang it.
/// Redirects are never followed: the plain-HTTP rule checks the configured address, and a
/// 307 to `http://` elsewhere would resend the body (an enrollment code) in the clear.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(120))
        .build()
        // Building fails only if the TLS backend cannot start; fall back to defaults.
        .unwrap_or_default()
}

pub struct HttpTransport {
    client: reqwest::Client,
    server: String,
    credential: String,
    /// The latest answer's `Date` (Unix ms; 0 before any): the server's clock.
    server_ms: Arc<AtomicU64>,
}

impl std::fmt::Debug for HttpTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpTransport")
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

impl HttpTransport {
    pub fn new(client: reqwest::Client, identity: &Identity) -> HttpTransport {
        HttpTransport {
            client,
            server: identity.server.clone(),
            credential: identity.credential.clone(),
            server_ms: Arc::default(),
        }
    }

    /// A connection to `server` (normalised) for a device not enrolled yet: it has no
    /// credential until [`Transport::enroll`] gives it one.
    pub fn unenrolled(client: reqwest::Client, server: &str) -> HttpTransport {
        HttpTransport {
            client,
            server: server.to_string(),
            credential: String::new(),
            server_ms: Arc::default(),
        }
    }
}

/// Why plain `http://` is refused (after "Không tin cậy được máy chủ: ").
pub const PLAIN_HTTP: &str = "địa chỉ http:// không được mã hóa, mã đăng ký, khóa thiết bị và \
     dữ liệu sẽ đi qua mạng ở dạng ai cũng đọc và giả mạo được; hãy dùng địa chỉ https:// của máy chủ";

/// Plain HTTP only to this machine (127.0.0.0/8, `::1`, `localhost`), where nothing
/// crosses a network. Anywhere else the enrollment code, the credential and every row
/// would go in clear, and anyone on the path could answer "device revoked" and make
/// the device wipe what it has not sent. Checked before every connection, in every
/// build (tests run on loopback, so they need no escape hatch).
pub fn check_secure(url: &str) -> Result<(), TransportError> {
    let refused = || TransportError::Untrusted(PLAIN_HTTP.to_string());
    let url = reqwest::Url::parse(url).map_err(|_| refused())?;
    match url.scheme() {
        "https" => Ok(()),
        "http" if url.host_str().is_some_and(is_loopback) => Ok(()),
        _ => Err(refused()),
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(a)) => a.is_loopback(),
        Ok(std::net::IpAddr::V6(a)) => {
            a.is_loopback() || a.to_ipv4_mapped().is_some_and(|v| v.is_loopback())
        }
        Err(_) => false,
    }
}

/// `https://host/` and `https://host` both become `https://host`.
pub fn normalise_server(server: &str) -> Option<String> {
    let s = server.trim().trim_end_matches('/');
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))?;
    (!rest.is_empty() && !rest.contains(char::is_whitespace)).then(|| s.to_string())
}

/// The server's clock from an answer's `Date` header (whole seconds, which is plenty
/// against `hlc::MAX_SKEW_MS`).
fn date_ms(resp: &reqwest::Response) -> Option<u64> {
    let date = resp.headers().get(reqwest::header::DATE)?.to_str().ok()?;
    let at = httpdate::parse_http_date(date).ok()?;
    let ms = at.duration_since(std::time::UNIX_EPOCH).ok()?.as_millis();
    u64::try_from(ms).ok()
}

/// Send one request and read its answer whole; a refusal becomes `Server` with the
/// server's Vietnamese message. Every request to the server passes here.
async fn answer(
    req: reqwest::RequestBuilder,
    server_ms: Option<&AtomicU64>,
) -> Result<impl AsRef<[u8]>, TransportError> {
    let resp = req.send().await.map_err(offline)?;
    answer_of(resp, server_ms).await
}

async fn answer_of(
    resp: reqwest::Response,
    server_ms: Option<&AtomicU64>,
) -> Result<impl AsRef<[u8]>, TransportError> {
    let status = resp.status();
    if let (Some(heard), Some(ms)) = (server_ms, date_ms(&resp)) {
        heard.store(ms, Ordering::Relaxed);
    }
    let bytes = resp
        .bytes()
        .await
        .map_err(|e| TransportError::Offline(e.without_url().to_string()))?;
    if !status.is_success() {
        return Err(match serde_json::from_slice::<ErrorBody>(&bytes) {
            Ok(body) => TransportError::Server {
                status: status.as_u16(),
                body,
            },
            Err(_) => TransportError::from_status(status.as_u16()),
        });
    }
    Ok(bytes)
}

async fn post<Req: Serialize, Resp: DeserializeOwned>(
    client: &reqwest::Client,
    url: String,
    credential: Option<&str>,
    body: &Req,
    server_ms: Option<&AtomicU64>,
) -> Result<Resp, TransportError> {
    check_secure(&url)?;
    let mut req = client.post(url).json(body);
    if let Some(c) = credential {
        req = req.bearer_auth(c);
    }
    let bytes = answer(req, server_ms).await?;
    serde_json::from_slice(bytes.as_ref()).map_err(|e| TransportError::Protocol(e.to_string()))
}

impl Transport for HttpTransport {
    async fn push(&mut self, req: PushRequest) -> Result<PushResponse, TransportError> {
        post(
            &self.client,
            format!("{}/v1/push", self.server),
            Some(&self.credential),
            &req,
            Some(&self.server_ms),
        )
        .await
    }
    async fn pull(&mut self, req: PullRequest) -> Result<PullResponse, TransportError> {
        let url = format!("{}/v1/pull", self.server);
        let (client, credential) = (self.client.clone(), self.credential.clone());
        let heard = self.server_ms.clone();
        let fetch = async move { post(&client, url, Some(&credential), &req, Some(&heard)).await };
        // On a task of its own: the sync engine asks for the next page and then applies
        // the current one on its own thread, and a page's parsing (a quarter of a first
        // sync's work) then runs on another core instead of after the apply.
        match tokio::runtime::Handle::try_current() {
            Ok(rt) => rt
                .spawn(fetch)
                .await
                .map_err(|e| TransportError::Offline(e.to_string()))?,
            Err(_) => fetch.await,
        }
    }
    async fn enroll(&mut self, req: EnrollRequest) -> Result<EnrollResponse, TransportError> {
        let url = format!("{}/v1/enroll", self.server);
        let resp: EnrollResponse = post(&self.client, url, None, &req, None).await?;
        self.credential = resp.credential.clone();
        Ok(resp)
    }
    fn server_time_ms(&self) -> Option<u64> {
        Some(self.server_ms.load(Ordering::Relaxed)).filter(|&ms| ms > 0)
    }
    async fn call<Req: Serialize + Sync, Resp: DeserializeOwned + Send>(
        &mut self,
        route: &str,
        body: &Req,
    ) -> Result<Resp, TransportError> {
        let url = format!("{}/v1/{route}", self.server);
        post(
            &self.client,
            url,
            Some(&self.credential),
            body,
            Some(&self.server_ms),
        )
        .await
    }
    async fn blob_check(
        &mut self,
        req: BlobCheckRequest,
    ) -> Result<BlobCheckResponse, TransportError> {
        self.call("blobs/check", &req).await
    }
    async fn blob_put(&mut self, sha256: &str, bytes: Vec<u8>) -> Result<(), TransportError> {
        let url = format!("{}/v1/blobs/{sha256}", self.server);
        check_secure(&url)?;
        let req = self
            .client
            .put(url)
            .bearer_auth(&self.credential)
            .body(bytes);
        answer(req, Some(&self.server_ms)).await.map(|_| ())
    }
    async fn blob_get<S: BlobSink>(
        &mut self,
        sha256: &str,
        from: u64,
        sink: &mut S,
    ) -> Result<(), TransportError> {
        let url = format!("{}/v1/blobs/{sha256}", self.server);
        check_secure(&url)?;
        let req = self
            .client
            .get(url)
            .bearer_auth(&self.credential)
            .header(reqwest::header::RANGE, format!("bytes={from}-"));
        let mut resp = req.send().await.map_err(offline)?;
        let go_on = match resp.status().as_u16() {
            206 => {
                let start = resp
                    .headers()
                    .get(reqwest::header::CONTENT_RANGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.strip_prefix("bytes "))
                    .and_then(|v| v.split('-').next())
                    .and_then(|v| v.parse::<u64>().ok());
                sink.begin(start, false)
            }
            200 => sink.begin(Some(0), true),
            // A refusal: read it as every other answer is read.
            _ => return answer_of(resp, None).await.map(|_| ()),
        };
        if !go_on {
            return Ok(());
        }
        while let Some(bytes) = resp.chunk().await.map_err(offline)? {
            if !sink.write(&bytes) {
                break;
            }
        }
        Ok(())
    }
}

fn offline(e: reqwest::Error) -> TransportError {
    match super::tls::describe(&e) {
        Some(why) => TransportError::Untrusted(why),
        None => TransportError::Offline(why_offline(&e).into()),
    }
}

/// Why no answer came, in the user's words: reqwest's own text ("error sending
/// request") ended up inside Vietnamese messages (issue 23 item 7).
fn why_offline(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "máy chủ không trả lời kịp"
    } else if e.is_connect() {
        "không mở được kết nối, hãy kiểm tra mạng và địa chỉ máy chủ"
    } else if e.is_body() || e.is_decode() {
        "kết nối bị ngắt giữa chừng"
    } else {
        "lỗi mạng"
    }
}

#[cfg(test)]
mod tests {
    use super::check_secure;

    #[tokio::test]
    async fn a_server_that_cannot_be_reached_is_described_in_vietnamese() {
        // Nothing listens on port 1 of this machine: the connection is refused.
        let e = reqwest::Client::new()
            .get("http://127.0.0.1:1/")
            .send()
            .await
            .expect_err("nothing listens on port 1");
        let text = super::offline(e).to_string();
        assert_eq!(
            text,
            "Không kết nối được máy chủ (không mở được kết nối, hãy kiểm tra mạng và địa chỉ máy chủ)"
        );
        assert!(!text.contains("error sending request"));
    }

    #[test]
    fn plain_http_is_allowed_to_loopback_only() {
        for ok in [
            "https://so-tay.example.vn",
            "http://127.0.0.1:8080",
            "http://127.9.9.9",
            "http://localhost:1",
            "http://LOCALHOST",
            "http://[::1]:8080",
            "http://[::ffff:127.0.0.1]:8080",
        ] {
            assert!(check_secure(ok).is_ok(), "{ok}");
        }
        for refused in [
            "http://10.255.255.1:8080",
            "http://so-tay.example.vn",
            "http://localhost.example.vn",
            "http://128.0.0.1",
            "http://[::2]",
            "http://0.0.0.0:8080",
            "ftp://127.0.0.1",
            "không phải địa chỉ",
        ] {
            assert!(check_secure(refused).is_err(), "{refused}");
        }
    }
}
