//! Time as the mock sees it: an injectable [`Clock`], plus an offset that tests can advance.

use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A source of wall-clock time for the mock (media_id expiry, the rate window, `created_at`).
///
/// The server adds its own offset on top (see [`crate::MockServer::advance_clock`] and
/// `POST /_mock/clock`), so the default [`SystemClock`] is enough for most tests.
pub trait Clock: Send + Sync + 'static {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The real system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that only moves when told to: handy for in-process tests.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<SystemTime>,
}

impl ManualClock {
    /// A clock stopped at `start`.
    pub fn new(start: SystemTime) -> Self {
        ManualClock { now: Mutex::new(start) }
    }

    /// A clock stopped at `secs` seconds after the Unix epoch.
    pub fn at_unix(secs: u64) -> Self {
        Self::new(UNIX_EPOCH + Duration::from_secs(secs))
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }

    /// Sets the clock to `to`.
    pub fn set(&self, to: SystemTime) {
        *self.now.lock().unwrap_or_else(|e| e.into_inner()) = to;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl<F> Clock for F
where
    F: Fn() -> SystemTime + Send + Sync + 'static,
{
    fn now(&self) -> SystemTime {
        self()
    }
}

/// The latest time the mock's clock may be moved to: 9999-12-31T23:59:59Z.
pub const MAX_MOCK_UNIX_SECS: u64 = 253_402_300_799;

/// The clock offset after moving a clock that shows `base` plus `offset` forward by `by`;
/// an error naming the rule when the result would pass [`MAX_MOCK_UNIX_SECS`].
pub(crate) fn advanced(base: SystemTime, offset: Duration, by: Duration) -> Result<Duration, String> {
    let too_far = || format!("the mock's clock cannot go past 9999-12-31 (Unix {MAX_MOCK_UNIX_SECS})");
    let offset = offset.checked_add(by).ok_or_else(too_far)?;
    let to = base.checked_add(offset).ok_or_else(too_far)?;
    if unix_secs(to) > MAX_MOCK_UNIX_SECS {
        return Err(too_far());
    }
    Ok(offset)
}

/// Seconds since the Unix epoch (0 before it).
pub(crate) fn unix_secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_is_checked() {
        let base = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(advanced(base, Duration::from_secs(5), Duration::from_secs(10)), Ok(Duration::from_secs(15)));
        let to_the_end = Duration::from_secs(MAX_MOCK_UNIX_SECS - 1_700_000_000);
        assert_eq!(advanced(base, Duration::ZERO, to_the_end), Ok(to_the_end));
        for by in [to_the_end + Duration::from_secs(1), Duration::from_secs(u64::MAX), Duration::MAX] {
            assert!(advanced(base, Duration::from_secs(1), by).unwrap_err().contains("9999-12-31"), "{by:?}");
        }
    }
}
