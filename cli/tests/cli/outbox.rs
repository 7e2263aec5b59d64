//! The outbox from the command line: `send --queue`, then `outbox run|status|dead|retry|purge`
//! (docs/cli.md "The outbox"), against the in-process mock. Each test runs over a SQLite store
//! of its own and over Redis: the server of `WECOM_BOT_TEST_REDIS` (scripts/test-outbox.sh
//! starts one and runs these tests with it; without it, the Redis half says so and is left out).

use wecom_bot_mock::{Fault, MockServer};

use crate::support::*;

/// Runs `body(store, key)` over each store: a fresh SQLite file, then the test Redis (with a
/// key of this run only, so that the robot's queue there starts empty).
fn each_store(test: &str, body: impl Fn(&str, &str)) {
    let dir = tempfile::Builder::new().prefix(&format!("wecom-cli-outbox-{test}-")).tempdir().expect("a temp dir");
    body(&format!("sqlite:{}", dir.path().join("state.sqlite3").display()), &key(test));
    match std::env::var("WECOM_BOT_TEST_REDIS") {
        Ok(redis) => {
            let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
            body(&redis, &key(&format!("{test}{}x{nanos}", std::process::id())));
        }
        Err(_) => eprintln!("WECOM_BOT_TEST_REDIS is not set: {test} ran over SQLite only (scripts/test-outbox.sh runs it over Redis too)"),
    }
}

/// `wecom-bot ARGS… --store STORE --key K --base-url MOCK`.
fn cmd(args: &[&str], store: &str, k: &str, server: &MockServer) -> Cmd {
    Cmd::new(args).args(&["--store", store]).key(k).at(server)
}

fn texts(server: &MockServer, k: &str) -> Vec<String> {
    sent(server, k).iter().map(|b| b[b["msgtype"].as_str().unwrap()]["content"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn queued_messages_wait_for_the_deliverer_which_packs_them_through_a_full_window() {
    each_store("outboxpack", |store, k| {
        let server = mock();
        let queued = [
            ("text", "disk full on db1"),
            ("text", "disk full on db2"),
            ("markdown", "**cpu** high"),
            ("text", "db1 ok"),
        ];
        for (kind, content) in queued {
            let run = cmd(&["send", kind, content, "--queue"], store, k, &server).run().ok();
            assert!(run.stdout.starts_with("queued "), "{run:#?}");
        }
        assert!(sent(&server, k).is_empty(), "--queue sends nothing by itself");
        let status = cmd(&["outbox", "status"], store, k, &server).run().ok();
        assert!(status.stdout.contains("pending    4 (oldest "), "{status:#?}");
        // A window of 2 messages per 3 s: more wait than it lets out, so the deliverer packs. One
        // producer (this test's process): its order is kept, so the markdown stops the first
        // batch and the last text goes after it.
        let run = cmd(&["outbox", "run", "--until-empty", "--rate-limit", "2/3"], store, k, &server).run().ok();
        assert!(run.stderr.contains("delivered 4 in 3 messages"), "{run:#?}");
        assert_eq!(texts(&server, k), ["disk full on db1\n\ndisk full on db2", "**cpu** high", "db1 ok"]);
        let status = cmd(&["outbox", "status"], store, k, &server).run().ok();
        assert!(status.stdout.contains("pending    0 (oldest -)"), "{status:#?}");
        assert!(status.stdout.contains("delivered  4 in 3 messages"), "{status:#?}");
    });
}

#[test]
fn a_bad_message_is_refused_at_once_and_never_queued() {
    each_store("outboxbad", |store, k| {
        let server = mock();
        let long = "x".repeat(2049);
        cmd(&["send", "text", &long, "--queue"], store, k, &server).run().fails(10, &["text.content"]);
        let status = cmd(&["outbox", "status"], store, k, &server).run().ok();
        assert!(status.stdout.contains("pending    0"), "{status:#?}");
    });
}

#[test]
fn refused_messages_go_to_the_dead_letters_and_retry_requeues_them() {
    each_store("outboxdead", |store, k| {
        let server = mock();
        server.script(k, Fault::Errcode { errcode: 93000, errmsg: None }, 1);
        cmd(&["send", "text", "to a deleted robot", "--queue"], store, k, &server).run().ok();
        let run = cmd(&["outbox", "run", "--until-empty"], store, k, &server).run().ok();
        assert!(run.stderr.contains("1 dead-lettered"), "{run:#?}");
        let dead = cmd(&["outbox", "dead"], store, k, &server).run().ok();
        let line = json(dead.stdout.trim());
        assert_eq!(line["message"]["text"]["content"], "to a deleted robot");
        assert!(line["error"].as_str().unwrap().contains("93000"), "{line}");
        assert!(cmd(&["outbox", "status"], store, k, &server).run().ok().stdout.contains("dead       1"));
        // The fault was scripted once: re-queued, the message goes through.
        assert_eq!(cmd(&["outbox", "retry"], store, k, &server).run().ok().stdout.trim(), "re-queued 1");
        cmd(&["outbox", "run", "--until-empty"], store, k, &server).run().ok();
        assert_eq!(texts(&server, k), ["to a deleted robot"]);
        // purge: dead letters only, or everything
        server.script(k, Fault::Errcode { errcode: 40058, errmsg: None }, 1);
        cmd(&["send", "text", "bad parameter", "--queue"], store, k, &server).run().ok();
        cmd(&["outbox", "run", "--until-empty"], store, k, &server).run().ok();
        cmd(&["send", "text", "waiting", "--queue"], store, k, &server).run().ok();
        assert_eq!(cmd(&["outbox", "purge"], store, k, &server).run().ok().stdout.trim(), "purged 1");
        assert_eq!(cmd(&["outbox", "purge", "--all"], store, k, &server).run().ok().stdout.trim(), "purged 1");
    });
}

#[test]
fn a_busy_server_delays_but_loses_nothing() {
    each_store("outboxbusy", |store, k| {
        let server = mock();
        // -1 (system busy) four times: the client retries it itself, then the outbox backs off.
        server.script(k, Fault::Errcode { errcode: -1, errmsg: None }, 4);
        cmd(&["send", "text", "eventually", "--queue"], store, k, &server).run().ok();
        let run = cmd(&["outbox", "run", "--until-empty"], store, k, &server).run().ok();
        assert!(run.stderr.contains("delivered 1 in 1 messages"), "{run:#?}");
        assert_eq!(texts(&server, k), ["eventually"]);
    });
}

#[test]
fn an_unreachable_store_fails_the_enqueue_with_the_store_kind() {
    let k = key("outboxdown");
    let server = mock();
    // a port nothing listens on: bind one, learn its number, close it
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let store = format!("redis://app:Hunter2Secret@127.0.0.1:{port}/0");
    let run = cmd(&["send", "text", "nowhere to keep it", "--queue"], &store, &k, &server).run();
    let run = run.fails(19, &["store", &format!("redis://app:***@127.0.0.1:{port}/0")]);
    assert!(!run.stderr.contains("Hunter2Secret"), "{run:#?}");
    assert!(run.stdout.is_empty(), "nothing was queued: {run:#?}");
}
