//! [`Bot`], the client object, and its configuration and upload records.

use crate::error::{Result, WecomError};
use crate::message::{Article, Message};
use crate::numbers::to_i64;
use std::sync::Arc;
use std::time::Duration;

/// Everything configurable about a [`Bot`]; every field has a default.
///
/// Times are in milliseconds and must be positive.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BotConfig {
    /// `scheme://host[:port]` replacing `https://qyapi.weixin.qq.com` (a private gateway, the
    /// mock server). Absent: the webhook URL's host, or the real server.
    #[uniffi(default = None)]
    pub base_url: Option<String>,
    /// Opening the connection.
    #[uniffi(default = 10000)]
    pub connect_timeout_ms: i64,
    /// One whole send request, connect included.
    #[uniffi(default = 30000)]
    pub timeout_ms: i64,
    /// One whole upload request, connect included.
    #[uniffi(default = 300000)]
    pub upload_timeout_ms: i64,
    /// An explicit proxy (`http://host:port`, `http://user:pass@host:port`,
    /// `socks5://host:port`). Absent: `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` from the environment.
    #[uniffi(default = None)]
    pub proxy: Option<String>,
    /// Use no proxy at all, whatever the environment says (cannot be combined with `proxy`).
    #[uniffi(default = false)]
    pub no_proxy: bool,
    /// Trust the operating system's certificate store instead of the bundled Mozilla roots.
    #[uniffi(default = false)]
    pub platform_tls_roots: bool,
    /// Allow plain http to a host other than loopback.
    #[uniffi(default = false)]
    pub allow_insecure_http: bool,
    /// The User-Agent header. Absent: `wecom-bot/<version>`.
    #[uniffi(default = None)]
    pub user_agent: Option<String>,
    /// Attempts in all (1 = never retry). Only failures that cannot have delivered the message
    /// are retried: connect failures, errcode -1 (busy), errcode 45009 (rate limited).
    #[uniffi(default = 3)]
    pub max_attempts: i32,
    /// The first retry backoff, doubled at each retry (with jitter).
    #[uniffi(default = 200)]
    pub initial_backoff_ms: i64,
    /// The longest retry backoff.
    #[uniffi(default = 5000)]
    pub max_backoff_ms: i64,
    /// The client-side rate limit (default: 20 messages per 60 s per key, waiting ≤ 65 s).
    #[uniffi(default)]
    pub rate_limit: RateLimit,
    /// A fixed multipart boundary (for tests). Absent: a fresh random one per upload.
    #[uniffi(default = None)]
    pub multipart_boundary: Option<String>,
    /// Where the rate window is shared: `memory`, `sqlite:PATH` (every process of the host),
    /// `redis://[user:pass@]host:port/db` or `rediss://…` (every host). Absent:
    /// `WECOM_BOT_STORE`, else a per-user SQLite file.
    #[uniffi(default = None)]
    pub store: Option<String>,
    /// When the store cannot be used: fail with `Store` (true), or keep sending under this
    /// process's own window with a logged warning (false).
    #[uniffi(default = false)]
    pub fail_on_store_error: bool,
}

/// The same values as the `#[uniffi(default)]`s above (what Kotlin's `BotConfig()` and Swift's
/// `BotConfig()` give), for Rust callers and the tests.
impl Default for BotConfig {
    fn default() -> Self {
        BotConfig {
            base_url: None,
            connect_timeout_ms: 10_000,
            timeout_ms: 30_000,
            upload_timeout_ms: 300_000,
            proxy: None,
            no_proxy: false,
            platform_tls_roots: false,
            allow_insecure_http: false,
            user_agent: None,
            max_attempts: 3,
            initial_backoff_ms: 200,
            max_backoff_ms: 5_000,
            rate_limit: RateLimit::default(),
            multipart_boundary: None,
            store: None,
            fail_on_store_error: false,
        }
    }
}

