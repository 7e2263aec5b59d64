//! Bad input and failing servers: the documented exit code, one line on stderr naming the
//! field and the rule, and never the key.

use wecom_bot_mock::{Fault, MockConfig, MockServer};

use crate::support::{key, mock, Cmd};

#[test]
fn validation_errors_name_the_field_and_send_nothing() {
    let server = mock();
    let k = key("validation");
    let long = "a".repeat(2051);
    Cmd::new(&["send", "text", &long])
        .key(&k)
        .at(&server)
        .run()
        .fails(10, &["error: validation: text.content is 2051 bytes; the limit is 2048"]);
    Cmd::new(&["send", "markdown", "-"])
        .key(&k)
        .at(&server)
        .stdin("")
        .run()
        .fails(10, &["markdown.content is required"]);
    Cmd::new(&["send", "news", "--article", "title=only a title"])
        .key(&k)
        .at(&server)
        .run()
        .fails(10, &["news.articles[0].url is required"]);
    let nine: Vec<String> = (0..9).flat_map(|i| ["--article".to_string(), format!("title=t{i},url=u")]).collect();
    let nine: Vec<&str> = nine.iter().map(String::as_str).collect();
    Cmd::new(&["send", "news"])
        .args(&nine)
        .key(&k)
        .at(&server)
        .run()
        .fails(10, &["news.articles has 9 items; the limit is 8"]);
    Cmd::new(&[
        "send",
        "card",
        "--card-type",
        "news_notice",
        "--title",
        "t",
        "--image-url",
        "u",
        "--aspect-ratio",
        "3",
        "--action-url",
        "a",
    ])
    .key(&k)
    .at(&server)
    .run()
    .fails(10, &["template_card.card_image.aspect_ratio is 3"]);
    Cmd::new(&["send", "card", "--title", "t"])
        .key(&k)
        .at(&server)
        .run()
        .fails(10, &["template_card.card_action is required"]);
    Cmd::new(&[
        "send",
        "card",
        "--title",
        "t",
        "--action-url",
        "a",
        "--jump",
        "a=1",
        "--jump",
        "b=2",
        "--jump",
        "c=3",
        "--jump",
        "d=4",
    ])
    .key(&k)
    .at(&server)
    .run()
    .fails(10, &["template_card.jump_list has 4 items; the limit is 3"]);
    Cmd::new(&["send", "--json", "-"])
        .key(&k)
        .at(&server)
        .stdin(r#"{"msgtype":"text","text":{"content":"x","extra":1}}"#)
        .run()
        .fails(10, &["text.extra", "unknown field"]);
    Cmd::new(&["send", "--json", "-"]).key(&k).at(&server).stdin("{not json").run().fails(10, &["not valid JSON"]);
    Cmd::new(&["send", "--json", "-"])
        .key(&k)
        .at(&server)
        .stdin(r#"{"msgtype":"fax"}"#)
        .run()
        .fails(10, &["msgtype \"fax\""]);
    Cmd::new(&["send", "image", "-"])
        .key(&k)
        .at(&server)
        .stdin("GIF89a not a png")
        .run()
        .fails(10, &["image.base64", "JPG or PNG"]);
    assert!(server.all_records().is_empty(), "nothing reaches the server");
}

#[test]
fn usage_errors_exit_2() {
    let k = key("usage");
    Cmd::new(&["send"]).key(&k).run().fails(2, &["give a message type"]);
    Cmd::new(&["send", "--json", "-", "text", "x"]).key(&k).run().fails(2, &[]);
    Cmd::new(&["send", "text"]).key(&k).run().fails(2, &["CONTENT"]);
    Cmd::new(&["send", "text", "x", "--key", &k, "--webhook", "https://h.test/cgi-bin/webhook/send?key=abc"])
        .secret(&k)
        .run()
        .fails(2, &[]);
    Cmd::new(&["send", "news", "--article", "headline=x"]).key(&k).run().fails(2, &["--article"]);
    Cmd::new(&["send", "card", "--title", "t", "--image-url", "u"])
        .key(&k)
        .run()
        .fails(2, &["--image-url applies to news_notice cards only"]);
    Cmd::new(&["send", "card", "--card-type", "news_notice", "--sub-title", "s"])
        .key(&k)
        .run()
        .fails(2, &["--sub-title applies to text_notice"]);
    Cmd::new(&["send", "text", "x", "--timeout", "0"]).key(&k).run().fails(2, &["--timeout"]);
    Cmd::new(&["upload", "audio", "x"]).key(&k).run().fails(2, &[]);
    Cmd::new(&["frobnicate"]).run().fails(2, &[]);
    // --key=VALUE in a usage error is not echoed either.
    let eq = format!("--key={k}");
    Cmd::new(&["send", "text", &eq, "--bogus"]).secret(&k).run().fails(2, &[]);
}

#[test]
fn missing_or_malformed_key_and_bad_input_are_invalid_arguments() {
    Cmd::new(&["send", "text", "x"]).run().fails(18, &["error: invalid_argument:", "WECOM_BOT_KEY"]);
    Cmd::new(&["send", "text", "x", "--key", "not a valid key!"]).run().fails(18, &["letters, digits"]);
    let k = key("badurl");
    Cmd::new(&["send", "text", "x", "--base-url", "ftp://x"]).key(&k).run().fails(18, &["base_url"]);
    Cmd::new(&["send", "text", "x", "--base-url", "http://10.1.2.3:8080"]).key(&k).run().fails(18, &["plain http"]);
    Cmd::new(&["send", "text", "-"])
        .key(&k)
        .stdin(vec![b'o', b'k', 0xFF, 0xFE])
        .run()
        .fails(18, &["not valid UTF-8 (at byte 2)"]);
    Cmd::new(&["send", "image", "/no/such.png"]).key(&k).run().fails(17, &["error: io:", "/no/such.png"]);
    Cmd::new(&["send", "--json", "/no/such.json"]).key(&k).run().fails(17, &["error: io:"]);
}

/// A loopback port nobody listens on.
fn dead_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

#[test]
fn a_dead_server_is_a_transport_error_and_the_key_stays_secret_even_when_verbose() {
    let k = key("deadserver");
    let url = dead_port_url();
    Cmd::new(&["send", "text", "x", "--base-url", &url]).key(&k).run().fails(15, &["error: transport:"]);
    let run =
        Cmd::new(&["-v", "send", "text", "x", "--base-url", &url]).key(&k).run().fails(15, &["error: transport:"]);
    assert!(run.stderr.contains("wecom-bot: [debug"), "-v logs: {run:?}");
    assert!(run.stderr.contains("key=CliS…3KfP"), "the key is shown masked: {run:?}");
    // -vv: the HTTP library's own debug lines (which log the URL) are redacted too.
    let webhook = format!("{url}/cgi-bin/webhook/send?key={k}");
    let run = Cmd::new(&["-vv", "upload", "file", &crate::support::fixture("icon.png")])
        .env("WECOM_BOT_WEBHOOK", &webhook)
        .secret(&k)
        .secret(&webhook)
        .run()
        .fails(15, &["error: transport:"]);
    assert!(run.stderr.contains("[debug ureq"), "-vv shows ureq: {run:?}");
}

#[test]
fn very_verbose_sending_shows_no_piece_of_the_key() {
    // ureq's trace dumps each request's bytes 16 a line, as hex and as text: the URL's key is
    // cut across lines there, where neither masking nor a whole-key check can find it.
    let server = mock();
    let k = key("vv");
    let run = Cmd::new(&["-vv", "send", "text", "hello"]).key(&k).at(&server).run().ok();
    assert!(run.stderr.contains("[debug ureq"), "-vv shows the HTTP library's lines: {run:?}");
    assert!(run.stderr.contains("key=CliS…3KfP"), "the key is shown masked: {run:?}");
    let hex_of = |s: &str| s.bytes().map(|b| format!("{b:02x}")).collect::<String>();
    let stderr_hex_digits: String = run.stderr.chars().filter(char::is_ascii_hexdigit).collect();
    // Every 6-character piece of the key: the mask shows only 4 at each end.
    for piece in k.as_bytes().windows(6).map(|w| std::str::from_utf8(w).unwrap()) {
        assert!(!run.stderr.contains(piece), "{piece:?} of the key in stderr: {run:?}");
        assert!(!stderr_hex_digits.contains(&hex_of(piece)), "{piece:?} of the key as hex in stderr: {run:?}");
    }
    assert_eq!(server.delivered(&k).len(), 1);
}

fn scripted(fault: Fault) -> MockServer {
    let server = mock();
    server.script("*", fault, 10);
    server
}

#[test]
fn server_answers_map_to_their_exit_codes() {
    let k = key("answers");
    let s = MockServer::start(MockConfig::default().with_keys(["some-other-registered-key"])).unwrap();
    Cmd::new(&["send", "text", "x"]).key(&k).at(&s).run().fails(11, &["error: api:", "errcode 93000"]);
    let s = scripted(Fault::Warning { errmsg: None });
    Cmd::new(&["send", "text", "x"]).key(&k).at(&s).run().fails(11, &["error: api:", "Warning"]);
    let s = scripted(Fault::Errcode { errcode: 45009, errmsg: None });
    Cmd::new(&["send", "text", "x", "--no-rate-limit"])
        .key(&k)
        .at(&s)
        .run()
        .fails(12, &["error: rate_limited:", "errcode 45009"]);
    Cmd::new(&["send", "text", "x", "--rate-limit-policy", "fail-fast"])
        .key(&k)
        .at(&s)
        .run()
        .fails(12, &["error: rate_limited:"]);
    let s = scripted(Fault::HttpStatus { status: 502, body: None });
    Cmd::new(&["send", "text", "x"]).key(&k).at(&s).run().fails(13, &["error: http_status:", "502"]);
    let s = scripted(Fault::NotJson { body: None });
    Cmd::new(&["send", "text", "x"]).key(&k).at(&s).run().fails(16, &["error: decode:"]);
    let s = scripted(Fault::Delay { ms: 20_000, then: None });
    Cmd::new(&["send", "text", "x", "--timeout", "0.3"]).key(&k).at(&s).run().fails(14, &["error: timeout:"]);
}

#[test]
fn the_server_echoing_the_key_is_redacted() {
    let k = key("echo");
    let s = scripted(Fault::Errcode { errcode: 40058, errmsg: Some(format!("bad key {k} here")) });
    let run = Cmd::new(&["-v", "send", "text", "x"]).key(&k).at(&s).run().fails(11, &["errcode 40058"]);
    assert!(run.stderr.contains("bad key"), "{run:?}");
}

#[test]
fn a_failing_split_says_how_many_were_sent() {
    let server = mock();
    let k = key("partial");
    let content = "x\n".repeat(3000);
    server.script(&k, Fault::Delay { ms: 0, then: None }, 1);
    server.script(&k, Fault::Errcode { errcode: 40058, errmsg: None }, 1);
    Cmd::new(&["send", "text", "-", "--split"])
        .key(&k)
        .at(&server)
        .stdin(content)
        .run()
        .fails(11, &["errcode 40058", "(1 of 3 messages were sent before this failure)"]);
    assert_eq!(server.delivered(&k).len(), 1);
}

#[test]
fn a_failed_send_after_an_upload_tells_the_media_id() {
    let server = mock();
    let k = key("afterupload");
    // The upload is the first request; the fault applies to the second (the send).
    server.script(&k, Fault::Delay { ms: 0, then: None }, 1);
    server.script(&k, Fault::Errcode { errcode: -1, errmsg: None }, 5);
    let run = Cmd::new(&["send", "file", &crate::support::fixture("icon.png")]).key(&k).at(&server).run();
    assert_eq!(run.code, 11, "{run:?}");
    let id = server.delivered(&k)[0].upload.as_ref().unwrap().media_id.clone().unwrap();
    assert!(run.stderr.contains(&format!("--media-id {id}")), "{run:?}");
}

#[test]
fn proxies_from_flags_and_environment() {
    let server = mock();
    let k = key("proxy");
    let dead = dead_port_url();
    // The environment's proxy is never used for plain http to loopback (a proxy would see the
    // key in clear): here it is dead, and the message still goes straight to the mock...
    Cmd::new(&["send", "text", "x"]).key(&k).at(&server).env("HTTP_PROXY", &dead).env("ALL_PROXY", &dead).run().ok();
    Cmd::new(&["send", "text", "x", "--no-proxy"]).key(&k).at(&server).env("HTTP_PROXY", &dead).run().ok();
    // ...while an explicit proxy on loopback is used (and here it is dead).
    Cmd::new(&["send", "text", "x", "--proxy", &dead]).key(&k).at(&server).run().fails(15, &["error: transport:"]);
    // Plain http through a proxy on another host needs --allow-insecure-http.
    Cmd::new(&["send", "text", "x", "--proxy", "http://proxy.invalid:3128"])
        .key(&k)
        .at(&server)
        .run()
        .fails(18, &["proxy", "allow_insecure_http"]);
    Cmd::new(&["send", "text", "x", "--proxy", "not a url"]).key(&k).at(&server).run().fails(18, &["proxy"]);
    Cmd::new(&["send", "text", "x", "--proxy", &dead, "--no-proxy"]).key(&k).run().fails(2, &[]);
    assert_eq!(server.delivered(&k).len(), 2);
}

#[test]
#[cfg(target_os = "linux")]
fn a_failing_standard_output_is_an_io_error_not_a_panic() {
    use std::process::{Command, Stdio};
    // /dev/full fails every write (ENOSPC), deterministically, unlike a pipe closed in a race.
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full exists on Linux");
    let out = Command::new(crate::support::BIN)
        .args(["send", "text", "x", "--dry-run"])
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(17), "{stderr}");
    assert!(stderr.starts_with("error: io: cannot write standard output"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
