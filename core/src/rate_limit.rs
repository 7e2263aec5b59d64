//! The client-side rate limiter: a sliding window per robot key, shared by every client of
//! that key in the process, so that several `Client`s (or threads) never exceed the server's
//! 20 messages per minute together.

use crate::error::{Error, Result};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// What to do when the window is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatePolicy {
    /// Wait for a free slot, but never longer than this; past it, fail with `rate_limited`.
    Wait {
        /// The longest wait before giving up.
        max_wait: Duration,
    },
    /// Fail at once with `rate_limited` (carrying the time until a slot frees up).
    FailFast,
}

/// The client-side rate limit: at most `max_messages` per `window`, per key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Messages allowed per window (the server's limit is 20).
    pub max_messages: u32,
    /// The window (the server's is 60 s).
    pub window: Duration,
    /// Wait or fail fast when the window is full.
    pub policy: RatePolicy,
}

impl Default for RateLimit {
    /// 20 per 60 s, waiting at most 65 s (one whole window plus a margin).
    fn default() -> RateLimit {
        RateLimit {
            max_messages: crate::limits::MESSAGES_PER_WINDOW,
            window: Duration::from_secs(crate::limits::RATE_WINDOW_SECS),
            policy: RatePolicy::Wait { max_wait: Duration::from_secs(65) },
        }
    }
}

/// One key's window: the send times of the last `max_messages` messages.
#[derive(Debug)]
pub(crate) struct Window {
    sent: Mutex<VecDeque<Instant>>,
    max_messages: usize,
    window: Duration,
}

impl Window {
    /// The window shared by every client of `key` with the same count and window length.
    pub(crate) fn shared(key: &str, limit: &RateLimit) -> Arc<Window> {
        type Registry = Mutex<HashMap<(String, u32, Duration), Arc<Window>>>;
        static REGISTRY: OnceLock<Registry> = OnceLock::new();
        let registry = REGISTRY.get_or_init(Registry::default);
        let mut map = registry.lock().unwrap_or_else(|p| p.into_inner());
        map.entry((key.to_owned(), limit.max_messages, limit.window))
            .or_insert_with(|| {
                Arc::new(Window {
                    sent: Mutex::new(VecDeque::new()),
                    max_messages: limit.max_messages.max(1) as usize,
                    window: limit.window,
                })
            })
            .clone()
    }

    /// Takes a slot, waiting per the policy. A slot is held from the moment it is taken.
    pub(crate) fn acquire(&self, policy: RatePolicy) -> Result<()> {
        let started = Instant::now();
        loop {
            let wait = {
                let mut sent = self.sent.lock().unwrap_or_else(|p| p.into_inner());
                let now = Instant::now();
                while sent.front().is_some_and(|t| now.duration_since(*t) >= self.window) {
                    sent.pop_front();
                }
                if sent.len() < self.max_messages {
                    sent.push_back(now);
                    return Ok(());
                }
                let oldest = *sent.front().expect("a full window is not empty");
                self.window.saturating_sub(now.duration_since(oldest))
            };
            match policy {
                RatePolicy::FailFast => return Err(Error::rate_limited_locally(wait)),
                RatePolicy::Wait { max_wait } => {
                    if started.elapsed() + wait > max_wait {
                        return Err(Error::rate_limited_locally(wait));
                    }
                    log::debug!("rate limit: window full, waiting {:.3} s", wait.as_secs_f64());
                    std::thread::sleep(wait.max(Duration::from_millis(1)));
                }
            }
        }
    }

    /// How long until the oldest send leaves the window (the retry-after of a 45009).
    pub(crate) fn time_until_free(&self) -> Duration {
        let sent = self.sent.lock().unwrap_or_else(|p| p.into_inner());
        match sent.front() {
            Some(t) if sent.len() >= self.max_messages => self.window.saturating_sub(t.elapsed()),
            _ => Duration::ZERO,
        }
    }

    /// Marks the window as full from now on: the server said 45009, so our count was behind
    /// (another process, or a restart, sent with the same key).
    pub(crate) fn mark_full(&self) {
        let mut sent = self.sent.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        while sent.len() < self.max_messages {
            sent.push_back(now);
        }
    }
}
