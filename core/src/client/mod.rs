//! The synchronous client: sends messages and uploads media over one keep-alive `ureq::Agent`,
//! with explicit timeouts, the shared rate limiter and safe retries. Its errors never hold the
//! key: the key is registered with [`crate::secret`] when the webhook is made, and every
//! error's constructor masks it, so no method here redacts anything itself.

mod config;
mod http;
mod resolve;
mod retry;
#[cfg(unix)]
mod transport;

pub use config::{ClientConfig, ProxyConfig, RetryPolicy, TlsRoots, DEFAULT_MAX_TOTAL, USER_AGENT};

use crate::error::{Error, Result};
use crate::media::{self, Media, MediaKind};
use crate::multipart::{random_boundary, MultipartFrame};
use crate::progress::Progress;
use crate::rate_limit::{QuotaStatus, Window};
use crate::webhook::{Webhook, DEFAULT_BASE_URL, SEND_PATH, UPLOAD_PATH};
use crate::{content, Article, File, Image, Markdown, MarkdownV2, Message, News, Text, Voice};
use config::{build_agent, check_scheme, normalize_base_url};
use http::{Payload, UploadContent};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// [`http::read_answer`] for the fuzz target `answer` (not a stable API): the error of a failed
/// answer and whether retrying it is safe.
#[doc(hidden)]
pub fn read_answer_for_fuzzing(
    status: u16,
    body: &str,
    kind: Option<MediaKind>,
    webhook: &Webhook,
) -> std::result::Result<Option<Media>, (Error, bool)> {
    http::read_answer(status, body, kind, webhook).map_err(|f| (f.error, f.retry_safe))
}

/// The server's rate window: the retry-after of a 45009 when the client keeps no window.
const SERVER_RATE_WINDOW: Duration = Duration::from_secs(crate::limits::RATE_WINDOW_SECS);

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
    /// The send URL (it holds the key: never printed), when it parses as a URI.
    send_uri: Option<ureq::http::Uri>,
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

impl Client {
    /// A client for a webhook URL or bare key, with the default configuration.
    pub fn new(webhook: &str) -> Result<Client> {
        Client::with_config(Webhook::parse(webhook)?, ClientConfig::default())
    }

