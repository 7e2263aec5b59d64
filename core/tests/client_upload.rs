//! Uploads over real sockets: the multipart body byte for byte with a fixed boundary, a
//! Content-Length (never chunked), the media returned, `send_file`/`send_voice` round trips,
//! and every upload rule refused before any network use.

mod client_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

use client_support::*;
use wecom_bot::{ErrorKind, MediaKind, Rule};
use wecom_bot_conformance::{expected_multipart, OCTET_STREAM};
use wecom_bot_mock::{MockServer, Record, UPLOAD_PATH};

const BOUNDARY: &str = "----wecombot-test-boundary-1234567890";

/// The whole multipart body the spec shows, for `content` named `filename`.
fn expected_body(filename: &str, content: &[u8]) -> Vec<u8> {
    expected_multipart(BOUNDARY, filename, OCTET_STREAM, content)
}

fn assert_upload_request(record: &Record, key: &str, kind: &str, filename: &str, content: &[u8]) {
    assert_eq!(record.method, "POST");
    assert_eq!(record.path, UPLOAD_PATH);
    assert_eq!(record.query, format!("key={key}&type={kind}"));
    assert_eq!(
        record.headers.content_type.as_deref(),
        Some(format!("multipart/form-data; boundary={BOUNDARY}").as_str())
    );
    assert_eq!(record.headers.user_agent.as_deref(), Some(USER_AGENT));
    let expected = expected_body(filename, content);
    assert_eq!(record.headers.content_length.as_deref(), Some(expected.len().to_string().as_str()));
    assert!(record.body == expected, "the multipart body differs from the expected bytes:\n{}", record.body_text());
    let part = record.upload.as_ref().expect("the mock parsed the media part");
    assert_eq!((part.filename.as_deref(), part.size), (Some(filename), content.len()));
    assert!(record.delivered, "{:?}", record.reply);
}

fn fixed_client(mock: &MockServer, key: &str) -> wecom_bot::Client {
    client_with(mock, key, |c| c.multipart_boundary = Some(BOUNDARY.into()))
}

#[test]
fn uploads_from_path_and_bytes_send_the_exact_multipart_body() {
    let mock = mock();
    let key = "upload-exact";
    let bot = fixed_client(&mock, key);
    let banner = std::fs::read(fixture("banner.jpg")).unwrap();
    let voice = std::fs::read(fixture("voice-3s.amr")).unwrap();

    let cases: Vec<(MediaKind, &str, &[u8], wecom_bot::Media)> = vec![
        (MediaKind::File, "banner.jpg", &banner, bot.upload_path(MediaKind::File, fixture("banner.jpg")).unwrap()),
        (
            MediaKind::File,
            "报告 2026.txt",
            b"hello, world",
            bot.upload_bytes(MediaKind::File, b"hello, world", "报告 2026.txt").unwrap(),
        ),
        (MediaKind::Voice, "voice-3s.amr", &voice, bot.upload_path(MediaKind::Voice, fixture("voice-3s.amr")).unwrap()),
        (MediaKind::Voice, "note.amr", &voice, bot.upload_bytes(MediaKind::Voice, &voice, "note.amr").unwrap()),
    ];
    let records = mock.records(key);
    assert_eq!(records.len(), cases.len());
    for ((kind, filename, content, media), record) in cases.iter().zip(&records) {
        assert_upload_request(record, key, kind.as_str(), filename, content);
        assert_eq!(media.kind, *kind);
        assert_eq!(Some(media.media_id.as_str()), record.upload.as_ref().unwrap().media_id.as_deref());
        assert_eq!(media.created_at, record.received_at as i64, "created_at (a string on the wire) parsed");
    }
    // A voice at exactly 60 s is accepted.
    bot.upload_path(MediaKind::Voice, fixture("voice-60s.amr")).unwrap();
}

#[test]
fn send_file_and_send_voice_upload_then_send_the_media_id() {
    let mock = mock();
    let key = "upload-round-trip";
    let bot = client(&mock, key);
    let file = bot.send_file(fixture("icon.png")).unwrap();
    let voice = bot.send_voice(fixture("voice-3s.amr")).unwrap();
    assert_eq!((file.kind, voice.kind), (MediaKind::File, MediaKind::Voice));
    let records = mock.records(key);
    assert_eq!(records.len(), 4);
    assert!(records.iter().all(|r| r.delivered), "the mock accepted every request");
    assert_eq!(records[0].path, UPLOAD_PATH);
    assert_eq!(records[0].query, format!("key={key}&type=file"));
    assert_eq!(
        records[1].body_json().unwrap(),
        serde_json::json!({"msgtype": "file", "file": {"media_id": file.media_id}})
    );
    assert_eq!(records[2].query, format!("key={key}&type=voice"));
    assert_eq!(
        records[3].body_json().unwrap(),
        serde_json::json!({"msgtype": "voice", "voice": {"media_id": voice.media_id}})
    );
    // A random boundary per upload when none is fixed.
    let b0 = &records[0].upload.as_ref().unwrap().boundary;
    let b2 = &records[2].upload.as_ref().unwrap().boundary;
    assert_ne!(b0, b2);
}

