//! How a mock server is set up.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::clock::{Clock, SystemClock};
use crate::redact::redact_key;

/// How long an uploaded media_id stays valid (the spec: 3 days).
pub const MEDIA_TTL: Duration = Duration::from_secs(3 * 24 * 60 * 60);

/// The default rate limit: the real server's 20 messages per 60 s per key.
pub const DEFAULT_RATE_LIMIT: (u32, Duration) =
    (wecom_bot::limits::MESSAGES_PER_WINDOW, Duration::from_secs(wecom_bot::limits::RATE_WINDOW_SECS));

/// The longest rate window accepted from a flag or a scenario: a year.
pub const MAX_RATE_WINDOW_SECS: u64 = 365 * 24 * 60 * 60;

/// A rate window given in (fractional) seconds, as `--rate-limit` and a scenario's
/// `window_secs` give it: more than 0 and at most [`MAX_RATE_WINDOW_SECS`].
pub fn rate_window(secs: f64) -> Result<Duration, String> {
    if !secs.is_finite() || secs <= 0.0 {
        return Err(format!("the rate window must be more than 0 seconds, not {secs}"));
    }
    if secs > MAX_RATE_WINDOW_SECS as f64 {
        return Err(format!("the rate window must be at most {MAX_RATE_WINDOW_SECS} seconds (a year), not {secs}"));
    }
    Duration::try_from_secs_f64(secs).map_err(|e| format!("the rate window {secs}: {e}"))
}

/// Settings of a [`crate::MockServer`]. Start from [`MockConfig::default()`] and change fields
/// (they are all public) or use the `with_*` methods.
#[derive(Clone)]
pub struct MockConfig {
    /// TCP port on 127.0.0.1; 0 (the default) picks a free one.
    pub port: u16,
    /// The keys the server knows; `None` (the default) accepts any non-empty key.
    pub keys: Option<Vec<String>>,
    /// At most `count` delivered messages per key in any sliding `window`; `None` turns the
    /// limit off. Default: 20 per 60 s. Uploads are not counted.
    pub rate_limit: Option<(u32, Duration)>,
    /// How long a media_id stays valid; default 3 days.
    pub media_ttl: Duration,
    /// Unused, kept so that existing configurations still build: every connection is served
    /// as a task of its own from the moment it is accepted (so a delayed answer holds up only
    /// its own connection). Default 4.
    pub workers: usize,
    /// Largest request body read, in bytes; a longer one is answered HTTP 413 and its
    /// connection closed (an upload over the API's own limits but within this gets errcode
    /// 45001). Default 32 MiB.
    pub max_body: usize,
    /// Connections served at once; one more is answered HTTP 503 and closed. Default 128.
    pub max_connections: usize,
    /// Time allowed for a request's head (or for the next request on an idle keep-alive
    /// connection, which is closed after it) and, separately, for its body; a body too slow
    /// is answered HTTP 408. Default 30 s.
    pub read_timeout: Duration,
    /// Records kept; the oldest go first. Default 10 000.
    pub max_records: usize,
    /// Bodies up to this many bytes are recorded whole (every valid message is: a 2 MiB
    /// image's JSON is about 2.8 MB); a longer body keeps only its first 64 KiB plus its size
    /// and MD5. Default 4 MiB.
    pub max_recorded_body: usize,
    /// Body bytes kept by all records together; the oldest records go first. Default 256 MiB.
    pub max_record_bytes: usize,
    /// The clock for media expiry, the rate window and `created_at`; default the system clock.
    pub clock: Arc<dyn Clock>,
    /// Log one line per request to stderr (keys redacted); default off.
    pub log: bool,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            port: 0,
            keys: None,
            rate_limit: Some(DEFAULT_RATE_LIMIT),
            media_ttl: MEDIA_TTL,
            workers: 4,
            max_body: 32 * 1024 * 1024,
            max_connections: 128,
            read_timeout: Duration::from_secs(30),
            max_records: 10_000,
            max_recorded_body: 4 * 1024 * 1024,
            max_record_bytes: 256 * 1024 * 1024,
            clock: Arc::new(SystemClock),
            log: false,
        }
    }
}

impl MockConfig {
    /// The default configuration (same as [`MockConfig::default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Accepts only these keys (others get errcode 93000).
    pub fn with_keys<I, S>(mut self, keys: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.keys = Some(keys.into_iter().map(Into::into).collect());
        self
    }

    /// Sets the rate limit (`None`: off).
    pub fn with_rate_limit(mut self, limit: Option<(u32, Duration)>) -> Self {
        self.rate_limit = limit;
        self
    }

    /// Uses this clock.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Listens on this port (0: any free port).
    pub fn with_port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The bounds of the HTTP server these settings ask for.
    pub(crate) fn limits(&self) -> crate::serve::Limits {
        crate::serve::Limits {
            max_connections: self.max_connections,
            read_timeout: self.read_timeout,
            max_body: self.max_body,
            ..crate::serve::Limits::default()
        }
    }

    /// Logs one line per request to stderr.
    pub fn with_log(mut self, log: bool) -> Self {
        self.log = log;
        self
    }
}

impl fmt::Debug for MockConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys = self.keys.as_ref().map(|ks| ks.iter().map(|k| redact_key(k)).collect::<Vec<_>>());
        f.debug_struct("MockConfig")
            .field("port", &self.port)
            .field("keys", &keys)
            .field("rate_limit", &self.rate_limit)
            .field("media_ttl", &self.media_ttl)
            .field("workers", &self.workers)
            .field("max_body", &self.max_body)
            .field("max_connections", &self.max_connections)
            .field("read_timeout", &self.read_timeout)
            .field("max_records", &self.max_records)
            .field("max_recorded_body", &self.max_recorded_body)
            .field("max_record_bytes", &self.max_record_bytes)
            .field("log", &self.log)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_windows_are_bounded() {
        assert_eq!(rate_window(0.5), Ok(Duration::from_millis(500)));
        assert_eq!(rate_window(MAX_RATE_WINDOW_SECS as f64), Ok(Duration::from_secs(MAX_RATE_WINDOW_SECS)));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e300, MAX_RATE_WINDOW_SECS as f64 + 1.0] {
            let e = rate_window(bad).unwrap_err();
            assert!(e.starts_with("the rate window must be"), "{bad}: {e}");
        }
    }
}
