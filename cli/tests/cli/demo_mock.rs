//! `wecom-bot demo`, `wecom-bot mock`, help and version.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{json, key, Cmd, BIN};

#[test]
fn the_demo_runs_end_to_end() {
    let run = Cmd::new(&["demo"])
        // The demo never reads the user's robot: a real key in the environment is not used.
        .env("WECOM_BOT_KEY", &key("demo"))
        .secret(&key("demo"))
        .run()
        .ok();
    let out = &run.stdout;
    for msgtype in [
        "\"text\"",
        "\"markdown\"",
        "\"markdown_v2\"",
        "\"image\"",
        "\"news\"",
        "\"file\"",
        "\"voice\"",
        "\"text_notice\"",
        "\"news_notice\"",
    ] {
        assert!(
            out.contains(&format!("\"msgtype\": {msgtype}")) || out.contains(&format!("\"card_type\": {msgtype}")),
            "{msgtype} in {out}"
        );
    }
    assert!(out.contains("upload_media?key=0a1b…4a5b&type=file"), "{out}");
    assert!(out.contains("upload_media?key=0a1b…4a5b&type=voice"), "{out}");
    assert!(out.contains("(the server received nothing)"), "the dry-run step: {out}");
    assert!(out.contains("The mock received 13 requests (13 delivered) for 12 commands."), "{out}");
    assert!(
        out.contains("export WECOM_BOT_WEBHOOK='https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=<your key>'"),
        "{out}"
    );
    let answers: Vec<&str> = out.lines().filter(|l| l.starts_with("  server answered:")).collect();
    assert_eq!(answers.len(), 13, "{out}");
    assert!(
        answers.iter().all(|l| l.starts_with("  server answered: HTTP 200 {") && l.contains("\"errcode\":0,")),
        "{out}"
    );
    assert!(!out.contains("0a1b2c3d-demo-4e5f-8a9b-0c1d2e3f4a5b"), "even the demo's made-up key is shown masked");
    assert_eq!(run.stderr, "");
}

#[test]
fn the_demo_leaves_no_file_behind() {
    // Its rate window stays in the process: no state file in the temporary directory, nor in
    // the per-user state directories, with the default store.
    let root = tempfile::tempdir().unwrap();
    let dir = |name: &str| {
        let d = root.path().join(name);
        std::fs::create_dir(&d).unwrap();
        d.to_str().unwrap().to_owned()
    };
    let (tmp, home, state) = (dir("tmp"), dir("home"), dir("state"));
    Cmd::new(&["demo"])
        .env("TMPDIR", &tmp)
        .env("HOME", &home)
        .env("XDG_STATE_HOME", &state)
        .env("WECOM_BOT_STORE", "")
        .run()
        .ok();
    // Anything it wrote would be in one of the three directories (it knows no other here).
    let left: Vec<_> = [&tmp, &home, &state]
        .into_iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    assert!(left.is_empty(), "the demo left {left:?}");
    assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 3, "nothing beside the three");
}

#[test]
fn mock_serves_until_stdin_closes() {
    let child = Command::new(BIN)
        .args(["mock", "--port", "0", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut child = KillOnDrop(child);
    let mut stdout = BufReader::new(child.0.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let base =
        first.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("first line: {first:?}")).to_string();
    assert!(base.starts_with("http://127.0.0.1:"));
    let k = key("mockcmd");
    Cmd::new(&["send", "text", "via the mock subcommand", "--base-url", &base]).key(&k).run().ok();
    let id = Cmd::new(&["upload", "file", &crate::support::fixture("icon.png"), "--json", "--base-url", &base])
        .key(&k)
        .run()
        .ok();
    let id = json(id.stdout.trim())["media_id"].as_str().unwrap().to_string();
    // The mock enforces media ids per key: the id works for this key...
    Cmd::new(&["send", "file", "--media-id", &id, "--base-url", &base]).key(&k).run().ok();
    // ...and not for another (errcode 40007 from the mock).
    Cmd::new(&["send", "file", "--media-id", &id, "--base-url", &base]).key(&key("other")).run().fails(11, &["40007"]);
    drop(child.0.stdin.take());
    // Not a timing assertion: a generous deadline so that a mock that never stops fails the
    // test instead of hanging the suite.
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the mock did not stop when its standard input closed");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "the mock exits 0 when stdin closes: {status:?}");
}

/// Kills the child if the test fails before it stopped.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

#[test]
fn mock_rejects_bad_options() {
    Cmd::new(&["mock", "--rate-limit", "0/1"]).run().fails(2, &["--rate-limit"]);
}

#[test]
fn help_and_version() {
    let run = Cmd::new(&["--help"]).run().ok();
    for sub in ["send", "upload", "mock", "demo", "Exit codes"] {
        assert!(run.stdout.contains(sub), "{sub}: {}", run.stdout);
    }
    let run = Cmd::new(&["send", "card", "--help"]).run().ok();
    assert!(run.stdout.contains("--aspect-ratio"));
    let run = Cmd::new(&["--version"]).run().ok();
    assert_eq!(run.stdout, format!("wecom-bot {}\n", env!("CARGO_PKG_VERSION")));
}
