//! The mock's bounds, one regression test per weakness found by trying it as an attacker
//! would (each failed on the hand-written HTTP server the mock ran on before hyper):
//! idle and slow connections were never closed and never capped; every body was recorded
//! whole, without limit; a huge clock advance panicked (and every later request answered 500);
//! a huge rate window panicked the binary. Loopback only; every loop is bounded in count, and
//! every wait by a client read timeout.

mod common;

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;
use serde_json::{json, Value};
use wecom_bot_mock::{MockConfig, MockServer, BODY_PREFIX};

/// How long a client waits for the server before calling it stuck.
const PATIENCE: Duration = Duration::from_secs(10);

fn connect(s: &MockServer) -> TcpStream {
    let c = TcpStream::connect(s.addr()).unwrap();
    c.set_read_timeout(Some(PATIENCE)).unwrap();
    c
}

/// Reads until the server closes the connection: what it sent, or the error that ended the
/// wait (a timeout means the server never closed it).
fn read_until_closed(c: &mut TcpStream) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    match c.read_to_end(&mut out) {
        Ok(_) => Ok(out),
        // A reset also ends the connection.
        Err(e) if e.kind() == io::ErrorKind::ConnectionReset => Ok(out),
        Err(e) => Err(e),
    }
}

#[test]
fn idle_and_slow_connections_are_closed_after_the_read_timeout() {
    const IDLE: usize = 40;
    let s = start(MockConfig { read_timeout: Duration::from_millis(300), ..MockConfig::default() });
    // Connections that never send a byte.
    let mut idle: Vec<TcpStream> = (0..IDLE).map(|_| connect(&s)).collect();
    // A head that never ends.
    let mut slow_head = connect(&s);
    slow_head.write_all(b"POST /cgi-bin/webhook/send?key=k HTTP/1.1\r\nHost: x\r\n").unwrap();
    // A body that never ends: answered 408.
    let mut slow_body = connect(&s);
    slow_body
        .write_all(b"POST /cgi-bin/webhook/send?key=k HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{\"")
        .unwrap();
    // A keep-alive connection served once, then idle.
    let mut served = connect(&s);
    let body = text("once").to_string();
    write!(
        served,
        "POST /cgi-bin/webhook/send?key={KEY} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();

    for (i, c) in idle.iter_mut().enumerate() {
        let got = read_until_closed(c).unwrap_or_else(|e| panic!("idle connection {i} still open: {e}"));
        assert!(got.is_empty(), "idle connection {i} got {:?}", String::from_utf8_lossy(&got));
    }
    let got = read_until_closed(&mut slow_head).expect("the slow head's connection is closed");
    assert!(!String::from_utf8_lossy(&got).contains(" 200 "), "{:?}", String::from_utf8_lossy(&got));
    let got = read_until_closed(&mut slow_body).expect("the slow body's connection is closed");
    let got = parse_response(&got).unwrap();
    assert_eq!(got.status, 408, "{}", got.text());
    assert_eq!(got.header("connection"), Some("close"));
    let got = read_until_closed(&mut served).expect("the idle keep-alive connection is closed");
    assert_errcode(&parse_response(&got).unwrap(), 0);
    assert_eq!(s.delivered(KEY).len(), 1);
    assert!(s.records("k").is_empty());
}

#[test]
fn connections_over_the_cap_are_answered_503() {
    const CAP: usize = 4;
    let s = start(MockConfig { max_connections: CAP, ..MockConfig::default() });
    // CAP connections served and kept open (accepted in order, before the next one).
    let mut open: Vec<TcpStream> = (0..CAP).map(|_| connect(&s)).collect();
    for c in &mut open {
        c.write_all(b"GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut buf = [0u8; 512];
        assert!(c.read(&mut buf).unwrap() > 0);
    }
    let over =
        request(s.addr(), "POST", &format!("/cgi-bin/webhook/send?key={KEY}"), &[], text("x").to_string().as_bytes())
            .expect("an answer");
    assert_eq!(over.status, 503, "{}", over.text());
    assert_eq!(over.header("connection"), Some("close"));
    assert!(s.all_records().is_empty(), "a refused request is not handled");
    // The open connections are still served.
    let mut c = open.pop().unwrap();
    c.write_all(b"GET /_mock/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let r = parse_response(&read_until_closed(&mut c).unwrap()).unwrap();
    assert_eq!(r.status, 200);
    // Once connections close, new ones are served again (the server notices the close).
    drop(open);
    let served = (0..200).any(|_| {
        let ok = send(&s, KEY, &text("after")).status == 200;
        if !ok {
            std::thread::sleep(Duration::from_millis(20));
        }
        ok
    });
    assert!(served, "still refusing after every connection closed");
}

#[test]
fn bodies_over_the_cap_are_answered_413_before_they_are_read() {
    let s = start(MockConfig { max_body: 1024 * 1024, ..MockConfig::default() });
    // Only the head is sent: the answer must not wait for 2 MiB that never come.
    let mut c = connect(&s);
    write!(
        c,
        "POST /cgi-bin/webhook/send?key={KEY} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        2 * 1024 * 1024
    )
    .unwrap();
    let r = parse_response(&read_until_closed(&mut c).expect("answered and closed")).unwrap();
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(r.header("connection"), Some("close"));
    assert!(r.text().contains("larger than 1048576 bytes"), "{}", r.text());
    // At the cap is read and answered (whatever the mock then thinks of the extra field).
    let at_cap = json!({"msgtype": "text", "text": {"content": "x"}, "pad": "p".repeat(1024 * 1024 - 60)});
    let body = at_cap.to_string();
    assert!(body.len() <= 1024 * 1024);
    let r = send_raw(&s, KEY, body.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(s.all_records()[0].body_size, body.len());
}

#[test]
fn records_keep_valid_messages_whole_and_only_a_digest_of_longer_ones() {
    let s = start(MockConfig::default().with_rate_limit(None));
    // A 2 MiB image (the largest the API takes): its JSON, ~2.8 MB, is kept whole.
    let mut png = fixture("icon.png");
    png.resize(2 * 1024 * 1024, 0);
    let msg = image(&png);
    let sent = msg.to_string();
    assert!(sent.len() > 2_700_000);
    assert_errcode(&send(&s, KEY, &msg), 0);
    let rec = s.records(KEY).pop().unwrap();
    assert_eq!(rec.body, sent.as_bytes());
    assert!(rec.body_is_whole());
    assert_eq!(rec.body_json(), Some(msg));
    // A longer body keeps only its first 64 KiB, with its size and MD5 (a small bound here,
    // to keep the test quick in a debug build: the default is 4 MiB).
    let s = start(MockConfig { max_recorded_body: 100 * 1024, ..MockConfig::default() });
    let data: Vec<u8> = (0..300 * 1024).map(|i| (i % 253) as u8).collect();
    assert_errcode(&upload(&s, KEY, "file", "big.bin", &data), 0);
    let whole = multipart("big.bin", &data);
    let rec = s.records(KEY).pop().unwrap();
    assert_eq!(rec.body, &whole[..BODY_PREFIX]);
    assert!(!rec.body_is_whole());
    assert_eq!((rec.body_size, rec.body_md5.as_str()), (whole.len(), md5_hex(&whole).as_str()));
    assert_eq!(rec.upload.as_ref().unwrap().md5, md5_hex(&data));
    let listed = records_http(&s, "").pop().unwrap();
    assert_eq!(listed["body_truncated"], true);
    assert_eq!(listed["body_size"], whole.len());
    assert_eq!(listed["body_md5"], md5_hex(&whole));
    assert_eq!(listed["body_json"], Value::Null);
}

#[test]
fn records_are_capped_oldest_first() {
    let s = start(MockConfig { max_records: 3, ..MockConfig::default().with_rate_limit(None) });
    for i in 0..5 {
        assert_errcode(&send(&s, KEY, &text(&format!("m{i}"))), 0);
    }
    let seqs: Vec<u64> = s.all_records().iter().map(|r| r.seq).collect();
    assert_eq!(seqs, [3, 4, 5]);
    assert_eq!(s.records_dropped(), 2);
    let health = control(&s, "GET", "/_mock/health", &Value::Null).json();
    assert_eq!((health["records"].clone(), health["records_dropped"].clone()), (json!(3), json!(2)));
    // Every message was still delivered: the cap is on memory, not on the API.
    assert_eq!(s.delivered(KEY).last().unwrap().body_json().unwrap()["text"]["content"], "m4");
}

#[test]
fn a_huge_clock_advance_is_refused_and_the_server_goes_on() {
    let s = start(MockConfig::default());
    for bad in [
        json!({"advance_secs": u64::MAX}),
        json!({"advance_secs": u64::MAX / 1000, "advance_ms": u64::MAX}),
        json!({"advance_ms": u64::MAX}),
    ] {
        let r = control(&s, "POST", "/_mock/clock", &bad);
        assert_eq!(r.status, 400, "{bad}: {}", r.text());
        assert!(
            r.json()["error"].as_str().unwrap().contains("too large") || r.text().contains("9999-12-31"),
            "{}",
            r.text()
        );
    }
    // Nothing moved, and everything still answers.
    assert_eq!(control(&s, "GET", "/_mock/clock", &Value::Null).json()["offset_ms"], 0);
    assert_errcode(&send(&s, KEY, &text("after")), 0);
    // Up to the last second of 9999 is fine; one more is not.
    let now = control(&s, "GET", "/_mock/clock", &Value::Null).json()["now"].as_u64().unwrap();
    let to_the_end = wecom_bot_mock::MAX_MOCK_UNIX_SECS - now - 10;
    assert_eq!(control(&s, "POST", "/_mock/clock", &json!({"advance_secs": to_the_end})).status, 200);
    assert_eq!(control(&s, "POST", "/_mock/clock", &json!({"advance_secs": 60})).status, 400);
    assert!(s.advance_clock(Duration::MAX).unwrap_err().contains("9999-12-31"));
    assert_errcode(&send(&s, KEY, &text("in the year 9999")), 0);
    // A fault with a status that is not one is refused too.
    let r =
        control(&s, "POST", "/_mock/script", &json!({"key": "*", "fault": {"kind": "http_status", "status": 1000}}));
    assert_eq!(r.status, 400, "{}", r.text());
}

#[test]
fn huge_rate_windows_are_usage_errors() {
    let bin = env!("CARGO_BIN_EXE_wecom-bot-mock");
    for window in ["1e300", "inf", "31536001"] {
        let out =
            Command::new(bin).args(["--rate-limit", &format!("1/{window}")]).stdin(Stdio::null()).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{window}: {err}");
        assert!(err.contains("the rate window must be"), "{window}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let dir = std::env::temp_dir().join(format!("wecom-bot-mock-bounds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scenario = dir.join("huge-window.json");
    std::fs::write(&scenario, r#"{"rate_limit": {"count": 1, "window_secs": 1e300}}"#).unwrap();
    let out = Command::new(bin).arg("--scenario").arg(&scenario).stdin(Stdio::null()).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("rate_limit: the rate window must be at most 31536000 seconds"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
