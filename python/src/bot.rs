//! `Bot`: the client, its options, and `Media`, the result of an upload. Every network call
//! (and file read or hash) runs with the GIL released, so threads sharing one `Bot` send in
//! parallel.
//!
//! Over 600 lines on purpose: `Bot` is one `#[pymethods]` block (pyo3 takes one per class without
//! its `multiple-pymethods` feature), and each method carries the docstring Python users read.

use crate::args::{optional, or_default, required, type_error, FromArg};
use crate::convert::quote;
use crate::errors::{invalid_argument, OrRaise};
use crate::messages::{message_of, PyArticle, PyImage};
use crate::parts::extract_list;
use crate::source::Source;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt, PyString, PyType};
use std::hash::{Hash, Hasher};
use std::sync::Mutex;
use std::time::Duration;
use wecom_bot::{
    Client, ClientConfig, File, Markdown, MarkdownV2, Media, MediaKind, Message, News, OnStoreError, ProxyConfig,
    RateLimit, RatePolicy, RetryPolicy, Store, Text, TlsRoots, Webhook,
};

/// The client-side rate limit: at most `max_messages` per `window` seconds per robot key,
/// shared by every `Bot` of that key in the process. `policy="wait"` (default) waits for a free
/// slot up to `max_wait` seconds; `policy="fail_fast"` raises `RateLimitedError` at once.
///
/// Raises (when made):
///     InvalidArgumentError: `max_messages` below 1, a window or wait that is not a finite
///         number of seconds, another policy (`field` names the argument).
///     TypeError: an argument has the wrong type.
#[pyclass(frozen, eq, from_py_object, name = "RateLimit", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyRateLimit {
    inner: RateLimit,
}

