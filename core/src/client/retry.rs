//! The retry loop around one request: the shared rate window's slot for each message, and the
//! waits between attempts.

use super::http::Payload;
use super::Client;
use crate::error::{ErrorKind, Result};
use crate::media::{Media, MediaKind};
use crate::rate_limit::RatePolicy;
use std::time::{Duration, Instant};

impl Client {
    /// Runs one request with the retry rules; returns the media of an upload.
    pub(super) fn execute(&self, path: &str, kind: Option<MediaKind>, payload: Payload<'_>) -> Result<Option<Media>> {
        let config = &self.0.config;
        let retry = config.retry;
        // The call's total deadline (`ClientConfig::max_total`): every wait below (the rate
        // window's, whatever store is behind it; a 45009's; a backoff) is bounded by it.
        let per_attempt = if kind.is_some() { config.upload_timeout } else { config.timeout };
        let deadline = Deadline(Instant::now() + config.max_total.max(per_attempt));
        let mut backoff = retry.initial_backoff;
        let mut attempt = 1;
        loop {
            // Messages take a slot of the shared window (uploads are not counted by the
            // server); the slot is stamped when this attempt ends (see `rate_limit::Window`).
            let slot = match (&self.0.window, kind, config.rate_limit) {
                (Some(w), None, Some(limit)) => Some(w.acquire(deadline.bound(limit.policy))?),
                _ => None,
            };
            let outcome = self.attempt(path, kind, &payload, deadline.left().min(per_attempt));
            drop(slot);
            let failure = match outcome {
                Ok(media) => return Ok(media),
                Err(f) => f,
            };
            if !failure.retry_safe || attempt >= retry.max_attempts {
                return Err(failure.error);
            }
            let wait = if failure.error.kind() == ErrorKind::RateLimited {
                // A 45009 is waited out in the shared window (the next `acquire`), which
                // `attempt` marked full. Without a client-side limiter there is no window to
                // wait for: the caller gets the error and its retry-after at once.
                let (Some(_), Some(limit)) = (&self.0.window, self.0.config.rate_limit) else {
                    return Err(failure.error);
                };
                let until_free = failure.error.retry_after().unwrap_or_default();
                match limit.policy {
                    RatePolicy::FailFast => return Err(failure.error),
                    RatePolicy::Wait { max_wait } if until_free > max_wait => return Err(failure.error),
                    RatePolicy::Wait { .. } => {}
                }
                if !deadline.allows(until_free) {
                    return Err(failure.error);
                }
                log::debug!(
                    "attempt {attempt} failed ({}); retrying when the rate window frees ({:.3} s)",
                    failure.error,
                    until_free.as_secs_f64()
                );
                crate::wait::announce(crate::wait::Reason::ServerRateLimited, until_free);
                // Uploads take no slot, so they do not wait in `acquire`: they sleep instead.
                kind.map(|_| until_free)
            } else {
                let wait = jitter(backoff);
                if !deadline.allows(wait) {
                    return Err(failure.error);
                }
                log::debug!("attempt {attempt} failed ({}); retrying in {:.3} s", failure.error, wait.as_secs_f64());
                crate::wait::announce(crate::wait::Reason::Retry { attempt: attempt + 1 }, wait);
                Some(wait)
            };
            if let Some(wait) = wait {
                std::thread::sleep(wait);
            }
            backoff = (backoff * 2).min(retry.max_backoff);
            attempt += 1;
        }
    }
}

/// When a call must have ended ([`super::ClientConfig::max_total`]).
#[derive(Clone, Copy)]
struct Deadline(Instant);

impl Deadline {
    fn left(self) -> Duration {
        self.0.saturating_duration_since(Instant::now())
    }

    /// Whether a wait of `wait` ends before the deadline.
    fn allows(self, wait: Duration) -> bool {
        wait <= self.left()
    }

    /// The rate window's policy with its longest wait cut to what is left.
    fn bound(self, policy: RatePolicy) -> RatePolicy {
        match policy {
            RatePolicy::Wait { max_wait } => RatePolicy::Wait { max_wait: max_wait.min(self.left()) },
            RatePolicy::FailFast => RatePolicy::FailFast,
        }
    }
}

/// `d` scaled by a pseudo-random factor in [0.5, 1.5).
fn jitter(d: Duration) -> Duration {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|t| t.as_nanos()).unwrap_or(0));
    let f = 0.5 + (h.finish() % 1000) as f64 / 1000.0;
    d.mul_f64(f)
}
