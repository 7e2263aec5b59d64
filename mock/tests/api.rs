//! The webhook endpoints over real sockets: success shapes and every errcode the mock answers.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use serde_json::{json, Value};
use wecom_bot_mock::{ManualClock, MediaKind, MockConfig, RecordKind, Reply};

fn server() -> wecom_bot_mock::MockServer {
    start(MockConfig::default().with_keys([KEY, OTHER_KEY]))
}

#[test]
fn text_is_delivered_and_recorded_exactly() {
    let s = server();
    let body = r#"{"msgtype":"text","text":{"content":"广州今日天气：29度","mentioned_list":["wangqing","@all"]}}"#;
    let r = send_raw(&s, KEY, body.as_bytes());
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), r#"{"errcode":0,"errmsg":"ok"}"#);
    assert!(r.header("Content-Type").unwrap().starts_with("application/json"));
    let recs = s.records(KEY);
    assert_eq!(recs.len(), 1);
    let rec = &recs[0];
    assert_eq!(rec.kind, RecordKind::Send);
    assert_eq!(rec.body, body.as_bytes());
    assert_eq!(rec.msgtype.as_deref(), Some("text"));
    assert!(rec.delivered);
    assert_eq!(rec.headers.content_type.as_deref(), Some("application/json"));
    assert_eq!(rec.headers.content_length.as_deref(), Some(body.len().to_string().as_str()));
    assert_eq!(rec.reply, Reply::Http { status: 200, body: r#"{"errcode":0,"errmsg":"ok"}"#.into() });
    assert!(s.records(OTHER_KEY).is_empty());
}

#[test]
fn unknown_or_missing_key_is_93000() {
    let s = server();
    let r = send(&s, "not-a-registered-key", &text("hi"));
    assert_errcode(&r, 93000);
    assert!(r.errmsg().starts_with("invalid webhook url, hint: ["));
    let r = request(s.addr(), "POST", "/cgi-bin/webhook/send", &[], text("hi").to_string().as_bytes()).unwrap();
    assert_errcode(&r, 93000);
    let r = upload(&s, "nope", "file", "a.txt", b"mytext");
    assert_errcode(&r, 93000);
    // Without registered keys any non-empty key is accepted, an empty one is not.
    let any = start(MockConfig::default());
    assert_errcode(&send(&any, "whatever", &text("hi")), 0);
    assert_errcode(&send(&any, "", &text("hi")), 93000);
}

#[test]
fn other_methods_are_43002() {
    let s = server();
    let r = request(s.addr(), "GET", &format!("/cgi-bin/webhook/send?key={KEY}"), &[], b"").unwrap();
    assert_errcode(&r, 43002);
    assert!(!s.records(KEY)[0].delivered);
}

#[test]
fn unknown_path_is_404() {
    let s = server();
    let r = request(s.addr(), "POST", "/cgi-bin/webhook/other?key=x", &[], b"{}").unwrap();
    assert_eq!(r.status, 404);
    assert!(s.all_records().is_empty());
}

#[test]
fn malformed_json_is_errcode_0_with_warning_and_not_delivered() {
    let s = server();
    for body in [&b"{\"msgtype\":\"text\","[..], b"", b"msgtype=text", b"\xff\xfe{}"] {
        let r = send_raw(&s, KEY, body);
        assert_eq!(r.status, 200);
        assert_eq!(r.errcode(), 0, "{}", r.text());
        assert!(r.errmsg().starts_with("Warning: wrong json format."), "{}", r.text());
    }
    let recs = s.records(KEY);
    assert_eq!(recs.len(), 4);
    assert!(recs.iter().all(|r| !r.delivered));
    assert!(s.delivered(KEY).is_empty());
}

#[test]
fn msgtype_missing_or_unknown_is_40008() {
    let s = server();
    assert_errcode(&send(&s, KEY, &json!({"text": {"content": "x"}})), 40008);
    assert_errcode(&send(&s, KEY, &json!({"msgtype": "video", "video": {}})), 40008);
    assert_errcode(&send(&s, KEY, &json!({"msgtype": 3})), 40008);
    assert_errcode(&send(&s, KEY, &json!([1, 2])), 40008);
    let r = send(&s, KEY, &json!({"msgtype": "video"}));
    assert!(r.errmsg().starts_with("invalid message type"));
}

#[test]
fn empty_content_is_44004() {
    let s = server();
    assert_errcode(&send(&s, KEY, &text("")), 44004);
    assert_errcode(&send(&s, KEY, &json!({"msgtype": "markdown", "markdown": {"content": ""}})), 44004);
    assert_errcode(&send(&s, KEY, &json!({"msgtype": "markdown_v2", "markdown_v2": {}})), 44004);
    assert_errcode(&send(&s, KEY, &json!({"msgtype": "text"})), 44004);
}

#[test]
fn content_too_long_is_40058_naming_the_field() {
    let s = server();
    let r = send(&s, KEY, &json!({"msgtype": "markdown", "markdown": {"content": "a".repeat(4097)}}));
    assert_errcode(&r, 40058);
    assert!(r.errmsg().starts_with("markdown.content exceed max length 4096"), "{}", r.errmsg());
    // Exactly at the limit (in UTF-8 bytes) is fine.
    assert_errcode(&send(&s, KEY, &json!({"msgtype": "markdown", "markdown": {"content": "a".repeat(4096)}})), 0);
    let r = send(&s, KEY, &text(&"字".repeat(683))); // 2049 bytes
    assert_errcode(&r, 40058);
    assert!(r.errmsg().starts_with("text.content exceed max length 2048"), "{}", r.errmsg());
    assert_errcode(&send(&s, KEY, &text(&"字".repeat(682))), 0);
}

#[test]
fn other_invalid_parameters_are_40058_naming_the_field() {
    let s = server();
    let r = send(&s, KEY, &json!({"msgtype": "news", "news": {"articles": [{"title": "t"}]}}));
    assert_errcode(&r, 40058);
    assert!(r.errmsg().contains("news.articles[0].url"), "{}", r.errmsg());
    let r = send(&s, KEY, &json!({"msgtype": "news", "news": {"articles": []}}));
    assert_errcode(&r, 40058);
}

#[test]
fn unknown_fields_are_ignored_and_recorded() {
    // A server that ignores fields it does not know: `ok`, not a Warning (which clients treat
    // as failure); the record names what was ignored.
    let s = server();
    let body = json!({"msgtype": "text", "safe": 0, "text": {"content": "x", "colour": 1}});
    assert_errcode(&send(&s, KEY, &body), 0);
    let records = s.all_records();
    let mut dropped = records.last().unwrap().dropped_fields.clone();
    dropped.sort();
    assert_eq!(dropped, ["safe", "text.colour"]);
    assert!(records.last().unwrap().delivered);
    assert_eq!(records.last().unwrap().to_json()["dropped_fields"], json!(dropped));
}

#[test]
fn only_a_type_2_horizontal_line_needs_its_media_id() {
    let s = server();
    let card = json!({"msgtype": "template_card", "template_card": {"card_type": "text_notice",
        "main_title": {"title": "t"}, "card_action": {"type": 1, "url": "u"},
        "horizontal_content_list": [{"keyname": "k", "type": 1, "url": "u", "media_id": "never-uploaded"}]}});
    assert_errcode(&send(&s, KEY, &card), 0);
}

fn article(i: usize) -> Value {
    json!({"title": format!("t{i}"), "url": "www.qq.com"})
}

#[test]
fn more_than_8_articles_is_45008() {
    let s = server();
    let nine: Vec<Value> = (0..9).map(article).collect();
    assert_errcode(&send(&s, KEY, &json!({"msgtype": "news", "news": {"articles": nine}})), 45008);
    let eight: Vec<Value> = (0..8).map(article).collect();
    assert_errcode(&send(&s, KEY, &json!({"msgtype": "news", "news": {"articles": eight}})), 0);
}

#[test]
fn images() {
    let s = server();
    let png = fixture("icon.png");
    let jpg = fixture("banner.jpg");
    assert_errcode(&send(&s, KEY, &image(&png)), 0);
    assert_errcode(&send(&s, KEY, &image(&jpg)), 0);
    // md5 of other bytes: 301019
    let mut msg = image(&png);
    msg["image"]["md5"] = json!(md5_hex(b"something else"));
    assert_errcode(&send(&s, KEY, &msg), 301019);
    // not a JPG/PNG: 40005
    assert_errcode(&send(&s, KEY, &image(b"GIF89a not an image at all")), 40005);
    // more than 2 MiB: 40009
    let mut big = png.clone();
    big.resize(2 * 1024 * 1024 + 1, 0);
    assert_errcode(&send(&s, KEY, &image(&big)), 40009);
    let mut max = png;
    max.resize(2 * 1024 * 1024, 0);
    assert_errcode(&send(&s, KEY, &image(&max)), 0);
}

#[test]
fn upload_success_shape_and_record() {
    let s = server();
    let r = upload(&s, KEY, "file", "wework.txt", b"mytext");
    assert_errcode(&r, 0);
    let j = r.json();
    assert_eq!(j["errmsg"], "ok");
    assert_eq!(j["type"], "file");
    let media_id = j["media_id"].as_str().unwrap();
    assert!(
        media_id.len() >= 20 && media_id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "{media_id}"
    );
    let created = j["created_at"].as_str().expect("created_at is a string");
    let created: u64 = created.parse().unwrap();
    let now = s.now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    assert!(now.abs_diff(created) <= 2);
    let rec = &s.records(KEY)[0];
    assert_eq!(rec.kind, RecordKind::Upload);
    assert!(rec.delivered);
    let u = rec.upload.as_ref().unwrap();
    assert_eq!(u.filename.as_deref(), Some("wework.txt"));
    assert_eq!(u.filelength.as_deref(), Some("6"));
    assert_eq!(u.content_type.as_deref(), Some("application/octet-stream"));
    assert_eq!(u.size, 6);
    assert_eq!(u.md5, md5_hex(b"mytext"));
    assert_eq!(u.boundary, BOUNDARY);
    assert_eq!(u.media_id.as_deref(), Some(media_id));
    assert_eq!(rec.body, multipart("wework.txt", b"mytext"));
    // Two uploads never share an id.
    let r2 = upload(&s, KEY, "file", "wework.txt", b"mytext");
    assert_ne!(r2.json()["media_id"], j["media_id"]);
}

#[test]
fn upload_spec_example_bytes() {
    // The request of the spec, byte for byte.
    let s = server();
    let body = "---------------------------acebdf13572468\r\n\
Content-Disposition: form-data; name=\"media\";filename=\"wework.txt\"; filelength=6\r\n\
Content-Type: application/octet-stream\r\n\r\nmytext\r\n---------------------------acebdf13572468--\r\n";
    let r = upload_raw(
        &s,
        &format!("key={KEY}&type=file"),
        "multipart/form-data; boundary=-------------------------acebdf13572468",
        body.as_bytes(),
    );
    assert_errcode(&r, 0);
}

#[test]
fn upload_type_must_be_file_or_voice_40004() {
    let s = server();
    assert_errcode(&upload(&s, KEY, "image", "a.txt", b"mytext"), 40004);
    let ct = format!("multipart/form-data; boundary={BOUNDARY}");
    assert_errcode(&upload_raw(&s, &format!("key={KEY}"), &ct, &multipart("a.txt", b"mytext")), 40004);
}

#[test]
fn empty_or_malformed_multipart_is_44001() {
    let s = server();
    let q = format!("key={KEY}&type=file");
    let ct = format!("multipart/form-data; boundary={BOUNDARY}");
    assert_errcode(&upload_raw(&s, &q, "application/octet-stream", b"mytext"), 44001);
    assert_errcode(&upload_raw(&s, &q, "multipart/form-data", &multipart("a", b"mytext")), 44001);
    assert_errcode(&upload_raw(&s, &q, &ct, b""), 44001);
    assert_errcode(&upload_raw(&s, &q, &ct, b"mytext"), 44001);
    // not closed
    let mut open = multipart("a", b"mytext");
    open.truncate(open.len() - 10);
    assert_errcode(&upload_raw(&s, &q, &ct, &open), 44001);
    // a part, but not named media
    let other = String::from_utf8(multipart("a", b"mytext")).unwrap().replace("name=\"media\"", "name=\"file\"");
    assert_errcode(&upload_raw(&s, &q, &ct, other.as_bytes()), 44001);
    // an empty media part
    assert_errcode(&upload(&s, KEY, "file", "a.txt", b""), 44001);
    assert!(s.delivered(KEY).is_empty());
}

#[test]
fn upload_sizes_40006_and_45001() {
    let s = server();
    assert_errcode(&upload(&s, KEY, "file", "a.txt", b"12345"), 40006);
    assert_errcode(&upload(&s, KEY, "file", "a.txt", b"123456"), 0);
    let big = vec![7u8; 20 * 1024 * 1024 + 1];
    assert_errcode(&upload(&s, KEY, "file", "big.bin", &big), 45001);
    let mut voice = fixture("voice-3s.amr");
    voice.resize(2 * 1024 * 1024 + 1, 0x7C); // mode-15 no-data frames: still AMR
    assert_errcode(&upload(&s, KEY, "voice", "v.amr", &voice), 45001);
    // Larger than the mock reads at all: HTTP 413 (see tests/bounds.rs).
    let tiny = start(MockConfig { max_body: 1024, ..MockConfig::default() });
    assert_eq!(upload(&tiny, KEY, "file", "a.bin", &[1u8; 2048]).status, 413);
}

#[test]
fn voice_must_be_amr_and_at_most_60s_301017() {
    let s = server();
    assert_errcode(&upload(&s, KEY, "voice", "v.amr", &fixture("voice-3s.amr")), 0);
    assert_errcode(&upload(&s, KEY, "voice", "v.amr", &fixture("voice-60s.amr")), 0);
    assert_errcode(&upload(&s, KEY, "voice", "v.amr", &fixture("voice-60s-plus-one-frame.amr")), 301017);
    assert_errcode(&upload(&s, KEY, "voice", "v.mp3", b"ID3 this is not amr at all"), 301017);
    // The same bytes are a fine *file*.
    assert_errcode(&upload(&s, KEY, "file", "v.mp3", b"ID3 this is not amr at all"), 0);
}

fn media_id(r: &Resp) -> String {
    assert_errcode(r, 0);
    r.json()["media_id"].as_str().unwrap().to_string()
}

#[test]
fn media_ids_unknown_expired_foreign_or_wrong_type_are_40007() {
    let clock = Arc::new(ManualClock::at_unix(1_700_000_000));
    let s = start(MockConfig::default().with_keys([KEY, OTHER_KEY]).with_clock(clock.clone()));
    let file = media_id(&upload(&s, KEY, "file", "a.txt", b"mytext"));
    let voice = media_id(&upload(&s, KEY, "voice", "v.amr", &fixture("voice-3s.amr")));
    let file_msg = |id: &str| json!({"msgtype": "file", "file": {"media_id": id}});
    let voice_msg = |id: &str| json!({"msgtype": "voice", "voice": {"media_id": id}});
    assert_errcode(&send(&s, KEY, &file_msg(&file)), 0);
    assert_errcode(&send(&s, KEY, &voice_msg(&voice)), 0);
    assert_errcode(&send(&s, KEY, &file_msg("3a8asd892asd8asd")), 40007);
    assert_errcode(&send(&s, KEY, &file_msg("")), 40007);
    assert_errcode(&send(&s, OTHER_KEY, &file_msg(&file)), 40007);
    assert_errcode(&send(&s, KEY, &voice_msg(&file)), 40007);
    assert_errcode(&send(&s, KEY, &file_msg(&voice)), 40007);
    // created_at comes from the injected clock.
    let r = upload(&s, KEY, "file", "b.txt", b"mytext");
    assert_eq!(r.json()["created_at"], "1700000000");
    // Valid for 3 days, not a second more.
    clock.advance(Duration::from_secs(3 * 24 * 3600 - 1));
    assert_errcode(&send(&s, KEY, &file_msg(&file)), 0);
    clock.advance(Duration::from_secs(1));
    assert_errcode(&send(&s, KEY, &file_msg(&file)), 40007);
    // The server's own offset (POST /_mock/clock) adds to the injected clock.
    let fresh = media_id(&upload(&s, KEY, "file", "c.txt", b"mytext"));
    s.advance_clock(Duration::from_secs(3 * 24 * 3600)).unwrap();
    assert_errcode(&send(&s, KEY, &file_msg(&fresh)), 40007);
}

#[test]
fn card_attachments_need_a_valid_media_id() {
    let s = server();
    let card = |id: &str| {
        json!({"msgtype": "template_card", "template_card": {
            "card_type": "text_notice",
            "main_title": {"title": "欢迎使用企业微信"},
            "horizontal_content_list": [{"keyname": "企微下载", "value": "企业微信.apk", "type": 2, "media_id": id}],
            "card_action": {"type": 1, "url": "https://work.weixin.qq.com/?from=openApi"}
        }})
    };
    assert_errcode(&send(&s, KEY, &card("MEDIAID")), 40007);
    s.register_media(KEY, "MEDIAID", MediaKind::File);
    assert_errcode(&send(&s, KEY, &card("MEDIAID")), 0);
    let r = send(&s, KEY, &card(""));
    assert_errcode(&r, 40007);
}

#[test]
fn rate_limit_45009_sliding_window_not_recorded_as_delivered() {
    let clock = Arc::new(ManualClock::at_unix(1_700_000_000));
    let s = start(MockConfig::default().with_clock(clock.clone()).with_rate_limit(Some((3, Duration::from_secs(10)))));
    for i in 0..3 {
        assert_errcode(&send(&s, KEY, &text(&format!("m{i}"))), 0);
        clock.advance(Duration::from_secs(2));
    }
    // t = 6: three in the last 10 s.
    let r = send(&s, KEY, &text("m3"));
    assert_errcode(&r, 45009);
    assert!(r.errmsg().starts_with("api freq out of limit"));
    // Invalid messages over the limit are refused by the limit first.
    assert_errcode(&send(&s, KEY, &text("")), 45009);
    // Another key has its own window; uploads are not counted.
    assert_errcode(&send(&s, OTHER_KEY, &text("x")), 0);
    assert_errcode(&upload(&s, KEY, "file", "a.txt", b"mytext"), 0);
    // t = 10: the first message (t = 0) left the window.
    clock.advance(Duration::from_secs(4));
    assert_errcode(&send(&s, KEY, &text("m4")), 0);
    assert_errcode(&send(&s, KEY, &text("m5")), 45009);
    // Rejected messages do not use the window.
    clock.advance(Duration::from_secs(2)); // t = 12: m1 (t = 2) left
    assert_errcode(&send(&s, KEY, &text("")), 44004);
    assert_errcode(&send(&s, KEY, &text("m6")), 0);
    let delivered: Vec<String> = s
        .delivered(KEY)
        .iter()
        .filter(|r| r.kind == RecordKind::Send)
        .map(|r| r.body_json().unwrap()["text"]["content"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(delivered, ["m0", "m1", "m2", "m4", "m6"]);
    let limited = s.records(KEY).iter().filter(|r| r.reply.errcode() == Some(45009)).count();
    assert_eq!(limited, 3);
    // Off means off.
    let off = start(MockConfig::default().with_rate_limit(None));
    for _ in 0..30 {
        assert_errcode(&send(&off, KEY, &text("x")), 0);
    }
}

#[test]
fn default_rate_limit_is_20_per_minute() {
    let s = start(MockConfig::default());
    for _ in 0..20 {
        assert_errcode(&send(&s, KEY, &text("x")), 0);
    }
    assert_errcode(&send(&s, KEY, &text("x")), 45009);
    s.advance_clock(Duration::from_secs(60)).unwrap();
    assert_errcode(&send(&s, KEY, &text("x")), 0);
}

#[test]
fn chunked_bodies_are_recorded_decoded_with_their_transfer_encoding() {
    use std::io::{Read, Write};
    let s = server();
    let body = text("streamed").to_string();
    let mut c = std::net::TcpStream::connect(s.addr()).unwrap();
    write!(
        c,
        "POST /cgi-bin/webhook/send?key={KEY} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
        body.len()
    )
    .unwrap();
    let mut raw = Vec::new();
    c.read_to_end(&mut raw).unwrap();
    assert_errcode(&parse_response(&raw).unwrap(), 0);
    let rec = &s.records(KEY)[0];
    assert_eq!(rec.body, body.as_bytes());
    assert_eq!(rec.headers.transfer_encoding.as_deref(), Some("chunked"));
    assert_eq!(rec.headers.content_length, None);
}
