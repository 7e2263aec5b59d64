//! The synchronous client: sends messages and uploads media over one keep-alive `ureq::Agent`,
//! with explicit timeouts, the shared rate limiter, safe retries and key redaction.

use crate::error::{Error, ErrorKind, Result, TimeoutPhase};
use crate::media::{self, Media, MediaKind};
use crate::multipart::{random_boundary, MultipartFrame};
use crate::rate_limit::{RateLimit, RatePolicy, Window};
use crate::webhook::{Webhook, DEFAULT_BASE_URL, SEND_PATH, UPLOAD_PATH};
use crate::{content, errcode, Article, File, Image, Markdown, MarkdownV2, Message, News, Text, Voice};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// The user agent sent with every request.
pub const USER_AGENT: &str = concat!("wecom-bot/", env!("CARGO_PKG_VERSION"));
/// The server's rate window: the retry-after of a 45009 when the client keeps no window.
const SERVER_RATE_WINDOW: Duration = Duration::from_secs(crate::limits::RATE_WINDOW_SECS);
/// The largest response body read (the API's answers are tiny).
const MAX_RESPONSE_BYTES: u64 = 1 << 20;

/// Which proxy to use.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ProxyConfig {
    /// `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` (and `NO_PROXY`) from the environment (default).
    #[default]
    Environment,
    /// This proxy: `http://host:port`, `http://user:pass@host:port`, `socks5://host:port`.
    Url(String),
    /// No proxy, whatever the environment says.
    None,
}

/// Which certificates to trust for https.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TlsRoots {
    /// The Mozilla roots bundled in the library (default; works everywhere).
    #[default]
    Bundled,
    /// The operating system's certificate store (for TLS-inspecting corporate proxies).
    Platform,
}

/// When to retry. Only failures where the message cannot have been delivered are retried:
/// connect failures, errcode -1 (system busy) and errcode 45009 (rate limited).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = never retry).
    pub max_attempts: u32,
    /// The first backoff; doubled at each retry, with jitter.
    pub initial_backoff: Duration,
    /// The longest backoff.
    pub max_backoff: Duration,
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> RetryPolicy {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff 200 ms doubling up to 5 s.
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
        }
    }
}

/// Everything configurable about a [`Client`]; every field has an explicit default.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientConfig {
    /// `scheme://host[:port]` replacing `https://qyapi.weixin.qq.com` (a private gateway or the
    /// mock server). `None`: the webhook URL's host, or the real server.
    pub base_url: Option<String>,
    /// Opening the connection (default 10 s).
    pub connect_timeout: Duration,
    /// One send request, connect included (default 30 s). It bounds each attempt; retries
    /// (bounded by `retry`) and rate-limit waits (bounded by `RatePolicy::Wait::max_wait`)
    /// come on top.
    pub timeout: Duration,
    /// One upload request, connect included (default 300 s); per attempt, like `timeout`.
    pub upload_timeout: Duration,
    /// The proxy (default: from the environment).
    pub proxy: ProxyConfig,
    /// Trusted roots (default: bundled).
    pub tls_roots: TlsRoots,
    /// Allow plain http to a host other than loopback (default false).
    pub allow_insecure_http: bool,
    /// The User-Agent header (default `wecom-bot/<version>`).
    pub user_agent: String,
    /// Retries of failures that cannot have delivered the message.
    pub retry: RetryPolicy,
    /// The client-side limit; `None` turns it off (the server's limit still applies).
    pub rate_limit: Option<RateLimit>,
    /// A fixed multipart boundary (for tests); `None`: a fresh random one per upload.
    pub multipart_boundary: Option<String>,
}

impl Default for ClientConfig {
    fn default() -> ClientConfig {
        ClientConfig {
            base_url: None,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            upload_timeout: Duration::from_secs(300),
            proxy: ProxyConfig::Environment,
            tls_roots: TlsRoots::Bundled,
            allow_insecure_http: false,
            user_agent: USER_AGENT.to_owned(),
            retry: RetryPolicy::default(),
            rate_limit: Some(RateLimit::default()),
            multipart_boundary: None,
        }
    }
}

