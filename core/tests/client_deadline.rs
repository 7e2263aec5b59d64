//! `ClientConfig::max_total`: one call's attempts, backoffs and rate-limit waits all end by
//! it. Before it, a server answering 45009 forever held a send with the default policy for
//! two whole rate windows (120 s), whatever the request timeout. These tests count the
//! requests the server saw (a wait that would overrun the deadline is never started), not time.

mod client_support;

use std::time::Duration;

use client_support::*;
use wecom_bot::{ErrorKind, RateLimit, RatePolicy, RetryPolicy};
use wecom_bot_mock::Fault;

fn limiter(window: Duration) -> Option<RateLimit> {
    Some(RateLimit { max_messages: 20, window, policy: RatePolicy::Wait { max_wait: Duration::from_secs(65) } })
}

#[test]
fn a_45009_wait_past_the_deadline_is_not_started() {
    let mock = mock();
    let key = &canary("deadline-45009");
    mock.script(key, Fault::Errcode { errcode: 45009, errmsg: None }, 100);
    let bot = client_with(&mock, key, |c| {
        c.rate_limit = limiter(Duration::from_secs(30));
        c.timeout = Duration::from_secs(1);
        c.max_total = Duration::from_secs(1);
    });
    let e = bot.send_text("rate limited forever").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimited, "{e}");
    assert!(e.retry_after().is_some_and(|d| d > Duration::from_secs(1)), "{e:?}");
    assert_eq!(mock.records(key).len(), 1, "no second attempt after a wait past the deadline");
}

#[test]
fn the_limiter_waits_only_as_long_as_the_deadline_allows() {
    let mock = mock();
    let key = &canary("deadline-window");
    let bot = client_with(&mock, key, |c| {
        c.rate_limit = Some(RateLimit {
            max_messages: 1,
            window: Duration::from_secs(60),
            policy: RatePolicy::Wait { max_wait: Duration::from_secs(65) },
        });
        c.timeout = Duration::from_secs(1);
        c.max_total = Duration::from_secs(1);
    });
    bot.send_text("first").unwrap();
    let e = bot.send_text("second").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimited, "{e}");
    assert_eq!(mock.records(key).len(), 1, "the second message never went out");
}

#[test]
fn a_backoff_past_the_deadline_is_not_started() {
    let mock = mock();
    let key = &canary("deadline-busy");
    mock.script(key, Fault::Errcode { errcode: -1, errmsg: None }, 100);
    let bot = client_with(&mock, key, |c| {
        c.retry = RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(20),
            max_backoff: Duration::from_secs(20),
        };
        c.timeout = Duration::from_secs(1);
        c.max_total = Duration::from_secs(1);
    });
    let e = bot.send_text("busy forever").unwrap_err();
    assert_eq!((e.kind(), e.errcode()), (ErrorKind::Api, Some(-1)), "{e}");
    assert_eq!(mock.records(key).len(), 1);
}

#[test]
fn within_the_deadline_the_waits_still_happen() {
    let mock = mock();
    let key = &canary("deadline-ok");
    mock.script(key, Fault::Errcode { errcode: 45009, errmsg: None }, 1);
    let bot = client_with(&mock, key, |c| {
        c.rate_limit = limiter(Duration::from_millis(300));
        c.max_total = Duration::from_secs(30);
    });
    bot.send_text("after one wait").unwrap();
    assert_eq!(mock.records(key).len(), 2);
    assert_eq!(mock.delivered(key).len(), 1);
}

#[test]
fn the_default_is_documented_and_bounds_the_default_policy() {
    let config = wecom_bot::ClientConfig::default();
    assert_eq!(config.max_total, wecom_bot::DEFAULT_MAX_TOTAL);
    assert_eq!(config.max_total, Duration::from_secs(90));
    // The default policy's longest wait is one window plus a margin: one such wait and one
    // request fit; a second window (the old 120 s) does not.
    let RatePolicy::Wait { max_wait } = RateLimit::default().policy else { panic!("default policy waits") };
    assert!(config.max_total < max_wait * 2);
    assert!(config.max_total >= RateLimit::default().window + config.timeout);
}
