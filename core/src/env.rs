//! The one environment contract (DESIGN.md §4): every binding's `from_env`, every example and
//! the CLI read the robot and its settings through [`Environment`], so a variable means the
//! same thing everywhere.
//!
//! | variable | meaning |
//! |---|---|
//! | `WECOM_BOT_WEBHOOK` | the robot's full webhook URL (wins over `WECOM_BOT_KEY`) |
//! | `WECOM_BOT_KEY` | the robot's key |
//! | `WECOM_BOT_BASE_URL` | `scheme://host[:port]` replacing the real server (a gateway, the mock) |
//! | `WECOM_BOT_STORE` | where the rate window is shared: `memory`, `sqlite:PATH`, `redis://…` |
//! | `WECOM_BOT_RATE_LIMIT` | the window as `COUNT/SECONDS`, e.g. `20/60` (the server's) |
//!
//! An empty variable counts as unset.

use crate::client::ClientConfig;
use crate::error::{Error, Result};
use crate::rate_limit::RateLimit;
use crate::store::Store;
use crate::webhook::Webhook;
use std::time::Duration;

/// The robot's full webhook URL.
pub const ENV_WEBHOOK: &str = "WECOM_BOT_WEBHOOK";
/// The robot's key.
pub const ENV_KEY: &str = "WECOM_BOT_KEY";
/// A base URL replacing the real server.
pub const ENV_BASE_URL: &str = "WECOM_BOT_BASE_URL";
/// The store URL.
pub const ENV_STORE: &str = crate::store::ENV_STORE;
/// The rate window, `COUNT/SECONDS`.
pub const ENV_RATE_LIMIT: &str = "WECOM_BOT_RATE_LIMIT";

/// What the environment says about the robot and its settings (`Debug` masks the key).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Environment {
    /// From `WECOM_BOT_WEBHOOK`, else `WECOM_BOT_KEY`.
    pub webhook: Option<Webhook>,
    /// From `WECOM_BOT_BASE_URL`.
    pub base_url: Option<String>,
    /// From `WECOM_BOT_STORE`.
    pub store: Option<Store>,
    /// From `WECOM_BOT_RATE_LIMIT`: (count, window).
    pub rate_limit: Option<(u32, Duration)>,
}

impl Environment {
    /// Reads the process environment.
    pub fn read() -> Result<Environment> {
        Environment::read_with(|name| std::env::var(name).ok())
    }

    /// Reads variables through `var` (for callers with an environment of their own, and tests).
    /// A malformed value is an `invalid_argument` error naming the variable.
    pub fn read_with(var: impl Fn(&str) -> Option<String>) -> Result<Environment> {
        let get = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let webhook = match (get(ENV_WEBHOOK), get(ENV_KEY)) {
            (Some(url), _) => Some(Webhook::parse(&url).map_err(|e| named(ENV_WEBHOOK, &e))?),
            (None, Some(key)) => Some(Webhook::from_key(key.trim()).map_err(|e| named(ENV_KEY, &e))?),
            (None, None) => None,
        };
        let store = get(ENV_STORE).map(|s| Store::parse(&s).map_err(|e| named(ENV_STORE, &e))).transpose()?;
        let rate_limit =
            get(ENV_RATE_LIMIT).map(|s| parse_rate_limit(&s).map_err(|e| named(ENV_RATE_LIMIT, &e))).transpose()?;
        Ok(Environment { webhook, base_url: get(ENV_BASE_URL).map(|b| b.trim().to_owned()), store, rate_limit })
    }

    /// The robot, or an error saying which variables to set.
    pub fn require_webhook(&self) -> Result<Webhook> {
        self.webhook.clone().ok_or_else(|| {
            Error::invalid_argument(
                "environment",
                format!("set {ENV_WEBHOOK} (the webhook URL) or {ENV_KEY} (the robot's key)"),
            )
        })
    }

    /// Sets in `config` what the environment says (base URL, store, rate window count and
    /// length); everything else is left as it is.
    pub fn apply(&self, config: &mut ClientConfig) {
        if let Some(b) = &self.base_url {
            config.base_url = Some(b.clone());
        }
        if let Some(s) = &self.store {
            config.store = s.clone();
        }
        if let Some((count, window)) = self.rate_limit {
            let base = config.rate_limit.unwrap_or_default();
            config.rate_limit = Some(RateLimit { max_messages: count, window, ..base });
        }
    }

    /// The default configuration with what the environment says applied.
    pub fn client_config(&self) -> ClientConfig {
        let mut config = ClientConfig::default();
        self.apply(&mut config);
        config
    }
}

