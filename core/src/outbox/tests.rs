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

// ---- Pins from mutation testing (scripts/mutants.sh over core/src/outbox/): each says what a
// survivor changed that a user would see.

use wecom_bot_mock::Fault;

/// An outbox of `key` at `mock` in this process's memory queue, delivering with `config`.
fn memory_outbox(mock: &MockServer, key: &str, per_window: u32, window: Duration, config: OutboxConfig) -> Outbox {
    Outbox::new(client(mock, key, &Store::Memory, per_window, window), config).unwrap()
}

/// Fast backoff and polling, so that a run of retries ends quickly.
fn quick() -> OutboxConfig {
    OutboxConfig {
        poll: Duration::from_millis(10),
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(40),
        ..OutboxConfig::default()
    }
}

#[test]
fn dead_letters_can_be_listed_retried_and_purged() {
    let mock = MockServer::start(MockConfig::new().with_rate_limit(None)).unwrap();
    let key = "OutboxPin-dead";
    let o = memory_outbox(&mock, key, 100, Duration::from_secs(60), quick());
    let before = SystemTime::now();
    let ids: Vec<u64> = (1..=3).map(|i| o.enqueue(&Text::new(format!("m {i}")).into()).unwrap()).collect();
    let after = SystemTime::now();
    // The server refuses the first two for good (93000): dead letters at once, no retry.
    mock.script(key, Fault::Errcode { errcode: 93000, errmsg: None }, 2);
    let report = o.run(&Stop::new(), true).unwrap();
    assert_eq!((report.delivered, report.sent, report.dead, report.retries), (1, 1, 2, 0));
    let dead = o.dead_letters().unwrap();
    assert_eq!(dead.iter().map(|d| d.id).collect::<Vec<_>>(), ids[..2]);
    assert_eq!(dead[0].body, Message::from(Text::new("m 1")).to_json().unwrap());
    assert!(dead[0].error.contains("93000"), "{}", dead[0].error);
    // Stored to the millisecond: within a millisecond of the enqueue.
    for d in &dead {
        assert!(d.enqueued_at + Duration::from_millis(1) >= before && d.enqueued_at <= after, "{d:?}");
    }
    // Retrying one puts it back (it is delivered next), purging the rest deletes them.
    assert_eq!(o.retry_dead(Some(&ids[..1])).unwrap(), 1);
    assert_eq!(o.status().unwrap().dead, 1);
    assert_eq!(o.purge(false).unwrap(), 1);
    let status = o.status().unwrap();
    assert_eq!((status.pending, status.dead), (1, 0));
    assert!(status.oldest.is_some_and(|age| age < Duration::from_secs(60)), "{status:?}");
    assert_eq!(o.run(&Stop::new(), true).unwrap().delivered, 1);
    assert_eq!(contents(&mock, key), ["m 3", "m 1"]);
    // Three new messages, two of them refused: all the dead come back, then everything goes.
    for i in 4..=6 {
        o.enqueue(&Text::new(format!("m {i}")).into()).unwrap();
    }
    mock.script(key, Fault::Errcode { errcode: 93000, errmsg: None }, 2);
    assert_eq!(o.run(&Stop::new(), true).unwrap().dead, 2);
    assert_eq!(o.retry_dead(None).unwrap(), 2);
    o.enqueue(&Text::new("m 7").into()).unwrap();
    assert_eq!(o.purge(true).unwrap(), 3, "every message of the robot");
    assert_eq!(o.status().unwrap().pending, 0);
}

#[test]
fn a_run_counts_what_it_delivered_and_retried() {
    let mock = MockServer::start(MockConfig::new().with_rate_limit(None)).unwrap();
    let key = "OutboxPin-counts";
    // Four free slots, five waiting: packed into one request (each attempt takes a slot).
    let o = memory_outbox(&mock, key, 4, Duration::from_secs(60), quick());
    for i in 1..=5 {
        o.enqueue_from("p", &Text::new(format!("m {i}")).into()).unwrap();
    }
    mock.script(key, Fault::Errcode { errcode: -1, errmsg: None }, 2);
    let report = o.run(&Stop::new(), true).unwrap();
    assert_eq!((report.delivered, report.sent, report.dead, report.retries, report.store_errors), (5, 1, 0, 2, 0));
    assert_eq!(mock.delivered(key).len(), 1);
    let status = o.status().unwrap();
    assert_eq!((status.delivered, status.sent), (5, 1));
}

