//! The rate window of every store, pinned through the public API (a client, the real mock over
//! real sockets, `Client::quota_status`) where mutation testing of the stores' window code
//! (scripts/mutants-store.sh) asked for it: the same behaviour from `memory`, `sqlite:` and, when
//! `WECOM_BOT_TEST_REDIS` names a server (scripts/test-stores.sh, scripts/mutants-store.sh),
//! `redis://`. Windows are scaled to 2 messages per second. Each test says which rule it holds.

mod client_support;

mod window_pins {
    use super::client_support::*;
    use std::time::Duration;
    use wecom_bot::{Client, ErrorKind, OnStoreError, RateLimit, RatePolicy, Store};
    use wecom_bot_mock::Fault;

    const WINDOW: Duration = Duration::from_secs(1);

    /// The stores under test: memory, a fresh SQLite file (in the returned directory, removed
    /// when dropped), and Redis when the environment names one.
    fn stores() -> (tempfile::TempDir, Vec<Store>) {
        let dir = tempfile::tempdir().unwrap();
        let mut stores = vec![Store::Memory, Store::Sqlite(dir.path().join("window.sqlite3"))];
        match std::env::var("WECOM_BOT_TEST_REDIS") {
            Ok(url) => stores.push(Store::parse(&url).unwrap()),
            Err(_) => {
                eprintln!("WECOM_BOT_TEST_REDIS is not set: the Redis store's pins run in scripts/test-stores.sh")
            }
        }
        (dir, stores)
    }

    /// A distinct key per store and test (windows are per robot, and a Redis outlives the test).
    fn key(test: &str, store: &Store) -> String {
        let kind = match store {
            Store::Memory => "memory",
            Store::Sqlite(_) => "sqlite",
            _ => "redis",
        };
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        format!("window-pin-{test}-{kind}-{nanos}")
    }

    /// 2 messages per second in `store` (a failure of the store fails the call), failing fast
    /// when the window is full, one attempt per send.
    fn bot(mock: &wecom_bot_mock::MockServer, key: &str, store: &Store) -> Client {
        client_with(mock, key, |c| {
            c.rate_limit = Some(RateLimit { max_messages: 2, window: WINDOW, policy: RatePolicy::FailFast });
            c.store = store.clone();
            c.on_store_error = OnStoreError::Fail;
            c.retry.max_attempts = 1;
        })
    }

    fn used(bot: &Client) -> u32 {
        bot.quota_status().unwrap().unwrap().used
    }

    /// A slot is stamped when its answer comes, so it leaves the window one window after it:
    /// two sends fill the window, a third is refused, and one window later the window is empty
    /// again. Stamping another slot (or none) leaves the second send's slot in flight, counted
    /// for the whole lease (the request's timeout and more), long after the window.
    #[test]
    fn each_slot_leaves_the_window_one_window_after_its_answer() {
        let mock = mock();
        let (_dir, stores) = stores();
        for store in stores {
            let key = key("stamp", &store);
            let bot = bot(&mock, &key, &store);
            assert_eq!(used(&bot), 0, "{store}");
            assert_eq!(bot.quota_status().unwrap().unwrap().next_free, None, "{store}: an empty window frees nothing");
            bot.send_text("one").unwrap();
            assert_eq!(used(&bot), 1, "{store}");
            bot.send_text("two").unwrap();
            let status = bot.quota_status().unwrap().unwrap();
            assert_eq!((status.used, status.limit, status.window), (2, 2, WINDOW), "{store}");
            assert!(status.next_free.is_some_and(|n| n <= WINDOW), "{store}: {status:?}");
            let refused = bot.send_text("three").unwrap_err();
            assert_eq!(refused.kind(), ErrorKind::RateLimited, "{store}: {refused}");
            assert!(refused.retry_after().is_some_and(|d| d > Duration::ZERO && d <= WINDOW), "{store}: {refused:?}");
            std::thread::sleep(WINDOW + Duration::from_millis(100));
            assert_eq!(used(&bot), 0, "{store}: every slot left the window one window after its answer");
            bot.send_text("four").unwrap();
            let delivered: Vec<_> =
                mock.delivered(&key).iter().map(|r| r.body_json().unwrap()["text"]["content"].clone()).collect();
            assert_eq!(delivered, ["one", "two", "four"], "{store}");
        }
    }

