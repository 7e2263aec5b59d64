//! The client-side rate limiter: a sliding window per robot, kept in a store (`crate::store`)
//! that every sender of the robot shares — the threads of a process (`memory`), the processes
//! of a host (`sqlite:`), or every host (`redis://`) — so that together they never exceed the
//! server's 20 messages per minute.
//!
//! How it meets the server's own limit:
//! - Clients share a window when they name the same store, base URL and key.
//! - Each attempt of a message takes a slot (uploads take none: the server does not count
//!   them). A slot counts from when the request goes out and leaves the window one `window`
//!   after its answer came back, so the server, which counts the message somewhere in between,
//!   never sees more than `max_messages` in its own window.
//! - When the server still answers 45009 (a sender outside our coordination used the key), the
//!   window is marked full in the store, which holds back every coordinated sender. Under `Wait`, the call waits for the window (if that is
//!   within `max_wait`) and retries, within `RetryPolicy::max_attempts`; under `FailFast` the
//!   45009 is returned at once. With no client-side limit (`ClientConfig::rate_limit: None`)
//!   there is no window to wait for: the 45009 is returned at once with a retry-after of 60 s.

use crate::error::{Error, Result};
use crate::store::window::{Reserve, Spec, Usage};
use crate::store::{self, OnStoreError, Store, WindowStore};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
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

/// How full a robot's window is (see `Client::quota_status`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaStatus {
    /// Slots taken in the current window (in flight or answered).
    pub used: u32,
    /// Slots allowed per window.
    pub limit: u32,
    /// The window.
    pub window: Duration,
    /// When the next slot leaves the window; `None` when the window is empty.
    pub next_free: Option<Duration>,
    /// The store that holds the window (its password masked), e.g. `sqlite:/home/u/.local/state/wecom-bot/state.sqlite3`.
    pub store: String,
    /// `false` when the store could not be used and this is the process's own window (`local` policy).
    pub shared: bool,
}

/// One robot's window in its store, with the policy for when the store fails.
pub(crate) struct Window {
    robot: String,
    spec: Spec,
    store: Arc<dyn WindowStore>,
    /// The store's URL, password masked.
    shown: String,
    shared: bool,
    on_error: OnStoreError,
    /// In an outage (the store failed and the `local` policy sends under the process's window).
    outage: AtomicBool,
}

impl std::fmt::Debug for Window {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Window").field("store", &self.shown).field("spec", &self.spec).finish()
    }
}

/// A taken slot; dropping it stamps the slot (its request's answer arrived, or it failed).
pub(crate) struct Slot<'a> {
    window: &'a Window,
    /// The store that granted it (the shared one, or the process's during an outage).
    local: bool,
    id: u64,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let w = self.window;
        let result = if self.local {
            store::MemoryStore::process().stamp(&w.robot, self.id, &w.spec)
        } else {
            w.store.stamp(&w.robot, self.id, &w.spec)
        };
        if let Err(e) = result {
            // The slot then frees when its lease ends: later than it could, never too early.
            log::debug!("rate window: stamping a slot failed ({e})");
        }
    }
}

impl Window {
    /// The window of the robot `robot` (see `store::robot_id`) in `store`; `lease` bounds how
    /// long a slot may stay in flight (a request's timeout, plus a margin).
    pub(crate) fn open(
        robot: String,
        limit: &RateLimit,
        store: &Store,
        on_error: OnStoreError,
        store_timeout: Duration,
        lease: Duration,
    ) -> Result<Window> {
        let resolved = store.resolve()?;
        let shared = !matches!(resolved, Store::Memory | Store::Default);
        Ok(Window {
            robot,
            spec: Spec::new(limit.max_messages, limit.window, lease),
            store: store::open(&resolved, store_timeout)?,
            shown: resolved.display_url(),
            shared,
            on_error,
            outage: AtomicBool::new(false),
        })
    }

    /// The store's URL, password masked.
    pub(crate) fn store_url(&self) -> &str {
        &self.shown
    }

    /// Runs `op` on the store; when it fails, per the policy: the `store` error, or the same
    /// operation on the process's own window (`true` in the result says so).
    fn run<T>(&self, op: impl Fn(&dyn WindowStore) -> Result<T, store::StoreFailure>) -> Result<(T, bool)> {
        match op(self.store.as_ref()) {
            Ok(v) => {
                if self.outage.swap(false, Ordering::Relaxed) {
                    log::warn!("the store {} works again: the rate window is shared again", self.shown);
                }
                Ok((v, false))
            }
            Err(e) => match self.on_error {
                OnStoreError::Fail => Err(Error::store(&self.shown, e)),
                OnStoreError::Local => {
                    if !self.outage.swap(true, Ordering::Relaxed) {
                        log::warn!(
                            "the store {} cannot be used ({e}): sending under this process's own rate window until it can",
                            self.shown
                        );
                    }
                    let local = op(store::MemoryStore::process()).map_err(|e| Error::store("memory", e))?;
                    Ok((local, true))
                }
            },
        }
    }

    /// Takes a slot, waiting per the policy; the slot is held until the returned guard drops.
    pub(crate) fn acquire(&self, policy: RatePolicy) -> Result<Slot<'_>> {
        let started = Instant::now();
        loop {
            let (reserve, local) = self.run(|s| s.reserve(&self.robot, &self.spec))?;
            let wait = match reserve {
                Reserve::Granted(id) => return Ok(Slot { window: self, local, id }),
                Reserve::Full(wait) => wait,
            };
            match policy {
                RatePolicy::FailFast => return Err(Error::rate_limited_locally(wait)),
                RatePolicy::Wait { max_wait } => {
                    if started.elapsed() + wait > max_wait {
                        return Err(Error::rate_limited_locally(wait));
                    }
                    log::debug!("rate limit: window full, waiting {:.3} s", wait.as_secs_f64());
                    crate::wait::announce(
                        crate::wait::Reason::RateLimit {
                            max: self.spec.max,
                            window: Duration::from_millis(self.spec.window_ms),
                        },
                        wait,
                    );
                    // Never past the moment a slot can free (see `Spec::wait`), then try again.
                    std::thread::sleep(wait);
                }
            }
        }
    }

    /// How long until a slot frees up (zero when one is free now): the retry-after of a 45009.
    pub(crate) fn time_until_free(&self) -> Duration {
        match self.run(|s| s.usage(&self.robot, &self.spec)) {
            Ok((u, _)) if u.used >= u64::from(self.spec.max) => u.next_free.unwrap_or(Duration::ZERO),
            Ok(_) => Duration::ZERO,
            Err(_) => Duration::from_millis(self.spec.window_ms),
        }
    }

    /// Fills the window from now on: the server said 45009, so our count was behind (a sender
    /// outside our coordination, or a restart, used the key). Every coordinated sender waits.
    pub(crate) fn mark_full(&self) {
        if let Err(e) = self.run(|s| s.fill(&self.robot, &self.spec)) {
            log::debug!("rate window: marking the window full failed ({e})");
        }
    }

    /// How full the window is.
    pub(crate) fn status(&self) -> Result<QuotaStatus> {
        let (u, local): (Usage, bool) = self.run(|s| s.usage(&self.robot, &self.spec))?;
        Ok(QuotaStatus {
            used: u32::try_from(u.used).unwrap_or(u32::MAX),
            limit: self.spec.max,
            window: Duration::from_millis(self.spec.window_ms),
            next_free: u.next_free,
            store: self.shown.clone(),
            shared: self.shared && !local,
        })
    }
}
