//! The sliding log of one robot, as every store keeps it: the rule is written once here and
//! the stores (and the Redis script, which mirrors it) only hold the rows.
//!
//! Each taken slot is one row with the instant it leaves the window (`frees_at`, in
//! milliseconds of the store's clock). A slot is reserved before its request goes out with
//! `frees_at = now + lease + window`, then stamped when the answer arrives with
//! `frees_at = now + window + 1 ms`: the server counts the message somewhere in between, so a
//! slot that left our window has left the server's. The extra millisecond is the clocks'
//! truncation: `now` is whole milliseconds, so the answer may have come up to 1 ms after it;
//! without it a slot could free just under one window after the answer, and a server that
//! counts at arrival (the mock, over loopback, answers in well under 1 ms) sees one message too
//! many (bench/RESULTS.md section 6 caught it: one 45009 in 100 at 20 per 1 s). The lease bounds what a sender that died in
//! flight leaves behind (one window after its lease), instead of a slot held forever.

use std::time::Duration;

/// The rule one limiter applies to the shared log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Spec {
    /// Slots allowed in a window (at least 1).
    pub max: u32,
    /// The window, in ms.
    pub window_ms: u64,
    /// How long a reserved slot may stay in flight before it counts as stamped, in ms.
    pub lease_ms: u64,
}

impl Spec {
    pub(crate) fn new(max: u32, window: Duration, lease: Duration) -> Spec {
        Spec { max: max.max(1), window_ms: millis(window), lease_ms: millis(lease) }
    }

    /// `frees_at` of a slot reserved at `now` (still in flight).
    pub(crate) fn reserved_until(&self, now: u64) -> u64 {
        now.saturating_add(self.lease_ms).saturating_add(self.window_ms)
    }

    /// `frees_at` of a slot whose answer arrived at `now` (also of the slots a 45009 fills):
    /// one window after it, plus the millisecond `now` may have been cut short by.
    pub(crate) fn stamped_until(&self, now: u64) -> u64 {
        now.saturating_add(self.window_ms).saturating_add(1)
    }

    /// Given the live slots (`frees_at > now`): `None` when one more may be taken, else how
    /// long until one can. An in-flight slot counts at most one window from now: it frees one
    /// window after its answer, which has not come yet, so sleeping this long never oversleeps.
    pub(crate) fn wait(&self, live: u64, earliest: Option<u64>, now: u64) -> Option<Duration> {
        if live < u64::from(self.max) {
            return None;
        }
        let ms = earliest.map_or(self.window_ms, |e| e.saturating_sub(now)).min(self.window_ms);
        Some(Duration::from_millis(ms.max(1)))
    }

    /// How many slots a 45009 adds so that the window is full.
    pub(crate) fn fillers(&self, live: u64) -> u64 {
        u64::from(self.max).saturating_sub(live)
    }
}

/// A row is in the window until its `frees_at` (exclusive).
pub(crate) fn is_live(frees_at: u64, now: u64) -> bool {
    frees_at > now
}

/// What a reservation got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reserve {
    /// A slot, by the id its store gave it.
    Granted(u64),
    /// The window is full: the time until a slot frees.
    Full(Duration),
}

/// A robot's window as a store sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Usage {
    /// Slots in the window (in flight or stamped).
    pub used: u64,
    /// When the next slot leaves the window, `None` when it is empty.
    pub next_free: Option<Duration>,
}

impl Usage {
    pub(crate) fn new(used: u64, earliest: Option<u64>, spec: &Spec, now: u64) -> Usage {
        let next_free = earliest.map(|e| Duration::from_millis(e.saturating_sub(now).min(spec.window_ms)));
        Usage { used, next_free: if used == 0 { None } else { next_free } }
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Spec {
        Spec::new(3, Duration::from_millis(1000), Duration::from_millis(500))
    }

    #[test]
    fn the_bounds_of_a_slot() {
        let s = spec();
        assert_eq!(s.reserved_until(10_000), 11_500);
        // One more ms than the window: `now` is truncated (without it, a release-build client
        // against the loopback mock met 45009 in 3 runs of 5 at 20 per 1 s; bench section 6).
        assert_eq!(s.stamped_until(10_000), 11_001, "a window and the ms `now` may have been cut short by");
        assert_eq!(Spec::new(0, Duration::from_secs(1), Duration::ZERO).max, 1, "a count of 0 means 1");
        assert_eq!(Spec::new(5, Duration::MAX, Duration::ZERO).window_ms, u64::MAX);
        assert_eq!(Spec::new(5, Duration::MAX, Duration::MAX).reserved_until(7), u64::MAX);
        assert_eq!(Spec::new(5, Duration::MAX, Duration::MAX).stamped_until(7), u64::MAX);
    }

    #[test]
    fn a_row_is_live_until_its_frees_at() {
        assert!(is_live(101, 100));
        assert!(!is_live(100, 100));
        assert!(!is_live(99, 100));
    }

    #[test]
    fn wait_is_none_below_the_count_and_the_earliest_free_at_it() {
        let s = spec();
        assert_eq!(s.wait(0, None, 5), None);
        assert_eq!(s.wait(2, Some(900), 5), None);
        assert_eq!(s.wait(3, Some(905), 5), Some(Duration::from_millis(900)));
        assert_eq!(s.wait(4, Some(905), 5), Some(Duration::from_millis(900)));
        // an in-flight slot (frees_at past one window) counts one window
        assert_eq!(s.wait(3, Some(1_400), 5), Some(Duration::from_millis(1000)));
        assert_eq!(s.wait(3, Some(1_005), 5), Some(Duration::from_millis(1000)));
        assert_eq!(s.wait(3, Some(1_004), 5), Some(Duration::from_millis(999)));
        assert_eq!(s.wait(3, None, 5), Some(Duration::from_millis(1000)));
        // never zero: a caller sleeps at least 1 ms
        assert_eq!(s.wait(3, Some(5), 5), Some(Duration::from_millis(1)));
        assert_eq!(s.wait(3, Some(6), 5), Some(Duration::from_millis(1)));
        assert_eq!(s.wait(3, Some(7), 5), Some(Duration::from_millis(2)));
    }

    #[test]
    fn fillers_make_the_window_full() {
        let s = spec();
        assert_eq!(s.fillers(0), 3);
        assert_eq!(s.fillers(2), 1);
        assert_eq!(s.fillers(3), 0);
        assert_eq!(s.fillers(9), 0);
    }

    #[test]
    fn usage_reports_the_next_free_within_one_window() {
        let s = spec();
        assert_eq!(Usage::new(0, None, &s, 5), Usage { used: 0, next_free: None });
        assert_eq!(Usage::new(0, Some(50), &s, 5), Usage { used: 0, next_free: None });
        assert_eq!(Usage::new(2, Some(305), &s, 5), Usage { used: 2, next_free: Some(Duration::from_millis(300)) });
        assert_eq!(Usage::new(1, Some(1_405), &s, 5), Usage { used: 1, next_free: Some(Duration::from_millis(1000)) });
        assert_eq!(Usage::new(1, Some(4), &s, 5), Usage { used: 1, next_free: Some(Duration::ZERO) });
    }
}
