//! Long waits are announced: a log line under `wecom_bot::wait` saying why and for how long,
//! for the client-side rate limit and for a server 45009 (once, not once per wake-up), and
//! none for waits of 2 s or less.

mod client_support;

use std::sync::Mutex;
use std::time::Duration;

use client_support::*;
use wecom_bot::{RateLimit, RatePolicy};

/// Collects the `wecom_bot::wait` lines of this test binary.
struct Collect(Mutex<Vec<String>>);

impl log::Log for Collect {
    fn enabled(&self, m: &log::Metadata<'_>) -> bool {
        m.target() == wecom_bot::wait::TARGET
    }
    fn log(&self, r: &log::Record<'_>) {
        if self.enabled(r.metadata()) {
            assert_eq!(r.level(), log::Level::Info);
            self.0.lock().unwrap().push(r.args().to_string());
        }
    }
    fn flush(&self) {}
}

static LINES: Collect = Collect(Mutex::new(Vec::new()));

fn lines_since(start: usize) -> Vec<String> {
    LINES.0.lock().unwrap()[start..].to_vec()
}

/// One test in this binary: the log lines are process-wide.
#[test]
fn long_waits_are_announced_once_with_their_reason() {
    log::set_logger(&LINES).unwrap();
    log::set_max_level(log::LevelFilter::Trace);
    let mock = mock();

    // The client-side limit: one message per 3 s, the second waits ~3 s.
    let limit = RateLimit {
        max_messages: 1,
        window: Duration::from_secs(3),
        policy: RatePolicy::Wait { max_wait: Duration::from_secs(10) },
    };
    let bot = client_with(&mock, "waits-limit", |c| c.rate_limit = Some(limit));
    let start = LINES.0.lock().unwrap().len();
    bot.send_text("one").unwrap();
    bot.send_text("two").unwrap();
    let lines = lines_since(start);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("waiting 3 s: the rate limit of 1 messages per 3 s"), "{lines:?}");

    // A short window (1 s) waits in silence.
    let quick = RateLimit { max_messages: 1, window: Duration::from_secs(1), ..limit };
    let bot = client_with(&mock, "waits-quick", |c| c.rate_limit = Some(quick));
    let start = LINES.0.lock().unwrap().len();
    bot.send_text("one").unwrap();
    bot.send_text("two").unwrap();
    assert_eq!(lines_since(start), Vec::<String>::new());

    // The server says 45009: the window (3 s) is full from then on; one line says why.
    let roomy = RateLimit { max_messages: 20, ..limit };
    let bot = client_with(&mock, "waits-45009", |c| c.rate_limit = Some(roomy));
    mock.script("waits-45009", wecom_bot_mock::Fault::Errcode { errcode: 45009, errmsg: None }, 1);
    let start = LINES.0.lock().unwrap().len();
    bot.send_text("after a 45009").unwrap();
    let lines = lines_since(start);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("waiting 3 s: the server answered 45009"), "{lines:?}");
    assert_eq!(mock.delivered("waits-45009").len(), 1);
}
