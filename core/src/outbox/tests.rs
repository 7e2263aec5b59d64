//! The deliverer's behaviour over each durable store: a SQLite file of the test's own, and the
//! Redis of `WECOM_BOT_TEST_REDIS` (scripts/test-outbox.sh starts one and runs these with it;
//! without it, the Redis half says so and is left out). Real sockets to the mock; sleeps where
//! a lease must run out, but no assertion about how long anything took.

use super::*;
use crate::{ClientConfig, ProxyConfig, RateLimit, RatePolicy, RetryPolicy, Text, Webhook};
use wecom_bot_mock::{MockConfig, MockServer};

/// Runs `body(store, key)` over each store, with a key of its own per store and run.
fn each_store(test: &str, body: impl Fn(Store, &str)) {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
    let key = |store: &str| format!("OutboxTest-{test}-{store}-{}-{nanos}", std::process::id());
    // Removed when dropped, also when `body` panics (as a failing test or a mutant does).
    let dir = tempfile::Builder::new().prefix(&format!("wecom-bot-outbox-{test}-")).tempdir().unwrap();
    body(Store::Sqlite(dir.path().join("state.sqlite3")), &key("sqlite"));
    match std::env::var("WECOM_BOT_TEST_REDIS") {
        Ok(url) => body(Store::Redis(url), &key("redis")),
        Err(_) => eprintln!("WECOM_BOT_TEST_REDIS is not set: {test} ran over SQLite only"),
    }
}

/// A client of `key` at `mock`, sending at most `per_window` messages per `window`.
fn client(mock: &MockServer, key: &str, store: &Store, per_window: u32, window: Duration) -> Client {
    let config = ClientConfig {
        base_url: Some(mock.base_url()),
        proxy: ProxyConfig::None,
        timeout: Duration::from_secs(5),
        retry: RetryPolicy::none(),
        rate_limit: Some(RateLimit {
            max_messages: per_window,
            window,
            policy: RatePolicy::Wait { max_wait: Duration::from_secs(30) },
        }),
        store: store.clone(),
        on_store_error: crate::store::OnStoreError::Fail,
        ..ClientConfig::default()
    };
    Client::with_config(Webhook::from_key(key).unwrap(), config).unwrap()
}

fn outbox(client: Client, lease: Duration) -> Outbox {
    let config = OutboxConfig { lease, poll: Duration::from_millis(20), ..OutboxConfig::default() };
    Outbox::new(client, config).unwrap()
}

