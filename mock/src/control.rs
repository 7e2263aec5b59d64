//! The control endpoints under `/_mock/`, one function each: what test runners in any
//! language use to read records, script faults, move the clock and register media.

use std::time::{Duration, UNIX_EPOCH};

use serde_json::{json, Value};
use wecom_bot::media::MediaKind;

use crate::clock::unix_secs;
use crate::fault::Script;
use crate::query::{param, split_target};
use crate::record::Record;
use crate::serve::{Answer, Request};
use crate::state::{Media, Shared};

type Reply = Result<Value, (u16, String)>;

fn bad(e: impl std::fmt::Display) -> (u16, String) {
    (400, e.to_string())
}

/// A JSON body, `{}` when empty.
fn parse(body: &str) -> Result<Value, (u16, String)> {
    if body.trim().is_empty() {
        Ok(json!({}))
    } else {
        serde_json::from_str(body).map_err(|e| bad(format!("the body is not JSON: {e}")))
    }
}

/// Answers a request to `/_mock` or below.
pub(crate) fn handle(shared: &Shared, req: &Request) -> Answer {
    let (path, query) = split_target(&req.target);
    let method = req.method.as_str();
    let reply = match std::str::from_utf8(&req.body) {
        Err(_) => Err(bad("the body is not UTF-8")),
        Ok(body) => match (method, path) {
            ("GET", "/_mock/health") => Ok(health(shared)),
            ("GET", "/_mock/records") => records(shared, query),
            ("POST", "/_mock/reset") => Ok(reset(shared)),
            ("GET", "/_mock/script") => Ok(pending(shared)),
            ("POST", "/_mock/script") => script(shared, body),
            ("GET", "/_mock/clock") => Ok(clock(shared)),
            ("POST", "/_mock/clock") => advance_clock(shared, body),
            ("POST", "/_mock/media") => media(shared, body),
            (
                _,
                "/_mock/health" | "/_mock/records" | "/_mock/reset" | "/_mock/script" | "/_mock/clock" | "/_mock/media",
            ) => Err((405, format!("{method} is not allowed on {path}"))),
            _ => Err((404, format!("no control endpoint {path}"))),
        },
    };
    let (status, value) = match reply {
        Ok(v) => (200, v),
        Err((status, e)) => (status, json!({"ok": false, "error": e})),
    };
    shared.log(|| format!("{method} {path} -> {status}"));
    Answer::Respond { status, content_type: "application/json; charset=UTF-8".into(), body: value.to_string().into() }
}

/// `GET /_mock/health`
fn health(shared: &Shared) -> Value {
    let st = shared.lock();
    json!({
        "ok": true,
        "name": env!("CARGO_PKG_NAME"),
        "version": env!("CARGO_PKG_VERSION"),
        "base_url": format!("http://{}", shared.addr),
        "records": st.records.len(),
        "records_dropped": st.records.dropped(),
    })
}

/// `GET /_mock/records?key=KEY&delivered=true|false`
fn records(shared: &Shared, query: &str) -> Reply {
    let key = param(query, "key");
    let delivered = match param(query, "delivered").as_deref() {
        None | Some("") => None,
        Some("true" | "1") => Some(true),
        Some("false" | "0") => Some(false),
        Some(other) => return Err(bad(format!("delivered must be true or false, not {other:?}"))),
    };
    let st = shared.lock();
    let list = st
        .records
        .iter()
        .filter(|r| key.as_ref().is_none_or(|k| &r.key == k))
        .filter(|r| delivered.is_none_or(|d| r.delivered == d))
        .map(Record::to_json)
        .collect();
    Ok(Value::Array(list))
}

/// `POST /_mock/reset`
fn reset(shared: &Shared) -> Value {
    shared.reset();
    json!({"ok": true})
}

/// `GET /_mock/script`
fn pending(shared: &Shared) -> Value {
    json!({"ok": true, "pending": shared.lock().scripts})
}

/// `POST /_mock/script` with one script or a list.
fn script(shared: &Shared, body: &str) -> Reply {
    let value = parse(body)?;
    let scripts: Vec<Script> =
        if value.is_array() { serde_json::from_value(value) } else { serde_json::from_value(value).map(|s| vec![s]) }
            .map_err(|e| bad(format!("not a script: {e}")))?;
    for s in &scripts {
        if s.key.is_empty() {
            return Err(bad(format!("a script needs a key or \"*\": {:?}", s.fault)));
        }
        s.fault.check().map_err(bad)?;
    }
    let mut st = shared.lock();
    st.scripts.extend(scripts.into_iter().filter(|s| s.times > 0));
    Ok(json!({"ok": true, "pending": st.scripts}))
}

/// `GET /_mock/clock`
fn clock(shared: &Shared) -> Value {
    let st = shared.lock();
    let now = shared.now_in(&st);
    let ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    json!({
        "ok": true,
        "now": unix_secs(now),
        "now_ms": now.duration_since(UNIX_EPOCH).map(ms).unwrap_or(0),
        "offset_ms": ms(st.offset),
    })
}

/// `POST /_mock/clock` with `advance_secs` and/or `advance_ms`.
fn advance_clock(shared: &Shared, body: &str) -> Reply {
    let v = parse(body)?;
    let field = |name: &str| {
        v.get(name).map(|x| x.as_u64().ok_or_else(|| bad(format!("{name} must be a non-negative integer")))).transpose()
    };
    let (secs, ms) = (field("advance_secs")?, field("advance_ms")?);
    if secs.is_none() && ms.is_none() {
        return Err(bad("give advance_secs or advance_ms"));
    }
    let by = Duration::from_secs(secs.unwrap_or(0))
        .checked_add(Duration::from_millis(ms.unwrap_or(0)))
        .ok_or_else(|| bad("advance_secs plus advance_ms is too large"))?;
    shared.advance_clock(by).map_err(bad)?;
    Ok(clock(shared))
}

/// `POST /_mock/media` with `key`, `media_id` and `type` (`file` by default).
fn media(shared: &Shared, body: &str) -> Reply {
    let v = parse(body)?;
    let field = |name: &str| v.get(name).and_then(Value::as_str).filter(|s| !s.is_empty());
    let key = field("key").ok_or_else(|| bad("key is required"))?;
    let media_id = field("media_id").ok_or_else(|| bad("media_id is required"))?;
    let kind = MediaKind::parse(field("type").unwrap_or("file")).map_err(bad)?;
    let mut st = shared.lock();
    let created = shared.now_in(&st);
    st.media.insert(media_id.to_string(), Media { key: key.to_string(), kind, created });
    Ok(json!({"ok": true, "media_id": media_id, "type": kind.as_str(), "created_at": unix_secs(created).to_string()}))
}