/// A robot client. Cheap to clone (clones share the connection pool); `Send + Sync`.
///
/// The key never appears in its errors, its `Debug`, or this crate's log records (target
/// `wecom_bot`, any level). The HTTP library underneath, `ureq`, logs request URLs (key
/// included) only when its own target is enabled at `trace` level: keep `ureq` at `debug` or
/// below wherever logs are kept.
///
/// ```no_run
/// let bot = wecom_bot::Client::new("693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa")?;
/// bot.send_text("deploy finished")?;
/// # Ok::<(), wecom_bot::Error>(())
/// ```
#[derive(Clone)]
pub struct Client(Arc<Inner>);

struct Inner {
    webhook: Webhook,
    base_url: String,
    config: ClientConfig,
    agent: ureq::Agent,
    upload_agent: ureq::Agent,
    window: Option<Arc<Window>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("webhook", &self.0.webhook).field("base_url", &self.0.base_url).finish()
    }
}

/// One request to make, possibly several times.
enum Payload<'a> {
    Json(&'a [u8]),
    Upload { frame: MultipartFrame, content: UploadContent<'a>, len: u64 },
}

enum UploadContent<'a> {
    Bytes(&'a [u8]),
    Path(&'a Path),
}

/// The API's answer (both send and upload).
#[derive(serde::Deserialize)]
struct ApiResponse {
    errcode: i64,
    #[serde(default)]
    errmsg: String,
    #[serde(default)]
    media_id: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    created_at: Option<serde_json::Value>,
}

impl Client {
    /// A client for a webhook URL or bare key, with the default configuration.
    pub fn new(webhook: &str) -> Result<Client> {
        Client::with_config(Webhook::parse(webhook)?, ClientConfig::default())
    }

    /// A client from `WECOM_BOT_WEBHOOK` (a full URL) or else `WECOM_BOT_KEY`.
    pub fn from_env() -> Result<Client> {
        let value = std::env::var("WECOM_BOT_WEBHOOK").or_else(|_| std::env::var("WECOM_BOT_KEY")).map_err(|_| {
            Error::invalid_argument("environment", "set WECOM_BOT_WEBHOOK (the webhook URL) or WECOM_BOT_KEY")
        })?;
        Client::new(&value)
    }

    /// A client with a configuration.
    pub fn with_config(webhook: Webhook, config: ClientConfig) -> Result<Client> {
        let base_url = match (&config.base_url, webhook.base_url()) {
            (Some(b), _) => normalize_base_url(b)?,
            (None, Some(b)) => normalize_base_url(b)?,
            (None, None) => DEFAULT_BASE_URL.to_owned(),
        };
        check_scheme(&base_url, config.allow_insecure_http)?;
        if let Some(b) = &config.multipart_boundary {
            if b.is_empty()
                || b.len() > 70
                || !b.bytes().all(|c| c.is_ascii_alphanumeric() || b"-_'()+,./:=?".contains(&c))
            {
                return Err(Error::invalid_argument("multipart_boundary", "1 to 70 letters, digits or -_'()+,./:=?"));
            }
        }
        let agent = build_agent(&config, config.timeout)?;
        let upload_agent = build_agent(&config, config.upload_timeout)?;
        let window = config.rate_limit.as_ref().map(|l| Window::shared(webhook.expose_key(), l));
        Ok(Client(Arc::new(Inner { webhook, base_url, config, agent, upload_agent, window })))
    }

    /// The webhook this client sends to (its `Debug`/`Display` mask the key).
    pub fn webhook(&self) -> &Webhook {
        &self.0.webhook
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.0.base_url
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.0.config
    }

    /// Validates and sends any message.
    pub fn send(&self, message: &Message) -> Result<()> {
        let body = self.redacted(message.to_json_bytes())?;
        self.send_json_bytes(&body)
    }

    /// Sends a text message.
    pub fn send_text(&self, content: &str) -> Result<()> {
        self.send(&Text::new(content).into())
    }

    /// Sends a markdown message.
    pub fn send_markdown(&self, content: &str) -> Result<()> {
        self.send(&Markdown::new(content).into())
    }

    /// Sends a markdown_v2 message.
    pub fn send_markdown_v2(&self, content: &str) -> Result<()> {
        self.send(&MarkdownV2::new(content).into())
    }

    /// Sends a JPG or PNG file as an image message.
    pub fn send_image(&self, path: impl AsRef<Path>) -> Result<()> {
        let image = self.redacted(Image::from_path(path))?;
        self.send(&image.into())
    }

    /// Sends a news message.
    pub fn send_news(&self, articles: impl IntoIterator<Item = Article>) -> Result<()> {
        self.send(&News::new(articles).into())
    }

    /// Uploads a file and sends it as a file message; returns the upload.
    pub fn send_file(&self, path: impl AsRef<Path>) -> Result<Media> {
        let media = self.upload_path(MediaKind::File, path)?;
        self.send(&File::new(media.media_id.clone()).into())?;
        Ok(media)
    }

    /// Uploads an AMR voice and sends it as a voice message; returns the upload.
    pub fn send_voice(&self, path: impl AsRef<Path>) -> Result<Media> {
        let media = self.upload_path(MediaKind::Voice, path)?;
        self.send(&Voice::new(media.media_id.clone()).into())?;
        Ok(media)
    }

    /// Sends long text as as many ≤ 2048-byte text messages as needed, in order; returns how
    /// many were sent. On failure, the chunks before the failing one were delivered.
    pub fn send_text_chunked(&self, content: &str) -> Result<usize> {
        self.send_chunks(content::split_text(content), |c| Text::new(c).into(), "text.content")
    }

    /// Sends long markdown as ≤ 4096-byte markdown messages (code fences kept balanced).
    pub fn send_markdown_chunked(&self, content: &str) -> Result<usize> {
        self.send_chunks(content::split_markdown(content), |c| Markdown::new(c).into(), "markdown.content")
    }

    fn send_chunks(&self, chunks: Vec<String>, make: impl Fn(String) -> Message, field: &str) -> Result<usize> {
        self.redacted(self.send_chunks_unredacted(chunks, make, field))
    }

    fn send_chunks_unredacted(
        &self,
        chunks: Vec<String>,
        make: impl Fn(String) -> Message,
        field: &str,
    ) -> Result<usize> {
        if chunks.is_empty() {
            return Err(Error::validation(
                field,
                crate::Rule::Required,
                format!("{field} is required and must not be empty"),
            ));
        }
        let messages: Vec<Message> = chunks.into_iter().map(make).collect();
        // Validate every chunk before the first goes out: nothing half-sent for a bad input.
        let bodies = messages.iter().map(Message::to_json_bytes).collect::<Result<Vec<_>>>()?;
        for body in &bodies {
            self.send_json_bytes(body)?;
        }
        Ok(bodies.len())
    }

    /// Sends a JSON body as it is (after checking it parses as a valid message).
    pub fn send_json(&self, json: &str) -> Result<()> {
        let message = self.redacted(Message::from_json(json))?;
        self.send(&message)
    }

    fn send_json_bytes(&self, body: &[u8]) -> Result<()> {
        self.execute(SEND_PATH, None, Payload::Json(body)).map(|_| ())
    }

    /// Uploads a file from disk (streamed; never held in memory) and returns its media id.
    /// The display name is the path's file name.
    pub fn upload_path(&self, kind: MediaKind, path: impl AsRef<Path>) -> Result<Media> {
        self.redacted(self.upload_path_unredacted(kind, path.as_ref()))
    }

    fn upload_path_unredacted(&self, kind: MediaKind, path: &Path) -> Result<Media> {
        let filename = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| Error::invalid_argument("path", "the path has no UTF-8 file name"))?;
        media::validate_filename(filename)?;
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, &e))?;
        if !meta.is_file() {
            return Err(Error::io(path, &std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file")));
        }
        let len = meta.len();
        media::validate_upload_len(kind, len)?;
        if kind == MediaKind::Voice {
            // Voices are at most 2 MiB: read them to check the AMR frames before sending.
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
            media::validate_upload(kind, &bytes)?;
            return self.upload_bytes_unredacted(kind, &bytes, filename);
        }
        let frame = MultipartFrame::new(&self.boundary(), filename, len);
        self.execute(UPLOAD_PATH, Some(kind), Payload::Upload { frame, content: UploadContent::Path(path), len })
            .and_then(|m| m.ok_or_else(|| Error::decode("the upload answer has no media")))
    }

    /// Uploads bytes under a display name and returns the media id.
    pub fn upload_bytes(&self, kind: MediaKind, bytes: &[u8], filename: &str) -> Result<Media> {
        self.redacted(self.upload_bytes_unredacted(kind, bytes, filename))
    }

    fn upload_bytes_unredacted(&self, kind: MediaKind, bytes: &[u8], filename: &str) -> Result<Media> {
        media::validate_filename(filename)?;
        media::validate_upload(kind, bytes)?;
        let len = bytes.len() as u64;
        let frame = MultipartFrame::new(&self.boundary(), filename, len);
        self.execute(UPLOAD_PATH, Some(kind), Payload::Upload { frame, content: UploadContent::Bytes(bytes), len })
            .and_then(|m| m.ok_or_else(|| Error::decode("the upload answer has no media")))
    }

    /// Every error leaving a public method goes through here: whatever a caller passed (a
    /// path, a JSON document) or the server answered, the key is masked in it.
    fn redacted<T>(&self, result: Result<T>) -> Result<T> {
        result.map_err(|e| self.0.webhook.redact_error(e))
    }

    fn boundary(&self) -> String {
        self.0.config.multipart_boundary.clone().unwrap_or_else(random_boundary)
    }

    /// Runs one request with the retry rules; returns the media of an upload.
    fn execute(&self, path: &str, kind: Option<MediaKind>, payload: Payload<'_>) -> Result<Option<Media>> {
        // Every message was redacted where it was made; this is the second line of defence.
        self.execute_unredacted(path, kind, payload).map_err(|e| self.0.webhook.redact_error(e))
    }

    fn execute_unredacted(&self, path: &str, kind: Option<MediaKind>, payload: Payload<'_>) -> Result<Option<Media>> {
        let retry = self.0.config.retry;
        let mut backoff = retry.initial_backoff;
        let mut attempt = 1;
        loop {
            // Messages take a slot of the shared window (uploads are not counted by the
            // server); the slot is stamped when this attempt ends (see `rate_limit::Window`).
            let slot = match (&self.0.window, kind, self.0.config.rate_limit) {
                (Some(w), None, Some(limit)) => Some(w.acquire(limit.policy)?),
                _ => None,
            };
            let outcome = self.attempt(path, kind, &payload);
            drop(slot);
            let failure = match outcome {
                Ok(media) => return Ok(media),
                Err(f) => f,
            };
            if !failure.retry_safe || attempt >= retry.max_attempts {
                return Err(failure.error);
            }
            let wait = if failure.error.kind() == ErrorKind::RateLimited {
                // A 45009 is waited out in the shared window (the next `acquire`), which
                // `attempt` marked full. Without a client-side limiter there is no window to
                // wait for: the caller gets the error and its retry-after at once.
                let (Some(_), Some(limit)) = (&self.0.window, self.0.config.rate_limit) else {
                    return Err(failure.error);
                };
                let until_free = failure.error.retry_after().unwrap_or_default();
                match limit.policy {
                    RatePolicy::FailFast => return Err(failure.error),
                    RatePolicy::Wait { max_wait } if until_free > max_wait => return Err(failure.error),
                    RatePolicy::Wait { .. } => {}
                }
                log::debug!(
                    "attempt {attempt} failed ({}); retrying when the rate window frees ({:.3} s)",
                    failure.error,
                    until_free.as_secs_f64()
                );
                // Uploads take no slot, so they do not wait in `acquire`: they sleep instead.
                kind.map(|_| until_free)
            } else {
                let wait = jitter(backoff);
                log::debug!("attempt {attempt} failed ({}); retrying in {:.3} s", failure.error, wait.as_secs_f64());
                Some(wait)
            };
            if let Some(wait) = wait {
                std::thread::sleep(wait);
            }
            backoff = (backoff * 2).min(retry.max_backoff);
            attempt += 1;
        }
    }

    fn attempt(&self, path: &str, kind: Option<MediaKind>, payload: &Payload<'_>) -> Result<Option<Media>, Failure> {
        let inner = &self.0;
        let mut url = format!("{}{path}?key={}", inner.base_url, inner.webhook.expose_key());
        if let Some(k) = kind {
            url.push_str("&type=");
            url.push_str(k.as_str());
        }
        let shown = inner.webhook.redact(&url);
        log::debug!("POST {shown}");
        let result = match payload {
            Payload::Json(body) => inner.agent.post(&url).header("Content-Type", "application/json").send(*body),
            Payload::Upload { frame, content, len } => {
                let request = inner
                    .upload_agent
                    .post(&url)
                    .header("Content-Type", frame.content_type())
                    .header("Content-Length", frame.content_length(*len).to_string());
                match content {
                    // Streamed from the caller's slice: never copied into one more buffer.
                    UploadContent::Bytes(bytes) => {
                        let mut reader = frame.clone().reader(*bytes, *len);
                        request.send(ureq::SendBody::from_reader(&mut reader))
                    }
                    UploadContent::Path(p) => {
                        let file = std::fs::File::open(p).map_err(|e| Failure::fatal(Error::io(*p, &e)))?;
                        let mut reader = frame.clone().reader(std::io::BufReader::with_capacity(64 * 1024, file), *len);
                        request.send(ureq::SendBody::from_reader(&mut reader))
                    }
                }
            }
        };
        let mut response = result.map_err(|e| self.map_transport_error(e, kind))?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_string()
            .map_err(|e| self.map_transport_error(e, kind))?;
        log::debug!("HTTP {status}: {}", inner.webhook.redact(&body));
        let decoded: std::result::Result<ApiResponse, _> = serde_json::from_str(&body);
        if !(200..300).contains(&status) {
            // A gateway's 5xx may or may not have reached the robot: never retried.
            return Err(Failure::fatal(Error::http_status(status)));
        }
        let r = decoded.map_err(|e| {
            let snippet: String = inner.webhook.redact(&body).chars().take(120).collect();
            Failure::fatal(Error::decode(format!("{e}; body starts {snippet:?}")).with_status(status))
        })?;
        let errmsg = inner.webhook.redact(&r.errmsg);
        if r.errcode != 0 {
            let e = Error::api(r.errcode, errmsg);
            let retry_safe = matches!(r.errcode, errcode::SYSTEM_BUSY | errcode::RATE_LIMITED);
            let e = if r.errcode == errcode::RATE_LIMITED {
                // The server counted more than we did: our window is full from now on.
                let after = match &inner.window {
                    Some(w) => {
                        w.mark_full();
                        w.time_until_free()
                    }
                    None => SERVER_RATE_WINDOW,
                };
                e.with_retry_after(after)
            } else {
                e
            };
            return Err(Failure { error: e, retry_safe });
        }
        if r.errmsg.contains("Warning") {
            // The server accepts some malformed bodies with errcode 0 and a warning: not a success.
            return Err(Failure::fatal(Error::api(0, errmsg)));
        }
        let Some(kind) = kind else { return Ok(None) };
        let media_id = r
            .media_id
            .filter(|m| !m.is_empty())
            .ok_or_else(|| Failure::fatal(Error::decode("the upload answer has no media_id")))?;
        if let Some(t) = &r.kind {
            if t != kind.as_str() {
                return Err(Failure::fatal(Error::decode(format!(
                    "uploaded a {kind} but the server answered type {t:?}"
                ))));
            }
        }
        let created_at = match &r.created_at {
            Some(serde_json::Value::String(s)) => s.parse::<i64>().ok(),
            Some(serde_json::Value::Number(n)) => n.as_i64(),
            _ => None,
        }
        .ok_or_else(|| Failure::fatal(Error::decode("the upload answer's created_at is not a unix time")))?;
        Ok(Some(Media { media_id, kind, created_at }))
    }

    /// Maps a ureq error of a send (`kind` None) or an upload to our error, and says whether
    /// the request certainly was not delivered.
    fn map_transport_error(&self, e: ureq::Error, kind: Option<MediaKind>) -> Failure {
        let redact = |s: String| self.0.webhook.redact(&s);
        let config = &self.0.config;
        let (request_timeout, which) = match kind {
            None => (config.timeout, "timeout"),
            Some(_) => (config.upload_timeout, "upload_timeout"),
        };
        match e {
            ureq::Error::Timeout(t) => {
                use ureq::Timeout as T;
                let (phase, safe, detail) = match t {
                    T::Resolve | T::Connect => (
                        TimeoutPhase::Connect,
                        true,
                        format!("no connection within connect_timeout ({:.3} s)", config.connect_timeout.as_secs_f64()),
                    ),
                    T::SendRequest | T::SendBody | T::PerWrite | T::Await100 => {
                        (TimeoutPhase::Send, false, format!("sending the request ({t})"))
                    }
                    T::RecvResponse | T::RecvBody | T::PerRead => {
                        (TimeoutPhase::Receive, false, format!("waiting for the answer ({t})"))
                    }
                    _ => (
                        TimeoutPhase::Overall,
                        false,
                        format!("no complete answer within {which} ({:.3} s)", request_timeout.as_secs_f64()),
                    ),
                };
                Failure { error: Error::timeout(phase, redact(detail)), retry_safe: safe }
            }
            // The API's answers are tiny: a huge body is not the expected JSON.
            ureq::Error::BodyExceedsLimit(limit) => {
                Failure::fatal(Error::decode(format!("the response body is larger than {limit} bytes")))
            }
            ureq::Error::HostNotFound => Failure { error: Error::transport("host not found"), retry_safe: true },
            ureq::Error::ConnectionFailed => Failure { error: Error::transport("connection failed"), retry_safe: true },
            ureq::Error::Io(io) => {
                let refused = io.kind() == std::io::ErrorKind::ConnectionRefused;
                if io.kind() == std::io::ErrorKind::TimedOut || io.kind() == std::io::ErrorKind::WouldBlock {
                    return Failure::fatal(Error::timeout(TimeoutPhase::Receive, redact(io.to_string())));
                }
                Failure { error: Error::transport(redact(io.to_string())), retry_safe: refused }
            }
            other => Failure::fatal(Error::transport(redact(other.to_string()))),
        }
    }
}

/// An attempt's failure, and whether the message certainly was not delivered.
struct Failure {
    error: Error,
    retry_safe: bool,
}

impl Failure {
    fn fatal(error: Error) -> Failure {
        Failure { error, retry_safe: false }
    }
}

fn build_agent(config: &ClientConfig, timeout: Duration) -> Result<ureq::Agent> {
    let proxy = match &config.proxy {
        ProxyConfig::Environment => ureq::Proxy::try_from_env(),
        ProxyConfig::Url(u) => {
            Some(ureq::Proxy::new(u).map_err(|_| Error::invalid_argument("proxy", "not a valid proxy URL"))?)
        }
        ProxyConfig::None => None,
    };
    let roots = match config.tls_roots {
        TlsRoots::Bundled => ureq::tls::RootCerts::WebPki,
        TlsRoots::Platform => ureq::tls::RootCerts::PlatformVerifier,
    };
    let ua = if config.user_agent.is_empty() { USER_AGENT.to_owned() } else { config.user_agent.clone() };
    Ok(ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(config.connect_timeout))
        .timeout_global(Some(timeout))
        .max_redirects(0)
        .user_agent(ua)
        .proxy(proxy)
        .tls_config(ureq::tls::TlsConfig::builder().root_certs(roots).build())
        .build()
        .into())
}

