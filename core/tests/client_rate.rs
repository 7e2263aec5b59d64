//! The client-side rate limiter against the mock's own limit, over real sockets: with both
//! windows scaled down to 1 s, many messages go through with zero 45009 answers, each
//! delivered exactly once and in order, also when two clients of one key share the limiter.

mod client_support;

use std::time::{Duration, Instant};

use client_support::*;
use wecom_bot::{Client, ErrorKind, MediaKind, RateLimit, RatePolicy};
use wecom_bot_mock::{MockConfig, MockServer, Record};

const WINDOW: Duration = Duration::from_secs(1);

fn limited_mock() -> MockServer {
    MockServer::start(MockConfig::new().with_rate_limit(Some((20, WINDOW)))).expect("the mock starts")
}

fn waiting_client(mock: &MockServer, key: &str) -> Client {
    client_with(mock, key, |c| {
        c.rate_limit = Some(RateLimit {
            max_messages: 20,
            window: WINDOW,
            policy: RatePolicy::Wait { max_wait: Duration::from_secs(10) },
        });
    })
}

fn contents(records: &[Record]) -> Vec<String> {
    records.iter().map(|r| r.body_json().unwrap()["text"]["content"].as_str().unwrap().to_owned()).collect()
}

fn assert_no_45009(mock: &MockServer, key: &str) {
    let answered: Vec<_> = mock.records(key).iter().filter_map(|r| r.reply.errcode()).filter(|c| *c != 0).collect();
    assert!(answered.is_empty(), "the server refused some requests: {answered:?}");
}

#[test]
fn sixty_messages_through_a_one_second_window_all_delivered_in_order() {
    let mock = limited_mock();
    let key = &canary("rate-sixty");
    let bot = waiting_client(&mock, key);
    let expected: Vec<String> = (1..=60).map(|i| format!("message {i}")).collect();
    for text in &expected {
        bot.send_text(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    }
    assert_no_45009(&mock, key);
    assert_eq!(mock.records(key).len(), 60, "one request per message: nothing was retried");
    assert_eq!(contents(&mock.delivered(key)), expected, "every message exactly once, in order");
}

#[test]
fn two_clients_of_one_key_share_the_limiter() {
    let mock = limited_mock();
    let key = &canary("rate-shared");
    let threads: Vec<_> = (0..2)
        .map(|t| {
            // A client of its own per thread: the limiter is per key, not per client.
            let bot = waiting_client(&mock, key);
            std::thread::spawn(move || {
                for i in 0..30 {
                    bot.send_text(&format!("thread {t} message {i}"))
                        .unwrap_or_else(|e| panic!("thread {t} message {i}: {e}"));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("sender thread");
    }
    assert_no_45009(&mock, key);
    assert_eq!(mock.records(key).len(), 60);
    let delivered = contents(&mock.delivered(key));
    assert_eq!(delivered.len(), 60);
    for t in 0..2 {
        let mine: Vec<_> = delivered.iter().filter(|c| c.starts_with(&format!("thread {t} "))).cloned().collect();
        let expected: Vec<_> = (0..30).map(|i| format!("thread {t} message {i}")).collect();
        assert_eq!(mine, expected, "thread {t}: every message once, in its order");
    }
}

#[test]
fn fail_fast_refuses_the_21st_message_at_once() {
    let mock = mock();
    let key = &canary("rate-fail-fast");
    let bot = client_with(&mock, key, |c| {
        c.rate_limit =
            Some(RateLimit { max_messages: 20, window: Duration::from_secs(60), policy: RatePolicy::FailFast });
    });
    for i in 0..20 {
        bot.send_text(&format!("{i}")).unwrap();
    }
    let started = Instant::now();
    let e = bot.send_text("the 21st").unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5), "fail-fast does not wait");
    assert_eq!(e.kind(), ErrorKind::RateLimited);
    assert_eq!(e.errcode(), None, "refused locally, not by the server");
    let after = e.retry_after().expect("a retry-after estimate");
    assert!(after > Duration::ZERO && after <= Duration::from_secs(60), "{after:?}");
    assert_eq!(mock.records(key).len(), 20, "the 21st never reached the server");
    // A clone shares the window.
    assert_eq!(bot.clone().send_text("clone").unwrap_err().kind(), ErrorKind::RateLimited);
    // Uploads are not messages: the server does not count them, nor does the limiter.
    bot.upload_bytes(MediaKind::File, b"not a message", "a.txt").unwrap();
    assert_eq!(mock.records(key).len(), 21);
}

#[test]
fn waiting_longer_than_max_wait_is_refused() {
    let mock = mock();
    let key = &canary("rate-max-wait");
    let bot = client_with(&mock, key, |c| {
        c.rate_limit = Some(RateLimit {
            max_messages: 3,
            window: Duration::from_secs(60),
            policy: RatePolicy::Wait { max_wait: Duration::from_millis(100) },
        });
    });
    for i in 0..3 {
        bot.send_text(&format!("{i}")).unwrap();
    }
    let e = bot.send_text("too many").unwrap_err();
    assert_eq!((e.kind(), e.errcode()), (ErrorKind::RateLimited, None));
    assert!(e.retry_after().unwrap() > Duration::from_millis(100));
    assert_eq!(mock.records(key).len(), 3);
}

#[test]
fn a_server_45009_fills_the_shared_window() {
    // Another process used the key: the server refuses although our count is low. The
    // window of the key is then full for every client of it in this process.
    let mock = mock();
    let key = &canary("rate-server-full");
    let limit = RateLimit {
        max_messages: 5,
        window: Duration::from_millis(300),
        policy: RatePolicy::Wait { max_wait: Duration::from_secs(5) },
    };
    let waiting = client_with(&mock, key, |c| c.rate_limit = Some(limit));
    let failing = client_with(&mock, key, |c| {
        c.rate_limit = Some(RateLimit { policy: RatePolicy::FailFast, ..limit });
    });
    mock.script(key, wecom_bot_mock::Fault::Errcode { errcode: 45009, errmsg: None }, 1);
    // Fail-fast gives the server's refusal back at once, with its estimate.
    let e = failing.send_text("refused by the server").unwrap_err();
    assert_eq!((e.kind(), e.errcode()), (ErrorKind::RateLimited, Some(45009)));
    assert!(e.retry_after().unwrap() > Duration::ZERO);
    // The window is now full: the next fail-fast send is refused locally.
    let e = failing.send_text("refused locally").unwrap_err();
    assert_eq!((e.kind(), e.errcode()), (ErrorKind::RateLimited, None));
    assert_eq!(mock.records(key).len(), 1);
    // A waiting client of the key waits the window out, then delivers.
    waiting.send_text("after the window").unwrap();
    let records = mock.records(key);
    assert_eq!(records.iter().map(|r| r.reply.errcode()).collect::<Vec<_>>(), [Some(45009), Some(0)]);
}
