//! `POST /cgi-bin/webhook/send`: validation by the core's rules, the rate window, media ids.

use std::time::SystemTime;

use serde_json::{json, Value};

use super::{commit, Incoming, Outcome};
use crate::errcode::{self, ApiError};
use crate::fault::Fault;
use crate::record::Record;
use crate::state::{Shared, State};
use crate::validate::{self, MediaRef};

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

pub(super) fn send(shared: &Shared, inc: &Incoming, fault: Option<Fault>) -> (Record, &'static str) {
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
