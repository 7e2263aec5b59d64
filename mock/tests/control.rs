//! The `/_mock/` control endpoints, as runners in other languages use them.

mod common;

use common::*;
use serde_json::{json, Value};
use wecom_bot_mock::{MockConfig, MockServer};

#[test]
fn health() {
    let s = start(MockConfig::default());
    let r = control(&s, "GET", "/_mock/health", &Value::Null);
    assert_eq!(r.status, 200);
    let j = r.json();
    assert_eq!(j["ok"], true);
    assert_eq!(j["name"], "wecom-bot-mock");
    assert_eq!(j["base_url"], s.base_url());
    assert!(s.base_url().starts_with("http://127.0.0.1:"));
    assert_eq!(s.base_url(), format!("http://127.0.0.1:{}", s.port()));
}

#[test]
fn two_servers_get_two_ephemeral_ports() {
    let a = start(MockConfig::default());
    let b = start(MockConfig::default());
    assert_ne!(a.port(), b.port());
    assert!(a.addr().ip().is_loopback());
    // A busy port is an error, not a panic.
    let err = MockServer::start(MockConfig::default().with_port(a.port())).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::AddrInUse);
}

#[test]
fn records_listing_shape() {
    let s = start(MockConfig::default());
    let body = text("hello world").to_string();
    send_raw(&s, KEY, body.as_bytes());
    send_raw(&s, KEY, b"{bad");
    upload(&s, KEY, "file", "wework.txt", b"mytext");
    send_raw(&s, OTHER_KEY, body.as_bytes());

    let all = records_http(&s, "");
    assert_eq!(all.len(), 4);
    assert_eq!(all.iter().map(|r| r["seq"].as_u64().unwrap()).collect::<Vec<_>>(), [1, 2, 3, 4]);
    let mine = records_http(&s, &format!("key={KEY}"));
    assert_eq!(mine.len(), 3);
    let r = &mine[0];
    assert_eq!(r["kind"], "send");
    assert_eq!(r["key"], KEY);
    assert_eq!(r["method"], "POST");
    assert_eq!(r["path"], "/cgi-bin/webhook/send");
    assert_eq!(r["query"], format!("key={KEY}"));
    assert_eq!(r["query_params"], json!({"key": KEY}));
    assert_eq!(r["headers"]["content-type"], "application/json");
    assert_eq!(r["headers"]["content-length"], body.len().to_string());
    assert!(r["headers"].get("user-agent").is_some());
    assert_eq!(r["headers"]["transfer-encoding"], Value::Null);
    assert_eq!(r["body"], body);
    use base64::Engine as _;
    assert_eq!(r["body_base64"], base64::engine::general_purpose::STANDARD.encode(&body));
    assert_eq!(r["body_json"], text("hello world"));
    assert_eq!(r["msgtype"], "text");
    assert_eq!(r["delivered"], true);
    assert_eq!(r["fault"], Value::Null);
    assert_eq!(r["upload"], Value::Null);
    assert_eq!(
        r["reply"],
        json!({"closed": false, "status": 200, "body": "{\"errcode\":0,\"errmsg\":\"ok\"}", "json": {"errcode": 0, "errmsg": "ok"}})
    );
    assert!(r["received_at"].as_u64().unwrap() > 1_700_000_000);

    assert_eq!(mine[1]["delivered"], false);
    assert_eq!(mine[1]["body_json"], Value::Null);
    assert_eq!(mine[1]["reply"]["json"]["errcode"], 0);

    let u = &mine[2];
    assert_eq!(u["kind"], "upload");
    assert_eq!(u["query_params"], json!({"key": KEY, "type": "file"}));
    assert_eq!(u["headers"]["content-type"], format!("multipart/form-data; boundary={BOUNDARY}"));
    let media_id = u["reply"]["json"]["media_id"].as_str().unwrap();
    assert_eq!(
        u["upload"],
        json!({
            "type": "file", "boundary": BOUNDARY, "filename": "wework.txt", "filelength": "6",
            "content_type": "application/octet-stream", "size": 6, "md5": md5_hex(b"mytext"), "media_id": media_id,
        })
    );
    let delivered = records_http(&s, &format!("key={KEY}&delivered=true"));
    assert_eq!(delivered.len(), 2);
    let refused = records_http(&s, &format!("key={KEY}&delivered=false"));
    assert_eq!(refused.len(), 1);
    let r = control(&s, "GET", "/_mock/records?delivered=maybe", &Value::Null);
    assert_eq!(r.status, 400);
    // A key with characters that need escaping.
    send_raw(&s, "a%2Bb%20c", body.as_bytes());
    assert_eq!(records_http(&s, "key=a%2Bb%20c").len(), 1);
    assert_eq!(s.records("a+b c").len(), 1);
}

#[test]
fn exact_bytes_survive_in_base64() {
    let s = start(MockConfig::default());
    let data: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
    upload(&s, KEY, "file", "all-bytes.bin", &data);
    let recs = records_http(&s, &format!("key={KEY}"));
    use base64::Engine as _;
    let body = base64::engine::general_purpose::STANDARD.decode(recs[0]["body_base64"].as_str().unwrap()).unwrap();
    assert_eq!(body, multipart("all-bytes.bin", &data));
    assert_eq!(recs[0]["upload"]["md5"], md5_hex(&data));
}