#[test]
fn messages_that_fit_in_the_window_go_one_by_one_and_more_than_fit_are_packed() {
    let mock = MockServer::start(MockConfig::new().with_rate_limit(None)).unwrap();
    // As many waiting as free slots (3): no packing.
    let key = "OutboxPin-fits";
    let o = memory_outbox(&mock, key, 3, Duration::from_secs(60), quick());
    let ids: Vec<u64> = (1..=3).map(|i| o.enqueue_from("p", &Text::new(format!("a {i}")).into()).unwrap()).collect();
    assert_eq!(o.step().unwrap(), Step::Delivered { ids: ids[..1].to_vec(), bytes: step_bytes("a 1") });
    // One more waiting than free slots: all in one request.
    let key = "OutboxPin-packed";
    let o = memory_outbox(&mock, key, 3, Duration::from_secs(60), quick());
    let ids: Vec<u64> = (1..=4).map(|i| o.enqueue_from("p", &Text::new(format!("b {i}")).into()).unwrap()).collect();
    match o.step().unwrap() {
        Step::Delivered { ids: packed, .. } => assert_eq!(packed, ids),
        other => panic!("{other:?}"),
    }
}

fn step_bytes(content: &str) -> usize {
    Message::from(Text::new(content)).to_json_bytes().unwrap().len()
}

