//! Sending through a real local HTTP proxy (a CONNECT tunnel, as ureq 3 does for every
//! target), configured explicitly with `ProxyConfig::Url`.

mod client_support;

use client_support::proxy::Proxy;
use client_support::*;
use wecom_bot::{ErrorKind, MediaKind, ProxyConfig};

#[test]
fn messages_and_uploads_go_through_an_explicit_proxy() {
    let mock = mock();
    let proxy = Proxy::start(false);
    let key = &canary("proxy-explicit");
    let bot = client_with(&mock, key, |c| c.proxy = ProxyConfig::Url(proxy.url()));
    bot.send_text("through the proxy").unwrap();
    let media = bot.send_file(fixture("icon.png")).unwrap();
    let lines = proxy.request_lines();
    assert!(!lines.is_empty(), "the proxy saw no connection");
    let target = format!("127.0.0.1:{}", mock.port());
    for line in &lines {
        assert_eq!(line, &format!("CONNECT {target} HTTP/1.1"), "ureq 3 tunnels with CONNECT: {lines:?}");
    }
    let delivered = mock.delivered(key);
    assert_eq!(delivered.len(), 3, "the message, the upload and the file message reached the server");
    assert_eq!(delivered[0].body_json().unwrap()["text"]["content"], "through the proxy");
    assert_eq!(delivered[2].body_json().unwrap()["file"]["media_id"], media.media_id.as_str());
}

#[test]
fn proxy_credentials_are_sent_to_the_proxy() {
    let mock = mock();
    let proxy = Proxy::start(false);
    let key = &canary("proxy-credentials");
    let url = format!("http://alice:s3cret@127.0.0.1:{}", proxy.port);
    let bot = client_with(&mock, key, |c| c.proxy = ProxyConfig::Url(url));
    bot.send_text("authenticated").unwrap();
    let head = &proxy.requests()[0];
    // base64("alice:s3cret")
    assert!(head.iter().any(|l| l == "Proxy-Authorization: Basic YWxpY2U6czNjcmV0"), "{head:?}");
    assert_eq!(mock.delivered(key).len(), 1);
}

#[test]
fn a_refusing_or_missing_proxy_is_a_transport_error() {
    let mock = mock();
    let refusing = Proxy::start(true);
    let key = &canary("proxy-refusing");
    let bot = client_with(&mock, key, |c| c.proxy = ProxyConfig::Url(refusing.url()));
    let e = bot.send_text("x").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    assert_eq!(refusing.requests().len(), 1, "a refusal by the proxy is not retried");
    let e = bot.upload_bytes(MediaKind::File, b"hello world", "a.txt").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    assert!(mock.all_records().is_empty());

    let bot = client_with(&mock, key, |c| c.proxy = ProxyConfig::Url(format!("http://127.0.0.1:{}", closed_port())));
    assert_eq!(bot.send_text("x").unwrap_err().kind(), ErrorKind::Transport);
    assert!(mock.all_records().is_empty());
}

#[test]
fn the_proxy_also_forwards_absolute_form_requests() {
    // The test proxy's other mode, checked on its own with a hand-written request, so that
    // the proxy tests stay valid if a client sends absolute-form requests for http targets.
    use std::io::{Read, Write};
    let mock = mock();
    let proxy = Proxy::start(false);
    let body = r#"{"msgtype":"text","text":{"content":"absolute form"}}"#;
    let mut s = std::net::TcpStream::connect(("127.0.0.1", proxy.port)).unwrap();
    write!(
        s,
        "POST http://127.0.0.1:{}/cgi-bin/webhook/send?key=proxy-absolute HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        mock.port(),
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert_eq!(mock.delivered("proxy-absolute").len(), 1);
}
