//! What the mock received and answered, as listed by `GET /_mock/records`.

use std::collections::VecDeque;

use base64::Engine as _;
use md5::{Digest, Md5};
use serde_json::{json, Value};

use crate::fault::Fault;
use crate::query::percent_decode;

/// Which endpoint a request went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// `/cgi-bin/webhook/send`
    Send,
    /// `/cgi-bin/webhook/upload_media`
    Upload,
}

impl RecordKind {
    /// `"send"` or `"upload"`.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Send => "send",
            RecordKind::Upload => "upload",
        }
    }
}

/// The request headers a record keeps (as sent, `None` when absent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordHeaders {
    /// `Content-Type`
    pub content_type: Option<String>,
    /// `Content-Length`
    pub content_length: Option<String>,
    /// `User-Agent`
    pub user_agent: Option<String>,
    /// `Transfer-Encoding` (a body streamed without a length says `chunked` here)
    pub transfer_encoding: Option<String>,
}

/// The `media` part of an upload, as the mock parsed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadPart {
    /// The `type` query parameter (`file` or `voice`).
    pub media_type: String,
    /// The multipart boundary of the request's `Content-Type`.
    pub boundary: String,
    /// The `filename` of the part's `Content-Disposition`.
    pub filename: Option<String>,
    /// The `filelength` of the part's `Content-Disposition`, as written.
    pub filelength: Option<String>,
    /// The part's own `Content-Type`.
    pub content_type: Option<String>,
    /// Size of the part's data in bytes.
    pub size: usize,
    /// MD5 of the part's data, lowercase hex.
    pub md5: String,
    /// The media_id handed out, when the upload succeeded.
    pub media_id: Option<String>,
}

/// What the mock answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// An HTTP answer.
    Http {
        /// HTTP status.
        status: u16,
        /// The body, exactly as sent.
        body: String,
    },
    /// The connection was closed without an answer.
    Closed,
}

impl Reply {
    /// The body parsed as JSON, when it is JSON.
    pub fn json(&self) -> Option<Value> {
        match self {
            Reply::Http { body, .. } => serde_json::from_str(body).ok(),
            Reply::Closed => None,
        }
    }

    /// The `errcode` of a JSON answer.
    pub fn errcode(&self) -> Option<i64> {
        self.json()?.get("errcode")?.as_i64()
    }
}

fn query_params(query: &str) -> Value {
    let mut map = serde_json::Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        map.entry(percent_decode(k)).or_insert_with(|| Value::String(percent_decode(v)));
    }
    Value::Object(map)
}

/// One request to `/cgi-bin/webhook/send` or `/cgi-bin/webhook/upload_media`, and the answer.
///
/// Its `Debug` shows the key redacted (`693a…5aaa`) and the body's length, not the body.
#[derive(Clone, PartialEq, Eq)]
pub struct Record {
    /// Position among all records of this server since the last reset, from 1.
    pub seq: u64,
    /// Which endpoint.
    pub kind: RecordKind,
    /// The `key` query parameter, decoded (empty when missing).
    pub key: String,
    /// HTTP method.
    pub method: String,
    /// Path, without the query.
    pub path: String,
    /// Query string as received (without `?`).
    pub query: String,
    /// Selected headers.
    pub headers: RecordHeaders,
    /// The exact body bytes received: all of them when the body was at most
    /// `MockConfig::max_recorded_body` long, else only the first [`BODY_PREFIX`] bytes (see
    /// `body_size` and `body_md5` for the whole).
    pub body: Vec<u8>,
    /// Size of the whole body in bytes.
    pub body_size: usize,
    /// MD5 of the whole body, lowercase hex.
    pub body_md5: String,
    /// The `msgtype` of a send body, when the body is a JSON object with a string `msgtype`.
    pub msgtype: Option<String>,
    /// Unknown fields of a send body that the mock ignored (full paths, e.g. `safe`,
    /// `news.articles[0].appid`); empty when there were none.
    pub dropped_fields: Vec<String>,
    /// The parsed `media` part of an upload.
    pub upload: Option<UploadPart>,
    /// Whether the real server would have delivered the message to the group (or stored the
    /// upload): errcode 0 without a warning, and no fault other than a delay or a close after
    /// processing.
    pub delivered: bool,
    /// The scripted fault applied to this request, if any.
    pub fault: Option<Fault>,
    /// The answer.
    pub reply: Reply,
    /// Mock-clock time the request was handled, Unix seconds.
    pub received_at: u64,
}