/// The client-side rate limit, shared by every bot of the same robot and store.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RateLimit {
    /// Off: no client-side limit (the server's 20/minute still applies).
    #[uniffi(default = true)]
    pub enabled: bool,
    /// Messages per window.
    #[uniffi(default = 20)]
    pub max_messages: i32,
    /// The sliding window.
    #[uniffi(default = 60000)]
    pub window_ms: i64,
    /// When the window is full: fail at once with `RateLimited` (true), or wait (false).
    #[uniffi(default = false)]
    pub fail_fast: bool,
    /// When waiting: the longest wait before failing with `RateLimited`.
    #[uniffi(default = 65000)]
    pub max_wait_ms: i64,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit { enabled: true, max_messages: 20, window_ms: 60_000, fail_fast: false, max_wait_ms: 65_000 }
    }
}

/// How full a robot's rate window is, in its store.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct QuotaStatus {
    /// Slots taken in the current window.
    pub used: i64,
    /// Slots allowed per window.
    pub limit: i64,
    /// When the next slot leaves the window (absent when the window is empty).
    pub next_free_ms: Option<i64>,
    /// The store (password masked).
    pub store: String,
    /// False when the store could not be used and this is the process's own window.
    pub shared: bool,
}

/// The `type` of an upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum MediaKind {
    /// Any file of 6 bytes to 20 MiB, sent as a `file` message.
    File,
    /// An AMR recording of at most 2 MiB and 60 s, sent as a `voice` message.
    Voice,
}

/// A successful upload.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Media {
    /// The id to send in a file or voice message (valid 3 days, this robot only).
    pub media_id: String,
    /// What was uploaded.
    pub kind: MediaKind,
    /// Upload time, unix seconds, as the server reported it.
    pub created_at: i64,
}

/// A group robot: sends messages and uploads media to one webhook.
///
/// Thread-safe; every call blocks until the server answered (or a timeout passed), so call it
/// off the UI thread. Its `toString`/`description` shows the key masked (`693a…5aaa`).
#[derive(uniffi::Object)]
#[uniffi::export(Debug, Display)]
pub struct Bot {
    pub(crate) client: wecom_bot::Client,
}

impl std::fmt::Debug for Bot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// `Bot(key=693a…5aaa, base_url=https://qyapi.weixin.qq.com)`: the key masked.
impl std::fmt::Display for Bot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bot(key={}, base_url={})", self.client.webhook().masked_key(), self.client.base_url())
    }
}

#[uniffi::export]
impl Bot {
    /// A bot for a webhook URL (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`) or
    /// a bare key, with a configuration (default: `BotConfig()`).
    #[uniffi::constructor(default(config))]
    pub fn new(webhook: String, config: BotConfig) -> Result<Arc<Bot>> {
        let hook = wecom_bot::Webhook::parse(&webhook)?;
        let client = wecom_bot::Client::with_config(hook, core_config(config)?)?;
        Ok(Arc::new(Bot { client }))
    }

    /// A bot from the environment contract: the robot from `WECOM_BOT_WEBHOOK` or
    /// `WECOM_BOT_KEY`; `WECOM_BOT_BASE_URL`, `WECOM_BOT_STORE` and `WECOM_BOT_RATE_LIMIT`
    /// (`COUNT/SECONDS`) for the settings `config` leaves at their defaults.
    #[uniffi::constructor(default(config))]
    pub fn from_env(config: BotConfig) -> Result<Arc<Bot>> {
        let env = wecom_bot::Environment::read()?;
        let hook = env.require_webhook()?;
        let default_rate = config.rate_limit == RateLimit::default();
        let mut core = core_config(config)?;
        if core.base_url.is_none() {
            core.base_url.clone_from(&env.base_url);
        }
        if core.store == wecom_bot::Store::Default {
            if let Some(s) = &env.store {
                core.store = s.clone();
            }
        }
        if let (true, Some((count, window))) = (default_rate, env.rate_limit) {
            core.rate_limit = Some(wecom_bot::RateLimit { max_messages: count, window, ..Default::default() });
        }
        let client = wecom_bot::Client::with_config(hook, core)?;
        Ok(Arc::new(Bot { client }))
    }