fn contents(mock: &MockServer, key: &str) -> Vec<String> {
    mock.delivered(key).iter().map(|r| r.body_json().unwrap()["text"]["content"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn a_taker_over_delivers_the_dead_holders_unacknowledged_messages_first() {
    each_store("takeover", |store, key| {
        let mock = MockServer::start(MockConfig::new().with_rate_limit(None)).unwrap();
        let lease = Duration::from_millis(600);
        let first = outbox(client(&mock, key, &store, 100, Duration::from_secs(1)), lease);
        for i in 1..=3 {
            first.enqueue_from("p1", &Text::new(format!("old {i}")).into()).unwrap();
        }
        // The first deliverer delivers one message, then dies holding the lease.
        assert!(matches!(first.step().unwrap(), Step::Delivered { .. }));
        let second = outbox(client(&mock, key, &store, 100, Duration::from_secs(1)), lease);
        for i in 1..=2 {
            second.enqueue_from("p2", &Text::new(format!("new {i}")).into()).unwrap();
        }
        assert_eq!(second.step().unwrap(), Step::NotHolder, "the dead holder's lease still runs");
        std::thread::sleep(lease + Duration::from_millis(100));
        let report = second.run(&Stop::new(), true).unwrap();
        assert_eq!((report.delivered, report.dead), (4, 0));
        assert_eq!(contents(&mock, key), ["old 1", "old 2", "old 3", "new 1", "new 2"]);
        let status = second.status().unwrap();
        assert_eq!((status.pending, status.delivered), (0, 5));
    });
}

#[test]
fn a_deliverer_that_lost_its_lease_while_waiting_for_the_window_sends_nothing() {
    each_store("lostlease", |store, key| {
        let mock = MockServer::start(MockConfig::new().with_rate_limit(None)).unwrap();
        // The holder renews its lease every second while it waits for the 3 s window.
        let window = Duration::from_secs(3);
        let lease = Duration::from_secs(3);
        let mut config = OutboxConfig { lease, ..OutboxConfig::default() };
        config.packing.enabled = false; // one message per step
        let holder = Outbox::new(client(&mock, key, &store, 1, window), config).unwrap();
        for i in 1..=2 {
            holder.enqueue_from("p", &Text::new(format!("m {i}")).into()).unwrap();
        }
        assert!(matches!(holder.step().unwrap(), Step::Delivered { .. }));
        // The window is full now: the holder waits for it, renewing its lease. Meanwhile its
        // lease is lost (as after a pause longer than the lease) and another takes it.
        let waiting = {
            let holder = holder.clone();
            std::thread::spawn(move || holder.step())
        };
        std::thread::sleep(Duration::from_millis(100));
        let inner = &holder.0;
        inner.queue.lease(&inner.robot, &inner.holder, 1).unwrap();
        std::thread::sleep(Duration::from_millis(10));
        assert!(inner.queue.lease(&inner.robot, "the-other-deliverer", 60_000).unwrap());
        assert_eq!(waiting.join().unwrap().unwrap(), Step::NotHolder);
        assert_eq!(contents(&mock, key), ["m 1"], "the holder that lost its lease sent nothing more");
        assert_eq!(holder.status().unwrap().pending, 1);
        inner.queue.release(&inner.robot, "the-other-deliverer").unwrap();
    });
}

#[test]
fn an_unusable_store_fails_the_enqueue_with_the_store_kind() {
    let mock = MockServer::start(MockConfig::new().with_rate_limit(None)).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let stores = [
        Store::Sqlite("/proc/wecom-bot-cannot-write-here/state.sqlite3".into()),
        Store::Redis(format!("redis://app:hunter2pw@127.0.0.1:{port}/0")),
    ];
    for store in stores {
        let o = outbox(client(&mock, "OutboxTest-down", &store, 20, Duration::from_secs(60)), Duration::from_secs(1));
        let e = o.enqueue(&Text::new("nowhere to keep it").into()).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Store, "{store}: {e}");
        assert!(!e.to_string().contains("hunter2pw"), "{e}");
        assert_eq!(o.status().unwrap_err().kind(), crate::ErrorKind::Store);
    }
}

#[test]
fn ranges_are_compact() {
    assert_eq!(ranges(&[3, 1, 2, 7, 9, 10]), "1-3,7,9-10");
    assert_eq!(ranges(&[5]), "5");
}

#[test]
fn on_taking_the_lease_what_waits_then_goes_before_anything_newer() {
    let mock = MockServer::start(MockConfig::new().with_rate_limit(None)).unwrap();
    let o = outbox(
        client(&mock, "OutboxTest-backlog", &Store::Memory, 20, Duration::from_secs(60)),
        Duration::from_secs(1),
    );
    let row = |id: u64| queue::Row {
        id,
        producer: "p".into(),
        body: "{}".into(),
        enqueued_at: 0,
        uncertain: 0,
        last_error: None,
    };
    let after = |ids: &[u64]| {
        let mut rows: Vec<_> = ids.iter().copied().map(row).collect();
        o.backlog_first(&mut rows);
        rows.iter().map(|r| r.id).collect::<Vec<_>>()
    };
    assert_eq!(after(&[1, 2]), [1, 2], "the backlog found on taking the lease");
    assert_eq!(after(&[2, 3, 4]), [2], "newer ones wait for the backlog");
    assert_eq!(after(&[3, 4]), [3, 4], "the backlog delivered: everything");
    o.let_go();
    assert_eq!(after(&[5, 6]), [5, 6], "a new lease, a new backlog");
    assert_eq!(after(&[5, 6, 7]), [5, 6]);
}

#[test]
fn a_stop_past_its_deadline_ends_a_wait_for_the_window_and_sends_nothing() {
    let mock = MockServer::start(MockConfig::new().with_rate_limit(None)).unwrap();
    let o = outbox(
        client(&mock, "OutboxTest-stopwait", &Store::Memory, 1, Duration::from_secs(60)),
        Duration::from_secs(30),
    );
    let key = "OutboxTest-stopwait";
    o.enqueue(&Text::new("first").into()).unwrap();
    o.enqueue(&crate::Markdown::new("second").into()).unwrap();
    let stop = Stop::new();
    assert!(matches!(o.step_until(&stop).unwrap(), Some(Step::Delivered { .. })));
    // The window is full for a minute: a drain of 200 ms gives the wait up.
    stop.request(Duration::from_millis(200));
    assert_eq!(o.step_until(&stop).unwrap(), None);
    assert_eq!(mock.delivered(key).len(), 1);
    assert_eq!(o.status().unwrap().pending, 1);
}