    /// A client from the environment contract ([`crate::env`]): the robot from
    /// `WECOM_BOT_WEBHOOK` or `WECOM_BOT_KEY`, and `WECOM_BOT_BASE_URL`, `WECOM_BOT_STORE`,
    /// `WECOM_BOT_RATE_LIMIT` when set.
    pub fn from_env() -> Result<Client> {
        let env = crate::env::Environment::read()?;
        Client::with_config(env.require_webhook()?, env.client_config())
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
        let proxy = crate::proxy::choose(&config.proxy, &base_url, config.allow_insecure_http)?;
        let agent = build_agent(&config, proxy.clone(), config.timeout)?;
        let upload_agent = build_agent(&config, proxy, config.upload_timeout)?;
        let window = match &config.rate_limit {
            // A slot in flight counts until its request's deadline (plus a margin), then frees
            // one window later even if this process died before stamping it.
            Some(l) => Some(Arc::new(Window::open(
                crate::store::robot_id(&base_url, webhook.expose_key()),
                l,
                &config.store,
                config.on_store_error,
                config.store_timeout,
                config.timeout + Duration::from_secs(5),
            )?)),
            None => None,
        };
        // Parsed once: ureq would parse the send URL's text again on every message.
        let send_uri = http::endpoint(&base_url, SEND_PATH, &webhook, None).parse().ok();
        Ok(Client(Arc::new(Inner { webhook, base_url, send_uri, config, agent, upload_agent, window })))
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

    /// How full this robot's rate window is in the configured store; `None` without a
    /// client-side limit. Fails (kind `store`) only under the `fail` policy.
    pub fn quota_status(&self) -> Result<Option<QuotaStatus>> {
        self.0.window.as_ref().map(|w| w.status()).transpose()
    }

    /// The store holding the rate window (its password masked), e.g. `memory`.
    pub fn store_url(&self) -> Option<&str> {
        self.0.window.as_ref().map(|w| w.store_url())
    }

    /// Validates and sends any message.
    ///
    /// A markdown or markdown_v2 message that asked for a follow-up text carrying its
    /// mentions (`mention_followup`) is followed by that text; both are validated first.
    pub fn send(&self, message: &Message) -> Result<()> {
        let body = message.json_body()?;
        let followup = message.followup_text().map(|t| Message::from(t).to_json_bytes()).transpose()?;
        self.send_json_bytes(&body)?;
        match followup {
            Some(f) => self.send_json_bytes(&f),
            None => Ok(()),
        }
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
        self.send(&Image::from_path(path)?.into())
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

    /// Sends long markdown as ≤ 4096-byte markdown messages, split like text (v1 has no code
    /// blocks, so nothing is added).
    pub fn send_markdown_chunked(&self, content: &str) -> Result<usize> {
        self.send_chunks(content::split_markdown(content), |c| Markdown::new(c).into(), "markdown.content")
    }

    /// Sends long markdown_v2 as ≤ 4096-byte markdown_v2 messages: code blocks closed and
    /// reopened, a table's header repeated at the top of each chunk it continues into.
    pub fn send_markdown_v2_chunked(&self, content: &str) -> Result<usize> {
        self.send_chunks(content::split_markdown_v2(content), |c| MarkdownV2::new(c).into(), "markdown_v2.content")
    }

    fn send_chunks(&self, chunks: Vec<String>, make: impl Fn(String) -> Message, field: &str) -> Result<usize> {
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
        self.send(&Message::from_json(json)?)
    }

    fn send_json_bytes(&self, body: &[u8]) -> Result<()> {
        self.execute(SEND_PATH, None, Payload::Json(body)).map(|_| ())
    }

    /// Uploads a file from disk (streamed; never held in memory) and returns its media id.
    /// The display name is the path's file name.
    pub fn upload_path(&self, kind: MediaKind, path: impl AsRef<Path>) -> Result<Media> {
        self.upload_path_inner(kind, path.as_ref(), None)
    }

    /// As [`Client::upload_path`], calling `progress(sent, total)` as the file's bytes go out
    /// (from 0 again if a retry sends it anew). A voice (≤ 2 MiB) is reported once, whole.
    pub fn upload_path_with_progress(
        &self,
        kind: MediaKind,
        path: impl AsRef<Path>,
        progress: Progress<'_>,
    ) -> Result<Media> {
        self.upload_path_inner(kind, path.as_ref(), Some(progress))
    }

    fn upload_path_inner(&self, kind: MediaKind, path: &Path, progress: Option<Progress<'_>>) -> Result<Media> {
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
            let bytes = media::read_upload(kind, path)?;
            media::validate_upload(kind, &bytes)?;
            let media = self.upload_bytes(kind, &bytes, filename)?;
            progress.inspect(|p| p(len, len));
            return Ok(media);
        }
        let frame = MultipartFrame::new(&self.boundary(), filename, len);
        let content = UploadContent::Path(path, progress);
        self.execute(UPLOAD_PATH, Some(kind), Payload::Upload { frame, content, len })
            .and_then(|m| m.ok_or_else(|| Error::decode("the upload answer has no media")))
    }

    /// Uploads bytes under a display name and returns the media id.
    pub fn upload_bytes(&self, kind: MediaKind, bytes: &[u8], filename: &str) -> Result<Media> {
        media::validate_filename(filename)?;
        media::validate_upload(kind, bytes)?;
        let len = bytes.len() as u64;
        let frame = MultipartFrame::new(&self.boundary(), filename, len);
        self.execute(UPLOAD_PATH, Some(kind), Payload::Upload { frame, content: UploadContent::Bytes(bytes), len })
            .and_then(|m| m.ok_or_else(|| Error::decode("the upload answer has no media")))
    }

    fn boundary(&self) -> String {
        self.0.config.multipart_boundary.clone().unwrap_or_else(random_boundary)
    }
}

#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync + Clone>() {}
    is::<Client>();
}