    /// How full this robot's rate window is (absent without a client-side limit).
    pub fn quota_status(&self) -> Result<Option<QuotaStatus>> {
        Ok(self.client.quota_status()?.map(|q| QuotaStatus {
            used: i64::from(q.used),
            limit: i64::from(q.limit),
            next_free_ms: q.next_free.map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
            store: q.store,
            shared: q.shared,
        }))
    }

    /// Validates and sends any message.
    pub fn send(&self, message: Message) -> Result<()> {
        Ok(self.client.send(&message.into())?)
    }

    /// Sends a text message.
    pub fn send_text(&self, content: String) -> Result<()> {
        Ok(self.client.send_text(&content)?)
    }

    /// Sends a markdown message.
    pub fn send_markdown(&self, content: String) -> Result<()> {
        Ok(self.client.send_markdown(&content)?)
    }

    /// Sends a markdown_v2 message.
    pub fn send_markdown_v2(&self, content: String) -> Result<()> {
        Ok(self.client.send_markdown_v2(&content)?)
    }

    /// Sends a JPG or PNG file as an image message.
    pub fn send_image(&self, path: String) -> Result<()> {
        Ok(self.client.send_image(&path)?)
    }

    /// Sends a news message with these articles.
    pub fn send_news(&self, articles: Vec<Article>) -> Result<()> {
        Ok(self.client.send_news(articles.into_iter().map(Into::into))?)
    }

    /// Sends long text as as many ≤ 2048-byte text messages as needed; returns how many.
    /// Every chunk is validated before the first is sent.
    pub fn send_text_chunked(&self, content: String) -> Result<i64> {
        Ok(to_i64(self.client.send_text_chunked(&content)?))
    }

    /// Sends long markdown as ≤ 4096-byte markdown messages, split as text is (v1 has no code
    /// blocks: nothing is added).
    pub fn send_markdown_chunked(&self, content: String) -> Result<i64> {
        Ok(to_i64(self.client.send_markdown_chunked(&content)?))
    }

    /// Sends long markdown_v2 as ≤ 4096-byte markdown_v2 messages (code blocks closed and
    /// reopened, a table's header repeated at the top of each chunk it continues into).
    pub fn send_markdown_v2_chunked(&self, content: String) -> Result<i64> {
        Ok(to_i64(self.client.send_markdown_v2_chunked(&content)?))
    }

    /// Sends a JSON request body as it is, after checking it is a valid message.
    pub fn send_json(&self, json: String) -> Result<()> {
        Ok(self.client.send_json(&json)?)
    }

    /// Uploads a file (kind `File`) or an AMR voice (kind `Voice`) from disk; the name shown
    /// is the path's file name.
    pub fn upload_path(&self, kind: MediaKind, path: String) -> Result<Media> {
        Ok(self.client.upload_path(kind.into(), &path)?.into())
    }

    /// Uploads bytes under a file name.
    pub fn upload_bytes(&self, kind: MediaKind, bytes: Vec<u8>, filename: String) -> Result<Media> {
        Ok(self.client.upload_bytes(kind.into(), &bytes, &filename)?.into())
    }

    /// Uploads a file and sends it as a file message; returns the upload.
    pub fn send_file(&self, path: String) -> Result<Media> {
        Ok(self.client.send_file(&path)?.into())
    }

