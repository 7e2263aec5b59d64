//! The server: request routing, the webhook endpoints, faults and the control endpoints.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, RandomState};
use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use md5::{Digest, Md5};
use serde_json::{json, Value};
use wecom_bot::media::MediaKind;

use crate::clock::unix_secs;
use crate::config::MockConfig;
use crate::errcode::{self, ApiError};
use crate::fault::{Fault, Script};
use crate::http::{self, Answer, Request};
use crate::multipart;
use crate::query::{param, split_target};
use crate::record::{Record, RecordHeaders, RecordKind, Reply, UploadPart};
use crate::redact::redact_key;
use crate::validate::{self, MediaRef};

/// Path of the send endpoint.
pub const SEND_PATH: &str = "/cgi-bin/webhook/send";
/// Path of the upload endpoint.
pub const UPLOAD_PATH: &str = "/cgi-bin/webhook/upload_media";

const MORE_INFO: &str = "https://open.work.weixin.qq.com/devtool/query?e=";
const GATEWAY_PAGE: &str =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";

struct Media {
    key: String,
    kind: MediaKind,
    created: SystemTime,
}

#[derive(Default)]
struct State {
    seq: u64,
    records: Vec<Record>,
    media: HashMap<String, Media>,
    windows: HashMap<String, VecDeque<SystemTime>>,
    scripts: Vec<Script>,
    offset: Duration,
}

struct Shared {
    config: MockConfig,
    addr: SocketAddr,
    state: Mutex<State>,
    counter: AtomicU64,
    random: RandomState,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn now_in(&self, st: &State) -> SystemTime {
        self.config.clock.now() + st.offset
    }

    fn key_known(&self, key: &str) -> bool {
        !key.is_empty() && self.config.keys.as_ref().is_none_or(|ks| ks.iter().any(|k| k == key))
    }

    fn random(&self) -> u64 {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        self.random.hash_one(n)
    }

