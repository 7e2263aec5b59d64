//! Scripted faults over real sockets, through both the Rust API and `POST /_mock/script`.

mod common;

use std::io::Read;
use std::time::{Duration, Instant};

use common::*;
use serde_json::json;
use wecom_bot_mock::{Fault, MockConfig, Reply};

fn server() -> wecom_bot_mock::MockServer {
    start(MockConfig::default().with_rate_limit(None))
}

#[test]
fn errcode_fault_for_the_next_n_requests_then_normal() {
    let s = server();
    s.script(KEY, Fault::Errcode { errcode: -1, errmsg: None }, 2);
    for _ in 0..2 {
        let r = send(&s, KEY, &text("hi"));
        assert_errcode(&r, -1);
        assert!(r.errmsg().starts_with("system busy"));
    }
    assert_errcode(&send(&s, KEY, &text("hi")), 0);
    let recs = s.records(KEY);
    assert_eq!(recs.iter().map(|r| r.delivered).collect::<Vec<_>>(), [false, false, true]);
    assert_eq!(recs[0].fault, Some(Fault::Errcode { errcode: -1, errmsg: None }));
    assert_eq!(recs[2].fault, None);
    // A given errmsg is sent verbatim; other codes too.
    s.script(KEY, Fault::Errcode { errcode: 93000, errmsg: Some("invalid webhook url".into()) }, 1);
    let r = send(&s, KEY, &text("hi"));
    assert_eq!(r.json(), json!({"errcode": 93000, "errmsg": "invalid webhook url"}));
    s.script(KEY, Fault::Errcode { errcode: 45009, errmsg: None }, 1);
    assert_errcode(&send(&s, KEY, &text("hi")), 45009);
    // Faults apply to uploads too, and to invalid requests (before any check).
    s.script(KEY, Fault::Errcode { errcode: -1, errmsg: None }, 2);
    assert_errcode(&upload(&s, KEY, "file", "a.txt", b"mytext"), -1);
    assert_errcode(&send_raw(&s, KEY, b"not json"), -1);
}

#[test]
fn key_scripts_go_before_wildcard_scripts_and_queue_in_order() {
    let s = server();
    s.script("*", Fault::Errcode { errcode: 1, errmsg: Some("star".into()) }, 1);
    s.script(KEY, Fault::Errcode { errcode: 2, errmsg: Some("mine a".into()) }, 1);
    s.script(KEY, Fault::Errcode { errcode: 3, errmsg: Some("mine b".into()) }, 1);
    assert_eq!(send(&s, OTHER_KEY, &text("x")).errcode(), 1);
    assert_errcode(&send(&s, OTHER_KEY, &text("x")), 0);
    s.script("*", Fault::Errcode { errcode: 1, errmsg: Some("star".into()) }, 1);
    assert_eq!(send(&s, KEY, &text("x")).errcode(), 2);
    assert_eq!(send(&s, KEY, &text("x")).errcode(), 3);
    assert_eq!(send(&s, KEY, &text("x")).errcode(), 1);
    assert_errcode(&send(&s, KEY, &text("x")), 0);
    assert!(s.pending_scripts().is_empty());
}

#[test]
fn http_status_faults() {
    let s = server();
    s.script(KEY, Fault::HttpStatus { status: 502, body: None }, 1);
    s.script(KEY, Fault::HttpStatus { status: 503, body: Some("try later".into()) }, 1);
    let r = send(&s, KEY, &text("hi"));
    assert_eq!(r.status, 502);
    assert_eq!(r.text(), "Bad Gateway");
    let r = send(&s, KEY, &text("hi"));
    assert_eq!(r.status, 503);
    assert_eq!(r.text(), "try later");
    assert!(s.delivered(KEY).is_empty());
    assert_eq!(s.records(KEY)[1].reply, Reply::Http { status: 503, body: "try later".into() });
}

#[test]
fn not_json_and_warning_faults() {
    let s = server();
    s.script(KEY, Fault::NotJson { body: None }, 1);
    s.script(KEY, Fault::NotJson { body: Some("plain words".into()) }, 1);
    s.script(KEY, Fault::Warning { errmsg: None }, 1);
    s.script(KEY, Fault::Warning { errmsg: Some("Warning: something odd".into()) }, 1);
    let r = send(&s, KEY, &text("hi"));
    assert_eq!(r.status, 200);
    assert!(r.text().starts_with("<html>"));
    assert!(serde_json::from_slice::<serde_json::Value>(&r.body).is_err());
    assert_eq!(send(&s, KEY, &text("hi")).text(), "plain words");
    let r = send(&s, KEY, &text("hi"));
    assert_eq!(r.errcode(), 0);
    assert!(r.errmsg().contains("Warning"));
    assert_eq!(send(&s, KEY, &text("hi")).json(), json!({"errcode": 0, "errmsg": "Warning: something odd"}));
    assert!(s.delivered(KEY).is_empty());
}