    /// Uploads an AMR voice and sends it as a voice message; returns the upload.
    pub fn send_voice(&self, path: String) -> Result<Media> {
        Ok(self.client.send_voice(&path)?.into())
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> String {
        self.client.base_url().to_owned()
    }

    /// The key as it may be shown: `693a…5aaa`.
    pub fn masked_key(&self) -> String {
        self.client.webhook().masked_key()
    }
}

/// A positive number of milliseconds, or an `InvalidArgument` error naming the field.
fn millis(field: &str, ms: i64) -> Result<Duration> {
    match u64::try_from(ms) {
        Ok(ms) if ms > 0 => Ok(Duration::from_millis(ms)),
        _ => Err(WecomError::invalid_argument(
            &format!("config.{field}"),
            format!("config.{field} must be a positive number of milliseconds (got {ms})"),
        )),
    }
}

fn positive(field: &str, n: i32) -> Result<u32> {
    match u32::try_from(n) {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(WecomError::invalid_argument(
            &format!("config.{field}"),
            format!("config.{field} must be at least 1 (got {n})"),
        )),
    }
}

fn core_config(c: BotConfig) -> Result<wecom_bot::ClientConfig> {
    let proxy = match (c.proxy, c.no_proxy) {
        (Some(_), true) => {
            return Err(WecomError::invalid_argument(
                "config.proxy",
                "config.proxy and config.no_proxy cannot both be set",
            ))
        }
        (Some(url), false) => wecom_bot::ProxyConfig::Url(url),
        (None, true) => wecom_bot::ProxyConfig::None,
        (None, false) => wecom_bot::ProxyConfig::Environment,
    };
    let r = c.rate_limit;
    let rate_limit = if r.enabled {
        let policy = if r.fail_fast {
            wecom_bot::RatePolicy::FailFast
        } else {
            // A zero wait is allowed: it means "fail unless a slot is free now".
            let max_wait = u64::try_from(r.max_wait_ms).map(Duration::from_millis).map_err(|_| {
                WecomError::invalid_argument(
                    "config.rate_limit.max_wait_ms",
                    "config.rate_limit.max_wait_ms must not be negative",
                )
            })?;
            wecom_bot::RatePolicy::Wait { max_wait }
        };
        Some(wecom_bot::RateLimit {
            max_messages: positive("rate_limit.max_messages", r.max_messages)?,
            window: millis("rate_limit.window_ms", r.window_ms)?,
            policy,
        })
    } else {
        None
    };
    let defaults = wecom_bot::ClientConfig::default();
    Ok(wecom_bot::ClientConfig {
        base_url: c.base_url,
        connect_timeout: millis("connect_timeout_ms", c.connect_timeout_ms)?,
        timeout: millis("timeout_ms", c.timeout_ms)?,
        upload_timeout: millis("upload_timeout_ms", c.upload_timeout_ms)?,
        max_total: defaults.max_total,
        proxy,
        tls_roots: if c.platform_tls_roots { wecom_bot::TlsRoots::Platform } else { wecom_bot::TlsRoots::Bundled },
        allow_insecure_http: c.allow_insecure_http,
        user_agent: c.user_agent.unwrap_or(defaults.user_agent),
        retry: wecom_bot::RetryPolicy {
            max_attempts: positive("max_attempts", c.max_attempts)?,
            initial_backoff: millis("initial_backoff_ms", c.initial_backoff_ms)?,
            max_backoff: millis("max_backoff_ms", c.max_backoff_ms)?,
        },
        rate_limit,
        multipart_boundary: c.multipart_boundary,
        store: match c.store {
            Some(s) => wecom_bot::Store::parse(&s)?,
            None => wecom_bot::Store::Default,
        },
        on_store_error: if c.fail_on_store_error {
            wecom_bot::OnStoreError::Fail
        } else {
            wecom_bot::OnStoreError::Local
        },
        ..defaults
    })
}

impl From<MediaKind> for wecom_bot::MediaKind {
    fn from(k: MediaKind) -> Self {
        match k {
            MediaKind::File => wecom_bot::MediaKind::File,
            MediaKind::Voice => wecom_bot::MediaKind::Voice,
        }
    }
}

impl From<wecom_bot::Media> for Media {
    fn from(m: wecom_bot::Media) -> Self {
        let kind = match m.kind {
            wecom_bot::MediaKind::File => MediaKind::File,
            wecom_bot::MediaKind::Voice => MediaKind::Voice,
        };
        Media { media_id: m.media_id, kind, created_at: m.created_at }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_configuration_is_the_core_default() {
        assert_eq!(core_config(BotConfig::default()).unwrap(), wecom_bot::ClientConfig::default());
    }

    #[test]
    fn every_setting_reaches_the_core() {
        let config = BotConfig {
            base_url: Some("http://127.0.0.1:8080".into()),
            connect_timeout_ms: 1,
            timeout_ms: 2,
            upload_timeout_ms: 3,
            proxy: Some("http://proxy:3128".into()),
            platform_tls_roots: true,
            allow_insecure_http: true,
            user_agent: Some("ua".into()),
            max_attempts: 1,
            initial_backoff_ms: 4,
            max_backoff_ms: 5,
            rate_limit: RateLimit { enabled: true, max_messages: 2, window_ms: 6, fail_fast: true, max_wait_ms: 0 },
            multipart_boundary: Some("b".into()),
            ..BotConfig::default()
        };
        let c = core_config(config).unwrap();
        let ms = Duration::from_millis;
        assert_eq!(c.base_url.as_deref(), Some("http://127.0.0.1:8080"));
        assert_eq!((c.connect_timeout, c.timeout, c.upload_timeout), (ms(1), ms(2), ms(3)));
        assert_eq!(c.proxy, wecom_bot::ProxyConfig::Url("http://proxy:3128".into()));
        assert_eq!(c.tls_roots, wecom_bot::TlsRoots::Platform);
        assert!(c.allow_insecure_http);
        assert_eq!(c.user_agent, "ua");
        assert_eq!(c.retry, wecom_bot::RetryPolicy { max_attempts: 1, initial_backoff: ms(4), max_backoff: ms(5) });
        assert_eq!(
            c.rate_limit,
            Some(wecom_bot::RateLimit { max_messages: 2, window: ms(6), policy: wecom_bot::RatePolicy::FailFast })
        );
        assert_eq!(c.multipart_boundary.as_deref(), Some("b"));

        let off = core_config(BotConfig {
            no_proxy: true,
            rate_limit: RateLimit { enabled: false, ..RateLimit::default() },
            ..BotConfig::default()
        });
        let off = off.unwrap();
        assert_eq!(off.proxy, wecom_bot::ProxyConfig::None);
        assert_eq!(off.rate_limit, None);
    }

    #[test]
    fn bad_settings_name_their_field() {
        let field = |c: BotConfig| match core_config(c) {
            Err(WecomError::InvalidArgument { argument, .. }) => argument,
            other => panic!("expected InvalidArgument, got {other:?}"),
        };
        assert_eq!(field(BotConfig { connect_timeout_ms: 0, ..BotConfig::default() }), "config.connect_timeout_ms");
        assert_eq!(field(BotConfig { upload_timeout_ms: -5, ..BotConfig::default() }), "config.upload_timeout_ms");
        assert_eq!(field(BotConfig { max_attempts: -1, ..BotConfig::default() }), "config.max_attempts");
        assert_eq!(
            field(BotConfig { proxy: Some("http://p:1".into()), no_proxy: true, ..BotConfig::default() }),
            "config.proxy"
        );
        let rate = |r: RateLimit| field(BotConfig { rate_limit: r, ..BotConfig::default() });
        assert_eq!(rate(RateLimit { max_messages: 0, ..RateLimit::default() }), "config.rate_limit.max_messages");
        assert_eq!(rate(RateLimit { max_wait_ms: -1, ..RateLimit::default() }), "config.rate_limit.max_wait_ms");
    }

    #[test]
    fn display_masks_the_key() {
        let key = "693a91f6-7xxx-4bc4-97a0-rustsecret12";
        let bot = Bot::new(key.into(), BotConfig::default()).unwrap();
        let shown = format!("{bot} {bot:?}");
        assert!(!shown.contains(key), "{shown}");
        assert!(shown.contains("693a…et12"), "{shown}");
    }
}