    fn new_media_id(&self) -> String {
        let mut bytes = Vec::with_capacity(32);
        for _ in 0..4 {
            bytes.extend_from_slice(&self.random().to_le_bytes());
        }
        format!("3{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    }

    /// The errmsg in the real server's style.
    fn full_errmsg(&self, errcode: i64, msg: &str, peer: Option<SocketAddr>, now: SystemTime) -> String {
        if errcode == errcode::OK && msg == "ok" {
            return msg.to_string();
        }
        let ip = peer.map(|p| p.ip().to_string()).unwrap_or_else(|| "127.0.0.1".into());
        let hint = format!("{}_{}_{:016x}", unix_secs(now), self.addr.port(), self.random());
        format!("{msg}, hint: [{hint}], from ip: {ip}, more info at {MORE_INFO}{errcode}")
    }

    fn api_body(&self, errcode: i64, msg: &str, peer: Option<SocketAddr>, now: SystemTime) -> String {
        json!({"errcode": errcode, "errmsg": self.full_errmsg(errcode, msg, peer, now)}).to_string()
    }

    fn log(&self, line: impl FnOnce() -> String) {
        if self.config.log {
            eprintln!("wecom-bot-mock: {}", line());
        }
    }
}

impl http::Handler for Shared {
    fn body_limit(&self) -> usize {
        self.config.max_body
    }

    fn handle(&self, req: Request) -> Answer {
        handle(self, req)
    }
}

/// A running mock server. Dropping it stops the server and closes its open connections.
pub struct MockServer {
    shared: Arc<Shared>,
    http: http::Server,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.shared.addr)
            .field("config", &self.shared.config)
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts a server on 127.0.0.1 (port `config.port`, 0 for any free port). Each
    /// connection is served on a thread of its own, from the moment it is accepted.
    pub fn start(config: MockConfig) -> io::Result<MockServer> {
        let listener = TcpListener::bind(("127.0.0.1", config.port))?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            config,
            addr,
            state: Mutex::new(State::default()),
            counter: AtomicU64::new(0),
            random: RandomState::new(),
        });
        let http = http::Server::start(listener, Arc::clone(&shared))?;
        Ok(MockServer { shared, http })
    }

    /// The address the server listens on (always 127.0.0.1).
    pub fn addr(&self) -> SocketAddr {
        self.shared.addr
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.shared.addr.port()
    }

    /// `http://127.0.0.1:PORT`: what a client uses instead of `https://qyapi.weixin.qq.com`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.shared.addr)
    }

    /// The full send URL for `key` (`{base_url}/cgi-bin/webhook/send?key=KEY`).
    pub fn send_url(&self, key: &str) -> String {
        format!("{}{SEND_PATH}?key={key}", self.base_url())
    }

    /// The full upload URL for `key` and `media_type` (`file` or `voice`).
    pub fn upload_url(&self, key: &str, media_type: &str) -> String {
        format!("{}{UPLOAD_PATH}?key={key}&type={media_type}", self.base_url())
    }

    /// Every request received for `key` since the last reset, in the order they were handled
    /// (delivered or not).
    pub fn records(&self, key: &str) -> Vec<Record> {
        self.shared.lock().records.iter().filter(|r| r.key == key).cloned().collect()
    }

    /// Only the requests for `key` that were delivered (messages shown in the group, uploads
    /// stored), in order.
    pub fn delivered(&self, key: &str) -> Vec<Record> {
        self.shared.lock().records.iter().filter(|r| r.key == key && r.delivered).cloned().collect()
    }

    /// Every request received for any key since the last reset, in order.
    pub fn all_records(&self) -> Vec<Record> {
        self.shared.lock().records.clone()
    }

    /// Forgets every record, media_id, rate window and pending fault, and sets the clock offset
    /// back to zero. Registered keys and the rest of the configuration stay.
    pub fn reset(&self) {
        *self.shared.lock() = State::default();
    }

    /// Applies `fault` to the next `times` requests (send or upload) of `key`, or of every key
    /// when `key` is `"*"`. A key's own faults go before `"*"` faults; faults for the same
    /// target queue up in order. `times == 0` does nothing.
    pub fn script(&self, key: &str, fault: Fault, times: u32) {
        if times > 0 {
            self.shared.lock().scripts.push(Script { key: key.to_string(), fault, times });
        }
    }

    /// The faults still waiting for requests.
    pub fn pending_scripts(&self) -> Vec<Script> {
        self.shared.lock().scripts.clone()
    }

    /// Moves the mock's clock forward (media_id expiry, the rate window, `created_at`).
    pub fn advance_clock(&self, by: Duration) {
        self.shared.lock().offset += by;
    }

    /// The mock's current time (the configured clock plus the advanced offset).
    pub fn now(&self) -> SystemTime {
        let st = self.shared.lock();
        self.shared.now_in(&st)
    }

    /// Makes `media_id` valid for `key`, as if it had been uploaded as `kind` just now, so that
    /// a test can send a file, voice or card message with a fixed id.
    pub fn register_media(&self, key: &str, media_id: &str, kind: MediaKind) {
        let mut st = self.shared.lock();
        let created = self.shared.now_in(&st);
        st.media.insert(media_id.to_string(), Media { key: key.to_string(), kind, created });
    }

    /// Stops the server (same as dropping it).
    pub fn shutdown(self) {}
}

impl Drop for MockServer {
    fn drop(&mut self) {
        // Stops listening at once, then closes the connections still open so that their
        // clients see the server go away.
        self.http.stop();
    }
}

fn text_plain(status: u16, body: impl Into<Vec<u8>>) -> Answer {
    Answer::Respond { status, content_type: "text/plain; charset=UTF-8".into(), body: body.into() }
}

fn json_answer(status: u16, body: &Value) -> Answer {
    Answer::Respond {
        status,
        content_type: "application/json; charset=UTF-8".into(),
        body: body.to_string().into_bytes(),
    }
}

