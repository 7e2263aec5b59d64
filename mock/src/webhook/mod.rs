//! The webhook endpoints, `/cgi-bin/webhook/send` ([`send`]) and
//! `/cgi-bin/webhook/upload_media` ([`upload`]), and what they share: the request as
//! recorded, scripted faults, and committing the record together with the decision.

mod send;
mod upload;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use serde_json::json;

use crate::errcode;
use crate::fault::Fault;
use crate::query::{param, split_target};
use crate::record::{kept_body, md5_hex, Record, RecordHeaders, RecordKind, Reply, UploadPart};
use crate::redact::redact_key;
use crate::serve::{Answer, Request};
use crate::state::{Shared, State};

/// Path of the send endpoint.
pub const SEND_PATH: &str = "/cgi-bin/webhook/send";
/// Path of the upload endpoint.
pub const UPLOAD_PATH: &str = "/cgi-bin/webhook/upload_media";

const JSON: &str = "application/json; charset=UTF-8";
const TEXT: &str = "text/plain; charset=UTF-8";
const GATEWAY_PAGE: &str =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";

/// A request to a webhook endpoint, read in full.
pub(crate) struct Incoming {
    kind: RecordKind,
    key: String,
    media_type: Option<String>,
    method: String,
    path: String,
    query: String,
    headers: RecordHeaders,
    body: Bytes,
    peer: Option<SocketAddr>,
    /// Close the connection instead of sending the answer decided (fault `close` after
    /// processing).
    close_after: bool,
}

impl Incoming {
    fn new(req: Request, kind: RecordKind) -> Incoming {
        let (path, query) = split_target(&req.target);
        let header = |name: &str| req.header(name).map(str::to_string);
        Incoming {
            kind,
            key: param(query, "key").unwrap_or_default(),
            media_type: param(query, "type"),
            headers: RecordHeaders {
                content_type: header("Content-Type"),
                content_length: header("Content-Length"),
                user_agent: header("User-Agent"),
                transfer_encoding: header("Transfer-Encoding"),
            },
            path: path.to_string(),
            query: query.to_string(),
            method: req.method,
            body: req.body,
            peer: Some(req.peer),
            close_after: false,
        }
    }
}

/// What the server decided for a request.
struct Outcome {
    reply: Reply,
    ctype: &'static str,
    delivered: bool,
    msgtype: Option<String>,
    dropped_fields: Vec<String>,
    upload: Option<UploadPart>,
}

impl Outcome {
    fn http(status: u16, body: String, ctype: &'static str) -> Outcome {
        Outcome {
            reply: Reply::Http { status, body },
            ctype,
            delivered: false,
            msgtype: None,
            dropped_fields: Vec::new(),
            upload: None,
        }
    }

    fn json(body: String) -> Outcome {
        Outcome::http(200, body, JSON)
    }
}

/// Answers a request to the endpoint `kind`: takes its scripted fault, waits out any delay
/// (only this request waits), then decides on the blocking pool.
pub(crate) async fn handle(shared: Arc<Shared>, req: Request, kind: RecordKind) -> Answer {
    let inc = Incoming::new(req, kind);
    let applied = take_script(&mut shared.lock(), &inc.key);
    let mut fault = applied.clone();
    while let Some(Fault::Delay { ms, then }) = fault {
        tokio::time::sleep(Duration::from_millis(ms)).await;
        fault = then.map(|f| *f);
    }
    tokio::task::spawn_blocking(move || answer(&shared, inc, fault, applied))
        .await
        .unwrap_or_else(|_| Answer::text(500, "the mock failed on this request"))
}

fn take_script(st: &mut State, key: &str) -> Option<Fault> {
    let idx = st
        .scripts
        .iter()
        .position(|s| !s.is_wildcard() && s.key == key)
        .or_else(|| st.scripts.iter().position(|s| s.is_wildcard()))?;
    let script = &mut st.scripts[idx];
    let fault = script.fault.clone();
    script.times = script.times.saturating_sub(1);
    if script.times == 0 {
        st.scripts.remove(idx);
    }
    Some(fault)
}

