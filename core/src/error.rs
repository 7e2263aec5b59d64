//! The one error type of the crate and its stable kinds (DESIGN.md §3).

use crate::secret;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// What went wrong, as a stable category shared by every language binding.
///
/// The snake_case names returned by [`ErrorKind::as_str`] are part of the public contract:
/// the C enum, the Python exceptions, the Kotlin and Swift error cases and the CLI exit codes
/// are all derived from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The message or upload breaks a rule of the spec; nothing was sent.
    Validation,
    /// The server answered with `errcode != 0` (or an `errmsg` carrying a `Warning`).
    Api,
    /// errcode 45009, or the local rate limiter refused under the fail-fast policy.
    RateLimited,
    /// The server answered with a non-2xx HTTP status.
    HttpStatus,
    /// A connect, read, write or overall deadline passed.
    Timeout,
    /// DNS, connect, TLS or a reset connection.
    Transport,
    /// The response was not the JSON the API documents.
    Decode,
    /// A local file could not be read.
    Io,
    /// Misuse at the API boundary: a bad key or URL, NULL or invalid UTF-8 from C, …
    InvalidArgument,
    /// The shared store (SQLite, Redis) could not be used under the `fail` policy.
    Store,
}

impl ErrorKind {
    /// Every kind, in the order of their stable numbers (C enum values start at 1 in this order).
    pub const ALL: [ErrorKind; 10] = [
        ErrorKind::Validation,
        ErrorKind::Api,
        ErrorKind::RateLimited,
        ErrorKind::HttpStatus,
        ErrorKind::Timeout,
        ErrorKind::Transport,
        ErrorKind::Decode,
        ErrorKind::Io,
        ErrorKind::InvalidArgument,
        ErrorKind::Store,
    ];

    /// The stable snake_case name, e.g. `"rate_limited"`.
    pub fn as_str(self) -> &'static str {
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

    /// Parses a stable name back into a kind.
    pub fn parse(name: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which rule of the spec a validation error broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// A required field is missing or empty.
    Required,
    /// A string or payload is longer (in bytes) than allowed.
    MaxBytes,
    /// A payload is not longer than the minimum (uploads must be more than 5 bytes).
    MinBytes,
    /// A list has more items than allowed.
    MaxItems,
    /// A list has fewer items than required.
    MinItems,
    /// A value is not one of the values the spec enumerates.
    AllowedValues,
    /// A number is outside its allowed range (or not finite).
    Range,
    /// The bytes are not in a required format (JPG/PNG magic, AMR header, base64, JSON shape).
    Format,
    /// `image.md5` is not the md5 of the decoded image bytes.
    Md5Mismatch,
    /// A voice upload plays longer than allowed.
    MaxDuration,
}

impl Rule {
    /// The stable snake_case name, e.g. `"max_bytes"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Required => "required",
            Rule::MaxBytes => "max_bytes",
            Rule::MinBytes => "min_bytes",
            Rule::MaxItems => "max_items",
            Rule::MinItems => "min_items",
            Rule::AllowedValues => "allowed_values",
            Rule::Range => "range",
            Rule::Format => "format",
            Rule::Md5Mismatch => "md5_mismatch",
            Rule::MaxDuration => "max_duration",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which phase of a request ran out of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutPhase {
    /// Resolving the host or opening the connection.
    Connect,
    /// Sending the request.
    Send,
    /// Waiting for or reading the response.
    Receive,
    /// The whole call, retries and rate-limit waits included.
    Overall,
}

impl TimeoutPhase {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeoutPhase::Connect => "connect",
            TimeoutPhase::Send => "send",
            TimeoutPhase::Receive => "receive",
            TimeoutPhase::Overall => "overall",
        }
    }
}

/// The error of every fallible operation of the crate.
///
/// Its `Display` is one readable sentence (it never contains the webhook key); the accessors
/// give the structured details that apply to its [`kind`](Error::kind).
#[derive(Clone, PartialEq)]
pub struct Error(Box<Inner>);

