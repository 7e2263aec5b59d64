//! Shared helpers of the client integration tests (`core/tests/client_*.rs`): a mock server
//! over real sockets and clients pointed at it with short, test-sized settings.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use wecom_bot::{Client, ClientConfig, ProxyConfig, RetryPolicy, Webhook};
use wecom_bot_mock::{MockConfig, MockServer, Record};

/// The version the client must announce in its User-Agent.
pub const USER_AGENT: &str = concat!("wecom-bot/", env!("CARGO_PKG_VERSION"));

/// `tests/fixtures/<name>` of the repository.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name)
}

/// A mock with its rate limit off (tests that need it turn it on themselves).
pub fn mock() -> MockServer {
    MockServer::start(MockConfig::new().with_rate_limit(None)).expect("the mock server starts")
}

/// Quick retries (3 attempts, 10 ms backoff doubling up to 50 ms).
pub fn quick_retry() -> RetryPolicy {
    RetryPolicy { max_attempts: 3, initial_backoff: Duration::from_millis(10), max_backoff: Duration::from_millis(50) }
}

/// A configuration pointed at `mock`: no proxy whatever the environment says, short timeouts,
/// quick retries, no client-side rate limit.
pub fn config(mock: &MockServer) -> ClientConfig {
    ClientConfig {
        base_url: Some(mock.base_url()),
        proxy: ProxyConfig::None,
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(5),
        upload_timeout: Duration::from_secs(10),
        retry: quick_retry(),
        rate_limit: None,
        ..ClientConfig::default()
    }
}

/// A client for `key` with [`config`].
pub fn client(mock: &MockServer, key: &str) -> Client {
    client_with(mock, key, |_| {})
}

/// A client for `key` with [`config`] changed by `change`.
pub fn client_with(mock: &MockServer, key: &str, change: impl FnOnce(&mut ClientConfig)) -> Client {
    let mut cfg = config(mock);
    change(&mut cfg);
    Client::with_config(Webhook::from_key(key).expect("a valid key"), cfg).expect("a valid configuration")
}

/// The only record of `key`, failing the test if there is not exactly one.
pub fn only_record(mock: &MockServer, key: &str) -> Record {
    let mut records = mock.records(key);
    assert_eq!(records.len(), 1, "expected exactly one request for the key, got {}", records.len());
    records.remove(0)
}

/// Waits (bounded by `limit`, a safety rail, not an assertion on time) until `key` has at
/// least `n` records; returns them.
pub fn wait_for_records(mock: &MockServer, key: &str, n: usize, limit: Duration) -> Vec<Record> {
    let start = Instant::now();
    loop {
        let records = mock.records(key);
        if records.len() >= n || start.elapsed() > limit {
            return records;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A local port with nothing listening on it (bound, then released).
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let port = listener.local_addr().expect("local addr").port();
    drop(listener);
    port
}

pub mod proxy;

/// The test key for `name`: a canary (tests/canary/README.md), which the scan at the end of
/// scripts/test.sh finds anywhere the run wrote it.
pub fn canary(name: &str) -> String {
    format!("{name}-k3yc4n4ry-5aaa")
}
