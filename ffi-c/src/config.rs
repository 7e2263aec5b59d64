//! `wecom_client_config`: everything configurable about a client (base URL, timeouts,
//! proxy, TLS roots, retries, rate limit, multipart boundary), with the core's defaults.

use crate::boundary::{arg_mut, arg_str, free_handle, guard, guard_value, into_handle, out_ptr};
use crate::result::wecom_result;
use std::ffi::c_char;
use std::time::Duration;
use wecom_bot::{ClientConfig, Error, OnStoreError, ProxyConfig, RateLimit, RatePolicy, RetryPolicy, Store, TlsRoots};

/// A client configuration. Not thread-safe: configure it on one thread, then pass it to
/// `wecom_client_new_with_config` (which copies it; the config may then be freed or reused).
pub struct wecom_client_config {
    pub(crate) inner: ClientConfig,
}

/// What the client-side rate limiter does when the window is full.
pub type wecom_rate_policy = u32;
/// Wait for a free slot, but no longer than the given maximum (then fail `rate_limited`).
pub const WECOM_RATE_POLICY_WAIT: wecom_rate_policy = 1;
/// Fail at once with `rate_limited`.
pub const WECOM_RATE_POLICY_FAIL_FAST: wecom_rate_policy = 2;

/// What the client does when its store cannot be used.
pub type wecom_on_store_error = u32;
/// Keep sending under this process's own window, logging a warning once per outage (default).
pub const WECOM_ON_STORE_ERROR_LOCAL: wecom_on_store_error = 1;
/// Fail the send with `WECOM_RESULT_STORE`.
pub const WECOM_ON_STORE_ERROR_FAIL: wecom_on_store_error = 2;

/// Which proxy the client uses.
pub type wecom_proxy_mode = u32;
/// `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` from the environment (default).
pub const WECOM_PROXY_MODE_ENVIRONMENT: wecom_proxy_mode = 1;
/// No proxy, whatever the environment says.
pub const WECOM_PROXY_MODE_NONE: wecom_proxy_mode = 2;

/// Which certificates the client trusts for https.
pub type wecom_tls_roots = u32;
/// The Mozilla roots bundled in the library (default).
pub const WECOM_TLS_ROOTS_BUNDLED: wecom_tls_roots = 1;
/// The operating system's certificate store (for TLS-inspecting corporate proxies).
pub const WECOM_TLS_ROOTS_PLATFORM: wecom_tls_roots = 2;

fn millis(ms: u64, name: &str) -> Result<Duration, Error> {
    if ms == 0 {
        return Err(Error::invalid_argument(name, "must be more than 0 milliseconds"));
    }
    Ok(Duration::from_millis(ms))
}

unsafe fn with_config(
    config: *mut wecom_client_config,
    f: impl FnOnce(&mut ClientConfig) -> Result<(), Error>,
) -> wecom_result {
    guard(|| f(&mut arg_mut(config, "config")?.inner))
}

/// Makes a configuration holding the defaults: the real server, connect timeout 10 s, send
/// timeout 30 s, upload timeout 300 s, proxy from the environment, bundled TLS roots, plain
/// http only to loopback, 3 attempts with backoff 200 ms to 5 s, rate limit 20 per 60 s
/// waiting at most 65 s, a random multipart boundary.
///
/// Ownership: on success `*out_config` is a new config the caller owns and releases with
/// `wecom_client_config_free`; on failure it is NULL.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_config_new(out_config: *mut *mut wecom_client_config) -> wecom_result {
    guard(|| {
        let out = out_ptr(out_config, "out_config")?;
        *out = into_handle(wecom_client_config { inner: ClientConfig::default() });
        Ok(())
    })
}

/// Releases a configuration. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_config_free(config: *mut wecom_client_config) {
    guard_value((), || free_handle(config))
}

/// Sets the base URL, `scheme://host[:port]` (e.g. a private gateway or the mock server,
/// `http://127.0.0.1:8080`), replacing `https://qyapi.weixin.qq.com`. It is checked when the
/// client is made.
///
/// Ownership: `base_url` is borrowed for the call (copied).
#[no_mangle]
pub unsafe extern "C" fn wecom_client_config_set_base_url(
    config: *mut wecom_client_config,
    base_url: *const c_char,
) -> wecom_result {
    with_config(config, |c| {
        c.base_url = Some(arg_str(base_url, "base_url")?.to_owned());
        Ok(())
    })
}

/// Sets the connect timeout in milliseconds (more than 0; default 10000).
#[no_mangle]
pub unsafe extern "C" fn wecom_client_config_set_connect_timeout_ms(
    config: *mut wecom_client_config,
    ms: u64,
) -> wecom_result {
    with_config(config, |c| {
        c.connect_timeout = millis(ms, "ms")?;
        Ok(())
    })
}

