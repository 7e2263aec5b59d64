//! The one error type of the binding, converted from the core error at a single point
//! ([`From<wecom_bot::Error>`]): this `match` is the binding's error-kind table.
//!
//! No variant has a field named `message`: Kotlin exceptions already have one (Throwable's),
//! so the human-readable sentence is `detail`. No field ever holds the webhook key: the core
//! redacts it before an error is made.

/// Every failure of the binding; one variant per stable error kind (the kinds every language
/// shares: `ErrorKind`).
///
/// Kotlin: `WecomException` with subclasses `WecomException.Validation`, …;
/// Swift: `enum WecomError: Error` with cases `.validation(field:rule:limit:detail:)`, … (UniFFI
/// writes `.Validation`; uniffi/swift/prepare.sh renames them to Swift's lowerCamelCase).
/// The sentence is the `detail` field of every variant; the bindings' own sources add a
/// `detail` property on the base type too (Kotlin `WecomException.detail`, Swift
/// `WecomError.detail`), so that it reads the same on the base and on each variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum WecomError {
    /// A message or upload breaks a rule of the spec; nothing was sent.
    #[error("{detail}")]
    Validation {
        /// The field path, e.g. `template_card.jump_list[1].url`.
        field: String,
        /// The rule, e.g. `required`, `max_bytes`, `max_items`, `range`, `format`.
        rule: String,
        /// The byte or item limit the rule enforces, when it has one.
        limit: Option<i64>,
        /// A readable sentence.
        detail: String,
    },
    /// The server answered `errcode != 0` (or accepted the message with a `Warning`).
    #[error("{detail}")]
    Api {
        /// The server's errcode.
        errcode: i64,
        /// The server's errmsg (key redacted).
        errmsg: String,
        /// A readable sentence, with the errcode's known meaning.
        detail: String,
    },
    /// errcode 45009 from the server, or the local rate limiter refused (fail-fast policy).
    #[error("{detail}")]
    RateLimited {
        /// 45009 when the server refused; absent when the local limiter did.
        errcode: Option<i64>,
        /// Milliseconds until a retry can succeed, when known.
        retry_after_ms: Option<i64>,
        /// A readable sentence.
        detail: String,
    },
    /// The server answered with a non-2xx HTTP status.
    #[error("{detail}")]
    HttpStatus {
        /// The HTTP status.
        status: i32,
        /// A readable sentence.
        detail: String,
    },
    /// A connect, send, receive or overall deadline passed.
    #[error("{detail}")]
    Timeout {
        /// `connect`, `send`, `receive` or `overall`.
        phase: String,
        /// The deadline struck after the request went out: the message may have been delivered
        /// (never retried; check the chat before sending it again).
        may_have_been_delivered: bool,
        /// A readable sentence.
        detail: String,
    },
    /// DNS, connect, TLS or a reset connection.
    #[error("{detail}")]
    Transport {
        /// The connection broke after the request went out: the message may have been
        /// delivered (never retried; check the chat before sending it again).
        may_have_been_delivered: bool,
        /// A readable sentence (key redacted).
        detail: String,
    },
    /// The response was not the JSON the API documents.
    #[error("{detail}")]
    Decode {
        /// The HTTP status of the undecodable answer, when there was one.
        status: Option<i32>,
        /// A readable sentence.
        detail: String,
    },
    /// A local file could not be read.
    #[error("{detail}")]
    Io {
        /// The path that could not be read.
        path: String,
        /// A readable sentence.
        detail: String,
    },
    /// Misuse of the API: a bad webhook key or URL, a bad configuration value, …
    #[error("{detail}")]
    InvalidArgument {
        /// The argument, e.g. `key`, `base_url`, `config.timeout_ms`.
        argument: String,
        /// A readable sentence.
        detail: String,
    },
    /// The shared store (SQLite, Redis) could not be used under the `fail` policy.
    #[error("{detail}")]
    Store {
        /// The store's URL, its password masked.
        store: String,
        /// A readable sentence.
        detail: String,
    },
}

/// The stable error kinds, shared by every language (their snake_case names via `as_str`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum ErrorKind {
    /// `validation`
    Validation,
    /// `api`
    Api,
    /// `rate_limited`
    RateLimited,
    /// `http_status`
    HttpStatus,
    /// `timeout`
    Timeout,
    /// `transport`
    Transport,
    /// `decode`
    Decode,
    /// `io`
    Io,
    /// `invalid_argument`
    InvalidArgument,
    /// `store`
    Store,
}

#[uniffi::export]
impl ErrorKind {
    /// The stable snake_case name, e.g. `"rate_limited"` (as in the conformance vectors).
    pub fn as_str(&self) -> String {
        self.name().to_owned()
    }
}

impl ErrorKind {
    fn name(self) -> &'static str {
        match self {
            ErrorKind::Validation => "validation",
            ErrorKind::Api => "api",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::HttpStatus => "http_status",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Transport => "transport",
            ErrorKind::Decode => "decode",
            ErrorKind::Io => "io",
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::Store => "store",
        }
    }
}

#[uniffi::export]
impl WecomError {
    /// The stable kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            WecomError::Validation { .. } => ErrorKind::Validation,
            WecomError::Api { .. } => ErrorKind::Api,
            WecomError::RateLimited { .. } => ErrorKind::RateLimited,
            WecomError::HttpStatus { .. } => ErrorKind::HttpStatus,
            WecomError::Timeout { .. } => ErrorKind::Timeout,
            WecomError::Transport { .. } => ErrorKind::Transport,
            WecomError::Decode { .. } => ErrorKind::Decode,
            WecomError::Io { .. } => ErrorKind::Io,
            WecomError::InvalidArgument { .. } => ErrorKind::InvalidArgument,
            WecomError::Store { .. } => ErrorKind::Store,
        }
    }
}