#[test]
fn every_upload_rule_is_refused_before_any_network_use() {
    let mock = mock();
    let key = "upload-rules";
    let bot = client(&mock, key);
    let dir = std::env::temp_dir().join(format!("wecom-bot-client-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.bin");
    std::fs::File::create(&big).unwrap().set_len(20 * 1024 * 1024 + 1).unwrap();
    let big_voice = dir.join("big.amr");
    {
        let mut f = std::fs::File::create(&big_voice).unwrap();
        f.write_all(b"#!AMR\n").unwrap();
        f.set_len(2 * 1024 * 1024 + 1).unwrap();
    }
    let tiny = dir.join("tiny.txt");
    std::fs::write(&tiny, b"12345").unwrap();
    let voice = std::fs::read(fixture("voice-3s.amr")).unwrap();

    let check = |result: wecom_bot::Result<wecom_bot::Media>,
                 kind: ErrorKind,
                 field: Option<&str>,
                 rule: Option<Rule>,
                 what: &str| {
        let e = result.expect_err(what);
        assert_eq!((e.kind(), e.field(), e.rule()), (kind, field, rule), "{what}: {e}");
    };
    let v = ErrorKind::Validation;
    check(bot.upload_bytes(MediaKind::File, b"12345", "a.txt"), v, Some("media"), Some(Rule::MinBytes), "5 bytes");
    check(bot.upload_path(MediaKind::File, &tiny), v, Some("media"), Some(Rule::MinBytes), "5 bytes from disk");
    check(bot.upload_path(MediaKind::File, &big), v, Some("media"), Some(Rule::MaxBytes), "file over 20 MiB");
    check(bot.send_file(&big), v, Some("media"), Some(Rule::MaxBytes), "send_file over 20 MiB");
    check(bot.upload_path(MediaKind::Voice, &big_voice), v, Some("media"), Some(Rule::MaxBytes), "voice over 2 MiB");
    check(
        bot.upload_bytes(MediaKind::Voice, b"not an amr file", "v.amr"),
        v,
        Some("media"),
        Some(Rule::Format),
        "voice not AMR",
    );
    check(
        bot.upload_path(MediaKind::Voice, fixture("banner.jpg")),
        v,
        Some("media"),
        Some(Rule::Format),
        "a jpg as voice",
    );
    check(
        bot.upload_bytes(MediaKind::Voice, &voice[..voice.len() - 3], "v.amr"),
        v,
        Some("media"),
        Some(Rule::Format),
        "truncated AMR",
    );
    check(
        bot.upload_path(MediaKind::Voice, fixture("voice-60s-plus-one-frame.amr")),
        v,
        Some("media"),
        Some(Rule::MaxDuration),
        "voice over 60 s",
    );
    check(
        bot.send_voice(fixture("voice-60s-plus-one-frame.amr")),
        v,
        Some("media"),
        Some(Rule::MaxDuration),
        "send_voice over 60 s",
    );
    check(
        bot.upload_bytes(MediaKind::File, b"hello world", ""),
        v,
        Some("filename"),
        Some(Rule::Required),
        "empty filename",
    );
    check(
        bot.upload_bytes(MediaKind::File, b"hello world", "a\"b.txt"),
        v,
        Some("filename"),
        Some(Rule::Format),
        "quote in filename",
    );
    check(
        bot.upload_bytes(MediaKind::File, b"hello world", "a\r\nb.txt"),
        v,
        Some("filename"),
        Some(Rule::Format),
        "CRLF in filename",
    );
    let e = bot.upload_path(MediaKind::File, dir.join("missing.bin")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io);
    assert_eq!(e.path(), Some(dir.join("missing.bin").as_path()));
    assert_eq!(bot.upload_path(MediaKind::File, &dir).unwrap_err().kind(), ErrorKind::Io, "a directory");
    assert_eq!(bot.send_file(dir.join("missing.bin")).unwrap_err().kind(), ErrorKind::Io);
    assert!(mock.all_records().is_empty(), "nothing may reach the server: {:?}", mock.all_records().len());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_bad_fixed_boundary_is_an_invalid_argument() {
    let mock = mock();
    for bad in ["", "has space", "quote\"", &"x".repeat(71)] {
        let cfg = wecom_bot::ClientConfig { multipart_boundary: Some(bad.into()), ..config(&mock) };
        let e = wecom_bot::Client::with_config(wecom_bot::Webhook::from_key("k-boundary").unwrap(), cfg).unwrap_err();
        assert_eq!((e.kind(), e.field()), (ErrorKind::InvalidArgument, Some("multipart_boundary")), "{bad:?}");
    }
}

/// What a raw HTTP server saw of one request: the header lines and the body.
struct Captured {
    head: Vec<String>,
    body: Vec<u8>,
}

impl Captured {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.iter().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// A one-request HTTP server on a raw socket: reads the head, then exactly Content-Length
/// bytes (it cannot read a chunked body: a chunked request fails the test), and answers an
/// upload success.
fn capture_one_upload() -> (u16, std::thread::JoinHandle<Captured>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut head = Vec::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let line = line.trim_end().to_owned();
            if line.is_empty() {
                break;
            }
            head.push(line);
        }
        let mut captured = Captured { head, body: Vec::new() };
        let len: usize = captured.header("content-length").map(|v| v.parse().unwrap()).unwrap_or(0);
        captured.body.resize(len, 0);
        reader.read_exact(&mut captured.body).unwrap();
        let answer = r#"{"errcode":0,"errmsg":"ok","type":"file","media_id":"RAW-1","created_at":1700000000}"#;
        let mut stream = stream;
        write!(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}", answer.len()).unwrap();
        captured
    });
    (port, handle)
}

