//! `Bot`: the client, its options, and `Media`, the result of an upload. Every network call
//! (and file read or hash) runs with the GIL released, so threads sharing one `Bot` send in
//! parallel.

use crate::convert::quote;
use crate::errors::{invalid_argument, OrRaise};
use crate::messages::{message_of, PyArticle, PyImage};
use crate::parts::extract_list;
use crate::source::Source;
use pyo3::prelude::*;
use pyo3::types::PyType;
use std::time::Duration;
use wecom_bot::{
    Client, ClientConfig, File, Markdown, MarkdownV2, Media, MediaKind, Message, News, ProxyConfig, RateLimit,
    RatePolicy, RetryPolicy, Text, TlsRoots, Webhook,
};

/// The client-side rate limit: at most `max_messages` per `window` seconds per robot key,
/// shared by every `Bot` of that key in the process. `policy="wait"` (default) waits for a free
/// slot up to `max_wait` seconds; `policy="fail_fast"` raises `RateLimitedError` at once.
#[pyclass(frozen, eq, from_py_object, name = "RateLimit", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyRateLimit {
    inner: RateLimit,
}

#[pymethods]
impl PyRateLimit {
    #[new]
    #[pyo3(signature = (max_messages = 20, window = 60.0, *, policy = "wait", max_wait = 65.0))]
    fn new(py: Python<'_>, max_messages: i64, window: f64, policy: &str, max_wait: f64) -> PyResult<Self> {
        let max_messages = u32::try_from(max_messages)
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| invalid_argument(py, "max_messages", "must be from 1 to 4294967295"))?;
        let window = seconds(py, "window", window)?;
        let policy = match policy {
            "wait" => RatePolicy::Wait { max_wait: seconds_or_zero(py, "max_wait", max_wait)? },
            "fail_fast" => RatePolicy::FailFast,
            _ => return Err(invalid_argument(py, "policy", "must be \"wait\" or \"fail_fast\"")),
        };
        Ok(PyRateLimit { inner: RateLimit { max_messages, window, policy } })
    }

    /// Messages allowed per window.
    #[getter]
    fn max_messages(&self) -> u32 {
        self.inner.max_messages
    }

    /// The window, in seconds.
    #[getter]
    fn window(&self) -> f64 {
        self.inner.window.as_secs_f64()
    }

    /// `"wait"` or `"fail_fast"`.
    #[getter]
    fn policy(&self) -> &'static str {
        match self.inner.policy {
            RatePolicy::Wait { .. } => "wait",
            RatePolicy::FailFast => "fail_fast",
        }
    }

    /// The longest wait for a slot, in seconds (`None` with `fail_fast`).
    #[getter]
    fn max_wait(&self) -> Option<f64> {
        match self.inner.policy {
            RatePolicy::Wait { max_wait } => Some(max_wait.as_secs_f64()),
            RatePolicy::FailFast => None,
        }
    }

    fn __repr__(&self) -> String {
        let wait = self.max_wait().map(|w| format!(", max_wait={w:?}")).unwrap_or_default();
        format!(
            "RateLimit(max_messages={}, window={:?}, policy={}{wait})",
            self.inner.max_messages,
            self.window(),
            quote(self.policy())
        )
    }
}

/// A positive, finite number of seconds.
fn seconds(py: Python<'_>, argument: &str, value: f64) -> PyResult<Duration> {
    match Duration::try_from_secs_f64(value) {
        Ok(d) if !d.is_zero() => Ok(d),
        _ => Err(invalid_argument(
            py,
            argument,
            format!("must be a finite number of seconds greater than 0, not {value}"),
        )),
    }
}

/// A non-negative, finite number of seconds.
fn seconds_or_zero(py: Python<'_>, argument: &str, value: f64) -> PyResult<Duration> {
    Duration::try_from_secs_f64(value).map_err(|_| {
        invalid_argument(py, argument, format!("must be a finite number of seconds of at least 0, not {value}"))
    })
}

/// The result of an upload: the `media_id` to send (valid 3 days, for this robot only), its
/// `kind` (`"file"` or `"voice"`) and `created_at` (Unix seconds, as the server said).
#[pyclass(frozen, eq, name = "Media", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyMedia {
    inner: Media,
}

#[pymethods]
impl PyMedia {
    /// The id to send in a `File` or `Voice` message.
    #[getter]
    fn media_id(&self) -> &str {
        &self.inner.media_id
    }

