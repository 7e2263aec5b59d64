//! Scripted faults: what the server does instead of (or before) answering normally.

use serde::{Deserialize, Serialize};

/// One misbehaviour of the server, applied to the next N requests of a key (see
/// [`crate::MockServer::script`] and `POST /_mock/script`).
///
/// In JSON a fault is an object tagged by `kind`, e.g. `{"kind":"errcode","errcode":-1}`,
/// `{"kind":"http_status","status":502}`, `{"kind":"delay","ms":1500}`,
/// `{"kind":"close"}`, `{"kind":"not_json"}`, `{"kind":"warning"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Fault {
    /// HTTP 200 with `{"errcode":errcode,"errmsg":...}`; nothing is delivered. Without an
    /// `errmsg` the mock uses its own text for that code (`system busy` for -1, …) in the real
    /// style (`…, hint: [...], from ip: ..., more info at ...`).
    Errcode {
        /// The errcode to answer.
        errcode: i64,
        /// The errmsg to answer, verbatim; `None` for the mock's own text.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        errmsg: Option<String>,
    },
    /// An HTTP status other than 200 (502, 503, …) with a text body; nothing is delivered.
    HttpStatus {
        /// The HTTP status code.
        status: u16,
        /// The body; `None` for the status's reason phrase.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body: Option<String>,
    },
    /// Waits `ms` milliseconds before answering, then answers normally, or as `then` says.
    Delay {
        /// Milliseconds to wait before answering.
        ms: u64,
        /// What to do after the wait; `None` to process the request normally.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        then: Option<Box<Fault>>,
    },
    /// Closes the connection without sending any answer. With `after_processing` the request
    /// is first processed normally (so a valid message *is* delivered and recorded as such),
    /// which is what a client must not blindly retry.
    Close {
        /// Process (and maybe deliver) the request before closing.
        #[serde(default)]
        after_processing: bool,
    },
    /// HTTP 200 with a body that is not JSON (an HTML gateway page unless `body` is given);
    /// nothing is delivered.
    NotJson {
        /// The body; `None` for a small HTML page.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body: Option<String>,
    },
    /// HTTP 200 with errcode 0 and an errmsg containing `Warning` (as the real server answers
    /// malformed JSON); nothing is delivered.
    Warning {
        /// The errmsg; `None` for the mock's usual `Warning: wrong json format…` text.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        errmsg: Option<String>,
    },
}

/// A scripted fault waiting for requests (its `Debug` shows the key redacted).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Script {
    /// The key it applies to, or `"*"` for every key (a key's own scripts come first).
    pub key: String,
    /// The fault.
    pub fault: Fault,
    /// How many more requests it applies to.
    #[serde(default = "one")]
    pub times: u32,
}

fn one() -> u32 {
    1
}

impl std::fmt::Debug for Script {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let key = if self.is_wildcard() { "*".to_string() } else { crate::redact::redact_key(&self.key) };
        f.debug_struct("Script").field("key", &key).field("fault", &self.fault).field("times", &self.times).finish()
    }
}

impl Script {
    /// Whether this script applies to every key.
    pub fn is_wildcard(&self) -> bool {
        self.key == "*"
    }
}

impl Fault {
    /// Checks what serde cannot: an `http_status` fault's status is a final HTTP status
    /// (200..=599), also after a `delay`.
    pub fn check(&self) -> Result<(), String> {
        match self {
            Fault::HttpStatus { status, .. } if !(200..=599).contains(status) => {
                Err(format!("http_status: status must be 200..=599, not {status}"))
            }
            Fault::Delay { then: Some(then), .. } => then.check(),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shapes() {
        let f: Fault = serde_json::from_str(r#"{"kind":"errcode","errcode":-1}"#).unwrap();
        assert_eq!(f, Fault::Errcode { errcode: -1, errmsg: None });
        let f: Fault = serde_json::from_str(r#"{"kind":"delay","ms":5,"then":{"kind":"close"}}"#).unwrap();
        assert_eq!(f, Fault::Delay { ms: 5, then: Some(Box::new(Fault::Close { after_processing: false })) });
        let s: Script = serde_json::from_str(r#"{"key":"*","fault":{"kind":"not_json"}}"#).unwrap();
        assert_eq!(s.times, 1);
        assert!(s.is_wildcard());
        assert!(serde_json::from_str::<Fault>(r#"{"kind":"nope"}"#).is_err());
        assert_eq!(Fault::HttpStatus { status: 502, body: None }.check(), Ok(()));
        let inner = Fault::HttpStatus { status: 1000, body: None };
        assert!(inner.check().is_err());
        assert!(Fault::Delay { ms: 1, then: Some(Box::new(inner)) }.check().unwrap_err().contains("200..=599"));
    }
}
