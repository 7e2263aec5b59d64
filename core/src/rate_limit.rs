//! The client-side rate limiter: a sliding window per robot key, shared by every client of
//! that key in the process, so that several `Client`s (or threads) never exceed the server's
//! 20 messages per minute together.
//!
//! How it meets the server's own limit:
//! - Clients share a window when they have the same key, `max_messages` and `window`.
//! - Each attempt of a message takes a slot (uploads take none: the server does not count
//!   them). A slot counts from when the request goes out and leaves the window one `window`
//!   after its answer came back, so the server, which counts the message somewhere in between,
//!   never sees more than `max_messages` in its own window.
//! - When the server still answers 45009 (another process used the key), the window is marked
//!   full for every client of the key. Under `Wait`, the call waits for the window (if that is
//!   within `max_wait`) and retries, within `RetryPolicy::max_attempts`; under `FailFast` the
//!   45009 is returned at once. With no client-side limit (`ClientConfig::rate_limit: None`)
//!   there is no window to wait for: the 45009 is returned at once with a retry-after of 60 s.

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
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

/// One key's window: the messages of the last `window`, shared by every client of the key.
///
/// A message's slot is taken before its request goes out and stamped with the time its
/// answer came back (or the request failed). The server stamps a message somewhere between
/// those two instants, so a slot that has left our window has certainly left the server's:
/// stamping at the start instead would let a slow first answer and a fast 21st request meet
/// inside the server's window and earn a 45009.
#[derive(Debug)]
pub(crate) struct Window {
    state: Mutex<Slots>,
    freed: Condvar,
    max_messages: usize,
    window: Duration,
}

#[derive(Debug, Default)]
struct Slots {
    /// Taken slots: `None` while the request is in flight, then when it finished.
    taken: Vec<(u64, Option<Instant>)>,
    next_id: u64,
}

/// A taken slot; dropping it stamps the slot with the current time.
#[derive(Debug)]
pub(crate) struct Slot {
    window: Arc<Window>,
    id: u64,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut slots = self.window.lock();
        let now = Instant::now();
        if let Some(entry) = slots.taken.iter_mut().find(|(id, _)| *id == self.id) {
            entry.1 = Some(now);
        }
        drop(slots);
        self.window.freed.notify_all();
    }
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
                    state: Mutex::new(Slots::default()),
                    freed: Condvar::new(),
                    max_messages: limit.max_messages.max(1) as usize,
                    window: limit.window,
                })
            })
            .clone()
    }

    fn lock(&self) -> MutexGuard<'_, Slots> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Drops the slots that left the window; returns how long until the next one leaves when
    /// the window is full (an in-flight slot counts a whole window), `None` when a slot is free.
    fn prune(&self, slots: &mut Slots, now: Instant) -> Option<Duration> {
        slots.taken.retain(|(_, at)| at.is_none_or(|t| now.saturating_duration_since(t) < self.window));
        if slots.taken.len() < self.max_messages {
            return None;
        }
        let soonest = slots
            .taken
            .iter()
            .map(|(_, at)| at.map_or(self.window, |t| self.window.saturating_sub(now.saturating_duration_since(t))))
            .min()
            .unwrap_or(self.window);
        Some(soonest)
    }

    /// Takes a slot, waiting per the policy; the slot is held until the returned guard drops.
    pub(crate) fn acquire(self: &Arc<Self>, policy: RatePolicy) -> Result<Slot> {
        let started = Instant::now();
        let mut slots = self.lock();
        loop {
            let now = Instant::now();
            let Some(wait) = self.prune(&mut slots, now) else {
                let id = slots.next_id;
                slots.next_id += 1;
                slots.taken.push((id, None));
                return Ok(Slot { window: Arc::clone(self), id });
            };
            match policy {
                RatePolicy::FailFast => return Err(Error::rate_limited_locally(wait)),
                RatePolicy::Wait { max_wait } => {
                    if started.elapsed() + wait > max_wait {
                        return Err(Error::rate_limited_locally(wait));
                    }
                    log::debug!("rate limit: window full, waiting up to {:.3} s", wait.as_secs_f64());
                    crate::wait::announce(
                        crate::wait::Reason::RateLimit { max: self.max_messages as u32, window: self.window },
                        wait,
                    );
                    // Woken early when a slot in flight finishes: the estimate is then shorter.
                    slots = self
                        .freed
                        .wait_timeout(slots, wait.max(Duration::from_millis(1)))
                        .unwrap_or_else(|p| p.into_inner())
                        .0;
                }
            }
        }
    }

    /// How long until a slot frees up (zero when one is free now): the retry-after of a 45009.
    pub(crate) fn time_until_free(&self) -> Duration {
        let mut slots = self.lock();
        self.prune(&mut slots, Instant::now()).unwrap_or(Duration::ZERO)
    }

    /// Fills the window from now on: the server said 45009, so our count was behind (another
    /// process, or a restart, sent with the same key).
    pub(crate) fn mark_full(&self) {
        let mut slots = self.lock();
        let now = Instant::now();
        self.prune(&mut slots, now);
        while slots.taken.len() < self.max_messages {
            let id = slots.next_id;
            slots.next_id += 1;
            slots.taken.push((id, Some(now)));
        }
    }
}