/// Parses `COUNT/SECONDS` (e.g. `20/60`, `20/2`, `5/0.5`): a whole count from 1 to `u32::MAX`,
/// a number of seconds above 0 and at most 366 days.
pub fn parse_rate_limit(s: &str) -> Result<(u32, Duration)> {
    let rule = "expected COUNT/SECONDS with a whole COUNT from 1 to 4294967295 and SECONDS above 0 \
                and at most 31622400 (366 days), e.g. 20/60";
    let bad = || Error::invalid_argument("rate_limit", rule);
    let (count, secs) = s.trim().split_once('/').ok_or_else(bad)?;
    let count: u32 = count.trim().parse().map_err(|_| bad())?;
    let secs: f64 = secs.trim().parse().map_err(|_| bad())?;
    if count == 0 || !secs.is_finite() || secs <= 0.0 || secs > 86_400.0 * 366.0 {
        return Err(bad());
    }
    Ok((count, Duration::from_secs_f64(secs)))
}

/// The same error, naming the variable it came from (the key never is in a message).
fn named(variable: &str, e: &Error) -> Error {
    let rule = e.message().split_once(": ").map_or(e.message(), |(_, rest)| rest);
    Error::invalid_argument(variable, rule)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read(vars: &[(&str, &str)]) -> Result<Environment> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Environment::read_with(|k| map.get(k).cloned())
    }

    #[test]
    fn every_variable() {
        let env = read(&[
            (ENV_KEY, "k3y-0001"),
            (ENV_BASE_URL, "http://127.0.0.1:9"),
            (ENV_STORE, "sqlite:/tmp/w.db"),
            (ENV_RATE_LIMIT, "20/2"),
        ])
        .unwrap();
        assert_eq!(env.webhook.as_ref().unwrap().expose_key(), "k3y-0001");
        assert_eq!(env.base_url.as_deref(), Some("http://127.0.0.1:9"));
        assert_eq!(env.store, Some(Store::Sqlite("/tmp/w.db".into())));
        assert_eq!(env.rate_limit, Some((20, Duration::from_secs(2))));
        let c = env.client_config();
        assert_eq!(c.base_url.as_deref(), Some("http://127.0.0.1:9"));
        assert_eq!(c.store, Store::Sqlite("/tmp/w.db".into()));
        let limit = c.rate_limit.unwrap();
        assert_eq!((limit.max_messages, limit.window), (20, Duration::from_secs(2)));
        assert_eq!(limit.policy, RateLimit::default().policy);
    }

    #[test]
    fn the_webhook_wins_over_the_key_and_empty_is_unset() {
        let env = read(&[(ENV_WEBHOOK, "http://127.0.0.1:1/cgi-bin/webhook/send?key=from-url"), (ENV_KEY, "from-key")])
            .unwrap();
        assert_eq!(env.webhook.unwrap().expose_key(), "from-url");
        let env = read(&[(ENV_WEBHOOK, " "), (ENV_KEY, "from-key"), (ENV_STORE, ""), (ENV_BASE_URL, "")]).unwrap();
        assert_eq!(env.webhook.unwrap().expose_key(), "from-key");
        assert_eq!((env.store, env.base_url), (None, None));
        let e = read(&[]).unwrap().require_webhook().unwrap_err();
        assert!(e.to_string().contains(ENV_WEBHOOK) && e.to_string().contains(ENV_KEY), "{e}");
        assert_eq!(read(&[]).unwrap().client_config(), ClientConfig::default());
    }

    #[test]
    fn bad_values_name_the_variable_never_the_key() {
        let secret = "s3cret/k3y";
        let e = read(&[(ENV_KEY, secret)]).unwrap_err();
        assert_eq!(e.field(), Some(ENV_KEY));
        assert!(!e.to_string().contains(secret));
        let e = read(&[(ENV_WEBHOOK, "ftp://x")]).unwrap_err();
        assert_eq!(e.field(), Some(ENV_WEBHOOK));
        let e = read(&[(ENV_STORE, "postgres://u:hunter2@h")]).unwrap_err();
        assert_eq!(e.field(), Some(ENV_STORE));
        assert!(!e.to_string().contains("hunter2"), "{e}");
        let e = read(&[(ENV_RATE_LIMIT, "20")]).unwrap_err();
        assert_eq!(e.field(), Some(ENV_RATE_LIMIT));
        assert!(e.to_string().contains("COUNT/SECONDS"), "{e}");
    }

    #[test]
    fn rate_limits() {
        assert_eq!(parse_rate_limit("20/60").unwrap(), (20, Duration::from_secs(60)));
        assert_eq!(parse_rate_limit(" 5 / 0.5 ").unwrap(), (5, Duration::from_millis(500)));
        assert_eq!(parse_rate_limit("4294967295/31622400").unwrap(), (u32::MAX, Duration::from_secs(31_622_400)));
        let too_big = ["4294967296/60", "99999999999/1", "20/31622401"];
        for bad in ["", "20", "/60", "20/", "0/60", "-1/60", "20/0", "20/-1", "20/nan", "20/inf", "x/1", "20/1e12"]
            .into_iter()
            .chain(too_big)
        {
            let e = parse_rate_limit(bad).unwrap_err();
            assert_eq!(e.field(), Some("rate_limit"), "{bad}");
            assert!(e.to_string().contains("from 1 to 4294967295") && e.to_string().contains("366 days"), "{e}");
        }
    }
}