#[test]
fn reset_forgets_everything_but_the_configuration() {
    let s =
        start(MockConfig::default().with_keys([KEY]).with_rate_limit(Some((1, std::time::Duration::from_secs(600)))));
    let id = upload(&s, KEY, "file", "a.txt", b"mytext").json()["media_id"].as_str().unwrap().to_string();
    assert_errcode(&send(&s, KEY, &text("x")), 0);
    assert_errcode(&send(&s, KEY, &text("x")), 45009);
    s.script("*", wecom_bot_mock::Fault::Close { after_processing: false }, 5);
    control(&s, "POST", "/_mock/clock", &json!({"advance_secs": 10}));
    let r = control(&s, "POST", "/_mock/reset", &Value::Null);
    assert_eq!(r.json(), json!({"ok": true}));
    assert!(records_http(&s, "").is_empty());
    assert!(s.pending_scripts().is_empty());
    assert_eq!(control(&s, "GET", "/_mock/clock", &Value::Null).json()["offset_ms"], 0);
    // The window is empty again, the media is gone, the keys stay.
    assert_errcode(&send(&s, KEY, &json!({"msgtype": "file", "file": {"media_id": id}})), 40007);
    assert_errcode(&send(&s, KEY, &text("x")), 0);
    assert_errcode(&send(&s, OTHER_KEY, &text("x")), 93000);
    // seq starts again at 1.
    assert_eq!(s.all_records()[0].seq, 1);
    s.reset();
    assert!(s.all_records().is_empty());
}

#[test]
fn clock_endpoint_advances_expiry_and_window() {
    let s = start(MockConfig::default());
    let r = control(&s, "GET", "/_mock/clock", &Value::Null).json();
    let before = r["now"].as_u64().unwrap();
    let id = upload(&s, KEY, "file", "a.txt", b"mytext").json()["media_id"].as_str().unwrap().to_string();
    let file = json!({"msgtype": "file", "file": {"media_id": id}});
    let r = control(&s, "POST", "/_mock/clock", &json!({"advance_secs": 3 * 24 * 3600 - 60})).json();
    assert!(r["now"].as_u64().unwrap() >= before + 3 * 24 * 3600 - 60);
    assert_errcode(&send(&s, KEY, &file), 0);
    let r = control(&s, "POST", "/_mock/clock", &json!({"advance_ms": 60_000})).json();
    assert_eq!(r["offset_ms"], (3 * 24 * 3600) * 1000);
    assert_errcode(&send(&s, KEY, &file), 40007);
    for bad in [json!({}), json!({"advance_secs": -1}), json!({"advance_secs": "1"})] {
        assert_eq!(control(&s, "POST", "/_mock/clock", &bad).status, 400, "{bad}");
    }
}

#[test]
fn media_endpoint_registers_fixed_ids() {
    let s = start(MockConfig::default());
    let file = json!({"msgtype": "file", "file": {"media_id": "3a8asd892asd8asd"}});
    assert_errcode(&send(&s, KEY, &file), 40007);
    let r = control(&s, "POST", "/_mock/media", &json!({"key": KEY, "media_id": "3a8asd892asd8asd"}));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["type"], "file");
    assert_errcode(&send(&s, KEY, &file), 0);
    assert_errcode(&send(&s, OTHER_KEY, &file), 40007);
    let r = control(&s, "POST", "/_mock/media", &json!({"key": KEY, "media_id": "V", "type": "voice"}));
    assert_eq!(r.status, 200);
    assert_errcode(&send(&s, KEY, &json!({"msgtype": "voice", "voice": {"media_id": "V"}})), 0);
    assert_eq!(control(&s, "POST", "/_mock/media", &json!({"key": KEY, "media_id": "X", "type": "image"})).status, 400);
    assert_eq!(control(&s, "POST", "/_mock/media", &json!({"media_id": "X"})).status, 400);
}

#[test]
fn unknown_endpoints_and_methods() {
    let s = start(MockConfig::default());
    let r = control(&s, "GET", "/_mock/nothing", &Value::Null);
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["ok"], false);
    assert_eq!(control(&s, "GET", "/_mock/reset", &Value::Null).status, 405);
    assert_eq!(control(&s, "POST", "/_mock/records", &Value::Null).status, 405);
    let r = request(s.addr(), "POST", "/_mock/script", &[], b"{not json").unwrap();
    assert_eq!(r.status, 400);
    // Control requests are never recorded.
    assert!(s.all_records().is_empty());
}

#[test]
fn drop_stops_the_server_and_closes_idle_connections() {
    use std::io::Read;
    let s = start(MockConfig::default());
    let addr = s.addr();
    // An idle keep-alive connection, as a client pool would keep.
    let mut idle = std::net::TcpStream::connect(addr).unwrap();
    std::io::Write::write_all(&mut idle, format!("GET /_mock/health HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .unwrap();
    let mut buf = [0u8; 1024];
    let n = idle.read(&mut buf).unwrap();
    assert!(n > 0);
    idle.set_read_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
    let t = std::time::Instant::now();
    drop(s);
    assert!(t.elapsed() < std::time::Duration::from_secs(3));
    // The idle connection sees the end of the stream, and nothing listens any more.
    let mut rest = Vec::new();
    let read = idle.read_to_end(&mut rest);
    assert!(read.is_ok() || read.unwrap_err().kind() == std::io::ErrorKind::ConnectionReset);
    assert!(std::net::TcpStream::connect(addr).is_err());
}