fn handle(shared: &Shared, req: Request) -> Answer {
    let (path, query) = split_target(&req.target);
    let method = req.method.clone();
    if path.starts_with("/_mock/") || path == "/_mock" {
        return control(shared, &req, &method, path, query);
    }
    let kind = match path {
        SEND_PATH => RecordKind::Send,
        UPLOAD_PATH => RecordKind::Upload,
        _ => {
            shared.log(|| format!("{method} {path} -> 404"));
            return text_plain(404, "not found");
        }
    };
    let max = shared.config.max_body;
    let header = |name: &str| req.header(name).map(str::to_string);
    let headers = RecordHeaders {
        content_type: header("Content-Type"),
        content_length: header("Content-Length"),
        user_agent: header("User-Agent"),
        transfer_encoding: header("Transfer-Encoding"),
    };
    let peer = Some(req.peer);
    let mut body = req.body;
    let too_large = body.len() > max;
    if too_large {
        body.truncate(max);
    }
    let inc = Incoming {
        kind,
        key: param(query, "key").unwrap_or_default(),
        media_type: param(query, "type"),
        method,
        path: path.to_string(),
        query: query.to_string(),
        headers,
        body,
        too_large,
        peer,
        close_after: false,
    };
    let fault = take_script(&mut shared.lock(), &inc.key);
    answer(shared, inc, fault.clone(), fault)
}

/// A request to a webhook endpoint, read in full.
struct Incoming {
    kind: RecordKind,
    key: String,
    media_type: Option<String>,
    method: String,
    path: String,
    query: String,
    headers: RecordHeaders,
    body: Vec<u8>,
    too_large: bool,
    peer: Option<SocketAddr>,
    /// Close the connection instead of sending the answer decided (fault `close` after
    /// processing).
    close_after: bool,
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
        Outcome::http(200, body, "application/json; charset=UTF-8")
    }
}

fn take_script(st: &mut State, key: &str) -> Option<Fault> {
    let idx = st
        .scripts
        .iter()
        .position(|s| !s.is_wildcard() && s.key == key)
        .or_else(|| st.scripts.iter().position(Script::is_wildcard))?;
    let script = &mut st.scripts[idx];
    let fault = script.fault.clone();
    script.times = script.times.saturating_sub(1);
    if script.times == 0 {
        st.scripts.remove(idx);
    }
    Some(fault)
}

/// Answers `inc`, applying `fault` (`applied` is the top-level fault, for the record).
fn answer(shared: &Shared, mut inc: Incoming, fault: Option<Fault>, applied: Option<Fault>) -> Answer {
    let now_of = |st: &State| shared.now_in(st);
    let (record, ctype) = match fault {
        Some(Fault::Delay { ms, then }) => {
            // Only this connection waits: every connection has a thread of its own.
            thread::sleep(Duration::from_millis(ms));
            return answer(shared, inc, then.map(|f| *f), applied);
        }
        None => normal(shared, &inc, applied),
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
            let reason = http::reason_phrase(status);
            Outcome::http(status, body.unwrap_or_else(|| reason.to_string()), "text/plain; charset=UTF-8")
        }),
        Some(Fault::NotJson { body }) => commit(shared, &inc, applied, |_, _| {
            Outcome::http(200, body.unwrap_or_else(|| GATEWAY_PAGE.to_string()), "text/html; charset=UTF-8")
        }),
    };
    shared.log(|| describe(&record));
    match record.reply {
        Reply::Http { status, body } => Answer::Respond { status, content_type: ctype.into(), body: body.into_bytes() },
        Reply::Closed => Answer::Close,
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
/// records' order is the order in which requests were accepted.
fn commit(
    shared: &Shared,
    inc: &Incoming,
    fault: Option<Fault>,
    decide: impl FnOnce(&Shared, &mut State) -> Outcome,
) -> (Record, &'static str) {
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
        body: inc.body.clone(),
        msgtype: outcome.msgtype,
        dropped_fields: outcome.dropped_fields,
        upload: outcome.upload,
        delivered: outcome.delivered,
        fault,
        reply: outcome.reply,
        received_at: unix_secs(now),
    };
    st.records.push(record.clone());
    (record, outcome.ctype)
}

/// What was found before taking the lock.
enum Pre {
    /// Answered before the rate limit is looked at (method, key).
    Early(ApiError),
    /// Not JSON: errcode 0 with a warning.
    Warning(String),
    /// A validation error.
    Invalid(ApiError),
    /// A valid message and the media it refers to.
    Valid(Vec<MediaRef>),
}