    /// `"file"` or `"voice"`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind.as_str()
    }

    /// Upload time, Unix seconds.
    #[getter]
    fn created_at(&self) -> i64 {
        self.inner.created_at
    }

    fn __repr__(&self) -> String {
        format!(
            "Media(media_id={}, kind={}, created_at={})",
            quote(&self.inner.media_id),
            quote(self.inner.kind.as_str()),
            self.inner.created_at
        )
    }
}

/// Whether to retry, as a bool or a number of attempts.
#[derive(FromPyObject)]
enum RetryArg {
    Flag(bool),
    Attempts(i64),
}

/// The rate limit argument: a flag (default on / off) or a custom `RateLimit`.
#[derive(FromPyObject)]
enum RateLimitArg {
    Flag(bool),
    Custom(PyRateLimit),
}

/// The proxy argument: a URL, or a flag (`True`: from the environment, `False`: none).
#[derive(FromPyObject)]
enum ProxyArg {
    Flag(bool),
    Url(String),
}

/// A robot: sends messages and uploads media. Thread-safe; share one per key.
///
/// The key is a secret: `repr` and every error show at most `693a…5aaa`.
#[pyclass(frozen, name = "Bot", module = "wecom_bot")]
pub(crate) struct PyBot {
    client: Client,
}

#[allow(clippy::too_many_arguments)]
fn build_client(
    py: Python<'_>,
    key_or_webhook_url: &str,
    base_url: Option<String>,
    timeout: f64,
    connect_timeout: f64,
    upload_timeout: f64,
    proxy: Option<ProxyArg>,
    rate_limit: RateLimitArg,
    retry: RetryArg,
    tls_roots: &str,
    allow_insecure_http: bool,
    user_agent: Option<String>,
    multipart_boundary: Option<String>,
) -> PyResult<PyBot> {
    let webhook = Webhook::parse(key_or_webhook_url).or_raise(py)?;
    crate::logging::remember_key(webhook.expose_key());
    let defaults = ClientConfig::default();
    let config = ClientConfig {
        base_url,
        connect_timeout: seconds(py, "connect_timeout", connect_timeout)?,
        timeout: seconds(py, "timeout", timeout)?,
        upload_timeout: seconds(py, "upload_timeout", upload_timeout)?,
        proxy: match proxy {
            None | Some(ProxyArg::Flag(true)) => ProxyConfig::Environment,
            Some(ProxyArg::Flag(false)) => ProxyConfig::None,
            Some(ProxyArg::Url(u)) => ProxyConfig::Url(u),
        },
        tls_roots: match tls_roots {
            "bundled" => TlsRoots::Bundled,
            "platform" => TlsRoots::Platform,
            _ => return Err(invalid_argument(py, "tls_roots", "must be \"bundled\" or \"platform\"")),
        },
        allow_insecure_http,
        user_agent: user_agent.unwrap_or(defaults.user_agent),
        retry: match retry {
            RetryArg::Flag(true) => RetryPolicy::default(),
            RetryArg::Flag(false) => RetryPolicy::none(),
            RetryArg::Attempts(n) => match u32::try_from(n) {
                Ok(n) if n >= 1 => RetryPolicy { max_attempts: n, ..RetryPolicy::default() },
                _ => return Err(invalid_argument(py, "retry", "must be True, False or a number of attempts from 1")),
            },
        },
        rate_limit: match rate_limit {
            RateLimitArg::Flag(true) => Some(RateLimit::default()),
            RateLimitArg::Flag(false) => None,
            RateLimitArg::Custom(r) => Some(r.inner),
        },
        multipart_boundary,
    };
    let client = py.detach(move || Client::with_config(webhook, config)).or_raise(py)?;
    Ok(PyBot { client })
}

impl PyBot {
    /// Sends `message` with the GIL released.
    fn send_message(&self, py: Python<'_>, message: Message) -> PyResult<()> {
        let client = self.client.clone();
        py.detach(move || client.send(&message)).or_raise(py)
    }

    /// Uploads a path or bytes with the GIL released.
    fn upload_source(
        &self,
        py: Python<'_>,
        source: Source,
        kind: MediaKind,
        filename: Option<String>,
    ) -> PyResult<Media> {
        let client = self.client.clone();
        match source {
            Source::Path(path) => match filename {
                None => py.detach(move || client.upload_path(kind, &path)).or_raise(py),
                // A display name other than the file's own: read it (once its size is known to
                // be allowed), then upload the bytes.
                Some(name) => py
                    .detach(move || {
                        let io = |e: std::io::Error| wecom_bot::Error::io(&path, &e);
                        wecom_bot::media::validate_filename(&name)?;
                        let len = std::fs::metadata(&path).map_err(io)?.len();
                        wecom_bot::media::validate_upload_len(kind, len)?;
                        let bytes = std::fs::read(&path).map_err(io)?;
                        client.upload_bytes(kind, &bytes, &name)
                    })
                    .or_raise(py),
            },
            Source::Bytes(bytes) => {
                let name = filename.unwrap_or_default();
                py.detach(move || client.upload_bytes(kind, &bytes, &name)).or_raise(py)
            }
        }
    }
}