/// How much of a body too long to record whole is kept.
pub const BODY_PREFIX: usize = 64 * 1024;

/// The lowercase hex MD5 of `bytes`.
pub(crate) fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The part of `body` a record keeps: all of it up to `whole` bytes, else a prefix.
pub(crate) fn kept_body(body: &[u8], whole: usize) -> Vec<u8> {
    if body.len() <= whole {
        body.to_vec()
    } else {
        body[..BODY_PREFIX.min(whole)].to_vec()
    }
}

/// The records of a server, oldest first, within a count and a byte budget: the oldest go
/// first when either is exceeded.
#[derive(Debug, Default)]
pub(crate) struct Records {
    list: VecDeque<Record>,
    /// Body bytes kept by `list`.
    bytes: usize,
    /// Records dropped to stay within the bounds since the last reset.
    dropped: u64,
}

impl Records {
    /// Appends `record`, then drops the oldest while there are more than `max_records` or
    /// their bodies take more than `max_bytes` (the newest record always stays).
    pub fn push(&mut self, record: Record, max_records: usize, max_bytes: usize) {
        self.bytes += record.body.len();
        self.list.push_back(record);
        while self.list.len() > max_records || (self.bytes > max_bytes && self.list.len() > 1) {
            let Some(old) = self.list.pop_front() else { break };
            self.bytes -= old.body.len();
            self.dropped += 1;
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Record> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn dropped(&self) -> u64 {
        self.dropped
    }
}

impl Record {
    /// Whether `body` holds the whole body (else a prefix of it).
    pub fn body_is_whole(&self) -> bool {
        self.body.len() == self.body_size
    }

    /// The body as text (invalid UTF-8 replaced by U+FFFD).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON, when it is JSON (and recorded whole).
    pub fn body_json(&self) -> Option<Value> {
        if !self.body_is_whole() {
            return None;
        }
        serde_json::from_slice(&self.body).ok()
    }

    /// The record as `GET /_mock/records` lists it.
    pub fn to_json(&self) -> Value {
        let b64 = base64::engine::general_purpose::STANDARD;
        let upload = self.upload.as_ref().map(|u| {
            json!({
                "type": u.media_type,
                "boundary": u.boundary,
                "filename": u.filename,
                "filelength": u.filelength,
                "content_type": u.content_type,
                "size": u.size,
                "md5": u.md5,
                "media_id": u.media_id,
            })
        });
        let reply = match &self.reply {
            Reply::Http { status, body } => json!({
                "closed": false,
                "status": status,
                "body": body,
                "json": self.reply.json(),
            }),
            Reply::Closed => json!({"closed": true, "status": null, "body": null, "json": null}),
        };
        json!({
            "seq": self.seq,
            "kind": self.kind.as_str(),
            "key": self.key,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "query_params": query_params(&self.query),
            "headers": {
                "content-type": self.headers.content_type,
                "content-length": self.headers.content_length,
                "user-agent": self.headers.user_agent,
                "transfer-encoding": self.headers.transfer_encoding,
            },
            "body": self.body_text(),
            "body_base64": b64.encode(&self.body),
            "body_json": self.body_json(),
            "body_size": self.body_size,
            "body_md5": self.body_md5,
            "body_truncated": !self.body_is_whole(),
            "msgtype": self.msgtype,
            "dropped_fields": self.dropped_fields,
            "upload": upload,
            "delivered": self.delivered,
            "fault": self.fault.as_ref().map(|f| serde_json::to_value(f).unwrap_or(Value::Null)),
            "reply": reply,
            "received_at": self.received_at,
        })
    }
}

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let query = self
            .query
            .split('&')
            .map(|p| match p.split_once('=') {
                Some(("key", v)) => {
                    format!("key={}", crate::redact::redact_key(&percent_decode(v)))
                }
                _ => p.to_string(),
            })
            .collect::<Vec<_>>()
            .join("&");
        f.debug_struct("Record")
            .field("seq", &self.seq)
            .field("kind", &self.kind)
            .field("key", &crate::redact::redact_key(&self.key))
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &query)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .field("body_size", &self.body_size)
            .field("msgtype", &self.msgtype)
            .field("dropped_fields", &self.dropped_fields)
            .field("upload", &self.upload)
            .field("delivered", &self.delivered)
            .field("fault", &self.fault)
            .field("reply", &self.reply)
            .field("received_at", &self.received_at)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_the_key() {
        let key = "693a91f6-7aoc-4bc4-97a0-0ec2sifa5aaa";
        let r = Record {
            seq: 1,
            kind: RecordKind::Send,
            key: key.into(),
            method: "POST".into(),
            path: "/cgi-bin/webhook/send".into(),
            query: format!("key={key}&debug=1"),
            headers: RecordHeaders::default(),
            body: b"{}".to_vec(),
            body_size: 2,
            body_md5: md5_hex(b"{}"),
            msgtype: None,
            dropped_fields: Vec::new(),
            upload: None,
            delivered: false,
            fault: None,
            reply: Reply::Closed,
            received_at: 0,
        };
        let d = format!("{r:?}");
        assert!(!d.contains(key), "{d}");
        assert!(d.contains("693a…5aaa") && d.contains("debug=1"), "{d}");
    }