/// `scheme://host[:port]` with no path; a trailing `/` is dropped.
fn normalize_base_url(base: &str) -> Result<String> {
    let base = base.trim().trim_end_matches('/');
    let Some((scheme, authority)) = base.split_once("://") else {
        return Err(Error::invalid_argument("base_url", "expected scheme://host[:port], e.g. http://127.0.0.1:8080"));
    };
    if !matches!(scheme, "http" | "https") || authority.is_empty() || authority.contains(['/', '?', '#', '@', ' ']) {
        return Err(Error::invalid_argument(
            "base_url",
            "expected http(s)://host[:port] with no path, query or credentials",
        ));
    }
    Ok(format!("{scheme}://{authority}"))
}

/// Plain http leaks the key to the network: only loopback, unless explicitly allowed.
fn check_scheme(base: &str, allow_insecure_http: bool) -> Result<()> {
    let Some(authority) = base.strip_prefix("http://") else { return Ok(()) };
    let host = if let Some(rest) = authority.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        authority.rsplit_once(':').map(|(h, _)| h).unwrap_or(authority)
    };
    let loopback =
        host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if loopback || allow_insecure_http {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            "base_url",
            "plain http is allowed only for loopback; use https or set allow_insecure_http",
        ))
    }
}

/// `d` scaled by a pseudo-random factor in [0.5, 1.5).
fn jitter(d: Duration) -> Duration {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|t| t.as_nanos()).unwrap_or(0));
    let f = 0.5 + (h.finish() % 1000) as f64 / 1000.0;
    d.mul_f64(f)
}

#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync + Clone>() {}
    is::<Client>();
}
