//! The client the options describe: the robot from `--key`/`--webhook` or the environment,
//! and the connection settings.

use std::sync::Mutex;

use wecom_bot::env::{parse_rate_limit, Environment};
use wecom_bot::{Client, ClientConfig, Error, OnStoreError, ProxyConfig, RateLimit, RatePolicy, Store, Webhook};

use crate::args::{ConnArgs, OnStoreErrorArg, RatePolicyArg};
use crate::ctx::Ctx;
use crate::exit::Failure;

/// The environment variable holding the robot's full webhook URL.
pub const ENV_WEBHOOK: &str = wecom_bot::env::ENV_WEBHOOK;
/// The environment variable holding the robot's key.
pub const ENV_KEY: &str = wecom_bot::env::ENV_KEY;
/// The environment variable holding a base URL (like `--base-url`).
pub const ENV_BASE_URL: &str = wecom_bot::env::ENV_BASE_URL;

/// The environment contract, read through the command's environment.
fn environment(ctx: &Ctx) -> Result<Environment, Failure> {
    Ok(Environment::read_with(|name| ctx.var(name))?)
}

/// The robot: `--webhook`, `--key`, then `WECOM_BOT_WEBHOOK`, then `WECOM_BOT_KEY`.
pub fn webhook(conn: &ConnArgs, ctx: &Ctx) -> Result<Webhook, Failure> {
    if let Some(value) = conn.webhook.clone().or_else(|| conn.key.clone()) {
        return Ok(Webhook::parse(&value)?);
    }
    environment(ctx)?.webhook.ok_or_else(|| {
        Failure::Error(Error::invalid_argument(
            "key",
            format!("no robot given: pass --key or --webhook, or set {ENV_KEY} or {ENV_WEBHOOK}"),
        ))
    })
}

/// The client configuration the options and the environment describe (options win).
pub fn config(conn: &ConnArgs, ctx: &Ctx) -> Result<ClientConfig, Failure> {
    let mut config = ClientConfig::default();
    let env = environment(ctx)?;
    env.apply(&mut config);
    if env.store.is_none() {
        // The command's environment decides, not the process's (the demo passes its own).
        config.store = Store::Default.resolve_with(|name| ctx.var(name))?;
    }
    if let Some(b) = &conn.base_url {
        config.base_url = Some(b.clone());
    }
    config.allow_insecure_http = conn.allow_insecure_http;
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
    if let Some(s) = &conn.store {
        config.store = Store::parse(s)?;
    }
    if let Some(p) = conn.on_store_error {
        config.on_store_error = match p {
            OnStoreErrorArg::Local => OnStoreError::Local,
            OnStoreErrorArg::Fail => OnStoreError::Fail,
        };
    }
    if let Some(r) = &conn.rate_limit {
        let (count, window) = parse_rate_limit(r)?;
        let base = config.rate_limit.unwrap_or_default();
        config.rate_limit = Some(RateLimit { max_messages: count, window, ..base });
    }
    if conn.no_rate_limit {
        config.rate_limit = None;
    } else if conn.rate_limit_policy == Some(RatePolicyArg::FailFast) {
        let base = config.rate_limit.unwrap_or_default();
        config.rate_limit = Some(RateLimit { policy: RatePolicy::FailFast, ..base });
    }
    Ok(config)
}

/// The client.
pub fn client(conn: &ConnArgs, ctx: &Ctx) -> Result<Client, Failure> {
    let webhook = webhook(conn, ctx)?;
    let client = Client::with_config(webhook, config(conn, ctx)?)?;
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