    fn numbered(seq: u64, body_len: usize) -> Record {
        let body = vec![b'x'; body_len];
        Record {
            seq,
            kind: RecordKind::Send,
            key: "k".into(),
            method: "POST".into(),
            path: "/".into(),
            query: String::new(),
            headers: RecordHeaders::default(),
            body_size: body.len(),
            body_md5: md5_hex(&body),
            body,
            msgtype: None,
            dropped_fields: Vec::new(),
            upload: None,
            delivered: false,
            fault: None,
            reply: Reply::Closed,
            received_at: 0,
        }
    }

    #[test]
    fn records_stay_within_count_and_bytes() {
        let mut rs = Records::default();
        for seq in 1..=5 {
            rs.push(numbered(seq, 10), 3, 1000);
        }
        assert_eq!(rs.iter().map(|r| r.seq).collect::<Vec<_>>(), [3, 4, 5]);
        assert_eq!(rs.dropped(), 2);
        rs.push(numbered(6, 995), 3, 1000);
        assert_eq!(rs.iter().map(|r| r.seq).collect::<Vec<_>>(), [6]);
        // A single record over the budget stays: the newest is always there.
        rs.push(numbered(7, 2000), 3, 1000);
        assert_eq!(rs.iter().map(|r| r.seq).collect::<Vec<_>>(), [7]);
        assert_eq!(rs.dropped(), 6);
        let mut none = Records::default();
        none.push(numbered(1, 1), 0, 1000);
        assert_eq!(none.len(), 0);
    }

    #[test]
    fn long_bodies_keep_a_prefix() {
        assert_eq!(kept_body(b"abc", 3), b"abc");
        assert_eq!(kept_body(&[1u8; BODY_PREFIX * 2], BODY_PREFIX).len(), BODY_PREFIX);
        assert_eq!(kept_body(&[1u8; 10], 4), [1u8; 4]);
    }
}