    /// A 45009 (a sender outside the store used the robot) fills the window for every client of
    /// the store, up to the count and no further, for one window; another robot's window and
    /// another store's are untouched.
    #[test]
    fn a_45009_fills_the_window_of_every_client_of_the_store_for_one_window() {
        let mock = mock();
        let (_dir, stores) = stores();
        for store in stores {
            let key = key("fill", &store);
            let (first, second) = (bot(&mock, &key, &store), bot(&mock, &key, &store));
            first.send_text("one").unwrap();
            mock.script(&key, Fault::Errcode { errcode: 45009, errmsg: None }, 1);
            let refused = first.send_text("refused by the server").unwrap_err();
            assert_eq!(refused.kind(), ErrorKind::RateLimited, "{store}: {refused}");
            let status = second.quota_status().unwrap().unwrap();
            assert_eq!(status.used, 2, "{store}: filled up to the count, not past it");
            assert!(status.next_free.is_some_and(|n| n > Duration::ZERO && n <= WINDOW), "{store}: {status:?}");
            assert_eq!(second.send_text("held back").unwrap_err().kind(), ErrorKind::RateLimited, "{store}");
            let other_robot = bot(&mock, &format!("{key}-other"), &store);
            assert_eq!(used(&other_robot), 0, "{store}: another robot's window");
            std::thread::sleep(WINDOW + Duration::from_millis(100));
            assert_eq!(used(&second), 0, "{store}: the filled slots leave after one window");
            second.send_text("after the window").unwrap();
        }
    }

    /// Two clients of one robot in one store share one window: what one takes, the other sees,
    /// and the window refuses the third message whoever sends it.
    #[test]
    fn clients_of_one_robot_in_one_store_share_the_window() {
        let mock = mock();
        let (_dir, stores) = stores();
        for store in stores {
            let key = key("share", &store);
            let (a, b) = (bot(&mock, &key, &store), bot(&mock, &key, &store));
            a.send_text("a").unwrap();
            assert_eq!(used(&b), 1, "{store}");
            b.send_text("b").unwrap();
            assert_eq!(used(&a), 2, "{store}");
            assert_eq!(a.send_text("c").unwrap_err().kind(), ErrorKind::RateLimited, "{store}");
            assert_eq!(b.send_text("d").unwrap_err().kind(), ErrorKind::RateLimited, "{store}");
            assert_eq!(mock.delivered(&key).len(), 2, "{store}");
        }
    }

    /// A store that cannot be used fails the send (policy `fail`) with an error that names the
    /// store, its password masked, and says why; the password is scrubbed from the client
    /// library's words too, even where they happen to contain it (here the password is
    /// "refused", and nothing listens on port 1: "Connection refused").
    #[test]
    fn a_redis_password_never_shows_in_a_store_error_even_inside_the_cause() {
        let mock = mock();
        let store = Store::parse("redis://app:refused@127.0.0.1:1/0").unwrap();
        let key = key("scrub", &store);
        let e = bot(&mock, &key, &store).send_text("not sent").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Store, "{e}");
        let text = e.to_string();
        assert!(text.contains("redis://app:***@127.0.0.1:1/0"), "{text}");
        assert!(!text.contains("refused"), "the password shows: {text}");
        assert!(text.contains("Connection ***"), "the cause is kept, the password scrubbed from it: {text}");
        assert!(mock.records(&key).is_empty(), "nothing was sent");

        // An empty password scrubs nothing: the cause reads as the library wrote it.
        let store = Store::parse("redis://app:@127.0.0.1:1/0").unwrap();
        let e = bot(&mock, &key, &store).send_text("not sent").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Store, "{e}");
        assert!(e.to_string().contains("Connection refused"), "{e}");
    }
}
