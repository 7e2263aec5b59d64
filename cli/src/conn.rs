//! The client the options describe: the robot from `--key`/`--webhook` or the environment,
//! and the connection settings.

use std::sync::Mutex;

use wecom_bot::{Client, ClientConfig, Error, ProxyConfig, RateLimit, RatePolicy, Webhook};

use crate::args::{ConnArgs, RatePolicyArg};
use crate::ctx::Ctx;
use crate::exit::Failure;

/// The environment variable holding the robot's full webhook URL.
pub const ENV_WEBHOOK: &str = "WECOM_BOT_WEBHOOK";
/// The environment variable holding the robot's key.
pub const ENV_KEY: &str = "WECOM_BOT_KEY";
/// The environment variable holding a base URL (like `--base-url`).
pub const ENV_BASE_URL: &str = "WECOM_BOT_BASE_URL";

/// The robot: `--webhook`, `--key`, then `WECOM_BOT_WEBHOOK`, then `WECOM_BOT_KEY`.
pub fn webhook(conn: &ConnArgs, ctx: &Ctx) -> Result<Webhook, Failure> {
    let value = conn
        .webhook
        .clone()
        .or_else(|| conn.key.clone())
        .or_else(|| ctx.var(ENV_WEBHOOK))
        .or_else(|| ctx.var(ENV_KEY))
        .ok_or_else(|| {
            Error::invalid_argument(
                "key",
                format!("no robot given: pass --key or --webhook, or set {ENV_KEY} or {ENV_WEBHOOK}"),
            )
        })?;
    Ok(Webhook::parse(&value)?)
}

/// The client configuration the options describe.
pub fn config(conn: &ConnArgs, ctx: &Ctx) -> ClientConfig {
    let mut config = ClientConfig {
        base_url: conn.base_url.clone().or_else(|| ctx.var(ENV_BASE_URL)),
        allow_insecure_http: conn.allow_insecure_http,
        ..ClientConfig::default()
    };
    if let Some(t) = conn.timeout {
        config.timeout = t;
        config.upload_timeout = t;
        config.connect_timeout = config.connect_timeout.min(t);
    }
    if let Some(p) = &conn.proxy {
        config.proxy = ProxyConfig::Url(p.clone());
    } else if conn.no_proxy {
        config.proxy = ProxyConfig::None;
    }
    if conn.no_rate_limit {
        config.rate_limit = None;
    } else if conn.rate_limit_policy == Some(RatePolicyArg::FailFast) {
        config.rate_limit = Some(RateLimit { policy: RatePolicy::FailFast, ..RateLimit::default() });
    }
    config
}

/// The client.
pub fn client(conn: &ConnArgs, ctx: &Ctx) -> Result<Client, Failure> {
    let webhook = webhook(conn, ctx)?;
    let client = Client::with_config(webhook, config(conn, ctx))?;
    log::debug!("robot {} via {}", client.webhook(), client.base_url());
    *HOST.lock().unwrap_or_else(|p| p.into_inner()) = Some(host_of(client.base_url()));
    Ok(client)
}

/// The host (and port) of the last client made: network errors name it.
static HOST: Mutex<Option<String>> = Mutex::new(None);

/// The host the command talks to, once a client is made (never the key: a base URL has none).
pub fn host() -> Option<String> {
    HOST.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

fn host_of(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest).rsplit('@').next().unwrap_or(rest).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_host_is_the_authority_without_credentials() {
        assert_eq!(super::host_of("https://qyapi.weixin.qq.com"), "qyapi.weixin.qq.com");
        assert_eq!(super::host_of("http://127.0.0.1:8090/gw?x=1"), "127.0.0.1:8090");
        assert_eq!(super::host_of("http://user:pw@gw.example:81"), "gw.example:81");
    }
}
