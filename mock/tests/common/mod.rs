//! Helpers shared by the mock's integration tests: a raw HTTP/1.1 client over `TcpStream`
//! (so tests control every byte), message and multipart builders, fixtures.
#![allow(dead_code)]

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use base64::Engine as _;
use md5::{Digest, Md5};
use serde_json::{json, Value};
use wecom_bot_mock::{MockConfig, MockServer};

/// A key long enough to show redaction.
pub const KEY: &str = "693a91f6-k3yc4n4ry-97a0-0ec2sifa5aaa";
pub const OTHER_KEY: &str = "0f1e2d3c-k3yc4n4ry-8695-a4b3c2d1e0ff";
pub const BOUNDARY: &str = "-------------------------acebdf13572468";

/// A response read off the wire.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn errcode(&self) -> i64 {
        self.json()["errcode"].as_i64().expect("errcode")
    }
    pub fn errmsg(&self) -> String {
        self.json()["errmsg"].as_str().expect("errmsg").to_string()
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

pub fn start(config: MockConfig) -> MockServer {
    MockServer::start(config).expect("mock starts")
}

/// One request on a fresh connection (`Connection: close`). `Err(UnexpectedEof)` when the
/// server closed the connection without an answer.
pub fn request(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> io::Result<Resp> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-length")) {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes())?;
    s.write_all(body)?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    parse_response(&raw)
}

pub fn parse_response(raw: &[u8]) -> io::Result<Resp> {
    if raw.is_empty() {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "closed without an answer"));
    }
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| io::Error::other("no header end"))?;
    let head = std::str::from_utf8(&raw[..split]).map_err(io::Error::other)?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or("");
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| io::Error::other("bad status line"))?;
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked")) {
        body = dechunk(&body);
    }
    Ok(Resp { status, headers, body })
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = usize::from_str_radix(std::str::from_utf8(&b[..eol]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
}

pub fn send_raw(server: &MockServer, key: &str, body: &[u8]) -> Resp {
    let target = format!("/cgi-bin/webhook/send?key={key}");
    request(server.addr(), "POST", &target, &[("Content-Type", "application/json")], body).expect("answer")
}

pub fn send(server: &MockServer, key: &str, msg: &Value) -> Resp {
    send_raw(server, key, msg.to_string().as_bytes())
}

pub fn text(content: &str) -> Value {
    json!({"msgtype": "text", "text": {"content": content}})
}

/// The spec's upload form (the harness library's one template) with [`BOUNDARY`].
pub fn multipart(filename: &str, data: &[u8]) -> Vec<u8> {
    wecom_bot_conformance::expected_multipart(BOUNDARY, filename, wecom_bot_conformance::OCTET_STREAM, data)
}

pub fn upload_raw(server: &MockServer, query: &str, content_type: &str, body: &[u8]) -> Resp {
    let target = format!("/cgi-bin/webhook/upload_media?{query}");
    request(server.addr(), "POST", &target, &[("Content-Type", content_type)], body).expect("answer")
}

pub fn upload(server: &MockServer, key: &str, kind: &str, filename: &str, data: &[u8]) -> Resp {
    let ct = format!("multipart/form-data; boundary={BOUNDARY}");
    upload_raw(server, &format!("key={key}&type={kind}"), &ct, &multipart(filename, data))
}

pub fn fixture(name: &str) -> Vec<u8> {
    wecom_bot_conformance::fixture(name).unwrap_or_else(|e| panic!("{e}"))
}

pub fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

pub fn image(bytes: &[u8]) -> Value {
    json!({"msgtype": "image", "image": {
        "base64": base64::engine::general_purpose::STANDARD.encode(bytes),
        "md5": md5_hex(bytes),
    }})
}

pub fn control(server: &MockServer, method: &str, path: &str, body: &Value) -> Resp {
    let body = if body.is_null() { String::new() } else { body.to_string() };
    request(server.addr(), method, path, &[("Content-Type", "application/json")], body.as_bytes()).expect("answer")
}

pub fn records_http(server: &MockServer, query: &str) -> Vec<Value> {
    let r = control(server, "GET", &format!("/_mock/records?{query}"), &Value::Null);
    assert_eq!(r.status, 200, "{}", r.text());
    r.json().as_array().expect("a list").clone()
}

/// Asserts an API answer: HTTP 200, JSON, this errcode, errmsg in the real style.
#[track_caller]
pub fn assert_errcode(resp: &Resp, errcode: i64) {
    assert_eq!(resp.status, 200, "{}", resp.text());
    assert_eq!(resp.errcode(), errcode, "{}", resp.text());
    if errcode != 0 {
        let msg = resp.errmsg();
        assert!(msg.contains(", hint: ["), "{msg}");
        assert!(msg.contains("from ip: 127.0.0.1"), "{msg}");
        assert!(
            msg.ends_with(&format!("more info at https://open.work.weixin.qq.com/devtool/query?e={errcode}")),
            "{msg}"
        );
    }
}
