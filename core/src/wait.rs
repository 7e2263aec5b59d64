//! Long waits are announced, never silent: whenever the client is about to wait more than
//! [`ANNOUNCE_AFTER`] (the rate limit's window, a 45009, a retry's back-off) it writes one log
//! line at `info` level under the target [`TARGET`], saying why and for how long. The CLI prints
//! these lines on standard error (not with `--quiet`); the C library hands them to the
//! `wecom_set_log_callback` callback; any Rust program sees them through its `log` logger.

use std::cell::Cell;
use std::fmt;
use std::time::{Duration, Instant};

/// The log target of the announcements (`wecom_bot::wait`).
pub const TARGET: &str = "wecom_bot::wait";

/// Waits up to this long pass without a word.
pub const ANNOUNCE_AFTER: Duration = Duration::from_secs(2);

/// Why the client waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The client-side limit (`max` messages per `window`) is reached for this robot.
    RateLimit {
        /// Messages allowed per window.
        max: u32,
        /// The window.
        window: Duration,
    },
    /// The server answered errcode 45009 (too many messages for this robot).
    ServerRateLimited,
    /// A retry after a failure that cannot have delivered the message (connect failure,
    /// errcode -1).
    Retry {
        /// The attempt about to be made (2 = the first retry).
        attempt: u32,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::RateLimit { max, window } => {
                write!(f, "the rate limit of {max} messages per {} s for this robot is reached", window.as_secs())
            }
            Reason::ServerRateLimited => {
                f.write_str("the server answered 45009 (too many messages for this robot); the message was not sent")
            }
            Reason::Retry { attempt } => write!(f, "retrying (attempt {attempt}) after a failure that sent nothing"),
        }
    }
}

thread_local! {
    /// The end of the wait this thread last announced: a wait inside it (the rate window that
    /// a 45009 just filled) is not announced twice.
    static ANNOUNCED_UNTIL: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Announces a wait of `wait` for `reason` if it is long (see the module's docs); returns
/// whether it did.
pub(crate) fn announce(reason: Reason, wait: Duration) -> bool {
    if wait <= ANNOUNCE_AFTER {
        return false;
    }
    let now = Instant::now();
    let until = now + wait;
    let covered = ANNOUNCED_UNTIL.with(|a| a.get().is_some_and(|prev| until <= prev + Duration::from_secs(1)));
    if covered {
        return false;
    }
    ANNOUNCED_UNTIL.with(|a| a.set(Some(until)));
    log::info!(target: TARGET, "waiting {:.0} s: {reason}", wait.as_secs_f64().ceil());
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_waits_pass_in_silence_and_a_wait_is_announced_once() {
        assert!(!announce(Reason::Retry { attempt: 2 }, Duration::from_millis(1500)));
        assert!(announce(Reason::ServerRateLimited, Duration::from_secs(50)));
        // the window the 45009 filled: the same wait, seen from the limiter
        let limit = Reason::RateLimit { max: 20, window: Duration::from_secs(60) };
        assert!(!announce(limit, Duration::from_secs(49)));
        assert!(announce(Reason::Retry { attempt: 3 }, Duration::from_secs(120)));
    }

    #[test]
    fn reasons_say_why() {
        let limit = Reason::RateLimit { max: 20, window: Duration::from_secs(60) };
        assert_eq!(limit.to_string(), "the rate limit of 20 messages per 60 s for this robot is reached");
        assert!(Reason::ServerRateLimited.to_string().contains("45009"));
    }
}