/// Sets the timeout of one whole send request, connect included, in milliseconds (more
/// than 0; default 30000).
#[no_mangle]
pub unsafe extern "C" fn wecom_client_config_set_timeout_ms(config: *mut wecom_client_config, ms: u64) -> wecom_result {
    with_config(config, |c| {
        c.timeout = millis(ms, "ms")?;
        Ok(())
    })
}

/// Sets the timeout of one whole upload request in milliseconds (more than 0; default 300000).
#[no_mangle]
pub unsafe extern "C" fn wecom_client_config_set_upload_timeout_ms(
    config: *mut wecom_client_config,
    ms: u64,
) -> wecom_result {
    with_config(config, |c| {
        c.upload_timeout = millis(ms, "ms")?;
        Ok(())
    })
}

/// Uses this proxy: `http://host:port`, `http://user:pass@host:port` or
/// `socks5://host:port` (checked when the client is made).
///
/// Ownership: `proxy_url` is borrowed for the call (copied).
#[no_mangle]
pub unsafe extern "C" fn wecom_client_config_set_proxy(
    config: *mut wecom_client_config,
    proxy_url: *const c_char,
) -> wecom_result {
    with_config(config, |c| {
        c.proxy = ProxyConfig::Url(arg_str(proxy_url, "proxy_url")?.to_owned());
        Ok(())
    })
}

/// Takes the proxy from the environment (`WECOM_PROXY_MODE_ENVIRONMENT`, the default) or
/// uses none (`WECOM_PROXY_MODE_NONE`).
#[no_mangle]
pub unsafe extern "C" fn wecom_client_config_set_proxy_mode(
    config: *mut wecom_client_config,
    mode: wecom_proxy_mode,
) -> wecom_result {
    with_config(config, |c| {
        c.proxy = match mode {
            WECOM_PROXY_MODE_ENVIRONMENT => ProxyConfig::Environment,
            WECOM_PROXY_MODE_NONE => ProxyConfig::None,
            other => return Err(Error::invalid_argument("mode", format!("{other} is not a wecom_proxy_mode"))),
        };
        Ok(())
    })
}

/// Chooses the trusted roots: `WECOM_TLS_ROOTS_BUNDLED` (default) or `WECOM_TLS_ROOTS_PLATFORM`.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_config_set_tls_roots(
    config: *mut wecom_client_config,
    roots: wecom_tls_roots,
) -> wecom_result {
    with_config(config, |c| {
        c.tls_roots = match roots {
            WECOM_TLS_ROOTS_BUNDLED => TlsRoots::Bundled,
            WECOM_TLS_ROOTS_PLATFORM => TlsRoots::Platform,
            other => return Err(Error::invalid_argument("roots", format!("{other} is not a wecom_tls_roots"))),
        };
        Ok(())
    })
}

/// Allows plain http to hosts other than loopback (default false: the key would cross the
/// network in clear).
#[no_mangle]
pub unsafe extern "C" fn wecom_client_config_set_allow_insecure_http(
    config: *mut wecom_client_config,
    allow: bool,
) -> wecom_result {
    with_config(config, |c| {
        c.allow_insecure_http = allow;
        Ok(())
    })
}

/// Sets the User-Agent header (default `wecom-bot/<version>`; an empty string keeps it).
///
/// Ownership: `user_agent` is borrowed for the call (copied).
#[no_mangle]
pub unsafe extern "C" fn wecom_client_config_set_user_agent(
    config: *mut wecom_client_config,
    user_agent: *const c_char,
) -> wecom_result {
    with_config(config, |c| {
        c.user_agent = arg_str(user_agent, "user_agent")?.to_owned();
        Ok(())
    })
}

/// Sets the retry policy: `max_attempts` attempts in all (1 = never retry), backoff starting
/// at `initial_backoff_ms` and doubling up to `max_backoff_ms`. Only failures where the
/// message cannot have been delivered are retried (connect failures, errcode -1, 45009).
#[no_mangle]
pub unsafe extern "C" fn wecom_client_config_set_retry(
    config: *mut wecom_client_config,
    max_attempts: u32,
    initial_backoff_ms: u64,
    max_backoff_ms: u64,
) -> wecom_result {
    with_config(config, |c| {
        if max_attempts == 0 {
            return Err(Error::invalid_argument("max_attempts", "must be at least 1 (1 = never retry)"));
        }
        if initial_backoff_ms > max_backoff_ms {
            return Err(Error::invalid_argument("initial_backoff_ms", "must not exceed max_backoff_ms"));
        }
        c.retry = RetryPolicy {
            max_attempts,
            initial_backoff: Duration::from_millis(initial_backoff_ms),
            max_backoff: Duration::from_millis(max_backoff_ms),
        };
        Ok(())
    })
}