#[pymethods]
impl PyRateLimit {
    #[new]
    #[pyo3(signature = (max_messages = None, window = None, *, policy = None, max_wait = None))]
    #[pyo3(text_signature = "(max_messages=20, window=60.0, *, policy='wait', max_wait=65.0)")]
    fn new(
        py: Python<'_>,
        max_messages: Option<&Bound<'_, PyAny>>,
        window: Option<&Bound<'_, PyAny>>,
        policy: Option<&Bound<'_, PyAny>>,
        max_wait: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let max_messages = or_default(max_messages, "max_messages", 20_i64)?;
        let window = or_default(window, "window", 60.0)?;
        let policy = or_default(policy, "policy", "wait".to_owned())?;
        let max_wait = or_default(max_wait, "max_wait", 65.0)?;
        let max_messages = u32::try_from(max_messages)
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| invalid_argument(py, "max_messages", "must be from 1 to 4294967295"))?;
        let window = seconds(py, "window", window)?;
        let policy = match policy.as_str() {
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

    /// Immutable, so hashable (consistent with `==`).
    fn __hash__(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.inner.max_messages, self.inner.window, self.policy(), self.max_wait().map(f64::to_bits)).hash(&mut h);
        h.finish()
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

/// A number of seconds above 0 and below 2**64 (a `Duration`'s range).
pub(crate) fn seconds(py: Python<'_>, argument: &str, value: f64) -> PyResult<Duration> {
    match Duration::try_from_secs_f64(value) {
        Ok(d) if !d.is_zero() => Ok(d),
        _ => Err(invalid_argument(
            py,
            argument,
            format!("must be a number of seconds greater than 0 and below 2**64, not {value:?}"),
        )),
    }
}

/// A number of seconds from 0 and below 2**64 (a `Duration`'s range).
fn seconds_or_zero(py: Python<'_>, argument: &str, value: f64) -> PyResult<Duration> {
    Duration::try_from_secs_f64(value).map_err(|_| {
        invalid_argument(
            py,
            argument,
            format!("must be a number of seconds of at least 0 and below 2**64, not {value:?}"),
        )
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

    /// Immutable, so hashable (consistent with `==`).
    fn __hash__(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (&self.inner.media_id, self.inner.kind.as_str(), self.inner.created_at).hash(&mut h);
        h.finish()
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

/// The options of `Bot(...)` and `Bot.from_env(...)`, as Python objects (converted with errors
/// naming the argument).
pub(crate) struct Options<'a, 'py> {
    pub base_url: Option<&'a Bound<'py, PyAny>>,
    pub timeout: Option<&'a Bound<'py, PyAny>>,
    pub connect_timeout: Option<&'a Bound<'py, PyAny>>,
    pub upload_timeout: Option<&'a Bound<'py, PyAny>>,
    pub proxy: Option<&'a Bound<'py, PyAny>>,
    pub rate_limit: Option<&'a Bound<'py, PyAny>>,
    pub retry: Option<&'a Bound<'py, PyAny>>,
    pub tls_roots: Option<&'a Bound<'py, PyAny>>,
    pub allow_insecure_http: Option<&'a Bound<'py, PyAny>>,
    pub user_agent: Option<&'a Bound<'py, PyAny>>,
    pub multipart_boundary: Option<&'a Bound<'py, PyAny>>,
    pub store: Option<&'a Bound<'py, PyAny>>,
    pub on_store_error: Option<&'a Bound<'py, PyAny>>,
}

impl Options<'_, '_> {
    fn config(&self, py: Python<'_>) -> PyResult<ClientConfig> {
        let defaults = ClientConfig::default();
        let secs = |obj, name, default: Duration| -> PyResult<Duration> {
            match optional::<f64>(obj, name)? {
                Some(v) => seconds(py, name, v),
                None => Ok(default),
            }
        };
        let proxy = match self.proxy.filter(|p| !p.is_none()) {
            None => ProxyConfig::Environment,
            Some(p) if p.is_instance_of::<PyBool>() => {
                if bool::from_arg(p, "proxy")? {
                    ProxyConfig::Environment
                } else {
                    ProxyConfig::None
                }
            }
            Some(p) if p.is_instance_of::<PyString>() => ProxyConfig::Url(String::from_arg(p, "proxy")?),
            Some(p) => return Err(type_error("proxy", "a str (a proxy URL), a bool or None", p)),
        };
        let tls_roots = match or_default(self.tls_roots, "tls_roots", "bundled".to_owned())?.as_str() {
            "bundled" => TlsRoots::Bundled,
            "platform" => TlsRoots::Platform,
            _ => return Err(invalid_argument(py, "tls_roots", "must be \"bundled\" or \"platform\"")),
        };
        let retry = match self.retry {
            None => RetryPolicy::default(),
            Some(r) if r.is_instance_of::<PyBool>() => {
                if bool::from_arg(r, "retry")? {
                    RetryPolicy::default()
                } else {
                    RetryPolicy::none()
                }
            }
            Some(r) if r.is_instance_of::<PyInt>() => match u32::try_from(i64::from_arg(r, "retry")?) {
                Ok(n) if n >= 1 => RetryPolicy { max_attempts: n, ..RetryPolicy::default() },
                _ => return Err(invalid_argument(py, "retry", "must be True, False or a number of attempts from 1")),
            },
            Some(r) => return Err(type_error("retry", "a bool or an int (a number of attempts)", r)),
        };
        let rate_limit = match self.rate_limit {
            None => Some(RateLimit::default()),
            Some(r) if r.is_instance_of::<PyBool>() => bool::from_arg(r, "rate_limit")?.then(RateLimit::default),
            Some(r) => match r.cast::<PyRateLimit>() {
                Ok(custom) => Some(custom.get().inner),
                Err(_) => return Err(type_error("rate_limit", "a bool or a RateLimit", r)),
            },
        };
        Ok(ClientConfig {
            base_url: optional(self.base_url, "base_url")?,
            connect_timeout: secs(self.connect_timeout, "connect_timeout", defaults.connect_timeout)?,
            timeout: secs(self.timeout, "timeout", defaults.timeout)?,
            upload_timeout: secs(self.upload_timeout, "upload_timeout", defaults.upload_timeout)?,
            max_total: defaults.max_total,
            proxy,
            tls_roots,
            allow_insecure_http: or_default(self.allow_insecure_http, "allow_insecure_http", false)?,
            user_agent: optional(self.user_agent, "user_agent")?.unwrap_or(defaults.user_agent),
            retry,
            rate_limit,
            multipart_boundary: optional(self.multipart_boundary, "multipart_boundary")?,
            // Unset: `WECOM_BOT_STORE`, else the per-user SQLite file (`Store::Default`).
            store: match optional::<String>(self.store, "store")? {
                Some(url) => Store::parse(&url).or_raise(py)?,
                None => defaults.store.clone(),
            },
            on_store_error: match optional::<String>(self.on_store_error, "on_store_error")? {
                Some(p) => OnStoreError::parse(&p).or_raise(py)?,
                None => defaults.on_store_error,
            },
            ..defaults
        })
    }
}

/// A robot: sends messages and uploads media. Thread-safe; share one per key. A context
/// manager: `with Bot(...) as bot:` closes it at the end of the block.
///
/// The key is a secret: `repr` and every error show at most `693a…5aaa`.
///
/// The rate window lives in `store` (`"memory"`, `"sqlite:PATH"`, `"redis://…"`, `"rediss://…"`;
/// default: `WECOM_BOT_STORE`, else a per-user SQLite file), shared with every sender naming the
/// same store; `on_store_error` is `"local"` (default: send under this process's own window,
/// with one warning per outage) or `"fail"` (raise `StoreError`).
///
/// Raises (when made):
///     InvalidArgumentError: a bad key or webhook URL, base URL, timeout, proxy, retry,
///         `tls_roots`, `store` or `on_store_error` (`field` names the argument).
///     TypeError: an argument has the wrong type.
#[pyclass(frozen, name = "Bot", module = "wecom_bot")]
pub(crate) struct PyBot {
    /// `None` once closed. Each call clones the client out (an `Arc`), so `close()` never waits
    /// for a send in flight, and a send in flight finishes normally.
    client: Mutex<Option<Client>>,
    base_url: String,
    masked_key: String,
}

fn build_client(
    py: Python<'_>,
    key_or_webhook_url: &str,
    options: &Options<'_, '_>,
    env: Option<&wecom_bot::Environment>,
) -> PyResult<PyBot> {
    let mut config = options.config(py)?;
    if let Some(env) = env {
        // The environment contract fills what the caller left unset (base URL, store, window).
        let (base_url, limiter_off) = (config.base_url.take(), config.rate_limit.is_none());
        let store = options.store.is_some_and(|s| !s.is_none()).then(|| config.store.clone());
        env.apply(&mut config);
        if base_url.is_some() {
            config.base_url = base_url;
        }
        if let Some(store) = store {
            config.store = store;
        }
        if limiter_off {
            config.rate_limit = None;
        }
    }
    let webhook = Webhook::parse(key_or_webhook_url).or_raise(py)?;
    let client = py.detach(move || Client::with_config(webhook, config)).or_raise(py)?;
    Ok(PyBot {
        base_url: client.base_url().to_owned(),
        masked_key: client.webhook().masked_key(),
        client: Mutex::new(Some(client)),
    })
}

impl PyBot {
    /// The client for a call about to start, unless the bot is closed; the logging bridge
    /// reads the logger's level first, so that the call's records follow a change made
    /// since the last call (python/src/logging.rs).
    pub(crate) fn client_for_a_call(&self, py: Python<'_>) -> PyResult<Client> {
        crate::logging::refresh_level(py);
        let client = self.client.lock().unwrap_or_else(|p| p.into_inner()).clone();
        client.ok_or_else(|| invalid_argument(py, "bot", "this Bot is closed (close() was called): make a new one"))
    }

    /// Sends `message` with the GIL released.
    fn send_message(&self, py: Python<'_>, message: Message) -> PyResult<()> {
        let client = self.client_for_a_call(py)?;
        py.detach(move || client.send(&message)).or_raise(py)
    }

    /// Uploads a path or bytes with the GIL released.
    fn upload_source(
        &self,
        py: Python<'_>,
        source: Source<'_>,
        kind: MediaKind,
        filename: Option<String>,
    ) -> PyResult<Media> {
        let client = self.client_for_a_call(py)?;
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

    /// Uploads, then sends the media as a file or voice message.
    fn send_media(
        &self,
        py: Python<'_>,
        path_or_bytes: &Bound<'_, PyAny>,
        filename: Option<&Bound<'_, PyAny>>,
        kind: MediaKind,
    ) -> PyResult<PyMedia> {
        let source = Source::from_py(path_or_bytes, "path_or_bytes")?;
        let filename = optional(filename, "filename")?;
        let media = self.upload_source(py, source, kind, filename)?;
        let media_id = media.media_id.clone();
        let message: Message = match kind {
            MediaKind::File => File { media_id }.into(),
            MediaKind::Voice => wecom_bot::Voice { media_id }.into(),
        };
        self.send_message(py, message)?;
        Ok(PyMedia { inner: media })
    }
}

#[pymethods]
impl PyBot {
    #[new]
    #[pyo3(signature = (key_or_webhook_url, *, base_url = None, timeout = None, connect_timeout = None,
        upload_timeout = None, proxy = None, rate_limit = None, retry = None, tls_roots = None,
        allow_insecure_http = None, user_agent = None, multipart_boundary = None, store = None,
        on_store_error = None))]
    #[pyo3(
        text_signature = "(key_or_webhook_url, *, base_url=None, timeout=30.0, connect_timeout=10.0, upload_timeout=300.0, proxy=None, rate_limit=True, retry=True, tls_roots='bundled', allow_insecure_http=False, user_agent=None, multipart_boundary=None, store=None, on_store_error='local')"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        key_or_webhook_url: &Bound<'_, PyAny>,
        base_url: Option<&Bound<'_, PyAny>>,
        timeout: Option<&Bound<'_, PyAny>>,
        connect_timeout: Option<&Bound<'_, PyAny>>,
        upload_timeout: Option<&Bound<'_, PyAny>>,
        proxy: Option<&Bound<'_, PyAny>>,
        rate_limit: Option<&Bound<'_, PyAny>>,
        retry: Option<&Bound<'_, PyAny>>,
        tls_roots: Option<&Bound<'_, PyAny>>,
        allow_insecure_http: Option<&Bound<'_, PyAny>>,
        user_agent: Option<&Bound<'_, PyAny>>,
        multipart_boundary: Option<&Bound<'_, PyAny>>,
        store: Option<&Bound<'_, PyAny>>,
        on_store_error: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let key_or_webhook_url: String = required(key_or_webhook_url, "key_or_webhook_url")?;
        let options = Options {
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
            store,
            on_store_error,
        };
        build_client(py, &key_or_webhook_url, &options, None)
    }

    /// A bot from the environment contract (`WECOM_BOT_WEBHOOK` or else `WECOM_BOT_KEY`, and
    /// `WECOM_BOT_BASE_URL`, `WECOM_BOT_STORE`, `WECOM_BOT_RATE_LIMIT`); the
    /// options are those of `Bot(...)`.
    ///
    /// Raises:
    ///     InvalidArgumentError: neither variable is set (`field` is "environment"), a bad key or
    ///         webhook URL, base URL, timeout, proxy, retry,
    ///         `tls_roots` (`field` names the argument).
    ///     TypeError: an argument has the wrong type.
    #[classmethod]
    #[pyo3(signature = (*, base_url = None, timeout = None, connect_timeout = None,
        upload_timeout = None, proxy = None, rate_limit = None, retry = None, tls_roots = None,
        allow_insecure_http = None, user_agent = None, multipart_boundary = None, store = None,
        on_store_error = None))]
    #[pyo3(
        text_signature = "(*, base_url=None, timeout=30.0, connect_timeout=10.0, upload_timeout=300.0, proxy=None, rate_limit=True, retry=True, tls_roots='bundled', allow_insecure_http=False, user_agent=None, multipart_boundary=None, store=None, on_store_error='local')"
    )]
    #[allow(clippy::too_many_arguments)]
    fn from_env(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        base_url: Option<&Bound<'_, PyAny>>,
        timeout: Option<&Bound<'_, PyAny>>,
        connect_timeout: Option<&Bound<'_, PyAny>>,
        upload_timeout: Option<&Bound<'_, PyAny>>,
        proxy: Option<&Bound<'_, PyAny>>,
        rate_limit: Option<&Bound<'_, PyAny>>,
        retry: Option<&Bound<'_, PyAny>>,
        tls_roots: Option<&Bound<'_, PyAny>>,
        allow_insecure_http: Option<&Bound<'_, PyAny>>,
        user_agent: Option<&Bound<'_, PyAny>>,
        multipart_boundary: Option<&Bound<'_, PyAny>>,
        store: Option<&Bound<'_, PyAny>>,
        on_store_error: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        // The one environment contract of the core, read through `os.environ` (so that
        // changes made from Python count).
        let environ = py.import("os")?.getattr("environ")?;
        let env = wecom_bot::Environment::read_with(|name| {
            environ.call_method1("get", (name,)).ok().and_then(|v| v.extract::<Option<String>>().ok().flatten())
        })
        .or_raise(py)?;
        let webhook = env.require_webhook().or_raise(py)?;
        // WECOM_BOT_WEBHOOK's own host, unless base_url= or WECOM_BOT_BASE_URL says otherwise
        let mut env = env;
        if env.base_url.is_none() {
            env.base_url = webhook.base_url().map(str::to_owned);
        }
        let value = webhook.expose_key().to_owned();
        let options = Options {
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
            store,
            on_store_error,
        };
        build_client(py, &value, &options, Some(&env))
    }

    /// The base URL requests go to (`https://qyapi.weixin.qq.com` unless configured).
    #[getter]
    fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The key as it may be shown: `693a…5aaa`.
    #[getter]
    fn masked_key(&self) -> &str {
        &self.masked_key
    }

    /// Whether `close()` was called.
    #[getter]
    fn closed(&self) -> bool {
        self.client.lock().unwrap_or_else(|p| p.into_inner()).is_none()
    }

    /// Closes the bot: its connections are released, and every later send raises
    /// `InvalidArgumentError`. A send already in flight finishes. Closing twice is harmless.
    fn close(&self) {
        let client = self.client.lock().unwrap_or_else(|p| p.into_inner()).take();
        drop(client);
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// Closes the bot at the end of a `with` block (exceptions propagate).
    #[pyo3(signature = (_exc_type = None, _exc_value = None, _traceback = None))]
    fn __exit__(
        &self,
        _exc_type: Option<&Bound<'_, PyAny>>,
        _exc_value: Option<&Bound<'_, PyAny>>,
        _traceback: Option<&Bound<'_, PyAny>>,
    ) -> bool {
        self.close();
        false
    }

    /// Validates and sends any message object (or a dict shaped like the request body).
    ///
    /// Raises:
    ///     ValidationError: the message breaks a rule of the spec; nothing was sent.
    ///     RateLimitedError: errcode 45009, or the client-side limiter refused (`fail_fast`,
    ///         or no slot within `max_wait`).
    ///     StoreError: the rate window's store cannot be used and `on_store_error` is "fail".
    ///     ApiError: the server refused the message (`errcode`, `errmsg`).
    ///     HttpStatusError, TimeoutError, TransportError, DecodeError: the request failed.
    ///     InvalidArgumentError: the bot is closed.
    ///     TypeError: an argument has the wrong type.
    fn send(&self, py: Python<'_>, message: &Bound<'_, PyAny>) -> PyResult<()> {
        let message = message_of(message)?;
        self.send_message(py, message)
    }

    /// Sends a text message (≤ 2048 bytes), optionally mentioning userids (`"@all"`: everyone)
    /// and mobile numbers.
    ///
    /// Raises:
    ///     ValidationError: the message breaks a rule of the spec; nothing was sent.
    ///     RateLimitedError: errcode 45009, or the client-side limiter refused (`fail_fast`,
    ///         or no slot within `max_wait`).
    ///     StoreError: the rate window's store cannot be used and `on_store_error` is "fail".
    ///     ApiError: the server refused the message (`errcode`, `errmsg`).
    ///     HttpStatusError, TimeoutError, TransportError, DecodeError: the request failed.
    ///     InvalidArgumentError: the bot is closed.
    ///     TypeError: an argument has the wrong type.
    #[pyo3(signature = (content, mentioned_list = None, mentioned_mobile_list = None))]
    fn send_text(
        &self,
        py: Python<'_>,
        content: &Bound<'_, PyAny>,
        mentioned_list: Option<&Bound<'_, PyAny>>,
        mentioned_mobile_list: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let text = Text {
            content: required(content, "content")?,
            mentioned_list: optional(mentioned_list, "mentioned_list")?.unwrap_or_default(),
            mentioned_mobile_list: optional(mentioned_mobile_list, "mentioned_mobile_list")?.unwrap_or_default(),
        };
        self.send_message(py, text.into())
    }

    /// Sends a markdown message (≤ 4096 bytes).
    ///
    /// Raises:
    ///     ValidationError: the message breaks a rule of the spec; nothing was sent.
    ///     RateLimitedError: errcode 45009, or the client-side limiter refused (`fail_fast`,
    ///         or no slot within `max_wait`).
    ///     StoreError: the rate window's store cannot be used and `on_store_error` is "fail".
    ///     ApiError: the server refused the message (`errcode`, `errmsg`).
    ///     HttpStatusError, TimeoutError, TransportError, DecodeError: the request failed.
    ///     InvalidArgumentError: the bot is closed.
    ///     TypeError: an argument has the wrong type.
    fn send_markdown(&self, py: Python<'_>, content: &Bound<'_, PyAny>) -> PyResult<()> {
        let content: String = required(content, "content")?;
        self.send_message(py, Markdown::new(content).into())
    }

    /// Sends a markdown_v2 message (≤ 4096 bytes).
    ///
    /// Raises:
    ///     ValidationError: the message breaks a rule of the spec; nothing was sent.
    ///     RateLimitedError: errcode 45009, or the client-side limiter refused (`fail_fast`,
    ///         or no slot within `max_wait`).
    ///     StoreError: the rate window's store cannot be used and `on_store_error` is "fail".
    ///     ApiError: the server refused the message (`errcode`, `errmsg`).
    ///     HttpStatusError, TimeoutError, TransportError, DecodeError: the request failed.
    ///     InvalidArgumentError: the bot is closed.
    ///     TypeError: an argument has the wrong type.
    fn send_markdown_v2(&self, py: Python<'_>, content: &Bound<'_, PyAny>) -> PyResult<()> {
        let content: String = required(content, "content")?;
        self.send_message(py, MarkdownV2::new(content).into())
    }

    /// Sends a JPG or PNG (a path, or its bytes; ≤ 2 MiB) as an image message.
    ///
    /// Raises:
    ///     ValidationError: the message breaks a rule of the spec; nothing was sent.
    ///     RateLimitedError: errcode 45009, or the client-side limiter refused (`fail_fast`,
    ///         or no slot within `max_wait`).
    ///     StoreError: the rate window's store cannot be used and `on_store_error` is "fail".
    ///     ApiError: the server refused the message (`errcode`, `errmsg`).
    ///     HttpStatusError, TimeoutError, TransportError, DecodeError: the request failed.
    ///     IoError: the file could not be read.
    ///     InvalidArgumentError: the bot is closed.
    ///     TypeError: an argument has the wrong type.
    fn send_image(&self, py: Python<'_>, path_or_bytes: &Bound<'_, PyAny>) -> PyResult<()> {
        self.client_for_a_call(py)?;
        let image = PyImage::load(py, Source::from_py(path_or_bytes, "path_or_bytes")?)?;
        self.send_message(py, image.into())
    }

    /// Sends a news message: 1 to 8 articles (`Article` or dicts).
    ///
    /// Raises:
    ///     ValidationError: the message breaks a rule of the spec; nothing was sent.
    ///     RateLimitedError: errcode 45009, or the client-side limiter refused (`fail_fast`,
    ///         or no slot within `max_wait`).
    ///     StoreError: the rate window's store cannot be used and `on_store_error` is "fail".
    ///     ApiError: the server refused the message (`errcode`, `errmsg`).
    ///     HttpStatusError, TimeoutError, TransportError, DecodeError: the request failed.
    ///     InvalidArgumentError: the bot is closed.
    ///     TypeError: an argument has the wrong type.
    fn send_news(&self, py: Python<'_>, articles: &Bound<'_, PyAny>) -> PyResult<()> {
        let articles = extract_list::<PyArticle>(Some(articles), "news.articles")?;
        self.send_message(py, News { articles }.into())
    }

    /// Uploads a file (a path, or bytes with `filename`; ≤ 20 MiB) and sends it as a file
    /// message; returns the upload's `Media`.
    ///
    /// Raises:
    ///     ValidationError: the message breaks a rule of the spec; nothing was sent.
    ///     RateLimitedError: errcode 45009, or the client-side limiter refused (`fail_fast`,
    ///         or no slot within `max_wait`).
    ///     StoreError: the rate window's store cannot be used and `on_store_error` is "fail".
    ///     ApiError: the server refused the message (`errcode`, `errmsg`).
    ///     HttpStatusError, TimeoutError, TransportError, DecodeError: the request failed.
    ///     IoError: the file could not be read.
    ///     InvalidArgumentError: the bot is closed.
    ///     TypeError: an argument has the wrong type.
    #[pyo3(signature = (path_or_bytes, filename = None))]
    fn send_file(
        &self,
        py: Python<'_>,
        path_or_bytes: &Bound<'_, PyAny>,
        filename: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyMedia> {
        self.send_media(py, path_or_bytes, filename, MediaKind::File)
    }

    /// Uploads an AMR voice (a path, or bytes with `filename`; ≤ 2 MiB, ≤ 60 s) and sends it as
    /// a voice message; returns the upload's `Media`.
    ///
    /// Raises:
    ///     ValidationError: the message breaks a rule of the spec; nothing was sent.
    ///     RateLimitedError: errcode 45009, or the client-side limiter refused (`fail_fast`,
    ///         or no slot within `max_wait`).
    ///     StoreError: the rate window's store cannot be used and `on_store_error` is "fail".
    ///     ApiError: the server refused the message (`errcode`, `errmsg`).
    ///     HttpStatusError, TimeoutError, TransportError, DecodeError: the request failed.
    ///     IoError: the file could not be read.
    ///     InvalidArgumentError: the bot is closed.
    ///     TypeError: an argument has the wrong type.
    #[pyo3(signature = (path_or_bytes, filename = None))]
    fn send_voice(
        &self,
        py: Python<'_>,
        path_or_bytes: &Bound<'_, PyAny>,
        filename: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyMedia> {
        self.send_media(py, path_or_bytes, filename, MediaKind::Voice)
    }

    /// Uploads a file or voice (`kind="file"` or `"voice"`) from a path or bytes and returns
    /// its `Media`. `filename` defaults to the path's name; bytes need one.
    ///
    /// Raises:
    ///     ValidationError: the upload breaks a rule (size, format, name); nothing was sent.
    ///     RateLimitedError: errcode 45009, or the client-side limiter refused (`fail_fast`,
    ///         or no slot within `max_wait`).
    ///     StoreError: the rate window's store cannot be used and `on_store_error` is "fail".
    ///     ApiError: the server refused the message (`errcode`, `errmsg`).
    ///     HttpStatusError, TimeoutError, TransportError, DecodeError: the request failed.
    ///     IoError: the file could not be read.
    ///     InvalidArgumentError: the bot is closed, or `kind` is not "file" or "voice".
    ///     TypeError: an argument has the wrong type.
    #[pyo3(signature = (path_or_bytes, kind = None, filename = None))]
    #[pyo3(text_signature = "($self, path_or_bytes, kind='file', filename=None)")]
    fn upload(
        &self,
        py: Python<'_>,
        path_or_bytes: &Bound<'_, PyAny>,
        kind: Option<&Bound<'_, PyAny>>,
        filename: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyMedia> {
        let kind = MediaKind::parse(&or_default(kind, "kind", "file".to_owned())?).or_raise(py)?;
        let source = Source::from_py(path_or_bytes, "path_or_bytes")?;
        let filename = optional(filename, "filename")?;
        Ok(PyMedia { inner: self.upload_source(py, source, kind, filename)? })
    }

    /// Sends long text as as many ≤ 2048-byte text messages as needed; returns how many.
    /// Mentions go on the first chunk (`mention_on="first"`) or on every chunk (`"every"`).
    ///
    /// Raises:
    ///     ValidationError: the message breaks a rule of the spec; checked for every chunk before the first is sent.
    ///     RateLimitedError: errcode 45009, or the client-side limiter refused (`fail_fast`,
    ///         or no slot within `max_wait`).
    ///     StoreError: the rate window's store cannot be used and `on_store_error` is "fail".
    ///     ApiError: the server refused the message (`errcode`, `errmsg`).
    ///     HttpStatusError, TimeoutError, TransportError, DecodeError: the request failed.
    ///     InvalidArgumentError: the bot is closed, or `mention_on` is not "first" or "every".
    ///     TypeError: an argument has the wrong type.
    #[pyo3(signature = (content, mentioned_list = None, mentioned_mobile_list = None, *, mention_on = None))]
    #[pyo3(text_signature = "($self, content, mentioned_list=None, mentioned_mobile_list=None, *, mention_on='first')")]
    fn send_text_chunked(
        &self,
        py: Python<'_>,
        content: &Bound<'_, PyAny>,
        mentioned_list: Option<&Bound<'_, PyAny>>,
        mentioned_mobile_list: Option<&Bound<'_, PyAny>>,
        mention_on: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<usize> {
        let content: String = required(content, "content")?;
        let mentioned_list: Vec<String> = optional(mentioned_list, "mentioned_list")?.unwrap_or_default();
        let mentioned_mobile_list: Vec<String> =
            optional(mentioned_mobile_list, "mentioned_mobile_list")?.unwrap_or_default();
        let every = match or_default(mention_on, "mention_on", "first".to_owned())?.as_str() {
            "first" => false,
            "every" => true,
            _ => return Err(invalid_argument(py, "mention_on", "must be \"first\" or \"every\"")),
        };
        let client = self.client_for_a_call(py)?;
        if mentioned_list.is_empty() && mentioned_mobile_list.is_empty() {
            return py.detach(move || client.send_text_chunked(&content)).or_raise(py);
        }
        py.detach(move || {
            let mut chunks = wecom_bot::split_text(&content);
            if chunks.is_empty() {
                chunks.push(String::new()); // refused by validation, naming text.content
            }
            let messages: Vec<Message> = chunks
                .into_iter()
                .enumerate()
                .map(|(i, chunk)| {
                    let mentions = i == 0 || every;
                    Text {
                        content: chunk,
                        mentioned_list: if mentions { mentioned_list.clone() } else { Vec::new() },
                        mentioned_mobile_list: if mentions { mentioned_mobile_list.clone() } else { Vec::new() },
                    }
                    .into()
                })
                .collect();
            // Every chunk is checked before the first goes out: nothing half-sent for a bad input.
            messages.iter().try_for_each(Message::validate)?;
            for message in &messages {
                client.send(message)?;
            }
            Ok(messages.len())
        })
        .or_raise(py)
    }

    /// Sends long markdown as ≤ 4096-byte markdown messages, split as text is (markdown has no
    /// code blocks, so nothing is added); returns how many.
    ///
    /// Raises:
    ///     ValidationError: the message breaks a rule of the spec; checked for every chunk before the first is sent.
    ///     RateLimitedError: errcode 45009, or the client-side limiter refused (`fail_fast`,
    ///         or no slot within `max_wait`).
    ///     StoreError: the rate window's store cannot be used and `on_store_error` is "fail".
    ///     ApiError: the server refused the message (`errcode`, `errmsg`).
    ///     HttpStatusError, TimeoutError, TransportError, DecodeError: the request failed.
    ///     InvalidArgumentError: the bot is closed.
    ///     TypeError: an argument has the wrong type.
    fn send_markdown_chunked(&self, py: Python<'_>, content: &Bound<'_, PyAny>) -> PyResult<usize> {
        let content: String = required(content, "content")?;
        let client = self.client_for_a_call(py)?;
        py.detach(move || client.send_markdown_chunked(&content)).or_raise(py)
    }

    /// Sends long markdown_v2 as ≤ 4096-byte markdown_v2 messages (code blocks closed and
    /// reopened, a table's header and separator rows repeated); returns how many.
    ///
    /// Raises:
    ///     ValidationError: the message breaks a rule of the spec; checked for every chunk before the first is sent.
    ///     RateLimitedError: errcode 45009, or the client-side limiter refused (`fail_fast`,
    ///         or no slot within `max_wait`).
    ///     ApiError: the server refused the message (`errcode`, `errmsg`).
    ///     HttpStatusError, TimeoutError, TransportError, DecodeError: the request failed.
    ///     InvalidArgumentError: the bot is closed.
    ///     TypeError: an argument has the wrong type.
    fn send_markdown_v2_chunked(&self, py: Python<'_>, content: &Bound<'_, PyAny>) -> PyResult<usize> {
        let content: String = required(content, "content")?;
        let client = self.client_for_a_call(py)?;
        py.detach(move || client.send_markdown_v2_chunked(&content)).or_raise(py)
    }

    /// Sends a request body given as JSON text (parsed strictly and validated first).
    ///
    /// Raises:
    ///     ValidationError: the JSON is malformed or breaks a rule of the spec; nothing was sent.
    ///     RateLimitedError: errcode 45009, or the client-side limiter refused (`fail_fast`,
    ///         or no slot within `max_wait`).
    ///     StoreError: the rate window's store cannot be used and `on_store_error` is "fail".
    ///     ApiError: the server refused the message (`errcode`, `errmsg`).
    ///     HttpStatusError, TimeoutError, TransportError, DecodeError: the request failed.
    ///     InvalidArgumentError: the bot is closed.
    ///     TypeError: an argument has the wrong type.
    fn send_json(&self, py: Python<'_>, json: &Bound<'_, PyAny>) -> PyResult<()> {
        let json: String = required(json, "json")?;
        let client = self.client_for_a_call(py)?;
        py.detach(move || client.send_json(&json)).or_raise(py)
    }

    fn __repr__(&self) -> String {
        let closed = if self.closed() { ", closed" } else { "" };
        format!("Bot(key={}, base_url={}{closed})", quote(&self.masked_key), quote(&self.base_url))
    }
}