impl WecomError {
    /// A binding-level `invalid_argument` error.
    pub(crate) fn invalid_argument(argument: &str, detail: impl Into<String>) -> WecomError {
        WecomError::InvalidArgument { argument: argument.to_owned(), detail: detail.into() }
    }
}

/// The single conversion point from the core error: the binding's error-kind table.
impl From<wecom_bot::Error> for WecomError {
    fn from(e: wecom_bot::Error) -> WecomError {
        use wecom_bot::ErrorKind as K;
        let detail = e.message().to_owned();
        let ms = |d: std::time::Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        match e.kind() {
            K::Validation => WecomError::Validation {
                field: e.field().unwrap_or_default().to_owned(),
                rule: e.rule().map(|r| r.as_str()).unwrap_or_default().to_owned(),
                limit: e.limit().map(|l| i64::try_from(l).unwrap_or(i64::MAX)),
                detail,
            },
            K::Api => WecomError::Api {
                errcode: e.errcode().unwrap_or_default(),
                errmsg: e.errmsg().unwrap_or_default().to_owned(),
                detail,
            },
            K::RateLimited => {
                WecomError::RateLimited { errcode: e.errcode(), retry_after_ms: e.retry_after().map(ms), detail }
            }
            K::HttpStatus => WecomError::HttpStatus { status: i32::from(e.status().unwrap_or_default()), detail },
            K::Timeout => WecomError::Timeout {
                phase: e.timeout_phase().map(|p| p.as_str()).unwrap_or("overall").to_owned(),
                may_have_been_delivered: e.may_have_been_delivered(),
                detail,
            },
            K::Transport => WecomError::Transport { may_have_been_delivered: e.may_have_been_delivered(), detail },
            K::Decode => WecomError::Decode { status: e.status().map(i32::from), detail },
            K::Io => WecomError::Io { path: e.path().map(|p| p.display().to_string()).unwrap_or_default(), detail },
            K::InvalidArgument => {
                WecomError::InvalidArgument { argument: e.field().unwrap_or_default().to_owned(), detail }
            }
            K::Store => WecomError::Store { store: e.field().unwrap_or_default().to_owned(), detail },
            // ErrorKind is non-exhaustive: a kind added to the core without a variant here is
            // still reported, as a transport failure, until this table learns it.
            _ => WecomError::Transport {
                may_have_been_delivered: e.may_have_been_delivered(),
                detail: format!("{}: {detail}", e.kind().as_str()),
            },
        }
    }
}

/// The result type of every fallible export.
pub(crate) type Result<T, E = WecomError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use wecom_bot::{Error, Rule, TimeoutPhase};

    /// One core error of every kind, with its payload.
    fn one_of_each() -> Vec<Error> {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "gone");
        vec![
            Error::validation("news.articles[0].url", Rule::Required, "news.articles[0].url is required").with_limit(8),
            Error::api(93000, "invalid webhook url"),
            Error::api(45009, "api freq out of limit").with_retry_after(Duration::from_millis(1500)),
            Error::http_status(502),
            Error::timeout(TimeoutPhase::Receive, "10 s"),
            Error::transport("connection refused"),
            Error::decode("not JSON").with_status(200),
            Error::io("/tmp/missing.png", &io),
            Error::invalid_argument("base_url", "expected http(s)://host[:port]"),
            Error::store("redis://u:***@h:6379/0", "connection refused"),
        ]
    }

    #[test]
    fn every_core_kind_maps_to_the_variant_of_the_same_name() {
        let errors = one_of_each();
        let kinds: Vec<_> = errors.iter().map(|e| e.kind()).collect();
        assert_eq!(kinds, wecom_bot::ErrorKind::ALL.to_vec(), "one error of each kind, in the stable order");
        for e in errors {
            let name = e.kind().as_str();
            let detail = e.message().to_owned();
            let w = WecomError::from(e);
            assert_eq!(w.kind().as_str(), name);
            assert_eq!(w.to_string(), detail);
        }
    }

    #[test]
    fn payloads_survive_the_conversion() {
        let e = one_of_each();
        assert_eq!(
            WecomError::from(e[0].clone()),
            WecomError::Validation {
                field: "news.articles[0].url".into(),
                rule: "required".into(),
                limit: Some(8),
                detail: "news.articles[0].url is required".into()
            }
        );
        assert!(
            matches!(WecomError::from(e[1].clone()), WecomError::Api { errcode: 93000, ref errmsg, .. } if errmsg == "invalid webhook url")
        );
        assert!(matches!(
            WecomError::from(e[2].clone()),
            WecomError::RateLimited { errcode: Some(45009), retry_after_ms: Some(1500), .. }
        ));
        assert!(matches!(WecomError::from(e[3].clone()), WecomError::HttpStatus { status: 502, .. }));
        assert!(matches!(WecomError::from(e[4].clone()), WecomError::Timeout { ref phase, .. } if phase == "receive"));
        assert!(matches!(WecomError::from(e[6].clone()), WecomError::Decode { status: Some(200), .. }));
        assert!(
            matches!(WecomError::from(e[7].clone()), WecomError::Io { ref path, .. } if path == "/tmp/missing.png")
        );
        assert!(
            matches!(WecomError::from(e[8].clone()), WecomError::InvalidArgument { ref argument, .. } if argument == "base_url")
        );
    }

    #[test]
    fn a_local_rate_limit_has_no_errcode() {
        let w = WecomError::from(Error::rate_limited_locally(Duration::from_secs(3)));
        assert_eq!(w, WecomError::RateLimited { errcode: None, retry_after_ms: Some(3000), detail: w.to_string() });
    }
}
