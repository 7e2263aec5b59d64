//! Everything configurable about a client, with explicit defaults, and the HTTP agent and base
//! URL made from it.

use crate::error::{Error, Result};
use crate::rate_limit::RateLimit;
use crate::store::{OnStoreError, Store};
use std::time::Duration;

/// The user agent sent with every request.
pub const USER_AGENT: &str = concat!("wecom-bot/", env!("CARGO_PKG_VERSION"));
/// The default [`ClientConfig::max_total`]: one whole rate window (60 s) and one request (30 s).
pub const DEFAULT_MAX_TOTAL: Duration = Duration::from_secs(90);

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
    /// come on top, all of it within `max_total`.
    pub timeout: Duration,
    /// One upload request, connect included (default 300 s); per attempt, like `timeout`.
    pub upload_timeout: Duration,
    /// The longest one call may take in all: every attempt, backoff and rate-limit wait
    /// (default [`DEFAULT_MAX_TOTAL`], 90 s: one whole rate window and one request). Never
    /// shorter than one attempt's own `timeout` (`upload_timeout` for uploads). A wait that
    /// would end past it is not started (the call fails at once with the error that called for
    /// the wait), and the last attempt's timeout is cut to what is left.
    pub max_total: Duration,
    /// The proxy (default: from the environment). A plain-http loopback base URL never goes
    /// through the environment's proxy, and plain http through a proxy on another host needs
    /// `allow_insecure_http` (a proxy sees plain http in clear, key included).
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
    /// Where the rate window is kept, shared with every sender that names the same store
    /// (default: `WECOM_BOT_STORE`, else a per-user SQLite file; see [`Store::Default`]).
    pub store: Store,
    /// What to do when the store cannot be used (default: keep sending under a local window).
    pub on_store_error: OnStoreError,
    /// The longest one store operation may take: SQLite's busy timeout, Redis's connect, read
    /// and write timeouts (default 2 s).
    pub store_timeout: Duration,
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
            max_total: DEFAULT_MAX_TOTAL,
            proxy: ProxyConfig::Environment,
            tls_roots: TlsRoots::Bundled,
            allow_insecure_http: false,
            user_agent: USER_AGENT.to_owned(),
            retry: RetryPolicy::default(),
            rate_limit: Some(RateLimit::default()),
            store: Store::Default,
            on_store_error: OnStoreError::Local,
            store_timeout: Duration::from_secs(2),
            multipart_boundary: None,
        }
    }
}

pub(super) fn build_agent(config: &ClientConfig, proxy: Option<ureq::Proxy>, timeout: Duration) -> Result<ureq::Agent> {
    let roots = match config.tls_roots {
        TlsRoots::Bundled => ureq::tls::RootCerts::WebPki,
        TlsRoots::Platform => ureq::tls::RootCerts::PlatformVerifier,
    };
    let ua = if config.user_agent.is_empty() { USER_AGENT.to_owned() } else { config.user_agent.clone() };
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(config.connect_timeout))
        .timeout_global(Some(timeout))
        .max_redirects(0)
        .user_agent(ua)
        .proxy(proxy)
        .tls_config(ureq::tls::TlsConfig::builder().root_certs(roots).build())
        .build();
    Ok(ureq::Agent::with_parts(config, connector(), super::resolve::CachingResolver::default()))
}

/// ureq's default chain (a SOCKS proxy, a CONNECT proxy, TCP, rustls) with our TCP transport
/// in the place of ureq's (`transport`: fewer system calls per message, same deadlines).
#[cfg(unix)]
fn connector() -> impl ureq::unversioned::transport::Connector {
    use ureq::unversioned::transport::{ConnectProxyConnector, Connector, RustlsConnector, SocksConnector};
    ().chain(SocksConnector::default())
        .chain(ConnectProxyConnector::default())
        .chain(super::transport::TimedTcpConnector)
        .chain(RustlsConnector::default())
}

#[cfg(not(unix))]
fn connector() -> impl ureq::unversioned::transport::Connector {
    ureq::unversioned::transport::DefaultConnector::default()
}

/// `scheme://host[:port]` with no path; a trailing `/` is dropped.
pub(super) fn normalize_base_url(base: &str) -> Result<String> {
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
pub(super) fn check_scheme(base: &str, allow_insecure_http: bool) -> Result<()> {
    let plain_http = base.starts_with("http://");
    if !plain_http || crate::proxy::is_loopback_host(crate::proxy::base_host(base)) || allow_insecure_http {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            "base_url",
            "plain http is allowed only for loopback; use https or set allow_insecure_http",
        ))
    }
}
