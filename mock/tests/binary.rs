//! The `wecom-bot-mock` binary as runners in other languages start it.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_wecom-bot-mock");

struct Mock {
    child: Child,
    addr: SocketAddr,
    _stdout: BufReader<ChildStdout>,
}

fn spawn(args: &[&str], stdin: Stdio) -> Mock {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn wecom-bot-mock");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url = line
        .strip_suffix('\n')
        .and_then(|l| l.strip_prefix("listening on http://"))
        .unwrap_or_else(|| panic!("first line: {line:?}"));
    assert!(url.starts_with("127.0.0.1:"), "{line}");
    Mock { child, addr: url.parse().unwrap(), _stdout: stdout }
}

fn wait(child: &mut Child, within: Duration) -> Option<ExitStatus> {
    let t = Instant::now();
    while t.elapsed() < within {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

fn kill(child: &Child, signal: &str) {
    // The shell's built-in kill: no dependency on a kill binary being installed.
    let ok = Command::new("sh")
        .args(["-c", &format!("kill -{signal} \"$1\""), "sh", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}

fn stderr_of(child: &mut Child) -> String {
    let mut s = String::new();
    child.stderr.take().unwrap().read_to_string(&mut s).unwrap();
    s
}

fn post(addr: SocketAddr, key: &str, msg: &Value) -> Resp {
    request(
        addr,
        "POST",
        &format!("/cgi-bin/webhook/send?key={key}"),
        &[("Content-Type", "application/json")],
        msg.to_string().as_bytes(),
    )
    .unwrap()
}

#[test]
fn prints_its_port_serves_and_exits_0_when_stdin_closes() {
    let mut m = spawn(&["--key", KEY], Stdio::piped());
    let r = request(m.addr, "GET", "/_mock/health", &[], b"").unwrap();
    assert_eq!(r.json()["base_url"], format!("http://{}", m.addr));
    assert_errcode(&post(m.addr, KEY, &text("from the binary")), 0);
    assert_errcode(&post(m.addr, OTHER_KEY, &text("x")), 93000);
    drop(m.child.stdin.take());
    let status = wait(&mut m.child, Duration::from_secs(10)).expect("exits when stdin closes");
    assert!(status.success(), "{status:?}");
    // The log shows keys redacted, never in full.
    let log = stderr_of(&mut m.child);
    assert!(log.contains("693a…5aaa"), "{log}");
    assert!(!log.contains(KEY), "{log}");
    assert!(!log.contains(OTHER_KEY), "{log}");
    assert!(log.contains("end of standard input"), "{log}");
}

#[test]
fn exits_0_on_sigterm_and_sigint() {
    for signal in ["TERM", "INT"] {
        let mut m = spawn(&[], Stdio::piped());
        // SIGTERM right after the first line (the handler must already be in place);
        // SIGINT after some traffic.
        if signal == "INT" {
            assert_errcode(&post(m.addr, KEY, &text("x")), 0);
        }
        kill(&m.child, signal);
        let status = wait(&mut m.child, Duration::from_secs(10)).expect("exits on the signal");
        assert!(status.success(), "{signal}: {status:?}");
        assert!(std::net::TcpStream::connect(m.addr).is_err());
    }
}

#[test]
fn no_stdin_watch_and_dev_null_stdin_keep_running() {
    for (args, stdin) in [(&["--no-stdin-watch"][..], Stdio::piped()), (&[][..], Stdio::null())] {
        let mut m = spawn(args, stdin);
        drop(m.child.stdin.take());
        std::thread::sleep(Duration::from_millis(300));
        assert!(m.child.try_wait().unwrap().is_none(), "{args:?} stopped early");
        assert_errcode(&post(m.addr, KEY, &text("still here")), 0);
        kill(&m.child, "TERM");
        assert!(wait(&mut m.child, Duration::from_secs(10)).expect("exits").success());
    }
}

#[test]
fn flags_and_scenario() {
    let dir = std::env::temp_dir().join(format!("wecom-bot-mock-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scenario = dir.join("scenario.json");
    std::fs::write(
        &scenario,
        json!({
            "keys": [OTHER_KEY],
            "rate_limit": null,
            "script": [{"key": OTHER_KEY, "fault": {"kind": "errcode", "errcode": -1}, "times": 1}],
            "media": [{"key": OTHER_KEY, "media_id": "MEDIAID", "type": "file"}]
        })
        .to_string(),
    )
    .unwrap();
    let mut m = spawn(
        &["--scenario", scenario.to_str().unwrap(), "--key", KEY, "--rate-limit", "2/60", "--quiet"],
        Stdio::piped(),
    );
    assert_errcode(&post(m.addr, OTHER_KEY, &text("x")), -1);
    assert_errcode(&post(m.addr, OTHER_KEY, &json!({"msgtype": "file", "file": {"media_id": "MEDIAID"}})), 0);
    assert_errcode(&post(m.addr, KEY, &text("x")), 0);
    assert_errcode(&post(m.addr, KEY, &text("x")), 0);
    assert_errcode(&post(m.addr, KEY, &text("x")), 45009); // --rate-limit wins over the scenario
    assert_errcode(&post(m.addr, "third-key-nobody-registered", &text("x")), 93000);
    drop(m.child.stdin.take());
    assert!(wait(&mut m.child, Duration::from_secs(10)).unwrap().success());
    assert_eq!(stderr_of(&mut m.child), "", "--quiet logs nothing");

    // A bad scenario exits 2 before listening.
    std::fs::write(&scenario, r#"{"keys": "not a list"}"#).unwrap();
    let out = Command::new(BIN).args(["--scenario", scenario.to_str().unwrap()]).stdin(Stdio::null()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_busy_port_and_help() {
    let out = Command::new(BIN).arg("--frobnicate").stdin(Stdio::null()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(BIN).args(["--rate-limit", "20"]).stdin(Stdio::null()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(BIN).arg("--help").stdin(Stdio::null()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in ["--port", "--key", "--rate-limit", "--no-rate-limit", "--scenario", "--no-stdin-watch"] {
        assert!(help.contains(flag), "{flag} missing from --help");
    }
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let out = Command::new(BIN).args(["--port", &port]).stdin(Stdio::null()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[test]
fn fixed_port() {
    // Find a free port, release it, and ask for it.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut m = spawn(&["--port", &port.to_string()], Stdio::piped());
    assert_eq!(m.addr.port(), port);
    drop(m.child.stdin.take());
    assert!(wait(&mut m.child, Duration::from_secs(10)).unwrap().success());
}