fn normal(shared: &Shared, inc: &Incoming, fault: Option<Fault>) -> (Record, &'static str) {
    match inc.kind {
        RecordKind::Send => send(shared, inc, fault),
        RecordKind::Upload => upload(shared, inc, fault),
    }
}

fn send(shared: &Shared, inc: &Incoming, fault: Option<Fault>) -> (Record, &'static str) {
    let mut msgtype = None;
    let mut dropped_fields = Vec::new();
    let pre = if inc.method != "POST" {
        Pre::Early(ApiError::code(errcode::REQUIRE_POST))
    } else if !shared.key_known(&inc.key) {
        Pre::Early(ApiError::code(errcode::INVALID_WEBHOOK_URL))
    } else {
        match std::str::from_utf8(&inc.body)
            .map_err(|e| e.to_string())
            .and_then(|s| serde_json::from_str::<Value>(s).map_err(|e| e.to_string()))
        {
            Err(e) => Pre::Warning(format!("Warning: wrong json format. {e}")),
            Ok(value) => {
                msgtype = value.get("msgtype").and_then(Value::as_str).map(str::to_string);
                match validate::message(value) {
                    Ok(checked) => {
                        dropped_fields = checked.dropped;
                        Pre::Valid(checked.refs)
                    }
                    Err(e) => Pre::Invalid(e),
                }
            }
        }
    };
    commit(shared, inc, fault, |sh, st| {
        let now = sh.now_in(st);
        let err = |e: ApiError| Outcome::json(sh.api_body(e.errcode, &e.errmsg, inc.peer, now));
        let mut out = match pre {
            Pre::Early(e) => err(e),
            pre => match rate_full(sh, st, &inc.key, now) {
                true => err(ApiError::code(errcode::RATE_LIMITED)),
                false => match pre {
                    Pre::Warning(w) => Outcome::json(sh.api_body(errcode::OK, &w, inc.peer, now)),
                    Pre::Invalid(e) | Pre::Early(e) => err(e),
                    Pre::Valid(refs) => match check_media(sh, st, &inc.key, &refs, now) {
                        Err(e) => err(e),
                        Ok(()) => {
                            if sh.config.rate_limit.is_some() {
                                st.windows.entry(inc.key.clone()).or_default().push_back(now);
                            }
                            let mut ok = Outcome::json(json!({"errcode": 0, "errmsg": "ok"}).to_string());
                            ok.delivered = true;
                            ok
                        }
                    },
                },
            },
        };
        out.msgtype = msgtype;
        out.dropped_fields = dropped_fields;
        out
    })
}

/// Whether `key` already used its rate window (pruning what has left the window).
fn rate_full(shared: &Shared, st: &mut State, key: &str, now: SystemTime) -> bool {
    let Some((count, window)) = shared.config.rate_limit else {
        return false;
    };
    let q = st.windows.entry(key.to_string()).or_default();
    while q.front().is_some_and(|t| now.duration_since(*t).is_ok_and(|age| age >= window)) {
        q.pop_front();
    }
    q.len() >= count as usize
}

fn check_media(shared: &Shared, st: &State, key: &str, refs: &[MediaRef], now: SystemTime) -> Result<(), ApiError> {
    for r in refs {
        let ok = st.media.get(&r.media_id).is_some_and(|m| {
            m.key == key
                && r.kind.is_none_or(|k| k == m.kind)
                && now.duration_since(m.created).map_or(true, |age| age < shared.config.media_ttl)
        });
        if !ok {
            return Err(ApiError::code(errcode::INVALID_MEDIA_ID));
        }
    }
    Ok(())
}

