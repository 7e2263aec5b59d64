//! What the mock received and answered, as listed by `GET /_mock/records`.

use base64::Engine as _;
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
    /// The exact body bytes received.
    pub body: Vec<u8>,
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

impl Record {
    /// The body as text (invalid UTF-8 replaced by U+FFFD).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON, when it is JSON.
    pub fn body_json(&self) -> Option<Value> {
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
}