#[test]
fn a_step_waits_for_the_window_and_renews_its_lease_meanwhile() {
    let mock = MockServer::start(MockConfig::new().with_rate_limit(None)).unwrap();
    let key = "OutboxPin-window";
    // One message per 3 s; a lease of 1 s, renewed every third of it while waiting. A wait that
    // slept through its lease would let `other` take over before the window frees.
    let mut config = OutboxConfig { lease: Duration::from_secs(1), ..quick() };
    config.packing.enabled = false; // one message per request
    let holder = memory_outbox(&mock, key, 1, Duration::from_secs(3), config.clone());
    for i in 1..=2 {
        holder.enqueue_from("p", &Text::new(format!("m {i}")).into()).unwrap();
    }
    // A deliverer whose limit would let it send at once: given the lease, it would not wait
    // (a waiting one could lose the lease back before answering, and hide the lapse).
    let other = memory_outbox(&mock, key, 100, Duration::from_secs(3), config);
    assert!(matches!(holder.step().unwrap(), Step::Delivered { .. }));
    // The window is full: the next step waits for it (a plain sleep, not a run's naps).
    let waiting = {
        let holder = holder.clone();
        std::thread::spawn(move || holder.step())
    };
    // All through the wait, well past the lease's length: still the holder's lease. (Asked
    // again and again rather than once, so that a slow start of the waiting thread on a loaded
    // machine cannot move the moment the lease would lapse past the one moment looked at.)
    let mut asked = 0;
    while !waiting.is_finished() {
        assert_eq!(other.step().unwrap(), Step::NotHolder, "asked {asked} times: the waiting holder lost its lease");
        asked += 1;
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(matches!(waiting.join().unwrap().unwrap(), Step::Delivered { .. }));
    assert_eq!(contents(&mock, key), ["m 1", "m 2"]);
}

#[test]
fn a_run_waits_for_the_window_rather_than_ending() {
    let mock = MockServer::start(MockConfig::new().with_rate_limit(None)).unwrap();
    let key = "OutboxPin-run-waits";
    let mut config = quick();
    config.packing.enabled = false; // one message per request
    let o = memory_outbox(&mock, key, 1, Duration::from_millis(700), config);
    for i in 1..=2 {
        o.enqueue(&Text::new(format!("m {i}")).into()).unwrap();
    }
    // The second message waits for the window inside the run (no stop was raised).
    let report = o.run(&Stop::new(), true).unwrap();
    assert_eq!((report.delivered, report.sent), (2, 2));
    assert_eq!(contents(&mock, key), ["m 1", "m 2"]);
}

#[test]
fn a_stopped_run_drains_what_waits_until_its_deadline() {
    let mock = MockServer::start(MockConfig::new().with_rate_limit(None)).unwrap();
    let key = "OutboxPin-drain";
    let o = memory_outbox(&mock, key, 100, Duration::from_secs(60), quick());
    for i in 1..=3 {
        o.enqueue_from("p", &Text::new(format!("m {i}")).into()).unwrap();
    }
    let stop = Stop::new();
    stop.request(Duration::from_secs(30));
    let report = o.run(&stop, false).unwrap();
    assert_eq!(report.delivered, 3, "a stop asks for a drain, not an end");
    assert_eq!(contents(&mock, key), ["m 1", "m 2", "m 3"]);
}

#[test]
fn an_uncertain_outcome_is_retried_once_then_dead_lettered() {
    let mock = MockServer::start(MockConfig::new().with_rate_limit(None)).unwrap();
    let key = "OutboxPin-uncertain";
    let o = memory_outbox(&mock, key, 100, Duration::from_secs(60), quick());
    o.enqueue(&Text::new("maybe").into()).unwrap();
    mock.script(key, Fault::Close { after_processing: false }, 2);
    let report = o.run(&Stop::new(), true).unwrap();
    assert_eq!((report.delivered, report.retries, report.dead), (0, 1, 1));
    assert_eq!(o.status().unwrap().possible_duplicates, 1);
    // With on_uncertain = DeadLetter, the first uncertain outcome is final.
    let key = "OutboxPin-uncertain-dead";
    let config = OutboxConfig { on_uncertain: OnUncertain::DeadLetter, ..quick() };
    let o = memory_outbox(&mock, key, 100, Duration::from_secs(60), config);
    o.enqueue(&Text::new("maybe").into()).unwrap();
    mock.script(key, Fault::Close { after_processing: false }, 1);
    let report = o.run(&Stop::new(), true).unwrap();
    assert_eq!((report.delivered, report.retries, report.dead), (0, 0, 1));
    assert_eq!(o.status().unwrap().possible_duplicates, 0);
}

#[test]
fn a_message_not_sent_is_retried_until_max_age_then_dead_lettered() {
    let mock = MockServer::start(MockConfig::new().with_rate_limit(None)).unwrap();
    let key = "OutboxPin-young";
    let o = memory_outbox(&mock, key, 100, Duration::from_secs(60), quick());
    o.enqueue(&Text::new("young").into()).unwrap();
    mock.script(key, Fault::Errcode { errcode: -1, errmsg: None }, 1);
    assert!(matches!(o.step().unwrap(), Step::Retry { .. }), "younger than max_age: retried");
    assert!(matches!(o.step().unwrap(), Step::Delivered { .. }));
    let key = "OutboxPin-old";
    let config = OutboxConfig { max_age: Duration::from_millis(50), ..quick() };
    let o = memory_outbox(&mock, key, 100, Duration::from_secs(60), config);
    o.enqueue(&Text::new("old").into()).unwrap();
    std::thread::sleep(Duration::from_millis(120));
    mock.script(key, Fault::Errcode { errcode: -1, errmsg: None }, 1);
    match o.step().unwrap() {
        Step::DeadLettered { error, .. } => assert!(error.contains("-1"), "{error}"),
        other => panic!("older than max_age: {other:?}"),
    }
}

#[test]
fn retries_back_off_doubling_up_to_the_maximum() {
    let mock = MockServer::start(MockConfig::new().with_rate_limit(None)).unwrap();
    let key = "OutboxPin-backoff";
    let config = OutboxConfig {
        initial_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_millis(400),
        ..quick()
    };
    let o = memory_outbox(&mock, key, 100, Duration::from_secs(60), config);
    o.enqueue(&Text::new("busy").into()).unwrap();
    mock.script(key, Fault::Errcode { errcode: -1, errmsg: None }, 4);
    let started = Instant::now();
    assert_eq!(o.run(&Stop::new(), true).unwrap().retries, 4);
    // A lower bound (sleeps never end early), not a speed claim: 100 + 200 + 400 + 400 ms.
    assert!(started.elapsed() >= Duration::from_millis(1100), "{:?}", started.elapsed());
}

#[test]
fn an_outbox_shows_its_store_and_never_its_key() {
    let mock = MockServer::start(MockConfig::new().with_rate_limit(None)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::Sqlite(dir.path().join("state.sqlite3"));
    let key = "OutboxPin-shown-0123456789abcdef";
    let o = Outbox::new(client(&mock, key, &store, 20, Duration::from_secs(60)), OutboxConfig::default()).unwrap();
    assert_eq!(o.store_url(), store.display_url());
    assert_eq!(o.status().unwrap().store, store.display_url());
    let debug = format!("{o:?}");
    assert!(debug.starts_with("Outbox") && debug.contains(&store.display_url()), "{debug}");
    assert!(!debug.contains(key), "{debug}");
}

#[test]
fn log_lines_count_messages_in_words() {
    assert_eq!(plural(1), "1 message");
    assert_eq!(plural(3), "3 messages");
}

/// Polls `done` every 10 ms for up to `limit`; whether it came true. A bound on waiting for
/// something that takes milliseconds, so that a broken run fails instead of hanging.
fn within(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let until = Instant::now() + limit;
    while Instant::now() < until {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    done()
}

/// `outbox.run` on a thread of its own, stopped (without a drain) after `for_`.
fn run_for(outbox: &Outbox, until_empty: bool, for_: Duration) -> RunReport {
    let stop = Arc::new(Stop::new());
    let run = {
        let (outbox, stop) = (outbox.clone(), Arc::clone(&stop));
        std::thread::spawn(move || outbox.run(&stop, until_empty))
    };
    std::thread::sleep(for_);
    stop.request(Duration::ZERO);
    run.join().unwrap().unwrap()
}

#[test]
fn a_started_deliverer_delivers_what_is_enqueued_later_and_reports_it_when_stopped() {
    let mock = MockServer::start(MockConfig::new().with_rate_limit(None)).unwrap();
    let key = "OutboxPin-started";
    let o = memory_outbox(&mock, key, 100, Duration::from_secs(60), quick());
    let deliverer = o.start();
    // Idle for a while first: an idle deliverer keeps polling (it stops only when asked).
    std::thread::sleep(Duration::from_millis(100));
    for i in 1..=2 {
        o.enqueue_from("p", &Text::new(format!("m {i}")).into()).unwrap();
    }
    assert!(within(Duration::from_secs(10), || mock.delivered(key).len() == 2), "{:?}", contents(&mock, key));
    let report = deliverer.stop(Duration::from_secs(5)).unwrap();
    assert_eq!((report.delivered, report.sent), (2, 2));
}

#[test]
fn a_dropped_deliverer_stops_and_lets_the_lease_go() {
    let mock = MockServer::start(MockConfig::new().with_rate_limit(None)).unwrap();
    let key = "OutboxPin-dropped";
    let config = OutboxConfig { lease: Duration::from_secs(60), ..quick() };
    let o = memory_outbox(&mock, key, 100, Duration::from_secs(60), config.clone());
    let deliverer = o.start();
    // Once it delivered, the deliverer holds the lease.
    o.enqueue(&Text::new("m").into()).unwrap();
    assert!(within(Duration::from_secs(10), || mock.delivered(key).len() == 1));
    let other = memory_outbox(&mock, key, 100, Duration::from_secs(60), config);
    assert_eq!(other.step().unwrap(), Step::NotHolder);
    drop(deliverer);
    // The lease (60 s) is given up by the run's end, not run out.
    assert!(within(Duration::from_secs(10), || other.step().unwrap() == Step::Idle), "the lease was not let go");
}

#[test]
fn a_deliverer_that_is_not_the_holder_takes_over_soon_after_the_lease_runs_out() {
    let mock = MockServer::start(MockConfig::new().with_rate_limit(None)).unwrap();
    let key = "OutboxPin-takeover";
    // It looks again every tenth of the lease (60 ms) while another holds it.
    let config = OutboxConfig { lease: Duration::from_millis(600), ..quick() };
    let dead = memory_outbox(&mock, key, 100, Duration::from_secs(60), config.clone());
    dead.enqueue_from("p", &Text::new("m 1").into()).unwrap();
    dead.enqueue_from("p", &Text::new("m 2").into()).unwrap();
    assert!(matches!(dead.step().unwrap(), Step::Delivered { .. })); // then it "dies" holding the lease
    let taker = memory_outbox(&mock, key, 100, Duration::from_secs(60), config);
    // Well past the lease (600 ms) and ten of its looks; a run that looked only every 6 s
    // would still be asleep.
    let report = run_for(&taker, true, Duration::from_millis(2500));
    assert_eq!(report.delivered, 1, "the taker-over delivered what was left");
}

#[test]
fn a_run_whose_store_fails_counts_it_and_backs_off_doubling() {
    let mock = MockServer::start(MockConfig::new().with_rate_limit(None)).unwrap();
    let store = Store::Sqlite("/proc/wecom-bot-cannot-write-here/state.sqlite3".into());
    let config = OutboxConfig {
        initial_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_millis(400),
        ..quick()
    };
    let o = Outbox::new(client(&mock, "OutboxPin-storefail", &store, 100, Duration::from_secs(60)), config).unwrap();
    let report = run_for(&o, false, Duration::from_millis(1000));
    // Tries at 0, 100, 300, 700 ms (then every 400 ms): at most 4 in the second, and at least
    // one; a backoff that shrank instead would try hundreds of times.
    assert!((1..=5).contains(&report.store_errors), "{report:?}");
    assert_eq!(report.delivered, 0);
}
