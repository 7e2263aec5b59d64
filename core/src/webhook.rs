//! The robot's webhook: its key (a secret) and the base URL it is sent to.

use crate::error::{Error, Result};
use crate::secret;
use std::fmt;

pub use crate::secret::mask;

/// The real server.
pub const DEFAULT_BASE_URL: &str = "https://qyapi.weixin.qq.com";
/// The path messages are posted to.
pub const SEND_PATH: &str = "/cgi-bin/webhook/send";
/// The path media are uploaded to.
pub const UPLOAD_PATH: &str = "/cgi-bin/webhook/upload_media";

/// A robot's webhook, parsed from its full URL or its bare key.
///
/// The key is a secret (anyone holding it can post to the group): `Debug` and `Display`
/// show at most its first and last four characters ([`mask`]), and making a `Webhook`
/// registers the key with [`secret`](crate::secret), so no error made afterwards contains it.
#[derive(Clone, PartialEq, Eq)]
pub struct Webhook {
    key: String,
    base_url: Option<String>,
}

impl Webhook {
    /// Parses `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY` (any host: the URL's
    /// `scheme://host[:port]` becomes the base URL) or a bare key.
    pub fn parse(input: &str) -> Result<Webhook> {
        let input = input.trim();
        if input.contains("://") {
            return Webhook::parse_url(input);
        }
        Webhook::from_key(input)
    }

    /// A webhook from a bare key.
    pub fn from_key(key: &str) -> Result<Webhook> {
        Ok(Webhook { key: registered(key)?, base_url: None })
    }

    fn parse_url(url: &str) -> Result<Webhook> {
        let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
        if scheme != "https" && scheme != "http" {
            return Err(Error::invalid_argument("webhook", "the webhook URL must start with https:// (or http://)"));
        }
        let (authority, path_and_query) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if authority.is_empty() {
            return Err(Error::invalid_argument("webhook", "the webhook URL has no host"));
        }
        let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
        if path != SEND_PATH {
            return Err(Error::invalid_argument("webhook", format!("the webhook URL's path must be {SEND_PATH}")));
        }
        let query = query.split('#').next().unwrap_or("");
        let key = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("key="))
            .ok_or_else(|| Error::invalid_argument("webhook", "the webhook URL has no key= parameter"))?;
        Ok(Webhook { key: registered(key)?, base_url: Some(format!("{scheme}://{authority}")) })
    }

    /// The key itself. Handle with care: it is the robot's secret.
    pub fn expose_key(&self) -> &str {
        &self.key
    }

    /// The base URL given by a full webhook URL, if it was parsed from one.
    pub fn base_url(&self) -> Option<&str> {
        self.base_url.as_deref()
    }

    /// The key as it may be shown: `693a…5aaa`, or `…` for a key too short to abbreviate
    /// (see [`mask`]).
    pub fn masked_key(&self) -> String {
        mask(&self.key)
    }

    /// `text` with every occurrence of the key replaced by its masked form.
    pub fn redact(&self, text: &str) -> String {
        text.replace(&self.key, &mask(&self.key))
    }
}

/// A valid key, registered as a secret of this process.
fn registered(key: &str) -> Result<String> {
    check_key(key)?;
    secret::register(key);
    Ok(key.to_owned())
}

fn check_key(key: &str) -> Result<()> {
    if key.is_empty() {
        return Err(Error::invalid_argument("key", "the webhook key is empty"));
    }
    if !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        // Say what is wrong without echoing the key.
        return Err(Error::invalid_argument("key", "the webhook key may contain only letters, digits, '-' and '_'"));
    }
    Ok(())
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook").field("key", &self.masked_key()).field("base_url", &self.base_url).finish()
    }
}

impl fmt::Display for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let base = self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL);
        write!(f, "{base}{SEND_PATH}?key={}", self.masked_key())
    }
}