#[test]
fn delay_then_normal_or_then_another_fault() {
    let s = server();
    s.script(KEY, Fault::Delay { ms: 300, then: None }, 1);
    let t = Instant::now();
    assert_errcode(&send(&s, KEY, &text("slow")), 0);
    assert!(t.elapsed() >= Duration::from_millis(300));
    assert!(s.records(KEY)[0].delivered);

    s.script(KEY, Fault::Delay { ms: 200, then: Some(Box::new(Fault::Errcode { errcode: -1, errmsg: None })) }, 1);
    let t = Instant::now();
    assert_errcode(&send(&s, KEY, &text("slow")), -1);
    assert!(t.elapsed() >= Duration::from_millis(200));

    // A delayed answer does not hold up other requests.
    s.script(KEY, Fault::Delay { ms: 1500, then: None }, 1);
    let addr = s.addr();
    let slow = std::thread::spawn(move || {
        request(addr, "POST", &format!("/cgi-bin/webhook/send?key={KEY}"), &[], text("slow").to_string().as_bytes())
            .unwrap()
    });
    std::thread::sleep(Duration::from_millis(100));
    let t = Instant::now();
    assert_errcode(&send(&s, KEY, &text("fast")), 0);
    assert!(t.elapsed() < Duration::from_millis(1000));
    assert_errcode(&slow.join().unwrap(), 0);
}

#[test]
fn delay_triggers_a_client_read_timeout() {
    let s = server();
    s.script(KEY, Fault::Delay { ms: 1000, then: None }, 1);
    let agent: ureq::Agent =
        ureq::Agent::config_builder().timeout_global(Some(Duration::from_millis(200))).build().into();
    let err =
        agent.post(s.send_url(KEY)).header("Content-Type", "application/json").send(text("x").to_string()).unwrap_err();
    assert!(matches!(err, ureq::Error::Timeout(_)), "{err:?}");
}

#[test]
fn close_without_answer() {
    let s = server();
    s.script(KEY, Fault::Close { after_processing: false }, 1);
    let target = format!("/cgi-bin/webhook/send?key={KEY}");
    let err = request(s.addr(), "POST", &target, &[], text("x").to_string().as_bytes()).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::UnexpectedEof);
    let rec = &s.records(KEY)[0];
    assert_eq!(rec.reply, Reply::Closed);
    assert!(!rec.delivered);
    // The next request is answered normally.
    assert_errcode(&send(&s, KEY, &text("x")), 0);
}

#[test]
fn close_on_a_keep_alive_connection() {
    // ureq keeps connections alive: the mock must really close the socket, not just skip the
    // answer (the client would hang until its timeout).
    let s = server();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .build()
        .into();
    let post = |body: String| agent.post(s.send_url(KEY)).header("Content-Type", "application/json").send(body);
    let mut ok = post(text("warm").to_string()).unwrap();
    assert_eq!(ok.body_mut().read_to_string().unwrap(), r#"{"errcode":0,"errmsg":"ok"}"#);
    s.script(KEY, Fault::Close { after_processing: true }, 1);
    let t = Instant::now();
    let err = post(text("delivered, no answer").to_string()).unwrap_err();
    assert!(t.elapsed() < Duration::from_secs(5), "the client waited for its timeout: {err:?}");
    assert!(!matches!(err, ureq::Error::Timeout(_)), "{err:?}");
    // after_processing: the message was delivered although the client got no answer.
    let recs = s.records(KEY);
    assert_eq!(recs.len(), 2);
    assert!(recs[1].delivered);
    assert_eq!(recs[1].reply, Reply::Closed);
    // The agent recovers on a new connection.
    let mut ok = post(text("again").to_string()).unwrap();
    assert_eq!(ok.status().as_u16(), 200);
    let _ = ok.body_mut().as_reader().read_to_end(&mut Vec::new());
}

#[test]
fn faults_scripted_over_http() {
    let s = server();
    let r = control(
        &s,
        "POST",
        "/_mock/script",
        &json!([
            {"key": KEY, "fault": {"kind": "errcode", "errcode": -1, "errmsg": "system busy"}, "times": 2},
            {"key": "*", "fault": {"kind": "http_status", "status": 502}},
            {"key": "*", "fault": {"kind": "delay", "ms": 50, "then": {"kind": "not_json", "body": "<html>"}}},
            {"key": "*", "fault": {"kind": "close"}},
            {"key": "*", "fault": {"kind": "warning"}}
        ]),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["pending"].as_array().unwrap().len(), 5);
    assert_eq!(send(&s, KEY, &text("x")).json(), json!({"errcode": -1, "errmsg": "system busy"}));
    assert_eq!(send(&s, KEY, &text("x")).errcode(), -1);
    assert_eq!(send(&s, KEY, &text("x")).status, 502);
    assert_eq!(send(&s, KEY, &text("x")).text(), "<html>");
    let target = format!("/cgi-bin/webhook/send?key={KEY}");
    assert!(request(s.addr(), "POST", &target, &[], b"{}").is_err());
    assert!(send(&s, KEY, &text("x")).errmsg().contains("Warning"));
    assert_errcode(&send(&s, KEY, &text("x")), 0);
    // The record says which fault applied, in the JSON listing too.
    let recs = records_http(&s, &format!("key={KEY}"));
    assert_eq!(recs[0]["fault"], json!({"kind": "errcode", "errcode": -1, "errmsg": "system busy"}));
    assert_eq!(recs[4]["reply"]["closed"], true);
    assert_eq!(recs[6]["fault"], serde_json::Value::Null);
    // Bad scripts are refused with 400 and leave nothing pending.
    for bad in [
        json!({"key": "*", "fault": {"kind": "explode"}}),
        json!({"fault": {"kind": "close"}}),
        json!({"key": "", "fault": {"kind": "close"}}),
    ] {
        let r = control(&s, "POST", "/_mock/script", &bad);
        assert_eq!(r.status, 400, "{bad}");
        assert_eq!(r.json()["ok"], false);
    }
    let r = control(&s, "GET", "/_mock/script", &serde_json::Value::Null);
    assert_eq!(r.json()["pending"], json!([]));
}
