//! The shared rate window from the command line: `--store`, `--rate-limit`, `--on-store-error`
//! and `quota status` (docs/cli.md). Separate invocations share the window through the store.

use crate::support::*;

/// A SQLite store in a directory of this test's own, removed when the guard drops.
fn sqlite_store(test: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::Builder::new().prefix(&format!("wecom-cli-quota-{test}-")).tempdir().expect("a temp dir");
    let url = format!("sqlite:{}", dir.path().join("state.sqlite3").display());
    (dir, url)
}

#[test]
fn a_second_invocation_waits_for_the_shared_window_and_says_so() {
    let k = key("quotawait");
    let server = mock();
    let (_dir, store) = sqlite_store("wait");
    // 1 message per 5 s: the second invocation finds the slot of the first in the file and
    // waits ~5 s, announced on stderr (waits over 2 s are never silent).
    let args = ["send", "text", "--rate-limit", "1/5", "--store", &store];
    let first = Cmd::new(&args).args(&["one"]).key(&k).at(&server).run().ok();
    assert!(!first.stderr.contains("waiting"), "{first:#?}");
    let second = Cmd::new(&args).args(&["two"]).key(&k).at(&server).run().ok();
    let line = second.stderr.lines().find(|l| l.starts_with("wecom-bot: waiting ")).unwrap_or_else(|| {
        panic!("no wait line: {second:#?}");
    });
    assert!(line.ends_with(": the rate limit of 1 messages per 5 s for this robot is reached"), "{line}");
    let texts: Vec<_> = sent(&server, &k).iter().map(|b| b["text"]["content"].as_str().unwrap().to_owned()).collect();
    assert_eq!(texts, ["one", "two"]);
}

#[test]
fn quota_status_shows_the_window_in_the_store() {
    let k = key("quotastatus");
    let server = mock();
    let (_dir, store) = sqlite_store("status");
    Cmd::new(&["send", "text", "x", "--rate-limit", "20/60", "--store", &store]).key(&k).at(&server).run().ok();
    let run = Cmd::new(&["quota", "status", "--rate-limit", "20/60", "--store", &store]).key(&k).at(&server).run().ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{run:#?}");
    assert!(lines[0].starts_with("robot   http://127.0.0.1:") && lines[0].ends_with("key=CliS…3KfP"), "{run:#?}");
    assert_eq!(lines[1], format!("store   {store}"));
    assert_eq!(lines[2], "window  1 of 20 slots used per 60 s");
    assert!(lines[3].starts_with("next    a slot is free now; the next used slot frees in "), "{run:#?}");
    // The environment names the store and the window as well (WECOM_BOT_STORE, WECOM_BOT_RATE_LIMIT).
    let env = Cmd::new(&["quota", "status"])
        .env("WECOM_BOT_STORE", &store)
        .env("WECOM_BOT_RATE_LIMIT", "20/60")
        .key(&k)
        .at(&server)
        .run()
        .ok();
    assert_eq!(env.stdout.lines().take(3).collect::<Vec<_>>(), lines[..3]);
}

#[test]
fn a_store_that_cannot_be_used() {
    let k = key("quotadown");
    let server = mock();
    // Nothing listens on port 1. `fail`: exit 19, the store named with its password masked.
    let down = "redis://app:Hunter2Secret@127.0.0.1:1/0";
    let args = ["send", "text", "x", "--store", down];
    Cmd::new(&args)
        .args(&["--on-store-error", "fail"])
        .key(&k)
        .at(&server)
        .secret("Hunter2Secret")
        .run()
        .fails(19, &["error: store: the store redis://app:***@127.0.0.1:1/0 cannot be used"]);
    assert!(sent(&server, &k).is_empty());
    // `quota status` fails the same way, before printing anything.
    let status = Cmd::new(&["quota", "status", "--store", down, "--on-store-error", "fail"])
        .key(&k)
        .at(&server)
        .secret("Hunter2Secret")
        .run()
        .fails(19, &["error: store: the store redis://app:***@127.0.0.1:1/0 cannot be used"]);
    assert_eq!(status.stdout, "", "{status:#?}");
    // `local` (the default): sent under the invocation's own window, with a warning.
    let run = Cmd::new(&args).key(&k).at(&server).secret("Hunter2Secret").run().ok();
    assert!(run.stderr.contains("cannot be used"), "{run:#?}");
    assert_eq!(sent(&server, &k).len(), 1);
    // Malformed values are usage errors naming the option.
    Cmd::new(&["send", "text", "x", "--store", "postgres://db"]).key(&k).at(&server).run().fails(18, &["store"]);
    Cmd::new(&["send", "text", "x", "--rate-limit", "20"]).key(&k).at(&server).run().fails(18, &["rate_limit"]);
}