fn upload(shared: &Shared, inc: &Incoming, fault: Option<Fault>) -> (Record, &'static str) {
    let pre = upload_pre(shared, inc);
    commit(shared, inc, fault, |sh, st| {
        let now = sh.now_in(st);
        match pre {
            UploadPre { result: Ok(kind), part: Some(mut part) } => {
                let media_id = sh.new_media_id();
                st.media.insert(media_id.clone(), Media { key: inc.key.clone(), kind, created: now });
                let created_at = unix_secs(now).to_string();
                let body = json!({
                    "errcode": 0,
                    "errmsg": "ok",
                    "type": kind.as_str(),
                    "media_id": media_id,
                    "created_at": created_at,
                });
                part.media_id = Some(media_id);
                Outcome { delivered: true, upload: Some(part), ..Outcome::json(body.to_string()) }
            }
            UploadPre { result, part } => {
                let e = result.err().unwrap_or_else(|| ApiError::code(errcode::EMPTY_MEDIA));
                Outcome { upload: part, ..Outcome::json(sh.api_body(e.errcode, &e.errmsg, inc.peer, now)) }
            }
        }
    })
}

/// The outcome of the upload checks made before taking the lock; `part` is what was parsed
/// of the `media` part, if anything.
struct UploadPre {
    part: Option<UploadPart>,
    result: Result<MediaKind, ApiError>,
}

impl UploadPre {
    fn fail(e: ApiError) -> UploadPre {
        UploadPre { part: None, result: Err(e) }
    }
}

fn upload_pre(shared: &Shared, inc: &Incoming) -> UploadPre {
    let empty =
        |detail: &str| UploadPre::fail(ApiError::new(errcode::EMPTY_MEDIA, format!("empty media data: {detail}")));
    if inc.method != "POST" {
        return UploadPre::fail(ApiError::code(errcode::REQUIRE_POST));
    }
    if !shared.key_known(&inc.key) {
        return UploadPre::fail(ApiError::code(errcode::INVALID_WEBHOOK_URL));
    }
    let kind = match validate::media_kind(inc.media_type.as_deref()) {
        Ok(k) => k,
        Err(e) => return UploadPre::fail(e),
    };
    if inc.too_large {
        return UploadPre::fail(ApiError::code(errcode::FILE_TOO_LARGE));
    }
    let ctype = inc.headers.content_type.as_deref().unwrap_or("");
    let Some(boundary) = multipart::boundary(ctype) else {
        return empty("not multipart/form-data with a boundary");
    };
    let parts = match multipart::parse(&inc.body, &boundary) {
        Ok(p) => p,
        Err(e) => return empty(&e),
    };
    let Some(part) = parts.iter().find(|p| p.name.as_deref() == Some("media")) else {
        return empty("no part named \"media\"");
    };
    let info = UploadPart {
        media_type: kind.as_str().to_string(),
        boundary: boundary.clone(),
        filename: part.filename.clone(),
        filelength: part.filelength.clone(),
        content_type: part.content_type.clone(),
        size: part.data.len(),
        md5: Md5::digest(part.data).iter().map(|b| format!("{b:02x}")).collect(),
        media_id: None,
    };
    let result = if part.data.is_empty() {
        Err(ApiError::code(errcode::EMPTY_MEDIA))
    } else {
        validate::upload(kind, part.data).map(|()| kind)
    };
    UploadPre { part: Some(info), result }
}

// ---------------------------------------------------------------------------------------------
// Control endpoints

fn control(shared: &Shared, req: &Request, method: &str, path: &str, query: &str) -> Answer {
    let Ok(body) = std::str::from_utf8(&req.body) else {
        return json_answer(400, &json!({"ok": false, "error": "the body is not UTF-8"}));
    };
    let (status, reply) = match control_reply(shared, method, path, query, body) {
        Ok(v) => (200, v),
        Err((status, e)) => (status, json!({"ok": false, "error": e})),
    };
    shared.log(|| format!("{method} {path} -> {status}"));
    json_answer(status, &reply)
}

type ControlResult = Result<Value, (u16, String)>;

fn bad(e: impl std::fmt::Display) -> (u16, String) {
    (400, e.to_string())
}