#[pymethods]
impl PyBot {
    #[new]
    #[pyo3(signature = (key_or_webhook_url, *, base_url = None, timeout = 30.0, connect_timeout = 10.0,
        upload_timeout = 300.0, proxy = None, rate_limit = RateLimitArg::Flag(true), retry = RetryArg::Flag(true),
        tls_roots = "bundled", allow_insecure_http = false, user_agent = None, multipart_boundary = None))]
    #[pyo3(
        text_signature = "(key_or_webhook_url, *, base_url=None, timeout=30.0, connect_timeout=10.0, upload_timeout=300.0, proxy=None, rate_limit=True, retry=True, tls_roots='bundled', allow_insecure_http=False, user_agent=None, multipart_boundary=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        key_or_webhook_url: &str,
        base_url: Option<String>,
        timeout: f64,
        connect_timeout: f64,
        upload_timeout: f64,
        proxy: Option<ProxyArg>,
        rate_limit: RateLimitArg,
        retry: RetryArg,
        tls_roots: &str,
        allow_insecure_http: bool,
        user_agent: Option<String>,
        multipart_boundary: Option<String>,
    ) -> PyResult<Self> {
        build_client(
            py,
            key_or_webhook_url,
            base_url,
            timeout,
            connect_timeout,
            upload_timeout,
            proxy,
            rate_limit,
            retry,
            tls_roots,
            allow_insecure_http,
            user_agent,
            multipart_boundary,
        )
    }

    /// A bot from `WECOM_BOT_WEBHOOK` (the full webhook URL) or else `WECOM_BOT_KEY`; the
    /// options are those of `Bot(...)`.
    #[classmethod]
    #[pyo3(signature = (*, base_url = None, timeout = 30.0, connect_timeout = 10.0,
        upload_timeout = 300.0, proxy = None, rate_limit = RateLimitArg::Flag(true), retry = RetryArg::Flag(true),
        tls_roots = "bundled", allow_insecure_http = false, user_agent = None, multipart_boundary = None))]
    #[pyo3(
        text_signature = "(*, base_url=None, timeout=30.0, connect_timeout=10.0, upload_timeout=300.0, proxy=None, rate_limit=True, retry=True, tls_roots='bundled', allow_insecure_http=False, user_agent=None, multipart_boundary=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn from_env(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        base_url: Option<String>,
        timeout: f64,
        connect_timeout: f64,
        upload_timeout: f64,
        proxy: Option<ProxyArg>,
        rate_limit: RateLimitArg,
        retry: RetryArg,
        tls_roots: &str,
        allow_insecure_http: bool,
        user_agent: Option<String>,
        multipart_boundary: Option<String>,
    ) -> PyResult<Self> {
        let os = py.import("os")?;
        let environ = os.getattr("environ")?;
        let value: Option<String> = match environ.call_method1("get", ("WECOM_BOT_WEBHOOK",))?.extract()? {
            Some(v) => Some(v),
            None => environ.call_method1("get", ("WECOM_BOT_KEY",))?.extract()?,
        };
        let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
            return Err(invalid_argument(
                py,
                "environment",
                "set WECOM_BOT_WEBHOOK (the webhook URL) or WECOM_BOT_KEY",
            ));
        };
        build_client(
            py,
            &value,
            base_url,
            timeout,
            connect_timeout,
            upload_timeout,
            proxy,
            rate_limit,
            retry,
            tls_roots,
            allow_insecure_http,
            user_agent,
            multipart_boundary,
        )
    }

    /// The base URL requests go to (`https://qyapi.weixin.qq.com` unless configured).
    #[getter]
    fn base_url(&self) -> &str {
        self.client.base_url()
    }

    /// The key as it may be shown: `693a…5aaa`.
    #[getter]
    fn masked_key(&self) -> String {
        self.client.webhook().masked_key()
    }

    /// Validates and sends any message object (or a dict shaped like the request body).
    fn send(&self, py: Python<'_>, message: &Bound<'_, PyAny>) -> PyResult<()> {
        let message = message_of(message)?;
        self.send_message(py, message)
    }

    /// Sends a text message (≤ 2048 bytes), optionally mentioning userids / mobile numbers.
    #[pyo3(signature = (content, mentioned_list = None, mentioned_mobile_list = None))]
    fn send_text(
        &self,
        py: Python<'_>,
        content: String,
        mentioned_list: Option<Vec<String>>,
        mentioned_mobile_list: Option<Vec<String>>,
    ) -> PyResult<()> {
        let text = Text {
            content,
            mentioned_list: mentioned_list.unwrap_or_default(),
            mentioned_mobile_list: mentioned_mobile_list.unwrap_or_default(),
        };
        self.send_message(py, text.into())
    }

    /// Sends a markdown message (≤ 4096 bytes).
    fn send_markdown(&self, py: Python<'_>, content: String) -> PyResult<()> {
        self.send_message(py, Markdown { content }.into())
    }

    /// Sends a markdown_v2 message (≤ 4096 bytes).
    fn send_markdown_v2(&self, py: Python<'_>, content: String) -> PyResult<()> {
        self.send_message(py, MarkdownV2 { content }.into())
    }

    /// Sends a JPG or PNG (a path, or its bytes) as an image message.
    fn send_image(&self, py: Python<'_>, path_or_bytes: &Bound<'_, PyAny>) -> PyResult<()> {
        let image = PyImage::load(py, Source::from_py(path_or_bytes, "path_or_bytes")?)?;
        self.send_message(py, image.into())
    }

    /// Sends a news message: 1 to 8 articles (`Article` or dicts).
    fn send_news(&self, py: Python<'_>, articles: &Bound<'_, PyAny>) -> PyResult<()> {
        let articles = extract_list::<PyArticle>(Some(articles), "news.articles")?;
        self.send_message(py, News { articles }.into())
    }

    /// Uploads a file (path, or bytes with `filename`) and sends it as a file message.
    #[pyo3(signature = (path_or_bytes, filename = None))]
    fn send_file(
        &self,
        py: Python<'_>,
        path_or_bytes: &Bound<'_, PyAny>,
        filename: Option<String>,
    ) -> PyResult<PyMedia> {
        let source = Source::from_py(path_or_bytes, "path_or_bytes")?;
        let media = self.upload_source(py, source, MediaKind::File, filename)?;
        self.send_message(py, File { media_id: media.media_id.clone() }.into())?;
        Ok(PyMedia { inner: media })
    }

    /// Uploads an AMR voice (path, or bytes with `filename`) and sends it as a voice message.
    #[pyo3(signature = (path_or_bytes, filename = None))]
    fn send_voice(
        &self,
        py: Python<'_>,
        path_or_bytes: &Bound<'_, PyAny>,
        filename: Option<String>,
    ) -> PyResult<PyMedia> {
        let source = Source::from_py(path_or_bytes, "path_or_bytes")?;
        let media = self.upload_source(py, source, MediaKind::Voice, filename)?;
        self.send_message(py, wecom_bot::Voice { media_id: media.media_id.clone() }.into())?;
        Ok(PyMedia { inner: media })
    }

    /// Uploads a file or voice (`kind="file"` or `"voice"`) from a path or bytes and returns
    /// its `Media`. `filename` defaults to the path's name; bytes need one.
    #[pyo3(signature = (path_or_bytes, kind = "file", filename = None))]
    fn upload(
        &self,
        py: Python<'_>,
        path_or_bytes: &Bound<'_, PyAny>,
        kind: &str,
        filename: Option<String>,
    ) -> PyResult<PyMedia> {
        let kind = MediaKind::parse(kind).or_raise(py)?;
        let source = Source::from_py(path_or_bytes, "path_or_bytes")?;
        Ok(PyMedia { inner: self.upload_source(py, source, kind, filename)? })
    }

    /// Sends long text as as many ≤ 2048-byte text messages as needed; returns how many.
    fn send_text_chunked(&self, py: Python<'_>, content: String) -> PyResult<usize> {
        let client = self.client.clone();
        py.detach(move || client.send_text_chunked(&content)).or_raise(py)
    }

    /// Sends long markdown as ≤ 4096-byte markdown messages (code fences kept balanced).
    fn send_markdown_chunked(&self, py: Python<'_>, content: String) -> PyResult<usize> {
        let client = self.client.clone();
        py.detach(move || client.send_markdown_chunked(&content)).or_raise(py)
    }

    /// Sends a request body given as JSON text (parsed strictly and validated first).
    fn send_json(&self, py: Python<'_>, json: String) -> PyResult<()> {
        let client = self.client.clone();
        py.detach(move || client.send_json(&json)).or_raise(py)
    }

    fn __repr__(&self) -> String {
        format!("Bot(key={}, base_url={})", quote(&self.client.webhook().masked_key()), quote(self.client.base_url()))
    }
}