#[derive(Debug, Clone, PartialEq, Default)]
struct Inner {
    kind: Option<ErrorKind>,
    message: String,
    field: Option<String>,
    rule: Option<Rule>,
    limit: Option<u64>,
    errcode: Option<i64>,
    errmsg: Option<String>,
    status: Option<u16>,
    retry_after: Option<Duration>,
    phase: Option<TimeoutPhase>,
    path: Option<PathBuf>,
    may_have_been_delivered: bool,
}

impl Error {
    /// Every text an error stores passes through [`secret::scrub`] (or [`secret::scrub_path`]):
    /// no error can carry a registered webhook key, whoever makes it and whatever it quotes.
    fn new(kind: ErrorKind, message: String) -> Error {
        Error(Box::new(Inner { kind: Some(kind), message: secret::scrub(message), ..Inner::default() }))
    }

    /// A validation error: `field` (a path such as `template_card.jump_list[1].url`) broke `rule`.
    pub fn validation(field: impl Into<String>, rule: Rule, message: impl Into<String>) -> Error {
        let mut e = Error::new(ErrorKind::Validation, message.into());
        e.0.field = Some(secret::scrub(field.into()));
        e.0.rule = Some(rule);
        e
    }

    /// Adds the limit (a byte or item count) that a validation rule enforces.
    pub fn with_limit(mut self, limit: u64) -> Error {
        self.0.limit = Some(limit);
        self
    }

    /// The server answered `errcode != 0` (or a `Warning`).
    pub fn api(errcode: i64, errmsg: impl Into<String>) -> Error {
        let errmsg = errmsg.into();
        let meaning = crate::errcode::meaning(errcode).map(|m| format!(" ({m})")).unwrap_or_default();
        let kind = if errcode == crate::errcode::RATE_LIMITED { ErrorKind::RateLimited } else { ErrorKind::Api };
        let mut e = Error::new(kind, format!("the server answered errcode {errcode}{meaning}: {errmsg}"));
        e.0.errcode = Some(errcode);
        e.0.errmsg = Some(secret::scrub(errmsg));
        e
    }

    /// The local rate limiter refused to send (fail-fast policy, or the wait would be too long).
    pub fn rate_limited_locally(retry_after: Duration) -> Error {
        let mut e = Error::new(
            ErrorKind::RateLimited,
            format!("the local rate limiter refused: retry in {:.3} s", retry_after.as_secs_f64()),
        );
        e.0.retry_after = Some(retry_after);
        e
    }

    /// Adds the estimated time after which a retry may succeed.
    pub fn with_retry_after(mut self, retry_after: Duration) -> Error {
        self.0.retry_after = Some(retry_after);
        self
    }

    /// The server answered with a non-2xx HTTP status.
    pub fn http_status(status: u16) -> Error {
        let mut e = Error::new(ErrorKind::HttpStatus, format!("the server answered HTTP status {status}"));
        e.0.status = Some(status);
        e
    }

    /// A deadline passed in `phase`.
    pub fn timeout(phase: TimeoutPhase, detail: impl fmt::Display) -> Error {
        let mut e = Error::new(ErrorKind::Timeout, format!("timed out ({}): {detail}", phase.as_str()));
        e.0.phase = Some(phase);
        e
    }

    /// DNS, connect, TLS or reset.
    pub fn transport(cause: impl fmt::Display) -> Error {
        Error::new(ErrorKind::Transport, format!("transport error: {cause}"))
    }

    /// The response was not the expected JSON.
    pub fn decode(detail: impl fmt::Display) -> Error {
        Error::new(ErrorKind::Decode, format!("the response is not the expected JSON: {detail}"))
    }

    /// A local file could not be read. The error keeps the path, with any webhook key in it
    /// masked.
    pub fn io(path: impl Into<PathBuf>, cause: &std::io::Error) -> Error {
        let path = secret::scrub_path(path.into());
        let mut e = Error::new(ErrorKind::Io, format!("cannot read {}: {cause}", path.display()));
        e.0.path = Some(path);
        e
    }