/// Answers `inc` as `fault` (delays already waited out) says; `applied` is the fault as
/// scripted, for the record.
fn answer(shared: &Shared, mut inc: Incoming, fault: Option<Fault>, applied: Option<Fault>) -> Answer {
    let now_of = |st: &State| shared.now_in(st);
    let (record, ctype) = match fault {
        None | Some(Fault::Delay { .. }) => normal(shared, &inc, applied),
        Some(Fault::Close { after_processing: true }) => {
            inc.close_after = true;
            normal(shared, &inc, applied)
        }
        Some(Fault::Close { after_processing: false }) => {
            commit(shared, &inc, applied, |_, _| Outcome { reply: Reply::Closed, ..Outcome::json(String::new()) })
        }
        Some(Fault::Errcode { errcode, errmsg }) => commit(shared, &inc, applied, |sh, st| {
            let msg = match errmsg {
                Some(m) => m,
                None => sh.full_errmsg(errcode, errcode::default_errmsg(errcode), inc.peer, now_of(st)),
            };
            Outcome::json(json!({"errcode": errcode, "errmsg": msg}).to_string())
        }),
        Some(Fault::Warning { errmsg }) => commit(shared, &inc, applied, |sh, st| {
            let msg = match errmsg {
                Some(m) => m,
                None => sh.full_errmsg(errcode::OK, "Warning: wrong json format. ", inc.peer, now_of(st)),
            };
            Outcome::json(json!({"errcode": 0, "errmsg": msg}).to_string())
        }),
        Some(Fault::HttpStatus { status, body }) => commit(shared, &inc, applied, |_, _| {
            let reason = hyper::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason());
            Outcome::http(status, body.unwrap_or_else(|| reason.unwrap_or("Unknown").to_string()), TEXT)
        }),
        Some(Fault::NotJson { body }) => commit(shared, &inc, applied, |_, _| {
            Outcome::http(200, body.unwrap_or_else(|| GATEWAY_PAGE.to_string()), "text/html; charset=UTF-8")
        }),
    };
    shared.log(|| describe(&record));
    match record.reply {
        Reply::Http { status, body } => Answer::Respond { status, content_type: ctype.into(), body: body.into() },
        Reply::Closed => Answer::Close,
    }
}

fn normal(shared: &Shared, inc: &Incoming, fault: Option<Fault>) -> (Record, &'static str) {
    match inc.kind {
        RecordKind::Send => send::send(shared, inc, fault),
        RecordKind::Upload => upload::upload(shared, inc, fault),
    }
}

fn describe(r: &Record) -> String {
    let reply = match &r.reply {
        Reply::Http { status, .. } => match r.reply.errcode() {
            Some(code) => format!("{status} errcode={code}"),
            None => format!("{status}"),
        },
        Reply::Closed => "closed without answer".to_string(),
    };
    let mut line = format!("#{} {} {} key={}", r.seq, r.method, r.path, redact_key(&r.key));
    if let Some(t) = &r.msgtype {
        line.push_str(&format!(" msgtype={t}"));
    }
    if let Some(u) = &r.upload {
        line.push_str(&format!(" type={} size={}", u.media_type, u.size));
    }
    line.push_str(&format!(" -> {reply}"));
    if r.delivered {
        line.push_str(" delivered");
    }
    if let Some(f) = &r.fault {
        line.push_str(&format!(" fault={}", serde_json::to_string(f).unwrap_or_default()));
    }
    line
}

/// Decides under the state lock and appends the record in the same critical section, so the
/// records' order is the order in which requests were decided.
fn commit(
    shared: &Shared,
    inc: &Incoming,
    fault: Option<Fault>,
    decide: impl FnOnce(&Shared, &mut State) -> Outcome,
) -> (Record, &'static str) {
    let config = &shared.config;
    // Outside the lock: the copy and the hash of a large body take a while.
    let (body, body_md5) = (kept_body(&inc.body, config.max_recorded_body), md5_hex(&inc.body));
    let mut st = shared.lock();
    let mut outcome = decide(shared, &mut st);
    if inc.close_after {
        outcome.reply = Reply::Closed;
    }
    let now = shared.now_in(&st);
    st.seq += 1;
    let record = Record {
        seq: st.seq,
        kind: inc.kind,
        key: inc.key.clone(),
        method: inc.method.clone(),
        path: inc.path.clone(),
        query: inc.query.clone(),
        headers: inc.headers.clone(),
        body,
        body_size: inc.body.len(),
        body_md5,
        msgtype: outcome.msgtype,
        dropped_fields: outcome.dropped_fields,
        upload: outcome.upload,
        delivered: outcome.delivered,
        fault,
        reply: outcome.reply,
        received_at: crate::clock::unix_secs(now),
    };
    st.records.push(record.clone(), config.max_records, config.max_record_bytes);
    (record, outcome.ctype)
}