/// Sets the client-side rate limit: at most `max_messages` per `window_ms` per robot, shared
/// by every client of the robot that uses the same store (see `wecom_client_config_set_store`); when the window is full, wait at most
/// `max_wait_ms` (`WECOM_RATE_POLICY_WAIT`) or fail at once (`WECOM_RATE_POLICY_FAIL_FAST`,
/// `max_wait_ms` ignored). The default is 20 per 60000 ms, waiting at most 65000 ms.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_config_set_rate_limit(
    config: *mut wecom_client_config,
    max_messages: u32,
    window_ms: u64,
    policy: wecom_rate_policy,
    max_wait_ms: u64,
) -> wecom_result {
    with_config(config, |c| {
        if max_messages == 0 {
            return Err(Error::invalid_argument("max_messages", "must be at least 1"));
        }
        let window = millis(window_ms, "window_ms")?;
        let policy = match policy {
            WECOM_RATE_POLICY_WAIT => RatePolicy::Wait { max_wait: Duration::from_millis(max_wait_ms) },
            WECOM_RATE_POLICY_FAIL_FAST => RatePolicy::FailFast,
            other => return Err(Error::invalid_argument("policy", format!("{other} is not a wecom_rate_policy"))),
        };
        c.rate_limit = Some(RateLimit { max_messages, window, policy });
        Ok(())
    })
}

/// Sets where the rate window is kept, shared with every sender naming the same store:
/// `"memory"` (this process), `"sqlite:PATH"` (every process of the host), `"redis://[user:pass@]host:port/db"`
/// or `"rediss://…"` (every host). Default: `WECOM_BOT_STORE`, else a per-user SQLite file.
/// A malformed URL fails with `WECOM_RESULT_INVALID_ARGUMENT` (a password is never echoed).
///
/// Ownership: `store` is borrowed for the call (copied).
///
/// # Safety
/// `config` is NULL or a live config; `store` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_config_set_store(
    config: *mut wecom_client_config,
    store: *const c_char,
) -> wecom_result {
    with_config(config, |c| {
        c.store = Store::parse(arg_str(store, "store")?)?;
        Ok(())
    })
}

/// Sets what happens when the store cannot be used: `WECOM_ON_STORE_ERROR_LOCAL` (default) or
/// `WECOM_ON_STORE_ERROR_FAIL` (sends fail with `WECOM_RESULT_STORE`).
///
/// # Safety
/// `config` is NULL or a live config.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_config_set_on_store_error(
    config: *mut wecom_client_config,
    policy: wecom_on_store_error,
) -> wecom_result {
    with_config(config, |c| {
        c.on_store_error = match policy {
            WECOM_ON_STORE_ERROR_LOCAL => OnStoreError::Local,
            WECOM_ON_STORE_ERROR_FAIL => OnStoreError::Fail,
            other => return Err(Error::invalid_argument("policy", format!("{other} is not a wecom_on_store_error"))),
        };
        Ok(())
    })
}

/// Sets the configuration from the environment contract: `WECOM_BOT_BASE_URL`,
/// `WECOM_BOT_STORE` and `WECOM_BOT_RATE_LIMIT` (`COUNT/SECONDS`) when set. A malformed value
/// fails with `WECOM_RESULT_INVALID_ARGUMENT` naming the variable.
///
/// # Safety
/// `config` is NULL or a live config.
#[no_mangle]
pub unsafe extern "C" fn wecom_client_config_apply_env(config: *mut wecom_client_config) -> wecom_result {
    with_config(config, |c| {
        wecom_bot::Environment::read()?.apply(c);
        Ok(())
    })
}

/// Turns the client-side rate limiter off (the server's limit still applies).
#[no_mangle]
pub unsafe extern "C" fn wecom_client_config_disable_rate_limit(config: *mut wecom_client_config) -> wecom_result {
    with_config(config, |c| {
        c.rate_limit = None;
        Ok(())
    })
}

/// Fixes the multipart boundary of uploads (for tests; 1 to 70 letters, digits or
/// `-_'()+,./:=?`, checked when the client is made). Default: a random one per upload.
///
/// Ownership: `boundary` is borrowed for the call (copied).
#[no_mangle]
pub unsafe extern "C" fn wecom_client_config_set_multipart_boundary(
    config: *mut wecom_client_config,
    boundary: *const c_char,
) -> wecom_result {
    with_config(config, |c| {
        c.multipart_boundary = Some(arg_str(boundary, "boundary")?.to_owned());
        Ok(())
    })
}