    /// Misuse of an API boundary: `argument` names the parameter.
    pub fn invalid_argument(argument: impl Into<String>, message: impl fmt::Display) -> Error {
        let argument = argument.into();
        let mut e = Error::new(ErrorKind::InvalidArgument, format!("invalid argument {argument}: {message}"));
        e.0.field = Some(secret::scrub(argument));
        e
    }

    /// Marks a `timeout` or `transport` error that struck after the request (or part of it) went
    /// out: the server may have processed the message although no answer came back.
    pub(crate) fn after_the_request_went_out(mut self) -> Error {
        self.0.may_have_been_delivered = true;
        self
    }

    /// The shared store could not be used; `store` is its URL with any password masked and
    /// `cause` must hold neither a password nor a key.
    pub fn store(store: impl fmt::Display, cause: impl fmt::Display) -> Error {
        let store = store.to_string();
        let mut e = Error::new(ErrorKind::Store, format!("the store {store} cannot be used: {cause}"));
        e.0.field = Some(secret::scrub(store));
        e
    }

    /// Adds the HTTP status to an error of another kind (e.g. a decode error on a 502 page).
    pub fn with_status(mut self, status: u16) -> Error {
        self.0.status = Some(status);
        self
    }

    /// The stable category of this error.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind.unwrap_or(ErrorKind::InvalidArgument)
    }

    /// The human-readable sentence, without the kind prefix.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// For `validation`: the field path that broke a rule; for `invalid_argument`: the argument;
    /// for `store`: the store's URL, its password masked.
    pub fn field(&self) -> Option<&str> {
        self.0.field.as_deref()
    }

    /// For `validation`: the rule that was broken.
    pub fn rule(&self) -> Option<Rule> {
        self.0.rule
    }

    /// For `validation` of a length or count: the limit.
    pub fn limit(&self) -> Option<u64> {
        self.0.limit
    }

    /// For `api` and server-side `rate_limited`: the errcode the server answered.
    pub fn errcode(&self) -> Option<i64> {
        self.0.errcode
    }

    /// For `api` and server-side `rate_limited`: the server's errmsg (any key masked).
    pub fn errmsg(&self) -> Option<&str> {
        self.0.errmsg.as_deref()
    }

    /// For `http_status` (and errors that came with a status): the HTTP status.
    pub fn status(&self) -> Option<u16> {
        self.0.status
    }

    /// For `rate_limited`: how long to wait before a retry can succeed, when known.
    pub fn retry_after(&self) -> Option<Duration> {
        self.0.retry_after
    }

    /// For `timeout`: which phase ran out of time.
    pub fn timeout_phase(&self) -> Option<TimeoutPhase> {
        self.0.phase
    }

    /// For `io`: the path that could not be read (any webhook key in it masked).
    pub fn path(&self) -> Option<&std::path::Path> {
        self.0.path.as_deref()
    }

    /// True when the message may have been delivered although the call failed: a `timeout` or
    /// `transport` error that struck after the request went out (waiting for the answer, a
    /// connection closed mid-way). Sending it again may post it twice, so the library never
    /// retries these; check the chat first. False for every failure that sent nothing (no
    /// connection, refused, DNS, TLS, validation, a server's refusal).
    pub fn may_have_been_delivered(&self) -> bool {
        self.0.may_have_been_delivered
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.kind()).field("message", &self.0.message);
        if let Some(v) = &self.0.field {
            d.field("field", v);
        }
        if let Some(v) = &self.0.rule {
            d.field("rule", v);
        }
        if let Some(v) = &self.0.errcode {
            d.field("errcode", v);
        }
        if let Some(v) = &self.0.status {
            d.field("status", v);
        }
        if self.0.may_have_been_delivered {
            d.field("may_have_been_delivered", &true);
        }
        d.finish()
    }
}

impl std::error::Error for Error {}

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