#[test]
fn uploads_carry_a_content_length_and_are_never_chunked() {
    let banner = std::fs::read(fixture("banner.jpg")).unwrap();
    for from_path in [true, false] {
        let (port, server) = capture_one_upload();
        let cfg = wecom_bot::ClientConfig {
            base_url: Some(format!("http://127.0.0.1:{port}")),
            proxy: wecom_bot::ProxyConfig::None,
            multipart_boundary: Some(BOUNDARY.into()),
            retry: wecom_bot::RetryPolicy::none(),
            rate_limit: None,
            ..wecom_bot::ClientConfig::default()
        };
        let bot = wecom_bot::Client::with_config(wecom_bot::Webhook::from_key("upload-raw").unwrap(), cfg).unwrap();
        let media = if from_path {
            bot.upload_path(MediaKind::File, fixture("banner.jpg")).unwrap()
        } else {
            bot.upload_bytes(MediaKind::File, &banner, "banner.jpg").unwrap()
        };
        // created_at as a JSON number is accepted too.
        assert_eq!((media.media_id.as_str(), media.created_at), ("RAW-1", 1_700_000_000));
        let seen = server.join().unwrap();
        assert!(
            seen.head[0].starts_with(&format!("POST {UPLOAD_PATH}?key=upload-raw&type=file HTTP/1.1")),
            "{:?}",
            seen.head[0]
        );
        assert_eq!(seen.header("transfer-encoding"), None, "not chunked (from_path: {from_path})");
        let expected = expected_body("banner.jpg", &banner);
        assert_eq!(seen.header("content-length"), Some(expected.len().to_string().as_str()));
        assert!(seen.body == expected, "exact bytes (from_path: {from_path})");
        assert_eq!(seen.head.iter().filter(|l| l.to_ascii_lowercase().starts_with("content-length")).count(), 1);
    }
}

#[test]
fn odd_upload_answers_are_decode_errors() {
    // A server answering errcode 0 without a media_id, with the wrong type, or without a
    // usable created_at: the client reports decode, not a half-made Media.
    let mock = mock();
    let key = "upload-odd";
    let bot = client(&mock, key);
    for body in [
        r#"{"errcode":0,"errmsg":"ok"}"#,
        r#"{"errcode":0,"errmsg":"ok","type":"voice","media_id":"M","created_at":"1"}"#,
        r#"{"errcode":0,"errmsg":"ok","type":"file","media_id":"M","created_at":"yesterday"}"#,
        r#"{"errcode":0,"errmsg":"ok","type":"file","media_id":"","created_at":"1"}"#,
    ] {
        mock.script(key, wecom_bot_mock::Fault::NotJson { body: Some(body.into()) }, 1);
        let e = bot.upload_bytes(MediaKind::File, b"hello world", "a.txt").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "{body}: {e}");
    }
}

#[test]
fn the_spec_example_upload_has_the_spec_content_length() {
    // The spec's upload example: "mytext" as wework.txt with boundary
    // -------------------------acebdf13572468 is sent with Content-Length: 220.
    let mock = mock();
    let key = "upload-spec-example";
    let boundary = "-------------------------acebdf13572468";
    let bot = client_with(&mock, key, |c| c.multipart_boundary = Some(boundary.into()));
    bot.upload_bytes(MediaKind::File, b"mytext", "wework.txt").unwrap();
    let r = only_record(&mock, key);
    assert_eq!(r.headers.content_length.as_deref(), Some("220"));
    assert_eq!(r.body, expected_multipart(boundary, "wework.txt", OCTET_STREAM, b"mytext"));
}