fn control_reply(shared: &Shared, method: &str, path: &str, query: &str, body: &str) -> ControlResult {
    let parse = |body: &str| -> Result<Value, (u16, String)> {
        if body.trim().is_empty() {
            Ok(json!({}))
        } else {
            serde_json::from_str(body).map_err(|e| bad(format!("the body is not JSON: {e}")))
        }
    };
    match (method, path) {
        ("GET", "/_mock/health") => Ok(json!({
            "ok": true,
            "name": env!("CARGO_PKG_NAME"),
            "version": env!("CARGO_PKG_VERSION"),
            "base_url": format!("http://{}", shared.addr),
        })),
        ("GET", "/_mock/records") => {
            let key = param(query, "key");
            let delivered = match param(query, "delivered").as_deref() {
                None | Some("") => None,
                Some("true" | "1") => Some(true),
                Some("false" | "0") => Some(false),
                Some(other) => return Err(bad(format!("delivered must be true or false, not {other:?}"))),
            };
            let st = shared.lock();
            let list: Vec<Value> = st
                .records
                .iter()
                .filter(|r| key.as_ref().is_none_or(|k| &r.key == k))
                .filter(|r| delivered.is_none_or(|d| r.delivered == d))
                .map(Record::to_json)
                .collect();
            Ok(Value::Array(list))
        }
        ("POST", "/_mock/reset") => {
            *shared.lock() = State::default();
            Ok(json!({"ok": true}))
        }
        ("GET", "/_mock/script") => {
            let st = shared.lock();
            Ok(json!({"ok": true, "pending": st.scripts}))
        }
        ("POST", "/_mock/script") => {
            let value = parse(body)?;
            let scripts: Vec<Script> = if value.is_array() {
                serde_json::from_value(value)
            } else {
                serde_json::from_value(value).map(|s| vec![s])
            }
            .map_err(|e| bad(format!("not a script: {e}")))?;
            if let Some(s) = scripts.iter().find(|s| s.key.is_empty()) {
                return Err(bad(format!("a script needs a key or \"*\": {:?}", s.fault)));
            }
            let mut st = shared.lock();
            st.scripts.extend(scripts.into_iter().filter(|s| s.times > 0));
            Ok(json!({"ok": true, "pending": st.scripts}))
        }
        ("GET" | "POST", "/_mock/clock") => {
            let mut st = shared.lock();
            if method == "POST" {
                let v = parse(body)?;
                let secs = v
                    .get("advance_secs")
                    .map(|x| x.as_u64().ok_or_else(|| bad("advance_secs must be a non-negative integer")));
                let ms = v
                    .get("advance_ms")
                    .map(|x| x.as_u64().ok_or_else(|| bad("advance_ms must be a non-negative integer")));
                if secs.is_none() && ms.is_none() {
                    return Err(bad("give advance_secs or advance_ms"));
                }
                let by = Duration::from_secs(secs.transpose()?.unwrap_or(0))
                    + Duration::from_millis(ms.transpose()?.unwrap_or(0));
                st.offset += by;
            }
            let now = shared.now_in(&st);
            let now_ms = now.duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0);
            Ok(json!({
                "ok": true,
                "now": unix_secs(now),
                "now_ms": now_ms,
                "offset_ms": st.offset.as_millis() as u64,
            }))
        }
        ("POST", "/_mock/media") => {
            let v = parse(body)?;
            let field = |name: &str| v.get(name).and_then(Value::as_str).filter(|s| !s.is_empty());
            let key = field("key").ok_or_else(|| bad("key is required"))?;
            let media_id = field("media_id").ok_or_else(|| bad("media_id is required"))?;
            let kind = MediaKind::parse(field("type").unwrap_or("file")).map_err(bad)?;
            let mut st = shared.lock();
            let created = shared.now_in(&st);
            st.media.insert(media_id.to_string(), Media { key: key.to_string(), kind, created });
            Ok(
                json!({"ok": true, "media_id": media_id, "type": kind.as_str(), "created_at": unix_secs(created).to_string()}),
            )
        }
        (
            _,
            "/_mock/health" | "/_mock/records" | "/_mock/reset" | "/_mock/script" | "/_mock/clock" | "/_mock/media",
        ) => Err((405, format!("{method} is not allowed on {path}"))),
        _ => Err((404, format!("no control endpoint {path}"))),
    }
}
